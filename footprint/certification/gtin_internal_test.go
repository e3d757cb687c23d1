package certification

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure the GS1 check digit of GTIN-8, -12, -13 and -14 is checked: any
// 8, 12, 13 or 14 digits were accepted, so a mistyped or invented GTIN was
// printed on a certificate.
func TestCheckGTINDigit(t *testing.T) {
	for _, tt := range []struct {
		gtin string
		ok   bool
	}{
		{"", true},
		{"96385074", true}, {"96385075", false}, // GTIN-8
		{"036000291452", true}, {"036000291453", false}, // GTIN-12 (UPC-A)
		{"4006381333931", true}, {"4006381333932", false}, // GTIN-13
		{"06901234567892", true}, {"06901234567890", false}, // GTIN-14
		{"16901234567899", true}, {"16901234567892", false},
	} {
		err := checkGTINDigit(tt.gtin)
		if tt.ok != (err == nil) || err != nil && (footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "product.gtin") {
			t.Errorf("%q: %v, want ok %v", tt.gtin, err, tt.ok)
		}
	}
}
