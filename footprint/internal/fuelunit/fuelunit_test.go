package fuelunit_test

import (
	"math"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/internal/fuelunit"
)

// TestRedteam87_Small: a fuel in a volume unit a thousandth or less of its
// factor's volume unit is warned, with what it gives in the factor's unit;
// the same unit, a larger one, or a mass on a mass factor is not.
func TestRedteam87_Small(t *testing.T) {
	v := fuelunit.Volume
	for _, tt := range []struct {
		name      string
		qty       float64
		unit, dim string
		toBase    float64
		per, pdim string
		perToBase float64
		kg        float64
		want      string // a substring of the English; "" for no warning
	}{
		{"litres of gas", 10, "L", v, 1e-3, "Nm³", v, 1, 0.0277, "10 L is 0.01 Nm³, a gas is metered in cubic metres, and were it 10 Nm³ the line would give 27.7 kgCO2e instead of 0.0277"},
		{"millilitres on a factor per litre", 5, "mL", v, 1e-6, "L", v, 1e-3, 1, "were it 5 L the line would give 1000 kgCO2e"},
		{"cubic metres", 10, "m³", v, 1, "Nm³", v, 1, 27.7, ""},
		{"kilolitres", 1, "kL", v, 1, "Nm³", v, 1, 2.77, ""},
		{"litres on a factor per litre", 10, "L", v, 1e-3, "L", v, 1e-3, 27, ""},
		{"grams of diesel", 10, "g", "mass", 1e-3, "kg", "mass", 1, 0.037, ""},
	} {
		w := fuelunit.Small("fuels[0].unit", tt.qty, tt.unit, tt.dim, tt.toBase, "F", tt.per, tt.pdim, tt.perToBase, tt.kg)
		switch {
		case tt.want == "" && w.Field != "":
			t.Errorf("%s: warned %+v", tt.name, w)
		case tt.want != "" && (w.Field != "fuels[0].unit" || !strings.Contains(w.EN, tt.want) || w.ZH == ""):
			t.Errorf("%s: %+v, want a bilingual warning at fuels[0].unit with %q", tt.name, w, tt.want)
		}
	}
}

// Reviewer 50: a line of no fuel (0 L), or with a quantity or a factor's
// unit that is not a number, was warned that it would give "0 kgCO2e
// instead of 0" or "NaN"; and a liquid stated in millilitres on a factor
// per litre was told that "a gas is metered in cubic metres". Ensure a
// line of no positive, finite quantity, or a factor's unit of no size, is
// not warned, and the gas's metering is said only on a factor per cubic
// metre.
func TestReviewer50_SmallEdges(t *testing.T) {
	v := fuelunit.Volume
	for _, tt := range []struct {
		name      string
		qty       float64
		perToBase float64
	}{
		{"no fuel", 0, 1},
		{"a negative quantity", -10, 1},
		{"a quantity not a number", math.NaN(), 1},
		{"an infinite quantity", math.Inf(1), 1},
		{"a factor's unit of no size", 10, math.NaN()},
	} {
		if w := fuelunit.Small("fuels[0].unit", tt.qty, "L", v, 1e-3, "F", "Nm³", v, tt.perToBase, tt.qty*0.002); w.Field != "" {
			t.Errorf("%s: warned %+v", tt.name, w)
		}
	}
	w := fuelunit.Small("fuels[0].unit", 5, "mL", v, 1e-6, "F", "L", v, 1e-3, 1)
	if w.Field == "" || strings.Contains(w.EN, "gas") || strings.Contains(w.ZH, "气体") || !strings.Contains(w.EN, "were it 5 L the line would give 1000 kgCO2e") {
		t.Errorf("millilitres on a factor per litre: %+v, want a warning that says nothing of gas", w)
	}
	w = fuelunit.Small("fuels[0].unit", 10, "L", v, 1e-3, "F", "Nm³", v, 1, 0.0277)
	if !strings.Contains(w.EN, "a gas is metered in cubic metres") || !strings.Contains(w.ZH, "气体按立方米计量") {
		t.Errorf("litres on a factor per Nm³: %+v, want the gas's metering said", w)
	}
}
