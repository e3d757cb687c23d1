package factordb

import (
	"slices"
	"sync"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
)

// DefaultFactorCacheSize is the number of decoded factors Open lets a DB keep
// in memory (about 1 KB each with realistic text fields).
const DefaultFactorCacheSize = 20_000

// factorCache is a read-through cache of decoded factors of published sets,
// shared by every FactorService of one DB. A published set never changes
// (PRODUCT.md principle 2) and is never deleted, so an entry never goes stale
// and needs no invalidation; draft sets are never cached. The cache holds at
// most max factors and evicts an arbitrary one when full.
//
// Why: a bbolt read transaction plus a B+tree Get costs about 2 µs on the
// 2-core reference machine before any decoding (docs/BENCHMARKS.md), which is
// the whole budget of a lookup by code (issue 2).
type factorCache struct {
	mu   sync.RWMutex
	max  int
	n    int
	sets map[string]map[string]*footprint.Factor // published set → code → factor
}

func newFactorCache(max int) *factorCache {
	return &factorCache{max: max, sets: make(map[string]map[string]*footprint.Factor)}
}

// published reports whether set is known to be published. It may return
// false for a published set that has not been read yet.
func (c *factorCache) published(set string) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.max > 0 && c.sets[set] != nil
}

// disabled reports whether the cache holds nothing (size 0).
func (c *factorCache) disabled() bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.max <= 0
}

// markPublished records that set is published, so that its factors may be
// cached and looked up without a transaction.
func (c *factorCache) markPublished(set string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.max > 0 && c.sets[set] == nil {
		c.sets[set] = make(map[string]*footprint.Factor)
	}
}

// get returns a copy of the cached factor code of set.
func (c *factorCache) get(set, code string) (*footprint.Factor, bool) {
	c.mu.RLock()
	f, ok := c.sets[set][code]
	c.mu.RUnlock()
	if !ok {
		return nil, false
	}
	return cloneFactor(f), true
}

// peek returns the cached factor code of set itself, or nil. The caller must
// not change it (cloneFactor it first).
func (c *factorCache) peek(set string, code []byte) *footprint.Factor {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.sets[set][string(code)] // no allocation: Go indexes maps by string(b) directly
}

// put caches f (which the cache then owns: callers get copies) in a set
// marked published; it does nothing for other sets.
func (c *factorCache) put(set string, f *footprint.Factor) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.sets[set]
	if m == nil || c.max <= 0 {
		return
	}
	if _, ok := m[f.Code]; ok {
		return
	}
	for c.n >= c.max {
		c.evictLocked(m)
	}
	m[f.Code] = f
	c.n++
}

// evictLocked drops one factor, from m when it has any. Go's map iteration
// order makes the choice arbitrary.
func (c *factorCache) evictLocked(m map[string]*footprint.Factor) {
	for code := range m {
		delete(m, code)
		c.n--
		return
	}
	for _, other := range c.sets {
		for code := range other {
			delete(other, code)
			c.n--
			return
		}
	}
}

// forget drops the cached factors of set, which stays marked published.
// ClassifyElectricityFactors calls it after giving roles to factors of a
// published set. A read that began before that commit may still cache a
// factor without its role; such a factor is refused by every electricity
// slot, never used wrongly, until it is evicted or the process restarts.
func (c *factorCache) forget(set string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if m := c.sets[set]; m != nil {
		c.n -= len(m)
		c.sets[set] = make(map[string]*footprint.Factor)
	}
}

// resize sets the capacity, dropping every cached factor.
func (c *factorCache) resize(max int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.max, c.n = max, 0
	c.sets = make(map[string]map[string]*footprint.Factor)
}

// cloneFactor returns a copy of f that shares only immutable strings with it,
// so that a caller changing its factor (or its ProductCodes) cannot change
// the cache.
func cloneFactor(f *footprint.Factor) *footprint.Factor {
	h := new(factorAlloc)
	h.f = *f
	if n := len(f.ProductCodes); n <= len(h.codes) {
		h.f.ProductCodes = nil
		if n > 0 {
			h.f.ProductCodes = h.codes[:copy(h.codes[:], f.ProductCodes):n]
		}
	} else {
		h.f.ProductCodes = slices.Clone(f.ProductCodes)
	}
	return &h.f
}

// SetFactorCacheSize sets how many decoded factors of published sets the
// database keeps in memory for FindFactorByCode, FindFactorsByCodes and
// FindFactors; 0
// disables the cache. It drops every cached factor and is safe to call at any
// time.
func (db *DB) SetFactorCacheSize(n int) {
	db.cache.resize(max(n, 0))
}

// latestSet is the latest published set as known in memory, so that a cached
// lookup in set "" needs no transaction.
type latestSet struct {
	version     string
	publishedAt time.Time
}

// latestVersion returns the version of the latest published set, or "" if
// none is known.
func (db *DB) latestVersion() string {
	if l := db.latest.Load(); l != nil {
		return l.version
	}
	return ""
}

// noteLatest records a published set as the latest unless a later one is
// known. Publications may report out of order (tx.OnCommit runs after the
// write lock is released), so it keeps the later of the two by the same rule
// as the meta bucket's "latest" key (laterSet).
func (db *DB) noteLatest(version string, publishedAt time.Time) {
	l := &latestSet{version: version, publishedAt: publishedAt}
	for {
		cur := db.latest.Load()
		if cur != nil && !laterSet(l.version, l.publishedAt, cur.version, cur.publishedAt) {
			return
		}
		if db.latest.CompareAndSwap(cur, l) {
			return
		}
	}
}

// laterSet reports whether set a was published after set b: by publication
// time, ties broken by version order.
func laterSet(aVersion string, aPublished time.Time, bVersion string, bPublished time.Time) bool {
	if c := aPublished.Compare(bPublished); c != 0 {
		return c > 0
	}
	return compareVersions(aVersion, bVersion) > 0
}
