package pact_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/google/uuid"
)

// Ensure each v3 filter selects by its criterion (case-insensitive, OR
// within a criterion, AND across), and that a footprint satisfies the
// filters built from its own fields.
func TestFilter_Match(t *testing.T) {
	s := MustDemoStudy(t, "pv-module", func(s *footprint.Study) {
		withCPC(s)
		for _, e := range s.Electricity {
			e.Geography = "CN-SC"
		}
	})
	f := MustFootprint(t, MustRecord(t, s, uuid.Nil, certification.CertificateValid), s)
	v3 := f.V3()
	for _, tt := range []struct {
		name  string
		query map[string][]string
		want  bool
	}{
		{"none", nil, true},
		{"empty value", map[string][]string{"geography": {""}}, true},
		{"own productId", map[string][]string{"productId": v3.ProductIDs}, true},
		{"productId other case", map[string][]string{"productid": {"URN:PACT:PCF.EXAMPLE.CN:PRODUCT-ID:DEMO%20MODULE%20CO.:DEMO-M10-54"}}, true},
		{"productId other", map[string][]string{"productId": {"urn:gtin:4712345060507"}}, false},
		// A URN written into the query unencoded reaches the filter
		// query-decoded (?productId=urn:…:Demo%20Module%20Co.:… gives a
		// space): it names the URN it decodes from, and no other.
		{"productId query-decoded", map[string][]string{"productId": {"urn:pact:pcf.example.cn:product-id:Demo Module Co.:DEMO-M10-54"}}, true},
		{"productId query-decoded other case", map[string][]string{"productId": {"URN:PACT:PCF.EXAMPLE.CN:PRODUCT-ID:DEMO MODULE CO.:DEMO-M10-54"}}, true},
		{"productId query-decoded other name", map[string][]string{"productId": {"urn:pact:pcf.example.cn:product-id:Demo Module Co.:DEMO-M10-55"}}, false},
		{"companyId query-decoded", map[string][]string{"companyId": {"urn:pact:pcf.example.cn:company-id:Demo Module Co."}}, true},
		{"companyId query-decoded other", map[string][]string{"companyId": {"urn:pact:pcf.example.cn:company-id:Demo Module"}}, false},
		{"productId one of two", map[string][]string{"productId": {"urn:gtin:4712345060507", v3.ProductIDs[0]}}, true},
		{"own companyId", map[string][]string{"companyId": v3.CompanyIDs}, true},
		{"companyId other", map[string][]string{"companyId": {"urn:pact:pcf.example.cn:company-id:Other"}}, false},
		{"geography subdivision", map[string][]string{"geography": {"CN-SC"}}, true},
		{"geography country", map[string][]string{"geography": {"cn"}}, true},
		{"geography subregion", map[string][]string{"geography": {"Eastern Asia"}}, true},
		{"geography region", map[string][]string{"geography": {"Asia"}}, true},
		{"geography other", map[string][]string{"geography": {"DE", "FR"}}, false},
		{"classification HS", map[string][]string{"classification": {"urn:pact:wcoomd.org:hs-code:854143"}}, true},
		{"classification CPC", map[string][]string{"classification": {"urn:cpc:46"}}, true},
		{"classification other", map[string][]string{"classification": {"urn:cpc:31230"}}, false},
		{"validOn inside", map[string][]string{"validOn": {"2027-01-01T00:00:00Z"}}, true},
		{"validOn before", map[string][]string{"validOn": {"2026-03-01T00:00Z"}}, false},
		{"validOn after", map[string][]string{"validOn": {"2028-03-03T00:00:00Z"}}, false},
		{"validAfter earlier", map[string][]string{"validAfter": {"2026-01-01T00:00:00Z"}}, true},
		{"validAfter later", map[string][]string{"validAfter": {v3.ValidityPeriodStart}}, false},
		{"validBefore later", map[string][]string{"validBefore": {"2029-01-01T00:00:00Z"}}, true},
		{"validBefore earlier", map[string][]string{"validBefore": {v3.ValidityPeriodEnd}}, false},
		{"status Active", map[string][]string{"status": {"active"}}, true},
		{"status Deprecated", map[string][]string{"status": {"Deprecated"}}, false},
		{"status unknown", map[string][]string{"status": {"Withdrawn"}}, false},
		{"and across", map[string][]string{"geography": {"CN"}, "classification": {"urn:cpc:31230"}}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q, err := pact.ParseFilter(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			if got := q.Match(f); got != tt.want {
				t.Fatalf("Match(%s) = %v, want %v", q, got, tt.want)
			}
		})
	}
}

