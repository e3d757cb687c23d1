package pact_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// Reviewer 56c (session 56): pact56 and the lead's 3f3794d5 from three
// sides.

// v2Frame is frameV2 (pact56_v2terms_test.go) with the IPCC members, the
// unit, its amount and the product's mass given.
func v2Frame(ipcc, unit, amount, mass, pcf string) []byte {
	return []byte(`{"id":"6b0d3c1e-56aa-4c8e-9a1d-2f5e6b7c8d57","specVersion":"2.3.0","version":1,"created":"2026-01-15T00:00:00Z","status":"Active",
 "companyName":"Frame Co.","productNameCompany":"Aluminium frame profile","productCategoryCpc":"41532","productClassifications":["urn:pact:wcoomd.org:hs-code:7604"],
 "pcf":{"declaredUnit":"` + unit + `","unitaryProductAmount":"` + amount + `"` + mass + `,` + pcf + ipcc + `,
  "referencePeriodStart":"2025-01-01T00:00:00Z","referencePeriodEnd":"2026-01-01T00:00:00Z"}}`)
}

// Ensure honest PACT documents as suppliers write them still read, at
// their figure per kilogram: v2 naming its report in characterizationFactors
// alone ("AR5") or in ipccCharacterizationFactorsSources alone, v3 naming
// AR6 and AR5, a mass written with more places than its amount ("1.000"
// beside "1", "1000" beside "1000.000"), and PACT 2's own example figures.
// An exponent ("1E+3") is no PACT Decimal and is refused, bilingual,
// naming the member. Held: no change.
func TestReviewer56c_HonestForms(t *testing.T) {
	fig := `"pCfExcludingBiogenic":"9.8","fossilGhgEmissions":"9.8"`
	for _, c := range []struct {
		name string
		doc  []byte
		kg   float64
	}{
		{"v2 AR5 in characterizationFactors only", v2Frame(`,"characterizationFactors":"AR5"`, "kilogram", "1", `,"productMassPerDeclaredUnit":"1"`, fig), 9.8},
		{"v2 AR5 in ipccCharacterizationFactorsSources only", v2Frame(`,"ipccCharacterizationFactorsSources":["AR5"]`, "kilogram", "1", "", fig), 9.8},
		{"v2 mass 1.000 beside amount 1", v2Frame(`,"characterizationFactors":"AR6"`, "kilogram", "1", `,"productMassPerDeclaredUnit":"1.000"`, fig), 9.8},
		{"v2 amount 1000 of product, mass per kg 1.0", v2Frame(`,"characterizationFactors":"AR6"`, "kilogram", "1000", `,"productMassPerDeclaredUnit":"1.0"`, fig), 9.8},
		{"v2 PACT 2's example terms", v2Frame(`,"characterizationFactors":"AR6"`, "kilogram", "1", `,"productMassPerDeclaredUnit":"1"`,
			`"pCfExcludingBiogenic":"1.63","pCfIncludingBiogenic":"1.85","fossilGhgEmissions":"1.5","fossilCarbonContent":"0","biogenicCarbonContent":"0.41","dLucGhgEmissions":"0.8","landManagementGhgEmissions":"0.6","otherBiogenicGhgEmissions":"0.4","iLucGhgEmissions":"0","biogenicCarbonWithdrawal":"-1.5","aircraftGhgEmissions":"0.2"`), 1.63},
		{"v3 AR6 and AR5", frameDoc("1", "1", `["AR6","AR5"]`), 9.8},
		{"v3 amount 1000.000 mass 1000", frameDoc("1000.000", "1000", `["AR6"]`), 0.0098},
		{"v3 amount 0.5 mass 0.50", frameDoc("0.5", "0.50", `["AR6"]`), 19.6},
	} {
		s, err := pact.ParseSupplier(c.doc)
		if err != nil {
			t.Errorf("%s: refused %s: %s", c.name, footprint.ErrorField(err), footprint.ErrorMessage(err))
			continue
		}
		if got := s.Footprint.KgCO2e; got < c.kg*(1-1e-12) || got > c.kg*(1+1e-12) {
			t.Errorf("%s: %v kgCO2e/kg, want %v", c.name, got, c.kg)
		}
	}
	_, err := pact.ParseSupplier(frameDoc("1E+3", "1000", `["AR6"]`))
	if f, msg := footprint.ErrorField(err), footprint.ErrorMessage(err); f != "pact_footprint.pcf.declaredUnitAmount" || !strings.HasPrefix(msg, "声明单位的数量 \"1E+3\"") || !strings.Contains(msg, `declared unit amount "1E+3" must be a positive decimal`) {
		t.Errorf("1E+3: %q %q", f, msg)
	}
}

// Ensure a biogenic carbon content above the product's own mass is
// refused. pact56 counts a v2 biogenicCarbonWithdrawal back into the
// gross figure up to 44/12 of biogenicCarbonContent, and left open an
// aluminium frame (HS 7604) at "1.0" stating other biogenic emissions of
// "8.8" netted by a withdrawal of "-8.8" and a content of "2.4" kgC: read
// at 1.0 kgCO2e/kg with the floor warnings alone. The content is a mass of
// carbon in the product (PACT 2 CarbonFootprint.biogenicCarbonContent: "the
// biogenic carbon content of the product (mass of carbon)", kgC per
// declared unit): 2.4 kgC cannot be in 1 kg of anything. Refused naming
// the member, Chinese first; a content within the mass reads (PACT 2's
// example's 0.41 above), and the frame at 1.0 whose content is bounded by
// its mass is then refused by pact56's own check.
func TestReviewer56c_BiogenicCarbonAboveTheProductsMass(t *testing.T) {
	hide := `"pCfExcludingBiogenic":"1.0","fossilGhgEmissions":"1.0","otherBiogenicGhgEmissions":"8.8","pCfIncludingBiogenic":"1.0","biogenicCarbonWithdrawal":"-8.8","biogenicCarbonContent":"2.4"`
	for _, c := range []struct {
		name string
		doc  []byte
	}{
		{"v2, mass 1 stated", v2Frame(`,"characterizationFactors":"AR6"`, "kilogram", "1", `,"productMassPerDeclaredUnit":"1"`, hide)},
		{"v2, no mass stated (1 kg by the unit)", v2Frame(`,"characterizationFactors":"AR6"`, "kilogram", "1", "", hide)},
	} {
		s, err := pact.ParseSupplier(c.doc)
		if err == nil {
			honest, with := moduleWithFrame(t, s.Footprint)
			t.Errorf("%s: read at %v kgCO2e/kg: demo module %.2f → %.2f kgCO2e", c.name, s.Footprint.KgCO2e, honest, with)
			continue
		}
		f, msg := footprint.ErrorField(err), footprint.ErrorMessage(err)
		if f != "pact_footprint.pcf.biogenicCarbonContent" || !strings.HasPrefix(msg, "该足迹的 biogenicCarbonContent 2.4") || !strings.Contains(msg, "biogenicCarbonContent 2.4 kgC") {
			t.Errorf("%s: %q %q", c.name, f, msg)
		}
	}
	// 0.9 kgC in a kilogram of product is within its mass; the withdrawal
	// it allows (3.3 kgCO2e) does not hold 8.8: pact56's refusal.
	_, err := pact.ParseSupplier(v2Frame(`,"characterizationFactors":"AR6"`, "kilogram", "1", "", strings.Replace(hide, `"2.4"`, `"0.9"`, 1)))
	if f := footprint.ErrorField(err); f != "pact_footprint.pcf.pCfExcludingBiogenic" {
		t.Errorf("0.9 kgC: %q %v", f, err)
	}
}
