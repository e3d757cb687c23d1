package main

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// pactFileList is the repeatable --pact flag of pcf verify.
type pactFileList []string

func (l *pactFileList) String() string { return strings.Join(*l, ",") }

func (l *pactFileList) Set(s string) error {
	*l = append(*l, s)
	return nil
}

// pactSuppliers reads the suppliers' PACT footprint documents the holder
// discloses (paths), as the service read them when the study was
// calculated (pact.ParseSupplier), and adds them to out under their
// references "pact:<id>". Every pact: reference of the study needs its
// document and every document must be referenced; false when the study
// cannot be calculated. The figures are not signed apart: the result
// digest, which names each pact:<id> and the kgCO2e used, decides.
func (rc *recomputation) pactSuppliers(st *footprint.Study, paths []string, out map[string]*footprint.SupplierFootprint) bool {
	var refs []string
	for _, ref := range st.SupplierIDs() {
		if pact.IsSupplierRef(ref) {
			refs = append(refs, ref)
		}
	}
	given := map[string]*footprint.SupplierFootprint{}
	for _, path := range paths {
		b, err := os.ReadFile(path)
		if err != nil {
			rc.problem("the PACT footprint %s: %s", filepath.Base(path), describeErr(err))
			return false
		}
		sup, err := pact.ParseSupplier(b)
		if err != nil {
			rc.problem("the PACT footprint %s: %s", filepath.Base(path), describeErr(err))
			return false
		}
		ref := pact.SupplierRefPrefix + sup.ID.String()
		sup.Footprint.ID = ref
		given[ref] = sup.Footprint
		if !slices.Contains(refs, ref) {
			rc.problem("the PACT footprint %s (%s) is not used by the study", filepath.Base(path), ref)
		}
	}
	ok := true
	for _, ref := range refs {
		f, found := given[ref]
		if !found {
			rc.problem("the study uses the supplier's PACT footprint %s: give its document, as the holder discloses it, with --pact FILE.json", ref)
			ok = false
			continue
		}
		out[ref] = f
		rc.check("supplier   %s (%s): %s kgCO2e/%s, not signed apart: the result digest decides", ref, f.Source, strconv.FormatFloat(f.KgCO2e, 'g', -1, 64), f.DeclaredUnit.Symbol)
	}
	return ok
}
