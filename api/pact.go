package api

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

// The PACT API (WBCSD Partnership for Carbon Transparency, Technical
// Specifications v2.3 and v3.0; docs/pact.md): the service is a PACT host
// whose footprints are its certificates. Partners authenticate at
// /auth/token with their API key as OAuth2 client credentials (HTTP Basic),
// then list and read footprints and send events with the access token.
//
// The PACT routes answer in the PACT error format ({"code", "message"},
// handlePACTError), are served over HTTPS only (pactGuard), and check their
// query parameters themselves (checkQuery leaves them alone: v3 names are
// case-insensitive and x- parameters are extensions).

// pactRoutes are the PACT routes and their specification major version.
var pactRoutes = map[string]int{
	"/2/footprints": 2, "/2/footprints/:id": 2, "/2/events": 2,
	"/3/footprints": 3, "/3/footprints/:id": 3, "/3/events": 3,
}

// pactTokenRoute is the PACT authentication endpoint (Action Authenticate),
// at the root as PACT requires; it is the same grant as /v1/auth/token.
const pactTokenRoute = "/auth/token"

// pactVersion returns the PACT major version of a route, 0 for a route that
// is not a PACT route.
func pactVersion(path string) int { return pactRoutes[path] }

// PACT limits.
const (
	// PACTDefaultLimit is the page size of ListFootprints without a limit.
	PACTDefaultLimit = 100
	// PACTMaxLimit caps the limit a client asks for.
	PACTMaxLimit = 1000
	// PACTMaxOffset caps the offset of ListFootprints, which skips
	// matches one by one (each read, checked and mapped): a deeper page
	// is reached through the Link header's cursor, which costs what the
	// page lists. Red team 69: any PACT client could ask for a walk of
	// every certificate (offset=1000000000) on each request.
	PACTMaxOffset = PACTMaxLimit
	// PACTMaxPageReads is how many certificates one ListFootprints page
	// reads at most (PACTConfig.MaxPageReads). A filter few certificates
	// meet, on what the index does not answer (ne, a range of countries,
	// a GTIN), walked every certificate for each page: a page that has
	// read this many ends there, with the matches it found (perhaps
	// none) and a Link continuing after the last certificate read (red
	// team 69).
	PACTMaxPageReads = 10 * PACTMaxLimit
)

// PACTConfig configures the PACT exchange.
type PACTConfig struct {
	// Callbacks is the allow-list of hosts the service answers
	// asynchronous requests (RequestCreated events) to, each with the
	// client credentials it authenticates there with. A request whose
	// source is not listed is refused at once (400), so the service never
	// sends data or credentials to a host nobody configured. A host that
	// received footprints in an answer is sent, with the same
	// credentials, a Published event when their status changes
	// (docs/pact.md).
	Callbacks []PACTCallback

	// Suppliers is the allow-list of suppliers' PACT hosts manufacturers
	// may register and fetch footprints from (the same kind of list:
	// nothing is called that the operator did not configure).
	Suppliers []PACTHost

	// Client sends the answers. Nil: a client with a 30 s timeout and the
	// system's root certificates.
	Client *http.Client

	// Retries of an answer: the first wait is RetryBase, doubling up to
	// RetryMax, for at most RetryFor after the request (PACT: retry with
	// back-off, give up after 72 hours). Zero values take the defaults.
	// Answers wait in the store (pact.Outbox), so a restart resumes them.
	RetryBase, RetryMax, RetryFor time.Duration

	// MaxAnswer is the most footprints one asynchronous answer holds
	// (0: PACTMaxLimit). A request that more match is answered Rejected
	// (BadRequest, "narrow it"), so an answer's size, and the walk that
	// finds it, stay bounded however many certificates there are.
	MaxAnswer int

	// MaxPageReads is the most certificates one ListFootprints page
	// reads (0: PACTMaxPageReads).
	MaxPageReads int
}

// PACTCallback is a host the service may send asynchronous answers to.
type PACTCallback struct {
	// URL is the base URL of the requester's PACT host, e.g.
	// "https://buyer.example.com" or "https://127.0.0.1:9443" for a local
	// test; answers go to URL + "/auth/token" and URL + "/2/events" (or
	// "/3/events"). It must be https.
	URL string `json:"url"`

	// ClientID and ClientSecret are the credentials the service presents
	// at URL + "/auth/token" (HTTP Basic).
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`

	// Organization, if set, is the organisation (its name in this
	// service) the host belongs to: only that organisation's requests
	// are answered there, with the private details holders shared with
	// it. Empty, the host answers any organisation's requests with the
	// public facts only, so that details shared with one organisation
	// never travel to a host the operator configured for another.
	Organization string `json:"organization,omitempty"`
}

// Validate returns EINVALID for a callback that is not an https base URL
// without query or fragment.
func (cb PACTCallback) Validate() error {
	u, err := url.Parse(cb.URL)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return footprint.FieldErrorf(footprint.EINVALID, "callbacks.url", "callback %q: want an https base URL such as https://buyer.example.com", cb.URL)
	}
	return nil
}

// Default retry schedule of asynchronous answers.
const (
	defaultPACTRetryBase = 5 * time.Second
	defaultPACTRetryMax  = time.Hour
	defaultPACTRetryFor  = 72 * time.Hour
)

// pactState is the PACT host's runtime state: the facts of certified
// studies (immutable, so cached) and the answers being sent.
type pactState struct {
	mu    sync.Mutex
	facts map[uuid.UUID]pact.Facts

	ctx    context.Context // ends when the server closes: pending answers stop
	cancel context.CancelFunc
	wg     sync.WaitGroup
	start  sync.Once     // starts runPACTOutbox
	kick   chan struct{} // wakes runPACTOutbox when an answer is queued
}

// maxCachedFacts bounds the facts cache; it is cleared when full.
const maxCachedFacts = 10000

func newPACTState() *pactState {
	ctx, cancel := context.WithCancel(context.Background())
	return &pactState{facts: map[uuid.UUID]pact.Facts{}, ctx: ctx, cancel: cancel, kick: make(chan struct{}, 1)}
}

// closePACT stops the answers still being sent and waits until ctx ends for
// them to return.
func (s *Server) closePACT(ctx context.Context) {
	s.pact.cancel()
	done := make(chan struct{})
	go func() { s.pact.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
}

// pactGuard refuses a PACT request that did not come over TLS: PACT is
// HTTPS only, and a token or footprint must never cross the network in the
// clear. (A server started without TLS therefore serves no PACT route.)
func (s *Server) pactGuard(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		path := c.Path()
		if c.Request().TLS != nil || (path != pactTokenRoute && pactVersion(path) == 0) {
			return next(c)
		}
		const msg = "the PACT API is served over HTTPS only: call https://… with the same host and path"
		if path == pactTokenRoute {
			return c.JSON(http.StatusBadRequest, oauthError{Error: "invalid_request", Description: msg})
		}
		// The OAuth error_description above is ASCII (RFC 6749 §5.2);
		// the PACT message is free text, said in Chinese first.
		return &pactError{status: http.StatusForbidden, code: "AccessDenied", message: say("the PACT API is served over HTTPS only: call https://… with the same host and path")}
	}
}

// pactError is an error answered as it is, in the PACT format.
type pactError struct {
	status        int
	code, message string
}

func (e *pactError) Error() string { return e.code + ": " + e.message }

// pactBody is the PACT error body.
type pactBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// handlePACTError writes an error of a PACT route in the PACT format, with
// the status and code of the route's specification version (v2 §6.9, v3
// Error): an invalid token is BadRequest (400 in v2, 401 in v3), an expired
// one 401 TokenExpired, an unknown footprint 404 NoSuchFootprint (v2) or
// NotFound (v3), an unsupported feature NotImplemented (400 in v2, 501 in
// v3). Internal errors are logged here and answered with a generic message.
func (s *Server) handlePACTError(err error, c echo.Context, version int) {
	status, body := pactStatus(err, version)
	if status == http.StatusUnauthorized {
		c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="pact"`)
	}
	c.Set(errorCodeKey, body.Code)
	if status >= 500 && status != http.StatusNotImplemented {
		s.Logger.Error("request failed", slog.String("request_id", c.Response().Header().Get(echo.HeaderXRequestID)),
			slog.String("method", requestMethod(c)), slog.String("path", c.Request().URL.Path), slog.Any("err", err))
	}
	if isHEAD(c) {
		err = c.NoContent(status)
	} else {
		err = c.JSON(status, body)
	}
	if err != nil {
		s.Logger.Error("write error response", slog.Any("err", err))
	}
}

