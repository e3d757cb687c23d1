package api_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// The curator role (access.RoleCurator): factor sets and nothing else.
// Before it, curating factor sets took the admin role, whose key also mints
// any organisation's key (a certifier's, then certificates), rotates the
// signing key and downloads backups (docs/integrity.md).

// auditEvent is an audit event as GET /v1/audit answers it.
type auditEvent struct {
	Actor   string `json:"actor"`
	Role    string `json:"role"`
	KeyID   string `json:"key_id"`
	Action  string `json:"action"`
	Subject string `json:"subject"`
}

// Ensure a curator's key creates a draft set, sees it (and previews a
// study on it) while others do not, imports into it and publishes it,
// each recorded as the curator's.
func TestCurator_CuratesFactorSets(t *testing.T) {
	st := newSeededStack(t)
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets", as: asCurator, contentType: "application/json",
		body: []byte(`{"version":"2026.2","based_on":"2026.1","description":"curated edition"}`)}), 201)
	MustData[any](t, st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.2", as: asCurator}), 200)
	MustError(t, st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.2", as: asMaker}), 404, "not_found")

	rows, code, value := seedRows(t, st)
	changed := slices.Clone(rows[1])
	changed[value] = "123.5"
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.2/import", as: asCurator,
		contentType: "text/csv", body: csvFile(rows[0], changed)}), 200)
	got := MustData[struct {
		Value float64 `json:"value"`
	}](t, st.do(t, request{method: "GET", target: "/v1/factors/" + url.PathEscape(rows[1][code]) + "?set=2026.2", as: asCurator}), 200)
	if got.Value != 123.5 {
		t.Fatalf("draft value %v, want 123.5", got.Value)
	}

	// A study on the draft: previewed by the curator, a set that does not
	// exist for a manufacturer.
	study := []byte(strings.Replace(string(pvStudy(t, "GEC-CURATOR-1")), `"factor_set": "2026.1"`, `"factor_set": "2026.2"`, 1))
	if !strings.Contains(string(study), `"2026.2"`) {
		t.Fatal("demo study does not pin 2026.1")
	}
	if r := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/calculations", as: asCurator, contentType: "application/json", body: study}), 200); r.KgCO2e == nil || *r.KgCO2e <= 0 {
		t.Fatalf("curator preview on the draft %+v", r)
	}
	MustError(t, st.do(t, request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json", body: study}), 400, "invalid")

	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.2/publish", as: asCurator}), 200)
	if s := MustData[struct {
		Status string `json:"status"`
	}](t, st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.2", as: asMaker}), 200); s.Status != "published" {
		t.Fatalf("status %q after the curator's publish", s.Status)
	}

	events := MustData[[]auditEvent](t, st.do(t, request{method: "GET", target: "/v1/audit?subject=factor-set/2026.2", as: asReg}), 200)
	var actions []string
	for _, ev := range events {
		if ev.Actor != orgCurator || ev.Role != "curator" {
			t.Errorf("event %+v: want the curator's", ev)
		}
		actions = append(actions, ev.Action)
	}
	for _, want := range []string{"factor-set.create", "factor-set.import", "factor-set.publish"} {
		if !slices.Contains(actions, want) {
			t.Errorf("no %s event among %v", want, actions)
		}
	}
}

// Ensure a curator's key is refused (403 forbidden) every operator route —
// above all minting a certifier's key or organisation, which would let it
// issue certificates — and the manufacturer's and certifier's work, and
// that a refusal writes nothing: no key, no organisation, no audit event.
// An admin's key still does each of them.
func TestCurator_NoOperatorRoutes(t *testing.T) {
	st := newSeededStack(t)
	st.srv.CertificateRenderer = fakeRenderer{}
	fx := st.seedFixture(t, "")
	refused := []request{
		{method: "POST", target: "/v1/admin/keys", contentType: "application/json", body: []byte(`{"org":"` + orgCertifier + `"}`)},
		{method: "POST", target: "/v1/admin/keys", contentType: "application/json", body: []byte(`{"org":"Rogue Certification","role":"certifier"}`)},
		{method: "POST", target: "/v1/admin/organizations", contentType: "application/json", body: []byte(`{"name":"Rogue Certification Two","role":"certifier"}`)},
		{method: "GET", target: "/v1/admin/organizations"},
		{method: "DELETE", target: "/v1/admin/keys/" + strings.Split(st.tokens[asCert], "_")[1]},
		{method: "POST", target: "/v1/admin/signing-keys/rotate"},
		{method: "GET", target: "/v1/admin/backup"},
		{method: "POST", target: "/v1/studies", contentType: "application/json", body: pvStudy(t, "GEC-CURATOR-2")},
		{method: "POST", target: "/v1/products", contentType: "application/json", body: []byte(`{"name":"Module","model":"C-1","product_codes":["HS:854143"]}`)},
		{method: "POST", target: "/v1/applications/" + fx.app + "/issue", contentType: "application/json", body: st.issueReq(t, fx.app, "").body},
		{method: "POST", target: "/v1/certificates/" + fx.cert + "/withdraw", contentType: "application/json", body: []byte(`{"reasons":["no"]}`)},
		{method: "GET", target: "/v1/studies/" + fx.study},
		{method: "GET", target: "/v1/audit"},
		{method: "GET", target: "/v1/audit?subject=certificate/" + fx.cert},
	}
	before := st.certs.auditCount()
	for _, r := range refused {
		r.as = asCurator
		e := MustError(t, st.do(t, r), 403, "forbidden")
		if e.Error.Message == "" {
			t.Errorf("%s %s: a refusal without a message", r.method, r.target)
		}
	}
	if n := st.certs.auditCount(); n != before {
		t.Fatalf("refused requests wrote %d audit events", n-before)
	}
	orgs := MustData[[]struct {
		Name string `json:"name"`
	}](t, st.do(t, request{method: "GET", target: "/v1/admin/organizations", as: asAdmin}), 200)
	for _, o := range orgs {
		if strings.HasPrefix(o.Name, "Rogue") {
			t.Fatalf("a refused request created organisation %q", o.Name)
		}
	}
	if rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert, as: asCert}); rec.Code != 200 {
		t.Fatalf("the certifier's key after the curator's refused revoke: %d", rec.Code)
	}

	// The admin still does each.
	for _, r := range []request{
		{method: "POST", target: "/v1/admin/keys", contentType: "application/json", body: []byte(`{"org":"` + orgCertifier + `"}`)},
		{method: "POST", target: "/v1/admin/keys", contentType: "application/json", body: []byte(`{"org":"` + orgCurator + `"}`)},
		{method: "POST", target: "/v1/admin/organizations", contentType: "application/json", body: []byte(`{"name":"Second Curation Office","role":"curator"}`)},
		{method: "POST", target: "/v1/admin/signing-keys/rotate"},
		{method: "POST", target: "/v1/factor-sets", contentType: "application/json", body: []byte(`{"version":"2026.3","based_on":"2026.1"}`)},
	} {
		r.as = asAdmin
		if rec := st.do(t, r); rec.Code != 201 {
			t.Fatalf("admin %s %s: %d %s", r.method, r.target, rec.Code, rec.Body)
		}
	}
	if rec := st.do(t, request{method: "GET", target: "/v1/admin/backup", as: asAdmin}); rec.Code != 200 {
		t.Fatalf("admin backup: %d", rec.Code)
	}
}

