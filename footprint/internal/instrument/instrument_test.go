package instrument

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
		{"Outside", Outside("GEC-1", 30, 365, "2024-01-01/2024-12-31", "2024-01-31/2025-01-30", 12.3456789, 100), []string{"GEC-1", "30", "365", "2024-01-01/2024-12-31", "2024-01-31/2025-01-30", "12.3457", "100"}},
		{"Unused", Unused("GEC-1", 1.5), []string{"GEC-1", "1.5"}},
		{"Delivery", Delivery("GEC-1", "on-site"), []string{"GEC-1", "on-site"}},
		{"NoTechnology", NoTechnology("GEC-1", "ELEC-CN-PV", "pv"), []string{"GEC-1", "ELEC-CN-PV", "pv"}},
	} {
		t.Run(tt.name, func(t *testing.T) { warntest.Bilingual(t, tt.w.EN, tt.w.ZH, warntest.EnglishOnly, tt.figures...) })
	}
}
