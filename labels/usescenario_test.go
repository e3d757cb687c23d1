package labels_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/labels"
)

// Red team 42, the use stage: ensure the documents of a format-6
// certificate verify, and a certificate page whose use scenario is edited
// (20 kWh a year read as 90) does not: the verifier names use_scenario.
func TestRedteam42_UseScenarioEditedOnThePage(t *testing.T) {
	c := newCertificateV5()
	c.Format = 6
	c.UseScenario = &certification.CertificateUseScenario{AnnualKWh: 20, LifetimeYears: 4, Country: "CN", Factor: "ELEC-CN-NAT-CF-2024"}
	f := signedFixture(t, c)
	pdf := renderCert(t, f.sc)
	for name, doc := range map[string][]byte{"certificate": pdf, "label": renderLabel(t, f.sc)} {
		if rep, err := labels.VerifyPDF(doc, f.keys()); err != nil || !rep.OK() || len(rep.Differences) != 0 {
			t.Errorf("genuine %s: %v", name, err)
		}
	}
	forged := contentWith(func(*genuine) []byte { return pdf }, "20 kWh a year", swapText("20 kWh a year", "90 kWh a year"))(t, nil)
	if _, err := labels.VerifyPDF(forged, f.keys()); err == nil || !strings.Contains(err.Error(), "use_scenario: the page shows") {
		t.Errorf("a page whose use scenario reads 90 kWh a year: %v", err)
	}
}