func pactStatus(err error, version int) (int, pactBody) {
	var pe *pactError
	if errors.As(err, &pe) {
		return pe.status, pactBody{pe.code, pe.message}
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		msg := strings.ToLower(http.StatusText(he.Code))
		if m, ok := he.Message.(string); ok && he.Code < 500 {
			msg = m
		}
		msg = httpMessage(he.Code, msg) // Chinese first, as every other message (red team 64)
		switch {
		case he.Code == http.StatusForbidden:
			return he.Code, pactBody{"AccessDenied", msg}
		case he.Code == http.StatusNotFound:
			return he.Code, pactBody{notFoundCode(version), msg}
		case he.Code < 500:
			return he.Code, pactBody{"BadRequest", msg}
		}
		return http.StatusInternalServerError, pactBody{"InternalError", say("internal error")}
	}
	msg := footprint.ErrorMessage(err)
	if f := footprint.ErrorField(err); f != "" {
		msg = f + ": " + msg
	}
	switch footprint.ErrorCode(err) {
	case footprint.EUNAUTHORIZED, access.ERESTOREDKEY, access.EKEYAWAITSORG:
		if errors.Is(err, access.ErrTokenExpired) {
			return http.StatusUnauthorized, pactBody{"TokenExpired", say("the access token has expired: get a new one at /auth/token")}
		}
		if version == 2 {
			return http.StatusBadRequest, pactBody{"BadRequest", say("invalid or missing access token: %s", msg)}
		}
		return http.StatusUnauthorized, pactBody{"BadRequest", say("invalid or missing access token: %s", msg)}
	case footprint.EFORBIDDEN:
		return http.StatusForbidden, pactBody{"AccessDenied", msg}
	case footprint.ENOTFOUND:
		return http.StatusNotFound, pactBody{notFoundCode(version), msg}
	case footprint.ENOTIMPLEMENTED:
		if version == 2 {
			return http.StatusBadRequest, pactBody{"NotImplemented", msg}
		}
		return http.StatusNotImplemented, pactBody{"NotImplemented", msg}
	case footprint.EINVALID, footprint.ECONFLICT:
		return http.StatusBadRequest, pactBody{"BadRequest", msg}
	}
	return http.StatusInternalServerError, pactBody{"InternalError", say("internal error")}
}

func notFoundCode(version int) string {
	if version == 2 {
		return "NoSuchFootprint"
	}
	return "NotFound"
}

