package footprint_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

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
	s := seedtest.Study(t, "pv-module")
	countExemptedInFull(s)
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

// Ensure electricity does not enter a study as a supplier footprint. A
// PACT footprint may be declared per kilowatt hour, and a BOM line in kWh
// takes it with no check of role, place, T&D or the double-claim
// register: the demo module's 6.483 kWh of module-line electricity (grid:
// 3.75 kgCO2e) as 0.001 kWh of grid and 6.482 kWh of an uploaded "Power
// Co" footprint of 0.01 kgCO2e/kWh in stage B2 (weighed with mass_kg
// 1e-9, which keeps the supplier-floor warning quiet) go from 151.1 to
// 147.4 kgCO2e; the result still says the electricity approach is "grid".
func TestRedteam8_ElectricityAsSupplierFootprint(t *testing.T) {
	s := seedtest.Study(t, "pv-module")
	s.Electricity[0].Instruments, s.ReferenceOutput = nil, 0
	base := MustCalculate(t, s, seedtest.Factors(t), nil)
	const ref = "pact:5b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	s.Electricity[0].Quantity = 0.001
	s.BOM = append(s.BOM, &footprint.BOMLine{Name: "module line power", Quantity: 6.482, Unit: footprint.MustParseUnit("kWh"), MassKg: 1e-9, Stage: "B2", Supplier: ref})
	sp := &footprint.SupplierFootprint{ID: ref, Supplier: "Power Co", KgCO2e: 0.01, DeclaredUnit: footprint.MustParseUnit("kWh"),
		Boundary: footprint.BoundaryCradleToGate, IssuedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	res, err := footprint.Calculate(s, seedtest.Factors(t), map[string]*footprint.SupplierFootprint{ref: sp})
	if err == nil && !anyWarningUnder(res, "bom[2]", "electricity") {
		t.Fatalf("electricity as a supplier footprint per kWh: %.1f kgCO2e (grid %.1f), approach %q, no error or warning: %+v", res.KgCO2e, base.KgCO2e, res.Electricity.Approach, res.Warnings)
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

// Ensure a line cannot overwrite the data quality of the supplier
// footprint it uses. A supplier line is primary data by definition, so
// the red team 6 warning never applies to it, and the line's own dq
// replaces the supplier's DQR: the demo module's cells bought with a
// certificate rated DQR 3.0 were rated 1.0 by the buyer, and the study's
// certified DQR improved with no warning. Now the rating is warned as a
// secondary line's above its factor's is.
func TestRedteam8_SupplierLineRatedAboveSupplier(t *testing.T) {
	const ref = "cert:CDPCF-2026-000001"
	sp := footprint.SupplierFootprint{
		ID: ref, Supplier: "Cell Co", KgCO2e: 1.5, DeclaredUnit: footprint.MustParseUnit("piece"),
		Boundary: footprint.BoundaryCradleToGate, IssuedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		Quality: footprint.DataQuality{TeR: 3, GR: 3, TiR: 3, P: 3},
	}
	calc := func(dq *footprint.DataQuality) *footprint.Result {
		s := seedtest.Study(t, "pv-module")
		countExemptedInFull(s)
		s.BOM[1].Factor, s.BOM[1].Supplier, s.BOM[1].MassKg, s.BOM[1].Quality = "", ref, 0.0113, dq
		return MustCalculate(t, s, seedtest.Factors(t), map[string]*footprint.SupplierFootprint{ref: &sp})
	}
	honest := calc(nil)
	res := calc(&footprint.DataQuality{TeR: 1, GR: 1, TiR: 1, P: 1})
	if res.DQR < honest.DQR && !hasWarning(res, "bom[1]", ref) {
		t.Fatalf("supplier line (supplier DQR 3) rated 1 by the buyer: study DQR %.3f (with the supplier's rating %.3f), no warning: %+v", res.DQR, honest.DQR, res.Warnings)
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
