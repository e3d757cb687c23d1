package api

import (
	"container/heap"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
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

	// sessionCookie and signInCookie are the cookies' base names. When
	// the cookies are Secure they are named with the __Host- prefix
	// (cookieName): browsers take a __Host- cookie only from the host
	// itself, Secure, with Path=/ and no Domain, so a sibling host of the
	// site (or a plain-HTTP hop) can neither plant nor shadow them (red
	// team 19). On plain HTTP (pcf serve on 127.0.0.1 for local
	// development) a cookie cannot be Secure, so the prefix, which
	// requires it, is left off. A session of the old, unprefixed name is
	// not read on https: its holder signs in again.
	sessionCookie = "pcf_session"
	// signInCookie carries the CSRF token of the sign-in form before
	// there is a session (double submit of a token the server signed,
	// SameSite=Strict; see newSignInToken).
	signInCookie = "pcf_signin"
	// hostPrefix is the cookie-name prefix of host-only Secure cookies.
	hostPrefix = "__Host-"
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

	// signInKey signs the sign-in form's tokens (signInToken). It is
	// random at start and never leaves memory: a restart invalidates the
	// sign-in forms open at that moment (the person reloads the page), as
	// it ends the sessions.
	signInKey [32]byte
}

func newSessionStore() *sessionStore {
	st := &sessionStore{sessions: map[[32]byte]*webSession{}, byOrg: map[string]map[[32]byte]struct{}{}}
	_, _ = rand.Read(st.signInKey[:]) // crypto/rand.Read never fails (Go 1.24)
	return st
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
		return footprint.Errorf(footprint.EUNAUTHORIZED, "会话已结束,请重新登录。the session has ended: sign in again")
	}
	change(s)
	return nil
}