// pactOptions returns the mapping options: the issuer domain of the URNs
// is the host of the configured public base URL, never the host a client
// called (issue 10 item 4: what the service states about itself is
// configuration). Without a base URL the service is in no state to speak
// for a domain and says "localhost".
func (s *Server) pactOptions() pact.Options {
	host := "localhost"
	if u, err := url.Parse(s.BaseURL); err == nil && s.BaseURL != "" && u.Host != "" {
		host = u.Host
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	return pact.Options{Issuer: host, BaseURL: s.BaseURL}
}

// pactWalkPage is how many certificates pactWalk reads at a time.
const pactWalkPage = 100

// pactWalk calls visit with the footprints organisation org is entitled
// to, in certificate-number order from the certificate after cursor (a
// certification.CertificateFilter cursor; "" from the first), each with
// the cursor that continues after it, until visit returns false: the
// public facts of every certificate whose footprint is available (valid,
// expired, superseded, withdrawn; not suspended), with the private
// details of those their holders shared with org (pactEntitlement), and
// the CPC code a holder declared. This is the one place that decides what
// a PACT client sees in a list or an answer. It reads only the
// certificates up to where visit stops, so a page costs what it lists,
// not what the database holds. A certificate it reads and withholds
// (suspended, flagged upstream, failing its signature check) is visited
// as nil, so that a caller bounding its reads counts it too.
func (s *Server) pactWalk(ctx context.Context, opt pact.Options, org, cursor string, filter any, visit func(f *pact.Footprint, after string) (bool, error)) error {
	if err := need(s.CertificationService != nil && s.StudyService != nil, "the PACT API"); err != nil {
		return err
	}
	ent, err := s.pactEntitlement(ctx, org)
	if err != nil {
		return err
	}
	holder, none, err := s.pactHolder(ctx, filter)
	if err != nil || none {
		return err
	}
	for {
		page, next, err := s.pactCandidates(ctx, certification.CertificateFilter{Cursor: cursor, Limit: pactWalkPage, Manufacturer: holder}, filter)
		if err != nil {
			return err
		}
		ids := make([]uuid.UUID, len(page))
		for i, rec := range page {
			ids[i] = rec.Certificate().ID
		}
		cpcs, err := s.declaredCPCs(ctx, ids)
		if err != nil {
			return err
		}
		for _, rec := range page {
			// Asked of each record as it comes, so that a list that
			// stops early reads no key alerts past where it stops.
			reason, err := s.pactWithheld(ctx, rec)
			if err != nil {
				return err
			}
			var f *pact.Footprint
			if reason == "" {
				switch f, err = s.pactFootprint(ctx, rec, opt); {
				case errors.Is(err, errPACTSignature):
					f = nil
				case err != nil:
					return err
				default:
					f = ent.view(f, opt).WithDeclaredCPC(cpcs[f.ID])
				}
			}
			more, err := visit(f, certification.CertificateCursor(rec.Certificate().Number))
			if err != nil || !more {
				return err
			}
		}
		if next == "" {
			return nil
		}
		cursor = next
	}
}

// pactCandidates returns a page of the certificates filter (a
// *pact.Filter or *pact.FilterV2) can select, as FindCertificates does for
// f: through the store's PACT index (pact.Index), which reads only those
// that meet the conditions it indexes (geography, classification, CPC
// code, dates, status); every certificate without a store or a filter.
// The walk applies the whole filter to what it returns.
func (s *Server) pactCandidates(ctx context.Context, f certification.CertificateFilter, filter any) ([]*certification.CertificateRecord, string, error) {
	q, ok := filter.(interface{ Lookups() []pact.Lookup })
	if !ok || s.PACTSuppliers == nil {
		return s.CertificationService.FindCertificates(ctx, f)
	}
	return s.PACTSuppliers.FindFootprints(ctx, f, q.Lookups())
}

// pactHolder narrows a walk for filter (a *pact.Filter; any other walks
// every certificate): the name of the one organisation whose certificates
// alone can match (Filter.Holder; IDs are compared ignoring case, so it is
// the one organisation whose name is that name in any case), read through
// the owner index; none when no organisation has the name; nil to walk
// every certificate (IDs that name no one organisation, or two
// organisations with the name in different cases).
func (s *Server) pactHolder(ctx context.Context, filter any) (holder *string, none bool, err error) {
	f, ok := filter.(*pact.Filter)
	if !ok || s.AuthService == nil {
		return nil, false, nil
	}
	name, ok := f.Holder()
	if !ok {
		return nil, false, nil
	}
	orgs, err := s.AuthService.FindOrganizations(ctx)
	if err != nil {
		return nil, false, err
	}
	var match []string
	for _, o := range orgs {
		if strings.EqualFold(o.Name, name) {
			match = append(match, o.Name)
		}
	}
	if len(match) != 1 {
		return nil, len(match) == 0, nil
	}
	return &match[0], false, nil
}

// pactPage returns, from the certificate after cursor on ("" from the
// first), the footprints organisation org is entitled to that filter
// selects, in version (pactEncode; v2 leaves out those it cannot state):
// it passes over the first skip, takes at most max (at least 1), and
// returns the cursor after the last one taken when another follows (""
// when none does). It stops at that one, so a page costs what it lists.
// Nor does it read more than budget certificates (0: no bound; a list
// page's is PACTConfig.MaxPageReads): at that many it ends the page with
// what it found and the cursor after the last certificate read, and
// returns how many of skip are still to pass over (red team 69: a filter
// few certificates meet walked them all for each page).
func (s *Server) pactPage(ctx context.Context, opt pact.Options, org, cursor string, version int, filter interface{ Match(*pact.Footprint) bool }, skip, max, budget int) ([]any, string, int, error) {
	out, next, last := []any{}, "", ""
	reads := 0
	err := s.pactWalk(ctx, opt, org, cursor, filter, func(f *pact.Footprint, after string) (bool, error) {
		reads++
		var w any
		var err error
		match := f != nil && filter.Match(f) // nil: read and withheld (pactWalk)
		if match {
			w, err = pactEncode(version, f)
		}
		switch {
		case !match || errors.Is(err, pact.ErrNoCPC):
		case err != nil:
			return false, err
		case skip > 0:
			skip--
		case len(out) == max:
			next = last
			return false, nil
		default:
			out, last = append(out, w), after
		}
		if budget > 0 && reads >= budget {
			next = after
			return false, nil
		}
		return true, nil
	})
	return out, next, skip, err
}

// pactForm is one certificate's footprint as the caller may see it
// (pactViewFor) in PACT version 2 or 3; pact.ErrNoCPC when it has no v2
// form.
func (s *Server) pactForm(ctx context.Context, rec *certification.CertificateRecord, version int) (any, error) {
	f, err := s.pactViewFor(ctx, rec)
	if err != nil {
		return nil, err
	}
	return pactEncode(version, f)
}

// pactEncode writes a footprint in PACT version 2 or 3; pact.ErrNoCPC
// when it has no v2 form.
func pactEncode(version int, f *pact.Footprint) (any, error) {
	if version == 3 {
		return f.V3(), nil
	}
	return f.V2()
}

// pactViewFor maps one certificate record as the caller may see it.
func (s *Server) pactViewFor(ctx context.Context, rec *certification.CertificateRecord) (*pact.Footprint, error) {
	opt := s.pactOptions()
	f, err := s.pactFootprint(ctx, rec, opt)
	if err != nil {
		return nil, err
	}
	ent, err := s.pactEntitlement(ctx, callerOrg(ctx))
	if err != nil {
		return nil, err
	}
	cpcs, err := s.declaredCPCs(ctx, []uuid.UUID{f.ID})
	if err != nil {
		return nil, err
	}
	return ent.view(f, opt).WithDeclaredCPC(cpcs[f.ID]), nil
}

// declaredCPCs reads the CPC codes holders declared for PACT v2 of the
// footprints ids.
func (s *Server) declaredCPCs(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]string, error) {
	if s.PACTSuppliers == nil {
		return nil, nil
	}
	return s.PACTSuppliers.DeclaredCPCs(ctx, ids)
}

// errPACTSignature is the error of pactFootprint for a record that fails
// the server's own signature check: the footprint is withheld, left out of
// a list rather than failing it for every partner, refused alone as
// withheld, and logged as the integrity failure it is. It says it in
// Chinese, then in English, as an argument of a message the tables of
// footprint/internal/errzh translate, each half to its own half (it was
// one string of both, "fails the service's signature check (签名未通过验
// 证)", set whole into each half).
var errPACTSignature = errors.New("未通过本服务的签名验证。fails the service's signature check")

// pactSignatureError is errPACTSignature said of one certificate record,
// in Chinese and English (its number and status in each half).
type pactSignatureError struct{ msg string }

func (e *pactSignatureError) Error() string { return e.msg }
func (e *pactSignatureError) Unwrap() error { return errPACTSignature }

// pactFootprint maps one certificate record, reading the facts of its
// study once (they never change). A certificate whose signature fails the
// server's own check against the published keys (its record edited in the
// database, or its key lost) is not stated (errPACTSignature): the
// verification page tells a person not to rely on it, and a buyer's system
// reads no such warning in a footprint. Checked on every answer
// (verifyMemo makes a repeat cheap), not once with the facts: a record
// edited after it was first served must fail too.
func (s *Server) pactFootprint(ctx context.Context, rec *certification.CertificateRecord, opt pact.Options) (*pact.Footprint, error) {
	c := rec.Certificate()
	if s.KeyService != nil { // every time, cached facts or not: a record can be edited after it was first served
		keys, err := s.KeyService.PublicKeys(ctx)
		if err != nil {
			return nil, err
		}
		if err := s.verified.verify(c.ID, rec.Signed, certification.HeldKeys(keys)); err != nil {
			s.Logger.Error("PACT: a certificate record fails its signature check; its footprint is withheld", slog.String("certificate", c.Number), slog.Any("err", err))
			zh, en, _ := splitBilingual(errPACTSignature.Error())
			return nil, &pactSignatureError{fmt.Sprintf("证书 %s（%s）的记录%scertificate %s %s on record %s", c.Number, certification.StatusZH(rec.Status), zh, c.Number, rec.Status, en)}
		}
	}
	s.pact.mu.Lock()
	facts, ok := s.pact.facts[c.ID]
	s.pact.mu.Unlock()
	if !ok {
		st, err := s.StudyService.FindStudyByID(ctx, c.StudyID)
		if err != nil {
			return nil, fmt.Errorf("pact: study of certificate %s: %w", c.Number, err)
		}
		if facts, err = pact.FactsFromStudy(c, st); err != nil {
			// The stored result is not the certified one: an integrity
			// failure, never the client's fault.
			return nil, fmt.Errorf("pact: certificate %s: %s", c.Number, footprint.ErrorMessage(err))
		}
		facts.DQI, _ = pact.DQIFromStudy(st, s.factorQuality(ctx))
		s.pact.mu.Lock()
		if len(s.pact.facts) >= maxCachedFacts {
			clear(s.pact.facts)
		}
		s.pact.facts[c.ID] = facts
		s.pact.mu.Unlock()
	}
	return pact.New(rec, facts, opt)
}

