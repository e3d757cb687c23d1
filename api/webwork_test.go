package api_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// webUser is a person using the pages through the full handler: it keeps
// the cookies the server sets, as a browser does.
type webUser struct {
	t       *testing.T
	srv     http.Handler
	cookies map[string]*http.Cookie
	csrf    string // the token of the last page's forms
}

func newWebUser(t *testing.T, srv http.Handler) *webUser {
	return &webUser{t: t, srv: srv, cookies: map[string]*http.Cookie{}}
}

// signedIn returns a browser session of the stack's organisation as
// (asMaker, asCert, …), signed in with its API key.
func (st *stack) signedIn(t *testing.T, as string) *webUser {
	t.Helper()
	u := newWebUser(t, st.srv)
	u.signIn(st.tokens[as])
	return u
}

var csrfInput = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// send makes one request with the user's cookies and keeps the ones the
// answer sets (a MaxAge < 0 deletes).
func (u *webUser) send(req *http.Request) *httptest.ResponseRecorder {
	u.t.Helper()
	for _, c := range u.cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	u.srv.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(u.cookies, c.Name)
		} else {
			u.cookies[c.Name] = c
		}
	}
	if m := csrfInput.FindStringSubmatch(rec.Body.String()); m != nil {
		u.csrf = m[1]
	}
	return rec
}

func (u *webUser) get(target string) *httptest.ResponseRecorder {
	u.t.Helper()
	req := httptest.NewRequest("GET", target, nil)
	req.Header.Set("Accept", "text/html")
	return u.send(req)
}

// post sends a form; the CSRF token is the caller's to put in form.
func (u *webUser) post(target string, form url.Values) *httptest.ResponseRecorder {
	u.t.Helper()
	req := httptest.NewRequest("POST", target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "text/html")
	return u.send(req)
}

// formFile is one file of a multipart form.
type formFile struct {
	field, name string
	body        []byte
}

