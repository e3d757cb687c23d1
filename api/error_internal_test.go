// Internal tests of the error handler's own words.

package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
	"github.com/labstack/echo/v4"
)

// Ensure every message the error handler writes itself says it in Chinese,
// then in English, the English as it was before the Chinese came (a client
// reading the English sees no change), and the codes stay: echo's own
// statuses, a binding error, the body limit, an internal error and the
// summary of a file's problems.
func TestErrorStatus_ChineseThenEnglish(t *testing.T) {
	csvErr := &tabular.Errors{Errors: []*footprint.Error{
		footprint.FieldErrorf(footprint.EINVALID, "bom.csv:2:quantity", "%q is not a number", "abc"),
		footprint.FieldErrorf(footprint.EINVALID, "bom.csv:3:unit", "unit is required"),
	}, Omitted: 3}
	for _, tt := range []struct {
		name    string
		err     error
		status  int
		code    string
		english string
		details []string // the English of each detail
	}{
		{"NotFound", echo.ErrNotFound, 404, footprint.ENOTFOUND, "not found", nil},
		{"MethodNotAllowed", echo.ErrMethodNotAllowed, 405, codeMethodNotAllowed, "method not allowed", nil},
		{"UnsupportedMediaType", echo.ErrUnsupportedMediaType, 415, codeUnsupportedMediaType, "unsupported media type", nil},
		{"TooManyRequests", echo.ErrTooManyRequests, 429, codeRateLimited, "too many requests", nil},
		{"Forbidden", echo.ErrForbidden, 403, footprint.EFORBIDDEN, "forbidden", nil},
		{"HandlersWords", echo.NewHTTPError(http.StatusUnsupportedMediaType, "content type must be application/json"), 415, codeUnsupportedMediaType, "content type must be application/json", nil},
		{"HandlersWordsInChinese", echo.NewHTTPError(http.StatusUnsupportedMediaType, "须为 JSON。must be JSON"), 415, codeUnsupportedMediaType, "must be JSON", nil},
		{"Unavailable", echo.NewHTTPError(http.StatusServiceUnavailable, "not ready: no database"), 503, codeUnavailable, "not ready: no database", nil},
		{"EchoInternal", echo.NewHTTPError(http.StatusInternalServerError, "secret"), 500, footprint.EINTERNAL, "internal server error", nil},
		{"Malformed", echo.NewHTTPError(http.StatusBadRequest, "bad").SetInternal(errors.New("strconv.ParseInt: parsing \"x\": invalid syntax")), 400, footprint.EINVALID, `malformed request: strconv.ParseInt: parsing "x": invalid syntax`, nil},
		{"TooLarge", echo.ErrStatusRequestEntityTooLarge, 413, codeTooLarge, "request body too large: the limit is " + BodyLimit + "B; the factor-set import takes up to 256 MB (268435456 bytes)", nil},
		{"Internal", errors.New("disk on fire"), 500, footprint.EINTERNAL, "internal error", nil},
		{"FileProblems", csvErr, 400, footprint.EINVALID, `5 problems in the file; the first: "abc" is not a number`,
			[]string{`"abc" is not a number`, "unit is required", "and 3 more problems"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, body := (&Server{}).errorStatus(tt.err)
			if status != tt.status || body.Code != tt.code {
				t.Errorf("status %d, code %q; want %d, %q", status, body.Code, tt.status, tt.code)
			}
			if got := footprinttest.English(t, body.Message); got != tt.english {
				t.Errorf("English of %q = %q, want %q", body.Message, got, tt.english)
			}
			var details []string
			for _, d := range body.Details {
				details = append(details, footprinttest.English(t, d.Message))
			}
			if a, b := jsonOf(t, details), jsonOf(t, tt.details); a != b {
				t.Errorf("details %s, want %s", a, b)
			}
		})
	}
}

func jsonOf(tb testing.TB, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// Ensure an error answer cut to maxErrorMessage keeps both its languages:
// each half is cut to its share, so that a long Chinese half (a long input
// quoted in it) does not push the English out of the answer, as cutting
// the whole message did; a message in one language is cut as before.
func TestErrorStatus_LongMessageKeepsBothLanguages(t *testing.T) {
	long := footprint.FieldErrorf(footprint.EINVALID, "bom", "缺少 %s。missing %s", strings.Repeat("项目、", 400), strings.Repeat("item, ", 400))
	_, body := (&Server{}).errorStatus(long)
	zh, en, ok := strings.Cut(body.Message, "。")
	if len(body.Message) > maxErrorMessage || !ok || !strings.HasPrefix(zh, "缺少 项目") || !strings.HasPrefix(en, "missing item, ") || !strings.HasSuffix(en, "…") {
		t.Errorf("message of %d bytes: %.80q … %.80q; want at most %d, Chinese then English, each cut", len(body.Message), zh, en, maxErrorMessage)
	}
	// An input quoted in both halves with a "。" of its own: the halves
	// are cut where the Chinese ends, not at the input's "。" (the
	// English was the input's tail, with no word of the message).
	quoted := footprint.FieldErrorf(footprint.ENOTFOUND, "id", "没有 API 密钥 %[1]q。api key %[1]q not found", "甲。"+strings.Repeat("y", 600))
	if _, body := (&Server{}).errorStatus(quoted); len(body.Message) > maxErrorMessage || !strings.HasPrefix(body.Message, `没有 API 密钥 "甲。yyy`) || !strings.Contains(body.Message, `…。api key "甲。yyy`) {
		t.Errorf("message of %d bytes: %.80q … %.80q; want at most %d, the Chinese, then the English from \"api key\", each cut", len(body.Message), body.Message, body.Message[max(0, len(body.Message)-80):], maxErrorMessage)
	}
	plain := footprint.FieldErrorf(footprint.EINVALID, "bom", "missing %s", strings.Repeat("item, ", 400))
	if _, body := (&Server{}).errorStatus(plain); len(body.Message) > maxErrorMessage+len("…") || !strings.HasPrefix(body.Message, "missing item, ") {
		t.Errorf("a message in English only: %d bytes, %.80q", len(body.Message), body.Message)
	}
}
