package api

import (
	"fmt"
	"testing"
	"time"
)

// sessionT0 is when each session-store test begins.
var sessionT0 = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

// testSession is a session of org created at created and last seen at
// seen, ending SessionAbsoluteTTL after created.
func testSession(org string, created, seen time.Time) *webSession {
	return &webSession{token: "t", csrf: "c", org: org, created: created, lastSeen: seen, expiresAt: created.Add(SessionAbsoluteTTL)}
}

// Ensure a session ends after SessionIdleTTL without use, and after
// SessionAbsoluteTTL however much it is used; that an ended session is
// forgotten; and that the store keys sessions by a hash, not the ID.
func TestSessionStore_Expiry(t *testing.T) {
	t0, st := sessionT0, newSessionStore()
	newSess := func() *webSession { return testSession("", t0, t0) }

	idle := st.create(newSess(), t0)
	if st.get(idle, t0.Add(SessionIdleTTL-time.Second)) == nil {
		t.Fatal("session ended before its idle time")
	}
	if st.get(idle, t0.Add(2*SessionIdleTTL-2*time.Second)) == nil {
		t.Fatal("use did not extend the idle time")
	}
	if st.get(idle, t0.Add(3*SessionIdleTTL)) != nil {
		t.Fatal("idle session still live")
	}
	if st.len() != 0 {
		t.Fatalf("%d sessions kept, want the ended one forgotten", st.len())
	}

	busy := st.create(newSess(), t0)
	var at time.Time
	for at = t0; at.Before(t0.Add(SessionAbsoluteTTL)); at = at.Add(SessionIdleTTL / 2) {
		if st.get(busy, at) == nil {
			t.Fatalf("busy session ended at %v, before its absolute end", at.Sub(t0))
		}
	}
	if st.get(busy, t0.Add(SessionAbsoluteTTL)) != nil {
		t.Fatal("session outlived its absolute lifetime")
	}

	id := st.create(newSess(), t0)
	if len(id) < 43 {
		t.Fatalf("session ID %q: want 256 random bits", id)
	}
	for k := range st.sessions {
		if string(k[:]) == id {
			t.Fatal("the store is keyed by the ID itself")
		}
	}
	if other := st.create(newSess(), t0); other == id {
		t.Fatal("two sessions got the same ID")
	}
	st.remove(id)
	if st.get(id, t0) != nil {
		t.Fatal("removed session still live")
	}
}

// Ensure the store holds at most MaxSessions, dropping the one nearest its
// end to make room.
func TestSessionStore_Bound(t *testing.T) {
	t0, st := sessionT0, newSessionStore()
	first := st.create(testSession("", t0, t0), t0)
	for i := 1; i < MaxSessions; i++ {
		st.create(testSession("", t0, t0.Add(time.Minute)), t0)
	}
	if st.len() != MaxSessions {
		t.Fatalf("%d sessions, want %d", st.len(), MaxSessions)
	}
	last := st.create(testSession("", t0, t0.Add(time.Minute)), t0)
	if st.len() != MaxSessions {
		t.Fatalf("%d sessions, want the bound %d", st.len(), MaxSessions)
	}
	if st.get(first, t0) != nil || st.get(last, t0) == nil {
		t.Fatal("want the session nearest its end dropped, the new one kept")
	}
}

// Ensure the page after sign-in is a workbench path of this site, never
// another origin nor, by dot segments, another part of the site.
func TestSafeNext(t *testing.T) {
	checkMapping(t, "safeNext", safeNext, map[string]string{
		"":                           "/work",
		"/work/studies":              "/work/studies",
		"/work/certificates/x?y=1":   "/work/certificates/x",
		"//evil.example/work":        "/work",
		"https://evil.example/work":  "/work",
		"/work/../v1/admin/backup":   "/work",
		"/work/../../evil":           "/work",
		"/workshop":                  "/work",
		"/\\\\evil.example":          "/work",
		"/work\\r\\nSet-Cookie: x=1": "/work",
		"work/studies":               "/work",
		"/work/\r\nSet-Cookie: x=1":  "/work",
	})
}

