package api

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// Database is what the operations endpoints need of the store itself
// (factordb.DB), beside the services: its size, for /metrics.
type Database interface {
	// Size returns the size of the data in bytes.
	Size() (int64, error)
}

// headKey marks, in a request's context, a HEAD request routed as its GET.
type headKey struct{}

// isHEAD reports whether the client sent HEAD (ServeHTTP routes it as GET).
func isHEAD(c echo.Context) bool {
	v, _ := c.Request().Context().Value(headKey{}).(bool)
	return v
}

// requestMethod returns the method the client sent, for logs and metrics.
func requestMethod(c echo.Context) string {
	if isHEAD(c) {
		return http.MethodHead
	}
	return c.Request().Method
}

// operationQueries returns, for every documented operation, the query
// parameters its route takes: the operations table of the OpenAPI document
// is the one place that lists them, so the document and the check cannot
// disagree.
func operationQueries() map[string][]string {
	out := make(map[string][]string, len(operations))
	for _, op := range operations {
		out[op.method+" "+op.path] = slices.Concat(op.query, op.handlerQuery)
	}
	return out
}

// checkQuery refuses a query parameter the matched route does not take,
// naming it: a misspelt filter ("?code=X" for "?product_code=X") would
// otherwise be ignored and answer with unfiltered data. It is every
// route's middleware, after the role check (register), so that a caller
// without credentials or the role learns nothing from the query's check.
func (s *Server) checkQuery(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		route := c.Request().Method + " " + c.Path()
		allowed, ok := s.queries[route]
		if !ok && !s.pages[route] || c.Request().URL.RawQuery == "" || pactVersion(c.Path()) != 0 {
			// PACT routes check their own parameters, in the PACT error
			// format (api/pact.go).
			return next(c)
		}
		if c.Path() == verifyRoute && wantsHTML(c) {
			// A person who scanned a label opens the page through apps that
			// append their own parameters (WeChat adds ?from=singlemessage
			// to a shared link). The page takes no parameter that changes
			// what it shows, so they are ignored rather than refused.
			return next(c)
		}
		if err := checkQueryEscapes(c.Request().URL.RawQuery); err != nil {
			return err
		}
		if !ok {
			return next(c) // a page checks the parameters it takes itself
		}
		var unknown, twice, empty []string
		for name, values := range c.QueryParams() {
			switch {
			case !slices.Contains(allowed, name):
				unknown = append(unknown, name)
			case len(values) > 1:
				twice = append(twice, name)
			case values[0] == "":
				empty = append(empty, name)
			}
		}
		if len(unknown) == 0 && len(twice) == 0 && len(empty) > 0 {
			// No parameter allows an empty value (the OpenAPI document): a
			// handler read ?since= as left out, so a client whose filter
			// variable was empty got the whole list (red team 35).
			slices.Sort(empty)
			name := truncate(empty[0], 64)
			return footprint.FieldErrorf(footprint.EINVALID, name, "查询参数 %[1]q 没有值:请给出一个值,或不写该参数。query parameter %[1]q has no value; give one or leave the parameter out", name)
		}
		if len(unknown) == 0 && len(twice) > 0 {
			// No API parameter takes a list: a handler reads the first value
			// (QueryParam), so ?status=withdrawn&status=valid listed the
			// withdrawn certificates while a cache, proxy or log reading
			// the last believed it listed the valid ones (red team 35).
			slices.Sort(twice)
			name := truncate(twice[0], 64)
			return footprint.FieldErrorf(footprint.EINVALID, name, "查询参数 %[1]q 给出了 %[2]d 次:请只给一次。query parameter %[1]q is given %[2]d times; give it once", name, len(c.QueryParams()[twice[0]]))
		}
		if len(unknown) == 0 {
			if err := checkZeroUnset(c); err != nil {
				return err
			}
			return next(c)
		}
		slices.Sort(unknown)
		name := truncate(unknown[0], 64)
		takesZH, takes := "本接口不接受查询参数", "this route takes no query parameters"
		if len(allowed) > 0 {
			takesZH, takes = "本接口接受 "+strings.Join(allowed, "、"), "this route takes "+strings.Join(allowed, ", ")
		}
		return footprint.FieldErrorf(footprint.EINVALID, name, "未知的查询参数 %[1]q(%[2]s)。unknown query parameter %[1]q (%[3]s)", name, takesZH, takes)
	}
}

