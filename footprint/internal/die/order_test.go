package die_test

import (
	"slices"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/internal/die"
)

// Ensure the warnings do not depend on the order of the lines: the engine
// gathers them from maps (its factor entries and supplier uses), and a sum
// of packages per declared unit taken in another order printed "0.9001" in
// one run and "0.9" in the next.
func TestUnbased_LinesInAnyOrder(t *testing.T) {
	cpu := die.Line[code]{Path: "bom[1]", Factor: "CPU-DIE", Codes: []code{"854231"}, Note: "plus 9.14 per package", Die: true}
	lines := []die.Line[code]{cpu,
		{Path: "bom[2]", Factor: "PKG-A", Codes: []code{"854231"}, Items: 5e-05},
		{Path: "bom[3]", Factor: "PKG-B", Codes: []code{"854231"}, Items: 0.7},
		{Supplier: "S", Codes: []code{"854231"}, Items: 0.2},
	}
	want := die.Unbased(lines, 1)
	reversed := slices.Clone(lines)
	slices.Reverse(reversed)
	if got := die.Unbased(reversed, 1); !slices.Equal(got, want) {
		t.Errorf("lines reversed:\n%+v\nwant\n%+v", got, want)
	}
}
