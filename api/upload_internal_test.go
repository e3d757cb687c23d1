package api

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

func TestBodyLimit_Streamed(t *testing.T) {
	// Ensure a body with no declared length is cut off once it passes the
	// route's limit, with a 413 naming the limit, while a body of exactly
	// the limit reads whole.
	for _, tt := range []struct {
		size    int
		tooMuch bool
	}{{2048, false}, {2049, true}, {10 << 10, true}} {
		b := &limitedBody{ReadCloser: io.NopCloser(strings.NewReader(strings.Repeat("x", tt.size))), left: 2048, limit: 2048}
		got, err := io.ReadAll(b)
		var he *echo.HTTPError
		switch {
		case !tt.tooMuch && (err != nil || len(got) != tt.size):
			t.Errorf("%d bytes: read %d, %v", tt.size, len(got), err)
		case tt.tooMuch && (!errors.As(err, &he) || he.Code != http.StatusRequestEntityTooLarge || he.Message != "request body too large: the limit is 2 KB (2048 bytes)"):
			t.Errorf("%d bytes: err %v, want 413 naming the limit", tt.size, err)
		case tt.tooMuch && len(got) > 2048:
			t.Errorf("%d bytes: read %d past the limit", tt.size, len(got))
		}
	}
}