// zeroUnset are the integer query parameters whose handlers read 0 as
// "left out" (echo's binder cannot tell 0 from absent), with what each
// must be: a 0 given is refused here, where the raw query is seen.
// ?limit=0 answered the default page though the document says at least 1,
// and /v1/factors?year=0 every year's factors (red team 35).
var zeroUnset = map[string]string{
	"limit": "limit 至少为 1(不写则为默认的一页)。limit must be at least 1 (leave it out for the default page)",
	"year":  "year 须为年份,如 2024(不写则为全部年份)。year must be a year, such as 2024 (leave it out for every year)",
}

// checkZeroUnset refuses a parameter of zeroUnset given as 0 ("0", "-0",
// "00"), naming it.
func checkZeroUnset(c echo.Context) error {
	for name, want := range zeroUnset {
		if v := c.QueryParam(name); v != "" {
			if n, err := strconv.Atoi(v); err == nil && n == 0 {
				return footprint.FieldErrorf(footprint.EINVALID, name, "%s", want)
			}
		}
	}
	return nil
}

// checkContentEncoding refuses a request body in a content coding (gzip,
// br, …) with 415 naming the header. The server decodes none, and read
// such a body as if it were plain: a withdrawal sent as "Content-Encoding:
// br" with a plain JSON body was carried out, while a proxy or log that
// honours the header reads other bytes (red team 35). A request without a
// body is left alone.
func checkContentEncoding(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.ContentLength == 0 {
			return next(c)
		}
		for _, v := range req.Header.Values(echo.HeaderContentEncoding) {
			for coding := range strings.SplitSeq(v, ",") {
				if coding = strings.TrimSpace(coding); coding != "" && !strings.EqualFold(coding, "identity") {
					return echo.NewHTTPError(http.StatusUnsupportedMediaType,
						fmt.Sprintf("不支持请求体的 Content-Encoding %[1]q：请不压缩发送（identity）。the body's Content-Encoding %[1]q is not supported: send it uncompressed (identity)", truncate(coding, 32)))
				}
			}
		}
		return next(c)
	}
}

// bodiless are the writes of the operations table that take no request
// body ("METHOD path").
var bodiless = func() map[string]bool {
	m := map[string]bool{}
	for _, op := range operations {
		if op.body == nil && op.method != http.MethodGet {
			m[op.method+" "+op.path] = true
		}
	}
	return m
}()

// checkNoBody refuses a body sent to a write that takes none (400 naming
// "body"): the handler never reads it, so POST
// /v1/admin/signing-keys/rotate with the body "{" rotated the signing key,
// and a revocation sent {"reason": …} was carried out with its reason
// dropped (red team 35). An empty body, or one of white space only, is no
// body.
func checkNoBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.ContentLength == 0 || !bodiless[req.Method+" "+c.Path()] {
			return next(c)
		}
		b, err := io.ReadAll(req.Body) // within the server's body limit
		if err != nil {
			return jsonBindError(err)
		}
		if len(bytes.TrimSpace(b)) > 0 {
			return footprint.FieldErrorf(footprint.EINVALID, "body", "%s %s takes no request body (%d bytes sent)", req.Method, c.Path(), len(b))
		}
		req.Body = io.NopCloser(bytes.NewReader(b))
		return next(c)
	}
}

