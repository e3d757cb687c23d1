package api_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
	"github.com/chengdu-pcf/pcf/seed/cpcd"
)

// publishEdition publishes factor set 2026.2, a copy of the seed set
// 2026.1, and 2026.3 based on it: the seed's PV-AL-RECYCLED deprecated,
// and the seed's PV-AL-PRIMARY-ELEC row added again under the code
// PV-AL-PRIMARY-ELEC-2 (no value invented: the edition only moves rows of
// the seed). The tests compare 2026.2 with 2026.3, both published on the
// stack's clock (the seed set is published on the wall clock).
func publishEdition(t *testing.T, st *stack) {
	t.Helper()
	edition := seedFactorRows(t, func(r []string, col map[string]int) bool {
		switch r[col["code"]] {
		case "PV-AL-RECYCLED":
			r[col["status"]] = "deprecated"
			return true
		case "PV-AL-PRIMARY-ELEC":
			r[col["code"]] = "PV-AL-PRIMARY-ELEC-2"
			return true
		}
		return false
	})
	st.mustDo(t,
		request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"2026.2","based_on":"2026.1","description":"copy of 2026.1"}`)},
		request{method: "POST", target: "/v1/factor-sets/2026.2/publish", as: asAdmin},
		request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"2026.3","based_on":"2026.2","description":"test edition"}`)},
		request{method: "POST", target: "/v1/factor-sets/2026.3/import", as: asAdmin, contentType: "text/csv", body: edition},
		request{method: "POST", target: "/v1/factor-sets/2026.3/publish", as: asAdmin},
	)
}

