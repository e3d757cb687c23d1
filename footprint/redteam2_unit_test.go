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
