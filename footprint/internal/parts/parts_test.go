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
	warntest.Table(t, []warntest.Case[Warning]{
		{Name: "Absent", W: Absent("printed circuit boards", "印刷电路板", "HS:8473", "electronics", "HS:8471", "HS:847130"), Form: warntest.ChineseFirst, Figures: []string{"HS:8473", "electronics", "HS:8471", "HS:847130"}},
		{Name: "NoFactor", W: NoFactor("electronics", "boards", "电路板", "HS:8473"), Form: warntest.EnglishFirst, Figures: []string{"electronics", "HS:8473"}},
		{Name: "FewerThanPieces", W: FewerThanPieces("electronics", "boards", "电路板", 0.23456, 1), Form: warntest.EnglishFirst, Figures: []string{"0.2346", "(1)"}},
		{Name: "BelowCutOff", W: BelowCutOff("electronics", "boards", "电路板", 0.5, 200, 1), Form: warntest.EnglishFirst, Figures: []string{"0.5", "0.25", "1 %"}},
		{Name: "MadeFrom", W: MadeFrom("pv-module", "cells", "电池片", "MAT-SI", "product codes HS:2804", "产品代码 HS:2804", 12.3456789), Form: warntest.EnglishFirst, Figures: []string{"MAT-SI", "HS:2804", "12.3457"}},
	})
}
