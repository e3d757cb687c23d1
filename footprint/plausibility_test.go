package footprint_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// The tests of this file ensure the engine refuses, or warns the
// certifier's review of, a study that makes its product look lighter than
// it is: credits beyond the product's mass, a PV yield no module reaches,
// token lines for required stages, a cut-off screened below its mass, a
// part the rule requires left out.

// Ensure an end-of-life recycling credit cannot claim more material than
// the product has. Lines counted in the total must account for the
// product's mass (docs/integrity.md §9), but credit lines are not checked
// at all: the demo laptop (2.041 kg) with 500 kg of aluminium credited
// reports credits of -4060.4 kgCO2e (share -2268 %) in its result, its
// CSV and the workbench, with no warning. Credits are reported apart,
// never netted, but they are shown, and a manufacturer can quote them.
func TestRedteam_CreditsBeyondProductMass(t *testing.T) {
	s := seedtest.Study(t, "laptop")
	var credit *footprint.EndOfLifeLine
	for _, l := range s.EndOfLife {
		if strings.HasPrefix(l.Factor, "EOL-CREDIT-") {
			credit = l
		}
	}
	if credit == nil {
		t.Fatal("the demo laptop has no credit line")
	}
	credit.Quantity = 500
	if res, ok := refusedOrWarned(t, s, "end_of_life[", "mass"); !ok {
		t.Fatalf("500 kg credited for a %g kg product: credits %g kgCO2e, no error or warning", s.Product.MassKg, res.CreditsKgCO2e)
	}
}

// Ensure the per-kWh scenario of a PV module stays within what a PV
// module can generate. The yield limit is the hours of a year (8760
// kWh/kWp, a capacity factor of 100 %), and lifetime up to 100 years with
// no degradation is accepted: the demo module's per-kWh figure falls from
// 0.0132 to 0.000395 kgCO2e/kWh (33 times lower) with no warning, while
// its source still cites 975 kWh/kWp over 30 years. The scenario is not on
// the certificate, but it is in the result, its CSV and the workbench.
func TestRedteam_PVScenarioPhysicallyPossible(t *testing.T) {
	s := seedtest.Study(t, "pv-module")
	s.PVScenario.SpecificYieldKWhPerKWp, s.PVScenario.LifetimeYears, s.PVScenario.DegradationPctPerYear = 8760, 100, 0
	if _, ok := refusedOrWarned(t, s, "pv_scenario", ""); !ok {
		t.Fatalf("a yield of 8760 kWh/kWp over 100 years passed without a warning")
	}
}

// Ensure a required stage is not satisfied, silently, by a token line.
// docs/integrity.md §3 says required stages need real lines and §9 closed
// token lines for end of life and distribution (they must carry the
// product's mass), but production energy (pv-module B2) and inbound
// transport (A3) take any positive quantity: 1 mWh of module-line
// electricity and 1 g carried 1 km satisfy both stages without an error
// or a warning that the certifier's review would list.
func TestRedteam_TokenRequiredStageLines(t *testing.T) {
	s := seedtest.Study(t, "pv-module")
	s.Electricity[0].Quantity = 1e-6
	s.Transport = s.Transport[:1]
	s.Transport[0].Mass.Value, s.Transport[0].Distance.Value = 0.001, 1
	res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
	if err != nil {
		return // refused: the stage needs a real line
	}
	var elec, tr bool
	for _, w := range res.Warnings {
		// The instrument's "more than this line uses" warning is not one.
		elec = elec || w.Path == "electricity[0]" || strings.HasPrefix(w.Path, "electricity[0].quantity")
		tr = tr || strings.HasPrefix(w.Path, "transport[0]")
	}
	if !elec || !tr {
		t.Fatalf("token lines for required stages passed (electricity warned: %v, transport warned: %v); total %g", elec, tr, res.KgCO2e)
	}
}

// Ensure a cut-off cannot drop a fifth of a product unseen by screening it
// with a cheap factor. When every exempted line has a screening factor,
// the cut-off is judged on the screening estimate alone, and any material
// factor screens any line: the demo module with its aluminium frame
// (3.1 kg, 30 kgCO2e) exempted "supplied by the customer" and screened,
// like the encapsulant and backsheet, with recycled aluminium
// (PV-AL-RECYCLED, 0.72 kgCO2e/kg) or cardboard (PKG-BOARD-CN) goes from
// 150 to 120 kgCO2e (-20 %), its exempted share stated as 3.1 % (1.8 %) of
// emissions while the exempted lines are 20.5 % of the product's mass, and
// the result carries no warning the certifier's review would list.
func TestRedteam2_CutOffScreenedBelowItsMass(t *testing.T) {
	for _, screen := range []string{"PV-AL-RECYCLED", "PKG-BOARD-CN"} {
		t.Run(screen, func(t *testing.T) {
			s := seedtest.Study(t, "pv-module")
			frame := s.BOM[0].Children[1]
			frame.Factor = ""
			frame.Exempt = &footprint.Exemption{Reason: "frame supplied by the customer", ScreeningFactor: screen}
			for _, l := range s.BOM[0].Children {
				if l.Exempt != nil {
					l.Exempt.ScreeningFactor = screen
				}
			}
			if res, ok := refusedOrWarned(t, s, "bom", "mass"); !ok {
				t.Fatalf("%.1f %% of the product's mass cut off, stated as %.2f %% of emissions: total %.1f kgCO2e, no error or warning",
					res.ExemptedMassPct, res.ExemptedPct, res.KgCO2e)
			}
		})
	}
}

// Ensure an exempted line given in pieces and weighed with mass_kg counts
// in the cut-off's share by mass (review): the demo module's frame as "1
// piece" of its mass, exempted and screened with a per-piece factor, was
// left out of the exempted mass (0 %), so the warning above did not see it.
func TestRedteam2_CutOffPiecesWeighedByMass(t *testing.T) {
	s := countedStudy(t, "pv-module")
	frame := s.BOM[0].Children[1]
	frame.Quantity, frame.MassKg, frame.Unit = 1, frame.Quantity, footprint.MustParseUnit("piece")
	frame.Factor = ""
	frame.Exempt = &footprint.Exemption{Reason: "frame supplied by the customer", ScreeningFactor: "PV-WAFER-MONO182"}
	res := MustCalculate(t, s, seedtest.Factors(t), nil)
	if !hasWarning(res, "bom", "of product mass, over the") {
		t.Fatalf("frame in pieces: exempted mass %.1f %%, stated as %.2f %% of emissions: total %.1f kgCO2e, no cut-off warning (%+v)",
			res.ExemptedMassPct, res.ExemptedPct, res.KgCO2e, res.Warnings)
	}
}

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
		s := countedStudy(t, "pv-module")
		s.BOM = s.BOM[:1]
		res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
		checkRefused(t, "module without cells", res, err, "bom", "cells")
	})
	t.Run("exempted", func(t *testing.T) {
		s := countedStudy(t, "pv-module")
		s.BOM[1].Factor, s.BOM[1].MassKg = "", 0.0113
		s.BOM[1].Exempt = &footprint.Exemption{Reason: "bought in", ScreeningFactor: "PV-WAFER-MONO182"}
		res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
		checkRefused(t, "cells exempted", res, err, "bom", "")
	})
	t.Run("token", func(t *testing.T) {
		s := countedStudy(t, "pv-module")
		s.BOM[1].Quantity = 1
		res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
		checkRefused(t, "one cell for a 54-cell module", res, err, "bom[1].quantity", "at most 0.00973846 kWp per declared unit, less than the module's rated power, 0.4336 kWp")
	})
	t.Run("supplied", func(t *testing.T) {
		// Cells bought with a supplier's footprint: the certifier is told
		// the cells are taken to be in it (the result lists its product).
		const ref = "cert:CDPCF-2026-000001"
		res, err := calcSuppliedCells(t, 0, footprint.SupplierFootprint{ID: ref, Product: "junction box", KgCO2e: 1.5})
		checkWarned(t, "cells only in a supplier footprint of a junction box", res, err, "bom", "required part", "supplier footprint")
	})
	// The demo module, its cells in the bill of materials, passes unwarned.
	s := seedtest.Study(t, "pv-module")
	res := MustCalculate(t, s, seedtest.Factors(t), nil)
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
	s := countedStudy(t, "laptop")
	i := slices.IndexFunc(s.BOM, func(l *footprint.BOMLine) bool { return strings.HasPrefix(l.Name, "Circuit boards") })
	if i < 0 {
		t.Fatal("the demo laptop has no circuit boards")
	}
	s.BOM = slices.Delete(s.BOM, i, i+1)
	res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
	checkRefused(t, "laptop without circuit boards", res, err, "bom", "circuit boards")
	// A product of the rule that is not a computer needs no boards.
	s.Product.ProductCodes = []footprint.ProductCode{{Scheme: "HS", Code: "850440"}}
	if _, err := footprint.Calculate(s, seedtest.Factors(t), nil); err != nil {
		t.Fatalf("a power supply (HS:850440) without circuit boards: %v", err)
	}
}

