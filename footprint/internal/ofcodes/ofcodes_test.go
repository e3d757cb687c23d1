package ofcodes_test

import (
	"reflect"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/internal/montecarlo"
	"github.com/chengdu-pcf/pcf/footprint/internal/ofcodes"
)

// codes parses product codes ("HS:7403"), as the engine passes them.
func codes(t *testing.T, ss ...string) []footprint.ProductCode {
	t.Helper()
	out := make([]footprint.ProductCode, len(ss))
	for i, s := range ss {
		pc, err := footprint.ParseProductCode(s)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = pc
	}
	return out
}

func TestFigures(t *testing.T) {
	// Ensure a certificate's figure is compared with every factor that
	// converts to its unit (none per another kind of unit), those of its HS
	// codes, either code starting with the other, marked OfCodes: a
	// factor of another heading, or of a CPC code that is an HS code's
	// digits, is not of them.
	factors := []ofcodes.Factor[footprint.ProductCode]{
		{Codes: codes(t, "HS:7403"), Families: []string{"HS:74"}, Kg: 5.795, Pct: 50, Converts: true},            // copper, of the heading
		{Codes: codes(t, "HS:740311"), Kg: 4, Pct: 20, Converts: true},                                           // cathodes, within it
		{Codes: codes(t, "HS:74"), Kg: 6, Pct: 30, Converts: true},                                               // the chapter, holding it
		{Codes: codes(t, "HS:7408"), Kg: 7, Pct: 50, Converts: true},                                             // wire: another heading
		{Codes: codes(t, "CPC:7403"), Kg: 9, Pct: 50, Converts: true},                                            // another scheme
		{Codes: codes(t, "HS:7403"), Kg: 0, Pct: 50, Converts: false},                                            // per piece
		{Codes: codes(t, "HS:7005", "HS:740319"), Families: []string{"HS:70"}, Kg: 1.5, Pct: 50, Converts: true}, // one of its codes
	}
	figures := func(of ...bool) []montecarlo.Figure {
		out := []montecarlo.Figure{
			{Kg: 5.795, Pct: 50, Families: []string{"HS:74"}}, {Kg: 4, Pct: 20}, {Kg: 6, Pct: 30}, {Kg: 7, Pct: 50}, {Kg: 9, Pct: 50},
			{Kg: 1.5, Pct: 50, Families: []string{"HS:70"}},
		}
		for i := range out {
			out[i].OfCodes = of[i]
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		codes []footprint.ProductCode
		want  []montecarlo.Figure
	}{
		{"HS 7403", codes(t, "HS:7403"), figures(true, true, true, false, false, true)},
		{"HS 740311", codes(t, "HS:740311"), figures(true, true, true, false, false, false)},
		{"CPC 7403 only", codes(t, "CPC:7403"), figures(false, false, false, false, false, false)},
		{"HS 9403", codes(t, "HS:9403"), figures(false, false, false, false, false, false)},
		{"HS 9403 and 7408", codes(t, "HS:9403", "HS:7408"), figures(false, false, true, true, false, false)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ofcodes.Figures(tc.codes, factors); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Figures(%q) = %v, want %v", tc.codes, got, tc.want)
			}
		})
	}
}

func TestFloor(t *testing.T) {
	// Ensure each code is compared with the lowest factor of a class
	// holding it, or, for a code broader than every factor's, the lowest
	// within it (broad); the highest of those over the codes; and, for a
	// code whose factors none converts, that factor.
	type factor struct {
		code  string
		pc    string
		kg    float64
		ratio bool // converts
	}
	set := []factor{
		{"PP", "HS:390210", 1.587, true},
		{"PP-CTO", "HS:390210", 7.95, true},
		{"GLASS", "HS:7005", 1.13, true},
		{"CELL", "HS:854142", 1.59, false},
	}
	lowest := func(in func(fc footprint.ProductCode) bool) (c string, low float64, of string) {
		for _, f := range set {
			switch {
			case !in(codes(t, f.pc)[0]):
			case f.ratio && (c == "" || f.kg < low):
				c, low = f.code, f.kg
			case !f.ratio && of == "":
				of = f.code
			}
		}
		return c, low, of
	}
	for _, tc := range []struct {
		name      string
		codes     []footprint.ProductCode
		f, of     string
		low       float64
		wantBroad bool
	}{
		{"of a factor's code", codes(t, "HS:390210"), "PP", "", 1.587, false},
		{"a heading broader than the factors", codes(t, "HS:3902"), "PP", "", 1.587, true},
		{"the highest of two codes", codes(t, "HS:390210", "HS:700510"), "PP", "", 1.587, false},
		{"a cheaper code does not lower it", codes(t, "HS:700510", "HS:390210"), "PP", "", 1.587, false},
		{"no factor converts", codes(t, "HS:854142"), "", "CELL", 0, false},
		{"none of its codes", codes(t, "HS:9403"), "", "", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, low, of, broad := ofcodes.Floor(tc.codes, lowest)
			if f != tc.f || low != tc.low || of != tc.of || broad != tc.wantBroad {
				t.Errorf("Floor(%q) = %q, %v, %q, %v; want %q, %v, %q, %v", tc.codes, f, low, of, broad, tc.f, tc.low, tc.of, tc.wantBroad)
			}
		})
	}
}
