package factordb_test

import (
	"context"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure a study stored before an integrity rule existed is not certified
// after the upgrade that brought the rule. Applications and the issue
// transaction certify the stored result as it was computed; they never
// run today's engine on the stored study, so every hole closed since a
// study was stored stays open for it. docs/integrity.md says such a study
// "is refused if it is calculated again: it was not certifiable", but
// nothing calculates it again.
//
// testdata/premassbalance.db.gz was written by pcf serve built at
// a2ab8de^ (before the declared-unit mass balance): the demo PV module
// study with declared_unit.amount 1000 and its one-module BOM, stored by
// Demo Module Co. (150 kgCO2e per 1000 modules, 1000 times too little).
// The service of today issued it a format-3 certificate, CDPCF-2026-000001,
// "150 kgCO2e/1000 块组件", with an empty review.
func TestRedteam_StoredStudyMeetsTodaysRules(t *testing.T) {
	ctx := context.Background()
	db := MustOpenTestdataDB(t, "premassbalance.db.gz")
	certs := factordb.NewCertificationService(db)
	const studyID = "99bc2971-a7a2-4df0-9e25-6c5bb7a18926"
	app := &certification.Application{StudyID: studyID, Manufacturer: "Demo Module Co.", Certifier: "Demo Certification Centre"}
	err := certs.CreateApplication(ctx, app)
	if err == nil {
		var rec *certification.CertificateRecord
		rec, err = certs.IssueCertificate(ctx, app.ID, issueReq)
		if err == nil {
			c := rec.Certificate()
			t.Fatalf("certified %s: %g kgCO2e per %g %s from a one-module BOM", c.Number, c.KgCO2e, c.DeclaredUnit.Amount, c.DeclaredUnit.Unit)
		}
	}
	if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "declared_unit" {
		t.Fatalf("refused, but not as today's engine refuses the study (400 naming declared_unit): %v", err)
	}
}
