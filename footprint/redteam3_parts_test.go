package footprint_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure a crystalline-silicon PV module is not certified without its
// cells. The bill of materials needs only 90 % of the product's mass, and
// cells are about 3 % of a module's mass and more than half of its
// footprint: the demo module with its 54 cells left out went from 157 to
// 71 kgCO2e (-55 %), with no error and no warning. The PV module guideline
// the rule follows lists the cells (and the wafer and polysilicon they are
// made of) in stage A1 (reference/standards.md §2.3), and the rule covers
// crystalline-silicon modules only, so their cells are a part every study
// under it has: the rule names them by HS code (required_parts), and a
// study without a counted line of them is refused naming bom. A token
// quantity (one cell of 54) is warned: the cells then weigh less in the
// total than the rule lets a study cut off.
func TestRedteam3_PVModuleWithoutCells(t *testing.T) {
	t.Run("left-out", func(t *testing.T) {
		s := seedtest.Study(t, "pv-module")
		countExemptedInFull(s)
		s.BOM = s.BOM[:1]
		res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
		if err == nil {
			t.Fatalf("module without cells: %.1f kgCO2e, no error", res.KgCO2e)
		}
		if footprint.ErrorField(err) != "bom" || !strings.Contains(footprint.ErrorMessage(err), "cells") {
			t.Fatalf("refused, but not naming bom and the cells: %v", err)
		}
	})
	t.Run("exempted", func(t *testing.T) {
		s := seedtest.Study(t, "pv-module")
		countExemptedInFull(s)
		s.BOM[1].Factor, s.BOM[1].MassKg = "", 0.0113
		s.BOM[1].Exempt = &footprint.Exemption{Reason: "bought in", ScreeningFactor: "PV-WAFER-MONO182"}
		if _, err := footprint.Calculate(s, seedtest.Factors(t), nil); footprint.ErrorField(err) != "bom" {
			t.Fatalf("cells exempted: %v, want a refusal naming bom", err)
		}
	})
	t.Run("token", func(t *testing.T) {
		s := seedtest.Study(t, "pv-module")
		countExemptedInFull(s)
		s.BOM[1].Quantity = 1
		res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range res.Warnings {
			if w.Path == "bom" && strings.Contains(w.Message, "cells") {
				return
			}
		}
		t.Fatalf("one cell for a 54-cell module: %.1f kgCO2e, no warning: %+v", res.KgCO2e, res.Warnings)
	})
	t.Run("supplied", func(t *testing.T) {
		// Cells bought with a supplier's footprint: the certifier is told
		// the cells are taken to be in it (the result lists its product).
		const ref = "cert:CDPCF-2026-000001"
		res, err := calcSuppliedCells(t, 0, footprint.SupplierFootprint{ID: ref, Product: "junction box", KgCO2e: 1.5})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range res.Warnings {
			if w.Path == "bom" && strings.Contains(w.Message, "required part") && strings.Contains(w.Message, "supplier footprint") {
				return
			}
		}
		t.Fatalf("cells only in a supplier footprint of a junction box: no warning: %+v", res.Warnings)
	})
	// The demo module, its cells in the bill of materials, passes unwarned.
	s := seedtest.Study(t, "pv-module")
	res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range res.Warnings {
		if strings.Contains(w.Message, "required part") {
			t.Errorf("demo module warned: %+v", w)
		}
	}
}

// Ensure a computer is not certified without its circuit boards. The
// demo laptop without its "Circuit boards (178 g)" (the main logic board,
// ELEC-MOBO, 66 kgCO2e) went from 185 to 119 kgCO2e (-36 %), within the
// mass balance, with no warning. A computer (HS 8471) is made of its
// printed circuit board assembly: the electronics rule names it for them
// (required_parts, for_products HS:8471), and other products of the rule's
// chapters 84 and 85 (a fan, a charger) need none.
func TestRedteam3_ComputerWithoutBoards(t *testing.T) {
	s := seedtest.Study(t, "laptop")
	countExemptedInFull(s)
	i := slices.IndexFunc(s.BOM, func(l *footprint.BOMLine) bool { return strings.HasPrefix(l.Name, "Circuit boards") })
	if i < 0 {
		t.Fatal("the demo laptop has no circuit boards")
	}
	s.BOM = slices.Delete(s.BOM, i, i+1)
	res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
	if err == nil {
		t.Fatalf("laptop without circuit boards: %.1f kgCO2e, no error", res.KgCO2e)
	}
	if footprint.ErrorField(err) != "bom" || !strings.Contains(footprint.ErrorMessage(err), "circuit boards") {
		t.Fatalf("refused, but not naming bom and the circuit boards: %v", err)
	}
	// A product of the rule that is not a computer needs no boards.
	s.Product.ProductCodes = []footprint.ProductCode{{Scheme: "HS", Code: "850440"}}
	if _, err := footprint.Calculate(s, seedtest.Factors(t), nil); err != nil {
		t.Fatalf("a power supply (HS:850440) without circuit boards: %v", err)
	}
}
