package api_test

import (
	"encoding/json"
	"net/http"
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

// Ensure that a certificate whose predecessor its certifier withdraws for
// cause after the holder had it replaced elsewhere is flagged until its own
// certifier reviews it. The holder of a certificate under investigation had
// the study reissued by a second certifier naming it in supersedes (red
// team 23); the first certifier's withdrawal bound the study, but the
// second certificate, issued on the same data, stayed plainly valid: its
// verify answer and page said valid, its documents were given, it served
// as a supplier certificate.
func TestCertificate_PredecessorWithdrawnFlagsSuccessor(t *testing.T) {
	st := newRenderingStack(t)
	fx := st.seedFixture(t, "")
	app := MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + fx.issuedStudy + `","certifier":"` + orgCert2 + `","supersedes":"` + fx.cert + `"}`)}), 201).ID
	v := MustData[appData](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert2}), 200)
	succ := MustData[issueData](t, st.do(t, request{method: "POST", target: "/v1/applications/" + app + "/issue", as: asCert2, contentType: "application/json",
		body: []byte(`{"review_digest":"` + v.Review.Digest + `"}`)}), 201).CertificateID

	alerts := func() []string {
		t.Helper()
		var out struct {
			Data struct {
				Alerts []struct{ Code, Review string } `json:"supplier_alerts"`
			} `json:"data"`
		}
		rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + succ + "/verify"})
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || rec.Code != 200 {
			t.Fatalf("verify %s: %d %s", succ, rec.Code, rec.Body)
		}
		var codes []string
		for _, a := range out.Data.Alerts {
			codes = append(codes, a.Code+"/"+a.Review)
		}
		return codes
	}
	if got := alerts(); len(got) != 0 {
		t.Fatalf("alerts of the successor before the withdrawal: %v, want none", got)
	}

	if rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/withdraw", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["falsified electricity data"]}`)}); rec.Code != 200 {
		t.Fatalf("withdraw the superseded certificate: %d %s", rec.Code, rec.Body)
	}

	// The public answer says what is public anyway (the certificate it
	// replaced, named in its own answer, is withdrawn) and that its
	// certifier has not reviewed it.
	if got := alerts(); strings.Join(got, ",") != "predecessor_withdrawn/pending" {
		t.Errorf("alerts of the successor after its predecessor's withdrawal: %v, want [predecessor_withdrawn/pending]", got)
	}
	page := getHTML(t, st.srv, "/v1/certificates/"+succ+"/verify").Body.String()
	for _, want := range []string{"其所替代的证书", "the certificate it replaced was withdrawn", fx.number} {
		if !strings.Contains(page, want) {
			t.Errorf("verify page of the flagged successor lacks %q", want)
		}
	}
	if strings.Contains(page, "供应链提示") {
		t.Error("verify page words the predecessor's withdrawal as a supply-chain alert")
	}
	// Its documents would print a plain "valid": none until the review.
	if rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + succ + "/certificate.pdf", as: asMaker}); rec.Code != 409 || !strings.Contains(rec.Body.String(), "replaced") {
		t.Errorf("certificate PDF of the flagged successor: %d %s, want 409 naming the replaced certificate", rec.Code, rec.Body)
	}
	// The holder, its certifier and the regulator see the flag.
	var got struct {
		Data struct {
			Flags []struct {
				Number      string `json:"number"`
				Status      string `json:"status"`
				Predecessor bool   `json:"predecessor"`
			} `json:"supplier_flags"`
		} `json:"data"`
	}
	rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + succ, as: asCert2})
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || len(got.Data.Flags) != 1 ||
		got.Data.Flags[0].Number != fx.number || got.Data.Flags[0].Status != "withdrawn" || !got.Data.Flags[0].Predecessor {
		t.Errorf("flags of the successor, as its certifier reads them: %s", rec.Body)
	}
	// Its certifier's workbench names the replaced certificate, not a supplier.
	work := doRequest(t, http.HandlerFunc(st.srv.ServeHTTP), st.tokens[asCert2], request{method: "GET", target: "/work/certificates/" + succ}).Body.String()
	if !strings.Contains(work, "本证书所替代的证书") || !strings.Contains(work, fx.number) {
		t.Error("the certifier's workbench page does not name the replaced certificate")
	}
	// No certificate rests on it as a supplier until the review.
	buyer := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asOther, contentType: "application/json", body: buyerStudy(t, "GEC-PRED-1", "CDPCF-2026-000002")}), 201).ID
	buyerApp := MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asOther, contentType: "application/json",
		body: []byte(`{"study_id":"` + buyer + `","certifier":"` + orgCertifier + `"}`)}), 201).ID
	if rec := st.do(t, st.issueReq(t, buyerApp, "")); rec.Code != 409 || !strings.Contains(rec.Body.String(), "which it replaced, was withdrawn") {
		t.Errorf("issuing a certificate resting on the flagged successor: %d %.300s, want 409 naming the replaced certificate", rec.Code, rec.Body)
	}
	// Only its own certifier reviews it; then it is valid again.
	if rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + succ + "/review", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["not mine"]}`)}); rec.Code/100 != 4 {
		t.Errorf("the predecessor's certifier reviewing the successor: %d, want 4xx", rec.Code)
	}
	if rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + succ + "/review", as: asCert2, contentType: "application/json",
		body: []byte(`{"reasons":["data checked again on site"]}`)}); rec.Code != 200 {
		t.Fatalf("review by its certifier: %d %s", rec.Code, rec.Body)
	}
	if got := alerts(); len(got) != 0 {
		t.Errorf("alerts after the review: %v, want none", got)
	}
	if rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + succ + "/certificate.pdf", as: asMaker}); rec.Code != 200 {
		t.Errorf("certificate PDF after the review: %d", rec.Code)
	}
}
