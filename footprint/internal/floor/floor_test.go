package floor

import (
	"strings"
	"testing"
	"unicode"
)

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// Ensure every warning the package words has a Chinese message beside its
// English one, the English starting in English (or, for Broad, the Chinese
// before the English, as the engine wrote it when warnings became
// bilingual), and that the figures reach both.
func TestWarnings_Bilingual(t *testing.T) {
	s := Supplier{ID: "pact:frame-1", KgCO2e: 2.5, Unit: "kg"}
	via, viaZH := Through(0.4, "kWp")
	for _, tt := range []struct {
		name    string
		w       Warning
		zhFirst bool
		figures []string
	}{
		{"NoMass", NoMass(s), false, []string{"pact:frame-1", "2.5"}},
		{"BelowMaterial", BelowMaterial(s, 1.23456, "MAT-AL", 8.1234567), false, []string{"1.23", "8.12346", "MAT-AL"}},
		{"BelowSet", BelowSet(s, "2024.1", "MAT-AL", 10), false, []string{"2024.1", "MAT-AL", "10", "4"}},
		{"Broad", Broad(s, "HS:76", "2024.1", "MAT-AL", 10), true, []string{"HS:76", "2024.1", "MAT-AL", "10"}},
		{"PartOtherUnit", PartOtherUnit(s, "pv-module", "2024.1", "CELL-1", "m2"), false, []string{"pv-module", "CELL-1", "m2"}},
		{"PartNoCode", PartNoCode(s, "pv-module", "2024.1"), false, []string{"pv-module", "2024.1"}},
		{"PartBelow", PartBelow(s, "pv-module", "2024.1", "CELL-1", 5), false, []string{"pv-module", "CELL-1", "2"}},
		{"PartOtherUnitMay", PartOtherUnitMay(s, "pv-module", "2024.1", "CELL-1", "m2"), false, []string{"pv-module", "CELL-1", "m2"}},
		{"Unmatched", Unmatched(s, "frame", "", "2024.1", "MAT-AL", "kg", "frame"), false, []string{"frame", "MAT-AL", "2024.1"}},
		{"UnmatchedNoFactor", Unmatched(s, "frame", "CPC:4151", "2024.1", "", "", "frame"), false, []string{"CPC:4151", "2024.1"}},
		{"ProductBelow", ProductBelow(80, "1 piece", "2024.1", "HS:854143", "PV-MOD", 100, via, viaZH), false, []string{"80", "100", "20", "0.4 kWp"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.w.EN == "" || !strings.ContainsFunc(tt.w.ZH, isHan) {
				t.Fatalf("warning %+v: want English and Chinese", tt.w)
			}
			if got := isHan([]rune(tt.w.EN)[0]); got != tt.zhFirst {
				t.Errorf("EN %q starts in Chinese: %v, want %v", tt.w.EN, got, tt.zhFirst)
			}
			if !tt.zhFirst && strings.ContainsFunc(tt.w.EN, isHan) {
				t.Errorf("EN %q holds Chinese", tt.w.EN)
			}
			for _, f := range tt.figures {
				if !strings.Contains(tt.w.EN, f) || !strings.Contains(tt.w.ZH, f) {
					t.Errorf("figure %q missing from EN %q or ZH %q", f, tt.w.EN, tt.w.ZH)
				}
			}
		})
	}
}
