package factordb

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
)

// Index sub-bucket names inside factor_index/<version>. Every key is
// value + 0x00 + factor code with an empty value, so the factor codes for one
// value are sorted and a page can start with a single Seek.
var (
	idxProduct   = []byte("product")   // ProductCode.Code (any scheme)
	idxCategory  = []byte("category")  // Category
	idxGeography = []byte("geography") // upper-cased Geography
	idxYear      = []byte("year")      // Year as 4-byte big-endian
	idxStatus    = []byte("status")    // Status
)

// factorIndexes lists every index sub-bucket of a set.
var factorIndexes = [][]byte{idxProduct, idxCategory, idxGeography, idxYear, idxStatus}

// FactorService implements footprint.FactorService on a DB.
type FactorService struct {
	db *DB
}

var (
	_ footprint.FactorService    = (*FactorService)(nil)
	_ footprint.FactorClassifier = (*FactorService)(nil)
)

// NewFactorService returns a FactorService storing factor sets in db.
func NewFactorService(db *DB) *FactorService {
	return &FactorService{db: db}
}

// setBuckets are the buckets of one factor set inside a transaction.
type setBuckets struct {
	tx      *bolt.Tx
	version []byte       // valid for the transaction only
	name    string       // version as a string, for Factor.Set
	factors *bolt.Bucket // code → factor record
}

// eachFactor calls fn with each factor of the set in code order, decoded
// one at a time into the same value: fn must copy what it keeps.
func (sb setBuckets) eachFactor(fn func(f *footprint.Factor) error) error {
	var f footprint.Factor
	c := sb.factors.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if err := decodeFactorString(&f, string(v), nil); err != nil {
			return fmt.Errorf("decode factor %s/%s: %w", sb.name, k, err)
		}
		if err := fn(&f); err != nil {
			return err
		}
	}
	return nil
}

// index returns the index bucket idx (idxProduct, …) of the set. It is opened
// on demand: a lookup by code does not need it.
func (sb setBuckets) index(idx []byte) *bolt.Bucket {
	return sb.tx.Bucket(factorIndexBucket).Bucket(sb.version).Bucket(idx)
}

// findSetBuckets resolves version ("" = latest published set) in tx. It
// returns ENOTFOUND if the set does not exist or none has been published.
func findSetBuckets(tx *bolt.Tx, version string) (setBuckets, error) {
	name := []byte(version)
	if version == "" {
		name = tx.Bucket(metaBucket).Get(metaLatestKey)
		if name == nil {
			return setBuckets{}, footprint.Errorf(footprint.ENOTFOUND, "no factor set has been published")
		}
		version = string(name)
	}
	fb := tx.Bucket(factorsBucket).Bucket(name)
	if fb == nil {
		return setBuckets{}, footprint.Errorf(footprint.ENOTFOUND, "factor set %q not found", name)
	}
	return setBuckets{tx: tx, version: name, name: version, factors: fb}, nil
}

// findSet returns the record of set version. Returns ENOTFOUND if absent.
func findSet(tx *bolt.Tx, version string) (*footprint.FactorSet, error) {
	v := tx.Bucket(setsBucket).Get([]byte(version))
	if v == nil {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "factor set %q not found", version)
	}
	s, err := decodeFactorSet(v)
	if err != nil {
		return nil, fmt.Errorf("decode factor set %s: %w", version, err)
	}
	return s, nil
}

// findSetWithBuckets returns the record and the buckets of set version;
// with draft, the set must be a draft (findDraft). Returns ENOTFOUND if
// absent.
func findSetWithBuckets(tx *bolt.Tx, version string, draft bool) (*footprint.FactorSet, setBuckets, error) {
	find := findSet
	if draft {
		find = findDraft
	}
	rec, err := find(tx, version)
	if err != nil {
		return nil, setBuckets{}, err
	}
	sb, err := findSetBuckets(tx, version)
	if err != nil {
		return nil, setBuckets{}, err
	}
	return rec, sb, nil
}

// checkStudySet returns EINVALID, naming factor_set, if set version is a
// draft: a study is stored against a published set only; a draft is for
// previews (docs/integrity.md "Factor sets"). A set that does not exist is
// left to the calculation, which names it.
func checkStudySet(db *DB, version string) error {
	return db.db.View(func(tx *bolt.Tx) error {
		set, err := findSet(tx, version)
		if footprint.ErrorCode(err) == footprint.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		if set.Status != footprint.SetPublished {
			return footprint.FieldErrorf(footprint.EINVALID, "factor_set", "factor set %s is a draft: a study is stored against a published set only (a draft is for previews, POST /v1/calculations); pin a published set, or publish this one first", version)
		}
		return nil
	})
}

// certifiableSet checks, in tx, that stored study st may be applied for and
// certified as far as its factor set goes (docs/integrity.md "Factor
// sets"): the set is published, no factor the study used has a
// plausibility flag that no curator reviewed (EINVALID naming the line's
// factor field), and a study calculated before the set was published
// (stored against the draft before drafts were refused) used the values
// the published set has, factor for factor. Returns EINVALID naming
// factor_set, with the way out, otherwise (the code the issue transaction
// gives a study on a set that is not published).
func certifiableSet(tx *bolt.Tx, st *footprint.Study) error {
	set, err := findSet(tx, st.FactorSet)
	if footprint.ErrorCode(err) == footprint.ENOTFOUND {
		return footprint.FieldErrorf(footprint.EINVALID, "factor_set", "study %s uses factor set %q, which does not exist: recalculate the study against a published set", st.ID, st.FactorSet)
	} else if err != nil {
		return err
	}
	if set.Status != footprint.SetPublished {
		return footprint.FieldErrorf(footprint.EINVALID, "factor_set", "study %s uses factor set %s, a draft: a draft is for previews only; recalculate the study against a published set and apply for the new study", st.ID, st.FactorSet)
	}
	if st.Result == nil {
		return nil
	}
	// A factor whose plausibility flag no curator reviewed is for
	// previews only (docs/integrity.md "Plausibility flags").
	if err := checkFlagsReviewed(tx, st.FactorSet, st.Result); err != nil {
		return err
	}
	if err := checkComparedReviewed(tx, st); err != nil {
		return err
	}
	if !st.CreatedAt.Before(set.PublishedAt) {
		return nil
	}
	sb, err := findSetBuckets(tx, st.FactorSet)
	if err != nil {
		return err
	}
	for _, u := range st.Result.Factors {
		f, err := findFactorByCode(sb, u.Code)
		if footprint.ErrorCode(err) != footprint.ENOTFOUND && err != nil {
			return err
		}
		if err != nil || !sameValue(f.Value, u.Value) || f.Unit.String() != u.Unit {
			return footprint.FieldErrorf(footprint.EINVALID, "factor_set", "study %s was calculated while factor set %s was a draft, and factor %s differs from the published set: recalculate the study against the published set and apply for the new study", st.ID, st.FactorSet, u.Code)
		}
	}
	return nil
}

