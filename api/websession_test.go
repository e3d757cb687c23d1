package api_test

// Red team 19, login CSRF and cookie tossing (from api/redteam19_test.go
// of branch h-websec), with the tests of the fix: the sign-in token is one
// the server signed, lives SessionIdleTTL, and counts only in a post from
// the service's own origin; on https the cookies are __Host- and cookies
// of the old names are not read; on plain HTTP (local development) they
// keep their names and are not Secure.

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/api"
)

// Attack (login CSRF): the sign-in form's token is a double submit, and
// the server takes any value of the pcf_signin cookie of 43 characters or
// more as the token, whether it issued it or not (csrfToken, checkCSRF).
// Whoever can set a cookie for the service's host (a sibling subdomain
// under the same site, where SameSite=Strict does not apply, or any page
// on the registrable domain) sets pcf_signin=AAAA…, then has the victim's
// browser post /sign-in with csrf_token=AAAA… and the attacker's own API
// key: the victim is signed in as the attacker's manufacturer, and the
// bill of materials or study the victim then uploads in the workbench is
// stored in the attacker's organisation, where the attacker reads it.
//
// A correct service takes only a sign-in token it issued (bound to a
// server secret or kept server-side), so a token the client made up is
// refused with the CSRF 403 and no session starts.
//
// (Changed from the red team's version: the made-up token is sent under
// the cookie's new name __Host-pcf_signin as well as the old one, so that
// the test checks the token, not only the rename, which alone would have
// made the old-name case pass.)
func TestRedteam19_SignInTakesATokenTheServerNeverIssued(t *testing.T) {
	st := newStack(t, nil)
	forged := strings.Repeat("A", 43) // never issued by the server
	for _, name := range []string{"pcf_signin", "__Host-pcf_signin"} {
		form := url.Values{"csrf_token": {forged}, "api_key": {st.tokens[asOther]}}
		req := httptest.NewRequest("POST", "/sign-in", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "text/html")
		req.AddCookie(&http.Cookie{Name: name, Value: forged})
		rec := httptest.NewRecorder()
		st.srv.ServeHTTP(rec, req)
		for _, c := range rec.Result().Cookies() {
			if strings.HasSuffix(c.Name, "pcf_session") && c.Value != "" && c.MaxAge >= 0 {
				t.Errorf("%s: a sign-in with a CSRF token the server never issued started a session (status %d, cookie %s): login CSRF", name, rec.Code, c.Name)
			}
		}
		if rec.Code != http.StatusForbidden {
			t.Errorf("%s: sign-in with a made-up token: status %d (Location %q), want 403 (csrf_token)", name, rec.Code, rec.Header().Get("Location"))
		}
	}

	// The genuine form still signs in.
	st.signedIn(t, asMaker)
}

// Attack (session swapping, the same precondition as above): the session
// and sign-in cookies are named pcf_session and pcf_signin, with no
// __Host- prefix, so a sibling host of the site may set cookies of those
// names for the service (Domain=.example.cn, or a longer Path such as
// /work/studies, which browsers send first and c.Cookie takes). A tossed
// pcf_session of the attacker's own session makes the victim's uploads on
// that path land in the attacker's organisation; a tossed pcf_signin is
// the login CSRF above. Cookies named __Host- are refused by browsers
// unless set by the host itself, Secure, with Path=/ and no Domain.
//
// A correct service (served over https, as the test stack's base URL is)
// names its session and sign-in cookies with the __Host- prefix.
func TestRedteam19_SessionCookiesAreHostOnly(t *testing.T) {
	st := newStack(t, nil)
	u := newWebUser(t, st.srv)
	signInPage := u.get("/sign-in")
	names := map[string]*http.Cookie{}
	for _, c := range signInPage.Result().Cookies() {
		names[c.Name] = c
	}
	rec := u.post("/sign-in", url.Values{"csrf_token": {u.csrf}, "api_key": {st.tokens[asMaker]}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("sign-in: %d: %.300s", rec.Code, rec.Body)
	}
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge >= 0 && c.Value != "" {
			names[c.Name] = c
		}
	}
	if len(names) < 2 {
		t.Fatalf("cookies set by the sign-in page and the sign-in: %v, want a sign-in and a session cookie", names)
	}
	for name, c := range names {
		if !strings.HasPrefix(name, "__Host-") {
			t.Errorf("cookie %q (Secure=%v, Path=%q) has no __Host- prefix: another host of the site can set or shadow it", name, c.Secure, c.Path)
		}
	}
}

