package footprint_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Reviewer 55 (session 55): rt55's wafer bound on a cell's declared mass
// read only a factor's line in pieces. The same 45 g cells from a
// supplier's footprint of HS 854142 (the demo's cells at PV-CELL-MONO182's
// figure, per piece or per m² of its 182 mm cell), with the 1.77 kg they
// add taken off the frame, gave rt55's 132.75 kgCO2e with no word at their
// mass_kg: the mass balance's warning that the honest cells draw was gone.
func TestReviewer55_SupplierCellsHeavierThanTheirWafer(t *testing.T) {
	factors := seedtest.Factors(t)
	const cell = 0.033124 // the rule's cell_m2 of PV-CELL-MONO182
	perPiece := factors["PV-CELL-MONO182"].Value
	for _, c := range []struct {
		name, unit, code string
		q, kg, massKg    float64
		warned           bool
		wantM2           string
	}{
		{name: "45 g cells in pieces", unit: "piece", code: "854142", q: 54, kg: perPiece, massKg: 0.045, warned: true, wantM2: "0.0484"}, // a piece of the largest wafer: 33.8 g
		{name: "45 g cells in m²", unit: "m²", code: "854142", q: 54 * cell, kg: perPiece / cell, massKg: 0.045 / cell, warned: true, wantM2: "1"},
		{name: "the demo's 12.2 g cells in pieces", unit: "piece", code: "854142", q: 54, kg: perPiece, massKg: 0.0122121},
		{name: "the demo's 12.2 g cells in m²", unit: "m²", code: "854142", q: 54 * cell, kg: perPiece / cell, massKg: 0.0122121 / cell},
		{name: "a module's certificate (HS 854143) in pieces", unit: "piece", code: "854143", q: 54, kg: perPiece, massKg: 0.045},
	} {
		s := seedtest.Study(t, "pv-module")
		s.BOM[0].Children[2].Exempt.ScreeningFactor = "MAT-PP-CN"
		s.BOM[0].Children[1].Quantity = 0.682242 // rt55's frame, cut by the 1.77 kg 45 g cells add
		id := "7c4154bc-0a1b-4c2d-8e3f-405162738495"
		sp := &footprint.SupplierFootprint{ID: id, Supplier: "Cell Co.", Product: "cell", ProductCodes: []footprint.ProductCode{{Scheme: "HS", Code: c.code}},
			DeclaredUnit: footprint.MustParseUnit(c.unit), KgCO2e: c.kg, Boundary: footprint.BoundaryCradleToGate, IssuedAt: s.ReferencePeriod.Start}
		s.BOM[1].Factor, s.BOM[1].Supplier, s.BOM[1].Unit, s.BOM[1].Quantity, s.BOM[1].MassKg = "", id, footprint.MustParseUnit(c.unit), c.q, c.massKg
		res, err := footprint.Calculate(s, factors, map[string]*footprint.SupplierFootprint{id: sp})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		warned := hasWarning(res, "bom[1].mass_kg", "cells of "+c.wantM2+" m² (one unit of this line) are declared at")
		if got := hasWarning(res, "bom[1].mass_kg"); got != c.warned || got && !warned {
			t.Errorf("%s (%.2f kgCO2e): warned %v at bom[1].mass_kg, want %v naming %s m²: %v", c.name, res.KgCO2e, got, c.warned, c.wantM2, res.Warnings)
		}
		if c.warned {
			checkWarningsZH(t, res)
		}
	}
}
