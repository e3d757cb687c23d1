package pact

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/bilingual"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Filter is the v3 footprint filter: the ListFootprints query parameters and
// the data of a RequestCreatedEvent. Within one criterion the values are
// alternatives (OR); across criteria all must hold (AND). Values compare
// without regard to case, identifiers also in their query-decoded form
// (idEqual). Empty criteria do not filter.
type Filter struct {
	ProductIDs      []string
	CompanyIDs      []string
	Geographies     []string // a region, country or subdivision (v3 matches any of the three)
	Classifications []string

	ValidOn     *time.Time // validity start ≤ ValidOn ≤ end
	ValidAfter  *time.Time // validity start > ValidAfter
	ValidBefore *time.Time // validity end < ValidBefore

	// Status is "Active" or "Deprecated" (any case); "" does not filter.
	// Any other value matches nothing (not an error: pact.md §4.7).
	Status string
}

// Empty reports whether the filter selects everything.
func (q *Filter) Empty() bool {
	return len(q.ProductIDs) == 0 && len(q.CompanyIDs) == 0 && len(q.Geographies) == 0 && len(q.Classifications) == 0 &&
		q.ValidOn == nil && q.ValidAfter == nil && q.ValidBefore == nil && q.Status == ""
}

// Holder returns the one organisation whose footprints alone can match,
// as the IDs asked for spell it: when every product ID asked for is a
// ProductURN and every company ID a company URN (of any issuer) of one
// organisation, another holder's footprints name none of them. IDs are
// compared ignoring case (idEqual), so the name may differ in case from
// the organisation's. ok is false when the IDs name no organisation,
// another form, or more than one.
func (q *Filter) Holder() (org string, ok bool) {
	for _, ids := range []struct {
		list []string
		kind MarkKind
	}{{q.ProductIDs, MarkProduct}, {q.CompanyIDs, MarkOrganisation}} {
		for _, id := range ids.list {
			m, isURN := urnMark(id)
			if !isURN || m.Kind != ids.kind || org != "" && !strings.EqualFold(m.Value, org) {
				return "", false
			}
			org = m.Value
		}
	}
	return org, org != ""
}

// Match reports whether f satisfies every criterion. Validity is the
// footprint's validity period, or the PACT default (three years from the
// end of the reference period) when it states none.
func (q *Filter) Match(f *Footprint) bool {
	switch {
	case !anyID(q.ProductIDs, f.ProductIDs),
		!anyID(q.CompanyIDs, f.CompanyIDs),
		!anyID(q.Classifications, f.Classifications),
		!anyFold(q.Geographies, f.geographies()),
		q.ValidOn != nil && (q.ValidOn.Before(f.ValidityStart) || q.ValidOn.After(f.ValidityEnd)),
		q.ValidAfter != nil && !f.ValidityStart.After(*q.ValidAfter),
		q.ValidBefore != nil && !f.ValidityEnd.Before(*q.ValidBefore),
		q.Status != "" && !strings.EqualFold(q.Status, string(f.Status)):
		return false
	}
	return true
}

// geographies returns every geography the footprint is in: its
// subdivision, its country, and the UN region and subregion of the country
// (M49), so that a filter by "CN", "Asia" or "Eastern Asia" finds a
// footprint made in Sichuan.
func (f *Footprint) geographies() []string {
	var out []string
	country := f.Country
	if f.Subdivision != "" {
		out = append(out, f.Subdivision)
		country, _, _ = strings.Cut(f.Subdivision, "-")
	}
	if country != "" {
		out = append(out, country)
		if r, ok := regions[country]; ok {
			out = append(out, r[0], r[1])
		}
	}
	return out
}

// regions gives the UN M49 region and subregion of the countries the
// service's certificates are made in. A country not listed here is found by
// its code only.
var regions = map[string][2]string{
	"CN": {"Asia", "Eastern Asia"},
	"HK": {"Asia", "Eastern Asia"},
	"MO": {"Asia", "Eastern Asia"},
	"TW": {"Asia", "Eastern Asia"},
	"JP": {"Asia", "Eastern Asia"},
	"KR": {"Asia", "Eastern Asia"},
	"MN": {"Asia", "Eastern Asia"},
}

// anyFold reports whether want is empty or one of its values equals one of
// have, ignoring case.
func anyFold(want, have []string) bool {
	if len(want) == 0 {
		return true
	}
	for _, w := range want {
		for _, h := range have {
			if strings.EqualFold(w, h) {
				return true
			}
		}
	}
	return false
}

// anyID reports whether want is empty or one of its values names one of
// the identifiers (URNs) have: idEqual.
func anyID(want, have []string) bool {
	if len(want) == 0 {
		return true
	}
	for _, w := range want {
		for _, h := range have {
			if idEqual(w, h) {
				return true
			}
		}
	}
	return false
}

// idEqual reports whether a filter value w names the identifier id: w
// equals id without regard to case (the v3 filters are case-insensitive),
// or equals what id reads as once written into a query string unencoded
// and decoded by the server ("%20" a space, "%3A" a colon, "+" a space).
//
// The service's URNs percent-encode the names in them (urnEscape:
// urn:pact:<issuer>:company-id:Demo%20Module%20Co.). A client that writes
// such a URN into ?productId=… as it is, without encoding its '%' as "%25"
// (RFC 3986 §2.4 wants it encoded; the WBCSD conformance tool does not),
// sends a value the query decoding turns into "Demo Module Co.". That value
// is not a URN (a space is not allowed in one), so it cannot name another
// identifier by its exact form; it is taken for the one it decodes from.
// Two of the service's URNs read alike once decoded only when their names
// differ by ':' against "%3A" or '+' against a space; such a value then
// matches both. A correctly encoded value is matched exactly.
//
// A GTIN and a product code are compared as the numbers they write
// (canonicalID): urn:gtin:6901234567892 names the trade item that
// urn:gtin:06901234567892 names, and urn:pact:wcoomd.org:hs-code:8541.43
// the code 854143.
func idEqual(w, id string) bool {
	w, id = canonicalID(w), canonicalID(id)
	if strings.EqualFold(w, id) {
		return true
	}
	if !strings.ContainsAny(id, "%+") {
		return false
	}
	d, err := url.QueryUnescape(id)
	return err == nil && strings.EqualFold(w, d)
}

