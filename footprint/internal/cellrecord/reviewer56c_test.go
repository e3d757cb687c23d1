package cellrecord_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/internal/cellrecord"
)

// Reviewer 56c (session 56): rt56's reading of a module's named cells from
// three sides.

// Ensure a line of cells in a power unit beside cells in pieces does not
// turn the named count off. Before, any such line, however small (kWp
// beyond the pieces' area at the limit by more than 1e-9 of it), made
// Named return no warning: the demo's names kept, 47 cells of 54 and
// 0.1 W of PV-CELL-PERC beside them were silent (footprint's
// TestReviewer56c_PowerLineBesideTheCells: 134.84 kgCO2e). The cells in
// pieces are counted; the warning says the rest state no number. A bill
// of materials whose cells are all in a power unit states no count and is
// still not compared; enough cells in pieces are not warned whatever
// stands beside them.
func TestReviewer56c_PowerLineBesideTheCells(t *testing.T) {
	const cell, limit = 0.033124, 29.4
	name, nameZH := "Demo mono-Si PV module, 54 M10 cells (108 half-cells)", "示例单晶硅光伏组件(54片M10电池,108半片)"
	for _, c := range []struct {
		what          string
		cells, powKWp float64 // cells in pieces per module, and kWp of cells in a power unit beside them
		warned        bool
	}{
		{"47 cells and 0.1 W of cells in kW", 47, 0.0001, true},
		{"47 cells and 0.1 kW of cells in kW", 47, 0.1, true},
		{"54 cells and 0.1 W of cells in kW", 54, 0.0001, false},
		{"47 cells alone", 47, 0, true},
	} {
		m2 := c.cells * cell
		w := cellrecord.Named(m2*limit/100+c.powKWp, m2, limit, cell, 1, "PV-CELL-MONO182", "bom[1].quantity", name, nameZH)
		if (w.Field != "") != c.warned {
			t.Errorf("%s: warned %q, want %v", c.what, w.Field, c.warned)
			continue
		}
		if !c.warned {
			continue
		}
		power := c.powKWp > 0
		if strings.Contains(w.EN, "besides cells in a power unit, which state no number") != power ||
			strings.Contains(w.ZH, "另有以功率单位计的电池,未写明片数") != power ||
			!strings.Contains(w.EN, `states 54 cells ("108 half-cells")`) || !strings.Contains(w.ZH, "产品名称写明 54 片电池(“108半片”)") ||
			!strings.Contains(w.EN, ", 47 cells of 0.033124 m²") {
			t.Errorf("%s: %q / %q", c.what, w.EN, w.ZH)
		}
	}
}
