package factordb

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"
	"sync"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
)

// Text search (issue 15 item 6; factorlib.SearchIndex for tokens, synonyms
// and relevance).
//
// The index lives in memory, one per published set, built on the first
// search of the set and kept: a published set never changes, so the index
// never goes stale, and building it costs one read of the set (a few
// milliseconds for 5,000 factors, see docs/BENCHMARKS.md) instead of an
// index bucket every import would have to maintain, every draft copy
// would have to copy and the backup would carry. The few sets searched at
// once (the latest, and the ones studies pin) fit: searchCacheSets are
// kept, least recently used dropped. A draft is indexed afresh on each
// search: it may change between two searches, and only its curator reads
// it.

// searchCacheSets is how many published sets' indexes are kept.
const searchCacheSets = 4

// searchCache holds the search indexes of published sets.
type searchCache struct {
	mu    sync.Mutex
	sets  map[string]*searchEntry
	order []string // least recently used first
}

// searchEntry is the index of one set, built once.
type searchEntry struct {
	once sync.Once
	ix   *factorlib.SearchIndex
	err  error
}

// entry returns the entry of set, creating it, and marks it used.
func (c *searchCache) entry(set string) *searchEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sets == nil {
		c.sets = map[string]*searchEntry{}
	}
	e, ok := c.sets[set]
	if !ok {
		e = &searchEntry{}
		c.sets[set] = e
	}
	if i := indexOf(c.order, set); i >= 0 {
		c.order = append(c.order[:i], c.order[i+1:]...)
	}
	c.order = append(c.order, set)
	for len(c.order) > searchCacheSets {
		delete(c.sets, c.order[0])
		c.order = c.order[1:]
	}
	return e
}

// forget drops the index of set (ClassifyFactors changed its factors).
func (c *searchCache) forget(set string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.sets, set)
	if i := indexOf(c.order, set); i >= 0 {
		c.order = append(c.order[:i], c.order[i+1:]...)
	}
}

func indexOf(ss []string, s string) int {
	for i, x := range ss {
		if x == s {
			return i
		}
	}
	return -1
}

var _ factorlib.FactorSearcher = (*FactorService)(nil)

// searchIndex returns the index of set ("" = the latest published set)
// and the set's version.
func (s *FactorService) searchIndex(ctx context.Context, set string) (*factorlib.SearchIndex, string, error) {
	if set == "" {
		set = s.db.latestVersion()
	}
	rec, err := view(ctx, s.db, "find factor set", func(tx *bolt.Tx) (*footprint.FactorSet, error) {
		sb, err := findSetBuckets(tx, set) // names the latest for ""
		if err != nil {
			return nil, err
		}
		return findSet(tx, sb.name)
	})
	if err != nil {
		return nil, "", err
	}
	name, published := rec.Version, rec.Status == footprint.SetPublished
	build := func() (*factorlib.SearchIndex, error) {
		factors, err := s.ExportFactorSet(ctx, name)
		if err != nil {
			return nil, err
		}
		return factorlib.NewSearchIndex(factors), nil
	}
	if !published {
		ix, err := build()
		return ix, name, err
	}
	e := s.db.search.entry(name)
	e.once.Do(func() { e.ix, e.err = build() })
	if e.err != nil {
		s.db.search.forget(name) // a cancelled build is not cached
		return nil, "", e.err
	}
	return e.ix, name, nil
}

// SearchFactors returns one page of the factors of filter.Set whose code
// or names match filter.Text, most relevant first, with the other
// conditions of the filter applied and the number of matches per category
// (every condition applied but the category one, so that a page filtered
// to one category still shows how many the others hold). See
// factorlib.SearchIndex for tokens, synonyms and relevance.
//
// Returns EINVALID naming "q" for a blank text, EINVALID for a malformed
// filter, limit or cursor (a cursor from another set or from FindFactors),
// and ENOTFOUND for an unknown set.
func (s *FactorService) SearchFactors(ctx context.Context, filter footprint.FactorFilter) (*factorlib.FactorSearchResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if filter.Text == nil || strings.TrimSpace(*filter.Text) == "" {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "q", "search text is required")
	}
	text := *filter.Text
	filter.Text = nil
	limit, q, set, offset, err := pageQuery(filter, decodeSearchCursor)
	if err != nil {
		return nil, err
	}
	ix, name, err := s.searchIndex(ctx, set)
	if err != nil {
		return nil, err
	}
	// Facets count every condition but the category.
	category := q.category
	q.category = nil
	hits := ix.Search(text, q.match)
	res := &factorlib.FactorSearchResult{Set: name, Categories: map[footprint.Category]int{}}
	matching := hits[:0:0]
	for _, h := range hits {
		res.Categories[h.Factor.Category]++
		if category == nil || h.Factor.Category == *category {
			matching = append(matching, h)
		}
	}
	res.Total = len(matching)
	if offset > len(matching) {
		offset = len(matching)
	}
	page := matching[offset:min(offset+limit, len(matching))]
	res.Hits = make([]factorlib.FactorHit, len(page))
	for i, h := range page {
		f := cloneFactor(h.Factor)
		f.Set = name
		res.Hits[i] = factorlib.FactorHit{Factor: f, Score: h.Score}
	}
	if offset+limit < len(matching) {
		res.NextCursor = encodeSearchCursor(name, offset+limit)
	}
	return res, nil
}

// searchCursorFormat is the leading byte of a search cursor: a position in
// the ranked matches, not a code as FindFactors' cursors (cursorFormat).
const searchCursorFormat = 2

func encodeSearchCursor(set string, offset int) string {
	b := []byte{searchCursorFormat}
	b = appendString(b, set)
	b = strconv.AppendInt(b, int64(offset), 10)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeSearchCursor(s string) (set string, offset int, err error) {
	invalid := footprint.FieldErrorf(footprint.EINVALID, "cursor", "malformed search cursor")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) == 0 || b[0] != searchCursorFormat {
		return "", 0, invalid
	}
	r := reader[string]{b: string(b), off: 1}
	set = r.str()
	if r.err != nil || !footprint.ValidSetVersion(set) {
		return "", 0, invalid
	}
	n, err := strconv.Atoi(r.b[r.off:])
	if err != nil || n < 0 || n > 1<<30 {
		return "", 0, invalid
	}
	return set, n, nil
}
