package legs_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/internal/legs"
)

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
