// Tests of a certification body's register (its authorised signatories and
// approval scope): the operator records and changes it, the body reads it
// and its staff sign under it.

package api_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chromedp/chromedp"
)

// orgRegisterData is GET /v1/org/register's data.
type orgRegisterData struct {
	Org         string   `json:"org"`
	Signatories []string `json:"signatories"`
	Scope       []string `json:"scope"`
	Held        bool     `json:"held"`
}

// Ensure a certification body reads its own register as JSON: before,
// only its workbench's keys page showed it, and GET /v1/org/register was
// 404. Each body reads its own, never another's; [] for an empty list;
// a manufacturer's key is 403 and an anonymous caller 401, as for the
// body's other /v1/org routes; the route only reads (a write is 405, the
// trail unmoved).
func TestRegister_BodyReadsItsOwnRegister(t *testing.T) {
	st := newSeededStack(t)
	MustData[access.Organization](t, st.do(t, registerReq(orgCertifier, `{"signatories":["Li Si","张三"],"scope":["pv-module"]}`)), 200)
	got := MustData[orgRegisterData](t, st.do(t, request{method: "GET", target: "/v1/org/register", as: asCert}), 200)
	if got.Org != orgCertifier || !slices.Equal(got.Signatories, []string{"Li Si", "张三"}) || !slices.Equal(got.Scope, []string{"pv-module"}) || got.Held {
		t.Fatalf("%s's register: %+v", orgCertifier, got)
	}
	other := MustData[orgRegisterData](t, st.do(t, request{method: "GET", target: "/v1/org/register", as: asCert2}), 200)
	if other.Org != orgCert2 || other.Signatories == nil || other.Scope == nil || len(other.Signatories) != 0 || len(other.Scope) != 0 {
		t.Fatalf("%s's register: %+v, want its own, empty", orgCert2, other)
	}
	MustError(t, st.do(t, request{method: "GET", target: "/v1/org/register", as: asMaker}), 403, "forbidden")
	MustError(t, st.do(t, request{method: "GET", target: "/v1/org/register"}), 401, "unauthorized")

	before := st.auditHead(t)
	for _, method := range []string{"PUT", "POST", "PATCH", "DELETE"} {
		if rec := st.do(t, request{method: method, target: "/v1/org/register", as: asCert, contentType: "application/json", body: []byte(`{"signatories":["Li Si","Wang Wu"],"scope":["pv-module"]}`)}); rec.Code != 405 {
			t.Errorf("%s /v1/org/register as the body: %d %s, want 405", method, rec.Code, rec.Body)
		}
	}
	if after := st.auditHead(t); after != before {
		t.Fatalf("the trail moved from %+v to %+v", before, after)
	}
	if got := MustData[orgRegisterData](t, st.do(t, request{method: "GET", target: "/v1/org/register", as: asCert}), 200); !slices.Equal(got.Signatories, []string{"Li Si", "张三"}) {
		t.Fatalf("after the body's writes: %+v", got)
	}
}

// Ensure GET /v1/org/register says when the register is held after a
// restore (red team 73: the body issues nothing until the operator states
// its register again), which only the refusal of an issue said, and no
// longer once the operator has stated it.
func TestRegister_BodyReadsItsRegisterHeldAfterARestore(t *testing.T) {
	ctx := context.Background()
	st := newDurableSeededStack(t)
	MustData[access.Organization](t, st.do(t, registerReq(orgCertifier, `{"signatories":["Li Si"],"scope":["pv-module"]}`)), 200)
	if _, err := st.keys.ActiveSigningKey(ctx); err != nil {
		t.Fatal(err)
	}
	srv, db := restoredServer(t, st, mustBackup(t, st))
	auth := factordb.NewAuthService(db)
	if _, err := auth.ConfirmAPIKey(ctx, strings.Split(st.tokens[asCert], "_")[1]); err != nil {
		t.Fatal(err)
	}
	read := func() orgRegisterData {
		t.Helper()
		return MustData[orgRegisterData](t, doRequest(t, srv, st.tokens[asCert], request{method: "GET", target: "/v1/org/register"}), 200)
	}
	if got := read(); !got.Held || !slices.Equal(got.Signatories, []string{"Li Si"}) {
		t.Fatalf("after the restore: %+v, want the copy's register, held", got)
	}
	if _, err := auth.SetOrganizationRegister(ctx, orgCertifier, []string{"Li Si"}, []string{"pv-module"}); err != nil {
		t.Fatal(err)
	}
	if got := read(); got.Held {
		t.Fatalf("after the operator stated it: %+v, want not held", got)
	}
}

