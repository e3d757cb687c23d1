package api

import (
	"testing"
	"time"
)

// Ensure a session ends after SessionIdleTTL without use, and after
// SessionAbsoluteTTL however much it is used; that an ended session is
// forgotten; and that the store keys sessions by a hash, not the ID.
func TestSessionStore_Expiry(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	st := newSessionStore()
	newSess := func() *webSession {
		return &webSession{token: "t", csrf: "c", created: t0, lastSeen: t0, expiresAt: t0.Add(SessionAbsoluteTTL)}
	}

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
	t0 := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	st := newSessionStore()
	first := st.create(&webSession{lastSeen: t0, expiresAt: t0.Add(SessionAbsoluteTTL)}, t0)
	for i := 1; i < MaxSessions; i++ {
		st.create(&webSession{lastSeen: t0.Add(time.Minute), expiresAt: t0.Add(SessionAbsoluteTTL)}, t0)
	}
	if st.len() != MaxSessions {
		t.Fatalf("%d sessions, want %d", st.len(), MaxSessions)
	}
	last := st.create(&webSession{lastSeen: t0.Add(time.Minute), expiresAt: t0.Add(SessionAbsoluteTTL)}, t0)
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
	for next, want := range map[string]string{
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
	} {
		if got := safeNext(next); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", next, got, want)
		}
	}
}
