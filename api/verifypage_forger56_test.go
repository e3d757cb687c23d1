package api_test

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// rf56 (session 56, the forger): a look-alike host one character from the
// genuine one serves a twin of the verification page, either a copy of
// the genuine page's HTML or the genuine service passed through a proxy
// (which hands the service the look-alike's Host, or its own). The page
// named no host at all, so a person who scanned the forger's label had
// nothing on it to compare with the address bar. Ensure every
// verification page (found, not found, the near miss of its path) names,
// at its top, the service's host as configured (its base URL), never the
// request's Host, and says further down how to compare it, in Chinese
// first: a copy or a pass-through on another host then says a host its
// address bar does not show.
func TestForger56_PageNamesTheServicesHost(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	for _, tt := range []struct{ name, target string }{
		{"found", "/v1/certificates/" + fx.cert + "/verify"},
		{"by number", "/certificates/" + fx.number},
		{"not found", "/v1/certificates/00000000-0000-4000-8000-000000000000/verify"},
		{"near miss", "/v1/certificates/" + fx.cert + "/verify/"},
	} {
		for _, host := range []string{"pcf.example.cn", "pcf.examp1e.cn", "pcf-example.cn:443"} {
			req := httptest.NewRequest("GET", tt.target, nil)
			req.Host = host
			req.Header.Set("Accept", "text/html")
			rec := httptest.NewRecorder()
			st.srv.ServeHTTP(rec, req)
			body := rec.Body.String()
			for _, want := range []string{
				`本页网址 This page's address: <b class="mono nb" id="site-host">pcf.example.cn</b>`,
				`本页的网址是 <b class="mono nb">pcf.example.cn</b>:请核对浏览器地址栏中网址的主机部分(第一个“/”之前)与之逐字相同,且与标识上二维码下方印的网址相同。一字之差`,
				`This page's address is pcf.example.cn: check that your browser's address bar shows exactly that before the first "/", character for character`,
			} {
				if !strings.Contains(body, want) {
					t.Errorf("%s, Host %s: %d, page lacks %q", tt.name, host, rec.Code, want)
				}
			}
			if host != "pcf.example.cn" && strings.Contains(body, strings.TrimSuffix(host, ":443")) {
				t.Errorf("%s: the page names the request's Host %s", tt.name, host)
			}
		}
	}
	// A base URL with a port and a path: the host and port, as the label
	// prints them (reviewer 56b: the path is not on the label).
	st.srv.BaseURL = "https://PCF.example.cn:8443/pcf/"
	if body := getHTML(t, st.srv, "/v1/certificates/"+fx.cert+"/verify").Body.String(); !strings.Contains(body, `id="site-host">pcf.example.cn:8443</b>`) {
		t.Errorf("base URL with a port and a path: page lacks the host pcf.example.cn:8443")
	}
}

// rf56: the host is on the first screen of a phone and a desktop, above
// the status box, and the first table's rows and the line asking to
// compare them stay on it (TestRedteam92_FirstScreenSaysWhichProduct
// measures those for every case).
func TestForger56_HostOnTheFirstScreen(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	longest := st.issueLongest(t)
	inBrowsers(t, st, "/", func(t *testing.T, b *browser) {
		for _, path := range []string{"/v1/certificates/" + fx.cert + "/verify", "/v1/certificates/" + longest.CertificateID + "/verify"} {
			b.open(path)
			if !evalIn[bool](b, `(() => { const h = document.querySelector("#site-host"), s = document.querySelector("#status");
				return !!h && !!s && h.innerText === "pcf.example.cn" && h.getBoundingClientRect().bottom <= s.getBoundingClientRect().top })()`) {
				t.Errorf("%s %s: the service's host is not above the status box", b.vp.Name, path)
			}
			if !evalIn[bool](b, `(() => { const e = document.querySelector("#compare"); return !!e && e.getBoundingClientRect().bottom <= innerHeight })()`) {
				t.Errorf("%s %s: the line asking to compare the product is not on the first screen", b.vp.Name, path)
			}
			b.checkPage("forger56-host")
		}
	})
}
