package api_test

import (
	"strings"
	"testing"
)

// Reviewer 51: red team 89's Strict-Transport-Security was set by
// renderPage only, so the pages rendered otherwise went without it: the
// work area's sign-in page (where a password is typed), a page of an
// unknown address (the error page a mistyped or forged link shows) and
// the API reference. A reader who first opened one of them was not told
// to ask the service over https only. Ensure every HTML page sends it
// when the service's address is https.
func TestReviewer51_StrictTransportSecurityOnEveryPage(t *testing.T) {
	st := newSeededStack(t)
	for _, target := range []string{"/work", "/work/studies", "/no-such-page", "/v1/docs"} {
		rec := getHTML(t, st.srv, target)
		if got := rec.Header().Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=31536000") {
			t.Errorf("%s: %d, Strict-Transport-Security %q, want max-age=31536000", target, rec.Code, got)
		}
	}
}