// signInPost is a browser's post of the sign-in form with the sign-in
// cookie of name set to token and the form's csrf_token to the same,
// with the request headers hdr (Origin, Sec-Fetch-Site).
func signInPost(t *testing.T, st *stack, name, token, key string, hdr map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	form := url.Values{"csrf_token": {token}, "api_key": {key}}
	req := httptest.NewRequest("POST", "/sign-in", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "text/html")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	req.AddCookie(&http.Cookie{Name: name, Value: token})
	rec := httptest.NewRecorder()
	st.srv.ServeHTTP(rec, req)
	return rec
}

// startedSession reports whether the answer sets a session cookie.
func startedSession(rec *httptest.ResponseRecorder) bool {
	for _, c := range rec.Result().Cookies() {
		if strings.HasSuffix(c.Name, "pcf_session") && c.Value != "" && c.MaxAge >= 0 {
			return true
		}
	}
	return false
}

// Ensure a genuine sign-in token the attacker fetched for themselves
// (GET /sign-in) and planted in the victim's browser, the one login CSRF a
// signed token does not stop where cookies can still be planted (plain
// HTTP), is refused when the post comes from another origin, a sibling
// host of the same site included, as a browser says (Sec-Fetch-Site, or
// Origin where a browser sends no Sec-Fetch-Site); and that the same post
// from the service's own origin signs in.
func TestSignIn_PlantedGenuineTokenFromAnotherOrigin(t *testing.T) {
	st := newStack(t, nil)
	st.srv.BaseURL = "http://127.0.0.1:8080" // plain HTTP: cookies have no __Host- protection
	attacker := newWebUser(t, st.srv)
	attacker.get("/sign-in")
	token := attacker.csrf
	if attacker.cookies["pcf_signin"] == nil || attacker.cookies["pcf_signin"].Value != token {
		t.Fatalf("sign-in page: cookies %v, token %q: want the token in pcf_signin", attacker.cookies, token)
	}
	for name, hdr := range map[string]map[string]string{
		"CrossSite":    {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
		"SameSite":     {"Sec-Fetch-Site": "same-site", "Origin": "http://dev.example.com"},
		"OriginOnly":   {"Origin": "https://evil.example"},
		"OriginNoHost": {"Origin": "null"},
	} {
		t.Run(name, func(t *testing.T) {
			rec := signInPost(t, st, "pcf_signin", token, st.tokens[asOther], hdr)
			if rec.Code != http.StatusForbidden || startedSession(rec) {
				t.Errorf("status %d (Location %q), session %v: want 403 and no session (login CSRF with a planted genuine token)", rec.Code, rec.Header().Get("Location"), startedSession(rec))
			}
		})
	}
	// From the service's own origin, the token signs in.
	rec := signInPost(t, st, "pcf_signin", token, st.tokens[asMaker], map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "http://example.com"})
	if rec.Code != http.StatusSeeOther || !startedSession(rec) {
		t.Fatalf("same-origin sign-in: %d %.300s, want 303 and a session", rec.Code, rec.Body)
	}
}

