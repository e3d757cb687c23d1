package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/seed/cpcd"
)

// Ensure the curator's workbench shows plausibility flags: the import
// preview lists the flags the set would have, with their peers; the draft
// page lists them with a review form (CSRF, a required note); publishing a
// draft with an open flag answers 409 with the reason in both languages on
// the set's page, not an error page; after the review it publishes.
func TestWebCurator_DraftFlags(t *testing.T) {
	st := newSeededStack(t)
	admin := st.signedIn(t, asAdmin)
	if rec := admin.post("/work/factor-sets", url.Values{"csrf_token": {admin.csrf}, "version": {"2026.5"}, "based_on": {"2026.1"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("create: %d %.600s", rec.Code, rec.Body)
	}
	preview := admin.upload("/work/factor-sets/2026.5/preview", admin.csrf, formFile{"file", "flagged.csv", flaggedFactorsCSV(t)})
	mustWorkPage(t, preview, http.StatusOK, `id="preview-flags"`, "PV-TEST-BAD", "2223.29", "PV-TEST-3")
	m := previewInput.FindStringSubmatch(preview.Body.String())
	if m == nil {
		t.Fatal("the preview page's import form names no preview")
	}
	if rec := admin.post("/work/factor-sets/2026.5/import", url.Values{"csrf_token": {admin.csrf}, "preview": {m[1]}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("import: %d %.600s", rec.Code, rec.Body)
	}
	mustWorkPage(t, admin.get("/work/factor-sets/2026.5"), http.StatusOK, `id="flag-list"`, `value="PV-TEST-BAD"`, `<span id="flags-unacknowledged">1</span>`, "PV-TEST-3")

	rec := admin.post("/work/factor-sets/2026.5/publish", url.Values{"csrf_token": {admin.csrf}, "confirm": {"2026.5"}})
	mustWorkPage(t, rec, http.StatusConflict, `id="publish-refused"`, "未发布:1 个合理性提示尚未经管理员确认", "Not published: 1 plausibility flags are not acknowledged", `id="review-form"`)

	mustWorkPage(t, admin.post("/work/factor-sets/2026.5/flags/review", url.Values{"csrf_token": {"wrong"}, "code": {"PV-TEST-BAD"}, "note": {"checked"}}), http.StatusForbidden)
	mustWorkPage(t, admin.post("/work/factor-sets/2026.5/flags/review", url.Values{"csrf_token": {admin.csrf}, "code": {"PV-TEST-BAD"}}), http.StatusBadRequest, "note")
	curator2 := st.signedIn(t, asCurator2) // four eyes: not the importer
	if rec := curator2.post("/work/factor-sets/2026.5/flags/review", url.Values{"csrf_token": {curator2.csrf}, "code": {"PV-TEST-BAD"}, "note": {"checked against the source for the test"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("review: %d %.600s", rec.Code, rec.Body)
	}
	mustWorkPage(t, admin.get("/work/factor-sets/2026.5?done=reviewed"), http.StatusOK, "合理性提示已审核", `<span id="flags-unreviewed">0</span>`, "checked against the source for the test")
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
	if rec := admin.post(page+"/flags/review", url.Values{"csrf_token": {admin.csrf}, "code": {flaggedCPCD}, "note": {"checked against CPCD"}}); rec.Code != http.StatusSeeOther {
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
