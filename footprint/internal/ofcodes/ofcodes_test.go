package ofcodes_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
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
		{"a factor's digits in another scheme", codes(t, "CPC:390210", "CNPC:3902"), "", "", 0, false},
		{"a factor's scheme, other digits", codes(t, "HS:3903", "HS:39"), "PP", "", 1.587, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, low, of, broad := ofcodes.Floor(tc.codes, lowest)
			if f != tc.f || low != tc.low || of != tc.of || broad != tc.wantBroad {
				t.Errorf("Floor(%q) = %q, %v, %q, %v; want %q, %v, %q, %v", tc.codes, f, low, of, broad, tc.f, tc.low, tc.of, tc.wantBroad)
			}
		})
	}
}

func TestHasPrefix(t *testing.T) {
	// Ensure HasPrefix answers what strings.HasPrefix answers of the code
	// written "SCHEME:code" (ProductCode.String), for prefixes shorter than,
	// as long as and longer than the scheme, and a scheme that holds a
	// colon; and that it writes nothing.
	pcs := []footprint.ProductCode{{Scheme: "HS", Code: "854142"}, {Scheme: "CPC", Code: "46410"}, {Scheme: "HS", Code: ""},
		{Scheme: "", Code: "854142"}, {Scheme: "HS:85", Code: "4142"}, {Scheme: "HSX", Code: "8541"}}
	prefixes := []string{"", "H", "HS", "HS:", "HS:8", "HS:854142", "HS:8541420", "HS:85:", "HS:85:41", "HSX:", "CPC:4641",
		"HS8541", ":854142", ":", "CPC", "HS:7005"}
	for _, pc := range pcs {
		for _, p := range prefixes {
			if got, want := ofcodes.HasPrefix(pc, p), strings.HasPrefix(pc.String(), p); got != want {
				t.Errorf("HasPrefix(%q, %q) = %v, want %v", pc, p, got, want)
			}
		}
	}
	pc := footprint.ProductCode{Scheme: "HS", Code: "854142"}
	if n := testing.AllocsPerRun(100, func() { ofcodes.HasPrefix(pc, "HS:8541") }); n != 0 {
		t.Errorf("%v allocations a comparison, want 0", n)
	}
}
