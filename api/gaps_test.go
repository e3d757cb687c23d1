package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Ensure an issue without an authorised signatory is refused: 400 naming
// signatory, in Chinese and English, by the API and by the workbench's
// form, and nothing is issued; the form asks for it. A CNCA certificate
// names its certification body's authorised signatory (reference
// standards.md §7.2), which the certificate prints in its signature block.
func TestIssue_NeedsASignatory(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	digest := MustData[appData](t, st.do(t, request{method: "GET", target: "/v1/applications/" + fx.app, as: asCert}), 200).Review.Digest
	for _, body := range []string{`{"review_digest":"` + digest + `"}`, `{"signatory":"  ","review_digest":"` + digest + `"}`} {
		e := MustError(t, st.do(t, request{method: "POST", target: "/v1/applications/" + fx.app + "/issue", as: asCert,
			contentType: "application/json", body: []byte(body)}), 400, "invalid")
		if e.Error.Field != "signatory" || !strings.Contains(e.Error.Message, "须填写授权签字人") || !strings.Contains(e.Error.Message, "signatory is required") {
			t.Errorf("%s: %+v, want signatory named, in Chinese and English", body, e.Error)
		}
	}
	u := st.signedIn(t, asCert)
	page := u.get("/work/applications/" + fx.app)
	if !strings.Contains(page.Body.String(), `name="signatory" required`) {
		t.Errorf("the issue form does not ask for the signatory: %s", page.Body)
	}
	mustWorkPage(t, u.post("/work/applications/"+fx.app+"/issue", url.Values{"csrf_token": {u.csrf}, "review_digest": {digest}}),
		http.StatusBadRequest, "须填写授权签字人", "signatory is required")
	if a := MustData[appData](t, st.do(t, request{method: "GET", target: "/v1/applications/" + fx.app, as: asCert}), 200); a.Status != "pending" {
		t.Fatalf("application %s after refused issues", a.Status)
	}
	MustData[issueData](t, st.do(t, st.issueReq(t, fx.app, `{"signatory":"Zhang San"}`)), 201)
}
