package api_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 80, the flatterer, against the recycling credit's own treatment
// line (red team 78, found and not closed), through the API as a
// manufacturer stores a study. On the service built from main each of these
// was stored and certified: the laptop with 1.5 kg of secondary-aluminium
// packaging and its aluminium credit for 2 kg beside its recycling line of
// 0.534 kg (180.11 kgCO2e, credits −4.34 → −16.24, CDPCF-2026-000002); the
// laptop with no recycling line, all 2.041 kg incinerated, its aluminium
// credit printed beside it (179.20, credits −4.34, CDPCF-2026-000001); and
// a plastics credit of 0.331 kg beside the aluminium credit on the same
// 0.534 kg sent to recycling (179.03, credits −4.87, CDPCF-2026-000003).
// Ensure each is refused 400 naming the credit line's quantity, in Chinese
// first and English, and that the packaging study whose recycling line
// sends the 2 kg it credits is stored, with red team 78's warning.
func TestRedteam80_CreditWithoutItsTreatmentLine(t *testing.T) {
	st := newSeededStack(t)
	packaged := func(recycled float64) map[string]any {
		doc := rt78Laptop(t, 2)
		doc["packaging"] = []any{map[string]any{"name": "Aluminium tray", "quantity": 1.5, "unit": "kg", "factor": "PV-AL-RECYCLED"}}
		doc["end_of_life"].([]any)[0].(map[string]any)["quantity"] = recycled
		return doc
	}
	incinerated := rt78Laptop(t, 0.534)
	eol := incinerated["end_of_life"].([]any)
	eol[2].(map[string]any)["quantity"] = 2.041
	incinerated["end_of_life"] = eol[1:]
	twoCredits := rt78Laptop(t, 0.534)
	for _, l := range twoCredits["bom"].([]any)[5:7] { // plastics a credit may claim: counted, not cut off (red team 88)
		l := l.(map[string]any)
		l["factor"] = l["exempt"].(map[string]any)["screening_factor"]
		delete(l, "exempt")
	}
	twoCredits["end_of_life"] = append(twoCredits["end_of_life"].([]any),
		map[string]any{"name": "Plastics recycling credit", "quantity": 0.331, "unit": "kg", "treatment": "recycling", "factor": "EOL-CREDIT-PLASTIC-DESNZ"})
	for _, c := range []struct {
		name, field, en, zh string
		doc                 map[string]any
	}{
		{"packaging, 0.534 kg recycled", "end_of_life[1].quantity", "the recycling credits for aluminium (HS chapter 76) claim 2 kg per declared unit, more than the 0.534 kg the end-of-life lines counted in the total send to recycling", "铝(HS 第 76 章)的回收抵扣声明每声明单位 2 kg，超过计入总量的废弃处置行送去回收的 0.534 kg", packaged(0.534)},
		{"all incinerated", "end_of_life[0].quantity", "claim 0.534 kg per declared unit, more than the 0 kg the end-of-life lines counted in the total send to recycling", "送去回收的 0 kg", incinerated},
		{"two credits", "end_of_life[3].quantity", "aluminium (HS chapter 76) and plastics (HS chapter 39) claim 0.865 kg per declared unit, more than the 0.534 kg", "铝(HS 第 76 章)、塑料(HS 第 39 章)的回收抵扣", twoCredits},
	} {
		e := MustError(t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: seedtest.MustMarshal(t, c.doc)}), 400, "invalid")
		zh, en, _ := strings.Cut(e.Error.Message, "。")
		if e.Error.Field != c.field || !strings.Contains(en, c.en) || !strings.Contains(zh, c.zh) {
			t.Errorf("%s: %+v, want 400 naming %s, Chinese first (%q), then English (%q)", c.name, e.Error, c.field, c.zh, c.en)
		}
	}
	rt77Warned(t, st, packaged(2), "the packaging study sending 2 kg to recycling (180.12 kgCO2e), red team 78's warning", 180.1, 180.12, "end_of_life[1].quantity",
		[]string{"the 1.5 kg of it the packaging lines hold"}, []string{"包装行所含该材料的 1.5 kg"})
}