// seedFactorRows returns a factor CSV of the seed set's rows that edit
// keeps (edit changes a row in place, by column name, and says whether
// to keep it), with its header.
func seedFactorRows(t *testing.T, edit func(row []string, col map[string]int) bool) []byte {
	t.Helper()
	f, err := os.ReadFile("../seed/data/factors.csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(f)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(recs[0])
	for _, r := range recs[1:] {
		if edit(r, col) {
			w.Write(r)
		}
	}
	w.Flush()
	return b.Bytes()
}

// rowCodes returns the factor codes of a result table, in order.
func rowCodes(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<td class="first" data-label="代码 Code"><a class="mono" href="[^"]*">([^<]+)</a>`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// Ensure the factor search filters by text in either language, product
// code prefix, category, geography, year and set, pages through the
// results with the filters kept, and answers bad input with a 400 page
// that names the parameter.
func TestWebFactors_Search(t *testing.T) {
	st := newSeededStack(t)

	all := rowCodes(mustPage(t, st, "/factors", 200))
	if len(all) != 50 {
		t.Fatalf("first page: %d rows, want 50", len(all))
	}
	for _, tt := range []struct {
		target string
		want   []string // codes that must be listed
		not    []string // codes that must not
	}{
		{"/factors?q=电解铝", []string{"PV-AL-PRIMARY-ELEC"}, []string{"PV-AL-RECYCLED"}},
		{"/factors?q=secondary+aluminium", []string{"PV-AL-RECYCLED"}, []string{"PV-AL-PRIMARY-ELEC"}},
		{"/factors?product_code=HS:7601", []string{"PV-AL-PRIMARY-ELEC", "PV-AL-RECYCLED"}, []string{"ELEC-CN-NAT-CF-2024"}},
		{"/factors?category=electricity&geography=CN-SC&year=2023", []string{"ELEC-CN-SC-CO2-2023"}, []string{"ELEC-CN-SC-CO2-2022", "ELEC-CN-NAT-CO2-2023"}},
		{"/factors?set=2026.1&q=ELEC-CN-NAT-CF-2024", []string{"ELEC-CN-NAT-CF-2024"}, []string{"ELEC-CN-NAT-CO2-2023"}},
	} {
		body := mustPage(t, st, tt.target, 200)
		got := strings.Join(rowCodes(body), " ")
		for _, w := range tt.want {
			if !strings.Contains(" "+got+" ", " "+w+" ") {
				t.Errorf("%s: lacks %s in %s", tt.target, w, got)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(" "+got+" ", " "+n+" ") {
				t.Errorf("%s: lists %s", tt.target, n)
			}
		}
	}

	// Paging keeps the filters and reaches every factor once.
	seen := map[string]bool{}
	target := "/factors?category=electricity&limit=7"
	pages := 0
	for target != "" {
		body := mustPage(t, st, target, 200)
		for _, c := range rowCodes(body) {
			if seen[c] {
				t.Fatalf("%s listed twice", c)
			}
			seen[c] = true
		}
		target = ""
		if m := regexp.MustCompile(`id="next" rel="next" href="([^"]+)"`).FindStringSubmatch(body); m != nil {
			target = html.UnescapeString(m[1])
			if !strings.Contains(target, "category=electricity") || !strings.Contains(target, "limit=7") {
				t.Fatalf("next page %q drops the filters", target)
			}
		}
		if pages++; pages > 1 && !strings.Contains(body, "第一页 First page") {
			t.Errorf("page %d has no link to the first", pages)
		}
	}
	api := MustData[[]struct{ Code string }](t, st.do(t, request{method: "GET", target: "/v1/factors?category=electricity&limit=1000"}), 200)
	for _, f := range api {
		if !seen[f.Code] {
			t.Errorf("%s: an electricity factor the pages did not list", f.Code)
		}
	}
	if len(seen) != len(api) || pages < 2 {
		t.Fatalf("pages listed %d electricity factors over %d pages; the API has %d", len(seen), pages, len(api))
	}

	// Bad input: a 400 page naming the parameter; an unknown set: 404.
	for _, tt := range []struct{ target, field string }{
		{"/factors?year=twenty", "year"},
		{"/factors?category=plutonium", "category"},
		{"/factors?product_code=XX:12", ""},
		{"/factors?limit=100000", "limit"},
		{"/factors?cursor=%ZZ", "cursor"},
	} {
		body := mustPage(t, st, tt.target, 400)
		if !strings.Contains(body, "请求有误") || tt.field != "" && !strings.Contains(body, "["+tt.field+"]") {
			t.Errorf("%s: error page does not name %q:\n%s", tt.target, tt.field, body)
		}
	}
	mustPage(t, st, "/factors?set=1999.1", 404)

	// Input is escaped on the way back.
	body := mustPage(t, st, "/factors?q=%3Cscript%3Ealert(1)%3C/script%3E", 200)
	if strings.Contains(body, "<script>alert") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Fatal("the search text is not escaped in the form")
	}
}

// Ensure a draft set stays invisible on the pages to anyone but the
// admin, as on the API.
func TestWebFactors_DraftHidden(t *testing.T) {
	st := newSeededStack(t)
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"2026.9","based_on":"2026.1"}`)}), 201)
	mustPage(t, st, "/factors?set=2026.9", 404)
	mustPage(t, st, "/factors/ELEC-CN-NAT-CF-2024?set=2026.9", 404)
	mustPage(t, st, "/factor-sets/diff?from=2026.1&to=2026.9", 404)
	if body := mustPage(t, st, "/factor-sets", 200); strings.Contains(body, "2026.9") {
		t.Fatal("the set list shows a draft")
	}
	if body := mustPage(t, st, "/factors", 200); strings.Contains(body, "2026.9") {
		t.Fatal("the set choice shows a draft")
	}
	if rec := getHTML(t, st.srv, "/factors.csv?set=2026.9"); rec.Code != 404 {
		t.Fatalf("CSV of a draft: %d", rec.Code)
	}
}

// Ensure a factor's page shows its value, unit, GHG basis and electricity
// role, its source with the locator, its data-quality scores and status,
// and its history across sets.
func TestWebFactors_Detail(t *testing.T) {
	st := newSeededStack(t)
	publishEdition(t, st)

	body := mustPage(t, st, "/factors/ELEC-CN-NAT-CF-2024", 200)
	for _, want := range []string{
		"全国电力平均碳足迹因子", `<p class="value">0.5777 <span class="unit">kgCO2e/kWh</span></p>`,
		"温室气体(CO2当量)", "Grid consumption mix", "MEE, NBS &amp; NEA", `id="locator"`, `id="quality"`, "TeR ",
		"有效 Active", `id="history"`, `href="/factors/ELEC-CN-NAT-CF-2024?set=2026.2"`, `href="/factors/ELEC-CN-NAT-CF-2024?set=2026.3"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("factor page lacks %q", want)
		}
	}
	// A CO2-only factor says it is not for product footprints.
	if body := mustPage(t, st, "/factors/ELEC-CN-SC-CO2-2023", 200); !strings.Contains(body, "仅二氧化碳") || !strings.Contains(body, "not used in product footprints") {
		t.Error("the CO2-only factor does not say so")
	}
	// The history names what changed.
	body = mustPage(t, st, "/factors/PV-AL-RECYCLED?set=2026.3", 200)
	if !strings.Contains(body, "状态 status 有效 Active → 已弃用 Deprecated") || !strings.Contains(body, "新增 added") {
		t.Errorf("history lacks the change:\n%s", body[strings.Index(body, `id="history"`):])
	}
	body = mustPage(t, st, "/factors/PV-AL-PRIMARY-ELEC-2?set=2026.3", 200)
	if !strings.Contains(body, "不在此集中 Not in this set") {
		t.Error("history of a new factor does not show it absent from the older set")
	}
	mustPage(t, st, "/factors/NO-SUCH-FACTOR", 404)
	mustPage(t, st, "/factors/not%20a%20code", 400)
}

