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
