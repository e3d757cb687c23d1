package api_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Red team 8, the DQR's coverage: the certificate printed the DQR, which
// rates the lines carrying quality scores only, without the share of the
// total they cover, so a DQR of one small well-rated line read as the
// footprint's. Ensure an issued certificate signs the coverage (format 5),
// the verification answer states it with the DQR and the page and the
// certificate PDF (the real renderer, read back with pdftotext) print it
// next to the DQR in both languages.
func TestRedteam8_DQRCoverageSignedAndShown(t *testing.T) {
	st := newRenderingStack(t)
	fx := st.seedFixture(t, "")
	target := "/v1/certificates/" + fx.cert + "/verify"
	v := MustData[struct {
		DataQuality struct {
			DQR            float64  `json:"dqr"`
			DQRLevel       string   `json:"dqr_level"`
			DQRCoveragePct *float64 `json:"dqr_coverage_pct"`
			Printed        string   `json:"printed"`
		} `json:"data_quality"`
		Signed json.RawMessage `json:"signed"`
	}](t, st.do(t, request{method: "GET", target: target}), 200)
	sc, err := certification.ParseSignedCertificate(v.Signed)
	if err != nil {
		t.Fatal(err)
	}
	c, dq := sc.Certificate, v.DataQuality
	if c.Format != 5 || c.DQR == 0 || c.DQRCoveragePct <= 0 || !strings.Contains(string(sc.Content), `"dqr_coverage_pct":`) {
		t.Fatalf("signed: format %d, DQR %v over %v %%", c.Format, c.DQR, c.DQRCoveragePct)
	}
	zh, en := certification.DQRCoverageText(c.DQRCoveragePct)
	printed := "DQR " + certification.FormatDQR(c.DQR) + " " + certification.DQRLevelZH[dq.DQRLevel] + " " + dq.DQRLevel + " · " + zh + " / " + en
	if dq.DQR != c.DQR || dq.DQRCoveragePct == nil || *dq.DQRCoveragePct != c.DQRCoveragePct || dq.Printed != printed {
		t.Errorf("data_quality %+v, want the signed DQR %v over %v %% printed %q", dq, c.DQR, c.DQRCoveragePct, printed)
	}
	if page := getHTML(t, st.srv, target).Body.String(); !strings.Contains(page, printed) {
		t.Errorf("the verification page lacks %q", printed)
	}

	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	out := st.certificatePDFText(t, fx.cert, "-layout")
	if text := strings.Join(strings.Fields(out), " "); !strings.Contains(text, "数据质量 Data quality "+printed) {
		t.Errorf("the certificate PDF lacks %q:\n%s", printed, out)
	}
}

// certificatePDFText downloads the certificate PDF of certificate id as
// its holder and returns its text as pdftotext extracts it, with args
// ("-layout") before the file.
func (st *stack) certificatePDFText(t *testing.T, id string, args ...string) string {
	t.Helper()
	rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + id + "/certificate.pdf", as: asMaker})
	if rec.Code != 200 {
		t.Fatalf("certificate.pdf: %d %s", rec.Code, rec.Body)
	}
	path := filepath.Join(t.TempDir(), "c.pdf")
	if err := os.WriteFile(path, rec.Body.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", append(args, "-enc", "UTF-8", path, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
