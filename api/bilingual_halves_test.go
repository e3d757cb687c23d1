package api_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// refusedRe is the workbench's refusal on a factor set's page: its
// Chinese, then its English in a span of its own.
var refusedRe = regexp.MustCompile(`(?s)id="publish-refused"[^>]*>(.*?)<span class="en" lang="en">(.*?)</span></p>`)

// Ensure the workbench's refusal of a review of a flag changed since it
// was shown gives each language only its own words: the store's
// bilingual refusal was put whole after the page's English, so the
// English span carried the Chinese, and the Chinese said none of it.
func TestWorkbench_RefusedReviewInEachLanguage(t *testing.T) {
	st := newSeededStack(t)
	admin := st.signedIn(t, asAdmin)
	admin.newDraft("2026.5")
	st.mustDo(t, request{method: "POST", target: "/v1/factor-sets/2026.5/import", as: asAdmin, contentType: "text/csv", body: flaggedFactorsCSV(t)})
	curator2 := st.signedIn(t, asCurator2)
	form := curator2.reviewForm("/work/factor-sets/2026.5", url.Values{"csrf_token": {curator2.csrf}, "code": {"PV-TEST-BAD"}, "note": {"2223.29: checked against the source"}})
	st.swapFlaggedValue(t, "2026.5")
	rec := curator2.post("/work/factor-sets/2026.5/flags/review", form)
	mustWorkPage(t, rec, http.StatusConflict, `id="publish-refused"`)
	m := refusedRe.FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatalf("no refusal in its two languages: %.2000s", rec.Body)
	}
	zh, en := html.UnescapeString(m[1]), html.UnescapeString(m[2])
	if strings.ContainsFunc(en, func(r rune) bool { return unicode.Is(unicode.Han, r) }) || !strings.Contains(en, "the flag of PV-TEST-BAD in set 2026.5 changed since you read it") {
		t.Errorf("English %q, want the store's English and no Chinese", en)
	}
	if !strings.Contains(zh, "因子 PV-TEST-BAD（因子集 2026.5）的合理性提示在您阅读之后已有变化") || strings.Contains(zh, "changed since") {
		t.Errorf("Chinese %q, want the store's Chinese and no English", zh)
	}
}
