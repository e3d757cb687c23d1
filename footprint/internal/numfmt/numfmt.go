// Package numfmt holds the rounding rules by which footprint shows a figure
// to a person (footprint.RoundSig, footprint.FormatKgCO2e; moved here to make
// room in the engine, red team 75). It knows no domain types.
package numfmt

import (
	"math"
	"strconv"
	"strings"
)

// RoundSig rounds x to n significant figures.
func RoundSig(x float64, n int) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	p := math.Pow(10, float64(n)-math.Ceil(math.Log10(math.Abs(x))))
	return math.Round(x*p) / p
}

// Sig writes x rounded to n significant figures, in decimal notation
// without an exponent (as a message prints a quantity: 0.0012345 to four
// is "0.001235"); 0, NaN and the infinities as strconv writes them.
func Sig(x float64, n int) string {
	return strconv.FormatFloat(RoundSig(x, n), 'f', -1, 64)
}

// KgCO2e formats a footprint for print: at least three significant figures,
// never fewer than all integer digits (512.4 → "512", 1234.5 → "1235",
// 21.54 → "21.5", 0.04567 → "0.0457"), "—" for NaN or an infinity.
func KgCO2e(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "—"
	}
	if x == 0 {
		return "0"
	}
	// Round first, then count decimals on the rounded value: 99.95 is
	// "100", not "100.0", and 9.996 is "10.0".
	r := math.Round(x)
	if math.Abs(x) < 100 {
		r = RoundSig(x, 3)
	}
	decimals := 0
	if a := math.Abs(r); a < 100 {
		decimals = 2 - int(math.Floor(math.Log10(a)))
	}
	s := strconv.FormatFloat(r, 'f', decimals, 64)
	if s == "-0" || strings.Trim(s, "-0.") == "" {
		return "0"
	}
	return s
}
