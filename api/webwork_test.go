package api_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
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
// does, naming the form field (study_id, certifier, supersedes), and stores
// no application. An input the service refuses on the caller's own study
// (a certifier left out or misspelt, a bad certificate ID to replace)
// answers on the study's page, with the error above the form and the form
// filled in as it was sent, so the manufacturer corrects one field and
// sends it again: it was an error page whose only link led to the home
// page, and what was typed was lost. A form naming no study the caller may
// see still gets the error page, naming nothing of the study.
func TestWebApply_BadInput(t *testing.T) {
	st := newSeededStack(t)
	study := st.submit(t, "GEC-WEB-APPLY-BAD")
	other := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asOther, contentType: "application/json", body: pvStudy(t, "GEC-UX-APPLY-2")}), 201).ID
	u := st.signedIn(t, asMaker)
	for _, tt := range []struct {
		name   string
		form   url.Values
		status int
		want   []string
	}{
		{"NoStudy", url.Values{"certifier": {orgCertifier}}, http.StatusBadRequest, []string{"[study_id]"}},
		{"BadStudy", url.Values{"study_id": {"not-a-uuid"}, "certifier": {orgCertifier}}, http.StatusBadRequest, []string{"[study_id]"}},
		{"AnothersStudy", url.Values{"study_id": {other}, "certifier": {orgCertifier}}, http.StatusNotFound, []string{`id="error"`}},
		{"NoCertifier", url.Values{"study_id": {study}}, http.StatusBadRequest, []string{"[certifier]"}},
		{"UnknownCertifier", url.Values{"study_id": {study}, "certifier": {"Demo Certfication Centre"}}, http.StatusNotFound,
			[]string{"申请未提交", "The application was not sent", "没有名为", "[certifier]", `value="Demo Certfication Centre"`}},
		{"BadSupersedes", url.Values{"study_id": {study}, "certifier": {orgCertifier}, "supersedes": {"CDPCF-1"}}, http.StatusBadRequest,
			[]string{"申请未提交", "提交的内容有误", "[supersedes]", `value="` + orgCertifier + `"`, `value="CDPCF-1"`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			u.get("/work/studies") // a fresh CSRF token
			tt.form.Set("csrf_token", u.csrf)
			rec := u.post("/work/applications", tt.form)
			if tt.form.Get("study_id") != study { // the error page
				mustWorkPage(t, rec, tt.status, tt.want...)
				if strings.Contains(rec.Body.String(), `id="study-id"`) {
					t.Error("a study shown on an application refused for a study the caller may not see")
				}
				return
			}
			mustWorkPage(t, rec, tt.status, append(tt.want, `id="study-id">`+study+`<`, `id="apply-error" role="alert"`,
				`<form method="post" action="/work/applications#apply">`)...) // the answer opens at the form, not a screen above it
			if i, j := strings.Index(rec.Body.String(), `id="apply-error"`), strings.Index(rec.Body.String(), `id="apply-submit"`); i < 0 || j < i {
				t.Errorf("the error is not above the form's button")
			}
		})
	}
	if apps := MustData[[]appData](t, st.do(t, request{method: "GET", target: "/v1/applications", as: asMaker}), 200); len(apps) != 0 {
		t.Fatalf("refused forms created %d applications", len(apps))
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

// Ensure the audit page shows each event's place in the chain and the
// start of its digest, and to a regulator or an admin the head of the
// chain in full, as GET /v1/audit/head gives it, to note down; a curator,
// who reads one factor set's events and not the head, sees no head.
func TestWebAudit_Chain(t *testing.T) {
	st := newSeededStack(t)
	head := MustData[access.AuditHead](t, st.do(t, request{method: "GET", target: "/v1/audit/head", as: asReg}), 200)
	events := MustData[[]access.AuditEvent](t, st.do(t, request{method: "GET", target: "/v1/audit?limit=3", as: asReg}), 200)
	var want []string
	for _, ev := range events {
		want = append(want, fmt.Sprintf(`<div>%d<span class="en mono" title="%s">%s…</span>`, ev.Seq, ev.Digest, ev.Digest[:12]))
	}
	for _, as := range []string{asReg, asAdmin} {
		mustWorkPage(t, st.signedIn(t, as).get("/work/audit"), http.StatusOK, append(want,
			"审计链头", "Head of the audit chain", "序号 · 摘要", "Seq · digest",
			fmt.Sprintf(`id="head-count">%d<`, head.Count), fmt.Sprintf(`id="head-note">%d:%s<`, head.Count, head.Digest))...)
	}
	rec := st.signedIn(t, asCurator).get("/work/audit?subject=factor-set/2026.1")
	mustWorkPage(t, rec, http.StatusOK, "Seq · digest")
	if strings.Contains(rec.Body.String(), `id="head"`) || strings.Contains(rec.Body.String(), head.Digest) {
		t.Error("a curator's audit page shows the head of the chain")
	}
}

// rt31MiniModule returns the demo PV study scaled down k times (product
// mass, power and area, every BOM, electricity and transport quantity,
// one green certificate of 1 MWh): a "mini module" whose certificate is a
// figure per piece far below a cell's.
func rt31MiniModule(t *testing.T, serial string, k float64) []byte {
	t.Helper()
	doc := mustDoc(t, pvStudy(t, serial))
	p := doc["product"].(map[string]any)
	for _, f := range []string{"mass_kg", "rated_power_wp", "area_m2"} {
		p[f] = p[f].(float64) * k
	}
	p["model"], p["name"] = "MINI-M10-54", "Demo mini module"
	for _, l := range doc["bom"].([]any) {
		m := l.(map[string]any)
		m["quantity"] = m["quantity"].(float64) * k
	}
	for _, l := range doc["electricity"].([]any) {
		m := l.(map[string]any)
		m["quantity"] = m["quantity"].(float64) * k
		for _, in := range m["instruments"].([]any) {
			im := in.(map[string]any)
			im["mwh"], im["serial_last"] = 1, im["serial"]
		}
	}
	for _, l := range doc["transport"].([]any) {
		m := l.(map[string]any)["mass"].(map[string]any)
		m["value"] = m["value"].(float64) * k
	}
	return seedtest.MustMarshal(t, doc)
}

// rt31Counted returns the demo PV study with its encapsulant and backsheet
// counted at the screening factor instead of exempted, so that a lower
// total keeps the cut-off within the rule's limit.
func rt31Counted(t *testing.T, b []byte) []byte {
	t.Helper()
	doc := mustDoc(t, b)
	countPVExempted(doc)
	return seedtest.MustMarshal(t, doc)
}

// Ensure the certifier's application page says what each supplier
// certificate is a certificate of, as GET /v1/applications/{id}'s review
// does (docs/integrity.md §12: "so that a certifier tells a module from a
// cell"): its product, model, figure per declared unit and the study
// lines that take their figure from it. The page listed only the
// reference, number, holder and status. Demo Module Co. certifies a "mini
// module", the demo module scaled down 1000 times (0.150 kgCO2e a piece);
// Other Maker Ltd. uses it for the 54 cells of its full-size module: 157.3
// → 79.5 kgCO2e (−49 %), issued from the page, on whose supplier list the
// certificate reads "CDPCF-2026-000001 Demo Module Co. · 有效 Valid" and
// nothing says it is a module.
func TestRedteam31_CertifierPageHidesWhatASupplierCertificateIs(t *testing.T) {
	st := newSeededStack(t)
	mini := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: rt31MiniModule(t, "GEC-RT31-MINI", 0.001)}), 201)
	supplier := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, mini.ID), "")), 201)

	honest := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asOther, contentType: "application/json",
		body: rt31Counted(t, pvStudy(t, "GEC-RT31-HONEST"))}), 201)
	doc := mustDoc(t, rt31Counted(t, pvStudy(t, "GEC-RT31-BUYER")))
	doc["bom"].([]any)[1] = map[string]any{"name": "Solar cells, mono-Si M10 182 mm (supplier certificate)", "quantity": 54, "unit": "piece", "stage": "A1", "supplier": supplier.Number}
	buyer, app := st.applyAsOther(t, seedtest.MustMarshal(t, doc))
	got := MustData[studyData](t, st.do(t, request{method: "GET", target: "/v1/studies/" + buyer, as: asOther}), 200)
	t.Logf("the module's 54 cells as the mini module's certificate: %.1f → %.1f kgCO2e", *honest.KgCO2e, *got.KgCO2e)

	certifier := st.signedIn(t, asCert)
	page := certifier.get("/work/applications/" + app)
	mustWorkPage(t, page, http.StatusOK, supplier.Number, "签发证书")
	review := page.Body.String()
	review = review[strings.Index(review, `class="suppliers"`):]
	review = review[:strings.Index(review, "</ul>")]
	for _, want := range []string{"MINI-M10-54", "Demo mini module", "module (1 piece)", "bom[1]"} {
		if !strings.Contains(review, want) {
			t.Errorf("the certifier's review on the page lacks %q (what the supplier certificate certifies, the lines that use it): the API's review has it", want)
		}
	}
}

