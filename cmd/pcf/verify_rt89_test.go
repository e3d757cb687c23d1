package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// redirector is an httptest server standing at an address a reader trusts
// (the service's, as printed or as the reader knows it) that answers every
// request with a redirect, of the given status, to the same path and
// query at whatever target holds: a compromised proxy, a rewritten
// reverse-proxy rule, or an open redirect of the service's host.
func redirector(t *testing.T, status int, target *atomic.Value) string {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.Load().(string)+r.URL.RequestURI(), status)
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

// freeAddr returns a free loopback address, for a server whose base URL
// must be known before it starts.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// behindFront runs a service at a free address whose base URL is a front
// (httptest) that passes every request through to it, except those
// intercept answers itself (it returns true when it has).
func behindFront(t *testing.T, intercept func(front string, w http.ResponseWriter, r *http.Request) bool) (*Main, *httptest.Server) {
	addr := freeAddr(t)
	genuine, _ := url.Parse("http://" + addr)
	pass := httputil.NewSingleHostReverseProxy(genuine)
	var front *httptest.Server
	front = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !intercept(front.URL, w, r) {
			pass.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(front.Close)
	return MustRunMain(t, func(c *Config) { c.Addr, c.BaseURL = addr, front.URL }), front
}

// Red team 89 (the forger): the forger runs the service's own software at
// a look-alike address with keys of its own and --base-url set to the
// address the reader trusts, so that its certificate signs that address
// and its QR code leads there; the trusted address answers every request
// with a redirect to the look-alike (a compromised proxy, a rewritten
// rule, an open redirect). pcf verify --server <trusted> followed the
// redirects with Go's default client and said GENUINE and VALID "from
// <trusted>" (exit 0), and recorded <trusted> as the body's service: the
// look-alike's keys verified its certificate, it held it and answered
// valid. Ensure pcf verify follows no redirect, of any status, to any
// address: NOT VERIFIED (exit 1), never GENUINE nor VALID, naming the
// address it was sent to and saying why, Chinese first, and records
// nothing.
func TestRedteam89_RedirectToALookAlike(t *testing.T) {
	for _, status := range []int{http.StatusFound, http.StatusMovedPermanently, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			known := filepath.Join(t.TempDir(), "known-services.json")
			t.Setenv(knownServicesEnv, known)
			var target atomic.Value
			trusted := redirector(t, status, &target)
			addr := freeAddr(t)
			forger := "http://" + addr
			target.Store(forger)
			f := MustRunMain(t, func(c *Config) { c.Addr, c.BaseURL = addr, trusted }) // its certificates sign the trusted address
			id, maker := MustIssueDemoCertificate(t, f)
			cert, label, _ := downloadAll(t, forger, id, maker, t.TempDir())
			for _, file := range []string{cert, label} {
				code, out, errOut := pcf(t, "verify", file, "--server", trusted)
				if code != 1 || strings.Contains(out, "GENUINE 真实") || strings.Contains(out, "VALID 有效") || !strings.Contains(out, "NOT VERIFIED 未能验证") {
					t.Errorf("%s redirected to the look-alike: exit %d, want 1, NOT VERIFIED and neither GENUINE nor VALID:\n%s%s", filepath.Base(file), code, out, errOut)
				}
				for _, want := range []string{"with a redirect", forger + "/v1/", "pcf verify follows no redirect", "重定向"} {
					if !strings.Contains(out, want) {
						t.Errorf("%s: output lacks %q:\n%s", filepath.Base(file), want, out)
					}
				}
				if strings.Contains(out+errOut, "--server "+forger) {
					t.Errorf("%s: advises asking the look-alike:\n%s%s", filepath.Base(file), out, errOut)
				}
				if zh, en, ok := strings.Cut(errOut, "。"); !ok || !strings.Contains(zh, "重定向") || !strings.Contains(en, "redirect") {
					t.Errorf("%s: error not Chinese first: %q", filepath.Base(file), errOut)
				}
			}
			if _, err := os.Stat(known); err == nil {
				b, _ := os.ReadFile(known)
				t.Errorf("the redirected check recorded a service:\n%s", b)
			}
			// Asked at the look-alike's own address (the reader's choice),
			// the certificate naming the trusted address that redirects
			// there is a service that moved: the report names the address
			// asked, and that it holds only if it is the service's (red
			// team 86's trust on first use).
			expectVerify(t, "asked at the address redirected to", 0, []string{cert, "--server", forger}, "GENUINE 真实", "VALID 有效",
				"redirects the certificate's verification to "+forger, "the service moved to "+forger, "This holds only if "+forger+" is the certification service's address as you know it",
				"the first to answer for a certificate of the body")
		})
	}
}

