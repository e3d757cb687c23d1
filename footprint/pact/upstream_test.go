package pact_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/google/uuid"
)

// Ensure a footprint whose certificate's supplier list holds suppliers'
// PACT footprints names them, shared, in a data-model extension with our
// dataSchema: each by id, specVersion and the v2 version (none for v3), in
// id order; still valid against the official v2.3 and v3.0 schemas; and
// not at all in the footprint everyone else receives.
func TestFootprint_NamesUpstreamPACTFootprints(t *testing.T) {
	sch := MustSchemas(t)
	pv := MustDemoStudy(t, "pv-module", withCPC)
	rec := MustRecord(t, pv, uuid.Nil, certification.CertificateValid)
	v2ID, v3ID := uuid.MustParse("9d0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"), uuid.MustParse("1d0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d")
	sf := &footprint.SupplierFootprint{Supplier: "Supplier AG", Product: "JB-1", DeclaredUnit: footprint.MustParseUnit("kg"), KgCO2e: 4.2,
		IssuedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), ValidUntil: time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)}
	rec.SupplierList = []certification.CertificateSupplier{
		certification.NewPACTCertificateSupplier("pact:"+v2ID.String(), v2ID, "2.3.0", 7, sf),
		certification.NewPACTCertificateSupplier("pact:"+v3ID.String(), v3ID, "3.0.0", 0, sf),
	}
	f := MustFootprint(t, rec, pv)

	encode := func(f *pact.Footprint) (v2, v3 []byte) {
		w2, err := f.V2()
		if err != nil {
			t.Fatal(err)
		}
		MustValidate(t, sch[2].footprint, w2)
		MustValidate(t, sch[3].footprint, f.V3())
		v2, _ = json.Marshal(w2)
		v3, _ = json.Marshal(f.V3())
		return v2, v3
	}
	pub2, pub3 := encode(f)
	for i, b := range [][]byte{pub2, pub3} {
		if strings.Contains(string(b), pact.UpstreamSchemaPath) || strings.Contains(string(b), v2ID.String()) {
			t.Fatalf("v%d: the public footprint names its suppliers' footprints: %s", i+2, b)
		}
	}
	shared2, shared3 := encode(f.WithShared(testOpts))
	for i, b := range [][]byte{shared2, shared3} {
		var w struct {
			Extensions []struct {
				SpecVersion string                  `json:"specVersion"`
				DataSchema  string                  `json:"dataSchema"`
				Data        pact.UpstreamFootprints `json:"data"`
			} `json:"extensions"`
		}
		if err := json.Unmarshal(b, &w); err != nil {
			t.Fatal(err)
		}
		var got *pact.UpstreamFootprints
		for _, e := range w.Extensions {
			if e.DataSchema == testOpts.BaseURL+pact.UpstreamSchemaPath && e.SpecVersion == pact.ExtensionSpecVersion {
				got = &e.Data
			}
		}
		if got == nil || len(got.Footprints) != 2 {
			t.Fatalf("v%d: extensions %s", i+2, b)
		}
		a, c := got.Footprints[0], got.Footprints[1]
		if a.ID != v3ID.String() || a.SpecVersion != "3.0.0" || a.Version != nil ||
			c.ID != v2ID.String() || c.SpecVersion != "2.3.0" || c.Version == nil || *c.Version != 7 {
			t.Fatalf("v%d: names %+v %+v", i+2, a, c)
		}
	}
}
