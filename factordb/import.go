package factordb

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"unicode"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
)

// How a factor import is written (issue 13, large imports).
//
// bbolt keeps every node a transaction changes in memory, unsplit, until
// commit: one transaction of 100,000 factors and their 500,000 index
// entries inserted each into the middle of ever-growing nodes took minutes
// and half a gigabyte. So an import is written in batches of importBatch
// factors, one transaction each. Batches must not make a failed import
// visible by halves, so a large import builds the set's new state in a
// staging area: factor_import/factors/<version> and
// factor_import/index/<version>, a copy of the set's factors and indexes
// to which the batches are applied. Readers keep seeing the set as it was.
// When the last batch is written, one short transaction checks that the set
// is still a draft and swaps the staged buckets in (bbolt MoveBucket: a
// pointer move, however large the set). Anything that fails before (a bad
// row found late in the file, a cancelled request, a full disk, the set
// published meanwhile) drops the staging buckets and leaves the set
// untouched; staging left by a crash is dropped by the next import into
// that set. An import that fits in one batch is one transaction on the set
// itself, as before.
//
// The phases, as reported to ImportFactorsFrom's progress function:
// "copy" (the set's existing factors into the staging area), "write"
// (factors and their index entries, per batch) and "commit" (the swap).
var (
	importBucket     = []byte("factor_import")
	importFactorsKey = []byte("factors")
	importIndexKey   = []byte("index")
)

// importBatch is how many factors one transaction of an import writes, and
// copyBatch how many keys one transaction of the staging copy copies (in
// key order, which bbolt appends cheaply).
// (Variables for the tests only.)
var (
	importBatch = 5000
	copyBatch   = 50000
)

// importFillPercent is how full bbolt packs the pages an import writes.
const importFillPercent = 0.9

// importLocks serialises the imports into one database: two imports into
// one set would each stage from the set as it was, and the second swap
// would undo the first.
var importLocks sync.Map // *bolt.DB → *sync.Mutex

func importLock(db *bolt.DB) *sync.Mutex {
	mu, _ := importLocks.LoadOrStore(db, new(sync.Mutex))
	return mu.(*sync.Mutex)
}

// ImportFactors adds or replaces factors in a draft set, atomically: on any
// error nothing is written. Factor.Set is ignored: a factor belongs to the
// set it is imported into, and reads fill Set with that set's version.
//
// Returns EINVALID naming the first bad factor by position and code (field
// "factors[12].unit"), ENOTFOUND for an unknown set and ECONFLICT if the
// set is published.
func (s *FactorService) ImportFactors(ctx context.Context, set string, factors []*footprint.Factor) (*footprint.ImportSummary, error) {
	i := 0
	return s.ImportFactorsFrom(ctx, set, func() (*footprint.Factor, error) {
		if i == len(factors) {
			return nil, io.EOF
		}
		i++
		f := factors[i-1]
		if f == nil {
			return nil, footprint.FieldErrorf(footprint.EINVALID, fmt.Sprintf("factors[%d]", i-1), "factor is missing")
		}
		return f, nil
	}, nil)
}

// ImportFactorsFrom is ImportFactors for a stream: it adds or replaces, in
// draft set set, the factors next returns until it returns io.EOF, holding
// one batch at a time, so that the size of an import is bounded by the
// disk, not by memory. Any other error from next (a bad row of the file
// being read) ends the import with that error and nothing written. It is
// as atomic as ImportFactors (see the comment on importBucket for how);
// imports into one database run one at a time.
//
// progress, if not nil, is called with a phase ("copy", "write",
// "commit") and the number of factors done in it, after every batch.
func (s *FactorService) ImportFactorsFrom(ctx context.Context, set string, next func() (*footprint.Factor, error), progress func(phase string, n int)) (*footprint.ImportSummary, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if progress == nil {
		progress = func(string, int) {}
	}
	mu := importLock(s.db.db)
	mu.Lock()
	defer mu.Unlock()

	in := &importInput{next: next, seen: map[string]int{}}
	batch, err := in.batch()
	if err != nil {
		return nil, err
	}
	if in.done {
		// One batch: one transaction on the set itself.
		sum := &footprint.ImportSummary{Set: set}
		err := s.db.db.Update(func(tx *bolt.Tx) error {
			rec, sb, err := findSetWithBuckets(tx, set, true)
			if err != nil {
				return err
			}
			if err := writeFactors(set, sb.factors, sb.index, batch, sum); err != nil {
				return err
			}
			return s.finishImport(ctx, tx, rec, rec.FactorCount > 0, in, rec.FactorCount+sum.Added, sum)
		})
		if err != nil {
			return nil, err
		}
		progress("write", len(batch))
		progress("commit", len(batch))
		return sum, nil
	}

	st, err := s.stage(ctx, set, progress)
	if st != nil {
		st.in = in
	}
	if err != nil {
		return nil, err
	}
	committed := false
	defer func() {
		if !committed {
			st.drop()
		}
	}()
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := st.write(batch); err != nil {
			return nil, err
		}
		progress("write", st.sum.Added+st.sum.Replaced)
		if in.done {
			break
		}
		if batch, err = in.batch(); err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := st.commit(ctx); err != nil {
		return nil, err
	}
	committed = true
	progress("commit", st.sum.Added+st.sum.Replaced)
	return st.sum, nil
}

