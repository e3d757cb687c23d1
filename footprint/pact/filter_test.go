package pact_test

import (
	"bytes"
	"net/url"
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

// indexed is a footprint with the index keys of its certificate.
type indexed struct {
	name string
	f    *pact.Footprint
	keys [][]byte
}

// underLookup reports whether one of keys (without the number) is under l.
func underLookup(keys [][]byte, l pact.Lookup) bool {
	for _, k := range keys {
		if !l.Range {
			for _, p := range l.Prefixes {
				if bytes.Equal(k, p) {
					return true
				}
			}
			continue
		}
		if len(k) == 0 || k[0] != l.Kind {
			continue
		}
		v := k[1:]
		if l.Width == 0 {
			v = bytes.TrimSuffix(v, []byte{0})
		} else if len(v) != l.Width {
			continue
		}
		if l.InRange(v) {
			return true
		}
	}
	return false
}

// TestLookups_CoverWhatFiltersMatch checks the index against the filters:
// every footprint a filter matches has a key under each of the filter's
// lookups (the index never loses a match), and the lookups leave out
// footprints the filter does not match (they narrow).
func TestLookups_CoverWhatFiltersMatch(t *testing.T) {
	var all []indexed
	add := func(name string, s *footprint.Study, status certification.CertificateStatus, declared string) {
		rec := MustRecord(t, s, uuid.Nil, status)
		fixed, state := pact.IndexKeys(rec, pact.StudyGeography(s), true)
		keys := append(fixed, state...)
		f := MustFootprint(t, rec, s)
		if declared != "" {
			f = f.WithDeclaredCPC(declared)
			keys = append(keys, pact.DeclaredCPCKey(declared))
		}
		all = append(all, indexed{name, f, keys})
	}
	add("active CN CPC", MustDemoStudy(t, "pv-module", withCPC), certification.CertificateValid, "")
	add("withdrawn CN", MustDemoStudy(t, "pv-module", nil), certification.CertificateWithdrawn, "")
	add("superseded CN", MustDemoStudy(t, "pv-module", withCPC), certification.CertificateSuperseded, "")
	add("active Sichuan, declared CPC", MustDemoStudy(t, "pv-module", func(s *footprint.Study) {
		for _, e := range s.Electricity {
			e.Geography = "CN-SC"
		}
	}), certification.CertificateValid, "47")
	hs := all[1].f.Classifications[0]
	for _, tt := range []struct {
		filter  string // v2 $filter, or a v3 query string after "?"
		narrows bool   // the lookups leave out some footprint the filter does not match
	}{
		{"created ge '2026-03-02T08:30:15Z'", false},
		{"created gt 2026-03-02T08:30:15Z", true},
		{"created lt 2026-03-02T08:30:15.5Z", false},
		{"created le '2026-03-01T00:00:00Z'", true},
		{"created eq '2026-03-02T08:30:15Z'", false},
		{"updated ge '2026-01-01T00:00:00Z'", true},
		{"updated lt '2026-09-03T00:00:00Z' and updated gt '2026-09-01T00:00:00Z'", true},
		{"productCategoryCpc eq '46'", true},
		{"productCategoryCpc eq '47'", true},
		{"productCategoryCpc ge '47'", true},
		{"productCategoryCpc lt '47'", true},
		{"productCategoryCpc ne '47'", false},
		{"pcf/geographyCountry eq 'CN'", true},
		{"pcf/geographyCountry eq 'cn'", true},
		{"pcf/geographyCountry gt 'CA'", false},
		{"pcf/referencePeriodStart eq '2025-01-01T00:00:00Z'", false},
		{"pcf/referencePeriodStart gt '2025-01-01T00:00:00Z'", true},
		{"pcf/referencePeriodStart gt '2025-01-01T00:00:01Z'", true},
		{"pcf/referencePeriodEnd le '2026-01-01T00:00:00Z'", false},
		{"pcf/referencePeriodEnd lt '2026-01-01T00:00:00Z'", true},
		{"created gt 9999-12-31T23:59:59Z", true},
		{"created lt 9999-12-31T23:59:59Z", false},
		{"created gt 0001-01-01T00:00:00Z", false},
		{"pcf/referencePeriodEnd lt '2025-12-31T23:59:59Z'", true},
		{"?geography=CN", false},
		{"?geography=cn-sc", true},
		{"?geography=eastern%20asia&geography=FR", false},
		{"?geography=FR", true},
		{"?classification=" + url.QueryEscape(strings.ToUpper(hs)), false},
		{"?classification=urn:cpc:46", true},
		{"?classification=urn:cpc:47", true}, // a declared code is not a classification
		{"?status=deprecated", true},
		{"?status=ACTIVE", true},
		{"?status=Retired", true},
		{"?validOn=2026-06-01T00:00:00Z", false},
		{"?validOn=2020-06-01T00:00:00Z", true},
		{"?validAfter=2026-03-02T08:30:14Z", false},
		{"?validAfter=2026-03-02T08:30:16Z", true},
		{"?validBefore=2031-01-01T00:00:00Z", false},
		{"?validBefore=2026-01-01T00:00:00Z", true},
		{"?validBefore=2040-01-01T00:00:00Z&status=Active&geography=CN", true},
	} {
		q := mustParseAnyFilter(t, tt.filter)
		lookups := q.Lookups()
		narrowed := false
		for _, x := range all {
			under := true
			for _, l := range lookups {
				under = under && underLookup(x.keys, l)
			}
			if q.Match(x.f) && !under {
				t.Errorf("%s: %s matches, but is not under every lookup", tt.filter, x.name)
			}
			narrowed = narrowed || !under
		}
		if narrowed != tt.narrows {
			t.Errorf("%s: the lookups narrow %v, want %v", tt.filter, narrowed, tt.narrows)
		}
	}
}

// mustParseAnyFilter parses filter: a v3 query string after "?", else a
// v2 $filter.
func mustParseAnyFilter(t *testing.T, filter string) interface {
	Match(*pact.Footprint) bool
	Lookups() []pact.Lookup
} {
	t.Helper()
	if v3, ok := strings.CutPrefix(filter, "?"); ok {
		values, err := url.ParseQuery(v3)
		if err != nil {
			t.Fatal(err)
		}
		q, err := pact.ParseFilter(values)
		if err != nil {
			t.Fatal(err)
		}
		return q
	}
	q, err := pact.ParseFilterV2(filter)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// TestIndexKeys_UnknownGeography: a certificate whose study cannot be read
// is under every search by geography (the walk then fails as before), and
// its status keys follow its record.
func TestIndexKeys_UnknownGeography(t *testing.T) {
	s := MustDemoStudy(t, "pv-module", nil)
	rec := MustRecord(t, s, uuid.Nil, certification.CertificateValid)
	fixed, state := pact.IndexKeys(rec, "", false)
	for _, expr := range []string{"pcf/geographyCountry eq 'FR'"} {
		q, err := pact.ParseFilterV2(expr)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range q.Lookups() {
			if !underLookup(fixed, l) {
				t.Errorf("%s: not under %v", expr, l)
			}
		}
	}
	q, _ := pact.ParseFilter(url.Values{"geography": {"Europe"}})
	for _, l := range q.Lookups() {
		if !underLookup(fixed, l) {
			t.Errorf("geography: not under %v", l)
		}
	}
	withdrawn := *rec
	withdrawn.Status = certification.CertificateWithdrawn
	_, later := pact.IndexKeys(&withdrawn, "", false)
	suspended := *rec
	suspended.Status = certification.CertificateSuspended
	if _, none := pact.IndexKeys(&suspended, "", false); len(none) != 0 {
		t.Errorf("suspended: status keys %q, want none (withheld)", none)
	}
	if len(state) != 1 || len(later) != 2 || bytes.Equal(state[0], later[0]) {
		t.Errorf("status keys %q then %q, want the status changed and updated added", state, later)
	}
}

// Attack (a footprint missed by the GTIN or the code a buyer writes, red
// team 47): a buyer's system asks for the footprint of the product in its
// hands by the GTIN under the barcode (13 digits, 6901234567892) while
// the certificate names it in the 14 digits GS1 also writes
// (06901234567892), or the other way round, or by its HS code written with
// the dot of the tariff (8541.43). The filters compared the URNs as text:
// no footprint (v3 ListFootprints, v2 productIds/any, a RequestCreated
// event), although the service's own GTIN register reads both GTINs as one
// trade item and its product codes drop the dots.
//
// A correct filter matches the same number written either way, through
// the index too, and still tells other numbers apart.
func TestRedteam47_GTINAndCodeWrittenOtherwise(t *testing.T) {
	for _, gtin := range []string{"6901234567892", "06901234567892"} {
		s := MustDemoStudy(t, "pv-module", func(s *footprint.Study) { withCPC(s); s.Product.GTIN = gtin })
		rec := MustRecord(t, s, uuid.Nil, certification.CertificateWithdrawn)
		f := MustFootprint(t, rec, s)
		fixed, state := pact.IndexKeys(rec, pact.StudyGeography(s), true)
		for _, tt := range []struct {
			filter string // v2 $filter, or a v3 query string after "?"
			want   bool
		}{
			{"?productId=urn:gtin:6901234567892", true},
			{"?productId=urn:gtin:06901234567892", true},
			{"?productId=URN:GTIN:006901234567892", false}, // 15 digits: no GTIN
			{"?productId=urn:gtin:6901234567885", false},
			{"productIds/any(p:(p eq 'urn:gtin:06901234567892'))", true},
			{"productIds/any(p:(p eq 'urn:gtin:6901234567892'))", true},
			{"?classification=urn:pact:wcoomd.org:hs-code:8541.43", true},
			{"?classification=URN:PACT:WCOOMD.ORG:HS-CODE:854143&status=deprecated", true},
			{"?classification=urn:pact:wcoomd.org:hs-code:8541.42", false},
			{"?classification=urn:pact:wcoomd.org:hs-code:8541", false},
		} {
			q := mustParseAnyFilter(t, tt.filter)
			if got := q.Match(f); got != tt.want {
				t.Errorf("GTIN %s, %s: match %v, want %v", gtin, tt.filter, got, tt.want)
			}
			for _, l := range q.Lookups() {
				if tt.want && !underLookup(append(fixed, state...), l) {
					t.Errorf("GTIN %s, %s: matches, but the index leaves it out", gtin, tt.filter)
				}
			}
		}
	}
}
