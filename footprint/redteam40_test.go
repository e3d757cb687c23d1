package footprint_test

import (
	"fmt"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 40 (session 35): flattering numbers on a valid certificate.

// glassFootprint is a glass maker's PACT 2 footprint of tempered solar
// glass per unit (kilogram or square meter), of UN CPC code cpc and
// classified codes (PACT URNs), at figure kgCO2e per unit.
func glassFootprint(t *testing.T, unit, figure, cpc string, codes ...string) *footprint.SupplierFootprint {
	t.Helper()
	cls := ""
	for i, c := range codes {
		if i > 0 {
			cls += ","
		}
		cls += `"` + c + `"`
	}
	doc := []byte(`{"id":"7e0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d","specVersion":"2.3.0","version":1,"created":"2026-01-15T00:00:00Z","status":"Active",
 "companyName":"Solar Glass Co.","productNameCompany":"SG-32 tempered solar glass","productCategoryCpc":"` + cpc + `","productClassifications":[` + cls + `],
 "pcf":{"declaredUnit":"` + unit + `","pCfExcludingBiogenic":"` + figure + `","fossilGhgEmissions":"` + figure + `",
  "referencePeriodStart":"2025-01-01T00:00:00Z","referencePeriodEnd":"2026-01-01T00:00:00Z"}}`)
	sup, err := pact.ParseSupplier(doc)
	if err != nil {
		t.Fatal(err)
	}
	return sup.Footprint
}

// Ensure a module's glass counts for the glass-module warning on its area
// however the bill of materials takes it: a factor of glass, or a
// supplier's footprint of glass (HS 7005, 7007, CPC 3711) in a mass or
// another unit.
// Before, only factor lines counted, so the demo module declared on 4.3 m²
// (6.01 kg/m²) with its front glass as the glass maker's PACT footprint at
// the set's own figure gave 37.1 kgCO2e per m² instead of 80.6 with no
// warning (TestRedteam40_GlassFromASupplierHidesAnInflatedArea); a
// footprint classified only by the CPC code PACT 2 makes mandatory likewise,
// as did every glass factor of CPCD-2026.03
// (TestRedteam40_CPCDGlassHidesAnInflatedArea). A supplier of something
// else does not.
func TestRedteam40_GlassFromASupplier(t *testing.T) {
	const hs7007 = "urn:pact:wcoomd.org:hs-code:700719"
	for _, tt := range []struct {
		name       string
		unit, qty  string // the footprint's declared unit, the line's unit
		q          float64
		cpc        string
		codes      []string
		warned     bool
		onTrueArea bool
	}{
		{name: "per kg, HS 700719", unit: "kilogram", qty: "kg", q: 10.1769, cpc: "37115", codes: []string{hs7007}, warned: true},
		{name: "per m², HS 700719", unit: "square meter", qty: "m²", q: 1, cpc: "37115", codes: []string{hs7007}, warned: true},
		{name: "on the module's own area", unit: "kilogram", qty: "kg", q: 10.1769, cpc: "37115", codes: []string{hs7007}, onTrueArea: true},
		{name: "CPC 37115 only", unit: "kilogram", qty: "kg", q: 10.1769, cpc: "37115", warned: true},
		{name: "of no glass code", unit: "kilogram", qty: "kg", q: 10.1769, cpc: "36490", codes: []string{"urn:pact:wcoomd.org:hs-code:392690"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			figure := "1.475"
			if tt.unit == "square meter" {
				figure = "15" // 10.18 kg of glass a m² of module at 1.475
			}
			sp := glassFootprint(t, tt.unit, figure, tt.cpc, tt.codes...)
			s := countedStudy(t, "pv-module")
			glass := s.BOM[0].Children[0]
			glass.Factor, glass.Supplier, glass.Quantity, glass.Unit = "", sp.ID, tt.q, unit(tt.qty)
			if tt.qty == "m²" {
				glass.MassKg = 10.1769 // weighed, for the mass balance
			}
			// A fastener of recycled aluminium keeps the glass above the study's least-emitting material.
			s.BOM = append(s.BOM, &footprint.BOMLine{Name: "fasteners", Quantity: 0.005, Unit: unit("kg"), Factor: "PV-AL-RECYCLED"})
			if !tt.onTrueArea {
				s.Product.AreaM2 = 4.3
			}
			res, err := footprint.Calculate(s, seedtest.Factors(t), map[string]*footprint.SupplierFootprint{sp.ID: sp})
			if err != nil {
				t.Fatal(err)
			}
			if got := hasWarning(res, "product.area_m2", "holds glass"); got != tt.warned {
				t.Errorf("warned at product.area_m2 = %v, want %v (%.2f kgCO2e, warnings %v)", got, tt.warned, res.KgCO2e, res.Warnings)
			}
		})
	}
	// Nor does a line of glass of no quantity.
	s := countedStudy(t, "pv-module")
	s.Product.AreaM2 = 4.3
	sp := glassFootprint(t, "kilogram", "1.475", "37115", hs7007)
	s.BOM[0].Children[0].Factor = "MAT-PLASTIC-AVG-DESNZ" // the glass's mass, in another material
	s.BOM = append(s.BOM, &footprint.BOMLine{Name: "glass spacer", Quantity: 0, Unit: unit("kg"), Supplier: sp.ID})
	res, err := footprint.Calculate(s, seedtest.Factors(t), map[string]*footprint.SupplierFootprint{sp.ID: sp})
	if err != nil || hasWarning(res, "product.area_m2", "holds glass") {
		t.Errorf("0 kg of glass: %v, %v", err, fmt.Sprint(res.Warnings))
	}
}

// Ensure radar, radio navigation and radio remote control apparatus (HS
// 8526), electronic calculators (HS 847010, 847021, 847029) and
// solid-state storage devices (HS 852351) need their circuit boards, as
// the other classes that always carry them (red team 9): the demo laptop's
// inventory without its board went from 185.4 to 119.4 kgCO2e under any of
// these codes (TestRedteam40_RadioApparatusWithoutItsBoards). A mechanical
// calculating machine (HS 847030) may have none.
func TestRedteam40_BoardsOfRadioApparatusCalculatorsAndStorage(t *testing.T) {
	checkBoardsRequired(t, []string{"852610", "852691", "852692", "847010", "847021", "847029", "852351"}, "847030")
}

// Ensure a PV module whose cells are counted only as the wafers or
// polysilicon they are made of is warned: their factors stop before the
// cell, so the study's own electricity must make them
// (TestRedteam40_CellsCountedAsTheirSilicon: the demo module at 94.05
// kgCO2e with its cells as 0.66 kg of polysilicon, 157.29 with them). Cells
// counted as cells, or beside the silicon, are not.
func TestRedteam40_CellsCountedAsWhatTheyAreMadeFrom(t *testing.T) {
	const msg = "counted only as what they are made from"
	for _, tt := range []struct {
		factor, unit string
		q            float64
		warned       bool
	}{
		{"PV-CELL-MONO182", "piece", 54, false},
		{"PV-WAFER-MONO182", "piece", 54, true},
		{"PV-GRANSI-CN", "kg", 0.66, true},
	} {
		s := countedStudy(t, "pv-module")
		s.BOM[1].Factor, s.BOM[1].Unit, s.BOM[1].Quantity = tt.factor, unit(tt.unit), tt.q
		res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.factor, err)
		}
		if got := hasWarning(res, "bom", msg, tt.factor, "6.483 kWh per declared unit"); got != tt.warned {
			t.Errorf("cells as %v %s of %s (%.2f kgCO2e): warned %v, want %v (%v)", tt.q, tt.unit, tt.factor, res.KgCO2e, got, tt.warned, res.Warnings)
		}
	}
	// Half the cells bought, half made of wafers on the site: not warned.
	s := countedStudy(t, "pv-module")
	s.BOM[1].Quantity = 27
	s.BOM = append(s.BOM, &footprint.BOMLine{Name: "wafers", Quantity: 27, Unit: unit("piece"), Factor: "PV-WAFER-MONO182"})
	if res, err := footprint.Calculate(s, seedtest.Factors(t), nil); err != nil || hasWarning(res, "bom", msg) {
		t.Errorf("27 cells and 27 wafers: %v %v", err, res.Warnings)
	}
}