// upload posts a multipart form of the CSRF token csrf and files, as a
// page's file inputs send it.
func (u *webUser) upload(target, csrf string, files ...formFile) *httptest.ResponseRecorder {
	u.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf_token", csrf)
	for _, f := range files {
		fw, _ := mw.CreateFormFile(f.field, f.name)
		fw.Write(f.body)
	}
	mw.Close()
	req := httptest.NewRequest("POST", target, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return u.send(req)
}

// signIn signs in with an API key through the sign-in form and fails
// unless it leads to the workbench.
func (u *webUser) signIn(key string) {
	u.t.Helper()
	u.get("/sign-in")
	rec := u.post("/sign-in", url.Values{"csrf_token": {u.csrf}, "api_key": {key}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/work" {
		u.t.Fatalf("sign-in: %d %q, want 303 to /work: %s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	// The role's workbench, for the session's CSRF token.
	if rec := u.get("/work"); rec.Code != http.StatusSeeOther {
		u.t.Fatalf("/work: %d, want 303 to the role's workbench", rec.Code)
	} else {
		mustWorkPage(u.t, u.get(rec.Header().Get("Location")), http.StatusOK)
	}
	if u.cookies["__Host-pcf_session"] == nil && u.cookies["pcf_session"] == nil { // https; plain HTTP
		u.t.Fatal("no session cookie after sign-in")
	}
}

// mustWorkPage fails unless the answer is an HTML page with the status.
func mustWorkPage(t *testing.T, rec *httptest.ResponseRecorder, status int, want ...string) {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d: %.600s", rec.Code, status, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("content type %q, want a page", ct)
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "script-src") {
		t.Errorf("Content-Security-Policy %q: want no script, nothing inline, no framing", csp)
	}
	if rec.Header().Get("X-Content-Type-Options") != "nosniff" || rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("headers %v: want nosniff and no-store", rec.Header())
	}
	for _, w := range want {
		if !strings.Contains(rec.Body.String(), w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

// Ensure signing in with an API key sets a session cookie that is
// HttpOnly, Secure (the base URL is https), SameSite=Lax and opaque (it
// holds neither the key nor the access token behind it), and that a bad
// key or a key sent in the URL starts no session.
func TestWebSignIn_Cookie(t *testing.T) {
	st := newStack(t, nil)
	key := st.tokens[asMaker]
	u := newWebUser(t, st.srv)
	u.signIn(key)
	ck := u.cookies["__Host-pcf_session"]
	if !ck.HttpOnly || !ck.Secure || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" {
		t.Errorf("session cookie %+v: want HttpOnly, Secure, SameSite=Lax, Path=/", ck)
	}
	if len(ck.Value) < 43 || strings.Contains(ck.Value, key) || strings.Contains(key, ck.Value) || strings.HasPrefix(ck.Value, "pcf") {
		t.Errorf("session cookie value %q is not an opaque random ID", ck.Value)
	}
	if si := u.cookies["__Host-pcf_signin"]; si != nil {
		t.Errorf("sign-in cookie %+v kept after sign-in", si)
	}
	mustWorkPage(t, u.get("/work/studies"), http.StatusOK, orgMaker, `name="csrf_token"`)

	// Served over plain HTTP with an http base URL (local mode), the
	// cookie cannot be Secure, or the browser would drop it.
	st.srv.BaseURL = "http://127.0.0.1:8080"
	local := newWebUser(t, st.srv)
	local.signIn(key)
	if ck := local.cookies["pcf_session"]; ck == nil || ck.Secure {
		t.Errorf("session cookie on plain HTTP %+v, want pcf_session, not Secure (a __Host- cookie must be Secure)", ck)
	}
	st.srv.BaseURL = testBaseURL

	bad := newWebUser(t, st.srv)
	bad.get("/sign-in")
	rec := bad.post("/sign-in", url.Values{"csrf_token": {bad.csrf}, "api_key": {key + "x"}})
	mustWorkPage(t, rec, http.StatusUnauthorized, "API 密钥无效", "not valid")
	if bad.cookies["__Host-pcf_session"] != nil {
		t.Fatal("a bad key started a session")
	}
	rec = bad.post("/sign-in?api_key="+url.QueryEscape(key), url.Values{"csrf_token": {bad.csrf}})
	if rec.Code != http.StatusUnauthorized || bad.cookies["__Host-pcf_session"] != nil {
		t.Fatalf("a key in the URL was taken: %d", rec.Code)
	}
}

// Ensure every state-changing page POST refuses a missing or wrong CSRF
// token with a bilingual 403 page and changes nothing, and takes the right
// one; and that the sign-in form has its own token (login CSRF).
func TestWebCSRF(t *testing.T) {
	st := newSeededStack(t)
	study := st.submit(t, "GEC-WEB-CSRF")
	u := st.signedIn(t, asMaker)
	apply := url.Values{"study_id": {study}, "certifier": {orgCertifier}}
	for _, tt := range []struct {
		name, token string
	}{{"Missing", ""}, {"Wrong", strings.Repeat("A", len(u.csrf))}, {"OtherSession", otherSessionToken(t, st)}} {
		t.Run(tt.name, func(t *testing.T) {
			form := url.Values{"study_id": apply["study_id"], "certifier": apply["certifier"]}
			if tt.token != "" {
				form.Set("csrf_token", tt.token)
			}
			mustWorkPage(t, u.post("/work/applications", form), http.StatusForbidden, "表单安全令牌", "security token")
		})
	}
	apps := MustData[[]appData](t, st.do(t, request{method: "GET", target: "/v1/applications", as: asMaker}), 200)
	if len(apps) != 0 {
		t.Fatalf("refused posts created %d applications", len(apps))
	}
	apply.Set("csrf_token", u.csrf)
	if rec := u.post("/work/applications", apply); rec.Code != http.StatusSeeOther {
		t.Fatalf("with the token: %d, want 303: %.600s", rec.Code, rec.Body)
	}
	if apps := MustData[[]appData](t, st.do(t, request{method: "GET", target: "/v1/applications", as: asMaker}), 200); len(apps) != 1 {
		t.Fatalf("%d applications, want 1", len(apps))
	}

	// Sign-in: without the sign-in cookie's token, or with another.
	anon := newWebUser(t, st.srv)
	mustWorkPage(t, anon.post("/sign-in", url.Values{"api_key": {st.tokens[asMaker]}}), http.StatusForbidden)
	anon.get("/sign-in")
	wrong := string(anon.csrf[0]^1) + anon.csrf[1:] // another token, whatever its first character
	mustWorkPage(t, anon.post("/sign-in", url.Values{"csrf_token": {wrong}, "api_key": {st.tokens[asMaker]}}), http.StatusForbidden)
	if anon.cookies["__Host-pcf_session"] != nil {
		t.Fatal("sign-in without the right token started a session")
	}
	// Sign-out of a session needs its token too.
	mustWorkPage(t, u.post("/sign-out", url.Values{}), http.StatusForbidden)
	mustWorkPage(t, u.get("/work/studies"), http.StatusOK)
}

// otherSessionToken returns the CSRF token of another person's session.
func otherSessionToken(t *testing.T, st *stack) string {
	o := st.signedIn(t, asOther)
	return o.csrf
}

// Ensure the pages answer as the API does for the wrong role (403) and for
// another organisation's records (404), that a person not signed in is
// sent to sign in (GET) or refused (POST), and that the session cookie
// does not authenticate the JSON API.
func TestWebRoles(t *testing.T) {
	st := newSeededStack(t)
	st.srv.CertificateRenderer = fakeRenderer{}
	fx := st.seedFixture(t, "")
	maker, other, cert2, certifier := newWebUser(t, st.srv), newWebUser(t, st.srv), newWebUser(t, st.srv), newWebUser(t, st.srv)
	maker.signIn(st.tokens[asMaker])
	other.signIn(st.tokens[asOther])
	cert2.signIn(st.tokens[asCert2])
	certifier.signIn(st.tokens[asCert])

	mustWorkPage(t, maker.get("/work/overview"), http.StatusForbidden, "无权访问")
	mustWorkPage(t, maker.get("/work/audit"), http.StatusForbidden)
	mustWorkPage(t, certifier.post("/work/applications", url.Values{"csrf_token": {certifier.csrf}, "study_id": {fx.study}, "certifier": {orgCertifier}}), http.StatusForbidden)
	mustWorkPage(t, maker.post("/work/applications/"+fx.app+"/issue", url.Values{"csrf_token": {maker.csrf}}), http.StatusForbidden)

	mustWorkPage(t, other.get("/work/studies/"+fx.study), http.StatusNotFound)
	mustWorkPage(t, other.get("/work/applications/"+fx.app), http.StatusNotFound)
	mustWorkPage(t, other.get("/work/certificates/"+fx.cert), http.StatusNotFound)
	mustWorkPage(t, other.get("/work/certificates/"+fx.cert+"/certificate.pdf"), http.StatusNotFound)
	mustWorkPage(t, cert2.get("/work/applications/"+fx.app), http.StatusNotFound)
	mustWorkPage(t, cert2.post("/work/applications/"+fx.app+"/issue", url.Values{"csrf_token": {cert2.csrf}}), http.StatusNotFound)
	mustWorkPage(t, cert2.post("/work/certificates/"+fx.cert+"/suspend", url.Values{"csrf_token": {cert2.csrf}, "reasons": {"no"}}), http.StatusNotFound)
	if body := other.get("/work/applications").Body.String(); strings.Contains(body, fx.app) {
		t.Error("another manufacturer's application listed")
	}

	// Their own: the pages show them; the holder downloads documents.
	mustWorkPage(t, maker.get("/work/studies/"+fx.study), http.StatusOK, fx.study, `<svg`, "stage-chart")
	mustWorkPage(t, certifier.get("/work/applications/"+fx.app), http.StatusOK, "签发证书", "Issue the certificate")
	rec := maker.get("/work/certificates/" + fx.cert + "/certificate.pdf")
	if rec.Code != 200 || !bytes.HasPrefix(rec.Body.Bytes(), []byte("%PDF")) {
		t.Fatalf("certificate download: %d %.100s", rec.Code, rec.Body)
	}

	anon := newWebUser(t, st.srv)
	if rec := anon.get("/work/studies"); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/sign-in?next=%2Fwork%2Fstudies" {
		t.Fatalf("anonymous GET: %d %q, want 303 to sign in", rec.Code, rec.Header().Get("Location"))
	}
	mustWorkPage(t, anon.post("/work/applications", url.Values{}), http.StatusUnauthorized)

	// The cookie is for pages only: the API wants its bearer token.
	req := httptest.NewRequest("GET", "/v1/studies", nil)
	req.AddCookie(maker.cookies["__Host-pcf_session"])
	api := httptest.NewRecorder()
	st.srv.ServeHTTP(api, req)
	MustError(t, api, http.StatusUnauthorized, "unauthorized")
}

// Ensure signing out ends the session on the server (the old cookie is
// worth nothing), and that revoking the API key ends its sessions.
func TestWebSignOut(t *testing.T) {
	st := newStack(t, nil)
	u := st.signedIn(t, asMaker)
	old := *u.cookies["__Host-pcf_session"]
	rec := u.post("/sign-out", url.Values{"csrf_token": {u.csrf}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", rec.Code)
	}
	if u.cookies["__Host-pcf_session"] != nil {
		t.Fatal("sign-out left the cookie")
	}
	replay := newWebUser(t, st.srv)
	replay.cookies["__Host-pcf_session"] = &old
	if rec := replay.get("/work/studies"); rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/sign-in") {
		t.Fatalf("old session cookie after sign-out: %d %q, want 303 to sign in", rec.Code, rec.Header().Get("Location"))
	}

	u.signIn(st.tokens[asMaker])
	// Signing in again ends the session the browser had.
	first := *u.cookies["__Host-pcf_session"]
	u.signIn(st.tokens[asMaker])
	replay = newWebUser(t, st.srv)
	replay.cookies["__Host-pcf_session"] = &first
	if rec := replay.get("/work/studies"); rec.Code != http.StatusSeeOther {
		t.Fatalf("the session before a new sign-in still works: %d", rec.Code)
	}
	p, err := st.auth.Authenticate(context.Background(), st.tokens[asMaker])
	if err != nil {
		t.Fatal(err)
	}
	if err := st.auth.RevokeAPIKey(context.Background(), p.KeyID); err != nil {
		t.Fatal(err)
	}
	if rec := u.get("/work/studies"); rec.Code != http.StatusSeeOther {
		t.Fatalf("session of a revoked key: %d, want 303 to sign in", rec.Code)
	}
}

// Ensure a study uploaded through the page form (the demo PV study as a
// document, and as a bad file) is the study the API stores, and that the
// bad file gets the API's error on a page and stores nothing.
func TestWebStudyUpload(t *testing.T) {
	st := newSeededStack(t)
	u := st.signedIn(t, asMaker)
	upload := func(field, name string, body []byte) *httptest.ResponseRecorder {
		return u.upload("/work/studies", u.csrf, formFile{field, name, body})
	}
	rec := upload("document", "pv.json", []byte(`{"format":"pcf-study/1","rule":"no-such-rule"}`))
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "[factor_set]") {
		t.Fatalf("bad study: %d %s", rec.Code, rec.Body)
	}
	rec = upload("document", "pv.json", pvStudy(t, "GEC-WEB-UP"))
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/work/studies/") {
		t.Fatalf("upload: %d %q %.600s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	id := strings.TrimSuffix(strings.TrimPrefix(rec.Header().Get("Location"), "/work/studies/"), "?done=uploaded")
	stored := MustData[studyData](t, st.do(t, request{method: "GET", target: "/v1/studies/" + id, as: asMaker}), 200)
	if stored.Owner != orgMaker || stored.KgCO2e == nil {
		t.Fatalf("stored study %+v", stored)
	}
	if studies := MustData[[]studyData](t, st.do(t, request{method: "GET", target: "/v1/studies", as: asMaker}), 200); len(studies) != 1 {
		t.Fatalf("%d studies stored, want 1 (the bad upload stores nothing)", len(studies))
	}
	mustWorkPage(t, u.get("/work/studies/"+id), http.StatusOK, "stage-chart", "贡献树", "Contribution tree", "Factors used", "Monte Carlo")
}

// Ensure a certifier's decisions through the pages reach the records as
// through the API: a rejection with its reasons (none refused), a suspend,
// a reinstate and a withdrawal, and the review of a certificate flagged
// because its supplier certificate changed; and that the regulator's
// overview lists the flagged certificate.
func TestWebDecisions(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	certifier, regulator := newWebUser(t, st.srv), newWebUser(t, st.srv)
	certifier.signIn(st.tokens[asCert])
	regulator.signIn(st.tokens[asReg])
	form := func(reasons string) url.Values {
		return url.Values{"csrf_token": {certifier.csrf}, "reasons": {reasons}}
	}

	mustWorkPage(t, certifier.post("/work/applications/"+fx.app+"/reject", form(" \n ")), http.StatusBadRequest, "[reasons]")
	if rec := certifier.post("/work/applications/"+fx.app+"/reject", form("boundary incomplete\nno site data")); rec.Code != http.StatusSeeOther {
		t.Fatalf("reject: %d %.600s", rec.Code, rec.Body)
	}
	app := MustData[appData](t, st.do(t, request{method: "GET", target: "/v1/applications/" + fx.app, as: asCert}), 200)
	if app.Status != "rejected" || !slices.Equal(app.Reasons, []string{"boundary incomplete", "no site data"}) {
		t.Fatalf("application %+v", app)
	}

	// A certificate of another manufacturer built on fx.cert.
	_, buyerApp := st.applyAsOther(t, withBOMLines(t, pvStudy(t, "GEC-WEB-BUYER"), suppliedLine("supplied junction box", fx.number)))
	mustWorkPage(t, certifier.get("/work/applications/"+buyerApp), http.StatusOK, fx.number, `<span class="status valid">有效 Valid</span>`)
	buyer := MustData[issueData](t, st.do(t, st.issueReq(t, buyerApp, "")), 201).CertificateID

	status := func(id string) (string, int) {
		c := MustData[struct {
			Status        string `json:"status"`
			SupplierFlags []any  `json:"supplier_flags"`
		}](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + id, as: asCert}), 200)
		return c.Status, len(c.SupplierFlags)
	}
	for _, step := range []struct{ action, want string }{{"suspend", "suspended"}, {"reinstate", "valid"}} {
		if rec := certifier.post("/work/certificates/"+fx.cert+"/"+step.action, form("step "+step.action)); rec.Code != http.StatusSeeOther {
			t.Fatalf("%s: %d %.600s", step.action, rec.Code, rec.Body)
		}
		if got, _ := status(fx.cert); got != step.want {
			t.Fatalf("after %s: %s, want %s", step.action, got, step.want)
		}
	}
	if _, flags := status(buyer); flags == 0 {
		t.Fatal("the buyer's certificate is not flagged after its supplier's suspension")
	}
	mustWorkPage(t, regulator.get("/work/overview"), http.StatusOK, "/work/certificates/"+buyer)
	mustWorkPage(t, certifier.get("/work/certificates?flagged=true"), http.StatusOK, "/work/certificates/"+buyer)
	mustWorkPage(t, certifier.get("/work/certificates?flagged=yes"), http.StatusBadRequest, "[flagged]")
	mustWorkPage(t, certifier.get("/work/certificates/"+buyer), http.StatusOK, "复核后保留", "Reviewed: keep it", fx.number)
	if rec := certifier.post("/work/certificates/"+buyer+"/review", form("the junction box is below the cut-off")); rec.Code != http.StatusSeeOther {
		t.Fatalf("review: %d %.600s", rec.Code, rec.Body)
	}
	if _, flags := status(buyer); flags != 0 {
		t.Fatalf("%d flags after the review", flags)
	}
	if rec := certifier.post("/work/certificates/"+fx.cert+"/withdraw", form("data falsified")); rec.Code != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", rec.Code)
	}
	if got, _ := status(fx.cert); got != "withdrawn" {
		t.Fatalf("after withdraw: %s", got)
	}
	if body := certifier.get("/work/certificates/" + fx.cert).Body.String(); strings.Contains(body, "status-actions") {
		t.Error("a withdrawn certificate still offers status changes")
	}
}