// factorQuality reads factors' data-quality ratings for DQIFromStudy; a
// factor it cannot read has none (the indicators are then left out).
func (s *Server) factorQuality(ctx context.Context) pact.FactorQuality {
	if s.FactorService == nil {
		return nil
	}
	return func(set, code string) (footprint.DataQuality, bool) {
		f, err := s.FactorService.FindFactorByCode(ctx, set, code)
		if err != nil {
			return footprint.DataQuality{}, false
		}
		return f.Quality, f.Quality.DQR() > 0
	}
}

// pactData is the {"data": …} body of the PACT responses.
type pactData struct {
	Data any `json:"data"`
}

// handlePACTFootprintIndex is Action ListFootprints: the footprints the
// caller may see, filtered ($filter in v2; the v3 parameters), a page of at
// most limit with a Link to the next (RFC 8288, absolute, on the host the
// client called). The list is in certificate-number order, which new
// certificates only extend; the next link's cursor continues after the
// last footprint of the page, so it stays valid, can be called again, and
// costs what the page lists however deep it is (offset, still taken,
// skips matches one by one, at most PACTMaxOffset of them).
func (s *Server) handlePACTFootprintIndex(c echo.Context) error {
	version := pactVersion(c.Path())
	if err := pactQueryEscapes(c); err != nil {
		return err
	}
	q := c.QueryParams()
	limit, offset, cursor := PACTDefaultLimit, 0, ""
	var filter interface{ Match(*pact.Footprint) bool }
	filter = &pact.Filter{}
	var extensions []string
	for name, vs := range q {
		lower := strings.ToLower(name)
		switch {
		case lower == "cursor":
			if len(vs) != 1 || vs[0] == "" {
				return &pactError{http.StatusBadRequest, "BadRequest", say("%s may be given once, not empty", name)}
			}
			cursor = vs[0]
		case lower == "limit" || lower == "offset":
			if len(vs) != 1 {
				return &pactError{http.StatusBadRequest, "BadRequest", say("%s may be given once", name)}
			}
			n, err := strconv.Atoi(vs[0])
			if err != nil || n < 0 || (lower == "limit" && n == 0) {
				return &pactError{http.StatusBadRequest, "BadRequest", say("%s: want a positive integer, not %q", name, truncate(vs[0], 32))}
			}
			switch {
			case lower == "limit":
				limit = min(n, PACTMaxLimit)
			case n > PACTMaxOffset:
				return &pactError{http.StatusBadRequest, "BadRequest", say("参数 %[1]s 至多为 %[2]d，而非 %[3]d：更深的页请沿 Link 头给出的下一页地址（其 cursor 从上一页结束处继续，不逐条跳过之前的足迹）。%[1]s is at most %[2]d, not %[3]d: for deeper pages follow the Link header's next URL (its cursor continues where a page ended, without walking the footprints before it)", name, PACTMaxOffset, n)}
			default:
				offset = n
			}
		case version == 2 && name == "$filter":
			if len(vs) != 1 {
				return &pactError{http.StatusBadRequest, "BadRequest", say("$filter may be given once")}
			}
			f, err := pact.ParseFilterV2(vs[0])
			if err != nil {
				return err
			}
			filter = f
		case version == 3 && pact.IsFilterParam(name):
		case strings.HasPrefix(lower, "x-"):
			extensions = append(extensions, name)
		default:
			if version == 2 {
				return &pactError{http.StatusBadRequest, "BadRequest", say("unknown query parameter %q (ListFootprints takes limit and $filter)", truncate(name, 64))}
			}
			return &pactError{http.StatusBadRequest, "BadRequest", say("unknown query parameter %q (ListFootprints takes limit, productId, companyId, geography, classification, validOn, validAfter, validBefore and status)", truncate(name, 64))}
		}
	}
	if len(extensions) > 0 {
		slices.Sort(extensions)
		return footprint.FieldErrorf(footprint.ENOTIMPLEMENTED, extensions[0], "filter extension %q is not supported", truncate(extensions[0], 64))
	}
	if version == 3 {
		f, err := pact.ParseFilter(q)
		if err != nil {
			return err
		}
		filter = f
	}
	// The page: skip offset matches from the cursor on, take limit, and
	// look for one more, whose presence gives the Link; the cursor of the
	// next page continues after the last footprint of this one.
	ctx := c.Request().Context()
	page, next, rest, err := s.pactPage(ctx, s.pactOptions(), callerOrg(ctx), cursor, version, filter, offset, limit, cmp.Or(s.PACT.MaxPageReads, PACTMaxPageReads))
	if err != nil {
		return err
	}
	if next != "" {
		c.Response().Header().Set("Link", fmt.Sprintf("<%s>; rel=\"next\"", pactNextURL(c, next, limit, rest)))
	}
	return c.JSON(http.StatusOK, pactData{Data: page})
}

// pactNextURL is the absolute URL of the next page: the request's scheme
// (https), host and path, its query with the cursor and limit set and no
// offset but the matches still to pass over (skip: a page that ended at
// its reads before the offset was passed).
func pactNextURL(c echo.Context, cursor string, limit, skip int) string {
	r := c.Request()
	q := r.URL.Query()
	for name := range q {
		if l := strings.ToLower(name); l == "offset" || l == "limit" || l == "cursor" {
			q.Del(name)
		}
	}
	q.Set("cursor", cursor)
	q.Set("limit", strconv.Itoa(limit))
	if skip > 0 {
		q.Set("offset", strconv.Itoa(skip))
	}
	u := url.URL{Scheme: "https", Host: r.Host, Path: r.URL.Path, RawQuery: q.Encode()}
	return u.String()
}

// handlePACTFootprintView is Action GetFootprint: the footprint with that
// ID (the certificate's), in its latest state, Deprecated included.
func (s *Server) handlePACTFootprintView(c echo.Context) error {
	version := pactVersion(c.Path())
	if err := pactNoQuery(c, "GetFootprint"); err != nil {
		return err
	}
	raw := c.Param("id")
	id, err := uuid.Parse(raw)
	if err != nil || len(raw) != 36 {
		return &pactError{http.StatusBadRequest, "BadRequest", say("invalid footprint ID %q: want a UUID", truncate(raw, 64))}
	}
	if err := need(s.CertificationService != nil && s.StudyService != nil, "the PACT API"); err != nil {
		return err
	}
	notFound := &pactError{http.StatusNotFound, notFoundCode(version), say("footprint %s does not exist", id)}
	rec, err := s.CertificationService.FindCertificateByID(c.Request().Context(), id)
	if footprint.ErrorCode(err) == footprint.ENOTFOUND {
		return notFound
	} else if certification.FailsRecordCheck(err) {
		return &pactError{http.StatusForbidden, "AccessDenied", say("footprint %s is not available: its certificate on record %s", id, errPACTSignature)}
	} else if err != nil {
		return err
	}
	if reason, err := s.pactWithheld(c.Request().Context(), rec); err != nil {
		return err
	} else if reason != "" {
		return &pactError{http.StatusForbidden, "AccessDenied", say("footprint %s is not available while its certificate is %s", id, reason)}
	}
	w, err := s.pactForm(c.Request().Context(), rec, version)
	if errors.Is(err, pact.ErrNoCPC) {
		notFound.message = say("footprint %[1]s has no PACT v2 form: its certificate names no UN CPC product code (productCategoryCpc); it is available at /3/footprints/%[1]s", id)
		return notFound
	} else if errors.Is(err, errPACTSignature) {
		return &pactError{http.StatusForbidden, "AccessDenied", say("footprint %s is not available: %s", id, err)}
	} else if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, pactData{Data: w})
}

