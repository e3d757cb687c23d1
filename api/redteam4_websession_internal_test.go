package api

import (
	"testing"
	"time"
)

// Ensure one organisation's sign-ins cannot end another organisation's
// sessions. Before, the store made room at MaxSessions by ending the
// session closest to its end, whoever it belonged to: anyone with an API
// key (a partner's, which has no workbench at all) signing in MaxSessions
// times signed every curator, certifier and regulator out. Now an
// organisation holds at most MaxSessionsPerOrg sessions, and its own
// session closest to its end makes room for its next one.
func TestRedteam4_SignInsOfOneOrgKeepOthersSessions(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	st := newSessionStore()
	sess := func(org string, at time.Time) *webSession {
		return &webSession{token: "t", csrf: "c", org: org, created: at, lastSeen: at, expiresAt: at.Add(SessionAbsoluteTTL)}
	}
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
