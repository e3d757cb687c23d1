package labels

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/google/uuid"
)

// The layout defects of issue 10 item 7, checked on the drawing (the
// display list both the PDF and the PNG are written from).

// mustTestRenderer returns the renderer VerifyPDF renders with
// (defaultRenderer), made once for the package's tests.
func mustTestRenderer(t *testing.T) *Renderer {
	t.Helper()
	r, err := defaultRenderer()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// demoLikeCertificate resembles the demo PV module certificate: long
// bilingual names, five stages with long names, four standards.
func demoLikeCertificate() *certification.Certificate {
	issued := time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC) // 07:30 on 2 March in Chengdu
	return &certification.Certificate{
		ID: uuid.MustParse("6f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80"), Number: "CDPCF-2026-000001", Revision: 2,
		Supersedes:   uuid.MustParse("1b8f6c2e-4d1a-4f3b-9c5e-7a6b5c4d3e2f"),
		Holder:       certification.CertificateParty{NameZH: "成都示例光伏科技有限公司", NameEN: "Chengdu Example PV Technology Co., Ltd.", Address: "四川省成都市双流区示例路1号"},
		Manufacturer: certification.CertificateParty{NameZH: "示例组件厂", NameEN: "Demo Module Co.", Address: "四川省成都市双流区示例路1号"},
		Sites:        []certification.CertificateParty{{NameZH: "示例组件厂", NameEN: "Demo Module Co.", Address: "Chengdu, Sichuan, China (demo site)"}},
		Certifier:    certification.CertificateCertifier{NameZH: "示例认证中心", NameEN: "Demo Certification Centre", ApprovalNumber: "CNCA-R-2026-999", Signatory: "Zhang San"},
		Product: certification.CertificateProduct{NameZH: "示例单晶硅光伏组件(54片M10电池,108半片)", NameEN: "Demo mono-Si PV module, 54 M10 cells (108 half-cells)", Model: "DEMO-M10-54",
			Codes: []footprint.ProductCode{{Scheme: "HS", Code: "854143"}}},
		Rule: certification.CertificateRule{Code: "pv-module", Version: "1", NameZH: "晶体硅光伏组件", NameEN: "Crystalline silicon PV modules"},
		Standards: []string{"GB/T 24067-2024", "ISO 14067:2018", "晶体硅光伏组件产品碳足迹核算指南 (crystalline-Si PV module guideline: stages A1-A3, B1-B2)",
			"CNCA 产品碳足迹标识认证通用实施规则(试行) (2025-03)"},
		FactorSet: "2026.1", EngineVersion: "footprint/1", Boundary: footprint.BoundaryCradleToGate,
		DeclaredUnit: certification.CertificateDeclaredUnit{Amount: 1, Unit: "piece", LabelZH: "块组件", LabelEN: "module"},
		PeriodStart:  time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC),
		KgCO2e: 150,
		Stages: []certification.CertificateStage{
			{Code: "A1", NameZH: "原材料获取及加工", NameEN: "raw materials and processing", KgCO2e: 144},
			{Code: "A2", NameZH: "能源供应(原材料阶段)", NameEN: "energy supply (raw-material stage)", KgCO2e: 0},
			{Code: "A3", NameZH: "运输", NameEN: "transport (inbound and in-plant)", KgCO2e: 3.24},
			{Code: "B1", NameZH: "组件生产", NameEN: "module production", KgCO2e: 0},
			{Code: "B2", NameZH: "能源(组件生产)", NameEN: "energy (module production)", KgCO2e: 2.76},
		},
		PerUnit: []certification.CertificatePerUnit{{Unit: "kWp", LabelZH: "每千瓦峰值功率", LabelEN: "per kWp of rated power", KgCO2e: 346},
			{Unit: "m²", LabelZH: "每平方米组件面积", LabelEN: "per m² of module area", KgCO2e: 76.9}},
		DQR: 2.5,
		Electricity: certification.CertificateElectricity{Approach: "mixed", GridFactors: []string{"ELEC-CN-NAT-CF-2024"},
			Instruments: []certification.CertificateInstrument{{Kind: footprint.InstrumentGreenCertificate, Serial: "GEC-DEMO-2025-000001", MWh: 1000}}},
		IssuedAt: issued, ExpiresAt: certification.CertificateExpiry(issued, 0),
		StudyID: "8d0c3f1e-2b4a-4c5d-9e6f-7a8b9c0d1e2f", ResultDigest: strings.Repeat("ab", 32),
	}
}

func layout(t *testing.T, c *certification.Certificate, status certification.CertificateStatus) *drawing {
	t.Helper()
	r := mustTestRenderer(t)
	u, _ := certification.CertificateVerifyURL("https://pcf.example.cn", c.ID)
	code, err := r.qrCode(u)
	if err != nil {
		t.Fatal(err)
	}
	return r.layoutCertificate(c, layoutCurrent, "7cbdcab57e19fd9c", make([]byte, 64), status, u, code)
}

// textBox returns the extent of a text operation, mm from the top left.
func textBox(d *drawing, o op) (x0, y0, x1, y1 float64) {
	return o.x, o.y - o.size*ptToMM*0.8, o.x + d.width(o.s, o.size), o.y + o.size*ptToMM*0.2
}

// Ensure no text of the identity block runs into the QR code, whatever the
// status (the status note used to, on suspended and superseded
// certificates).
func TestLayoutCertificate_StatusClearOfQR(t *testing.T) {
	for _, st := range certification.CertificateStatuses {
		t.Run(string(st), func(t *testing.T) {
			d := layout(t, demoLikeCertificate(), st)
			var qr op
			for _, o := range d.pages[0] {
				if o.kind == opQR {
					qr = o
				}
			}
			for _, o := range d.pages[0] {
				if o.kind != opText {
					continue
				}
				x0, y0, x1, y1 := textBox(d, o)
				if x1 > qr.x && x0 < qr.x+qr.w && y1 > qr.y && y0 < qr.y+qr.h {
					t.Errorf("%q (%.1f–%.1f mm, y %.1f) runs into the QR code at x %.1f mm", o.s, x0, x1, o.y, qr.x)
				}
			}
		})
	}
}

