// Package api is the HTTP edge of the service: an echo v4 server exposing the
// footprint services as a versioned JSON API under /v1. It receives every
// dependency as a footprint interface; it never touches storage or PDF
// libraries directly.
package api

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// Request limits.
const (
	// BodyLimit caps request bodies; larger uploads answer 413 too_large.
	BodyLimit = "8M"
	// RequestTimeout bounds the work of one request.
	RequestTimeout = 30 * time.Second
)

// Server is the HTTP server. Set the service fields, then call NewServer's
// result's Open, or use it as an http.Handler. A route whose service is nil
// answers 501 not_implemented.
type Server struct {
	echo       *echo.Echo
	ln         net.Listener
	metrics    *metrics
	routePaths map[string]bool // registered route templates, for metric labels

	// Services
	FactorService        footprint.FactorService
	AuthService          footprint.AuthService
	ProductService       footprint.ProductService
	StudyService         footprint.StudyService
	CertificationService footprint.CertificationService
	KeyService           footprint.KeyService
	Backup               Backuper

	// CertificateRenderer draws certificate and label documents; nil makes
	// the download routes answer 501.
	CertificateRenderer footprint.CertificateRenderer

	// BaseURL is the public base URL of the service, e.g.
	// "https://pcf.example.cn": QR codes encode BaseURL followed by the
	// verification path. Empty: taken from each request's scheme and Host.
	BaseURL string

	// Logger receives request logs and internal errors.
	Logger *slog.Logger

	// Now returns the current time; injectable for tests.
	Now func() time.Time

	// Version is reported by /healthz.
	Version string
}

// NewServer builds a server with its middleware and routes. Services must be
// set on the returned value before it handles requests.
func NewServer() *Server {
	s := &Server{
		echo:       echo.New(),
		metrics:    newMetrics(time.Now()),
		routePaths: map[string]bool{},
		Logger:     slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now:        time.Now,
	}
	e := s.echo
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	e.Binder = strictBinder{}
	// The client address is the TCP peer: X-Forwarded-For is trusted only
	// when a deployment behind a proxy configures it, so a client cannot
	// escape the verification rate limit by inventing addresses.
	e.IPExtractor = echo.ExtractIPDirect()

	// Order matters: the request ID first so the logger can print it;
	// metrics next so they count every request with its final status; the
	// logger before Recover so it records the 500 made from a panic (echo
	// README); body limit and timeout last.
	e.Use(middleware.RequestID())
	e.Use(s.metricsMiddleware)
	e.Use(middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		HandleError:  true,
		LogStatus:    true,
		LogURI:       true,
		LogURIPath:   true,
		LogMethod:    true,
		LogLatency:   true,
		LogRequestID: true,
		LogError:     true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			uri := v.URI
			if strings.HasPrefix(v.URIPath, "/v1/auth/") {
				uri = v.URIPath // a client may wrongly put credentials in the query
			}
			attrs := []slog.Attr{
				slog.String("id", v.RequestID), slog.String("method", v.Method),
				slog.String("uri", uri), slog.Int("status", v.Status),
				slog.Duration("latency", v.Latency),
			}
			s.Logger.LogAttrs(c.Request().Context(), slog.LevelInfo, "request", attrs...)
			return nil
		},
	}))
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			s.Logger.Error("panic", slog.Any("err", err), slog.String("stack", string(stack)))
			return err
		},
	}))
	e.Use(middleware.BodyLimit(BodyLimit))
	e.Use(middleware.ContextTimeout(RequestTimeout))
	e.Use(s.authenticate)

	s.route(http.MethodGet, "/healthz", s.handleHealth)
	s.route(http.MethodGet, "/metrics", s.handleMetrics)
	s.route(http.MethodGet, "/v1/openapi.json", s.handleOpenAPI)
	s.registerFactorRoutes()
	s.registerAuthRoutes()
	s.registerBackupRoutes()
	s.registerProductRoutes()
	s.registerStudyRoutes()
	s.registerApplicationRoutes()
	s.registerCertificateRoutes()
	s.registerAuditRoutes()
	for _, r := range e.Routes() {
		s.routePaths[r.Path] = true
	}
	return s
}

// ServeHTTP makes the server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// Open starts listening on addr ("127.0.0.1:8080", ":0") and serves in the
// background. Addr returns the bound address.
func (s *Server) Open(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	s.ln = ln
	s.echo.Listener = ln
	go func() {
		if err := s.echo.Start(""); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.Logger.Error("serve", slog.Any("err", err))
		}
	}()
	return nil
}

// Addr returns the listening address, or nil before Open.
func (s *Server) Addr() net.Addr {
	if s.ln == nil {
		return nil
	}
	return s.ln.Addr()
}

// Close stops accepting connections and waits, until ctx ends, for in-flight
// requests to finish.
func (s *Server) Close(ctx context.Context) error { return s.echo.Shutdown(ctx) }

// Routes lists every registered route as "METHOD path", for the OpenAPI
// consistency check and documentation.
func (s *Server) Routes() []string {
	var out []string
	for _, r := range s.echo.Routes() {
		if r.Method == echo.RouteNotFound {
			continue
		}
		out = append(out, r.Method+" "+r.Path)
	}
	slices.Sort(out)
	return out
}

// dataResponse wraps every successful JSON body: {"data": …}.
type dataResponse struct {
	Data any `json:"data"`
	Meta any `json:"meta,omitempty"`
}

type healthResponse struct {
	Status  string `json:"status"`
	Version string `json:"version,omitempty"`
}

func (s *Server) handleHealth(c echo.Context) error {
	return c.JSON(http.StatusOK, healthResponse{Status: "ok", Version: s.Version})
}

// need returns 501 not_implemented when a route's service is not wired.
func need(ok bool, what string) error {
	if ok {
		return nil
	}
	return footprint.Errorf(footprint.ENOTIMPLEMENTED, "%s is not available on this server", what)
}

// principal returns the authenticated caller; routes with an access policy
// other than public always have one.
func principal(c echo.Context) *footprint.Principal {
	return footprint.PrincipalFromContext(c.Request().Context())
}

// parseID parses a path ID: a UUID in its canonical form only (36
// characters, lower case; uuid.Parse also takes braces, a urn: prefix, upper
// case and no hyphens), so that each record has exactly one URL.
func parseID(field, s string) (uuid.UUID, error) {
	id, err := uuid.Parse(s)
	if err != nil || id.String() != s {
		return uuid.Nil, footprint.FieldErrorf(footprint.EINVALID, field, "invalid ID %q: want a UUID such as 3f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80", truncate(s, 64))
	}
	return id, nil
}

// truncate shortens client input quoted back in an error message.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func itoa(i int) string { return strconv.Itoa(i) }
