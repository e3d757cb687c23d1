package labels_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure a format-4 certificate's documents verify only with the QR code
// to the address the certificate signs. Anyone can render a genuine
// certificate again (the signed envelope is on the public verify page, the
// renderer is this code): with a QR code to a look-alike site the
// certificate and the label are not genuine, the report naming verify_url
// and giving the address the forged QR code leads to. Before format 4 the
// same forgery verified, the address not being signed (it still does for a
// format-3 certificate: docs/certificates.md).
func TestVerifyPDF_QRCodeToAnotherSite(t *testing.T) {
	ctx := context.Background()
	r := mustRenderer(t)
	c := newCertificateV3()
	c.Format, c.VerifyBase = 4, "https://pcf.example.cn"
	fx := signedFixture(t, c)
	genuine, err := c.VerifyURL("")
	if err != nil {
		t.Fatal(err)
	}
	lookAlike := "https://pcf-example.cn" + certification.CertificateVerifyPath(c.ID)
	for _, tc := range []struct {
		name   string
		render func(sc *certification.SignedCertificate, url string) ([]byte, error)
	}{
		{"certificate", func(sc *certification.SignedCertificate, u string) ([]byte, error) {
			return r.RenderCertificatePDF(ctx, sc, certification.CertificateValid, u)
		}},
		{"label", func(sc *certification.SignedCertificate, u string) ([]byte, error) {
			return r.RenderLabelPDF(ctx, sc, u)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pdf, err := tc.render(fx.sc, genuine)
			if err != nil {
				t.Fatal(err)
			}
			if rep, err := r.VerifyPDF(pdf, fx.keys()); err != nil || rep.Document.VerifyURL != genuine {
				t.Fatalf("issued document: %v, QR code to %q", err, rep.Document.VerifyURL)
			}
			forged, err := tc.render(fx.sc, lookAlike)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := r.VerifyPDF(forged, fx.keys())
			if err == nil || !slices.Contains(fieldsOf(err), "verify_url") || !strings.Contains(err.Error(), "not to the verification page the certificate signs, "+genuine) {
				t.Fatalf("QR code to %s: %v, want not genuine naming verify_url and %s", lookAlike, err, genuine)
			}
			if rep.Document.VerifyURL != lookAlike {
				t.Errorf("report: QR code leads to %q, want %q", rep.Document.VerifyURL, lookAlike)
			}
			// The address is unsigned in format 3.
			c3 := newCertificateV3()
			fx3 := signedFixture(t, c3)
			old, err := tc.render(fx3.sc, "https://pcf-example.cn"+certification.CertificateVerifyPath(c3.ID))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := r.VerifyPDF(old, fx3.keys()); err != nil || c3.Format == 4 {
				t.Fatalf("format %d, QR code to another site: %v (the documented limit of earlier formats)", c3.Format, err)
			}
		})
	}
}
