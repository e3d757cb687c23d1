package footprint

import (
	"bytes"
	"testing"
)

// Ensure a supplier entry of a PACT footprint records the document's spec
// version and version (issue 11 "In": "the result records the footprint's
// id and version"): written by the canonical encoder as encoding/json
// writes the wire form (a v2 version 0 included, a v3 footprint without a
// version), read back unchanged, and absent from an entry without them,
// so that results calculated before keep their bytes.
func TestCanonicalJSON_PACTSupplierVersions(t *testing.T) {
	zero, three := 0, 3
	r := &Result{Suppliers: []*SupplierUse{
		{ID: "pact:5b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d", KgCO2e: 4.2, Unit: "kg", PACTSpecVersion: "2.3.0", PACTVersion: &zero},
		{ID: "pact:6b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d", KgCO2e: 1, Unit: "kg", PACTSpecVersion: "2.3.0", PACTVersion: &three},
		{ID: "pact:7b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d", KgCO2e: 1, Unit: "kg", PACTSpecVersion: "3.0.0"},
		{ID: "CDPCF-2026-000001", KgCO2e: 2, Unit: "piece"},
	}}
	checkCanonicalJSON(t, r)
	b, err := r.CanonicalJSON()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"contribution_kgco2e":0,"pact_spec_version":"2.3.0","pact_version":0}`,
		`"contribution_kgco2e":0,"pact_spec_version":"2.3.0","pact_version":3}`,
		`"contribution_kgco2e":0,"pact_spec_version":"3.0.0"}`,
		`"id":"CDPCF-2026-000001","supplier":"","product":"","kgco2e":2,"unit":"piece","issued_at":"","valid_until":"","uncertainty_pct":0,"contribution_kgco2e":0}`,
	} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("the result lacks %s:\n%s", want, b)
		}
	}
	back, err := ParseCanonicalResult(b)
	if err != nil {
		t.Fatal(err)
	}
	got := back.Suppliers
	if len(got) != 4 || got[0].PACTVersion == nil || *got[0].PACTVersion != 0 || *got[1].PACTVersion != 3 ||
		got[2].PACTSpecVersion != "3.0.0" || got[2].PACTVersion != nil || got[3].PACTSpecVersion != "" || got[3].PACTVersion != nil {
		t.Fatalf("read back %+v %+v %+v %+v", got[0], got[1], got[2], got[3])
	}
	again, err := back.CanonicalJSON()
	if err != nil || !bytes.Equal(again, b) {
		t.Fatalf("re-encoded differently (%v):\n%s\n%s", err, again, b)
	}
}
