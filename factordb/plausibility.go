package factordb

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
)

// Plausibility flags (issue 15 item 3; factorlib.CheckPlausibility).
//
// factor_flags/<version>/flags holds, by factor code, the flags of a set as
// its last import (or its creation from a base set) left them, so that a
// curator sees them without recomputing; factor_flags/<version>/acks holds
// the acknowledgements, by factor code, each for the value and unit it
// acknowledged. PublishFactorSet does not trust the stored flags: it checks
// the set again in its own transaction and refuses (ECONFLICT, naming the
// factors) while any flag lacks a matching acknowledgement. So a set stored
// before the checks existed is checked too.
var (
	factorFlagsBucket = []byte("factor_flags")
	flagsKey          = []byte("flags")
	acksKey           = []byte("acks")
	// contentDigestKey (factor_flags/<version>/content_digest) holds the
	// set's setContentDigest as storeFlags last stored it: every write to
	// a set's factors stores its flags again, so the digest is kept in
	// the same transaction as the write and a reviewer's read
	// (FindSetReview) does not hash the whole set.
	contentDigestKey = []byte("content_digest")
)

var _ factorlib.FactorFlagService = (*FactorService)(nil)

// flagRecord is the stored form of a flag.
type flagRecord struct {
	V int `json:"v"`
	factorlib.PlausibilityFlag
}

// ackRecord is the stored form of an acknowledgement: what it
// acknowledged, and who, when and why, and whether a curator reviewed the
// flag (Kind).
type ackRecord struct {
	V     int     `json:"v"`
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
	factorlib.FlagAcknowledgement
	// Kind is ackReview for a curator's review, ackSource for the
	// loader's acknowledgement of an embedded set; "" in a record written
	// before the two were told apart (see reviewed).
	Kind string `json:"kind,omitempty"`
	// Change is the key (FactorChange.Key) of the change the flag
	// acknowledged said the set made: "" for an outlier of an unchanged
	// factor, and in every record written before change flags.
	Change string `json:"change,omitempty"`
}

// Kinds of acknowledgement (ackRecord.Kind).
const (
	ackReview = "review"
	ackSource = "source"
)

// legacySourceNote begins the note of every acknowledgement seed.LoadSet
// made before acknowledgements had a Kind: such a record is the loader's,
// not a review.
const legacySourceNote = "loaded by pcf as the source publishes it"

// reviewed reports whether the acknowledgement is a curator's review. A
// record without a Kind (written before the distinction) is a review
// unless its note is the loader's: until then only seed.LoadSet
// acknowledged flags without a person, always with that note.
func (r *ackRecord) reviewed() bool {
	switch r.Kind {
	case ackReview:
		return true
	case ackSource:
		return false
	}
	return !strings.HasPrefix(r.Note, legacySourceNote)
}

func (r *flagRecord) version() int { return r.V }
func (r *ackRecord) version() int  { return r.V }

// matches reports whether the acknowledgement covers flag fl: the same
// value and unit, and the same change (a review of one change does not
// cover another to the same value).
func (r *ackRecord) matches(fl *factorlib.PlausibilityFlag) bool {
	return r.Value == fl.Value && r.Unit == fl.Unit && r.Change == fl.Change.Key()
}

// flagBuckets returns the flags and acks buckets of version, creating them
// in a writable tx; in a read-only tx they are nil if absent.
func flagBuckets(tx *bolt.Tx, version string) (flags, acks *bolt.Bucket, err error) {
	root := tx.Bucket(factorFlagsBucket)
	if !tx.Writable() {
		if b := root.Bucket([]byte(version)); b != nil {
			return b.Bucket(flagsKey), b.Bucket(acksKey), nil
		}
		return nil, nil, nil
	}
	b, err := root.CreateBucketIfNotExists([]byte(version))
	if err != nil {
		return nil, nil, fmt.Errorf("create flags bucket %s: %w", version, err)
	}
	if flags, err = b.CreateBucketIfNotExists(flagsKey); err != nil {
		return nil, nil, fmt.Errorf("create flags bucket %s: %w", version, err)
	}
	if acks, err = b.CreateBucketIfNotExists(acksKey); err != nil {
		return nil, nil, fmt.Errorf("create flags bucket %s: %w", version, err)
	}
	return flags, acks, nil
}

// checkSet runs the plausibility check over every factor of set version in
// tx, decoding one record at a time into the same factor: the checker
// keeps a few fields of each, so that a set of 100,000 factors does not
// sit decoded in memory. A set based on another is compared with its base
// too (setChanges).
func checkSet(tx *bolt.Tx, version string) ([]factorlib.PlausibilityFlag, error) {
	sb, err := findSetBuckets(tx, version)
	if err != nil {
		return nil, err
	}
	changes, err := setChanges(tx, version)
	if err != nil {
		return nil, err
	}
	var c factorlib.PlausibilityChecker
	err = sb.eachFactor(func(f *footprint.Factor) error {
		ch, err := changes(f)
		c.AddChanged(f, ch)
		return err
	})
	if err != nil {
		return nil, err
	}
	return c.Flags(), nil
}

// noChanges is the setChanges of a set not based on another.
func noChanges(*footprint.Factor) (*factorlib.FactorChange, error) { return nil, nil }

// setChanges returns what set version changed of a factor with respect to
// the set it is based on (factorlib.CompareWithBase; change flags,
// docs/integrity.md §11a), in tx, for PlausibilityChecker.AddChanged:
//
//   - a set not based on another, or whose base is gone, changes nothing;
//   - a draft is compared with its base as the base now is, and a factor
//     it leaves unchanged keeps the base's change flag if no curator
//     reviewed that there (an unreviewed change copied is no less
//     unreviewed);
//   - a published set keeps the changes its flags were stored with at
//     publication (none for a set published before change flags): its
//     factors never change, and its base may have changed since.
func setChanges(tx *bolt.Tx, version string) (func(*footprint.Factor) (*factorlib.FactorChange, error), error) {
	rec, err := findSet(tx, version)
	if err != nil {
		return nil, err
	}
	if rec.Status == footprint.SetPublished {
		stored, err := flagsWithAcks(tx, version)
		if err != nil {
			return nil, err
		}
		byCode := map[string]*factorlib.FactorChange{}
		for _, fl := range stored {
			if fl.Change != nil {
				byCode[fl.Code] = fl.Change
			}
		}
		if len(byCode) == 0 {
			return noChanges, nil
		}
		return func(f *footprint.Factor) (*factorlib.FactorChange, error) { return byCode[f.Code], nil }, nil
	}
	if rec.BasedOn == "" {
		return noChanges, nil
	}
	base, err := findSetBuckets(tx, rec.BasedOn)
	if footprint.ErrorCode(err) == footprint.ENOTFOUND {
		return noChanges, nil
	} else if err != nil {
		return nil, err
	}
	joined, err := flagsWithAcks(tx, rec.BasedOn)
	if err != nil {
		return nil, err
	}
	inherited := map[string]*factorlib.FactorChange{}
	for _, fl := range joined {
		if fl.Change != nil && !fl.Reviewed() {
			inherited[fl.Code] = fl.Change
		}
	}
	var old footprint.Factor
	return func(f *footprint.Factor) (*factorlib.FactorChange, error) {
		v := base.factors.Get([]byte(f.Code))
		if v == nil {
			return factorlib.CompareWithBase(version, rec.BasedOn, f, nil), nil
		}
		if err := decodeFactorString(&old, string(v), nil); err != nil {
			return nil, fmt.Errorf("decode factor %s/%s: %w", rec.BasedOn, f.Code, err)
		}
		if ch := factorlib.CompareWithBase(version, rec.BasedOn, f, &old); ch != nil {
			return ch, nil
		}
		return inherited[f.Code], nil
	}, nil
}