// numberedIDs are the URN prefixes (lower case) of the identifiers whose
// value is a number: a GTIN, written in 8, 12, 13 or 14 digits, which GS1
// reads as one trade item once padded with zeros to 14 (as the service's
// GTIN register reads it); the product codes of ClassificationURN, whose
// dots (8541.43) the service's codes drop.
var numberedIDs = []struct {
	prefix string
	gtin   bool
}{{"urn:gtin:", true}, {"urn:pact:wcoomd.org:hs-code:", false}, {"urn:pact:stats.gov.cn:cnpc-code:", false}, {"urn:cpc:", false}}

// canonicalID returns id with a numbered value (numberedIDs) in one form:
// the prefix in lower case, a GTIN in 14 digits, a product code without
// dots; any other id as it is (red team 47: a buyer asking for the GTIN
// printed under the barcode, 13 digits, was told of no footprint of a
// certificate that names it in 14).
func canonicalID(id string) string {
	for _, n := range numberedIDs {
		if len(id) <= len(n.prefix) || !strings.EqualFold(id[:len(n.prefix)], n.prefix) {
			continue
		}
		v := id[len(n.prefix):]
		if !n.gtin {
			v = strings.ReplaceAll(v, ".", "")
		}
		if v == "" || strings.Trim(v, "0123456789") != "" || n.gtin && !slices.Contains([]int{8, 12, 13, 14}, len(v)) {
			return id
		}
		if n.gtin {
			v = certification.GTIN14(v)
		}
		return n.prefix + v
	}
	return id
}

// ParseTime reads a filter date-time: RFC 3339 (seconds optional, as in
// the specification's own example "2025-04-01T00:00Z"), or a date. It
// returns EINVALID naming field.
func ParseTime(field, s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, footprint.FieldErrorf(footprint.EINVALID, field, "invalid date-time %q: want RFC 3339, e.g. 2025-04-01T00:00:00Z", truncate(s))
}

// truncate shortens input quoted in a message to 64 bytes, cut at a
// character.
func truncate(s string) string { return bilingual.Clip(s, 64) }

// FilterParams are the v3 ListFootprints filter parameters, by their
// lower-case names (a client may send productId or productid).
var FilterParams = []string{"productid", "companyid", "geography", "classification", "validon", "validafter", "validbefore", "status"}

// ParseFilter reads the v3 filter parameters from query values (names
// matched without regard to case; repeated values are alternatives; an
// empty value does not filter). Other names are left to the caller. It
// returns EINVALID naming the parameter for a malformed date-time.
func ParseFilter(query map[string][]string) (*Filter, error) {
	q := &Filter{}
	for name, values := range query {
		var vs []string
		for _, v := range values {
			if v = strings.TrimSpace(v); v != "" {
				vs = append(vs, v)
			}
		}
		if len(vs) == 0 {
			continue
		}
		var err error
		switch strings.ToLower(name) {
		case "productid":
			q.ProductIDs = append(q.ProductIDs, vs...)
		case "companyid":
			q.CompanyIDs = append(q.CompanyIDs, vs...)
		case "geography":
			q.Geographies = append(q.Geographies, vs...)
		case "classification":
			q.Classifications = append(q.Classifications, vs...)
		case "validon":
			q.ValidOn, err = parseOne(name, vs)
		case "validafter":
			q.ValidAfter, err = parseOne(name, vs)
		case "validbefore":
			q.ValidBefore, err = parseOne(name, vs)
		case "status":
			if len(vs) > 1 {
				return nil, footprint.FieldErrorf(footprint.EINVALID, name, "%s may be given once", name)
			}
			q.Status = vs[0]
		}
		if err != nil {
			return nil, err
		}
	}
	return q, nil
}

func parseOne(name string, vs []string) (*time.Time, error) {
	if len(vs) > 1 {
		return nil, footprint.FieldErrorf(footprint.EINVALID, name, "%s may be given once", name)
	}
	t, err := ParseTime(name, vs[0])
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// IsFilterParam reports whether a query parameter name is one of the v3
// filters.
func IsFilterParam(name string) bool { return slices.Contains(FilterParams, strings.ToLower(name)) }

// String describes the filter for messages.
func (q *Filter) String() string {
	var parts []string
	add := func(name string, vs []string) {
		if len(vs) > 0 {
			parts = append(parts, fmt.Sprintf("%s in %v", name, vs))
		}
	}
	add("productId", q.ProductIDs)
	add("companyId", q.CompanyIDs)
	add("geography", q.Geographies)
	add("classification", q.Classifications)
	for _, t := range []struct {
		name string
		v    *time.Time
	}{{"validOn", q.ValidOn}, {"validAfter", q.ValidAfter}, {"validBefore", q.ValidBefore}} {
		if t.v != nil {
			parts = append(parts, t.name+" "+timeString(*t.v))
		}
	}
	if q.Status != "" {
		parts = append(parts, "status "+q.Status)
	}
	if len(parts) == 0 {
		return "all footprints"
	}
	return strings.Join(parts, " and ")
}
