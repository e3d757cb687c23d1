package pact

import (
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
)

// FilterV2 is a parsed v2 $filter: the OData v4 subset of PACT v2 §6.6
// (ListFootprints): eq, ne, lt, le, gt, ge on created, updated,
// productCategoryCpc, pcf/geographyCountry, pcf/referencePeriodStart and
// pcf/referencePeriodEnd; "and"; parentheses; and
// productIds/any(p:(p eq '…')), the same for companyIds.
type FilterV2 struct {
	terms []odataTerm // all must hold
}

type odataTerm struct {
	prop  string // property path, or "productIds"/"companyIds" for any()
	op    string // eq, ne, lt, le, gt, ge
	value string
	when  time.Time // value as a time, for the time properties
}

var odataTimeProps = map[string]bool{"created": true, "updated": true, "pcf/referencePeriodStart": true, "pcf/referencePeriodEnd": true}

var odataStringProps = map[string]bool{"productCategoryCpc": true, "pcf/geographyCountry": true}

var odataOps = map[string]bool{"eq": true, "ne": true, "lt": true, "le": true, "gt": true, "ge": true}

// ParseFilterV2 parses a $filter expression. It returns EINVALID for a
// malformed expression and ENOTIMPLEMENTED for valid OData beyond the PACT
// subset ("or", "not", other properties and functions), both naming
// $filter.
func ParseFilterV2(s string) (*FilterV2, error) {
	p := &odataParser{toks: odataTokens(s)}
	if len(p.toks) == 0 {
		return &FilterV2{}, nil
	}
	f := &FilterV2{}
	if err := p.expr(f); err != nil {
		return nil, err
	}
	if !p.done() {
		return nil, p.unexpected()
	}
	return f, nil
}

// Match reports whether f satisfies every term. A comparison with a
// property the footprint does not have (updated of a footprint never
// updated, geographyCountry of one given by subdivision) is false.
func (q *FilterV2) Match(f *Footprint) bool {
	for _, t := range q.terms {
		if !t.match(f) {
			return false
		}
	}
	return true
}

func (t odataTerm) match(f *Footprint) bool {
	switch t.prop {
	case "productIds":
		return anyID([]string{t.value}, f.ProductIDs)
	case "companyIds":
		return anyID([]string{t.value}, f.CompanyIDs)
	case "created":
		return compareTime(f.Created.Truncate(time.Second), t.op, t.when)
	case "updated":
		return !f.Updated.IsZero() && compareTime(f.Updated.Truncate(time.Second), t.op, t.when)
	case "pcf/referencePeriodStart":
		return compareTime(f.ReferenceStart, t.op, t.when)
	case "pcf/referencePeriodEnd":
		return compareTime(f.ReferenceEnd, t.op, t.when)
	case "productCategoryCpc":
		return f.CPC != "" && compareString(f.CPC, t.op, t.value)
	case "pcf/geographyCountry":
		return f.Country != "" && compareString(f.Country, t.op, t.value)
	}
	return false
}

func compareTime(have time.Time, op string, want time.Time) bool {
	return compareInt(have.Compare(want), op)
}

func compareString(have, op, want string) bool {
	return compareInt(strings.Compare(have, want), op)
}

func compareInt(c int, op string) bool {
	switch op {
	case "eq":
		return c == 0
	case "ne":
		return c != 0
	case "lt":
		return c < 0
	case "le":
		return c <= 0
	case "gt":
		return c > 0
	case "ge":
		return c >= 0
	}
	return false
}

// odataToken is a token of a $filter: a punctuation mark ( ) : , a quoted
// string (quoted true, value unescaped), or a word (a name, a keyword or an
// unquoted literal such as a date-time).
type odataToken struct {
	text   string
	quoted bool
	bad    bool // unterminated string
}

func odataTokens(s string) []odataToken {
	var out []odataToken
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(' || c == ')' || c == ',':
			out = append(out, odataToken{text: string(c)})
			i++
		case c == '\'':
			var b strings.Builder
			j, closed := i+1, false
			for j < len(s) {
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' { // '' is an escaped quote
						b.WriteByte('\'')
						j += 2
						continue
					}
					closed = true
					j++
					break
				}
				b.WriteByte(s[j])
				j++
			}
			out = append(out, odataToken{text: b.String(), quoted: true, bad: !closed})
			i = j
		case c >= '0' && c <= '9' || c == '-' || c == '+':
			// An unquoted literal (a date-time keeps its ':'), up to a
			// space or a parenthesis.
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\r\n()',", rune(s[j])) {
				j++
			}
			out = append(out, odataToken{text: s[i:j]})
			i = j
		case c == ':':
			out = append(out, odataToken{text: ":"})
			i++
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\r\n()',:", rune(s[j])) {
				j++
			}
			if j == i { // a character no token starts with
				j++
			}
			out = append(out, odataToken{text: s[i:j]})
			i = j
		}
	}
	return out
}

type odataParser struct {
	toks []odataToken
	pos  int
}

func (p *odataParser) done() bool { return p.pos >= len(p.toks) }

func (p *odataParser) peek() odataToken {
	if p.done() {
		return odataToken{}
	}
	return p.toks[p.pos]
}

func (p *odataParser) next() odataToken {
	t := p.peek()
	p.pos++
	return t
}

func (p *odataParser) is(text string) bool {
	t := p.peek()
	return !p.done() && !t.quoted && t.text == text
}

func (p *odataParser) expect(text string) error {
	if !p.is(text) {
		return p.unexpected()
	}
	p.pos++
	return nil
}

