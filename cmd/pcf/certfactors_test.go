package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/labels"
	"github.com/chengdu-pcf/pcf/seed/cpcd"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// cpcdYunnanStudy is the demo PV module made at a supplier site in Yunnan,
// pinned to the CPCD set (seedtest.PinToCPCDYunnan).
func cpcdYunnanStudy(t *testing.T) string {
	t.Helper()
	doc := demoStudy(t)
	seedtest.PinToCPCDYunnan(doc)
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// Ensure a study that uses CPCD factors and Yunnan's provincial life-cycle
// grid factor (issue 15) gets a certificate that names them with their
// grades, end to end on a running pcf serve: the signed content (format 3)
// names the CPCD cell factor (grade C, 72 % of the total) and the Yunnan
// grid factor (grade D, marked as grid) with their CPCD product IDs, the
// certificate PDF prints them (and verifies), and the public verify answer
// and page list them.
func TestServe_CertificateNamesCPCDFactorsWithGrades(t *testing.T) {
	m := MustRunMain(t)
	base := "http://" + m.Server.Addr().String()
	_, maker, certifier := MustApplyDemo(t, m)
	app := mustApply(t, base, maker, []byte(cpcdYunnanStudy(t)), "")
	id := mustIssue(t, base, certifier, app, `{"signatory":"Zhang San"}`)

	// The signed content, from the public verify answer.
	var v struct {
		Factors []struct {
			Code, Grade, Source, Set string
			Grid                     bool
			SharePct                 float64 `json:"share_pct"`
		} `json:"factors"`
		SignatureValid bool            `json:"signature_valid"`
		Signed         json.RawMessage `json:"signed"`
	}
	mustData(t, "verify", 200, "GET", base+"/v1/certificates/"+id+"/verify", "", "", &v)
	sc, err := certification.ParseSignedCertificate(v.Signed)
	if err != nil {
		t.Fatal(err)
	}
	c := sc.Certificate
	if !v.SignatureValid || c.Format != 3 || !strings.Contains(string(sc.Content), `"format":"pcf-certificate/3"`) {
		t.Fatalf("signature_valid %v, format %d", v.SignatureValid, c.Format)
	}
	want := map[string]struct {
		grade, source string
		grid          bool
	}{
		"CPCD-46410X0212023C": {"C", "CPCD 46410X0212023C", false},
		"CPCD-17100H1562020A": {"D", "CPCD 17100H1562020A", true},
	}
	byCode := map[string]certification.CertificateFactor{}
	for _, f := range c.Factors {
		byCode[f.Code] = f
	}
	for code, w := range want {
		f, ok := byCode[code]
		if !ok {
			t.Errorf("signed content does not name %s: %+v", code, c.Factors)
			continue
		}
		if f.Grade != w.grade || f.Source != w.source || f.Grid != w.grid || f.Set != cpcd.SetVersion || !(f.SharePct > 0) {
			t.Errorf("signed %s: %+v, want grade %s, source %q, grid %v", code, f, w.grade, w.source, w.grid)
		}
	}
	if f := byCode["CPCD-46410X0212023C"]; f.SharePct < 70 || f.SharePct > 75 {
		t.Errorf("PERC cells share %.2f %%, want about 72 %% (0.4336 kWp × 469.25 kgCO2e/kWp of the total)", f.SharePct)
	}
	if len(v.Factors) != len(c.Factors) {
		t.Errorf("the verify answer lists %d factors, the certificate signs %d", len(v.Factors), len(c.Factors))
	}
	for i, f := range v.Factors {
		if s := c.Factors[i]; f.Code != s.Code || f.Grade != s.Grade || f.SharePct != s.SharePct || f.Grid != s.Grid || f.Source != s.Source || f.Set != s.Set {
			t.Errorf("answer factors[%d] %+v, signed %+v", i, f, s)
		}
	}

	// The certificate PDF: genuine, and its text names both factors with
	// their grades on their table rows.
	status, pdf := call(t, "GET", base+"/v1/certificates/"+id+"/certificate.pdf", maker, "")
	if status != 200 {
		t.Fatalf("certificate.pdf: %d", status)
	}
	var keys []certification.PublicKey
	_, jwks := call(t, "GET", base+"/v1/keys", "", "")
	if keys, err = certification.ParsePublicKeysJWKS(jwks); err != nil {
		t.Fatal(err)
	}
	if _, err := labels.VerifyPDF(pdf, keys); err != nil {
		t.Fatalf("certificate PDF: %v", err)
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	path := filepath.Join(t.TempDir(), "cert.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, ln := range strings.Split(string(out), "\n") {
		lines = append(lines, strings.Join(strings.Fields(ln), " "))
	}
	text := strings.Join(lines, "\n")
	pct := func(code string) string { return labelsPct(byCode[code].SharePct) }
	for _, s := range []string{
		"主要排放因子 Main emission factors",
		"CPCD-46410X0212023C " + cpcd.SetVersion + " " + pct("CPCD-46410X0212023C") + " C CPCD 46410X0212023C\nPERC 太阳电池",
		"CPCD-17100H1562020A 电网 grid " + cpcd.SetVersion + " " + pct("CPCD-17100H1562020A") + " D CPCD 17100H1562020A\n2020年云南省电网碳足迹排放因子",
		"C CPCD 核心数据库", "D CPCD literature or single secondary",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("certificate PDF text lacks %q", s)
		}
	}
	if t.Failed() {
		t.Logf("PDF text:\n%s", text)
	}

	// The public verification page.
	status, page := call(t, "GET", base+"/v1/certificates/"+id+"/verify?format=html", "", "")
	if status != 200 {
		t.Fatalf("verify page: %d", status)
	}
	for _, s := range []string{
		`<li data-factor="CPCD-46410X0212023C">`, `<li data-factor="CPCD-17100H1562020A"><span class="mono nb">CPCD-17100H1562020A</span> 电网 grid 2020年云南省电网碳足迹排放因子`,
		`等级 grade <b class="grade">C</b>`, `等级 grade <b class="grade">D</b>`, "来源 source CPCD 17100H1562020A", "来源 source CPCD 46410X0212023C",
	} {
		if !strings.Contains(string(page), s) {
			t.Errorf("verify page lacks %q", s)
		}
	}
}

// labelsPct is a share as the certificate prints it (three significant
// figures, as labels formats shares).
func labelsPct(x float64) string {
	return strconv.FormatFloat(footprint.RoundSig(x, 3), 'f', -1, 64) + " %"
}
