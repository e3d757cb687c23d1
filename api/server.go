// Package api is the HTTP edge of the service: an echo v4 server exposing the
// footprint services as a versioned JSON API under /v1. It receives every
// dependency as a footprint interface; it never touches storage or PDF
// libraries directly.
package api

import (
	"compress/gzip"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	twolang "github.com/chengdu-pcf/pcf/footprint/bilingual"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
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

// Defaults of the HTTP server's connection limits (issue 13): without them
// net/http waits for ever, and a few hundred clients trickling their headers
// or bodies hold as many connections open.
const (
	// DefaultReadHeaderTimeout is how long a client may take to send its
	// request line and headers.
	DefaultReadHeaderTimeout = 10 * time.Second
	// DefaultReadTimeout is how long a client may take to send a whole
	// request, body included: an 8 MB upload (BodyLimit) needs about
	// 1.1 Mbit/s to arrive in time.
	DefaultReadTimeout = time.Minute
	// DefaultWriteTimeout bounds the handling and sending of one response,
	// from the end of the request headers; it is longer than RequestTimeout
	// so that a handler's own timeout answers first. The backup download is
	// exempt (it streams the whole database).
	DefaultWriteTimeout = 2 * time.Minute
	// DefaultIdleTimeout is how long a keep-alive connection may wait for
	// its next request.
	DefaultIdleTimeout = 2 * time.Minute
	// DefaultMaxHeaderBytes caps the request line and headers; larger
	// requests answer 431. A bearer token is under 100 bytes.
	DefaultMaxHeaderBytes = 64 << 10
	// DefaultBodyDrainTimeout bounds the reading of what a handler left of
	// a request body, once it has its outcome (Server.BodyDrainTimeout).
	// What is left of a body the service reads to its end is at most the
	// rest of a multipart epilogue or a chunked body's last chunk, already
	// sent or on its way: on a slow link (64 kbit/s) 2 s still carry 16 KB.
	// A client that has not sent the rest by then is trickling it, and the
	// connection is closed rather than hold the handler: without it, the
	// bound was the route's read deadline (a minute, 30 for an import:
	// ImportTimeout).
	DefaultBodyDrainTimeout = 2 * time.Second
)

// bodyDrainBytes is the most of a request body read after its handler has
// its outcome, to keep the connection: net/http's own bound
// (maxPostHandlerReadBytes, 256 KB) on what it reads of a body a handler
// did not consume before it answers.
const bodyDrainBytes = 256 << 10

// Server is the HTTP server. Set the service fields, then call NewServer's
// result's Open, or use it as an http.Handler. A route whose service is nil
// answers 501 not_implemented.
type Server struct {
	echo       *echo.Echo
	httpServer *http.Server // set by OpenListener
	ln         net.Listener
	metrics    *metrics
	routePaths map[string]bool     // registered route templates, for metric labels
	pages      map[string]bool     // "METHOD path" of the page routes (api/web.go)
	queries    map[string][]string // "METHOD path" → the query parameters the route takes
	published  sync.Map            // factor-set versions known to be published (they stay so)
	docsMu     sync.Mutex          // guards docs
	docs       *documentCache      // rendered certificate documents (certificate.go)
	lookups    *lookupLimiter      // per-client budget of public-fact lookups (certificate.go)
	verified   verifyMemo          // signature checks of the verification answers (certificate.go)
	pact       *pactState          // the PACT host's cache and pending answers (api/pact.go)
	sessions   *sessionStore       // signed-in pages (api/websession.go)

	// Services
	FactorService        footprint.FactorService
	AuthService          access.AuthService
	ProductService       footprint.ProductService
	StudyService         footprint.StudyService
	CertificationService certification.CertificationService
	KeyService           certification.KeyService
	Backup               Backuper

	// Restore says when the history of the copy the service's records were
	// restored from ends; nil, or a zero time, for records never restored.
	// The public verification's not_found says it (restoredNotFound): a
	// certificate issued after it may be one the restore lost.
	Restore Restorer

	// Database reports the size of the store for /metrics; nil leaves the
	// metric out.
	Database Database

	// CertificateRenderer draws certificate and label documents; nil makes
	// the download routes answer 501.
	CertificateRenderer certification.CertificateRenderer

	// BaseURL is the public base URL of the service, e.g.
	// "https://pcf.example.cn": QR codes and verification links encode
	// BaseURL followed by the verification path. It is never taken from a
	// request (Host, X-Forwarded-Proto): empty, the server issues and
	// prints no certificates (501 not_implemented). cmd sets it from
	// --base-url, or to the loopback address in local mode. A certificate
	// signs it (format 4, verify_base) unless LocalMode.
	BaseURL string

	// LocalMode says BaseURL is the loopback address of local mode (pcf
	// serve without --base-url): certificates issued then do not sign it
	// (format 3), so that a trial's QR codes do not lead to this machine
	// for good.
	LocalMode bool

	// PACT configures the PACT exchange: the allow-list of hosts that
	// asynchronous answers go to (api/pact.go).
	PACT PACTConfig

	// PACTSuppliers stores what the PACT exchange keeps: the suppliers'
	// PACT footprints manufacturers upload or fetch for their studies, the
	// holders' shares, the suppliers' endpoints and the asynchronous
	// answers (api/pact*.go); nil makes those routes answer 501.
	PACTSuppliers pact.Store

	// Logger receives request logs and internal errors.
	Logger *slog.Logger

	// Now returns the current time; injectable for tests.
	Now func() time.Time

	// Version is reported by /healthz and the pcf_build_info metric.
	Version string

	// Connection limits, applied by Open and OpenListener; NewServer sets
	// the Default values. Zero disables a timeout (net/http's default).
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	MaxHeaderBytes    int

	// BodyDrainTimeout bounds the reading of the rest of a request body
	// its handler stopped reading before its end (finishBody); NewServer
	// sets DefaultBodyDrainTimeout. Zero does not read it: the connection
	// is closed.
	BodyDrainTimeout time.Duration
}

// NewServer builds a server with its middleware and routes. Services must be
// set on the returned value before it handles requests.
func NewServer() *Server {
	s := &Server{
		echo:              echo.New(),
		routePaths:        map[string]bool{},
		pages:             map[string]bool{},
		lookups:           newLookupLimiter(),
		queries:           operationQueries(),
		pact:              newPACTState(),
		sessions:          newSessionStore(),
		Logger:            slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now:               time.Now,
		ReadHeaderTimeout: DefaultReadHeaderTimeout,
		ReadTimeout:       DefaultReadTimeout,
		WriteTimeout:      DefaultWriteTimeout,
		IdleTimeout:       DefaultIdleTimeout,
		MaxHeaderBytes:    DefaultMaxHeaderBytes,
		BodyDrainTimeout:  DefaultBodyDrainTimeout,
	}
	s.metrics = newMetrics(s)
	e := s.echo
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	e.Binder = strictBinder{}
	// The client address is the TCP peer unless SetTrustedProxies names the
	// reverse proxies whose X-Forwarded-For is believed, so a client cannot
	// escape the verification rate limit by inventing addresses.
	e.IPExtractor = echo.ExtractIPDirect()

	// Order matters: the request ID first so the logger can print it;
	// metrics next so they count every request with its final status; the
	// logger before Recover so it records the 500 made from a panic (echo
	// README); compression, body limit and timeout after. The query check
	// is a route's own, after its role check (register, api/policy.go).
	e.Use(middleware.RequestID())
	e.Use(s.strictTransport) // first, so that every answer carries it, an error's too
	e.Use(s.metricsMiddleware)
	e.Use(s.requestLogger())
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			s.Logger.Error("panic", slog.Any("err", err), slog.String("stack", string(stack)))
			return err
		},
	}))
	// Inside Recover and the logger, which answer a handler's error after
	// it returns: the answer to a request whose body is left unread must
	// know that its connection closes (guardBody).
	e.Use(s.guardBody)
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{Level: gzip.BestSpeed, MinLength: GzipMinLength, Skipper: skipGzip}))
	// The factor-set import has a body limit and a timeout of its own
	// (ImportBodyLimit, ImportTimeout; see factorimport.go).
	isImport := func(c echo.Context) bool { return c.Path() == importRoute }
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: BodyLimit, Skipper: isImport}))
	e.Use(middleware.ContextTimeoutWithConfig(middleware.ContextTimeoutConfig{Timeout: RequestTimeout, Skipper: isImport}))
	e.Use(s.pactGuard)
	e.Use(s.authenticate)
	e.Use(s.webAuth) // page sessions (api/websession.go)
	e.Use(s.writeDeadline)

	s.registerRoutes() // api/policy.go
	for _, r := range e.Routes() {
		s.routePaths[r.Path] = true
		if _, ok := s.queries[r.Method+" "+r.Path]; !ok && r.Method != echo.RouteNotFound && !s.pages[r.Method+" "+r.Path] {
			panic("api: no operation (query parameters) for " + r.Method + " " + r.Path)
		}
	}
	return s
}