// Ensure a supplier footprint in the packaging does not stand for a
// required part: the demo module without its cells, and a pallet bought
// with a supplier's footprint, was only warned (the cells "taken to be in a
// supplier footprint"), although no part of the product is in its
// packaging (docs/integrity.md §9: packaging does not count).
func TestReview_RequiredPartNotInPackagingSupplier(t *testing.T) {
	s := countedStudy(t, "pv-module")
	s.BOM = s.BOM[:1]
	const ref = "cert:CDPCF-2026-000009"
	s.Packaging = append(s.Packaging, &footprint.BOMLine{Name: "pallet", Quantity: 1, Unit: footprint.MustParseUnit("piece"), MassKg: 0.5, Supplier: ref})
	sp := &footprint.SupplierFootprint{ID: ref, Supplier: "Pallet Co", Product: "pallet", KgCO2e: 2, Boundary: footprint.BoundaryCradleToGate,
		DeclaredUnit: footprint.MustParseUnit("piece"), IssuedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	res, err := footprint.Calculate(s, seedtest.Factors(t), map[string]*footprint.SupplierFootprint{ref: sp})
	checkRefused(t, "module without cells, a supplier's pallet", res, err, "bom", "")
}

// Ensure a computer does not escape the circuit boards of HS 8471 by its
// HS code. The demo laptop without its boards was refused as HS 847130,
// but passed as HS 847330 ("parts and accessories of the machines of
// heading 8471") and as the bare heading HS 847 or chapter HS 84, which
// the electronics rule (HS:84, HS:85) took: 119 instead of 185 kgCO2e.
// A product is now classified to its HS subheading (6 digits or more),
// and the electrical parts of 8471 machines the rule takes (it requires a
// use stage) have their boards as the machines do.
func TestRedteam5_ComputerBoardsByHSCode(t *testing.T) {
	for _, tt := range []struct{ code, field string }{
		{"847330", "bom"},
		{"847", "product.product_codes"},
		{"84", "product.product_codes"},
	} {
		t.Run(tt.code, func(t *testing.T) {
			s := countedStudy(t, "laptop")
			s.BOM = slices.DeleteFunc(s.BOM, func(l *footprint.BOMLine) bool { return strings.HasPrefix(l.Name, "Circuit boards") })
			s.Product.ProductCodes = []footprint.ProductCode{{Scheme: "HS", Code: tt.code}}
			res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
			checkRefused(t, "laptop without boards as HS:"+tt.code, res, err, tt.field, "")
		})
	}
}

// Ensure a reference period is at most a year. A study of 2019 to 2026
// passed: a certificate states its figure for a period of production, and
// eight years let a study count eight years of green-power instruments
// (each counts the share of its period inside the reference period) and
// supplier certificates that expired years before. A period ends within a
// year of its first day; a calendar year, leap or not, passes.
func TestRedteam5_ReferencePeriodLength(t *testing.T) {
	for _, tt := range []struct {
		name       string
		start, end time.Time
		ok         bool
	}{
		{"eight years", day(2019, 1, 1), day(2026, 12, 31), false},
		{"a year and a day", day(2025, 1, 1), day(2026, 1, 1), false},
		{"calendar year", day(2025, 1, 1), day(2025, 12, 31), true},
		{"leap year", day(2024, 1, 1), day(2024, 12, 31), true},
		{"twelve months", day(2024, 7, 1), day(2025, 6, 30), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := seedtest.Study(t, "pv-module")
			s.ReferencePeriod = footprint.Period{Start: tt.start, End: tt.end}
			for _, l := range s.Electricity {
				l.Instruments = nil // of 2025
			}
			_, err := footprint.Calculate(s, seedtest.Factors(t), nil)
			if tt.ok {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if got := footprint.ErrorField(err); got != "reference_period" {
				t.Fatalf("period %s: error %v naming %q, want one naming reference_period", s.ReferencePeriod, err, got)
			}
		})
	}
}

// Ensure a PV per-kWh scenario's specific yield above the IEA PVPS
// reference scenario's is warned. It was accepted up to 8,760 kWh/kWp
// (the module at its rated power every hour of the year) with no
// warning, while a longer lifetime or a lower degradation than the
// reference's were warned: the yield divides the per-kWh figure, which
// 8,760 kWh/kWp made 9 times smaller than the reference's 975.
func TestRedteam5_PVYieldAboveReference(t *testing.T) {
	for _, tt := range []struct {
		yield float64
		warn  bool
	}{{footprint.ReferencePVYieldKWhPerKWp, false}, {8760, true}} {
		s := seedtest.Study(t, "pv-module")
		if s.PVScenario == nil {
			t.Fatal("the demo module has no per-kWh scenario")
		}
		s.PVScenario.SpecificYieldKWhPerKWp = tt.yield
		res := MustCalculate(t, s, seedtest.Factors(t), nil)
		got := hasWarning(res, "pv_scenario.specific_yield_kwh_per_kwp")
		if got != tt.warn {
			t.Errorf("yield %v kWh/kWp: warned %v, want %v: %+v", tt.yield, got, tt.warn, res.Warnings)
		}
	}
}

// Ensure a study's own data-quality scores stay on the PEF scale, 1 (best)
// to 5 (reference/standards.md §5.1; 0 = unrated). A line's scores were
// not checked: {"ter":1,"gr":1,"tir":1,"p":-2} rated the laptop's bill of
// materials 0.25 and the whole study's DQR, which the certificate and the
// label print, went from 2.18 (good) to 1.99 (very good).
func TestRedteam6_LineDataQualityOnScale(t *testing.T) {
	for _, tt := range []struct {
		dq    map[string]any
		field string
	}{
		{map[string]any{"ter": 1, "gr": 1, "tir": 1, "p": -2}, "bom[0].dq.p"},
		{map[string]any{"ter": 6, "gr": 1, "tir": 1, "p": 1}, "bom[0].dq.ter"},
		{map[string]any{"ter": 1, "gr": 2, "tir": 3, "p": 5}, ""},
	} {
		doc := seedtest.StudyDoc(t, "laptop")
		doc["bom"].([]any)[0].(map[string]any)["dq"] = tt.dq
		s, err := footprint.ParseStudyJSON(bytes.NewReader(seedtest.MustMarshal(t, doc)))
		if tt.field == "" {
			if err != nil {
				t.Fatalf("dq %v: %v", tt.dq, err)
			}
			MustCalculate(t, s, seedtest.Factors(t), nil)
			continue
		}
		if err == nil {
			res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
			checkRefused(t, fmt.Sprintf("dq %v", tt.dq), res, err, tt.field, "1-5")
			continue
		}
		if got := footprint.ErrorField(err); got != tt.field || footprint.ErrorCode(err) != footprint.EINVALID {
			t.Fatalf("dq %v: %v naming %q, want EINVALID naming %s", tt.dq, err, got, tt.field)
		}
	}
}

// Ensure a product declared lighter than the net mass of its bill of
// materials is warned: the end-of-life lines and the distribution legs need
// only account for product.mass_kg, so the laptop declared at 1 kg, with
// its 2 kg bill of materials, could halve both stages unseen. A warning,
// not a refusal: a bill of materials may list process materials the
// product does not keep.
func TestRedteam6_ProductLighterThanItsMaterials(t *testing.T) {
	s := seedtest.Study(t, "laptop")
	s.Product.MassKg /= 2
	res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
	checkWarned(t, "laptop at half its mass", res, err, "product.mass_kg", "net mass of its bill of materials")
	s.Product.MassKg *= 2
	if res := MustCalculate(t, s, seedtest.Factors(t), nil); hasWarning(res, "product.mass_kg") {
		t.Fatalf("the demo laptop at its own mass is warned: %+v", res.Warnings)
	}
}

// Ensure a secondary line that rates its data better than the factor it
// uses is warned. The laptop's aluminium enclosure (PV-AL-PRIMARY-ELEC,
// rated DQR 3 in the factor set, grade D: a literature value) declared
// {"ter":1,"gr":1,"tir":1,"p":1} on every BOM line took the study's DQR,
// printed on the certificate, from 2.18 to 2.04 with no warning, though
// a line that is not primary data has the quality of the dataset it uses.
func TestRedteam6_SecondaryLineRatedAboveItsFactor(t *testing.T) {
	for _, tt := range []struct {
		primary bool
		dq      footprint.DataQuality
		warn    bool
	}{
		{false, footprint.DataQuality{TeR: 1, GR: 1, TiR: 1, P: 1}, true},
		// Flagged primary, its factor still the set's: warned too (red
		// team 54, TestRedteam54_PrimaryFlagLiftsTheDQR).
		{true, footprint.DataQuality{TeR: 1, GR: 1, TiR: 1, P: 1}, true},
		{false, footprint.DataQuality{TeR: 4, GR: 4, TiR: 4, P: 4}, false},
	} {
		s := seedtest.Study(t, "laptop")
		s.BOM[0].Primary, s.BOM[0].Quality = tt.primary, &tt.dq
		res := MustCalculate(t, s, seedtest.Factors(t), nil)
		if got := hasWarning(res, "bom[0]", "PV-AL-PRIMARY-ELEC", "rates its data"); got != tt.warn {
			t.Errorf("primary %v, dq %+v: warned %v, want %v: %+v", tt.primary, tt.dq, got, tt.warn, res.Warnings)
		}
		// A primary line on a set factor is warned of its primary flag
		// instead (red team 20, TestRedteam20_PrimaryFlagOnASetFactor).
		if got := hasWarning(res, "bom[0]", "PV-AL-PRIMARY-ELEC", "flagged primary data"); got != tt.primary {
			t.Errorf("primary %v: warned of the primary flag %v: %+v", tt.primary, got, res.Warnings)
		}
	}
}

// Red team 14 (known open, closed in session 28): the demo module's bill of
// materials, one module, declared per 2 modules with product.mass_kg halved
// (12.9 kg on 1.95 m², still above the lightest module's 6 kg/m²) passed the
// mass balance, which trusts mass_kg, and was certified at 150 kgCO2e per
// 2 modules, 75 a module where one is 150. Its 54 cells counted in pieces
// said nothing of the power. A cell is at most one wafer of the largest
// format (0.0484 m²), which gives at most 14.2 Wp at the rule's 29.4 %,
// and one of 182 mm × 182 mm (its factor's size, since red team 18) 9.7
// Wp: 54 such cells give at most 526 Wp, less than two 433.6 Wp modules
// (768 Wp at the largest wafer's bound, before). The same
// bound refuses a token count of cells (TestRedteam3_PVModuleWithoutCells).
func TestRedteam15_ModuleDeclaredAsTwoAtHalfItsMass(t *testing.T) {
	s := countedStudy(t, "pv-module")
	s.DeclaredUnit.Amount, s.Product.MassKg = 2, s.Product.MassKg/2
	res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
	checkRefused(t, "one module declared as two", res, err, "bom[1].quantity", "at most 0.525877 kWp per declared unit, less than the module's rated power, 0.8672 kWp per declared unit")
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
		s := countedStudy(t, "pv-module")
		s.BOM[1].Quantity, s.BOM[1].Unit, s.BOM[1].Factor, s.BOM[1].MassKg = tt.m2, footprint.MustParseUnit("m²"), perM2.Code, 0.6
		res, err := footprint.Calculate(s, factors, nil)
		if tt.refuse {
			checkRefused(t, "1 m² of cells", res, err, "bom[1].quantity", "at most 0.294 kWp per declared unit")
		} else if err != nil {
			t.Errorf("%v m² of cells: %v", tt.m2, err)
		}
	}
}

