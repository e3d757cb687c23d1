package labels

import (
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// format5Certificate is format4Certificate in certificate format 5: its
// DQR (dqr) covers pct % of the total.
func format5Certificate(dqr, pct float64) *certification.Certificate {
	c := format4Certificate()
	c.Format, c.DQR, c.DQRCoveragePct = 5, dqr, pct
	return c
}

// Ensure a format-5 certificate prints its DQR's coverage on the DQR's
// line, rounded down (never a larger share than signed), within the
// page's content and over no other text, whatever the level and share.
func TestLayoutCertificate_Format5DQRCoverage(t *testing.T) {
	for _, tt := range []struct {
		dqr, pct float64
		want     string
	}{
		{2.48, 100, "DQR 2.48 良好 good · 覆盖总量的 100 % / covers 100 % of the total"},
		{1.2, 4.5, "DQR 1.20 优秀 excellent · 覆盖总量的 4.5 % / covers 4.5 % of the total"},
		{4.6, 79.96, "DQR 4.60 差 poor · 覆盖总量的 79.9 % / covers 79.9 % of the total"},
		{1.541, 0.04567, "DQR 1.55 很好 very good · 覆盖总量的 0.0456 % / covers 0.0456 % of the total"},
	} {
		d := layout(t, format5Certificate(tt.dqr, tt.pct), certification.CertificateValid)
		found := false
		for _, page := range d.pages {
			var texts []op
			for _, o := range page {
				if o.kind != opText {
					continue
				}
				texts = append(texts, o)
				if o.s == tt.want {
					found = true
					if _, _, x1, _ := textBox(d, o); x1 > certPageW-certMargin {
						t.Errorf("%q ends at x %.1f mm, past the content's right edge", o.s, x1)
					}
				}
			}
			for i, a := range texts {
				ax0, ay0, ax1, ay1 := textBox(d, a)
				for _, b := range texts[i+1:] {
					bx0, by0, bx1, by1 := textBox(d, b)
					if ax1 > bx0 && bx1 > ax0 && ay1 > by0 && by1 > ay0 {
						t.Errorf("%q (y %.2f mm) overlaps %q (y %.2f mm)", a.s, a.y, b.s, b.y)
					}
				}
			}
		}
		if !found {
			t.Errorf("%v over %v %%: no text %q", tt.dqr, tt.pct, tt.want)
		}
	}
	d := layout(t, format5Certificate(0, 0), certification.CertificateValid)
	if !draws(d, tNotRated.String()) || draws(d, tDQRCovers.en[:6]) {
		t.Error("a format-5 certificate whose DQR is not rated: want 未评级 not rated and no coverage")
	}
}

// Ensure a document of a format-5 certificate in a layout before 4, the
// first to print the DQR's coverage, is refused: the service never wrote
// one, and it would print the DQR without its coverage (red team 8).
func TestVerifyPDF_Layout3DocumentOfAFormat5Certificate(t *testing.T) {
	r := mustTestRenderer(t)
	sc, keys, url := signedWithURL(t, format5Certificate(1.2, 4.5), "red team 8", time.Date(2026, 12, 5, 2, 0, 0, 0, time.UTC))
	issued, d4 := mustRenderDocument(t, r, sc, layoutCurrent, kindCertificate, url)
	if _, err := r.VerifyPDF(issued, keys); err != nil || !draws(d4, "covers 4.5 % of the total") {
		t.Fatalf("the document the service issued: %v", err)
	}
	forged, d3 := mustRenderDocument(t, r, sc, layoutV3, kindCertificate, url)
	if draws(d3, "of the total") {
		t.Fatal("test premise: layout 3 prints no coverage")
	}
	if _, err := r.VerifyPDF(forged, keys); err == nil || !strings.Contains(err.Error(), "never wrote for a certificate of format 5") {
		t.Errorf("a layout-3 document of a format-5 certificate: %v, want refused", err)
	}
}
