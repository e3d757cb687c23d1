package pact_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// Ensure a PACT footprint's primaryDataShare reaches the engine
// (SupplierFootprint.PrimarySharePct), which counts the line as primary
// data by it (red team 20: ParseSupplier dropped it and a document
// stating 0 counted as all primary): a number from 0 to 100 in PACT 2, a
// Decimal string from 0 to 100 in PACT 3, both in pcf
// (CarbonFootprint.primaryDataShare of each openapi.yaml); nil when not
// stated. Any other form is refused, naming the field.
func TestParseSupplier_PrimaryDataShare(t *testing.T) {
	const id = "8a2e1f4c-0a9b-4f6e-9c1d-5b7a3e2d1f01"
	v3 := footprinttest.SupplierPACT3(id, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", "2.0")
	v2 := footprinttest.SupplierPACT2(id, 1, "2.0")
	set := func(doc []byte, v any) []byte {
		return withPCF(t, doc, func(pcf map[string]any) { pcf["primaryDataShare"] = v })
	}
	pct := func(x float64) *float64 { return &x }
	for _, tt := range []struct {
		name string
		doc  []byte
		want *float64
	}{
		{"v2 12.9", set(v2, 12.9), pct(12.9)},
		{"v2 0", set(v2, 0), pct(0)},
		{"v2 100", set(v2, 100), pct(100)},
		{"v2 not stated", v2, nil},
		{"v2 null", set(v2, nil), nil},
		{"v3 12.9", set(v3, "12.9"), pct(12.9)},
		{"v3 0", set(v3, "0"), pct(0)},
		{"v3 not stated", v3, nil},
		{"v3 example-1", mustSpecFile(t, "v3/example-1.json"), pct(12.9)},
		{"v3 example-2", mustSpecFile(t, "v3/example-2.json"), pct(16.8)},
		{"v2 response envelope", mustSpecFile(t, "v2/get-footprint-response.json"), pct(12.9)},
	} {
		s, err := pact.ParseSupplier(tt.doc)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got := s.Footprint.PrimarySharePct; (got == nil) != (tt.want == nil) || got != nil && *got != *tt.want {
			t.Errorf("%s: primary share %v, want %v", tt.name, deref(got), deref(tt.want))
		}
	}
	const field = "pact_footprint.pcf.primaryDataShare"
	for _, tt := range []struct {
		name string
		doc  []byte
	}{
		{"v2 a string", set(v2, "12.9")},
		{"v2 above 100", set(v2, 100.5)},
		{"v2 negative", set(v2, -1)},
		{"v2 a boolean", set(v2, true)},
		{"v3 a number", set(v3, 12.9)},
		{"v3 above 100", set(v3, "101")},
		{"v3 negative", set(v3, "-0.5")},
		{"v3 exponent", set(v3, "1e1")},
		{"v3 percent sign", set(v3, "12.9%")},
		{"v3 words", set(v3, "twelve")},
	} {
		_, err := pact.ParseSupplier(tt.doc)
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != field || !strings.Contains(footprint.ErrorMessage(err), "from 0 to 100") {
			t.Errorf("%s: err %v (field %q), want EINVALID on %s", tt.name, err, footprint.ErrorField(err), field)
		}
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