// Ensure the certifier's calculation trace on the page shows what the
// study cut off, as the API's result does (result.exempted): each
// exempted line with its reason, screening factor and screening estimate.
// The page's trace (the application's and the study's) lists Result.Lines
// only, where exempted lines are not: the demo module's encapsulant and
// backsheet (2.2 kg a module, screened at 7.2 kgCO2e, 4.57 % of emissions,
// just under the rule's 5 %) are on no page, nor is the reason the
// manufacturer gave for leaving them out ("no EVA/POE factor in the
// reference factor set"), which is the certifier's to judge; the cut-off
// warning asks the certifier to "check each against the material it
// stands for". Nor were the recycling credits a study reports apart.
func TestRedteam31_CertifierTraceHidesTheCutOff(t *testing.T) {
	st := newSeededStack(t)
	study := st.submit(t, "GEC-RT31-CUT")
	app := st.apply(t, study)
	certifier := st.signedIn(t, asCert)
	page := certifier.get("/work/applications/" + app)
	mustWorkPage(t, page, http.StatusOK, "签发证书")
	body := page.Body.String()
	for _, want := range []string{"Encapsulant (EVA)", "Backsheet", "no EVA/POE factor in the reference factor set", "MAT-PLASTIC-AVG-DESNZ"} {
		if !strings.Contains(body, want) {
			t.Errorf("the certifier's calculation trace lacks the cut-off item %q (result.exempted)", want)
		}
	}
	maker := st.signedIn(t, asMaker)
	if body := maker.get("/work/studies/" + study).Body.String(); !strings.Contains(body, "Encapsulant (EVA)") {
		t.Error("the study page's trace lacks the cut-off item Encapsulant (EVA)")
	}
	// The demo laptop's recycling credit, reported apart (result.credits),
	// is on the page too.
	laptop := st.submitLaptop(t, "RT31-LAPTOP", "HS:847130")
	body = maker.get("/work/studies/" + laptop).Body.String()
	if i := strings.Index(body, `id="credits"`); i < 0 || !strings.Contains(body[i:], "Aluminium recycling credit") {
		t.Error("the study page's trace lacks the recycling credit (result.credits)")
	}
}