// The cells bought as a supplier's footprint of polysilicon (HS 280461):
// 0.66 kg at 30 kgCO2e/kg gave the demo module 91.23 kgCO2e (157.29 with
// its cells) with only the warning that a supplier footprint is taken to
// hold the cells, not the one a polysilicon factor draws. A supplier's
// footprint of the cells themselves is not warned so.
func TestRedteam40_CellsAsASupplierFootprintOfTheirSilicon(t *testing.T) {
	const msg = "counted only as what they are made from"
	for _, tt := range []struct {
		code   string
		warned bool
	}{{"280461", true}, {"381800", true}, {"854142", false}} {
		s := countedStudy(t, "pv-module")
		id := "7c4154bc-0a1b-4c2d-8e3f-405162738495"
		sp := &footprint.SupplierFootprint{ID: id, Supplier: "Silicon Co.", Product: "silicon", ProductCodes: []footprint.ProductCode{{Scheme: "HS", Code: tt.code}},
			DeclaredUnit: footprint.MustParseUnit("kg"), KgCO2e: 30, Boundary: footprint.BoundaryCradleToGate, IssuedAt: s.ReferencePeriod.Start}
		s.BOM[1].Factor, s.BOM[1].Supplier, s.BOM[1].Unit, s.BOM[1].Quantity = "", id, unit("kg"), 0.66
		res, err := footprint.Calculate(s, seedtest.Factors(t), map[string]*footprint.SupplierFootprint{id: sp})
		if err != nil {
			t.Fatalf("HS %s: %v", tt.code, err)
		}
		if got := hasWarning(res, "bom", msg, "supplier footprint "+id+" at bom[1].supplier"); got != tt.warned {
			t.Errorf("cells as a supplier footprint of HS %s (%.2f kgCO2e): warned %v, want %v (%v)", tt.code, res.KgCO2e, got, tt.warned, res.Warnings)
		}
	}
}
