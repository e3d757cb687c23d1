package balance

import (
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
		{"Lighter", Lighter(20, 22.5), []string{"20", "22.5"}},
		{"Weighed", Weighed(3, 20, "bom[1], bom[2]", "1 piece"), []string{"3", "20", "15", "bom[1], bom[2]", "1 piece"}},
		{"Inbound", Inbound("transport[0]", 5, 20), []string{"transport[0]", "5", "25", "20"}},
		{"Exempted", Exempted(6.25, 5, "MAT-A, MAT-B", 0.5), []string{"6.25", "5 %", "MAT-A, MAT-B", "0.5"}},
		{"TokenStage", TokenStage("A4", "distribution", "分销", "transport[1]", 0.0012345, 0.005, 1000), []string{"A4", "transport[1]", "0.00123", "0.005", "1000"}},
	} {
		t.Run(tt.name, func(t *testing.T) { warntest.Bilingual(t, tt.w.EN, tt.w.ZH, warntest.EnglishOnly, tt.figures...) })
	}
}