// Ensure no page carries a bidirectional override or embedding from the
// text of a study or a factor set: a BOM line named "Aluminium frame" +
// U+202E (RIGHT-TO-LEFT OVERRIDE) turned the rest of its row on the
// certifier's calculation trace around, so that the line's "30.5 kgCO2e ·
// 20.3 %" read "% 3.02 · e2OCgk 5.03"; a curator's factor name does the
// same on the public factor pages (red team 26's open end). The page must
// show such a character as a visible mark, not obey it.
func TestRedteam31_BidiOverrideOnPages(t *testing.T) {
	st := newSeededStack(t)
	const rlo = "\u202e"
	b := []byte(strings.Replace(string(pvStudy(t, "GEC-RT31-BIDI")), `"Aluminium frame"`, `"Aluminium frame`+rlo+`"`, 1))
	id := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: b}), 201).ID
	app := st.apply(t, id)
	certifier := st.signedIn(t, asCert)
	page := certifier.get("/work/applications/" + app)
	mustWorkPage(t, page, http.StatusOK, "Aluminium frame")
	if strings.ContainsAny(page.Body.String(), "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") {
		t.Error("the certifier's application page carries the study's right-to-left override: the trace's figures after it read backwards")
	}

	// A curator's factor name, published.
	edition := seedFactorRows(t, func(r []string, col map[string]int) bool {
		if r[col["code"]] == "PV-AL-PROFILE" {
			r[col["name_en"]] += rlo
			return true
		}
		return false
	})
	st.mustDo(t,
		request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"2026.2","based_on":"2026.1","description":"rt31"}`)},
		request{method: "POST", target: "/v1/factor-sets/2026.2/import", as: asAdmin, contentType: "text/csv", body: edition},
		request{method: "POST", target: "/v1/factor-sets/2026.2/publish", as: asAdmin},
	)
	anon := newWebUser(t, st.srv)
	for _, target := range []string{"/factors?set=2026.2&q=PV-AL-PROFILE", "/factors/PV-AL-PROFILE?set=2026.2"} {
		rec := anon.get(target)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d", target, rec.Code)
		}
		if strings.Contains(rec.Body.String(), rlo) {
			t.Errorf("%s carries the factor name's right-to-left override", target)
		}
	}
}

// What held (red team 31): a certifier's decisions and the sign-in form
// refuse every cross-site shape of a post (no token; a form posted as
// text/plain, which a cross-site form may send; a method override header
// or field, which no route reads; a GET with the form's fields), and
// every answer to a signed-in person, error pages included, forbids
// framing and shared caching.
func TestRedteam31_CrossSitePostsAndFramingHeld(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	certifier := st.signedIn(t, asCert)
	status := func() string {
		return MustData[struct {
			Status string `json:"status"`
		}](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert, as: asCert}), 200).Status
	}
	withdraw := "/work/certificates/" + fx.cert + "/withdraw"
	form := url.Values{"reasons": {"forged"}}
	for name, req := range map[string]*http.Request{
		"NoToken":   formRequest("POST", withdraw, form.Encode(), "application/x-www-form-urlencoded"),
		"TextPlain": formRequest("POST", withdraw, "csrf_token="+certifier.csrf+"\nreasons=forged", "text/plain"),
		"Override":  formRequest("POST", "/work/certificates/"+fx.cert+"?_method=POST", form.Encode(), "application/x-www-form-urlencoded"),
		"GET":       formRequest("GET", withdraw+"?"+url.Values{"csrf_token": {certifier.csrf}, "reasons": {"forged"}}.Encode(), "", ""),
	} {
		req.Header.Set("X-HTTP-Method-Override", "POST")
		rec := certifier.send(req)
		if rec.Code < 400 {
			t.Errorf("%s: %d, want a refusal", name, rec.Code)
		}
	}
	if got := status(); got != "valid" {
		t.Fatalf("after the forged posts the certificate is %s", got)
	}
	for _, target := range []string{"/work/applications/" + fx.issuedApp, "/work/certificates/" + fx.cert, "/work/certificates/no-such", "/work/overview", "/sign-in"} {
		rec := certifier.get(target)
		h := rec.Header()
		if h.Get("X-Frame-Options") != "DENY" || !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") || h.Get("Cache-Control") != "no-store" {
			t.Errorf("%s (%d): headers %v, want no framing and no-store", target, rec.Code, h)
		}
	}
}

func formRequest(method, target, body, contentType string) *http.Request {
	req, _ := http.NewRequest(method, target, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "text/html")
	req.RequestURI = target
	return req
}

// What held (red team 31): a suspended certificate's verification page,
// reached by its number as a label's QR code leads there, says so first
// at a phone's width as at a desktop's: the status box, in the warning
// colour, is the first thing below the title and inside the first screen.
func TestRedteam31_SuspendedPageOnAPhoneHeld(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/suspend", as: asCert,
		contentType: "application/json", body: []byte(`{"reasons":["audit pending"]}`)}), 200)
	inBrowsers(t, st, "/certificates/"+fx.number, func(t *testing.T, b *browser) {
		b.mustContain("暂停 · Suspended", "audit pending")
		box := evalIn[string](b, `(() => { const s = document.querySelector("#status"), r = s.getBoundingClientRect();
			return [r.top < innerHeight && r.bottom <= innerHeight && r.width > 0, getComputedStyle(s).backgroundColor, s.dataset.status].join(" ") })()`)
		if want := fmt.Sprint(true, " rgb(156, 93, 0) suspended"); box != want {
			t.Errorf("status box %q, want %q (in the first screen, warning colour)", box, want)
		}
	})
}

// Ensure the workbench's page of one certificate does not call "有效
// Valid" a record that fails the server's own signature check (a record
// edited in the database, or its key lost), which the registry, the
// verification page and the workbench's own list of certificates withhold
// as "签名未通过验证 Signature not verified": the holder read it as valid
// on the page it downloads its label from, and its certifier as a valid
// certificate to keep.
func TestRedteam31_WorkbenchCertificatePageSkipsTheSignatureCheck(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	keys := st.srv.KeyService
	st.srv.KeyService = nil // the published keys lost: no signature verifies
	anon := newWebUser(t, st.srv)
	if body := anon.get("/certificates/" + fx.number).Body.String(); !strings.Contains(body, "签名未通过验证") {
		t.Fatal("the verification page does not withhold the record (the premise)")
	}
	for _, as := range []string{asMaker, asCert} {
		u := st.signedIn(t, as)
		if body := u.get("/work/certificates").Body.String(); !strings.Contains(body, "签名未通过验证") {
			t.Errorf("%s: the workbench list does not withhold the record (the premise)", as)
		}
		page := u.get("/work/certificates/" + fx.cert)
		mustWorkPage(t, page, http.StatusOK, fx.number)
		body := page.Body.String()
		if !strings.Contains(body, "签名未通过验证") || strings.Contains(body, `<span class="status ok">有效 Valid</span>`) {
			t.Errorf("%s: the certificate's workbench page calls a record that fails its signature check valid", as)
		}
		if strings.Contains(body, `id="download-label"`) {
			t.Errorf("%s: the page offers the label of a record that fails its signature check", as)
		}
	}
	// Its certifier may still withdraw it, not reinstate it.
	st.srv.KeyService = keys
	fx2 := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-RT31-SIG")), "")), 201)
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/certificates/" + fx2.CertificateID + "/suspend", as: asCert,
		contentType: "application/json", body: []byte(`{"reasons":["audit"]}`)}), 200)
	st.srv.KeyService = nil
	body := st.signedIn(t, asCert).get("/work/certificates/" + fx2.CertificateID).Body.String()
	if !strings.Contains(body, `id="withdraw-submit"`) || strings.Contains(body, `id="reinstate-submit"`) {
		t.Error("the certifier's page of a suspended record failing its signature check: want withdraw and no reinstate")
	}
}

// Ensure the forms' security token is not the same on every page of a
// session. Pages are compressed (gzip) and some reflect what the URL
// says beside the forms' token: the audit page's actor and subject
// filters (a regulator's, an admin's, a curator's), in the same response
// as the sign-out form's csrf_token. A token repeated verbatim in every
// response is what a compression side channel (BREACH) reads a byte at a
// time from the responses' lengths: here the answer to a subject holding
// 8 characters of the token was a byte shorter than one holding 8 others
// (1839 against 1840 bytes). A token masked afresh for each response (a
// random pad and the token XOR the pad) never repeats, and every mask of
// the session's token is taken.
func TestRedteam31_CSRFTokenRepeatsInEveryCompressedPage(t *testing.T) {
	st := newSeededStack(t)
	curator := st.signedIn(t, asCurator)
	var tokens []string
	for range 2 {
		mustWorkPage(t, curator.get("/work/audit?subject=factor-set/2026.1"), http.StatusOK)
		tokens = append(tokens, curator.csrf)
	}
	if tokens[0] == tokens[1] {
		t.Errorf("two pages of a session carry the same token %q: a compression side channel can read it", tokens[0])
	}
	for i, tok := range tokens {
		v := fmt.Sprintf("2099.%d", i+1)
		if rec := curator.post("/work/factor-sets", url.Values{"csrf_token": {tok}, "version": {v}, "based_on": {"2026.1"}}); rec.Code != http.StatusSeeOther {
			t.Errorf("the token of page %d: %d, want 303: %.300s", i+1, rec.Code, rec.Body)
		}
	}
}

// manyFlagged is the stack's certificate service, except that the
// flagged certificates are n copies of the one flagged certificate,
// numbered apart by the cursor, in pages as FindCertificates gives them.
type manyFlagged struct {
	certification.CertificationService
	n int
}

func (m manyFlagged) FindCertificates(ctx context.Context, f certification.CertificateFilter) ([]*certification.CertificateRecord, string, error) {
	if f.Flagged == nil || !*f.Flagged {
		return m.CertificationService.FindCertificates(ctx, f)
	}
	one, _, err := m.CertificationService.FindCertificates(ctx, certification.CertificateFilter{Flagged: f.Flagged, Limit: 1})
	if err != nil || len(one) == 0 {
		return one, "", err
	}
	from, _ := strconv.Atoi(f.Cursor)
	var out []*certification.CertificateRecord
	for i := from; i < m.n && len(out) < f.Limit; i++ {
		out = append(out, one[0])
	}
	next := ""
	if from+len(out) < m.n {
		next = strconv.Itoa(from + len(out))
	}
	return out, next, nil
}

// Attack (the regulator's overview missing flagged certificates): the
// overview lists the certificates flagged because a supplier certificate
// changed, and counts them in its heading, from the first page of 100
// only: with 150 flagged it said "(100)" and listed 100, and a
// manufacturer's certificate flagged after a hundred others (certificate
// numbers grow with issue) was on no overview, though the supplier it
// relies on was suspended, withdrawn or superseded.
//
// A correct overview lists and counts every flagged certificate (or says
// its list is partial).
func TestRedteam30_OverviewStopsAtAHundredFlagged(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	_, buyerApp := st.applyAsOther(t, withBOMLines(t, pvStudy(t, "GEC-RT30-OV"), suppliedLine("supplied junction box", fx.number)))
	MustData[issueData](t, st.do(t, st.issueReq(t, buyerApp, "")), 201)
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/suspend", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["audit"]}`)}), 200)
	st.srv.CertificationService = manyFlagged{st.srv.CertificationService, 150}

	regulator := newWebUser(t, st.srv)
	regulator.signIn(st.tokens[asReg])
	rec := regulator.get("/work/overview")
	mustWorkPage(t, rec, http.StatusOK)
	body := rec.Body.String()
	if n := strings.Count(body, `<li><a class="mono" href="/work/certificates/`); n != 150 || !strings.Contains(body, "changed (150)") {
		t.Errorf("the overview lists %d of the 150 flagged certificates (heading %q)", n, body[strings.Index(body, "changed ("):][:14])
	}
}

