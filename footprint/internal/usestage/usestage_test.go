package usestage

import (
	"strings"
	"testing"
	"unicode"
)

func TestSmall(t *testing.T) {
	// Ensure a use stage is warned when it is under the cut-off limit and at
	// or above the token-stage limit (the engine's warning below that), or
	// counted over less than a year, and not otherwise; and that the warning
	// is English in EN and Chinese in ZH, naming the share, the limit and
	// the average power.
	for _, c := range []struct {
		name        string
		kg, total   float64
		kwh, years  float64
		want        bool
		en, notInEN []string
	}{
		{"at the limit", 5, 100, 41.464, 4, false, nil, nil},
		{"under the limit", 4.99, 100, 41.464, 4, true, []string{"4.99 % of the total, less than the 5 % cut-off limit of rule r", "4.733 W"}, []string{"one year"}},
		{"at the token limit", 0.005, 100, 41.464, 4, true, []string{"0.005 % of the total"}, nil},
		{"under the token limit", 0.0049, 100, 41.464, 4, false, nil, nil},
		{"a year", 50, 100, 41.464, 1, false, nil, nil},
		{"under a year", 50, 100, 41.464, 0.99, true, []string{"50 % of the total; its lifetime of 0.99 years is less than the one year"}, []string{"cut-off limit"}},
		{"both", 1, 100, 41.464, 0.1, true, []string{"less than the 5 % cut-off limit of rule r", "may leave out; its lifetime of 0.1 years"}, nil},
		{"no use stage", 0, 100, 41.464, 0.1, false, nil, nil},
		{"no total", 1, 0, 41.464, 0.1, false, nil, nil},
	} {
		w := Small(c.kg, c.total, 5, 1000, "r", c.kwh, c.years)
		if got := w.EN != ""; got != c.want {
			t.Errorf("%s: warned %v (%+v), want %v", c.name, got, w, c.want)
			continue
		}
		if !c.want {
			if w.ZH != "" {
				t.Errorf("%s: Chinese %q without English", c.name, w.ZH)
			}
			continue
		}
		if unicode.Is(unicode.Han, []rune(w.EN)[0]) || !strings.ContainsFunc(w.ZH, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("%s: %+v, want English in EN and Chinese in ZH", c.name, w)
		}
		for _, s := range c.en {
			if !strings.Contains(w.EN, s) {
				t.Errorf("%s: %q, want %q", c.name, w.EN, s)
			}
		}
		for _, s := range c.notInEN {
			if strings.Contains(w.EN, s) {
				t.Errorf("%s: %q, want no %q", c.name, w.EN, s)
			}
		}
	}
}
