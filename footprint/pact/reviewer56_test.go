package pact_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// Reviewer 56: pact55 refuses a footprint per kilogram whose
// productMassPerDeclaredUnit is not its declaredUnitAmount "beyond the
// rounding of the two decimals" (halfLastPlace(mass) +
// halfLastPlace(amount)). The amount is the quantity the figure is stated
// for, not a rounded measurement, and in PACT 2 it is no text of the
// document at all (ParseSupplier supplies "1"): half its last place, 0.5,
// lets amount "2" stand beside mass "1", the contradiction pact55 refused
// at amount "1000" beside mass "1", read the same way (the figure divided
// by the amount): the frame's 9.8 kgCO2e read as 4.9 kgCO2e/kg, the demo
// module 157.29 → 142.02 kgCO2e (−9.7 %), with the floor warnings only, as
// pact55's own case had. And a kilogram weighing 0.6 kg or 1.49 kg reads.
func TestReviewer56_KilogramFootprintHalvedWithinTheRounding(t *testing.T) {
	if s, err := pact.ParseSupplier(frameDoc("2", "1", `["AR6"]`)); err == nil {
		honest, with := moduleWithFrame(t, s.Footprint)
		t.Errorf("amount 2, mass 1: read at %.4g kgCO2e/kg (stated 9.8 for 2 kg weighing 1 kg): demo module %.2f → %.2f kgCO2e", s.Footprint.KgCO2e, honest, with)
	}
	v2 := func(mass string) []byte {
		return []byte(`{"id":"6b0d3c1e-55aa-4c8e-9a1d-2f5e6b7c8d56","specVersion":"2.3.0","version":1,"created":"2026-01-15T00:00:00Z","status":"Active",
 "companyName":"Frame Co.","productNameCompany":"Aluminium frame profile","productCategoryCpc":"41532",
 "pcf":{"declaredUnit":"kilogram","productMassPerDeclaredUnit":"` + mass + `","pCfExcludingBiogenic":"9.8","ipccCharacterizationFactorsSources":["AR6"],"characterizationFactors":"AR6",
  "referencePeriodStart":"2025-01-01T00:00:00Z","referencePeriodEnd":"2026-01-01T00:00:00Z"}}`)
	}
	for _, c := range []struct {
		name string
		doc  []byte
	}{
		{"v3 amount 3, mass 2", frameDoc("3", "2", `["AR6"]`)},
		{"v3 amount 1, mass 0.6", frameDoc("1", "0.6", `["AR6"]`)},
		{"v3 amount 1, mass 1.4", frameDoc("1", "1.4", `["AR6"]`)},
		{"v3 amount 1.4, mass 1", frameDoc("1.4", "1", `["AR6"]`)},
		{"v2 kilogram, mass 0.6", v2("0.6")},
		{"v2 kilogram, mass 1.49", v2("1.49")},
	} {
		_, err := pact.ParseSupplier(c.doc)
		if f := footprint.ErrorField(err); f != "pact_footprint.pcf.productMassPerDeclaredUnit" || !strings.Contains(err.Error(), "千克") {
			t.Errorf("%s: %v, want refused naming pact_footprint.pcf.productMassPerDeclaredUnit, Chinese first", c.name, err)
		}
	}
	// the same number written otherwise still reads
	for _, c := range [][2]string{{"1", "1.0"}, {"1000", "1000.0"}, {"0.5", "0.50"}} {
		if _, err := pact.ParseSupplier(frameDoc(c[0], c[1], `["AR6"]`)); err != nil {
			t.Errorf("amount %s, mass %s: %v", c[0], c[1], err)
		}
	}
}