// Ensure one organisation's sign-ins cannot end another organisation's
// sessions. Before, the store made room at MaxSessions by ending the
// session closest to its end, whoever it belonged to: anyone with an API
// key (a partner's, which has no workbench at all) signing in MaxSessions
// times signed every curator, certifier and regulator out. Now an
// organisation holds at most MaxSessionsPerOrg sessions, and its own
// session closest to its end makes room for its next one.
func TestRedteam4_SignInsOfOneOrgKeepOthersSessions(t *testing.T) {
	t0, st := sessionT0, newSessionStore()
	sess := func(org string, at time.Time) *webSession { return testSession(org, at, at) }
	victim := st.create(sess("Certifier Ltd.", t0), t0)
	at := t0.Add(time.Minute)
	var last string
	for range MaxSessions + 10 {
		last = st.create(sess("Buyer GmbH", at), at)
	}
	if st.get(victim, at) == nil {
		t.Fatal("another organisation's sign-ins ended the certifier's session")
	}
	if st.get(last, at) == nil {
		t.Fatal("the newest sign-in has no session")
	}
	if n := st.len(); n > MaxSessionsPerOrg+1 {
		t.Fatalf("%d sessions stored, want at most %d for the signing-in organisation and the certifier's", n, MaxSessionsPerOrg+1)
	}
}

// Ensure signing in looks at the signer's organisation's sessions and at
// the sessions nearest their end, not at the whole store: with the store
// full (MaxSessions, 100 organisations at their cap) a sign-in examines at
// most MaxSessionsPerOrg sessions and a few heap entries, and still makes
// room as before: the organisation's own session nearest its end at its
// cap, the store's nearest at the store's bound, the ended ones first.
func TestSessionStore_SignInDoesNotScan(t *testing.T) {
	t0, st := sessionT0, newSessionStore()
	sess := func(org string, seen time.Time) *webSession { return testSession(org, t0, seen) }
	ids := map[string][]string{}
	orgs := MaxSessions / MaxSessionsPerOrg
	for i := range MaxSessionsPerOrg {
		for o := range orgs {
			org := fmt.Sprintf("org-%d", o)
			seen := t0.Add(time.Duration(i+1) * time.Second)
			if o == 7 && i == 50 {
				seen = t0 // the store's session nearest its end
			}
			ids[org] = append(ids[org], st.create(sess(org, seen), t0))
		}
	}
	if st.len() != MaxSessions {
		t.Fatalf("%d sessions, want %d", st.len(), MaxSessions)
	}
	// Use moves an end: org-3's first session is no longer its nearest.
	if st.get(ids["org-3"][0], t0.Add(time.Minute)) == nil {
		t.Fatal("session ended early")
	}

	const slack = 4 // heap entries looked at besides the organisation's sessions
	now := t0.Add(2 * time.Minute)
	st.examined = 0
	st.create(sess("org-3", now), now)
	if st.examined > MaxSessionsPerOrg+slack {
		t.Fatalf("a sign-in at the organisation's cap examined %d sessions of %d", st.examined, st.len())
	}
	if st.get(ids["org-3"][1], now) != nil || st.get(ids["org-3"][0], now) == nil {
		t.Fatal("want org-3's session nearest its end (the second, the first was used) to make room")
	}

	st.examined = 0
	st.create(sess("newcomer", now), now)
	if st.examined > slack {
		t.Fatalf("a sign-in at the store's bound examined %d sessions of %d", st.examined, st.len())
	}
	if st.get(ids["org-7"][50], now) != nil || st.len() != MaxSessions {
		t.Fatalf("want the store's session nearest its end to make room (%d sessions)", st.len())
	}

	// Ended sessions go first, from the top of the heap.
	later := t0.Add(SessionIdleTTL + 30*time.Second) // ends every session last seen in the first 30 s
	ended := 0
	for _, s := range st.sessions {
		if !later.Before(s.end()) {
			ended++
		}
	}
	before := st.len()
	st.examined = 0
	st.create(sess("newcomer", later), later)
	if want := before - ended + 1; st.len() != want || ended < 29*orgs {
		t.Fatalf("%d sessions after %d ended ones were pruned, want %d", st.len(), ended, want)
	}
	if st.examined > ended+slack {
		t.Fatalf("pruning examined %d entries for %d ended sessions", st.examined, ended)
	}

	// Signing out leaves heap entries behind; they do not pile up.
	for _, org := range []string{"org-1", "org-2", "org-4"} {
		for _, id := range ids[org] {
			st.remove(id)
		}
		for range MaxSessionsPerOrg {
			st.remove(st.create(sess(org, later), later))
		}
	}
	if len(st.ends) > 2*st.len()+64 {
		t.Fatalf("%d heap entries for %d sessions", len(st.ends), st.len())
	}
}
