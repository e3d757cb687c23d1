package labels_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// Red-team findings on the verification of documents (issue 10 follow-up).

// Ensure a QR code whose URL only ends in the certificate's verify path,
// but leads elsewhere, is neither rendered nor verified as genuine. The
// renderer checked only the URL's suffix, so a forger could render a
// genuine certificate A (exactly, byte for byte, with the public renderer)
// whose QR code leads to another genuine certificate B's page on the real
// host: the query and the fragment are ignored by the verify page (it
// ignores unknown parameters for WeChat), so a phone scanning A's label
// sees B, valid, for another product. pcf verify --server accepted it too
// (same origin). A user-info prefix ("https://pcf.example.cn@evil.example")
// shows the real host to a reader and leads elsewhere.
func TestRedteam_VerifyURLMustBeTheVerifyPath(t *testing.T) {

	fx := newFixture(t)
	g := genuineDocs(t)
	r := mustRenderer(t)
	a := fx.sc.Certificate
	pathA := certification.CertificateVerifyPath(a.ID)
	pathB := certification.CertificateVerifyPath(g.otherSC.Certificate.ID)
	for name, u := range map[string]string{
		"query":        "https://pcf.example.cn" + pathB + "?from=" + pathA,
		"query-bare":   "https://pcf.example.cn" + pathB + "?" + pathA,
		"fragment":     "https://pcf.example.cn" + pathB + "#" + pathA,
		"userinfo":     "https://pcf.example.cn@evil.example" + pathA,
		"backslash":    "https://evil.example\\@pcf.example.cn" + pathA,
		"dot-segments": "https://pcf.example.cn" + pathB + "/../../../.." + pathA,
		"encoded":      "https://pcf.example.cn/v1/certificates/" + g.otherSC.Certificate.ID.String() + "%2Fverify%3F" + pathA,
		"no-host":      "https://" + pathA,
		"confusable":   "https://pcf.exаmple.cn" + pathA, // Cyrillic а
	} {
		t.Run(name, func(t *testing.T) {
			for kind, render := range map[string]func() ([]byte, error){
				"certificate": func() ([]byte, error) {
					return r.RenderCertificatePDF(context.Background(), fx.sc, certification.CertificateValid, u)
				},
				"label": func() ([]byte, error) { return r.RenderLabelPDF(context.Background(), fx.sc, u) },
			} {
				pdf, err := render()
				if err == nil {
					if _, verr := r.VerifyPDF(pdf, fx.keys()); verr == nil {
						t.Errorf("%s with QR code %q verifies as genuine", kind, u)
					} else if !strings.Contains(verr.Error(), "verify") {
						t.Errorf("%s: error does not name the verification URL: %v", kind, verr)
					}
				}
			}
		})
	}
}

// Ensure a certificate is not issued with a product model the label would
// cut short. The label fits the model line by shrinking it and then
// cutting it with "…", so what a buyer reads is a prefix of the signed
// model: on the running service a certificate for model "DEMO-M10-54" +
// 40 spaces + "(lab sample, not for sale)" printed "型号规格 Model
// DEMO-M10-54 (lab sa…"; with more spaces the qualifier disappears and
// the label reads as the production model's. CheckCertificate (run at
// issue) must refuse it, naming product.model; rendering stays as it is,
// so documents already issued still verify.
func TestRedteam_LabelDoesNotCutTheModel(t *testing.T) {
	r := mustRenderer(t)
	c := newCertificate()
	c.Product.Model = "EX-550M" + strings.Repeat(" ", 60) + "(lab sample, not for sale)"
	err := r.CheckCertificate(context.Background(), c)
	if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "product.model" {
		t.Fatalf("model cut on the label accepted at issue: %v", err)
	}
	ok := newCertificate()
	ok.Product.Model = "EX-550M-144HC-BIFACIAL"
	if err := r.CheckCertificate(context.Background(), ok); err != nil {
		t.Fatalf("a model that fits refused: %v", err)
	}
	// A certificate issued before the check still renders and verifies.
	fx := newFixture(t)
	sc := footprinttest.Sign(t, c, fx.key)
	pdf := renderLabel(t, sc)
	if _, err := r.VerifyPDF(pdf, fx.keys()); err != nil {
		t.Fatalf("label of a long-model certificate: %v", err)
	}
}
