package api_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 42 (session 36): flattering numbers on a valid certificate.

// lcdDeviceStudy is radioStudy's inventory under the display rule,
// cradle-to-gate as the rule takes a panel of HS code code: no use stage,
// distribution or end of life, 2 kWh of assembly electricity.
func lcdDeviceStudy(t *testing.T, code string, boards bool) []byte {
	t.Helper()
	doc := mustDoc(t, radioStudy(t, code, boards))
	doc["rule"], doc["boundary"] = "display", "cradle-to-gate"
	p := doc["product"].(map[string]any)
	delete(p, "use")
	p["active_area_m2"] = 0.05
	delete(doc, "transport")
	delete(doc, "end_of_life")
	doc["electricity"] = []any{map[string]any{"name": "Assembly line", "quantity": 2, "unit": "kWh", "stage": "production", "factor": "ELEC-CN-NAT-CF-2024"}}
	return seedtest.MustMarshal(t, doc)
}

// Attack: a computer without its circuit boards under a code of a class
// the rules do not ask boards of. Red teams 9 and 40 made the electronics
// rule ask the boards of the classes that always carry them (computers,
// telephones, radio apparatus, calculators, storage …), and the display
// rule those of monitors and panels with drivers; every other code of the
// rule passed without them. The demo laptop's inventory (exempted lines
// counted) without its logic board, coded as parts of radio and television
// apparatus (HS 852990), was stored, applied for and certified at 119.35
// kgCO2e instead of 185.45 with its board; coded as another liquid-crystal
// device (HS 901380, display modules' code until HS 2022) under the display
// rule, cradle-to-gate, at 24.12, on an empty review.
//
// Which products of a class carry boards is not something reference/
// gives, so no refusal: a correct service names, in the review, a product
// of a rule with boards and none counted, with its code, for the
// certifier to read beside the product's name.
func TestRedteam42_ComputerWithoutBoardsUnderAnotherCode(t *testing.T) {
	st := newSeededStack(t)
	for _, tt := range []struct {
		code  string
		study func(*testing.T, string, bool) []byte
	}{
		{"852990", radioStudy},
		{"901380", lcdDeviceStudy},
	} {
		sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: tt.study(t, tt.code, false)}), 201)
		app := st.apply(t, sd.ID)
		if v := st.review(t, app); len(reviewWarningsWith(v, "bom", "counts no circuit boards", "HS:"+tt.code, "没有计入电路板")) != 1 {
			issued := MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201)
			t.Errorf("the demo laptop's inventory without its boards as HS %s: certificate %s issued at %.2f kgCO2e (185.45 with its boards) with no warning at bom that it counts no circuit boards (review warnings %+v)",
				tt.code, issued.Number, issued.KgCO2e, v.Review.Warnings)
		}
		// With its board, nothing is said of boards.
		doc := mustDoc(t, tt.study(t, tt.code, true))
		doc["product"].(map[string]any)["model"] = "RC-BOARD-" + tt.code
		sd = MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: seedtest.MustMarshal(t, doc)}), 201)
		if w := reviewWarningsWith(st.review(t, st.apply(t, sd.ID)), "bom", "counts no circuit boards"); len(w) != 0 {
			t.Errorf("HS %s with its board: warned %+v", tt.code, w)
		}
	}
}
