package factordb_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure the study service calculates with the set's factors of the
// study's own product (footprint.ComparisonCodes), with or without a
// supplier, so that a result below every factor of its product is warned
// when the study is stored and when its application recalculates it (red
// team 18): a PV cell (HS 854142) under electronics of 12.2 g of
// metallurgical silicon, 0.17 kgCO2e, where the set's PV-CELL-MONO182 is
// 1.59 per piece. Until now the service passed them only to a study with
// a supplier, so the engine saw no factor of the cell.
func TestStudyService_ResultBelowTheSetsFactorOfItsProduct(t *testing.T) {
	s := MustOpenWithOrgs(t)
	kg := footprint.MustParseUnit("kg")
	st := seedtest.Study(t, "laptop")
	st.Owner = orgMaker
	st.Product = footprint.Product{Name: "Mono-Si solar cell M10 182 mm", Model: "CELL-M10", Manufacturer: orgMaker, Site: "Meishan, Sichuan",
		ProductCodes: []footprint.ProductCode{{Scheme: "HS", Code: "854142"}}, MassKg: 0.0122,
		Use: &footprint.UseProfile{AnnualKWh: 0.001, LifetimeYears: 1, Country: "CN", Factor: "ELEC-CN-NAT-CF-2024"}}
	st.Assemblies = nil
	st.BOM = []*footprint.BOMLine{{Name: "Silicon", Quantity: 0.0122, Unit: kg, Factor: "PV-MGSI-CN", Stage: "raw-materials"}}
	st.Electricity = []*footprint.ElectricityLine{{Name: "cell line", Quantity: 0.05, Unit: footprint.MustParseUnit("kWh"), Stage: "production", Factor: "ELEC-CN-NAT-CF-2024"}}
	st.Transport = st.Transport[:1]
	st.Transport[0].Mass = footprint.Quantity{Value: 0.0122, Unit: kg}
	st.EndOfLife = []*footprint.EndOfLifeLine{{Name: "with the module", Quantity: 0.0122, Unit: kg, Treatment: "incineration", Factor: "EOL-MSW-INCIN-CN"}}
	warned := func(res *footprint.Result) bool {
		return slices.ContainsFunc(res.Warnings, func(w footprint.Warning) bool {
			return w.Path == "product.product_codes" && strings.Contains(w.Message, "the lowest, PV-CELL-MONO182, is 1.59 kgCO2e per declared unit")
		})
	}
	res, err := s.studies.CalculateStudy(asOrg(orgMaker), st)
	if err != nil {
		t.Fatal(err)
	}
	if !warned(res) {
		t.Fatalf("calculated: %.3f kgCO2e, no warning of PV-CELL-MONO182: %+v", res.KgCO2e, res.Warnings)
	}
	if _, err := s.studies.CreateStudy(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	if !warned(st.Result) {
		t.Fatalf("stored: no warning of PV-CELL-MONO182: %+v", st.Result.Warnings)
	}
	s.mustApplyFor(t, st) // the application's recalculation gives the same warnings
}
