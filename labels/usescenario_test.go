package labels_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/labels"
)

// useScenarioPer10Certificate is a format-6 certificate of an electrical
// product whose declared unit is 10 pieces (台): its use stage is the
// signed annual energy of one piece × lifetime × 10 pieces × the grid
// factor.
func useScenarioPer10Certificate() *certification.Certificate {
	c := newCertificateV5()
	c.Format = 6
	c.DeclaredUnit = certification.CertificateDeclaredUnit{Amount: 10, Unit: "piece", LabelZH: "台", LabelEN: "unit"}
	c.PerUnit = []certification.CertificatePerUnit{{Unit: "piece", LabelZH: "每台", LabelEN: "per unit", KgCO2e: c.KgCO2e / 10}}
	c.UseScenario = &certification.CertificateUseScenario{AnnualKWh: 41.464, LifetimeYears: 4, Country: "CN", Factor: "ELEC-CN-NAT-CF-2024"}
	return c
}

// Audit (session 54): a certificate whose declared unit is 10 units
// printed its use scenario as "41.464 kWh a year × 4 years", the energy of
// one piece, next to a figure and a use stage of 10 pieces: an auditor who
// recomputed the use stage from the printed scenario got a tenth of it.
// Ensure the certificate says whose the annual energy is (每台每年 …, "a
// year per unit") when the declared unit is not one piece, that its
// documents verify, and that a one-piece certificate prints as before.
func TestAudit_UseScenarioPrintedPerPieceOfTheDeclaredUnit(t *testing.T) {
	f := signedFixture(t, useScenarioPer10Certificate())
	pdf := renderCert(t, f.sc)
	text := strings.Join(strings.Fields(pdftotext(t, pdf)), " ")
	for _, want := range []string{"每台每年 41.464 kWh × 4 年", "41.464 kWh a year per unit × 4 years"} {
		if !strings.Contains(text, want) {
			t.Errorf("the certificate of 10 units does not print %q:\n%s", want, text)
		}
	}
	checkGenuine(t, f, pdf, renderLabel(t, f.sc))
	one := useScenarioPer10Certificate()
	one.DeclaredUnit.Amount, one.PerUnit = 1, nil
	text = strings.Join(strings.Fields(pdftotext(t, renderCert(t, signedFixture(t, one).sc))), " ")
	if !strings.Contains(text, "每年 41.464 kWh × 4 年") || !strings.Contains(text, "41.464 kWh a year × 4 years") || strings.Contains(text, "每台每年") {
		t.Errorf("the certificate of one unit prints its use scenario otherwise:\n%s", text)
	}
}

// Ensure documents rendered in layout pcf-document/4 (testdata/document4,
// as downloaded until layout pcf-document/5) still verify byte for byte,
// among them the certificate of 10 units whose use scenario layout 5
// prints per piece, and that the documents rendered now are of a later
// layout (pcf-document/9 since session 51).
func TestVerifyPDF_Layout4AsIssued(t *testing.T) {
	if dir := os.Getenv("LABELS_DUMP_LAYOUT"); dir != "" { // how testdata/document4 was written, at the commit before layout 5
		f := signedFixture(t, useScenarioPer10Certificate())
		for name, b := range map[string][]byte{"certificate-use10.pdf": renderCert(t, f.sc), "label-use10.pdf": renderLabel(t, f.sc)} {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	checkLayoutAsIssued(t, "document4", "pcf-document/4", "certificate-v2.pdf", "label-v2.pdf", "certificate-v3.pdf", "label-v3.pdf", "certificate.pdf", "label.pdf", "certificate-use10.pdf", "label-use10.pdf")
	if now := renderCert(t, signedFixture(t, useScenarioPer10Certificate()).sc); !bytes.Contains(now, []byte("(pcf-document/9 certificate ")) {
		t.Error("a certificate rendered now is not of layout pcf-document/9")
	}
}

// Audit (session 54): the certificate printed its Monte Carlo range as
// "302–408 kgCO2e" two lines under "151 kgCO2e/piece 每块组件 per module"
// and "77.4 kgCO2e/m²", on a certificate per kWp, where the verification
// page prints "302–408 kgCO2e/千瓦峰值功率": the range was printed without
// the unit it is per. Ensure the certificate prints the range per its
// declared unit, as the verification page does, and that its documents
// verify.
func TestAudit_UncertaintyRangePrintedPerDeclaredUnit(t *testing.T) {
	c := newCertificateV5()
	c.DeclaredUnit = certification.CertificateDeclaredUnit{Amount: 1, Unit: "kWp", LabelZH: "千瓦峰值功率", LabelEN: "kWp of rated power"}
	f := signedFixture(t, c)
	pdf := renderCert(t, f.sc)
	text := strings.Join(strings.Fields(pdftotext(t, pdf)), " ")
	if want := "470–561 kgCO2e/千瓦峰值功率（P2.5–P97.5；"; !strings.Contains(text, want) {
		t.Errorf("the certificate does not print %q:\n%s", want, text)
	}
	if rep, err := labels.VerifyPDF(pdf, f.keys()); err != nil || !rep.OK() || len(rep.Differences) != 0 {
		t.Errorf("genuine certificate: %v", err)
	}
}

// Red team 42, the use stage: ensure the documents of a format-6
// certificate verify, and a certificate page whose use scenario is edited
// (20 kWh a year read as 90) does not: the verifier names use_scenario.
func TestRedteam42_UseScenarioEditedOnThePage(t *testing.T) {
	c := newCertificateV5()
	c.Format = 6
	c.UseScenario = &certification.CertificateUseScenario{AnnualKWh: 20, LifetimeYears: 4, Country: "CN", Factor: "ELEC-CN-NAT-CF-2024"}
	f := signedFixture(t, c)
	pdf := renderCert(t, f.sc)
	checkGenuine(t, f, pdf, renderLabel(t, f.sc))
	checkPageEditRefused(t, f, pdf, "20 kWh a year", "90 kWh a year", "use_scenario: the page shows")
}