// checkQueryEscapes returns EINVALID naming the first parameter of a raw
// query that does not decode. url.ParseQuery drops such a pair, so
// "?cursor=%ZZ" would read as no cursor and answer the first page.
func checkQueryEscapes(raw string) error {
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		rawName, rawValue, _ := strings.Cut(pair, "=")
		name, err := url.QueryUnescape(rawName)
		if err != nil {
			name = rawName
		} else if _, err = url.QueryUnescape(rawValue); err == nil && strings.Contains(pair, ";") {
			err = errors.New("a semicolon does not separate parameters")
		}
		if err != nil {
			name = truncate(name, 64)
			return footprint.FieldErrorf(footprint.EINVALID, name, "query parameter %q is not URL-encoded correctly: %v", name, err)
		}
	}
	return nil
}

// verifyRoute is the public verification route, which a person opens from a
// label's QR code.
const verifyRoute = "/v1/certificates/:id/verify"

// longResponses are the routes whose response may rightly take longer than
// the server's WriteTimeout to send: the backup streams the whole database;
// a large factor-set import streams its progress while it runs.
var longResponses = map[string]bool{"/v1/admin/backup": true, importRoute: true}

// writeDeadline lifts the write deadline for longResponses.
func (s *Server) writeDeadline(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if longResponses[c.Path()] {
			// Not every ResponseWriter has deadlines (httptest's has not).
			_ = http.NewResponseController(c.Response()).SetWriteDeadline(time.Time{})
		}
		return next(c)
	}
}

// GzipMinLength is the smallest response body sent gzip-compressed to a
// client that accepts it: large lists and exports shrink several-fold,
// while small answers are not worth the CPU. The server compresses at
// gzip.BestSpeed: at the default level compression was about 45 % of a
// warm verification's server time, and the answers are JSON and CSV, which
// the fastest level still shrinks several-fold (docs/BENCHMARKS.md).
const GzipMinLength = 4 << 10

// skipGzip leaves alone the responses that are already compressed (PDF,
// PNG, XLSX) and the backup, whose Content-Length the client checks, and
// every answer to a write or a calculation: gzip is for large lists and
// exports a client reads (issue 13), and compressing each study result cost
// about 30 % of the CPU of POST /v1/calculations under load
// (docs/BENCHMARKS.md, issue 8).
func skipGzip(c echo.Context) bool {
	if m := c.Request().Method; m != http.MethodGet && m != http.MethodHead {
		return true
	}
	p := c.Path()
	return longResponses[p] || strings.HasSuffix(p, ".pdf") || strings.HasSuffix(p, ".png") || strings.HasSuffix(p, ".xlsx")
}

// errorCodeKey holds, in the echo context, the error code of the response
// the error handler wrote, for the request log.
const errorCodeKey = "pcf.error_code"

// requestLogger logs one line per request: request ID, client address
// (after SetTrustedProxies), method, route template, path, status, latency
// and, for a client error, its error code. It never logs the query string
// (a client may wrongly put a secret there) nor any header, so neither an
// Authorization header nor a token reaches the log.
func (s *Server) requestLogger() echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		HandleError:  true,
		LogStatus:    true,
		LogURIPath:   true,
		LogRoutePath: true,
		LogRemoteIP:  true,
		LogLatency:   true,
		LogRequestID: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			route := v.RoutePath
			if !s.routePaths[route] {
				route = unmatchedRoute
			}
			attrs := []slog.Attr{
				slog.String("request_id", v.RequestID),
				slog.String("client", v.RemoteIP),
				slog.String("method", requestMethod(c)),
				slog.String("route", route),
				slog.String("path", v.URIPath),
				slog.Int("status", v.Status),
				slog.Duration("latency", v.Latency),
			}
			if v.Status >= 400 && v.Status < 500 {
				code, _ := c.Get(errorCodeKey).(string)
				if code == "" { // written by a handler itself (OAuth2, the verify page)
					code = httpCodes[v.Status]
				}
				attrs = append(attrs, slog.String("error_code", code))
			}
			s.Logger.LogAttrs(c.Request().Context(), slog.LevelInfo, "request", attrs...)
			return nil
		},
	})
}
