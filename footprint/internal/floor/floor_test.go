package floor

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/internal/warntest"
)

// Ensure every warning the package words has a Chinese message beside its
// English one, the English starting in English (or, for Broad, the Chinese
// before the English, as the engine wrote it when warnings became
// bilingual), and that the figures reach both.
func TestWarnings_Bilingual(t *testing.T) {
	s := Supplier{ID: "pact:frame-1", KgCO2e: 2.5, Unit: "kg"}
	via, viaZH := Through(0.4, "kWp")
	warntest.Table(t, []warntest.Case[Warning]{
		{Name: "NoMass", W: NoMass(s), Form: warntest.EnglishOnly, Figures: []string{"pact:frame-1", "2.5"}},
		{Name: "BelowMaterial", W: BelowMaterial(s, 1.23456, "MAT-AL", 8.1234567), Form: warntest.EnglishOnly, Figures: []string{"1.23", "8.12346", "MAT-AL"}},
		{Name: "BelowSet", W: BelowSet(s, "2024.1", "MAT-AL", 10), Form: warntest.EnglishOnly, Figures: []string{"2024.1", "MAT-AL", "10", "4"}},
		{Name: "Broad", W: Broad(s, "HS:76", "2024.1", "MAT-AL", 10), Form: warntest.ChineseFirst, Figures: []string{"HS:76", "2024.1", "MAT-AL", "10"}},
		{Name: "PartOtherUnit", W: PartOtherUnit(s, "pv-module", "2024.1", "CELL-1", "m2"), Form: warntest.EnglishOnly, Figures: []string{"pv-module", "CELL-1", "m2"}},
		{Name: "PartNoCode", W: PartNoCode(s, "pv-module", "2024.1"), Form: warntest.EnglishOnly, Figures: []string{"pv-module", "2024.1"}},
		{Name: "PartBelow", W: PartBelow(s, "pv-module", "2024.1", "CELL-1", 5), Form: warntest.EnglishOnly, Figures: []string{"pv-module", "CELL-1", "2"}},
		{Name: "PartOtherUnitMay", W: PartOtherUnitMay(s, "pv-module", "2024.1", "CELL-1", "m2"), Form: warntest.EnglishOnly, Figures: []string{"pv-module", "CELL-1", "m2"}},
		{Name: "Unmatched", W: Unmatched(s, "frame", "", "2024.1", "MAT-AL", "kg", "frame"), Form: warntest.EnglishOnly, Figures: []string{"frame", "MAT-AL", "2024.1"}},
		{Name: "UnmatchedNoFactor", W: Unmatched(s, "frame", "CPC:4151", "2024.1", "", "", "frame"), Form: warntest.EnglishOnly, Figures: []string{"CPC:4151", "2024.1"}},
		{Name: "ProductBelow", W: ProductBelow(80, "1 piece", "2024.1", "HS:854143", "PV-MOD", 100, via, viaZH), Form: warntest.EnglishOnly, Figures: []string{"80", "100", "20", "0.4 kWp"}},
	})
}