// Ensure the CSV of a result list holds every matching factor, across
// pages, in the factor CSV format the import reads.
func TestWebFactors_CSV(t *testing.T) {
	st := newSeededStack(t)
	body := mustPage(t, st, "/factors?category=electricity&limit=5", 200)
	m := regexp.MustCompile(`id="csv" href="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no CSV link")
	}
	link := html.UnescapeString(m[1])
	if !strings.Contains(link, "category=electricity") || strings.Contains(link, "limit") || strings.Contains(link, "cursor") {
		t.Fatalf("CSV link %q", link)
	}
	rec := getHTML(t, st.srv, link)
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") || !strings.Contains(rec.Header().Get("Content-Disposition"), "factors-2026.1.csv") {
		t.Fatalf("CSV: %d %v", rec.Code, rec.Header())
	}
	factors, err := tabular.ReadFactorsCSV(rec.Body, "download.csv")
	if err != nil {
		t.Fatal(err)
	}
	api := MustData[[]struct{ Code string }](t, st.do(t, request{method: "GET", target: "/v1/factors?category=electricity&limit=1000"}), 200)
	if len(factors) != len(api) || len(factors) <= 5 {
		t.Fatalf("CSV has %d factors, the API %d", len(factors), len(api))
	}
	for i, f := range factors {
		if f.Code != api[i].Code {
			t.Fatalf("row %d: %s, want %s", i, f.Code, api[i].Code)
		}
	}
}

// Ensure the set list offers the diff, and the diff of two sets lists the
// added, removed and changed factors with what changed.
func TestWebFactorSets_Diff(t *testing.T) {
	st := newSeededStack(t)
	if body := mustPage(t, st, "/factor-sets", 200); strings.Contains(body, `id="diff-form"`) {
		t.Fatal("diff offered with one set")
	}
	publishEdition(t, st)
	body := mustPage(t, st, "/factor-sets", 200)
	for _, want := range []string{`id="diff-form"`, `href="/factors?set=2026.3"`, "test edition"} {
		if !strings.Contains(body, want) {
			t.Errorf("set list lacks %q", want)
		}
	}
	body = mustPage(t, st, "/factor-sets/diff?from=2026.2&to=2026.3", 200)
	n := factorCount(t, st, "2026.2")
	for _, want := range []string{
		"新增 1 项 added · 移除 0 项 removed · 变化 1 项 changed · 未变 " + strconv.Itoa(n-1) + " 项 unchanged",
		"因子集 2026.2 → 2026.3 的变化", `data-label="2026.2"><span>0.72`,
		">PV-AL-PRIMARY-ELEC-2<", ">PV-AL-RECYCLED<", "状态 status 有效 Active → 已弃用 Deprecated",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("diff lacks %q", want)
		}
	}
	// The other way round, the added factor is removed.
	body = mustPage(t, st, "/factor-sets/diff?from=2026.3&to=2026.2", 200)
	if !strings.Contains(body, "新增 0 项 added · 移除 1 项 removed") {
		t.Error("reverse diff")
	}
	mustPage(t, st, "/factor-sets/diff?from=2026.1", 400)
	mustPage(t, st, "/factor-sets/diff?from=2026.1&to=1999.1", 404)
}

// apiCodes returns the codes GET /v1/factors answers for query, in order.
func apiCodes(t *testing.T, st *stack, query url.Values) []string {
	t.Helper()
	rec := st.do(t, request{method: "GET", target: "/v1/factors?" + query.Encode(), as: asAnon})
	var body struct{ Data []struct{ Code string } }
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &body) != nil {
		t.Fatalf("%s: %d %s", query.Encode(), rec.Code, rec.Body)
	}
	var out []string
	for _, f := range body.Data {
		out = append(out, f.Code)
	}
	return out
}

// Ensure the factor search page searches as GET /v1/factors?q= does: the
// same codes in the same (relevance) order, the number of matches, and the
// counts per category as filter links that narrow the search.
func TestWebFactors_SearchLikeAPI(t *testing.T) {
	st := newSeededStack(t)
	mustLoadCPCDStack(t, st)
	for _, query := range []url.Values{
		{"q": {"铝材"}, "set": {"2026.1"}},
		{"q": {"电"}, "set": {"2026.1"}},
		{"q": {"电力"}, "set": {cpcd.SetVersion}, "limit": {"30"}},
		{"q": {"水泥"}, "set": {cpcd.SetVersion}, "category": {"material"}},
	} {
		want := apiCodes(t, st, query)
		body := mustPage(t, st, "/factors?"+query.Encode(), 200)
		got := rowCodes(body)
		if len(want) < 2 || !slices.Equal(got, want) {
			t.Errorf("%s: page lists %v, API %v", query.Encode(), got, want)
		}
		if !strings.Contains(body, "matches, most relevant first") {
			t.Errorf("%s: no match count", query.Encode())
		}
	}

	// The facets: each category with its count links to the filtered
	// search, which lists that many (within a page).
	body := mustPage(t, st, "/factors?"+url.Values{"q": {"电"}, "set": {cpcd.SetVersion}}.Encode(), 200)
	facets := regexp.MustCompile(`<a class="badge plain facet" href="([^"]+)">[^<]*<span class="en" lang="en">([^<]+)</span> \((\d+)\)</a>`).FindAllStringSubmatch(body, -1)
	if len(facets) < 2 {
		t.Fatalf("facets %v", facets)
	}
	for _, m := range facets {
		link := html.UnescapeString(m[1])
		u, err := url.Parse(link)
		if err != nil || u.Query().Get("category") == "" || u.Query().Get("q") != "电" {
			t.Fatalf("facet link %q", link)
		}
		q := u.Query()
		q.Set("limit", "200")
		n := len(apiCodes(t, st, q))
		if m[3] != itoa(n) && n < 200 {
			t.Errorf("facet %s: count %s, the filtered search lists %d", m[2], m[3], n)
		}
		if filtered := mustPage(t, st, link, 200); !strings.Contains(filtered, `aria-current="true"`) {
			t.Errorf("facet %s: the filtered page does not mark the category", m[2])
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// Ensure the public factor pages show a plausibility flag: a marker in the
// search table, and on the detail page the value, the peers' median and
// how many, the peers, and whether a curator reviewed it (with the note).
func TestWebFactors_PlausibilityFlag(t *testing.T) {
	st := newSeededStack(t)
	mustLoadCPCDStack(t, st)

	detail := "/factors/" + flaggedCPCD + "?set=" + cpcd.SetVersion
	body := html.UnescapeString(mustPage(t, st, detail, 200))
	for _, want := range []string{`id="plausibility-flag"`, `id="value-flag"`, "合理性提示", "Plausibility flag", "556.1 kgCO2e/kg", "the median 1.7 kgCO2e/kg of its", "尚未经因子管理员审核", "Not reviewed by a curator", "loaded by pcf as the source publishes it", `id="flag-peers"`} {
		if !strings.Contains(body, want) {
			t.Errorf("detail page lacks %q", want)
		}
	}
	// A factor without a flag has no section.
	if b := mustPage(t, st, "/factors/CPCD-37112X0012018C?set="+cpcd.SetVersion, 200); strings.Contains(b, "plausibility-flag") {
		t.Errorf("unflagged factor shows a flag")
	}
	// The search table marks it.
	search := "/factors?" + url.Values{"q": {flaggedCPCD}, "set": {cpcd.SetVersion}}.Encode()
	row := regexp.MustCompile(`(?s)<td class="first" data-label="代码 Code"><a class="mono" href="[^"]*">` + flaggedCPCD + `</a>(.*?)</td>`).FindStringSubmatch(mustPage(t, st, search, 200))
	if row == nil || !strings.Contains(row[1], "合理性提示") || !strings.Contains(row[1], "not reviewed") {
		t.Fatalf("search row %q", row)
	}

	// Reviewed: the page says so, with the note.
	rec := st.do(t, request{method: "POST", target: "/v1/factor-sets/" + cpcd.SetVersion + "/flags/acknowledge", as: asAdmin, contentType: "application/json",
		body: st.reviewBody(t, cpcd.SetVersion, "checked against CPCD row 01344X0052017A", false, flaggedCPCD)})
	if rec.Code != 200 {
		t.Fatalf("review: %d %s", rec.Code, rec.Body)
	}
	body = html.UnescapeString(mustPage(t, st, detail, 200))
	if !strings.Contains(body, "已由因子管理员审核") || !strings.Contains(body, "checked against CPCD row 01344X0052017A") || strings.Contains(body, "尚未经因子管理员审核") || strings.Contains(body, `id="value-flag"`) {
		t.Errorf("detail page after the review:\n%s", body[strings.Index(body, "plausibility-flag"):][:800])
	}
	row = regexp.MustCompile(`(?s)<td class="first" data-label="代码 Code"><a class="mono" href="[^"]*">` + flaggedCPCD + `</a>(.*?)</td>`).FindStringSubmatch(mustPage(t, st, search, 200))
	if row == nil || !strings.Contains(row[1], "合理性提示") || strings.Contains(row[1], "not reviewed") {
		t.Fatalf("search row after the review %q", row)
	}
}

// Ensure a factor set's workbench page, draft or published, leads to the
// set's factors (the search reads drafts for a curator): the page counted
// them and listed none, and no link led to them.
func TestWebFactorSet_LinksToItsFactors(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "2026.9")
	u := st.signedIn(t, asAdmin)
	for _, set := range []string{"2026.1", fx.draftSet} {
		mustWorkPage(t, u.get("/work/factor-sets/"+set), http.StatusOK,
			`<a href="/factors?set=`+set+`" id="set-factors">浏览本集因子 <span class="en" lang="en">Browse the factors of this set</span></a>`)
		if rec := u.get("/factors?set=" + set); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `href="/factors/ELEC-BATT-LFP-CATHODE?set=`+set+`"`) {
			t.Errorf("set %s: the link's search answers %d without the set's factors", set, rec.Code)
		}
	}
}

