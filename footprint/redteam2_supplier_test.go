package footprint_test

import (
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure a supplier footprint of zero does not pass as primary data. A
// PACT footprint is accepted at upload with pCfExcludingBiogenic "0" (any
// decimal ≥ 0) and the engine takes it like any supplier figure: the demo
// module's 54 cells bought as a "Cell Co" footprint of 0 kgCO2e/piece
// take the module from 157 to 71 kgCO2e (-55 %), counted as primary data,
// with no error and no warning. No cradle-to-gate footprint of a product
// is zero.
func TestRedteam2_ZeroSupplierFootprint(t *testing.T) {
	t.Run("pact-zero", func(t *testing.T) {
		s := seedtest.Study(t, "pv-module")
		countExemptedInFull(s)
		const ref = "pact:5b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
		s.BOM[1].Factor, s.BOM[1].Supplier = "", ref
		sup := map[string]*footprint.SupplierFootprint{ref: {ID: ref, Supplier: "Cell Co", DeclaredUnit: footprint.MustParseUnit("piece"),
			Boundary: footprint.BoundaryCradleToGate, IssuedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}}
		res, err := footprint.Calculate(s, seedtest.Factors(t), sup)
		if err != nil {
			if footprint.ErrorField(err) != "bom[1].supplier" {
				t.Fatalf("refused, but not naming bom[1].supplier: %v", err)
			}
			return
		}
		for _, w := range res.Warnings {
			if w.Path == "bom[1].supplier" || w.Path == "bom[1]" {
				return
			}
		}
		t.Fatalf("54 cells at 0 kgCO2e: total %.1f kgCO2e, no error or warning", res.KgCO2e)
	})
}
