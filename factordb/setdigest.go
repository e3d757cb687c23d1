package factordb

import (
	"cmp"
	"slices"

	"github.com/chengdu-pcf/pcf/footprint"
)

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
