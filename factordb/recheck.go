package factordb

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// certifiableStudy checks, in tx, that stored study st may be applied for
// and certified today: its factor set (certifiableSet), no factor it used
// corrected by a newer published set (notCorrected), and what its
// certificate would print (certification.CheckPrintable, whose answer v
// gives when it was found on the same stored study: printVerdict). It runs
// when an application is made and again inside the issue transaction.
// Today's engine and integrity rules are checked by studyRecalculates,
// before the write transaction: its inputs (the stored study, a published
// set's factors, supplier figures, the PACT version the result records)
// never change, so the answer outside the transaction is the answer
// inside, and the engine does not run while the writer lock is held.
func certifiableStudy(tx *bolt.Tx, st *footprint.Study, v *printVerdict) error {
	if err := certifiableStudySet(tx, st); err != nil {
		return err
	}
	return v.printable(tx, st)
}

// certifiableStudySet is certifiableStudy without what the certificate
// would print: the checks of the factors st was calculated on, which read
// the other sets of tx.
func certifiableStudySet(tx *bolt.Tx, st *footprint.Study) error {
	if err := certifiableSet(tx, st); err != nil {
		return err
	}
	if err := notCorrected(tx, st); err != nil {
		return err
	}
	// Nor a supplier's PACT footprint its owner's stored replacement
	// names in precedingPfIds (red team 21).
	return studyNotReplaced(tx, st)
}

// checkPrintable runs certification.CheckPrintable on study st, read in
// tx (about 0.14 ms on the demo module's texts since session 50's gate,
// BenchmarkCheckPrintable), which a request runs once, before its write
// transaction (printVerdict).
// Tests replace it to count where it runs.
var checkPrintable = func(tx *bolt.Tx, st *footprint.Study) error {
	return certification.CheckPrintable(st)
}

// printVerdict is certification.CheckPrintable's answer on a stored study,
// found by studyRecalculates in its read transaction, so that an
// application or an issue runs the check once, and not while it holds the
// writer lock. CheckPrintable reads only what the study's document says
// (its product, texts, declared unit and instruments; not its stored
// result), and a stored study never changes; the write transaction does
// not rely on the second: the verdict keeps a copy of the document it was
// found on, and printable gives it only for a study read from those bytes
// (the document holds the study's ID), and runs the check again otherwise.
//
// It carries the font check's answer too (CertificationService.CheckStudy,
// the renderer's check that the fonts draw every text the certificate
// prints from the study), found in the same read transaction for an
// application: that check reads only the product section and the
// not-applicable reasons of the document, so the same document gives the
// same answer, and fonts gives it under the same condition as printable.
type printVerdict struct {
	doc []byte // the stored document, copied out of the read transaction
	err error  // CheckPrintable's answer

	fontsChecked bool  // CheckStudy ran on doc
	fontsErr     error // and answered this
}

// readPrintVerdict runs CheckPrintable on study st, read in tx, and
// returns its answer with the document it was found on; nil (no verdict:
// the write transaction checks st itself) for a study without one.
func readPrintVerdict(tx *bolt.Tx, st *footprint.Study) *printVerdict {
	if st.Document == nil {
		return nil
	}
	return &printVerdict{doc: bytes.Clone(st.Document), err: checkPrintable(tx, st)}
}

// printable returns CheckPrintable's answer on study st, read in tx: v's,
// when v was found on the document st was decoded from, and the check's,
// run now, otherwise (v nil included).
func (v *printVerdict) printable(tx *bolt.Tx, st *footprint.Study) error {
	if v != nil && st.Document != nil && bytes.Equal(st.Document, v.doc) {
		return v.err
	}
	return checkPrintable(tx, st)
}

// checkStudyFonts runs check (CertificationService.CheckStudy) on study
// st, read in tx. Tests replace it to count where it runs.
var checkStudyFonts = func(ctx context.Context, tx *bolt.Tx, check func(context.Context, *footprint.Study) error, st *footprint.Study) error {
	return check(ctx, st)
}

