package parts

import (
	"strings"
	"testing"
	"unicode"
)

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// Ensure every warning the package words has a Chinese message beside its
// English one, the English starting in English (or, for Absent, the Chinese
// before the English, as the engine wrote it when warnings became
// bilingual), and that the figures reach both.
func TestWarnings_Bilingual(t *testing.T) {
	for _, tt := range []struct {
		name    string
		w       Warning
		zhFirst bool
		figures []string
	}{
		{"Absent", Absent("printed circuit boards", "印刷电路板", "HS:8473", "electronics", "HS:8471", "HS:847130"), true, []string{"HS:8473", "electronics", "HS:8471", "HS:847130"}},
		{"NoFactor", NoFactor("electronics", "boards", "电路板", "HS:8473"), false, []string{"electronics", "HS:8473"}},
		{"FewerThanPieces", FewerThanPieces("electronics", "boards", "电路板", 0.23456, 1), false, []string{"0.2346", "(1)"}},
		{"BelowCutOff", BelowCutOff("electronics", "boards", "电路板", 0.5, 200, 1), false, []string{"0.5", "0.25", "1 %"}},
		{"MadeFrom", MadeFrom("pv-module", "cells", "电池片", "MAT-SI", "product codes HS:2804", "产品代码 HS:2804", 12.3456789), false, []string{"MAT-SI", "HS:2804", "12.3457"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.w.EN == "" || !strings.ContainsFunc(tt.w.ZH, isHan) {
				t.Fatalf("warning %+v: want English and Chinese", tt.w)
			}
			if got := isHan([]rune(tt.w.EN)[0]); got != tt.zhFirst {
				t.Errorf("EN %q starts in Chinese: %v, want %v", tt.w.EN, got, tt.zhFirst)
			}
			for _, f := range tt.figures {
				if !strings.Contains(tt.w.EN, f) || !strings.Contains(tt.w.ZH, f) {
					t.Errorf("figure %q missing from EN %q or ZH %q", f, tt.w.EN, tt.w.ZH)
				}
			}
		})
	}
}
