package api

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure two results are the same data by their figures alone: a renamed
// product, lines renamed, split in two or moved into a shared
// sub-assembly, and the declared amount doubled with every figure are the
// same data, and so are figures nudged within 1 % (a transport distance
// 100 → 100.0001 km escaped a comparison to 1e-9, red team); a quantity
// changed by more than 1 % in one source, though the total and stages stay
// within 1 %, a source added, a factor swapped, a stage moved or another
// unit are not.
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
		// A transport distance 100 → 100.0001 km: the certificate prints the same figure (red team).
		{"Nudged", result("M1", 1, piece, 30.000002, 10, leaf("glass", "GLASS", 20), leaf("frame", "AL", 10.000002), leaf("power", "ELEC", 10)), true},
		{"WithinOnePercent", result("M1", 1, piece, 30.25, 10, leaf("glass", "GLASS", 20.15), leaf("frame", "AL", 10.1), leaf("power", "ELEC", 10)), true},
		// One source +5 %, and +2 % with the total (+0.5 %) and stages within 1 %: other data.
		{"OneSourcePlus5Percent", result("M1", 1, piece, 30.5, 10, leaf("glass", "GLASS", 20), leaf("frame", "AL", 10.5), leaf("power", "ELEC", 10)), false},
		{"OneSourcePlus2PercentTotalWithin", result("M1", 1, piece, 30.2, 10, leaf("glass", "GLASS", 20), leaf("frame", "AL", 10.2), leaf("power", "ELEC", 10)), false},
		{"SourceAdded", result("M1", 1, piece, 30.001, 10, leaf("glass", "GLASS", 20), leaf("frame", "AL", 10), leaf("power", "ELEC", 10), leaf("label", "PAPER", 0.001)), false},
		{"FactorSwapped", result("M1", 1, piece, 30, 10, leaf("glass", "GLASS-2", 20), leaf("frame", "AL", 10), leaf("power", "ELEC", 10)), false},
		{"StageMoved", result("M1", 1, piece, 20, 20, leaf("glass", "GLASS", 20), leaf("frame", "AL", 10), leaf("power", "ELEC", 10)), false},
		{"OtherUnit", result("M1", 1, kwp, 30, 10, leaf("glass", "GLASS", 20), leaf("frame", "AL", 10), leaf("power", "ELEC", 10)), false},
	} {
		if got := newInventory(base).sameData(newInventory(tt.r)); got != tt.same {
			t.Errorf("%s: same data %v, want %v", tt.name, got, tt.same)
		}
	}
}