// Attack (a product counted under another heading): the overview counts
// each certificate under the first 4 digits of its first HS code. The
// electronics rule covers chapters 84 and 85, so the demo laptop (HS
// 847130) coded ["HS:851762","HS:847130"] is certified like the laptop,
// boards required, and the regulator's overview counted it under HS:8517
// (network equipment), with no row for 8471: certified laptops absent
// from the tally.
//
// A correct overview counts a certificate under each HS heading it names.
func TestRedteam30_OverviewCountsAnotherHeading(t *testing.T) {
	st := newSeededStack(t)
	study := bytes.Replace(seedtest.StudyJSON(t, "laptop"), []byte(`"product_codes": ["HS:847130"]`), []byte(`"product_codes": ["HS:851762", "HS:847130"]`), 1)
	if !bytes.Contains(study, []byte("HS:851762")) {
		t.Fatal("test data: the laptop's product codes not found")
	}
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: study}), 201)
	MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, sd.ID), "")), 201)

	regulator := newWebUser(t, st.srv)
	regulator.signIn(st.tokens[asReg])
	rec := regulator.get("/work/overview")
	mustWorkPage(t, rec, http.StatusOK)
	if body := rec.Body.String(); !strings.Contains(body, `<a class="mono" href="/certificates?product_code=HS%3A8471">HS:8471</a>`) {
		i := strings.Index(body, `id="by-product"`)
		t.Errorf("the overview counts the laptop under no HS:8471: %.400s", body[i:])
	}
}

