package cellrecord

import (
	"strings"
	"testing"
)

// The demo module's figures: 433.6 Wp, cells of 0.033124 m² (182 mm), the
// pv-module rule's limiting efficiency 29.4 %.
func TestRecord(t *testing.T) {
	const cell, limit, rated = 0.033124, 29.4, 0.4336
	for _, c := range []struct {
		name      string
		kwp, m2   float64
		limit     float64
		warned    bool
		want, zh  string
		wantField string
	}{
		{name: "54 cells", m2: 54 * cell, kwp: 54 * cell * limit / 100, limit: limit},
		{name: "47 cells, 27.86 % each", m2: 47 * cell, kwp: 47 * cell * limit / 100, limit: limit},
		{name: "46 cells, 28.5 % each", m2: 46 * cell, kwp: 46 * cell * limit / 100, limit: limit, warned: true,
			want: "cover 1.5237 m² per declared unit, which give at most 0.4251 kWp at 27.9 %", zh: "每片电池须达到 28.5 % 的效率"},
		// 0.1 kWp of cells in a power unit beside 34 pieces: the power line
		// is taken at its power, the pieces at the record.
		{name: "34 cells beside 0.1 kWp", m2: 34 * cell, kwp: 0.1 + 34*cell*limit/100, limit: limit, warned: true,
			want: "at most 0.4142 kWp", zh: "每片电池须达到 29.6 % 的效率"},
		{name: "37 cells beside 0.1 kWp", m2: 37 * cell, kwp: 0.1 + 37*cell*limit/100, limit: limit},
		{name: "cells in a power unit only", kwp: 0.3, limit: limit},
		{name: "a rule without the silicon limit", m2: 10 * cell, kwp: 10 * cell * limit / 100},
	} {
		w := Record(c.kwp, c.m2, c.limit, rated, "bom[1].quantity")
		if got := w.Field != ""; got != c.warned {
			t.Errorf("%s: warned %v, want %v: %+v", c.name, got, c.warned, w)
			continue
		}
		if c.warned && (w.Field != "bom[1].quantity" || !strings.Contains(w.EN, c.want) || !strings.Contains(w.ZH, c.zh)) {
			t.Errorf("%s: %+v, want %q and %q", c.name, w, c.want, c.zh)
		}
	}
}

func TestMass(t *testing.T) {
	const cell = 0.033124 // 182 mm
	for _, c := range []struct {
		name   string
		kg, m2 float64
		cell   bool
		warned bool
		most   string // the wafer's mass the warning names
	}{
		{"the demo's 12.2 g cell", 0.0122121, cell, true, false, ""},
		{"23.1 g, a 300 µm wafer", 0.0231, cell, true, false, ""},
		{"23.2 g", 0.0232, cell, true, true, "23.1 g"},
		{"45 g", 0.045, cell, true, true, "23.1 g"},
		{"no mass", 0, cell, true, false, ""},
		{"no area (a line in kg or kWp)", 0.045, 0, true, false, ""},
		{"a line not of cells", 0.045, cell, false, false, ""},
		{"1.36 kg a m² of cells (45 g cells of 182 mm)", 1.36, 1, true, true, "699 g"},
		{"0.37 kg a m² of cells (the demo's)", 0.369, 1, true, false, ""},
	} {
		w := Mass("bom[1]", c.kg, c.m2, c.cell)
		if got := w.Field != ""; got != c.warned || got && w.Field != "bom[1].mass_kg" {
			t.Errorf("%s: warned %v, want %v: %+v", c.name, got, c.warned, w)
		}
		if c.warned && (!strings.Contains(w.EN, "more than the "+c.most+" a silicon wafer of that area weighs at 300 µm") || !strings.Contains(w.ZH, "硅片的质量 "+c.most)) {
			t.Errorf("%s: %+v", c.name, w)
		}
	}
}
