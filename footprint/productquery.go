package footprint

import (
	"slices"
	"strings"
)

// ProductCodeQuery is a query on product codes, the one rule of every list
// that filters by product code (factors, products, studies, certificates;
// docs/api.md "Product-code queries"):
//
//   - product_code=[SCHEME:]digits: digits (2 to 12; dots are ignored, "85.41"
//     is "8541") match the code part; a scheme (HS, CNPC, CPC, any case), when
//     given, must match too; without one, any scheme does.
//   - product_code_match=prefix (the default) finds every code that starts
//     with the digits ("8541" finds HS:854143), and a heading of at least
//     ProductCodeHeadingDigits the digits start with ("85414300" finds
//     HS:854143); exact finds the code itself.
type ProductCodeQuery struct {
	Scheme string // upper case; "" = any scheme
	Code   string // digits
	Exact  bool
}

// Product-code match modes (product_code_match).
const (
	ProductCodeMatchPrefix = "prefix"
	ProductCodeMatchExact  = "exact"
	// ProductCodeHeadingDigits: HS is harmonised to 6 digits, national codes extend it.
	ProductCodeHeadingDigits = 6
)

// ParseProductCodeQuery parses the query parameters product_code and
// product_code_match ("" = prefix). It returns nil, and no error, for a
// blank code: no filter. Returns EINVALID naming the parameter otherwise.
func ParseProductCodeQuery(code, match string) (*ProductCodeQuery, error) {
	if match != "" && match != ProductCodeMatchPrefix && match != ProductCodeMatchExact {
		return nil, FieldErrorf(EINVALID, "product_code_match", "匹配方式应为 prefix 或 exact，而不是 %[1]q。want prefix or exact, got %[1]q", match)
	}
	return NewProductCodeQuery(&code, match == ProductCodeMatchExact)
}

// NewProductCodeQuery is ParseProductCodeQuery for the fields of a filter
// (ProductCode, ProductCodeExact): nil, or a blank code, is no filter.
func NewProductCodeQuery(code *string, exact bool) (*ProductCodeQuery, error) {
	if code == nil || strings.TrimSpace(*code) == "" {
		return nil, nil
	}
	s := strings.TrimSpace(*code)
	q := &ProductCodeQuery{Exact: exact}
	digits := s
	if scheme, rest, ok := strings.Cut(s, ":"); ok {
		q.Scheme, digits = strings.ToUpper(strings.TrimSpace(scheme)), rest
		if !slices.Contains(ProductCodeSchemes, q.Scheme) {
			return nil, FieldErrorf(EINVALID, "product_code", "产品代码 %[1]q：未知的代码体系 %[2]q（应为 %[4]s 之一，或不写体系）。product code %[1]q: unknown scheme %[2]q (want one of %[3]s, or none for any)", s, scheme, strings.Join(ProductCodeSchemes, ", "), strings.Join(ProductCodeSchemes, "、"))
		}
	}
	q.Code = strings.ReplaceAll(strings.TrimSpace(digits), ".", "")
	if !productCodeRe.MatchString(q.Code) {
		return nil, FieldErrorf(EINVALID, "product_code", "产品代码 %[1]q 应为 [体系:]2 至 12 位数字。product code %[1]q: want [SCHEME:]digits, 2 to 12 digits", s)
	}
	return q, nil
}

// Match reports whether pc satisfies q. A nil query matches every code.
func (q *ProductCodeQuery) Match(pc ProductCode) bool {
	if q == nil {
		return true
	}
	if q.Scheme != "" && !strings.EqualFold(pc.Scheme, q.Scheme) {
		return false
	}
	if q.Exact {
		return pc.Code == q.Code
	}
	// Red team 48: a regulator's 8-digit national code finds what was declared under its heading.
	return strings.HasPrefix(pc.Code, q.Code) || len(pc.Code) >= ProductCodeHeadingDigits && strings.HasPrefix(q.Code, pc.Code)
}

// MatchAny reports whether any of pcs satisfies q; a nil query matches
// anything, even no code.
func (q *ProductCodeQuery) MatchAny(pcs []ProductCode) bool {
	return q == nil || slices.ContainsFunc(pcs, q.Match)
}

// MatchString is Match for a code stored as "SCHEME:code" (ProductCode.String).
func (q *ProductCodeQuery) MatchString(pc string) bool {
	scheme, code, ok := strings.Cut(pc, ":")
	return q == nil || ok && q.Match(ProductCode{Scheme: scheme, Code: code})
}

// String returns the query as product_code takes it.
func (q *ProductCodeQuery) String() string {
	if q.Scheme == "" {
		return q.Code
	}
	return q.Scheme + ":" + q.Code
}
