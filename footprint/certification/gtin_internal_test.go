package certification

import (
	"strings"
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
		if err != nil {
			wantBilingualGTIN(t, err, "校验位", "check digit")
		}
	}
	// A GTIN of the wrong length is refused in both languages too.
	wantBilingualGTIN(t, CertificateProduct{NameZH: "组件", NameEN: "Module", Model: "M-1", GTIN: "12"}.validate(), "位数字", "8, 12, 13 or 14 digits")
}

// wantBilingualGTIN fails unless err is EINVALID naming product.gtin with a
// message that users (the API, the web workbench) read in Chinese (zh) and
// English (en).
func wantBilingualGTIN(t *testing.T, err error, zh, en string) {
	t.Helper()
	msg := footprint.ErrorMessage(err)
	if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "product.gtin" || !strings.Contains(msg, zh) || !strings.Contains(msg, en) {
		t.Errorf("%v: want EINVALID naming product.gtin, saying %q and %q", err, zh, en)
	}
}