// Ensure the per-kWp and per-m² figures of a PV module cannot be lowered
// silently by inflating its rated power and area together (session 28,
// found when checking the cells' bound): the demo module (433.6 Wp on
// 1.95 m², 362.7 kgCO2e/kWp) declared at 768 Wp, all its 54 cells could
// give then, on 4.3 m² (17.9 %, 6.01 kg/m², above the lightest module's 6)
// gave 204.8 kgCO2e/kWp and 36.6 per m² with no warning; at 574 Wp on its
// own area (29.4 %, the limit of a cell) 274.0. A module above the record
// module efficiency, and a module with glass in its bill of materials
// under the 10 kg/m² glass modules start at, are warned: here within the
// 526 Wp its 54 cells of 182 mm × 182 mm can give (since red team 18).
func TestRatedPowerAndAreaInflatedTogether(t *testing.T) {
	for _, tt := range []struct {
		wp, m2 float64
		path   string
		want   string
	}{
		{433.6, 1.952748, "", ""},
		{520, 1.952748, "product.rated_power_wp", "above the 25.4 % of the crystalline-silicon module efficiency record"},
		{525, 4.3, "product.area_m2", "its bill of materials holds glass"},
	} {
		s := countedStudy(t, "pv-module")
		s.Product.RatedPowerWp, s.Product.AreaM2 = tt.wp, tt.m2
		res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
		if tt.path == "" {
			if err != nil || hasWarning(res, "product.area_m2") || hasWarning(res, "product.rated_power_wp") {
				t.Errorf("the demo module: %v, %+v", err, res.Warnings)
			}
			continue
		}
		checkWarned(t, fmt.Sprintf("%v Wp on %v m²", tt.wp, tt.m2), res, err, tt.path, tt.want)
	}
}

// Red team 8: studies that got a flattering figure past the engine and
// the certifier's review (which lists the result's warnings). The holes
// found and not closed yet are listed in docs/integrity.md.

// anyWarningUnder reports whether r has a warning whose path starts with
// one of prefixes.
func anyWarningUnder(r *footprint.Result, prefixes ...string) bool {
	for _, w := range r.Warnings {
		for _, p := range prefixes {
			if strings.HasPrefix(w.Path, p) {
				return true
			}
		}
	}
	return false
}

// Ensure packaging weighed with mass_kg cannot dilute the cut-off share.
// A share by mass divides the exempted mass by the product's mass plus
// its packaging's, and a packaging line in pieces is weighed by the
// mass_kg the study declares, unchecked and unwarned (the warning on
// declared masses looks at BOM lines only). The demo module with its
// glass and frame exempted without screening (97 % of its mass) is
// refused; with a "returnable rack" of 1 piece at mass_kg 1000 (1.32
// kgCO2e at the wafer factor per piece) in the packaging, the share is
// stated as 2.46 % and the module went from 150.1 to 93.2 kgCO2e with
// no warning. The BOM's exempted mass is now judged against the product
// alone as well.
func TestRedteam8_PackagingMassDilutesCutOff(t *testing.T) {
	s := seedtest.Study(t, "pv-module")
	base := MustCalculate(t, s, seedtest.Factors(t), nil)
	for _, l := range s.BOM[0].Children[:2] { // front glass, aluminium frame
		l.Factor, l.Exempt = "", &footprint.Exemption{Reason: "bought by the customer"}
	}
	if _, err := footprint.Calculate(s, seedtest.Factors(t), nil); footprint.ErrorField(err) != "bom" {
		t.Fatalf("glass and frame cut off without packaging: %v, want the cut-off refused naming bom", err)
	}
	s.Packaging = []*footprint.BOMLine{{Name: "returnable rack", Quantity: 1, Unit: footprint.MustParseUnit("piece"), MassKg: 1000, Factor: "PV-WAFER-MONO182"}}
	res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
	if err == nil && !anyWarningUnder(res, "bom", "packaging") {
		t.Fatalf("glass and frame cut off beside 1000 kg of declared packaging: %.1f kgCO2e (demo %.1f), exempted %.1f kg stated as %.2f %% by %s, no error or warning: %+v",
			res.KgCO2e, base.KgCO2e, res.ExemptedMassKg, res.ExemptedMassPct, res.ExemptedBasis, res.Warnings)
	}
}

// Ensure a bill-of-materials line does not take a gate-to-gate factor
// without a warning to the certifier (a refusal would refuse the seed's
// own corrugated carton, a gate-to-gate CPCD row). A
// gate-to-gate supplier footprint is refused for a BOM line, since it
// leaves out the part's materials (red team 3), but a gate-to-gate factor
// is taken by any BOM or packaging line without a word. The published CPCD
// set holds about 150 such rows, unflagged, among them CPCD-41532X0012020B
// 水电铝锭 (hydro aluminium ingot), 1.8203 tCO2e/t for the smelter's gate
// only: the demo module's frame at it instead of the aluminium profile
// (9.8 kgCO2e/kg) takes the module (its exempted lines counted) from 157.3 to 132.4 kgCO2e.
func TestRedteam8_GateToGateFactorInBOM(t *testing.T) {
	const code = "CPCD-41532X0012020B"
	var cp *footprint.Factor
	for _, f := range seedtest.CPCD(t).Factors {
		if f.Code == code {
			c := *f
			cp = &c
		}
	}
	if cp == nil || cp.Boundary != footprint.BoundaryGateToGate {
		t.Fatalf("CPCD factor %s: %+v, want a gate-to-gate factor", code, cp)
	}
	factors := seedtest.Factors(t)
	cp.Set = factors["PV-AL-PROFILE"].Set // as a study pinned to the CPCD set reads it
	factors[code] = cp
	s := countedStudy(t, "pv-module")
	base := MustCalculate(t, s, factors, nil)
	s.BOM[0].Children[1].Factor = code // aluminium frame
	res, err := footprint.Calculate(s, factors, nil)
	if err != nil && !strings.HasPrefix(footprint.ErrorField(err), "bom[0].children[1]") {
		t.Fatalf("refused, but not naming the frame: %v", err)
	}
	if err == nil && !anyWarningUnder(res, "bom[0].children[1]") {
		t.Fatalf("frame at gate-to-gate %s (%v %s): %.1f kgCO2e (demo %.1f), no error or warning: %+v", code, cp.Value, cp.Unit.String(), res.KgCO2e, base.KgCO2e, res.Warnings)
	}
}

