package footprint_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure a study's result below every factor of its set of the product
// itself, in its declared unit, is warned naming the factor, its value,
// the study's figure and how much less it is (red team 18: a PV cell of
// metallurgical silicon under electronics); the same cell at the set's
// cell factor, 1.62 kgCO2e against 1.59, is not.
func TestProductFloor_BelowTheSetsFactorOfTheProduct(t *testing.T) {
	factors := seedtest.Factors(t)
	s := seedtest.Study(t, "laptop")
	cellUnderElectronics(s)
	res, err := footprint.Calculate(s, factors, nil)
	checkWarned(t, "a PV cell of metallurgical silicon", res, err, "product.product_codes",
		"the study's 0.1714 kgCO2e per declared unit (1 piece) is below every factor of set 2026.1 of its product (HS:854142)",
		"the lowest, PV-CELL-MONO182, is 1.59 kgCO2e per declared unit, and the study's figure 89 % less")

	s.BOM[0] = &footprint.BOMLine{Name: "Cell", Quantity: 1, Unit: footprint.MustParseUnit("piece"), MassKg: 0.0122, Factor: "PV-CELL-MONO182", Stage: "raw-materials"}
	if res, err = footprint.Calculate(s, factors, nil); err != nil {
		t.Fatal(err)
	}
	if hasWarning(res, "product.product_codes", "below every factor") {
		t.Errorf("the cell at the set's own cell factor, %.2f kgCO2e: warned %+v", res.KgCO2e, res.Warnings)
	}
}

// Ensure the product's factors are compared in the study's declared unit
// scaled by its amount, and only in a unit they convert to: the demo
// module (HS 854143, 150.1 kgCO2e per piece, its plastics exempted)
// declared as 0.4336 kWp, its rated power, is 19 % below the set's lowest
// module factor per kWp
// (PV-MOD-HJT, 427.98 kgCO2e/kWp, 185.6 per declared unit); per piece the
// module factors, all per kWp, are not compared, and the demo studies
// carry no such warning.
func TestProductFloor_InTheDeclaredUnit(t *testing.T) {
	factors := seedtest.Factors(t)
	s := seedtest.Study(t, "pv-module")
	s.DeclaredUnit = footprint.DeclaredUnit{Amount: 0.4336, Unit: footprint.MustParseUnit("kWp")}
	res, err := footprint.Calculate(s, factors, nil)
	checkWarned(t, "the demo module per 0.4336 kWp", res, err, "product.product_codes",
		"per declared unit (0.4336 kWp)", "the lowest, PV-MOD-HJT, is 185.6 kgCO2e per declared unit, and the study's figure 19 % less")
	for _, name := range []string{"pv-module", "laptop"} {
		res, err := footprint.Calculate(seedtest.Study(t, name), factors, nil)
		if err != nil {
			t.Fatal(err)
		}
		if hasWarning(res, "product.product_codes", "below every factor") {
			t.Errorf("demo %s per piece: warned %+v", name, res.Warnings)
		}
	}
}

// Ensure a supplier's PACT footprint that the set's factors do not meet
// is warned as not compared, naming its codes, its product and the line
// (red team 18: the frame under its PACT v2 CPC code only; the seed's
// materials carry HS codes), or, when factors of its product exist per
// another unit only, naming one of them; and that a footprint compared
// and found above the set's factors is not warned.
func TestSupplierFloors_PACTFootprintComparedWithNothing(t *testing.T) {
	factors := seedtest.Factors(t)
	const id = footprint.PACTSupplierPrefix + "3d6c1e2a-7b4f-4c8e-9a1d-2f5e6b7c8d9e"
	for _, tt := range []struct {
		name  string
		codes []footprint.ProductCode
		piece bool    // the footprint and the frame line per piece (3.1 kg), not per kg
		kg    float64 // the supplier's figure per its unit
		want  []string
	}{
		{"CPC only", []footprint.ProductCode{{Scheme: "CPC", Code: "41532"}}, false, 1.4,
			[]string{`of "Aluminium frame profile": its product codes (CPC:41532) meet no factor of set 2026.1 per kg, so its figure was not compared with the set's`, `line "Aluminium frame"`}},
		{"CPC only, above every material", []footprint.ProductCode{{Scheme: "CPC", Code: "41532"}}, false, 12, []string{"(CPC:41532) meet no factor"}},
		{"HS per piece", []footprint.ProductCode{{Scheme: "HS", Code: "7604"}}, true, 40,
			[]string{"(HS:7604) meet no factor of set 2026.1 per piece (PV-AL-PROFILE, of its product, is per kg)"}},
		{"HS above its factor", []footprint.ProductCode{{Scheme: "HS", Code: "7604"}}, false, 12, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sp := &footprint.SupplierFootprint{ID: id, Supplier: "Frame Co.", Product: "Aluminium frame profile", ProductCodes: tt.codes,
				DeclaredUnit: footprint.MustParseUnit("kg"), KgCO2e: tt.kg, Boundary: footprint.BoundaryCradleToGate, IssuedAt: seedtest.Study(t, "pv-module").ReferencePeriod.Start}
			s := seedtest.Study(t, "pv-module")
			for _, c := range s.BOM[0].Children[2:4] { // encapsulant, backsheet counted: the lower total keeps the cut-off
				c.Exempt, c.Factor = nil, "MAT-PLASTIC-AVG-DESNZ"
			}
			frame := s.BOM[0].Children[1]
			frame.Factor, frame.Supplier = "", id
			if tt.piece {
				sp.DeclaredUnit, frame.Quantity, frame.Unit, frame.MassKg = footprint.MustParseUnit("piece"), 1, footprint.MustParseUnit("piece"), 1.58
			}
			res, err := footprint.Calculate(s, factors, map[string]*footprint.SupplierFootprint{id: sp})
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == nil {
				for _, w := range res.Warnings {
					if strings.HasPrefix(w.Path, "bom[0].children[1]") {
						t.Errorf("compared and above its factor: warned %+v", w)
					}
				}
				return
			}
			checkWarned(t, tt.name, res, nil, "bom[0].children[1].supplier", tt.want...)
		})
	}
}