// bodyKey is the context key of a request's trackedBody (guardBody).
const bodyKey = "api.body"

// trackedBody is a request body that records whether it was read to its
// end, or failed.
type trackedBody struct {
	io.ReadCloser
	n   int64 // bytes read
	eof bool  // a read returned io.EOF: the body was read to its end
	err error // the first read error other than io.EOF
}

func (b *trackedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n += int64(n)
	switch {
	case err == io.EOF:
		b.eof = true
	case err != nil && b.err == nil:
		b.err = err
	}
	return n, err
}

// guardBody makes sure that the connection of a request whose body is not
// read to its end carries no other request. A handler may stop reading a
// body part-way: a body over its limit, malformed JSON or CSV, a refusal
// before the body is read, a client's read deadline. net/http then reads
// the rest itself, or closes the connection, but not always: in full
// duplex (the import's progress stream, EnableFullDuplex) it leaves the
// body alone before the answer and, after the handler, keeps the
// connection when the rest cannot be read (malformed chunked encoding, a
// read deadline), so the next request was read from the middle of the old
// body (a desync: a request smuggled inside a body was answered); and it
// tells a body it gave up on by its own type, which a middleware's
// wrapper hides. After the handler, finishBody reads what is left within
// BodyDrainTimeout and bodyDrainBytes, and a body that still does not
// reach its end closes the connection (closeConnection). The progress
// stream, whose answer is sent before its handler returns, does the same
// before its last line is out of the handler (progressStream.closeBody).
func (s *Server) guardBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		// The request leaves with the body it came with, whatever the
		// middleware after put in its place: net/http tells the body it
		// gave by its type (an Expect: 100-continue body is asked for
		// only if read), and echo's BodyLimit leaves its reader, which
		// goes back to a pool for another request, in the request; a
		// request served again (tests reuse theirs) then came with it,
		// and the pool gave the same reader to wrap it, in a loop.
		req := c.Request()
		orig := req.Body
		defer func() { req.Body = orig }()
		if orig == nil || orig == http.NoBody {
			return next(c)
		}
		b := &trackedBody{ReadCloser: orig}
		req.Body = b
		c.Set(bodyKey, b)
		defer func() {
			if !s.finishBody(c) {
				closeConnection(c)
			}
		}()
		return next(c)
	}
}