// pactQueryEscapes is checkQueryEscapes in the PACT error format: a
// parameter that does not decode is refused, not dropped.
func pactQueryEscapes(c echo.Context) error {
	if err := checkQueryEscapes(c.Request().URL.RawQuery); err != nil {
		return &pactError{http.StatusBadRequest, "BadRequest", footprint.ErrorMessage(err)}
	}
	return nil
}

// pactNoQuery refuses any query parameter, naming the first.
func pactNoQuery(c echo.Context, action string) error {
	if err := pactQueryEscapes(c); err != nil {
		return err
	}
	var names []string
	for name := range c.QueryParams() {
		names = append(names, name)
	}
	if len(names) == 0 {
		return nil
	}
	slices.Sort(names)
	return &pactError{http.StatusBadRequest, "BadRequest", say("unknown query parameter %q (%s takes none)", truncate(names[0], 64), action)}
}

// handlePACTEvent is Action Events: a CloudEvents 1.0 event in structured
// mode. Published notifications and the answers to requests are checked and
// acknowledged (200, empty body); a RequestCreated event is accepted at once
// and answered later (queuePACTAnswer, runPACTOutbox).
func (s *Server) handlePACTEvent(c echo.Context) error {
	version := pactVersion(c.Path())
	if err := pactNoQuery(c, "Events"); err != nil {
		return err
	}
	// echo's binder refuses application/cloudevents+json (415): the body is
	// read and decoded here.
	if !isMediaType(c.Request(), "application/cloudevents+json") && !isMediaType(c.Request(), echo.MIMEApplicationJSON) {
		return &pactError{http.StatusBadRequest, "BadRequest", say("content type must be application/cloudevents+json; charset=UTF-8")}
	}
	body, err := io.ReadAll(io.LimitReader(c.Request().Body, pact.MaxEventBytes+1))
	if err != nil {
		return &pactError{http.StatusBadRequest, "BadRequest", say("could not read the event")}
	}
	if len(body) > pact.MaxEventBytes {
		return &pactError{http.StatusRequestEntityTooLarge, "BadRequest", say("the event is larger than %d bytes", pact.MaxEventBytes)}
	}
	ev, kind, err := pact.ParseEvent(version, body)
	if err != nil {
		return err
	}
	switch kind {
	case pact.KindPublished:
		if _, err := pact.ParsePublished(ev); err != nil {
			return err
		}
	case pact.KindFulfilled, pact.KindRejected:
		// The service sends no requests of its own yet, so an answer is
		// only checked and acknowledged.
		if err := pact.ParseAnswer(kind, ev); err != nil {
			return err
		}
	case pact.KindCreated:
		req, err := pact.ParseRequest(version, ev)
		if err != nil {
			return err
		}
		org := callerOrg(c.Request().Context())
		cb, target, err := s.pactCallback(ev.Source, org)
		if err != nil {
			return err
		}
		// The details shared with the requester go only to its own host.
		entitled := ""
		if cb.Organization != "" {
			entitled = org
		}
		if err := s.queuePACTAnswer(c.Request().Context(), version, ev, req, target, entitled); err != nil {
			return err
		}
	}
	return c.NoContent(http.StatusOK)
}

// pactCallback finds the allow-listed host a request of organisation org
// names as its source (pactCallbackFor). The source is a URI reference
// (CloudEvents): "https://buyer.example.com",
// "//buyer.example.com/2/events", with or without the events path. It
// returns EINVALID naming source when no callback matches, or when the
// host is bound to another organisation.
func (s *Server) pactCallback(source, org string) (PACTCallback, string, error) {
	src := strings.TrimSpace(source)
	if strings.HasPrefix(src, "//") {
		src = "https:" + src
	}
	u, err := url.Parse(src)
	if err == nil && u.Scheme == "https" && u.Host != "" {
		base := strings.TrimRight(u.Path, "/")
		for _, suffix := range []string{"/2/events", "/3/events"} {
			base = strings.TrimSuffix(base, suffix)
		}
		cb, ok := s.pactCallbackFor("https://"+strings.ToLower(u.Host)+base, org)
		if ok {
			return cb, strings.TrimRight(cb.URL, "/"), nil
		}
		if cb.URL != "" {
			return PACTCallback{}, "", footprint.FieldErrorf(footprint.EINVALID, "source",
				"cannot answer to %q: that host takes the answers of another organisation's requests only; name your own organisation's host", truncate(source, 100))
		}
	}
	return PACTCallback{}, "", footprint.FieldErrorf(footprint.EINVALID, "source",
		"cannot answer to %q: asynchronous answers go only to the https hosts this service is configured to call back", truncate(source, 100))
}

// pactCallbackFor finds the allow-listed callback of a base URL that may
// receive the answers of organisation org: one bound to org, else one
// bound to no organisation. When the URL is listed for other
// organisations only, it returns one of them (its URL set) and false.
func (s *Server) pactCallbackFor(base, org string) (PACTCallback, bool) {
	var unbound, foreign *PACTCallback
	for i, cb := range s.PACT.Callbacks {
		if !strings.EqualFold(strings.TrimRight(cb.URL, "/"), strings.TrimRight(base, "/")) {
			continue
		}
		switch cb.Organization {
		case "":
			unbound = &s.PACT.Callbacks[i]
		case org:
			return cb, true
		default:
			foreign = &s.PACT.Callbacks[i]
		}
	}
	if unbound != nil {
		return *unbound, true
	}
	if foreign != nil {
		return *foreign, false
	}
	return PACTCallback{}, false
}

