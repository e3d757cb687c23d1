package factordb

import (
	"maps"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
)

// loweredFactors returns the factors the result of study st used that its
// set, or the set a copied change came from, lowered from its base in the
// same unit, with who changed and who reviewed each change
// (certification.ReviewRecords.Lowered; red team 46). The change's review
// made the factor certifiable; four eyes counts two keys one operator key
// made as two curators, so the review says when the author's and the
// reviewer's keys share a creator.
func loweredFactors(tx *bolt.Tx, st *footprint.Study) ([]certification.LoweredFactor, error) {
	if st.Result == nil {
		return nil, nil
	}
	flags, paths, err := resultFlags(tx, st.FactorSet, st.Result)
	if err != nil || len(flags) == 0 {
		return nil, err
	}
	var out []certification.LoweredFactor
	seen := map[string]bool{}
	// Who made and reviewed a set's changes is read once per set (its
	// audit events and key creators), not once per lowered factor.
	makers := map[string]*certification.LoweredFactor{}
	for _, fp := range paths {
		fl := flags[fp.Code]
		if fl == nil || seen[fp.Code] || fl.Kind != factorlib.FlagChanged || fl.Change == nil || fl.Change.Added ||
			fl.Change.BaseUnit != fl.Unit || !(fl.Value < fl.Change.BaseValue) || !fl.Reviewed() {
			continue
		}
		seen[fp.Code] = true
		lf := certification.LoweredFactor{Code: fp.Code, Set: fl.Change.Set, BaseSet: fl.Change.BaseSet,
			Value: fl.Value, BaseValue: fl.Change.BaseValue, Unit: fl.Unit,
			ReviewedBy: fl.Acknowledgement.By, ReviewedAt: fl.Acknowledgement.At, Note: fl.Acknowledgement.Note}
		m := makers[lf.Set]
		if m == nil {
			m = &certification.LoweredFactor{Set: lf.Set}
			if err := changeMakers(tx, m); err != nil {
				return nil, err
			}
			makers[lf.Set] = m
		}
		lf.Authors, lf.Reviewers, lf.SharedCreator = m.Authors, m.Reviewers, m.SharedCreator
		out = append(out, lf)
	}
	return out, nil
}

// changeMakers fills the authors of lf.Set, the API keys that reviewed its
// flags, and a key that made both a reviewer's and an author's key.
func changeMakers(tx *bolt.Tx, lf *certification.LoweredFactor) error {
	rec, err := findSet(tx, lf.Set)
	if footprint.ErrorCode(err) == footprint.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	authors := map[string]string{}
	if err := setAuthors(tx, rec, authors); err != nil {
		return err
	}
	lf.Authors = slices.Sorted(maps.Keys(authors))
	reviewers := map[string]bool{}
	err = eachSubjectEvent(tx, "factor-set/"+lf.Set, func(ev *auditRecord) error {
		if ev.Action == factorlib.AuditFactorSetAcknowledge && ev.KeyID != "" {
			reviewers[ev.KeyID] = true
		}
		return nil
	})
	if err != nil {
		return err
	}
	lf.Reviewers = slices.Sorted(maps.Keys(reviewers))
	// Who saw an author's token: every key that made an author's key.
	saw := map[string]bool{}
	err = eachAuthorKey(tx, authors, func(_, _ string, creators []string) error {
		for _, c := range creators {
			saw[c] = true
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range lf.Reviewers {
		creators, err := keyCreators(tx, r)
		if err != nil {
			return err
		}
		for _, c := range creators {
			if saw[c] {
				lf.SharedCreator = c
				return nil
			}
		}
	}
	return nil
}
