package instrument

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/internal/warntest"
)

// Ensure every warning the package words has a Chinese message beside an
// English one that starts in English, and that the figures reach both.
func TestWarnings_Bilingual(t *testing.T) {
	warntest.Table(t, []warntest.Case[Warning]{
		{Name: "Outside", W: Outside("GEC-1", 30, 365, "2024-01-01/2024-12-31", "2024-01-31/2025-01-30", 12.3456789, 100), Figures: []string{"GEC-1", "30", "365", "2024-01-01/2024-12-31", "2024-01-31/2025-01-30", "12.3457", "100"}},
		{Name: "Unused", W: Unused("GEC-1", 1.5), Figures: []string{"GEC-1", "1.5"}},
		{Name: "Delivery", W: Delivery("GEC-1", "on-site"), Figures: []string{"GEC-1", "on-site"}},
		{Name: "NoTechnology", W: NoTechnology("GEC-1", "ELEC-CN-PV", "pv"), Figures: []string{"GEC-1", "ELEC-CN-PV", "pv"}},
	})
}