// fonts returns check's answer on study st, read in tx (nil when check is
// nil): v's, when v has it and was found on the document st was decoded
// from, and the check's, run now, otherwise (v nil included).
func (v *printVerdict) fonts(ctx context.Context, tx *bolt.Tx, st *footprint.Study, check func(context.Context, *footprint.Study) error) error {
	if check == nil {
		return nil
	}
	if v != nil && v.fontsChecked && st.Document != nil && bytes.Equal(st.Document, v.doc) {
		return v.fontsErr
	}
	return checkStudyFonts(ctx, tx, check, st)
}

// studyRecalculates reads study studyID in a read transaction and runs
// recalculated on it, so that a study stored before a rule existed is
// judged by the rule (docs/integrity.md "Studies already stored"). A study
// that cannot be read, or whose set fails certifiableStudy, is left to the
// write transaction, which names it. A supplier certificate failing the
// signature check is named first (supplierSignatures), at field
// supplierField, or at the line naming it when "" (an application; the
// issue names "suppliers", as its other refusals of a supplier do). It
// returns CheckPrintable's answer on the study (printVerdict; nil when it
// did not run), which the write transaction's certifiableStudy gives in
// its order: a study the certificate cannot print is named there too.
func (s *CertificationService) studyRecalculates(studyID, supplierField string) (*printVerdict, error) {
	return s.studyChecked(context.Background(), studyID, supplierField, nil)
}

// studyChecked is studyRecalculates that also runs checkFonts (an
// application's CertificationService.CheckStudy, when set) on the study
// it read, once the study has passed every check before it, and keeps its
// answer in the verdict (printVerdict.fonts): the write transaction gives
// it in its order. The check held the writer lock for as long as it ran
// (it looks up every character of the product's texts in the fonts).
func (s *CertificationService) studyChecked(ctx context.Context, studyID, supplierField string, checkFonts func(context.Context, *footprint.Study) error) (*printVerdict, error) {
	var v *printVerdict
	err := s.db.db.View(func(tx *bolt.Tx) error {
		st, err := findStudy(tx, studyID)
		if err != nil {
			return nil
		}
		// The set's checks first, and left to the write transaction when
		// they fail (it names them in its own order): a study on a draft
		// changed since is named by its set, not by the figure it no
		// longer gives, and a published set's factors never change.
		if certifiableStudySet(tx, st) != nil {
			return nil
		}
		// What the certificate would print, as certifiableStudy checks it
		// after the set's checks, and left to the write transaction when
		// it fails, as they are.
		if v = readPrintVerdict(tx, st); v == nil || v.err != nil {
			return nil
		}
		// A document stored before a check of ParseStudyJSON existed (data-
		// quality scores off the PEF scale) is read, not certified: it is
		// read again as a new one would be, naming the field. A stored
		// document never changes, so this is decided here, outside the
		// write transaction, as the recalculation is.
		if _, err := footprint.ParseStudyJSON(bytes.NewReader(st.Document)); err != nil {
			return err
		}
		// A supplier certificate whose record fails the service's own
		// signature check is named as such, before the recalculation,
		// which would read its edited figures and tell the applicant to
		// store the study again (red team 53).
		if err := supplierSignatures(s.db, tx, st, supplierField); err != nil {
			return err
		}
		if err := recalculated(tx, st); err != nil {
			return err
		}
		if checkFonts != nil {
			v.fontsChecked, v.fontsErr = true, checkStudyFonts(ctx, tx, checkFonts, st)
		}
		return nil
	})
	return v, err
}

