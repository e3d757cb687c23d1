package api

import (
	"fmt"
	"testing"
	"time"
)

// Ensure signing in looks at the signer's organisation's sessions and at
// the sessions nearest their end, not at the whole store: with the store
// full (MaxSessions, 100 organisations at their cap) a sign-in examines at
// most MaxSessionsPerOrg sessions and a few heap entries, and still makes
// room as before: the organisation's own session nearest its end at its
// cap, the store's nearest at the store's bound, the ended ones first.
func TestSessionStore_SignInDoesNotScan(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	st := newSessionStore()
	sess := func(org string, seen time.Time) *webSession {
		return &webSession{org: org, created: t0, lastSeen: seen, expiresAt: t0.Add(SessionAbsoluteTTL)}
	}
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
