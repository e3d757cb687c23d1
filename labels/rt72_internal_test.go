package labels

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// rt72Format7 is a format-7 certificate issued by the certification body
// with these names and approval number.
func rt72Format7(zh, en, approval string) *certification.Certificate {
	c := format6Certificate(&certification.CertificateUseScenario{AnnualKWh: 20, LifetimeYears: 4, Country: "CN", Factor: "ELEC-CN-NAT-CF-2024"})
	c.Format, c.CreditsKgCO2e = 7, -4.3365
	c.Certifier.NameZH, c.Certifier.NameEN, c.Certifier.ApprovalNumber = zh, en, approval
	return c
}

// Red team 72 (the forger): red team 70 left a label of layout 6 of a
// certificate issued now verifying. Layout 6 cut a long certification
// body's names with "…" on one line, so that the labels of two bodies whose
// names differ after the cut (…天府新区郫都分公司 and …天府新区武侯分公司)
// read alike, and printed no approval number; anyone holding the public
// signed content renders that label with an earlier pcf, and VerifyPDF
// called it genuine. Ensure a label of a layout before 7 that cuts the
// body's names is refused for a certificate issued after the day layout 7
// was released (the DQR precedent: layout3MisreadsDQR), naming the names
// the certificate signs; that the label the service issues (layout 7)
// verifies; and that layout-6 labels still verify where they misstate
// nothing (a body whose names the label printed whole) or where the
// certificate was issued before (testdata/document6, among them both
// bodies' labels).
func TestRedteam72_EarlierLabelCuttingTheBodyOfANewCertificate(t *testing.T) {
	const (
		longZH = "成都市示例产品碳足迹与绿色低碳认证服务中心有限公司四川自由贸易试验区成都高新技术产业开发区天府新区郫都分公司"
		longEN = "Chengdu Example Product Carbon Footprint Certification Service Centre Co., Ltd., Pidu Branch"
	)
	r := mustTestRenderer(t)
	after := time.Date(2026, 12, 6, 16, 0, 0, 0, time.UTC) // 2026-12-07 00:00 in China
	before := after.Add(-time.Second)

	sc, keys, url := signedWithURL(t, rt72Format7(longZH, longEN, "CNCA-R-2026-101"), "rt72", after)
	issued, _ := mustRenderDocument(t, r, sc, layoutCurrent, kindLabel, url)
	if rep, err := r.VerifyPDF(issued, keys); err != nil || len(rep.Differences) != 0 {
		t.Fatalf("the label the service issues: %v %+v", err, rep)
	}
	// A format-6 certificate (a service of before format 7 issues them
	// still) has labels of layout 4 on (minLayout), all of which cut.
	c6 := rt72Format7(longZH, longEN, "CNCA-R-2026-101")
	c6.Format, c6.CreditsKgCO2e = 6, 0
	sc6, keys6, url6 := signedWithURL(t, c6, "rt72", after)
	for _, tt := range []struct {
		sc   *certification.SignedCertificate
		keys []certification.PublicKey
		url  string
		old  int
	}{{sc, keys, url, layoutV6}, {sc6, keys6, url6, layoutV4}, {sc6, keys6, url6, layoutV5}} {
		sc, keys, url, old := tt.sc, tt.keys, tt.url, tt.old
		forged, d := mustRenderDocument(t, r, sc, old, kindLabel, url)
		if draws(d, "郫都") || draws(d, "CNCA-R-2026-101") {
			t.Fatalf("test premise: the layout-%d label prints the branch or the approval number", old)
		}
		_, err := r.VerifyPDF(forged, keys)
		if err == nil || !strings.Contains(err.Error(), "which cuts the certification body's names") || !strings.Contains(err.Error(), longZH) || !strings.Contains(err.Error(), "CNCA-R-2026-101") {
			t.Errorf("a layout-%d label cutting the body of a certificate issued %s: %v, want refused naming the signed body", old, after, err)
		}
	}

	// Issued the second before: as the service of the day wrote it.
	sc, keys, url = signedWithURL(t, rt72Format7(longZH, longEN, "CNCA-R-2026-101"), "rt72", before)
	old, _ := mustRenderDocument(t, r, sc, layoutV6, kindLabel, url)
	if rep, err := r.VerifyPDF(old, keys); err != nil || len(rep.Differences) != 0 {
		t.Errorf("a layout-6 label of a certificate issued %s: %v %+v, want genuine", before, err, rep)
	}

	// A body whose names layout 6 printed whole: nothing is misread.
	sc, keys, url = signedWithURL(t, rt72Format7("示例认证中心", "Demo Certification Centre", "CNCA-R-2026-999"), "rt72", after.Add(72*time.Hour))
	whole, d := mustRenderDocument(t, r, sc, layoutV6, kindLabel, url)
	if !draws(d, "示例认证中心 Demo Certification Centre") {
		t.Fatal("test premise: layout 6 prints the short names whole")
	}
	if rep, err := r.VerifyPDF(whole, keys); err != nil || len(rep.Differences) != 0 {
		t.Errorf("a layout-6 label printing the body whole: %v %+v, want genuine", err, rep)
	}
}

