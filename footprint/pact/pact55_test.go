package pact_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// pact55 (session 55): fields of a supplier's PACT document that change
// what the engine takes.

// frameDoc is a frame maker's PACT 3 footprint of aluminium profile (HS
// 7604) at the pinned set's own PV-AL-PROFILE figure, 9.8 kgCO2e/kg
// (reference/factors.md), written per declaredUnitAmount kilograms of
// profile weighing mass kg, by the given IPCC characterization factors.
func frameDoc(amount, mass, ipcc string) []byte {
	return []byte(`{"id":"6b0d3c1e-55aa-4c8e-9a1d-2f5e6b7c8d55","specVersion":"3.0.0","created":"2026-01-15T00:00:00Z","status":"Active",
 "companyName":"Frame Co.","companyIds":["urn:pact:frame.example:company-id:1"],"productDescription":"Aluminium frame profile",
 "productIds":["urn:pact:frame.example:product-id:AL-1"],"productNameCompany":"Aluminium frame profile",
 "productClassifications":["urn:pact:wcoomd.org:hs-code:7604"],
 "pcf":{"declaredUnitOfMeasurement":"kilogram","declaredUnitAmount":"` + amount + `","productMassPerDeclaredUnit":"` + mass + `",
  "referencePeriodStart":"2025-01-01T00:00:00Z","referencePeriodEnd":"2026-01-01T00:00:00Z",
  "pcfExcludingBiogenicUptake":"9.8","pcfIncludingBiogenicUptake":"9.8","fossilGhgEmissions":"9.8","fossilCarbonContent":"0",
  "ipccCharacterizationFactors":` + ipcc + `,"crossSectoralStandards":["ISO14067"],"exemptedEmissionsPercent":"0"}}`)
}

// moduleWithFrame is the demo module's total on its factors and with its
// frame from sp (seedtest.ModuleWithFrame).
func moduleWithFrame(t *testing.T, sp *footprint.SupplierFootprint) (honest, with float64) {
	t.Helper()
	h, w := seedtest.ModuleWithFrame(t, sp)
	return h.KgCO2e, w.KgCO2e
}

// A PACT 3 footprint per kilogram whose declaredUnitAmount says 1000 kg
// while its productMassPerDeclaredUnit says those 1000 kg weigh 1 kg: the
// figure, 9.8 kgCO2e for what weighs 1 kg, was divided by 1000 (0.0098
// kgCO2e/kg). The mass of declaredUnitAmount kilograms is
// declaredUnitAmount kilograms (v3 openapi.yaml
// CarbonFootprint.productMassPerDeclaredUnit: "the mass of
// declaredUnitAmount … of the product"), and PACT 2's mass per kilogram
// "SHOULD by definition be 1": a document saying otherwise contradicts
// itself about what its figure is per.
func TestPACT55_KilogramFootprintWhoseMassIsNotItsAmount(t *testing.T) {
	doc := frameDoc("1000", "1", `["AR6"]`)
	s, err := pact.ParseSupplier(doc)
	if err == nil {
		honest, with := moduleWithFrame(t, s.Footprint)
		t.Fatalf("read at %.4g kgCO2e/kg (stated 9.8 for 1000 kg weighing 1 kg): demo module %.2f → %.2f kgCO2e", s.Footprint.KgCO2e, honest, with)
	}
	if f := footprint.ErrorField(err); f != "pact_footprint.pcf.productMassPerDeclaredUnit" {
		t.Errorf("field %q, want pact_footprint.pcf.productMassPerDeclaredUnit (%v)", f, err)
	}
	if msg := err.Error(); !strings.Contains(msg, "质量") || !strings.Contains(msg, "declaredUnitAmount 1000") {
		t.Errorf("message %q: want both languages, naming the amount", msg)
	}
	// The same footprint stated consistently reads as before, per 1 kg.
	for _, c := range [][2]string{{"1000", "1000"}, {"1", "1"}, {"1000", "1000.0"}} {
		s, err := pact.ParseSupplier(frameDoc(c[0], c[1], `["AR6"]`))
		if err != nil {
			t.Fatalf("amount %s mass %s: %v", c[0], c[1], err)
		}
		if got := s.Footprint.KgCO2e; got != 9.8/mustFloat(c[0]) {
			t.Errorf("amount %s: %v kgCO2e/kg", c[0], got)
		}
	}
	// PACT 2: a kilogram weighs 1 kg.
	v2 := func(mass string) []byte {
		return []byte(`{"id":"6b0d3c1e-55aa-4c8e-9a1d-2f5e6b7c8d56","specVersion":"2.3.0","version":1,"created":"2026-01-15T00:00:00Z","status":"Active",
 "companyName":"Frame Co.","productNameCompany":"Aluminium frame profile","productCategoryCpc":"41532",
 "pcf":{"declaredUnit":"kilogram","unitaryProductAmount":"1000","productMassPerDeclaredUnit":"` + mass + `","pCfExcludingBiogenic":"9.8",
  "characterizationFactors":"AR6","ipccCharacterizationFactorsSources":["AR6"],
  "referencePeriodStart":"2025-01-01T00:00:00Z","referencePeriodEnd":"2026-01-01T00:00:00Z"}}`)
	}
	if _, err := pact.ParseSupplier(v2("0.001")); footprint.ErrorField(err) != "pact_footprint.pcf.productMassPerDeclaredUnit" {
		t.Errorf("v2 kilogram weighing 0.001 kg: %v, want refused naming pact_footprint.pcf.productMassPerDeclaredUnit", err)
	}
	if _, err := pact.ParseSupplier(v2("1")); err != nil {
		t.Errorf("v2 kilogram weighing 1 kg: %v", err)
	}
}

