package factordb_test

import (
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