// Ensure a factor set's workbench page leads to the set's audit trail, the
// one a curator may read (subject=factor-set/<version>): no page linked
// to it, and the bare audit page answers a curator 403.
func TestWebFactorSet_LinksToItsAuditTrail(t *testing.T) {
	st := newSeededStack(t)
	for _, as := range []string{asCurator, asAdmin} {
		u := st.signedIn(t, as)
		link := `/work/audit?subject=factor-set/2026.1`
		mustWorkPage(t, u.get("/work/factor-sets/2026.1"), http.StatusOK,
			`<a href="`+link+`" id="set-audit">本集审计记录 <span class="en" lang="en">The set's audit trail</span></a>`)
		mustWorkPage(t, u.get(link), http.StatusOK, "factor-set/2026.1")
	}
}

// Ensure every download link of the factor-set list answers its reader: a
// curator signed in to the pages saw a draft with links to the API's
// export (/v1/factor-sets/<draft>/export), which reads an API key, not the
// pages' session, and answered 404 JSON. A draft's download is the search
// page's CSV, which the session reads.
func TestWebFactorSets_DownloadsAnswer(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "2026.9")
	link := regexp.MustCompile(`<td data-label="下载 Download">.*?</td>`)
	href := regexp.MustCompile(`href="([^"]+)"`)
	for _, as := range []string{asAnon, asCurator, asAdmin} {
		u := newWebUser(t, st.srv)
		if as != asAnon {
			u = st.signedIn(t, as)
		}
		body := u.get("/factor-sets").Body.String()
		if draft := strings.Contains(body, ">"+fx.draftSet+"<"); draft != (as != asAnon) {
			t.Fatalf("%s: draft listed %v", as, draft)
		}
		n := 0
		for _, cell := range link.FindAllString(body, -1) {
			for _, m := range href.FindAllStringSubmatch(cell, -1) {
				n++
				target := strings.ReplaceAll(m[1], "&amp;", "&")
				if rec := u.get(target); rec.Code != http.StatusOK {
					t.Errorf("%s: download %s answers %d: %.200s", as, target, rec.Code, rec.Body)
				}
			}
		}
		if n == 0 {
			t.Errorf("%s: no download links", as)
		}
	}
}

