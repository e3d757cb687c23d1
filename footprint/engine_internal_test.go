package footprint

import (
	"math"
	"testing"
)

func TestCheckLineFinite(t *testing.T) {
	// Ensure a line is refused for any number that is not finite, or for
	// emissions beyond MaxKgCO2e, and accepted when its numbers are finite
	// even if their sum is not (the fast path sums them).
	ok := func() *Contribution {
		return &Contribution{Path: "bom[0]", Quantity: 2, FactorValue: 3, KgCO2e: 6, SharePct: 100, DQR: 2}
	}
	if err := checkLineFinite(ok()); err != nil {
		t.Fatalf("finite line: %v", err)
	}
	big := ok()
	big.Quantity, big.FactorValue = math.MaxFloat64, math.MaxFloat64 // the sum overflows
	if err := checkLineFinite(big); err != nil {
		t.Errorf("finite line whose sum overflows: %v", err)
	}
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		for i, set := range []func(c *Contribution){
			func(c *Contribution) { c.Quantity = x }, func(c *Contribution) { c.FactorValue = x },
			func(c *Contribution) { c.KgCO2e = x }, func(c *Contribution) { c.SharePct = x },
			func(c *Contribution) { c.DQR = x },
		} {
			c := ok()
			set(c)
			if err := checkLineFinite(c); ErrorCode(err) != EINVALID || ErrorField(err) != "bom[0]" {
				t.Errorf("field %d = %v: error %v, want EINVALID at bom[0]", i, x, err)
			}
		}
	}
	over := ok()
	over.KgCO2e = -2 * MaxKgCO2e
	if err := checkLineFinite(over); ErrorCode(err) != EINVALID {
		t.Errorf("emissions beyond MaxKgCO2e: error %v, want EINVALID", err)
	}
}
