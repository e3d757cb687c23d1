package footprint_test

import (
	"slices"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 62 (session 44): the flatterer.

// panelID is the display panel maker's certificate red team 62's monitor
// buys its panel on.
const panelID = "5b7c2d1e-6f80-4a91-b2c3-d4e5f6a7b8c9"

// monitorWithPanel is the demo laptop's inventory (exempted lines counted)
// made a 0.5 m² monitor under the display rule (HS 852852), its display
// assembly replaced by a panel maker's certificate of an LCD panel
// (HS 852411) declared per m² of active area, 122.33 kgCO2e a m² (the
// panel red team 62 certified through the API: 6 kg of ELEC-DISP-GLASS and
// 100 kWh a m²), taken at m2 m² weighing 3 kg, and 2 kWh of assembly
// electricity.
func monitorWithPanel(t *testing.T, m2 float64) (*footprint.Study, map[string]*footprint.SupplierFootprint) {
	t.Helper()
	s := countedStudy(t, "laptop")
	s.Rule, s.Product.ProductCodes, s.Product.ActiveAreaM2 = "display", []footprint.ProductCode{{Scheme: "HS", Code: "852852"}}, 0.5
	if s.BOM[1].Assembly != "display-assembly" {
		t.Fatalf("bom[1] is %q, not the display assembly", s.BOM[1].Name)
	}
	s.Assemblies = nil
	s.BOM = slices.Delete(s.BOM, 1, 2)
	s.BOM = append(s.BOM,
		&footprint.BOMLine{Name: "LCD panel", Quantity: m2, Unit: unit("m²"), MassKg: 3 / m2, Supplier: panelID},
		&footprint.BOMLine{Name: "Cover glass", Quantity: 0.104, Unit: unit("kg"), Factor: "MAT-GLASS-FLAT-CN"})
	s.Product.MassKg = 2.041 - 0.302 + 3
	for _, leg := range s.Transport {
		leg.Mass.Value = s.Product.MassKg
	}
	s.EndOfLife[2].Quantity = s.Product.MassKg - 0.534
	s.Electricity = []*footprint.ElectricityLine{{Name: "assembly and test", Quantity: 2, Unit: unit("kWh"), Factor: "ELEC-CN-NAT-CF-2024"}}
	sp := &footprint.SupplierFootprint{ID: panelID, Supplier: "Demo Panel Co.", Product: "Demo LCD panel 32 inch",
		ProductCodes: []footprint.ProductCode{{Scheme: "HS", Code: "852411"}}, DeclaredUnit: unit("m²"), KgCO2e: 122.33,
		Boundary: footprint.BoundaryCradleToGate, IssuedAt: s.ReferencePeriod.Start}
	return s, map[string]*footprint.SupplierFootprint{panelID: sp}
}

// A display's panel bought on a supplier's footprint per m² counted for a
// tenth of the display's active area. Red team 62: the demo laptop's
// inventory as a 0.5 m² monitor with its panel from a panel maker's
// certificate per m² of active area (122.33 kgCO2e a m²), through the API:
// 239.07 kgCO2e with its 0.5 m² of panel, 184.02 (−23 %) with 0.05 m²
// "of 60 kg a m²" (a certificate signs no mass, so the line's mass_kg kept
// the mass balance), stored, applied for and issued with no word of it. A
// line of cells in a power unit is held to the module's rated power (red
// team 9); nothing held a panel's area to the display's. The engine now
// warns at the line's quantity when the supplier footprints per area of a
// product of the study's own rule (a display panel, or the product itself
// bought in) count less area per declared unit than the product has
// (product.active_area_m2 × pieces): a warning, not a refusal, since a
// projector under the display rule states the picture it throws as its
// active area, larger than its panel.
func TestRedteam62_PanelCountedForLessThanTheActiveArea(t *testing.T) {
	const msg = "less than the product's 0.5 m² per declared unit (product.active_area_m2 × pieces)"
	s, sup := monitorWithPanel(t, 0.5)
	full, err := footprint.Calculate(s, seedtest.Factors(t), sup)
	if err != nil {
		t.Fatal(err)
	}
	if hasWarning(full, "bom[6].quantity", msg) {
		t.Fatalf("the monitor with all its panel is warned: %+v", full.Warnings)
	}

	s, sup = monitorWithPanel(t, 0.05)
	res, err := footprint.Calculate(s, seedtest.Factors(t), sup)
	t.Logf("monitor with 0.5 m² of panel %.2f kgCO2e; with 0.05 m² %.2f", full.KgCO2e, res.KgCO2e)
	checkWarned(t, "0.05 m² of panel", res, err, "bom[6].quantity", msg, panelID, "0.05 m²", "HS:852411")
	checkWarningsZH(t, res)

	// In cm², and through a sub-assembly used twice.
	s, sup = monitorWithPanel(t, 0.05)
	s.BOM[6].Quantity, s.BOM[6].Unit, s.BOM[6].MassKg = 500, unit("cm²"), 0.006
	res, err = footprint.Calculate(s, seedtest.Factors(t), sup)
	checkWarned(t, "500 cm² of panel", res, err, "bom[6].quantity", msg)
	for _, each := range []float64{0.025, 0.25} {
		s, sup = monitorWithPanel(t, 0.5)
		panel := s.BOM[6]
		panel.Quantity, panel.MassKg = 1, 3/(2*each)
		s.Assemblies = []*footprint.Assembly{{ID: "half", Name: "half of the panel", Amount: 1, Unit: unit("piece"), Lines: []*footprint.BOMLine{panel}}}
		panel.Quantity = each
		s.BOM[6] = &footprint.BOMLine{Name: "left half", Assembly: "half", Quantity: 1, Unit: unit("piece")}
		s.BOM = append(s.BOM, &footprint.BOMLine{Name: "right half", Assembly: "half", Quantity: 1, Unit: unit("piece")})
		res, err = footprint.Calculate(s, seedtest.Factors(t), sup)
		if err != nil {
			t.Fatalf("two halves of %g m²: %v", each, err)
		}
		if got, want := hasWarning(res, "assemblies[0].lines[0].quantity", msg), each < 0.25; got != want {
			t.Errorf("two halves of %g m² each: warned %v, want %v (%+v)", each, got, want, res.Warnings)
		}
	}

	// The monitor itself bought in on a certificate per m², as a brand
	// relabels it: the same.
	s, sup = monitorWithPanel(t, 0.05)
	sup[panelID].ProductCodes = []footprint.ProductCode{{Scheme: "HS", Code: "852852"}}
	res, err = footprint.Calculate(s, seedtest.Factors(t), sup)
	checkWarned(t, "0.05 m² of a monitor", res, err, "bom[6].quantity", msg)

	// A film per m² is of another product: its area is not the display's.
	s, sup = monitorWithPanel(t, 0.05)
	sup[panelID].ProductCodes = []footprint.ProductCode{{Scheme: "HS", Code: "392099"}}
	if res, err = footprint.Calculate(s, seedtest.Factors(t), sup); err != nil {
		t.Fatal(err)
	} else if hasWarning(res, "bom[6].quantity", msg) {
		t.Fatalf("0.05 m² of a film is warned as the panel: %+v", res.Warnings)
	}
}
