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
	for _, tt := range []struct {
		name    string
		w       Warning
		form    warntest.Form
		figures []string
	}{
		{"NoMass", NoMass(s), warntest.EnglishOnly, []string{"pact:frame-1", "2.5"}},
		{"BelowMaterial", BelowMaterial(s, 1.23456, "MAT-AL", 8.1234567), warntest.EnglishOnly, []string{"1.23", "8.12346", "MAT-AL"}},
		{"BelowSet", BelowSet(s, "2024.1", "MAT-AL", 10), warntest.EnglishOnly, []string{"2024.1", "MAT-AL", "10", "4"}},
		{"Broad", Broad(s, "HS:76", "2024.1", "MAT-AL", 10), warntest.ChineseFirst, []string{"HS:76", "2024.1", "MAT-AL", "10"}},
		{"PartOtherUnit", PartOtherUnit(s, "pv-module", "2024.1", "CELL-1", "m2"), warntest.EnglishOnly, []string{"pv-module", "CELL-1", "m2"}},
		{"PartNoCode", PartNoCode(s, "pv-module", "2024.1"), warntest.EnglishOnly, []string{"pv-module", "2024.1"}},
		{"PartBelow", PartBelow(s, "pv-module", "2024.1", "CELL-1", 5), warntest.EnglishOnly, []string{"pv-module", "CELL-1", "2"}},
		{"PartOtherUnitMay", PartOtherUnitMay(s, "pv-module", "2024.1", "CELL-1", "m2"), warntest.EnglishOnly, []string{"pv-module", "CELL-1", "m2"}},
		{"Unmatched", Unmatched(s, "frame", "", "2024.1", "MAT-AL", "kg", "frame"), warntest.EnglishOnly, []string{"frame", "MAT-AL", "2024.1"}},
		{"UnmatchedNoFactor", Unmatched(s, "frame", "CPC:4151", "2024.1", "", "", "frame"), warntest.EnglishOnly, []string{"CPC:4151", "2024.1"}},
		{"ProductBelow", ProductBelow(80, "1 piece", "2024.1", "HS:854143", "PV-MOD", 100, via, viaZH), warntest.EnglishOnly, []string{"80", "100", "20", "0.4 kWp"}},
	} {
		t.Run(tt.name, func(t *testing.T) { warntest.Bilingual(t, tt.w.EN, tt.w.ZH, tt.form, tt.figures...) })
	}
}
