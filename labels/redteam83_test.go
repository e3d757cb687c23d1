package labels_test

import (
	"bytes"
	"testing"
)

// Ensure documents rendered in layout pcf-document/7 (testdata/document7,
// as downloaded until layout pcf-document/8) still verify byte for byte:
// their pages hold the codes 60 and 62 of Chinese characters as < and >,
// as every layout before 8 wrote them, and no markup a browser acts on
// (red team 83). Documents rendered now are of layout pcf-document/9
// (since session 51).
func TestVerifyPDF_Layout7AsIssued(t *testing.T) {
	checkLayoutAsIssued(t, "document7", "pcf-document/7", "certificate-v2.pdf", "label-v2.pdf", "certificate-v3.pdf", "label-v3.pdf",
		"certificate.pdf", "label.pdf")
	f := newFixture(t)
	for name, now := range map[string][]byte{"certificate": renderCert(t, f.sc), "label": renderLabel(t, f.sc)} {
		if !bytes.Contains(now, []byte("(pcf-document/9 ")) {
			t.Errorf("a %s rendered now is not of layout pcf-document/9", name)
		}
	}
}