// Red team 68: the register as the operator creates it with the body; then
// the operator's changes to it and the body's workbench (web45).

// Ensure the operator registers a certification body's authorised
// signatories and its approval number as printed, and the body's staff
// sign under a registered signatory only (red team 68): the operator's
// POST /v1/admin/organizations took any text as an approval number
// ("TEST-1"), and an issue signed and printed any name. Now the number is
// 400 naming approval_number, and an issue naming a signatory not on the
// body's register is 400 naming signatory, in both languages, nothing
// written; a registered one is signed.
func TestRedteam68_RegisteredSignatoriesAndApproval(t *testing.T) {
	st := newSeededStack(t)
	create := func(body string) *request {
		return &request{method: "POST", target: "/v1/admin/organizations", as: asAdmin, contentType: "application/json", body: []byte(body)}
	}
	e := MustError(t, st.do(t, *create(`{"name":"Words Body","role":"certifier","approval_number":"TEST-1"}`)), 400, "invalid")
	if e.Error.Field != "approval_number" || !strings.Contains(e.Error.Message, "批准号") || !strings.Contains(e.Error.Message, "approval number") {
		t.Fatalf("a certifier under approval number TEST-1: %+v", e.Error)
	}
	const body, asBody = "Registered Body", "registered-body"
	org := MustData[access.Organization](t, st.do(t, *create(`{"name":"` + body + `","role":"certifier","approval_number":"CNCA-R-2026-555","signatories":[" Wang Li ","张三"]}`)), 201)
	if !slices.Equal(org.Signatories, []string{"Wang Li", "张三"}) {
		t.Fatalf("registered %q", org.Signatories)
	}
	token, _, err := st.auth.CreateAPIKey(context.Background(), body)
	if err != nil {
		t.Fatal(err)
	}
	st.tokens[asBody] = token
	app := MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + st.submit(t, "GEC-RT68-SIG") + `","certifier":"` + body + `"}`)}), 201).ID
	issue := func(signatory string) request {
		digest := MustData[struct {
			Review struct{ Digest string } `json:"review"`
		}](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asBody}), 200).Review.Digest
		return request{method: "POST", target: "/v1/applications/" + app + "/issue", as: asBody, contentType: "application/json",
			body: footprinttest.JSONWith(t, `{"signatory":"`+signatory+`"}`, "review_digest", digest)}
	}
	before := st.auditHead(t)
	e = MustError(t, st.do(t, issue("Zhang San")), 400, "invalid")
	if e.Error.Field != "signatory" || !strings.Contains(e.Error.Message, "登记的授权签字人") || !strings.Contains(e.Error.Message, "not an authorised signatory on record") {
		t.Fatalf("signed by Zhang San, not on %s's register: %+v", body, e.Error)
	}
	if after := st.auditHead(t); after != before {
		t.Fatalf("refused, and the trail moved from %+v to %+v", before, after)
	}
	MustData[issueData](t, st.do(t, issue("Wang Li")), 201)
}

// Ensure the operator registers a certification body's approval scope and
// a manufacturer's application outside it is refused (red team 68): a
// body approved for displays and electronics was applied to for a PV
// module and issued it. Now 409 naming certifier, in both languages.
func TestRedteam68_ApprovalScope(t *testing.T) {
	st := newSeededStack(t)
	const body = "Display Only Body"
	org := MustData[access.Organization](t, st.do(t, request{method: "POST", target: "/v1/admin/organizations", as: asAdmin, contentType: "application/json",
		body: []byte(`{"name":"` + body + `","role":"certifier","approval_number":"CNCA-R-2026-556","scope":["display"," electronics"]}`)}), 201)
	if !slices.Equal(org.Scope, []string{"display", "electronics"}) {
		t.Fatalf("registered %q", org.Scope)
	}
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + st.submit(t, "GEC-RT68-SC") + `","certifier":"` + body + `"}`)}), 409, "conflict")
	if e.Error.Field != "certifier" || !strings.Contains(e.Error.Message, "批准范围") || !strings.Contains(e.Error.Message, `does not cover rule "pv-module"`) {
		t.Fatalf("a PV module applied to %s: %+v", body, e.Error)
	}
	e = MustError(t, st.do(t, request{method: "POST", target: "/v1/admin/organizations", as: asAdmin, contentType: "application/json",
		body: []byte(`{"name":"Laptop Body","role":"certifier","approval_number":"CNCA-R-2026-557","scope":["laptops"]}`)}), 400, "invalid")
	if e.Error.Field != "scope[0]" {
		t.Fatalf("a scope of no rule: %+v", e.Error)
	}
}

