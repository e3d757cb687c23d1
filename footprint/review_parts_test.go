package footprint_test

import (
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure a supplier footprint in the packaging does not stand for a
// required part: the demo module without its cells, and a pallet bought
// with a supplier's footprint, was only warned (the cells "taken to be in a
// supplier footprint"), although no part of the product is in its
// packaging (docs/integrity.md §9: packaging does not count).
func TestReview_RequiredPartNotInPackagingSupplier(t *testing.T) {
	s := seedtest.Study(t, "pv-module")
	countExemptedInFull(s)
	s.BOM = s.BOM[:1]
	const ref = "cert:CDPCF-2026-000009"
	s.Packaging = append(s.Packaging, &footprint.BOMLine{Name: "pallet", Quantity: 1, Unit: footprint.MustParseUnit("piece"), MassKg: 0.5, Supplier: ref})
	sp := &footprint.SupplierFootprint{ID: ref, Supplier: "Pallet Co", Product: "pallet", KgCO2e: 2, Boundary: footprint.BoundaryCradleToGate,
		DeclaredUnit: footprint.MustParseUnit("piece"), IssuedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	res, err := footprint.Calculate(s, seedtest.Factors(t), map[string]*footprint.SupplierFootprint{ref: sp})
	if footprint.ErrorField(err) != "bom" {
		t.Fatalf("module without cells, a supplier's pallet: %v (result %v), want a refusal naming bom", err, res != nil)
	}
}
