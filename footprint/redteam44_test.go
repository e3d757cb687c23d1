package footprint_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 44 (session 37): flattering numbers on a valid certificate.

// classifiedFootprint is a supplier's PACT footprint ref at kg kgCO2e per
// unit, classified under codes (as productCategoryCpc and
// productClassifications give them).
func classifiedFootprint(t *testing.T, ref, unit string, kg float64, codes ...string) *footprint.SupplierFootprint {
	t.Helper()
	sp := &footprint.SupplierFootprint{ID: ref, Supplier: "Parts Co", Product: "part", KgCO2e: kg, DeclaredUnit: footprint.MustParseUnit(unit),
		Boundary: footprint.BoundaryCradleToGate, IssuedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	for _, c := range codes {
		sp.ProductCodes = append(sp.ProductCodes, productCode(t, c))
	}
	return sp
}

// Ensure a supplier's PACT footprint is compared with the set's factors of
// what it is of, whatever else its classification names. The comparison
// took the lowest factor meeting any of its codes, so a second code of a
// cheaper product, or a code broader than the product's, chose the floor
// (live, session 37, through the API, each certified or certifiable on a
// review that names nothing of the figure):
//   - the demo module's 54 cells as 0.66 kg of a cell maker's footprint at
//     2 kgCO2e/kg classified HS 854142 and HS 700510 (float glass): the
//     cells' factors are per piece and per kWp, so the footprint was
//     compared with the glass (1.13 kgCO2e/kg) and found above it, and the
//     warning that no factor of the cells is per kg to compare it with
//     (given under HS 854142 alone) was dropped: the module, its plastics
//     counted, certified at 72.75 kgCO2e instead of 157.29 (CDPCF-2026-000002);
//   - the demo laptop's logic board as 0.178 kg of a board maker's
//     footprint at 1.2 kgCO2e/kg classified HS 847330 and HS 700510: 113.73
//     kgCO2e instead of 179.03 (CDPCF-2026-000003), the same warning dropped;
//   - the module's frame as a footprint at 1.4 kgCO2e/kg classified HS
//     760410 and HS 700510, or HS 76 (a chapter, whose cheapest factor is
//     recycled aluminium ingot, 0.72): compared with glass or recycled ingot
//     rather than PV-AL-PROFILE (9.8), no warning, 26 kgCO2e off the module;
//   - the laptop's board as 6 cm² of a footprint at 2 kgCO2e/cm² classified
//     HS 854231 (a CPU die) and HS 847330 (boards, which the rule needs):
//     compared with the die (1.97) only, the board's 66.1 kgCO2e gone.
//
// A correct service compares a footprint with the set's factors of each of
// its codes (whose own code contains it) and takes the highest of those
// floors; on a BOM line of a rule's required part it compares it by the
// codes a line of the part must be of (the boards, not the die), else by the
// part's; and it says so when a code broader than any factor's (a chapter)
// could be compared only with the cheapest product under it. Each case
// above is warned at its line.
func TestRedteam44_SupplierClassifiedAsAnotherProductToo(t *testing.T) {
	const ref = "pact:44c6a7e0-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	kg, cm2 := footprint.MustParseUnit("kg"), footprint.MustParseUnit("cm²")
	cells := func(s *footprint.Study) *footprint.BOMLine { return s.BOM[1] }
	frame := func(s *footprint.Study) *footprint.BOMLine { return s.BOM[0].Children[1] }
	board := func(s *footprint.Study) *footprint.BOMLine { return s.BOM[3].Children[0] }
	for _, tt := range []struct {
		name, study string
		line        func(*footprint.Study) *footprint.BOMLine
		path        string
		quantity    float64
		unit        footprint.Unit
		sp          *footprint.SupplierFootprint
		want        []string
	}{
		{"cells also coded as float glass", "pv-module", cells, "bom[1].supplier", 0.66, kg,
			classifiedFootprint(t, ref, "kg", 2, "HS:854142", "HS:700510"), []string{"stands for a part rule pv-module requires", "PV-CELL-MONO182"}},
		{"cells coded as cells", "pv-module", cells, "bom[1].supplier", 0.66, kg,
			classifiedFootprint(t, ref, "kg", 2, "HS:854142"), []string{"stands for a part rule pv-module requires"}},
		{"board also coded as float glass", "laptop", board, "bom[3].children[0].supplier", 0.178, kg,
			classifiedFootprint(t, ref, "kg", 1.2, "HS:847330", "HS:700510"), []string{"stands for a part rule electronics requires", "ELEC-MOBO"}},
		{"board also coded as a CPU die", "laptop", board, "bom[3].children[0].supplier", 6, cm2,
			classifiedFootprint(t, ref, "cm²", 2, "HS:854231", "HS:847330"), []string{"stands for a part rule electronics requires", "ELEC-MOBO"}},
		{"frame also coded as float glass", "pv-module", frame, "bom[0].children[1].supplier", 1.57996, kg,
			classifiedFootprint(t, ref, "kg", 1.4, "HS:760410", "HS:700510"), []string{"below every factor of set 2026.1 of its product", "PV-AL-PROFILE"}},
		{"frame coded by its chapter", "pv-module", frame, "bom[0].children[1].supplier", 1.57996, kg,
			classifiedFootprint(t, ref, "kg", 1.4, "HS:76"), []string{"is classified HS:76, broader than", "PV-AL-RECYCLED at 0.72 kgCO2e/kg", "的产品代码(HS:76)比集 2026.1 中各产品因子的代码更宽泛"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := countedStudy(t, tt.study)
			l := tt.line(s)
			honest, err := footprint.Calculate(countedStudy(t, tt.study), seedtest.Factors(t), nil)
			if err != nil {
				t.Fatal(err)
			}
			l.Factor, l.Children, l.Supplier, l.Quantity, l.Unit = "", nil, ref, tt.quantity, tt.unit
			res, err := footprint.Calculate(s, seedtest.Factors(t), map[string]*footprint.SupplierFootprint{ref: tt.sp})
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if !hasWarning(res, tt.path, tt.want...) {
				var got []string
				for _, w := range res.Warnings {
					got = append(got, w.Path+": "+w.Message)
				}
				t.Errorf("%s: %s at %g kgCO2e/%s, classified %v: %.2f kgCO2e (%.2f with the set's factor), no warning at %s containing %q; warnings:\n%s",
					tt.study, tt.name, tt.sp.KgCO2e, tt.sp.DeclaredUnit, tt.sp.ProductCodes, res.KgCO2e, honest.KgCO2e, tt.path, tt.want, strings.Join(got, "\n"))
			}
		})
	}
}

// Ensure a supplier's footprint classified under two schemes of one product,
// or under a tariff line of a factor's code, is compared as before: with the
// set's factors of its product, and not warned when above them.
func TestRedteam44_SupplierClassifiedInTwoSchemes(t *testing.T) {
	const ref = "pact:44c6a7e0-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	for _, codes := range [][]string{{"HS:854142", "CPC:47150"}, {"HS:85414200"}, {"HS:854142", "HS:854143"}} {
		s := countedStudy(t, "pv-module")
		s.BOM[1].Factor, s.BOM[1].Supplier, s.BOM[1].MassKg = "", ref, 0.0122
		sp := classifiedFootprint(t, ref, "piece", 1.6, codes...)
		res, err := footprint.Calculate(s, seedtest.Factors(t), map[string]*footprint.SupplierFootprint{ref: sp})
		if err != nil {
			t.Fatalf("%v: %v", codes, err)
		}
		for _, w := range res.Warnings {
			if w.Path == "bom[1].supplier" {
				t.Errorf("cells at 1.6 kgCO2e a piece (the set's PV-CELL-MONO182: 1.59), classified %v: warned %s", codes, w.Message)
			}
		}
		sp.KgCO2e = 0.5
		res, err = footprint.Calculate(s, seedtest.Factors(t), map[string]*footprint.SupplierFootprint{ref: sp})
		checkWarned(t, "cells at 0.5 kgCO2e a piece", res, err, "bom[1].supplier", "is below every factor of set 2026.1 of its product", "PV-CELL-MONO182")
	}
}