// checkComparedReviewed returns EINVALID, naming product.product_codes,
// when the set of stored study st holds a factor of the product's own
// codes (or, for a study with suppliers, of its rule's required parts)
// whose change no curator has reviewed: a factor a set based on another
// changed or added, or whose product codes it changed away from the
// product's. The engine compares the study's total, and its suppliers'
// figures, with the set's factors of those codes and warns a total below
// every one of them (red team 18); a study does not use such a factor in
// a line, so the flag check of its lines never saw it, and one curator
// lowering the cells' factor, or adding a cheaper one, silenced the
// warning (red team 32: a PV cell at 0.17 kgCO2e where the set's cells
// are 1.59 applied for on an empty review). Outlier flags without a
// change are the source's own values (a CPCD row as CPCD publishes it)
// and are left to the certifier, who sees the factor in the warning. Not
// checked yet: the factors of a supplier's own product codes, which the
// engine compares that supplier's figure with (red team 9).
func checkComparedReviewed(tx *bolt.Tx, st *footprint.Study) error {
	codes := slices.Clone(st.Product.ProductCodes)
	if r, err := footprint.FindRule(st.Rule); err == nil && len(st.SupplierIDs()) > 0 {
		for _, p := range r.RequiredParts {
			for _, c := range p.ProductCodes {
				if pc, err := footprint.ParseProductCode(c); err == nil {
					codes = append(codes, pc)
				}
			}
		}
	}
	if len(codes) == 0 {
		return nil
	}
	flags, err := flagsWithAcks(tx, st.FactorSet)
	if err != nil || len(flags) == 0 {
		return err
	}
	sb, err := findSetBuckets(tx, st.FactorSet)
	if err != nil {
		return err
	}
	for _, fl := range flags {
		if fl.Change == nil || fl.Reviewed() {
			continue
		}
		f, err := findFactorByCode(sb, fl.Code)
		if footprint.ErrorCode(err) == footprint.ENOTFOUND {
			continue
		} else if err != nil {
			return err
		}
		compared := footprint.ComparedWith(f, codes)
		for _, fc := range fl.Change.Fields {
			if fc.Field != "product_codes" || compared {
				continue
			}
			// The codes it had in the base: taken away, the factor
			// no longer meets the product, and a floor is gone.
			was := &footprint.Factor{}
			for _, c := range strings.Fields(fc.Base) {
				if pc, err := footprint.ParseProductCode(c); err == nil {
					was.ProductCodes = append(was.ProductCodes, pc)
				}
			}
			compared = footprint.ComparedWith(was, codes)
		}
		if compared {
			return footprint.FieldErrorf(footprint.EINVALID, "product.product_codes", "factor %s of set %s is a factor of the product (or of a part it requires) that the study's figures are compared with, and its change has a plausibility flag that no curator has reviewed (%s): the comparison would rest on one curator's value; a curator must review the flag first (POST /v1/factor-sets/%s/flags/acknowledge, pcf factors acknowledge) before a study of this product on set %s is applied for or certified",
				fl.Code, st.FactorSet, fl.Describe(), st.FactorSet, st.FactorSet)
		}
	}
	return nil
}

// sameValue reports whether a stored result's factor value (rounded as the
// canonical result rounds numbers) is the factor value v.
func sameValue(v, stored float64) bool {
	return v == stored || math.Abs(v-stored) <= 1e-9*math.Max(math.Abs(v), math.Abs(stored))
}

// putSet writes the record of s.
func putSet(tx *bolt.Tx, s *footprint.FactorSet) error {
	if err := tx.Bucket(setsBucket).Put([]byte(s.Version), appendFactorSet(nil, s)); err != nil {
		return fmt.Errorf("put factor set %s: %w", s.Version, err)
	}
	return nil
}

// errImmutable is the error for any write to a published set.
func errImmutable(version string) error {
	return footprint.Errorf(footprint.ECONFLICT, "factor set %s is published and immutable", version)
}

