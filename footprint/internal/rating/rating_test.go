package rating

import (
	"strings"
	"testing"
	"unicode"
)

// Ensure each warning is bilingual, English in EN and Chinese in ZH, and
// names the ratings and what the line uses; a primary line's names its
// flag.
func TestWarning_Bilingual(t *testing.T) {
	for _, tc := range []struct {
		rated, primary bool
		want           []string
	}{
		{false, false, []string{"DQR 1.2", "factor X"}},
		{false, true, []string{"DQR 1.2", "factor X"}},
		{true, false, []string{"DQR 1.2", "2.5", "factor X", "not primary"}},
		{true, true, []string{"DQR 1.2", "2.5", "factor X", "flagged primary", "the set's"}},
	} {
		w := Warning("1.2", "2.5", "factor X", tc.rated, tc.primary)
		if w.EN == "" || unicode.Is(unicode.Han, []rune(w.EN)[0]) || !strings.ContainsFunc(w.ZH, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("%+v: %+v, want English in EN and Chinese in ZH", tc, w)
		}
		for _, s := range tc.want {
			if !strings.Contains(w.EN, s) {
				t.Errorf("%+v: %q does not name %q", tc, w.EN, s)
			}
		}
		if tc.rated && !strings.Contains(w.ZH, "2.5") || !strings.Contains(w.ZH, "因子 X") {
			t.Errorf("%+v: %q does not name the factor and its rating", tc, w.ZH)
		}
	}
	if w := Warning("1", "2", "supplier footprint S", true, false); !strings.Contains(w.ZH, "供应商足迹 S") {
		t.Errorf("%q: want the supplier footprint named in Chinese", w.ZH)
	}
}
