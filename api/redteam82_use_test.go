package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// rt82Laptop returns the demo laptop study with its exempted lines counted
// at their screening factors (185.45 kgCO2e, red team 44's basis), its use
// profile's annual energy and lifetime set to kwh and years, and its model
// set to model.
func rt82Laptop(t *testing.T, kwh, years float64, model string) map[string]any {
	t.Helper()
	doc := mustDoc(t, seedtest.StudyJSON(t, "laptop"))
	for _, l := range doc["bom"].([]any) {
		if m := l.(map[string]any); m["exempt"] != nil {
			m["factor"] = m["exempt"].(map[string]any)["screening_factor"]
			delete(m, "exempt")
		}
	}
	p := doc["product"].(map[string]any)
	p["model"] = model
	use := p["use"].(map[string]any)
	use["annual_kwh"], use["lifetime_years"] = kwh, years
	return doc
}

// Red team 82, the flatterer, on the use stage (docs/integrity.md): on the
// service built from main, the demo laptop (exempted lines counted, 185.45
// kgCO2e) with a use lifetime of 0.1 years instead of 4 was stored at 92.03
// kgCO2e, applied for and issued, the certifier's review holding no word of
// the use stage (2.6 % of the total). Ensure the review the certifier reads
// warns at product.use, bilingual, naming the share under the cut-off limit
// and the lifetime under a year, and that the certifier who has read it may
// still issue (a warning: the scenario is the certifier's judgement); and
// that the honest laptop's review has no such warning.
func TestRedteam82_UseStageBelowTheCutOffInTheReview(t *testing.T) {
	st := newSeededStack(t)
	for _, c := range []struct {
		name, model string
		years, kg   float64
		en, zh      []string
	}{
		{"four years", "DEMO-NB13-RT82-A", 4, 185.449, nil, nil},
		{"a tenth of a year", "DEMO-NB13-RT82-B", 0.1, 92.029,
			[]string{"2.603 % of the total, less than the 5 % cut-off limit of rule electronics", "its lifetime of 0.1 years is less than the one year"},
			[]string{"占总量的 2.603 %,低于规则 electronics 的截断限值 5 %", "其寿命 0.1 年"}},
	} {
		id, res := rt77Store(t, st, rt82Laptop(t, 41.464, c.years, c.model))
		if got := fmt.Sprintf("%.3f", res.KgCO2e); got != fmt.Sprintf("%.3f", c.kg) {
			t.Errorf("%s: stored at %s kgCO2e, want %.3f", c.name, got, c.kg)
		}
		app := st.apply(t, id)
		var ws []reviewWarning
		for _, w := range st.review(t, app).Review.Warnings {
			if w.Path == "product.use" {
				ws = append(ws, w)
			}
		}
		if c.en == nil {
			if len(ws) != 0 {
				t.Errorf("%s: the review warns at product.use: %+v", c.name, ws)
			}
			continue
		}
		if len(ws) != 1 {
			t.Errorf("%s: the review's warnings at product.use %+v, want one", c.name, ws)
			continue
		}
		for _, s := range c.en {
			if !strings.Contains(ws[0].Message, s) {
				t.Errorf("%s: %q, want %q", c.name, ws[0].Message, s)
			}
		}
		for _, s := range c.zh {
			if !strings.Contains(ws[0].MessageZH, s) {
				t.Errorf("%s: %q, want %q", c.name, ws[0].MessageZH, s)
			}
		}
		if is := MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201); fmt.Sprintf("%.3f", is.KgCO2e) != fmt.Sprintf("%.3f", c.kg) {
			t.Errorf("%s: issued at %v kgCO2e, want %.3f", c.name, is.KgCO2e, c.kg)
		}
	}
}
