package pact

import (
	"strconv"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
)

// IsV2 reports whether the supplier's footprint is a PACT 2.x document,
// the only major version with a version number.
func (s *Supplier) IsV2() bool { return strings.HasPrefix(s.SpecVersion, "2.") }

// RecordSupplierVersions records, in each entry of res's supplier list
// that is a PACT footprint of docs (by reference, "pact:<id>"), the spec
// version of the document the calculation read and its version (PACT v2;
// v3 has none): issue 11 "In", "the result records the footprint's id and
// version". The service calls it on every result it calculates, and pcf
// verify on the result it recomputes, with the same documents, so that
// both write the same bytes. Entries of supplier certificates are left as
// they are.
func RecordSupplierVersions(res *footprint.Result, docs map[string]*Supplier) {
	if res == nil {
		return
	}
	for _, u := range res.Suppliers {
		sup, ok := docs[u.ID]
		if !ok || sup == nil {
			continue
		}
		u.PACTSpecVersion = sup.SpecVersion
		u.PACTVersion = nil
		if sup.IsV2() {
			v := sup.Version
			u.PACTVersion = &v
		}
	}
}

// ClearSupplierVersions removes what RecordSupplierVersions records: the
// result as the service calculated it before it recorded PACT versions
// (pcf verify compares a certificate of that time with it).
func ClearSupplierVersions(res *footprint.Result) {
	if res == nil {
		return
	}
	for _, u := range res.Suppliers {
		u.PACTSpecVersion, u.PACTVersion = "", nil
	}
}

// ResultVersion returns the version of the PACT footprint ref that result
// res records it used (0 for a v3 footprint), and whether res records it:
// false when res has no entry for ref or was calculated before results
// recorded PACT versions.
func ResultVersion(res *footprint.Result, ref string) (int, bool) {
	if res == nil {
		return 0, false
	}
	for _, u := range res.Suppliers {
		if u.ID != ref || u.PACTSpecVersion == "" {
			continue
		}
		if u.PACTVersion != nil {
			return *u.PACTVersion, true
		}
		return 0, true
	}
	return 0, false
}

// SupplierLinePath returns the path of the first BOM line of st that
// references ref as its supplier ("bom[3].supplier",
// "bom[1].children[0].supplier", "packaging[0].supplier",
// "assemblies[0].lines[2].supplier"), as the engine names lines, or
// "suppliers" when no line does.
func SupplierLinePath(st *footprint.Study, ref string) string {
	if st == nil {
		return "suppliers"
	}
	var find func(prefix string, lines []*footprint.BOMLine) string
	find = func(prefix string, lines []*footprint.BOMLine) string {
		for i, l := range lines {
			if l == nil {
				continue
			}
			p := prefix + "[" + strconv.Itoa(i) + "]"
			if l.Supplier == ref {
				return p + ".supplier"
			}
			if got := find(p+".children", l.Children); got != "" {
				return got
			}
		}
		return ""
	}
	if p := find("bom", st.BOM); p != "" {
		return p
	}
	if p := find("packaging", st.Packaging); p != "" {
		return p
	}
	for i, a := range st.Assemblies {
		if a == nil {
			continue
		}
		if p := find("assemblies["+strconv.Itoa(i)+"].lines", a.Lines); p != "" {
			return p
		}
	}
	return "suppliers"
}
