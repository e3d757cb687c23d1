package labels_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/certification"
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
