package factorlib

import (
	"context"
	"fmt"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Set-level review (red team 17, docs/integrity.md §11a "Sets not based on
// another").
//
// A set based on another is compared with its base, and each factor it
// changes or adds waits for a second curator (change.go). A set based on
// no other has nothing to compare with: one curator created "a regional
// copy" of the seed set without based_on, imported the seed's factors with
// PV-CELL-MONO182 at a tenth (per piece: never an outlier), published it
// alone, and the demo module on it was certified at 80.0 instead of 157.3
// kgCO2e with an empty review. Flagging each of its factors added worked,
// but flags are one record per factor and a curator's import of 100,000
// factors went from 4.8 s and 201 MB to 27.5 s and 1,826 MB.
//
// So such a set carries one review mark as a whole instead: a set based on
// no other that a curator (an API key or a web session) created, imported
// into or classified is "not reviewed as a set" until a curator who is not
// one of its authors (four eyes, as for a flag) reviews it, with a note.
// Until then every factor of it is for previews only, as a factor with an
// unreviewed flag is: a stored study, an application and an issue refuse
// it, naming the line's factor field. A draft copied from a set still
// waiting waits too (a copy is no review). What the database file's holder
// loads (the seed and CPCD loaders, `pcf factors import --db`) is outside
// four eyes and needs no such review: the embedded seed set is the cited,
// published source.

// FlagSetReview is the kind of the flag a factor of a set that waits for
// its review as a set carries where a study uses it (never stored: it is
// the set's mark, shown on each factor a result uses).
const FlagSetReview FlagKind = "set"

// SetReview is the review state of a factor set as a whole.
type SetReview struct {
	Set string
	// Required is true for a set that waits for, or had, a review as a
	// set: one based on no other that a curator filled, or a copy of one
	// still waiting.
	Required bool
	// Why says what requires it, e.g. "API key k1 created factor set
	// 2026.SC", or "copied from set 2026.SC, which …".
	Why string
	// Review is the second curator's review, nil until then (and again
	// after a curator changed the set since).
	Review *FlagAcknowledgement
	// Digest is the hex SHA-256 digest of the set's factors as stored
	// when the review state was read (filled for a set that requires a
	// review): what a review as a set sends back, so that it covers the
	// factors as they were when the reviewer read them, and is refused
	// once an author changed one since (red team 32).
	Digest string
}

// Pending reports whether the set's factors wait for its review as a set:
// none of them is certifiable until then.
func (r *SetReview) Pending() bool {
	return r != nil && r.Required && (r.Review == nil || !r.Review.Reviewed)
}

// SetReviewFlag is the flag factor code, with value and unit, carries in
// a result while review r of its set is pending (FlagSetReview).
func SetReviewFlag(r *SetReview, code string, value float64, unit string) *FactorFlag {
	fl := &FactorFlag{PlausibilityFlag: PlausibilityFlag{Code: code, Value: value, Unit: unit, Kind: FlagSetReview}}
	fl.Explanation = fmt.Sprintf("factor set %s is based on no other set and no second curator has reviewed it as a set (%s): a curator other than its authors must review the set before a stored study uses its factors", r.Set, r.Why)
	// Without r.Why, which is recorded in English (the English names it).
	fl.ExplanationZH = fmt.Sprintf("因子集 %s 不基于其他因子集,尚未经另一位管理员整体审核:须经因子集作者以外的管理员审核整个因子集,其因子方可用于保存的研究", r.Set)
	return fl
}

// SetReviewService reviews factor sets as a whole; factordb implements it
// beside FactorFlagService (a client of an older server does not).
type SetReviewService interface {
	// FindSetReview returns the review state of set ("" = the latest
	// published set). Returns ENOTFOUND for an unknown set.
	FindSetReview(ctx context.Context, set string) (*SetReview, error)

	// ReviewFactorSet records that the caller, a curator, reviewed set
	// set as a whole as it was shown (digest: the SetReview.Digest the
	// curator read), with note, and, in the same transaction, the flags
	// seen names (AcknowledgeFactorFlags; none: the set only). It
	// returns the set's review state and every flag of the set. All or
	// nothing. Returns ENOTFOUND for an unknown set, EINVALID for a blank
	// note (field note), a set that needs no review as a set (field set)
	// or no digest (field set_digest), ECONFLICT (field set_digest) when
	// the set's factors changed since the digest was read, the errors of
	// AcknowledgeFactorFlags for seen, and EFORBIDDEN (field reviewer)
	// for an author of the set, or of the set it was copied from while
	// that waited (four eyes).
	ReviewFactorSet(ctx context.Context, set, digest string, seen []SeenFlag, note string) (*SetReview, []*FactorFlag, error)
}

// setReviewError is the error of UnreviewedFlagError for factor fl of a
// set waiting for its review as a set (FlagSetReview), at path.
func setReviewError(path string, fl *FactorFlag, set string) error {
	return footprint.FieldErrorf(footprint.EINVALID, path, "factor %s of set %s is for previews only: %s (POST /v1/factor-sets/%s/flags/acknowledge with \"set\": true and a note, or the set's page in the workbench); until then no study using it is stored, applied for or certified; a preview (POST /v1/calculations) may use it",
		fl.Code, set, fl.Explanation, set)
}
