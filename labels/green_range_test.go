package labels_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/labels"
)

// Ensure a certificate prints a batch of green certificates as its first
// and last serial, and still verifies.
func TestRenderCertificatePDF_GreenCertificateRange(t *testing.T) {
	c := newCertificate()
	c.Electricity.Instruments[0].SerialLast = "GEC-2025-0120" // GEC-2025-0001 to -0120: 120 MWh
	f := signedFixture(t, c)
	pdf := renderCert(t, f.sc)
	if text := pdftotext(t, pdf); !strings.Contains(text, "GEC-2025-0001 – GEC-2025-0120") {
		t.Errorf("text lacks the range GEC-2025-0001 – GEC-2025-0120:\n%s", text)
	}
	if _, err := labels.VerifyPDF(pdf, f.keys()); err != nil {
		t.Fatal(err)
	}
}
