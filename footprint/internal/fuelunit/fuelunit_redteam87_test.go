package fuelunit_test

import (
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
