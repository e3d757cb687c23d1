package factordb_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Reviewer 56d: the review's walk back over the lineage (rv56) reads each
// certificate by the record stored under its ID, through the cache of
// decoded certificates, and took the signed content it found there as that
// certificate's. A record holding another certificate's signed content
// (red team 52: FindCertificateByID refuses it, ECONFLICT at signature)
// was walked as if it were the certificate its predecessor names: the
// demo module certified (A), superseded by a study claiming no
// green-power instruments (B), and an application claiming them
// superseding B; A's record rewritten to hold D's content (another
// certificate of the model), the review compared the application's
// output with D's study as the lineage's. The walk refuses the record as
// FindCertificateByID does, before and after A was cached (and, since
// reviewer 56e, stops there with a warning rather than fail the review).
func TestReviewer56d_WalkReadsAForeignCertificate(t *testing.T) {
	ctx, s := mustStart(t)
	a := s.MustIssue(t, demoSerial).Certificate()
	noInstruments := func(st *footprint.Study) {
		for _, l := range st.Electricity {
			l.Instruments = nil
		}
	}
	b := s.MustCreateStudy(t, orgMaker, "GEC-RV56D-B", model(a.Product.Model), noInstruments)
	certB := s.mustIssueApp(t, &certification.Application{StudyID: b.ID, Manufacturer: orgMaker, Certifier: orgCertifier, Supersedes: a.ID}).Certificate()
	d := s.MustIssue(t, "GEC-RV56D-D")
	c := s.MustCreateStudy(t, orgMaker, "GEC-RV56D-C", model(a.Product.Model))
	app, err := s.apply(ctx, orgMaker, c.ID, certB.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.mustReviewRecords(t, app, c); got.EarlierCertificate == nil || got.EarlierCertificate.ID != a.ID {
		t.Fatalf("the premise: the walk finds %s; EarlierCertificate %v", a.Number, got.EarlierCertificate)
	}
	aContent := mustFindCertificate(t, s, a.ID).Signed.Content
	if err := factordb.EditCertificateRecord(s.db, a.ID, func(m map[string]any) { m["content"] = d.Signed.Content }); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := factordb.EditCertificateRecord(s.db, a.ID, func(m map[string]any) { m["content"] = aContent }); err != nil {
			t.Error(err)
		}
	})
	if _, err := s.certs.FindCertificateByID(ctx, a.ID); footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "signature" {
		t.Fatalf("the premise: %s's record holding %s's content read %v, want ECONFLICT at signature", a.Number, d.Certificate().Number, err)
	}
	// Reviewer 56e: the walk stops at the record with a warning
	// (EarlierWalkForeign) rather than fail the review: the certifier
	// could read nothing of an application whose lineage had one damaged
	// record. It never reads D's content as A's, and says where it stopped.
	r, err := s.certs.FindReviewRecords(ctx, app, c)
	if err != nil {
		t.Fatalf("%s's record holding %s's content, two back in the lineage: the review is not read: %v", a.Number, d.Certificate().Number, err)
	}
	if r.EarlierCertificate != nil {
		t.Errorf("the review compares with %s as the lineage's", r.EarlierCertificate.Number)
	}
	if w := r.EarlierWalk; w == nil || w.Why != certification.EarlierWalkForeign || w.Last == nil || w.Last.ID != certB.ID || w.Next != a.ID {
		t.Errorf("the walk's stop = %+v, want %q at %s naming %s", w, certification.EarlierWalkForeign, certB.Number, a.ID)
	}
}
