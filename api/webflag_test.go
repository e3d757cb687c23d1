package api_test

import (
	"encoding/json"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/seed/cpcd"
)

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
	facets := regexp.MustCompile(`<a class="badge plain facet" href="([^"]+)">[^<]*<span class="en">([^<]+)</span> \((\d+)\)</a>`).FindAllStringSubmatch(body, -1)
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
	for _, want := range []string{`id="plausibility-flag"`, "合理性提示", "Plausibility flag", "556.1 kgCO2e/kg", "the median 1.7 kgCO2e/kg of its", "尚未经管理员审核", "Not reviewed by a curator", "loaded by pcf as the source publishes it", `id="flag-peers"`} {
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
		body: []byte(`{"codes":["` + flaggedCPCD + `"],"note":"checked against CPCD row 01344X0052017A"}`)})
	if rec.Code != 200 {
		t.Fatalf("review: %d %s", rec.Code, rec.Body)
	}
	body = html.UnescapeString(mustPage(t, st, detail, 200))
	if !strings.Contains(body, "已由管理员审核") || !strings.Contains(body, "checked against CPCD row 01344X0052017A") || strings.Contains(body, "尚未经管理员审核") {
		t.Errorf("detail page after the review:\n%s", body[strings.Index(body, "plausibility-flag"):][:800])
	}
	row = regexp.MustCompile(`(?s)<td class="first" data-label="代码 Code"><a class="mono" href="[^"]*">` + flaggedCPCD + `</a>(.*?)</td>`).FindStringSubmatch(mustPage(t, st, search, 200))
	if row == nil || !strings.Contains(row[1], "合理性提示") || strings.Contains(row[1], "not reviewed") {
		t.Fatalf("search row after the review %q", row)
	}
}