// sessionID returns the ID of the session webAuth let through, or "".
func sessionID(c echo.Context) string {
	id, _ := c.Get(webSessionIDKey).(string)
	return id
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

// secureCookies reports whether cookies get the Secure attribute: on a TLS
// connection, or when the public base URL is https (a TLS-terminating proxy
// in front). Request headers such as X-Forwarded-Proto are not believed.
func (s *Server) secureCookies(c echo.Context) bool {
	return c.Request().TLS != nil || strings.HasPrefix(s.BaseURL, "https://")
}

// cookieName returns the name of the cookie of base name on this request:
// with the __Host- prefix when cookies are Secure, without it on plain
// HTTP, where a browser refuses a __Host- cookie.
func (s *Server) cookieName(c echo.Context, base string) string {
	if s.secureCookies(c) {
		return hostPrefix + base
	}
	return base
}

// cookie returns the value of the request's cookie of base name (under
// the name cookieName gives: on https an unprefixed cookie, which any
// host of the site may have set, is not read), or "".
func (s *Server) cookie(c echo.Context, base string) string {
	if ck, err := c.Cookie(s.cookieName(c, base)); err == nil {
		return ck.Value
	}
	return ""
}

// setCookie sets the cookie of base name: host-only (Path=/, no Domain),
// HttpOnly, and Secure with the __Host- prefix where the request allows.
func (s *Server) setCookie(c echo.Context, base, value string, maxAge int, same http.SameSite) {
	c.SetCookie(&http.Cookie{
		Name: s.cookieName(c, base), Value: value, Path: "/", MaxAge: maxAge,
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
		return nil, footprint.FieldErrorf(footprint.EUNAUTHORIZED, "api_key", "须填写 API 密钥。an API key is required")
	}
	p, err := s.AuthService.Authenticate(ctx, apiKey)
	if err != nil {
		return nil, err
	}
	if p.KeyID == "" {
		// An access token was pasted, not an API key: only a key starts a
		// session.
		return nil, footprint.FieldErrorf(footprint.EUNAUTHORIZED, "api_key", "请用 API 密钥登录(访问令牌不能开始会话)。sign in with an API key")
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
	if id := s.cookie(c, sessionCookie); id != "" {
		s.sessions.remove(id)
	}
	s.setCookie(c, sessionCookie, "", -1, http.SameSiteLaxMode)
}

// webSessionKey is the echo context key of the current *webSession;
// webSessionIDKey of its ID.
const (
	webSessionKey   = "pcf.webSession"
	webSessionIDKey = "pcf.webSessionID"
)

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
		if id := s.cookie(c, sessionCookie); id != "" {
			sess := s.sessions.get(id, s.Now())
			var p *access.Principal
			if sess != nil {
				var err error
				p, err = s.AuthService.Authenticate(c.Request().Context(), sess.token)
				if err != nil && footprint.ErrorCode(err) != footprint.EUNAUTHORIZED {
					return err
				}
			}
			if p != nil {
				c.Set(webSessionKey, sess)
				c.Set(webSessionIDKey, id)
				req := c.Request()
				c.SetRequest(req.WithContext(access.NewContextWithPrincipal(req.Context(), p)))
				return next(c)
			}
			// Ended, unknown, or its key revoked: forget it.
			s.sessions.remove(id)
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

// The sign-in form's token (login CSRF, red team 19). Before there is a
// session the form's token is a double submit: the same value in the form
// and in the sign-in cookie. A double submit alone takes any value a
// client chose, and whoever can set a cookie for the host (a sibling
// subdomain, a plain-HTTP hop) chooses one, posts it with their own API
// key from the victim's browser and signs the victim in as themselves.
// So the server takes only a token it issued: a random value and an
// expiry signed with HMAC-SHA256 under signInKey, compared in constant
// time. Three further locks hold where a made-up token is not the
// attack: on https the cookie is __Host- (no other host sets it), the
// token ends after SessionIdleTTL even if a cookie is kept longer, and
// the sign-in post must come from the service's own origin
// (checkSignInOrigin), since an attacker can also fetch a genuine token
// for themselves and plant that one where cookies can still be planted.
//
// A token is "<random>.<expiry, Unix seconds>.<HMAC>", all URL-safe.
const signInTokenLabel = "pcf sign-in token\x00"

// signInMAC returns the HMAC of a token's random value and expiry.
func (st *sessionStore) signInMAC(nonce, expiry string) []byte {
	m := hmac.New(sha256.New, st.signInKey[:])
	m.Write([]byte(signInTokenLabel + nonce + "." + expiry))
	return m.Sum(nil)
}

// newSignInToken returns a token the server issues, valid until expires.
func (st *sessionStore) newSignInToken(expires time.Time) string {
	nonce, expiry := randomID(), strconv.FormatInt(expires.Unix(), 10)
	return nonce + "." + expiry + "." + base64.RawURLEncoding.EncodeToString(st.signInMAC(nonce, expiry))
}

// signInTokenExpiry returns the expiry of a token the server issued, and
// false for anything else: a value it did not sign, a malformed one, or
// one that has expired by now.
func (st *sessionStore) signInTokenExpiry(token string, now time.Time) (time.Time, bool) {
	nonce, rest, ok1 := strings.Cut(token, ".")
	expiry, mac, ok2 := strings.Cut(rest, ".")
	if !ok1 || !ok2 || len(nonce) != 43 {
		return time.Time{}, false
	}
	got, err := base64.RawURLEncoding.DecodeString(mac)
	if err != nil || !hmac.Equal(got, st.signInMAC(nonce, expiry)) {
		return time.Time{}, false
	}
	sec, err := strconv.ParseInt(expiry, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	end := time.Unix(sec, 0)
	if !now.Before(end) {
		return time.Time{}, false
	}
	return end, true
}

// csrfToken returns the token the page's forms carry: the session's
// (masked afresh for each page, maskToken), or for the sign-in form (no
// session yet) the one of the sign-in cookie if the server issued it and it has at least half its life left (so that a
// form rendered now is not refused minutes later), or else a new one,
// whose cookie it sets. Keeping a live token lets sign-in forms open in
// several tabs all work.
func (s *Server) csrfToken(c echo.Context) string {
	if sess := currentSession(c); sess != nil {
		return maskToken(sess.csrf)
	}
	now := s.Now()
	if t := s.cookie(c, signInCookie); t != "" {
		if end, ok := s.sessions.signInTokenExpiry(t, now); ok && end.Sub(now) >= SessionIdleTTL/2 {
			return t
		}
	}
	t := s.sessions.newSignInToken(now.Add(SessionIdleTTL))
	s.setCookie(c, signInCookie, t, int(SessionIdleTTL.Seconds()), http.SameSiteStrictMode)
	return t
}

// maskToken returns the session's token as a page carries it: a random
// pad and the token XOR the pad, in unpadded base64url, new for every
// response (red team 31). Pages are compressed, and some reflect the URL's
// text (the audit page's filters) beside the forms' token: a token that
// repeated verbatim would be read by a compression side channel (BREACH)
// from the lengths of responses to guesses. unmaskToken undoes it.
func maskToken(token string) string {
	b := make([]byte, 2*len(token))
	_, _ = rand.Read(b[:len(token)]) // crypto/rand.Read never fails (Go 1.24)
	for i := range len(token) {
		b[len(token)+i] = b[i] ^ token[i]
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// unmaskToken returns the token a form's masked value carries, or "" for
// a value that is no mask.
func unmaskToken(masked string) string {
	b, err := base64.RawURLEncoding.DecodeString(masked)
	if err != nil || len(b) == 0 || len(b)%2 != 0 {
		return ""
	}
	n := len(b) / 2
	for i := range n {
		b[i] ^= b[n+i]
	}
	return string(b[:n])
}

// errCSRF is the answer to a form post without the right token.
var errCSRF = footprint.FieldErrorf(footprint.EFORBIDDEN, csrfField, "表单安全令牌缺失或错误，请刷新页面后重试。The form's security token is missing or wrong: reload the page and try again.")

// signInOrigin refuses cross-origin browser requests (net/http's
// CrossOriginProtection: Sec-Fetch-Site, or else Origin against Host);
// requests with neither header, which no browser's cross-site form post
// lacks, pass.
var signInOrigin = http.NewCrossOriginProtection()

// checkSignInOrigin refuses a sign-in post a browser sent from another
// origin, a sibling host of the same site included: an attacker who can
// plant the sign-in cookie can plant a genuine token they fetched for
// themselves, which the signature does not tell apart. A browser says
// where a post comes from (Sec-Fetch-Site, Origin), and a page cannot
// make it lie. An Origin equal to the configured base URL's is the
// service's own even where a proxy in front rewrites Host (a browser
// without Sec-Fetch-Site is then compared by Origin and Host).
func (s *Server) checkSignInOrigin(c echo.Context) error {
	req := c.Request()
	if o := req.Header.Get("Origin"); o != "" && o == baseOrigin(s.BaseURL) && req.Header.Get("Sec-Fetch-Site") == "" {
		return nil
	}
	if err := signInOrigin.Check(req); err != nil {
		return errCSRF
	}
	return nil
}

// baseOrigin returns the origin (scheme://host[:port]) of a base URL, or
// "" if it has none.
func baseOrigin(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// checkCSRF compares the form's token with the session's (synchroniser
// token) in constant time; without a session (the sign-in form), with the
// sign-in cookie's (double submit), which must be a live token the server
// issued, in a post from the service's own origin. Call it before any
// state-changing work of a page POST.
func (s *Server) checkCSRF(c echo.Context) error {
	got := c.Request().PostFormValue(csrfField)
	var want string
	if sess := currentSession(c); sess != nil {
		got, want = unmaskToken(got), sess.csrf // the page carried it masked (maskToken)
	} else {
		if err := s.checkSignInOrigin(c); err != nil {
			return err
		}
		if t := s.cookie(c, signInCookie); t != "" {
			if _, ok := s.sessions.signInTokenExpiry(t, s.Now()); ok {
				want = t
			}
		}
	}
	if want == "" || got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return errCSRF
	}
	// A field given twice was read as its first value: refused, naming it,
	// rather than carried out on a value the page may not show (red team
	// 35). The curator's flag list (code) is the one field a form repeats.
	for _, name := range slices.Sorted(maps.Keys(c.Request().PostForm)) {
		if n := len(c.Request().PostForm[name]); n > 1 && name != "code" {
			return footprint.FieldErrorf(footprint.EINVALID, truncate(name, 64), "表单中 %[1]s 出现了 %[2]d 次,只能给出一次。the form gives %[1]s %[2]d times: give it once", truncate(name, 64), n)
		}
	}
	return nil
}
