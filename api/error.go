package api

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
	"github.com/labstack/echo/v4"
)

// codes maps each domain error code to its HTTP status: the one table from
// error kind to status (STYLE.md §2.3). Anything not listed is a 500.
var codes = map[string]int{
	footprint.EINVALID:        http.StatusBadRequest,
	footprint.EUNAUTHORIZED:   http.StatusUnauthorized,
	footprint.EFORBIDDEN:      http.StatusForbidden,
	footprint.ENOTFOUND:       http.StatusNotFound,
	footprint.ECONFLICT:       http.StatusConflict,
	footprint.ENOTIMPLEMENTED: http.StatusNotImplemented,
	footprint.EINTERNAL:       http.StatusInternalServerError,
	access.ERESTOREDKEY:       http.StatusUnauthorized, // an API key a restore brought back, not confirmed yet
	access.EKEYAWAITSORG:      http.StatusUnauthorized, // a certifier's key its organisation has not confirmed yet
}

// HTTP-level error codes for failures that happen before a handler runs
// (routing, body limits, content negotiation, rate limits). Like the domain
// codes they are part of the API and are only ever added.
const (
	codeMethodNotAllowed     = "method_not_allowed"
	codeTooLarge             = "too_large"
	codeUnsupportedMediaType = "unsupported_media_type"
	codeRateLimited          = "rate_limited"
	codeUnavailable          = "unavailable"
)

// httpCodes maps statuses echo produces itself to an error code.
var httpCodes = map[int]string{
	http.StatusBadRequest:            footprint.EINVALID,
	http.StatusUnauthorized:          footprint.EUNAUTHORIZED,
	http.StatusForbidden:             footprint.EFORBIDDEN,
	http.StatusNotFound:              footprint.ENOTFOUND,
	http.StatusMethodNotAllowed:      codeMethodNotAllowed,
	http.StatusRequestEntityTooLarge: codeTooLarge,
	http.StatusUnsupportedMediaType:  codeUnsupportedMediaType,
	http.StatusTooManyRequests:       codeRateLimited,
	http.StatusServiceUnavailable:    codeUnavailable,
	http.StatusNotImplemented:        footprint.ENOTIMPLEMENTED,
}

// errorResponse is the JSON body of every error.
type errorResponse struct {
	Error errorBody `json:"error"`
}

type errorBody struct {
	Code    string        `json:"code"`
	Message string        `json:"message"`
	Field   string        `json:"field,omitempty"`
	Details []errorDetail `json:"details,omitempty"`
	// RestoredCopyEnd is, on a not_found of the public verification of a
	// service restored from a copy, when the copy's history ends (RFC
	// 3339; restoredNotFound).
	RestoredCopyEnd string `json:"restored_copy_end,omitempty"`
	// RestoredCopies are, on the same not_found, every restore of the
	// records, oldest first: the end of its copy and when it was
	// restored. The message names them for a person; a program read only
	// the last copy's end before (session 53's open item).
	// A certificate issued after a restore's copy end and up to its
	// restore (after the copy's end, for the last) may be one that
	// restore lost.
	RestoredCopies []RestoredCopyJSON `json:"restored_copies,omitempty"`
}

// errorDetail is one of several problems of one input, such as the bad
// lines of an uploaded CSV file.
type errorDetail struct {
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// handleError is echo's HTTPErrorHandler: every error leaves the server here,
// as JSON with a machine-readable code. Internal errors are logged once, here,
// and reach the client as a generic message.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	if v := pactVersion(c.Path()); v != 0 {
		s.handlePACTError(err, c, v)
		return
	}
	status, body := s.errorStatus(err)
	c.Set(errorCodeKey, body.Code)
	if errors.Is(err, echo.ErrNotFound) && nearVerifyPath(c) {
		// A person's browser on no route, at a near miss of a
		// verification page's path: the page a label's QR code leads to
		// says what the address is (verifypage.go).
		if err := s.renderVerifyPage(c, status, nearVerifyPage); err != nil {
			s.Logger.Error("write verify page", slog.Any("err", err))
		}
		return
	}
	if status >= 500 {
		s.Logger.Error("request failed",
			slog.String("request_id", c.Response().Header().Get(echo.HeaderXRequestID)),
			slog.String("method", requestMethod(c)),
			slog.String("path", c.Request().URL.Path),
			slog.Any("err", err))
	}
	if s.wantsErrorPage(c) { // a person: a bilingual page (api/web.go)
		page := body
		if _, en, ok := splitBilingual(body.Message); ok && strings.EqualFold(en, http.StatusText(status)) {
			page.Message = en // no more than the page's title says: newErrorPage leaves it out
		}
		if err := s.renderErrorPage(c, status, page); err != nil {
			s.Logger.Error("write error page", slog.Any("err", err))
		}
		return
	}
	if isHEAD(c) {
		err = c.NoContent(status)
	} else {
		err = c.JSON(status, errorResponse{Error: body})
	}
	if err != nil {
		s.Logger.Error("write error response", slog.Any("err", err))
	}
}