// labelCertifierSize is the type of the label's certification body as
// layout 7 prints c's.
func labelCertifierSize(r *Renderer, c *certification.Certificate) float64 {
	for _, o := range r.layoutLabel(c, layoutCurrent, nil).pages[0] {
		if o.kind == opText && o.field == labelCertifierField {
			return o.size
		}
	}
	return 0
}

// Red team 72 (the forger): layout 7 prints a certification body whole in
// type down to 2.6 pt, and the issue and the registration admitted any
// names it printed whole. At 2.6 pt a Han character is 0.92 mm, 10.8 dots
// of a 300 dpi label printer (7.3 of a 203 dpi one): rendered so
// (pdftoppm -r 300 -mono, -r 203 -mono) 郫 is a blot and the approval
// number CNCA-R-2026-101 reads CNCA-R-2028-1G1, so two bodies whose names
// differ in a character and whose numbers differ in a digit print alike
// once printed. Ensure names the label prints whole only below
// labelCertLegible (3 pt, the least type of the label's other lines) are
// refused at issue (certifier.name_zh; certifier.name_en for a body with
// no Chinese name) and at registration (name_zh; org), in both languages
// naming the size; that every name admitted prints at 3 pt or more; that
// red team 70's two bodies (3.3 pt) pass; and that a certificate issued
// before with such names renders and verifies as it did.
func TestRedteam72_CertifierTypeTooSmallToReadRefused(t *testing.T) {
	r := mustTestRenderer(t)
	ctx := context.Background()
	small := func(zh, en string) *certification.Certificate { return rt72Format7(zh, en, "CNCA-R-2026-101") }
	for _, tt := range []struct {
		c              *certification.Certificate
		atIssue, atOrg string
	}{
		{small(strings.Repeat("认证", 55), "Example Certification Centre"), "certifier.name_zh", "name_zh"},                          // 110 Han characters
		{small(strings.Repeat("认证", 30), "Example "+strings.Repeat("Certification ", 9)+"Centre"), "certifier.name_zh", "name_zh"}, // 60 and 140 (an English name alone, at most 200 letters, prints in 3.4 pt)
	} {
		size := labelCertifierSize(r, tt.c)
		if shown, _, whole := r.labelCertifierWhole(tt.c); !whole || size >= labelCertLegible || size < labelCertMin {
			t.Fatalf("test premise: %q printed whole in %.1f pt (whole %v)", shown, size, whole)
		}
		err := r.CheckCertificate(ctx, tt.c)
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.atIssue ||
			!strings.Contains(err.Error(), "磅的小字") || !strings.Contains(err.Error(), "only in 2.") || !strings.Contains(err.Error(), "at least 3.0 pt") {
			t.Errorf("names printed in %.1f pt at issue: %v, want refused naming %s and the size", size, err, tt.atIssue)
		}
		err = r.CheckCertifier(tt.c.Certifier.NameZH, tt.c.Certifier.NameEN, tt.c.Certifier.ApprovalNumber)
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.atOrg || !strings.Contains(err.Error(), "register shorter names") {
			t.Errorf("names printed in %.1f pt at registration: %v, want refused naming %s", size, err, tt.atOrg)
		}
		// Issued before the check: rendered and verified as it was.
		sc, keys, url := signedWithURL(t, tt.c, "rt72 small", time.Date(2026, 12, 6, 15, 0, 0, 0, time.UTC))
		label, _ := mustRenderDocument(t, r, sc, layoutCurrent, kindLabel, url)
		if rep, err := r.VerifyPDF(label, keys); err != nil || len(rep.Differences) != 0 {
			t.Errorf("label of a certificate issued before, its body in %.1f pt: %v %+v", size, err, rep)
		}
	}

	// The longest Chinese name admitted prints at 3 pt or more.
	c := footprinttest.Certificate()
	for c.Certifier.NameZH = "认"; r.checkLabelCertifier(c) == nil; c.Certifier.NameZH += "证" {
		if size := labelCertifierSize(r, c); size < labelCertLegible {
			t.Fatalf("%d Han characters admitted, printed in %.1f pt", len([]rune(c.Certifier.NameZH)), size)
		}
	}
	if n := len([]rune(c.Certifier.NameZH)) - 1; n < 100 {
		t.Errorf("only %d Han characters admitted", n)
	}
	for _, b := range []struct{ zh, en string }{{"郫都", "Pidu"}, {"武侯", "Wuhou"}} {
		c := rt72Format7("成都市示例产品碳足迹与绿色低碳认证服务中心有限公司四川自由贸易试验区成都高新技术产业开发区天府新区"+b.zh+"分公司",
			"Chengdu Example Product Carbon Footprint Certification Service Centre Co., Ltd., "+b.en+" Branch", "CNCA-R-2026-101")
		if err := r.checkLabelCertifier(c); err != nil {
			t.Errorf("red team 70's %s branch (%.1f pt): %v", b.en, labelCertifierSize(r, c), err)
		}
	}
}
