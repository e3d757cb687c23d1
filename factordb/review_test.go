package factordb_test

import (
	"bytes"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure the review's records read the certificate an application
// supersedes once, as the service gives it (ReviewRecords.Superseded: its
// status, as FindCertificateByID reads it), and say why they hold no study
// of it when the stored study fails to decode
// (SupersededStudyUnread "unreadable"): FindReviewRecords failed with an
// internal error, and the certifier had no review at all, where the only
// thing lost is the comparison with that study's output (rv55). The
// records are read as before otherwise, and their State is the same.
func TestFindReviewRecords_SupersededStudyUnreadable(t *testing.T) {
	ctx, s := mustStart(t)
	c, first, st, app := s.rv55Successor(t, "GEC-RV55-000001")
	read := s.mustReviewRecords(t, app, st)
	if read.Superseded == nil || read.Superseded.Certificate().ID != c.ID || read.Superseded.Status != certification.CertificateValid {
		t.Fatalf("Superseded %+v, want certificate %s, valid", read.Superseded, c.Number)
	}
	if read.SupersededStudy == nil || read.SupersededStudy.ID != first.ID || read.SupersededStudyUnread != "" {
		t.Fatalf("SupersededStudy %v (%q), want study %s", read.SupersededStudy, read.SupersededStudyUnread, first.ID)
	}
	s.rv55SetStudyDocument(t, first, []byte(`{"format":`))
	got, err := s.certs.FindReviewRecords(ctx, app, st)
	if err != nil {
		t.Fatalf("the superseded certificate's study fails to decode: %v, want the records, saying why they hold no study of it", err)
	}
	if got.SupersededStudy != nil || got.SupersededStudyUnread != certification.SupersededStudyUnreadable {
		t.Errorf("SupersededStudy %v, SupersededStudyUnread %q; want none, %q", got.SupersededStudy, got.SupersededStudyUnread, certification.SupersededStudyUnreadable)
	}
	if got.State != read.State || got.Superseded == nil || got.Superseded.Certificate().ID != c.ID {
		t.Errorf("State %s, Superseded %+v; want %s, certificate %s, as before", got.State, got.Superseded, read.State, c.Number)
	}
}

// Ensure the review's records hold no study of a superseded certificate
// that the store holds other than the certificate signed it
// (SupersededStudyUnread "changed"): the study of the demo module's
// certificate edited in the file to the smaller output of its successor
// was compared as the certified one, and the smaller output went unnamed
// (rv55). Its document's SHA-256 is no longer the certificate's
// StudyDigest.
func TestFindReviewRecords_SupersededStudyChangedSinceTheIssue(t *testing.T) {
	_, s := mustStart(t)
	_, first, st, app := s.rv55Successor(t, "GEC-RV55-000002")
	if got := s.mustReviewRecords(t, app, st); got.SupersededStudy == nil || got.SupersededStudyUnread != "" {
		t.Fatalf("the premise: the certified study read; SupersededStudy %v (%q)", got.SupersededStudy, got.SupersededStudyUnread)
	}
	edited := *first
	edited.ReferenceOutput = first.ReferenceOutput / 2
	doc, err := footprint.MarshalStudyJSON(&edited)
	if err != nil {
		t.Fatal(err)
	}
	s.rv55SetStudyDocument(t, first, doc)
	got := s.mustReviewRecords(t, app, st)
	if got.SupersededStudy != nil || got.SupersededStudyUnread != certification.SupersededStudyChanged {
		var output float64
		if got.SupersededStudy != nil {
			output = got.SupersededStudy.ReferenceOutput
		}
		t.Errorf("the certified study edited to half its output: SupersededStudy %v (output %g), SupersededStudyUnread %q; want none, %q",
			got.SupersededStudy != nil, output, got.SupersededStudyUnread, certification.SupersededStudyChanged)
	}
}

// rv55Successor issues the demo module's certificate, stores a study of
// the same model (serial its green certificates') and applies with it
// superseding the certificate: the certificate, the certified study as
// stored, the successor and its application.
func (s *services) rv55Successor(t *testing.T, serial string) (*certification.Certificate, *footprint.Study, *footprint.Study, *certification.Application) {
	t.Helper()
	c := s.MustIssue(t, demoSerial).Certificate()
	first := s.mustFindStudy(t, c.StudyID)
	st := s.MustCreateStudy(t, orgMaker, serial, model(c.Product.Model))
	app, err := s.apply(t.Context(), orgMaker, st.ID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c, first, st, app
}

// rv55SetStudyDocument replaces the stored document of study with doc
// for the rest of the test, and puts the study's own back at cleanup,
// before the store's consistency check, which reads every study.
func (s *services) rv55SetStudyDocument(t *testing.T, study *footprint.Study, doc []byte) {
	t.Helper()
	if err := factordb.SetStudyDocument(s.db, study.ID, doc); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := factordb.SetStudyDocument(s.db, study.ID, study.Document); err != nil {
			t.Error(err)
		}
	})
}

