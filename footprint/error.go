package footprint

import (
	"errors"
	"github.com/chengdu-pcf/pcf/footprint/internal/errzh"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Error codes. They are part of the public API (the HTTP layer maps each to
// one status and clients switch on them), so codes are added, never renamed.
const (
	ECONFLICT       = "conflict"
	EFORBIDDEN      = "forbidden"
	EINTERNAL       = "internal"
	EINVALID        = "invalid"
	ENOTFOUND       = "not_found"
	ENOTIMPLEMENTED = "not_implemented"
	EUNAUTHORIZED   = "unauthorized"
)

// Error is a domain error whose message is safe to show a client. Field, when
// set, names the input the error is about (a JSON path, a CSV "file:line:
// column" position, a query parameter).
type Error struct {
	Code    string
	Field   string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

// Errorf returns an *Error with the given code and a formatted (errzh) message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: errzh.Sprintf(format, args...)}
}

// FieldErrorf returns an *Error about one named input field.
func FieldErrorf(code, field, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: errzh.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, "" for a nil
// error and EINTERNAL for any other error.
func ErrorCode(err error) string {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Code
	} else if err == nil {
		return ""
	}
	return EINTERNAL
}

// ErrorMessage returns the client-safe message of the first *Error in err's
// chain, or "internal error" for any other error: internal details never reach
// a client.
func ErrorMessage(err error) string {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Message
	} else if err == nil {
		return ""
	}
	return "内部错误。internal error"
}

// ErrorField returns the field of the first *Error in err's chain, if any.
func ErrorField(err error) string {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Field
	}
	return ""
}

// ValidateText checks a printed string: valid UTF-8 (the canonical encoding
// would otherwise silently replace bytes), no control characters (they
// would break the printed layout), no leading or trailing space, and at most
// max characters.
func ValidateText(field, s string, max int, required bool) error {
	switch {
	case required && s == "":
		return FieldErrorf(EINVALID, field, "须填写 %[1]s。%[1]s is required", field)
	case !utf8.ValidString(s):
		return FieldErrorf(EINVALID, field, "文本不是有效的 UTF-8。text is not valid UTF-8")
	case strings.TrimSpace(s) != s:
		return FieldErrorf(EINVALID, field, "文本首尾不得有空格。text has leading or trailing space")
	case utf8.RuneCountInString(s) > max:
		return FieldErrorf(EINVALID, field, "文本超过 %[1]d 个字符。text is longer than %[1]d characters", max)
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return FieldErrorf(EINVALID, field, "文本含控制字符 %[1]U。text contains control character %[1]U", r)
		}
	}
	return nil
}
