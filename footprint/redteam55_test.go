package footprint_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 55 (session 55): the flatterer.

// rt55Module returns the demo module with cells pieces of PV-CELL-MONO182
// and its encapsulant screened with polypropylene (MAT-PP-CN, a
// polyolefin as EVA is, beside the average plastics), so that the
// exempted share stays under the cut-off limit as the cells fall: the
// demo's standing warning on the screened cut-off names the screening
// factors either way.
func rt55Module(t *testing.T, cells float64) *footprint.Study {
	t.Helper()
	s := seedtest.Study(t, "pv-module")
	s.BOM[0].Children[2].Exempt.ScreeningFactor = "MAT-PP-CN"
	s.BOM[1].Quantity = cells
	return s
}

func warningPaths(r *footprint.Result) []string {
	var paths []string
	for _, w := range r.Warnings {
		paths = append(paths, w.Path)
	}
	return paths
}

// Ensure a module whose cells, at the record efficiency a silicon cell has
// reached, give less than its rated power is warned at the cells'
// quantity. Before, the cells were held only to the limiting efficiency of
// a silicon cell (29.4 %): the demo module (433.6 Wp, 54 cells of 182 mm)
// with 45 cells gave 135.79 kgCO2e instead of 150.10 (−9.5 %), each cell
// then needing 29.1 %, with only the two warnings the honest demo carries.
func TestRedteam55_FewerCellsThanTheRatedPowerNeeds(t *testing.T) {
	demo, err := footprint.Calculate(seedtest.Study(t, "pv-module"), seedtest.Factors(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !near(demo.KgCO2e, 150.099534125) || !slices.Equal(warningPaths(demo), []string{"product.product_codes", "bom"}) {
		t.Errorf("the demo module: %.9f kgCO2e, warnings at %q; want 150.099534125 and its two", demo.KgCO2e, warningPaths(demo))
	}
	for _, c := range []struct {
		cells  float64
		kg     float64
		warned bool
		need   string
	}{
		{cells: 54, kg: 150.099534125},
		{cells: 47, kg: 138.969534125}, // each cell 27.9 % at 433.6 Wp / (47 × 0.033124 m²): the record allows it
		{cells: 46, kg: 137.379534125, warned: true, need: "28.5 %"},
		{cells: 45, kg: 135.789534125, warned: true, need: "29.1 %"},
	} {
		res, err := footprint.Calculate(rt55Module(t, c.cells), seedtest.Factors(t), nil)
		if err != nil {
			t.Fatalf("%v cells: %v", c.cells, err)
		}
		if !near(res.KgCO2e, c.kg) {
			t.Errorf("%v cells: %.9f kgCO2e, want %.9f", c.cells, res.KgCO2e, c.kg)
		}
		warned := hasWarning(res, "bom[1].quantity", "at 27.9 %, the silicon cell record", "less than the module's rated power, 0.4336 kWp", "each would need "+c.need+" efficiency")
		if warned != c.warned {
			t.Errorf("%v cells: warned %v at bom[1].quantity, want %v: %+v", c.cells, warned, c.warned, res.Warnings)
		}
		if c.warned {
			for _, w := range res.Warnings {
				if w.Path == "bom[1].quantity" && !strings.Contains(w.MessageZH, "低于组件的额定功率") {
					t.Errorf("%v cells: the Chinese half %q", c.cells, w.MessageZH)
				}
			}
			checkWarningsZH(t, res)
		} else if !slices.Equal(warningPaths(res), []string{"product.product_codes", "bom"}) {
			t.Errorf("%v cells: warnings at %q, want the demo's two", c.cells, warningPaths(res))
		}
	}
	// 44 cells give less than the rated power even at the limiting
	// efficiency: refused, as before.
	if _, err := footprint.Calculate(rt55Module(t, 44), seedtest.Factors(t), nil); footprint.ErrorField(err) != "bom[1].quantity" {
		t.Errorf("44 cells: %v, want refused naming bom[1].quantity", err)
	}
}
