package api_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// pact56 (session 56): the PACT items pact55 left open, through the API.

// Ensure a supplier's PACT footprint naming no IPCC Assessment Report
// (v3 ipccCharacterizationFactors, v2 ipccCharacterizationFactorsSources
// and characterizationFactors: all absent) is refused at upload, 400
// naming the member, Chinese first, and stores nothing: the same footprint
// naming AR6 is then stored as new (201, not 200 for the same document
// again). pact55 left it read like one naming AR6.
func TestPACT56_UploadNamingNoIPCCReportStoresNothing(t *testing.T) {
	st := newSeededStack(t)
	const id3, id2 = "56560000-1d2f-4a3b-9c8d-7e6f5a4b3c01", "56560000-1d2f-4a3b-9c8d-7e6f5a4b3c02"
	v3 := footprinttest.SupplierPACT3(id3, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", "4.2")
	v2 := footprinttest.SupplierPACT2(id2, 1, "4.2")
	for _, c := range []struct {
		name, field string
		doc, none   []byte
	}{
		{"v3", "ipccCharacterizationFactors", v3, bytes.Replace(v3, []byte(`"ipccCharacterizationFactors":["AR6"],`), nil, 1)},
		{"v2", "ipccCharacterizationFactorsSources", v2, bytes.Replace(v2, []byte(`"characterizationFactors":"AR6","ipccCharacterizationFactorsSources":["AR6"],`), nil, 1)},
	} {
		if bytes.Equal(c.doc, c.none) {
			t.Fatalf("%s: the fixture names its report otherwise", c.name)
		}
		upload := func(doc []byte) request {
			return request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: doc}
		}
		e := MustError(t, st.do(t, upload(c.none)), 400, "invalid")
		if e.Error.Field != "pact_footprint.pcf."+c.field || !strings.HasPrefix(e.Error.Message, "该足迹未列出") || !strings.Contains(e.Error.Message, "。the footprint names no IPCC Assessment Report") {
			t.Errorf("%s: field %q message %q; want pact_footprint.pcf.%s, Chinese first", c.name, e.Error.Field, e.Error.Message, c.field)
		}
		MustData[any](t, st.do(t, upload(c.doc)), 201)
	}
}
