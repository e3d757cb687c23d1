package api_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Audit (session 55): the demo laptop's result reports a recycling credit
// of −4.3365 kgCO2e apart from its total, and neither its certificate, nor
// the verification answer, nor the PDF showed it. Ensure an issued
// certificate signs it (format 7), the verification answer carries it as
// credits_kg_co2e next to the total it is not netted into, and the
// certificate PDF (the real renderer, read back with pdftotext) prints it
// as reported separately, in both languages; and that the demo module,
// without credits, answers 0 and prints no such line.
func TestAudit_RecyclingCreditsSignedAndShown(t *testing.T) {
	st := newRenderingStack(t)
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: seedtest.StudyJSON(t, "laptop")}), 201)
	issued := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, sd.ID), "")), 201)
	type answer struct {
		KgCO2e        float64         `json:"kg_co2e"`
		CreditsKgCO2e *float64        `json:"credits_kg_co2e"`
		Signed        json.RawMessage `json:"signed"`
	}
	v := MustData[answer](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + issued.CertificateID + "/verify"}), 200)
	sc, err := certification.ParseSignedCertificate(v.Signed)
	if err != nil {
		t.Fatal(err)
	}
	c := sc.Certificate
	if c.Format != 7 || !(c.CreditsKgCO2e < -4.33 && c.CreditsKgCO2e > -4.34) || !strings.Contains(string(sc.Content), `"credits_kg_co2e":-4.33`) {
		t.Fatalf("signed: format %d, credits %v, want 7 and the laptop's −4.3365", c.Format, c.CreditsKgCO2e)
	}
	if v.CreditsKgCO2e == nil || *v.CreditsKgCO2e != c.CreditsKgCO2e || v.KgCO2e != c.KgCO2e {
		t.Errorf("answer: credits_kg_co2e %v, kg_co2e %v; want the signed %v, %v", v.CreditsKgCO2e, v.KgCO2e, c.CreditsKgCO2e, c.KgCO2e)
	}

	pv := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-CREDITS-1")), "")), 201)
	if v := MustData[answer](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + pv.CertificateID + "/verify"}), 200); v.CreditsKgCO2e == nil || *v.CreditsKgCO2e != 0 {
		t.Errorf("a module without credits: credits_kg_co2e %v, want 0", v.CreditsKgCO2e)
	}

	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed")
	}
	text := func(id string) string {
		rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + id + "/certificate.pdf", as: asMaker})
		if rec.Code != 200 {
			t.Fatalf("certificate.pdf: %d %s", rec.Code, rec.Body)
		}
		path := filepath.Join(t.TempDir(), "c.pdf")
		if err := os.WriteFile(path, rec.Body.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		return strings.Join(strings.Fields(string(out)), " ")
	}
	laptop := text(issued.CertificateID)
	for _, s := range []string{"回收抵扣 Recycling credits", "-4.34 kgCO2e/台（单独报告，未计入总量 / reported separately, not included in the total）"} {
		if !strings.Contains(laptop, s) {
			t.Errorf("the laptop's certificate PDF lacks %q:\n%s", s, laptop)
		}
	}
	if module := text(pv.CertificateID); strings.Contains(module, "Recycling credits") {
		t.Errorf("the module's certificate PDF prints recycling credits:\n%s", module)
	}
}