// Ensure a sign-in token ends SessionIdleTTL after it was issued, even if
// its cookie was kept (an attacker's planted cookie has the Max-Age the
// attacker likes), and that a token with its expiry or signature changed
// is refused.
func TestSignIn_TokenEnds(t *testing.T) {
	st := newStack(t, nil)
	u := newWebUser(t, st.srv)
	u.get("/sign-in")
	token := u.csrf
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("token %q: want random.expiry.signature", token)
	}
	later := parts[0] + ".9" + parts[1] + "." + parts[2]
	mac := []byte(parts[2])
	mac[0] ^= 1
	for name, bad := range map[string]string{"Expiry": later, "Signature": parts[0] + "." + parts[1] + "." + string(mac)} {
		rec := signInPost(t, st, "__Host-pcf_signin", bad, st.tokens[asMaker], nil)
		if rec.Code != http.StatusForbidden || startedSession(rec) {
			t.Errorf("%s changed: status %d, want 403 and no session", name, rec.Code)
		}
	}

	st.clock.t.Add(int64(31 * time.Minute))
	rec := signInPost(t, st, "__Host-pcf_signin", token, st.tokens[asMaker], nil)
	if rec.Code != http.StatusForbidden || startedSession(rec) {
		t.Errorf("a token 31 minutes old: status %d, want 403 and no session", rec.Code)
	}
	// The page gives a new one, which signs in.
	u.signIn(st.tokens[asMaker])
	if u.csrf == token {
		t.Error("the sign-in page gave the ended token again")
	}
}

// Ensure that on https a cookie of the old, unprefixed names is not read:
// the attacker's own session ID tossed into the victim's browser as
// pcf_session does not make the victim's pages act as the attacker, and
// the cookies the service sets are Secure, Path=/ and host-only.
func TestSignIn_UnprefixedCookiesIgnoredOnHTTPS(t *testing.T) {
	st := newStack(t, nil)
	attacker := st.signedIn(t, asOther)
	sid := attacker.cookies["__Host-pcf_session"]
	if sid == nil || !sid.Secure || sid.Path != "/" || sid.Domain != "" {
		t.Fatalf("session cookie %+v: want __Host-pcf_session, Secure, Path=/, no Domain", sid)
	}
	victim := newWebUser(t, st.srv)
	victim.cookies["pcf_session"] = &http.Cookie{Name: "pcf_session", Value: sid.Value}
	if rec := victim.get("/work/studies"); rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/sign-in") {
		t.Fatalf("a tossed pcf_session on https: %d %q, want 303 to sign in", rec.Code, rec.Header().Get("Location"))
	}
	// Its own session cookie still works.
	mustWorkPage(t, attacker.get("/work/studies"), http.StatusOK, orgMaker2)
}

// Ensure local development over plain HTTP (pcf serve on 127.0.0.1, an
// http base URL) keeps working: the cookies are not Secure (a browser
// would drop them) and so carry no __Host- prefix (which needs Secure),
// and the whole sign-in, page and sign-out round works.
func TestSignIn_PlainHTTPLocal(t *testing.T) {
	st := newStack(t, nil)
	st.srv.BaseURL = "http://127.0.0.1:8080"
	u := newWebUser(t, st.srv)
	u.signIn(st.tokens[asMaker])
	for _, name := range []string{"pcf_session"} {
		ck := u.cookies[name]
		if ck == nil || ck.Secure || ck.Path != "/" || !ck.HttpOnly {
			t.Errorf("cookie %s on plain HTTP: %+v, want not Secure, Path=/, HttpOnly", name, ck)
		}
	}
	for name := range u.cookies {
		if strings.HasPrefix(name, "__Host-") {
			t.Errorf("cookie %s on plain HTTP: a browser refuses a __Host- cookie that is not Secure", name)
		}
	}
	mustWorkPage(t, u.get("/work/studies"), http.StatusOK, orgMaker)
	if rec := u.post("/sign-out", url.Values{"csrf_token": {u.csrf}}); rec.Code != http.StatusSeeOther || u.cookies["pcf_session"] != nil {
		t.Fatalf("sign-out on plain HTTP: %d, cookie %v", rec.Code, u.cookies["pcf_session"])
	}
}

