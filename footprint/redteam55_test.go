package footprint_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 55 of session 55 (helper rt55; not session 42's red team 55, the forger): the flatterer.

// rt55Module returns the demo module with cells pieces of PV-CELL-MONO182
// and its encapsulant screened with polypropylene (MAT-PP-CN, a
// polyolefin as EVA is, beside the average plastics), so that the
// exempted share stays under the cut-off limit as the cells fall: the
// demo's standing warning on the screened cut-off names the screening
// factors either way. Its names state no number of cells, so that the
// cells are held to the record alone (rt56 warns a name stating more
// cells than the bill of materials holds: TestRT56_FewerCellsThanTheNameStates).
func rt55Module(t *testing.T, cells float64) *footprint.Study {
	t.Helper()
	s := seedtest.Study(t, "pv-module")
	s.Product.Name, s.Product.NameZH = "Demo mono-Si PV module, M10 cells", "示例单晶硅光伏组件(M10电池)"
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
func TestRT55_FewerCellsThanTheRatedPowerNeeds(t *testing.T) {
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

// Ensure the demo module declared under HS 854140 (pv-module's HS 2017
// subheading of the same module) is compared with the set's module
// factors (HS 854143) as under HS 854143. Before, the product floor read
// only factors whose codes meet the product's own, so the demo's warning
// that 150.1 kgCO2e is 19 % below PV-MOD-HJT was gone, and 47 cells of 54 g
// with the frame cut to 40 % (the weighed cells 9.8 % of the bill of
// materials, under the 10 % at which declared masses are read out) gave
// 120.56 kgCO2e (−19.7 %) with one warning, the screened cut-off's.
func TestRT55_ModuleUnderItsHS2017Code(t *testing.T) {
	floorOf := func(s *footprint.Study) *footprint.Result {
		t.Helper()
		res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
		if err != nil {
			t.Fatal(err)
		}
		checkWarningsZH(t, res)
		return res
	}
	for _, codes := range [][]string{{"HS:854143"}, {"HS:854140"}, {"HS:85414000"}} {
		s := seedtest.Study(t, "pv-module")
		s.Product.ProductCodes = nil
		for _, c := range codes {
			pc, err := footprint.ParseProductCode(c)
			if err != nil {
				t.Fatal(err)
			}
			s.Product.ProductCodes = append(s.Product.ProductCodes, pc)
		}
		res := floorOf(s)
		if !hasWarning(res, "product.product_codes", "below every factor of set 2026.1 of its product ("+codes[0]+")", "PV-MOD-HJT, is 185.6 kgCO2e per declared unit", "19 % less") {
			t.Errorf("the demo module under %s: %.9f kgCO2e, warnings at %q, want the product floor (PV-MOD-HJT)", codes, res.KgCO2e, warningPaths(res))
		}
	}

	// The cut inventory under HS 854140.
	s := rt55Module(t, 47)
	s.BOM[0].Children[3].Exempt.ScreeningFactor = "MAT-PP-CN"
	s.BOM[1].MassKg = 0.054
	s.BOM[0].Children[1].Quantity = 0.627483
	s.Product.ProductCodes = []footprint.ProductCode{{Scheme: "HS", Code: "854140"}}
	res := floorOf(s)
	if !near(res.KgCO2e, 120.557932048) {
		t.Errorf("the cut module: %.9f kgCO2e, want 120.557932048", res.KgCO2e)
	}
	if !hasWarning(res, "product.product_codes", "the study's 120.6 kgCO2e", "35 % less") {
		t.Errorf("the cut module under HS 854140: warnings %+v, want the product floor", res.Warnings)
	}
}

// Ensure the factors a study is compared with include those of its rule's
// other subheadings (the service loads them by ComparisonCodes), and no
// more for a rule of chapters.
func TestRT55_ComparisonCodesOfTheRulesSubheadings(t *testing.T) {
	for _, c := range []struct {
		study, code string
		want        []string
	}{
		{study: "pv-module", code: "HS:854140", want: []string{"HS:854140", "HS:854143", "HS:854140"}},
		{study: "pv-module", code: "HS:854143", want: []string{"HS:854143", "HS:854143", "HS:854140"}},
		{study: "laptop", code: "HS:847130", want: []string{"HS:847130"}},
	} {
		s := seedtest.Study(t, c.study)
		pc, err := footprint.ParseProductCode(c.code)
		if err != nil {
			t.Fatal(err)
		}
		s.Product.ProductCodes = []footprint.ProductCode{pc}
		var got []string
		for _, pc := range footprint.ComparisonCodes(s, nil) {
			got = append(got, pc.String())
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s under %s: %q, want %q", c.study, c.code, got, c.want)
		}
	}
}

// Ensure a cell declared heavier than a silicon wafer of its stated size
// at 300 µm is warned at its mass_kg. Before, a declared mass weighed the
// bill of materials unread up to 10 % of it (MassWeighedWarnPct): the demo
// module's cells at 45 g (12.2 g in the study's PV_ICE figure) carried 1.77
// kg of frame cut from it, 150.10 → 132.75 kgCO2e (−11.6 %), with the
// demo's two warnings; red team 81's 23.69 g (143.96) too.
func TestRT55_CellHeavierThanItsWafer(t *testing.T) {
	for _, c := range []struct {
		name        string
		massKg      float64
		framePerM2  float64
		screenPP    bool
		kg          float64
		warned      bool
		declaredAtG string
	}{
		{name: "the demo's cells", massKg: 0.0122121, framePerM2: 1.57996, kg: 150.099534125},
		{name: "45 g cells, frame cut", massKg: 0.045, framePerM2: 0.682242, screenPP: true, kg: 132.746436262, warned: true, declaredAtG: "45 g"},
		{name: "red team 81's 23.69 g", massKg: 0.0236936, framePerM2: 1.2625, kg: 143.962958443, warned: true, declaredAtG: "23.69 g"},
		{name: "23 g, under the 300 µm wafer's 23.1 g", massKg: 0.023, framePerM2: 1.2815, kg: 144.330232865},
	} {
		s := seedtest.Study(t, "pv-module")
		s.BOM[1].MassKg, s.BOM[0].Children[1].Quantity = c.massKg, c.framePerM2
		if c.screenPP {
			s.BOM[0].Children[2].Exempt.ScreeningFactor = "MAT-PP-CN"
		}
		res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !near(res.KgCO2e, c.kg) {
			t.Errorf("%s: %.9f kgCO2e, want %.9f", c.name, res.KgCO2e, c.kg)
		}
		warned := hasWarning(res, "bom[1].mass_kg", "cells of 0.033124 m² (one unit of this line) are declared at "+c.declaredAtG+", more than the 23.1 g a silicon wafer of that area weighs at 300 µm")
		if warned != c.warned {
			t.Errorf("%s: warned %v at bom[1].mass_kg, want %v: %q", c.name, warned, c.warned, warningPaths(res))
		}
		checkWarningsZH(t, res)
	}
}
