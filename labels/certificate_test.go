package labels_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
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
			"不确定性范围 Uncertainty range", "470–561 kgCO2e/块（P2.5–P97.5；中位数 median 512；蒙特卡洛 Monte Carlo 1000 次 runs）",
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
	keys := footprinttest.PublicKeys(t, jwks)
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

// Ensure documents rendered in layout pcf-document/2 (testdata/document2:
// format-2 and format-3 certificates and labels, as downloaded until layout
// pcf-document/3) still verify byte for byte, rendered again in their own
// layout.
func TestVerifyPDF_Layout2AsIssued(t *testing.T) {
	checkLayoutAsIssued(t, "document2", "pcf-document/2", "certificate-v2.pdf", "label-v2.pdf", "certificate-v3.pdf", "label-v3.pdf")
}

// checkLayoutAsIssued checks that each document of testdata/dir is of
// layout and verifies byte for byte against the fixture's keys.
func checkLayoutAsIssued(t *testing.T, dir, layout string, names ...string) {
	t.Helper()
	f := newFixture(t)
	for _, name := range names {
		pdf, err := os.ReadFile(filepath.Join("testdata", dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(pdf, []byte("("+layout+" ")) {
			t.Fatalf("%s: not of layout %s", name, layout)
		}
		rep, err := labels.VerifyPDF(pdf, f.keys())
		if err != nil || !rep.OK() || len(rep.Differences) != 0 {
			t.Errorf("%s: %v %+v", name, err, rep)
		}
	}
}

// Ensure documents rendered in layout pcf-document/3 (testdata/document3,
// as downloaded until layout pcf-document/4) still verify byte for byte,
// rendered again in their own layout, and that the documents rendered now
// are of the current layout (pcf-document/9 since session 51).
func TestVerifyPDF_Layout3AsIssued(t *testing.T) {
	checkLayoutAsIssued(t, "document3", "pcf-document/3", "certificate-v2.pdf", "label-v2.pdf", "certificate-v3.pdf", "label-v3.pdf", "certificate.pdf", "label.pdf")
	if now := renderLabel(t, newFixtureV3(t).sc); !bytes.Contains(now, []byte("("+labels.DocumentFormat+" label ")) || labels.DocumentFormat != "pcf-document/9" {
		t.Errorf("a label rendered now is not of layout pcf-document/9 (DocumentFormat %s)", labels.DocumentFormat)
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

// Ensure the application-time check (CheckStudy) covers the reasons of
// stages not applicable as the issue does: red team 15 applied with a
// right-to-left override (U+202E) in one, and learned of it only when the
// certifier's issue failed.
func TestCheckStudy_NotApplicableReason(t *testing.T) {
	r := mustRenderer(t)
	st := &footprint.Study{Product: footprint.Product{Name: "Demo module", Model: "DEMO-1"}}
	st.NotApplicable = []footprint.StageNotApplicable{{Stage: "A3", Reason: "made on site 本厂自产"}}
	if err := r.CheckStudy(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	for _, reason := range []string{"made on site \u202e", "由 𠀀 代工"} {
		st.NotApplicable[0].Reason = reason
		err := r.CheckStudy(context.Background(), st)
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "not_applicable[0].reason" {
			t.Errorf("%q: %v (field %q), want EINVALID on not_applicable[0].reason", reason, err, footprint.ErrorField(err))
		}
	}
}

// newCertificateV3 returns newCertificateV2 in format 3
// (pcf-certificate/3), naming the factors that carry its footprint: two
// CPCD factors (grades C and D, Chinese names only, as CPCD publishes
// them), a curated one, and the national grid factor. Its figures are test
// data for a fictitious product, not results of any real study.
func newCertificateV3() *certification.Certificate {
	c := newCertificateV2()
	c.Format = 3
	f := func(code, zh, en string, kg float64, grade, source string, grid bool) certification.CertificateFactor {
		return certification.CertificateFactor{Code: code, NameZH: zh, NameEN: en, Set: c.FactorSet, Grid: grid, KgCO2e: kg, SharePct: kg / c.KgCO2e * 100,
			Grade: grade, Source: source}
	}
	c.Factors = []certification.CertificateFactor{
		f("CPCD-46410X0212023C", "PERC 太阳电池", "", 203.5, "C", "CPCD 46410X0212023C", false),
		f("MAT-GLASS-SOLAR-CN", "光伏压延玻璃", "Solar rolled glass", 120.5, "D", "CPCD 37112X0012018C", false),
		f("CPCD-41532X0012012A", "铝型材", "", 49.3, "D", "CPCD 41532X0012012A", false),
		f("ELEC-CN-NAT-CF-2024", "全国电力平均碳足迹因子（2024）", "China national grid electricity, life cycle (2024)", 45.2, "A",
			"MEE 2024 electricity carbon-footprint factors, annex table 1", true),
	}
	return c
}

func newFixtureV3(tb testing.TB) fixture { return signedFixture(tb, newCertificateV3()) }

// Ensure the text of a format-3 certificate, as pdftotext extracts it,
// names each factor that carries the footprint on one row with its set,
// share, grade and source, marks the grid factor, says what share the
// factors cover, and gives the grade legend in both languages.
func TestRender_TextFormat3(t *testing.T) {
	f := newFixtureV3(t)
	text := pdftotextLayout(t, renderCert(t, f.sc))
	var lines []string // each line of the page, its words joined by one space
	for _, ln := range strings.Split(text, "\n") {
		lines = append(lines, strings.Join(strings.Fields(ln), " "))
	}
	flat := strings.Join(lines, "\n")
	for _, s := range []string{
		"主要排放因子 Main emission factors", "因子 Factor 因子集 Set 占比 Share 等级 Grade 来源 Source",
		// One row: code, set, share, grade and source; the names below.
		"CPCD-46410X0212023C 2026.1 39.7 % C CPCD 46410X0212023C\nPERC 太阳电池",
		"MAT-GLASS-SOLAR-CN 2026.1 23.5 % D CPCD 37112X0012018C\n光伏压延玻璃 Solar rolled glass",
		"CPCD-41532X0012012A 2026.1 9.63 % D CPCD 41532X0012012A\n铝型材",
		"ELEC-CN-NAT-CF-2024 电网 grid 2026.1 8.83 % A MEE 2024 electricity carbon-footprint",
		"所列因子合计占碳足迹 81.7 %", "The factors listed make up 81.7 % of the footprint",
		"C CPCD 核心数据库", "D CPCD literature or single secondary",
		// Format 2's content stays.
		"不确定性范围 Uncertainty range", "因子集摘要 Factor-set digest",
	} {
		if !strings.Contains(flat, s) {
			t.Errorf("certificate text lacks %q", s)
		}
	}
	if t.Failed() {
		t.Logf("text:\n%s", text)
	}
}

// Ensure genuine format-3 documents verify: certificates at every status,
// labels, and a certificate naming the most factors a certificate may
// (eight main factors and twenty grid factors, these from a set with the
// longest version a set may have), which flows over pages.
func TestVerifyPDF_GenuineFormat3(t *testing.T) {
	fx := newFixtureV3(t)
	many := newCertificateV3()
	many.Factors, many.Electricity.GridFactors = nil, nil
	for i := range certification.MaxCertificateMainFactors {
		many.Factors = append(many.Factors, certification.CertificateFactor{Code: fmt.Sprintf("CPCD-%05dX0012020C", i), NameZH: strings.Repeat("长名称的因子", 4),
			Set: many.FactorSet, KgCO2e: 50 - float64(i), SharePct: (50 - float64(i)) / 5.12, Grade: "C", Source: fmt.Sprintf("CPCD %05dX0012020C", i)})
	}
	for i := range footprint.MaxCertificateCodes {
		code := fmt.Sprintf("CPCD-17100H%03d2020A", i)
		many.Electricity.GridFactors = append(many.Electricity.GridFactors, code)
		many.Factors = append(many.Factors, certification.CertificateFactor{Code: code, NameZH: "2020年某省电网碳足迹排放因子", Set: "CPCD-2026.03-with-a-long-version", Grid: true,
			KgCO2e: 0.5, SharePct: 0.5 / 5.12, Grade: "D", Source: fmt.Sprintf("CPCD 17100H%03d2020A", i)})
	}
	docs := mustRenderGenuine(t, mustRenderer(t), fx, map[string]*certification.Certificate{"many-factors": many})
	for name, pdf := range docs {
		rep, err := labels.VerifyPDF(pdf, fx.keys())
		if err != nil || !rep.OK() || len(rep.Differences) != 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	// The long one flows onto further pages, every factor printed.
	text := pdftotext(t, docs["certificate/many-factors"])
	for _, code := range many.Electricity.GridFactors {
		if !strings.Contains(text, code) {
			t.Errorf("grid factor %s not printed", code)
		}
	}
}

// pdftotextLayout is pdftotext with -layout: the text of each line as it
// stands on the page, so that a table row reads as one line.
func pdftotextLayout(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := lookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	in := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := run(bin, "-layout", "-enc", "UTF-8", in, "-")
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return out
}

// Ensure a factor name the font cannot fully draw (CPCD publishes a few:
// bopomofo in a pencil's name, Roman numerals in cars' emission standards)
// neither blocks the issue nor prints empty boxes: the font check passes,
// the table prints the character as its code point, the document verifies,
// and the signed content keeps the name as published. Text the certifier
// controls is still checked.
func TestRender_Format3UnprintableFactorName(t *testing.T) {
	r := mustRenderer(t)
	c := newCertificateV3()
	c.Factors[2].NameZH = "NO.996 ㄅㄆㄇ三角涂头铅笔(HB)"
	c.Factors[1].Source = "CPCD 49113X0162019A 国Ⅰ-国Ⅴ"
	if err := r.CheckCertificate(context.Background(), c); err != nil {
		t.Fatalf("factor name the font lacks: %v", err)
	}
	fx := newFixtureV3(t)
	fx.sc = footprinttest.Sign(t, c, fx.key)
	pdf := renderCert(t, fx.sc)
	if _, err := labels.VerifyPDF(pdf, fx.keys()); err != nil {
		t.Fatal(err)
	}
	text := pdftotext(t, pdf)
	joined := strings.Join(strings.Fields(text), "") // the lines as wrapped, joined
	for _, s := range []string{"NO.996[U+3105][U+3106][U+3107]三角涂头铅笔(HB)", "国[U+2160]-国[U+2164]"} {
		if !strings.Contains(joined, s) {
			t.Errorf("text lacks %q:\n%s", s, text)
		}
	}
	if !strings.Contains(string(fx.sc.Content), "ㄅㄆㄇ三角涂头铅笔") {
		t.Error("the signed content does not keep the name as published")
	}
	c.Certifier.Signatory = "张𠀀"
	if err := r.CheckCertificate(context.Background(), c); footprint.ErrorField(err) != "certifier.signatory" {
		t.Errorf("unprintable signatory: err = %v", err)
	}
}

// Ensure a per-module certificate does not print a batch of green
// certificates (1,000 MWh, the manufacturer's purchase for the year, spread
// over its output) as if it were one module's: it says under the batch
// whose purchase it is, for which period, and that it is not per module,
// in Chinese and English; and the document still verifies.
func TestRender_GreenBatchIsTheManufacturers(t *testing.T) {
	c := newCertificateV3()
	c.Electricity.Instruments = []certification.CertificateInstrument{{Kind: footprint.InstrumentGreenCertificate, Serial: "GEC-2025-0001", SerialLast: "GEC-2025-1000", MWh: 1000}}
	f := signedFixture(t, c)
	pdf := renderCert(t, f.sc)
	text := strings.Join(strings.Fields(pdftotext(t, pdf)), " ")
	for _, s := range []string{
		"绿证 GEC GEC-2025-0001 – GEC-2025-1000 1,000 MWh",
		"生产者在数据期间购买的总量，并非每块 the manufacturer's total purchase for the reference period, not per module",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("certificate text lacks %q:\n%s", s, text)
		}
	}
	if _, err := labels.VerifyPDF(pdf, f.keys()); err != nil {
		t.Fatal(err)
	}
}

// Ensure a certificate whose study buys no electricity says so in both
// languages alike, 无外购电力 no purchased electricity: the English read "no
// electricity" on a laptop whose use stage is mostly grid electricity.
func TestRender_NoPurchasedElectricity(t *testing.T) {
	c := newElectronicsV2()
	c.Electricity = certification.CertificateElectricity{Approach: footprint.ElectricityNone}
	f := signedFixture(t, c)
	text := strings.Join(strings.Fields(pdftotext(t, renderCert(t, f.sc))), " ")
	if !strings.Contains(text, "无外购电力 no purchased electricity") {
		t.Errorf("certificate text lacks 无外购电力 no purchased electricity:\n%s", text)
	}
}

// pefLevel is the PEF level of an overall DQR (reference/standards.md
// §5.1: ≤1.5 excellent, >1.5–2.0 very good, >2.0–3.0 good, >3.0–4.0 fair,
// >4.0 poor), as an index: 0 is excellent.
func pefLevel(dqr float64) int {
	for i, max := range []float64{1.5, 2, 3, 4} {
		if dqr <= max {
			return i
		}
	}
	return 4
}

var printedDQR = regexp.MustCompile(`DQR (\d+(?:\.\d+)?)`)

// Red team 20: ensure the DQR a certificate prints reads in the PEF level
// of the study's DQR. The certificate prints the DQR with one decimal
// (strconv 'f', 1) beside "PEF：1 最优 best – 5", and the PEF levels
// (reference/standards.md §5.1) break at 1.5, 2.0, 3.0 and 4.0, so rounding
// to one decimal moves a study just above a bound into the better level: a
// study of DQR 2.04, "good" in the result (footprint.Result.DQRLevel),
// prints "DQR 2.0", which the PEF table reads as "very good"; 1.54 ("very
// good") prints "1.5" (excellent), 3.04 (fair) "3.0" (good). A manufacturer
// tunes one line's dq scores to land just above a bound. A correct
// certificate prints a figure that stays in the study's level (two
// decimals, or rounded up, the direction that never flatters) or prints
// the level's words beside it. Fix in labels/certificate.go (the "dqr"
// field); no new cited figure is needed, the levels are in standards.md.
func TestRedteam20_DQRRoundedIntoABetterLevel(t *testing.T) {
	words := map[float64]string{1.501: "DQR 1.51 很好 very good", 1.54: "DQR 1.54 很好 very good", 2.04: "DQR 2.04 良好 good", 3.04: "DQR 3.04 一般 fair", 1.5: "DQR 1.50 优秀 excellent"}
	for _, dqr := range []float64{1.501, 1.54, 2.04, 3.04, 1.5} {
		c := newCertificateV3()
		c.DQR = dqr
		f := signedFixture(t, c)
		text := strings.Join(strings.Fields(pdftotextLayout(t, renderCert(t, f.sc))), " ")
		m := printedDQR.FindStringSubmatch(text)
		if m == nil {
			t.Fatalf("DQR %v: the certificate prints no DQR: %s", dqr, text)
		}
		printed, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text, words[dqr]) { // layout 4: rounded up, the level in words
			t.Errorf("DQR %v: want %q on the certificate: %s", dqr, words[dqr], m[0])
		}
		if pefLevel(printed) < pefLevel(dqr) {
			t.Errorf("study DQR %v (PEF level %d) printed as %q, which reads as level %d, a better one", dqr, pefLevel(dqr), m[0], pefLevel(printed))
		}
	}
}

// newCertificateV5 returns newCertificateV3 in format 5 (pcf-certificate/5),
// signing the service's address and its DQR's coverage: a DQR of 1.2
// (excellent) over 4.5 % of the total, the rest of the footprint unrated
// (red team 8). Its figures are test data for a fictitious product.
func newCertificateV5() *certification.Certificate {
	c := newCertificateV3()
	c.Format, c.VerifyBase = 5, "https://pcf.example.cn"
	c.DQR, c.DQRCoveragePct = 1.2, 4.5
	return c
}

// Red team 8, the DQR's coverage: a certificate printed its DQR without
// the share of the total it covers, so that one small line with excellent
// scores, the rest unrated, printed "DQR 1.20 优秀 excellent" for the whole
// footprint. Ensure a format-5 certificate prints the signed coverage next
// to the DQR in both languages (pdftotext finds it on the DQR's line), its
// documents verify, a page whose coverage is edited does not, and an
// earlier format prints no coverage (it signs none).
func TestRedteam8_DQRPrintedWithoutItsCoverage(t *testing.T) {
	f := signedFixture(t, newCertificateV5())
	pdf := renderCert(t, f.sc)
	var lines []string
	for _, ln := range strings.Split(pdftotextLayout(t, pdf), "\n") {
		lines = append(lines, strings.Join(strings.Fields(ln), " "))
	}
	flat := strings.Join(lines, "\n")
	for _, s := range []string{
		"数据质量 Data quality DQR 1.20 优秀 excellent · 覆盖总量的 4.5 % / covers 4.5 % of the total",
		"初级数据占比 Primary-data share 64.5 %",
	} {
		if !strings.Contains(flat, s) {
			t.Errorf("certificate text lacks %q", s)
		}
	}
	if t.Failed() {
		t.Logf("text:\n%s", flat)
	}
	checkGenuine(t, f, pdf, renderLabel(t, f.sc))
	checkPageEditRefused(t, f, pdf, "covers 4.5 %", "covers 95 %", "dqr_coverage_pct: the page shows \"DQR 1.20 优秀 excellent · 覆盖总量的 4.5 % / covers 95 % of the total\"")
	for _, old := range []*certification.Certificate{newCertificateV3(), newCertificate()} {
		if text := pdftotext(t, renderCert(t, signedFixture(t, old).sc)); strings.Contains(text, "覆盖总量") || strings.Contains(text, "of the total") {
			t.Errorf("a format-%d certificate, which signs no coverage, prints one:\n%s", old.Format, text)
		}
	}
}