func mustFloat(s string) float64 {
	switch s {
	case "1":
		return 1
	case "1000":
		return 1000
	}
	panic(s)
}

// A supplier's figure characterized by an earlier IPCC report than the
// service's: ["AR4"] (or AR2, or an AR4 beside AR6: "include the set of
// all characterization factors used") was read like ["AR6"], and the
// buyer's certificate, whose own PACT footprint states AR6, rested on it.
// Refused naming the member; AR5 and AR6 read.
func TestPACT55_FootprintByAnEarlierIPCCReport(t *testing.T) {
	for _, c := range []struct{ ipcc, field string }{
		{`["AR4"]`, "pact_footprint.pcf.ipccCharacterizationFactors"},
		{`["AR2"]`, "pact_footprint.pcf.ipccCharacterizationFactors"},
		{`["AR6","AR4"]`, "pact_footprint.pcf.ipccCharacterizationFactors"},
		{`["ar6"]`, "pact_footprint.pcf.ipccCharacterizationFactors"},
		{`["AR04"]`, "pact_footprint.pcf.ipccCharacterizationFactors"},
	} {
		s, err := pact.ParseSupplier(frameDoc("1", "1", c.ipcc))
		if err == nil {
			t.Errorf("%s: read at %v kgCO2e/kg like [\"AR6\"]", c.ipcc, s.Footprint.KgCO2e)
			continue
		}
		if f := footprint.ErrorField(err); f != c.field {
			t.Errorf("%s: field %q, want %s (%v)", c.ipcc, f, c.field, err)
		}
	}
	for _, ok := range []string{`["AR6"]`, `["AR5","AR6"]`, `["AR5"]`} {
		if _, err := pact.ParseSupplier(frameDoc("1", "1", ok)); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	// PACT 2 names them twice.
	v2 := func(cf, sources string) []byte {
		return []byte(`{"id":"6b0d3c1e-55aa-4c8e-9a1d-2f5e6b7c8d57","specVersion":"2.3.0","version":1,"created":"2026-01-15T00:00:00Z","status":"Active",
 "companyName":"Frame Co.","productNameCompany":"Aluminium frame profile","productCategoryCpc":"41532",
 "pcf":{"declaredUnit":"kilogram","pCfExcludingBiogenic":"9.8","characterizationFactors":"` + cf + `","ipccCharacterizationFactorsSources":` + sources + `,
  "referencePeriodStart":"2025-01-01T00:00:00Z","referencePeriodEnd":"2026-01-01T00:00:00Z"}}`)
	}
	if _, err := pact.ParseSupplier(v2("AR5", `["AR4","AR5"]`)); footprint.ErrorField(err) != "pact_footprint.pcf.ipccCharacterizationFactorsSources" {
		t.Errorf("v2 sources AR4: %v", err)
	}
	if _, err := pact.ParseSupplier(v2("AR4", `["AR6"]`)); footprint.ErrorField(err) != "pact_footprint.pcf.characterizationFactors" {
		t.Errorf("v2 characterizationFactors AR4: %v", err)
	}
	if _, err := pact.ParseSupplier(v2("AR6", `["AR6"]`)); err != nil {
		t.Errorf("v2 AR6: %v", err)
	}
}

// A PACT footprint of energy or transport states productMassPerDeclaredUnit
// "0", as PACT 3 says it SHALL ("If the product mass is not relevant (i.e.
// PCF is for an energy (kWh, MJ), logistics (ton.km) … 0"): it was refused
// as not a positive decimal, this service's own PACT 3 footprint per kWh
// with it. Read as a footprint stating no mass; a 0 beside a unit whose
// mass is relevant is still refused.
func TestPACT55_EnergyFootprintOfMassZero(t *testing.T) {
	doc := func(unit, mass string) []byte {
		return []byte(strings.NewReplacer(`"declaredUnitOfMeasurement":"kilogram"`, `"declaredUnitOfMeasurement":"`+unit+`"`,
			`"productMassPerDeclaredUnit":"1"`, `"productMassPerDeclaredUnit":"`+mass+`"`).Replace(string(frameDoc("1", "1", `["AR6"]`))))
	}
	for _, unit := range []string{"kilowatt hour", "megajoule", "ton kilometer"} {
		for _, zero := range []string{"0", "0.0", "0.000"} {
			s, err := pact.ParseSupplier(doc(unit, zero))
			if err != nil {
				t.Errorf("%s, mass %s: %v", unit, zero, err)
			} else if s.Footprint.MassKg != 0 || s.Footprint.KgCO2e != 9.8 {
				t.Errorf("%s: mass %v, figure %v", unit, s.Footprint.MassKg, s.Footprint.KgCO2e)
			}
		}
	}
	for _, unit := range []string{"piece", "liter", "square meter"} {
		if _, err := pact.ParseSupplier(doc(unit, "0")); footprint.ErrorField(err) != "pact_footprint.pcf.productMassPerDeclaredUnit" {
			t.Errorf("%s of mass 0: %v, want refused naming pact_footprint.pcf.productMassPerDeclaredUnit", unit, err)
		}
	}
}