// queuePACTAnswer finds the footprints a request asks for, with the
// details shared with organisation entitled ("" for the public facts
// only: the answer's host is not bound to the requester), writes the answer (Fulfilled, or Rejected
// when none match) and stores it in the outbox, from which
// runPACTOutbox delivers it. The answer is fixed when the request is
// accepted, so a restart sends the same answer; one that no longer states
// its footprints as they are (staleAnswer) is given up instead.
func (s *Server) queuePACTAnswer(ctx context.Context, version int, ev *pact.Event, r *pact.Request, target, entitled string) error {
	if err := need(s.PACTSuppliers != nil, "asynchronous PACT answers"); err != nil {
		return err
	}
	opt := s.pactOptions()
	org := callerOrg(ctx)
	// A request sent again is answered once (the store keeps one answer
	// per request); it is not worked out again either.
	if queued, err := s.PACTSuppliers.AnswerQueued(ctx, org, target, version, ev.ID); err != nil {
		return fmt.Errorf("pact: find queued answer: %w", err)
	} else if queued {
		return nil
	}
	max := cmp.Or(s.PACT.MaxAnswer, PACTMaxLimit)
	pfs, more, _, err := s.pactPage(ctx, opt, entitled, "", version, r.Filter, 0, max, 0)
	source := "//" + opt.Issuer + fmt.Sprintf("/%d/events", version)
	var answer *pact.Event
	if err == nil && more != "" {
		pfs = nil
		answer, err = pact.Reject(version, ev, uuid.NewString(), source, s.Now(), pact.ErrorBody{Code: "BadRequest",
			Message: say("more than %d footprints the requester may see match the request: narrow it (product or company IDs)", max)})
	} else if err == nil {
		answer, err = pact.Answer(version, ev, uuid.NewString(), source, s.Now(), pfs)
	}
	if err != nil {
		return err
	}
	body, err := jsonMarshal(answer)
	if err != nil {
		return err
	}
	now := time.Now()
	_, _, period := s.pactRetry()
	err = s.PACTSuppliers.QueueAnswer(ctx, &pact.OutboxAnswer{
		ID: answer.ID, RequestID: ev.ID, Requester: org, Bound: entitled != "", Version: version, Target: target, Type: answer.Type,
		Event: body, Footprints: len(pfs), CreatedAt: now, Deadline: now.Add(period), NextAt: now, State: pact.AnswerPending,
	})
	if err != nil {
		return err
	}
	s.StartPACTOutbox()
	select {
	case s.pact.kick <- struct{}{}:
	default:
	}
	return nil
}

// pactRetry returns the retry schedule, defaults applied.
func (s *Server) pactRetry() (base, maxWait, period time.Duration) {
	base, maxWait, period = s.PACT.RetryBase, s.PACT.RetryMax, s.PACT.RetryFor
	if base <= 0 {
		base = defaultPACTRetryBase
	}
	if maxWait <= 0 {
		maxWait = defaultPACTRetryMax
	}
	if period <= 0 {
		period = defaultPACTRetryFor
	}
	return base, maxWait, period
}

// StartPACTOutbox starts delivering the stored asynchronous answers,
// those of an earlier run included (pcf serve calls it at start); the first
// answer queued starts it too. It stops when the server closes. Calling it
// again does nothing.
func (s *Server) StartPACTOutbox() {
	s.pact.start.Do(func() {
		if s.PACTSuppliers == nil {
			return
		}
		s.pact.wg.Add(1)
		go s.runPACTOutbox()
	})
}

// pactOutboxBatch is how many due answers one round reads, beside those
// being attempted.
const pactOutboxBatch = 20

// Asynchronous answers are attempted concurrently, one at a time per
// host: an attempt may wait on its host for up to pactAttemptTimeout,
// and one requester whose own host accepts the connection and never
// answers held up, one minute per answer and as many answers as it
// requested, every other organisation's answers (red team 30).
const (
	pactOutboxWorkers  = 8               // attempts at once, each to another host
	pactAttemptTimeout = time.Minute     // the longest one attempt takes (deliverPACT)
	pactSlowAttempt    = 2 * time.Second // a host's attempt taking longer holds its other answers back
)

// runPACTOutbox delivers the due answers, at most pactOutboxWorkers at a
// time and one at a time per host, and sleeps until the next one is due (at
// most a minute), an attempt ends or a new answer is queued. The answers
// due to a host whose attempt has taken pactSlowAttempt already are
// postponed until that attempt must have ended, so that they do not fill
// the rounds and hold back the answers to other hosts.
func (s *Server) runPACTOutbox() {
	defer s.pact.wg.Done()
	ctx := s.pact.ctx
	base, _, _ := s.pactRetry()
	type ended struct {
		a      *pact.OutboxAnswer
		stored bool
	}
	done := make(chan ended, pactOutboxWorkers) // never blocks an attempt: at most that many run
	var attempts sync.WaitGroup
	defer attempts.Wait()           // they end with ctx
	attempting := map[string]bool{} // answers being attempted
	began := map[string]time.Time{} // hosts with an attempt under way, since when
	var notStored time.Time         // when an outcome could not be stored
	queued := s.PACTSuppliers.OutboxQueued()
	for {
		now := time.Now()
		due, next, err := s.PACTSuppliers.DueAnswers(ctx, now, pactOutboxBatch+len(attempting))
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			s.Logger.Error("pact: read the outbox", slog.Any("err", err))
			next = now.Add(base)
		}
		wait := time.Minute
		if next.After(now) {
			wait = min(wait, next.Sub(now))
		}
		for _, a := range due {
			switch since, busy := began[a.Target]; {
			case attempting[a.ID]:
			case busy && now.Sub(since) >= pactSlowAttempt:
				a.NextAt = since.Add(pactAttemptTimeout)
				if err := s.PACTSuppliers.UpdateAnswer(ctx, a); err != nil && ctx.Err() == nil {
					s.Logger.Error("pact: postpone an answer to a slow host", slog.String("pact_answer", a.ID), slog.Any("err", err))
				} else {
					wait = 0 // others may be due beyond this round's: read again
				}
			case busy:
				wait = min(wait, since.Add(pactSlowAttempt).Sub(now))
			case len(attempting) < pactOutboxWorkers:
				attempting[a.ID], began[a.Target] = true, now
				attempts.Add(1)
				go func() {
					defer attempts.Done()
					done <- ended{a, s.attemptPACTAnswer(ctx, a)}
				}()
			}
		}
		if !notStored.IsZero() {
			wait = max(wait, time.Until(notStored.Add(base))) // an outcome could not be stored: no busy loop
		}
		timer := time.NewTimer(max(wait, 0))
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-s.pact.kick:
		case <-queued: // a change queued a Published event
		case e := <-done:
			delete(attempting, e.a.ID)
			delete(began, e.a.Target)
			notStored = time.Time{}
			if !e.stored {
				notStored = time.Now()
			}
		case <-timer.C:
		}
		timer.Stop()
	}
}

