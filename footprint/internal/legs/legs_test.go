package legs_test

import (
	"math"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/internal/legs"
)

func TestShares(t *testing.T) {
	for _, tt := range []struct {
		name    string
		product float64
		legs    []legs.Leg
		want    []string // substrings of the English message; nil: no warning
	}{
		{"each leg carries the product", 2, []legs.Leg{{"transport[0]", 2, 10}, {"transport[1]", 2.01, 1}}, nil},
		{"within rounding", 2, []legs.Leg{{"transport[0]", 1.99, 10}}, nil},
		{"no product mass", 0, []legs.Leg{{"transport[0]", 0.1, 10}}, nil},
		{"no legs", 2, nil, nil},
		{"a share", 2, []legs.Leg{{"transport[0]", 0.5, 1}, {"transport[1]", 1.5, 3}},
			[]string{"transport[0] carries 0.5 kg (25 %), 1 kgCO2e", "transport[1] carries 1.5 kg (75 %)", "these legs would give 8 kgCO2e instead of 4"}},
		{"a leg of no mass and no emissions beside the product", 2, []legs.Leg{{"transport[0]", 0, 0}, {"transport[1]", 2, 3}}, nil},
		{"a leg of infinite mass is left out of the scaling", 2, []legs.Leg{{"transport[0]", math.Inf(1), 1}, {"transport[1]", 1, 1}}, []string{"transport[1] carries 1 kg", "would give 3 kgCO2e instead of 2"}},
	} {
		w := legs.Shares(tt.product, 1, tt.legs)
		if tt.want == nil {
			if w.Field != "" {
				t.Errorf("%s: warned %+v", tt.name, w)
			}
			continue
		}
		if w.Field != "transport" || w.ZH == "" {
			t.Errorf("%s: warning %+v, want one at transport with Chinese", tt.name, w)
		}
		for _, s := range tt.want {
			if !strings.Contains(w.EN, s) {
				t.Errorf("%s: %q lacks %q", tt.name, w.EN, s)
			}
		}
	}
}

// TestRedteam87_Metres: a leg whose distance is stated in a unit below the
// kilometre is warned at its distance unit with what it would give in
// kilometres (red team 87); a leg in km, or of no length, is not; Warnings
// reads every leg for the unit and only the distribution legs for shares.
func TestRedteam87_Metres(t *testing.T) {
	leg := func(path string, kg, co2 float64, dist bool, d, km float64, unit string) legs.Stated {
		return legs.Stated{Leg: legs.Leg{Path: path, Kg: kg, KgCO2e: co2}, Dist: dist, Distance: d, Km: km, Unit: unit}
	}
	for _, tt := range []struct {
		name string
		all  []legs.Stated
		want []string // the field of each warning, in order
		en   string   // a substring of the first warning
	}{
		{"in km", []legs.Stated{leg("transport[0]", 20, 3, false, 1500, 1500, "km")}, nil, ""},
		{"in m, inbound", []legs.Stated{leg("transport[0]", 20, 0.003, false, 1500, 1.5, "m")},
			[]string{"transport[0].distance.unit"}, "1500 m is 1.5 km, while distances between sites are stated in kilometres and a leg in m is a move within a site; were it 1500 km, the leg would give 3 kgCO2e instead of 0.003"},
		{"of no length", []legs.Stated{leg("transport[0]", 20, 0, false, 0, 0, "m")}, nil, ""},
		{"in m beside a share", []legs.Stated{leg("transport[0]", 1, 1, true, 100, 100, "km"), leg("transport[1]", 2, 0.001, true, 100, 0.1, "m"), leg("transport[2]", 0.5, 1, false, 10, 10, "km")},
			[]string{"transport[1].distance.unit", "transport"}, "were it 100 km, the leg would give 1 kgCO2e"},
	} {
		ws := legs.Warnings(2, 1, tt.all)
		var got []string
		for _, w := range ws {
			got = append(got, w.Field)
			if w.EN == "" || w.ZH == "" {
				t.Errorf("%s: a warning without both languages: %+v", tt.name, w)
			}
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%s: warned at %q, want %q", tt.name, got, tt.want)
		}
		if tt.en != "" && len(ws) > 0 && !strings.Contains(ws[0].EN, tt.en) {
			t.Errorf("%s: %q lacks %q", tt.name, ws[0].EN, tt.en)
		}
	}
}
