package footprint_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/pact"
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
// module factors, all per kWp, are compared through the rated power, with
// the same result; the laptop, whose product has no factor, is not warned.
func TestProductFloor_InTheDeclaredUnit(t *testing.T) {
	factors := seedtest.Factors(t)
	s := seedtest.Study(t, "pv-module")
	s.DeclaredUnit = footprint.DeclaredUnit{Amount: 0.4336, Unit: footprint.MustParseUnit("kWp")}
	res, err := footprint.Calculate(s, factors, nil)
	checkWarned(t, "the demo module per 0.4336 kWp", res, err, "product.product_codes",
		"per declared unit (0.4336 kWp)", "the lowest, PV-MOD-HJT, is 185.6 kgCO2e per declared unit, and the study's figure 19 % less")
	// Declared per piece, the module is compared through its rated power: the same factor, the same 19 %
	// (red team 44: a module declared per piece escaped the check). The laptop's set holds no factor of
	// its product, so it is not warned.
	res, err = footprint.Calculate(seedtest.Study(t, "pv-module"), factors, nil)
	checkWarned(t, "the demo module per piece", res, err, "product.product_codes",
		"per declared unit (1 piece)", "the lowest, PV-MOD-HJT, is 185.6 kgCO2e per declared unit, through the product's 433.6 Wp per piece, and the study's figure 19 % less")
	res, err = footprint.Calculate(seedtest.Study(t, "laptop"), factors, nil)
	if err != nil {
		t.Fatal(err)
	}
	if hasWarning(res, "product.product_codes", "below every factor") {
		t.Errorf("demo laptop per piece: warned %+v", res.Warnings)
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

// cellUnderElectronics makes the demo laptop study a study of one PV cell
// (HS 854142, the cells of the demo module: 0.66 kg / 54 = 0.0122 kg) under
// the electronics rule, the only built-in rule whose product codes (HS
// chapters 84 and 85) cover it: its silicon as 12.2 g of metallurgical-
// grade silicon (PV-MGSI-CN, HS 280469, 11.3 kgCO2e/kg), 0.05 kWh of cell-
// line electricity for the production stage the rule requires, a use stage
// of 0.001 kWh a year for one year (the rule requires one and allows no
// "not applicable"), one distribution leg and an end of life of the cell's
// mass.
func cellUnderElectronics(s *footprint.Study) {
	kg := footprint.MustParseUnit("kg")
	s.Product = footprint.Product{
		Name: "Mono-Si solar cell M10 182 mm", NameZH: "单晶硅太阳能电池片 M10", Model: "CELL-M10", Manufacturer: "Demo Cell Co.", Site: "Meishan, Sichuan",
		ProductCodes: []footprint.ProductCode{{Scheme: "HS", Code: "854142"}}, MassKg: 0.0122,
		Use: &footprint.UseProfile{AnnualKWh: 0.001, LifetimeYears: 1, Country: "CN", Factor: "ELEC-CN-NAT-CF-2024"},
	}
	s.Assemblies = nil
	s.BOM = []*footprint.BOMLine{{Name: "Silicon", Quantity: 0.0122, Unit: kg, Factor: "PV-MGSI-CN", Stage: "raw-materials"}}
	s.Electricity = []*footprint.ElectricityLine{{Name: "cell line", Quantity: 0.05, Unit: footprint.MustParseUnit("kWh"), Stage: "production", Factor: "ELEC-CN-NAT-CF-2024"}}
	s.Transport = s.Transport[:1]
	s.Transport[0].Name, s.Transport[0].Mass = "to the module maker", footprint.Quantity{Value: 0.0122, Unit: kg}
	s.EndOfLife = []*footprint.EndOfLifeLine{{Name: "with the module", Quantity: 0.0122, Unit: kg, Treatment: "incineration", Factor: "EOL-MSW-INCIN-CN"}}
}

// Red team 18: a PV cell certified under the electronics rule without
// the silicon processing that carries its footprint. The pv-module rule
// covers modules only (HS 854143, 854140); a cell (HS 854142) falls under
// electronics, which names no required part for HS 8541, so a cell made
// of "silicon" at the factor of metallurgical-grade silicon (11.3 kgCO2e/
// kg: before purification to polysilicon, ingot, wafer and cell
// processing) passes every check: 0.17 kgCO2e per cell, no warning at all,
// where the pinned set's own factor of the product, PV-CELL-MONO182 (HS
// 854142), is 1.59 kgCO2e per cell (the same study with the cell at that
// factor: 1.62). The certificate and its public label would state 0.17,
// nine times too little, on an empty review. A correct engine refuses it
// (a cell needs its rule's required part: polysilicon, wafer or cell
// factors, as pv-module asks of a module) or at least warns, naming the
// set's factor of the product's own code, as it warns of a supplier
// footprint below every factor of its product.
func TestRedteam18_PVCellUnderElectronicsWithoutItsSilicon(t *testing.T) {
	factors := seedtest.Factors(t)
	s := seedtest.Study(t, "laptop")
	cellUnderElectronics(s)
	r, err := footprint.Calculate(s, factors, nil)
	if err != nil {
		if f := footprint.ErrorField(err); footprint.ErrorCode(err) == footprint.EINVALID && (f == "rule" || f == "bom" || f == "product.product_codes") {
			return // refused
		}
		t.Fatalf("refused for another reason: %v", err)
	}
	honest := seedtest.Study(t, "laptop")
	cellUnderElectronics(honest)
	honest.BOM[0] = &footprint.BOMLine{Name: "Cell", Quantity: 1, Unit: footprint.MustParseUnit("piece"), MassKg: 0.0122, Factor: "PV-CELL-MONO182", Stage: "raw-materials"}
	hr, err := footprint.Calculate(honest, factors, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range r.Warnings {
		if strings.Contains(w.Message, "PV-CELL-MONO182") || strings.Contains(w.Message, "854142") {
			return // warned
		}
	}
	t.Fatalf("a PV cell (HS 854142) under electronics from metallurgical silicon: %.2f kgCO2e per cell (with the set's cell factor %.2f), %d warnings %v; want refused naming rule or bom, or a warning naming PV-CELL-MONO182",
		r.KgCO2e, hr.KgCO2e, len(r.Warnings), r.Warnings)
}

// Red team 18: a supplier's PACT v2 footprint of a part the rule does not
// require, classified by the one product code PACT v2 makes mandatory
// (productCategoryCpc), is never compared with the set's factors of the
// part: the seed set's materials carry HS codes, and a CPC code meets no HS
// code. The demo module's aluminium frame (3.1 kg, at PV-AL-PROFILE, HS
// 7604, 9.8 kgCO2e/kg) as an uploaded v2 footprint "Aluminium frame
// profile", productCategoryCpc 41532 (aluminium bars, rods and profiles),
// 1.4 kgCO2e/kg: the module goes from 157.3 to 131.1 kgCO2e (its
// encapsulant and backsheet counted at the average-plastics factor rather
// than exempted, so that the lowered total keeps the exempted share under
// the 5 % cut-off) with no warning at all. The study's floor for a supplier, its
// least-emitting material per kg, is the glass (1.36), below 1.4. The same
// footprint classified HS 7604, or with no code at all, is warned (below
// PV-AL-PROFILE; may stand for a required part). A correct engine warns
// here too, comparing with the set's factors of the part the line stands
// for (the factor a CPC code corresponds to, or the factors of the BOM
// line's own material), or warns that the code meets no factor of the set.
func TestRedteam18_PACTFramePerCPCIsNeverCompared(t *testing.T) {
	doc := []byte(`{"id":"3d6c1e2a-7b4f-4c8e-9a1d-2f5e6b7c8d9e","specVersion":"2.3.0","version":1,"created":"2026-01-15T00:00:00Z","status":"Active",
 "companyName":"Frame Co.","productNameCompany":"Aluminium frame profile","productCategoryCpc":"41532",
 "pcf":{"declaredUnit":"kilogram","pCfExcludingBiogenic":"1.4","characterizationFactors":"AR6","ipccCharacterizationFactorsSources":["AR6"],"fossilGhgEmissions":"1.4",
  "referencePeriodStart":"2025-01-01T00:00:00Z","referencePeriodEnd":"2026-01-01T00:00:00Z"}}`)
	sup, err := pact.ParseSupplier(doc)
	if err != nil {
		t.Fatal(err)
	}
	sp := sup.Footprint
	hr, r := seedtest.ModuleWithFrame(t, sp)
	for _, w := range r.Warnings {
		if strings.HasPrefix(w.Path, "bom[0].children[1]") {
			return // warned
		}
	}
	t.Fatalf("frame as a PACT v2 footprint of CPC %v at 1.4 kgCO2e/kg (the set's PV-AL-PROFILE 9.8): module %.2f → %.2f kgCO2e, no warning on the line (warnings %v)",
		sp.ProductCodes, hr.KgCO2e, r.KgCO2e, r.Warnings)
}