// attemptPACTAnswer tries to deliver one answer (or Published event) and
// stores the outcome: delivered; pending again after a back-off that
// doubles from RetryBase up to RetryMax; or given up when the next attempt
// would fall after its deadline, its host left the allow-list, or it went
// stale (staleAnswer: a footprint it carries was withdrawn, say). A
// Published event's deadline is RetryFor after its first attempt (the
// store queues it without one), and its event is written here
// (publishedEvent). It reports whether the outcome was stored.
func (s *Server) attemptPACTAnswer(ctx context.Context, a *pact.OutboxAnswer) bool {
	base, maxWait, period := s.pactRetry()
	log := s.Logger.With(slog.String("pact_answer", a.ID), slog.String("pact_request", truncate(a.RequestID, 100)), slog.String("callback", a.Target))
	a.Attempts++
	if a.Deadline.IsZero() {
		a.Deadline = time.Now().Add(period)
	}
	cb, listed := s.pactCallbackFor(a.Target, a.Requester)
	var err error
	giveUp := !listed
	if !listed {
		err = errors.New("the host is no longer on the callback allow-list")
	} else if stale, serr := s.staleAnswer(ctx, a, cb); serr != nil {
		err = serr
	} else if stale != "" {
		err, giveUp = errors.New("not sent: "+stale+" since the answer was written; the requester may send a new request"), true
	} else if body, perr := s.publishedEvent(a); perr != nil {
		err = perr
	} else {
		err = s.deliverPACT(ctx, a.Version, cb, a.Target, body)
	}
	if ctx.Err() != nil {
		return false // closing: the attempt is made again after a restart
	}
	now := time.Now()
	switch {
	case err == nil:
		a.State, a.CompletedAt, a.LastError = pact.AnswerDelivered, now, ""
		log.Info("pact: answer delivered", slog.String("type", a.Type), slog.Int("footprints", a.Footprints), slog.Int("try", a.Attempts))
	default:
		a.LastError = truncate(err.Error(), 500)
		wait := base
		for i := 1; i < a.Attempts && wait < maxWait; i++ {
			wait *= 2
		}
		wait = min(wait, maxWait)
		if giveUp || now.Add(wait).After(a.Deadline) {
			a.State, a.CompletedAt = pact.AnswerGivenUp, now
			log.Error("pact: answer given up", slog.Int("tries", a.Attempts), slog.String("err", a.LastError))
		} else {
			a.NextAt = now.Add(wait)
			log.Warn("pact: answer not delivered", slog.Int("try", a.Attempts), slog.Duration("retry_in", wait), slog.String("err", a.LastError))
		}
	}
	if err := s.PACTSuppliers.UpdateAnswer(ctx, a); err != nil {
		if ctx.Err() == nil {
			log.Error("pact: store the answer's outcome", slog.Any("err", err))
		}
		return false
	}
	return true
}

// publishedEvent returns the body of what a is to send: its event, or, for
// a Published event the store queued when footprints the host received
// changed, the event naming them (pact.Published: data.pfIds in v2 and
// v3), with a's id and its time, so that every attempt sends the same
// bytes.
func (s *Server) publishedEvent(a *pact.OutboxAnswer) ([]byte, error) {
	if len(a.Event) > 0 || pact.EventKind(a.Version, a.Type) != pact.KindPublished {
		return a.Event, nil
	}
	source := "//" + s.pactOptions().Issuer + fmt.Sprintf("/%d/events", a.Version)
	ev, err := pact.Published(a.Version, a.ID, source, a.CreatedAt, a.PfIDs)
	if err != nil {
		return nil, err
	}
	return jsonMarshal(ev)
}

// staleAnswer says how a queued answer no longer states the footprints it
// carries ("" when it still does): an answer waits in the outbox for up to
// RetryFor (PACT: 72 hours), and a certificate withdrawn, suspended,
// superseded or flagged upstream meanwhile, or one whose record has come
// to fail the service's signature check, or a share its holder revoked,
// must not reach the requester as it was ("Active", with the shared
// details). It reads each footprint's id, status and extensions (only
// shared details are extensions) from the event.
func (s *Server) staleAnswer(ctx context.Context, a *pact.OutboxAnswer, cb PACTCallback) (string, error) {
	if len(a.Event) == 0 {
		return "", nil // a Published event: it names footprints, it states nothing of them
	}
	var ev struct {
		Data struct {
			Pfs []struct {
				ID         uuid.UUID         `json:"id"`
				Status     pact.Status       `json:"status"`
				Extensions []json.RawMessage `json:"extensions"`
			} `json:"pfs"`
		} `json:"data"`
	}
	if err := json.Unmarshal(a.Event, &ev); err != nil {
		return "", fmt.Errorf("read the queued answer: %w", err)
	}
	if len(ev.Data.Pfs) == 0 || s.CertificationService == nil {
		return "", nil
	}
	entitled := ""
	if cb.Organization != "" {
		entitled = a.Requester
	}
	ent, err := s.pactEntitlement(ctx, entitled)
	if err != nil {
		return "", err
	}
	// A record failing the service's own signature check since the answer
	// was queued is withheld, as in the lists and single answers
	// (pactFootprint, errPACTSignature, which check only with published
	// keys; red team 52).
	check := func(*certification.CertificateRecord) error { return nil }
	if s.KeyService != nil {
		if check, err = s.signatureChecker(ctx); err != nil {
			return "", err
		}
	}
	for _, pf := range ev.Data.Pfs {
		rec, err := s.CertificationService.FindCertificateByID(ctx, pf.ID)
		if footprint.ErrorCode(err) == footprint.ENOTFOUND {
			return say("footprint %s no longer exists", pf.ID), nil
		} else if certification.FailsRecordCheck(err) {
			return say("footprint %s is withheld: its certificate on record %s", pf.ID, errPACTSignature), nil
		} else if err != nil {
			return "", err
		}
		status := pact.StatusOf(rec)
		reason, err := s.pactWithheld(ctx, rec)
		switch {
		case err != nil:
			return "", err
		case reason != "":
			return say("footprint %s is withheld: its certificate is %s", pf.ID, reason), nil
		case check(rec) != nil:
			return say("footprint %s is withheld: its certificate %s %s", pf.ID, rec.Certificate().Number, errPACTSignature), nil
		case status != pf.Status:
			return say("footprint %s is %s (its certificate is %s)", pf.ID, status, rec.Status), nil
		case len(pf.Extensions) > 0 && !ent.shared[pf.ID]:
			return say("the holder of footprint %s no longer shares its details with %s", pf.ID, a.Requester), nil
		}
	}
	return "", nil
}