// Ensure the origin check does not lock out a browser that sends Origin
// but no Sec-Fetch-Site behind a proxy that rewrites Host: an Origin
// equal to the configured base URL's is the service's own.
func TestSignIn_OriginOfTheBaseURLBehindAProxy(t *testing.T) {
	st := newStack(t, nil)
	u := newWebUser(t, st.srv)
	u.get("/sign-in")
	token := u.cookies["__Host-pcf_signin"]
	if token == nil {
		t.Fatal("no __Host-pcf_signin cookie from the sign-in page")
	}
	// httptest's Host is example.com, not the base URL's host.
	rec := signInPost(t, st, token.Name, token.Value, st.tokens[asMaker], map[string]string{"Origin": testBaseURL})
	if rec.Code != http.StatusSeeOther || !startedSession(rec) {
		t.Fatalf("sign-in with Origin %s (Host rewritten): %d %.300s, want 303 and a session", testBaseURL, rec.Code, rec.Body)
	}
}

// The page forms (api/web*.go) under the same sweep: malformed paths,
// queries and forms, as each role that may open the page. An answer must
// never be a 5xx, and a refused form must leave the store as it was. A
// form field given twice is ambiguous input: which value counts depends on
// the reader (the first, for url.Values.Get), so it must be refused, as a
// duplicate JSON key is.

// rt35PageForms are the fields of each form, with a plausible value.
var rt35PageForms = map[string]map[string]string{
	"POST /work/applications":                      {"study_id": "{study}", "certifier": orgCertifier, "supersedes": ""},
	"POST /work/applications/:id/issue":            {"signatory": "Li Wei", "approval_number": "CNCA-R-2026-999", "review_digest": "x"},
	"POST /work/applications/:id/reject":           {"reasons": "primary data missing"},
	"POST /work/certificates/:id/suspend":          {"reasons": "audit pending"},
	"POST /work/certificates/:id/withdraw":         {"reasons": "product discontinued"},
	"POST /work/certificates/:id/reinstate":        {"reasons": "audit passed"},
	"POST /work/certificates/:id/review":           {"reasons": "checked"},
	"POST /work/factor-sets":                       {"version": "2031.1", "based_on": "2026.1", "description": "d"},
	"POST /work/factor-sets/:version/publish":      {"confirm": "{draft}"},
	"POST /work/factor-sets/:version/flags/review": {"code": "ELEC-CN-NAT-CF-2024", "note": "checked", "set": "1"},
	"POST /sign-in":                                {"api_key": "{key}"},
	"POST /sign-out":                               {},
}

// rt35PageTarget fills a page route's path parameters from the fixture.
func rt35PageTarget(route string, fx fixture) string {
	_, path, _ := strings.Cut(route, " ")
	r := strings.NewReplacer(":file", "site.css", ":code", "ELEC-CN-NAT-CF-2024", ":number", fx.number, ":version", fx.draftSet)
	path = r.Replace(path)
	switch {
	case strings.HasPrefix(path, "/work/studies/"):
		path = strings.Replace(path, ":id", fx.study, 1)
	case strings.HasPrefix(path, "/work/applications/"):
		path = strings.Replace(path, ":id", fx.app, 1)
	case strings.HasPrefix(path, "/work/certificates/"):
		path = strings.Replace(path, ":id", fx.cert, 1)
	}
	return path
}

// rt35PageRoles are the roles (one organisation each) that may open route;
// "" for a public page.
func rt35PageRoles(route string) []string {
	method, path, _ := strings.Cut(route, " ")
	isPublic, allowed, ok := api.Access(method, path)
	if !ok {
		return nil
	}
	if isPublic {
		return []string{""}
	}
	var out []string
	for _, as := range []string{asMaker, asCert, asReg, asAdmin, asCurator} {
		for _, r := range allowed {
			if string(r) == as {
				out = append(out, as)
			}
		}
	}
	return out
}