// Ensure a BOM (CSV) with its study header uploads through the page form,
// with the empty document input a browser sends, and computes what the
// JSON study computes.
func TestWebStudyUpload_BOM(t *testing.T) {
	st := newSeededStack(t)
	want := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: pvStudy(t, "GEC-WEB-BOM-0")}), 201)
	rows, header := bomUploadParts(t, "GEC-WEB-BOM-1")
	var bom bytes.Buffer
	csv.NewWriter(&bom).WriteAll(rows)

	u := st.signedIn(t, asMaker)
	rec := u.upload("/work/studies", u.csrf,
		formFile{"document", "", nil}, // the empty file input
		formFile{"bom", "bom.csv", bom.Bytes()}, formFile{"study", "header.json", header})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("upload: %d %.800s", rec.Code, rec.Body)
	}
	id := strings.TrimSuffix(strings.TrimPrefix(rec.Header().Get("Location"), "/work/studies/"), "?done=uploaded")
	got := MustData[studyData](t, st.do(t, request{method: "GET", target: "/v1/studies/" + id, as: asMaker}), 200)
	if *got.KgCO2e != *want.KgCO2e {
		t.Fatalf("kg_co2e %v, want %v (the JSON study)", *got.KgCO2e, *want.KgCO2e)
	}
}