// importInput reads and checks the factors of an import, a batch at a time.
type importInput struct {
	next  func() (*footprint.Factor, error)
	seen  map[string]int                // code → position of its factor
	check factorlib.PlausibilityChecker // the factors read, for the plausibility check
	n     int                           // factors read
	done  bool                          // next has returned io.EOF
}

// batch returns the next (up to) importBatch factors, each checked as
// ImportFactors documents. An empty batch with done set is the end.
func (in *importInput) batch() ([]*footprint.Factor, error) {
	var out []*footprint.Factor
	for len(out) < importBatch {
		f, err := in.next()
		if err == io.EOF {
			in.done = true
			break
		} else if err != nil {
			return nil, err
		}
		i := in.n
		in.n++
		if f == nil {
			return nil, footprint.FieldErrorf(footprint.EINVALID, fmt.Sprintf("factors[%d]", i), "factor is missing")
		}
		if err := f.Validate(); err != nil {
			field := fmt.Sprintf("factors[%d]", i)
			if name := footprint.ErrorField(err); name != "" {
				field += "." + name
			}
			return nil, footprint.FieldErrorf(footprint.ErrorCode(err), field, "factor %q: %s", f.Code, footprint.ErrorMessage(err))
		}
		if strings.ContainsFunc(f.Geography, unicode.IsControl) {
			// Index keys are value+0x00+code: a NUL in a value would make
			// the index ambiguous.
			return nil, footprint.FieldErrorf(footprint.EINVALID, fmt.Sprintf("factors[%d].geography", i), "factor %q: geography contains a control character", f.Code)
		}
		if j, ok := in.seen[f.Code]; ok {
			return nil, footprint.FieldErrorf(footprint.EINVALID, fmt.Sprintf("factors[%d].code", i), "factor %q: duplicate of factors[%d]", f.Code, j)
		}
		in.seen[strings.Clone(f.Code)] = i // not the caller's string, which may share a whole row's memory
		in.check.Add(f)
		out = append(out, f)
	}
	return out, nil
}

// findDraft returns the record of set, which must be a draft.
func findDraft(tx *bolt.Tx, set string) (*footprint.FactorSet, error) {
	rec, err := findSet(tx, set)
	if err != nil {
		return nil, err
	}
	if rec.Status == footprint.SetPublished {
		return nil, errImmutable(set)
	}
	return rec, nil
}

// writeFactors adds or replaces factors in the factor bucket fb and the
// index buckets index(idx) of set, counting them in sum.
func writeFactors(set string, fb *bolt.Bucket, index func(idx []byte) *bolt.Bucket, factors []*footprint.Factor, sum *footprint.ImportSummary) error {
	var old footprint.Factor
	// In code order, the puts of a batch touch neighbouring pages.
	factors = slices.SortedFunc(slices.Values(factors), func(a, b *footprint.Factor) int { return strings.Compare(a.Code, b.Code) })
	for _, f := range factors {
		key := []byte(f.Code)
		if v := fb.Get(key); v != nil {
			if err := decodeFactorString(&old, string(v), nil); err != nil {
				return fmt.Errorf("decode factor %s/%s: %w", set, f.Code, err)
			}
			if err := forEachIndexKey(&old, func(idx, k []byte) error { return index(idx).Delete(k) }); err != nil {
				return fmt.Errorf("unindex factor %s/%s: %w", set, f.Code, err)
			}
			sum.Replaced++
		} else {
			sum.Added++
		}
		if err := fb.Put(key, appendFactor(nil, f)); err != nil {
			return fmt.Errorf("put factor %s/%s: %w", set, f.Code, err)
		}
		if err := forEachIndexKey(f, func(idx, k []byte) error { return index(idx).Put(k, nil) }); err != nil {
			return fmt.Errorf("index factor %s/%s: %w", set, f.Code, err)
		}
	}
	return nil
}

