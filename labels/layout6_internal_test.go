package labels

import (
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure a range's ends round outward at the precision FormatKgCO2e
// prints them to, so that the printed range holds the signed one, and that
// a value already at that precision prints as it is.
func TestFormatKgOutward(t *testing.T) {
	for _, tt := range []struct {
		x      float64
		up     bool
		want   string
		widest string // FormatKgCO2e, to nearest, for the record
	}{
		{156.57, false, "156", "157"}, // the demo laptop's range, 156.57–212.02
		{212.02, true, "213", "212"},
		{470.75, false, "470", "471"},
		{560.25, true, "561", "560"},
		{512, false, "512", "512"},
		{512, true, "512", "512"},
		{4.34, true, "4.34", "4.34"}, // 4.34 × 100 is 433.99999999999994
		{4.34, false, "4.34", "4.34"},
		{99.96, true, "100", "100"},
		{99.96, false, "99.9", "100"},
		{-4.3365, false, "-4.34", "-4.34"},
		{-4.3365, true, "-4.33", "-4.34"},
		{0.04567, false, "0.0456", "0.0457"},
		{0.04561, true, "0.0457", "0.0456"},
		{1234.5, true, "1235", "1235"},
		{1234.5, false, "1234", "1235"},
		{0, true, "0", "0"},
	} {
		if got := certification.FormatKgOutward(tt.x, tt.up); got != tt.want {
			t.Errorf("FormatKgOutward(%g, up %v) = %q, want %q", tt.x, tt.up, got, tt.want)
		}
		if got := FormatKgCO2e(tt.x); got != tt.widest {
			t.Errorf("FormatKgCO2e(%g) = %q, want %q", tt.x, got, tt.widest)
		}
	}
	u := &certification.CertificateUncertainty{LowKgCO2e: 156.57, HighKgCO2e: 212.02}
	if lo, hi := rangeText(u, layoutV5); lo != "157" || hi != "212" {
		t.Errorf("layout 5 range %s–%s, want 157–212 as printed", lo, hi)
	}
	if lo, hi := rangeText(u, layoutV6); lo != "156" || hi != "213" {
		t.Errorf("layout 6 range %s–%s, want 156–213", lo, hi)
	}
}

// Ensure layout 6 puts a count unit's English label in the plural when the
// declared unit is more than one piece, and leaves unit symbols and one
// piece as they were.
func TestPerENPlural(t *testing.T) {
	for _, tt := range []struct {
		du       certification.CertificateDeclaredUnit
		v5, want string
	}{
		{certification.CertificateDeclaredUnit{Amount: 10, Unit: "piece", LabelZH: "台", LabelEN: "unit"}, "per 10 unit", "per 10 units"},
		{certification.CertificateDeclaredUnit{Amount: 2, Unit: "piece", LabelZH: "块组件", LabelEN: "module"}, "per 2 module", "per 2 modules"},
		{certification.CertificateDeclaredUnit{Amount: 3, Unit: "piece", LabelEN: "battery"}, "per 3 battery", "per 3 batteries"},
		{certification.CertificateDeclaredUnit{Amount: 4, Unit: "piece", LabelEN: "box"}, "per 4 box", "per 4 boxes"},
		{certification.CertificateDeclaredUnit{Amount: 1, Unit: "piece", LabelZH: "台", LabelEN: "unit"}, "per unit", "per unit"},
		{certification.CertificateDeclaredUnit{Amount: 2.5, Unit: "kWp", LabelZH: "千瓦峰值功率", LabelEN: "kWp of rated power"}, "per 2.5 kWp of rated power", "per 2.5 kWp of rated power"},
		{certification.CertificateDeclaredUnit{Amount: 10, Unit: "m²", LabelEN: "m²"}, "per 10 m²", "per 10 m²"},
	} {
		if got := perEN(tt.du, layoutV5); got != tt.v5 {
			t.Errorf("layout 5 %+v: %q, want %q", tt.du, got, tt.v5)
		}
		if got := perEN(tt.du, layoutV6); got != tt.want {
			t.Errorf("layout 6 %+v: %q, want %q", tt.du, got, tt.want)
		}
	}
}

// Ensure a document of a format-7 certificate in a layout before 6 is
// refused: the service never wrote one, and it would hide the recycling
// credits the certificate signs (audit, session 55); the layout-6
// document the service wrote prints them and verifies.
func TestVerifyPDF_Layout5DocumentOfAFormat7Certificate(t *testing.T) {
	c := format6Certificate(&certification.CertificateUseScenario{AnnualKWh: 20, LifetimeYears: 4, Country: "CN", Factor: "ELEC-CN-NAT-CF-2024"})
	c.Format, c.CreditsKgCO2e = 7, -4.3365
	checkEarlierLayoutRefused(t, c, "audit 55", time.Date(2026, 12, 6, 14, 0, 0, 0, time.UTC),
		tCredits.String(), layoutV5, 7, "credits", tCredits.String(), tCredits.zh)
}