// Ensure identifiers are never broken across lines: the approval number,
// the study ID, the IDs and the URL each come out as one string.
func TestLayoutCertificate_TokensWhole(t *testing.T) {
	c := demoLikeCertificate()
	d := layout(t, c, certification.CertificateValid)
	want := map[string]string{"certifier.approval_number": c.Certifier.ApprovalNumber, "study_id": c.StudyID, "id": c.ID.String(),
		"supersedes": c.Supersedes.String(), "verify_url": "https://pcf.example.cn" + certification.CertificateVerifyPath(c.ID)}
	found := map[string]bool{}
	for _, page := range d.pages {
		for _, o := range page {
			if w, ok := want[o.field]; ok && o.kind == opText {
				if !strings.Contains(o.s, w) {
					t.Errorf("%s printed as %q, without the whole %q", o.field, o.s, w)
				}
				found[o.field] = true
			}
		}
	}
	for f := range want {
		if !found[f] {
			t.Errorf("%s not printed", f)
		}
	}
}

// Ensure a certificate like the demo one fits one page, and that a longer
// one moves its certification section whole to the next page rather than
// splitting it.
func TestLayoutCertificate_Pages(t *testing.T) {
	for _, st := range []certification.CertificateStatus{certification.CertificateValid, certification.CertificateSuspended} {
		if d := layout(t, demoLikeCertificate(), st); len(d.pages) != 1 {
			t.Errorf("%s: the demo-like certificate takes %d pages, want 1", st, len(d.pages))
		}
	}
	for extra := range 12 {
		c := demoLikeCertificate()
		for i := range extra {
			c.Stages = append(c.Stages, certification.CertificateStage{Code: fmt.Sprintf("C%d", i+1), NameZH: "阶段", NameEN: "stage " + strconv.Itoa(i+1), KgCO2e: 0})
		}
		d := layout(t, c, certification.CertificateValid)
		heading, sigKey := -1, -1
		for p, page := range d.pages {
			for _, o := range page {
				if o.kind == opText && strings.HasPrefix(o.s, tSecCertify.zh) {
					heading = p
				}
				if o.field == fieldKeyID {
					sigKey = p
				}
			}
		}
		if heading < 0 || heading != sigKey {
			t.Errorf("%d extra stages: section 4 heading on page %d, its signature block on page %d", extra, heading+1, sigKey+1)
		}
	}
}

// Ensure dates are China Standard Time: a certificate issued at 07:30 in
// Chengdu (23:30 UTC the day before) is dated that day.
func TestLayoutCertificate_ChinaDates(t *testing.T) {
	d := layout(t, demoLikeCertificate(), certification.CertificateValid)
	var issued, expires []string
	for _, o := range d.pages[0] {
		switch o.field {
		case fieldIssued:
			issued = append(issued, o.s)
		case fieldExpires:
			expires = append(expires, o.s)
		}
	}
	if len(issued) != 2 || issued[0] != "2026-03-02" || issued[1] != "2026-03-02" {
		t.Errorf("issue dates %q, want 2026-03-02 twice", issued)
	}
	if len(expires) != 1 || expires[0] != "2028-03-02" {
		t.Errorf("expiry %q, want 2028-03-02", expires)
	}
	if got := FormatDate(time.Date(2026, 3, 2, 16, 0, 0, 0, time.UTC)); got != "2026-03-03" {
		t.Errorf("FormatDate(16:00 UTC)=%s, want the next day", got)
	}
}

// Ensure stage codes that are machine slugs are not printed ("use 使用
// use"), while short codes such as A1 are; and the rule row names the
// standards it implements.
func TestLayoutCertificate_StagesAndRule(t *testing.T) {
	c := demoLikeCertificate()
	c.Rule = certification.CertificateRule{Code: "electronics", Version: "1", NameZH: "电子电器产品", NameEN: "Computers"}
	c.Stages = []certification.CertificateStage{{Code: "use", NameZH: "使用", NameEN: "use", KgCO2e: 100}, {Code: "end-of-life", NameZH: "废弃处置", NameEN: "end of life", KgCO2e: 50},
		{Code: "A1", NameZH: "原材料", NameEN: "raw materials", KgCO2e: 0}}
	d := layout(t, c, certification.CertificateValid)
	got := map[string]string{}
	var standards string
	for _, o := range d.pages[0] {
		if strings.HasPrefix(o.field, "stages[") && strings.HasSuffix(o.field, ".name_en") {
			got[o.field] = o.s
		}
		if o.field == "standards" {
			standards += o.s
		}
	}
	for f, want := range map[string]string{
		"stages[0].code stages[0].name_zh stages[0].name_en": "使用 use",
		"stages[1].code stages[1].name_zh stages[1].name_en": "废弃处置 end of life",
		"stages[2].code stages[2].name_zh stages[2].name_en": "A1  原材料 raw materials",
	} {
		if got[f] != want {
			t.Errorf("%s printed %q, want %q", f, got[f], want)
		}
	}
	if !strings.Contains(standards, "GB/T 24067-2024") || !strings.Contains(standards, tImplements.en) {
		t.Errorf("rule row does not name the standards it implements: %q", standards)
	}
}

