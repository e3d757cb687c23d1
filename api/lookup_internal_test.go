package api

import (
	"fmt"
	"testing"
	"time"
)

// Ensure the lookup limiter's table is bounded: a client that spent a
// lookup within lookupRefill keeps its bucket, a new client finding the
// table full is refused (not added, and no spent bucket is evicted to make
// room, which would hand its client a fresh budget) and told how long
// until there is room, and buckets idle for lookupRefill, full again, are
// dropped so that room comes back (red team 19: the table grew with every
// address rotated through).
func TestLookupLimiter_TableIsBounded(t *testing.T) {
	at := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	l := newLookupLimiterOf(3)
	l.now = func() time.Time { return at }
	for i := range 3 {
		for range VerifyBurst {
			if ok, _ := l.allowN(fmt.Sprintf("198.51.100.%d", i), 1); !ok {
				t.Fatalf("client %d refused within its burst", i)
			}
		}
	}
	at = at.Add(lookupRefill / 2)
	for i := 3; i < 100; i++ {
		ok, wait := l.allowN(fmt.Sprintf("198.51.100.%d", i), 1)
		if ok || wait <= 0 || wait > lookupRefill/2 {
			t.Fatalf("new client %d with the table full: allowed %v, wait %v; want refused, wait in (0, %v]", i, ok, wait, lookupRefill/2)
		}
	}
	if len(l.clients) != 3 || l.order.Len() != 3 {
		t.Fatalf("table of %d clients (%d in order), want 3", len(l.clients), l.order.Len())
	}
	// The clients in the table keep their spent budgets: half refilled.
	if ok, _ := l.allowN("198.51.100.0", VerifyBurst/2+1); ok {
		t.Fatal("a client in the full table got more than its budget refilled")
	}
	if ok, _ := l.allowN("198.51.100.1", VerifyBurst/2); !ok {
		t.Fatal("a client in the full table lost what its budget refilled")
	}
	// Client 2 idle for lookupRefill (full again) makes room; 0 and 1
	// were seen since.
	at = at.Add(lookupRefill / 2)
	if ok, _ := l.allowN("203.0.113.1", 1); !ok {
		t.Fatal("a new client refused once a bucket had refilled")
	}
	if _, ok := l.clients["198.51.100.2"]; ok || len(l.clients) != 3 {
		t.Fatalf("table %d clients, the refilled one kept: %v", len(l.clients), ok)
	}
	// Everyone idle: the table empties as it is used.
	at = at.Add(lookupRefill)
	if ok, _ := l.allowN("203.0.113.2", 1); !ok || len(l.clients) != 1 {
		t.Fatalf("after all were idle: allowed %v, %d clients; want 1", ok, len(l.clients))
	}
}

// Ensure the limiter charges an IPv6 client by its /64 and an IPv4 client
// by its address, an IPv4-mapped IPv6 address as the IPv4 it maps.
func TestLookupKey(t *testing.T) {
	checkMapping(t, "lookupKey", lookupKey, map[string]string{
		"192.0.2.1":                 "192.0.2.1",
		"::ffff:192.0.2.1":          "192.0.2.1",
		"2001:db8:1:2::1":           "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff:ab:cd:1": "2001:db8:1:2::/64",
		"2001:DB8:1:2::9":           "2001:db8:1:2::/64",
		"fe80::1%eth0":              "fe80::/64",
		"2001:db8:1:3::1":           "2001:db8:1:3::/64",
		"::1":                       "::/64",
		"not an address":            "not an address",
	})
}

// checkMapping fails for each input of cases that f, called name, does not
// map to the output the case wants.
func checkMapping(t *testing.T, name string, f func(string) string, cases map[string]string) {
	t.Helper()
	for in, want := range cases {
		if got := f(in); got != want {
			t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
		}
	}
}
