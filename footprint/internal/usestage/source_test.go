package usestage

import (
	"strings"
	"testing"
	"unicode"
)

func TestUnsourced(t *testing.T) {
	// Ensure a use profile is warned at SourcePath unless it names a
	// measurement of a known kind with a reference, and that the warning
	// names why, the annual energy as stated, its average power and the
	// kinds, in English in EN and Chinese in ZH.
	for _, c := range []struct {
		name string
		src  *EnergySource
		want string // in EN; "" = not warned
	}{
		{"none", nil, "names no measurement of the annual energy"},
		{"unknown kind", &EnergySource{Kind: "estimate", Reference: "x"}, `kind "estimate", which is no measurement`},
		{"kind in other case", &EnergySource{Kind: "Energy-Star-TEC", Reference: "x"}, `kind "Energy-Star-TEC"`},
		{"no reference", &EnergySource{Kind: SourceEULabel, Reference: "\t"}, "of kind eu-energy-label without its reference"},
		{"TEC", &EnergySource{Kind: SourceEnergyStarTEC, Reference: "ES 1"}, ""},
		{"label", &EnergySource{Kind: SourceEULabel, Reference: "EPREL 1"}, ""},
		{"report", &EnergySource{Kind: SourceTestReport, Reference: "R-1"}, ""},
	} {
		w := Unsourced(c.src, 46.2222, 129.43, "r", 41.464, 3)
		if c.want == "" {
			if w != (Field{}) {
				t.Errorf("%s: %+v, want none", c.name, w)
			}
			continue
		}
		if w.Field != SourcePath {
			t.Errorf("%s: field %q, want %q", c.name, w.Field, SourcePath)
		}
		for _, s := range []string{c.want, "46.22 kgCO2e per declared unit, 35.71 % of the total, from 41.464 kWh a year (4.733 W on average over the 8760 hours of a year) over 3 years", "rule r states no default", "energy-star-tec, eu-energy-label, test-report"} {
			if !strings.Contains(w.EN, s) {
				t.Errorf("%s: %q, want %q", c.name, w.EN, s)
			}
		}
		if unicode.Is(unicode.Han, []rune(w.EN)[0]) || !strings.ContainsFunc(w.ZH, func(r rune) bool { return unicode.Is(unicode.Han, r) }) || !strings.Contains(w.ZH, "41.464 kWh") {
			t.Errorf("%s: %+v, want English in EN and Chinese in ZH", c.name, w)
		}
	}
}

func TestName(t *testing.T) {
	// Ensure the use line's name is what the engine wrote before it moved
	// here (the demo laptop's line, pieces and a country).
	for _, c := range []struct {
		kwh, years, pieces float64
		country, want      string
	}{
		{41.464, 4, 1, "", "use: 41.464 kWh/year × 4 years"},
		{41.464, 4, 2, "CN", "use: 41.464 kWh/year × 4 years × 2 pieces in CN"},
		{1, 0.5, 1.0 / 3, "", "use: 1 kWh/year × 0.5 years × 0.333333 pieces"},
	} {
		if got := Name(c.kwh, c.years, c.pieces, c.country); got != c.want {
			t.Errorf("Name(%v, %v, %v, %q) = %q, want %q", c.kwh, c.years, c.pieces, c.country, got, c.want)
		}
	}
}