// Ensure a register given with a key for a body that exists is refused,
// not dropped unseen (red team 68): POST /v1/admin/keys with a role makes
// the organisation only when it does not exist, and an operator who gave
// the demo body's signatories or scope so would have believed them
// recorded. 409 naming the field, and no key made.
func TestRedteam68_RegisterWithAKeyOfAnExistingBody(t *testing.T) {
	st := newSeededStack(t)
	for field, body := range map[string]string{
		"signatories": `{"org":"` + orgCertifier + `","role":"certifier","signatories":["Wang Li"]}`,
		"scope":       `{"org":"` + orgCertifier + `","role":"certifier","scope":["pv-module"]}`,
	} {
		e := MustError(t, st.do(t, request{method: "POST", target: "/v1/admin/keys", as: asAdmin, contentType: "application/json", body: []byte(body)}), 409, "conflict")
		if e.Error.Field != field || !strings.Contains(e.Error.Message, "创建机构时登记") || !strings.Contains(e.Error.Message, "recorded at its creation") {
			t.Errorf("%s given for %s, which exists: %+v", field, orgCertifier, e.Error)
		}
	}
	keys := MustData[[]access.APIKey](t, st.do(t, request{method: "GET", target: "/v1/org/keys", as: asCert}), 200)
	if len(keys) != 1 {
		t.Fatalf("%s holds %d keys, want its one", orgCertifier, len(keys))
	}
	// The register on record, given again in another order, is no change:
	// the key is made (reviewer 45: 409 "were not changed").
	MustData[access.Organization](t, st.do(t, registerReq(orgCertifier, `{"signatories":["Zhang San","Li Si"],"scope":["pv-module","electronics"]}`)), 200)
	if rec := st.do(t, request{method: "POST", target: "/v1/admin/keys", as: asAdmin, contentType: "application/json",
		body: []byte(`{"org":"` + orgCertifier + `","role":"certifier","signatories":["Li Si","Zhang San"],"scope":["electronics","pv-module"]}`)}); rec.Code != 201 {
		t.Fatalf("the register on record in another order: %d %s", rec.Code, rec.Body)
	}
}

// registerReq is the operator's PUT of certification body name's register.
func registerReq(name, body string) request {
	return request{method: "PUT", target: "/v1/admin/organizations/" + url.PathEscape(name) + "/register", as: asAdmin, contentType: "application/json", body: []byte(body)}
}

// registerEvents are the organization.register events of the trail, newest
// first, as the regulator reads them.
func registerEvents(t *testing.T, st *stack) []access.AuditEvent {
	t.Helper()
	return MustData[[]access.AuditEvent](t, st.do(t, request{method: "GET", target: "/v1/audit?action=" + access.AuditOrganizationRegister, as: asReg}), 200)
}

