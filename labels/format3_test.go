package labels_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/labels"
)

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
