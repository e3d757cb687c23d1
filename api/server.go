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
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
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
// result's Open, or use it as an http.Handler.
type Server struct {
	echo *echo.Echo
	ln   net.Listener

	// Services
	FactorService footprint.FactorService
	AuthService   footprint.AuthService

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
		echo:   echo.New(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now:    time.Now,
	}
	e := s.echo
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError

	// Order matters: the request ID first so the logger can print it; the
	// logger before Recover so it records the 500 made from a panic
	// (echo README); body limit and timeout last.
	e.Use(middleware.RequestID())
	e.Use(middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		HandleError:  true,
		LogStatus:    true,
		LogURI:       true,
		LogMethod:    true,
		LogLatency:   true,
		LogRequestID: true,
		LogError:     true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			attrs := []slog.Attr{
				slog.String("id", v.RequestID), slog.String("method", v.Method),
				slog.String("uri", v.URI), slog.Int("status", v.Status),
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

	e.GET("/healthz", s.handleHealth)
	v1 := e.Group("/v1")
	s.registerFactorRoutes(v1)
	s.registerAuthRoutes(v1)
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
		out = append(out, r.Method+" "+r.Path)
	}
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
