package api

import (
	"container/heap"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/labstack/echo/v4"
)

// Sessions of the signed-in pages (issue 12). A person signs in with an API
// key; the server checks it with access.AuthService, exchanges it at
// once for an access token of the session's lifetime
// (AuthService.IssueAccessToken) and forgets the key. The session, kept in
// memory, holds that access token; every request authenticates it again
// through AuthService.Authenticate, exactly as a bearer token of the API
// is, so a revoked key ends its sessions at the next request and a page
// acts with the same principal, and under the same role and ownership
// checks, as the JSON API. The browser holds only a random, opaque session
// ID: never the key, never the token.
//
// Sessions live in memory: a restart signs everyone out, which costs a
// person one sign-in and keeps no session secret on disk.
const (
	// SessionIdleTTL ends a session nobody used for this long.
	SessionIdleTTL = 30 * time.Minute
	// SessionAbsoluteTTL ends a session this long after sign-in, used or
	// not; it is also the lifetime of the session's access token.
	SessionAbsoluteTTL = 8 * time.Hour
	// MaxSessions bounds the memory sessions take; at the bound the
	// session closest to its end makes room.
	MaxSessions = 10000
	// MaxSessionsPerOrg bounds the sessions of one organisation: at the
	// bound its own session closest to its end makes room, so that no
	// organisation's sign-ins end another's sessions.
	MaxSessionsPerOrg = 100

	sessionCookie = "pcf_session"
	// signInCookie carries the CSRF token of the sign-in form before
	// there is a session (double submit, SameSite=Strict).
	signInCookie = "pcf_signin"
	// csrfField is the form field of the synchroniser token.
	csrfField = "csrf_token"
)

// webSession is one signed-in person.
type webSession struct {
	token     string // access token of the session's key (AuthService.IssueAccessToken)
	csrf      string // synchroniser token of the session's forms
	org       string // for the page header only; every check uses Authenticate's principal
	role      access.Role
	created   time.Time
	lastSeen  time.Time
	expiresAt time.Time      // created + SessionAbsoluteTTL
	pending   *pendingImport // a factor file previewed, awaiting import (api/webwork_curator.go)
}

// sessionStore keeps sessions by the SHA-256 of their ID, so that the map
// holds no usable cookie value. Signing in touches only what it must: the
// organisation's own sessions (at most MaxSessionsPerOrg, byOrg) and the
// sessions nearest their end (ends, a min-heap), never the whole store.
type sessionStore struct {
	mu       sync.Mutex
	sessions map[[32]byte]*webSession
	byOrg    map[string]map[[32]byte]struct{} // organisation → its sessions
	ends     sessionEnds                      // every session, by the end it had when pushed

	examined int // sessions and heap entries looked at (tests: sign-in does not scan the store)
}

func newSessionStore() *sessionStore {
	return &sessionStore{sessions: map[[32]byte]*webSession{}, byOrg: map[string]map[[32]byte]struct{}{}}
}

// sessionEnd is an entry of the ends heap: a session and its end when the
// entry was pushed. Use only moves a session's end later (lastSeen grows;
// expiresAt is fixed), so an entry's end is never after the session's:
// the heap's top is checked against the session and pushed again with its
// end if that moved (lazy update). Entries of removed sessions are dropped
// when they reach the top, or when the heap is rebuilt (compact).
type sessionEnd struct {
	end time.Time
	key [32]byte
}

type sessionEnds []sessionEnd

func (h sessionEnds) Len() int           { return len(h) }
func (h sessionEnds) Less(i, j int) bool { return h[i].end.Before(h[j].end) }
func (h sessionEnds) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *sessionEnds) Push(x any)        { *h = append(*h, x.(sessionEnd)) }
func (h *sessionEnds) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}

// nearestLocked returns the live session nearest its end, with its end,
// whose entry is then the heap's top; ok false if there is none. It drops
// the stale entries it meets.
func (st *sessionStore) nearestLocked() (key [32]byte, end time.Time, ok bool) {
	for st.ends.Len() > 0 {
		top := st.ends[0]
		st.examined++
		s := st.sessions[top.key]
		switch {
		case s == nil: // removed
			heap.Pop(&st.ends)
		case s.end().After(top.end): // used since: its end moved
			st.ends[0].end = s.end()
			heap.Fix(&st.ends, 0)
		default:
			return top.key, top.end, true
		}
	}
	return key, end, false
}

// deleteLocked forgets the session of k; its heap entry goes stale.
func (st *sessionStore) deleteLocked(k [32]byte) {
	s := st.sessions[k]
	if s == nil {
		return
	}
	delete(st.sessions, k)
	if own := st.byOrg[s.org]; own != nil {
		delete(own, k)
		if len(own) == 0 {
			delete(st.byOrg, s.org)
		}
	}
}

// randomID returns 32 random bytes in unpadded base64url.
func randomID() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24)
	return base64.RawURLEncoding.EncodeToString(b)
}