// Ensure a curator reads the audit trail of a factor set and nothing else
// of it: GET /v1/audit and the audit page with subject=factor-set/<version>
// answer; without a subject, or with another, 403 naming subject.
func TestCurator_AuditOfFactorSetsOnly(t *testing.T) {
	st := newSeededStack(t)
	st.srv.CertificateRenderer = fakeRenderer{}
	fx := st.seedFixture(t, "2026.4") // a draft another curator created
	events := MustData[[]auditEvent](t, st.do(t, request{method: "GET", target: "/v1/audit?subject=factor-set/2026.4", as: asCurator}), 200)
	if len(events) == 0 || events[0].Action != "factor-set.create" || events[0].Subject != "factor-set/2026.4" {
		t.Fatalf("the draft's trail: %+v", events)
	}
	for _, q := range []string{"", "?action=key.create", "?actor=" + url.QueryEscape(orgAdmin), "?subject=certificate/" + fx.cert, "?subject=key/x", "?subject=factor-set"} {
		e := MustError(t, st.do(t, request{method: "GET", target: "/v1/audit" + q, as: asCurator}), 403, "forbidden")
		if e.Error.Field != "subject" || !strings.Contains(e.Error.Message, "factor-set/") {
			t.Errorf("audit%s: %+v, want the field subject and the way out", q, e.Error)
		}
	}
	// The regulator and the admin still read the whole trail.
	for _, as := range []string{asReg, asAdmin} {
		if n := len(MustData[[]auditEvent](t, st.do(t, request{method: "GET", target: "/v1/audit?subject=certificate/" + fx.cert, as: as}), 200)); n == 0 {
			t.Errorf("%s: no events of the certificate", as)
		}
	}

	u := st.signedIn(t, asCurator)
	mustWorkPage(t, u.get("/work/audit?subject=factor-set/2026.4"), http.StatusOK, "factor-set.create")
	mustWorkPage(t, u.get("/work/audit"), http.StatusForbidden)
	mustWorkPage(t, u.get("/work/audit?subject=certificate/"+fx.cert), http.StatusForbidden)
}