// finishImport records the end of an import in tx: the set's factor count,
// its plausibility flags and the audit trail.
func (s *FactorService) finishImport(ctx context.Context, tx *bolt.Tx, rec *footprint.FactorSet, hadFactors bool, in *importInput, count int, sum *footprint.ImportSummary) error {
	rec.FactorCount = count
	sum.Total = count
	if err := putSet(tx, rec); err != nil {
		return err
	}
	// Every import checks the set as it now is (plausibility.go): the
	// factors imported, checked as they were read, and those the set held
	// before and the import did not replace, read now (none for a new set,
	// whose pages are then not read again). A set based on another is
	// read whole, each factor compared with its base (setChanges).
	now := s.db.now()
	if rec.BasedOn != "" {
		flags, err := refreshFlags(tx, rec.Version)
		if err != nil {
			return err
		}
		reviewed, err := reviewHolderChanges(ctx, tx, now, rec.Version, flags, in.seen)
		if err != nil {
			return err
		}
		// The flags compare the set with its base as the base is now. A
		// base that waits for its review as a set now (a draft edited
		// since it was reviewed, or since this copy was made) vouches for
		// no value, and a value taken from it would pass unflagged: the
		// set waits with it (red team 32).
		if err := inheritSetReview(tx, now, rec); err != nil {
			return err
		}
		detail := fmt.Sprintf("%d added, %d replaced, %d in set", sum.Added, sum.Replaced, sum.Total)
		if reviewed > 0 {
			detail += fmt.Sprintf("; %d change flags reviewed by the database file's holder, who made the changes (no API key: four eyes not enforced)", reviewed)
		}
		return audit(ctx, tx, now, access.AuditFactorSetImport, "factor-set/"+rec.Version, detail)
	}
	check := &in.check
	if hadFactors {
		sb, err := findSetBuckets(tx, rec.Version)
		if err != nil {
			return err
		}
		var f footprint.Factor
		err = sb.factors.ForEach(func(k, v []byte) error {
			if _, imported := in.seen[string(k)]; imported {
				return nil
			}
			if err := decodeFactorString(&f, string(v), nil); err != nil {
				return fmt.Errorf("decode factor %s/%s: %w", rec.Version, k, err)
			}
			check.Add(&f)
			return nil
		})
		if err != nil {
			return err
		}
	}
	if err := storeFlags(tx, rec.Version, check.Flags()); err != nil {
		return err
	}
	// A curator's import into a set based on no other makes it wait for
	// a second curator's review as a set: one small record, not a flag
	// per factor (plausibility.go, noteSetAuthor).
	if err := noteSetAuthor(ctx, tx, now, rec, authorActions[access.AuditFactorSetImport]); err != nil {
		return err
	}
	return audit(ctx, tx, now, access.AuditFactorSetImport, "factor-set/"+rec.Version,
		fmt.Sprintf("%d added, %d replaced, %d in set", sum.Added, sum.Replaced, sum.Total))
}

// staging is the staging area of one large import.
type staging struct {
	in      *importInput
	s       *FactorService
	set     string
	version []byte
	base    int // factors in the set when the import began
	sum     *footprint.ImportSummary
}

// stagingBuckets returns the staging factor and index buckets of version
// in tx, nil if there are none.
func stagingBuckets(tx *bolt.Tx, version []byte) (fb, ib *bolt.Bucket) {
	root := tx.Bucket(importBucket)
	if root == nil {
		return nil, nil
	}
	return root.Bucket(importFactorsKey).Bucket(version), root.Bucket(importIndexKey).Bucket(version)
}