func (p *odataParser) unexpected() error {
	if p.done() {
		return filterErr(footprint.EINVALID, "the expression ends too early")
	}
	return filterErr(footprint.EINVALID, "unexpected %q at token %d", truncate(p.peek().text), p.pos+1)
}

func filterErr(code, format string, args ...any) error {
	return footprint.FieldErrorf(code, "$filter", format, args...)
}

// expr := primary { "and" primary }
func (p *odataParser) expr(f *FilterV2) error {
	if err := p.primary(f); err != nil {
		return err
	}
	for !p.done() {
		switch t := p.peek(); {
		case !t.quoted && strings.EqualFold(t.text, "and"):
			p.pos++
			if err := p.primary(f); err != nil {
				return err
			}
		case !t.quoted && (strings.EqualFold(t.text, "or") || strings.EqualFold(t.text, "not")):
			return filterErr(footprint.ENOTIMPLEMENTED, "%q is not supported: PACT v2 filters combine conditions with \"and\" only", t.text)
		default:
			return nil
		}
	}
	return nil
}

// primary := "(" expr ")" | any | comparison
func (p *odataParser) primary(f *FilterV2) error {
	t := p.peek()
	switch {
	case p.done():
		return p.unexpected()
	case t.bad:
		return filterErr(footprint.EINVALID, "unterminated string literal")
	case !t.quoted && t.text == "(":
		p.pos++
		if err := p.expr(f); err != nil {
			return err
		}
		return p.expect(")")
	case !t.quoted && strings.EqualFold(t.text, "not"):
		return filterErr(footprint.ENOTIMPLEMENTED, "\"not\" is not supported by PACT v2 filters")
	case !t.quoted && (t.text == "productIds/any" || t.text == "companyIds/any"):
		return p.anyExpr(f)
	}
	return p.comparison(f)
}

// any := ("productIds"|"companyIds") "/any" "(" var ":" ["("] var "eq" string [")"] ")"
func (p *odataParser) anyExpr(f *FilterV2) error {
	prop, _, _ := strings.Cut(p.next().text, "/")
	if err := p.expect("("); err != nil {
		return err
	}
	v := p.next()
	if v.quoted || v.text == "" || !isName(v.text) {
		return filterErr(footprint.EINVALID, "%s/any wants a variable such as (p: p eq '…')", prop)
	}
	if err := p.expect(":"); err != nil {
		return err
	}
	paren := p.is("(")
	if paren {
		p.pos++
	}
	if t := p.next(); t.quoted || t.text != v.text {
		return filterErr(footprint.EINVALID, "%s/any compares its variable %s, not %q", prop, v.text, truncate(t.text))
	}
	op := p.next()
	if op.quoted || op.text != "eq" {
		return filterErr(footprint.ENOTIMPLEMENTED, "%s/any supports \"eq\" only, not %q", prop, truncate(op.text))
	}
	val := p.next()
	if !val.quoted || val.bad {
		return filterErr(footprint.EINVALID, "%s/any compares with a quoted string such as 'urn:gtin:4712345060507'", prop)
	}
	if paren {
		if err := p.expect(")"); err != nil {
			return err
		}
	}
	if err := p.expect(")"); err != nil {
		return err
	}
	f.terms = append(f.terms, odataTerm{prop: prop, op: "eq", value: val.text})
	return nil
}

// comparison := property op literal
func (p *odataParser) comparison(f *FilterV2) error {
	prop := p.next()
	if prop.quoted || !isName(prop.text) {
		return filterErr(footprint.EINVALID, "a condition starts with a property name, not %q", truncate(prop.text))
	}
	if !odataTimeProps[prop.text] && !odataStringProps[prop.text] {
		if strings.HasSuffix(prop.text, "/any") || strings.HasSuffix(prop.text, "/all") || p.is("(") {
			return filterErr(footprint.ENOTIMPLEMENTED, "function %q is not supported: PACT v2 filters use productIds/any and companyIds/any", truncate(prop.text))
		}
		return filterErr(footprint.ENOTIMPLEMENTED, "property %q cannot be filtered on (PACT v2: created, updated, productCategoryCpc, pcf/geographyCountry, pcf/referencePeriodStart, pcf/referencePeriodEnd)", truncate(prop.text))
	}
	op := p.next()
	if op.quoted || !odataOps[op.text] {
		if !op.quoted && (op.text == "has" || op.text == "in" || op.text == "add" || op.text == "sub") {
			return filterErr(footprint.ENOTIMPLEMENTED, "operator %q is not supported (PACT v2: eq, lt, le, gt, ge)", op.text)
		}
		return filterErr(footprint.EINVALID, "want a comparison operator (eq, lt, le, gt, ge) after %s, not %q", prop.text, truncate(op.text))
	}
	val := p.next()
	if val.text == "" && !val.quoted || val.bad || (!val.quoted && (val.text == "(" || val.text == ")")) {
		return filterErr(footprint.EINVALID, "%s %s wants a value", prop.text, op.text)
	}
	term := odataTerm{prop: prop.text, op: op.text, value: val.text}
	if odataTimeProps[prop.text] {
		t, err := ParseTime("$filter", val.text)
		if err != nil {
			return filterErr(footprint.EINVALID, "%s %s: invalid date-time %q", prop.text, op.text, truncate(val.text))
		}
		term.when = t
	} else if !val.quoted {
		return filterErr(footprint.EINVALID, "%s %s compares with a quoted string such as 'CN'", prop.text, op.text)
	}
	f.terms = append(f.terms, term)
	return nil
}

func isName(s string) bool {
	for i, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_' || r == '/' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return s != ""
}
