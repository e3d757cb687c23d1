package api_test

import (
	"net/url"
	"strings"
	"testing"
)

// Ensure product-code queries follow one rule on every list that takes
// them (issue 9 item 9; docs/api.md "Product-code queries"):
// product_code=[SCHEME:]digits matches as a prefix by default,
// product_code_match=exact matches the code itself, a scheme when given is
// respected, and a malformed code or match mode is a 400 naming its
// parameter. Before, studies matched exactly, certificates and factors by
// prefix, the scheme was ignored on certificates and factors, and
// product_code_match was ignored on certificates.
func TestServer_ProductCodeQueries(t *testing.T) {
	st := newSeededStack(t)
	st.seedFixture(t, "") // a product and two certified studies, all HS:854143

	lists := []struct {
		path string
		as   string
		all  int // matches of HS:854143
	}{
		{"/v1/factors", "", 7},
		{"/v1/products", asReg, 1},
		{"/v1/certificates", asReg, 1},
		{"/v1/studies", asReg, 2},
	}
	for _, tt := range []struct {
		query string
		all   bool // finds everything coded HS:854143, or nothing
	}{
		{"product_code=8541", true},
		{"product_code=85.41", true},
		{"product_code=HS:8541", true},
		{"product_code=hs:854143", true},
		{"product_code=854143&product_code_match=exact", true},
		{"product_code=HS:854143&product_code_match=exact", true},
		{"product_code=8541&product_code_match=exact", false},
		{"product_code=CNPC:8541", false},
		{"product_code=CNPC:854143&product_code_match=exact", false},
		{"product_code=8543", false},
		{"product_code=8541430", false},
	} {
		for _, l := range lists {
			got := len(MustData[[]any](t, st.do(t, request{method: "GET", target: l.path + "?" + tt.query + "&limit=100", as: l.as}), 200))
			want := 0
			if tt.all {
				want = l.all
			}
			if l.path == "/v1/factors" && tt.all && !strings.Contains(tt.query, "854143") {
				want = 9 // the prefix 8541 finds the two HS:854142 factors too
			}
			if got != want {
				t.Errorf("%s?%s: %d, want %d", l.path, tt.query, got, want)
			}
		}
	}
	for _, tt := range []struct{ query, field string }{
		{"product_code=XX:8541", "product_code"},
		{"product_code=85a1", "product_code"},
		{"product_code=8", "product_code"},
		{"product_code=8541&product_code_match=fuzzy", "product_code_match"},
	} {
		for _, l := range lists {
			e := MustError(t, st.do(t, request{method: "GET", target: l.path + "?" + tt.query, as: l.as}), 400, "invalid")
			if e.Error.Field != tt.field {
				t.Errorf("%s?%s: field %q, want %q", l.path, url.PathEscape(tt.query), e.Error.Field, tt.field)
			}
		}
	}
}