// Ensure a BOM upload with several bad lines lists every one of them on
// the error page, each with its file line and column, as the API's
// details do: the page gave only the first.
func TestWebStudyUpload_EveryBadLine(t *testing.T) {
	st := newSeededStack(t)
	doc := mustDoc(t, pvStudy(t, "GEC-WEB-BOM-BAD"))
	delete(doc, "bom")
	header, _ := json.Marshal(doc)
	bom := "level,description,quantity,unit,factor_code\n1,glass,ten,kg,PV-GLASS-FLOAT\n1,frame,2,kg,PV-AL-PROFILE\n1,cells,many,piece,PV-CELL-MONO182\n"

	u := st.signedIn(t, asMaker)
	rec := u.upload("/work/studies", u.csrf, formFile{"bom", "bom.csv", []byte(bom)}, formFile{"study", "header.json", header})
	if rec.Code != http.StatusBadRequest || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("upload: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	body := rec.Body.String()
	for _, want := range []string{"2 problems in the file", "[bom.csv:2:quantity]", "[bom.csv:4:quantity]", "&#34;many&#34; is not a number"} {
		if !strings.Contains(body, want) {
			t.Errorf("error page lacks %q:\n%s", want, body)
		}
	}
}

// Ensure the application form answers bad input as POST /v1/applications
// does: a 400 page naming the form field (study_id, certifier,
// supersedes), and no application stored.
func TestWebApply_BadInput(t *testing.T) {
	st := newSeededStack(t)
	study := st.submit(t, "GEC-WEB-APPLY-BAD")
	u := st.signedIn(t, asMaker)
	for _, tt := range []struct {
		name  string
		form  url.Values
		field string
	}{
		{"NoStudy", url.Values{"certifier": {orgCertifier}}, "[study_id]"},
		{"BadStudy", url.Values{"study_id": {"not-a-uuid"}, "certifier": {orgCertifier}}, "[study_id]"},
		{"NoCertifier", url.Values{"study_id": {study}}, "[certifier]"},
		{"BadSupersedes", url.Values{"study_id": {study}, "certifier": {orgCertifier}, "supersedes": {"CDPCF-1"}}, "[supersedes]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			u.get("/work/studies") // a fresh CSRF token
			tt.form.Set("csrf_token", u.csrf)
			mustWorkPage(t, u.post("/work/applications", tt.form), http.StatusBadRequest, tt.field)
		})
	}
	if apps := MustData[[]appData](t, st.do(t, request{method: "GET", target: "/v1/applications", as: asMaker}), 200); len(apps) != 0 {
		t.Fatalf("bad forms created %d applications", len(apps))
	}
}

// Ensure the audit page reads its filters as GET /v1/audit does: a since
// that is neither a time nor a date is a 400 page naming since.
func TestWebAudit_Since(t *testing.T) {
	st := newSeededStack(t)
	reg := st.signedIn(t, asReg)
	mustWorkPage(t, reg.get("/work/audit?since=yesterday"), http.StatusBadRequest, "[since]")
	mustWorkPage(t, reg.get("/work/audit?since=2026-01-01&action=certificate.issue"), http.StatusOK)
}