// Ensure a certificate that was not valid at download says so on every
// page, and a valid one does not.
func TestLayoutCertificate_StatusOnEveryPage(t *testing.T) {
	c := demoLikeCertificate()
	for i := range 30 {
		c.Stages = append(c.Stages, certification.CertificateStage{Code: fmt.Sprintf("C%d", i+1), NameZH: "阶段", NameEN: "stage", KgCO2e: 0})
	}
	for _, st := range certification.CertificateStatuses {
		d := layout(t, c, st)
		if len(d.pages) < 2 {
			t.Fatalf("want a certificate of two pages, got %d", len(d.pages))
		}
		for p, page := range d.pages {
			n := 0
			for _, o := range page {
				if o.field == fieldStatus && strings.Contains(o.s, lookup(statusNames, st).en) {
					n++
				}
			}
			if st == certification.CertificateValid && p > 0 && n != 0 || st != certification.CertificateValid && n == 0 {
				t.Errorf("%s: page %d shows the status %d times", st, p+1, n)
			}
		}
	}
}

// Ensure a line is not broken inside a hyphenated or slashed token: the
// whole token moves to the next line.
func TestWrap_KeepsTokens(t *testing.T) {
	d := newDrawing(mustTestRenderer(t).font, certPageW, certPageH)
	for _, tt := range []struct{ s, cut, token string }{
		{"Approval No. CNCA-R-2026-999", "Approval No. CNCA-R-", "CNCA-R-2026-999"},
		{"Study 8d0c3f1e-2b4a-4c5d-9e6f-7a8b9c0d1e2f", "Study 8d0c3f1e-2b4a-", "8d0c3f1e-2b4a-4c5d-9e6f-7a8b9c0d1e2f"},
		{"Basis GB/T 24067-2024", "Basis GB/", "GB/T"},
	} {
		lines := d.wrap(tt.s, certBodySize, max(d.width(tt.cut, certBodySize), d.width(tt.token, certBodySize))+0.1)
		ok := false
		for _, l := range lines {
			ok = ok || strings.Contains(l, tt.token)
		}
		if !ok {
			t.Errorf("wrap(%q) = %q: %q is broken", tt.s, lines, tt.token)
		}
	}
}

// demoLikeCertificateV2 is demoLikeCertificate in format 2, with what
// format 2 adds to the page: the superseded certificate's number, a Monte
// Carlo range, a cut-off and the study, factor-set and suppliers digests.
func demoLikeCertificateV2() *certification.Certificate {
	c := demoLikeCertificate()
	c.Format, c.SupersedesNumber, c.EngineVersion = 2, "CDPCF-2026-000098", "footprint/2"
	c.StudyDigest, c.FactorSetDigest, c.SuppliersDigest = strings.Repeat("cd", 32), strings.Repeat("ef", 32), strings.Repeat("01", 32)
	c.Uncertainty = &certification.CertificateUncertainty{Method: "monte-carlo-lognormal", Runs: 1000, LowPercentile: 2.5, HighPercentile: 97.5,
		LowKgCO2e: 129, MedianKgCO2e: 151, HighKgCO2e: 177}
	c.CutOff = certification.CertificateCutOff{Basis: certification.CutOffEmissions, SharePct: 4.57, LimitPct: 5, Items: 2}
	return c
}

// Ensure a format-2 certificate like the demo one fits one page, section 4
// included, whatever its status (issue 10 item 7: its certification
// section used to move to a second page, leaving it three-quarters blank);
// that its text is no smaller than the smallest size of format 1 and no
// two texts overlap; and that a longer one still moves section 4 whole.
func TestLayoutCertificate_Format2OnePage(t *testing.T) {
	for _, st := range certification.CertificateStatuses {
		d := layout(t, demoLikeCertificateV2(), st)
		if len(d.pages) != 1 {
			t.Errorf("%s: the format-2 demo-like certificate takes %d pages, want 1", st, len(d.pages))
		}
		page := d.pages[0]
		var texts []op
		for _, o := range page {
			if o.kind != opText {
				continue
			}
			if o.size < certSmallSize {
				t.Errorf("%s: %q set at %.2f pt, below %.1f pt", st, o.s, o.size, certSmallSize)
			}
			if o.y > certPageH-certMargin+8 {
				t.Errorf("%s: %q at y %.1f mm, below the page's content", st, o.s, o.y)
			}
			texts = append(texts, o)
		}
		for i, a := range texts {
			ax0, ay0, ax1, ay1 := textBox(d, a)
			for _, b := range texts[i+1:] {
				bx0, by0, bx1, by1 := textBox(d, b)
				if ax1 > bx0 && bx1 > ax0 && ay1 > by0 && by1 > ay0 {
					t.Errorf("%s: %q (y %.2f mm) overlaps %q (y %.2f mm)", st, a.s, a.y, b.s, b.y)
				}
			}
		}
	}
	twoPages := false
	for extra := range 16 {
		c := demoLikeCertificateV2()
		for i := range extra {
			c.Stages = append(c.Stages, certification.CertificateStage{Code: fmt.Sprintf("C%d", i+1), NameZH: "阶段", NameEN: "stage " + strconv.Itoa(i+1), KgCO2e: 0})
		}
		d := layout(t, c, certification.CertificateValid)
		twoPages = twoPages || len(d.pages) > 1
		heading, certifier, sigKey := -1, -1, -1
		for p, page := range d.pages {
			for _, o := range page {
				switch {
				case o.kind == opText && strings.HasPrefix(o.s, tSecCertify.zh):
					heading = p
				case o.field == "certifier.approval_number":
					certifier = p
				case o.field == fieldKeyID:
					sigKey = p
				}
			}
		}
		if heading < 0 || heading != certifier || heading != sigKey {
			t.Errorf("%d extra stages: section 4 heading on page %d, certifier on page %d, signature block on page %d", extra, heading+1, certifier+1, sigKey+1)
		}
	}
	if !twoPages {
		t.Error("no format-2 certificate with extra stages took two pages: the test of section 4 kept whole tests nothing")
	}
}

