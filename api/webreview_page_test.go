package api_test

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// webWalkStudy is the demo PV study made to draw the newer review
// warnings: its cells (bom[1]) flagged primary with scores better than
// their set factor's (two warnings on the one line), its electricity and
// first transport leg flagged primary on set factors, a site whose text
// names another province than its region, and a supplier certificate
// (number) counted as a tenth of an item.
func webWalkStudy(t *testing.T, number string) []byte {
	t.Helper()
	doc := mustDoc(t, pvStudy(t, "GEC-WALK-1"))
	p := doc["product"].(map[string]any)
	p["site"], p["site_region"] = "上海市四川北路 100 号", "CN-SC"
	bom := doc["bom"].([]any)
	bom[1].(map[string]any)["primary"] = true
	bom[1].(map[string]any)["dq"] = map[string]any{"ter": 1, "gr": 1, "tir": 1, "p": 1}
	doc["electricity"].([]any)[0].(map[string]any)["primary"] = true
	doc["transport"].([]any)[0].(map[string]any)["primary"] = true
	doc["bom"] = append(bom, map[string]any{"name": "supplied part", "quantity": 0.1, "unit": "piece", "stage": "A1", "supplier": number, "mass_kg": 2})
	return seedtest.MustMarshal(t, doc)
}

// htmlText is s as html/template writes it in an element's text.
func htmlText(s string) string {
	return strings.ReplaceAll(html.EscapeString(s), "+", "&#43;")
}

// Ensure the certifier's review page shows each warning once, grouped by
// the line it names, and marks the line in the calculation trace with a
// link to its warnings. The page listed the review's ten warnings as one
// list, the two about bom[1] apart, and the calculation trace below listed
// the result's five of them again: on a phone some 1,800 px repeated, and
// no line of the trace said it was warned about.
func TestWebReview_WarningsOnceByLine(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: webWalkStudy(t, fx.number)}), 201)
	app := st.apply(t, sd.ID)
	v := st.review(t, app)
	cells := reviewWarningsWith(v, "bom[1]", "DQR")
	if len(cells) != 1 || len(reviewWarningsWith(v, "bom[1]")) != 2 {
		t.Fatalf("control: review warnings %+v, want two at bom[1], one of its DQR", v.Review.Warnings)
	}
	page := st.signedIn(t, asCert).get("/work/applications/" + app).Body.String()
	for _, w := range v.Review.Warnings {
		if n := strings.Count(page, htmlText(w.MessageZH)); n != 1 {
			t.Errorf("the review page shows the warning at %s %d times, want once: %s", w.Path, n, w.MessageZH)
		}
	}
	group := regexp.MustCompile(`(?s)<li id="warn-bom-1">(.*?)</ul></li>`).FindStringSubmatch(page)
	if group == nil {
		t.Fatalf("the review page has no group of the warnings about bom[1] (id warn-bom-1)")
	}
	if n := strings.Count(group[1], "<li>"); n != 2 || !strings.Contains(group[1], htmlText(cells[0].MessageZH)) {
		t.Errorf("the group of bom[1] holds %d warnings, want its 2 with its DQR's: %s", n, group[1])
	}
	if !regexp.MustCompile(`<a class="warnmark" href="#warn-bom-1">2 条警告`).MatchString(page) {
		t.Errorf("the calculation trace does not mark bom[1] with its 2 warnings, linked to their group")
	}
	if !strings.Contains(page, "计算给出的 ") {
		t.Errorf("the trace's warnings section does not say the result's warnings are among the review's")
	}
}
