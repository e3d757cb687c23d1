package die_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/internal/die"
)

// code is a product code as footprint.ProductCode is: Meets when one is a
// prefix of the other.
type code string

func (c code) String() string { return "HS:" + string(c) }
func (c code) Meets(o code) bool {
	return strings.HasPrefix(string(c), string(o)) || strings.HasPrefix(string(o), string(c))
}

func TestUnbased(t *testing.T) {
	cpu := die.Line[code]{Path: "bom[1]", Factor: "CPU-DIE", Codes: []code{"854231"}, Note: "plus 9.14 per package", Die: true}
	mem := die.Line[code]{Path: "bom[2]", Factor: "MEM-DIE", Codes: []code{"854232"}, Note: "5.22 per module", Die: true}
	pkg := func(n float64, c code) die.Line[code] {
		return die.Line[code]{Supplier: "S", Codes: []code{c}, Items: n}
	}
	for _, tt := range []struct {
		name   string
		pieces float64
		lines  []die.Line[code]
		want   []string // fields warned, in order
	}{
		{"no dies", 1, []die.Line[code]{pkg(1, "854231")}, nil},
		{"dies without packages, in code order", 1, []die.Line[code]{mem, cpu}, []string{"bom[1]", "bom[2]"}},
		{"a package of each", 1, []die.Line[code]{cpu, mem, pkg(1, "854231"), pkg(1, "8542")}, nil},
		{"a package of the heading counts for both", 2, []die.Line[code]{cpu, mem, pkg(2, "8542")}, nil},
		{"fewer packages than pieces", 2, []die.Line[code]{cpu, pkg(1, "854231")}, []string{"bom[1]"}},
		{"within rounding", 1, []die.Line[code]{cpu, pkg(0.995, "854231")}, nil},
		{"pieces unknown: some", 0, []die.Line[code]{cpu, pkg(0.01, "854231")}, nil},
		{"pieces unknown: none", 0, []die.Line[code]{cpu}, []string{"bom[1]"}},
		{"another product's package", 1, []die.Line[code]{cpu, pkg(1, "847330")}, []string{"bom[1]"}},
		{"a die without codes", 1, []die.Line[code]{{Path: "bom[3]", Factor: "X", Die: true}, pkg(1, "8542")}, []string{"bom[3]"}},
	} {
		ws := die.Unbased(tt.lines, tt.pieces)
		var got []string
		for _, w := range ws {
			got = append(got, w.Field)
			if w.ZH == "" || !strings.Contains(w.EN, "counts integrated circuits by the area of their die") {
				t.Errorf("%s: warning %+v", tt.name, w)
			}
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("%s: warned at %v, want %v", tt.name, got, tt.want)
		}
	}
}
