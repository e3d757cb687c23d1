package footprint_test

import (
	"math"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

func TestGradeUncertaintyPct(t *testing.T) {
	// Ensure the documented grade table.
	for grade, want := range map[string]float64{"A": 5, "B": 10, "B-UK": 20, "C": 20, "D": 50, "E": 75, "": 50, "Z": 50} {
		if got := footprint.GradeUncertaintyPct(grade); got != want {
			t.Errorf("GradeUncertaintyPct(%q) = %v, want %v", grade, got, want)
		}
	}
}

func TestCalculate_Uncertainty(t *testing.T) {
	// Ensure the Monte Carlo range of a one-factor study matches the
	// factor's uncertainty: with a lognormal of σ = ln(1.2)/1.96 (grade C,
	// ±20 %), the 2.5 % and 97.5 % quantiles are total ÷ 1.2 and total × 1.2,
	// within the sampling error of 1000 runs; and the seed makes it
	// reproducible.
	//
	// The study is a cradle-to-gate display panel whose two required
	// stages (raw materials, production: neither may be declared not
	// applicable, issue 9) both hold the same factor, so that one factor
	// makes the whole total.
	s := electronicsStudy()
	s.Rule, s.Boundary = "display", footprint.BoundaryCradleToGate
	s.Product.Use, s.Product.ActiveAreaM2, s.Transport, s.EndOfLife = nil, 0.2, nil, nil
	s.Product.ProductCodes = []footprint.ProductCode{{Scheme: "HS", Code: "852411"}}
	s.BOM = []*footprint.BOMLine{
		{Name: "steel", Quantity: 6, Unit: unit("kg"), Factor: "MAT-STEEL-CR"},
		{Name: "steel parts", Quantity: 4, Unit: unit("kg"), Factor: "MAT-STEEL-CR", Stage: "production"},
	}
	// The rule requires the panel line's electricity: a nanowatt-hour,
	// below the total's precision, leaves the steel the one factor.
	s.Electricity = []*footprint.ElectricityLine{{Name: "panel line", Quantity: 1e-9, Unit: unit("kWh"), Factor: "ELEC-CN-NAT-CF-2024"}}
	factors := MustLoadFactors(t)
	r := MustCalculate(t, s, factors, nil)
	total := 10 * 2.6 // MAT-STEEL-CR, grade C
	checkNear(t, "KgCO2e", r.KgCO2e, total)
	u := r.Uncertainty
	if u.Runs != footprint.MonteCarloRuns || len(u.Seed) != 32 {
		t.Fatalf("uncertainty = %+v", u)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"low", u.LowKgCO2e, total / 1.2}, {"median", u.MedianKgCO2e, total}, {"high", u.HighKgCO2e, total * 1.2}} {
		if math.Abs(c.got-c.want)/c.want > 0.03 {
			t.Errorf("%s = %v, want %v ± 3 %%", c.name, c.got, c.want)
		}
	}
	again := MustCalculate(t, s, factors, nil)
	if again.Uncertainty != u {
		t.Errorf("second run = %+v, want %+v", again.Uncertainty, u)
	}

	// A factor's own UncertaintyPct overrides its grade.
	withFactor("MAT-STEEL-CR", func(f *footprint.Factor) { f.UncertaintyPct = 50 })(factors)
	wide := MustCalculate(t, s, factors, nil).Uncertainty
	if !(wide.HighKgCO2e-wide.LowKgCO2e > 2*(u.HighKgCO2e-u.LowKgCO2e)) {
		t.Errorf("±50 %% range %v–%v not wider than ±20 %% range %v–%v", wide.LowKgCO2e, wide.HighKgCO2e, u.LowKgCO2e, u.HighKgCO2e)
	}
	// The root seed is the engine version's alone (red team 88): no value reseeds the sample.
	if wide.Seed != u.Seed {
		t.Errorf("seed %s with another uncertainty, want the root seed %s", wide.Seed, u.Seed)
	}
}