// Ensure a curator signs in to the workbench and lands on the factor-set
// pages, creates, imports into and publishes a draft there, and gets 403
// on the manufacturer's, certifier's and regulator's pages.
func TestCurator_Workbench(t *testing.T) {
	st := newSeededStack(t)
	st.srv.CertificateRenderer = fakeRenderer{}
	fx := st.seedFixture(t, "")
	u := newWebUser(t, st.srv)
	u.get("/sign-in")
	if rec := u.post("/sign-in", url.Values{"csrf_token": {u.csrf}, "api_key": {st.tokens[asCurator]}}); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/work" {
		t.Fatalf("sign-in: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if rec := u.get("/work"); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/work/factor-sets" {
		t.Fatalf("/work: %d %q, want 303 to /work/factor-sets", rec.Code, rec.Header().Get("Location"))
	}
	// The curator's navigation leads to the factor sets, the page it is on.
	mustWorkPage(t, u.get("/work/factor-sets"), http.StatusOK, orgCurator, "2026.1",
		`<a href="/work/factor-sets" aria-current="page">因子集管理<span class="en">Factor sets</span></a>`)

	u.newDraft("2026.2")
	rows, code, value := seedRows(t, st)
	changed := slices.Clone(rows[1])
	changed[value] = "123.5"
	rec := u.upload("/work/factor-sets/2026.2/preview", u.csrf, formFile{"file", "edition.csv", csvFile(rows[0], changed)})
	mustWorkPage(t, rec, http.StatusOK, `<span id="preview-changed">1</span>`, rows[1][code])
	if rec := u.post("/work/factor-sets/2026.2/import", url.Values{"csrf_token": {u.csrf}, "preview": {previewID(t, rec)}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("import: %d %.600s", rec.Code, rec.Body)
	}
	if v := draftValue(t, st, rows[1][code]); v != 123.5 {
		t.Fatalf("imported value %v, want 123.5", v)
	}
	if rec := u.post("/work/factor-sets/2026.2/publish", url.Values{"csrf_token": {u.csrf}, "confirm": {"2026.2"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("publish: %d %.600s", rec.Code, rec.Body)
	}
	mustWorkPage(t, u.get("/work/factor-sets/2026.2"), http.StatusOK, "已发布 published")

	before := st.certs.auditCount()
	mustWorkPage(t, u.get("/work/studies"), http.StatusForbidden)
	mustWorkPage(t, u.post("/work/studies", url.Values{"csrf_token": {u.csrf}}), http.StatusForbidden)
	mustWorkPage(t, u.get("/work/applications/"+fx.app), http.StatusForbidden)
	mustWorkPage(t, u.post("/work/applications/"+fx.app+"/issue", url.Values{"csrf_token": {u.csrf}}), http.StatusForbidden)
	mustWorkPage(t, u.post("/work/certificates/"+fx.cert+"/withdraw", url.Values{"csrf_token": {u.csrf}, "reasons": {"no"}}), http.StatusForbidden)
	mustWorkPage(t, u.get("/work/overview"), http.StatusForbidden)
	if n := st.certs.auditCount(); n != before {
		t.Fatalf("refused pages wrote %d audit events", n-before)
	}
}

// Ensure the four-eyes rule of flag reviews holds for curator keys the
// admin creates (POST /v1/admin/keys, as pcf keys create does while the
// server runs): the curator who filled a draft cannot review its flags,
// nor can the admin whose key created that curator's key (it has seen
// the token), nor a curator whose key was created by the admin's key when
// the admin filled the draft; another curator's key, created by the same
// admin, reviews. (Two keys with one creator are two people to the rule:
// else no key an admin made could review another's work.)
func TestCurator_FourEyesWithAdminMadeKeys(t *testing.T) {
	st := newSeededStack(t)
	newKey := func(as string) {
		t.Helper()
		k := MustData[struct {
			Role  string `json:"role"`
			Token string `json:"token"`
		}](t, st.do(t, request{method: "POST", target: "/v1/admin/keys", as: asAdmin, contentType: "application/json", body: []byte(`{"org":"` + orgCurator + `"}`)}), 201)
		if k.Role != "curator" {
			t.Fatalf("key of the curators' office has role %q", k.Role)
		}
		st.tokens[as] = k.Token
	}
	newKey("curator-a")
	newKey("curator-b")
	review := func(set, as string) int {
		t.Helper()
		return st.do(t, request{method: "POST", target: "/v1/factor-sets/" + set + "/flags/acknowledge", as: as, contentType: "application/json",
			body: []byte(`{"codes":["PV-TEST-BAD"],"note":"checked against the source"}`)}).Code
	}
	fill := func(set, as string) {
		t.Helper()
		MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets", as: as, contentType: "application/json", body: []byte(`{"version":"` + set + `","based_on":"2026.1"}`)}), 201)
		MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/" + set + "/import", as: as, contentType: "text/csv", body: flaggedFactorsCSV(t)}), 200)
	}

	// Curator A fills a draft.
	fill("2026.5", "curator-a")
	for _, as := range []string{"curator-a", asAdmin} {
		e := MustError(t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/flags/acknowledge", as: as, contentType: "application/json",
			body: []byte(`{"codes":["PV-TEST-BAD"],"note":"checked"}`)}), 403, "forbidden")
		if e.Error.Field != "reviewer" {
			t.Fatalf("review of curator A's draft as %s: %+v, want the field reviewer", as, e.Error)
		}
	}
	if code := review("2026.5", "curator-b"); code != 200 {
		t.Fatalf("curator B reviews curator A's draft: %d, want 200", code)
	}
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/publish", as: "curator-a"}), 200)

	// The admin fills a draft: neither curator, whose keys its key made,
	// reviews it; the curators' office's own key (made by no key) does.
	fill("2026.6", asAdmin)
	for _, as := range []string{"curator-a", "curator-b"} {
		if code := review("2026.6", as); code != 403 {
			t.Fatalf("review of the admin's draft by %s, whose key the admin's made: %d, want 403", as, code)
		}
	}
	if code := review("2026.6", asCurator); code != 200 {
		t.Fatalf("review of the admin's draft by an unrelated curator key: %d, want 200", code)
	}
}

// Ensure a manufacturer cannot share its PACT footprint's details with a
// curator's organisation, as with the operator's: neither exchanges PACT
// footprints (the PACT routes refuse both).
func TestCurator_NoPACTShare(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	for _, org := range []string{orgCurator, orgAdmin} {
		e := MustError(t, st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/pact/shares", as: asMaker,
			contentType: "application/json", body: []byte(`{"partner":"` + org + `"}`)}), 400, "invalid")
		if e.Error.Field != "partner" {
			t.Fatalf("share with %s: %+v, want the field partner", org, e.Error)
		}
	}
	MustPACTError(t, st.do(t, request{method: "GET", target: "https://pcf.test/3/footprints", as: asCurator}), 403, "AccessDenied")
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/pact/shares", as: asMaker,
		contentType: "application/json", body: []byte(`{"partner":"` + orgRegulator + `"}`)}), 201)
}
