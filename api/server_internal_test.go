// Internal tests of the server's limits: the streamed body limit, the
// lookup limiter and the document cache.

package api

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

func TestBodyLimit_Streamed(t *testing.T) {
	// Ensure a body with no declared length is cut off once it passes the
	// route's limit, with a 413 naming the limit, while a body of exactly
	// the limit reads whole.
	for _, tt := range []struct {
		size    int
		tooMuch bool
	}{{2048, false}, {2049, true}, {10 << 10, true}} {
		b := &limitedBody{ReadCloser: io.NopCloser(strings.NewReader(strings.Repeat("x", tt.size))), left: 2048, limit: 2048}
		got, err := io.ReadAll(b)
		var he *echo.HTTPError
		switch {
		case !tt.tooMuch && (err != nil || len(got) != tt.size):
			t.Errorf("%d bytes: read %d, %v", tt.size, len(got), err)
		case tt.tooMuch && (!errors.As(err, &he) || he.Code != http.StatusRequestEntityTooLarge || he.Message != "请求体过大：上限为 2 KB（2048 字节）。request body too large: the limit is 2 KB (2048 bytes)"):
			t.Errorf("%d bytes: err %v, want 413 naming the limit", tt.size, err)
		case tt.tooMuch && len(got) > 2048:
			t.Errorf("%d bytes: read %d past the limit", tt.size, len(got))
		}
	}
}

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

// The document cache keeps at most its bytes and entries, evicting the
// least recently used, and does not keep a document larger than itself.
func TestDocumentCache_Bounds(t *testing.T) {
	dc := newDocumentCache(nil, 100, 3)
	doc := func(i, n int) []byte { return bytes.Repeat([]byte{byte(i)}, n) }
	for i := range 3 {
		dc.put(fmt.Sprint(i), doc(i, 10))
	}
	if _, ok := dc.get("0"); !ok { // 0 is now the most recently used
		t.Fatal("0 evicted early")
	}
	dc.put("3", doc(3, 10)) // four entries: evicts 1, the least recently used
	if _, ok := dc.get("1"); ok {
		t.Fatal("1 kept beyond 3 entries")
	}
	for _, k := range []string{"0", "2", "3"} {
		if b, ok := dc.get(k); !ok || len(b) != 10 || b[0] != k[0]-'0' {
			t.Fatalf("%s: %v %v", k, b, ok)
		}
	}
	dc.put("big", doc(9, 85)) // 30 + 85 bytes > 100: evicts 0 and 2 (the oldest), keeps 3
	if dc.bytes > 100 || dc.order.Len() != 2 {
		t.Fatalf("%d bytes in %d entries", dc.bytes, dc.order.Len())
	}
	if _, ok := dc.get("3"); !ok {
		t.Fatal("3 evicted")
	}
	dc.put("huge", doc(8, 101))
	if _, ok := dc.get("huge"); ok {
		t.Fatal("a document larger than the cache was kept")
	}
}