// pageOf returns the page each text operation showing one of ss is on, by
// string; -1 for a string not printed.
func pagesOf(d *drawing, ss []string) []int {
	out := make([]int, len(ss))
	for i, s := range ss {
		out[i] = -1
		for p, page := range d.pages {
			for _, o := range page {
				if o.kind == opText && o.s == s && out[i] < 0 {
					out[i] = p
				}
			}
		}
	}
	return out
}

// Ensure nothing that belongs together is split by a page break, wherever
// a long factor table (format 3) moves the page end: each note below the
// factor table (what share the factors cover, in Chinese and English; the
// grade legend, in Chinese and English) stays whole on one page, the first
// with the table's last row; the table's heading and header stay with its
// first row; and no section heading ends a page.
func TestLayoutCertificate_KeepTogether(t *testing.T) {
	paragraphs := func(d *drawing, covered string) [][]string {
		var out [][]string
		for _, p := range [][2]string{
			{fmt.Sprintf("%s %s。%s", tFactorsCover.zh, covered, tFactorsRule.zh), fmt.Sprintf("%s %s %s", tFactorsCover.en, covered, tFactorsRule.en)},
			{tGradeLegend.zh, tGradeLegend.en},
		} {
			out = append(out, append(d.wrap(p[0], certSmallSize, certContent), d.wrap(p[1], certSmallSize, certContent)...))
		}
		return out
	}
	cases := 0
	for n := 1; n <= 28; n++ {
		maxExtra := 12 // extra stages move the table's page end
		if n <= 2 {
			maxExtra = 40 // … and the method section's heading
		}
		for extra := range maxExtra {
			for _, long := range []bool{false, true} {
				c := demoLikeCertificateV2()
				c.Format = 3
				if long && n <= 2 { // a rule field taller than 12 mm
					c.Standards = append(c.Standards, c.Standards...)
				}
				for i := range extra {
					c.Stages = append(c.Stages, certification.CertificateStage{Code: fmt.Sprintf("C%d", i+1), NameZH: "阶段", NameEN: "stage " + strconv.Itoa(i+1)})
				}
				covered := 0.0
				for i := range n {
					name := "因子"
					if long && i%2 == 0 {
						name = strings.Repeat("长名称的因子", 3)
					}
					f := certification.CertificateFactor{Code: fmt.Sprintf("CPCD-%05dX0012020C", i), NameZH: name, Set: c.FactorSet,
						KgCO2e: 1, SharePct: 100 / float64(n+1), Grade: "C", Source: "CPCD"}
					c.Factors = append(c.Factors, f)
					covered += f.SharePct
				}
				d := layout(t, c, certification.CertificateValid)
				cases++
				name := fmt.Sprintf("%d factors, %d extra stages, long names %v", n, extra, long)
				for _, para := range paragraphs(d, formatSharePct(covered)) {
					pages := pagesOf(d, para)
					for i, p := range pages {
						if p != pages[0] || p < 0 {
							t.Errorf("%s: line %q on page %d, the paragraph's first line on page %d", name, para[i], p+1, pages[0]+1)
						}
					}
				}
				last := fmt.Sprintf("factors[%d].code factors[%d].grid", n-1, n-1)
				var heading, first, lastRow, cover = -1, -1, -1, pagesOf(d, paragraphs(d, formatSharePct(covered))[0][:1])[0]
				for p, page := range d.pages {
					for i, o := range page {
						if o.kind == opText && o.s == tFactors.String() {
							heading = p
						}
						if o.field == "factors[0].code factors[0].grid" && first < 0 {
							first = p
						}
						if o.field == last {
							lastRow = p
						}
						if o.kind == opText && o.size == certHeadSize {
							rest := 0
							for _, q := range page[i+1:] {
								if q.kind == opText && q.field != fieldNumber && q.field != fieldStatus {
									rest++
								}
							}
							if rest == 0 {
								t.Errorf("%s: heading %q ends page %d", name, o.s, p+1)
							}
						}
					}
				}
				for p, page := range d.pages {
					rows, header := false, false
					for _, o := range page {
						rows = rows || strings.HasPrefix(o.field, "factors[")
						header = header || o.kind == opText && o.s == tFactor.String()
					}
					if rows && !header {
						t.Errorf("%s: factor rows on page %d without the table's header", name, p+1)
					}
				}
				if heading != first {
					t.Errorf("%s: factor table heading on page %d, its first row on page %d", name, heading+1, first+1)
				}
				if lastRow != cover {
					t.Errorf("%s: the table's last row on page %d, its closing note on page %d", name, lastRow+1, cover+1)
				}
			}
		}
	}
	t.Logf("%d certificates laid out", cases)
}

// Ensure a document of a replaced layout verifies only for a certificate
// issued before the next layout replaced it (forger red team: anyone could
// render a certificate issued today in layout 2, without the notes layout 3
// added against misreading, and it verified GENUINE). The same
// certificate's documents of the next layout verify.
func TestVerifyPDF_LayoutOnlyBeforeItsSuccessor(t *testing.T) {
	r := mustTestRenderer(t)
	for _, tt := range []struct {
		old, next int
		since     time.Time
		replaced  string
	}{
		{layoutV2, layoutV3, layoutV3Since, "layout pcf-document/2, which was replaced on 2026-12-03"},
		// Layout 3 has no such date (layoutReplaced): its documents verify
		// whenever issued (TestRedteam21_Layout3DocumentIssuedBeforeLayout4WasReleased).
	} {
		sc, keys := signedAt(t, demoLikeCertificate(), "layout 2", tt.since.Add(time.Hour))
		url := "https://pcf.example.cn" + certification.CertificateVerifyPath(sc.Certificate.ID)
		for _, kind := range []string{kindCertificate, kindLabel} {
			now, _ := mustRenderDocument(t, r, sc, tt.next, kind, url)
			if _, err := r.VerifyPDF(now, keys); err != nil {
				t.Fatalf("%s of layout %d: %v", kind, tt.next, err)
			}
			old, _ := mustRenderDocument(t, r, sc, tt.old, kind, url)
			if _, err := r.VerifyPDF(old, keys); err == nil || !strings.Contains(err.Error(), tt.replaced) {
				t.Errorf("%s of layout %d issued after layout %d: %v", kind, tt.old, tt.next, err)
			}
		}
	}
}