// Ensure a secondary line cannot rate its data on a factor that has no
// data-quality scores. The warning of red team 6 compares a line's DQR
// with its factor's, and a factor without scores has DQR 0: every factor
// of the published CPCD set is such a factor (seed/cpcd writes its grade
// only), so a study on it rating its lines {"ter":1,"gr":1,"tir":1,"p":1}
// got a certified DQR of 1.0 with no warning: the demo laptop on its factors
// as CPCD's are loaded (grade only) has no DQR, and with its BOM lines
// rated 1 it had DQR 1.0 ("excellent") over 46 % of its total. Now each
// unrated factor so rated is warned, once, at its first line.
func TestRedteam8_SecondaryLineRatedOnUnratedFactor(t *testing.T) {
	s := seedtest.Study(t, "laptop")
	factors := seedtest.Factors(t)
	for code, f := range factors {
		c := *f
		c.Quality = footprint.DataQuality{Grade: f.Quality.Grade} // as seed/cpcd loads a CPCD factor
		factors[code] = &c
	}
	honest := MustCalculate(t, s, factors, nil)
	var rate func(ls []*footprint.BOMLine)
	rate = func(ls []*footprint.BOMLine) {
		for _, l := range ls {
			if l.Factor != "" {
				l.Quality = &footprint.DataQuality{TeR: 1, GR: 1, TiR: 1, P: 1}
			}
			rate(l.Children)
		}
	}
	rate(s.BOM)
	rate(s.Assemblies[0].Lines)
	res := MustCalculate(t, s, factors, nil)
	if !hasWarning(res, "bom[0]", s.BOM[0].Factor) {
		t.Fatalf("secondary lines on unrated factors rated 1: study DQR %.2f %q over %.0f %% of the total (unrated: DQR %.2f), no warning: %+v",
			res.DQR, res.DQRLevel, res.DQRCoveragePct, honest.DQR, res.Warnings)
	}
}

// Ensure a required stage is not satisfied by a line of another kind
// placed in it. Stage A3 of pv-module (transport) and the distribution
// stage of electronics are required; a study without any transport leg
// passes them by giving a BOM line the stage: no leg is counted, the
// not-applicable declaration (and its warning) is avoided, the inbound
// and distribution mass checks do not run, and the stage table the
// certificate shows puts the front glass (27.7 kgCO2e) under "transport".
// Likewise stage B2 (module production energy): the token-stage warning
// looks at the stage's share, so the module line's 6.483 kWh declared as
// 0.001 kWh pass silently once the copper (0.11 kgCO2e) is placed in B2
// (150.1 to 147.3 kgCO2e; 3.7 kgCO2e of grid electricity gone without
// its green certificate). Now a stage of transport, energy, use or end of
// life counts as present by those lines only (A3 and distribution are
// refused as missing), and the token-stage warning weighs those lines
// only (B2 is warned).
func TestRedteam8_RequiredStageFilledByAnotherKind(t *testing.T) {
	for _, tt := range []struct {
		study, stage string
		change       func(s *footprint.Study)
	}{
		{"pv-module", "A3", func(s *footprint.Study) { s.Transport, s.BOM[0].Children[0].Stage = nil, "A3" }},
		{"laptop", "distribution", func(s *footprint.Study) { s.Transport, s.BOM[0].Stage = nil, "distribution" }},
		{"pv-module", "B2", func(s *footprint.Study) {
			s.Electricity[0].Instruments, s.ReferenceOutput, s.Electricity[0].Quantity = nil, 0, 0.001
			s.BOM[0].Children[4].Stage = "B2" // copper
		}},
	} {
		t.Run(tt.study+"/"+tt.stage, func(t *testing.T) {
			s := seedtest.Study(t, tt.study)
			base := MustCalculate(t, s, seedtest.Factors(t), nil)
			tt.change(s)
			res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
			if err != nil && !strings.Contains(footprint.ErrorMessage(err), "stage "+tt.stage) {
				t.Fatalf("refused, but not for stage %s: %v", tt.stage, err)
			}
			if err == nil && !hasStageWarning(res, tt.stage) {
				t.Fatalf("stage %s filled by a BOM line: %.2f kgCO2e (demo %.2f), stage %s %.2f kgCO2e, no error or warning: %+v",
					tt.stage, res.KgCO2e, base.KgCO2e, tt.stage, stageKg(res, tt.stage), res.Warnings)
			}
		})
	}
}

// hasStageWarning reports whether r has a warning whose message names
// stage.
func hasStageWarning(r *footprint.Result, stage string) bool {
	for _, w := range r.Warnings {
		if strings.Contains(w.Message, "stage "+stage) || strings.Contains(w.Message, stage+" (") {
			return true
		}
	}
	return false
}

// Red team 9: studies that got a flattering figure past the engine and
// the certifier's review with no refusal and no warning of their own.
// Each test fails while the hole is open.

// calcCellsAs calculates the demo PV module, its exempted lines counted,
// with its cells (bom[1]) as q unit of factor.
func calcCellsAs(t *testing.T, q float64, unit, factor string) (*footprint.Result, error) {
	t.Helper()
	s := countedStudy(t, "pv-module")
	s.BOM[1].Quantity, s.BOM[1].Unit, s.BOM[1].Factor = q, footprint.MustParseUnit(unit), factor
	return footprint.Calculate(s, seedtest.Factors(t), nil)
}

// Ensure a product of the electronics rule other than a computer needs
// its circuit boards too. Red team 3 required the boards of HS 8471
// computers (and red team 5 of HS 847330 parts); any other code of the
// rule's chapters 84 and 85 needed none: the demo laptop without its
// board, classified HS 851762 (network and telephone apparatus, which has
// boards as a computer does), went from 185.4 to 119.3 kgCO2e with no
// warning. Every class that always carries boards needs them; a cable
// (HS 8544) may have none. Monitors (8528) and display modules with
// drivers or control circuits (85249x) are studied under the display rule
// (the narrowest: red team 10), which asks their boards too.
func TestRedteam9_ElectronicsWithoutBoardsUnderAnotherCode(t *testing.T) {
	checkBoardsRequired(t, []string{"851762", "851713", "852852", "852491", "852589", "844331", "844332", "852190", "852791"}, "854449")
}

// checkBoardsRequired checks that the demo laptop's inventory (exempted
// lines counted), as a product of each HS code of codes, is refused
// without its circuit boards, and that as a product of free it is not.
// Monitors and display modules are studied under the display rule, display
// modules (intermediate products) cradle-to-gate.
func checkBoardsRequired(t *testing.T, codes []string, free string) {
	t.Helper()
	for _, code := range append(codes, free) {
		s := countedStudy(t, "laptop")
		s.Product.ProductCodes = []footprint.ProductCode{{Scheme: "HS", Code: code}}
		if strings.HasPrefix(code, "8524") || strings.HasPrefix(code, "8528") {
			s.Rule, s.Product.ActiveAreaM2 = "display", 0.05
			s.Electricity = []*footprint.ElectricityLine{{Name: "assembly line", Quantity: 2, Unit: unit("kWh"), Factor: "ELEC-CN-NAT-CF-2024"}}
		}
		if strings.HasPrefix(code, "8524") { // an intermediate product: cradle-to-gate
			s.Boundary, s.Product.Use, s.EndOfLife, s.Transport = footprint.BoundaryCradleToGate, nil, nil, nil
		}
		if _, err := footprint.Calculate(s, seedtest.Factors(t), nil); err != nil {
			t.Fatalf("HS %s with its circuit boards: %v", code, err)
		}
		s.BOM = append(s.BOM[:3], s.BOM[4:]...) // the circuit boards
		res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
		if code == free {
			if err != nil {
				t.Fatalf("HS %s without circuit boards: %v", code, err)
			}
			continue
		}
		checkRefused(t, "HS "+code+" apparatus without circuit boards", res, err, "bom", "circuit boards")
	}
}

// Ensure a PV module's cells, given in kWp, cannot be fewer than the
// module's rated power: a module delivers at most what its cells do. The
// demo module (433.6 Wp) with its cells as 0.03 kWp of PERC cells
// (PV-CELL-PERC, 469.25 kgCO2e/kWp, HS 854142, the rule's required part)
// went from 274.9 to 85.5 kgCO2e (617 to 197 kgCO2e/kWp) and was
// certified so through the API, with no warning: the required-part
// warning only looks at the cells' share of the lowered total (16 %).
// Cells listed at a power total at least the module's rated power.
func TestRedteam9_CellPowerBelowModulePower(t *testing.T) {
	res, err := calcCellsAs(t, 0.03, "kWp", "PV-CELL-PERC")
	checkRefused(t, "0.03 kWp of cells in a 433.6 Wp module", res, err, "bom[1].quantity", "at most 0.03 kWp per declared unit, less than the module's rated power, 0.4336 kWp per declared unit")
	// At the module's power (as Wp, after the line's scrap) they pass.
	if _, err := calcCellsAs(t, 433.6, "Wp", "PV-CELL-PERC"); err != nil {
		t.Fatalf("433.6 Wp of cells in a 433.6 Wp module: %v", err)
	}
}

