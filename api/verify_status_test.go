package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// Ensure the public verify endpoint reports every live status — valid,
// suspended, superseded, withdrawn and expired — with a signature that
// still checks.
func TestCertificateVerify_EveryStatus(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	verify := func(id string) verifyData {
		t.Helper()
		return MustData[verifyData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + id + "/verify"}), 200)
	}
	decide := func(id, action, body string) *issueData {
		t.Helper()
		var out issueData
		rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + id + "/" + action, as: asCert, contentType: "application/json", body: []byte(body)})
		if rec.Code/100 != 2 {
			t.Fatalf("%s: %d %s", action, rec.Code, rec.Body)
		}
		return &out
	}
	check := func(id, want string) verifyData {
		t.Helper()
		v := verify(id)
		if v.Status != want || !v.SignatureValid {
			t.Fatalf("verify %s: status=%q signature_valid=%v, want %q and a valid signature", id, v.Status, v.SignatureValid, want)
		}
		return v
	}

	check(fx.cert, "valid")
	decide(fx.cert, "suspend", `{"reasons":["surveillance audit overdue"]}`)
	check(fx.cert, "suspended")
	decide(fx.cert, "reinstate", `{"reasons":["audit passed"]}`)
	check(fx.cert, "valid")

	re := st.supersede(t, fx.issuedStudy, fx.cert, `{}`)
	if v := check(fx.cert, "superseded"); v.SupersededBy != re.CertificateID {
		t.Fatalf("superseded_by=%q, want %q", v.SupersededBy, re.CertificateID)
	}
	check(re.CertificateID, "valid")
	decide(re.CertificateID, "withdraw", `{"reasons":["product discontinued"]}`)
	check(re.CertificateID, "withdrawn")

	// A third certificate, read after its two-year validity: expired is
	// derived from the expiry date, never stored.
	study := st.submit(t, "GEC-EXPIRY-1")
	app := st.apply(t, study)
	id := MustData[issueData](t, st.do(t, request{method: "POST", target: "/v1/applications/" + app + "/issue", as: asCert}), 201).CertificateID
	check(id, "valid")
	st.clock.t.Add(int64(2*366*24*time.Hour + time.Hour))
	check(id, "expired")
	// A withdrawn certificate stays withdrawn after its expiry.
	check(re.CertificateID, "withdrawn")
}

// Ensure the public verification answer does not say "status": "valid"
// for a certificate whose record fails the server's own signature check
// (its record edited in the database, or its key lost). The answer read
// "status":"valid" beside "signature_valid":false: a buyer's system that
// reads status alone was told the certificate is valid. The page said
// "签名未通过验证 Signature not verified"; the JSON now says so in status.
func TestRedteam6_VerifyStatusNeedsItsSignature(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	st.srv.KeyService = otherKeys{st.srv.KeyService, footprinttest.Key(t, "redteam6 other key", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)).PublicKey()}
	for _, target := range []string{"/v1/certificates/" + fx.cert + "/verify", "/v1/certificates/by-number/" + fx.number + "/verify"} {
		v := MustData[struct {
			Status         string `json:"status"`
			RecordedStatus string `json:"recorded_status"`
			SignatureValid bool   `json:"signature_valid"`
			SignatureError string `json:"signature_error"`
		}](t, st.do(t, request{method: "GET", target: target}), 200)
		if v.Status != "signature_invalid" || v.RecordedStatus != "valid" || v.SignatureValid || v.SignatureError == "" {
			t.Errorf("%s: status %q, recorded_status %q, signature_valid %v, signature_error %q; want signature_invalid, valid, false and the error",
				target, v.Status, v.RecordedStatus, v.SignatureValid, v.SignatureError)
		}
		// The page says the same.
		if body := getHTML(t, st.srv, target).Body.String(); !strings.Contains(body, `data-status="signature_invalid"`) ||
			!strings.Contains(body, "签名未通过验证 · Signature not verified") || strings.Contains(body, "有效 · Valid") {
			t.Errorf("%s page does not warn:\n%s", target, body)
		}
	}
}
