package factordb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure a stored study whose stored figure is not what today's engine
// gives is refused at application, and at issue when the application was
// made before (docs/integrity.md "Studies already stored").
func TestCertificationService_RecalculatesStoredStudy(t *testing.T) {
	ctx := context.Background()
	s := MustOpenWithOrgs(t)

	// At issue: the application was made while the figure was right.
	app := s.MustApply(t, "GEC-RECHECK-1")
	if err := factordb.ScaleStoredResult(s.db, app.StudyID, 0.5); err != nil {
		t.Fatal(err)
	}
	_, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
	if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "result" || !strings.Contains(footprint.ErrorMessage(err), "recalculates") {
		t.Fatalf("issue on a stored figure today's engine does not give: err=%v, want invalid naming result", err)
	}
	if got, _ := s.certs.FindApplicationByID(ctx, app.ID); got.Status != certification.ApplicationPending {
		t.Fatalf("application %s after a refused issue, want pending", got.Status)
	}

	// At application.
	st := s.MustCreateStudy(t, orgMaker, "GEC-RECHECK-2")
	if err := factordb.ScaleStoredResult(s.db, st.ID, 2); err != nil {
		t.Fatal(err)
	}
	err = s.certs.CreateApplication(ctx, &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier})
	if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "result" {
		t.Fatalf("application on a stored figure today's engine does not give: err=%v, want invalid naming result", err)
	}
}

// Ensure a correction published after the application refuses the issue,
// naming the factor and the set that corrected it, and that a study pinned
// to the correcting set is certified.
func TestCertificationService_CorrectedAfterApplication(t *testing.T) {
	ctx := context.Background()
	s := MustOpenWithOrgs(t)
	app := s.MustApply(t, "GEC-CORR-1")
	const code = "PV-CELL-MONO182"
	s.mustPublishCorrection(t, code, 1.5) // in set 2026.2

	_, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
	if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "factor_set" || !strings.Contains(footprint.ErrorMessage(err), code) || !strings.Contains(footprint.ErrorMessage(err), "2026.2") {
		t.Fatalf("issue on a corrected factor: %v, want invalid naming factor_set, %s and 2026.2", err, code)
	}
	st := demoStudy(t, orgMaker, "GEC-CORR-2")
	st.FactorSet = "2026.2"
	if _, err := s.studies.CreateStudy(ctx, st); err != nil {
		t.Fatal(err)
	}
	app2 := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
	if err := s.certs.CreateApplication(ctx, app2); err != nil {
		t.Fatal(err)
	}
	if _, err := s.certs.IssueCertificate(ctx, app2.ID, issueReq); err != nil {
		t.Fatal(err)
	}
}
