package fit

import (
	"strings"
	"testing"
	"unicode"
)

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

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
		t.Run(tt.name, func(t *testing.T) {
			if tt.w.EN == "" || isHan([]rune(tt.w.EN)[0]) || strings.ContainsFunc(tt.w.EN, isHan) {
				t.Errorf("EN %q: want English", tt.w.EN)
			}
			if !strings.ContainsFunc(tt.w.ZH, isHan) {
				t.Errorf("ZH %q: want Chinese", tt.w.ZH)
			}
			for _, f := range tt.figures {
				if !strings.Contains(tt.w.EN, f) || !strings.Contains(tt.w.ZH, f) {
					t.Errorf("figure %q missing from EN %q or ZH %q", f, tt.w.EN, tt.w.ZH)
				}
			}
		})
	}
}