// Ensure the workbench offers only the documents the service gives: a
// withdrawn certificate's PDF (it prints its status), never its label,
// which answered 409 from the page's own button and the list's link
// (session 40).
func TestWorkCertificate_NoLabelLinkForACertificateThatGivesNone(t *testing.T) {
	st := newRenderingStack(t)
	fx := st.seedFixture(t, "")
	st.setStatus(t, fx.cert, "withdraw", "S40 falsified data")
	u := st.signedIn(t, asMaker)
	if body := u.get("/work/certificates/" + fx.cert).Body.String(); !strings.Contains(body, `id="download-cert"`) || strings.Contains(body, `id="download-label"`) {
		t.Error("workbench page of a withdrawn certificate: want its certificate PDF and no label")
	}
	if body := u.get("/work/certificates").Body.String(); !strings.Contains(body, fx.cert+"/certificate.pdf") || strings.Contains(body, fx.cert+"/label.pdf") {
		t.Error("workbench list: want the withdrawn certificate's PDF and no label link")
	}
	if rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/label.pdf", as: asMaker}); rec.Code != 409 {
		t.Errorf("label of a withdrawn certificate: %d, want 409 (the premise)", rec.Code)
	}
}

// applyFrameStudy stores and applies for the demo module with its aluminium
// frame written as two lines, the long and the short rails (0.9 and
// 0.67996 kg per m², scrap 1 %, the demo's 1.57996 together), that use a
// sub-assembly "frame" of 1 kg of the demo frame's own factor
// PV-AL-PROFILE: a shared sub-assembly, used 1.5957596 kg per m² over both
// rails, 3.116 kg per kWp (the demo's 1.953 m² per kWp). It returns the
// application's ID.
func applyFrameStudy(t *testing.T, st *stack, serial string) string {
	t.Helper()
	return st.apply(t, MustData[studyData](t, st.do(t, frameStudyRequest(t, serial, "PV-AL-PROFILE", "frame profile", false)), 201).ID)
}

