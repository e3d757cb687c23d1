package labels

import (
	"math"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// What layout 6 (layoutV6) prints otherwise than layout 5.

// formatKgOutward formats x as FormatKgCO2e does, but rounded down (up
// false) or up (up true) at the precision FormatKgCO2e prints x to, never
// to nearest: the ends of a range printed so hold the signed range
// (156.57–212.02 prints 156–213, where rounding to nearest printed
// 157–212, narrower than the range signed).
func formatKgOutward(x float64, up bool) string {
	if math.IsNaN(x) || math.IsInf(x, 0) || x == 0 {
		return FormatKgCO2e(x)
	}
	decimals := 0 // as FormatKgCO2e: three significant figures below 100, else whole numbers
	if a := math.Abs(x); a < 100 {
		decimals = 2 - int(math.Floor(math.Log10(a)))
	}
	scale := math.Pow(10, float64(decimals))
	v := x * scale
	if r := math.Round(v); math.Abs(v-r) <= 1e-9*math.Max(1, math.Abs(v)) {
		v = r // 4.34 × 100 is 433.99999999999994: already at the precision
	}
	if up {
		v = math.Ceil(v)
	} else {
		v = math.Floor(v)
	}
	// FormatKgCO2e of the value rounded outward prints it as it is (its
	// precision is at least the one it was rounded at: 99.96 up is 100.0,
	// printed "100").
	return FormatKgCO2e(v / scale)
}

// rangeText is a range's low and high ends as printed: to nearest in
// layout 5 and before, outward in layout 6.
func rangeText(u *certification.CertificateUncertainty, layout int) (lo, hi string) {
	if layout >= layoutV6 {
		return formatKgOutward(u.LowKgCO2e, false), formatKgOutward(u.HighKgCO2e, true)
	}
	return FormatKgCO2e(u.LowKgCO2e), FormatKgCO2e(u.HighKgCO2e)
}

// perEN is the English reading of a certificate's unit (per module, per 10
// modules): layout 6 puts the label of a count unit in the plural when the
// amount is not one, where layout 5 printed "per 10 unit"; a unit symbol
// (kWp, m²) has no plural ("per 2.5 kWp").
func perEN(du certification.CertificateDeclaredUnit, layout int) string {
	if layout < layoutV6 || du.Amount == 1 {
		return du.PerEN()
	}
	u, err := footprint.ParseUnit(du.Unit)
	if err != nil || !u.Dim.IsCount() || du.LabelEN == "" {
		return du.PerEN()
	}
	plural := du
	first, rest, _ := strings.Cut(du.LabelEN, " ")
	plural.LabelEN = strings.TrimSpace(pluralEN(first) + " " + rest)
	return plural.PerEN()
}

// pluralEN is the plural of an English noun naming a product's piece
// (module, unit, piece, battery, box).
func pluralEN(w string) string {
	lw := strings.ToLower(w)
	switch {
	case w == "" || strings.HasSuffix(lw, "s") && !strings.HasSuffix(lw, "ss"):
		return w // already plural, or a symbol
	case strings.HasSuffix(lw, "ss"), strings.HasSuffix(lw, "x"), strings.HasSuffix(lw, "ch"), strings.HasSuffix(lw, "sh"):
		return w + "es"
	case strings.HasSuffix(lw, "y") && len(lw) > 1 && !strings.ContainsRune("aeiou", rune(lw[len(lw)-2])):
		return w[:len(w)-1] + "ies"
	}
	return w + "s"
}

// perUnitText is a figure in another reporting unit as the certificate
// prints it. Layout 6 names the unit in the words the headline uses, the
// Chinese unit name after "kgCO2e/" ("51.2 kgCO2e/台 per unit", "77.4
// kgCO2e/平方米组件面积 per m² of module area"; the unit's symbol where the
// rule gives no Chinese name); layout 5 and before printed the symbol
// there and the Chinese words after it ("51.2 kgCO2e/piece 每台 per unit").
func perUnitText(u certification.CertificatePerUnit, layout int) string {
	if layout < layoutV6 {
		return strings.TrimSpace(FormatKgCO2e(u.KgCO2e) + " kgCO2e/" + u.Unit + "  " + names(u.LabelZH, u.LabelEN))
	}
	zh := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(u.LabelZH), "每"))
	if zh == "" {
		zh = u.Unit
	}
	en := strings.TrimSpace(u.LabelEN)
	if en == "" {
		en = "per " + u.Unit
	}
	return FormatKgCO2e(u.KgCO2e) + " kgCO2e/" + zh + " " + en
}