// Ensure the diff page asked for without sets (its address typed or cut
// short) leads to the list of sets and its comparison form, not to a 400
// page: half a pair is still a 400 naming the field.
func TestWebFactorDiff_NoSetsLeadsToTheForm(t *testing.T) {
	st := newSeededStack(t)
	rec := newWebUser(t, st.srv).get("/factor-sets/diff")
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/factor-sets#diff-form" {
		t.Errorf("/factor-sets/diff: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	mustWorkPage(t, newWebUser(t, st.srv).get("/factor-sets/diff?from=2026.1"), http.StatusBadRequest, "[to]")
}

// Ensure the new-draft form refuses in the browser the versions the server
// refuses (its pattern matches footprint.ValidSetVersion), so that a bad
// version is told before the form is sent and what was typed stays: it was
// a 400 page.
func TestWebFactorSets_VersionPattern(t *testing.T) {
	st := newSeededStack(t)
	body := st.signedIn(t, asCurator).get("/work/factor-sets").Body.String()
	m := regexp.MustCompile(`<input type="text" id="version" name="version" required class="mono" pattern="([^"]+)" maxlength="32" title="[^"]*[一-龥][^"]*">`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the version input has no pattern and bilingual title")
	}
	pattern := regexp.MustCompile(`^(?:` + html.UnescapeString(m[1]) + `)$`)
	for _, v := range []string{"2026.2", "2026.10", "v1", "a_b-c.d", "bad version!", "-2026", ".1", "", "2026/1", strings.Repeat("9", 32), strings.Repeat("9", 33), "版本"} {
		if got, want := pattern.MatchString(v), footprint.ValidSetVersion(v); got != want {
			t.Errorf("%q: the form's pattern says %v, the server %v", v, got, want)
		}
	}
}

// Ensure a factor search the service refuses (a product code that is not
// one, as a regulator querying by product types "光伏" or "HS:85-41")
// answers 400 on the search page itself: the error, naming the field,
// above the form as it was filled in (the text searched, the set and the
// category kept), the field marked invalid. It answered the site's error
// page, whose only way on was the home page: the search was lost.
func TestWebFactors_RefusedSearchKeepsTheForm(t *testing.T) {
	st := newSeededStack(t)
	for _, code := range []string{"光伏", "HS:85-41", "XX:12"} {
		target := "/factors?" + url.Values{"q": {"铝"}, "product_code": {code}, "category": {"material"}, "set": {"2026.1"}}.Encode()
		body := mustPage(t, st, target, 400)
		for _, want := range []string{
			`id="factor-search"`, // the form
			`value="铝"`,          // the text searched
			`value="` + html.EscapeString(code) + `" placeholder="HS:8541" inputmode="text" aria-invalid="true" aria-describedby="search-error"`, // the code, marked invalid
			`<option value="material" selected>`, // the category chosen
			`<option value="2026.1" selected>`,   // the set chosen
			`id="search-error" role="alert"`,
			`[product_code]`, // the field named
		} {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s: the page lacks %s", target, want)
			}
		}
		if strings.Contains(body, `id="factors"`) || strings.Contains(body, `id="no-results"`) {
			t.Errorf("GET %s: a refused search shows a result list", target)
		}
	}
	// A set the caller may not see is not a form's mistake: the error page.
	if body := mustPage(t, st, "/factors?set=2099.9", 404); strings.Contains(body, `id="factor-search"`) {
		t.Errorf("an unknown set answered the search form")
	}
}

