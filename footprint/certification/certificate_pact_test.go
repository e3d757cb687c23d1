package certification_test

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/google/uuid"
)

// newTestPACTSupplier returns a supplier's PACT v2 footprint as a format-3
// certificate's supplier list records it (test data for a fictitious
// supplier).
func newTestPACTSupplier() certification.CertificateSupplier {
	id := uuid.MustParse("5b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d")
	sf := &footprint.SupplierFootprint{
		ID: "pact:" + id.String(), Supplier: "Supplier AG", Product: "JB-1 junction box",
		DeclaredUnit: footprint.MustParseUnit("kg"), KgCO2e: 4.2,
	}
	return certification.NewPACTCertificateSupplier(sf.ID, id, "2.3.0", 3, sf)
}

// Ensure a supplier list holds a supplier's PACT footprint (format 3): it
// round-trips, its encoding names the id, spec version and version (v2
// only), and the commitment changes with the footprint's figure, version,
// id or spec version; an entry that is not a PACT footprint's is refused.
func TestSuppliersDigest_PACT(t *testing.T) {
	cert, p := newTestSupplier(), newTestPACTSupplier()
	if !p.IsPACT() || cert.IsPACT() {
		t.Fatalf("IsPACT: PACT entry %v, certificate %v", p.IsPACT(), cert.IsPACT())
	}
	list := []certification.CertificateSupplier{cert, p}
	doc := []byte("{\"format\":\"pcf-study/1\",\"id\":\"6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21\"}\n")
	d, err := certification.SuppliersDigest(doc, list)
	if err != nil {
		t.Fatal(err)
	}
	b := mustSuppliersJSON(t, list)
	want := `{"id":"5b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d","kg_co2e":4.2,"product":"JB-1 junction box","ref":"pact:5b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d","spec_version":"2.3.0","supplier":"Supplier AG","unit":"kg","version":3}]}`
	if !bytes.HasSuffix(b, []byte(want)) {
		t.Fatalf("encoding %s\nwant it to end in %s", b, want)
	}
	if _, err := p.Footprint(); footprint.ErrorCode(err) != footprint.EINVALID {
		t.Fatalf("Footprint of a PACT entry: %v, want EINVALID (the verifier reads the document)", err)
	}

	// Any change to the PACT entry breaks the commitment.
	otherID := uuid.MustParse("6b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d")
	for name, edit := range map[string]func(*certification.CertificateSupplier){
		"value":        func(s *certification.CertificateSupplier) { s.KgCO2e = 4.3 },
		"version":      func(s *certification.CertificateSupplier) { s.Version = 4 },
		"id":           func(s *certification.CertificateSupplier) { s.ID, s.Ref = otherID, "pact:"+otherID.String() },
		"spec version": func(s *certification.CertificateSupplier) { s.SpecVersion = "2.2.0" },
		"unit":         func(s *certification.CertificateSupplier) { s.Unit = "piece" },
		"supplier":     func(s *certification.CertificateSupplier) { s.Supplier = "Supplier GmbH" },
	} {
		l := slices.Clone(list)
		edit(&l[1])
		if g, err := certification.SuppliersDigest(doc, l); err != nil || g == d {
			t.Errorf("tampered %s: digest %s (%v), want another than %s", name, g, err, d)
		}
	}

	// A PACT 3 footprint has no version: none is encoded, and one is
	// refused.
	v3 := p
	v3.SpecVersion, v3.Version = "3.0.0", 0
	b3, err := certification.MarshalSuppliers([]certification.CertificateSupplier{v3})
	if err != nil || bytes.Contains(b3, []byte(`"version"`)) {
		t.Fatalf("v3 entry %s (%v): want no version", b3, err)
	}
	if back, err := certification.ParseSuppliers(b3); err != nil || !reflect.DeepEqual(back, []certification.CertificateSupplier{v3}) {
		t.Fatalf("v3 round trip: %v %+v", err, back)
	}
	for name, bad := range map[string][]byte{
		"v3 with a version": bytes.Replace(b3, []byte(`"unit":"kg"`), []byte(`"unit":"kg","version":1`), 1),
		"v2 without":        bytes.Replace(b, []byte(`,"version":3`), nil, 1),
		"unknown key":       bytes.Replace(b, []byte(`"spec_version"`), []byte(`"number":"CDPCF-2026-000045","spec_version"`), 1),
	} {
		if _, err := certification.ParseSuppliers(bad); footprint.ErrorCode(err) != footprint.EINVALID {
			t.Errorf("%s: err=%v, want EINVALID", name, err)
		}
	}
	for _, tt := range []struct {
		name  string
		edit  func(*certification.CertificateSupplier)
		field string
	}{
		{"ErrRef", func(s *certification.CertificateSupplier) { s.Ref = "pact:" + otherID.String() }, "suppliers[0].ref"},
		{"ErrSpec", func(s *certification.CertificateSupplier) { s.SpecVersion = "1.0.0" }, "suppliers[0].spec_version"},
		{"ErrV3Version", func(s *certification.CertificateSupplier) { s.SpecVersion = "3.0.0" }, "suppliers[0].version"},
		{"ErrNumber", func(s *certification.CertificateSupplier) { s.Number = "CDPCF-2026-000045" }, "suppliers[0]"},
		{"ErrNegative", func(s *certification.CertificateSupplier) { s.KgCO2e = -1 }, "suppliers[0].kg_co2e"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := p
			tt.edit(&s)
			_, err := certification.MarshalSuppliers([]certification.CertificateSupplier{s})
			if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.field {
				t.Fatalf("err=%v (field %q), want EINVALID on %s", err, footprint.ErrorField(err), tt.field)
			}
		})
	}
}

