package labels

import (
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/certification"
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
