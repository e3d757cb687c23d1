package labels_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// auditLayout6Certificate is a format-6 certificate of an electrical
// product per 10 units (台) like the demo laptop: no purchased electricity
// in production, its use stage on the grid factor of its use scenario,
// which the factor table lists as a main contributor without the grid
// tag (the signed factor's Grid is set for production grid factors only),
// and a Monte Carlo range whose ends rounded to nearest narrow it
// (470.75–560.25 printed 471–560).
func auditLayout6Certificate() *certification.Certificate {
	c := useScenarioPer10Certificate()
	c.Electricity = certification.CertificateElectricity{Approach: footprint.ElectricityNone}
	for i := range c.Factors {
		if c.Factors[i].Code == c.UseScenario.Factor {
			c.Factors[i].Grid = false
		}
	}
	u := *c.Uncertainty
	u.LowKgCO2e, u.HighKgCO2e = 470.75, 560.25
	c.Uncertainty = &u
	return c
}

// dumpLayout writes the documents of auditLayout6Certificate to the
// directory LABELS_DUMP_LAYOUT names, as the renderer of the commit writes
// them: how testdata/document5's certificate-audit6.pdf and
// label-audit6.pdf were written, at the commit before layout 6.
func TestDumpLayout_Audit6(t *testing.T) {
	dir := os.Getenv("LABELS_DUMP_LAYOUT")
	if dir == "" {
		t.Skip("LABELS_DUMP_LAYOUT not set")
	}
	f := signedFixture(t, auditLayout6Certificate())
	for name, b := range map[string][]byte{"certificate-audit6.pdf": renderCert(t, f.sc), "label-audit6.pdf": renderLabel(t, f.sc)} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// auditText is the text of a certificate's or label's PDF as pdftotext
// extracts it, its words joined by one space.
func auditText(t *testing.T, pdf []byte) string {
	t.Helper()
	return strings.Join(strings.Fields(pdftotext(t, pdf)), " ")
}

// checkAuditDocs requires the certificate and label of f to verify, and
// their text to contain want and none of not.
func checkAuditDocs(t *testing.T, f fixture, cert, label []string, not ...string) {
	t.Helper()
	certPDF, labelPDF := renderCert(t, f.sc), renderLabel(t, f.sc)
	checkGenuine(t, f, certPDF, labelPDF)
	for name, doc := range map[string]struct {
		pdf  []byte
		want []string
	}{"certificate": {certPDF, cert}, "label": {labelPDF, label}} {
		text, failed := auditText(t, doc.pdf), false
		for _, s := range doc.want {
			if !strings.Contains(text, s) {
				t.Errorf("the %s does not print %q", name, s)
				failed = true
			}
		}
		for _, s := range not {
			if strings.Contains(text, s) {
				t.Errorf("the %s prints %q", name, s)
				failed = true
			}
		}
		if failed {
			t.Logf("%s text: %s", name, text)
		}
	}
}

// Audit (session 55): the certificate and the label printed the Monte
// Carlo range with its ends rounded to nearest, so that a range of
// 470.75–560.25 printed 471–560, narrower than the range signed (the
// demo's 156.57–212.02 printed 157–212), where the DQR is rounded up so as
// never to read better than signed. Ensure layout 6 prints the range
// rounded outward, 470–561, on both documents, and that they verify.
func TestAudit_RangeRoundedOutward(t *testing.T) {
	checkAuditDocs(t, signedFixture(t, auditLayout6Certificate()),
		[]string{"470–561 kgCO2e/10 台（P2.5–P97.5；中位数 median 512；"}, []string{"P2.5–P97.5 470–561 kgCO2e"},
		"471–", "–560 ")
}

// Audit (session 55): a certificate per 10 units printed "per 10 unit"
// under its figure, and its other reporting units as "51.2 kgCO2e/piece
// 每台 per unit", the unit's symbol where the headline names the unit in
// Chinese (kgCO2e/10 台). Ensure layout 6 prints "per 10 units" (on the
// label too) and "51.2 kgCO2e/台 per unit", and a certificate of one unit
// "per unit".
func TestAudit_DeclaredUnitPluralAndOtherUnitsInWords(t *testing.T) {
	checkAuditDocs(t, signedFixture(t, auditLayout6Certificate()),
		[]string{"512 kgCO2e/10 台", "per 10 units", "per 10 units 摇篮到大门", "51.2 kgCO2e/台 per unit 化石 fossil"}, []string{"per 10 units"},
		"per 10 unit ", "kgCO2e/piece")
	one := auditLayout6Certificate()
	one.DeclaredUnit.Amount, one.PerUnit = 1, nil
	checkAuditDocs(t, signedFixture(t, one), []string{"512 kgCO2e/台", "per unit 摇篮到大门"}, []string{"per unit"}, "per 1 ", "per units")
}

// Audit (session 55): the certificate of a product with no purchased
// electricity in production and a use stage on the grid (the demo laptop:
// 53.5 % of its total) printed "无外购电力 no purchased electricity", and
// its factor table listed the use stage's grid factor untagged under a
// note promising that every grid factor is tagged and listed. Ensure
// layout 6 says the approach is production's, names the use stage's grid
// factor under the electricity, tags it in the table, and that the note
// promises what the table holds.
func TestAudit_UseStageGridFactorTagged(t *testing.T) {
	checkAuditDocs(t, signedFixture(t, auditLayout6Certificate()), []string{
		"生产中无外购电力 no purchased electricity in production 使用阶段电网因子 use-stage grid factor: ELEC-CN-NAT-CF-2024 无 none",
		"ELEC-CN-NAT-CF-2024 使用阶段电网 use-stage grid",
		"另列生产用电的全部电网因子；使用阶段的电网因子见使用阶段情景。",
		"and every grid factor of production electricity; the use stage's grid factor is named in the use scenario.",
	}, nil, "另列全部电网因子", "and every grid factor.")
	// A certificate without a use scenario keeps the note, and a
	// production grid factor its tag.
	text := auditText(t, renderCert(t, newFixtureV3(t).sc))
	for _, s := range []string{"ELEC-CN-NAT-CF-2024 电网 grid", "另列全部电网因子。", "and every grid factor."} {
		if !strings.Contains(text, s) {
			t.Errorf("the certificate without a use scenario does not print %q:\n%s", s, text)
		}
	}
}

// Ensure documents rendered in layout pcf-document/5 (testdata/document5,
// as downloaded until layout pcf-document/6) still verify byte for byte,
// among them those of auditLayout6Certificate, which layout 6 prints
// otherwise, and that the documents rendered now are of a later layout
// (pcf-document/9 since session 51).
func TestVerifyPDF_Layout5AsIssued(t *testing.T) {
	checkLayoutAsIssued(t, "document5", "pcf-document/5", "certificate-v2.pdf", "label-v2.pdf", "certificate-v3.pdf", "label-v3.pdf",
		"certificate.pdf", "label.pdf", "certificate-use10.pdf", "label-use10.pdf", "certificate-audit6.pdf", "label-audit6.pdf")
	if now := renderCert(t, signedFixture(t, auditLayout6Certificate()).sc); !bytes.Contains(now, []byte("(pcf-document/9 certificate ")) {
		t.Error("a certificate rendered now is not of layout pcf-document/9")
	}
}

// Audit (session 55): the demo laptop's result reports a recycling credit
// of −4.3365 kgCO2e apart from its total, and its certificate printed
// nothing of it. Ensure a format-7 certificate prints its signed credits
// per its declared unit, said to be reported separately and not in the
// total, in both languages, with the total as signed; that its documents
// verify; and that one without credits prints no such line.
func TestAudit_RecyclingCreditsPrintedApart(t *testing.T) {
	c := auditLayout6Certificate()
	c.Format, c.CreditsKgCO2e = 7, -4.3365
	checkAuditDocs(t, signedFixture(t, c), []string{
		"回收抵扣 Recycling credits", "-4.34 kgCO2e/10 台（单独报告，未计入总量 / reported separately, not included in the total）",
		"合计 Total 512",
	}, []string{"512"})
	c.CreditsKgCO2e = 0
	checkAuditDocs(t, signedFixture(t, c), nil, nil, "回收抵扣", "Recycling credits")
}
