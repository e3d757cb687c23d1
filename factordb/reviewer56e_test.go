package factordb_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Reviewer 56e: reviewer 56d's walk refused a record holding another
// certificate's signed content with ECONFLICT, and so failed the whole
// review: the certifier could read nothing of an application whose
// lineage, a certificate before the one it supersedes, had one damaged
// record (the API answered 409 and the page "reload and try again"),
// though the walk only looks there for a comparison, and stops with a
// warning at a cycle, an edited record too. The walk now stops at the
// record, the review is read, and it says where and why the walk stopped;
// it still never takes the other certificate for the lineage's.
func TestReviewer56e_ForeignRecordStopsTheWalkNotTheReview(t *testing.T) {
	ctx, s := mustStart(t)
	a := s.MustIssue(t, demoSerial).Certificate()
	noInstruments := func(st *footprint.Study) {
		for _, l := range st.Electricity {
			l.Instruments = nil
		}
	}
	b := s.MustCreateStudy(t, orgMaker, "GEC-RV56E-B", model(a.Product.Model), noInstruments)
	certB := s.mustIssueApp(t, &certification.Application{StudyID: b.ID, Manufacturer: orgMaker, Certifier: orgCertifier, Supersedes: a.ID}).Certificate()
	d := s.MustIssue(t, "GEC-RV56E-D")
	c := s.MustCreateStudy(t, orgMaker, "GEC-RV56E-C", model(a.Product.Model))
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
