package api

import (
	"bytes"
	"fmt"
	"testing"
)

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