// finishBody reads the rest of the request body within BodyDrainTimeout
// and bodyDrainBytes, and reports whether the body has been read to its
// end. A body whose read failed is not read again; a body nothing has
// read yet, sent with Expect: 100-continue, is not asked for.
func (s *Server) finishBody(c echo.Context) bool {
	b, _ := c.Get(bodyKey).(*trackedBody)
	if b == nil || b.eof {
		return true
	}
	if b.err != nil || s.BodyDrainTimeout <= 0 {
		return false
	}
	if b.n == 0 && strings.EqualFold(c.Request().Header.Get("Expect"), "100-continue") {
		return false
	}
	// A deadline replaces the route's (ImportTimeout for an import): the
	// client has its answer or its outcome line and has nothing to wait for.
	// Not every ResponseWriter has deadlines; their bodies do not trickle.
	_ = http.NewResponseController(c.Response()).SetReadDeadline(time.Now().Add(s.BodyDrainTimeout))
	_, _ = io.CopyN(io.Discard, b, bodyDrainBytes)
	return b.eof
}

// closeConnection makes net/http close the request's connection after
// the answer, whether or not its headers are sent. http.MaxBytesReader
// read past its limit is how a handler says so (it "tells the
// ResponseWriter to close the connection after the limit has been
// reached"): net/http then writes the answer to its end, shuts the
// connection's writing side and closes it, as after a body over a limit,
// and never reads another request on it. The ResponseWriter it tells is
// net/http's own, under echo's and any middleware's wrappers; the header
// is set too for a writer that is not (tests' recorders). HTTP/2 has no
// such desync (a body is its stream's frames) and no Connection header.
func closeConnection(c echo.Context) {
	if c.Request().ProtoMajor != 1 {
		return
	}
	var w http.ResponseWriter = c.Response()
	for {
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			break
		}
		w = u.Unwrap()
	}
	var one [1]byte
	_, _ = http.MaxBytesReader(w, io.NopCloser(strings.NewReader("x")), 0).Read(one[:])
	if !c.Response().Committed {
		c.Response().Header().Set(echo.HeaderConnection, "close")
	}
}