// perKWhFactor is factor ELEC-CN-NAT-CF-2024 made a product factor per kWh
// of a system's output, cradle-to-grave, of CPC code cpc (as CPCD holds
// "太阳能单晶硅光伏双面双玻璃组件", 0.0126 kgCO2e per kWh generated, CPC
// 47150, and "海上风电系统", per kWh, category product).
func perKWhFactor(code, cpc string, category footprint.Category, boundary footprint.Boundary) func(map[string]*footprint.Factor) {
	return func(m map[string]*footprint.Factor) {
		f := *m["ELEC-CN-NAT-CF-2024"]
		f.Code, f.Category, f.Boundary, f.ElectricityRole, f.Value = code, category, boundary, "", 0.0126
		f.ProductCodes = []footprint.ProductCode{{Scheme: "CPC", Code: cpc}}
		m[code] = &f
	}
}

// Red team 10: CPCD's footprints per kWh a system generates entered the
// bill of materials: 600 kWh of a PV module's output stood for the 54
// cells (CPC 47150 is a cell code): 154.9 → 76.6 kgCO2e, no warning; and a
// plant's electricity, written as a BOM line at an offshore wind
// system's footprint per kWh, escaped the grid and green-power rules. A
// BOM line counts a part per unit of energy only as a battery's capacity,
// and a factor per unit of energy is never the required part.
func TestRedteam10_PerKWhFootprintsInTheBOM(t *testing.T) {
	// cellsAs makes the module's cells q kWh at factor code.
	cellsAs := func(q float64, code string) func(s *footprint.Study) {
		return func(s *footprint.Study) {
			c := s.BOM[1].Children[0]
			c.Quantity, c.Unit, c.Factor, c.MassKg = q, unit("kWh"), code, 0
		}
	}
	runIntegrityCases(t, []integrityCase{
		{
			name: "CellsAsAModulesOutput", study: pvStudy,
			change:  cellsAs(600, "TEST-PV-PER-KWH"),
			factors: perKWhFactor("TEST-PV-PER-KWH", "47150", footprint.CategoryProduct, footprint.BoundaryCradleToGrave),
			field:   "bom[1].children[0]", message: "factor TEST-PV-PER-KWH is per kWh: a BOM or packaging line counts parts",
		},
		{
			name: "PlantElectricityAsAWindSystem", study: pvStudy,
			change: func(s *footprint.Study) {
				s.BOM = append(s.BOM, &footprint.BOMLine{Name: "offshore wind", Quantity: 6, Unit: unit("kWh"), Factor: "TEST-WIND-PER-KWH", Stage: "B2"})
			},
			factors: perKWhFactor("TEST-WIND-PER-KWH", "53262", footprint.CategoryProduct, footprint.BoundaryCradleToGate),
			field:   "bom[2]", message: "energy a plant uses is an electricity or fuel line",
		},
		{
			name: "CellsAsABatterysCapacity", study: pvStudy,
			change:  cellsAs(0.5, "TEST-BATTERY-PER-KWH"),
			factors: perKWhFactor("TEST-BATTERY-PER-KWH", "46410", footprint.CategoryProduct, footprint.BoundaryCradleToGate),
			field:   "bom", message: "requires crystalline silicon cells",
		},
	})
}

// Red team 9 (left then for want of a cited bound): a PV module's area and
// rated power inflated together keep its efficiency under the limit, and
// its per-kWp and per-m² figures fall as much (the test module at 3 times
// its area and power: a third of each). A module lighter per m² of its
// area than the lightest crystalline silicon design shown to pass IEC
// 61215-2 (about 6 kg/m², Martins et al. 2019) is warned on its area; the
// test module as it is (7.5 kg/m²) is not.
func TestRedteam9_ModuleAreaBeyondItsMass(t *testing.T) {
	factors := MustLoadFactors(t)
	s := pvStudy()
	res, err := footprint.Calculate(s, factors, nil)
	if err != nil || hasWarning(res, "product.area_m2") {
		t.Fatalf("the module at %.1f kg/m²: %v, %+v", s.Product.MassKg/s.Product.AreaM2, err, res.Warnings)
	}
	// 1.45 times (not three times, as found): 60 cells of 182 mm × 182 mm give at most 584.3 Wp.
	s.Product.AreaM2, s.Product.RatedPowerWp = 1.45*s.Product.AreaM2, 1.45*s.Product.RatedPowerWp
	res, err = footprint.Calculate(s, factors, nil)
	checkWarned(t, "the module at 1.45 times its area and power", res, err, "product.area_m2", "5.17 kg/m²", "IEC 61215-2")
}

// Red team 10: a fuel line burnt at another fuel's combustion factor: 5 kg
// of diesel with raw coal's (1.90 kgCO2/kg against diesel's 3.10) and
// diesel's upstream factor went 168.8 → 162.9 kgCO2e with the warnings of
// the honest line. The two factors of a fuel line are of one fuel, as
// their product codes say (HS 2701 coal, HS 271019 diesel); the honest line
// passes.
func TestRedteam10_FuelBurntAtAnotherFuelsFactor(t *testing.T) {
	factors := seedtest.Factors(t)
	s := seedtest.Study(t, "pv-module")
	s.Fuels = []*footprint.FuelLine{{Name: "diesel", Quantity: 5, Unit: unit("kg"), CombustionFactor: "FUEL-CN-DIESEL", UpstreamFactor: "FUEL-CN-DIESEL-UPSTREAM"}}
	MustCalculate(t, s, factors, nil)
	s.Fuels[0].CombustionFactor = "FUEL-CN-RAWCOAL"
	_, err := footprint.Calculate(s, factors, nil)
	checkInvalid(t, err, "fuels[0].upstream_factor", "a fuel line burns the fuel it supplies")
}

// Red team 11: a battery per kg as the module's cells. The pv-module rule
// names CPC 46410 among the cells' codes because CPCD files its PERC
// cells (per kWp) there, next to its batteries (per kg and per kWh): 0.72
// kg of "lithium battery" (6.31 kgCO2e/kg) stood for the 60 cells, 143.5 →
// 52.6 kgCO2e, no warning. A factor with a battery code is the part only
// per unit of power (then held to the module's rated power); and a factor
// per unit of energy is a BOM part only when every code it has is a
// battery's (one with a wind system's code next to HS 8507 is refused).
func TestRedteam11_BatteryAsTheCells(t *testing.T) {
	battery := func(code string, per string, codes ...footprint.ProductCode) func(map[string]*footprint.Factor) {
		return func(m map[string]*footprint.Factor) {
			f := *m["PV-GLASS-FLOAT"]
			if per == "kWh" {
				f = *m["ELEC-CN-NAT-CF-2024"]
				f.ElectricityRole, f.Boundary = "", footprint.BoundaryCradleToGate
			}
			f.Code, f.Category, f.Value, f.ProductCodes = code, footprint.CategoryProduct, 6.31, codes
			m[code] = &f
		}
	}
	cpc46410 := footprint.ProductCode{Scheme: "CPC", Code: "46410"}
	runIntegrityCases(t, []integrityCase{
		{
			name: "LithiumBatteryPerKg", study: pvStudy,
			change: func(s *footprint.Study) {
				c := s.BOM[1].Children[0]
				c.Quantity, c.Unit, c.Factor, c.MassKg = 0.72, unit("kg"), "TEST-LI-BATTERY", 0
			},
			factors: battery("TEST-LI-BATTERY", "kg", cpc46410),
			field:   "bom", message: "requires crystalline silicon cells",
		},
		{
			name: "PerKWhWithABatteryCodeAndAnother", study: pvStudy,
			change: func(s *footprint.Study) {
				s.BOM = append(s.BOM, &footprint.BOMLine{Name: "wind", Quantity: 6, Unit: unit("kWh"), Factor: "TEST-MIXED-PER-KWH", Stage: "B2"})
			},
			factors: battery("TEST-MIXED-PER-KWH", "kWh", footprint.ProductCode{Scheme: "HS", Code: "8507"}, footprint.ProductCode{Scheme: "CPC", Code: "53262"}),
			field:   "bom[2]", message: "a part per unit of energy only as a battery's capacity",
		},
	})
}

// Session 28 found and left open: a PV module's cells counted in pieces
// were each held to what a cell of the largest wafer (220 mm × 220 mm,
// 0.0484 m²) gives at the rule's 29.4 %, 14.2 Wp, whatever the factor's
// piece is. The demo module (433.6 Wp) with its 54 cells of
// PV-CELL-MONO182 (单晶电池片(182mm×182mm), CPCD 47150X0982025C) cut to 31
// passed, though 31 cells of 182 mm × 182 mm (0.033124 m², 9.7 Wp each at
// 29.4 %) give at most 301.9 Wp: each would have to give 14.0 Wp. A cell
// factor whose definition states its size (the rule's cell_m2) is held to
// that size; one that states none keeps the largest wafer.