// supplierSignatures returns ECONFLICT, naming the line of study st that
// names it, in both languages, for the first supplier certificate st uses
// whose stored record fails the service's own signature check
// (supplierSignature, as the calculation and the issue check it): a study
// stored before the record was edited. The error names field, or the line
// when "". A reference no certificate has is left to recalculated.
func supplierSignatures(db *DB, tx *bolt.Tx, st *footprint.Study, field string) error {
	refs := st.SupplierCertificateRefs()
	if len(refs) == 0 {
		return nil
	}
	keys, err := heldKeysIn(db, tx)
	if err != nil {
		return err
	}
	for _, ref := range refs {
		rec, err := findCertificateByRef(tx, ref)
		if footprint.ErrorCode(err) == footprint.ENOTFOUND {
			continue
		} else if err != nil {
			return err
		}
		c, err := rec.certificate()
		if err != nil {
			return err
		}
		if err := supplierSignature(rec, c, keys, cmp.Or(field, pact.SupplierLinePath(st, ref))); err != nil {
			return err
		}
	}
	return nil
}

// notCorrected returns EINVALID, naming factor_set, when a factor the
// stored result of st used was corrected by a newer published set: a
// published set based, directly or through other sets, on the set st pins
// holds a factor of the same code with another value or unit. The same code
// is the same factor; a newer set that gives it another value says the
// pinned value is wrong, and a certificate is not issued on it
// (docs/integrity.md §11). A factor a newer such set marks superseded (a
// correction published under a new code), or that the pinned set itself
// marks superseded, is refused likewise, naming what replaces it. A newer
// set's value whose flag no curator has reviewed (a change flag, above
// all: one curator's change) is no correction yet. Sets
// that are not based on the pinned set (the curated set and CPCD-2026.03,
// say) are not compared: which of two independent sources applies is the
// certifier's judgement.
func notCorrected(tx *bolt.Tx, st *footprint.Study) error {
	if st.Result == nil || len(st.Result.Factors) == 0 {
		return nil
	}
	for _, u := range st.Result.Factors {
		if u.Status == footprint.StatusSuperseded {
			by := "the factor that replaces it"
			if sb, err := findSetBuckets(tx, st.FactorSet); err == nil {
				if f, err := findFactorByCode(sb, u.Code); err == nil && f.SupersededBy != "" {
					by = f.SupersededBy
				}
			}
			return footprint.FieldErrorf(footprint.EINVALID, "factor_set", "factor %s is superseded by %s in set %s: a certificate is not issued on a replaced factor; recalculate the study with %s and apply for the new study", u.Code, by, st.FactorSet, by)
		}
	}
	return eachNewerFactor(tx, st, basedOnPinned(st), byPublication, func(set *footprint.FactorSet, u *footprint.FactorUse, f *footprint.Factor) error {
		if f.Status != footprint.StatusSuperseded && sameValue(f.Value, u.Value) && f.Unit.String() == u.Unit {
			return nil
		}
		// A change no curator has reviewed corrects nothing yet: one
		// curator alone does not make every study on the older set
		// uncertifiable (docs/integrity.md §11a, change flags).
		if ok, err := flagReviewedIn(tx, set.Version, u.Code); err != nil || !ok {
			return err
		}
		if f.Status == footprint.StatusSuperseded {
			// A correction published under a new code: the old code
			// keeps its value and says what replaces it.
			return footprint.FieldErrorf(footprint.EINVALID, "factor_set", "factor %s of set %s (%s %s) is superseded by %s in published set %s: a certificate is not issued on a replaced factor; recalculate the study against set %s with %s and apply for the new study", u.Code, st.FactorSet, formatValue(u.Value), u.Unit, f.SupersededBy, set.Version, set.Version, f.SupersededBy)
		}
		return footprint.FieldErrorf(footprint.EINVALID, "factor_set", "factor %s of set %s (%s %s) was corrected in published set %s (%s %s): a certificate is not issued on a corrected value; recalculate the study against set %s and apply for the new study", u.Code, st.FactorSet, formatValue(u.Value), u.Unit, set.Version, formatValue(f.Value), f.Unit.String(), set.Version)
	})
}

// byPublication orders factor sets by publication, the earliest first.
func byPublication(a, b *footprint.FactorSet) int { return a.PublishedAt.Compare(b.PublishedAt) }