// frameStudyRequest is the request that stores the demo module with its
// frame as two rails using a sub-assembly "frame" of 1 kg of factor, its
// line named name; counted counts the encapsulant and backsheet (at
// MAT-PLASTIC-AVG-DESNZ) rather than exempting them.
func frameStudyRequest(t *testing.T, serial, factor, name string, counted bool) request {
	t.Helper()
	doc := mustDoc(t, pvStudy(t, serial))
	parent := doc["bom"].([]any)[0].(map[string]any)
	kids := parent["children"].([]any)
	if counted {
		countPVExempted(doc)
	}
	rails := []any{
		map[string]any{"name": "Aluminium frame, long sides", "quantity": 0.9, "unit": "kg", "scrap_pct": 1, "assembly": "frame"},
		map[string]any{"name": "Aluminium frame, short sides", "quantity": 0.67996, "unit": "kg", "scrap_pct": 1, "assembly": "frame"},
	}
	parent["children"] = append(append([]any{kids[0]}, rails...), kids[2:]...)
	doc["assemblies"] = []any{map[string]any{"id": "frame", "name": "Aluminium frame profile", "amount": 1, "unit": "kg", "lines": []any{
		map[string]any{"name": name, "quantity": 1, "unit": "kg", "factor": factor},
	}}}
	return request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: seedtest.MustMarshal(t, doc)}
}

func TestWebWork_SharedSubAssembly(t *testing.T) {
	// Ensure the certifier's application page shows a shared sub-assembly
	// in its contribution tree: each use links to the breakdown, which
	// lists the uses with their multipliers and the assembly's line with
	// its factor and its quantity over every use.
	st := newSeededStack(t)
	app := applyFrameStudy(t, st, "GEC-WEB-ASM-1")
	page := st.signedIn(t, asCert).get("/work/applications/" + app)
	mustWorkPage(t, page, 200, "Aluminium frame, long sides")
	body := page.Body.String()
	i := strings.Index(body, `id="tree"`)
	if i < 0 {
		t.Fatal("no contribution tree")
	}
	tree := body[i:]
	tree = tree[:strings.Index(tree, "</section>")]
	for _, want := range []string{
		"共用子组件", "Shared sub-assemblies",
		`<a href="#assembly-0">共用子组件 shared sub-assembly <span class="mono">frame</span></a>`,
		`<li id="assembly-0">`, "Aluminium frame profile", "frame profile",
		// its line over both rails: 3.116 kg per kWp, 1.775 and 1.341 kg
		"A1 · 3.116 kg · <span class=\"mono\">PV-AL-PROFILE@2026.1</span>", "9.80 kgCO2e 每 per 1 kg × 3.116</span>",
		`<span class="mono">bom[0].children[1]</span> × 1.775 = 17.4 kgCO2e`, `<span class="mono">bom[0].children[2]</span> × 1.341 = 13.1 kgCO2e`,
		"frame profile</span> <span class=\"kg\">30.5 kgCO2e", // 17.4 + 13.1
	} {
		if !strings.Contains(tree, want) {
			t.Errorf("contribution tree lacks %q:\n%s", want, tree)
		}
	}
	if n := strings.Count(tree, `href="#assembly-0"`); n != 2 {
		t.Errorf("%d links to the breakdown, want one per rail", n)
	}
}

