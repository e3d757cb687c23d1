package labels_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// textCase is a text of a study's field.
type textCase struct{ field, text string }

// greekNames are the technical names with Greek letters that the claims
// check accepts since session 51 (access.technicalGreek) but the font
// lacked, so that an application was refused "characters not in the
// certificate font": thin-film silicon (α-Si, μc-Si), the micro sign's
// and Greek μ, and the Greek Ω and ohm sign; since session 54 a colour
// difference (ΔE) and a power factor (cos φ).
var greekNames = []textCase{
	{"product.name", "Demo α-Si thin-film module"},
	{"product.name", "Demo α-Si/μc-Si tandem module"},
	{"product.name_zh", "示例非晶硅α-Si薄膜组件"},
	{"product.name", "Demo module, 150μm wafers"},
	{"product.name", "Demo module, 150µm wafers"}, // the micro sign U+00B5
	{"product.name", "Demo sensor 10kΩ NTC"},
	{"product.name", "Demo sensor 10k\u2126 NTC"}, // the ohm sign
	{"product.manufacturer", "Demo α-Si Thin Film Co., Ltd."},
	{"not_applicable[0].reason", "10kΩ NTC sensors made on site"},
	{"product.name", "Demo 27-inch monitor, ΔE<2"}, // session 54: a display's colour accuracy
	{"product.name", "Demo 27-inch monitor ΔE00 ≤ 1.5"},
	{"product.name", "Demo inverter, cos φ 0.8 leading to 0.8 lagging"}, // a power factor
	{"product.name", "Demo inverter cosφ=1"},
}

// studyWith returns the demo module study with field set to text.
func studyWith(tb testing.TB, tt textCase) *footprint.Study {
	tb.Helper()
	st := seedtest.Stored(tb, "pv-module", "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", nil)
	st.NotApplicable = append(st.NotApplicable, footprint.StageNotApplicable{Stage: "A3", Reason: "made on site"})
	p := &st.Product
	*map[string]*string{
		"product.name": &p.Name, "product.name_zh": &p.NameZH, "product.manufacturer": &p.Manufacturer,
		"not_applicable[0].reason": &st.NotApplicable[0].Reason,
	}[tt.field] = tt.text
	return st
}

// Ensure an application with a Greek technical name passes both checks an
// application runs, the claims check (certification.CheckPrintable) and
// the font's (Renderer.CheckStudy): the font lacked α, μ and Ω, and
// refused "Demo α-Si thin-film module" (session 51's false refusal).
func TestCheckStudy_GreekTechnicalNames(t *testing.T) {
	r := mustRenderer(t)
	for _, tt := range greekNames {
		st := studyWith(t, tt)
		if err := certification.CheckPrintable(st); err != nil {
			t.Errorf("%s %q: claims check: %v", tt.field, tt.text, err)
		}
		if err := r.CheckStudy(context.Background(), st); err != nil {
			t.Errorf("%s %q: %v, want accepted", tt.field, tt.text, err)
		}
	}
}

// Ensure a Greek letter that stands for a Latin one is still refused at
// application: the letters the font now draws (α read as a, μ as u, Ω
// beside letters) by the claims check, which reads them (the font no
// longer refuses them), and any other Greek letter by the font too, with
// or without Latin letters beside it.
func TestCheckStudy_GreekLookAlikesRefused(t *testing.T) {
	r := mustRenderer(t)
	for _, tt := range []textCase{
		{"product.name", "Demo Module cαrbon neutral"},
		{"product.name", "Demo Module carbon neμtral"},
		{"product.name", "Demo Module neμtral"},
		{"product.name", "Demo cα-Si module"},
		{"product.name", "Demo Ωmega module"},
		{"product.manufacturer", "Cαrbon Neutral Demo Co., Ltd."},
		{"not_applicable[0].reason", "cαrbon neutral transport"},
	} {
		st := studyWith(t, tt)
		if err := certification.CheckPrintable(st); footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.field {
			t.Errorf("%s %q: claims check %v, want EINVALID naming %s", tt.field, tt.text, err, tt.field)
		}
	}
	for _, tt := range []textCase{
		{"product.name", "Dεmo Module"},
		{"product.name", "Demo Module ΒΕΤΑ"},
		{"product.name_zh", "示例组件 ΑΒΓ"}, // no Latin letter beside: CheckPrintsAsItReads lets it pass
		{"product.name", "Demo β-Ga2O3 module"},
	} {
		err := r.CheckStudy(context.Background(), studyWith(t, tt))
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.field || !strings.Contains(err.Error(), "not in the certificate font") {
			t.Errorf("%s %q: %v, want EINVALID naming %s, not in the certificate font", tt.field, tt.text, err, tt.field)
		}
	}
}

// greekCertificate is a format-3 certificate of a fictitious thin-film
// module with Greek technical names in its product's names and a reason.
func greekCertificate() *certification.Certificate {
	c := newCertificateV3()
	c.Product.NameZH = "示例非晶硅α-Si薄膜组件"
	c.Product.NameEN = "Demo α-Si/μc-Si tandem module, 150µm wafers"
	c.NotApplicable[0].Reason = "10kΩ NTC sensors, 10k\u2126 shunts made on site"
	return c
}

// Ensure a certificate and a label with Greek technical names render,
// print them as text a reader can copy (pdftotext gives the characters,
// not boxes or code points) and verify as genuine.
func TestRender_GreekTechnicalNames(t *testing.T) {
	f := signedFixture(t, greekCertificate())
	if err := mustRenderer(t).CheckCertificate(context.Background(), f.sc.Certificate); err != nil {
		t.Fatal(err)
	}
	renderLabelPNG(t, f.sc)
	checkAuditDocs(t, f, []string{"示例非晶硅α-Si薄膜组件", "Demo α-Si/μc-Si tandem module, 150µm wafers", "10kΩ NTC sensors, 10k\u2126 shunts"}, nil, "[U+")
	// Session 54: a colour difference and a power factor.
	c := newCertificateV3()
	c.Product.NameZH, c.Product.NameEN = "示例组件 ΔE<2", "Demo module, cos φ 0.8 inverter, ΔE00 ≤ 1.5"
	g := signedFixture(t, c)
	if err := mustRenderer(t).CheckCertificate(context.Background(), g.sc.Certificate); err != nil {
		t.Fatal(err)
	}
	renderLabelPNG(t, g.sc)
	checkAuditDocs(t, g, []string{"示例组件 ΔE<2", "Demo module, cos φ 0.8 inverter, ΔE00 ≤ 1.5"}, nil, "[U+")
}

// Ensure a factor's name or source with one of the Greek letters added to
// the font prints as its code point, as every document issued before they
// were added printed it: a verifier renders an issued document again and
// compares bytes, and "μ" where the issued file has "[U+03BC]" would make a
// genuine certificate fail. The golden file was rendered before the
// letters were added (main at b0bb233c).
func TestRender_FactorGreekAsIssued(t *testing.T) {
	c := newCertificateV3()
	c.Factors[1].NameEN = "Solar rolled glass, 3.2 mm, 10 μm AR coating"
	c.Factors[1].Source = "CPCD 37112X0012018C (10 kΩ·cm)"
	f := signedFixture(t, c)
	golden(t, "certificate-v3-greek-factor.golden.pdf", renderCert(t, f.sc))
	checkAuditDocs(t, f, []string{"10 [U+03BC]m AR coating", "(10 k[U+03A9]·cm)"}, nil)
}