// basedOnPinned selects, for eachNewerFactor, the sets based, directly or
// through other sets, on the set st pins.
func basedOnPinned(st *footprint.Study) func(map[string]*footprint.FactorSet, *footprint.FactorSet) bool {
	return func(sets map[string]*footprint.FactorSet, set *footprint.FactorSet) bool {
		return descends(sets, set, st.FactorSet)
	}
}

// newerFactors returns what the published sets newer than st's pinned
// one say of the factors st's result used, in one walk of those sets
// (earliest published first), each list ordered by code:
//
//   - revised: for each factor, what the newest published set newer than
//     the pinned one (published after it, or based on it) that holds its
//     code gives it, when that is another status than active, another
//     value or another unit (certification.ReviewRecords.Revised).
//     Whichever set it is based on: notCorrected refuses a study whose
//     factor a set based on its own corrected, and a certifier judges the
//     others (docs/integrity.md §11). A revision by the set that
//     deprecated names for the same factor is left out: the review names
//     that deprecation once, at its line.
//   - deprecated: for each factor that the pinned set has active, the
//     earliest published set based on the pinned one (directly or through
//     other sets) that marks it deprecated
//     (certification.ReviewRecords.Deprecated). Unlike a new value
//     (notCorrected), a deprecation does not say the pinned value is wrong
//     (a factor is deprecated for an old source, a narrower scope, a
//     better factor under another code as well), so the review names it
//     for the certifier to judge rather than the issue refusing it. A
//     deprecation whose change flag no curator has reviewed is named too:
//     a warning stops nothing, and the certifier sees whatever could make
//     a number wrong.
func newerFactors(tx *bolt.Tx, st *footprint.Study) (revised, deprecated []certification.FactorRevision, err error) {
	if st.Result == nil || len(st.Result.Factors) == 0 {
		return nil, nil, nil
	}
	based := map[string]bool{} // by version: the sets based on the pinned one
	newer := map[string]bool{} // by version: the sets a revision is read from
	keep := func(sets map[string]*footprint.FactorSet, set *footprint.FactorSet) bool {
		pinned := sets[st.FactorSet]
		based[set.Version] = descends(sets, set, st.FactorSet)
		newer[set.Version] = pinned != nil && pinned.Status == footprint.SetPublished && (based[set.Version] || set.PublishedAt.After(pinned.PublishedAt))
		return based[set.Version] || newer[set.Version]
	}
	latest := map[string]certification.FactorRevision{} // by code: the newest set's, as the walk ends
	deprecatedIn := map[string]string{}                 // by code: the set deprecated names
	err = eachNewerFactor(tx, st, keep, byPublication, func(set *footprint.FactorSet, u *footprint.FactorUse, f *footprint.Factor) error {
		if newer[set.Version] {
			latest[u.Code] = factorRevision(set, u, f)
		}
		if _, done := deprecatedIn[u.Code]; !done && based[set.Version] && u.Status == footprint.StatusActive && f.Status == footprint.StatusDeprecated {
			deprecatedIn[u.Code] = set.Version
			deprecated = append(deprecated, factorRevision(set, u, f))
		}
		return nil
	})
	for code, r := range latest {
		if set, ok := deprecatedIn[code]; ok && set == r.Set {
			continue
		}
		if r.Status != footprint.StatusActive || !sameValue(r.Value, r.Used.Value) || r.Unit != r.Used.Unit {
			revised = append(revised, r)
		}
	}
	byCode := func(a, b certification.FactorRevision) int { return strings.Compare(a.Code, b.Code) }
	slices.SortFunc(revised, byCode)
	slices.SortFunc(deprecated, byCode)
	return revised, deprecated, err
}

// factorRevision is factor use u of a study as set gives it, f.
func factorRevision(set *footprint.FactorSet, u *footprint.FactorUse, f *footprint.Factor) certification.FactorRevision {
	return certification.FactorRevision{Code: u.Code, Used: *u, Set: set.Version, Published: set.PublishedAt,
		Status: f.Status, SupersededBy: f.SupersededBy, Value: f.Value, Unit: f.Unit.String()}
}

