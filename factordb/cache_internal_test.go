package factordb

import (
	"fmt"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
)

func TestFactorCache(t *testing.T) {
	t.Run("Bounded", func(t *testing.T) {
		// Ensure the cache never holds more than its size, across sets.
		c := newFactorCache(3)
		c.markPublished("A")
		c.markPublished("B")
		for i := range 10 {
			c.put("A", &footprint.Factor{Code: fmt.Sprintf("A%d", i)})
			c.put("B", &footprint.Factor{Code: fmt.Sprintf("B%d", i)})
			if got, want := c.len(), min(2*(i+1), 3); got != want {
				t.Fatalf("len=%d, want %d", got, want)
			}
		}
		c.resize(0)
		c.markPublished("A")
		c.put("A", &footprint.Factor{Code: "X"})
		if _, ok := c.get("A", "X"); ok || c.len() != 0 {
			t.Fatal("a disabled cache holds a factor")
		}
	})

	t.Run("PublishedOnly", func(t *testing.T) {
		// Ensure factors of sets not marked published are not cached.
		c := newFactorCache(10)
		c.put("draft", &footprint.Factor{Code: "X"})
		if _, ok := c.get("draft", "X"); ok {
			t.Fatal("draft factor cached")
		}
	})
}

func TestDB_noteLatest(t *testing.T) {
	// Ensure the in-memory latest set only moves forward, whatever the order
	// publications are reported in.
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var db DB
	db.noteLatest("2026.2", t0.Add(time.Hour))
	db.noteLatest("2026.1", t0)
	if got, want := db.latestVersion(), "2026.2"; got != want {
		t.Fatalf("latest=%q, want %q", got, want)
	}
	db.noteLatest("2026.10", t0.Add(time.Hour))
	db.noteLatest("2026.9", t0.Add(time.Hour))
	if got, want := db.latestVersion(), "2026.10"; got != want {
		t.Fatalf("latest=%q, want %q", got, want)
	}
}

// len returns the number of cached factors.
func (c *factorCache) len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.n
}
