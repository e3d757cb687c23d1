package labels

import (
	"strings"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// What layout 6 (layoutV6) prints otherwise than layout 5.

// rangeText is a range's low and high ends as printed: to nearest in
// layout 5 and before, outward in layout 6.
func rangeText(u *certification.CertificateUncertainty, layout int) (lo, hi string) {
	if layout >= layoutV6 {
		return certification.FormatKgOutward(u.LowKgCO2e, false), certification.FormatKgOutward(u.HighKgCO2e, true)
	}
	return FormatKgCO2e(u.LowKgCO2e), FormatKgCO2e(u.HighKgCO2e)
}

// perEN is the English reading of a certificate's unit (per module, per 10
// modules): layout 6 puts the label of a count unit in the plural when the
// amount is not one (CertificateDeclaredUnit.PerENPlural), where layout 5
// printed "per 10 unit".
func perEN(du certification.CertificateDeclaredUnit, layout int) string {
	if layout < layoutV6 {
		return du.PerEN()
	}
	return du.PerENPlural()
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
	return u.Printed()
}
