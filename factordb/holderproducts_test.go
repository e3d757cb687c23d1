package factordb

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// Ensure a review takes a record of the same product under another code
// (red team 13): a code of one starting with a code of the other in the
// same scheme, whatever the rule, and another code of a rule of
// subheadings (pv-module: HS 854143 and 854140), but not another product
// under a rule of chapters (electronics), another scheme, or another rule.
func TestSameProduct(t *testing.T) {
	study := func(rule string, codes ...string) *sameProduct {
		st := &footprint.Study{Rule: rule}
		st.Product.ProductCodes = footprinttest.ProductCodes(t, codes...)
		return newSameProduct(st)
	}
	for _, tt := range []struct {
		name                 string
		p                    *sameProduct
		scheme, digits, rule string
		want                 bool
	}{
		{"SameCode", study("pv-module", "HS:854143"), "HS", "854143", "pv-module", true},
		{"TariffLine", study("pv-module", "HS:85414300"), "HS", "854143", "pv-module", true},
		{"Subheading", study("pv-module", "HS:854143"), "HS", "85414300", "pv-module", true},
		{"OtherCodeOfTheRule", study("pv-module", "HS:854140"), "HS", "854143", "pv-module", true},
		{"SameCodeOtherRule", study("electronics", "HS:854143"), "HS", "854143", "pv-module", true},
		{"OtherCodeOtherRule", study("electronics", "HS:854140"), "HS", "854143", "pv-module", false},
		{"OtherProductOfAChapterRule", study("electronics", "HS:847130"), "HS", "851713", "electronics", false},
		{"LongerCodeOfAChapterRule", study("electronics", "HS:847130"), "HS", "84713000", "electronics", true},
		{"SameDigitsOtherScheme", study("pv-module", "HS:854143", "CPC:46410"), "CNPC", "854143", "pv-module", false},
		{"SecondScheme", study("pv-module", "HS:854143", "CPC:46410"), "CPC", "46410", "electronics", true},
		{"OtherSchemeOnly", study("electronics", "CPC:46410"), "HS", "46410", "electronics", false},
		{"NoCode", study("pv-module", "HS:854143"), "HS", "", "electronics", false},
	} {
		if got := tt.p.matches(tt.scheme, tt.digits, tt.rule); got != tt.want {
			t.Errorf("%s: %s:%s under %s: %v, want %v", tt.name, tt.scheme, tt.digits, tt.rule, got, tt.want)
		}
	}
}