// Red team 21 (forger): documents the verifier judges by when their
// layout was written, found wrong both ways. These tests fail while the
// attack works; they assert what a correct verifier does.

// signedAt signs c as a first revision issued at issued, with a key made
// from keySeed an hour before, and returns it with the keys that verify it.
func signedAt(t *testing.T, c *certification.Certificate, keySeed string, issued time.Time) (*certification.SignedCertificate, []certification.PublicKey) {
	t.Helper()
	c.Supersedes, c.SupersedesNumber, c.Revision = uuid.Nil, "", 1
	c.IssuedAt = issued.UTC()
	c.ExpiresAt = certification.CertificateExpiry(c.IssuedAt, 2)
	key := footprinttest.Key(t, keySeed, c.IssuedAt.Add(-time.Hour))
	return footprinttest.Sign(t, c, key), []certification.PublicKey{key.PublicKey()}
}

// signedWithURL is signedAt, with the verification address the signed
// certificate's QR code leads to.
func signedWithURL(t *testing.T, c *certification.Certificate, keySeed string, issued time.Time) (*certification.SignedCertificate, []certification.PublicKey, string) {
	t.Helper()
	sc, keys := signedAt(t, c, keySeed, issued)
	url, err := sc.Certificate.VerifyURL("")
	if err != nil {
		t.Fatal(err)
	}
	return sc, keys, url
}

// format4Certificate is demoLikeCertificateV2 in certificate format 4
// (engine footprint/2, a verification base), with two factors, the PERC
// cell and the grid, each named, graded and sourced.
func format4Certificate() *certification.Certificate {
	c := demoLikeCertificateV2()
	c.Format, c.EngineVersion, c.VerifyBase = 4, "footprint/2", "https://pcf.example.cn"
	c.Factors = []certification.CertificateFactor{
		{Code: "CPCD-46410X0212023C", NameZH: "PERC 太阳电池", Set: c.FactorSet, KgCO2e: 144, SharePct: 96, Grade: "C", Source: "CPCD 46410X0212023C"},
		{Code: "ELEC-CN-NAT-CF-2024", NameZH: "全国电力平均碳足迹因子（2024）", NameEN: "China national grid electricity, life cycle (2024)", Set: c.FactorSet,
			Grid: true, KgCO2e: 2.76, SharePct: 1.84, Grade: "A", Source: "MEE 2024"},
	}
	return c
}

// mustRenderDocument renders sc's document of kind (a certificate as
// valid) in layout, its QR code leading to url.
func mustRenderDocument(t *testing.T, r *Renderer, sc *certification.SignedCertificate, layout int, kind, url string) ([]byte, *drawing) {
	t.Helper()
	p := docParams{layout: layout, kind: kind, verifyURL: url}
	if kind == kindCertificate {
		p.status = certification.CertificateValid
	}
	b, d, err := r.renderDocument(context.Background(), sc, p)
	if err != nil {
		t.Fatal(err)
	}
	return b, d
}

// Red team 21, a false alarm on every genuine document of a day's issues:
// layout 4 (commit f0ff865, "document layout 4 prints the DQR to two
// decimals …") reached the repository on 2026-12-04 at 17:38 UTC, which is
// 01:38 on 2026-12-05 in China, but layoutV4Since refuses a layout-3
// document of any certificate issued from 2026-12-05 00:00 China time
// (16:00 UTC) on. A service running the code of the day before the
// release (every deployment, since none can run a release before it
// exists, and any deployment upgraded later still) issued certificates
// from 16:00 UTC on and served their documents in layout 3, the only one it
// had; pcf verify and VerifyPDF now call each of those downloads "not
// genuine" ("the document is in layout pcf-document/3, which was replaced
// on 2026-12-04, before the certificate was issued"). A competitor who
// holds such a PDF shows a buyer that the certificate "fails
// verification". The same holds for every deployment upgraded to layout 4
// after the fixed date: the gate is a calendar instant in the verifier, not
// something the certificate signs. A correct verifier accepts the
// document the issuing service wrote (the gate must follow something
// signed, such as the certificate's format or engine version, or at least
// come after the release). Fix in labels/render.go (layoutReplaced).
func TestRedteam21_Layout3DocumentIssuedBeforeLayout4WasReleased(t *testing.T) {
	r := mustTestRenderer(t)
	// Issued at 17:00 UTC, 38 minutes before layout 4 existed anywhere.
	sc, keys := signedAt(t, demoLikeCertificate(), "red team 21", time.Date(2026, 12, 4, 17, 0, 0, 0, time.UTC))
	url := "https://pcf.example.cn" + certification.CertificateVerifyPath(sc.Certificate.ID)
	for _, kind := range []string{kindCertificate, kindLabel} {
		// What the service, then in layout 3, served for the download.
		issued, _ := mustRenderDocument(t, r, sc, layoutV3, kind, url)
		if _, err := r.VerifyPDF(issued, keys); err != nil {
			t.Errorf("the %s the service issued at 17:00 UTC on 2026-12-04 (layout 3, before layout 4 was released) is refused: %v", kind, err)
		}
	}
}