// Ensure the breakdown of a shared sub-assembly on the application page
// lays out at desktop and phone widths without a console error, and its
// line with its factor is visible without opening anything.
func TestWebBrowser_SharedSubAssembly(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		app := applyFrameStudy(t, st, "GEC-WEB-ASM-"+strings.ToUpper(b.vp.Name))
		b.signIn(st.tokens[asCert], "#applications")
		b.open("/work/applications/" + app)
		// Read without waiting for the element: a page without it fails now.
		got := evalIn[string](b, `(() => { const el = document.getElementById("assembly-0"); if (!el) return ""; el.scrollIntoView(); return el.innerText; })()`)
		if !strings.Contains(got, "PV-AL-PROFILE@2026.1") || !strings.Contains(got, "frame profile") {
			t.Errorf("%s: the breakdown shows %q, want its line and factor", b.vp.Name, got)
		}
		b.checkPage("work-review-assembly")
	})
}

// Red team 24 (2026-12-04): the bill of materials as a graph, and the
// breakdown the certifier is shown.

// TestRedteam24_CertifierSeesNoSharedSubAssembly: a named sub-assembly
// used by more than one line is computed once (docs/study-format.md), and
// each use is a leaf of the result's lines without children; its own lines
// are only in the result's "assemblies". The certifier decides on the
// application page, whose "Calculation trace" draws the contribution tree
// from the result's lines alone (api/webwork_view.go treeNodes), so the
// lines of a shared sub-assembly, with their factors and quantities,
// appear nowhere in it: "Open a line to see what it is made of" cannot be
// done for them. The demo module (encapsulant and backsheet counted at
// MAT-PLASTIC-AVG-DESNZ: 157.3 kgCO2e) with its aluminium frame written
// as two lines, long and short rails (0.9 and 0.67996 kg per m²), using a
// sub-assembly "frame" of 1 kg of PV-AL-RECYCLED (recycled aluminium, 0.72
// kgCO2e/kg, a twelfth of the set's frame profile), is stored and applied
// for at 129.0 kgCO2e (−18 %). Which factor a material line takes is the
// certifier's to judge (docs/integrity.md §10: "recycled aluminium for a
// primary frame"), but the page shows the rails as "Aluminium frame, long
// sides · 1.28 kgCO2e · A1 · 1.775 kg" without a factor, and
// PV-AL-RECYCLED only in the list of factors, tied to no line. What should
// happen: the page's tree (and the result table) shows each shared
// sub-assembly's lines with their factor and quantity, under its uses or
// in a section of its own with its multiplier.
func TestRedteam24_CertifierSeesNoSharedSubAssembly(t *testing.T) {
	st := newSeededStack(t)
	created := MustData[studyData](t, st.do(t, frameStudyRequest(t, "GEC-RT24-1", "PV-AL-RECYCLED", "frame profile, recycled aluminium", true)), 201)
	app := st.apply(t, created.ID)

	page := st.signedIn(t, asCert).get("/work/applications/" + app)
	mustWorkPage(t, page, 200, "Aluminium frame, long sides")
	body := page.Body.String()
	tree := body
	if i := strings.Index(body, `id="tree"`); i >= 0 {
		tree = body[i:]
		if j := strings.Index(tree, "</section>"); j >= 0 {
			tree = tree[:j]
		}
	}
	if !strings.Contains(tree, "PV-AL-RECYCLED") || !strings.Contains(tree, "frame profile, recycled aluminium") {
		kg := 0.0
		if created.KgCO2e != nil {
			kg = *created.KgCO2e
		}
		t.Errorf("the study stored and applied for at %.1f kgCO2e (157.3 with the set's frame profile): the certifier's application page shows the frame rails in its contribution tree without the sub-assembly's line or its factor PV-AL-RECYCLED (which only the list of factors names): the kilograms of a shared sub-assembly are not traced to their factor in the review", kg)
	}
}

// Ensure the audit trail names each action in Chinese, its code beneath,
// in its filter and its table, and that every action the filter offers
// has its words: the page showed the codes alone ("certificate.issue").
func TestWebAudit_ActionsInBothLanguages(t *testing.T) {
	st := newSeededStack(t)
	st.seedFixture(t, "")
	body := st.signedIn(t, asReg).get("/work/audit").Body.String()
	for _, want := range []string{
		`<option value="certificate.issue">签发证书 certificate.issue</option>`,
		`<td data-label="操作 Action"><div>签发证书<span class="en mono" lang="en">certificate.issue</span></div></td>`,
		`<td data-label="操作 Action"><div>提交认证申请<span class="en mono" lang="en">application.create</span></div></td>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("audit page lacks %q", want)
		}
	}
	for _, m := range regexp.MustCompile(`<option value="([^"]+)">([^<]*)</option>`).FindAllStringSubmatch(body, -1) {
		if m[2] == m[1] || !strings.HasSuffix(m[2], " "+m[1]) {
			t.Errorf("action %s offered as %q", m[1], m[2])
		}
	}
}