func sessionKey(id string) [32]byte { return sha256.Sum256([]byte(id)) }

// create stores a new session and returns its ID.
func (st *sessionStore) create(sess *webSession, now time.Time) string {
	id := randomID()
	st.mu.Lock()
	defer st.mu.Unlock()
	st.pruneLocked(now)
	// The organisation's own session closest to its end makes room at
	// its bound; at the store's bound, any session's.
	if own := st.byOrg[sess.org]; sess.org != "" && len(own) >= MaxSessionsPerOrg {
		var victim [32]byte
		var victimEnd time.Time
		for k := range own {
			st.examined++
			if e := st.sessions[k].end(); victimEnd.IsZero() || e.Before(victimEnd) {
				victim, victimEnd = k, e
			}
		}
		st.deleteLocked(victim)
	} else if len(st.sessions) >= MaxSessions {
		if k, _, ok := st.nearestLocked(); ok {
			heap.Pop(&st.ends) // its entry, at the top
			st.deleteLocked(k)
		}
	}
	k := sessionKey(id)
	st.sessions[k] = sess
	if sess.org != "" {
		if st.byOrg[sess.org] == nil {
			st.byOrg[sess.org] = map[[32]byte]struct{}{}
		}
		st.byOrg[sess.org][k] = struct{}{}
	}
	heap.Push(&st.ends, sessionEnd{end: sess.end(), key: k})
	st.compactLocked()
	return id
}

// compactLocked rebuilds the heap from the live sessions when stale
// entries (sessions signed out) outnumber them: amortised, each sign-in
// pays for a constant share of a rebuild.
func (st *sessionStore) compactLocked() {
	if len(st.ends) <= 2*len(st.sessions)+64 {
		return
	}
	ends := make(sessionEnds, 0, len(st.sessions))
	for k, s := range st.sessions {
		ends = append(ends, sessionEnd{end: s.end(), key: k})
	}
	heap.Init(&ends)
	st.ends = ends
}

// end is when the session ends if nobody uses it.
func (s *webSession) end() time.Time {
	idle := s.lastSeen.Add(SessionIdleTTL)
	if idle.Before(s.expiresAt) {
		return idle
	}
	return s.expiresAt
}

// get returns the live session of id and marks it used; nil for an
// unknown or ended one (which it forgets).
func (st *sessionStore) get(id string, now time.Time) *webSession {
	if id == "" {
		return nil
	}
	k := sessionKey(id)
	st.mu.Lock()
	defer st.mu.Unlock()
	s := st.sessions[k]
	if s == nil {
		return nil
	}
	if !now.Before(s.end()) {
		st.deleteLocked(k)
		return nil
	}
	s.lastSeen = now
	cp := *s
	return &cp
}

// update changes the live session of id under the store's lock. Returns
// EUNAUTHORIZED if it has ended.
func (st *sessionStore) update(id string, change func(*webSession)) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	s := st.sessions[sessionKey(id)]
	if s == nil {
		return footprint.Errorf(footprint.EUNAUTHORIZED, "the session has ended: sign in again")
	}
	change(s)
	return nil
}

// sessionID returns the session ID of the request's cookie, or "".
func sessionID(c echo.Context) string {
	if ck, err := c.Cookie(sessionCookie); err == nil {
		return ck.Value
	}
	return ""
}

// remove ends the session of id.
func (st *sessionStore) remove(id string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.deleteLocked(sessionKey(id))
}

// pruneLocked forgets the sessions that have ended by now: those at the
// top of the ends heap, not the whole store.
func (st *sessionStore) pruneLocked(now time.Time) {
	for {
		k, end, ok := st.nearestLocked()
		if !ok || now.Before(end) {
			return
		}
		heap.Pop(&st.ends) // its entry, at the top
		st.deleteLocked(k)
	}
}

// len returns the number of stored sessions (tests).
func (st *sessionStore) len() int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return len(st.sessions)
}

// secureCookies reports whether cookies get the Secure attribute: on a TLS
// connection, or when the public base URL is https (a TLS-terminating proxy
// in front). Request headers such as X-Forwarded-Proto are not believed.
func (s *Server) secureCookies(c echo.Context) bool {
	return c.Request().TLS != nil || strings.HasPrefix(s.BaseURL, "https://")
}

func (s *Server) setCookie(c echo.Context, name, value string, maxAge int, same http.SameSite) {
	c.SetCookie(&http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.secureCookies(c), SameSite: same,
	})
}

