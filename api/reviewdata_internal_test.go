package api

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure two results are the same data by their figures alone: a renamed
// product, lines renamed, split in two or moved into a shared
// sub-assembly, and the declared amount doubled with every figure are the
// same data; a quantity changed, a factor swapped, a stage moved or
// another unit are not.
func TestInventory_SameData(t *testing.T) {
	units := map[string]footprint.Unit{}
	for _, symbol := range []string{"piece", "kWp"} {
		u, err := footprint.ParseUnit(symbol)
		if err != nil {
			t.Fatal(err)
		}
		units[symbol] = u
	}
	piece, kwp := units["piece"], units["kWp"]
	leaf := func(name, factor string, kg float64) *footprint.Contribution {
		return &footprint.Contribution{Name: name, FactorCode: factor, KgCO2e: kg}
	}
	result := func(model string, amount float64, unit footprint.Unit, a1, a3 float64, lines ...*footprint.Contribution) *footprint.Result {
		return &footprint.Result{ProductModel: model, DeclaredUnit: footprint.DeclaredUnit{Amount: amount, Unit: unit}, KgCO2e: a1 + a3,
			Stages: []footprint.StageTotal{{Code: "A1", KgCO2e: a1}, {Code: "A3", KgCO2e: a3}}, Lines: lines}
	}
	base := result("M1", 1, piece, 30, 10, leaf("glass", "GLASS", 20), leaf("frame", "AL", 10), leaf("power", "ELEC", 10))
	for _, tt := range []struct {
		name string
		r    *footprint.Result
		same bool
	}{
		{"Renamed", result("M1 PLUS", 1, piece, 30, 10, leaf("cover glass", "GLASS", 20), leaf("frame", "AL", 10), leaf("grid", "ELEC", 10)), true},
		{"LineSplit", result("M2", 1, piece, 30, 10, leaf("glass a", "GLASS", 12), leaf("glass b", "GLASS", 8), leaf("frame", "AL", 10), leaf("power", "ELEC", 10)), true},
		{"SubAssembly", func() *footprint.Result {
			r := result("M3", 1, piece, 30, 10, &footprint.Contribution{Name: "laminate", Assembly: "lam", KgCO2e: 30}, leaf("power", "ELEC", 10))
			r.Assemblies = []*footprint.AssemblyBreakdown{{ID: "lam", Multiplier: 2, Lines: []*footprint.Contribution{leaf("glass", "GLASS", 10), leaf("frame", "AL", 5)}}}
			return r
		}(), true},
		{"TwoPieces", result("M4", 2, piece, 60, 20, leaf("glass", "GLASS", 40), leaf("frame", "AL", 20), leaf("power", "ELEC", 20)), true},
		{"QuantityChanged", result("M1", 1, piece, 30.5, 10, leaf("glass", "GLASS", 20.5), leaf("frame", "AL", 10), leaf("power", "ELEC", 10)), false},
		{"FactorSwapped", result("M1", 1, piece, 30, 10, leaf("glass", "GLASS-2", 20), leaf("frame", "AL", 10), leaf("power", "ELEC", 10)), false},
		{"StageMoved", result("M1", 1, piece, 20, 20, leaf("glass", "GLASS", 20), leaf("frame", "AL", 10), leaf("power", "ELEC", 10)), false},
		{"OtherUnit", result("M1", 1, kwp, 30, 10, leaf("glass", "GLASS", 20), leaf("frame", "AL", 10), leaf("power", "ELEC", 10)), false},
	} {
		if got := newInventory(base).sameData(newInventory(tt.r)); got != tt.same {
			t.Errorf("%s: same data %v, want %v", tt.name, got, tt.same)
		}
	}
}
