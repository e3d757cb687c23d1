package labels_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/labels"
	"github.com/google/uuid"
)

// newCertificateV2 returns newCertificate in format 2 (pcf-certificate/2)
// with every field format 2 adds: it supersedes CDPCF-2026-000098, signs
// the study, factor-set and suppliers digests, states a Monte Carlo range,
// a cut-off and a stage not applicable. Its figures are test data for a
// fictitious product, not results of any real study.
func newCertificateV2() *certification.Certificate {
	c := newCertificate()
	c.Format = 2
	c.Revision, c.Supersedes, c.SupersedesNumber = 2, uuid.MustParse("1d2c3b4a-5e6f-4a1b-9c8d-7e6f5a4b3c2d"), "CDPCF-2026-000098"
	c.StudyDigest = "5f0e3c1d9a7b2e4f6a8c0b1d3e5f7a9b2c4d6e8f0a1b3c5d7e9f1a2b4c6d8e0f"
	c.FactorSetDigest = "a3b1c2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"
	c.SuppliersDigest = "9c8e7a6b5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a"
	c.Uncertainty = &certification.CertificateUncertainty{Method: "monte-carlo-lognormal", Runs: 1000, LowPercentile: 2.5, HighPercentile: 97.5,
		LowKgCO2e: 470.25, MedianKgCO2e: 511.5, HighKgCO2e: 560.75}
	c.CutOff = certification.CertificateCutOff{Basis: certification.CutOffEmissions, SharePct: 0.8215, LimitPct: 1, Items: 2}
	c.NotApplicable = []certification.CertificateNotApplicable{{Code: "B1", NameZH: "组件生产", NameEN: "module production",
		Reason: "由代工厂生产，计入供应商证书 made by a contract manufacturer, within its certificate"}}
	return c
}

// newElectronicsV2 is a format-2 certificate of a fictitious laptop, whose
// stage codes are slugs, with a mass-based cut-off and no range.
func newElectronicsV2() *certification.Certificate {
	c := newCertificateV2()
	c.ID, c.Number = uuid.MustParse("5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e"), "CDPCF-2026-000130"
	c.Revision, c.Supersedes, c.SupersedesNumber = 1, uuid.Nil, ""
	c.Rule = certification.CertificateRule{Code: "electronics", Version: "1", NameZH: "电子电器产品", NameEN: "Electronic products"}
	c.Product = certification.CertificateProduct{NameZH: "示例笔记本电脑", NameEN: "Example laptop computer", Model: "EL-14",
		Codes: []footprint.ProductCode{{Scheme: "HS", Code: "847130"}}}
	c.Boundary = footprint.BoundaryCradleToGrave
	c.DeclaredUnit = certification.CertificateDeclaredUnit{Amount: 1, Unit: "piece", LabelZH: "台", LabelEN: "unit"}
	c.KgCO2e = 312
	c.Stages = []certification.CertificateStage{
		{Code: "materials", NameZH: "原材料", NameEN: "materials", KgCO2e: 190},
		{Code: "use", NameZH: "使用", NameEN: "use", KgCO2e: 110},
		{Code: "end-of-life", NameZH: "废弃处置", NameEN: "end of life", KgCO2e: 12},
	}
	c.PerUnit = nil
	c.Uncertainty = nil
	c.CutOff = certification.CertificateCutOff{Basis: certification.CutOffMass, SharePct: 0.4, LimitPct: 1, Items: 1}
	c.NotApplicable = nil
	return c
}

func newFixtureV2(tb testing.TB) fixture { return signedFixture(tb, newCertificateV2()) }