// FindFactorByCode returns the factor with that code in set version set ("" =
// the latest published set). Returns ENOTFOUND if the set or the factor does
// not exist.
//
// Factors of published sets are served from the DB's cache when present
// (SetFactorCacheSize); a pinned published version then needs no
// transaction at all.
func (s *FactorService) FindFactorByCode(ctx context.Context, set, code string) (*footprint.Factor, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cache := s.db.cache
	if set == "" {
		// Pin the latest set known in memory, so that a cache miss reads
		// the same set as a hit would.
		set = s.db.latestVersion()
	}
	if set != "" {
		if f, ok := cache.get(set, code); ok {
			f.Set = set
			return f, nil
		}
	}

	tx, err := s.db.db.Begin(false)
	if err != nil {
		return nil, fmt.Errorf("factordb: begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	sb, err := findSetBuckets(tx, set)
	if err != nil {
		return nil, err
	}
	f, err := findFactorByCode(sb, code)
	if err != nil {
		return nil, err
	}
	if ok, err := s.cacheable(tx, sb.name); err != nil {
		return nil, err
	} else if ok {
		cache.put(sb.name, cloneFactor(f))
	}
	return f, nil
}

// cacheable reports whether factors of set may be cached: whether it is
// published (published sets never change).
func (s *FactorService) cacheable(tx *bolt.Tx, set string) (bool, error) {
	cache := s.db.cache
	if cache.published(set) {
		return true, nil
	}
	if cache.disabled() {
		return false, nil
	}
	rec, err := findSet(tx, set)
	if err != nil {
		return false, err
	}
	if rec.Status != footprint.SetPublished {
		return false, nil
	}
	cache.markPublished(set)
	return true, nil
}

// findFactorByCode reads and decodes one factor of a set.
func findFactorByCode(sb setBuckets, code string) (*footprint.Factor, error) {
	v := sb.factors.Get([]byte(code))
	if v == nil {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "factor %q not found in set %s", code, sb.version)
	}
	// bbolt: v is invalid after the transaction; decodeFactor copies.
	f, err := decodeFactor(v)
	if err != nil {
		return nil, fmt.Errorf("decode factor %s/%s: %w", sb.version, code, err)
	}
	f.Set = sb.name
	return f, nil
}

// addProductFactors adds to factors those of set of codes
// (footprint.ComparisonCodes: the study's product, the suppliers' products,
// the rule's required parts): a product code of the factor starts with one
// of codes, or one of codes with it (by digits, footprint.ComparedWith: the
// engine compares schemes), read through the set's product index; a set
// this file does not hold adds none.
func addProductFactors(tx *bolt.Tx, set string, factors map[string]*footprint.Factor, codes []footprint.ProductCode) error {
	sb, err := findSetBuckets(tx, set)
	if footprint.ErrorCode(err) == footprint.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	// Keys are product code, 0, factor code: a prefix without the 0 seeks
	// the codes that start with it, one with the 0 that code alone.
	add := func(prefix []byte) error {
		c := sb.index(idxProduct).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			if code := string(k[bytes.IndexByte(k, 0)+1:]); factors[code] == nil {
				if factors[code], err = findFactorByCode(sb, code); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for _, pc := range codes {
		if err := add([]byte(pc.Code)); err != nil {
			return err
		}
		for n := 1; n < len(pc.Code); n++ {
			if err := add(append([]byte(pc.Code[:n]), 0)); err != nil {
				return err
			}
		}
	}
	return nil
}

// FindFactorsByCodes returns the factors with those codes in one set as a map
// by code, read in one transaction so that they form a consistent snapshot
// (the engine's input). Duplicate codes are allowed. A code the set does not
// hold is left out of the map, so that the engine can name the study line
// that uses it; ENOTFOUND is returned only for a set that does not exist.
//
// A published set never changes, so factors served from the cache belong to
// the same snapshot as those read in the transaction.
func (s *FactorService) FindFactorsByCodes(ctx context.Context, set string, codes []string) (map[string]*footprint.Factor, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cache := s.db.cache
	m := make(map[string]*footprint.Factor, len(codes))
	if set == "" {
		set = s.db.latestVersion() // as in FindFactorByCode
	}
	if set != "" && cache.published(set) {
		complete := true
		for _, code := range codes {
			if _, ok := m[code]; ok {
				continue
			}
			f, ok := cache.get(set, code)
			if !ok {
				complete = false
				continue
			}
			f.Set = set
			m[code] = f
		}
		if complete {
			return m, nil
		}
	}

	err := s.db.db.View(func(tx *bolt.Tx) error {
		sb, err := findSetBuckets(tx, set)
		if err != nil {
			return err
		}
		cacheable, err := s.cacheable(tx, sb.name)
		if err != nil {
			return err
		}
		for _, code := range codes {
			if _, ok := m[code]; ok {
				continue
			}
			if cacheable {
				if f, ok := cache.get(sb.name, code); ok {
					f.Set = sb.name
					m[code] = f
					continue
				}
			}
			f, err := findFactorByCode(sb, code)
			if footprint.ErrorCode(err) == footprint.ENOTFOUND {
				continue
			} else if err != nil {
				return err
			}
			m[code] = f
			if cacheable {
				cache.put(sb.name, cloneFactor(f))
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// allSets returns every factor set in tx, by version. Sets are few.
func allSets(tx *bolt.Tx) (map[string]*footprint.FactorSet, error) {
	sets := map[string]*footprint.FactorSet{}
	err := tx.Bucket(setsBucket).ForEach(func(k, v []byte) error {
		set, err := decodeFactorSet(v)
		if err != nil {
			return fmt.Errorf("decode factor set %s: %w", k, err)
		}
		sets[set.Version] = set
		return nil
	})
	return sets, err
}

// FindFactorSets returns every factor set, oldest (by CreatedAt, then
// version) first.
func (s *FactorService) FindFactorSets(ctx context.Context) ([]*footprint.FactorSet, error) {
	var all map[string]*footprint.FactorSet
	err := s.db.db.View(func(tx *bolt.Tx) (err error) {
		all, err = allSets(tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	sets := slices.Collect(maps.Values(all))
	slices.SortStableFunc(sets, func(a, b *footprint.FactorSet) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return compareVersions(a.Version, b.Version)
	})
	return sets, nil
}

// FindFactorSetByVersion returns one set. Returns ENOTFOUND if absent.
func (s *FactorService) FindFactorSetByVersion(ctx context.Context, version string) (*footprint.FactorSet, error) {
	return view(ctx, s.db, "find factor set", func(tx *bolt.Tx) (*footprint.FactorSet, error) {
		return findSet(tx, version)
	})
}

// CreateFactorSet creates a draft set and, on success, updates set with its
// stored state (status, creation time, factor count). If set.BasedOn names an
// existing set (draft or published), the draft starts as a copy of its
// factors. Returns EINVALID for a malformed version, ECONFLICT if the version
// exists, ENOTFOUND if BasedOn does not exist.
func (s *FactorService) CreateFactorSet(ctx context.Context, set *footprint.FactorSet) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if set == nil {
		return footprint.Errorf(footprint.EINVALID, "factor set required")
	}
	if !footprint.ValidSetVersion(set.Version) {
		return footprint.FieldErrorf(footprint.EINVALID, "version", "invalid factor set version %q (letters, digits, '.', '_', '-', at most 32)", set.Version)
	}
	if set.BasedOn == set.Version {
		return footprint.FieldErrorf(footprint.EINVALID, "based_on", "a factor set cannot be based on itself")
	}
	rec := footprint.FactorSet{
		Version:     set.Version,
		Description: set.Description,
		BasedOn:     set.BasedOn,
		Status:      footprint.SetDraft,
		CreatedAt:   s.db.now(),
	}
	err := s.db.db.Update(func(tx *bolt.Tx) error {
		if tx.Bucket(setsBucket).Get([]byte(rec.Version)) != nil {
			return footprint.Errorf(footprint.ECONFLICT, "factor set %s already exists", rec.Version)
		}
		var base setBuckets
		if rec.BasedOn != "" {
			baseSet, sb, err := findSetWithBuckets(tx, rec.BasedOn, false)
			if footprint.ErrorCode(err) == footprint.ENOTFOUND {
				return footprint.FieldErrorf(footprint.ENOTFOUND, "based_on", "factor set %q not found", rec.BasedOn)
			} else if err != nil {
				return err
			}
			base, rec.FactorCount = sb, baseSet.FactorCount
		}
		fb, err := tx.Bucket(factorsBucket).CreateBucket([]byte(rec.Version))
		if err != nil {
			return fmt.Errorf("create factors bucket %s: %w", rec.Version, err)
		}
		ib, err := tx.Bucket(factorIndexBucket).CreateBucket([]byte(rec.Version))
		if err != nil {
			return fmt.Errorf("create index bucket %s: %w", rec.Version, err)
		}
		for _, name := range factorIndexes {
			if _, err := ib.CreateBucket(name); err != nil {
				return fmt.Errorf("create index bucket %s/%s: %w", rec.Version, name, err)
			}
		}
		if base.factors != nil {
			if err := copyBucket(fb, base.factors); err != nil {
				return fmt.Errorf("copy factors of %s: %w", rec.BasedOn, err)
			}
			for _, name := range factorIndexes {
				if err := copyBucket(ib.Bucket(name), base.index(name)); err != nil {
					return fmt.Errorf("copy index %s of %s: %w", name, rec.BasedOn, err)
				}
			}
		}
		if err := putSet(tx, &rec); err != nil {
			return err
		}
		if base.factors != nil {
			// The copy keeps its base's acknowledged flags (plausibility.go).
			if err := copyAcks(tx, rec.BasedOn, rec.Version); err != nil {
				return err
			}
			if _, err := refreshFlags(tx, rec.Version); err != nil {
				return err
			}
		}
		// A set based on no other that a curator creates waits for a
		// second curator's review as a set, and so does a copy of a set
		// that waits (plausibility.go, set-level review).
		if err := noteSetAuthor(ctx, tx, rec.CreatedAt, &rec, authorActions[access.AuditFactorSetCreate]); err != nil {
			return err
		}
		if err := inheritSetReview(tx, rec.CreatedAt, &rec); err != nil {
			return err
		}
		return audit(ctx, tx, rec.CreatedAt, access.AuditFactorSetCreate, "factor-set/"+rec.Version, "based on "+cmp.Or(rec.BasedOn, "nothing"))
	})
	if err != nil {
		return err
	}
	*set = rec
	return nil
}

// copyBucket copies every key of src (which has no sub-buckets) into dst.
func copyBucket(dst, src *bolt.Bucket) error {
	// Keys arrive in order: a high fill percent packs the pages of the copy.
	dst.FillPercent = 0.9
	return src.ForEach(func(k, v []byte) error {
		// bbolt: Put keeps the slices until commit; src's memory may be
		// remapped as the file grows, so copy.
		return dst.Put(bytes.Clone(k), bytes.Clone(v))
	})
}

// forEachIndexKey calls fn with every index entry of f: the index sub-bucket
// name and the key (value + 0x00 + code). Each key is a fresh slice that fn
// may keep. A product code listed under several schemes is indexed once.
func forEachIndexKey(f *footprint.Factor, fn func(idx, key []byte) error) error {
	key := func(value []byte) []byte {
		k := make([]byte, 0, len(value)+1+len(f.Code))
		k = append(append(append(k, value...), 0), f.Code...)
		return k
	}
	for i, pc := range f.ProductCodes {
		dup := false
		for _, prev := range f.ProductCodes[:i] {
			dup = dup || prev.Code == pc.Code
		}
		if dup {
			continue
		}
		if err := fn(idxProduct, key([]byte(pc.Code))); err != nil {
			return err
		}
	}
	if err := fn(idxCategory, key([]byte(f.Category))); err != nil {
		return err
	}
	if err := fn(idxGeography, key([]byte(strings.ToUpper(f.Geography)))); err != nil {
		return err
	}
	if err := fn(idxYear, key(yearKey(f.Year))); err != nil {
		return err
	}
	return fn(idxStatus, key([]byte(f.Status)))
}

// yearKey encodes a year as an index value.
func yearKey(year int) []byte {
	return binary.BigEndian.AppendUint32(nil, uint32(year))
}

// PublishFactorSet freezes a draft set: it sets PublishedAt, FactorCount and
// Digest, the hex SHA-256 of the canonical encoding of all factors in code
// order (see digestFactors). Every superseded factor must name a factor
// present in the set, and every plausibility flag of the set, checked now,
// must be acknowledged (plausibility.go). Returns ENOTFOUND for an unknown
// set, ECONFLICT if it is already published or has unacknowledged flags
// (naming the factors), and EINVALID if it is empty or a superseded_by is
// dangling.
func (s *FactorService) PublishFactorSet(ctx context.Context, version string) (*footprint.FactorSet, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var rec *footprint.FactorSet
	err := s.db.db.Update(func(tx *bolt.Tx) error {
		var sb setBuckets
		var err error
		if rec, sb, err = findSetWithBuckets(tx, version, true); err != nil {
			return err
		}
		var n int
		d := newDigester()
		// One pass decodes each factor once for the digest and the
		// plausibility check, which compares a set based on another
		// with its base (setChanges).
		var check factorlib.PlausibilityChecker
		changes, err := setChanges(tx, version)
		if err != nil {
			return err
		}
		err = sb.eachFactor(func(f *footprint.Factor) error {
			if f.Status == footprint.StatusSuperseded && sb.factors.Get([]byte(f.SupersededBy)) == nil {
				return footprint.FieldErrorf(footprint.EINVALID, "superseded_by", "factor %q is superseded by %q, which is not in set %s", f.Code, f.SupersededBy, version)
			}
			d.add(f)
			ch, err := changes(f)
			check.AddChanged(f, ch)
			n++
			return err
		})
		if err != nil {
			return err
		}
		if n == 0 {
			return footprint.Errorf(footprint.EINVALID, "factor set %s is empty", version)
		}
		// The published set keeps the flags it was checked with.
		flags := check.Flags()
		if err := checkPublishable(tx, version, flags); err != nil {
			return err
		}
		if err := storeFlags(tx, version, flags); err != nil {
			return err
		}
		rec.Status = footprint.SetPublished
		rec.PublishedAt = s.db.now()
		// Its changes were judged against its base as the base is now: a
		// base waiting for its review as a set (edited after its review
		// or after this set was copied from it) vouches for none of the
		// values this set shares with it, so this set waits too (red
		// team 32: the author of a reviewed draft base lowered a factor
		// in the base and in the copy alike, and the copy, unflagged, was
		// certified).
		if err := inheritSetReview(tx, rec.PublishedAt, rec); err != nil {
			return err
		}
		rec.FactorCount = n
		rec.Digest = d.sum()
		if err := putSet(tx, rec); err != nil {
			return err
		}
		published := *rec
		tx.OnCommit(func() { s.db.noteLatest(published.Version, published.PublishedAt) })
		if err := updateLatest(tx, rec); err != nil {
			return err
		}
		return audit(ctx, tx, rec.PublishedAt, access.AuditFactorSetPublish, "factor-set/"+version,
			fmt.Sprintf("%d factors, digest %s", rec.FactorCount, rec.Digest))
	})
	if err != nil {
		return nil, err
	}
	return rec, nil
}

// updateLatest records rec as the latest published set unless the current one
// is later (by PublishedAt, ties broken by version order).
func updateLatest(tx *bolt.Tx, rec *footprint.FactorSet) error {
	meta := tx.Bucket(metaBucket)
	if cur := meta.Get(metaLatestKey); cur != nil {
		latest, err := findSet(tx, string(cur))
		if err != nil {
			return fmt.Errorf("find latest factor set: %w", err)
		}
		if !laterSet(rec.Version, rec.PublishedAt, latest.Version, latest.PublishedAt) {
			return nil
		}
	}
	if err := meta.Put(metaLatestKey, []byte(rec.Version)); err != nil {
		return fmt.Errorf("put latest factor set: %w", err)
	}
	return nil
}

// digester computes a set's Digest: SHA-256 over, for each factor in code
// order, the uvarint length of its record followed by the record (format 1,
// or format 2 for a factor with an electricity role). Both formats are
// frozen (codec.go), so a digest can be recomputed from the factors of a
// set at any later time, and the digest of a set stored before roles
// existed is unchanged.
type digester struct {
	h   hash.Hash
	buf []byte
}

func newDigester() *digester { return &digester{h: sha256.New()} }

// add hashes the next factor; factors must come in code order.
func (d *digester) add(f *footprint.Factor) {
	d.buf = appendFactor(d.buf[:0], f)
	var n [binary.MaxVarintLen64]byte
	d.h.Write(n[:binary.PutUvarint(n[:], uint64(len(d.buf)))])
	d.h.Write(d.buf)
}

// sum returns the hex digest.
func (d *digester) sum() string { return hex.EncodeToString(d.h.Sum(nil)) }

// FactorSetDigest returns the digest PublishFactorSet records for a set
// holding exactly these factors (footprint.FactorSet.Digest; see digester),
// in whatever order they come: a verifier computes it from an exported set
// (GET /v1/factor-sets/{version}/export, pcf factors export) to check the
// file against the digest a certificate signs. Factor.Set is not part of
// it. Returns EINVALID for an empty list or a code given twice.
func FactorSetDigest(factors []*footprint.Factor) (string, error) {
	if len(factors) == 0 {
		return "", footprint.Errorf(footprint.EINVALID, "factor set is empty")
	}
	sorted := slices.Clone(factors)
	slices.SortFunc(sorted, func(a, b *footprint.Factor) int { return cmp.Compare(a.Code, b.Code) })
	d := newDigester()
	for i, f := range sorted {
		if i > 0 && sorted[i-1].Code == f.Code {
			return "", footprint.FieldErrorf(footprint.EINVALID, f.Code, "factor %s is listed twice", f.Code)
		}
		d.add(f)
	}
	return d.sum(), nil
}

// ClassifyElectricityFactors gives electricity factors of set that have no
// role the role roles names for their code: ClassifyFactors with roles
// only.
func (s *FactorService) ClassifyElectricityFactors(ctx context.Context, set string, roles map[string]footprint.ElectricityRole) (int, error) {
	classes := make(map[string]footprint.FactorClass, len(roles))
	for code, r := range roles {
		classes[code] = footprint.FactorClass{ElectricityRole: r}
	}
	return s.ClassifyFactors(ctx, set, classes)
}

// ClassifyFactors gives factors of set the electricity role, transport mode
// and treatment classes names for their code where they have none,
// atomically, and returns how many factors it changed (see
// footprint.FactorClassifier). An attribute that already equals the one
// named is left alone, so the call is idempotent. For a published set the
// Digest is recomputed and the cached factors dropped; the audit event
// records the old and the new digest.
func (s *FactorService) ClassifyFactors(ctx context.Context, set string, classes map[string]footprint.FactorClass) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	codes := slices.Sorted(maps.Keys(classes))
	changed := 0
	var published bool
	err := s.db.db.Update(func(tx *bolt.Tx) error {
		rec, sb, err := findSetWithBuckets(tx, set, false)
		if err != nil {
			return err
		}
		published = rec.Status == footprint.SetPublished
		for _, code := range codes {
			v := sb.factors.Get([]byte(code))
			if v == nil {
				return footprint.FieldErrorf(footprint.ENOTFOUND, code, "factor %q not found in set %s", code, set)
			}
			var f footprint.Factor
			if err := decodeFactorString(&f, string(v), nil); err != nil {
				return fmt.Errorf("decode factor %s/%s: %w", set, code, err)
			}
			want, fill := classes[code], false
			for _, a := range []struct {
				name string
				have *string
				want string
			}{
				{"electricity role", (*string)(&f.ElectricityRole), string(want.ElectricityRole)},
				{"transport mode", &f.TransportMode, want.TransportMode},
				{"treatment", &f.Treatment, want.Treatment},
			} {
				switch {
				case *a.have == a.want || a.want == "":
				case *a.have != "":
					return footprint.FieldErrorf(footprint.ECONFLICT, code, "factor %s of set %s already has %s %s, not %s", code, set, a.name, *a.have, a.want)
				default:
					*a.have, fill = a.want, true
				}
			}
			if !fill {
				continue
			}
			if err := f.Validate(); err != nil {
				return footprint.FieldErrorf(footprint.EINVALID, code, "factor %s: %s", code, footprint.ErrorMessage(err))
			}
			// Class attributes are not indexed: the index keys stay as they are.
			if err := sb.factors.Put([]byte(code), appendFactor(nil, &f)); err != nil {
				return fmt.Errorf("put factor %s/%s: %w", set, code, err)
			}
			changed++
		}
		if changed == 0 {
			return nil
		}
		// A class puts a factor among its peers (factorlib.CheckPlausibility
		// skips one without): the set's stored flags are checked again.
		if _, err := refreshFlags(tx, set); err != nil {
			return err
		}
		detail := fmt.Sprintf("%d factors classified (electricity role, transport mode, treatment)", changed)
		if published {
			d := newDigester()
			if err := sb.eachFactor(func(f *footprint.Factor) error { d.add(f); return nil }); err != nil {
				return err
			}
			old := rec.Digest
			rec.Digest = d.sum()
			if err := putSet(tx, rec); err != nil {
				return err
			}
			detail += fmt.Sprintf("; digest %s → %s", old, rec.Digest)
		}
		// A curator's classification is a curator's change: a set based
		// on no other waits for (again) a second curator's review as a
		// set (noteSetAuthor).
		if err := noteSetAuthor(ctx, tx, s.db.now(), rec, authorActions[footprint.AuditFactorSetClassify]); err != nil {
			return err
		}
		return audit(ctx, tx, s.db.now(), footprint.AuditFactorSetClassify, "factor-set/"+set, detail)
	})
	if err != nil {
		return 0, err
	}
	if published && changed > 0 {
		s.db.cache.forget(set)
		s.db.search.forget(set)
	}
	return changed, nil
}

// ExportFactorSet returns every factor of a set ordered by code. version ""
// is the latest published set. Returns ENOTFOUND for an unknown set.
func (s *FactorService) ExportFactorSet(ctx context.Context, version string) ([]*footprint.Factor, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var batch factorBatch
	var set string
	err := s.db.db.View(func(tx *bolt.Tx) error {
		sb, err := findSetBuckets(tx, version)
		if err != nil {
			return err
		}
		set = sb.name
		return sb.factors.ForEach(func(k, v []byte) error {
			batch.add(v) // bbolt: copied here, decoded after the transaction
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return batch.decode(set)
}

// factorQuery is a validated FactorFilter.
type factorQuery struct {
	product      []byte // ProductCode.Code or prefix; nil = any
	productExact bool
	productQuery *footprint.ProductCodeQuery // nil = any; its scheme is checked on the factor, the index has codes only
	category     *footprint.Category
	geography    string // upper-cased; "" = any
	year         *int
	status       *footprint.Status
	text         string // lower-cased; "" = any
	hasText      bool
}

// newFactorQuery validates a filter. A pointer to an empty (or blank) string
// does not filter.
func newFactorQuery(filter footprint.FactorFilter) (*factorQuery, error) {
	if err := filter.Validate(); err != nil {
		return nil, err
	}
	q := &factorQuery{productExact: filter.ProductCodeExact, year: filter.Year, category: filter.Category, status: filter.Status}
	pcq, err := footprint.NewProductCodeQuery(filter.ProductCode, filter.ProductCodeExact)
	if err != nil {
		return nil, err
	}
	if pcq != nil {
		// The index finds the code in any scheme; a scheme, when the query
		// gives one, is checked on the factor (matchScheme).
		q.product, q.productQuery = []byte(pcq.Code), pcq
	}
	if filter.Geography != nil {
		q.geography = strings.ToUpper(strings.TrimSpace(*filter.Geography))
	}
	if filter.Text != nil && strings.TrimSpace(*filter.Text) != "" {
		q.text, q.hasText = strings.ToLower(strings.TrimSpace(*filter.Text)), true
	}
	return q, nil
}

// match reports whether f satisfies every condition of q but the text one
// (checked on the record before decoding, matchText). Index entries are exact,
// so every candidate an index yields matches; FindFactors checks it anyway as
// a guard against an index that disagrees with its records.
func (q *factorQuery) match(f *footprint.Factor) bool {
	if !q.productQuery.MatchAny(f.ProductCodes) {
		return false
	}
	switch {
	case q.category != nil && f.Category != *q.category,
		q.geography != "" && strings.ToUpper(f.Geography) != q.geography,
		q.year != nil && f.Year != *q.year,
		q.status != nil && f.Status != *q.status:
		return false
	}
	return true
}

// matchText reports whether the text condition holds for a stored record,
// reading only its code and names.
func (q *factorQuery) matchText(v []byte) (bool, error) {
	if !q.hasText {
		return true, nil
	}
	code, zh, en, err := peekFactorText(v)
	if err != nil {
		return false, err
	}
	return containsFold(code, q.text) || containsFold(zh, q.text) || containsFold(en, q.text), nil
}

// matchTextFactor is matchText on a decoded factor.
func (q *factorQuery) matchTextFactor(f *footprint.Factor) bool {
	return !q.hasText || containsFold(f.Code, q.text) || containsFold(f.NameZH, q.text) || containsFold(f.NameEN, q.text)
}

// iterators returns one iterator per indexed condition of q over the set's
// index buckets.
func (q *factorQuery) iterators(sb setBuckets, start []byte) []codeIter {
	var its []codeIter
	prefix := func(idx, value []byte) {
		its = append(its, &indexIter{c: sb.index(idx).Cursor(), prefix: append(slices.Clip(value), 0)})
	}
	if q.product != nil {
		if q.productExact {
			prefix(idxProduct, q.product)
		} else {
			its = append(its, collectPrefix(sb.index(idxProduct), start, productPrefixes(q.product)...))
		}
	}
	if q.category != nil {
		prefix(idxCategory, []byte(*q.category))
	}
	if q.geography != "" {
		prefix(idxGeography, []byte(q.geography))
	}
	if q.year != nil {
		prefix(idxYear, yearKey(*q.year))
	}
	if q.status != nil {
		prefix(idxStatus, []byte(*q.status))
	}
	return its
}

// FindFactors returns one page of factors matching the filter, ordered by
// code. Set "" is the latest published set; with a Cursor and Set "", the page
// continues in the set the cursor came from, so a walk through the pages is
// not disturbed by a set published meanwhile (FactorPage.Set says which set
// was read).
//
// Every indexed condition (product code, category, geography, year, status)
// yields the sorted factor codes it matches; the codes all of them share are
// found by a leapfrog intersection, which costs about as much as walking the
// most selective index. Candidates are then checked against the whole filter,
// the text condition included. A text-only query scans the set.
//
// Returns ENOTFOUND for an unknown set, and EINVALID for a malformed or
// foreign cursor, a negative limit or an invalid filter value.
func (s *FactorService) FindFactors(ctx context.Context, filter footprint.FactorFilter) (*footprint.FactorPage, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	limit, q, set, after, err := pageQuery(filter, decodeCursor)
	if err != nil {
		return nil, err
	}
	var start []byte // least code that may be returned
	if after != "" {
		start = append([]byte(after), 0) // codes contain no 0x00: the least code after `after`
	}

	page := &footprint.FactorPage{}
	col := pageCollector{q: q, n: limit + 1, start: start, batch: factorBatch{expect: limit + 1}}
	err = s.db.db.View(func(tx *bolt.Tx) error {
		sb, err := findSetBuckets(tx, set)
		if err != nil {
			return err
		}
		page.Set, col.set = sb.name, sb.name
		if ok, err := s.cacheable(tx, sb.name); err != nil {
			return err
		} else if ok {
			col.cache = s.db.cache
		}
		return findFactors(ctx, sb, &col)
	})
	if err != nil {
		return nil, err
	}
	if page.Factors, err = col.factors(); err != nil {
		return nil, err
	}
	for _, f := range page.Factors {
		// Index entries are exact, so this holds unless the index and the
		// records disagree: report that instead of serving it.
		if !q.match(f) {
			return nil, fmt.Errorf("factordb: index of set %s disagrees with factor %s", page.Set, f.Code)
		}
	}
	if len(page.Factors) > limit {
		page.Factors = page.Factors[:limit]
		page.NextCursor = encodeCursor(page.Set, page.Factors[limit-1].Code)
	}
	return page, nil
}

// pageCollector gathers the factors of a page in code order. In a published
// set it reads through the factor cache; otherwise it copies records into a
// batch decoded after the transaction.
type pageCollector struct {
	q     *factorQuery
	n     int    // factors wanted
	start []byte // least code wanted
	set   string
	cache *factorCache // nil unless set is published and caching is on
	batch factorBatch
	out   []*footprint.Factor // nil where the factor is the next of batch

	// Copies of cached factors, allocated once per page.
	copies []footprint.Factor
	codes  []footprint.ProductCode
}

// schemeQuery reports whether q asks for a product-code scheme, which the
// index does not hold: each candidate is then decoded and checked.
func (q *factorQuery) schemeQuery() bool {
	return q.productQuery != nil && q.productQuery.Scheme != ""
}

// full reports whether n factors have been collected.
func (p *pageCollector) full() bool { return len(p.out) >= p.n }

// cached handles code from the cache if it is there, reporting whether it
// was.
func (p *pageCollector) cached(code []byte) bool {
	if p.cache == nil {
		return false
	}
	f := p.cache.peek(p.set, code)
	if f == nil {
		return false
	}
	if p.q.matchTextFactor(f) && p.q.productQuery.MatchAny(f.ProductCodes) {
		if p.copies == nil {
			p.copies = make([]footprint.Factor, 0, p.n)
			p.codes = make([]footprint.ProductCode, 0, 2*p.n)
		}
		// Copy into the page's array (capacity n: never reallocated, so
		// earlier pointers stay valid), product codes into a shared one.
		p.copies = append(p.copies, *f)
		g := &p.copies[len(p.copies)-1]
		base := len(p.codes)
		p.codes = append(p.codes, f.ProductCodes...)
		g.ProductCodes = p.codes[base:len(p.codes):len(p.codes)]
		if len(f.ProductCodes) == 0 {
			g.ProductCodes = nil
		}
		g.Set = p.set
		p.out = append(p.out, g)
	}
	return true
}

// record handles the stored record v of code (not in the cache).
func (p *pageCollector) record(code, v []byte) error {
	if ok, err := p.q.matchText(v); err != nil {
		return fmt.Errorf("decode factor %s/%s: %w", p.set, code, err)
	} else if !ok {
		return nil
	}
	if p.cache == nil && !p.q.schemeQuery() {
		p.batch.add(v) // bbolt: copied now, decoded after the transaction
		p.out = append(p.out, nil)
		return nil
	}
	f, err := decodeFactor(v)
	if err != nil {
		return fmt.Errorf("decode factor %s/%s: %w", p.set, code, err)
	}
	f.Set = p.set
	if p.cache != nil {
		p.cache.put(p.set, cloneFactor(f))
	}
	if p.q.productQuery.MatchAny(f.ProductCodes) {
		p.out = append(p.out, f)
	}
	return nil
}

// factors returns the collected factors, decoding the batch.
func (p *pageCollector) factors() ([]*footprint.Factor, error) {
	if p.batch.len() == 0 {
		return p.out, nil
	}
	decoded, err := p.batch.decode(p.set)
	if err != nil {
		return nil, err
	}
	for i, j := 0, 0; i < len(p.out); i++ {
		if p.out[i] == nil {
			p.out[i], j = decoded[j], j+1
		}
	}
	return p.out, nil
}

// findFactors collects up to p.n factors of sb matching p.q with codes >=
// p.start, in code order.
func findFactors(ctx context.Context, sb setBuckets, p *pageCollector) error {
	its := p.q.iterators(sb, p.start)
	if len(its) == 0 {
		// No indexed condition: walk the set in code order.
		c := sb.factors.Cursor()
		i := 0
		for k, v := c.Seek(p.start); k != nil && !p.full(); k, v = c.Next() {
			if i++; i%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if !p.cached(k) {
				if err := p.record(k, v); err != nil {
					return err
				}
			}
		}
		return nil
	}

	records := seqGetter{c: sb.factors.Cursor()}
	target := p.start
	var buf []byte
	for i := 1; !p.full(); i++ {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		code := intersect(its, target)
		if code == nil {
			break
		}
		if !p.cached(code) {
			v := records.get(code)
			if v == nil {
				return fmt.Errorf("factordb: index of set %s names missing factor %q", sb.version, code)
			}
			if err := p.record(code, v); err != nil {
				return err
			}
		}
		// Codes contain no 0x00: code+0x00 is the least code after code.
		buf = append(append(buf[:0], code...), 0)
		target = buf
	}
	return nil
}

// seqGetter reads records by ascending code through one cursor: when the
// codes asked for are neighbours, as the factors of one product-code prefix
// often are, a Next replaces a Seek from the root.
type seqGetter struct {
	c       *bolt.Cursor
	k, v    []byte
	started bool
}

// get returns the record of code, or nil. Codes must ascend between calls.
func (g *seqGetter) get(code []byte) []byte {
	if g.k != nil && bytes.Compare(g.k, code) < 0 {
		g.k, g.v = g.c.Next()
	}
	if !g.started || g.k == nil || bytes.Compare(g.k, code) < 0 {
		g.k, g.v = g.c.Seek(code)
		g.started = true
	}
	if bytes.Equal(g.k, code) {
		return g.v
	}
	return nil
}

// codeIter iterates over sorted factor codes.
type codeIter interface {
	// seek returns the least code >= target, or nil when there is none.
	// Targets never decrease. The result is valid until the transaction
	// ends.
	seek(target []byte) []byte
}

// intersect returns the least code >= target that every iterator yields, or
// nil (leapfrog join: each iterator in turn jumps to the largest code seen).
func intersect(its []codeIter, target []byte) []byte {
	if len(its) == 1 {
		return its[0].seek(target)
	}
	for {
		hi, agree := target, true
		for _, it := range its {
			c := it.seek(hi)
			if c == nil {
				return nil
			}
			if !bytes.Equal(c, hi) {
				hi, agree = c, false
			}
		}
		if agree && hi != nil {
			return hi
		}
		target = hi
	}
}

// indexIter yields the codes of one index value: the suffixes of the keys
// that start with prefix (value + 0x00).
type indexIter struct {
	c      *bolt.Cursor
	prefix []byte
	buf    []byte // scratch seek key
	cur    []byte // current code; nil before the first seek
	done   bool
}

func (it *indexIter) seek(target []byte) []byte {
	if it.done {
		return nil
	}
	if it.cur != nil {
		if bytes.Compare(it.cur, target) >= 0 {
			return it.cur
		}
		// Paging walks codes one by one: try the next key before a Seek.
		k, _ := it.c.Next()
		if !it.set(k) {
			return nil
		}
		if bytes.Compare(it.cur, target) >= 0 {
			return it.cur
		}
	}
	it.buf = append(append(it.buf[:0], it.prefix...), target...)
	k, _ := it.c.Seek(it.buf)
	if !it.set(k) {
		return nil
	}
	return it.cur
}

// set makes k the current key, or ends the iteration.
func (it *indexIter) set(k []byte) bool {
	if k == nil || !bytes.HasPrefix(k, it.prefix) {
		it.done, it.cur = true, nil
		return false
	}
	it.cur = k[len(it.prefix):]
	return true
}

// sliceIter yields codes from a sorted, duplicate-free slice.
type sliceIter struct {
	codes [][]byte
	i     int
}

func (it *sliceIter) seek(target []byte) []byte {
	// Targets ascend and are usually the next code: step a few codes, then
	// search the rest.
	for range 4 {
		if it.i >= len(it.codes) {
			return nil
		}
		if bytes.Compare(it.codes[it.i], target) >= 0 {
			return it.codes[it.i]
		}
		it.i++
	}
	rest := it.codes[it.i:]
	it.i += sort.Search(len(rest), func(j int) bool { return bytes.Compare(rest[j], target) >= 0 })
	if it.i >= len(it.codes) {
		return nil
	}
	return it.codes[it.i]
}

// collectPrefix returns the sorted, distinct codes (>= start) of every factor
// with a product code starting with one of prefixes. Codes of several product
// codes under one prefix (854142 and 85414300 under 8541) come several times
// from the index; they are yielded once.
func collectPrefix(b *bolt.Bucket, start []byte, prefixes ...[]byte) *sliceIter {
	codes := make([][]byte, 0, 64)
	c := b.Cursor()
	for _, prefix := range prefixes {
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			i := bytes.IndexByte(k, 0)
			if i < 0 {
				continue
			}
			if code := k[i+1:]; bytes.Compare(code, start) >= 0 {
				codes = append(codes, code)
			}
		}
	}
	slices.SortFunc(codes, bytes.Compare)
	return &sliceIter{codes: slices.CompactFunc(codes, bytes.Equal)}
}

// productPrefixes are the index prefixes of the product codes a prefix query
// of code matches (footprint.ProductCodeQuery.Match): those starting with
// code, and each heading of ProductCodeHeadingDigits or more code starts
// with, the heading alone (keys are code, 0, …; red team 48: HS 85414300
// finds a factor or certificate of HS 854143).
func productPrefixes(code []byte) [][]byte {
	out := [][]byte{code}
	for n := footprint.ProductCodeHeadingDigits; n < len(code); n++ {
		out = append(out, append(slices.Clip(code[:n]), 0))
	}
	return out
}

// cursorFormat is the leading byte of a cursor, so that its encoding can
// change without misreading old cursors.
const cursorFormat = 1

// encodeCursor returns the opaque cursor of a page of set ending at code.
func encodeCursor(set, last string) string {
	b := []byte{cursorFormat}
	b = appendString(b, set)
	b = append(b, last...)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor returns the set and last code of a cursor, or EINVALID.
func decodeCursor(s string) (set, last string, err error) {
	invalid := footprint.FieldErrorf(footprint.EINVALID, "cursor", "malformed cursor")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) == 0 || b[0] != cursorFormat {
		return "", "", invalid
	}
	r := reader[string]{b: string(b), off: 1}
	set = r.str()
	if r.err != nil {
		return "", "", invalid
	}
	last = r.b[r.off:]
	if !footprint.ValidSetVersion(set) || !footprint.ValidFactorCode(last) {
		return "", "", invalid
	}
	return set, last, nil
}

// pageQuery checks what a page of factors is read with (FindFactors,
// SearchFactors): it returns the effective limit (offsetLimit), the query
// of the filter's conditions (newFactorQuery), the set the page is read
// from and where in it the page starts: the set and position the cursor
// encodes (decode), or filter.Set and the zero position without a cursor.
// A cursor's set must be filter.Set unless none ("") was asked for.
// Returns EINVALID naming the limit, a condition or the cursor, or
// decode's error.
func pageQuery[P any](filter footprint.FactorFilter, decode func(string) (string, P, error)) (limit int, q *factorQuery, set string, pos P, err error) {
	if limit, err = offsetLimit(0, filter.Limit); err != nil {
		return 0, nil, "", pos, err
	}
	if q, err = newFactorQuery(filter); err != nil {
		return 0, nil, "", pos, err
	}
	if filter.Cursor == "" {
		return limit, q, filter.Set, pos, nil
	}
	if set, pos, err = decode(filter.Cursor); err != nil {
		return 0, nil, "", pos, err
	}
	if filter.Set != "" && set != filter.Set {
		return 0, nil, "", pos, footprint.FieldErrorf(footprint.EINVALID, "cursor", "cursor belongs to factor set %s, not %s", set, filter.Set)
	}
	return limit, q, set, pos, nil
}

// compareVersions orders set versions naturally: runs of digits compare as
// numbers, so "2026.10" follows "2026.9".
func compareVersions(a, b string) int {
	for a != "" && b != "" {
		da, db := isDigit(a[0]), isDigit(b[0])
		if da != db {
			return strings.Compare(a, b)
		}
		ra, rb := run(a, da), run(b, da)
		if da {
			na, nb := strings.TrimLeft(ra, "0"), strings.TrimLeft(rb, "0")
			if c := len(na) - len(nb); c != 0 {
				return c
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
		} else if c := strings.Compare(ra, rb); c != 0 {
			return c
		}
		a, b = a[len(ra):], b[len(rb):]
	}
	return strings.Compare(a, b)
}

// run returns the leading run of s made of digits (digits=true) or of
// non-digits.
func run(s string, digits bool) string {
	i := 0
	for i < len(s) && isDigit(s[i]) == digits {
		i++
	}
	return s[:i]
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// containsFold reports whether s contains needle (already lower-cased),
// ignoring case. ASCII text is compared without allocating.
func containsFold[T string | []byte](s T, needle string) bool {
	if len(needle) > len(s) && isASCII(s) {
		return false
	}
	if !isASCII(s) || !isASCII(needle) {
		return strings.Contains(strings.ToLower(string(s)), needle)
	}
	for i := 0; i+len(needle) <= len(s); i++ {
		j := 0
		for j < len(needle) && lowerASCII(s[i+j]) == needle[j] {
			j++
		}
		if j == len(needle) {
			return true
		}
	}
	return false
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func isASCII[T string | []byte](s T) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
