package footprint_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

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
 "pcf":{"declaredUnit":"kilogram","pCfExcludingBiogenic":"1.4","fossilGhgEmissions":"1.4",
  "referencePeriodStart":"2025-01-01T00:00:00Z","referencePeriodEnd":"2026-01-01T00:00:00Z"}}`)
	sup, err := pact.ParseSupplier(doc)
	if err != nil {
		t.Fatal(err)
	}
	sp := sup.Footprint
	plastics := func(s *footprint.Study) {
		for _, c := range s.BOM[0].Children[2:4] { // encapsulant, backsheet
			c.Exempt, c.Factor = nil, "MAT-PLASTIC-AVG-DESNZ"
		}
	}
	factors := seedtest.Factors(t)
	honest := seedtest.Study(t, "pv-module")
	plastics(honest)
	hr, err := footprint.Calculate(honest, factors, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := seedtest.Study(t, "pv-module")
	plastics(s)
	s.BOM[0].Children[1].Factor, s.BOM[0].Children[1].Supplier = "", sp.ID
	r, err := footprint.Calculate(s, factors, map[string]*footprint.SupplierFootprint{sp.ID: sp})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range r.Warnings {
		if strings.HasPrefix(w.Path, "bom[0].children[1]") {
			return // warned
		}
	}
	t.Fatalf("frame as a PACT v2 footprint of CPC %v at 1.4 kgCO2e/kg (the set's PV-AL-PROFILE 9.8): module %.2f → %.2f kgCO2e, no warning on the line (warnings %v)",
		sp.ProductCodes, hr.KgCO2e, r.KgCO2e, r.Warnings)
}