// stage makes the staging area of an import into set: a copy of the set's
// factors and indexes, made in transactions of copyBatch keys.
func (s *FactorService) stage(ctx context.Context, set string, progress func(string, int)) (*staging, error) {
	st := &staging{s: s, set: set, version: []byte(set), sum: &footprint.ImportSummary{Set: set}}
	st.drop() // staging left by an import that crashed
	err := s.db.db.Update(func(tx *bolt.Tx) error {
		rec, err := findDraft(tx, set)
		if err != nil {
			return err
		}
		st.base = rec.FactorCount
		root, err := tx.CreateBucketIfNotExists(importBucket)
		if err != nil {
			return fmt.Errorf("create import bucket: %w", err)
		}
		fp, err := root.CreateBucketIfNotExists(importFactorsKey)
		if err != nil {
			return fmt.Errorf("create import bucket: %w", err)
		}
		ip, err := root.CreateBucketIfNotExists(importIndexKey)
		if err != nil {
			return fmt.Errorf("create import bucket: %w", err)
		}
		if _, err := fp.CreateBucket(st.version); err != nil {
			return fmt.Errorf("create staging factors %s: %w", set, err)
		}
		ib, err := ip.CreateBucket(st.version)
		if err != nil {
			return fmt.Errorf("create staging index %s: %w", set, err)
		}
		for _, name := range factorIndexes {
			if _, err := ib.CreateBucket(name); err != nil {
				return fmt.Errorf("create staging index %s/%s: %w", set, name, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if st.base == 0 {
		return st, nil
	}
	// Copy the set's factors, then each index, resuming after the last
	// key copied.
	src := func(tx *bolt.Tx) (fb *bolt.Bucket, index func([]byte) *bolt.Bucket) {
		sb, err := findSetBuckets(tx, set)
		if err != nil {
			return nil, nil
		}
		return sb.factors, sb.index
	}
	copied := 0
	for _, idx := range append([][]byte{nil}, factorIndexes...) {
		var after []byte
		for {
			if err := ctx.Err(); err != nil {
				st.drop()
				return nil, err
			}
			n := 0
			err := s.db.db.Update(func(tx *bolt.Tx) error {
				from, fromIndex := src(tx)
				to, toIndex := stagingBuckets(tx, st.version)
				if from == nil || to == nil {
					return footprint.Errorf(footprint.ECONFLICT, "factor set %s changed during the import", set)
				}
				if idx != nil {
					from, to = fromIndex(idx), toIndex.Bucket(idx)
				}
				to.FillPercent = importFillPercent // keys arrive in order
				c := from.Cursor()
				k, v := c.First()
				if after != nil {
					if k, v = c.Seek(after); bytes.Equal(k, after) {
						k, v = c.Next()
					}
				}
				for ; k != nil && n < copyBatch; k, v = c.Next() {
					// bbolt: Put keeps the slices until commit, and the
					// source may be remapped as the file grows: copy.
					if err := to.Put(bytes.Clone(k), bytes.Clone(v)); err != nil {
						return fmt.Errorf("copy %s to staging: %w", set, err)
					}
					after = bytes.Clone(k)
					n++
				}
				return nil
			})
			if err != nil {
				st.drop()
				return nil, err
			}
			if idx == nil {
				copied += n
				progress("copy", copied)
			}
			if n < copyBatch {
				break
			}
		}
	}
	return st, nil
}

// write applies a batch of factors to the staging area, in one
// transaction.
func (st *staging) write(batch []*footprint.Factor) error {
	return st.s.db.db.Update(func(tx *bolt.Tx) error {
		fb, ib := stagingBuckets(tx, st.version)
		if fb == nil || ib == nil {
			return fmt.Errorf("staging area of %s is missing", st.set)
		}
		// bbolt splits pages half full by default, which suits random
		// inserts into a settled tree; an import mostly fills new pages
		// and packs them (half the file, a third less memory mapped).
		fb.FillPercent = importFillPercent
		index := func(idx []byte) *bolt.Bucket {
			b := ib.Bucket(idx)
			b.FillPercent = importFillPercent
			return b
		}
		return writeFactors(st.set, fb, index, batch, st.sum)
	})
}

// commit swaps the staging area in for the set's factors and indexes, if
// the set is still a draft.
func (st *staging) commit(ctx context.Context) error {
	return st.s.db.db.Update(func(tx *bolt.Tx) error {
		rec, err := findDraft(tx, st.set)
		if err != nil {
			return err
		}
		root := tx.Bucket(importBucket)
		for _, parents := range [][2]*bolt.Bucket{
			{root.Bucket(importFactorsKey), tx.Bucket(factorsBucket)},
			{root.Bucket(importIndexKey), tx.Bucket(factorIndexBucket)},
		} {
			from, to := parents[0], parents[1]
			if err := to.DeleteBucket(st.version); err != nil {
				return fmt.Errorf("drop old buckets of %s: %w", st.set, err)
			}
			if err := tx.MoveBucket(st.version, from, to); err != nil {
				return fmt.Errorf("swap in the import of %s: %w", st.set, err)
			}
		}
		return st.s.finishImport(ctx, tx, rec, st.base > 0, st.in, st.base+st.sum.Added, st.sum)
	})
}

// drop deletes the staging area, if any. It is best effort: what it cannot
// delete now, the next import into the set deletes.
func (st *staging) drop() {
	present := false
	_ = st.s.db.db.View(func(tx *bolt.Tx) error {
		fb, ib := stagingBuckets(tx, st.version)
		present = fb != nil || ib != nil
		return nil
	})
	if !present {
		return
	}
	_ = st.s.db.db.Update(func(tx *bolt.Tx) error {
		root := tx.Bucket(importBucket)
		if root == nil {
			return nil
		}
		for _, key := range [][]byte{importFactorsKey, importIndexKey} {
			if b := root.Bucket(key); b != nil && b.Bucket(st.version) != nil {
				if err := b.DeleteBucket(st.version); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
