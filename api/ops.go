package api

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
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
		var unknown []string
		for name := range c.QueryParams() {
			if !slices.Contains(allowed, name) {
				unknown = append(unknown, name)
			}
		}
		if len(unknown) == 0 {
			return next(c)
		}
		slices.Sort(unknown)
		name := truncate(unknown[0], 64)
		takes := "this route takes no query parameters"
		if len(allowed) > 0 {
			takes = "this route takes " + strings.Join(allowed, ", ")
		}
		return footprint.FieldErrorf(footprint.EINVALID, name, "unknown query parameter %q (%s)", name, takes)
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