// flagReviewedIn reports whether factor code of set version has no
// plausibility flag that a curator has not reviewed: a value a newer set
// gives counts as a correction only then.
func flagReviewedIn(tx *bolt.Tx, version, code string) (bool, error) {
	flags, err := flagsOf(tx, version, []string{code})
	if err != nil {
		return false, err
	}
	fl := flags[code]
	return fl == nil || fl.Reviewed(), nil
}

// eachNewerFactor calls fn with each published set other than st's pinned
// one that keep selects (given every set by version), in the order cmp
// gives, and each factor of st's result the set holds (by its code), with
// the set's factor. Sets are few: all are read.
func eachNewerFactor(tx *bolt.Tx, st *footprint.Study, keep func(map[string]*footprint.FactorSet, *footprint.FactorSet) bool, cmp func(a, b *footprint.FactorSet) int,
	fn func(set *footprint.FactorSet, u *footprint.FactorUse, f *footprint.Factor) error) error {
	sets, err := allSets(tx)
	if err != nil {
		return err
	}
	var newer []*footprint.FactorSet
	for _, set := range sets {
		if set.Version != st.FactorSet && set.Status == footprint.SetPublished && keep(sets, set) {
			newer = append(newer, set)
		}
	}
	slices.SortFunc(newer, cmp)
	for _, set := range newer {
		sb, err := findSetBuckets(tx, set.Version)
		if err != nil {
			return err
		}
		for _, u := range st.Result.Factors {
			f, err := findFactorByCode(sb, u.Code)
			if footprint.ErrorCode(err) == footprint.ENOTFOUND {
				continue
			} else if err != nil {
				return err
			}
			if err := fn(set, u, f); err != nil {
				return err
			}
		}
	}
	return nil
}

// descends reports whether set is based, directly or through other sets,
// on the set of version base.
func descends(sets map[string]*footprint.FactorSet, set *footprint.FactorSet, base string) bool {
	for n := 0; set != nil && n < len(sets); n++ {
		if set.BasedOn == base {
			return true
		}
		set = sets[set.BasedOn]
	}
	return false
}

