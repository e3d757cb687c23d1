package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

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