// Ensure a malformed date or a repeated single-valued filter is EINVALID
// naming the parameter.
func TestParseFilter_Errors(t *testing.T) {
	for _, q := range []map[string][]string{
		{"validOn": {"yesterday"}},
		{"validAfter": {"2025-13-01"}},
		{"validBefore": {"2025-01-01", "2026-01-01"}},
		{"status": {"Active", "Deprecated"}},
	} {
		_, err := pact.ParseFilter(q)
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) == "" {
			t.Errorf("%v: err %v, want EINVALID naming the parameter", q, err)
		}
	}
}

// Ensure the v2 $filter subset parses and selects: each property and
// operator, "and", parentheses, quoted and unquoted date-times, and the
// any() lambdas; anything beyond the subset is NotImplemented and
// malformed input BadRequest.
func TestFilterV2(t *testing.T) {
	s := MustDemoStudy(t, "pv-module", withCPC)
	active := MustFootprint(t, MustRecord(t, s, uuid.Nil, certification.CertificateValid), s)
	deprecated := MustFootprint(t, MustRecord(t, s, uuid.Nil, certification.CertificateSuperseded), s)
	pid := active.ProductIDs[0]
	for _, tt := range []struct {
		expr               string
		active, deprecated bool
	}{
		{"", true, true},
		{"created ge '2026-03-02T08:30:15Z'", true, true},
		{"created gt 2026-03-02T08:30:15Z", false, false},
		{"created lt 2026-03-02T08:30:16.000Z", true, true},
		{"created le '2026-03-01T00:00:00Z'", false, false},
		{"created eq '2026-03-02T08:30:15Z'", true, true},
		{"updated ge '2026-01-01T00:00:00Z'", false, true},
		{"productCategoryCpc eq '46'", true, true},
		{"productCategoryCpc eq '47'", false, false},
		{"pcf/geographyCountry eq 'CN'", true, true},
		{"pcf/geographyCountry eq 'FR'", false, false},
		{"pcf/referencePeriodStart eq '2025-01-01T00:00:00Z'", true, true},
		{"pcf/referencePeriodEnd le '2026-01-01T00:00:00Z'", true, true},
		{"pcf/referencePeriodEnd lt '2026-01-01T00:00:00Z'", false, false},
		{"productIds/any(productId:(productId eq '" + pid + "'))", true, true},
		{"productIds/any(p: p eq 'urn:gtin:4712345060507')", false, false},
		{"productIds/any(p: p eq '" + strings.ReplaceAll(pid, "%20", " ") + "')", true, true},
		{"companyIds/any(c: c eq '" + strings.ReplaceAll(active.CompanyIDs[0], "%20", " ") + "')", true, true},
		{"companyIds/any(c:(c eq '" + active.CompanyIDs[0] + "'))", true, true},
		{"(pcf/geographyCountry eq 'CN') and (updated lt '2030-01-01T00:00:00Z')", false, true},
		{"pcf/geographyCountry eq 'CN' and productIds/any(p:(p eq '" + pid + "')) and created ge '2020-01-01T00:00:00Z'", true, true},
	} {
		t.Run(tt.expr, func(t *testing.T) {
			q, err := pact.ParseFilterV2(tt.expr)
			if err != nil {
				t.Fatal(err)
			}
			if got := q.Match(active); got != tt.active {
				t.Errorf("active: %v, want %v", got, tt.active)
			}
			if got := q.Match(deprecated); got != tt.deprecated {
				t.Errorf("deprecated: %v, want %v", got, tt.deprecated)
			}
		})
	}
	for _, tt := range []struct{ expr, code string }{
		{"created ge '2026-03-02T08:30:15Z' or created lt '2020-01-01T00:00:00Z'", footprint.ENOTIMPLEMENTED},
		{"not (created ge '2026-03-02T08:30:15Z')", footprint.ENOTIMPLEMENTED},
		{"companyName eq 'X'", footprint.ENOTIMPLEMENTED},
		{"contains(companyName, 'X')", footprint.ENOTIMPLEMENTED},
		{"productIds/any(p:(p ne 'x'))", footprint.ENOTIMPLEMENTED},
		{"created ge", footprint.EINVALID},
		{"created ge 'soon'", footprint.EINVALID},
		{"created is '2026-01-01T00:00:00Z'", footprint.EINVALID},
		{"pcf/geographyCountry eq CN", footprint.EINVALID},
		{"(created ge '2026-01-01T00:00:00Z'", footprint.EINVALID},
		{"created ge '2026-01-01T00:00:00Z')", footprint.EINVALID},
		{"pcf/geographyCountry eq 'CN", footprint.EINVALID},
		{"created ge '2026-01-01T00:00:00Z' and", footprint.EINVALID},
	} {
		_, err := pact.ParseFilterV2(tt.expr)
		if got := footprint.ErrorCode(err); got != tt.code || footprint.ErrorField(err) != "$filter" {
			t.Errorf("%q: err %v (%s), want %s naming $filter", tt.expr, err, got, tt.code)
		}
	}
}
