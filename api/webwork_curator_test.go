package api_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/seed/cpcd"
)

var previewInput = regexp.MustCompile(`name="preview" value="([^"]+)"`)

// newDraft creates the draft set version, based on 2026.1, through the
// curator's form.
func (u *webUser) newDraft(version string) {
	u.t.Helper()
	if rec := u.post("/work/factor-sets", url.Values{"csrf_token": {u.csrf}, "version": {version}, "based_on": {"2026.1"}}); rec.Code != http.StatusSeeOther {
		u.t.Fatalf("create: %d %.600s", rec.Code, rec.Body)
	}
}

// seedRows returns the rows of set 2026.1's CSV export, header first, and
// the columns of the code and the value.
func seedRows(t *testing.T, st *stack) (rows [][]string, code, value int) {
	t.Helper()
	rec := st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.1/export?format=csv"})
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\ufeff"))).ReadAll()
	if err != nil || len(rows) < 3 {
		t.Fatalf("export: %v, %d rows", err, len(rows))
	}
	return rows, slices.Index(rows[0], "code"), slices.Index(rows[0], "value")
}

// csvFile writes rows as a CSV file.
func csvFile(rows ...[]string) []byte {
	var b bytes.Buffer
	csv.NewWriter(&b).WriteAll(rows)
	return b.Bytes()
}

// draftValue is the value of the factor code in the draft set 2026.2.
func draftValue(t *testing.T, st *stack, code string) float64 {
	t.Helper()
	return MustData[struct {
		Value float64 `json:"value"`
	}](t, st.do(t, request{method: "GET", target: "/v1/factors/" + code + "?set=2026.2", as: asAdmin}), 200).Value
}

// previewID is the preview the import form of a preview page names.
func previewID(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	m := previewInput.FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatal("the preview page's import form names no preview")
	}
	return m[1]
}

