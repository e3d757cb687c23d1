package fit

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/internal/warntest"
)

// Ensure every warning the package words has a Chinese message beside an
// English one that starts in English, and that the figures reach both.
func TestWarnings_Bilingual(t *testing.T) {
	warntest.Table(t, []warntest.Case[Warning]{
		{Name: "LaterYear", W: LaterYear("ELEC-CN-NAT-CO2-2023", 2023, "2022-01-01/2022-12-31", "2024.1"), Figures: []string{"ELEC-CN-NAT-CO2-2023", "2023", "2022-01-01/2022-12-31", "2024.1"}},
		{Name: "GateBoundary", W: GateBoundary("MAT-AL", "gate-to-gate"), Figures: []string{"MAT-AL", "gate-to-gate"}},
		{Name: "PrimaryOnSet", W: PrimaryOnSet("MAT-AL"), Figures: []string{"MAT-AL", "PACT primaryDataShare"}},
	})
}
