package cellrecord_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/internal/cellrecord"
)

func TestStated(t *testing.T) {
	for _, c := range []struct {
		name  string
		cells float64
	}{
		{"Demo mono-Si PV module, 54 M10 cells (108 half-cells)", 54},
		{"示例单晶硅光伏组件(54片M10电池,108半片)", 54},
		{"示例组件54片电池", 27},           // "cells" may be half-cells: a half-cut module's are commonly counted so
		{"60-cell mono module", 30}, // likewise
		{"108-cell module", 54},
		{"72 cells PERC module", 36},
		{"Demo module, 54 full cells", 54},
		{"示例组件(54整片)", 54},
		{"Shingled module, 54 full-size cells", 54},
		{"144-cell half-cut module", 72}, // 144 half-cells: 72 cells
		{"144 half-cut cells, 550 W", 72},
		{"１０８半片组件", 54},     // full-width digits
		{"示例组件(五十四整片)", 54}, // a count in Chinese number words (rb57)
		{"示例组件 一百零八半片", 54},
		{"示例组件 五十四片电池", 27},
		{"示例组件 单晶一体化", 0}, // number words with no measure word: none
		{"Demo M10 module", 0},
		{"Demo module, 182 mm cells", 0}, // a size, no count
		{"Demo module with M10 cells", 0},
		{"Shingled 68-cell module", 0}, // cut otherwise: only half-cell counts are read
		{"叠瓦组件 66片电池", 0},
		{"Demo mono-Si PV module", 0},
	} {
		got, words := cellrecord.Stated(c.name)
		if got != c.cells {
			t.Errorf("Stated(%q) = %v (%q), want %v", c.name, got, words, c.cells)
		}
	}
	if got, _ := cellrecord.Stated("Demo module", "示例组件(108片M10电池)"); got != 54 {
		t.Errorf("the most of two names: %v, want 54", got)
	}
}

func TestNamed(t *testing.T) {
	const cell, limit = 0.033124, 29.4
	name := "Demo mono-Si PV module, 54 M10 cells (108 half-cells)"
	at := func(cells, pieces float64) (float64, float64) { // kWp and m² of cells per declared unit
		m2 := cells * cell * pieces
		return m2 * limit / 100, m2
	}
	for _, c := range []struct {
		cells, pieces float64 // cells per module
		warned        bool
	}{
		{54, 1, false},
		{60, 1, false},
		{47, 1, true},
		{53.9, 1, true},
		{54, 2.30627, false}, // per kWp: 2.30627 modules
		{47, 2.30627, true},
	} {
		kwp, m2 := at(c.cells, c.pieces)
		w := cellrecord.Named(kwp, m2, limit, cell, c.pieces, "PV-CELL-MONO182", "bom[1].quantity", name)
		if (w.Field != "") != c.warned {
			t.Errorf("%v cells per %v modules: warned %q, want %v", c.cells, c.pieces, w.Field, c.warned)
		}
		if c.warned && (!strings.Contains(w.EN, `states 54 cells ("108 half-cells")`) || !strings.Contains(w.ZH, "产品名称写明 54 片电池")) {
			t.Errorf("%v cells: %q / %q", c.cells, w.EN, w.ZH)
		}
	}
	kwp, m2 := at(47, 1)
	for _, c := range []struct {
		what                 string
		kwp, m2, cell, piece float64
		name                 string
	}{
		// a line in a power unit beside the cells is warned since reviewer 56c (TestReviewer56c_PowerLineBesideTheCells)
		{"all cells in a power unit", kwp, 0, cell, 1, name},
		{"no cell size (a supplier's cells)", kwp, m2, 0, 1, name},
		{"a name stating no count", kwp, m2, cell, 1, "Demo mono-Si PV module"},
	} {
		if w := cellrecord.Named(c.kwp, c.m2, limit, c.cell, c.piece, "PV-CELL-MONO182", "bom[1].quantity", c.name); w.Field != "" {
			t.Errorf("%s: warned %q", c.what, w.EN)
		}
	}
}
