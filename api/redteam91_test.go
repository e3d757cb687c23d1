package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 91 (session 53): the flatterer, on the quantities that divide
// or scale the footprint.

// rt91Monitor is the demo laptop's inventory (its exempted lines counted)
// as a display of the display rule (HS 852852, a monitor) named a 27-inch
// monitor in both languages, of active area m2 per piece, with 2 kWh of
// assembly electricity (the rule requires electricity), model model.
func rt91Monitor(t *testing.T, m2 float64, model string) map[string]any {
	t.Helper()
	doc := mustDoc(t, seedtest.StudyJSON(t, "laptop"))
	countExempted(doc["bom"].([]any))
	doc["rule"] = "display"
	p := doc["product"].(map[string]any)
	p["name"], p["name_zh"], p["model"] = "Demo 27-inch monitor", "示例27英寸显示器", model
	p["product_codes"], p["active_area_m2"] = []any{"HS:852852"}, m2
	doc["electricity"] = []any{map[string]any{"name": "assembly and test", "quantity": 2, "unit": "kWh", "factor": "ELEC-CN-NAT-CF-2024"}}
	return doc
}

// A display's active area, which the certificate's figure per m² of
// active area divides by, is bounded by nothing but itself (red team 62's
// open item). Red team 91: the demo laptop's inventory as a "27-inch
// monitor" (示例27英寸显示器) of 0.5 m² was stored, applied for and issued
// at 186.60 kgCO2e a piece and 373.21 per m² of active area, where a
// 27-inch screen of 16:9 has 0.2009 m² (928.84 per m², 2.5 times as much)
// and no 27-inch screen of any shape more than 0.2352 m², a square.
// Ensure the service refuses the study when it is stored, naming
// product.active_area_m2, Chinese first, once the area is more than a
// screen of the diagonal the name states can have (its figure rounded up
// by half its last digit: 27.5 inches, 0.2440 m²), and that the honest
// monitor is stored and issued with its figure per m².
func TestRedteam91_ActiveAreaLargerThanTheNamedDiagonal(t *testing.T) {
	st := newSeededStack(t)
	id, res := rt77Store(t, st, rt91Monitor(t, 0.2009, "DEMO-MON27-A"))
	if got := fmt.Sprintf("%.2f %.2f", res.KgCO2e, res.perM2()); got != "186.60 928.84" {
		t.Errorf("the honest monitor is %s kgCO2e a piece and per m², want 186.60 928.84", got)
	}
	if is := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, id), "")), 201); fmt.Sprintf("%.2f", is.KgCO2e) != "186.60" {
		t.Errorf("the honest monitor issued at %v kgCO2e", is.KgCO2e)
	}
	// 0.2440 m² is the most a screen of 27.5 inches has: stored.
	if _, res := rt77Store(t, st, rt91Monitor(t, 0.2439, "DEMO-MON27-B")); fmt.Sprintf("%.1f", res.perM2()) != "765.1" {
		t.Errorf("the monitor at 0.2439 m² gives %v kgCO2e per m²", res.perM2())
	}
	for _, c := range []struct {
		m2    float64
		field string
		name  func(p map[string]any)
	}{
		{0.5, "product.name_zh", nil},
		{0.25, "product.name_zh", nil},
		{0.5, "product.name", func(p map[string]any) { p["name_zh"] = "示例显示器" }},
		{0.5, "product.name", func(p map[string]any) { p["name_zh"], p["name"] = "示例显示器", `Demo monitor 27"` }},
		{0.5, "product.name_zh", func(p map[string]any) { p["name_zh"] = "示例２７吋显示器" }},
	} {
		doc := rt91Monitor(t, c.m2, "DEMO-MON27-C")
		if c.name != nil {
			c.name(doc["product"].(map[string]any))
		}
		e := MustError(t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
			body: seedtest.MustMarshal(t, doc)}), 400, "invalid")
		zh, en, ok := strings.Cut(e.Error.Message, "。")
		if e.Error.Field != "product.active_area_m2" || !ok || !strings.Contains(zh, "有效显示面积") || !strings.Contains(en, "a rectangle of diagonal d has an area of at most d²/2") ||
			!strings.Contains(en, "more than a screen of the diagonal "+c.field+" states") || !strings.Contains(en, "0.244 m² at 27.5 inches") {
			t.Errorf("%g m², %s: %+v", c.m2, c.field, e.Error)
		}
	}
	// A name stating no diagonal bounds nothing: the certifier reads the
	// active area in the study (red team 62's open item stays open).
	doc := rt91Monitor(t, 0.5, "DEMO-MON27-D")
	p := doc["product"].(map[string]any)
	p["name"], p["name_zh"] = "Demo monitor", "示例显示器"
	if _, res := rt77Store(t, st, doc); fmt.Sprintf("%.2f", res.perM2()) != "373.21" {
		t.Errorf("the monitor naming no diagonal gives %v kgCO2e per m²", res.perM2())
	}
}

// reviewWarningsAt returns the warnings at path of the review of
// application app, read as its certifier.
func (st *stack) reviewWarningsAt(tb testing.TB, app, path string) []reviewWarning {
	tb.Helper()
	var ws []reviewWarning
	for _, w := range st.review(tb, app).Review.Warnings {
		if w.Path == path {
			ws = append(ws, w)
		}
	}
	return ws
}

// perM2 returns the figure per m² of a stored result, or −1 when it gives
// none.
func (r rt77Result) perM2() float64 {
	for _, u := range r.PerUnit {
		if u.Unit == "m²" {
			return u.KgCO2e
		}
	}
	return -1
}