// Ensure the diff of a set with a library of thousands is paged: 2026.1
// against CPCD-2026.03 added every CPCD factor, one page of 1.5 MB that
// Chromium would not capture ("Page is too large") and a phone strained
// at (rt65). Each list shows 200 rows from its own offset, says which,
// and links to the rows before and after, keeping the other lists' place;
// every added factor is on exactly one page.
func TestWebFactorSets_DiffPaged(t *testing.T) {
	st := newSeededStack(t)
	mustLoadCPCDStack(t, st)
	base := "/factor-sets/diff?from=2026.1&to=CPCD-2026.03"
	added := regexp.MustCompile(`新增 (\d+) 项 added`)
	m := added.FindStringSubmatch(mustPage(t, st, base, 200))
	if m == nil {
		t.Fatal("no summary")
	}
	total, _ := strconv.Atoi(m[1])
	if total <= 400 {
		t.Fatalf("%d factors added: too few to page", total)
	}
	row := regexp.MustCompile(`<tr><td class="first" data-label="代码 Code"><a class="mono" href="[^"]*">([^<]+)</a>`)
	section := func(body, id string) string {
		i := strings.Index(body, `<section class="card" id="`+id+`">`)
		j := strings.Index(body[i+1:], "<section")
		if j < 0 {
			return body[i:]
		}
		return body[i : i+1+j]
	}
	seen := map[string]bool{}
	target, pages := base+"&removed=0", 0
	for target != "" {
		body := mustPage(t, st, target, 200)
		sec := section(body, "added")
		codes := row.FindAllStringSubmatch(sec, -1)
		if len(codes) == 0 || len(codes) > 200 {
			t.Fatalf("%s: %d added rows, want 1 to 200", target, len(codes))
		}
		for _, c := range codes {
			if seen[c[1]] {
				t.Fatalf("%s: %s on two pages", target, c[1])
			}
			seen[c[1]] = true
		}
		first := pages*200 + 1
		if want := fmt.Sprintf("第 %d–%d 项，共 %d 项", first, first+len(codes)-1, total); !strings.Contains(sec, want) {
			t.Fatalf("%s: the added list does not say %q", target, want)
		}
		pages++
		target = ""
		if next := regexp.MustCompile(`href="([^"]+)" rel="next"`).FindStringSubmatch(sec); next != nil {
			target, _, _ = strings.Cut(html.UnescapeString(next[1]), "#") // a browser keeps the fragment to itself
			if !strings.Contains(target, "removed=0") || !strings.Contains(target, "to=CPCD-2026.03") {
				t.Fatalf("next link %q loses the comparison or the other lists' place", target)
			}
		}
	}
	if len(seen) != total || pages != (total+199)/200 {
		t.Errorf("%d added factors over %d pages, want %d over %d", len(seen), pages, total, (total+199)/200)
	}
	// An offset past the end shows the last rows: the list said "无
	// None." under its heading "Added (N)", and "第 N+1–N 项".
	last := (total - 1) / 200 * 200
	sec := section(mustPage(t, st, fmt.Sprintf("%s&added=%d", base, total+1000), 200), "added")
	if n, want := len(row.FindAllStringSubmatch(sec, -1)), total-last; n != want || strings.Contains(sec, "无 None.") || !strings.Contains(sec, fmt.Sprintf("第 %d–%d 项，共 %d 项", last+1, total, total)) {
		t.Errorf("added=%d, past the %d rows: %d rows shown, want the last %d, said", total+1000, total, n, want)
	}
	mustPage(t, st, base+"&added=-1", 400)
	mustPage(t, st, base+"&added=x", 400)
}
