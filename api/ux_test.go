package api_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure the workbench's list of studies shows each study's footprint, to
// its holder and to a regulator: the column was headed kgCO2e and empty on
// every row (the list reads studies without their results).
func TestWebStudies_ListShowsFootprint(t *testing.T) {
	st := newSeededStack(t)
	rec := st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: pvStudy(t, "GEC-UX-LIST")})
	want := footprint.FormatKgCO2e(*MustData[studyData](t, rec, 201).KgCO2e)
	cell := regexp.MustCompile(`<td class="num" data-label="碳足迹 kgCO2e"><div>([^<]*)</div></td>`)
	for _, as := range []string{asMaker, asReg} {
		body := st.signedIn(t, as).get("/work/studies").Body.String()
		m := cell.FindAllStringSubmatch(body, -1)
		if len(m) != 1 || m[0][1] != want {
			t.Errorf("%s: footprint cells %q, want one of %q", as, m, want)
		}
	}
}

// Ensure the codes a page shows from the API's vocabulary (a factor's
// boundary, transport mode and waste treatment, a study's boundary, its
// electricity approach and data-quality level, a factor's status change
// between sets, a supplier certificate's new status) read in Chinese and
// English: they were the API's English words alone ("cradle-to-gate",
// "mixed", "(good)", "active → deprecated", "→ suspended").
func TestWebPages_TermsInBothLanguages(t *testing.T) {
	st := newSeededStack(t)
	publishEdition(t, st)
	fx := st.seedFixture(t, "")
	// A certificate of orgMaker2 built on fx.cert, which is then suspended:
	// the regulator's overview lists it flagged.
	_, buyerApp := st.applyAsOther(t, buyerStudy(t, "GEC-UX-TERMS", fx.number))
	MustData[issueData](t, st.do(t, st.issueReq(t, buyerApp, "")), 201)
	if rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/suspend", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["surveillance audit overdue"]}`)}); rec.Code != 200 {
		t.Fatalf("suspend: %d %s", rec.Code, rec.Body)
	}
	anon := newWebUser(t, st.srv)
	for _, page := range []struct {
		name string
		user *webUser
		path string
		want []string
	}{
		{"factor", anon, "/factors/PV-AL-PRIMARY-ELEC", []string{"<dd>摇篮到大门 cradle-to-gate</dd>"}},
		{"transport factor", anon, "/factors/TR-ROAD-DIESEL-HEAVY", []string{"<dd>公路 road</dd>", "<dd>摇篮到坟墓 cradle-to-grave</dd>"}},
		{"end-of-life factor", anon, "/factors/EOL-MSW-LANDFILL-CN", []string{"<dd>填埋 landfill</dd>", "<dd>废弃处理过程 end-of-life treatment</dd>"}},
		{"diff", anon, "/factor-sets/diff?from=2026.2&to=2026.3", []string{"状态 status 有效 Active → 已弃用 Deprecated"}},
		{"study", st.signedIn(t, asMaker), "/work/studies/" + fx.study, []string{"<dd>摇篮到大门 cradle-to-gate</dd>",
			"<dd>电网电力与绿色电力 grid and green power</dd>", " (良好 good)</dd>"}},
		{"overview", st.signedIn(t, asReg), "/work/overview", []string{"</span> → 暂停 Suspended ("}},
	} {
		rec := page.user.get(page.path)
		if rec.Code != 200 {
			t.Fatalf("%s: %d", page.name, rec.Code)
		}
		for _, w := range page.want {
			if !strings.Contains(rec.Body.String(), w) {
				t.Errorf("%s page lacks %q", page.name, w)
			}
		}
	}
}
