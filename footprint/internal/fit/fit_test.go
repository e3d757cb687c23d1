package fit

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
		{"LaterYear", LaterYear("ELEC-CN-NAT-CO2-2023", 2023, "2022-01-01/2022-12-31", "2024.1"), []string{"ELEC-CN-NAT-CO2-2023", "2023", "2022-01-01/2022-12-31", "2024.1"}},
		{"GateBoundary", GateBoundary("MAT-AL", "gate-to-gate"), []string{"MAT-AL", "gate-to-gate"}},
		{"PrimaryOnSet", PrimaryOnSet("MAT-AL"), []string{"MAT-AL", "PACT primaryDataShare"}},
	} {
		t.Run(tt.name, func(t *testing.T) { warntest.Bilingual(t, tt.w.EN, tt.w.ZH, warntest.EnglishOnly, tt.figures...) })
	}
}
