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

// Ensure a count of half-cells written as honest names commonly write it
// is read. Before, each was read as no count (0), so a module so named
// passed with any number of cells: the Chinese measure word before 半片
// ("144片半片电池", "108片半片", common in Chinese module names), a dash
// or space other than ASCII's (a non-breaking hyphen U+2011, an en dash,
// a no-break space: what a word processor puts in), "half cut" without
// "cells", and "1/2-cut cells". Honest real names are read at no more
// than they state (a model number's count, "LR5-72HTH", is not read), and
// the cells the bill of materials holds then pass.
func TestReviewer56c_HalfCellsWrittenOtherwise(t *testing.T) {
	for _, c := range []struct {
		name  string
		cells float64
	}{
		{"组件 144片半片电池", 72},
		{"示例组件(108片半片)", 54},
		{"组件 108 片 半片电池", 54},
		{"组件 108块半片电池", 54},
		{"Module 108 half\u2011cells", 54},
		{"Module 108 half\u2013cut cells", 54},
		{"Module 108\u00a0half-cells", 54},
		{"Module 108\u202fhalf cells", 54},
		{"Module 108 half cut", 54},
		{"Module 108 half-cut, 430 W", 54},
		{"Module 108 1/2-cut cells", 54},
		// honest real names, read at what they state or less
		{"LONGi Hi-MO 6 LR5-72HTH 580W 144 half-cut cells", 72},
		{"Jinko Tiger Neo 78-cell", 39},
		{"天合 210R 66片", 0},
		{"晶科 182 108半片", 54},
		{"晶科 Tiger Neo 78HL4 156半片", 78},
		{"LR5-72HPH 545M", 0},
		{"Module 54 cells (108 half cells)", 54},
		{"Shingled module, half-cut strings, 68 cells", 0},
	} {
		if got, words := cellrecord.Stated(c.name); got != c.cells {
			t.Errorf("Stated(%q) = %v (%q), want %v", c.name, got, words, c.cells)
		}
	}
}

// Ensure a cell's size in an honest name is not read as a count of its
// cells. Before, "182半片" (a module of 182 mm cells cut in half, as
// Chinese names commonly say), "182 half-cell module" and "210 half-cut
// cells" were read as 91 and 105 cells, so an honest module of 54 or 66
// cells so named was warned that it held fewer cells than its name
// states. 166, 182 and 210 are the sizes of cells in mm the reference
// names (the rule's 182 mm × 182 mm; CPCD catalogue 17100E0322020A
// "166mm电池片", 17100E0332020A "210mm电池片"); no module is made of
// that many cells of a kind, the counts being 48 to 78 cells or twice
// that of half-cells in the names read here.
func TestReviewer56c_CellSizeIsNoCount(t *testing.T) {
	for _, c := range []struct {
		name  string
		cells float64
	}{
		{"182半片单晶组件", 0},
		{"天合 210 半片组件 66片电池", 33},
		{"JA Solar DeepBlue 182 half-cell module", 0},
		{"Vertex 210 half-cut cells module", 0},
		{"Module 166 half cells, 120 half-cells", 60},
		{"Demo module, 182 cells", 0},
	} {
		if got, words := cellrecord.Stated(c.name); got != c.cells {
			t.Errorf("Stated(%q) = %v (%q), want %v", c.name, got, words, c.cells)
		}
	}
}

// Ensure a warning from a bare count says it was read as half-cells. A
// name stating "108-cell" was warned that it "states 54 cells
// ("108-cell")", which an applicant whose name says 108 cannot follow;
// the warning now says the count was read as half-cells, two to a cell,
// in both languages. Words naming half-cells need no such note.
func TestReviewer56c_BareCountSaysItWasHalved(t *testing.T) {
	const cell, limit = 0.033124, 29.4
	m2 := 47 * cell
	for _, c := range []struct {
		names []string
		note  bool
	}{
		{[]string{"Demo module, 108-cell", "示例组件(108片电池)"}, true},
		{[]string{"Demo mono-Si PV module, 54 M10 cells (108 half-cells)", "示例单晶硅光伏组件(54片M10电池,108半片)"}, false},
	} {
		w := cellrecord.Named(m2*limit/100, m2, limit, cell, 1, "PV-CELL-MONO182", "bom[1].quantity", c.names...)
		if w.Field == "" {
			t.Fatalf("%q: not warned", c.names)
		}
		if strings.Contains(w.EN, "read as half-cells, two to a cell") != c.note || strings.Contains(w.ZH, "按半片计,两片为一片") != c.note || !strings.Contains(w.EN, "states 54 cells") {
			t.Errorf("%q: %q / %q", c.names, w.EN, w.ZH)
		}
	}
}
