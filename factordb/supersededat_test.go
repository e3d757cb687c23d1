package factordb_test

import (
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// A certificate superseded while valid records when (SupersededAt), and
// keeps it when its certifier withdraws it later: its PACT footprint stays
// the superseded one (a Deprecated footprint never changes). One withdrawn
// first and then continued by a new certificate has none. A file written
// before the time was recorded has it set at Open from the trail, with
// the PACT index entries of the footprint served; Check refuses a time
// set in the file with no event (it would hide a withdrawal from PACT
// partners).
func TestSupersededAt_KeptThroughAWithdrawal(t *testing.T) {
	ctx, s := mustStart(t)
	first := s.MustIssue(t, demoSerial).Certificate()
	next := s.MustCreateModelStudy(t, orgMaker, "GEC-SA-2")
	successor := s.mustIssueApp(t, &certification.Application{StudyID: next.ID, Manufacturer: orgMaker, Certifier: orgCertifier, Supersedes: first.ID}).Certificate()
	s.mustSetStatus(t, ctx, first.ID, certification.CertificateWithdrawn, "falsified data")

	early := s.MustCreateStudy(t, orgMaker, "GEC-SA-3") // another model
	withdrawn := s.mustIssueApp(t, &certification.Application{StudyID: early.ID, Manufacturer: orgMaker, Certifier: orgCertifier}).Certificate()
	s.mustSetStatus(t, ctx, withdrawn.ID, certification.CertificateWithdrawn, "fraud")
	later := s.MustCreateStudy(t, orgMaker, "GEC-SA-4", func(st *footprint.Study) { st.Product.Model = early.Product.Model })
	s.mustIssueApp(t, &certification.Application{StudyID: later.ID, Manufacturer: orgMaker, Certifier: orgCertifier, Supersedes: withdrawn.ID})

	check := func(when string) {
		t.Helper()
		got := mustFindCertificate(t, s, first.ID)
		if got.Status != certification.CertificateWithdrawn || !got.SupersededAt.Equal(successor.IssuedAt) {
			t.Errorf("%s: superseded, then withdrawn: %s, superseded at %v, want %v", when, got.Status, got.SupersededAt, successor.IssuedAt)
		}
		if got := mustFindCertificate(t, s, withdrawn.ID); got.SupersededBy == [16]byte{} || !got.SupersededAt.IsZero() {
			t.Errorf("%s: withdrawn, then continued: superseded by %s at %v, want no time", when, got.SupersededBy, got.SupersededAt)
		}
		if err := factordb.CheckPACTFootprintIndex(s.db); err != nil {
			t.Errorf("%s: %v", when, err)
		}
		if err := s.db.Check(); err != nil {
			t.Errorf("%s: %v", when, err)
		}
	}
	check("as written")

	if err := factordb.ForgetSupersededAt(s.db); err != nil {
		t.Fatal(err)
	}
	if got := mustFindCertificate(t, s, first.ID); !got.SupersededAt.IsZero() {
		t.Fatalf("forgotten: %v", got.SupersededAt)
	}
	if err := factordb.Init(s.db); err != nil {
		t.Fatal(err)
	}
	check("set at Open")

	// A time set in the file, with no event, is found by Check.
	if err := factordb.EditRecord(s.db, "certificates", withdrawn.ID[:], func(m map[string]any) {
		m["superseded_at"] = withdrawn.IssuedAt.Add(time.Hour).Format(time.RFC3339Nano)
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.db.Check(); err == nil {
		t.Error("Check passes a superseded_at written into the file")
	}
	if err := factordb.EditRecord(s.db, "certificates", withdrawn.ID[:], func(m map[string]any) { delete(m, "superseded_at") }); err != nil {
		t.Fatal(err)
	}
}