// Red team 89: the service runs behind a front (a reverse proxy, a CDN)
// at the address its certificates sign, and the front's rules are the
// forger's to add to (a compromised proxy, a registrar's URL forwarding):
// the keys pass through, and the live status of one withdrawn certificate
// is redirected to a server of the forger's that answers valid with the
// genuine signed envelope. pcf verify --server <front> said GENUINE and
// VALID for the withdrawn certificate (exit 0). Ensure the redirect is not
// followed: NOT VERIFIED (exit 1), never VALID; with the rule gone the
// same check says NOT VALID, withdrawn.
func TestRedteam89_WithdrawnStatusRedirected(t *testing.T) {
	var redirectTo atomic.Value // the path whose answer is redirected, and where to
	redirectTo.Store([2]string{})
	m, front := behindFront(t, func(_ string, w http.ResponseWriter, r *http.Request) bool {
		if rule := redirectTo.Load().([2]string); rule[0] != "" && r.URL.Path == rule[0] {
			http.Redirect(w, r, rule[1]+r.URL.RequestURI(), http.StatusFound)
			return true
		}
		return false
	})
	app, maker, certifier := MustApplyDemo(t, m)
	id := mustIssue(t, front.URL, certifier, app, `{"signatory":"Zhang San"}`)
	cert, _, _ := downloadAll(t, front.URL, id, maker, t.TempDir())
	var answer struct {
		Data struct {
			Signed json.RawMessage `json:"signed"`
		} `json:"data"`
	}
	if getJSON(t, front.URL+"/v1/certificates/"+id+"/verify", &answer) != http.StatusOK {
		t.Fatal("verify answer")
	}
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"data":{"status":"valid","signed":%s}}`, answer.Data.Signed)
	}))
	t.Cleanup(evil.Close)
	if status, b := call(t, "POST", front.URL+"/v1/certificates/"+id+"/withdraw", certifier, `{"reasons":["false declaration"]}`); status/100 != 2 {
		t.Fatalf("withdraw: %d %s", status, b)
	}
	expectVerify(t, "withdrawn, through the front", 1, []string{cert, "--server", front.URL}, "NOT VALID 无效", "撤销 withdrawn")
	redirectTo.Store([2]string{"/v1/certificates/" + id + "/verify", evil.URL})
	code, out, errOut := pcf(t, "verify", cert, "--server", front.URL)
	if code != 1 || strings.Contains(out, "VALID 有效") || strings.Contains(out, "GENUINE 真实") || !strings.Contains(out, "NOT VERIFIED 未能验证") || !strings.Contains(out, evil.URL+"/v1/certificates/"+id+"/verify") {
		t.Errorf("withdrawn, its status redirected to a server answering valid: exit %d, want 1, NOT VERIFIED naming where it was sent, neither GENUINE nor VALID:\n%s%s", code, out, errOut)
	}
}

// Ensure the redirect error names the server it was sent to and why it
// was not followed, Chinese first, and never gives that server as the
// --server to use (red team 45: advice to ask the forger's address is
// followed).
func TestRedteam89_RedirectErrorNamesTheTarget(t *testing.T) {
	for _, to := range []string{"https://b.example/v1/keys", "https://a.example:8443/v1/keys", "http://a.example/v1/keys", `"http://a.example\x7f/v1/keys"`} {
		e := &redirectError{base: "https://a.example", path: "/v1/keys", what: "public keys", status: http.StatusFound, to: to}
		zh, en, ok := strings.Cut(e.Error(), "。")
		if !ok || !strings.Contains(zh, "重定向") || !strings.Contains(zh, "公钥") || !strings.Contains(en, "redirect (302) to another server, "+to) || !strings.Contains(en, "the certification service's address as you know it") {
			t.Errorf("redirect to %s: %q", to, e.Error())
		}
		if strings.Contains(e.Error(), "--server "+strings.TrimSuffix(to, "/v1/keys")) {
			t.Errorf("redirect to %s: advises it: %q", to, e.Error())
		}
	}
}

// Ensure pcf verify follows a redirect within the address asked (another
// path of the same scheme, host and port) and from http to https on the
// same host's default ports, and none to another host, another port, a
// user name, or from https down to http.
func TestRedteam89_FollowRedirect(t *testing.T) {
	for _, c := range []struct {
		from, to string
		want     bool
	}{
		{"http://pcf.example.cn/v1/keys", "https://pcf.example.cn/v1/keys", true},
		{"http://pcf.example.cn:80/v1/keys", "https://PCF.example.cn:443/pcf/v1/keys", true},
		{"https://pcf.example.cn/v1/keys", "https://pcf.example.cn/pcf/v1/keys", true},
		{"http://127.0.0.1:8080/v1/keys", "http://127.0.0.1:8080/pcf/v1/keys", true},
		{"https://pcf.example.cn/v1/keys", "http://pcf.example.cn/v1/keys", false},
		{"https://pcf.example.cn/v1/keys", "https://pcf-example.cn/v1/keys", false},
		{"https://pcf.example.cn/v1/keys", "https://pcf.example.cn.evil.test/v1/keys", false},
		{"https://pcf.example.cn/v1/keys", "https://pcf.example.cn:8443/v1/keys", false},
		{"http://pcf.example.cn/v1/keys", "https://pcf.example.cn:8443/v1/keys", false},
		{"http://pcf.example.cn:8080/v1/keys", "https://pcf.example.cn/v1/keys", false},
		{"http://127.0.0.1:8080/v1/keys", "http://127.0.0.1:8081/v1/keys", false},
		{"https://pcf.example.cn/v1/keys", "https://pcf.example.cn@evil.test/v1/keys", false},
		{"https://pcf.example.cn/v1/keys", "https://user@pcf.example.cn/v1/keys", false},
	} {
		from, err1 := url.Parse(c.from)
		to, err2 := url.Parse(c.to)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if got := followRedirect(from, to); got != c.want {
			t.Errorf("%s → %s: followed %v, want %v", c.from, c.to, got, c.want)
		}
	}
}

// Ensure a redirect within the address asked is followed: a front at
// another path of the same server (a service behind a path prefix that
// moved to the root) is still the service asked.
func TestRedteam89_RedirectWithinTheServerFollowed(t *testing.T) {
	m, front := behindFront(t, func(front string, w http.ResponseWriter, r *http.Request) bool {
		if rest, ok := strings.CutPrefix(r.URL.Path, "/old"); ok {
			http.Redirect(w, r, front+rest, http.StatusMovedPermanently) // absolute, same origin
			return true
		}
		return false
	})
	id, maker := MustIssueDemoCertificate(t, m)
	cert, _, _ := downloadAll(t, front.URL, id, maker, t.TempDir())
	// Asked at front/old, the certificate names front: NOT VERIFIED for
	// naming another service (red team 28), not for the redirect.
	code, out, errOut := pcf(t, "verify", cert, "--server", front.URL+"/old")
	if code != 1 || strings.Contains(out, "redirect") || !strings.Contains(out, "names "+front.URL+" as the service that answers for it") {
		t.Errorf("asked at a path redirected within the server: exit %d, want 1, the keys and status followed, NOT VERIFIED for the service named:\n%s%s", code, out, errOut)
	}
	expectVerify(t, "asked at the front", 0, []string{cert, "--server", front.URL}, "GENUINE 真实", "VALID 有效")
}

// Ensure a service that moved is not taken for the address asked when the
// address its certificate signs redirects elsewhere: the reader's choice
// stands only where the signed address hands its certificates to it.
func TestRedteam89_SignedAddressRedirectsElsewhere(t *testing.T) {
	var target atomic.Value
	old := redirector(t, http.StatusFound, &target)
	target.Store(redirector(t, http.StatusFound, &target)) // a third server, which redirects in turn
	addr := freeAddr(t)
	m := MustRunMain(t, func(c *Config) { c.Addr, c.BaseURL = addr, old })
	id, maker := MustIssueDemoCertificate(t, m)
	cert, _, _ := downloadAll(t, "http://"+addr, id, maker, t.TempDir())
	expectVerify(t, "asked where it is held, its signed address redirecting elsewhere", 1, []string{cert, "--server", "http://" + addr},
		"NOT VERIFIED 未能验证", "names "+old+" as the service that answers for it")
}

// Ensure the record of known services takes a service's https address for
// the same service as its http address on the same host (pcf verify
// follows that redirect as the same server): a service that gave up plain
// http, its older certificates signing http and its newer https, was NOT
// VERIFIED at https for a body recorded at http, "one of the two is not
// the certification service". Another host, port or path stays another,
// and so does plain http for a body recorded at https (anyone on the way
// answers for plain http).
func TestRedteam89_KnownServiceOverHTTPS(t *testing.T) {
	t.Setenv(knownServicesEnv, filepath.Join(t.TempDir(), "known.json"))
	keys := bodyKeys("CNCA-R-2026-999", "示例认证中心", "Demo Certification Centre")
	body := knownBody{Approval: "CNCA-R-2026-999", Names: "示例认证中心 Demo Certification Centre", Certificate: "CDPCF-2026-000001"}
	if k := checkKnownService(keys, body, "http://pcf.example.cn"); !k.added || k.err != nil {
		t.Fatalf("first check: %+v", k)
	}
	for _, c := range []struct {
		base  string
		other bool
	}{
		{"https://pcf.example.cn", false},
		{"https://PCF.example.cn:443/", false},
		{"https://pcf.example.cn:8443", true},
		{"https://pcf-example.cn", true},
		{"https://pcf.example.cn/pcf", true},
		{"http://pcf.example.cn:8080", true},
	} {
		if k := checkKnownService(keys, body, c.base); k.err != nil || (k.other != nil) != c.other {
			t.Errorf("%s: %+v, want another service %v", c.base, k, c.other)
		}
	}
	t.Setenv(knownServicesEnv, filepath.Join(t.TempDir(), "known-https.json"))
	if k := checkKnownService(keys, body, "https://pcf.example.cn"); !k.added || k.err != nil {
		t.Fatalf("first check over https: %+v", k)
	}
	if k := checkKnownService(keys, body, "http://pcf.example.cn"); k.other == nil {
		t.Errorf("recorded over https, asked over plain http: %+v, want another service", k)
	}
}

// Red team 89, the other way: whoever stands in front of the service (a
// front it shares, a network that filters) makes a competitor's genuine
// certificate look forged by refusing the live status with 403 (as the
// service's lookup limiter itself answers "cannot identify the client"),
// 401 or 400. pcf verify said NOT GENUINE 非真实证书, "this file is not the
// document the service issued", for the genuine file. Ensure a refusal
// other than 404 says nothing of the file: LIVE STATUS UNKNOWN (exit 1),
// never NOT GENUINE, as a busy server (red team 21).
func TestRedteam89_RefusedStatusMakesNoForgery(t *testing.T) {
	for _, status := range []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusGone} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			m, front := behindFront(t, func(_ string, w http.ResponseWriter, r *http.Request) bool {
				if strings.HasSuffix(r.URL.Path, "/verify") && r.Header.Get("Authorization") == "" && r.Header.Get("Accept") == "application/json" {
					http.Error(w, `{"error":{"code":"forbidden","message":"无法识别客户端。cannot identify the client"}}`, status)
					return true
				}
				return false
			})
			id, maker := MustIssueDemoCertificate(t, m)
			cert, _, _ := downloadAll(t, front.URL, id, maker, t.TempDir())
			code, out, errOut := pcf(t, "verify", cert, "--server", front.URL)
			if code != 1 || strings.Contains(out, "NOT GENUINE") || !strings.Contains(out, "LIVE STATUS UNKNOWN 实时状态未知") || strings.Contains(out, "VALID 有效") {
				t.Errorf("status refused with %d: exit %d, want 1, LIVE STATUS UNKNOWN, never NOT GENUINE nor VALID:\n%s%s", status, code, out, errOut)
			}
		})
	}
}

// Red team 89: red team 86's look-alike, its certificates naming a body
// the reader's record of known services remembers at the genuine service,
// answers the live status with 503. pcf verify checked the record only
// for a server that answered, so it printed GENUINE 真实 (the look-alike's
// keys verify its certificate) and LIVE STATUS UNKNOWN, try again later:
// the NOT VERIFIED the record gives the same look-alike when it answers was
// avoided by not answering. Ensure the record is consulted when the live
// status is unknown: NOT VERIFIED, naming the remembered service, never
// GENUINE, and nothing recorded.
func TestRedteam89_LookAlikeSilentOnTheStatus(t *testing.T) {
	known := filepath.Join(t.TempDir(), "known-services.json")
	t.Setenv(knownServicesEnv, known)
	m, genuine := mustServeSigned(t)
	id, maker := MustIssueDemoCertificate(t, m)
	cert, _, _ := downloadAll(t, genuine, id, maker, t.TempDir())
	expectVerify(t, "genuine, first", 0, []string{cert, "--server", genuine}, "GENUINE 真实", "VALID 有效", "recorded in "+known)

	f, front := behindFront(t, func(_ string, w http.ResponseWriter, r *http.Request) bool { // its own keys, the same body's names and approval number
		if strings.HasSuffix(r.URL.Path, "/verify") && r.Header.Get("Authorization") == "" {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return true
		}
		return false
	})
	fid, fmaker := MustIssueDemoCertificate(t, f)
	_, fake, _ := downloadAll(t, front.URL, fid, fmaker, t.TempDir())
	code, out, errOut := pcf(t, "verify", fake, "--server", front.URL)
	if code != 1 || strings.Contains(out, "GENUINE 真实") || !strings.Contains(out, "NOT VERIFIED 未能验证") || !strings.Contains(out, "answered for by "+genuine+" before") {
		t.Errorf("the look-alike, silent on the status: exit %d, want 1, NOT VERIFIED naming %s, never GENUINE:\n%s%s", code, genuine, out, errOut)
	}
	if zh, en, _ := strings.Cut(errOut, "。"); !strings.Contains(zh, genuine) || !strings.Contains(en, genuine) {
		t.Errorf("error not Chinese first: %q", errOut)
	}
	// The record is unchanged: the genuine service is still the body's.
	code, out, errOut = pcf(t, "verify", cert, "--server", genuine)
	if code != 0 {
		t.Fatalf("genuine again: exit %d\n%s%s", code, out, errOut)
	}
}
