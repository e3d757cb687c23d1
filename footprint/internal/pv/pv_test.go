package pv

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/internal/warntest"
)

// Ensure every warning the package words has a Chinese message beside an
// English one that starts in English, and that the figures reach both.
func TestWarnings_Bilingual(t *testing.T) {
	warntest.Table(t, []warntest.Case[Warning]{
		{Name: "Efficiency", W: Efficiency(450, 1.7, 26.4705882, 24.9, "NREL"), Figures: []string{"450", "1.7", "26.5", "24.9", "NREL"}},
		{Name: "Light", W: Light(5, 2, 6), Figures: []string{"5", "2", "2.5", "6"}},
		{Name: "Glass", W: Glass(16, 2, 10), Figures: []string{"16", "2", "8", "10-15"}},
		{Name: "Lifetime", W: Lifetime(40, 30, ""), Figures: []string{"40", "30"}},
		{Name: "Degradation", W: Degradation(0.2, 0.7, "datasheet"), Figures: []string{"0.2", "0.7", "datasheet"}},
		{Name: "Yield", W: Yield(2000, 975, ""), Figures: []string{"2000", "975"}},
	})
	if w := Lifetime(40, 30, ""); !strings.Contains(w.EN, "(none)") || !strings.Contains(w.ZH, "未给出") {
		t.Errorf("Lifetime without a source = %+v, want it named none", w)
	}
}