// reviewHolderChanges records, in tx, the review of the change flags
// (factorlib.FlagChanged, FlagAdded) of the factors codes names in set
// version that flags holds and set version made, when the caller has no
// principal: the holder of the database file (the command line on it,
// seed and CPCD loaders) is outside the service's access control, and its
// review of its own change is what `pcf factors acknowledge` would record
// (four eyes bind the service's curators). Outlier flags are left to an
// explicit acknowledgement, as before. Audited with the import.
func reviewHolderChanges(ctx context.Context, tx *bolt.Tx, now time.Time, version string, flags []factorlib.PlausibilityFlag, codes map[string]int) (int, error) {
	if access.PrincipalFromContext(ctx) != nil {
		return 0, nil
	}
	_, acks, err := flagBuckets(tx, version)
	if err != nil {
		return 0, err
	}
	by, _, _ := access.AuditActor(ctx)
	n := 0
	for i := range flags {
		fl := &flags[i]
		if _, imported := codes[fl.Code]; !imported || fl.IsOutlier() || fl.Change == nil || fl.Change.Set != version {
			continue
		}
		ack := &ackRecord{V: recordV1, Value: fl.Value, Unit: fl.Unit, Kind: ackReview, Change: fl.Change.Key(),
			FlagAcknowledgement: factorlib.FlagAcknowledgement{By: by, At: now, Reviewed: true,
				Note: "changed by the database file's holder, who is outside four eyes (no API key)"}}
		if err := putJSON(acks, []byte(fl.Code), ack); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}

// refreshFlags checks set version in writable tx and stores its flags in
// place of the previous ones. Acknowledgements are kept: one for a value
// no longer flagged is harmless, and one for a value flagged again holds.
func refreshFlags(tx *bolt.Tx, version string) ([]factorlib.PlausibilityFlag, error) {
	flags, err := checkSet(tx, version)
	if err != nil {
		return nil, err
	}
	return flags, storeFlags(tx, version, flags)
}

// storeMissingFlags checks, in writable tx, every set that has no flags
// stored (one written before the checks existed, or by a program without
// them) and stores its flags: from then on the flags of a set are read,
// never recomputed on a request. Open calls it (migrate); a set that has
// its flags costs one bucket lookup. Each set it checks gets an audit
// event (AuditDatabaseMigrate on the set) saying how many flags it stored.
func storeMissingFlags(tx *bolt.Tx, now time.Time) error {
	root := tx.Bucket(factorFlagsBucket)
	return forEachSet(tx, func(version string) error {
		if b := root.Bucket([]byte(version)); b != nil && b.Bucket(flagsKey) != nil {
			return nil
		}
		flags, err := refreshFlags(tx, version)
		if err != nil {
			return fmt.Errorf("plausibility flags of %s: %w", version, err)
		}
		return audit(context.Background(), tx, now, AuditDatabaseMigrate, "factor-set/"+version,
			fmt.Sprintf("plausibility flags of a set stored without them checked at open: %d flags stored", len(flags)))
	})
}

// storeFlags stores flags as the flags of set version in place of the
// previous ones, in writable tx, and the set's content digest as its
// factors now are (contentDigestKey). Every write to a set's factors
// (import, classification, a copy from a base) stores the flags of the
// set as it now is, in its transaction: that keeps the digest with the
// factors. DB.Check finds a digest a write left behind.
func storeFlags(tx *bolt.Tx, version string, flags []factorlib.PlausibilityFlag) error {
	root := tx.Bucket(factorFlagsBucket)
	if b := root.Bucket([]byte(version)); b != nil && b.Bucket(flagsKey) != nil {
		if err := b.DeleteBucket(flagsKey); err != nil {
			return fmt.Errorf("drop flags of %s: %w", version, err)
		}
	}
	fb, _, err := flagBuckets(tx, version)
	if err != nil {
		return err
	}
	for _, fl := range flags {
		if err := putJSON(fb, []byte(fl.Code), &flagRecord{V: recordV1, PlausibilityFlag: fl}); err != nil {
			return err
		}
	}
	return storeSetDigest(tx, version)
}

// copyAcks copies the acknowledgements of set from to set to (a draft made
// from it): a flag its curator acknowledged before stays acknowledged for
// the same value.
func copyAcks(tx *bolt.Tx, from, to string) error {
	_, src, err := flagBuckets(tx, from)
	if err != nil {
		return err
	}
	_, dst, err := flagBuckets(tx, to)
	if err != nil {
		return err
	}
	return copyBucket(dst, src)
}

// joinAcks returns flags, those of set version, with the acknowledgements
// in acks (nil: none) that match them, and their digests
// (factorlib.FlagDigest).
func joinAcks(version string, flags []factorlib.PlausibilityFlag, acks *bolt.Bucket) ([]*factorlib.FactorFlag, error) {
	out := make([]*factorlib.FactorFlag, 0, len(flags))
	for _, fl := range flags {
		ff := &factorlib.FactorFlag{PlausibilityFlag: fl, Digest: factorlib.FlagDigest(version, &fl)}
		if acks != nil {
			var ack ackRecord
			ok, err := getJSON(acks, []byte(fl.Code), &ack)
			if err != nil {
				return nil, fmt.Errorf("acknowledgement of %s: %w", fl.Code, err)
			}
			if ok && ack.matches(&fl) {
				a := ack.FlagAcknowledgement
				a.Reviewed = ack.reviewed()
				ff.Acknowledgement = &a
			}
		}
		out = append(out, ff)
	}
	return out, nil
}

// storedFlags returns the stored flags of version. Every set with factors
// has its flags stored (an import and a copy store them, Open stores those
// of a set written before the checks), so none stored means none.
func storedFlags(tx *bolt.Tx, version string) ([]factorlib.PlausibilityFlag, error) {
	fb, _, err := flagBuckets(tx, version)
	if err != nil {
		return nil, err
	}
	return readFlags(fb, version)
}

// readFlags decodes the flags of set version in its flags bucket fb (nil:
// none).
func readFlags(fb *bolt.Bucket, version string) ([]factorlib.PlausibilityFlag, error) {
	if fb == nil {
		return nil, nil
	}
	var flags []factorlib.PlausibilityFlag
	err := fb.ForEach(func(k, v []byte) error {
		var r flagRecord
		if err := decodeJSON(v, &r); err != nil {
			return fmt.Errorf("flag %s/%s: %w", version, k, err)
		}
		flags = append(flags, r.PlausibilityFlag)
		return nil
	})
	return flags, err
}

// FindFactorFlags returns the plausibility flags of set ("" = the latest
// published set), ordered by factor code, each with its acknowledgement.
// Returns ENOTFOUND for an unknown set.
func (s *FactorService) FindFactorFlags(ctx context.Context, set string) ([]*factorlib.FactorFlag, error) {
	return view(ctx, s.db, "find factor flags", func(tx *bolt.Tx) ([]*factorlib.FactorFlag, error) {
		sb, err := findSetBuckets(tx, set)
		if err != nil {
			return nil, err
		}
		return flagsWithAcks(tx, sb.name)
	})
}

// flagsWithAcks returns the stored flags of set version, each with its
// acknowledgement. It creates no bucket, in a writable tx too (a set whose
// flags are missing keeps them missing, for storeMissingFlags).
func flagsWithAcks(tx *bolt.Tx, version string) ([]*factorlib.FactorFlag, error) {
	b := tx.Bucket(factorFlagsBucket).Bucket([]byte(version))
	if b == nil {
		return nil, nil
	}
	flags, err := readFlags(b.Bucket(flagsKey), version)
	if err != nil {
		return nil, err
	}
	return joinAcks(version, flags, b.Bucket(acksKey))
}

// AcknowledgeFactorFlags records, for each flag of seen, that the caller,
// a curator, reviewed it in set set as it was shown (its digest) and
// keeps its value, with note, and returns every flag of the set. A draft
// is checked again first, so a code must be flagged now, and flagged as
// the reviewer was shown it (red team 32: an author's import between the
// reviewer's reading and the submission is refused, not reviewed); a
// published set keeps the flags stored with it (its factors do not
// change, and a review changes no value, so its digest stays). All or
// nothing. Returns ENOTFOUND for an unknown set, EINVALID (naming
// codes[i] or digests[i]) for a blank note, no codes, a code without a
// flag or no digest, ECONFLICT (naming digests[i]) for a flag that is no
// longer the one shown, and EFORBIDDEN (field "reviewer") for an author
// of the set (checkFourEyes).
func (s *FactorService) AcknowledgeFactorFlags(ctx context.Context, set string, seen []factorlib.SeenFlag, note string) ([]*factorlib.FactorFlag, error) {
	return s.acknowledgeIn(ctx, set, seen, note, true, nil)
}

var _ factorlib.FactorFlagLoader = (*FactorService)(nil)

// AcknowledgeSourceFlags records, for each factor of codes, that the
// loader of an embedded set keeps its value as the source publishes it,
// unreviewed: the draft can be published, and its factors are not
// certifiable until a curator reviews their flags. Returns ENOTFOUND for
// an unknown set, ECONFLICT for a published one, and EINVALID as
// AcknowledgeFactorFlags does.
//
// The loader reads no flag for anyone: it acknowledges, unreviewed, the
// flags of the set it has just loaded, so no digest is asked of it.
func (s *FactorService) AcknowledgeSourceFlags(ctx context.Context, set string, codes []string, note string) ([]*factorlib.FactorFlag, error) {
	seen := make([]factorlib.SeenFlag, len(codes))
	for i, code := range codes {
		seen[i].Code = code
	}
	return s.acknowledgeIn(ctx, set, seen, note, false, nil)
}

// acknowledgeIn stores acknowledgements of the flags of seen in set: a
// curator's review (any set; each flag as it was shown, by digest) or the
// loader's (drafts only). It calls also, in its transaction, wholeSet
// (nil: none) with the set and the time of the review: the review of the
// set as a whole (ReviewFactorSet), with which seen may be empty.
func (s *FactorService) acknowledgeIn(ctx context.Context, set string, seen []factorlib.SeenFlag, note string, review bool,
	wholeSet func(tx *bolt.Tx, rec *footprint.FactorSet, now time.Time) error) ([]*factorlib.FactorFlag, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	switch {
	case note == "" && wholeSet != nil:
		return nil, footprint.FieldErrorf(footprint.EINVALID, "note", "say why the set's values stand (note): what you checked them against")
	case note == "":
		return nil, footprint.FieldErrorf(footprint.EINVALID, "note", "say why the flagged values stand (note)")
	case len(seen) == 0 && wholeSet == nil:
		return nil, footprint.FieldErrorf(footprint.EINVALID, "codes", "name the factors whose flags you acknowledge")
	}
	var out []*factorlib.FactorFlag
	err := s.db.db.Update(func(tx *bolt.Tx) error {
		rec, err := findSet(tx, set)
		if err != nil {
			return err
		}
		var flags []factorlib.PlausibilityFlag
		switch {
		case rec.Status != footprint.SetPublished:
			flags, err = refreshFlags(tx, rec.Version)
		case review:
			flags, err = storedFlags(tx, rec.Version)
		default:
			return errImmutable(rec.Version)
		}
		if err != nil {
			return err
		}
		byCode := make(map[string]*factorlib.PlausibilityFlag, len(flags))
		for i := range flags {
			byCode[flags[i].Code] = &flags[i]
		}
		_, acks, err := flagBuckets(tx, rec.Version)
		if err != nil {
			return err
		}
		now := s.db.now().UTC()
		by, _, _ := access.AuditActor(ctx)
		kind, what := ackSource, "acknowledged as loaded, not reviewed by a curator,"
		if review {
			kind, what = ackReview, "reviewed by a curator"
			if access.PrincipalFromContext(ctx) == nil {
				what = "reviewed by the database file's holder (no API key: four eyes not enforced)"
			}
		}
		codes := make([]string, len(seen))
		for i, sf := range seen {
			code := sf.Code
			codes[i] = code
			fl, ok := byCode[code]
			if !ok {
				return footprint.FieldErrorf(footprint.EINVALID, fmt.Sprintf("codes[%d]", i), "factor %q of set %s has no plausibility flag", code, set)
			}
			if review {
				if err := checkSeen(rec.Version, i, fl, sf.Digest); err != nil {
					return err
				}
			}
			ack := &ackRecord{V: recordV1, Value: fl.Value, Unit: fl.Unit, Kind: kind, Change: fl.Change.Key(),
				FlagAcknowledgement: factorlib.FlagAcknowledgement{By: by, At: now, Note: note, Reviewed: review}}
			if err := putJSON(acks, []byte(code), ack); err != nil {
				return err
			}
		}
		if review {
			if err := checkFourEyes(ctx, tx, rec); err != nil {
				return err
			}
			// A change copied from the set that made it (an inherited
			// change flag) is its maker's too: they review it nowhere.
			if err := checkChangeMakers(ctx, tx, rec.Version, byCode, codes); err != nil {
				return err
			}
		}
		if out, err = joinAcks(rec.Version, flags, acks); err != nil {
			return err
		}
		if wholeSet != nil {
			if err := wholeSet(tx, rec, now); err != nil {
				return err
			}
			if len(codes) == 0 {
				return nil
			}
		}
		return audit(ctx, tx, now, factorlib.AuditFactorSetAcknowledge, "factor-set/"+rec.Version,
			fmt.Sprintf("plausibility flags %s for %s: %s", what, strings.Join(codes, ", "), note))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkSeen returns an error, naming digests[i], unless digest is the
// digest of flag fl of set version as it now is (factorlib.FlagDigest): a
// review covers only the flag its reviewer was shown (red team 32).
func checkSeen(version string, i int, fl *factorlib.PlausibilityFlag, digest string) error {
	field := fmt.Sprintf("digests[%d]", i)
	if digest == "" {
		return footprint.FieldErrorf(footprint.EINVALID, field, "say which flag of %s you reviewed: send its digest as GET /v1/factor-sets/%s/flags showed it (data[].digest); a review covers only the values its reviewer was shown", fl.Code, version)
	}
	if digest != factorlib.FlagDigest(version, fl) {
		return footprint.FieldErrorf(footprint.ECONFLICT, field, "the flag of %s in set %s changed since you read it: it is now %s %s (%s); nothing was reviewed: read the flags again (GET /v1/factor-sets/%s/flags, pcf factors flags, the set's page) and review what is there now",
			fl.Code, version, strconv.FormatFloat(fl.Value, 'g', -1, 64), fl.Unit, fl.FlagKind(), version)
	}
	return nil
}

// checkChangeMakers applies checkFourEyes to each set other than version
// that made a change the flags byCode of codes carry (FactorChange.Set): a
// change copied, unreviewed, into a newer set is reviewed there by none
// of the authors of the set that made it.
func checkChangeMakers(ctx context.Context, tx *bolt.Tx, version string, byCode map[string]*factorlib.PlausibilityFlag, codes []string) error {
	makers := map[string]bool{}
	for _, code := range codes {
		if ch := byCode[code].Change; ch != nil && ch.Set != version {
			makers[ch.Set] = true
		}
	}
	for _, v := range slices.Sorted(maps.Keys(makers)) {
		maker, err := findSet(tx, v)
		switch {
		case footprint.ErrorCode(err) == footprint.ENOTFOUND: // gone: nobody to exclude
		case err != nil:
			return err
		default:
			if err := checkFourEyes(ctx, tx, maker); err != nil {
				return err
			}
		}
	}
	return nil
}

// flagsOf returns, by code, the flags of the factors codes names in set
// version, each with its acknowledgement; a code without a flag is
// absent. It reads the flags stored with the set (storedFlags) and
// creates nothing, in a writable tx too.
func flagsOf(tx *bolt.Tx, version string, codes []string) (map[string]*factorlib.FactorFlag, error) {
	var fb, acks *bolt.Bucket
	if b := tx.Bucket(factorFlagsBucket).Bucket([]byte(version)); b != nil {
		fb, acks = b.Bucket(flagsKey), b.Bucket(acksKey)
	}
	if fb == nil {
		return nil, nil
	}
	var flags []factorlib.PlausibilityFlag
	for _, code := range codes {
		v := fb.Get([]byte(code))
		if v == nil {
			continue
		}
		var r flagRecord
		if err := decodeJSON(v, &r); err != nil {
			return nil, fmt.Errorf("flag %s/%s: %w", version, code, err)
		}
		flags = append(flags, r.PlausibilityFlag)
	}
	if len(flags) == 0 {
		return nil, nil
	}
	joined, err := joinAcks(version, flags, acks)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*factorlib.FactorFlag, len(joined))
	for _, fl := range joined {
		out[fl.Code] = fl
	}
	return out, nil
}

// resultFlags returns, by code, the flags of the factors of set version
// that res used: their own, and, while the set waits for its review as a
// set, its FlagSetReview flag on each of the others (setReviewFlags), so
// that a preview warns of it and the checks refuse it as they refuse an
// unreviewed flag.
func resultFlags(tx *bolt.Tx, version string, res *footprint.Result) (map[string]*factorlib.FactorFlag, []factorlib.FactorPath, error) {
	paths := factorlib.FactorPaths(res)
	if len(paths) == 0 {
		return nil, nil, nil
	}
	codes := make([]string, len(paths))
	for i, fp := range paths {
		codes[i] = fp.Code
	}
	flags, err := flagsOf(tx, version, codes)
	if err != nil {
		return nil, nil, err
	}
	flags, err = setReviewFlags(tx, version, res, flags, paths)
	return flags, paths, err
}

// checkFlagsReviewed returns EINVALID naming the factor field of the first
// line of res that uses a factor of set version whose flag no curator
// reviewed (docs/integrity.md "Plausibility flags"): such a factor is for
// previews, never for a stored study, an application or a certificate.
func checkFlagsReviewed(tx *bolt.Tx, version string, res *footprint.Result) error {
	flags, paths, err := resultFlags(tx, version, res)
	if err != nil {
		return err
	}
	return firstUnreviewed(version, flags, paths)
}

// firstUnreviewed returns the error of checkFlagsReviewed for the flags
// and paths resultFlags returned.
func firstUnreviewed(version string, flags map[string]*factorlib.FactorFlag, paths []factorlib.FactorPath) error {
	for _, fp := range paths {
		if fl := flags[fp.Code]; fl != nil && !fl.Reviewed() {
			return factorlib.UnreviewedFlagError(fp.Path, fl, version)
		}
	}
	return nil
}

// checkPublishable returns ECONFLICT, naming the factors, if flags, those
// of a check of set version made now in tx, hold one that is not
// acknowledged.
func checkPublishable(tx *bolt.Tx, version string, flags []factorlib.PlausibilityFlag) error {
	if len(flags) == 0 {
		return nil
	}
	_, acks, err := flagBuckets(tx, version)
	if err != nil {
		return err
	}
	joined, err := joinAcks(version, flags, acks)
	if err != nil {
		return err
	}
	open := factorlib.Unacknowledged(joined)
	if len(open) == 0 {
		return nil
	}
	const listed = 20
	var names []string
	for i, fl := range open {
		if i == listed {
			names = append(names, fmt.Sprintf("and %d more", len(open)-listed))
			break
		}
		names = append(names, fmt.Sprintf("%s (%s)", fl.Code, fl.Describe()))
	}
	return footprint.FieldErrorf(footprint.ECONFLICT, "plausibility_flags",
		"factor set %s has %d unacknowledged plausibility flags: %s; review them (GET /v1/factor-sets/%s/flags, pcf factors flags) and acknowledge the values that stand (POST /v1/factor-sets/%s/flags/acknowledge, pcf factors acknowledge) or import corrected values before publishing",
		version, len(open), strings.Join(names, "; "), version, version)
}

// FindFactorFlagsByCodes returns, by code, the plausibility flags of the
// factors codes names in set ("" = the latest published set), each with
// its acknowledgement; a factor without a flag is absent. It reads only
// those codes: what a page of factors needs. Returns ENOTFOUND for an
// unknown set.
func (s *FactorService) FindFactorFlagsByCodes(ctx context.Context, set string, codes []string) (map[string]*factorlib.FactorFlag, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out map[string]*factorlib.FactorFlag
	err := s.db.db.View(func(tx *bolt.Tx) error {
		sb, err := findSetBuckets(tx, set)
		if err != nil {
			return err
		}
		out, err = flagsOf(tx, sb.name, codes)
		return err
	})
	return out, err
}

// Four eyes on the factor library (docs/integrity.md "Plausibility
// flags"): the curator who reviews a flag must not be one who put the
// set's values there. The store does not record who wrote each factor,
// but the audit trail records who created the set, who imported into it
// and who classified its factors, each with the API key used: those are
// the set's authors, and none of them may review its flags. A draft copied
// from a set that was still a draft then has that set's authors too: its
// values came from them unreviewed. A key's token is shown once, to
// whoever created it, so a key created, directly or through other keys,
// by an author's key is that author's as well (otherwise one curator
// could mint a second key and review their own import with it), and the
// creator of an author's key may not review either (it could have
// imported with it). Two keys created by one third key may review each
// other's work: that is how an operator hands out curators' keys.
//
// A caller without a principal (the command line on the database file,
// "system") is outside the service's access control: it holds the file
// and could write it directly. Four eyes binds the service's curators; a
// review by the file's holder is audited as such (acknowledge).

// authorActions are the audit actions that put values in a set.
var authorActions = map[string]string{
	access.AuditFactorSetCreate:      "created",
	access.AuditFactorSetImport:      "imported factors into",
	footprint.AuditFactorSetClassify: "classified the factors of",
}

// identity names who acted: the API key used, or, without one, the
// organisation (the command line on the database file acts as "system").
func identity(actor, keyID string) string {
	if keyID != "" {
		return "API key " + keyID
	}
	return "organisation " + actor
}

// authorActionsZH is the Chinese of authorActions, of the set's version.
var authorActionsZH = map[string]string{
	access.AuditFactorSetCreate:      "创建了因子集 %s",
	access.AuditFactorSetImport:      "向因子集 %s 导入了因子",
	footprint.AuditFactorSetClassify: "对因子集 %s 的因子做了分类",
}

// bilingualIdentity is an identity (identity) in Chinese, "。" and in
// English, for the two halves of a refusal naming it (errzh gives a
// bilingual argument's Chinese to the Chinese half). A name holding a
// "。", where errzh would cut it, is given as it is to both halves.
func bilingualIdentity(id string) string {
	if strings.Contains(id, "。") {
		return id
	}
	if key, ok := strings.CutPrefix(id, "API key "); ok {
		return "密钥 " + key + "。" + id
	}
	if org, ok := strings.CutPrefix(id, "organisation "); ok {
		return "机构 " + org + "。" + id
	}
	return id
}

// setAuthors adds to authors, by identity, what each author of set rec
// did (authorActions), in Chinese, "。" and in English (authorActionsZH),
// following its base while the base was a draft when rec was copied from
// it.
func setAuthors(tx *bolt.Tx, rec *footprint.FactorSet, authors map[string]string) error {
	for seen := map[string]bool{}; rec != nil && !seen[rec.Version]; {
		seen[rec.Version] = true
		err := eachSubjectEvent(tx, "factor-set/"+rec.Version, func(ev *auditRecord) error {
			what, ok := authorActions[ev.Action]
			id := identity(ev.Actor, ev.KeyID)
			if _, known := authors[id]; ok && !known {
				authors[id] = fmt.Sprintf(authorActionsZH[ev.Action], rec.Version) + "。" + what + " factor set " + rec.Version
			}
			return nil
		})
		if err != nil {
			return err
		}
		if rec.BasedOn == "" {
			return nil
		}
		base, err := findSet(tx, rec.BasedOn)
		if footprint.ErrorCode(err) == footprint.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		if base.Status == footprint.SetPublished && base.PublishedAt.Before(rec.CreatedAt) {
			return nil // copied from a published set: reviewed there
		}
		rec = base
	}
	return nil
}

// keyCreators returns the API keys that created key id, its creator's
// creator and so on: every key whose holder has seen id's token. The
// chain ends at a key the command line created (no creator in the trail).
func keyCreators(tx *bolt.Tx, id string) ([]string, error) {
	var chain []string
	for seen := map[string]bool{id: true}; ; {
		var by string
		err := eachSubjectEvent(tx, "key/"+id, func(ev *auditRecord) error {
			if ev.Action == access.AuditKeyCreate {
				by = ev.KeyID
			}
			return nil
		})
		if err != nil || by == "" || seen[by] {
			return chain, err
		}
		seen[by] = true
		chain = append(chain, by)
		id = by
	}
}

// checkFourEyes returns EFORBIDDEN (field "reviewer") if the caller is an
// author of set rec, holds a key an author's key created, or created an
// author's key (directly or through other keys): whoever created a key
// has seen its token.
func checkFourEyes(ctx context.Context, tx *bolt.Tx, rec *footprint.FactorSet) error {
	if access.PrincipalFromContext(ctx) == nil {
		return nil
	}
	authors := map[string]string{}
	if err := setAuthors(tx, rec, authors); err != nil {
		return err
	}
	refuse := func(format string, args ...any) error {
		return footprint.FieldErrorf(footprint.EFORBIDDEN, "reviewer",
			"four eyes: "+format+", so another curator must review its plausibility flags", args...)
	}
	actor, _, keyID := access.AuditActor(ctx)
	me := identity(actor, keyID)
	if what, ok := authors[me]; ok {
		return refuse("you (%s) %s", bilingualIdentity(me), what)
	}
	if keyID == "" {
		return nil
	}
	mine, err := keyCreators(tx, keyID)
	if err != nil {
		return err
	}
	for _, creator := range mine {
		if what, ok := authors[identity("", creator)]; ok {
			return refuse("your API key %s was created with API key %s, which %s", keyID, creator, what)
		}
	}
	return eachAuthorKey(tx, authors, func(author, id string, theirs []string) error {
		if slices.Contains(theirs, keyID) {
			return refuse("you (%s) created, directly or through other keys, API key %s, which %s", bilingualIdentity(me), id, authors[author])
		}
		return nil
	})
}

// eachAuthorKey calls fn, in the order of the authors' identities, with
// each author of authors (setAuthors) that is an API key, its key ID and
// the keys that created it (keyCreators): whoever has seen its token.
func eachAuthorKey(tx *bolt.Tx, authors map[string]string, fn func(author, id string, creators []string) error) error {
	for _, author := range slices.Sorted(maps.Keys(authors)) {
		id, ok := strings.CutPrefix(author, "API key ")
		if !ok {
			continue
		}
		creators, err := keyCreators(tx, id)
		if err != nil {
			return err
		}
		if err := fn(author, id, creators); err != nil {
			return err
		}
	}
	return nil
}

// Set-level review (factorlib.SetReview; red team 17, docs/integrity.md
// §11a "Sets not based on another").
//
// factor_flags/<version>/set-review holds one small record per set that
// needs a review as a whole: a set based on no other that a curator (a
// principal: an API key or a web session) created, imported into or
// classified, and a copy of such a set made while it waited. It is
// written at the first such act (noteSetAuthor, inheritSetReview) and at
// the review (ReviewFactorSet); a curator's later act on a reviewed set
// clears the review. Nothing is written per factor: a 100,000-factor
// import pays one read and at most one small write. Until the review,
// resultFlags gives every factor a result used a FlagSetReview flag, so
// the checks that refuse an unreviewed flag (checkFlagsReviewed,
// firstUnreviewed) refuse the set's factors and a preview warns.
//
// A set without the record needs no such review: one based on another
// (its change flags cover what it changes), and one only the database
// file's holder filled (the seed and CPCD loaders, `pcf factors import
// --db`): the holder is outside four eyes, as for flags. Open marks the
// sets of an earlier file by their audit trail (markCuratedSets).
var setReviewKey = []byte("set-review")

// setReviewRecord is the stored review state of a set.
type setReviewRecord struct {
	V int `json:"v"`
	// Why says what made the set need a review: its first curator's act
	// ("API key k1 created factor set 2026.SC"), or the set it was copied
	// from while that waited.
	Why string    `json:"why"`
	At  time.Time `json:"at"`
	// From is the set this one was copied from while that set waited
	// for its review: its authors do not review the copy either.
	From string `json:"from,omitempty"`
	// Review is the second curator's review; nil until then, and again
	// once a curator changed the set after it.
	Review *setReviewAck `json:"review,omitempty"`
}

// setReviewAck is a curator's review of a set as a whole.
type setReviewAck struct {
	factorlib.FlagAcknowledgement
	KeyID string `json:"key_id,omitempty"` // the reviewer's API key ("" for a web session or the file's holder)
}

func (r *setReviewRecord) version() int { return r.V }

// pending reports whether the set waits for its review.
func (r *setReviewRecord) pending() bool { return r != nil && (r.Review == nil || !r.Review.Reviewed) }

// setReviewOf returns the review record of set version, nil if it has
// none (it needs no review as a set). It creates nothing.
func setReviewOf(tx *bolt.Tx, version string) (*setReviewRecord, error) {
	b := tx.Bucket(factorFlagsBucket).Bucket([]byte(version))
	if b == nil {
		return nil, nil
	}
	var r setReviewRecord
	ok, err := getJSON(b, setReviewKey, &r)
	if err != nil {
		return nil, fmt.Errorf("set review of %s: %w", version, err)
	}
	if !ok {
		return nil, nil
	}
	return &r, nil
}

// putSetReview stores r as the review record of set version, in writable
// tx.
func putSetReview(tx *bolt.Tx, version string, r *setReviewRecord) error {
	b, err := tx.Bucket(factorFlagsBucket).CreateBucketIfNotExists([]byte(version))
	if err != nil {
		return fmt.Errorf("create flags bucket %s: %w", version, err)
	}
	r.V = recordV1
	return putJSON(b, setReviewKey, r)
}

// noteSetAuthor records, in writable tx, that the caller did what
// (authorActions: "created", "imported factors into", "classified the
// factors of") to set rec at now: if the caller is a curator (a
// principal) and rec is based on no other, the set waits for a review as
// a set, and a review made before this act no longer holds. The file's
// holder (no principal) changes nothing; nor does a curator's act on a
// published set no curator filled (the seed loader's classification of
// its own published set is the holder's; a curator never gets a published
// set to wait that nobody said waited).
func noteSetAuthor(ctx context.Context, tx *bolt.Tx, now time.Time, rec *footprint.FactorSet, what string) error {
	if rec.BasedOn != "" || access.PrincipalFromContext(ctx) == nil {
		return nil
	}
	cur, err := setReviewOf(tx, rec.Version)
	switch {
	case err != nil:
		return err
	case cur == nil && rec.Status == footprint.SetPublished:
		return nil
	case cur != nil && cur.Review == nil:
		return nil // waiting already: nothing to write
	}
	actor, _, keyID := access.AuditActor(ctx)
	why := fmt.Sprintf("%s %s factor set %s", identity(actor, keyID), what, rec.Version)
	if cur == nil {
		cur = &setReviewRecord{Why: why, At: now.UTC()}
	} else {
		cur.Why, cur.At, cur.Review = why+" after its review", now.UTC(), nil
	}
	return putSetReview(tx, rec.Version, cur)
}

// inheritSetReview records, in writable tx, that draft rec, just copied
// from rec.BasedOn, waits for a review as a set if its base does: its
// factors are the base's, and copying them reviews nothing (as a change
// flag copied stays unreviewed). The change flags of the copy compare it
// with the base only, so without this a copy would make the base's
// values certifiable.
func inheritSetReview(tx *bolt.Tx, now time.Time, rec *footprint.FactorSet) error {
	if rec.BasedOn == "" {
		return nil
	}
	base, err := setReviewOf(tx, rec.BasedOn)
	if err != nil || !base.pending() {
		return err
	}
	return putSetReview(tx, rec.Version, &setReviewRecord{
		Why: fmt.Sprintf("copied from set %s, which waited for its review as a set: %s", rec.BasedOn, base.Why),
		At:  now.UTC(), From: rec.BasedOn,
	})
}

// setReview maps the record r of set version to its domain form.
func setReview(version string, r *setReviewRecord) *factorlib.SetReview {
	out := &factorlib.SetReview{Set: version}
	if r == nil {
		return out
	}
	out.Required, out.Why = true, r.Why
	if r.Review != nil {
		a := r.Review.FlagAcknowledgement
		out.Review = &a
	}
	return out
}

var _ factorlib.SetReviewService = (*FactorService)(nil)

// FindSetReview returns the review state of set ("" = the latest
// published set) as a whole, with the digest of its factors when it
// requires a review (setContentDigest). Returns ENOTFOUND for an unknown
// set.
func (s *FactorService) FindSetReview(ctx context.Context, set string) (*factorlib.SetReview, error) {
	return view(ctx, s.db, "find set review", func(tx *bolt.Tx) (*factorlib.SetReview, error) {
		rec, err := findSet(tx, set)
		if err != nil {
			return nil, err
		}
		r, err := setReviewOf(tx, rec.Version)
		if err != nil {
			return nil, err
		}
		out := setReview(rec.Version, r)
		if out.Required {
			out.Digest, err = storedSetDigest(tx, rec.Version)
		}
		return out, err
	})
}

// storeSetDigest stores, in writable tx, the content digest of set
// version as its factors now are (contentDigestKey).
func storeSetDigest(tx *bolt.Tx, version string) error {
	d, err := setContentDigest(tx, version)
	if err != nil {
		return err
	}
	b, err := tx.Bucket(factorFlagsBucket).CreateBucketIfNotExists([]byte(version))
	if err != nil {
		return fmt.Errorf("create flags bucket %s: %w", version, err)
	}
	if err := b.Put(contentDigestKey, []byte(d)); err != nil {
		return fmt.Errorf("put content digest of %s: %w", version, err)
	}
	return nil
}

// storedSetDigest returns the content digest of set version stored with
// its flags, or, for a set that has none stored (a file written before
// the digest was kept, a set created empty), computes it.
func storedSetDigest(tx *bolt.Tx, version string) (string, error) {
	if b := tx.Bucket(factorFlagsBucket).Bucket([]byte(version)); b != nil {
		if d := b.Get(contentDigestKey); d != nil {
			return string(d), nil // a hex string: copied out by the conversion
		}
	}
	return setContentDigest(tx, version)
}

// storeMissingSetDigests stores, in writable tx, the content digest of
// every set that has none stored (Open, once, for a file written before
// the digest was kept with the flags), and says how many it stored.
func storeMissingSetDigests(tx *bolt.Tx) (string, error) {
	n := 0
	err := forEachSet(tx, func(version string) error {
		if b := tx.Bucket(factorFlagsBucket).Bucket([]byte(version)); b != nil && b.Get(contentDigestKey) != nil {
			return nil
		}
		n++
		return storeSetDigest(tx, version)
	})
	return fmt.Sprintf("content digests of %d factor sets stored with their flags", n), err
}

// checkSetDigests returns an error, joined, for each set whose stored
// content digest is not that of its factors as they are (DB.Check): a
// write to a set's factors that did not store its flags again.
func checkSetDigests(tx *bolt.Tx) error {
	var errs []error
	err := forEachSet(tx, func(version string) error {
		b := tx.Bucket(factorFlagsBucket).Bucket([]byte(version))
		if b == nil || b.Get(contentDigestKey) == nil {
			return nil
		}
		d, err := setContentDigest(tx, version)
		if err == nil && d != string(b.Get(contentDigestKey)) {
			err = fmt.Errorf("the stored content digest of factor set %s is not that of its factors", version)
		}
		errs = append(errs, err)
		return nil
	})
	return errors.Join(append(errs, err)...)
}

// forEachSet calls fn with the version of each set in tx whose factors
// are stored, in version order, and stops at its first error.
func forEachSet(tx *bolt.Tx, fn func(version string) error) error {
	var versions []string
	err := tx.Bucket(factorsBucket).ForEach(func(k, v []byte) error {
		if v == nil { // a set's bucket
			versions = append(versions, string(k))
		}
		return nil
	})
	for _, version := range versions {
		if err != nil {
			break
		}
		err = fn(version)
	}
	return err
}

// setContentDigest returns the hex SHA-256 digest of the factors of set
// version as stored in tx: each code and record, in code order. A review
// as a set names it (factorlib.SetReview.Digest), so that it covers the
// factors as the reviewer read them: any import or classification since
// changes it. It hashes the stored records in one pass without decoding
// them, and only for a set that requires a review as a set; it is no
// publication digest, which is over the canonical encoding and fixed at
// publication.
func setContentDigest(tx *bolt.Tx, version string) (string, error) {
	sb, err := findSetBuckets(tx, version)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	h.Write([]byte("pcf factor set content v1\x00" + version + "\x00"))
	err = sb.factors.ForEach(func(k, v []byte) error {
		for _, b := range [][]byte{k, v} {
			h.Write(n[:binary.PutUvarint(n[:], uint64(len(b)))])
			h.Write(b)
		}
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)), err
}

// ReviewFactorSet records that the caller, a curator, reviewed set set as
// a whole as its factors were when the caller read digest (the
// SetReview.Digest of FindSetReview), with note, and the flags of seen
// (none: the set only), in one transaction: AcknowledgeFactorFlags and
// the set's mark. A set that needs no review as a set is EINVALID (field
// "set"); no digest EINVALID and a set whose factors changed since it was
// read ECONFLICT (field "set_digest"), nothing written; an author of the
// set, or of a set it was copied from while that waited, EFORBIDDEN
// (field "reviewer", checkFourEyes). Audited as
// factorlib.AuditFactorSetAcknowledge, "reviewed as a set".
func (s *FactorService) ReviewFactorSet(ctx context.Context, set, digest string, seen []factorlib.SeenFlag, note string) (*factorlib.SetReview, []*factorlib.FactorFlag, error) {
	var out *factorlib.SetReview
	flags, err := s.acknowledgeIn(ctx, set, seen, note, true, func(tx *bolt.Tx, rec *footprint.FactorSet, now time.Time) error {
		r, err := setReviewOf(tx, rec.Version)
		if err != nil {
			return err
		}
		if r == nil {
			why := "it was filled by the database file's holder (the seed and CPCD loaders, pcf factors import on the file), whom four eyes do not bind"
			if rec.BasedOn != "" {
				why = fmt.Sprintf("it is based on set %s, and each factor it changes or adds carries a flag to review instead", rec.BasedOn)
			}
			return footprint.FieldErrorf(footprint.EINVALID, "set", "factor set %s needs no review as a set: %s", rec.Version, why)
		}
		if err := checkFourEyes(ctx, tx, rec); err != nil {
			return err
		}
		// Red team 32: the review covers the factors as the reviewer
		// read them, not what an author imported since.
		current, err := setContentDigest(tx, rec.Version)
		switch {
		case err != nil:
			return err
		case digest == "":
			return footprint.FieldErrorf(footprint.EINVALID, "set_digest", "say which state of factor set %s you reviewed: send the digest GET /v1/factor-sets/%s/flags showed (meta.set_review.digest); a review covers only the factors its reviewer read", rec.Version, rec.Version)
		case digest != current:
			return footprint.FieldErrorf(footprint.ECONFLICT, "set_digest", "factor set %s changed since you read it (its factors were imported or classified since; %d factors now): nothing was reviewed: read the set again (GET /v1/factor-sets/%s/flags, the set's page) and review what is there now", rec.Version, rec.FactorCount, rec.Version)
		}
		// The authors of the set it was copied from while that waited
		// review the copy no more than the original.
		for from, seen := r.From, map[string]bool{rec.Version: true}; from != "" && !seen[from]; {
			seen[from] = true
			maker, err := findSet(tx, from)
			if footprint.ErrorCode(err) == footprint.ENOTFOUND {
				break
			} else if err != nil {
				return err
			}
			if err := checkFourEyes(ctx, tx, maker); err != nil {
				return err
			}
			up, err := setReviewOf(tx, from)
			if err != nil {
				return err
			}
			from = ""
			if up != nil {
				from = up.From
			}
		}
		by, _, keyID := access.AuditActor(ctx)
		r.Review = &setReviewAck{KeyID: keyID, FlagAcknowledgement: factorlib.FlagAcknowledgement{By: by, At: now, Note: strings.TrimSpace(note), Reviewed: true}}
		if err := putSetReview(tx, rec.Version, r); err != nil {
			return err
		}
		out = setReview(rec.Version, r)
		out.Digest = digest
		what := "reviewed as a set by a curator"
		if access.PrincipalFromContext(ctx) == nil {
			what = "reviewed as a set by the database file's holder (no API key: four eyes not enforced)"
		}
		return audit(ctx, tx, now, factorlib.AuditFactorSetAcknowledge, "factor-set/"+rec.Version,
			fmt.Sprintf("factor set %s %s (%s): %s", rec.Version, what, r.Why, strings.TrimSpace(note)))
	})
	if err != nil {
		return nil, nil, err
	}
	return out, flags, nil
}

// setReviewFlags adds to flags (by code; nil: none yet), for each factor
// of paths in res without an unreviewed flag of its own, the
// FlagSetReview flag of its set, if set version waits for its review as a
// set. It returns flags.
func setReviewFlags(tx *bolt.Tx, version string, res *footprint.Result, flags map[string]*factorlib.FactorFlag, paths []factorlib.FactorPath) (map[string]*factorlib.FactorFlag, error) {
	r, err := setReviewOf(tx, version)
	if err != nil || !r.pending() || len(paths) == 0 {
		return flags, err
	}
	review := setReview(version, r)
	used := make(map[string]*footprint.FactorUse, len(res.Factors))
	for _, u := range res.Factors {
		used[u.Code] = u
	}
	if flags == nil {
		flags = make(map[string]*factorlib.FactorFlag, len(paths))
	}
	for _, fp := range paths {
		if fl := flags[fp.Code]; fl != nil && !fl.Reviewed() {
			continue // its own flag says more
		}
		var value float64
		var unit string
		if u := used[fp.Code]; u != nil {
			value, unit = u.Value, u.Unit
		}
		flags[fp.Code] = factorlib.SetReviewFlag(review, fp.Code, value, unit)
	}
	return flags, nil
}

// markCuratedSets marks, in tx, each set of an earlier file that needs a
// review as a set by what its audit trail says (Open, once): a set based
// on no other whose trail shows a curator (an API key or a web session:
// an event with a key or a role) creating, importing into or classifying
// it waits for a second curator's review, published or not. The review
// mark did not exist, so nobody reviewed it as a set; a study stored on it
// stays stored, and is refused at application and issue until the
// review. A set the trail shows only the file's holder filling (the seed
// set, a CPCD snapshot, `pcf factors import --db`) is left as it is: it
// is a source as its holder loaded it. Copies of a marked set, made while
// it waited (all of them: it waited until now), wait too. Returns what it
// marked, for the migration's audit event.
func markCuratedSets(tx *bolt.Tx, now time.Time) (string, error) {
	sets, err := allSets(tx)
	if err != nil {
		return "", err
	}
	var marked []string
	for _, version := range slices.Sorted(maps.Keys(sets)) {
		rec := sets[version]
		if rec.BasedOn != "" {
			continue
		}
		if r, err := setReviewOf(tx, version); err != nil || r != nil {
			return "", err
		}
		var why string
		err := eachSubjectEvent(tx, "factor-set/"+version, func(ev *auditRecord) error {
			if what, ok := authorActions[ev.Action]; ok && why == "" && (ev.KeyID != "" || ev.Role != "") {
				why = fmt.Sprintf("%s %s factor set %s", identity(ev.Actor, ev.KeyID), what, version)
			}
			return nil
		})
		if err != nil {
			return "", err
		}
		if why == "" {
			continue
		}
		if err := putSetReview(tx, version, &setReviewRecord{Why: why, At: now.UTC()}); err != nil {
			return "", err
		}
		marked = append(marked, version)
	}
	// Copies, by creation: a copy's base was created before it.
	byCreation := slices.SortedFunc(maps.Values(sets), func(a, b *footprint.FactorSet) int { return a.CreatedAt.Compare(b.CreatedAt) })
	for _, rec := range byCreation {
		if r, err := setReviewOf(tx, rec.Version); err != nil || r != nil {
			if err != nil {
				return "", err
			}
			continue
		}
		if err := inheritSetReview(tx, now, rec); err != nil {
			return "", err
		}
		if r, err := setReviewOf(tx, rec.Version); err != nil {
			return "", err
		} else if r != nil {
			marked = append(marked, rec.Version)
		}
	}
	if len(marked) == 0 {
		return "no factor set based on no other that a curator filled: nothing marked", nil
	}
	return fmt.Sprintf("factor sets based on no other that a curator filled, or copied from one, marked not reviewed as a set until a second curator reviews them: %s", strings.Join(marked, ", ")), nil
}