// Red team 21: a document in a layout the service never wrote for a
// certificate of its format verifies as genuine. Certificate format 4
// (verify_base, commit 4cbaefe, 2026-12-03 11:06 UTC) came after layout 3
// (commit a1a854a, 08:02 UTC the same day): no format-4 certificate was
// ever served in layout 2. But layout 2 is accepted for any certificate
// issued before 2026-12-04 00:00 China time (16:00 UTC on 12-03), so a
// format-4 certificate issued at 12:00 UTC can be rendered again by anyone
// in layout 2, and VerifyPDF and pcf verify call it genuine. Layout 2 lacks
// what layout 3 added against misreading: the note under the green-power
// instruments that their MWh are the whole purchase, not one module's
// ("绿证 GEC-DEMO-2025-000001 1000 MWh" on a certificate of one module
// reads as a module made on 1,000 MWh of green power), and the label's
// bilingual certifier caption. A correct verifier refuses a layout older
// than the certificate's format (format 4: layout 3 or later). Fix in
// labels/render.go (the layout gate, by format as well as by date).
func TestRedteam21_Layout2DocumentOfAFormat4Certificate(t *testing.T) {
	r := mustTestRenderer(t)
	sc, keys, url := signedWithURL(t, format4Certificate(), "red team 21", time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC))
	issued, d3 := mustRenderDocument(t, r, sc, layoutV3, kindCertificate, url)
	if _, err := r.VerifyPDF(issued, keys); err != nil {
		t.Fatalf("the layout-3 document the service issued: %v", err)
	}
	if !draws(d3, "total purchase for the reference period") {
		t.Fatal("test premise: layout 3 prints the note on the instruments' MWh")
	}
	for _, kind := range []string{kindCertificate, kindLabel} {
		forged, d2 := mustRenderDocument(t, r, sc, layoutV2, kind, url)
		if kind == kindCertificate && draws(d2, "total purchase for the reference period") {
			t.Fatal("test premise: layout 2 prints no note on the instruments' MWh")
		}
		if _, err := r.VerifyPDF(forged, keys); err == nil {
			t.Errorf("a layout-2 %s of a format-4 certificate (a document the service never wrote for it) verifies as genuine", kind)
		}
	}
}