type rt35PageReq struct {
	name        string
	method      string
	target      string
	contentType string
	body        []byte
	mustRefuse  bool // ambiguous input: a 2xx or 3xx is a finding
}

func rt35Form(v url.Values) []byte { return []byte(v.Encode()) }

func rt35Multipart(fields [][2]string, files [][2]string) ([]byte, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, f := range fields {
		mw.WriteField(f[0], f[1])
	}
	for _, f := range files {
		fw, _ := mw.CreateFormFile(f[0], "x")
		fw.Write([]byte(f[1]))
	}
	mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

// TestRedteam35_PageSweep sweeps every page route.
func TestRedteam35_PageSweep(t *testing.T) {
	if testing.Short() {
		t.Skip("a sweep")
	}
	_, fs := MustOpenSeededFactors(t)
	routes := (&stack{}).pageRoutes(t, fs)
	for _, route := range routes {
		method, _, _ := strings.Cut(route, " ")
		for _, as := range rt35PageRoles(route) {
			for i, n := 0, 1; i < n; i++ {
				st, fx := fixtureStack(t, "rt35p")
				var u *webUser
				if as == "" {
					u = newWebUser(t, st.srv)
					u.get("/sign-in") // a form token of an anonymous session
				} else {
					u = st.signedIn(t, as)
				}
				target := rt35PageTarget(route, fx)
				var reqs []rt35PageReq
				for _, bad := range []string{"not-a-uuid", "%00", "%ff", "1e309", strings.Repeat("a", 4000), "..%2f"} {
					if p := strings.NewReplacer(fx.study, bad, fx.app, bad, fx.cert, bad, fx.number, bad, fx.draftSet, bad, "ELEC-CN-NAT-CF-2024", bad, "site.css", bad).Replace(target); p != target {
						reqs = append(reqs, rt35PageReq{name: "path " + bad, method: method, target: p})
					}
				}
				if method == http.MethodGet {
					for _, q := range rt35Queries {
						reqs = append(reqs, rt35PageReq{name: "query " + q.query, method: method, target: target + "?" + q.query})
					}
					for _, q := range []string{"q=a&q=b", "set=2026.1&set=" + fx.draftSet, "page=-1", "page=1e309", "a=" + fx.draftSet + "&b=%ff", "status=valid&status=withdrawn", "since=2026-13-01", "subject=factor-set/x&subject=y"} {
						reqs = append(reqs, rt35PageReq{name: "query " + q, method: method, target: target + "?" + q})
					}
				} else if fields, ok := rt35PageForms[route]; ok {
					good := url.Values{"csrf_token": {u.csrf}}
					for k, v := range fields {
						v = strings.NewReplacer("{study}", fx.study, "{draft}", fx.draftSet, "{key}", st.tokens[asMaker]).Replace(v)
						good.Set(k, v)
					}
					noCSRF := url.Values{}
					for k, v := range good {
						if k != "csrf_token" {
							noCSRF[k] = v
						}
					}
					reqs = append(reqs,
						rt35PageReq{name: "no csrf", method: method, target: target, contentType: "application/x-www-form-urlencoded", body: rt35Form(noCSRF), mustRefuse: route != "POST /sign-out"}, // an anonymous caller has no session to end
						rt35PageReq{name: "bad encoding", method: method, target: target, contentType: "application/x-www-form-urlencoded", body: append(rt35Form(good), []byte("&x=%ZZ")...)},
						rt35PageReq{name: "json", method: method, target: target, contentType: "application/json", body: []byte(`{"csrf_token":"` + u.csrf + `"}`)},
						rt35PageReq{name: "no content type", method: method, target: target, body: rt35Form(good)},
					)
					for k := range fields {
						dup := url.Values{}
						for kk, vv := range good {
							dup[kk] = append([]string{}, vv...)
						}
						dup[k] = append(dup[k], "zzz-second-value")
						reqs = append(reqs, rt35PageReq{name: "field twice " + k, method: method, target: target, contentType: "application/x-www-form-urlencoded", body: rt35Form(dup), mustRefuse: true})
						long := url.Values{}
						for kk, vv := range good {
							long[kk] = vv
						}
						long.Set(k, strings.Repeat("x", 200000))
						reqs = append(reqs, rt35PageReq{name: "field huge " + k, method: method, target: target, contentType: "application/x-www-form-urlencoded", body: rt35Form(long)})
					}
				} else {
					// A multipart upload form.
					for _, mp := range []struct {
						name   string
						fields [][2]string
						files  [][2]string
						refuse bool
					}{
						{"no parts", [][2]string{{"csrf_token", u.csrf}}, nil, true},
						{"no csrf", nil, [][2]string{{"document", "{}"}, {"file", "a"}}, true},
						{"csrf twice", [][2]string{{"csrf_token", u.csrf}, {"csrf_token", "x"}}, [][2]string{{"document", "{}"}}, true},
						{"document twice", [][2]string{{"csrf_token", u.csrf}}, [][2]string{{"document", "{}"}, {"document", "{}"}, {"file", "a"}, {"file", "b"}}, true},
						{"bad json document", [][2]string{{"csrf_token", u.csrf}}, [][2]string{{"document", "{"}, {"file", "{"}}, true},
						{"huge field", [][2]string{{"csrf_token", u.csrf}, {"preview", strings.Repeat("x", 200000)}}, nil, true},
					} {
						b, ct := rt35Multipart(mp.fields, mp.files)
						reqs = append(reqs, rt35PageReq{name: "multipart " + mp.name, method: method, target: target, contentType: ct, body: b, mustRefuse: mp.refuse})
					}
					reqs = append(reqs,
						rt35PageReq{name: "multipart no boundary", method: method, target: target, contentType: "multipart/form-data", body: []byte("--x\r\n")},
						rt35PageReq{name: "multipart broken", method: method, target: target, contentType: "multipart/form-data; boundary=x", body: []byte("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv")},
					)
				}
				send := reqs
				if method != http.MethodGet {
					// A write changes the store: each request on a fresh one,
					// so that one accepted request does not hide what the next
					// would do (a 409 for a certificate already withdrawn).
					if len(reqs) == 0 {
						break
					}
					n, send = len(reqs), reqs[i:i+1]
				}
				for _, r := range send {
					before, events := rt35State(t, st)
					req := httptest.NewRequest(r.method, r.target, bytes.NewReader(r.body))
					if r.contentType != "" {
						req.Header.Set("Content-Type", r.contentType)
					}
					req.Header.Set("Accept", "text/html")
					n := rt35Addr.Add(1)
					req.RemoteAddr = fmt.Sprintf("10.%d.%d.%d:4000", (n>>16)&255, (n>>8)&255, n&255)
					rec := u.send(req)
					after, events2 := rt35State(t, st)
					switch {
					case rec.Code >= 500:
						t.Errorf("%s as %q, %s: %d: %.300s", route, as, r.name, rec.Code, rec.Body)
					case rec.Code >= 400 && (after != before || events2 != events):
						t.Errorf("%s as %q, %s: refused with %d but the store changed (audit %d → %d)", route, as, r.name, rec.Code, events, events2)
					case r.mustRefuse && rec.Code < 400:
						t.Errorf("%s as %q, %s: ambiguous or incomplete form accepted with %d (Location %q)", route, as, r.name, rec.Code, rec.Header().Get("Location"))
					}
				}
			}
		}
	}
}

// pageRoutes lists the page routes of a server.
func (*stack) pageRoutes(t *testing.T, fs any) []string {
	return newStack(t, nil).srv.PageRoutes()
}
