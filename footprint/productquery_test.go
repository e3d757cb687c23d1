package footprint_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure a product-code query parses [SCHEME:]digits with a match mode and
// matches by prefix, exactly, and within its scheme when it names one.
func TestProductCodeQuery(t *testing.T) {
	hs := footprint.ProductCode{Scheme: "HS", Code: "854143"}
	cnpc := footprint.ProductCode{Scheme: "CNPC", Code: "854143"}
	for _, tt := range []struct {
		code, match string
		hs, cnpc    bool
	}{
		{"8541", "", true, true},
		{" 85.41 ", "prefix", true, true},
		{"hs:8541", "", true, false},
		{"CNPC:854143", "exact", false, true},
		{"854143", "exact", true, true},
		{"8541", "exact", false, false},
		{"8541430", "", false, false},
	} {
		q, err := footprint.ParseProductCodeQuery(tt.code, tt.match)
		if err != nil {
			t.Fatalf("%q %q: %v", tt.code, tt.match, err)
		}
		if q.Match(hs) != tt.hs || q.Match(cnpc) != tt.cnpc || q.MatchString(hs.String()) != tt.hs || q.MatchString(cnpc.String()) != tt.cnpc {
			t.Errorf("%q %q: HS %v CNPC %v, want %v %v", tt.code, tt.match, q.Match(hs), q.Match(cnpc), tt.hs, tt.cnpc)
		}
	}
	if q, err := footprint.ParseProductCodeQuery("  ", "exact"); q != nil || err != nil || !q.MatchAny(nil) {
		t.Fatalf("blank code: %v %v", q, err)
	}
	for _, tt := range []struct{ code, match, field string }{
		{"XX:8541", "", "product_code"},
		{"8", "", "product_code"},
		{"85a1", "", "product_code"},
		{"HS:", "", "product_code"},
		{"8541", "fuzzy", "product_code_match"},
	} {
		_, err := footprint.ParseProductCodeQuery(tt.code, tt.match)
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.field {
			t.Errorf("%q %q: %v, want invalid %s", tt.code, tt.match, err, tt.field)
		}
	}
}
