package api

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// claimsInstruments reports whether st claims green-power instruments.
func claimsInstruments(st *footprint.Study) bool {
	return slices.ContainsFunc(st.Electricity, func(l *footprint.ElectricityLine) bool { return l != nil && len(l.Instruments) > 0 })
}

// successorOutputWarningsOf is the review warning, at reference_output, of
// a study st that supersedes certificate rec, whose study was old (nil:
// not in this store, nothing to compare), and spreads green-power
// instruments over a smaller output a day than old stated for a period
// they share, in the same declared unit (red team 91). An instrument
// covers mwh × 1000 / reference_output kWh of each declared unit
// (docs/integrity.md §8), and a successor takes over the instruments of
// its lineage: the demo module certified with its 1,000 MWh of green
// certificates over 500,000 modules (2 kWh of its 6.483 a module) was
// superseded, for the same 2025, by the same study stating 154,250
// modules, its certificates then covering 6.48298 of its 6.483 kWh, 150.10
// → 147.89 kgCO2e (−1.5 %, under the lineage's 10 % warning) with no word.
// Both outputs are the holder's word, which no study can check (§8); that
// one contradicts the other for the same days is what the certifier is
// shown, with the kWh the instruments cover a unit in each.
//
// None when the study claims no instrument, the periods share no day, the
// declared units differ, or the smaller output cannot change the printed
// figure (the rounding of the certificate, the label and the verification
// page, FormatKgCO2e; the only figure anyone claims): the figure plus the
// most the smaller output can have taken off it (outputShiftKg) prints as
// the figure does. Any smaller output warned before: one module fewer of
// 500,000 (4 millionths of a kWh a module more covered, some 2 millionths
// of a kgCO2e) as loudly as 154,250; a recount of the same days corrects
// an output by a little, and a warning on each would teach the certifier
// to pass over the one that matters. Nor can a lineage walk its printed figure down in such steps:
// each successor prints what it would print at its predecessor's output.
func successorOutputWarningsOf(st *footprint.Study, rec *certification.CertificateRecord, old *footprint.Study) []reviewWarning {
	if st.Result == nil || old == nil || !claimsInstruments(st) {
		return nil
	}
	p, q := st.ReferencePeriod, old.ReferencePeriod
	if old.Result == nil || p.IsZero() || q.IsZero() || !p.Overlaps(q) || st.DeclaredUnit != old.DeclaredUnit || !(old.ReferenceOutput > 0) || !(st.ReferenceOutput > 0) {
		return nil
	}
	perDay := func(output float64, p footprint.Period) float64 { return output / (p.End.Sub(p.Start).Hours()/24 + 1) }
	ratio := perDay(st.ReferenceOutput, p) / perDay(old.ReferenceOutput, q)
	if ratio >= 1 {
		return nil
	}
	fig := st.Result.KgCO2e
	shift, bounded := outputShiftKg(st.Result, ratio)
	if bounded && footprint.FormatKgCO2e(fig+shift) == footprint.FormatKgCO2e(fig) {
		return nil
	}
	g := func(x float64) string { return strconv.FormatFloat(footprint.RoundSig(x, 6), 'f', -1, 64) }
	args := []any{g(st.ReferenceOutput), p, rec.Certificate().Number, g(old.ReferenceOutput), q, g(st.Result.Electricity.InstrumentKWh), g(old.Result.Electricity.InstrumentKWh), st.DeclaredUnit}
	w := reviewWarning{Path: "reference_output",
		Message: fmt.Sprintf("The study states a reference output of %[1]s declared units for %[2]s, where the study of certificate %[3]s it supersedes stated %[4]s for %[5]s, a period sharing days with it, a larger output a day: "+
			"the green-power instruments are spread over the output, so a smaller one lets the same MWh cover more of each unit's electricity (here %[6]s kWh per %[8]s, where they covered %[7]s); "+
			"check the output against the production records of the period, and ask why it changed", args...),
		MessageZH: fmt.Sprintf("本研究声明 %[2]s 的产量（reference_output）为 %[1]s 个声明单位，而其替代的证书 %[3]s 的研究声明 %[5]s 为 %[4]s，两者期间有共同的日期，且后者日均产量更高："+
			"绿电凭证按产量分摊，产量越小，同样的兆瓦时覆盖每个单位的用电越多（此处每 %[8]s 覆盖 %[6]s kWh，原为 %[7]s）；"+
			"请对照该期间的生产记录核实产量，并问明其变化的原因", args...)}
	if bounded {
		args := []any{footprint.FormatKgCO2e(shift), footprint.FormatKgCO2e(fig), footprint.FormatKgCO2e(fig + shift)}
		w.Message += fmt.Sprintf(" (at the predecessor's output a day the study's figure would be up to %s kgCO2e higher, at its own grid factors: the printed %s could read up to %s)", args...)
		w.MessageZH += fmt.Sprintf("（按前一研究的日均产量，本研究的结果按其自身的电网因子至多高 %s kgCO2e：印制的 %s 可至 %s）", args...)
	}
	return []reviewWarning{w}
}

// outputShiftKg bounds from above the kgCO2e a declared unit of result r
// owes to an output smaller than its predecessor's by ratio (its output a
// day over the predecessor's, below 1): the instruments covered
// InstrumentKWh of the unit's electricity, and at the predecessor's output
// a day at least InstrumentKWh × ratio (what they cover shrinks as the
// output grows, and no less when they covered all of it), so at most
// InstrumentKWh × (1 − ratio) kWh went from the grid to them; each bore
// at most the highest grid factor of a line the instruments cover
// (gridKgPerKWh). Not bounded (false) when no such factor is read.
func outputShiftKg(r *footprint.Result, ratio float64) (float64, bool) {
	var perKWh float64
	found := false
	var walk func([]*footprint.Contribution)
	walk = func(cs []*footprint.Contribution) {
		for _, c := range cs {
			if k, ok := gridKgPerKWh(c); ok {
				perKWh, found = max(perKWh, k), true
			}
			walk(c.Children)
		}
	}
	walk(r.Lines)
	return r.Electricity.InstrumentKWh * (1 - ratio) * perKWh, found
}

// unitKWh is the kilowatt-hour, parsed once.
var unitKWh = footprint.MustParseUnit("kWh")

// gridKgPerKWh is the kgCO2e a kWh of grid contribution c bears: its
// kgCO2e over its kWh, or, where the instruments covered the whole line and
// it charges none, its factor's value per kWh (FactorValue in FactorUnit).
// Reading only the grids that charge kWh, a line covered whole on a
// dearer grid (ELEC-CN-NAT-CF-2023, 0.6205 kgCO2e/kWh) beside one partly
// covered on ELEC-CN-NAT-CF-2024 (0.5777) was bounded at the cheaper
// grid's, under what a smaller output had taken off the figure: a
// successor printed 148 where its study at the predecessor's output printed
// 149, with no warning (reviewer 54). Not a grid contribution, or a factor
// unit that does not convert to kWh: none (false).
func gridKgPerKWh(c *footprint.Contribution) (float64, bool) {
	if c.Kind != footprint.ContribGrid {
		return 0, false
	}
	if c.Quantity > 0 {
		return c.KgCO2e / c.Quantity, true
	}
	fu, err := footprint.ParseFactorUnit(c.FactorUnit)
	if err != nil {
		return 0, false
	}
	k, err := fu.KgPer(c.FactorValue, unitKWh)
	return k, err == nil && k > 0
}