// rt91Module is the demo module as model model, stating a reference output
// of output modules.
func rt91Module(t *testing.T, model string, output float64) map[string]any {
	t.Helper()
	doc := mustDoc(t, seedtest.StudyJSON(t, "pv-module"))
	doc["product"].(map[string]any)["model"], doc["reference_output"] = model, output
	return doc
}

// A successor spreading its lineage's green-power instruments over a
// smaller output for the same period. Red team 91: the demo module,
// certified with its 1,000 MWh of green certificates over 500,000 modules
// (2 kWh of its 6.483 a module covered), superseded for the same 2025 by
// the same study stating 154,250 modules: the certificates cover 6.48298 of
// its 6.483 kWh, 150.10 → 147.89 kgCO2e (−1.5 %, under the lineage's 10 % warning),
// issued on a review saying nothing of it. Ensure the review warns at
// reference_output, in both languages, naming both outputs and the kWh
// covered; that a successor stating the same output, or a larger one, is
// not warned; and that the issue stays the certifier's decision.
func TestRedteam91_SuccessorSpreadsInstrumentsOverASmallerOutput(t *testing.T) {
	st := newSeededStack(t)
	id, _ := rt77Store(t, st, rt91Module(t, "DEMO-M10-54", 500000))
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, id), "")), 201)
	for _, c := range []struct {
		output float64
		kg     string
		warned bool
	}{
		{500000, "150.10", false},
		{600000, "150.26", false},
		{154250, "147.89", true},
	} {
		id, res := rt77Store(t, st, rt91Module(t, "DEMO-M10-54", c.output))
		app := st.applySuperseding(t, id, cert.CertificateID)
		ws := st.reviewWarningsAt(t, app, "reference_output")
		switch {
		case !c.warned && len(ws) != 0:
			t.Errorf("%g modules: warned %+v", c.output, ws)
		case c.warned && (len(ws) != 1 ||
			!strings.Contains(ws[0].Message, "The study states a reference output of 154250 declared units for 2025-01-01/2025-12-31, where the study of certificate "+cert.Number+" it supersedes stated 500000") ||
			!strings.Contains(ws[0].Message, "here 6.48298 kWh per 1 piece, where they covered 2)") || !strings.Contains(ws[0].MessageZH, "产量越小")):
			t.Errorf("%g modules: the review's warnings at reference_output %+v, want one", c.output, ws)
		}
		if got := fmt.Sprintf("%.2f", res.KgCO2e); got != c.kg {
			t.Errorf("%g modules: stored at %s kgCO2e, want %s", c.output, got, c.kg)
		}
		if c.warned {
			if is := MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201); fmt.Sprintf("%.2f", is.KgCO2e) != c.kg {
				t.Errorf("issued at %v kgCO2e", is.KgCO2e)
			}
		} else {
			MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications/" + app + "/reject", as: asCert, contentType: "application/json",
				body: []byte(`{"reasons":["test"]}`)}), 200)
		}
	}
}

// rt91June is the demo module as model model, its plant's 1,000 MWh of
// green certificates generated in June 2025, studied for the year (500,000
// modules, the whole batch over them) or for June alone (41,096 modules,
// the 266 MWh of the batch its 6.483 kWh a module need).
func rt91June(t *testing.T, model string, june bool) map[string]any {
	t.Helper()
	doc := rt91Module(t, model, 500000)
	in := doc["electricity"].([]any)[0].(map[string]any)["instruments"].([]any)[0].(map[string]any)
	in["period"] = map[string]any{"start": "2025-06-01", "end": "2025-06-30"}
	if june {
		doc["reference_period"], doc["reference_output"] = map[string]any{"start": "2025-06-01", "end": "2025-06-30"}, 41096
		in["mwh"], in["serial_last"] = 266, "GEC-DEMO-2025-000266"
	}
	return doc
}

// A reference period of the month the green power was delivered. Red team
// 91: the demo module's plant with its 1,000 MWh of green certificates
// generated in June 2025 gives 150.10 kgCO2e for 2025 (the batch covering
// 2 of its 6.483 kWh a module); studied for June alone it was issued at
// 147.89, its instruments covering 6.47 of the 6.483 kWh, on a review
// saying nothing of the period. Ensure the review warns at
// reference_period, in both languages, for a period shorter than a year,
// naming the instruments spread over that period's output, and not for the
// year; the issue stays the certifier's decision.
func TestRedteam91_ReferencePeriodOfTheMonthOfGreenPower(t *testing.T) {
	for _, c := range []struct {
		june bool
		kg   string
	}{{false, "150.10"}, {true, "147.89"}} {
		st := newSeededStack(t) // each holds the batch
		id, res := rt77Store(t, st, rt91June(t, fmt.Sprint("DEMO-M10-54-", c.june), c.june))
		if got := fmt.Sprintf("%.2f", res.KgCO2e); got != c.kg {
			t.Errorf("june %v: stored at %s kgCO2e, want %s", c.june, got, c.kg)
		}
		app := st.apply(t, id)
		ws := st.reviewWarningsAt(t, app, "reference_period")
		switch {
		case !c.june && len(ws) != 0:
			t.Errorf("the year: warned %+v", ws)
		case c.june && (len(ws) != 1 || !strings.Contains(ws[0].Message, "the reference period 2025-06-01/2025-06-30 is 30 days, shorter than a year") ||
			!strings.Contains(ws[0].Message, "green-power instruments are spread over that period's output (reference_output) alone") ||
			!strings.HasPrefix(ws[0].MessageZH, "数据期间 2025-06-01/2025-06-30 共 30 天，短于一年")):
			t.Errorf("June: the review's warnings at reference_period %+v, want one", ws)
		}
		if is := MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201); fmt.Sprintf("%.2f", is.KgCO2e) != c.kg {
			t.Errorf("june %v: issued at %v kgCO2e", c.june, is.KgCO2e)
		}
	}
}