// calcCells calculates the demo PV module, its exempted lines counted, with
// its cells (bom[1]) as n pieces of factor code in factors.
func calcCells(t *testing.T, factors map[string]*footprint.Factor, n float64, code string) (*footprint.Result, error) {
	t.Helper()
	s := countedStudy(t, "pv-module")
	s.BOM[1].Quantity, s.BOM[1].Factor = n, code
	return footprint.Calculate(s, factors, nil)
}

// Ensure a count of cells of a factor of a stated size is held to the
// power that size gives: 31, 40 and 44 cells of 182 mm × 182 mm (each
// then 14.0, 10.8 and 9.9 Wp of the demo module's 433.6 Wp, above the 9.7
// a 182 mm cell gives at 29.4 %, below the 14.2 of the largest wafer) are
// refused naming the cells' quantity; 45 pass, as the 182 mm wafers of the
// same size (PV-WAFER-MONO182) and the CPCD set's 182 mm cells are held to
// the same bound.
func TestRedteam18_CellsOfAStatedSizeBelowModulePower(t *testing.T) {
	factors := seedtest.Factors(t)
	for _, tt := range []struct {
		n    float64
		code string
		kwp  string
	}{
		{31, "PV-CELL-MONO182", "0.301892"},
		{40, "PV-CELL-MONO182", "0.389538"},
		{44, "PV-CELL-MONO182", "0.428492"},
		{40, "PV-WAFER-MONO182", "0.389538"},
	} {
		res, err := calcCells(t, factors, tt.n, tt.code)
		checkRefused(t, fmt.Sprintf("%v pieces of %s for a 433.6 Wp module", tt.n, tt.code), res, err, "bom[1].quantity",
			"give at most "+tt.kwp+" kWp per declared unit, less than the module's rated power, 0.4336 kWp per declared unit")
		checkRefused(t, fmt.Sprintf("%v pieces of %s", tt.n, tt.code), res, err, "bom[1].quantity", "(each of "+tt.code+" at most 0.033124 m², the size its own definition states; any other at most 0.0484 m²")
	}
	if _, err := calcCells(t, factors, 45, "PV-CELL-MONO182"); err != nil {
		t.Errorf("45 cells of 182 mm for a 433.6 Wp module (9.6 Wp each): %v", err)
	}
	// The CPCD set's own 182 mm cells (per 片), as the study's set.
	cpcdCell := *cpcdFactor(t, "CPCD-47150X0982025C")
	cpcdCell.Set = factors["PV-CELL-MONO182"].Set
	factors[cpcdCell.Code] = &cpcdCell
	s := countedStudy(t, "pv-module")
	s.BOM[1].Quantity, s.BOM[1].Unit, s.BOM[1].Factor = 40, footprint.MustParseUnit("片"), cpcdCell.Code
	res, err := footprint.Calculate(s, factors, nil)
	checkRefused(t, "40 片 of CPCD's 182 mm cells", res, err, "bom[1].quantity", "give at most 0.389538 kWp per declared unit")
}

// Ensure modules of the usual cell counts pass the bound: the demo module
// made of n of its cells, its power, area, mass and materials n/54 of its
// own (8.03 Wp and 0.036 m² of module a cell).
func TestRedteam18_RealisticCellCountsPass(t *testing.T) {
	for _, n := range []float64{54, 60, 66, 72, 108, 132, 144} {
		s := countedStudy(t, "pv-module")
		k := n / s.BOM[1].Quantity
		s.BOM[1].Quantity = n
		s.BOM[0].Quantity *= k
		s.Product.RatedPowerWp, s.Product.AreaM2, s.Product.MassKg = s.Product.RatedPowerWp*k, s.Product.AreaM2*k, s.Product.MassKg*k
		if _, err := footprint.Calculate(s, seedtest.Factors(t), nil); err != nil {
			t.Errorf("a module of %v cells of 182 mm at %.1f Wp: %v", n, s.Product.RatedPowerWp, err)
		}
	}
}

// Ensure a factor of cells without a size of its own, and a supplier's
// cells per piece (its product says no size), keep the largest wafer's
// bound (0.0484 m², 14.2 Wp at 29.4 %): 31 pass, 30 (0.426888 kWp) are
// refused.
func TestRedteam18_CellsWithoutAStatedSizeKeepTheLargestWafer(t *testing.T) {
	factors := seedtest.Factors(t)
	nosize := *factors["PV-CELL-MONO182"]
	nosize.Code, nosize.NameZH, nosize.NameEN = "PV-CELL-NOSIZE", "单晶电池片", "Monocrystalline cell"
	factors[nosize.Code] = &nosize
	if _, err := calcCells(t, factors, 31, nosize.Code); err != nil {
		t.Errorf("31 cells of no stated size: %v", err)
	}
	res, err := calcCells(t, factors, 30, nosize.Code)
	checkRefused(t, "30 cells of no stated size", res, err, "bom[1].quantity", "give at most 0.426888 kWp per declared unit, less than the module's rated power, 0.4336 kWp per declared unit (product.rated_power_wp × pieces): a line in a power unit gives its power; one in an area unit, or of cells or wafers counted in pieces (each at most 0.0484 m² (220 mm × 220 mm)")
	const ref = "pact:5b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	for _, tt := range []struct {
		n      float64
		refuse bool
	}{{31, false}, {30, true}} {
		s := countedStudy(t, "pv-module")
		s.BOM[1].Factor, s.BOM[1].Supplier, s.BOM[1].Quantity, s.BOM[1].MassKg = "", ref, tt.n, 0.0122
		sp := &footprint.SupplierFootprint{ID: ref, Supplier: "Cell Co", KgCO2e: 1.59, DeclaredUnit: footprint.MustParseUnit("piece"), Boundary: footprint.BoundaryCradleToGate,
			IssuedAt: seedtest.Study(t, "pv-module").ReferencePeriod.End, ProductCodes: []footprint.ProductCode{productCode(t, "HS:854142")}}
		res, err := footprint.Calculate(s, seedtest.Factors(t), map[string]*footprint.SupplierFootprint{ref: sp})
		if tt.refuse {
			checkRefused(t, "30 supplied cells", res, err, "bom[1].quantity", "give at most 0.426888 kWp per declared unit")
		} else if err != nil {
			t.Errorf("31 supplied cells: %v", err)
		}
	}
}

// Red team 20: figures a certificate prints beside the headline. The
// headline may be honest; these are the figures around it.

// markAllPrimary flags every BOM line of s (assemblies and children
// included) as primary data rated 1 on every PEF criterion, the best the
// scale allows, without changing a factor or a quantity.
func markAllPrimary(s *footprint.Study) {
	best := &footprint.DataQuality{TeR: 1, GR: 1, TiR: 1, P: 1}
	var walk func([]*footprint.BOMLine)
	walk = func(ls []*footprint.BOMLine) {
		for _, l := range ls {
			if l == nil {
				continue
			}
			if l.Factor != "" {
				l.Primary, l.Quality = true, best
			}
			walk(l.Children)
		}
	}
	walk(s.BOM)
	walk(s.Packaging)
	for _, a := range s.Assemblies {
		walk(a.Lines)
	}
}

// primaryWarnings counts r's warnings on a line that speak of its primary
// flag.
func primaryWarnings(r *footprint.Result) int {
	n := 0
	for _, w := range r.Warnings {
		if strings.Contains(w.Message, "primary") && (strings.HasPrefix(w.Path, "bom") || strings.HasPrefix(w.Path, "assemblies") || strings.HasPrefix(w.Path, "packaging")) {
			n++
		}
	}
	return n
}

// Ensure a line cannot call a dataset of the factor set primary data
// without a word to the certifier. The certificate prints the primary-data
// share and the DQR with its verbal level; both are the study's own
// flags. The demo laptop with every BOM line flagged "primary": true and
// rated dq 1/1/1/1, every factor and quantity unchanged (national and
// CPCD averages: primary electrolytic aluminium CN, the set's display and
// board factors), stays at 179.0 kgCO2e but goes from a primary-data share
// of 0 % and a DQR of 2.18 ("good") to a share of 46.2 % and a DQR of 1.27
// ("excellent" in the result, 1.3 on the certificate), with no warning: rate() skips its check for a primary line,
// and nothing asks whether the factor of a primary line is specific to the
// maker. reference/standards.md §5 (PACT, quoting the framework,
// scope3data/methodology#124): primaryDataShare "must rest on both activity
// data and emission-factor specificity"; a factor of the pinned set is
// secondary (the set is a database), so its line is primary in its
// activity data at most, and the share a certificate prints should count
// it as secondary or the review should say so, naming the line.
func TestRedteam20_PrimaryFlagOnASetFactor(t *testing.T) {
	base := MustCalculate(t, seedtest.Study(t, "laptop"), seedtest.Factors(t), nil)
	s := seedtest.Study(t, "laptop")
	markAllPrimary(s)
	res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
	if err != nil {
		return // refused: fine
	}
	t.Logf("honest: primary %.1f %%, DQR %.2f; flagged: primary %.1f %%, DQR %.2f, total %.1f → %.1f kgCO2e",
		base.PrimaryDataSharePct, base.DQR, res.PrimaryDataSharePct, res.DQR, base.KgCO2e, res.KgCO2e)
	if res.PrimaryDataSharePct > base.PrimaryDataSharePct && primaryWarnings(res) <= primaryWarnings(base) {
		t.Errorf("every BOM line on a set factor flagged primary and rated 1: primary-data share %.1f %% → %.1f %%, DQR %.2f → %.2f, printed on the certificate, no warning naming a line's primary flag: %+v",
			base.PrimaryDataSharePct, res.PrimaryDataSharePct, base.DQR, res.DQR, res.Warnings)
	}
}

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

