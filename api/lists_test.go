// Tests of the list routes and their queries: empty and scoped lists, the
// regulator's list by company, product-code queries.

package api_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure the list routes that answer a store's list as it is (answerList)
// answer [] for none, not null, and the caller's organisation's keys only
// on GET /v1/org/keys.
func TestListRoutes_EmptyAndScoped(t *testing.T) {
	st := newSeededStack(t)
	rec := st.do(t, request{method: "GET", target: "/v1/admin/keys/restored", as: asAdmin})
	if got := strings.TrimSpace(rec.Body.String()); rec.Code != http.StatusOK || got != `{"data":[]}` {
		t.Fatalf("GET /v1/admin/keys/restored with none: %d %s, want 200 {\"data\":[]}", rec.Code, got)
	}
	for as, org := range map[string]string{asCert: orgCertifier, asCert2: orgCert2} {
		keys := MustData[[]access.APIKey](t, st.do(t, request{method: "GET", target: "/v1/org/keys", as: as}), http.StatusOK)
		if len(keys) == 0 {
			t.Fatalf("GET /v1/org/keys as %s: no key", as)
		}
		for _, k := range keys {
			if k.Org != org {
				t.Errorf("GET /v1/org/keys as %s: key %s of %q, want %q's only", as, k.ID, k.Org, org)
			}
		}
	}
	orgs := MustData[[]access.Organization](t, st.do(t, request{method: "GET", target: "/v1/admin/organizations", as: asAdmin}), http.StatusOK)
	names := map[string]bool{}
	for _, o := range orgs {
		names[o.Name] = true
	}
	for _, want := range []string{orgMaker, orgCertifier, orgCert2, orgRegulator, orgAdmin, orgCurator} {
		if !names[want] {
			t.Errorf("GET /v1/admin/organizations: %q missing from %v", want, names)
		}
	}
}

// Attack (a certificate hidden from the regulator's list by company, red
// team 47): a manufacturer names itself on its product in full-width
// letters and traditional characters ("ＳＵＮＲＩＳＥ　Ｓｏｌａｒ 日昇電子"),
// which print as "SUNRISE Solar 日昇電子". GET /v1/certificates?company=
// compared lower-cased text, so the regulator's list for "Sunrise Solar",
// "sunrise-solar" or "日昇电子" was empty (200, no certificate) although
// the certificate prints that name.
//
// A correct service lists it for any spelling of the same letters, and
// answers 400 naming company for a query with no letter or digit, which
// would otherwise list every certificate.
func TestRedteam47_RegulatorListByCompanyWrittenOtherwise(t *testing.T) {
	st := newSeededStack(t)
	doc := mustDoc(t, pvStudy(t, "GEC-RT47-CO"))
	doc["product"].(map[string]any)["manufacturer"] = "ＳＵＮＲＩＳＥ　Ｓｏｌａｒ 日昇電子"
	id := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: seedtest.MustMarshal(t, doc)}), 201).ID
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, id), "")), 201).Number
	for _, q := range []string{"Sunrise Solar", "sunrise-solar", "SUNRISESOLAR", "日昇电子", "日昇電子"} {
		got := MustData[[]struct {
			Number string `json:"number"`
		}](t, st.do(t, request{method: "GET", target: "/v1/certificates?company=" + url.QueryEscape(q), as: asReg}), 200)
		if !slices.ContainsFunc(got, func(c struct {
			Number string `json:"number"`
		}) bool {
			return c.Number == cert
		}) {
			t.Errorf("company=%s: %v, want %s, whose product names its manufacturer %q", q, got, cert, "ＳＵＮＲＩＳＥ　Ｓｏｌａｒ 日昇電子")
		}
	}
	e := MustError(t, st.do(t, request{method: "GET", target: "/v1/certificates?company=" + url.QueryEscape("（-）"), as: asReg}), 400, "invalid")
	if e.Error.Field != "company" || !strings.Contains(e.Error.Message, "公司名称") {
		t.Errorf("company=（-）: %+v, want 400 naming company", e.Error)
	}
}

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

// Ensure a product-code query by a longer national code finds what was
// declared under its 6-digit HS heading (red team 48, open item 4): a
// regulator querying HS:85414300 (China's 8-digit tariff line) or a
// 10-digit code under it found no certificate of HS:854143, nor its
// factors; a heading shorter than 6 digits (HS:8541) is not taken for it,
// exact mode finds the code itself only, and the reverse (854143 finds
// 85414300) holds as before. A malformed code is refused in both
// languages, naming product_code.
func TestRedteam48_ProductCodeFindsItsHeading(t *testing.T) {
	st := newSeededStack(t)
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-RT48-HS")), "")), 201).CertificateID
	certs := func(query string) []string {
		var ids []string
		for _, c := range MustData[[]struct {
			ID string `json:"id"`
		}](t, st.do(t, request{method: "GET", target: "/v1/certificates?" + query, as: asReg}), 200) {
			ids = append(ids, c.ID)
		}
		return ids
	}
	for _, tt := range []struct {
		query string
		found bool
	}{
		{"product_code=HS:85414300", true},
		{"product_code=85414300", true},
		{"product_code=HS:8541430090", true},
		{"product_code=HS:854143", true},
		{"product_code=HS:8541", true},
		{"product_code=HS:85414300&product_code_match=exact", false},
		{"product_code=HS:85414900", false},
		{"product_code=CNPC:85414300", false},
		{"product_code=HS:85414300&status=valid", true},
	} {
		if got := slices.Contains(certs(tt.query), cert); got != tt.found {
			t.Errorf("GET /v1/certificates?%s finds the certificate of HS:854143: %v, want %v", tt.query, got, tt.found)
		}
	}
	factors := MustData[[]struct {
		Code string `json:"code"`
	}](t, st.do(t, request{method: "GET", target: "/v1/factors?product_code=HS:85414300", as: asReg}), 200)
	if !slices.ContainsFunc(factors, func(f struct {
		Code string `json:"code"`
	}) bool {
		return f.Code == "PV-MOD-HJT"
	}) {
		t.Errorf("GET /v1/factors?product_code=HS:85414300: %+v, want PV-MOD-HJT (HS:854143)", factors)
	}
	number := MustData[struct {
		Number string `json:"number"`
	}](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + cert, as: asReg}), 200).Number
	if page := newWebUser(t, st.srv).get("/certificates?q=HS:85414300").Body.String(); !strings.Contains(page, number) {
		t.Error("the registry's search for HS:85414300 does not list the certificate of HS:854143")
	}
	for _, q := range []string{"product_code=XX:8541", "product_code=HS:85A1", "product_code=8541&product_code_match=fuzzy"} {
		e := MustError(t, st.do(t, request{method: "GET", target: "/v1/certificates?" + q, as: asReg}), http.StatusBadRequest, "invalid")
		if !strings.HasPrefix(e.Error.Field, "product_code") || !strings.ContainsFunc(e.Error.Message, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
			t.Errorf("%s: %+v, want a bilingual message naming product_code", q, e.Error)
		}
	}
}
