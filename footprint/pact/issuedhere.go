package pact

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// A Mark is something a PACT footprint document states that this service
// writes into the footprints of its own certificates (New, V2, V3,
// WithShared; a certificate's shared details name its number): a document carrying one states itself as this service's
// output, and an edited copy of a certificate's footprint (another id, a
// smaller figure, Active again) still carries them. Which marks name this
// service (a certificate number or ID it issued, an organisation it
// registered) only its store can tell; IssuedHereMarks finds the
// candidates.
type Mark struct {
	Field string   // where, e.g. "pact_footprint.comment", "pact_footprint.companyIds[0]"
	Kind  MarkKind // what it names
	Value string   // the certificate number (upper case), certificate UUID or organisation name
	Model string   // MarkProduct: the product model
	Text  string   // the text it was read from, for the message
}

// MarkKind is what a Mark names.
type MarkKind int

const (
	// MarkNumber is a certificate number in the printed form this service
	// issues (certification.FormatCertificateNumber), anywhere in the
	// document: the comment, the v2 assurance or v3 verification
	// comments, the status comment, the shared details' "certificate".
	MarkNumber MarkKind = iota + 1
	// MarkCertificateID is a UUID anywhere in the document but its own
	// id: the certificate's verification URL
	// (/v1/certificates/<id>/verify), precedingPfIds, a superseded
	// certificate's status comment.
	MarkCertificateID
	// MarkOrganisation is the organisation a company identifier names in
	// the form this service writes for the holders of its certificates
	// (urn:pact:<issuer>:company-id:<organisation>), and MarkProduct the
	// organisation and model a product identifier names in its form
	// (urn:pact:<issuer>:product-id:<organisation>:<model>). The store
	// does not know the issuer (the host of the API's public base URL), so
	// any issuer is read: a copy whose host was edited still names the
	// holder and its certified model.
	MarkOrganisation
	MarkProduct
)

var (
	// numberMarkRe finds certificate numbers in text, in any case.
	numberMarkRe = regexp.MustCompile(`(?i)\b[a-z][a-z0-9]{1,9}-[0-9]{4}-[0-9]{6,9}\b`)
	uuidMarkRe   = regexp.MustCompile(`(?i)\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b`)
)

// IssuedHereMarks returns the marks (Mark) in a PACT footprint document
// (bare or in a {"data": …} envelope), in document order, each with the
// field it was found in under "pact_footprint". The footprint's own id is
// not a mark (the store checks it apart). A document that is not a JSON
// object has none.
func IssuedHereMarks(doc []byte) []Mark {
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(doc, &env); err == nil && len(env.Data) > 0 && bytes.TrimSpace(env.Data)[0] == '{' {
		doc = env.Data
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil
	}
	top, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	var out []Mark
	add := func(m Mark) {
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	var walk func(field string, v any)
	text := func(field, s string) {
		for _, n := range numberMarkRe.FindAllString(s, -1) {
			add(Mark{Field: field, Kind: MarkNumber, Value: strings.ToUpper(n), Text: s})
		}
		for _, id := range uuidMarkRe.FindAllString(s, -1) {
			add(Mark{Field: field, Kind: MarkCertificateID, Value: strings.ToLower(id), Text: s})
		}
	}
	walk = func(field string, v any) {
		switch v := v.(type) {
		case string:
			text(field, v)
		case []any:
			for i, e := range v {
				walk(fmt.Sprintf("%s[%d]", field, i), e)
			}
		case map[string]any:
			for _, k := range sortedKeys(v) {
				text(field+"."+k, k)
				walk(field+"."+k, v[k])
			}
		}
	}
	for _, k := range sortedKeys(top) {
		field := "pact_footprint." + k
		switch k {
		case "id":
			continue
		case "companyIds", "productIds":
			if ids, ok := top[k].([]any); ok {
				for i, e := range ids {
					if s, ok := e.(string); ok {
						if m, ok := urnMark(s); ok {
							m.Field = fmt.Sprintf("%s[%d]", field, i)
							add(m)
						}
					}
				}
			}
		}
		walk(field, top[k])
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// urnMark reads a company or product identifier in the form companyURN
// and ProductURN write (any issuer; the scheme and namespace in any case,
// the names escaped or not).
func urnMark(s string) (Mark, bool) {
	parts := strings.SplitN(strings.TrimSpace(s), ":", 5)
	if len(parts) < 5 || !strings.EqualFold(parts[0], "urn") || !strings.EqualFold(parts[1], "pact") {
		return Mark{}, false
	}
	m := Mark{Value: urnName(parts[4]), Text: s}
	switch strings.ToLower(parts[3]) {
	case "company-id":
		m.Kind = MarkOrganisation
	case "product-id":
		org, model, ok := strings.Cut(parts[4], ":")
		if !ok {
			return Mark{}, false
		}
		m.Kind, m.Value, m.Model = MarkProduct, urnName(org), urnName(model)
	default:
		return Mark{}, false
	}
	return m, m.Value != ""
}

// urnName undoes urnEscape.
func urnName(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		s = u
	}
	return strings.TrimSpace(s)
}
