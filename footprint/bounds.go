package footprint

import (
	"github.com/chengdu-pcf/pcf/footprint/internal/balance"
	"github.com/chengdu-pcf/pcf/footprint/internal/credit"
	"github.com/chengdu-pcf/pcf/footprint/internal/list"
	"github.com/chengdu-pcf/pcf/footprint/internal/pv"
)

// This file bounds the favourable figures a study can show beside its total, and flags the token
// lines that satisfy a required stage without an inventory behind them (docs/integrity.md §9).

// ReferencePVLifetimeYears, ReferencePVDegradationPct and ReferencePVYieldKWhPerKWp are the
// lifetime, the yearly degradation and the specific yield of the IEA PVPS Task 12 reference
// scenario (fact sheet "Environmental life cycle assessment of electricity from PV systems", 2022
// update: 30 years, 0.7 %/year, 975 kWh/kWp; reference/factors.md, PV-ELEC-MONO-EU-IEA). A per-kWh
// scenario more favourable than any is a warning the certifier reads against the source the study
// gives: a sunnier site yields more, but the yield divides the per-kWh figure, up to 8,760 kWh/kWp
// (a module at its rated power all year) that would make it 9 times too small.
const (
	ReferencePVLifetimeYears  = 30
	ReferencePVDegradationPct = 0.7
	ReferencePVYieldKWhPerKWp = 975
)

// TokenStageShareDivisor sets how small a required stage may be before its
// lines are a warning: a required stage whose share of the total is below
// the rule's cut-off limit divided by this (5 % / 1000 = 0.005 % for the
// rules of this service) is there in name only. The smallest real required
// stage of the demo studies is the laptop's distribution at 0.045 %.
const TokenStageShareDivisor = 1000

// bounds collects, while the inventory is computed, what the checks of
// this file need.
type bounds struct {
	credits   credit.Ledger // end-of-life credit lines in a mass unit, and the mass of each material the lines hold
	inboundKg float64       // mass carried by transport legs before distribution
	inbound   []string      // their paths
}

// checkCredits refuses recycling credits for more material than the
// product and its packaging are made of: credits are reported apart and
// never netted into the total, but they are shown and can be quoted, and a
// product cannot be recycled into more than it weighs. The line named is
// the one that takes the credited mass over. A credit for a material the
// engine tells (credit.Of) may claim at most what the lines of the bill of
// materials and the packaging hold of it, within MassCoverageTolerancePct
// (red team 75).
func (e *engine) checkCredits(mass float64) error {
	c := &e.bounds.credits
	if i := c.Over((mass + e.pkgMassKg) * (1 + MassCoverageTolerancePct/100.0)); i >= 0 {
		return FieldErrorf(EINVALID, c.Paths[i]+".quantity", "the recycling credits claim %s kg of material per declared unit, more than the %s kg the product and its packaging weigh (product.mass_kg × pieces per declared unit, plus packaging): a product cannot be recycled into more than it is made of", formatNumber(RoundSig(c.TotalKg, 6)), formatNumber(RoundSig(mass+e.pkgMassKg, 6)))
	} else if i, m, kg := c.OverMaterial(MassCoverageTolerancePct); i >= 0 {
		return FieldErrorf(EINVALID, c.Paths[i]+".quantity", "the recycling credits for %s claim %s kg per declared unit, more than the %s kg of it the lines of the bill of materials and the packaging hold (lines on factors or supplier footprints of that material, without their own scrap; packaging in a mass unit), by more than %d %%: a product cannot be recycled into more of a material than it is made of", m.Name(), formatNumber(RoundSig(kg, 6)), formatNumber(RoundSig(c.Held(m), 6)), MassCoverageTolerancePct)
	}
	warnAll(e, c.OnPackaging(MassCoverageTolerancePct)) // red team 78
	return nil
}

// InboundMassWarnPct is the share of the bill of materials' mass, in percent, below which the transport
// legs before distribution are a warning. Studies often carry only their main materials (the test PV
// study's legs carry 82 % of its BOM), so this is set far below the mass balance's floor: legs that
// carry less than half of what the factory receives, or a few grams, satisfy the transport stage in name only.
const InboundMassWarnPct = 50

// warnInbound warns when the transport legs before distribution carry less
// than InboundMassWarnPct of the bill of materials' mass.
func (e *engine) warnInbound() {
	b := &e.bounds
	if len(b.inbound) == 0 || !(e.bomMassKg > 0) || b.inboundKg >= e.bomMassKg*InboundMassWarnPct/100 {
		return
	}
	w := balance.Inbound(list.Paths(b.inbound), b.inboundKg, e.bomMassKg)
	e.warn(b.inbound[0], w.EN, w.ZH)
}

// warnTokenStages warns on the lines of a required stage whose share of
// the total is below the rule's cut-off limit ÷ TokenStageShareDivisor,
// counting only the lines of its kinds (stageOwnKg).
func (e *engine) warnTokenStages(total float64) {
	if !(total > 0) {
		return
	}
	limit := e.rule.CutOffPct / TokenStageShareDivisor
	for i, st := range e.rule.Stages {
		sh := share(e.stageOwnKg[i], total)
		if !st.Required || !st.InBoundary(e.s.Boundary) || !e.countedStages[i] || sh >= limit {
			continue
		}
		var paths []string
		for _, c := range e.res.Lines {
			if c.Stage == st.Code {
				paths = append(paths, c.Path)
			}
		}
		if len(paths) == 0 {
			continue
		}
		w := balance.TokenStage(st.Code, st.NameEN, st.NameZH, list.Paths(paths), sh, limit, TokenStageShareDivisor)
		e.warn(paths[0], w.EN, w.ZH)
	}
}

// warnScenario warns when a PV per-kWh scenario is more favourable than the
// IEA PVPS reference scenario.
func (e *engine) warnScenario(sc *PVScenario) {
	if sc.LifetimeYears > ReferencePVLifetimeYears {
		w := pv.Lifetime(sc.LifetimeYears, ReferencePVLifetimeYears, sc.Source)
		e.warn("pv_scenario.lifetime_years", w.EN, w.ZH)
	}
	if sc.DegradationPctPerYear < ReferencePVDegradationPct {
		w := pv.Degradation(sc.DegradationPctPerYear, ReferencePVDegradationPct, sc.Source)
		e.warn("pv_scenario.degradation_pct_per_year", w.EN, w.ZH)
	}
	if sc.SpecificYieldKWhPerKWp > ReferencePVYieldKWhPerKWp {
		w := pv.Yield(sc.SpecificYieldKWhPerKWp, ReferencePVYieldKWhPerKWp, sc.Source)
		e.warn("pv_scenario.specific_yield_kwh_per_kwp", w.EN, w.ZH)
	}
}
