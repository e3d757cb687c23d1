package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Ensure the curator who filled a draft cannot review its plausibility
// flags through the API or the workbench (four eyes): 403 "forbidden"
// naming the reviewer, on the page the reason in both languages, nothing
// recorded; another curator's review goes through.
func TestFactorFlags_FourEyes(t *testing.T) {
	st := newSeededStack(t)
	admin := st.signedIn(t, asAdmin)
	if rec := admin.post("/work/factor-sets", url.Values{"csrf_token": {admin.csrf}, "version": {"2026.5"}, "based_on": {"2026.1"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("create: %d %.600s", rec.Code, rec.Body)
	}
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/import", as: asAdmin, contentType: "text/csv", body: flaggedFactorsCSV(t)}), 200)
	body := []byte(`{"codes":["PV-TEST-BAD"],"note":"I checked my own import"}`)

	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/flags/acknowledge", as: asAdmin, contentType: "application/json", body: body}), 403, "forbidden")
	if e.Error.Field != "reviewer" || !strings.Contains(e.Error.Message, "another curator") {
		t.Fatalf("refusal %+v", e.Error)
	}
	rec := admin.post("/work/factor-sets/2026.5/flags/review", url.Values{"csrf_token": {admin.csrf}, "code": {"PV-TEST-BAD"}, "note": {"I checked my own import"}})
	mustWorkPage(t, rec, http.StatusForbidden, `id="publish-refused"`, "请由另一位管理员审核", "Another curator must review them", `id="review-form"`, `<span id="flags-unreviewed">1</span>`)
	flags := MustData[[]flagData](t, st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.5/flags", as: asAdmin}), 200)
	if len(flags) != 1 || flags[0].Acknowledgement != nil {
		t.Fatalf("flags after the refusals: %+v", flags)
	}
	MustError(t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/publish", as: asAdmin}), 409, "conflict")

	MustData[[]flagData](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/flags/acknowledge", as: asCurator2, contentType: "application/json",
		body: []byte(`{"codes":["PV-TEST-BAD"],"note":"checked against the source"}`)}), 200)
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/publish", as: asAdmin}), 200)
}