// Ensure the upload form offers an example BOM (CSV) and study header
// (JSON) to start from, and that they are what the form takes: each,
// downloaded from the page's links, uploads into a calculated study, and
// again (the example claims no green certificate, so a second upload is
// no double claim). The form named the columns nowhere and pointed to a
// file of the source repository (docs/study-format.md).
func TestWebStudyUpload_Examples(t *testing.T) {
	st := newSeededStack(t)
	u := st.signedIn(t, asMaker)
	page := u.get("/work/studies").Body.String()
	var files [2][]byte
	for i, re := range []string{`<a href="(/assets/bom-example\.[0-9a-f]+\.csv)" download="bom-example.csv"`, `<a href="(/assets/study-header-example\.[0-9a-f]+\.json)" download="study-header-example.json"`} {
		m := regexp.MustCompile(re).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("upload form lacks the link %s", re)
		}
		rec := u.get(m[1])
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d", m[1], rec.Code)
		}
		files[i] = rec.Body.Bytes()
	}
	for range 2 {
		u.get("/work/studies") // a fresh CSRF token
		rec := u.upload("/work/studies", u.csrf, formFile{"bom", "bom-example.csv", files[0]}, formFile{"study", "study-header-example.json", files[1]})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("upload of the examples: %d %.600s", rec.Code, rec.Body)
		}
	}
}

// Ensure the regulator's count by product code leads to the certificates
// of that code (the registry's search by product code prefix), as the
// count by status leads to its list: the codes were plain text, a count
// with no way to the certificates it counts.
func TestWebOverview_ProductCountsLink(t *testing.T) {
	st := newSeededStack(t)
	st.seedFixture(t, "")
	reg := st.signedIn(t, asReg)
	link := `/certificates?product_code=HS%3A8541`
	mustWorkPage(t, reg.get("/work/overview"), http.StatusOK, `<a class="mono" href="`+link+`">HS:8541</a>`)
	rec := reg.get(strings.ReplaceAll(link, "%3A", ":"))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "CDPCF-2026-000001") {
		t.Errorf("%s: %d without the certificate", link, rec.Code)
	}
}

// Ensure a flagged certificate names the supplier certificate that changed
// as a link to its public page, where its status and reason are: it was
// a number to copy by hand.
func TestWebCertFlag_LinksTheSupplier(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	buyer := st.issueBuyer(t, asOther, "GEC-UX-FLAG", fx.number)
	st.setStatus(t, fx.cert, "suspend", "surveillance audit overdue")
	link := `<a class="mono" href="/certificates/` + fx.number + `">` + fx.number + `</a> → 暂停 Suspended`
	mustWorkPage(t, st.signedIn(t, asReg).get("/work/overview"), http.StatusOK, link)
	mustWorkPage(t, st.signedIn(t, asCert).get("/work/certificates/"+buyer.CertificateID), http.StatusOK, link)
}

// Ensure an audit filter the service refuses (a date it cannot read,
// 2026/01/05 or 2026-13-01; a subject that names no record) answers 400 on
// the audit page itself: the error, naming the field, above the filter as
// the regulator filled it in (actor, action and subject kept), the field
// marked invalid. It answered the site's error page: the filter was lost.
func TestWebAudit_RefusedFilterKeepsTheForm(t *testing.T) {
	st := newSeededStack(t)
	st.seedFixture(t, "")
	u := st.signedIn(t, asReg)
	for _, tt := range []struct{ since, subject, field, input string }{
		{"2026/01/05", "", "since", `id="since"`},
		{"2026-13-01", "", "since", `id="since"`},
		{"", "study/xyz", "subject", `id="subject"`},
	} {
		target := "/work/audit?" + url.Values{"action": {"certificate.issue"}, "actor": {orgCertifier}, "since": {tt.since}, "subject": {tt.subject}}.Encode()
		rec := u.get(target)
		body := rec.Body.String()
		if rec.Code != 400 {
			t.Fatalf("GET %s: %d, want 400", target, rec.Code)
		}
		for _, want := range []string{
			`action="/work/audit"`, // the filter
			`<option value="certificate.issue" selected>`,
			`value="` + html.EscapeString(orgCertifier) + `"`,
			`id="filter-error" role="alert"`,
			"[" + tt.field + "]",
			tt.input + ` name="` + tt.field + `" value="` + html.EscapeString(tt.since+tt.subject) + `"`,
			`aria-invalid="true"`,
			`id="head-note"`, // the chain's head, to note down, as the page of a filter it takes
		} {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s: the page lacks %s", target, want)
			}
		}
		if strings.Contains(body, `id="events"`) {
			t.Errorf("GET %s: a refused filter shows events", target)
		}
	}
}
