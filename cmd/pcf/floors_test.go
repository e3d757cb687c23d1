package main

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure pcf verify --study reproduces a certificate whose review warned
// that the study's result is below every factor of the set of its own
// product (red team 18): a PV cell (HS 854142) under electronics of 12.2 g
// of metallurgical silicon, 0.17 kgCO2e where the set's PV-CELL-MONO182 is
// 1.59 per piece. The recomputation reads the set's factors of the
// product's codes as the service does (footprint.ComparisonCodes); without
// them it would calculate no such warning and report the certificate NOT
// CONFIRMED.
func TestVerify_StudyBelowTheSetsFactorOfItsProduct(t *testing.T) {
	m := MustRunMain(t)
	base := "http://" + m.Server.Addr().String()
	maker, certifier := orgKey(t, m, demoMaker), orgKey(t, m, demoCertifier)
	doc := seedtest.CellStudyDoc(t, "Demo Module Co.")
	app := mustApply(t, base, maker, seedtest.MustMarshal(t, doc), "")
	var v struct {
		Review struct {
			Warnings []struct{ Path, Message string }
		} `json:"review"`
	}
	mustData(t, "application", 200, "GET", base+"/v1/applications/"+app, certifier, "", &v)
	warned := false
	for _, w := range v.Review.Warnings {
		warned = warned || w.Path == "product.product_codes" && strings.Contains(w.Message, "below every factor of set 2026.1 of its product (HS:854142): the lowest, PV-CELL-MONO182")
	}
	if !warned {
		t.Fatalf("review without the warning of PV-CELL-MONO182: %+v", v.Review.Warnings)
	}
	issued := mustIssue(t, base, certifier, app, `{}`)
	code, stdout, stderr := pcf(t, recomputeArgs(t, base, issued, maker, t.TempDir())...)
	if code != 0 || !strings.Contains(stdout, "RESULT CONFIRMED") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
}
