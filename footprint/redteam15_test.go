package footprint_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 14 (known open, closed in session 28): the demo module's bill of
// materials, one module, declared per 2 modules with product.mass_kg halved
// (12.9 kg on 1.95 m², still above the lightest module's 6 kg/m²) passed the
// mass balance, which trusts mass_kg, and was certified at 150 kgCO2e per
// 2 modules, 75 a module where one is 150. Its 54 cells counted in pieces
// said nothing of the power. A cell is at most one wafer of the largest
// format (0.0484 m²), which gives at most 14.2 Wp at the rule's 29.4 %:
// 54 cells give at most 768 Wp, less than two 433.6 Wp modules. The same
// bound refuses a token count of cells (TestRedteam3_PVModuleWithoutCells).
func TestRedteam15_ModuleDeclaredAsTwoAtHalfItsMass(t *testing.T) {
	s := seedtest.Study(t, "pv-module")
	countExemptedInFull(s)
	s.DeclaredUnit.Amount, s.Product.MassKg = 2, s.Product.MassKg/2
	res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
	checkRefused(t, "one module declared as two", res, err, "bom[1].quantity", "at most 0.768398 kWp per declared unit, less than the module's rated power, 0.8672 kWp per declared unit")
}

// Cells in an area unit give at most what that area gives at the rule's
// highest efficiency: 1 m² of cells is at most 294 Wp, less than the
// demo module's 433.6 Wp; its 1.8 m² of cells pass.
func TestRedteam15_CellsByAreaBelowModulePower(t *testing.T) {
	factors := seedtest.Factors(t)
	perM2 := *factors["PV-CELL-MONO182"]
	perM2.Code, perM2.Unit.Per = "PV-CELL-PER-M2", footprint.MustParseUnit("m²")
	factors[perM2.Code] = &perM2
	for _, tt := range []struct {
		m2     float64
		refuse bool
	}{{1, true}, {1.8, false}} {
		s := seedtest.Study(t, "pv-module")
		countExemptedInFull(s)
		s.BOM[1].Quantity, s.BOM[1].Unit, s.BOM[1].Factor, s.BOM[1].MassKg = tt.m2, footprint.MustParseUnit("m²"), perM2.Code, 0.6
		res, err := footprint.Calculate(s, factors, nil)
		if tt.refuse {
			checkRefused(t, "1 m² of cells", res, err, "bom[1].quantity", "at most 0.294 kWp per declared unit")
		} else if err != nil {
			t.Errorf("%v m² of cells: %v", tt.m2, err)
		}
	}
}