// Red team 80: the cut-off's allowances stacked.

// rt80Stacked returns the demo laptop with its battery (bom[2], 0.371 kg)
// exempted, screened at its own factor, and left kilograms of its 0.534 kg
// aluminium enclosure (bom[0]) left out unstated, its recycling line and
// credit lowered to what it holds, the rest incinerated; with padded, that
// mass stated instead as containerboard "corner protectors"
// (PKG-BOARD-CN, a packaging factor) in the bill of materials.
func rt80Stacked(t *testing.T, left float64, padded bool) *footprint.Study {
	t.Helper()
	s := seedtest.Study(t, "laptop")
	if s.BOM[0].Factor != "PV-AL-PRIMARY-ELEC" || s.BOM[2].Factor != "ELEC-BATT-LIION-DESNZ" {
		t.Fatalf("the laptop's bom[0] and bom[2] are %s and %s", s.BOM[0].Factor, s.BOM[2].Factor)
	}
	b := s.BOM[2]
	b.Exempt, b.Factor = &footprint.Exemption{Reason: "battery bought in, screened at its own factor", ScreeningFactor: b.Factor}, ""
	al := 0.534 - left
	s.BOM[0].Quantity = al
	s.EndOfLife[0].Quantity, s.EndOfLife[1].Quantity, s.EndOfLife[2].Quantity = al, al, 2.041-al
	if padded {
		s.BOM = append(s.BOM, &footprint.BOMLine{Name: "Corner protectors", Quantity: left, Unit: unit("kg"), Stage: "raw-materials", Factor: "PKG-BOARD-CN"})
	}
	return s
}

// Red team 77 left it open: the allowances stack with the exempted share.
// The demo laptop exempts 3.46 % of its emissions; with its battery
// exempted too (4.73 %, under the 5 % cut-off limit) and 0.02 kg of its
// aluminium enclosure left out unstated (0.98 % of its mass) it was
// 179.03 → 176.29 kgCO2e; with 0.1 kg of the enclosure (4.9 %, under the
// 5 % red team 59's warning on a gap allows) as containerboard in the bill
// of materials (under the 5 % red team 75's warning allows) 174.73; each
// with only the warnings the demo carries. (0.1 kg left out, 174.69, was
// warned by red team 59's warning on the board's mass_kg: the laptop
// without it is 13.6 % short.) Ensure each is warned at bom, naming both
// shares and their sum, in English and Chinese; and that the demo laptop
// and module are not, nor the laptop with 0.02 kg of its enclosure left
// out beside its own exempted share (3.46 % + 0.98 %, within the limit).
func TestRedteam80_ExemptedShareBesideTheAllowances(t *testing.T) {
	for _, c := range []struct {
		name   string
		s      *footprint.Study
		en, zh []string
	}{
		{"left out", rt80Stacked(t, 0.02, false),
			[]string{"the exempted lines are 4.734 % of the product's emissions (the cut-off's share), and the bill of materials, every line of it weighed, weighs 0.02 kg (0.9799 %) less than the product's 2.041 kg", "together 5.714 %, more than the 5 % cut-off limit of rule electronics"},
			[]string{"取舍项占产品排放的 4.734 %", "比产品的 2.041 kg(product.mass_kg × 件数)轻 0.02 kg(0.9799 %)", "合计 5.714 %"}},
		{"left out, warned by red team 59 too", rt80Stacked(t, 0.1, false),
			[]string{"the exempted lines are 4.775 % of the product's emissions (the cut-off's share), and the bill of materials, every line of it weighed, weighs 0.1 kg (4.9 %) less than the product's 2.041 kg", "together 9.675 %"},
			[]string{"合计 9.675 %"}},
		{"padded", rt80Stacked(t, 0.1, true),
			[]string{"lines of the bill of materials on packaging factors (bom[7]: PKG-BOARD-CN) weigh 0.1 kg (4.9 %)", "the exempted lines are 4.774 % of the product's emissions", "together 9.674 %"},
			[]string{"采用包装类因子的行(bom[7]:PKG-BOARD-CN)重 0.1 kg(4.9 %)", "超过规则 electronics 的 5 % 截断限值"}},
	} {
		checkStacked(t, c.name, c.s, "bom", c.en, c.zh)
	}
	for _, c := range []struct {
		name string
		s    *footprint.Study
	}{
		{"the demo laptop", seedtest.Study(t, "laptop")},
		{"the demo module (its cells weighed by mass_kg since red team 81)", seedtest.Study(t, "pv-module")},
		{"0.02 kg left out, the battery counted", func() *footprint.Study {
			s := seedtest.Study(t, "laptop")
			s.BOM[0].Quantity = 0.514
			s.EndOfLife[0].Quantity, s.EndOfLife[1].Quantity, s.EndOfLife[2].Quantity = 0.514, 0.514, 1.527
			return s
		}()},
	} {
		checkStacked(t, c.name, c.s, "", nil, nil)
	}
}

// checkStacked calculates s against the seed set and checks that it has
// one warning on the exempted share beside the allowances
// (weigh.Padding.Stacked, red teams 80 and 81), at path, whose English and
// Chinese hold each of en and zh; with path "", that it has none, at any
// path. It returns the result.
func checkStacked(t *testing.T, name string, s *footprint.Study, path string, en, zh []string) *footprint.Result {
	t.Helper()
	res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var ws []footprint.Warning
	for _, w := range res.Warnings {
		if strings.Contains(w.Message, "the exempted lines are") {
			ws = append(ws, w)
		}
	}
	switch {
	case path == "" && len(ws) > 0:
		t.Errorf("%s: %.2f kgCO2e, warned %+v", name, res.KgCO2e, ws)
	case path == "":
	case len(ws) != 1 || ws[0].Path != path:
		t.Errorf("%s: %.2f kgCO2e, exempted %.3g %%: warnings %+v, want one at %s on the exempted share beside the allowances", name, res.KgCO2e, res.ExemptedPct, res.Warnings, path)
	default:
		for _, x := range en {
			if !strings.Contains(ws[0].EN(), x) {
				t.Errorf("%s: %q, want %q", name, ws[0].EN(), x)
			}
		}
		for _, x := range zh {
			if !strings.Contains(ws[0].MessageZH, x) {
				t.Errorf("%s: %q, want %q", name, ws[0].MessageZH, x)
			}
		}
	}
	return res
}

// Red team 81: module cells without a mass.

// rt81Module returns the demo module with its aluminium frame at frameKg a
// m² (1.57996 in the study; 1.2625 cuts 0.62 kg of the module's 3.09 kg),
// and, unless weighed, its 54 cells without their mass_kg (the study states
// 12.2121 g a cell since red team 81; before, they were in pieces with no
// mass).
func rt81Module(t *testing.T, frameKg float64, weighed bool) *footprint.Study {
	t.Helper()
	s := seedtest.Study(t, "pv-module")
	frame, cells := s.BOM[0].Children[1], s.BOM[1]
	if frame.Factor != "PV-AL-PROFILE" || cells.Factor != "PV-CELL-MONO182" {
		t.Fatalf("bom[0].children[1] and bom[1] are %s and %s, not the frame and the cells", frame.Factor, cells.Factor)
	}
	frame.Quantity = frameKg
	if !weighed {
		cells.MassKg = 0
	}
	return s
}