// SetTrustedProxies names the reverse proxies in front of the server: from
// a peer in one of nets, the client address is taken from X-Forwarded-For
// (the nearest address not itself a trusted proxy); from any other peer the
// header is ignored. Rate limits and logs both use that address. With no
// nets (the default) only the TCP peer counts. Call it before serving.
func (s *Server) SetTrustedProxies(nets []*net.IPNet) {
	if len(nets) == 0 {
		s.echo.IPExtractor = echo.ExtractIPDirect()
		return
	}
	// echo trusts loopback, link-local and private peers by default: only
	// the configured ranges may speak for a client here.
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range nets {
		opts = append(opts, echo.TrustIPRange(n))
	}
	s.echo.IPExtractor = echo.ExtractIPFromXFFHeader(opts...)
}

// ServeHTTP makes the server an http.Handler. HEAD is answered on every
// GET route (RFC 9110 §9.3.2): the request is routed as its GET, while
// net/http, which keeps the original request, sends the headers only.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodHead {
		r = r.WithContext(context.WithValue(r.Context(), headKey{}, true))
		r.Method = http.MethodGet
	}
	s.echo.ServeHTTP(w, r)
}

// Open starts listening on addr ("127.0.0.1:8080", ":0") and serves in the
// background. Addr returns the bound address.
func (s *Server) Open(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return s.OpenListener(ln)
}

// OpenListener serves on ln in the background, with the server's connection
// limits. It lets a caller bind the port before doing anything else.
func (s *Server) OpenListener(ln net.Listener) error {
	s.ln = ln
	s.httpServer = s.serve(ln, nil)
	return nil
}

// ServeTLS serves s over HTTPS with cfg on ln in the background, with the
// server's connection limits, as OpenListener serves it over HTTP (pcf
// serve's second listener). The caller shuts the returned server down.
func (s *Server) ServeTLS(ln net.Listener, cfg *tls.Config) *http.Server {
	return s.serve(ln, cfg)
}

// serve serves s on ln in the background, over HTTPS with cfg or plain
// HTTP when cfg is nil; it logs connection errors as warnings, and a
// failure to serve as an error.
func (s *Server) serve(ln net.Listener, cfg *tls.Config) *http.Server {
	srv := &http.Server{
		Handler:           s,
		TLSConfig:         cfg,
		ReadHeaderTimeout: s.ReadHeaderTimeout,
		ReadTimeout:       s.ReadTimeout,
		WriteTimeout:      s.WriteTimeout,
		IdleTimeout:       s.IdleTimeout,
		MaxHeaderBytes:    s.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.Logger.Handler(), slog.LevelWarn),
	}
	go func() {
		msg, err := "serve", error(nil)
		if cfg == nil {
			err = srv.Serve(ln)
		} else {
			msg, err = "serve TLS", srv.ServeTLS(ln, "", "")
		}
		if err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.Logger.Error(msg, slog.Any("err", err))
		}
	}()
	return srv
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
func (s *Server) Close(ctx context.Context) error {
	defer s.closePACT(ctx)
	if s.httpServer == nil {
		return nil
	}
	return s.httpServer.Shutdown(ctx)
}