func (s *Server) errorStatus(err error) (int, errorBody) {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		code, ok := httpCodes[he.Code]
		if !ok {
			code = footprint.EINTERNAL
		}
		en := http.StatusText(he.Code)
		if m, ok := he.Message.(string); ok && (he.Code < 500 || he.Code == http.StatusServiceUnavailable) {
			en = m
		}
		msg := httpMessage(he.Code, en)
		if he.Code == http.StatusBadRequest && he.Internal != nil {
			// Binding errors (malformed JSON, wrong types): echo puts the
			// decoder's message in Internal; it names the offset or field and
			// holds only the client's own input.
			msg = say("malformed request: %s", he.Internal.Error())
		}
		if he.Code == http.StatusRequestEntityTooLarge && en == http.StatusText(he.Code) {
			// echo's BodyLimit says no more than the status; a route with
			// a limit of its own (bodyLimit) names it already.
			msg = say("request body too large: the limit is %sB; the factor-set import takes up to %s (%d bytes)", BodyLimit, limitSize(ImportBodyLimit), ImportBodyLimit)
		}
		return he.Code, errorBody{Code: code, Message: truncateMessage(msg, maxErrorMessage)}
	}
	code := footprint.ErrorCode(err)
	status, ok := codes[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	body := errorBody{Code: code, Message: truncateMessage(footprint.ErrorMessage(err), maxErrorMessage), Field: shortField(footprint.ErrorField(err))}
	var lost *restoredNotFound
	if errors.As(err, &lost) {
		body.Message, body.RestoredCopyEnd = truncateMessage(lost.message(body.Message), maxErrorMessage), lost.endText()
		body.RestoredCopies = lost.copiesJSON()
	}
	var csvErrs *tabular.Errors
	if errors.As(err, &csvErrs) && len(csvErrs.Errors) > 0 {
		// Every bad line of an upload, so a client can fix them in one go.
		if n := len(csvErrs.Errors) + csvErrs.Omitted; n > 1 {
			body.Message = say("%d problems in the file; the first: %s", n, body.Message)
		}
		for _, e := range csvErrs.Errors {
			body.Details = append(body.Details, errorDetail{Field: e.Field, Message: e.Message})
		}
		if csvErrs.Omitted > 0 {
			body.Details = append(body.Details, errorDetail{Message: say("and %d more problems", csvErrs.Omitted)})
		}
	}
	return status, body
}

// maxErrorField and maxErrorMessage bound what an error answer quotes: a
// body nested thousands of levels deep, or a name thousands of characters
// long, would otherwise come back whole in its field and message.
const (
	maxErrorField   = 160
	maxErrorMessage = 1000
)

// truncateMessage is truncate for a message that says it in Chinese, then
// in English ("中文。English"): each half is cut to half of n, so that a
// long input quoted in both leaves each language its words (cut whole, the
// English went).
func truncateMessage(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if i := halvesSep(s); i >= 0 && strings.ContainsFunc(s[:i], isHan) {
		half := (n - 9) / 2 // each half and its "…", and the "。" between: n bytes at most
		return truncate(s[:i], half) + "。" + truncate(s[i+len("。"):], half)
	}
	return truncate(s, n)
}

// halvesSep is the index of the "。" that ends the Chinese of s: the first
// outside a quoted ("%q") input, which may hold a "。" of its own; -1 for
// none.
func halvesSep(s string) int {
	quoted := false
	for i := 0; i < len(s); i++ {
		switch {
		case quoted && s[i] == '\\':
			i++
		case s[i] == '"':
			quoted = !quoted
		case !quoted && strings.HasPrefix(s[i:], "。"):
			return i
		}
	}
	return -1
}

// shortField names a field path longer than maxErrorField by its first
// levels and its depth: "bom[0].children[0]… (depth 8001)".
func shortField(f string) string {
	if len(f) <= maxErrorField {
		return f
	}
	depth := strings.Count(f, ".") + strings.Count(f, "[") + 1
	cut := strings.LastIndexByte(f[:maxErrorField], '.') // whole levels: "children[0]"
	if cut <= 0 {
		return truncate(f, maxErrorField)
	}
	return fmt.Sprintf("%s… (depth %d)", f[:cut], depth)
}

func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}

// say formats a message of the error handler's own as footprint.Errorf
// does: its Chinese (from the tables of footprint/internal/errzh, which
// give a bilingual argument's Chinese to the Chinese half), then its
// English.
func say(format string, args ...any) string {
	return footprint.Errorf(footprint.EINVALID, format, args...).Message
}

// statusZH is the Chinese of the statuses echo answers with itself (its
// router, middleware and handlers' echo.HTTPError).
var statusZH = map[int]string{
	http.StatusBadRequest:            "请求有误",
	http.StatusUnauthorized:          "未经认证",
	http.StatusForbidden:             "禁止访问",
	http.StatusNotFound:              "未找到",
	http.StatusMethodNotAllowed:      "不支持该请求方法",
	http.StatusRequestEntityTooLarge: "请求体过大",
	http.StatusUnsupportedMediaType:  "不支持该内容类型",
	http.StatusTooManyRequests:       "请求过多，请稍后再试",
	http.StatusInternalServerError:   "服务器内部错误",
	http.StatusNotImplemented:        "本服务器未启用此功能",
	http.StatusServiceUnavailable:    "服务暂不可用",
}

// httpMessage is the message of an echo.HTTPError of status whose English
// is en (the status text, or a handler's words), in Chinese first: en as
// it is when it says it in Chinese first already, else the Chinese of the
// status, Sep and en (its first letter lower-case, as every message; the
// status text all lower-case).
func httpMessage(status int, en string) string {
	if _, _, ok := splitBilingual(en); ok {
		return en
	}
	zh, ok := statusZH[status]
	if !ok {
		zh = fmt.Sprintf("请求未能完成（HTTP %d）", status)
	}
	if en == http.StatusText(status) {
		en = strings.ToLower(en) // "not found", not "not Found"
	}
	return zh + "。" + lowerFirst(en)
}
