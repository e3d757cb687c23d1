package parts

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/internal/warntest"
)

// Ensure every warning the package words has a Chinese message beside its
// English one, the English starting in English (or, for Absent, the Chinese
// before the English, as the engine wrote it when warnings became
// bilingual), and that the figures reach both.
func TestWarnings_Bilingual(t *testing.T) {
	for _, tt := range []struct {
		name    string
		w       Warning
		form    warntest.Form
		figures []string
	}{
		{"Absent", Absent("printed circuit boards", "印刷电路板", "HS:8473", "electronics", "HS:8471", "HS:847130"), warntest.ChineseFirst, []string{"HS:8473", "electronics", "HS:8471", "HS:847130"}},
		{"NoFactor", NoFactor("electronics", "boards", "电路板", "HS:8473"), warntest.EnglishFirst, []string{"electronics", "HS:8473"}},
		{"FewerThanPieces", FewerThanPieces("electronics", "boards", "电路板", 0.23456, 1), warntest.EnglishFirst, []string{"0.2346", "(1)"}},
		{"BelowCutOff", BelowCutOff("electronics", "boards", "电路板", 0.5, 200, 1), warntest.EnglishFirst, []string{"0.5", "0.25", "1 %"}},
		{"MadeFrom", MadeFrom("pv-module", "cells", "电池片", "MAT-SI", "product codes HS:2804", "产品代码 HS:2804", 12.3456789), warntest.EnglishFirst, []string{"MAT-SI", "HS:2804", "12.3457"}},
	} {
		t.Run(tt.name, func(t *testing.T) { warntest.Bilingual(t, tt.w.EN, tt.w.ZH, tt.form, tt.figures...) })
	}
}