// Routes lists every registered API route as "METHOD path", for the
// OpenAPI consistency check and documentation; PageRoutes lists the pages.
func (s *Server) Routes() []string {
	var out []string
	for _, r := range s.echo.Routes() {
		if r.Method == echo.RouteNotFound || s.pages[r.Method+" "+r.Path] {
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

// savedStatus is the status of a save that creates or updates: 201 when
// it created, else 200.
func savedStatus(created bool) int {
	if created {
		return http.StatusCreated
	}
	return http.StatusOK
}

// mapList maps each element of a list to its wire form; an empty list is
// [] in JSON, never null.
func mapList[T, U any](in []T, f func(T) U) []U {
	out := make([]U, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

type healthResponse struct {
	Status  string `json:"status"`
	Version string `json:"version,omitempty"`
}

// handleHealth is the liveness check: the process answers HTTP. It reads
// nothing, so a slow or broken database never gets a live server restarted.
func (s *Server) handleHealth(c echo.Context) error {
	return c.JSON(http.StatusOK, healthResponse{Status: "ok", Version: s.Version})
}

// ReadyTimeout bounds the database check of /readyz.
const ReadyTimeout = 2 * time.Second

// handleReady is the readiness check: it reads the factor sets (a cheap
// read of a few records) and answers 503 unavailable when the database
// cannot answer, so a load balancer sends no traffic to this instance.
func (s *Server) handleReady(c echo.Context) error {
	if s.FactorService == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable, "尚未就绪：没有数据库。not ready: no database")
	}
	ctx, cancel := context.WithTimeout(c.Request().Context(), ReadyTimeout)
	defer cancel()
	if _, err := s.FactorService.FindFactorSets(ctx); err != nil {
		s.Logger.Error("readiness check", slog.Any("err", err))
		return echo.NewHTTPError(http.StatusServiceUnavailable, "尚未就绪：数据库没有应答。not ready: the database does not answer")
	}
	return c.JSON(http.StatusOK, healthResponse{Status: "ready", Version: s.Version})
}

// need returns 501 not_implemented when a route's service is not wired.
func need(ok bool, what string) error {
	if ok {
		return nil
	}
	return footprint.Errorf(footprint.ENOTIMPLEMENTED, "%s is not available on this server", what)
}

// ask answers a route whose answer is one read of a service this server
// may not have: 501 not_implemented naming what (as need) when svc is nil,
// else read, a method expression of the service's interface
// (certification.KeyService.PublicKeys), with the request's context.
func ask[S, T any](c echo.Context, svc S, what string, read func(S, context.Context) (T, error)) (T, error) {
	if err := need(any(svc) != nil, what); err != nil {
		var zero T
		return zero, err
	}
	return read(svc, c.Request().Context())
}

// principal returns the authenticated caller; routes with an access policy
// other than public always have one.
func principal(c echo.Context) *access.Principal {
	return access.PrincipalFromContext(c.Request().Context())
}

// parseID parses a path ID: a UUID in its canonical form only (36
// characters, lower case; uuid.Parse also takes braces, a urn: prefix, upper
// case and no hyphens), so that each record has exactly one URL.
func parseID(field, s string) (uuid.UUID, error) {
	id, err := uuid.Parse(s)
	if err != nil || id.String() != s {
		return uuid.Nil, footprint.FieldErrorf(footprint.EINVALID, field, "编号 %[1]q 无效,须为 UUID,例如 3f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80。invalid ID %[1]q: want a UUID such as 3f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80", truncate(s, 64))
	}
	return id, nil
}

// truncate shortens client input quoted back in an error message, to at
// most n bytes and whole characters (twolang.Clip).
func truncate(s string, n int) string { return twolang.Clip(s, n) }

func itoa(i int) string { return strconv.Itoa(i) }
