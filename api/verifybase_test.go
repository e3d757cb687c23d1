package api_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure an issued certificate signs the service's public base URL (format
// 4), and its documents carry a QR code to the signed address even after
// the server's base URL changes (a move to another host, or a forged
// configuration): the address a label leads to is the certificate's, not
// the server's of the day.
func TestServer_CertificateSignsItsVerifyAddress(t *testing.T) {
	st := newSeededStack(t)
	issued := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-BASE-1")), "")), 201)
	path := "/v1/certificates/" + issued.CertificateID + "/verify"
	if issued.VerifyURL != testBaseURL+path {
		t.Fatalf("verify_url %q, want %q", issued.VerifyURL, testBaseURL+path)
	}
	v := MustData[verifyData](t, st.do(t, request{method: "GET", target: path}), 200)
	sc, err := certification.ParseSignedCertificate(v.Signed)
	if err != nil || sc.Certificate.Format != 4 || sc.Certificate.VerifyBase != testBaseURL || !strings.Contains(string(sc.Content), `"verify_base":"`+testBaseURL+`"`) {
		t.Fatalf("signed content: format %d, verify_base %q, %v", sc.Certificate.Format, sc.Certificate.VerifyBase, err)
	}
	// In local mode (pcf serve without --base-url) the loopback address
	// is not signed: format 3.
	st.srv.LocalMode = true
	local := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-BASE-2")), "")), 201)
	v = MustData[verifyData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + local.CertificateID + "/verify"}), 200)
	if sc, err := certification.ParseSignedCertificate(v.Signed); err != nil || sc.Certificate.Format != 3 || sc.Certificate.VerifyBase != "" {
		t.Fatalf("local mode: %v, signed content %s", err, v.Signed)
	}
	st.srv.LocalMode = false
	st.srv.CertificateRenderer = fakeRenderer{}
	st.srv.BaseURL = "https://pcf.example.org"
	rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + issued.CertificateID + "/certificate.pdf", as: asMaker})
	if rec.Code != 200 || !strings.HasSuffix(rec.Body.String(), " "+testBaseURL+path) {
		t.Fatalf("certificate.pdf after the base URL changed: %d %q, want the QR code to %s", rec.Code, rec.Body, testBaseURL+path)
	}
}
