package api_test

import "testing"

// Ensure the verification page of a certificate that is not valid says so
// wherever a link makes it open (red team 58). A forger's label prints a
// QR code to the genuine service's page of a withdrawn certificate with a
// fragment: "…/verify#expires" (the row 有效期至 Valid until), or a text
// fragment "#:~:text=Valid%20until". The browser (WeChat's and a phone's
// Chromium, Safari, Firefox) opens it scrolled to that row: the reader
// saw "有效期至 Valid until 2028-…" and "数字签名 Digital signature 已验证
// Verified" on the genuine host, and the red 撤销 Withdrawn box and "not
// valid" beside the figure were above the screen. The status box's
// heading stays on the screen whatever the page is scrolled to.
func TestRedteam58_FragmentScrollsTheStatusAway(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/withdraw", as: asCert,
		contentType: "application/json", body: []byte(`{"reasons":["data falsified"]}`)}), 200)
	base := startWebServer(t, st)
	for _, vp := range viewports {
		t.Run(vp.Name, func(t *testing.T) {
			b := newBrowser(t, base, vp)
			for _, frag := range []string{"#expires", "#certifier", "#:~:text=Valid%20until"} {
				for _, path := range []string{"/v1/certificates/" + fx.cert + "/verify", "/certificates/" + fx.number} {
					b.open(path + frag)
					b.mustContain("撤销 · Withdrawn")
					got := evalIn[string](b, `(() => { const s = document.querySelector("#status-bar"), r = s ? s.getBoundingClientRect() : {};
						return [scrollY > 0, !!s && r.top >= 0 && r.top < innerHeight && r.height > 0 && r.bottom <= innerHeight,
							s ? s.dataset.status + " " + s.innerText : "none"].join(" ") })()`)
					if want := "true true withdrawn 撤销 · Withdrawn"; got != want {
						t.Errorf("%s%s: scrolled, status bar on the screen, status: %q; want %q", path, frag, got, want)
					}
				}
			}
		})
	}
}
