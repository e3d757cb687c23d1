package pact_test

import (
	"math"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// This service's own PACT footprints, as GET /2/footprints/{id} and
// /3/footprints/{id} answer them, read back as a supplier's footprint
// (ParseSupplier) to the certificate's own figure per the unit they are
// stated in: v3 per the certificate's declared unit (or per kilogram of
// product where v3 has no such unit, kWp), v2 per one declared unit (per
// kilogram of product for a piece or a kWp). They name their IPCC report
// (AR6) and pass every check of a supplier's document. The store refuses
// them as this service's own (api TestPACT56_OwnFootprintReimported).
func TestPACT56_OwnFootprintReadBackAsSupplier(t *testing.T) {
	for _, c := range []struct {
		name   string
		study  string
		mutate func(*footprint.Study)
	}{
		{"demo module per piece", "pv-module", nil},
		{"demo module per kWp", "pv-module", perKWp},
		{"demo laptop per piece", "laptop", nil},
	} {
		v2, v3, cert := ownExport(t, c.study, c.mutate)
		mass := 0.0
		if v3["pcf"].(map[string]any)["declaredUnitOfMeasurement"] == "kilogram" {
			mass = parse(t, v3["pcf"].(map[string]any)["declaredUnitAmount"].(string))
		} else {
			mass = parse(t, v3["pcf"].(map[string]any)["productMassPerDeclaredUnit"].(string))
		}
		unit := cert.DeclaredUnit.Unit
		for _, w := range []struct {
			version string
			doc     map[string]any
			unit    string
			kg      float64
		}{
			{"v3", v3, map[bool]string{true: unit, false: "kg"}[unit == "piece"], map[bool]float64{true: cert.KgCO2e / cert.DeclaredUnit.Amount, false: cert.KgCO2e / mass}[unit == "piece"]},
			{"v2", v2, "kg", cert.KgCO2e / mass},
		} {
			s, err := pact.ParseSupplier(seedtest.MustMarshal(t, w.doc))
			if err != nil {
				t.Errorf("%s, %s: %v", c.name, w.version, err)
				continue
			}
			sp := s.Footprint
			if sp.DeclaredUnit.Symbol != w.unit || math.Abs(sp.KgCO2e-w.kg) > 1e-12*w.kg {
				t.Errorf("%s, %s: read %v kgCO2e per %s, want the certificate's %v kgCO2e per %s %s = %v per %s",
					c.name, w.version, sp.KgCO2e, sp.DeclaredUnit.Symbol, cert.KgCO2e, pact.Decimal(cert.DeclaredUnit.Amount), unit, w.kg, w.unit)
			}
		}
	}
}
