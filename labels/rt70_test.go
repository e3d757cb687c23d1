package labels_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/labels"
)

// rt70BodyCertificate is the test certificate as issued by a certification
// body whose long names end in its branch, with its approval number: two
// such bodies differ only in their last words.
func rt70BodyCertificate(branchZH, branchEN, approval string) *certification.Certificate {
	c := newCertificate()
	c.Certifier.NameZH = "成都市示例产品碳足迹与绿色低碳认证服务中心有限公司四川自由贸易试验区成都高新技术产业开发区天府新区" + branchZH + "分公司"
	c.Certifier.NameEN = "Chengdu Example Product Carbon Footprint Certification Service Centre Co., Ltd., " + branchEN + " Branch"
	c.Certifier.ApprovalNumber = approval
	return c
}

// rt70Bodies are two bodies whose names differ after the point where the
// label of layout 6 cut them.
var rt70Bodies = []struct{ file, zh, en, approval string }{
	{"label-body-pidu.pdf", "郫都", "Pidu", "CNCA-R-2026-101"},
	{"label-body-wuhou.pdf", "武侯", "Wuhou", "CNCA-R-2026-102"},
}

// TestDumpLayout_Rt70Bodies writes the labels of rt70Bodies to the
// directory LABELS_DUMP_LAYOUT names, as the renderer of the commit writes
// them: how testdata/document6's label-body-*.pdf were written, at the
// commit before layout 7.
func TestDumpLayout_Rt70Bodies(t *testing.T) {
	dir := os.Getenv("LABELS_DUMP_LAYOUT")
	if dir == "" {
		t.Skip("LABELS_DUMP_LAYOUT not set")
	}
	for _, b := range rt70Bodies {
		f := signedFixture(t, rt70BodyCertificate(b.zh, b.en, b.approval))
		if err := os.WriteFile(filepath.Join(dir, b.file), renderLabel(t, f.sc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// noSpace is s without white space: the text of a label as pdftotext
// reads it, whatever its line breaks.
func noSpace(s string) string { return strings.Join(strings.Fields(s), "") }

// Red team 58 left it: the label cut a long certification body's name
// with "…" on one line (fitText), so that two bodies whose names differ
// only after the cut printed alike: testdata/document6's labels of
// rt70Bodies, layout 6, both read "认证机构 Certified by 成都市示例…天府…".
// Ensure the label of layout 7 prints each body's names whole, with its
// approval number, so that the two labels' certification bodies read
// apart; that both verify; and that the labels of layout 6 still verify
// byte for byte.
func TestRedteam70_LabelTellsTwoBodiesApart(t *testing.T) {
	var texts []string
	for _, b := range rt70Bodies {
		c := rt70BodyCertificate(b.zh, b.en, b.approval)
		f := signedFixture(t, c)
		label := renderLabel(t, f.sc)
		if rep, err := labels.VerifyPDF(label, f.keys()); err != nil || !rep.OK() || len(rep.Differences) != 0 {
			t.Errorf("label of %s: %v %+v", b.en, err, rep)
		}
		text := noSpace(pdftotext(t, label))
		for _, want := range []string{c.Certifier.NameZH, c.Certifier.NameEN, "批准号ApprovalNo." + c.Certifier.ApprovalNumber} {
			if !strings.Contains(text, noSpace(want)) {
				t.Errorf("label of the %s branch lacks %q:\n%s", b.en, want, text)
			}
		}
		if strings.Contains(text, "…") {
			t.Errorf("label of the %s branch cuts something short:\n%s", b.en, text)
		}
		if dir := os.Getenv("LABELS_DUMP"); dir != "" { // inspect: pdftoppm -r 150 -png
			os.WriteFile(filepath.Join(dir, "rt70-"+b.file), label, 0o644)
		}
		texts = append(texts, text[strings.Index(text, "认证机构Certifiedby"):])
	}
	if texts[0] == texts[1] {
		t.Errorf("two bodies print alike on their labels: %s", texts[0])
	}
	checkLayoutAsIssued(t, "document6", "pcf-document/6", "label-body-pidu.pdf", "label-body-wuhou.pdf")
}

// Ensure documents rendered in layout pcf-document/6 (testdata/document6,
// as downloaded until layout pcf-document/7) still verify byte for byte,
// among them the labels of rt70Bodies, whose certification body layout 7
// prints otherwise, and that the documents rendered now are of layout
// pcf-document/7 or later (pcf-document/9 since session 51).
func TestVerifyPDF_Layout6AsIssued(t *testing.T) {
	checkLayoutAsIssued(t, "document6", "pcf-document/6", "certificate-v2.pdf", "label-v2.pdf", "certificate-v3.pdf", "label-v3.pdf",
		"certificate.pdf", "label.pdf", "certificate-use10.pdf", "label-use10.pdf", "certificate-audit6.pdf", "label-audit6.pdf",
		"label-body-pidu.pdf", "label-body-wuhou.pdf")
	if now := renderLabel(t, newFixture(t).sc); !bytes.Contains(now, []byte("(pcf-document/9 label ")) {
		t.Error("a label rendered now is not of layout pcf-document/9")
	}
}

// Ensure a certification body's names that the label could print only in
// part, even on four lines of its least type, are refused at issue naming
// certifier.name_zh (certifier.name_en for a body without a Chinese name),
// in Chinese and English; that the longest names that fit pass; and that
// a certificate issued before the check still renders and verifies, its
// approval number whole after the cut names.
func TestRedteam70_LabelCertifierTooLongRefusedAtIssue(t *testing.T) {
	r := mustRenderer(t)
	ctx := context.Background()
	long := newCertificate()
	long.Certifier.NameZH, long.Certifier.NameEN = strings.Repeat("认证", 100), strings.TrimSpace(strings.Repeat("Certifier ", 12))
	err := r.CheckCertificate(ctx, long)
	if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "certifier.name_zh" ||
		!strings.Contains(err.Error(), "认证机构的名称过长") || !strings.Contains(err.Error(), "too long for the label") {
		t.Fatalf("body's names cut on the label accepted at issue: %v", err)
	}
	en := newCertificate()
	en.Certifier.NameZH, en.Certifier.NameEN = "", strings.TrimSpace(strings.Repeat("Certification ", 40))
	if err := r.CheckCertificate(ctx, en); footprint.ErrorField(err) != "certifier.name_en" {
		t.Errorf("English name only, cut on the label: %v, want certifier.name_en", err)
	}
	for _, b := range rt70Bodies {
		if err := r.CheckCertificate(ctx, rt70BodyCertificate(b.zh, b.en, b.approval)); err != nil {
			t.Errorf("the %s branch's names, which fit, refused: %v", b.en, err)
		}
	}
	// The most that fits: one Han character more is refused.
	fits := newCertificate()
	for fits.Certifier.NameZH = "认"; ; fits.Certifier.NameZH += "证" {
		if err := r.CheckCertificate(ctx, fits); err != nil {
			fits.Certifier.NameZH = strings.TrimSuffix(fits.Certifier.NameZH, "证")
			break
		}
	}
	if n := len([]rune(fits.Certifier.NameZH)); n < 100 {
		t.Errorf("only %d Han characters of a Chinese name fit the label beside %q", n, fits.Certifier.NameEN)
	}
	for name, c := range map[string]*certification.Certificate{"longest that fits": fits, "cut": long} {
		fx := signedFixture(t, c)
		label := renderLabel(t, fx.sc)
		if _, err := r.VerifyPDF(label, fx.keys()); err != nil {
			t.Errorf("label of the %s names: %v", name, err)
		}
		text := noSpace(pdftotext(t, label))
		if !strings.Contains(text, "批准号ApprovalNo."+c.Certifier.ApprovalNumber+"）") {
			t.Errorf("label of the %s names lacks the approval number whole:\n%s", name, text)
		}
		if cut := strings.Contains(text, "…"); cut != (name == "cut") || name != "cut" && !strings.Contains(text, noSpace(c.Certifier.NameZH+c.Certifier.NameEN)) {
			t.Errorf("label of the %s names (cut %v):\n%s", name, cut, text)
		}
		if got := strings.Count(pdftotext(t, label), "□"); got != 0 {
			t.Errorf("label of the %s names prints %d empty boxes", name, got)
		}
		if dir := os.Getenv("LABELS_DUMP"); dir != "" { // inspect: pdftoppm -r 150 -png
			os.WriteFile(filepath.Join(dir, "rt70-label-"+strings.ReplaceAll(name, " ", "-")+".pdf"), label, 0o644)
		}
	}
}

// Ensure a certification body whose names the label could not print whole
// is refused where the operator registers it (CheckCertifier), naming the
// registration's field, and that the names the issue accepts pass there
// too: the same measure at both ends.
func TestCheckCertifier_SameMeasureAsTheIssue(t *testing.T) {
	r := mustRenderer(t)
	ctx := context.Background()
	for _, tt := range []struct {
		zh, en, approval, field string
	}{
		{strings.Repeat("认证", 100), strings.TrimSpace(strings.Repeat("Certifier ", 12)), "CNCA-R-2026-101", "name_zh"},
		{"", strings.TrimSpace(strings.Repeat("Certification ", 40)), "CNCA-R-2026-101", "org"},
		{"示例认证中心", "Demo Certification Centre", "CNCA-R-2026-101", ""},
	} {
		c := newCertificate()
		c.Certifier.NameZH, c.Certifier.NameEN, c.Certifier.ApprovalNumber = tt.zh, tt.en, tt.approval
		atIssue := r.CheckCertificate(ctx, c)
		err := r.CheckCertifier(tt.zh, tt.en, tt.approval)
		if footprint.ErrorField(err) != tt.field || (err == nil) != (atIssue == nil) {
			t.Errorf("%.20q / %.20q: registration %v (want field %q), issue %v", tt.zh, tt.en, err, tt.field, atIssue)
		}
		if err != nil && (!strings.Contains(err.Error(), "认证机构的名称过长") || !strings.Contains(err.Error(), "register shorter names")) {
			t.Errorf("message %q", err)
		}
	}
}
