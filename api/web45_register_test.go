package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/access"
)

// Ensure a certification body's staff see their own register on the
// keys page of the workbench (web45): its authorised signatories and
// approval scope as recorded, read-only, changed by the operator as filed
// with CNCA; a body without one is told so (issues are then not checked);
// another body's register is never shown. They saw it nowhere.
func TestWeb45_KeysPageShowsOwnRegister(t *testing.T) {
	st := newSeededStack(t)
	body, body2 := st.signedIn(t, asCert), st.signedIn(t, asCert2)
	heading := []string{"授权签字人与批准范围", "Authorised signatories and approval scope", "as filed with CNCA"}
	none := []string{`id="no-signatories"`, "未登记授权签字人", "No authorised signatories are registered", "The service's operator records them", `id="no-scope"`}
	mustWorkPage(t, body.get("/work/keys"), http.StatusOK, append(heading, none...)...)

	MustData[access.Organization](t, st.do(t, registerReq(orgCertifier, `{"signatories":["Wang Li","张三"],"scope":["pv-module"]}`)), 200)
	MustData[access.Organization](t, st.do(t, registerReq(orgCert2, `{"signatories":["Chen Jing"],"scope":[]}`)), 200)
	page := body.get("/work/keys")
	mustWorkPage(t, page, http.StatusOK, append(heading, `<li>Wang Li</li>`, `<li>张三</li>`, `<span class="mono">pv-module</span>`, "A certificate is issued under one of these names")...)
	for _, absent := range []string{"Chen Jing", `id="no-signatories"`, `id="no-scope"`, "<form method=\"post\" action=\"/v1/admin"} {
		if strings.Contains(page.Body.String(), absent) {
			t.Errorf("%s's keys page holds %q", orgCertifier, absent)
		}
	}
	page = body2.get("/work/keys")
	mustWorkPage(t, page, http.StatusOK, append(heading, `<li>Chen Jing</li>`, `id="no-scope"`)...)
	for _, absent := range []string{"Wang Li", "张三", "pv-module"} {
		if strings.Contains(page.Body.String(), absent) {
			t.Errorf("%s's keys page shows %s's register: %q", orgCert2, orgCertifier, absent)
		}
	}
}

// Ensure the certifier's issue form offers the body's registered
// signatories to pick from (web45) when it has a register, and a text box
// when it has none; the server's check stays: a name not on the register
// posted anyway is refused, a registered one issued.
func TestWeb45_IssueFormOffersRegisteredSignatories(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	u := st.signedIn(t, asCert)
	page := u.get("/work/applications/" + fx.app).Body.String()
	if !strings.Contains(page, `<input type="text" id="signatory" name="signatory" required>`) || strings.Contains(page, `<select id="signatory"`) {
		t.Fatalf("a body without a register: the form does not take a typed signatory: %s", page)
	}

	MustData[access.Organization](t, st.do(t, registerReq(orgCertifier, `{"signatories":["Wang Li","张三"],"scope":[]}`)), 200)
	MustData[access.Organization](t, st.do(t, registerReq(orgCert2, `{"signatories":["Chen Jing"],"scope":[]}`)), 200)
	rec := u.get("/work/applications/" + fx.app)
	mustWorkPage(t, rec, http.StatusOK, `<select id="signatory" name="signatory" required`, `<option value="">`,
		`<option value="Wang Li">Wang Li</option>`, `<option value="张三">张三</option>`, "registered authorised signatories")
	page = rec.Body.String()
	if strings.Contains(page, `<input type="text" id="signatory"`) || strings.Contains(page, "Chen Jing") {
		t.Fatalf("the form offers a typed name or another body's signatory: %s", page)
	}
	digest := MustData[appData](t, st.do(t, request{method: "GET", target: "/v1/applications/" + fx.app, as: asCert}), 200).Review.Digest
	mustWorkPage(t, u.post("/work/applications/"+fx.app+"/issue", url.Values{"csrf_token": {u.csrf}, "review_digest": {digest}, "signatory": {"Chen Jing"}}),
		http.StatusBadRequest, "not an authorised signatory on record")
	rec = u.post("/work/applications/"+fx.app+"/issue", url.Values{"csrf_token": {u.csrf}, "review_digest": {digest}, "signatory": {"张三"}})
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/work/certificates/") {
		t.Fatalf("issued under a registered signatory: %d %q %.400s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
}