// Red team 80 left it open: the warning on the exempted share beside the
// mass no line holds (weigh.Padding.Stacked) did not count that mass when
// a line had no mass, and a PV module lists its cells in pieces. The demo
// module, exempting 4.57 % of its emissions, with 0.62 kg of its aluminium
// frame cut (1.57996 → 1.2625 kg a m²), was 150.10 → 143.96 kgCO2e (−4.1 %)
// with only its two standing warnings: the cells' unweighed 0.66 kg and
// the cut, 4.95 % of the module, stayed under red team 59's 5 %.
//
// Ensure the route is warned whether the cells are weighed or not: the
// demo study now gives its cells their mass_kg (PV_ICE's silicon per m²,
// the figure its notes cite), so the cut is a gap of the bill of materials
// every line of which is weighed, warned at bom; a module whose cells have
// no mass_kg is warned at bom[1].mass_kg, asked for the cells' mass, since
// the mass balance cannot tell their mass from parts left out. Ensure too
// that the honest demo module keeps its figure and its two warnings, and
// is not warned so.
func TestRedteam81_ModuleCellsWithoutAMassHideACut(t *testing.T) {
	demo := checkStacked(t, "the demo module", seedtest.Study(t, "pv-module"), "", nil, nil)
	if !near(demo.KgCO2e, 150.099534125) {
		t.Errorf("the demo module: %.9f kgCO2e, want 150.099534125", demo.KgCO2e)
	}
	var paths []string
	for _, w := range demo.Warnings {
		paths = append(paths, w.Path)
	}
	if len(paths) != 2 || !hasWarning(demo, "bom", "exempted items are 8.6 % of product mass") || !hasWarning(demo, "product.product_codes", "PV-MOD-HJT") {
		t.Errorf("the demo module's warnings at %q, want its two: the screened cut-off at bom, the product floor at product.product_codes: %+v", paths, demo.Warnings)
	}

	for _, c := range []struct {
		name, path string
		s          *footprint.Study
		en, zh     []string
	}{
		{name: "frame cut 0.62 kg, the cells weighed", s: rt81Module(t, 1.2625, true), path: "bom",
			en: []string{"the exempted lines are 4.754 % of the product's emissions (the cut-off's share), and the bill of materials, every line of it weighed, weighs 0.6196 kg (2.396 %) less than the product's 25.86 kg", "together 7.151 %, more than the 5 % cut-off limit of rule pv-module"},
			zh: []string{"取舍项占产品排放的 4.754 %", "轻 0.6196 kg(2.396 %)", "合计 7.151 %"}},
		{name: "frame cut 0.62 kg, the cells without mass_kg", s: rt81Module(t, 1.2625, false), path: "bom[1].mass_kg",
			en: []string{"the bill of materials weighs 1.279 kg (4.947 %) less than the product's 25.86 kg (product.mass_kg × pieces), which its lines without a mass (bom[1]: not in a mass unit, no mass_kg) may hold or no line holds: together up to 9.701 %, more than the 5 % cut-off limit of rule pv-module", "give the lines without a mass (bom[1]) their mass_kg"},
			zh: []string{"可能属于没有质量的行(bom[1]", "合计至多 9.701 %", "请以 mass_kg 给出没有质量的行(bom[1])的质量"}},
		{name: "the honest module, the cells without mass_kg", s: rt81Module(t, 1.57996, false), path: "bom[1].mass_kg",
			en: []string{"the exempted lines are 4.569 % of the product's emissions", "weighs 0.6592 kg (2.549 %) less than the product's 25.86 kg", "together up to 7.118 %"},
			zh: []string{"合计至多 7.118 %"}},
	} {
		res := checkStacked(t, c.name, c.s, c.path, c.en, c.zh)
		t.Logf("%s: %.9f kgCO2e", c.name, res.KgCO2e)
		checkWarningsZH(t, res)
	}

	// Not warned: the frame cut by 0.1 kg (0.39 %, within the limit beside
	// the exempted 4.57 %), the cells weighed; the cells without mass_kg in
	// the module with its exempted lines counted (nothing exempted: a gap
	// under 5 % is red team 59's allowance, as for a weighed bill of
	// materials).
	checkStacked(t, "frame cut 0.1 kg, the cells weighed", rt81Module(t, 1.57996-0.1/1.952748, true), "", nil, nil)
	counted := rt81Module(t, 1.57996, false)
	for _, l := range counted.BOM[0].Children {
		if l.Exempt != nil {
			l.Factor, l.Exempt = l.Exempt.ScreeningFactor, nil
		}
	}
	checkStacked(t, "the cells without mass_kg, nothing exempted", counted, "", nil, nil)
}

// Red team 82: a use stage below the cut-off.

// rt82Laptop returns the demo laptop with its exempted lines counted at
// their screening factors (red team 44's basis: 185.448998 kgCO2e, so that
// a lower use stage does not take the exempted share over the cut-off),
// its use profile's annual energy and lifetime set to kwh and years.
func rt82Laptop(t *testing.T, kwh, years float64) *footprint.Study {
	t.Helper()
	s := seedtest.Study(t, "laptop")
	for _, l := range s.BOM {
		if l.Exempt != nil {
			l.Factor, l.Exempt = l.Exempt.ScreeningFactor, nil
		}
	}
	s.Product.Use.AnnualKWh, s.Product.Use.LifetimeYears = kwh, years
	return s
}

// rt82UseWarnings returns the result's warnings at product.use.
func rt82UseWarnings(res *footprint.Result) []footprint.Warning {
	var out []footprint.Warning
	for _, w := range res.Warnings {
		if w.Path == "product.use" {
			out = append(out, w)
		}
	}
	return out
}

// Red team 82 (docs/integrity.md): the use stage, half an electronic
// product's footprint, rests on two figures of the manufacturer's, the
// annual energy and the lifetime, and the engine warned only of a use stage
// under 0.005 % of the total. The demo laptop (exempted lines counted,
// 185.45 kgCO2e) with a lifetime of 0.1 years instead of 4 was 92.03
// kgCO2e (−50 %), its use stage 2.6 % of the total; at 0.004 kWh a year
// instead of 41.464, 89.64 (−52 %), its use stage 0.0103 %; at half a year,
// 101.61 (−45 %); each with no word at product.use. Ensure each is warned at
// product.use, bilingual, naming the use stage's share, the rule's cut-off
// limit it is under or the lifetime under a year, and the average power the
// annual energy is; and that the honest demo laptop keeps its figure and its
// two warnings, with none at product.use.
func TestRedteam82_UseStageBelowTheCutOff(t *testing.T) {
	demo, err := footprint.Calculate(seedtest.Study(t, "laptop"), seedtest.Factors(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !near(demo.KgCO2e, 179.028600027) {
		t.Errorf("the demo laptop: %.9f kgCO2e, want 179.028600027", demo.KgCO2e)
	}
	if len(demo.Warnings) != 3 || !hasWarning(demo, "electricity", "the study has no electricity line") || !hasWarning(demo, "bom", "exempted items are 27 % of product mass") || !hasWarning(demo, "product.use.energy_source", "names no measurement") {
		t.Errorf("the demo laptop's warnings %+v, want its three: no electricity line, the screened cut-off, an estimated annual energy (red team 56b)", demo.Warnings)
	}
	for _, c := range []struct {
		name       string
		kwh, years float64
		kg         float64
		en, zh     []string
	}{
		{"the exempted lines counted", 41.464, 4, 185.448998, nil, nil},
		{"a lifetime of 0.1 years", 41.464, 0.1, 92.029362,
			[]string{"the use stage is 2.395 kgCO2e per declared unit, 2.603 % of the total, less than the 5 % cut-off limit of rule electronics", "its lifetime of 0.1 years is less than the one year its annual energy is stated per", "41.46 kWh a year over 0.1 years is 4.733 W on average over the 8760 hours of a year"},
			[]string{"占总量的 2.603 %,低于规则 electronics 的截断限值 5 %", "其寿命 0.1 年,短于年耗电量所依据的一年", "平均功率 4.733 W"}},
		{"0.004 kWh a year", 0.004, 4, 89.643230,
			[]string{"0.01031 % of the total, less than the 5 % cut-off limit of rule electronics", "0.004 kWh a year over 4 years is 0.0004566 W on average"},
			[]string{"占总量的 0.01031 %", "平均功率 0.0004566 W"}},
		{"half a year", 41.464, 0.5, 101.610863,
			[]string{"its lifetime of 0.5 years is less than the one year its annual energy is stated per"},
			[]string{"其寿命 0.5 年"}},
	} {
		res, err := footprint.Calculate(rt82Laptop(t, c.kwh, c.years), seedtest.Factors(t), nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if res.KgCO2e < c.kg-0.001 || res.KgCO2e > c.kg+0.001 {
			t.Errorf("%s: %.6f kgCO2e, want %.6f", c.name, res.KgCO2e, c.kg)
		}
		ws := rt82UseWarnings(res)
		if c.en == nil {
			if len(ws) != 0 {
				t.Errorf("%s: warned at product.use: %+v", c.name, ws)
			}
			continue
		}
		if len(ws) != 1 {
			t.Errorf("%s: %.2f kgCO2e, warnings at product.use %+v, want one", c.name, res.KgCO2e, ws)
			continue
		}
		for _, s := range c.en {
			if !strings.Contains(ws[0].EN(), s) {
				t.Errorf("%s: %q, want %q", c.name, ws[0].EN(), s)
			}
		}
		for _, s := range c.zh {
			if !strings.Contains(ws[0].MessageZH, s) {
				t.Errorf("%s: %q, want %q", c.name, ws[0].MessageZH, s)
			}
		}
		checkWarningsZH(t, res)
	}
}
