package footprint_test

import (
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure a supplier footprint of the module's cells far below the pinned
// set's factors of them is put before the certifier however it is
// classified or declared (red team 13: the demo module 158.3 → 75.7
// kgCO2e, certified with the generic "taken to be in a supplier footprint"
// warning only):
//   - under an 8-digit tariff line of the cells' code (HS 85414200 for
//     854142) it is compared with the set's factors of 854142, as it was
//     under 854142 itself (the codes meet by prefix, as the required part's
//     do);
//   - per kilogram, where the set's factors of cells are per piece and per
//     kWp and none converts, the review is told that nothing of the set is
//     per kg to compare it with, naming a factor of the cells.
func TestRedteam13_SupplierCellsBelowTheSetByUnitOrLongerCode(t *testing.T) {
	const ref = "pact:5b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	code := func(s string) footprint.ProductCode { return productCode(t, s) }
	for _, c := range []string{"HS:854142", "HS:85414200"} {
		res, err := calcSuppliedCells(t, 0.0122, footprint.SupplierFootprint{ID: ref, KgCO2e: 0.0611, ProductCodes: []footprint.ProductCode{code(c)}})
		checkWarned(t, "per piece, "+c, res, err, "bom[1].supplier", "is below every factor of set 2026.1 of its product", "PV-CELL-MONO182")
	}
	// 0.66 kg of cells at 5 kgCO2e/kg: 3.3 kgCO2e for 54 cells, 85.9 at
	// the set's factor per piece.
	s := seedtest.Study(t, "pv-module")
	countExemptedInFull(s)
	s.BOM[1].Factor, s.BOM[1].Supplier, s.BOM[1].Quantity, s.BOM[1].Unit = "", ref, 0.66, footprint.MustParseUnit("kg")
	sp := &footprint.SupplierFootprint{ID: ref, Supplier: "Cell Co", KgCO2e: 5, DeclaredUnit: footprint.MustParseUnit("kg"),
		Boundary: footprint.BoundaryCradleToGate, IssuedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), ProductCodes: []footprint.ProductCode{code("HS:854142")}}
	res, err := footprint.Calculate(s, seedtest.Factors(t), map[string]*footprint.SupplierFootprint{ref: sp})
	checkWarned(t, "per kg", res, err, "bom[1].supplier", "stands for a part rule pv-module requires", "no factor of set 2026.1 of its product is per kg to compare it with")
	// A supplier footprint of another part per kg (no factor of its
	// product at all) is not told so.
	sp.ProductCodes = []footprint.ProductCode{code("HS:700719")}
	s.BOM = append(s.BOM, &footprint.BOMLine{Name: "glass", Quantity: 10, Unit: footprint.MustParseUnit("kg"), Supplier: ref})
	s.BOM[1] = seedtest.Study(t, "pv-module").BOM[1]
	res, err = footprint.Calculate(s, seedtest.Factors(t), map[string]*footprint.SupplierFootprint{ref: sp})
	if err != nil || hasWarning(res, "bom[7].supplier", "stands for a part") {
		t.Errorf("glass per kg: %v, warned as a required part", err)
	}
}

// Ensure a supplier footprint of the module's cells in a power unit is held
// to the module's rated power, as the set's cell factors are (red team 13:
// a module certificate per kWp on 0.01 kWp of a 433.6 Wp module gave 76.1
// kgCO2e instead of 230.7, with the same warnings).
func TestRedteam13_SupplierCellsBelowModulePower(t *testing.T) {
	const ref = "CERT-RT13"
	pc := productCode(t, "HS:854143")
	calc := func(kwp float64) (*footprint.Result, error) {
		s := seedtest.Study(t, "pv-module")
		countExemptedInFull(s)
		s.BOM[1].Factor, s.BOM[1].Supplier, s.BOM[1].Quantity, s.BOM[1].Unit, s.BOM[1].MassKg = "", ref, kwp, footprint.MustParseUnit("kWp"), 0.66/kwp
		sp := &footprint.SupplierFootprint{ID: ref, Supplier: "Module Co", KgCO2e: 365, DeclaredUnit: footprint.MustParseUnit("kWp"),
			Boundary: footprint.BoundaryCradleToGate, IssuedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), ProductCodes: []footprint.ProductCode{pc}}
		return footprint.Calculate(s, seedtest.Factors(t), map[string]*footprint.SupplierFootprint{ref: sp})
	}
	if _, err := calc(0.4336); err != nil {
		t.Fatalf("at the module's power: %v", err)
	}
	_, err := calc(0.01)
	checkInvalid(t, err, "bom[1].quantity", "less than the module's rated power")
}

// productCode parses s, failing tb if it is not a product code.
func productCode(tb testing.TB, s string) footprint.ProductCode {
	tb.Helper()
	pc, err := footprint.ParseProductCode(s)
	if err != nil {
		tb.Fatal(err)
	}
	return pc
}