// Ensure the text of a format-2 certificate and label, as pdftotext
// extracts it, shows what format 2 signs: the superseded certificate by
// number, the Monte Carlo range with its percentiles, the cut-off share,
// the stage not applicable with its reason, the supplier certificates, and
// the study and factor-set digests.
func TestRender_TextFormat2(t *testing.T) {
	f := newFixtureV2(t)
	c := f.sc.Certificate
	cert := pdftotext(t, renderCert(t, f.sc))
	label := pdftotext(t, renderLabel(t, f.sc))
	for _, tt := range []struct {
		name, text string
		want       []string
	}{
		{"certificate", cert, []string{
			"替代证书 Supersedes", "CDPCF-2026-000098",
			"不确定性范围 Uncertainty range", "470–561 kgCO2e（P2.5–P97.5；中位数 median 512；蒙特卡洛 Monte Carlo 1000 次 runs）",
			"取舍（截断） Cut-off", "0.822 % 排放（筛选估算） of emissions (screening estimate) · 2 项 items · 限值 limit 1 %",
			"不适用阶段 Stages not applicable", "B1 组件生产 module production：由代工厂生产",
			"研究摘要 Study digest (SHA-256)", c.StudyDigest, "因子集摘要 Factor-set digest", c.FactorSetDigest,
			"供应商摘要 Suppliers digest", c.SuppliersDigest,
			"--study STUDY.json --factors SET.csv",
		}},
		{"label", label, []string{"区间 range", "P2.5–P97.5 470–561 kgCO2e", "取舍 cut-off 0.822 %", "512", "CDPCF-2026-000123"}},
	} {
		flat := strings.Join(strings.Fields(tt.text), " ")
		for _, s := range tt.want {
			if !strings.Contains(flat, strings.Join(strings.Fields(s), " ")) {
				t.Errorf("%s text lacks %q", tt.name, s)
			}
		}
		if t.Failed() {
			t.Logf("%s text:\n%s", tt.name, tt.text)
		}
	}
	if strings.Contains(cert, c.Supersedes.String()) {
		t.Error("the certificate prints the superseded certificate's UUID, not its number")
	}
}

// Ensure PDFs issued before format 2 existed (testdata/format1: a
// certificate and a label downloaded from pcf serve at commit 80a782c,
// with that server's keys) still verify byte for byte.
func TestVerifyPDF_Format1AsIssued(t *testing.T) {
	jwks, err := os.ReadFile("testdata/format1/keys.json")
	if err != nil {
		t.Fatal(err)
	}
	keys, err := certification.ParsePublicKeysJWKS(jwks)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"certificate.pdf", "label.pdf"} {
		pdf, err := os.ReadFile(filepath.Join("testdata", "format1", name))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := labels.VerifyPDF(pdf, keys)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !rep.OK() || len(rep.Differences) != 0 || rep.Signed.Certificate.Format != 0 ||
			!bytes.Contains(rep.Signed.Content, []byte(`"format":"pcf-certificate/1"`)) {
			t.Fatalf("%s: report %+v", name, rep)
		}
	}
	// So do the format-1 golden files.
	f := newFixture(t)
	for _, name := range []string{"certificate.golden.pdf", "label.golden.pdf"} {
		pdf, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := labels.VerifyPDF(pdf, f.keys()); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
}

// Ensure every genuine format-2 document verifies: certificates at every
// status, labels, an electronics certificate without a range, one with
// many stages not applicable, over two pages.
func TestVerifyPDF_GenuineFormat2(t *testing.T) {
	fx := newFixtureV2(t)
	r := mustRenderer(t)
	many := newCertificateV2()
	na := many.NotApplicable[0]
	many.NotApplicable = nil
	for i := range 20 {
		n := na
		n.Code = fmt.Sprintf("X%02d", i)
		n.Reason = strings.Repeat("不适用的理由 reason why the stage does not apply ", 4) + strconv.Itoa(i)
		many.NotApplicable = append(many.NotApplicable, n)
	}
	docs := mustRenderGenuine(t, r, fx, map[string]*certification.Certificate{"electronics": newElectronicsV2(), "many-not-applicable": many})
	for name, pdf := range docs {
		rep, err := labels.VerifyPDF(pdf, fx.keys())
		if err != nil || !rep.OK() || len(rep.Differences) != 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// Ensure the font check covers the text format 2 adds: a stage-not-
// applicable reason the font cannot draw refuses the issue, naming the
// field, rather than printing empty boxes.
func TestCheckCertificate_Format2Text(t *testing.T) {
	r := mustRenderer(t)
	c := newCertificateV2()
	if err := r.CheckCertificate(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	c.NotApplicable[0].Reason = "由 𠀀 代工"
	err := r.CheckCertificate(context.Background(), c)
	if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "not_applicable[0].reason" {
		t.Fatalf("err=%v (field %q), want EINVALID on not_applicable[0].reason", err, footprint.ErrorField(err))
	}
}