// Ensure the operator changes a certification body's register after its
// creation (red team 68's "changing a register": signatories and scope
// were recorded at creation only): PUT /v1/admin/organizations/{name}/register
// replaces both lists, checked as at creation (400 naming the entry or the
// missing list, nothing written), audited as organization.register with
// the new lists; a later issue is checked against the new register and a
// later application against the new scope.
func TestRegister_OperatorChangesRegister(t *testing.T) {
	st := newSeededStack(t)
	const body = orgCertifier
	before := st.auditHead(t)
	for _, tt := range []struct{ name, body, field string }{
		{"SignatoryTwice", `{"signatories":["Li Si","Li Si"],"scope":["pv-module"]}`, "signatories[1]"},
		{"SignatoryWithDigit", `{"signatories":["Li Si 2"],"scope":["pv-module"]}`, "signatories[0]"},
		{"ScopeOfNoRule", `{"signatories":["Li Si"],"scope":["laptops"]}`, "scope[0]"},
		{"ScopeMissing", `{"signatories":["Li Si"]}`, "scope"},
		{"SignatoriesMissing", `{"scope":["pv-module"]}`, "signatories"},
		{"UnknownField", `{"signatories":["Li Si"],"scope":[],"role":"admin"}`, "role"},
	} {
		e := MustError(t, st.do(t, registerReq(body, tt.body)), 400, "invalid")
		if e.Error.Field != tt.field {
			t.Errorf("%s: field %q, want %q: %+v", tt.name, e.Error.Field, tt.field, e.Error)
		}
	}
	MustError(t, st.do(t, registerReq("No Such Body", `{"signatories":[],"scope":[]}`)), 404, "not_found")
	if e := MustError(t, st.do(t, registerReq(orgMaker, `{"signatories":[],"scope":[]}`)), 409, "conflict"); e.Error.Field != "org" || !strings.Contains(e.Error.Message, "不是认证机构") || !strings.Contains(e.Error.Message, "not a certification body") {
		t.Errorf("a manufacturer's register: %+v", e.Error)
	}
	if after := st.auditHead(t); after != before {
		t.Fatalf("refused, and the trail moved from %+v to %+v", before, after)
	}

	org := MustData[access.Organization](t, st.do(t, registerReq(body, `{"signatories":[" Li Si ","张三"],"scope":["pv-module","electronics"]}`)), 200)
	if org.Name != body || org.Role != access.RoleCertifier || !slices.Equal(org.Signatories, []string{"Li Si", "张三"}) || !slices.Equal(org.Scope, []string{"pv-module", "electronics"}) {
		t.Fatalf("changed to %+v", org)
	}
	events := registerEvents(t, st)
	if len(events) != 1 || events[0].Subject != "organization/"+body || events[0].Role != access.RoleAdmin ||
		events[0].Detail != `role certifier; signatories ["Li Si","张三"]; scope ["pv-module","electronics"]` {
		t.Fatalf("organization.register events: %+v", events)
	}
	// The same register again writes nothing.
	head := st.auditHead(t)
	MustData[access.Organization](t, st.do(t, registerReq(body, `{"signatories":["Li Si","张三"],"scope":["pv-module","electronics"]}`)), 200)
	if after := st.auditHead(t); after != head {
		t.Fatalf("the register as recorded, and the trail moved from %+v to %+v", head, after)
	}

	// An issue names the new register.
	app := MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + st.submit(t, "GEC-REG-1") + `","certifier":"` + body + `"}`)}), 201).ID
	e := MustError(t, st.do(t, st.issueReq(t, app, `{"signatory":"Zhang San"}`)), 400, "invalid")
	if e.Error.Field != "signatory" || !strings.Contains(e.Error.Message, "Li Si, 张三") || !strings.Contains(e.Error.Message, "not an authorised signatory on record") {
		t.Fatalf("signed by Zhang San, not on the new register: %+v", e.Error)
	}

	// Narrowed to electronics: a PV module is out of scope at the issue,
	// and at a new application.
	MustData[access.Organization](t, st.do(t, registerReq(body, `{"signatories":["Li Si"],"scope":["electronics"]}`)), 200)
	if e := MustError(t, st.do(t, st.issueReq(t, app, `{"signatory":"Li Si"}`)), 409, "conflict"); e.Error.Field != "certifier" || !strings.Contains(e.Error.Message, `does not cover rule "pv-module"`) {
		t.Fatalf("an issue out of the narrowed scope: %+v", e.Error)
	}
	if e := MustError(t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + st.submit(t, "GEC-REG-2") + `","certifier":"` + body + `"}`)}), 409, "conflict"); e.Error.Field != "certifier" {
		t.Fatalf("an application out of the narrowed scope: %+v", e.Error)
	}
	// Extended again, and cleared of signatories: issued under any plain name.
	MustData[access.Organization](t, st.do(t, registerReq(body, `{"signatories":[],"scope":["electronics","pv-module"]}`)), 200)
	MustData[issueData](t, st.do(t, st.issueReq(t, app, `{"signatory":"Wang Li"}`)), 201)
	if events := registerEvents(t, st); len(events) != 3 || events[0].Detail != `role certifier; scope ["electronics","pv-module"]` {
		t.Fatalf("organization.register events: %+v", events)
	}
}

