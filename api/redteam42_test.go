package api_test

import (
	"fmt"
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

// dieStudy is radioStudy's inventory with its board, or with 6 cm² of CPU
// die (ELEC-IC-DIE-CPU, HS 854231) in the board's place.
func dieStudy(t *testing.T, code string, boards bool) []byte {
	t.Helper()
	doc := mustDoc(t, radioStudy(t, code, true))
	if !boards {
		b := doc["bom"].([]any)[3].(map[string]any)
		b["children"] = []any{map[string]any{"name": "CPU and memory dies", "quantity": 6, "unit": "cm²", "factor": "ELEC-IC-DIE-CPU"}}
	}
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
// rule, cradle-to-gate, at 24.12, on an empty review; with 6 cm² of CPU
// die in the board's place (refused under HS 8471 since red team 25), as
// HS 852990 at 131.17.
//
// Which products of a class carry boards is not something reference/
// gives, so no refusal: a correct service names, in the review, a product
// of a rule with boards and none counted, with its code, for the
// certifier to read beside the product's name.
func TestRedteam42_ComputerWithoutBoardsUnderAnotherCode(t *testing.T) {
	st := newSeededStack(t)
	for i, tt := range []struct {
		code, lacks string
		study       func(*testing.T, string, bool) []byte
	}{
		{"852990", "HS:847330, HS:8534, HS:8542", radioStudy},
		{"901380", "HS:847330, HS:8534, HS:8542", lcdDeviceStudy},
		{"852990", "of product codes HS:847330, HS:8534:", dieStudy},
	} {
		doc := mustDoc(t, tt.study(t, tt.code, false))
		doc["product"].(map[string]any)["model"] = fmt.Sprintf("RC-%d", i)
		sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: seedtest.MustMarshal(t, doc)}), 201)
		app := st.apply(t, sd.ID)
		if v := st.review(t, app); len(reviewWarningsWith(v, "bom", "counts no line of circuit boards", tt.lacks, "HS:"+tt.code, "的电路板")) != 1 {
			issued := MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201)
			t.Errorf("the demo laptop's inventory without its boards (%d) as HS %s: certificate %s issued at %.2f kgCO2e (185.45 with its boards) with no warning at bom that it counts no circuit boards (review warnings %+v)",
				i, tt.code, issued.Number, issued.KgCO2e, v.Review.Warnings)
		}
		// With its board, nothing is said of boards.
		doc = mustDoc(t, tt.study(t, tt.code, true))
		doc["product"].(map[string]any)["model"] = fmt.Sprintf("RC-BOARD-%d", i)
		sd = MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: seedtest.MustMarshal(t, doc)}), 201)
		if w := reviewWarningsWith(st.review(t, st.apply(t, sd.ID)), "bom", "counts no line of circuit boards"); len(w) != 0 {
			t.Errorf("HS %s with its board: warned %+v", tt.code, w)
		}
	}
}

// Attack: a PV module's cells counted as CPCD's wafers. Red team 40 warns
// a part counted only as what it is made from (wafers HS 381800,
// polysilicon 280461), but CPCD gives its factors CPC codes only and files
// its wafers with its cells under CPC 47150: the demo module pinned to the
// CPCD set (seedtest.PinToCPCDYunnan) with its cells as 54 pieces of
// CPCD's 单晶电池片 (1.59 kgCO2e each) is certified at 163.25 kgCO2e, and
// with them as 54 of its 单晶硅片 (mono wafers, 1.32 each), nothing in the
// study making the wafers into cells, at 148.67 on an empty review.
//
// A correct service warns of the wafers as it does of the HS set's.
func TestRedteam42_CellsCountedAsCPCDWafers(t *testing.T) {
	st := newSeededStack(t)
	mustLoadCPCDStack(t, st)
	for i, tt := range []struct {
		factor string
		warned bool
	}{
		{"CPCD-47150X0962025C", true},  // 单晶硅片
		{"CPCD-47150X0972025C", true},  // 多晶硅片
		{"CPCD-47150X0982025C", false}, // 单晶电池片
	} {
		doc := mustDoc(t, pvStudy(t, fmt.Sprintf("GEC-RT42-W%d", i)))
		seedtest.PinToCPCDYunnan(doc)
		p := doc["product"].(map[string]any)
		p["model"] = fmt.Sprintf("%v-W%d", p["model"], i)
		doc["bom"].([]any)[0] = map[string]any{"name": "Cells", "quantity": 54, "unit": "片", "stage": "A1", "factor": tt.factor}
		sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: seedtest.MustMarshal(t, doc)}), 201)
		app := st.apply(t, sd.ID)
		v := st.review(t, app)
		switch w := reviewWarningsWith(v, "bom", "counted only as what they are made from", tt.factor, "单晶硅片"); {
		case tt.warned && len(w) != 1:
			issued := MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201)
			t.Errorf("the demo module on the CPCD set, its cells as 54 of %s: certificate %s issued at %.2f kgCO2e (its cells as 54 CPCD-47150X0982025C: 163.25), no warning that the cells are counted only as their wafers (review warnings %+v)",
				tt.factor, issued.Number, issued.KgCO2e, v.Review.Warnings)
		case !tt.warned && len(reviewWarningsWith(v, "bom", "counted only as what they are made from")) != 0:
			t.Errorf("the demo module with its cells as 54 of %s: warned as made from wafers: %+v", tt.factor, v.Review.Warnings)
		}
	}
}