// checkPlaced returns the texts of d that match, and reports any of them
// that ends past the content's right edge and any two texts of a page
// that overlap.
func checkPlaced(t *testing.T, d *drawing, match func(op) bool) []string {
	t.Helper()
	var found []string
	for _, page := range d.pages {
		var texts []op
		for _, o := range page {
			if o.kind != opText {
				continue
			}
			texts = append(texts, o)
			if match(o) {
				found = append(found, o.s)
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
	return found
}

// draws reports whether drawing d shows a text containing s.
func draws(d *drawing, s string) bool {
	for _, page := range d.pages {
		for _, o := range page {
			if o.kind == opText && strings.Contains(o.s, s) {
				return true
			}
		}
	}
	return false
}

// Red team 28 (a holder, or anyone: the signed envelope is public): red
// team 20 closed "the DQR printed into a better PEF level" with layout 4
// (two decimals, rounded up, the level in words), and red team 21 then let
// layout 3 verify whatever the certificate's issue date. So the DQR
// misreading is open again for every certificate issued from now on: a
// certificate issued on 2026-12-10, well after layout 4 was released
// (2026-12-04 17:38 UTC), with DQR 2.04 (PEF "good"), rendered again by
// anyone with a pcf of layout 3, prints "DQR 2.0（PEF：1 最优 best – 5）",
// which a reader of the PEF scale takes for "very good" (≤ 2.0), and
// VerifyPDF and pcf verify call the document genuine. The service never
// wrote such a document of a certificate issued after the release (or
// only a service not upgraded for days), and a fresh download reads
// "DQR 2.04 良好 good". A layout-3 document whose one-decimal DQR reads a
// better level than the signed one is refused for a certificate issued
// after layout 4 was out; where the rounding misstates no level (DQR 2.34
// printed 2.3, "good" either way) it still verifies.
func TestRedteam28_Layout3MisreadsTheDQROfANewCertificate(t *testing.T) {
	r := mustTestRenderer(t)
	newCert := func(dqr float64) (*certification.SignedCertificate, []certification.PublicKey, string) {
		c := format4Certificate()
		c.DQR = dqr
		return signedWithURL(t, c, "red team 28", time.Date(2026, 12, 10, 2, 0, 0, 0, time.UTC))
	}
	sc, keys, url := newCert(2.04)
	forged, d3 := mustRenderDocument(t, r, sc, layoutV3, kindCertificate, url)
	if !draws(d3, "DQR 2.0（") {
		t.Fatal("test premise: layout 3 prints DQR 2.04 as 2.0")
	}
	if _, d4 := mustRenderDocument(t, r, sc, layoutV4, kindCertificate, url); !draws(d4, "DQR 2.04 良好 good") {
		t.Fatal("test premise: layout 4 prints DQR 2.04 as 2.04 good")
	}
	if _, err := r.VerifyPDF(forged, keys); err != nil {
		t.Log(err)
	} else {
		t.Errorf("a layout-3 certificate printing DQR 2.0 (very good to a reader) for the signed 2.04 (good), issued 2026-12-10, verifies as genuine")
	}
	sc, keys, url = newCert(2.34)
	doc, _ := mustRenderDocument(t, r, sc, layoutV3, kindCertificate, url)
	if _, err := r.VerifyPDF(doc, keys); err != nil {
		t.Errorf("a layout-3 certificate printing DQR 2.3 for 2.34 (good either way) is refused: %v", err)
	}
}

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
		if found := checkPlaced(t, d, func(o op) bool { return o.s == tt.want }); len(found) == 0 {
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
	checkEarlierLayoutRefused(t, format5Certificate(1.2, 4.5), "red team 8", time.Date(2026, 12, 5, 2, 0, 0, 0, time.UTC),
		"covers 4.5 % of the total", layoutV3, 5, "coverage", "of the total")
}

// checkEarlierLayoutRefused requires the certificate document the service
// issues for c (signed with a key from keySeed at issued) to verify and
// print shows, and the same document in layout old, which prints none of
// lacks (what, named in the test premise), to be refused as one the
// service never wrote for a certificate of format (c's).
func checkEarlierLayoutRefused(t *testing.T, c *certification.Certificate, keySeed string, issued time.Time, shows string, old, format int, what string, lacks ...string) {
	t.Helper()
	r := mustTestRenderer(t)
	sc, keys, url := signedWithURL(t, c, keySeed, issued)
	doc, current := mustRenderDocument(t, r, sc, layoutCurrent, kindCertificate, url)
	if _, err := r.VerifyPDF(doc, keys); err != nil || !draws(current, shows) {
		t.Fatalf("the document the service issued: %v", err)
	}
	forged, earlier := mustRenderDocument(t, r, sc, old, kindCertificate, url)
	for _, s := range lacks {
		if draws(earlier, s) {
			t.Fatalf("test premise: layout %d prints no %s", old, what)
		}
	}
	if _, err := r.VerifyPDF(forged, keys); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("never wrote for a certificate of format %d", format)) {
		t.Errorf("a layout-%d document of a format-%d certificate: %v, want refused", old, format, err)
	}
}

// Ensure a range's ends round outward at the precision FormatKgCO2e
// prints them to, so that the printed range holds the signed one, and that
// a value already at that precision prints as it is.
func TestFormatKgOutward(t *testing.T) {
	for _, tt := range []struct {
		x      float64
		up     bool
		want   string
		widest string // FormatKgCO2e, to nearest, for the record
	}{
		{156.57, false, "156", "157"}, // the demo laptop's range, 156.57–212.02
		{212.02, true, "213", "212"},
		{470.75, false, "470", "471"},
		{560.25, true, "561", "560"},
		{512, false, "512", "512"},
		{512, true, "512", "512"},
		{4.34, true, "4.34", "4.34"}, // 4.34 × 100 is 433.99999999999994
		{4.34, false, "4.34", "4.34"},
		{99.96, true, "100", "100"},
		{99.96, false, "99.9", "100"},
		{-4.3365, false, "-4.34", "-4.34"},
		{-4.3365, true, "-4.33", "-4.34"},
		{0.04567, false, "0.0456", "0.0457"},
		{0.04561, true, "0.0457", "0.0456"},
		{1234.5, true, "1235", "1235"},
		{1234.5, false, "1234", "1235"},
		{0, true, "0", "0"},
	} {
		if got := certification.FormatKgOutward(tt.x, tt.up); got != tt.want {
			t.Errorf("FormatKgOutward(%g, up %v) = %q, want %q", tt.x, tt.up, got, tt.want)
		}
		if got := FormatKgCO2e(tt.x); got != tt.widest {
			t.Errorf("FormatKgCO2e(%g) = %q, want %q", tt.x, got, tt.widest)
		}
	}
	u := &certification.CertificateUncertainty{LowKgCO2e: 156.57, HighKgCO2e: 212.02}
	if lo, hi := rangeText(u, layoutV5); lo != "157" || hi != "212" {
		t.Errorf("layout 5 range %s–%s, want 157–212 as printed", lo, hi)
	}
	if lo, hi := rangeText(u, layoutV6); lo != "156" || hi != "213" {
		t.Errorf("layout 6 range %s–%s, want 156–213", lo, hi)
	}
}

// Ensure layout 6 puts a count unit's English label in the plural when the
// declared unit is more than one piece, and leaves unit symbols and one
// piece as they were.
func TestPerENPlural(t *testing.T) {
	for _, tt := range []struct {
		du       certification.CertificateDeclaredUnit
		v5, want string
	}{
		{certification.CertificateDeclaredUnit{Amount: 10, Unit: "piece", LabelZH: "台", LabelEN: "unit"}, "per 10 unit", "per 10 units"},
		{certification.CertificateDeclaredUnit{Amount: 2, Unit: "piece", LabelZH: "块组件", LabelEN: "module"}, "per 2 module", "per 2 modules"},
		{certification.CertificateDeclaredUnit{Amount: 3, Unit: "piece", LabelEN: "battery"}, "per 3 battery", "per 3 batteries"},
		{certification.CertificateDeclaredUnit{Amount: 4, Unit: "piece", LabelEN: "box"}, "per 4 box", "per 4 boxes"},
		{certification.CertificateDeclaredUnit{Amount: 1, Unit: "piece", LabelZH: "台", LabelEN: "unit"}, "per unit", "per unit"},
		{certification.CertificateDeclaredUnit{Amount: 2.5, Unit: "kWp", LabelZH: "千瓦峰值功率", LabelEN: "kWp of rated power"}, "per 2.5 kWp of rated power", "per 2.5 kWp of rated power"},
		{certification.CertificateDeclaredUnit{Amount: 10, Unit: "m²", LabelEN: "m²"}, "per 10 m²", "per 10 m²"},
	} {
		if got := perEN(tt.du, layoutV5); got != tt.v5 {
			t.Errorf("layout 5 %+v: %q, want %q", tt.du, got, tt.v5)
		}
		if got := perEN(tt.du, layoutV6); got != tt.want {
			t.Errorf("layout 6 %+v: %q, want %q", tt.du, got, tt.want)
		}
	}
}

// Ensure a document of a format-7 certificate in a layout before 6 is
// refused: the service never wrote one, and it would hide the recycling
// credits the certificate signs (audit, session 55); the layout-6
// document the service wrote prints them and verifies.
func TestVerifyPDF_Layout5DocumentOfAFormat7Certificate(t *testing.T) {
	c := format6Certificate(&certification.CertificateUseScenario{AnnualKWh: 20, LifetimeYears: 4, Country: "CN", Factor: "ELEC-CN-NAT-CF-2024"})
	c.Format, c.CreditsKgCO2e = 7, -4.3365
	checkEarlierLayoutRefused(t, c, "audit 55", time.Date(2026, 12, 6, 14, 0, 0, 0, time.UTC),
		tCredits.String(), layoutV5, 7, "credits", tCredits.String(), tCredits.zh)
}

// Ensure the label of layout 7 keeps its text apart: with a short and with
// the longest names of a certification body that fit (checkLabelCertifier),
// with and without a Monte Carlo range, no text runs into other text, the
// QR code or the mark's frame, all of it stays within the margins, and the
// body's lines are in type no smaller than labelCertMin.
func TestLayoutLabel_CertifierClearOfTheRest(t *testing.T) {
	r := mustTestRenderer(t)
	for _, longest := range []bool{false, true} {
		for _, ranged := range []bool{false, true} {
			t.Run(fmt.Sprintf("longest=%v,range=%v", longest, ranged), func(t *testing.T) {
				c := demoLikeCertificateV2()
				if !ranged {
					c.Uncertainty = nil
				}
				if longest {
					for c.Certifier.NameZH = "认"; r.checkLabelCertifier(c) == nil; c.Certifier.NameZH += "证" {
					}
					c.Certifier.NameZH = strings.TrimSuffix(c.Certifier.NameZH, "证")
				}
				if err := r.checkLabelCertifier(c); err != nil {
					t.Fatal(err)
				}
				d := r.layoutLabel(c, layoutCurrent, nil)
				lines := checkPlaced(t, d, func(o op) bool {
					if o.field == labelCertifierField && o.size < labelCertMin {
						t.Errorf("%q at %.2f pt", o.s, o.size)
					}
					return o.field == labelCertifierField
				})
				if len(lines) == 0 {
					t.Fatal("no certification body printed")
				}
				var boxes []op // the QR code and the mark's frame
				for _, o := range d.pages[0] {
					if o.kind == opQR || o.kind == opStroke && o.w < labelW-2 {
						boxes = append(boxes, o)
					}
				}
				for _, a := range d.pages[0] {
					if a.kind != opText {
						continue
					}
					x0, y0, x1, y1 := textBox(d, a)
					if x0 < labelMargin || y0 < labelMargin || x1 > labelW-labelMargin || y1 > labelH-labelMargin+0.3 {
						t.Errorf("%q (%.1f,%.1f)–(%.1f,%.1f) mm outside the margins", a.s, x0, y0, x1, y1)
					}
					for _, b := range boxes {
						inside := x0 >= b.x && x1 <= b.x+b.w && y0 >= b.y && y1 <= b.y+b.h // the frame's own caption
						if x1 > b.x && b.x+b.w > x0 && y1 > b.y && b.y+b.h > y0 && !inside {
							t.Errorf("%q (y %.2f mm) runs into the box at (%.1f,%.1f)", a.s, a.y, b.x, b.y)
						}
					}
				}
			})
		}
	}
}

// Ensure a body registered without an approval number, whose names the
// registration check passed, is not refused at its first issue for the
// approval number that issue records (approval_number of the issue
// request, recordApprovalNumber): the registration measures the label with
// the longest number a CNCA approval number's form allows.
func TestCheckCertifier_ApprovalNumberOfTheFirstIssue(t *testing.T) {
	r := mustTestRenderer(t)
	name := "认"
	for r.CheckCertifier(name+"证", "Body", "") == nil {
		name += "证"
	}
	if err := r.CheckCertifier(name, "Body", ""); err != nil {
		t.Fatal(err)
	}
	c := demoLikeCertificateV2()
	c.Certifier = certification.CertificateCertifier{NameZH: name, NameEN: "Body", ApprovalNumber: "CNCA-RF-2026-1234", Signatory: c.Certifier.Signatory}
	if err := r.checkLabelCertifier(c); err != nil {
		t.Errorf("%d-character Chinese name registered without an approval number: first issue with CNCA-RF-2026-1234: %v", len([]rune(name)), strings.TrimSpace(err.Error()))
	}
}

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

// Ensure a document of a format-8 or format-9 certificate in a layout
// before 9 is refused: the service wrote those formats in layout 9 on only
// (minLayout), the first to print the self-rated share under the DQR on a
// line of its own and the host under the QR code. Format 9 (session 53:
// the supplier list signs each supplier certificate's product codes) came
// after layout 9 too. The layout-9 document verifies.
func TestVerifyPDF_Layout8DocumentOfAFormat8Or9Certificate(t *testing.T) {
	r := mustTestRenderer(t)
	for _, format := range []int{8, 9} {
		c := format6Certificate(&certification.CertificateUseScenario{AnnualKWh: 20, LifetimeYears: 4, Country: "CN", Factor: "ELEC-CN-NAT-CF-2024"})
		c.Format, c.DQRSelfRatedPct = format, 45.61
		sc, keys, url := signedWithURL(t, c, "session 53", time.Date(2026, 12, 7, 15, 0, 0, 0, time.UTC))
		for _, kind := range []string{kindCertificate, kindLabel} {
			doc, _ := mustRenderDocument(t, r, sc, layoutV9, kind, url)
			if _, err := r.VerifyPDF(doc, keys); err != nil {
				t.Errorf("format %d, %s: the layout-9 document the service issues: %v", format, kind, err)
			}
			forged, _ := mustRenderDocument(t, r, sc, layoutV8, kind, url)
			if _, err := r.VerifyPDF(forged, keys); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("never wrote for a certificate of format %d", format)) {
				t.Errorf("format %d, %s: a layout-8 document: %v, want refused", format, kind, err)
			}
		}
	}
}