// Ensure a certification body does not change its own register: the staff
// member a register binds, holding the body's key, added a colleague's name
// with PUT /v1/org/signatories and then signed under it (reviewer 45; the
// change was audited, not prevented). There is no such route: 404, the
// register as the operator recorded it, the trail unmoved, and an issue
// under the name it would have added refused.
func TestRegister_BodyDoesNotChangeItsOwnSignatories(t *testing.T) {
	st := newSeededStack(t)
	MustData[access.Organization](t, st.do(t, registerReq(orgCertifier, `{"signatories":["Zhang San"],"scope":["pv-module"]}`)), 200)
	before := st.auditHead(t)
	for _, method := range []string{"PUT", "POST", "PATCH"} {
		rec := st.do(t, request{method: method, target: "/v1/org/signatories", as: asCert, contentType: "application/json", body: []byte(`{"signatories":["Zhang San","Li Si"]}`)})
		if rec.Code != 404 && rec.Code != 405 {
			t.Errorf("%s /v1/org/signatories as the body: %d %s", method, rec.Code, rec.Body)
		}
	}
	if after := st.auditHead(t); after != before {
		t.Fatalf("the trail moved from %+v to %+v", before, after)
	}
	orgs := MustData[[]access.Organization](t, st.do(t, request{method: "GET", target: "/v1/admin/organizations", as: asAdmin}), 200)
	for _, o := range orgs {
		if o.Name == orgCertifier && !slices.Equal(o.Signatories, []string{"Zhang San"}) {
			t.Errorf("%s's register is %q, want the operator's [Zhang San]", orgCertifier, o.Signatories)
		}
	}
	app := st.apply(t, st.postPV(t, "GEC-REV45-OWN", demoModel("GEC-REV45-OWN"), 1, nil).ID)
	if e := MustError(t, st.do(t, st.issueReq(t, app, `{"signatory":"Li Si"}`)), 400, "invalid"); e.Error.Field != "signatory" {
		t.Fatalf("issued under a name the body could not add: %+v", e.Error)
	}
}

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

// Ensure a certification body's register shows on its keys page and its
// issue form offers the registered signatories in Chromium at desktop and
// phone widths (web45): the section and the choice fit the screen, and a
// name picked from the choice issues the certificate; a body
// without a register is told it has none.
func TestWebBrowser_Web45Register(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		st.srv.CertificateRenderer = fakeRenderer{}
		fx := st.seedFixture(t, "")
		MustData[access.Organization](t, st.do(t, registerReq(orgCertifier, `{"signatories":["Wang Li","欧阳文华","Alexandra Montgomery-Whitfield"],"scope":["pv-module","display"]}`)), 200)
		b.open("/work/keys")
		b.signIn(st.tokens[asCert], "#register")
		b.mustContain("授权签字人与批准范围", "Authorised signatories and approval scope", "欧阳文华", "Alexandra Montgomery-Whitfield", "pv-module", "display", "as filed with CNCA")
		b.checkPage("web45-keys-register")

		b.open("/work/applications/" + fx.app)
		b.do(chromedp.WaitVisible(chromedp.CSS("select#signatory")))
		if n := evalIn[int](b, `document.querySelectorAll("select#signatory option[value]:not([value=''])").length`); n != 3 {
			t.Errorf("the issue form offers %d signatories, want the register's 3", n)
		}
		b.checkPage("web45-issue-form")
		b.do(chromedp.SetValue(chromedp.CSS("#signatory"), "欧阳文华"),
			chromedp.Click(chromedp.CSS("#issue-submit")), chromedp.WaitVisible(chromedp.CSS("#cert-number")))
		b.mustContain("证书已签发", "The certificate was issued.")
		b.signOut()

		// A body without a register is told so.
		b.signIn(st.tokens[asCert2], "#applications")
		b.open("/work/keys")
		b.mustContain("No authorised signatories are registered")
		b.checkPage("web45-keys-none")
	})
}
