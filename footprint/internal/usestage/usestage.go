// Package usestage reads the use stage of an energy-using product against
// the total it is part of (docs/integrity.md, red team 82).
//
// The use stage is the product's annual energy × its lifetime × the grid
// factor of the country of use, and the annual energy and the lifetime are
// the manufacturer's word: reference/ gives no service life, typical energy
// consumption or standby power of a product class to hold them to (red
// teams 8, 42, 44). The engine warned only of a use stage under 0.005 % of
// the total (the token-stage limit), so the demo laptop with a lifetime of
// 0.1 years instead of 4 (its use stage 2.6 % of the total) or 0.004 kWh a
// year (0.01 %) was certified at half its figure with no word. Small warns
// of a use stage that weighs less than the rule's cut-off limit (a required
// stage of the size of what a study may leave out), or is counted over
// less than one year of use. The limit is the rule's own (cut_off_pct, 5 %
// for the rules of this service, ISO 14067's cut-off criteria), the year
// the unit the annual energy is stated per; using them for the use stage
// is this service's policy, not a figure of reference/. It knows no domain
// types: footprint feeds it the figures and turns what it returns into a
// warning of the result.
package usestage

import (
	"fmt"

	"github.com/chengdu-pcf/pcf/footprint/internal/numfmt"
)

// HoursPerYear is the hours of a year of 365 days (8,760), which turns an
// annual energy into the average power the product draws over the year.
const HoursPerYear = 365 * 24

// Warning is a warning of the result, in English and in Chinese.
type Warning struct{ EN, ZH string }

// Small returns a warning when the use stage
// (kg kgCO2e per declared unit) is less than cutOffPct of the total (and
// not less than cutOffPct ÷ tokenDivisor, where the engine's token-stage
// warning names it already), or when the lifetime is less than one year,
// shorter than the year the annual energy is stated per; annualKWh and
// years are the use profile's, of one piece. It returns the zero Warning otherwise.
func Small(kg, total, cutOffPct float64, tokenDivisor int, rule string, annualKWh, years float64) Warning {
	if !(kg > 0) || !(total > 0) {
		return Warning{}
	}
	pct := kg / total * 100
	small := pct < cutOffPct && pct >= cutOffPct/float64(tokenDivisor)
	if !small && !(years < 1) {
		return Warning{}
	}
	f := fmtSig
	whyEN, whyZH := "", ""
	if small {
		whyEN = fmt.Sprintf(", less than the %s %% cut-off limit of rule %s: the use of an energy-using product, which the rule requires, weighs no more here than what a study may leave out", f(cutOffPct), rule)
		whyZH = fmt.Sprintf(",低于规则 %s 的截断限值 %s %%:规则要求计入的用能产品使用阶段,在此不高于研究可以略去的份额", rule, f(cutOffPct))
	}
	if years < 1 {
		whyEN += fmt.Sprintf("; its lifetime of %s years is less than the one year its annual energy is stated per", f(years))
		whyZH += fmt.Sprintf(";其寿命 %s 年,短于年耗电量所依据的一年", f(years))
	}
	watts := annualKWh * 1000 / HoursPerYear
	var w Warning
	w.EN = fmt.Sprintf("the use stage is %s kgCO2e per declared unit, %s %% of the total%s. Its %s kWh a year over %s years is %s W on average over the %d hours of a year: check the annual energy against the product's measured power in use and in standby, and the lifetime against its service life",
		f(kg), f(pct), whyEN, f(annualKWh), f(years), f(watts), HoursPerYear)
	w.ZH = fmt.Sprintf("使用阶段每声明单位为 %s kgCO2e,占总量的 %s %%%s。其每年 %s kWh、共 %s 年,相当于一年 %d 小时的平均功率 %s W:请对照产品实测的使用功率和待机功率核实年耗电量,并对照其使用寿命核实寿命年数",
		f(kg), f(pct), whyZH, f(annualKWh), f(years), HoursPerYear, f(watts))
	return w
}

// fmtSig writes x to four significant figures, as the warnings name figures.
func fmtSig(x float64) string { return numfmt.Sig(x, 4) }

// SmallAt is Small as a warning at product.use, the path of the use profile.
func SmallAt(kg, total, cutOffPct float64, tokenDivisor int, rule string, annualKWh, years float64) Field {
	if w := Small(kg, total, cutOffPct, tokenDivisor, rule, annualKWh, years); w.EN != "" {
		return Field{"product.use", w.EN, w.ZH}
	}
	return Field{}
}