// formatValue writes a factor value for a message.
func formatValue(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// recalculated runs today's engine, in tx (a read transaction: studyRecalculates), on stored study st with the
// factors of the set it pins and the supplier footprints it references,
// and compares the figures with the stored result. Returns the engine's
// error (EINVALID naming the line or field the rule is about), prefixed
// with what was checked, when the study no longer passes, and EINVALID
// naming result when it passes but its figures differ from the stored
// ones (the certificate would state a number today's engine does not
// give), or today's engine gives a warning the stored result lacks (the
// review would not show it). A study without a stored result is left to
// the caller.
//
// Supplier certificates are read whatever their status: their figures
// never change, and whether they may carry a new certificate is the
// issue's check (validSuppliers, ECONFLICT naming suppliers).
func recalculated(tx *bolt.Tx, st *footprint.Study) error {
	if st.Result == nil {
		return nil
	}
	factors, suppliers, err := studyInputs(tx, st)
	if err != nil {
		return err
	}
	res, err := footprint.Calculate(st, factors, suppliers)
	if err != nil {
		var fe footprint.Error
		fe.Code, fe.Field = footprint.ErrorCode(err), footprint.ErrorField(err)
		if fe.Code == footprint.EINTERNAL {
			return err
		}
		// In both languages, the engine's refusal's Chinese in the
		// Chinese half and its English in the English (bilingualHalves).
		zh, en := bilingualHalves(footprint.ErrorMessage(err))
		fe.Message = fmt.Sprintf("研究 %[1]s 未通过现行的完整性检查（引擎 %[2]s，按因子集 %[3]s 重新计算）：%[4]s；该研究在此项规则之前存储，不能认证：请存储更正后的研究并为其申请。study %[1]s does not pass today's integrity checks (engine %[2]s, recalculated on factor set %[3]s): %[5]s; it was stored before the rule and cannot be certified: store a corrected study and apply for it",
			st.ID, footprint.EngineVersion, st.FactorSet, zh, en)
		return &fe
	}
	res.Canonicalize() // rounded as the stored result
	if what, now, stored, ok := sameFigures(res, st.Result); !ok {
		return footprint.FieldErrorf(footprint.EINVALID, "result", "study %s recalculates under engine %s to %.12g kgCO2e %s, not the stored %.12g: the stored result is not what today's engine gives; store the study again and apply for the new study", st.ID, footprint.EngineVersion, now, what, stored)
	}
	// The primary-data share is printed and signed as the figures are: a
	// study stored while a supplier certificate counted as primary data in
	// full, whatever share it signs, recalculates to less (red team 50).
	if now, stored := res.PrimaryDataSharePct, st.Result.PrimaryDataSharePct; !sameValue(now, stored) {
		return footprint.FieldErrorf(footprint.EINVALID, "result", "研究 %[1]s 按当前引擎 %[2]s 重新计算,初级数据占比为 %[3]s %%,而非存储的 %[4]s %%:存储的结果不是当前引擎给出的结果;请重新存储该研究,并为新研究申请。Study %[1]s recalculates under engine %[2]s to a primary-data share of %[3]s %%, not the stored %[4]s %%: the stored result is not what today's engine gives; store the study again and apply for the new study", st.ID, footprint.EngineVersion, strconv.FormatFloat(now, 'g', 6, 64), strconv.FormatFloat(stored, 'g', 6, 64))
	}
	// A warning today's engine gives that the stored result lacks (a rule
	// added since it was stored) would never reach the certifier's
	// review, which lists the stored result's warnings (red team 14).
	// Compared on path and English message: a result stored before
	// warnings had their Chinese (MessageZH) has none, and is the same.
	for _, w := range res.Warnings {
		if !slices.ContainsFunc(st.Result.Warnings, func(s footprint.Warning) bool { return s.Path == w.Path && s.Message == w.Message }) {
			return footprint.FieldErrorf(footprint.EINVALID, "result", "study %s recalculates under engine %s with a warning its stored result lacks (%s: %s): the stored result is not what today's engine gives, and the review would not show it; store the study again and apply for the new study", st.ID, footprint.EngineVersion, w.Path, w.Message)
		}
	}
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }
	// The DQR and the share of the total it covers are printed and signed too: a study stored
	// while a supplier certificate's DQR rated the buyer's whole line, whatever share of its own
	// figure it covered, recalculates to a smaller coverage (red team 51).
	if !sameValue(res.DQR, st.Result.DQR) || !sameValue(res.DQRCoveragePct, st.Result.DQRCoveragePct) {
		return footprint.FieldErrorf(footprint.EINVALID, "result", "研究 %[1]s 按当前引擎 %[2]s 重新计算,数据质量评级(DQR)为 %[3]s,覆盖总量的 %[4]s %%,而非存储的 %[5]s、%[6]s %%:存储的结果不是当前引擎给出的结果;请重新存储该研究,并为新研究申请。Study %[1]s recalculates under engine %[2]s to a DQR of %[3]s over %[4]s %% of its total, not the stored %[5]s over %[6]s %%: the stored result is not what today's engine gives; store the study again and apply for the new study", st.ID, footprint.EngineVersion, g(res.DQR), g(res.DQRCoveragePct), g(st.Result.DQR), g(st.Result.DQRCoveragePct))
	}
	// So is the share of the DQR resting on the study's own scores (certificate format 8): a result stored before the
	// engine reported it has none, and its certificate would print none (session 51).
	if !sameValue(res.DQRSelfRatedPct, st.Result.DQRSelfRatedPct) {
		return footprint.FieldErrorf(footprint.EINVALID, "result", "研究 %[1]s 按当前引擎 %[2]s 重新计算,数据质量评级(DQR)中研究自评的占比为 %[3]s %%,而非存储的 %[4]s %%:存储的结果不是当前引擎给出的结果;请重新存储该研究,并为新研究申请。Study %[1]s recalculates under engine %[2]s to a DQR %[3]s %% self-rated by the study, not the stored %[4]s %%: the stored result is not what today's engine gives; store the study again and apply for the new study", st.ID, footprint.EngineVersion, g(res.DQRSelfRatedPct), g(st.Result.DQRSelfRatedPct))
	}
	// So is the 95 % range: one stored before a rule widened it (red team 33: a supplier
	// certificate's ±100 % counted at ±10 %) would be printed narrower than the data allow (red team 51).
	if a, b := res.Uncertainty, st.Result.Uncertainty; !sameValue(a.LowKgCO2e, b.LowKgCO2e) || !sameValue(a.HighKgCO2e, b.HighKgCO2e) || !sameValue(a.MedianKgCO2e, b.MedianKgCO2e) {
		return footprint.FieldErrorf(footprint.EINVALID, "result", "研究 %[1]s 按当前引擎 %[2]s 重新计算,95 %% 区间为 %[3]s–%[4]s kgCO2e,而非存储的 %[5]s–%[6]s:存储的结果不是当前引擎给出的结果;请重新存储该研究,并为新研究申请。Study %[1]s recalculates under engine %[2]s to a 95 %% range of %[3]s–%[4]s kgCO2e, not the stored %[5]s–%[6]s: the stored result is not what today's engine gives; store the study again and apply for the new study", st.ID, footprint.EngineVersion, g(a.LowKgCO2e), g(a.HighKgCO2e), g(b.LowKgCO2e), g(b.HighKgCO2e))
	}
	// And what the certificate prints beside them: packaging included, the cut-off's share, the electricity
	// approach and grid factors; a rule added since may have changed them (red team 24: "packaging included" by a
	// token line; red team 51).
	if what, ok := samePrinted(res, st.Result); !ok {
		return footprint.FieldErrorf(footprint.EINVALID, "result", "研究 %[1]s 按当前引擎 %[2]s 重新计算,证书所印的 %[3]s 与存储的结果不同:存储的结果不是当前引擎给出的结果;请重新存储该研究,并为新研究申请。Study %[1]s recalculates under engine %[2]s to another %[3]s than the stored result's, which the certificate prints: the stored result is not what today's engine gives; store the study again and apply for the new study", st.ID, footprint.EngineVersion, what)
	}
	return nil
}

