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

// Red team 23 (2026-12-04): the certification workflow, attacked from each
// role.

// TestRedteam23_WithdrawalShedByReissueElsewhere: a holder whose
// certificate its certifier is investigating has the very same study
// reissued by a second, lenient certifier, naming the certificate in
// supersedes. The first certificate became superseded, a final status:
// its certifier could no longer withdraw it for cause (409), so the
// withdrawal never happened, its reason never reached the public verify
// page, and the rules keyed on a withdrawal (the study of a withdrawn
// certificate is not certified again; the review's "same data as withdrawn
// certificate") never fired. Now the certifier that issued a certificate
// still withdraws it for cause after it was superseded, and the withdrawal
// binds the study.
func TestRedteam23_WithdrawalShedByReissueElsewhere(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	// The same study, reissued by the other certifier.
	app := MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + fx.issuedStudy + `","certifier":"` + orgCert2 + `","supersedes":"` + fx.cert + `"}`)}), 201).ID
	v := MustData[appData](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert2}), 200)
	issued := MustData[issueData](t, st.do(t, request{method: "POST", target: "/v1/applications/" + app + "/issue", as: asCert2, contentType: "application/json",
		body: []byte(`{"review_digest":"` + v.Review.Digest + `"}`)}), 201)
	// The first certifier concludes its investigation: falsified data.
	rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/withdraw", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["RT23 falsified electricity data"]}`)})
	if rec.Code != 200 {
		t.Errorf("the issuing certifier withdrawing its certificate for cause after the holder had it superseded elsewhere: status %d, want 200: %s", rec.Code, rec.Body)
	}
	// Only its own certifier may: the second certifier may not withdraw
	// the first one's certificate.
	if rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/withdraw", as: asCert2, contentType: "application/json",
		body: []byte(`{"reasons":["not mine"]}`)}); rec.Code/100 != 4 {
		t.Errorf("another certifier withdrawing the certificate: status %d, want 4xx", rec.Code)
	}
	// The withdrawn data are not certified again: a new application of
	// the study is refused naming study_id.
	again := st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + fx.issuedStudy + `","certifier":"` + orgCert2 + `","supersedes":"` + issued.CertificateID + `"}`)})
	if again.Code != 409 {
		t.Errorf("a new application of the study whose certificate was withdrawn for cause: status %d, want 409 naming study_id: %s", again.Code, again.Body)
	}
	// The public answer gives the withdrawal and its reason.
	if v := MustData[verifyData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/verify"}), 200); v.Status != "withdrawn" {
		t.Errorf("public answer of the withdrawn certificate: %+v", v)
	}
}
