// Package subheading tells whether a factor is of a study's product under
// another code of its rule (rt55, session 55, docs/integrity.md): a rule whose
// product codes are HS subheadings (six digits or more) covers one product,
// as pv-module's HS 854143 (HS 2022) and HS 854140 (HS 2017) are the same
// module. The review already reads them so for a holder's certificates
// (factordb's sameProduct, red team 13); the product floor did not, so the
// demo module declared under HS 854140 lost the warning that its 150.1
// kgCO2e is 19 % below every module factor of its set (all HS 854143), and
// with a cut inventory was issued on the screened cut-off's warning alone.
//
// It knows no domain types: a product code is a struct of its scheme and
// code (ofcodes.Code: footprint.ProductCode), compared with a rule's
// "HS:854143" without writing it (ofcodes.HasPrefix: an allocation a
// comparison, every factor of the set a calculation; session 55).
package subheading

import (
	"slices"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint/internal/ofcodes"
)

// Same reports whether a code of product and one of factor each fall under
// one of ruleCodes' HS codes of six digits or more.
func Same[P ofcodes.Code](ruleCodes []string, product, factor []P) bool {
	under := func(codes []P) bool {
		return slices.ContainsFunc(codes, func(pc P) bool {
			return slices.ContainsFunc(ruleCodes, func(rc string) bool {
				digits, hs := strings.CutPrefix(rc, "HS:")
				return hs && len(digits) >= 6 && ofcodes.HasPrefix(pc, rc)
			})
		})
	}
	return under(product) && under(factor)
}

// Codes returns ruleCodes' HS codes of six digits or more, parsed, when a
// code of product falls under one (nil otherwise): the codes whose factors
// the product is compared with besides its own.
func Codes[P ofcodes.Code](ruleCodes []string, product []P, parse func(string) (P, error)) []P {
	var out []P
	for _, rc := range ruleCodes {
		if pc, err := parse(rc); err == nil && Same(ruleCodes, product, []P{pc}) {
			out = append(out, pc)
		}
	}
	return out
}