// signIn checks an API key with the AuthService, exchanges it for an
// access token, starts a session and sets its cookie. Returns
// EUNAUTHORIZED for a bad key (the AuthService's answer, which says no
// more).
func (s *Server) signIn(c echo.Context, apiKey string) (*webSession, error) {
	if err := need(s.AuthService != nil, "authentication"); err != nil {
		return nil, err
	}
	ctx := c.Request().Context()
	apiKey = strings.TrimSpace(apiKey)
	if apiKey == "" {
		return nil, footprint.FieldErrorf(footprint.EUNAUTHORIZED, "api_key", "an API key is required")
	}
	p, err := s.AuthService.Authenticate(ctx, apiKey)
	if err != nil {
		return nil, err
	}
	if p.KeyID == "" {
		// An access token was pasted, not an API key: only a key starts a
		// session.
		return nil, footprint.FieldErrorf(footprint.EUNAUTHORIZED, "api_key", "sign in with an API key")
	}
	token, expires, err := s.AuthService.IssueAccessToken(ctx, p.KeyID, apiKey, SessionAbsoluteTTL)
	if err != nil {
		return nil, err
	}
	s.signOut(c) // a session this browser had ends: one session per sign-in
	now := s.Now()
	sess := &webSession{token: token, csrf: randomID(), org: p.Org, role: p.Role, created: now, lastSeen: now, expiresAt: expires}
	id := s.sessions.create(sess, now)
	s.setCookie(c, sessionCookie, id, 0, http.SameSiteLaxMode)
	s.setCookie(c, signInCookie, "", -1, http.SameSiteStrictMode)
	return sess, nil
}

// signOut ends the caller's session, if any, and clears its cookie.
func (s *Server) signOut(c echo.Context) {
	if ck, err := c.Cookie(sessionCookie); err == nil {
		s.sessions.remove(ck.Value)
	}
	s.setCookie(c, sessionCookie, "", -1, http.SameSiteLaxMode)
}

// webSessionKey is the echo context key of the current *webSession.
const webSessionKey = "pcf.webSession"

// webAuth is the middleware of the signed-in pages: it finds the session of
// the cookie, authenticates its access token through the AuthService (as
// the API's authenticate does for a bearer token) and puts the principal in
// the request context, where requireRole, findStudy, findSeen and the rest
// find it. Without a live session the request goes on anonymously and the
// page's role check sends the person to sign in. A session whose token the
// AuthService refuses (key revoked, token expired) is ended.
func (s *Server) webAuth(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		route := c.Request().Method + " " + c.Path()
		if !s.pages[route] || principal(c) != nil || s.AuthService == nil {
			// API routes never read the cookie: a browser's ambient
			// credential must not reach the JSON API, which has no CSRF
			// check.
			return next(c)
		}
		if ck, err := c.Cookie(sessionCookie); err == nil {
			sess := s.sessions.get(ck.Value, s.Now())
			var p *access.Principal
			if sess != nil {
				p, err = s.AuthService.Authenticate(c.Request().Context(), sess.token)
				if err != nil && footprint.ErrorCode(err) != footprint.EUNAUTHORIZED {
					return err
				}
			}
			if p != nil {
				c.Set(webSessionKey, sess)
				req := c.Request()
				c.SetRequest(req.WithContext(access.NewContextWithPrincipal(req.Context(), p)))
				return next(c)
			}
			// Ended, unknown, or its key revoked: forget it.
			s.sessions.remove(ck.Value)
			s.setCookie(c, sessionCookie, "", -1, http.SameSiteLaxMode)
		}
		if a := policy[route]; !a.public && c.Request().Method == http.MethodGet {
			// A person who is not signed in is asked to, and comes back.
			return c.Redirect(http.StatusSeeOther, "/sign-in?next="+url.QueryEscape(c.Request().URL.Path))
		}
		return next(c)
	}
}

// currentSession returns the session of a request webAuth let through, or
// nil.
func currentSession(c echo.Context) *webSession {
	sess, _ := c.Get(webSessionKey).(*webSession)
	return sess
}

// csrfToken returns the token the page's forms carry: the session's, or
// for the sign-in form (no session yet) the one of the sign-in cookie,
// which it sets.
func (s *Server) csrfToken(c echo.Context) string {
	if sess := currentSession(c); sess != nil {
		return sess.csrf
	}
	if ck, err := c.Cookie(signInCookie); err == nil && len(ck.Value) >= 43 {
		return ck.Value
	}
	t := randomID()
	s.setCookie(c, signInCookie, t, int(SessionIdleTTL.Seconds()), http.SameSiteStrictMode)
	return t
}

// errCSRF is the answer to a form post without the right token.
var errCSRF = footprint.FieldErrorf(footprint.EFORBIDDEN, csrfField, "表单安全令牌缺失或错误，请刷新页面后重试。The form's security token is missing or wrong: reload the page and try again.")

// checkCSRF compares the form's token with the session's (synchroniser
// token) in constant time; without a session, with the sign-in cookie's
// (double submit). Call it before any state-changing work of a page POST.
func (s *Server) checkCSRF(c echo.Context) error {
	got := c.Request().PostFormValue(csrfField)
	var want string
	if sess := currentSession(c); sess != nil {
		want = sess.csrf
	} else if ck, err := c.Cookie(signInCookie); err == nil {
		want = ck.Value
	}
	if want == "" || got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return errCSRF
	}
	return nil
}