// Ensure NewCertificate (format 3) requires the supplier list to hold every
// PACT footprint the study references, in the study's order, with the
// figure the result used, and commits to it.
func TestNewCertificate_PACTSupplier(t *testing.T) {
	s := mustDemoStudy(t)
	cert, p := newTestSupplier(), newTestPACTSupplier()
	st := *s
	st.BOM = append([]*footprint.BOMLine(nil), s.BOM...)
	l0, l1 := *st.BOM[0], *st.BOM[1]
	l0.Supplier, l1.Supplier = cert.Ref, p.Ref
	st.BOM[0], st.BOM[1] = &l0, &l1
	res := *s.Result
	res.Suppliers = []*footprint.SupplierUse{{ID: cert.Ref, KgCO2e: cert.KgCO2e, Unit: cert.Unit}, {ID: p.Ref, KgCO2e: p.KgCO2e, Unit: p.Unit}}
	st.Result = &res
	if got := certification.SupplierRefs(&st, 3); !slices.Equal(got, []string{cert.Ref, p.Ref}) {
		t.Fatalf("format-3 refs %v", got)
	}
	if got := certification.SupplierRefs(&st, 2); !slices.Equal(got, []string{cert.Ref}) {
		t.Fatalf("format-2 refs %v", got)
	}
	in := mustSupplierCertificate(t, &st, cert, p)
	checkSuppliersRefused(t, in, []inputEdit{
		{"WithoutPACT", func(in *certification.CertificateInput) { in.Suppliers = []certification.CertificateSupplier{cert} }},
		{"OtherValue", func(in *certification.CertificateInput) {
			in.Suppliers = []certification.CertificateSupplier{cert, p}
			in.Suppliers[1].KgCO2e = 4.3
		}},
		{"OtherUnit", func(in *certification.CertificateInput) {
			in.Suppliers = []certification.CertificateSupplier{cert, p}
			in.Suppliers[1].Unit = "piece"
		}},
		{"OtherFootprint", func(in *certification.CertificateInput) {
			other := uuid.MustParse("6b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d")
			in.Suppliers = []certification.CertificateSupplier{cert, p}
			in.Suppliers[1].ID, in.Suppliers[1].Ref = other, "pact:"+other.String()
		}},
	})
}

// mustSupplierCertificate makes a certificate of st, a study whose result
// uses suppliers, and checks its suppliers digest. It returns the input.
func mustSupplierCertificate(t *testing.T, st *footprint.Study, suppliers ...certification.CertificateSupplier) certification.CertificateInput {
	t.Helper()
	in := testInput(st, "CDPCF-2026-000010")
	in.Suppliers = suppliers
	c, err := certification.NewCertificate(in)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := footprint.MarshalStudyJSON(st)
	if err != nil {
		t.Fatal(err)
	}
	if want, err := certification.SuppliersDigest(doc, suppliers); err != nil || c.SuppliersDigest != want {
		t.Fatalf("suppliers digest %s, want %s (%v)", c.SuppliersDigest, want, err)
	}
	return in
}

// inputEdit is an edit of a certificate input.
type inputEdit struct {
	name string
	edit func(in *certification.CertificateInput)
}

// checkSuppliersRefused checks that NewCertificate refuses in after each
// edit with EINVALID on its suppliers.
func checkSuppliersRefused(t *testing.T, in certification.CertificateInput, edits []inputEdit) {
	t.Helper()
	for _, tt := range edits {
		t.Run(tt.name, func(t *testing.T) {
			in := in
			tt.edit(&in)
			_, err := certification.NewCertificate(in)
			if footprint.ErrorCode(err) != footprint.EINVALID || !strings.HasPrefix(footprint.ErrorField(err), "suppliers") {
				t.Fatalf("err=%v (field %q), want EINVALID on suppliers", err, footprint.ErrorField(err))
			}
		})
	}
}