// samePrinted reports whether now and stored agree on what a certificate prints of a result beside its figures
// (certification.NewCertificate), naming the first field that differs.
func samePrinted(now, stored *footprint.Result) (string, bool) {
	for _, f := range []struct {
		what string
		same bool
	}{
		{"packaging_included", now.PackagingIncluded == stored.PackagingIncluded},
		{"cut_off", now.CutOffLimitPct == stored.CutOffLimitPct && now.ExemptedBasis == stored.ExemptedBasis && len(now.Exempted) == len(stored.Exempted) &&
			sameValue(now.ExemptedPct, stored.ExemptedPct) && sameValue(now.ExemptedMassPct, stored.ExemptedMassPct)},
		{"electricity.approach", now.Electricity.Approach == stored.Electricity.Approach},
		{"electricity.grid_factors", slices.Equal(now.Electricity.GridFactors, stored.Electricity.GridFactors)},
		// The recycling credits, signed from format 7 and printed apart from the total (red team 57).
		{"credits_kg_co2e", sameValue(now.CreditsKgCO2e, stored.CreditsKgCO2e)},
	} {
		if !f.same {
			return f.what, false
		}
	}
	return "", true
}

// studyInputs reads, in tx, what the engine needs to calculate stored study st as CreateStudy did: the factors of
// the set it pins that its lines name, the supplier footprints it references, and the set's factors of its product
// and its suppliers' products, which the engine compares their figures with.
func studyInputs(tx *bolt.Tx, st *footprint.Study) (map[string]*footprint.Factor, map[string]*footprint.SupplierFootprint, error) {
	sb, err := findSetBuckets(tx, st.FactorSet)
	if err != nil {
		return nil, nil, err
	}
	codes := st.FactorCodes()
	factors := make(map[string]*footprint.Factor, len(codes))
	for _, code := range codes {
		if _, ok := factors[code]; ok {
			continue
		}
		f, err := findFactorByCode(sb, code)
		if footprint.ErrorCode(err) == footprint.ENOTFOUND {
			continue // the engine names the line
		} else if err != nil {
			return nil, nil, err
		}
		factors[code] = f
	}
	var suppliers map[string]*footprint.SupplierFootprint
	if ids := st.SupplierIDs(); len(ids) > 0 {
		suppliers = make(map[string]*footprint.SupplierFootprint, len(ids))
		for _, ref := range ids {
			if _, ok := suppliers[ref]; ok {
				continue
			}
			sf, err := storedSupplierFootprint(tx, st, ref)
			if err != nil {
				return nil, nil, err
			}
			suppliers[ref] = sf
		}
	}
	// The set's factors of the suppliers' products, as CreateStudy reads
	// them: the engine compares a supplier's figure with them.
	if err := addProductFactors(tx, st.FactorSet, factors, footprint.ComparisonCodes(st, suppliers)); err != nil {
		return nil, nil, err
	}
	return factors, suppliers, nil
}