// deliverPACT sends one event to a PACT host: a token from its
// /auth/token (client credentials by HTTP Basic), then the event to its
// /<version>/events.
func (s *Server) deliverPACT(ctx context.Context, version int, cb PACTCallback, target string, body []byte) error {
	client := s.pactClient()
	ctx, cancel := context.WithTimeout(ctx, pactAttemptTimeout)
	defer cancel()
	token, err := pactToken(ctx, client, target, cb.ClientID, cb.ClientSecret)
	if err != nil {
		return fmt.Errorf("token: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, fmt.Sprintf("%s/%d/events", target, version), bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set(echo.HeaderContentType, "application/cloudevents+json; charset=UTF-8")
	req.Header.Set(echo.HeaderAuthorization, "Bearer "+token)
	return doJSON(client, req, nil)
}

// pactToken gets an access token at a PACT host's base+"/auth/token" by
// the client credentials grant, the credentials in HTTP Basic (PACT Action
// Authenticate).
func pactToken(ctx context.Context, client *http.Client, base, clientID, secret string) (string, error) {
	form := url.Values{"grant_type": {"client_credentials"}}.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/auth/token", strings.NewReader(form))
	if err != nil {
		return "", err
	}
	req.SetBasicAuth(clientID, secret)
	req.Header.Set(echo.HeaderContentType, echo.MIMEApplicationForm)
	req.Header.Set(echo.HeaderAccept, echo.MIMEApplicationJSON)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := doJSON(client, req, &tok); err != nil {
		return "", err
	}
	if tok.AccessToken == "" {
		return "", errors.New("no access_token in the answer of /auth/token")
	}
	return tok.AccessToken, nil
}

// pactWithheld says why the footprint of rec is withheld from PACT
// clients, "" when it is served: pact.Available, and a valid certificate
// issued or last set valid with an API key no former key of its body
// vouched for, which its public verification marks (red team 49: a
// partner read it Active where pcf verify --server says not valid). A
// record failing its signature check is withheld when it is mapped
// (pactFootprint, errPACTSignature). What it serves is pact.Served, the
// function by which the store tells the hosts that received a footprint
// when its served status changes (Published events): the key alerts are
// those of CertificateKeys, which the store reads the same way.
func (s *Server) pactWithheld(ctx context.Context, rec *certification.CertificateRecord) (string, error) {
	var alerts []supplierAlert
	if pact.Available(rec) && rec.Status == certification.CertificateValid {
		var err error
		if alerts, err = s.unvouchedKeyAlerts(ctx, rec); err != nil {
			return "", err
		}
	}
	switch {
	case pact.Served(rec, len(alerts) > 0) != "":
		return "", nil
	case !pact.Available(rec):
		return pact.NotAvailableReason(rec), nil
	}
	zh, en := keyAlertText(false, rec.Certificate().Number, alerts[0], "机构为该密钥担保前不予提供", "withheld until the body vouches for the key")
	return say("valid on record but %s", footprint.ErrorMessage(footprint.FieldErrorf(footprint.ECONFLICT, "key_alerts", "%s%s", zh, en))), nil
}

// handleCertificatePACT answers one certificate's footprint in the PACT
// version asked for (?version=2 or 3; 3 by default), in the service's own
// {"data": …} envelope.
func (s *Server) handleCertificatePACT(c echo.Context) error {
	id, err := parseID("id", c.Param("id"))
	if err != nil {
		return err
	}
	version := 3
	if c.QueryParams().Has("version") {
		v := c.QueryParam("version")
		if v != "2" && v != "3" {
			return footprint.FieldErrorf(footprint.EINVALID, "version", "version must be 2 or 3, not %q", truncate(v, 16))
		}
		version = int(v[0] - '0')
	}
	if err := need(s.CertificationService != nil && s.StudyService != nil, "the PACT export"); err != nil {
		return err
	}
	rec, err := s.CertificationService.FindCertificateByID(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if reason, err := s.pactWithheld(c.Request().Context(), rec); err != nil {
		return err
	} else if reason != "" {
		return footprint.Errorf(footprint.EFORBIDDEN, "the footprint is not available while its certificate is %s", reason)
	}
	w, err := s.pactForm(c.Request().Context(), rec, version)
	if errors.Is(err, errPACTSignature) {
		// Each half of err to its own half (it was set whole into both).
		zh, en, ok := splitBilingual(err.Error())
		if !ok {
			zh = en
		}
		return footprint.FieldErrorf(footprint.ECONFLICT, "signature", "%[1]s：不提供其 PACT 足迹，请告知服务运营方。%[2]s: its PACT footprint is not given: tell the service's operator", strings.TrimSuffix(zh, "。"), en)
	} else if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, dataResponse{Data: w})
}

// pactClient is the client that calls other PACT hosts (answers to
// callbacks, fetches from suppliers): s.PACT.Client, or one with a 30 s
// timeout, that never follows a redirect. The allow-lists name the hosts
// the service may call; a redirect from a listed host to another would
// send data there, or read a footprint from it under the listed host's
// name. A 3xx is returned as the answer, so it fails as a non-2xx.
func (s *Server) pactClient() *http.Client {
	c := http.Client{Timeout: 30 * time.Second}
	if s.PACT.Client != nil {
		c = *s.PACT.Client
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

// doJSON sends req and, for a 2xx answer, decodes its JSON body into out
// (nil: the body is discarded). Any other status is an error quoting the
// start of the body.
func doJSON(client *http.Client, req *http.Request, out any) error {
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %s: %s", req.Method, req.URL.Redacted(), resp.Status, truncate(string(b), 200))
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("%s %s: decode: %w", req.Method, req.URL.Redacted(), err)
	}
	return nil
}

func jsonMarshal(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode event: %w", err)
	}
	return b, nil
}

// supplierFootprintResponse is what the service read from an uploaded
// supplier footprint: the reference a BOM line uses and the figure per
// unit it will contribute.
type supplierFootprintResponse struct {
	Ref          string  `json:"ref"` // "pact:<id>", for a BOM line's supplier
	ID           string  `json:"id"`
	SpecVersion  string  `json:"spec_version"`
	Version      int     `json:"version,omitempty"` // v2 only
	Supplier     string  `json:"supplier"`
	Product      string  `json:"product"`
	DeclaredUnit string  `json:"declared_unit"`
	KgCO2e       float64 `json:"kg_co2e"` // pCfExcludingBiogenic per one declared unit
	ValidFrom    string  `json:"valid_from"`
	ValidUntil   string  `json:"valid_until"`
	Period       string  `json:"reference_period"`
	// DeprecatedAt is when the data owner's Deprecated document of the
	// footprint was stored (the document answered is then the latest
	// version held, which new calculations no longer use); omitted while
	// none was.
	DeprecatedAt string `json:"deprecated_at,omitempty"`
}

// handleSupplierFootprintCreate stores a supplier's PACT footprint (the
// JSON document, bare or as GetFootprint answers it) for the caller's
// studies: BOM lines reference it as "pact:<id>" (docs/pact.md).
func (s *Server) handleSupplierFootprintCreate(c echo.Context) error {
	if err := need(s.PACTSuppliers != nil, "PACT supplier footprints"); err != nil {
		return err
	}
	if !isMediaType(c.Request(), echo.MIMEApplicationJSON) { // not a prefix: "application/json; charset=" is malformed (red team 35)
		return echo.NewHTTPError(http.StatusUnsupportedMediaType, "content type must be application/json (a PACT footprint)")
	}
	doc, err := io.ReadAll(io.LimitReader(c.Request().Body, pact.MaxEventBytes+1))
	if err != nil {
		return footprint.Errorf(footprint.EINVALID, "could not read the PACT footprint")
	}
	if len(doc) > pact.MaxEventBytes {
		return footprint.Errorf(footprint.EINVALID, "the PACT footprint is larger than %d bytes", pact.MaxEventBytes)
	}
	// A footprint by the CCU credit approach is not stored for a study
	// to use (pact.Supplier.CheckCCUCredit; red team 69). Any other
	// refusal is the store's, which reads the document the same way.
	if sup, err := pact.ParseSupplier(doc); err == nil {
		if err := sup.CheckCCUCredit(); err != nil {
			return err
		}
	}
	sup, created, err := s.PACTSuppliers.SaveSupplierFootprint(c.Request().Context(), doc, "")
	if err != nil {
		return err
	}
	return c.JSON(savedStatus(created), dataResponse{Data: newSupplierFootprintResponse(sup)})
}

func newSupplierFootprintResponse(sup *pact.Supplier) supplierFootprintResponse {
	f := sup.Footprint
	out := supplierFootprintResponse{
		Ref: f.ID, ID: sup.ID.String(), SpecVersion: sup.SpecVersion, Version: sup.Version,
		Supplier: f.Supplier, Product: f.Product, DeclaredUnit: f.DeclaredUnit.Symbol, KgCO2e: f.KgCO2e,
		ValidFrom: f.IssuedAt.Format(time.RFC3339), ValidUntil: f.ValidUntil.Format(time.RFC3339), Period: f.Period.String(),
	}
	if !sup.DeprecatedAt.IsZero() {
		out.DeprecatedAt = sup.DeprecatedAt.UTC().Format(time.RFC3339)
	}
	return out
}
