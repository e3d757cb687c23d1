package api_test

import (
	"strings"
	"testing"
	"time"
)

// Ensure the verification page says beside the figure that a certificate
// is not valid when its status box words it in red for an API key reported
// compromised (red team 63). A thief with a certifier's API key issued
// certificate B for a product, and reinstated certificate R its body had
// suspended; the admin then reported the key compromised as of the theft.
// pcf verify --server calls both NOT VALID, their documents and PACT
// footprints are withheld, and the status box reads "有效(签发密钥已报告泄露)"
// in red, "do not rely on it"; but the figure stood in large type with no
// "证书无效,此数值不得用于声明 Not valid: this figure may not be claimed",
// the line every other certificate not to be relied on carries (red team
// 41), and a reader who reads the figure and the first word of the sticky
// bar (有效) took the thief's figure as certified. A certificate the key
// issued before the theft stays plainly valid, with no such line.
func TestRedteam63_ThiefsCertificateFigureNotSaidVoid(t *testing.T) {
	st := newRenderingStack(t)
	stolen := strings.Split(st.tokens[asCert], "_")[1]
	second, secondToken := st.mintCertKey(t, orgCertifier)
	st.mustDo(t, request{method: "POST", target: "/v1/org/keys/" + second.ID + "/confirm", as: asCert})
	issue := func(serial string) string {
		return MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, serial)), "")), 201).CertificateID
	}
	reasons := func(r string) []byte { return []byte(`{"reasons":["` + r + `"]}`) }
	a, r := issue("GEC-RT63-A"), issue("GEC-RT63-R")
	st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + r + "/suspend", as: asCert, contentType: "application/json", body: reasons("RT63 audit")})
	appB := st.apply(t, st.submit(t, "GEC-RT63-B"))
	since := st.clock.Now() // the theft
	b := MustData[issueData](t, st.do(t, st.issueReq(t, appB, "")), 201).CertificateID
	st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + r + "/reinstate", as: asCert, contentType: "application/json", body: reasons("RT63 thief reinstates")},
		request{method: "POST", target: "/v1/admin/keys/" + stolen + "/compromised", as: asAdmin, contentType: "application/json",
			body: []byte(`{"since":"` + since.Format(time.RFC3339) + `"}`)})
	st.tokens[asCert] = secondToken

	page := func(id string) string { t.Helper(); return verifyPageOf(t, st.srv, id) }
	void := `<span class="void" id="void">证书无效,此数值不得用于声明 <span class="en">Not valid: this figure may not be claimed</span></span>`
	for _, c := range []struct{ name, id, alert string }{
		{"B, issued with the stolen key", b, `id="compromised-key-alert"`},
		{"R, reinstated with the stolen key", r, `id="compromised-status-key-alert"`},
	} {
		p := page(c.id)
		if !strings.Contains(p, c.alert) || !strings.Contains(p, `data-status="valid"`) {
			t.Fatalf("certificate %s: the page lacks its alert or is not valid on record:\n%s", c.name, p)
		}
		if !strings.Contains(p, void) {
			t.Errorf("certificate %s: the figure has no %q beside it", c.name, void)
		}
	}
	if p := page(a); strings.Contains(p, `id="void"`) {
		t.Errorf("certificate A, issued before the theft, is said not valid:\n%s", p)
	}
}
