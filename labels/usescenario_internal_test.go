package labels

import (
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// format6Certificate is format5Certificate in certificate format 6,
// signing the use scenario u (nil: no use stage).
func format6Certificate(u *certification.CertificateUseScenario) *certification.Certificate {
	c := format5Certificate(2.1, 80)
	c.Format, c.UseScenario = 6, u
	return c
}

// Red team 42: the use stage's lifetime and annual energy move an
// electrical product's figure most, and the certificate did not say what
// they were. Ensure a format-6 certificate prints its signed use scenario
// in both languages under the stage table, within the page's content and
// over no other text, however long its figures and factor code; and that
// one without a use stage prints none.
func TestLayoutCertificate_Format6UseScenario(t *testing.T) {
	for _, u := range []*certification.CertificateUseScenario{
		{AnnualKWh: 41.464, LifetimeYears: 4, Country: "CN", Factor: "ELEC-CN-NAT-CF-2024"},
		{AnnualKWh: 123456.789, LifetimeYears: 0.1, Country: "DE", Factor: "ELEC-DE-NAT-CF-2024-WITH-A-LONG-SUFFIX"},
	} {
		c := format6Certificate(u)
		d := layout(t, c, certification.CertificateValid)
		lines := checkPlaced(t, d, func(o op) bool { return o.field == "use_scenario" })
		zh, en := c.PrintedUseScenario()
		if got, want := strings.Join(strings.Fields(strings.Join(lines, " ")), " "), zh+" / "+en; got != want {
			t.Errorf("use scenario printed %q, want %q", got, want)
		}
		if !draws(d, tUseScenario.String()) {
			t.Errorf("no caption %q", tUseScenario.String())
		}
	}
	for _, c := range []*certification.Certificate{format6Certificate(nil), format5Certificate(2.1, 80)} {
		if d := layout(t, c, certification.CertificateValid); draws(d, tUseScenario.zh) || draws(d, "kWh a year") {
			t.Errorf("a format-%d certificate without a signed scenario prints one", c.Format)
		}
	}
}

// Ensure a document of a format-6 certificate in a layout before 4 is
// refused as one of format 5 is: the service never wrote one, and it would
// print the figure without its use scenario (red team 42).
func TestVerifyPDF_Layout3DocumentOfAFormat6Certificate(t *testing.T) {
	u := &certification.CertificateUseScenario{AnnualKWh: 20, LifetimeYears: 4, Country: "CN", Factor: "ELEC-CN-NAT-CF-2024"}
	checkEarlierLayoutRefused(t, format6Certificate(u), "red team 42", time.Date(2026, 12, 5, 14, 0, 0, 0, time.UTC),
		"20 kWh a year × 4 years", layoutV3, 6, "use scenario", "kWh a year")
}
