package footprinttest

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// ProductCodes parses codes ("HS:854143", or digits alone for HS) as a
// study or a factor states them, failing tb on one that is not a product
// code.
func ProductCodes(tb testing.TB, codes ...string) []footprint.ProductCode {
	tb.Helper()
	var out []footprint.ProductCode
	for _, c := range codes {
		pc, err := footprint.ParseProductCode(c)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, pc)
	}
	return out
}

// FactorUnit parses a factor's unit ("kgCO2e/kg"), failing tb on one that
// is not a factor unit.
func FactorUnit(tb testing.TB, s string) footprint.FactorUnit {
	tb.Helper()
	u, err := footprint.ParseFactorUnit(s)
	if err != nil {
		tb.Fatal(err)
	}
	return u
}
