package api

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure an error page says in both languages what every error code means
// and what to do: an internal error's page showed its title alone (its
// message is withheld), and a too-large upload, a rate limit, a wrong
// method or content type no hint; the Chinese hints use Chinese
// punctuation.
func TestReview_EveryErrorCodeHasAHint(t *testing.T) {
	for _, code := range []string{footprint.EINVALID, footprint.ECONFLICT, footprint.ENOTFOUND, footprint.EFORBIDDEN, footprint.EUNAUTHORIZED,
		footprint.ENOTIMPLEMENTED, footprint.EINTERNAL, codeMethodNotAllowed, codeTooLarge, codeUnsupportedMediaType, codeRateLimited, codeUnavailable} {
		h := pageErrorHints[code]
		if h[0] == "" || h[1] == "" {
			t.Errorf("%s: no hint in both languages: %q", code, h)
		}
		if strings.ContainsAny(h[0], ",:;()") {
			t.Errorf("%s: Chinese hint with ASCII punctuation: %s", code, h[0])
		}
	}
}
