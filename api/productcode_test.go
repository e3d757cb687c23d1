package api_test

import (
	"net/url"
	"strings"
	"testing"
)

// Ensure product-code queries follow one rule on every list that takes
// them (issue 9 item 9; docs/api.md "Product-code queries"):
// product_code=[SCHEME:]digits matches as a prefix by default (and a
// longer code finds its heading of 6 digits or more),
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
		// A longer code finds its heading of 6 digits or more (red team 48).
		{"product_code=8541430", true},
		{"product_code=HS:85414300", true},
		{"product_code=8541430&product_code_match=exact", false},
		{"product_code=85414900", false},
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

// Red team 30: a manufacturer hiding its certificates or products from a
// regulator querying by product code.

// Ensure a regulator's product-code query of a certificate or product
// coded HS:854143 either finds it or is refused naming product_code,
// whatever way the code is written: with dots, spaces, full-width or
// invisible characters, in another case, or a look-alike scheme. Never an
// empty 200, which a regulator would read as "no certificate". (Held: the
// stored codes are digits only, ParseProductCode having removed the dots
// and refused anything else, and the query is read by the same rules.)
func TestRedteam30_ProductCodeWrittenOtherwise(t *testing.T) {
	st := newSeededStack(t)
	st.seedFixture(t, "")
	for _, tt := range []struct {
		code  string
		found bool // else refused
	}{
		{"8541.43", true}, {"HS:8541.43", true}, {"HS:85.41.43", true}, {" hs : 854143 ", true}, {"Hs:8541", true},
		{"hſ:854143", true}, // ſ (U+017F) upper-cases to S: the scheme HS
		{"8541 43", false}, {"HS:8541 43", false}, {"HS 854143", false}, {"８５４１４３", false}, {"HS:８５４１", false},
		{"HS：854143", false}, {"HS:8541\u200b43", false}, {"\u200b8541", false}, {"HS:85４1", false},
	} {
		for _, path := range []string{"/v1/certificates", "/v1/products"} {
			rec := st.do(t, request{method: "GET", target: path + "?product_code=" + url.QueryEscape(tt.code), as: asReg})
			if tt.found {
				if got := MustData[[]any](t, rec, 200); len(got) != 1 {
					t.Errorf("%s?product_code=%q: %d rows, want 1", path, tt.code, len(got))
				}
				continue
			}
			if e := MustError(t, rec, 400, "invalid"); e.Error.Field != "product_code" {
				t.Errorf("%s?product_code=%q: field %q", path, tt.code, e.Error.Field)
			}
		}
	}
}
