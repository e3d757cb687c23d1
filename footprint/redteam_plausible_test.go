package footprint_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure an end-of-life recycling credit cannot claim more material than
// the product has. Lines counted in the total must account for the
// product's mass (docs/integrity.md §9), but credit lines are not checked
// at all: the demo laptop (2.041 kg) with 500 kg of aluminium credited
// reports credits of -4060.4 kgCO2e (share -2268 %) in its result, its
// CSV and the workbench, with no warning. Credits are reported apart,
// never netted, but they are shown, and a manufacturer can quote them.
func TestRedteam_CreditsBeyondProductMass(t *testing.T) {
	s := seedtest.Study(t, "laptop")
	var credit *footprint.EndOfLifeLine
	for _, l := range s.EndOfLife {
		if strings.HasPrefix(l.Factor, "EOL-CREDIT-") {
			credit = l
		}
	}
	if credit == nil {
		t.Fatal("the demo laptop has no credit line")
	}
	credit.Quantity = 500
	if res, ok := refusedOrWarned(t, s, "end_of_life[", "mass"); !ok {
		t.Fatalf("500 kg credited for a %g kg product: credits %g kgCO2e, no error or warning", s.Product.MassKg, res.CreditsKgCO2e)
	}
}

// Ensure the per-kWh scenario of a PV module stays within what a PV
// module can generate. The yield limit is the hours of a year (8760
// kWh/kWp, a capacity factor of 100 %), and lifetime up to 100 years with
// no degradation is accepted: the demo module's per-kWh figure falls from
// 0.0132 to 0.000395 kgCO2e/kWh (33 times lower) with no warning, while
// its source still cites 975 kWh/kWp over 30 years. The scenario is not on
// the certificate, but it is in the result, its CSV and the workbench.
func TestRedteam_PVScenarioPhysicallyPossible(t *testing.T) {
	s := seedtest.Study(t, "pv-module")
	s.PVScenario.SpecificYieldKWhPerKWp, s.PVScenario.LifetimeYears, s.PVScenario.DegradationPctPerYear = 8760, 100, 0
	if _, ok := refusedOrWarned(t, s, "pv_scenario", ""); !ok {
		t.Fatalf("a yield of 8760 kWh/kWp over 100 years passed without a warning")
	}
}

// Ensure a required stage is not satisfied, silently, by a token line.
// docs/integrity.md §3 says required stages need real lines and §9 closed
// token lines for end of life and distribution (they must carry the
// product's mass), but production energy (pv-module B2) and inbound
// transport (A3) take any positive quantity: 1 mWh of module-line
// electricity and 1 g carried 1 km satisfy both stages without an error
// or a warning that the certifier's review would list.
func TestRedteam_TokenRequiredStageLines(t *testing.T) {
	s := seedtest.Study(t, "pv-module")
	s.Electricity[0].Quantity = 1e-6
	s.Transport = s.Transport[:1]
	s.Transport[0].Mass.Value, s.Transport[0].Distance.Value = 0.001, 1
	res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
	if err != nil {
		return // refused: the stage needs a real line
	}
	var elec, tr bool
	for _, w := range res.Warnings {
		// The instrument's "more than this line uses" warning is not one.
		elec = elec || w.Path == "electricity[0]" || strings.HasPrefix(w.Path, "electricity[0].quantity")
		tr = tr || strings.HasPrefix(w.Path, "transport[0]")
	}
	if !elec || !tr {
		t.Fatalf("token lines for required stages passed (electricity warned: %v, transport warned: %v); total %g", elec, tr, res.KgCO2e)
	}
}

// refusedOrWarned calculates s against the seed factors and reports
// whether the engine refused it or warned at a path that starts with path,
// with a message containing msg. A refusal naming another field fails the
// test. It returns the result of a study it accepted.
func refusedOrWarned(t *testing.T, s *footprint.Study, path, msg string) (*footprint.Result, bool) {
	t.Helper()
	res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
	if err != nil {
		if !strings.HasPrefix(footprint.ErrorField(err), path) {
			t.Fatalf("refused, but not naming %s: %v", path, err)
		}
		return nil, true
	}
	for _, w := range res.Warnings {
		if strings.HasPrefix(w.Path, path) && strings.Contains(w.Message, msg) {
			return res, true
		}
	}
	return res, false
}
