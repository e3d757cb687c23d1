// Package fuelunit reads the unit a study states a fuel in against the
// unit its factor is per (docs/integrity.md, red team 87).
//
// A fuel's quantity converts into its factor's unit, so a volume of gas
// written in litres where the meter reads cubic metres counts a thousandth
// of the fuel burnt: natural gas at the China default factor FUEL-CN-NG
// (kgCO2/Nm³), 10 L instead of 10 Nm³ a module, took the demo PV module
// from 177.80 to 150.13 kgCO2e without a word. It knows no domain types:
// footprint feeds it the line's and the factor's units, and turns the
// warning it returns into a warning of the result.
package fuelunit

import (
	"fmt"
	"math"

	"github.com/chengdu-pcf/pcf/footprint/internal/numfmt"
)

// Volume is the dimension Small reads (footprint.DimVolume).
const Volume = "volume"

// Warning is a warning of the result: its field, in English and in Chinese.
type Warning struct{ Field, EN, ZH string }

// Small returns a warning at field when a fuel line's quantity qty is
// stated in a volume unit (unit, of dimension dim and size toBase in m³)
// a thousandth or less of the volume unit per (dimension perDim, size
// perToBase) its factor is per: a gas is metered in cubic metres and its
// factors are per normal cubic metre, so a line in litres is a thousandth
// of what the same figure would be in the factor's unit. kg is what the
// line gives as stated; the warning says what it would give in the
// factor's unit. A warning, not a refusal: a small burner may honestly use
// litres of gas; the certifier checks the unit against the meter or the
// invoice. Lines of mass or energy are not read: grams of diesel a piece
// are an honest quantity, and the ratio of units no evidence. Otherwise it
// returns the zero Warning.
//
// A line of no positive, finite quantity has nothing to scale, and is not
// warned (reviewer 50: "0 L … would give 0 kgCO2e instead of 0"); nor is
// a factor's unit of no size. That a gas is metered in cubic metres is
// said on a factor per cubic metre only: millilitres of a liquid fuel on a
// factor per litre are no gas (reviewer 50).
func Small(field string, qty float64, unit, dim string, toBase float64, factor, per, perDim string, perToBase, kg float64) Warning {
	if dim != Volume || perDim != Volume || !(toBase > 0) || !(perToBase >= toBase*1000) || !(qty > 0) || math.IsInf(qty, 1) || math.IsInf(perToBase, 1) {
		return Warning{}
	}
	r := perToBase / toBase
	gasEN, gasZH := "", ""
	if perToBase == 1 {
		gasEN, gasZH = "a gas is metered in cubic metres, ", "气体按立方米计量,"
	}
	en := fmt.Sprintf("the fuel is stated in %s and its factor %s is per %s: %s %s is %s %s, %sand were it %s %s the line would give %s kgCO2e instead of %s: check the unit against the meter or the invoice",
		unit, factor, per, num(qty), unit, num(qty/r), per, gasEN, num(qty), per, num(kg*r), num(kg))
	zh := fmt.Sprintf("该燃料以 %s 计,而其因子 %s 以 %s 计:%s %s 即 %s %s;%s若为 %s %s,该行为 %s kgCO2e,而非 %s:请对照计量表或发票核实单位",
		unit, factor, per, num(qty), unit, num(qty/r), per, gasZH, num(qty), per, num(kg*r), num(kg))
	return Warning{field, en, zh}
}

// num writes x to four significant figures.
func num(x float64) string { return numfmt.Sig(x, 4) }
