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
