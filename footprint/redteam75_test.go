package footprint_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 75 (session 46): the flatterer.

// paneOf returns the demo module (exempted lines counted) with its front
// glass as the glass of a pane, a line of 1 m² of glass pane per m² of
// module with scrapPct of scrap (panes broken or cut to size), and its
// aluminium frame at frameKg a m² (0: left out).
func paneOf(t *testing.T, scrapPct, frameKg float64) *footprint.Study {
	t.Helper()
	s := countedStudy(t, "pv-module")
	m := s.BOM[0]
	if m.Children[0].Factor != "PV-GLASS-FLOAT" || m.Children[1].Factor != "PV-AL-PROFILE" {
		t.Fatalf("bom[0].children[0:2] are %s and %s, not the glass and the frame", m.Children[0].Factor, m.Children[1].Factor)
	}
	m.Children[0] = &footprint.BOMLine{Name: "Front glass pane", Quantity: 1, Unit: unit("m²"), ScrapPct: scrapPct, Children: []*footprint.BOMLine{m.Children[0]}}
	if frameKg > 0 {
		m.Children[1].Quantity = frameKg
	} else {
		m.Children = append(m.Children[:1], m.Children[2:]...)
	}
	return s
}

// Ensure the mass balance and the warning on parts left out (red team 59)
// weigh what the product holds, not what a line's scrap adds: a line's
// scrap_pct is input its parent loses, and a line with a sub-assembly
// passes it to its lines as a larger quantity, which the engine counted as
// mass of the product. Red team 75: the demo module (exempted lines
// counted, 157.29 kgCO2e) without its frame (3.09 kg, 12 % of its mass),
// its front glass put in a "pane" line with 12 % scrap (2.71 kg of glass
// more), was accepted at 130.52 kgCO2e (−17 %) with only the product-floor
// warning the demo module carries anyway; its frame at 0.6 kg a m² (1.91 kg
// left out, red team 59's case) beside 12 % of pane scrap at 142.1, with no
// word.
func TestRedteam75_ScrapOfAParentLineWeighsAsProduct(t *testing.T) {
	const unlisted = "cut-off limit of rule pv-module, and no exempted line states them"
	honest := paneOf(t, 12, 1.57996)
	res, err := footprint.Calculate(honest, seedtest.Factors(t), nil)
	if err != nil {
		t.Fatalf("the demo module with 12 %% of pane scrap: %v", err)
	}
	if hasWarning(res, "bom", unlisted) {
		t.Fatalf("the demo module with 12 %% of pane scrap is warned of parts left out: %+v", res.Warnings)
	}

	s := paneOf(t, 12, 0)
	res, err = footprint.Calculate(s, seedtest.Factors(t), nil)
	if err == nil {
		t.Logf("without its frame, 12 %% of pane scrap: %.2f kgCO2e, accepted", res.KgCO2e)
	}
	checkRefused(t, "without its frame, 12 % of pane scrap", res, err, "declared_unit", "scrap")
	if !hasHan(err.Error()) {
		t.Errorf("the refusal has no Chinese: %v", err)
	}

	// Through a named sub-assembly, used once and used twice (two halves).
	for _, uses := range []int{1, 2} {
		s := paneOf(t, 0, 0)
		pane := s.BOM[0].Children[0]
		s.Assemblies = []*footprint.Assembly{{ID: "pane", Name: "glass pane", Amount: 1, Unit: unit("m²"), Lines: pane.Children}}
		s.BOM[0].Children[0] = &footprint.BOMLine{Name: "Front glass pane", Quantity: 1 / float64(uses), Unit: unit("m²"), ScrapPct: 12, Assembly: "pane"}
		if uses == 2 {
			s.BOM[0].Children = append(s.BOM[0].Children, &footprint.BOMLine{Name: "Front glass pane, other half", Quantity: 0.5, Unit: unit("m²"), ScrapPct: 12, Assembly: "pane"})
		}
		res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
		checkRefused(t, "without its frame, a pane sub-assembly used with 12 % scrap", res, err, "declared_unit", "scrap")
	}

	// Within the mass balance, the parts left out are warned of.
	s = paneOf(t, 12, 0.6)
	res, err = footprint.Calculate(s, seedtest.Factors(t), nil)
	checkWarned(t, "frame at 0.6 kg a m², 12 % of pane scrap", res, err, "bom", unlisted, "25.86 kg", "(7.4 %)") // 9.95 % before the demo weighed its cells (red team 81)
	checkWarningsZH(t, res)
}

// Ensure a bill of materials held up by lines on packaging factors, counted
// as parts of the product, is named: packaging listed as packaging does not
// count toward the mass balance (red team 24), but a line of the bill of
// materials on a packaging factor did, at a packaging factor's price. Red
// team 75: the demo module (exempted lines counted, 157.29 kgCO2e) with its
// aluminium frame (3.09 kg, PV-AL-PROFILE at 9.8 kgCO2e/kg) replaced by as
// much containerboard ("frame corner protectors", PKG-BOARD-CN at 0.418)
// was 128.03 kgCO2e (−18.6 %) with only the product-floor warning the demo
// module carries anyway: the bill of materials still weighed 97.5 % of the
// module. The engine now warns at bom when the lines on packaging factors
// weigh more than the rule's cut-off limit of the product's mass, as it
// warns of parts left out unstated (red team 59). A paper label is not.
func TestRedteam75_PackagingFactorHoldsUpTheMassBalance(t *testing.T) {
	const msg = "on packaging factors"
	s := countedStudy(t, "pv-module")
	frame := s.BOM[0].Children[1]
	if frame.Factor != "PV-AL-PROFILE" {
		t.Fatalf("bom[0].children[1] is %s, not the frame", frame.Factor)
	}
	frame.Name, frame.Factor, frame.ScrapPct = "Frame corner protectors (board)", "PKG-BOARD-CN", 0
	res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
	if err == nil {
		t.Logf("the frame as containerboard: %.2f kgCO2e", res.KgCO2e)
	}
	checkWarned(t, "the frame as containerboard", res, err, "bom", msg, "bom[0].children[1]", "PKG-BOARD-CN", "3.085 kg", "11.93 %")
	checkWarningsZH(t, res)

	// Through a shared sub-assembly, used by two lines of half the frame.
	s = countedStudy(t, "pv-module")
	frame = s.BOM[0].Children[1]
	frame.Factor = "PKG-BOARD-CN"
	s.Assemblies = []*footprint.Assembly{{ID: "rail", Name: "rail", Amount: 1, Unit: unit("m²"), Lines: []*footprint.BOMLine{frame}}}
	s.BOM[0].Children[1] = &footprint.BOMLine{Name: "long rails", Quantity: 0.5, Unit: unit("m²"), Assembly: "rail"}
	s.BOM[0].Children = append(s.BOM[0].Children, &footprint.BOMLine{Name: "short rails", Quantity: 0.5, Unit: unit("m²"), Assembly: "rail"})
	res, err = footprint.Calculate(s, seedtest.Factors(t), nil)
	checkWarned(t, "the frame as containerboard rails", res, err, "bom", msg, "assemblies[0].lines[0]")

	// A label of paper is a part of the product, and weighs little.
	l := countedStudy(t, "laptop")
	l.BOM = append(l.BOM, &footprint.BOMLine{Name: "Rating label and manual", Quantity: 0.05, Unit: unit("kg"), Factor: "PKG-BOARD-CN"})
	res, err = footprint.Calculate(l, seedtest.Factors(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if hasWarning(res, "bom", msg) {
		t.Fatalf("50 g of paper in a laptop is warned: %+v", res.Warnings)
	}
}
