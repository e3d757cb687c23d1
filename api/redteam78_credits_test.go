package api_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 78, the flatterer, against the recycling credits bounded by
// material (docs/integrity.md): each test stores the demo laptop (0.534 kg
// of aluminium, its credit −4.34 kgCO2e) through the API as a manufacturer
// would.

// rt78Laptop returns the demo laptop study with its aluminium credit
// (end_of_life[1]) for kg, and its recycling line (end_of_life[0]) sending
// kg to recycling, which a credit claims at most since red team 80.
func rt78Laptop(t *testing.T, kg float64) map[string]any {
	t.Helper()
	doc := mustDoc(t, seedtest.StudyJSON(t, "laptop"))
	doc["end_of_life"].([]any)[1].(map[string]any)["quantity"] = kg
	doc["end_of_life"].([]any)[0].(map[string]any)["quantity"] = kg
	return doc
}

// Red team 78 found it: the credit bound counts the aluminium the packaging
// holds. The demo laptop with 1.5 kg of secondary-aluminium packaging
// (PV-AL-RECYCLED, 1.08 kgCO2e in the total: 179.03 → 180.11) and its
// aluminium credit for 2 kg was stored: credits −4.34 → −16.24 kgCO2e, with
// only the warnings the demo carries. Ensure it is warned at the credit's
// quantity, naming the bill of materials' 0.534 kg and the packaging's 1.5
// kg, in Chinese and English; and that a credit within what the bill of
// materials holds, beside aluminium packaging, is not.
func TestRedteam78_CreditRestingOnPackaging(t *testing.T) {
	st := newSeededStack(t)
	doc := rt78Laptop(t, 2)
	doc["packaging"] = []any{map[string]any{"name": "Aluminium tray", "quantity": 1.5, "unit": "kg", "factor": "PV-AL-RECYCLED"}}
	rt77Warned(t, st, doc, "an aluminium credit of 2 kg resting on 1.5 kg of aluminium packaging (180.11 kgCO2e)", 180.1, 180.12, "end_of_life[1].quantity",
		[]string{"aluminium (HS chapter 76) claim 2 kg per declared unit, more than the 0.534 kg of it the bill of materials holds", "the 1.5 kg of it the packaging lines hold"}, []string{"铝(HS 第 76 章)的回收抵扣声明每声明单位 2 kg", "包装行所含该材料的 1.5 kg"})
	doc = rt78Laptop(t, 0.534)
	doc["packaging"] = []any{map[string]any{"name": "Aluminium tray", "quantity": 0.2, "unit": "kg", "factor": "PV-AL-RECYCLED"}}
	if _, res := rt77Store(t, st, doc); len(rt77Find(res.Warnings, "end_of_life[1].quantity", []string{"packaging lines hold"}, nil)) != 0 {
		t.Errorf("the demo's credit beside 0.2 kg of aluminium packaging warned: %+v", res.Warnings)
	}
}

// Red team 78: red team 77's parent scrap (TestRedteam77_ParentScrapHeldForTheCreditBound)
// through a shared sub-assembly and through the packaging. The enclosure as
// a sub-assembly of two halves (0.267 kg each), each half in a 1-piece kit
// line with 50 % scrap, held 1.068 kg of aluminium to the bound; 0.3 kg of
// aluminium packaging in a 1-piece kit line with 50 % scrap held 0.6 kg.
// Ensure an aluminium credit over the net quantities (1.068 kg of 0.534;
// 1.1 kg of 0.834) is refused naming end_of_life[1].quantity, and that
// one within them (0.534 kg; 0.834 kg) is stored.
func TestRedteam78_ParentScrapSharedAndPackaging(t *testing.T) {
	st := newSeededStack(t)
	shared := func(kg float64) map[string]any {
		doc := rt78Laptop(t, kg)
		bom := doc["bom"].([]any)
		enc := bom[0].(map[string]any)
		half := map[string]any{"name": "Enclosure half", "quantity": 0.267, "unit": "kg", "factor": enc["factor"]}
		doc["assemblies"] = append(doc["assemblies"].([]any), map[string]any{"id": "enclosure-half", "name": "Enclosure half", "amount": 1, "unit": "piece", "lines": []any{half}})
		kit := func(name string) map[string]any {
			return map[string]any{"name": name, "quantity": 1, "unit": "piece", "stage": "raw-materials", "scrap_pct": 50,
				"children": []any{map[string]any{"name": "Half", "quantity": 1, "unit": "piece", "assembly": "enclosure-half"}}}
		}
		bom[0] = kit("Enclosure kit, top")
		doc["bom"] = append(bom, kit("Enclosure kit, bottom"))
		return doc
	}
	packaged := func(kg float64) map[string]any {
		doc := rt78Laptop(t, kg)
		doc["packaging"] = []any{map[string]any{"name": "Tray kit", "quantity": 1, "unit": "piece", "scrap_pct": 50,
			"children": []any{map[string]any{"name": "Aluminium tray", "quantity": 0.3, "unit": "kg", "factor": "PV-AL-RECYCLED"}}}}
		return doc
	}
	for _, tt := range []struct {
		name      string
		doc       func(float64) map[string]any
		over, net float64
	}{{"shared", shared, 1.068, 0.534}, {"packaging", packaged, 1.1, 0.834}} {
		e := MustError(t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: seedtest.MustMarshal(t, tt.doc(tt.over))}), 400, "invalid")
		if e.Error.Field != "end_of_life[1].quantity" || !strings.Contains(e.Error.Message, "铝(HS 第 76 章)的回收抵扣") || !strings.Contains(e.Error.Message, "aluminium (HS chapter 76) claim") {
			t.Errorf("%s: an aluminium credit of %v kg over the net %v kg: %+v, want 400 naming end_of_life[1].quantity, in both languages", tt.name, tt.over, tt.net, e.Error)
		}
		rt77Store(t, st, tt.doc(tt.net))
	}
}
