package api_test

import (
	"strings"
	"testing"
)

// Red team 89 (the forger, with a place on the reader's network: a café's
// Wi-Fi, a hotel's): a label's QR code leads to the service's https
// address, but a reader who later types the address to look a number up
// ("pcf.example.cn/certificates") asks http first, and whoever is on the
// way answers with a page of its own at the service's name, "valid" for any
// number (an HTTPS downgrade). The verification page told browsers nothing
// to prevent it: no Strict-Transport-Security. Ensure the verification
// page, found, not found or malformed, sends it when the service's public
// address is https, so that a phone that scanned one genuine label asks
// the service over https only for a year; and none in local mode (plain
// http), where it would mean nothing.
func TestRedteam89_VerifyPageStrictTransportSecurity(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	if !strings.HasPrefix(st.srv.BaseURL, "https://") {
		t.Fatalf("stack base %q, want https", st.srv.BaseURL)
	}
	for _, target := range []string{
		"/v1/certificates/" + fx.cert + "/verify",
		"/v1/certificates/00000000-0000-4000-8000-000000000000/verify",
		"/v1/certificates/not-an-id/verify",
		"/v1/certificates/by-number/CDPCF-2026-999999/verify",
		"/certificates/CDPCF-2026-000001", // the lookup a reader types a number into leads here
		"/certificates/CDPCF-2026-999999",
		"/",             // the home page and the lookup form: every page, not only the verdict's
		"/certificates", //
	} {
		rec := getHTML(t, st.srv, target)
		if got := rec.Header().Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=31536000") {
			t.Errorf("%s: %d, Strict-Transport-Security %q, want max-age=31536000", target, rec.Code, got)
		}
	}
	st.srv.BaseURL = "http://127.0.0.1:8080" // local mode
	if got := getHTML(t, st.srv, "/v1/certificates/"+fx.cert+"/verify").Header().Get("Strict-Transport-Security"); got != "" {
		t.Errorf("plain http base: Strict-Transport-Security %q, want none", got)
	}
}
