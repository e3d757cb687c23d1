package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/jsonerr"
	"github.com/labstack/echo/v4"
)

// strictBinder is the server's echo.Binder: it binds JSON request bodies
// only, refusing unknown fields (naming them), trailing data and other
// content types. Echo's DefaultBinder ignores unknown fields, so a typo in
// an optional field ("reason" for "reasons") would pass silently.
type strictBinder struct{}

// Bind decodes the JSON body of the request into i.
func (strictBinder) Bind(i any, c echo.Context) error {
	req := c.Request()
	if req.ContentLength == 0 {
		return footprint.Errorf(footprint.EINVALID, "请求体为空(须为 JSON 对象)。request body is empty (want a JSON object)")
	}
	if !isMediaType(req, echo.MIMEApplicationJSON) {
		return echo.NewHTTPError(http.StatusUnsupportedMediaType, "内容类型须为 application/json。content type must be application/json")
	}
	return decodeJSON(req.Body, i)
}

// decodeJSON decodes exactly one JSON value from r into v, strictly. A
// body of null is refused: encoding/json reads it as "nothing to set", so
// it would pass as an object with every field left out and be refused for
// the first required field instead.
func decodeJSON(r io.Reader, v any) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return jsonBindError(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonBindError(jsonerr.Locate(err, b, v)) // "digests[0]", not "digests"
	}
	if bytes.HasPrefix(bytes.TrimLeft(b, " \t\r\n"), []byte("null")) { // decoded: null and nothing else
		return footprint.Errorf(footprint.EINVALID, "请求体须为 JSON 对象,不能是 null。request body must be a JSON object, not null")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return footprint.Errorf(footprint.EINVALID, "JSON 格式错误:对象结束后还有数据。malformed JSON: data after the end of the object")
	}
	return checkJSONNames(b, v)
}

// checkJSONNames refuses, naming it, a member given twice or spelled in
// another case than its field's, in a body encoding/json has decoded into
// v (jsonerr.NamesZH; red team 35).
func checkJSONNames(b []byte, v any) error {
	if field, problem, zh := jsonerr.NamesZH(b, v); problem != "" {
		return footprint.FieldErrorf(footprint.EINVALID, field, "%s。%s", zh, problem)
	}
	return nil
}

// jsonBindError turns an encoding/json error into a client error naming the
// problem: the offset of a syntax error, the field of a type error, the name
// of an unknown field, in Chinese (naming the field) and in English, one
// message with the Chinese first as the service's bilingual errors are.
// Body-limit errors pass through as 413.
func jsonBindError(err error) error {
	var he *echo.HTTPError
	var fe *footprint.Error
	switch {
	case errors.As(err, &he):
		return he
	case errors.As(err, &fe): // from a domain type's UnmarshalText, e.g. a product code
		return err
	case errors.Is(err, io.EOF):
		return footprint.Errorf(footprint.EINVALID, "请求体为空(须为 JSON 对象)。request body is empty (want a JSON object)")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return footprint.Errorf(footprint.EINVALID, "JSON 格式错误:请求体不完整。malformed JSON: the body ends early")
	}
	// The rest as every JSON document of the service words it: by the
	// member and the JSON type it wants, never a Go type (jsonerr).
	text, field := jsonerr.Text(err, "")
	zh := jsonerr.TextZH(err, field)
	if field == "" {
		return footprint.Errorf(footprint.EINVALID, "%s。%s", zh, text)
	}
	return footprint.FieldErrorf(footprint.EINVALID, field, "%s。%s", zh, text)
}

// isMediaType reports whether the request's Content-Type is mediaType,
// ignoring parameters such as charset.
func isMediaType(req *http.Request, mediaType string) bool {
	mt, _, err := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType))
	return err == nil && strings.EqualFold(mt, mediaType)
}

// bindJSON binds a JSON body into a request struct, refusing other content
// types (415), malformed JSON and unknown fields (400).
func bindJSON(c echo.Context, v any) error { return c.Bind(v) }

// bindOptionalJSON binds a JSON body if the request has one; an empty body
// leaves v unchanged.
func bindOptionalJSON(c echo.Context, v any) error {
	req := c.Request()
	if req.ContentLength == 0 {
		return nil
	}
	if req.ContentLength < 0 {
		// Unknown length (chunked): peek for an empty body.
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return jsonBindError(err)
		}
		if len(bytes.TrimSpace(b)) == 0 {
			return nil
		}
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	return c.Bind(v)
}
