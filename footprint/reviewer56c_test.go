package footprint_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Reviewer 56c (session 56): rt56's named cells, from three sides.

// Ensure a line of cells in a power unit added beside the demo's cells in
// pieces does not silence rt56's named-cell warning. Before, rt56's
// 47-cell route (its names kept: "54 M10 cells (108 half-cells)",
// "54片M10电池,108半片") with 0.1 W of PV-CELL-PERC (469.25 kgCO2e/kW,
// reference/factors.csv: 0.047 kgCO2e) added was 134.838829 kgCO2e with
// only the demo's warnings (the floor and the screened cut-off): the
// power line turned cellrecord.Named off. Now warned at bom[1].quantity,
// saying the cells in a power unit state no number.
func TestReviewer56c_PowerLineBesideTheCells(t *testing.T) {
	for _, c := range []struct {
		what   string
		cells  float64
		kw     float64
		kg     float64
		warned bool
	}{
		{"47 cells and 0.1 W of PERC cells", 47, 0.0001, 134.838828558, true},
		{"the demo's 54 cells and 0.1 W of PERC cells", 54, 0.0001, 150.146459125, false},
	} {
		s := seedtest.Study(t, "pv-module")
		if c.cells != 54 {
			s.BOM[1].Quantity, s.BOM[1].MassKg = c.cells, 0.0231
			s.BOM[0].Children[1].Quantity = 1.363841
			s.BOM[0].Children[2].Exempt.ScreeningFactor = "MAT-PP-CN"
		}
		s.BOM = append(s.BOM, &footprint.BOMLine{Name: "PERC cells", Quantity: c.kw, Unit: unit("kW"), Stage: "A1", Factor: "PV-CELL-PERC"})
		res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
		if err != nil {
			t.Fatalf("%s: %v", c.what, err)
		}
		if !near(res.KgCO2e, c.kg) {
			t.Errorf("%s: %.9f kgCO2e, want %.9f", c.what, res.KgCO2e, c.kg)
		}
		warned := hasWarning(res, "bom[1].quantity", `the product's name states 54 cells ("108 half-cells")`, "besides cells in a power unit, which state no number")
		if warned != c.warned {
			t.Errorf("%s: warned %v at bom[1].quantity, want %v: %q", c.what, warned, c.warned, warningPaths(res))
		}
		checkWarningsZH(t, res)
	}
}

// Ensure the demo module under honest names that state its cells' size,
// or its half-cells as Chinese names commonly write them, keeps the
// demo's figure and is not warned at its cells. Before, "182半片" and
// "182 half-cell" were read as 91 cells and the honest 54-cell module was
// warned that it held fewer cells than its name states.
func TestReviewer56c_HonestNamesOfTheDemoModule(t *testing.T) {
	for _, names := range [][2]string{
		{"Demo mono-Si PV module, 182 half-cell", "示例单晶硅光伏组件(182半片)"},
		{"Demo mono-Si PV module, 108 half\u2011cells", "示例单晶硅光伏组件(108片半片电池)"},
		{"Demo LR5-54HTH module, 108 half-cut cells", "示例组件 54片M10电池"},
	} {
		s := seedtest.Study(t, "pv-module")
		s.Product.Name, s.Product.NameZH = names[0], names[1]
		res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
		if err != nil {
			t.Fatalf("%q: %v", names, err)
		}
		if !near(res.KgCO2e, 150.099534125) || hasWarning(res, "bom[1].quantity") {
			t.Errorf("%q: %.9f kgCO2e, warnings at %q", names, res.KgCO2e, warningPaths(res))
		}
	}
}
