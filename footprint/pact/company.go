package pact

import (
	"bytes"
	"slices"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// Company is the company a PACT footprint document states it is of: the
// data owner, whose footprints alone its later versions (v2, the same id)
// and its replacements (precedingPfIds) can be. One company's document
// stored as another's footprint's update, or naming another's footprint
// as one it replaces, put another company's figure in its place (red
// team 30).
type Company struct {
	Name string   // companyName, trimmed
	IDs  []string // companyIds, trimmed
}

// CompanyOf reads the company of a PACT footprint document (bare or in a
// {"data": …} envelope) as ParseSupplier reads the document: member names
// exactly. The zero Company when it states none or cannot be read (a
// document stored before a check it no longer passes).
func CompanyOf(doc []byte) Company {
	var env struct {
		Data jsontext.Value `json:"data"`
	}
	if decodeDoc(doc, &env) == nil && len(env.Data) > 0 && bytes.TrimSpace(env.Data)[0] == '{' {
		doc = env.Data
	}
	var w struct {
		CompanyName string   `json:"companyName"`
		CompanyIDs  []string `json:"companyIds"`
	}
	if decodeDoc(doc, &w) != nil {
		return Company{}
	}
	c := Company{Name: strings.TrimSpace(w.CompanyName)}
	for _, id := range w.CompanyIDs {
		if id = strings.TrimSpace(id); id != "" {
			c.IDs = append(c.IDs, id)
		}
	}
	return c
}

// Same reports whether c and o may be one company: when both state
// company identifiers, one in common (ignoring case: a URN's scheme and
// namespace are case-insensitive); else, when both state a name, the same
// name ignoring case. What states neither is not told apart. The
// identifiers decide when both have them, so a company that renames
// itself keeps its footprints; one that changes every identifier at once
// is another company to the store.
func (c Company) Same(o Company) bool {
	if len(c.IDs) > 0 && len(o.IDs) > 0 {
		return slices.ContainsFunc(c.IDs, func(id string) bool {
			return slices.ContainsFunc(o.IDs, func(x string) bool { return strings.EqualFold(id, x) })
		})
	}
	if c.Name != "" && o.Name != "" {
		return strings.EqualFold(c.Name, o.Name)
	}
	return true
}

// String names the company: its name and identifiers.
func (c Company) String() string {
	name := c.Name
	if name == "" {
		name = "(no companyName)"
	}
	if len(c.IDs) == 0 {
		return `"` + name + `"`
	}
	return `"` + name + `" (` + strings.Join(c.IDs, ", ") + ")"
}

// Field is the member of the document that tells c apart: companyIds when
// it states them, else companyName.
func (c Company) Field() string {
	if len(c.IDs) > 0 {
		return "pact_footprint.companyIds"
	}
	return "pact_footprint.companyName"
}
