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
			// Asked directly, the look-alike is a service like any other
			// (red team 86's trust on first use); what the report names is
			// now the address that answered.
			expectVerify(t, "asked directly", 1, []string{cert, "--server", forger}, "NOT VERIFIED 未能验证", "names "+trusted)
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
	gAddr := freeAddr(t)
	genuine, _ := url.Parse("http://" + gAddr)
	var redirectTo atomic.Value // the path whose answer is redirected, and where to
	redirectTo.Store([2]string{})
	pass := httputil.NewSingleHostReverseProxy(genuine)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rule := redirectTo.Load().([2]string); rule[0] != "" && r.URL.Path == rule[0] {
			http.Redirect(w, r, rule[1]+r.URL.RequestURI(), http.StatusFound)
			return
		}
		pass.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	m := MustRunMain(t, func(c *Config) { c.Addr, c.BaseURL = gAddr, front.URL })
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

// Ensure the redirect error says where it was sent, and, when the target
// is the same request on the same host (http to https, another path), the
// --server to give; another host is never given as the --server to use
// (red team 45: advice to ask the forger's address is followed).
func TestRedteam89_RedirectErrorNamesTheTarget(t *testing.T) {
	for _, c := range []struct{ name, base, to, want string }{
		{"https on the same host", "http://a.example", "https://a.example/v1/keys", "verify with --server https://a.example"},
		{"another path on the same host", "http://a.example", "http://A.example:80/pcf/v1/keys", "verify with --server http://A.example:80/pcf"},
		{"another port on the same host", "http://a.example", "http://a.example:8080/v1/keys", "not the address a server sends you to"},
		{"https on another port of the same host", "http://a.example", "https://a.example:8443/v1/keys", "not the address a server sends you to"},
		{"down to http", "https://a.example", "http://a.example/v1/keys", "not the address a server sends you to"},
		{"same path on another host", "http://a.example", "https://b.example/v1/keys", "not the address a server sends you to"},
		{"another path on another host", "http://a.example", "https://b.example/elsewhere", "not the address a server sends you to"},
		{"not a URL", "http://a.example", `"http://a.example\x7f/v1/keys"`, "not the address a server sends you to"},
	} {
		e := &redirectError{base: c.base, path: "/v1/keys", what: "public keys", status: http.StatusFound, to: c.to}
		zh, en, ok := strings.Cut(e.Error(), "。")
		if !ok || !strings.Contains(zh, "重定向") || !strings.Contains(en, c.to) || !strings.Contains(e.Error(), c.want) {
			t.Errorf("%s: %q", c.name, e.Error())
		}
		if strings.Contains(e.Error(), "--server https://b.example") {
			t.Errorf("%s: advises the other host: %q", c.name, e.Error())
		}
	}
}
