package footprint_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure a unit symbol means the same with or without surrounding space.
// ParseUnit's case-insensitive second chance (meant for spelled-out names,
// "Kilogram") was granted by the length of the raw text, so "ML" (the
// megalitre's symbol) was refused while " ML " or "ML\t" from a table cell
// was read as mL, a thousand million times less: 2 ML of process water
// counted as 2 mL.
func TestRedteam2_UnitSpaceChangesNoCase(t *testing.T) {
	for _, s := range []string{" ML ", "ML\t", "  ML"} {
		t.Run(s, func(t *testing.T) {
			if u, err := footprint.ParseUnit(s); err == nil {
				t.Fatalf("%q parsed as %s (%g m³), while ML is refused", s, u.Symbol, u.ToBase)
			}
		})
	}
	if u, err := footprint.ParseUnit(" Kilogram "); err != nil || u.Symbol != "kg" {
		t.Fatalf("Kilogram: %v %v", u, err)
	}
}

// Ensure the upper-case symbols of ERP bills of materials, whose case
// carries no meaning, parse with or without surrounding space (review:
// " KG " and " PCS " were read through the padding the fix above closed),
// while symbols whose case does carry meaning stay refused.
func TestParseUnit_CaseFreeSymbols(t *testing.T) {
	for in, want := range map[string]string{"KG": "kg", " KG ": "kg", "Kg": "kg", "PCS": "piece", " PCS ": "piece", "KM": "km", "M3": "m³"} {
		if u, err := footprint.ParseUnit(in); err != nil || u.Symbol != want {
			t.Errorf("ParseUnit(%q) = %v, %v; want %s", in, u.Symbol, err, want)
		}
	}
	for _, in := range []string{"ML", " MWH ", "MT", " MG "} {
		if u, err := footprint.ParseUnit(in); err == nil {
			t.Errorf("ParseUnit(%q) = %s, want a refusal (case carries meaning)", in, u.Symbol)
		}
	}
}