// Ensure the curator's workbench creates a draft, previews an import
// without writing anything (one factor changed, one added), imports exactly
// the previewed file, and publishes only when the version is typed to
// confirm; and that the forms need the CSRF token and the admin role.
func TestWebCurator(t *testing.T) {
	st := newSeededStack(t)
	admin := st.signedIn(t, asAdmin)
	maker := st.signedIn(t, asMaker)
	mustWorkPage(t, maker.get("/work/factor-sets"), http.StatusForbidden)
	mustWorkPage(t, maker.post("/work/factor-sets", url.Values{"csrf_token": {maker.csrf}, "version": {"2026.9"}}), http.StatusForbidden)

	mustWorkPage(t, admin.post("/work/factor-sets", url.Values{"version": {"2026.2"}, "based_on": {"2026.1"}}), http.StatusForbidden)
	if rec := admin.post("/work/factor-sets", url.Values{"csrf_token": {admin.csrf}, "version": {"2026.2"}, "based_on": {"2026.1"}, "description": {"test edition"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("create: %d %.600s", rec.Code, rec.Body)
	}
	count := func() int {
		return MustData[struct {
			FactorCount int `json:"factor_count"`
		}](t, st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.2", as: asAdmin}), 200).FactorCount
	}
	before := count()

	// A file of two rows: one factor of the set with a new value, one new.
	rows, code, value := seedRows(t, st)
	changed := slices.Clone(rows[1])
	changed[value] = "123.5"
	added := slices.Clone(rows[2])
	added[code] = "WEB-TEST-NEW-FACTOR"
	file := csvFile(rows[0], changed, added)

	upload := func(token string) *httptest.ResponseRecorder {
		return admin.upload("/work/factor-sets/2026.2/preview", token, formFile{"file", "edition.csv", file})
	}
	mustWorkPage(t, upload("wrong"), http.StatusForbidden)
	mustWorkPage(t, admin.post("/work/factor-sets/2026.2/import", url.Values{"csrf_token": {admin.csrf}}), http.StatusBadRequest, "preview")
	rec := upload(admin.csrf)
	mustWorkPage(t, rec, http.StatusOK, `<span id="preview-added">1</span>`, `<span id="preview-changed">1</span>`, "WEB-TEST-NEW-FACTOR", rows[1][code], "123.5")
	if n := count(); n != before {
		t.Fatalf("the preview wrote: %d factors, want %d", n, before)
	}
	preview := previewID(t, rec)
	// The import confirms that preview: a form without it, or posted to
	// another set, imports nothing and keeps the preview for its own page.
	mustWorkPage(t, admin.post("/work/factor-sets/2026.2/import", url.Values{"csrf_token": {admin.csrf}}), http.StatusBadRequest, "preview")
	mustWorkPage(t, admin.post("/work/factor-sets/2026.1/import", url.Values{"csrf_token": {admin.csrf}, "preview": {preview}}), http.StatusBadRequest, "preview")
	if n := count(); n != before {
		t.Fatalf("a form that confirmed no preview imported: %d factors, want %d", n, before)
	}
	if rec := admin.post("/work/factor-sets/2026.2/import", url.Values{"csrf_token": {admin.csrf}, "preview": {preview}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("import: %d %.600s", rec.Code, rec.Body)
	}
	if n := count(); n != before+1 {
		t.Fatalf("%d factors after the import, want %d", n, before+1)
	}
	if v := draftValue(t, st, rows[1][code]); v != 123.5 {
		t.Fatalf("imported value %v, want 123.5", v)
	}
	// The preview is used once.
	mustWorkPage(t, admin.post("/work/factor-sets/2026.2/import", url.Values{"csrf_token": {admin.csrf}, "preview": {preview}}), http.StatusBadRequest, "preview")

	mustWorkPage(t, admin.post("/work/factor-sets/2026.2/publish", url.Values{"csrf_token": {admin.csrf}, "confirm": {"2026.1"}}), http.StatusBadRequest, "confirm")
	if rec := admin.post("/work/factor-sets/2026.2/publish", url.Values{"csrf_token": {admin.csrf}, "confirm": {"2026.2"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("publish: %d %.600s", rec.Code, rec.Body)
	}
	mustWorkPage(t, admin.get("/work/factor-sets/2026.2"), http.StatusOK, "已发布 published")
	mustWorkPage(t, upload(admin.csrf), http.StatusConflict)
}

// Ensure the curator's import imports the file whose preview the page
// showed. Before, the session kept the latest preview only, and the
// import form of an earlier preview (another tab) imported the later
// file: a curator who checked file A's changes and flags and pressed
// "Import these factors" on A's page got file B's values into the draft.
// Now that form is refused (400, field preview), nothing is imported and
// the later preview stays to be imported from its own page.
func TestRedteam4_CuratorImportsThePreviewedFile(t *testing.T) {
	st := newSeededStack(t)
	admin := st.signedIn(t, asAdmin)
	admin.newDraft("2026.2")
	rows, code, value := seedRows(t, st)
	file := func(v string) []byte {
		row := slices.Clone(rows[1])
		row[value] = v
		return csvFile(rows[0], row)
	}
	preview := func(v string) string {
		rec := admin.upload("/work/factor-sets/2026.2/preview", admin.csrf, formFile{"file", "edition-" + v + ".csv", file(v)})
		mustWorkPage(t, rec, http.StatusOK, v)
		return previewID(t, rec)
	}
	valueNow := func() float64 { return draftValue(t, st, rows[1][code]) }
	before := valueNow()
	a := preview("123.5")
	b := preview("0.0012")
	mustWorkPage(t, admin.post("/work/factor-sets/2026.2/import", url.Values{"csrf_token": {admin.csrf}, "preview": {a}}), http.StatusBadRequest, "preview")
	if v := valueNow(); v != before {
		t.Fatalf("the form of preview A imported %v", v)
	}
	if rec := admin.post("/work/factor-sets/2026.2/import", url.Values{"csrf_token": {admin.csrf}, "preview": {b}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("import from B's page: %d %.600s", rec.Code, rec.Body)
	}
	if v := valueNow(); v != 0.0012 {
		t.Fatalf("imported %v, want B's 0.0012", v)
	}
}

// Ensure the curator who filled a draft cannot review its plausibility
// flags through the API or the workbench (four eyes): 403 "forbidden"
// naming the reviewer, on the page the reason in both languages, nothing
// recorded; another curator's review goes through.
func TestFactorFlags_FourEyes(t *testing.T) {
	st := newSeededStack(t)
	admin := st.signedIn(t, asAdmin)
	admin.newDraft("2026.5")
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/import", as: asAdmin, contentType: "text/csv", body: flaggedFactorsCSV(t)}), 200)
	body := st.reviewBody(t, "2026.5", "I checked my own import", false, "PV-TEST-BAD")

	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/flags/acknowledge", as: asAdmin, contentType: "application/json", body: body}), 403, "forbidden")
	if e.Error.Field != "reviewer" || !strings.Contains(e.Error.Message, "another curator") {
		t.Fatalf("refusal %+v", e.Error)
	}
	rec := admin.post("/work/factor-sets/2026.5/flags/review", admin.reviewForm("/work/factor-sets/2026.5", url.Values{"csrf_token": {admin.csrf}, "code": {"PV-TEST-BAD"}, "note": {"I checked my own import"}}))
	// The outlier, and the six other factors the draft adds to its base (flagged added since red team 16).
	mustWorkPage(t, rec, http.StatusForbidden, `id="publish-refused"`, "请由另一位因子管理员审核", "Another curator must review them", `id="review-form"`, `<span id="flags-unreviewed">7</span>`)
	flags := MustData[[]flagData](t, st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.5/flags", as: asAdmin}), 200)
	if len(flags) != 7 || slices.ContainsFunc(flags, func(f flagData) bool { return f.Acknowledgement != nil }) {
		t.Fatalf("flags after the refusals: %+v", flags)
	}
	MustError(t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/publish", as: asAdmin}), 409, "conflict")

	MustData[[]flagData](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/flags/acknowledge", as: asCurator2, contentType: "application/json",
		body: st.reviewBody(t, "2026.5", "checked against the source", false, "PV-TEST-BAD")}), 200)
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/publish", as: asAdmin}), 200)
}

// Ensure the curator's workbench shows plausibility flags: the import
// preview lists the flags the set would have, with their peers; the draft
// page lists them with a review form (CSRF, a required note); publishing a
// draft with an open flag answers 409 with the reason in both languages on
// the set's page, not an error page; after the review it publishes.
func TestWebCurator_DraftFlags(t *testing.T) {
	st := newSeededStack(t)
	admin := st.signedIn(t, asAdmin)
	admin.newDraft("2026.5")
	preview := admin.upload("/work/factor-sets/2026.5/preview", admin.csrf, formFile{"file", "flagged.csv", flaggedFactorsCSV(t)})
	mustWorkPage(t, preview, http.StatusOK, `id="preview-flags"`, "PV-TEST-BAD", "2223.29", "PV-TEST-3")
	if rec := admin.post("/work/factor-sets/2026.5/import", url.Values{"csrf_token": {admin.csrf}, "preview": {previewID(t, preview)}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("import: %d %.600s", rec.Code, rec.Body)
	}
	mustWorkPage(t, admin.get("/work/factor-sets/2026.5"), http.StatusOK, `id="flag-list"`, `value="PV-TEST-BAD"`, `<span id="flags-unacknowledged">1</span>`, "PV-TEST-3")

	rec := admin.post("/work/factor-sets/2026.5/publish", url.Values{"csrf_token": {admin.csrf}, "confirm": {"2026.5"}})
	mustWorkPage(t, rec, http.StatusConflict, `id="publish-refused"`, "未发布:1 个合理性提示尚未经因子管理员确认", "Not published: 1 plausibility flags are not acknowledged", `id="review-form"`)

	mustWorkPage(t, admin.post("/work/factor-sets/2026.5/flags/review", url.Values{"csrf_token": {"wrong"}, "code": {"PV-TEST-BAD"}, "note": {"checked"}}), http.StatusForbidden)
	mustWorkPage(t, admin.post("/work/factor-sets/2026.5/flags/review", admin.reviewForm("/work/factor-sets/2026.5", url.Values{"csrf_token": {admin.csrf}, "code": {"PV-TEST-BAD"}})), http.StatusBadRequest, "note")
	curator2 := st.signedIn(t, asCurator2) // four eyes: not the importer
	if rec := curator2.post("/work/factor-sets/2026.5/flags/review", curator2.reviewForm("/work/factor-sets/2026.5", url.Values{"csrf_token": {curator2.csrf}, "code": {"PV-TEST-BAD"}, "note": {"checked against the source for the test"}})); rec.Code != http.StatusSeeOther {
		t.Fatalf("review: %d %.600s", rec.Code, rec.Body)
	}
	// The six factors the draft adds stay unreviewed (flagged added, they do not hold publication back).
	mustWorkPage(t, admin.get("/work/factor-sets/2026.5?done=reviewed"), http.StatusOK, "合理性提示已审核", `<span id="flags-unreviewed">6</span>`, "checked against the source for the test")
	if rec := admin.post("/work/factor-sets/2026.5/publish", url.Values{"csrf_token": {admin.csrf}, "confirm": {"2026.5"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("publish after the review: %d %.600s", rec.Code, rec.Body)
	}
}

// Ensure a published set's page lists its unreviewed flags with the same
// review form, a review takes the factor off the list and leaves the set's
// digest as it was, and only an admin may review.
func TestWebCurator_PublishedFlags(t *testing.T) {
	st := newSeededStack(t)
	mustLoadCPCDStack(t, st)
	admin := st.signedIn(t, asAdmin)
	maker := st.signedIn(t, asMaker)
	digest := func() string {
		return MustData[struct {
			Digest string `json:"digest"`
		}](t, st.do(t, request{method: "GET", target: "/v1/factor-sets/" + cpcd.SetVersion}), 200).Digest
	}
	before := digest()
	page := "/work/factor-sets/" + cpcd.SetVersion
	mustWorkPage(t, admin.get(page), http.StatusOK, `id="review-form"`, `value="`+flaggedCPCD+`"`, "acknowledged by the loader only, not reviewed", "556.1")
	mustWorkPage(t, maker.post(page+"/flags/review", url.Values{"csrf_token": {maker.csrf}, "code": {flaggedCPCD}, "note": {"x"}}), http.StatusForbidden)
	if rec := admin.post(page+"/flags/review", admin.reviewForm(page, url.Values{"csrf_token": {admin.csrf}, "code": {flaggedCPCD}, "note": {"checked against CPCD"}})); rec.Code != http.StatusSeeOther {
		t.Fatalf("review: %d %.600s", rec.Code, rec.Body)
	}
	rec := admin.get(page)
	mustWorkPage(t, rec, http.StatusOK, `id="review-form"`)
	if strings.Contains(rec.Body.String(), `value="`+flaggedCPCD+`"`) {
		t.Errorf("the reviewed flag is still listed for review")
	}
	if after := digest(); after != before || before == "" {
		t.Errorf("digest %s after the review, %s before", after, before)
	}
}

// Ensure the curator's workbench shows a change of a set based on another
// as a flag, before the import (the preview) and after it (the set's page,
// with the review form), in both languages, and the factor's public page
// says what changed: the grid factor lowered tenfold in draft 2026.2.
func TestWebCurator_ChangeFlags(t *testing.T) {
	st := newSeededStack(t)
	admin := st.signedIn(t, asAdmin)
	admin.newDraft("2026.2")
	rows, code, value := seedRows(t, st)
	var grid []string
	for _, r := range rows[1:] {
		if r[code] == "ELEC-CN-NAT-CF-2024" {
			grid = slices.Clone(r)
			grid[value] = "0.0577"
		}
	}
	const en, zh = "changed from 0.5777 kgCO2e/kWh in set 2026.1 to 0.0577 kgCO2e/kWh in set 2026.2 (−90 %)", "由因子集 2026.1 的 0.5777 kgCO2e/kWh 改为因子集 2026.2 的 0.0577 kgCO2e/kWh(−90 %)"
	preview := admin.upload("/work/factor-sets/2026.2/preview", admin.csrf, formFile{"file", "grid.csv", csvFile(rows[0], grid)})
	mustWorkPage(t, preview, http.StatusOK, `id="preview-flags"`, "ELEC-CN-NAT-CF-2024", en, zh)
	if rec := admin.post("/work/factor-sets/2026.2/import", url.Values{"csrf_token": {admin.csrf}, "preview": {previewID(t, preview)}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("import: %d %.600s", rec.Code, rec.Body)
	}
	// Unreviewed, not holding publication back.
	mustWorkPage(t, admin.get("/work/factor-sets/2026.2"), http.StatusOK, `value="ELEC-CN-NAT-CF-2024"`, en, zh,
		`<span id="flags-unreviewed">1</span>`, `<span id="flags-unacknowledged">0</span>`)
	rec := admin.get("/factors/ELEC-CN-NAT-CF-2024?set=2026.2")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `id="flag-change"`) || !strings.Contains(rec.Body.String(), en) {
		t.Fatalf("factor page: %d %.2000s", rec.Code, rec.Body)
	}
}

// hiddenDigestRe finds the hidden fields of the workbench's review forms
// that carry what the page showed: digest.CODE of each flag listed, and
// set_digest of the set.
var hiddenDigestRe = regexp.MustCompile(`name="(digest\.[^"]+|set_digest)" value="([0-9a-f]{64})"`)

// reviewForm returns form with the hidden digest fields of the review
// forms on the workbench page page, as u reads it now: what a browser
// sends back with the form.
func (u *webUser) reviewForm(page string, form url.Values) url.Values {
	u.t.Helper()
	rec := u.get(page)
	if rec.Code != http.StatusOK {
		u.t.Fatalf("%s: %d %.600s", page, rec.Code, rec.Body)
	}
	for _, m := range hiddenDigestRe.FindAllStringSubmatch(rec.Body.String(), -1) {
		form.Set(m[1], m[2])
	}
	return form
}

// Red team 32, on the workbench: the review forms carry what the page
// showed (digest.CODE of each flag, set_digest), so a curator who read the
// page before the author imported another value is refused (409, the
// set's page again with the reason in both languages and the value now
// there), nothing recorded.
func TestRedteam32_WorkbenchReviewOfAFlagChangedAfterItWasShown(t *testing.T) {
	st := newSeededStack(t)
	admin := st.signedIn(t, asAdmin)
	admin.newDraft("2026.5")
	st.mustDo(t, request{method: "POST", target: "/v1/factor-sets/2026.5/import", as: asAdmin, contentType: "text/csv", body: flaggedFactorsCSV(t)})
	curator2 := st.signedIn(t, asCurator2)
	form := curator2.reviewForm("/work/factor-sets/2026.5", url.Values{"csrf_token": {curator2.csrf}, "code": {"PV-TEST-BAD"}, "note": {"2223.29: checked against the source"}})
	if form.Get("digest.PV-TEST-BAD") == "" {
		t.Fatalf("the review form carries no digest of the flag shown: %v", form)
	}
	st.swapFlaggedValue(t, "2026.5")
	mustWorkPage(t, curator2.post("/work/factor-sets/2026.5/flags/review", form), http.StatusConflict,
		`id="publish-refused"`, "您勾选的提示(或整个因子集)已与您看到的不同", "is no longer what you were shown", "now 2000 kgCO2e/kWh", `id="review-form"`)
	flags := MustData[[]flagData](t, st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.5/flags", as: asAdmin}), 200)
	if slices.ContainsFunc(flags, func(f flagData) bool { return f.Acknowledgement != nil }) {
		t.Fatalf("the refused review recorded an acknowledgement: %+v", flags)
	}
	// A form without the digests (a page from before) is refused too.
	mustWorkPage(t, curator2.post("/work/factor-sets/2026.5/flags/review", url.Values{"csrf_token": {curator2.csrf}, "code": {"PV-TEST-BAD"}, "note": {"checked"}}), http.StatusBadRequest, "digests[0]")

	// The review of a set as a whole, from its page.
	st.mustDo(t,
		request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"2026.SC"}`)},
		request{method: "POST", target: "/v1/factor-sets/2026.SC/import", as: asAdmin, contentType: "text/csv", body: flaggedFactorsCSV(t)},
	)
	form = curator2.reviewForm("/work/factor-sets/2026.SC", url.Values{"csrf_token": {curator2.csrf}, "set": {"1"}, "note": {"checked every factor against its source"}})
	if form.Get("set_digest") == "" {
		t.Fatalf("the set review form carries no digest of the set shown: %v", form)
	}
	st.swapFlaggedValue(t, "2026.SC")
	mustWorkPage(t, curator2.post("/work/factor-sets/2026.SC/flags/review", form), http.StatusConflict, `id="publish-refused"`, "is no longer what you were shown")
	if m := mustSetReview(t, st, "2026.SC").Meta.SetReview; !m.Pending || m.Review != nil {
		t.Fatalf("set_review after the refused review: %+v", m)
	}
}