// Ensure the review's records say where and why the walk back over the
// lineage for an earlier study to compare outputs with stopped, when the
// certificate it reaches is not in this store (ReviewRecords.EarlierWalk,
// EarlierWalkNotStored): the demo module certified (A), superseded by a
// study of the model claiming no green-power instruments (B), and an
// application of a study claiming them superseding B; A's record gone,
// as from a store holding a lineage begun at another service. The walk
// stopped without a word, and the review compared the output with nothing
// and said nothing of it (rv56). So for A's study stored other than A
// signed it (EarlierWalkStudyUnread).
func TestFindReviewRecords_EarlierWalkLeavesTheStore(t *testing.T) {
	ctx, s := mustStart(t)
	a := s.MustIssue(t, demoSerial).Certificate()
	first := s.mustFindStudy(t, a.StudyID)
	noInstruments := func(st *footprint.Study) {
		for _, l := range st.Electricity {
			l.Instruments = nil
		}
	}
	b := s.MustCreateStudy(t, orgMaker, "GEC-RV56-B", model(a.Product.Model), noInstruments)
	certB := s.mustIssueApp(t, &certification.Application{StudyID: b.ID, Manufacturer: orgMaker, Certifier: orgCertifier, Supersedes: a.ID}).Certificate()
	c := s.MustCreateStudy(t, orgMaker, "GEC-RV56-C", model(a.Product.Model))
	app, err := s.apply(ctx, orgMaker, c.ID, certB.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.mustReviewRecords(t, app, c); got.EarlierCertificate == nil || got.EarlierCertificate.ID != a.ID || got.EarlierWalk != nil {
		t.Fatalf("the premise: the walk finds %s; EarlierCertificate %v, EarlierWalk %+v", a.Number, got.EarlierCertificate, got.EarlierWalk)
	}
	// A's study edited in the file since its issue: the walk finds A and
	// says it cannot compare with its study.
	s.rv55SetStudyDocument(t, first, append(bytes.Clone(first.Document), ' '))
	w := s.mustReviewRecords(t, app, c).EarlierWalk
	if w == nil || w.Why != certification.EarlierWalkStudyUnread || w.StudyUnread != certification.SupersededStudyChanged || w.Read != 1 || w.Last == nil || w.Last.ID != a.ID {
		t.Errorf("%s's study edited since its issue: EarlierWalk %+v; want the walk stopped at %s, its study changed", a.Number, w, a.Number)
	}
	putBack, err := factordb.DropCertificateRecord(s.db, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := putBack(); err != nil {
			t.Error(err)
		}
	})
	got := s.mustReviewRecords(t, app, c)
	w = got.EarlierWalk
	if got.EarlierCertificate != nil || w == nil || w.Why != certification.EarlierWalkNotStored || w.Read != 0 || w.Last == nil || w.Last.ID != certB.ID || w.Next != a.ID {
		t.Errorf("%s not in the store: EarlierCertificate %v, EarlierWalk %+v; want none, and the walk stopped at %s, not stored, naming %s", a.Number, got.EarlierCertificate, w, certB.Number, a.ID)
	}
}
