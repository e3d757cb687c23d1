package pv

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/internal/warntest"
)

// Ensure every warning the package words has a Chinese message beside an
// English one that starts in English, and that the figures reach both.
func TestWarnings_Bilingual(t *testing.T) {
	for _, tt := range []struct {
		name    string
		w       Warning
		figures []string
	}{
		{"Efficiency", Efficiency(450, 1.7, 26.4705882, 24.9, "NREL"), []string{"450", "1.7", "26.5", "24.9", "NREL"}},
		{"Light", Light(5, 2, 6), []string{"5", "2", "2.5", "6"}},
		{"Glass", Glass(16, 2, 10), []string{"16", "2", "8", "10-15"}},
		{"Lifetime", Lifetime(40, 30, ""), []string{"40", "30"}},
		{"Degradation", Degradation(0.2, 0.7, "datasheet"), []string{"0.2", "0.7", "datasheet"}},
		{"Yield", Yield(2000, 975, ""), []string{"2000", "975"}},
	} {
		t.Run(tt.name, func(t *testing.T) { warntest.Bilingual(t, tt.w.EN, tt.w.ZH, warntest.EnglishOnly, tt.figures...) })
	}
	if w := Lifetime(40, 30, ""); !strings.Contains(w.EN, "(none)") || !strings.Contains(w.ZH, "未给出") {
		t.Errorf("Lifetime without a source = %+v, want it named none", w)
	}
}