// storedSupplierFootprint reads, in tx, the footprint a supplier reference
// of study st stands for, as the stored result used it: a supplier
// certificate's figure without its status check, a PACT footprint in the
// version the result records (studyPACTSupplier).
func storedSupplierFootprint(tx *bolt.Tx, st *footprint.Study, ref string) (*footprint.SupplierFootprint, error) {
	if pact.IsSupplierRef(ref) {
		sup, err := studyPACTSupplier(tx, st, ref)
		if err != nil {
			return nil, err
		}
		return sup.Footprint, nil
	}
	rec, c, err := findSupplierCertificate(tx, ref)
	if err != nil {
		return nil, err
	}
	return certification.CertificateSupplierFootprint(ref, c, rec.KeyID)
}

// sameFigures compares the figures a certificate states of two results:
// the total per declared unit, the per-unit figures and the stage totals.
// When they differ it returns which figure and its two values.
func sameFigures(now, stored *footprint.Result) (what string, a, b float64, ok bool) {
	if now.DeclaredUnit != stored.DeclaredUnit {
		return "per declared unit (declared unit " + now.DeclaredUnit.String() + ", stored " + stored.DeclaredUnit.String() + ")", now.KgCO2e, stored.KgCO2e, false
	}
	if !sameValue(now.KgCO2e, stored.KgCO2e) {
		return "per " + now.DeclaredUnit.String(), now.KgCO2e, stored.KgCO2e, false
	}
	if len(now.Stages) != len(stored.Stages) {
		return "in " + fmt.Sprint(len(now.Stages)) + " stages (stored: " + fmt.Sprint(len(stored.Stages)) + ")", now.KgCO2e, stored.KgCO2e, false
	}
	for i, s := range now.Stages {
		if s.Code != stored.Stages[i].Code || !sameValue(s.KgCO2e, stored.Stages[i].KgCO2e) {
			return "in stage " + s.Code, s.KgCO2e, stored.Stages[i].KgCO2e, false
		}
	}
	if len(now.PerUnit) != len(stored.PerUnit) {
		return "in per-unit figures", now.KgCO2e, stored.KgCO2e, false
	}
	for i, u := range now.PerUnit {
		if u.Unit != stored.PerUnit[i].Unit || !sameValue(u.KgCO2e, stored.PerUnit[i].KgCO2e) {
			return "per " + u.Unit, u.KgCO2e, stored.PerUnit[i].KgCO2e, false
		}
	}
	return "", 0, 0, true
}
