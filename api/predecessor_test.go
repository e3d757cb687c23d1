package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/labels"
)

// Ensure that a certificate whose predecessor its certifier withdraws for
// cause after the holder had it replaced elsewhere is flagged until its own
// certifier reviews it. The holder of a certificate under investigation had
// the study reissued by a second certifier naming it in supersedes (red
// team 23); the first certifier's withdrawal bound the study, but the
// second certificate, issued on the same data, stayed plainly valid: its
// verify answer and page said valid, its documents were given, it served
// as a supplier certificate.
func TestCertificate_PredecessorWithdrawnFlagsSuccessor(t *testing.T) {
	r, err := labels.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	st := newSeededStack(t)
	st.srv.CertificateRenderer = r
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
