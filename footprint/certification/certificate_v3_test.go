package certification_test

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/google/uuid"
)

// newTestCertificateV3 is newTestCertificateV2 in format 3, naming a CPCD
// cell factor (grade C) and its grid factor (grade A). Its figures are test
// data, not results of a study.
func newTestCertificateV3(tb testing.TB) *certification.Certificate {
	tb.Helper()
	c := newTestCertificateV2(tb)
	c.Format = 3
	c.Factors = []certification.CertificateFactor{
		{Code: "CPCD-46410X0212023C", NameZH: "PERC太阳电池", NameEN: "PERC solar cell", Set: "2026.1", KgCO2e: 203.5, SharePct: 39.75,
			Grade: "C", Source: "CPCD 46410X0212023C"},
		{Code: "ELEC-CN-NAT-CF-2024", NameZH: "全国电力平均碳足迹因子", NameEN: "National grid electricity", Set: "2026.1", Grid: true,
			KgCO2e: 3.75, SharePct: 0.732421875, Grade: "A", Source: "MEE 2024 annex"},
	}
	return c
}

// Ensure format 3 encodes the factors under "factors", with sorted keys,
// between factor_set_digest and format, and reads back to the same bytes.
func TestCertificate_MarshalCanonical_Format3(t *testing.T) {
	c := newTestCertificateV3(t)
	b := mustCanonical(t, c)
	want := `"factor_set_digest":"` + strings.Repeat("34", 32) + `","factors":[` +
		`{"code":"CPCD-46410X0212023C","grade":"C","grid":false,"kg_co2e":203.5,"name_en":"PERC solar cell","name_zh":"PERC太阳电池","set":"2026.1","share_pct":39.75,"source":"CPCD 46410X0212023C"},` +
		`{"code":"ELEC-CN-NAT-CF-2024","grade":"A","grid":true,"kg_co2e":3.75,"name_en":"National grid electricity","name_zh":"全国电力平均碳足迹因子","set":"2026.1","share_pct":0.732421875,"source":"MEE 2024 annex"}],` +
		`"format":"pcf-certificate/3"`
	if !bytes.Contains(b, []byte(want)) {
		t.Fatalf("encoding lacks %s:\n%s", want, b)
	}
	checkRoundTrip(t, b, c)
	// The same certificate in format 2 has neither the tag nor the key,
	// and is otherwise the same bytes.
	v2 := newTestCertificateV2(t)
	b2 := mustCanonical(t, v2)
	strip := bytes.Replace(b, []byte(want), []byte(`"factor_set_digest":"`+strings.Repeat("34", 32)+`","format":"pcf-certificate/2"`), 1)
	if !bytes.Equal(strip, b2) {
		t.Errorf("format 3 is not format 2 plus factors:\n%s\n%s", strip, b2)
	}
	// A format-3 encoding without the key is not canonical.
	missing := bytes.Replace(b, []byte(want), []byte(`"factor_set_digest":"`+strings.Repeat("34", 32)+`","format":"pcf-certificate/3"`), 1)
	if _, err := certification.UnmarshalCanonicalCertificate(missing); footprint.ErrorCode(err) != footprint.EINVALID {
		t.Errorf("format 3 without factors: err = %v, want EINVALID", err)
	}
}

// Ensure Validate checks the factors of format 3, and refuses them in
// formats 1 and 2, whose encodings would drop them.
func TestCertificate_ValidateFormat3(t *testing.T) {
	if err := newTestCertificateV3(t).Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		edit  func(c *certification.Certificate)
		field string
	}{
		{"ErrFormat2WithFactors", func(c *certification.Certificate) { c.Format = 2 }, "factors"},
		{"ErrFormat1WithFactors", func(c *certification.Certificate) {
			c.Format, c.SupersedesNumber, c.StudyDigest, c.FactorSetDigest, c.SuppliersDigest = 0, "", "", "", ""
			c.Uncertainty, c.CutOff, c.NotApplicable = nil, certification.CertificateCutOff{}, nil
		}, "factors"},
		{"ErrGrade", func(c *certification.Certificate) { c.Factors[0].Grade = "F" }, "factors[0].grade"},
		{"ErrGradeCase", func(c *certification.Certificate) { c.Factors[0].Grade = "c" }, "factors[0].grade"},
		{"ErrCode", func(c *certification.Certificate) { c.Factors[0].Code = "cpcd x" }, "factors[0].code"},
		{"ErrSet", func(c *certification.Certificate) { c.Factors[1].Set = "" }, "factors[1].set"},
		{"ErrTwice", func(c *certification.Certificate) { c.Factors = append(c.Factors, c.Factors[0]) }, "factors[2].code"},
		{"ErrNoName", func(c *certification.Certificate) { c.Factors[0].NameZH, c.Factors[0].NameEN = "", "" }, "factors[0].name.name_en"},
		{"ErrSourceControl", func(c *certification.Certificate) { c.Factors[0].Source = "CPCD\n1" }, "factors[0].source"},
		{"ErrShareNaN", func(c *certification.Certificate) { c.Factors[0].SharePct = math.NaN() }, "factors[0].share_pct"},
		{"ErrGridNotStated", func(c *certification.Certificate) { c.Factors[0].Grid = true }, "factors[0].grid"},
		{"ErrGridFactorMissing", func(c *certification.Certificate) { c.Factors = c.Factors[:1] }, "electricity.grid_factors[0]"},
		{"ErrGridNotFlagged", func(c *certification.Certificate) { c.Factors[1].Grid = false }, "electricity.grid_factors[0]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestCertificateV3(t)
			tt.edit(c)
			checkInvalid(t, c.Validate(), tt.field, "")
		})
	}
}

// Ensure a changed grade, share, source or factor in the signed content of
// a format-3 certificate fails verification, and DiffCertificates names
// the factors.
func TestVerifyCertificate_Format3(t *testing.T) {
	sc, keys := mustSignEdited(t, newTestCertificateV3(t), [][2]string{
		{`"grade":"C"`, `"grade":"A"`},
		{`"grade":"A"`, `"grade":"B"`},
		{`"share_pct":39.75`, `"share_pct":59.75`},
		{`"share_pct":0.732421875`, `"share_pct":0.032421875`},
		{`"kg_co2e":203.5,`, `"kg_co2e":103.5,`},
		{`"source":"CPCD 46410X0212023C"`, `"source":"CPCD 46410X0212024C"`},
		{`"set":"2026.1","share_pct":39.75`, `"set":"2026.2","share_pct":39.75`},
	})
	shown := newTestCertificateV3(t)
	shown.Factors[0].Grade = "B"
	if got, want := certification.DiffCertificates(shown, sc.Certificate), []string{"factors"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("diff=%v, want %v", got, want)
	}
	forged := *sc
	forged.Certificate = shown
	var ve *certification.VerifyError
	if err := certification.VerifyCertificate(&forged, keys); !errors.As(err, &ve) || ve.Reason != certification.VerifyFieldMismatch || !slices.Contains(ve.Fields, "factors") {
		t.Errorf("shown grade differs from signed: err = %v, want field_mismatch naming factors", err)
	}
}

// Ensure NewCertificate writes format 3 naming the factors that carry the
// footprint: the largest first until they cover 80 % of the total (at most
// MaxCertificateMainFactors), plus every grid factor, each with the
// grade, set and source of the factor the result used, and its share.
func TestNewCertificate_Format3Factors(t *testing.T) {
	s := mustDemoStudy(t)
	r := s.Result
	c := mustNewCertificate(t, testInput(s, "CDPCF-2026-000009"))
	if c.Format != 7 || len(c.Factors) == 0 {
		t.Fatalf("format %d, %d factors", c.Format, len(c.Factors))
	}
	uses := map[string]*footprint.FactorUse{}
	for _, u := range r.Factors {
		uses[u.Code] = u
	}
	main, covered := 0, 0.0
	for i, f := range c.Factors {
		u := uses[f.Code]
		if u == nil {
			t.Fatalf("factors[%d] %s is not a factor of the result", i, f.Code)
		}
		if f.Grade != u.Grade || f.Set != u.Set || f.NameEN != u.NameEN || f.NameZH != u.NameZH || f.KgCO2e != u.KgCO2e ||
			!strings.HasPrefix(u.Source.Locator, f.Source) || f.Source == "" {
			t.Errorf("factors[%d] = %+v, result uses %+v", i, f, u)
		}
		if want := u.KgCO2e / r.KgCO2e * 100; math.Abs(f.SharePct-want) > 1e-12 {
			t.Errorf("factors[%d] share %v, want %v", i, f.SharePct, want)
		}
		if f.Grid != slices.Contains(r.Electricity.GridFactors, f.Code) {
			t.Errorf("factors[%d] %s grid = %v", i, f.Code, f.Grid)
		}
		if i > 0 && c.Factors[i-1].KgCO2e < f.KgCO2e {
			t.Errorf("factors[%d] %s (%v kg) after a smaller one", i, f.Code, f.KgCO2e)
		}
		if !f.Grid || covered < 0.8*r.KgCO2e {
			main++
			covered += f.KgCO2e
		}
	}
	if covered < 0.8*r.KgCO2e && main < certification.MaxCertificateMainFactors {
		t.Errorf("the factors named cover %v of %v kgCO2e with %d main factors", covered, r.KgCO2e, main)
	}
	for _, g := range r.Electricity.GridFactors {
		if !slices.ContainsFunc(c.Factors, func(f certification.CertificateFactor) bool { return f.Code == g && f.Grid }) {
			t.Errorf("grid factor %s is not named", g)
		}
	}
	// No factor outside the cover is named unless it is a grid factor:
	// dropping the smallest main one leaves less than 80 %.
	if main > 1 {
		last := 0.0
		for _, f := range c.Factors {
			if !f.Grid {
				last = f.KgCO2e
			}
		}
		if covered-last >= 0.8*r.KgCO2e {
			t.Errorf("more factors named than needed to cover 80 %%: %v without the last", covered-last)
		}
	}
	if len(r.Electricity.GridFactors) == 0 {
		t.Fatal("the demo result uses no grid factor")
	}
}

// Ensure CertificateFactorsFromResult stops at MaxCertificateMainFactors
// when many small factors make up the total, and names a grid factor
// whose contribution is zero.
func TestCertificateFactorsFromResult_Cap(t *testing.T) {
	r := &footprint.Result{KgCO2e: 100, Electricity: footprint.ElectricitySummary{GridFactors: []string{"ELEC-Z"}}}
	for i := range 20 {
		r.Factors = append(r.Factors, &footprint.FactorUse{Code: "F-" + string(rune('A'+i)), Set: "1", NameEN: "f", KgCO2e: 5, Grade: "D",
			Source: footprint.Source{Locator: "CPCD 123; snapshot x"}})
	}
	r.Factors = append(r.Factors, &footprint.FactorUse{Code: "ELEC-Z", Set: "1", NameEN: "grid", Grade: " b-uk ", Source: footprint.Source{Document: "annex"}})
	r.Factors[0].Grade = "unrated"
	got := certification.CertificateFactorsFromResult(r)
	if len(got) != certification.MaxCertificateMainFactors+1 {
		t.Fatalf("%d factors, want %d", len(got), certification.MaxCertificateMainFactors+1)
	}
	if g := got[len(got)-1]; g.Code != "ELEC-Z" || !g.Grid || g.SharePct != 0 || g.Source != "annex" || g.Grade != "B-UK" {
		t.Errorf("grid factor %+v", g)
	}
	// A grade outside the legend is stated as not graded.
	if f := got[0]; f.Code != "F-A" || f.SharePct != 5 || f.Source != "CPCD 123" || f.Grade != "" {
		t.Errorf("first factor %+v", f)
	}
}

// Ensure the names and source a certificate takes from a published factor
// are made printable rather than stop the issue: white space collapsed,
// control and invisible format characters dropped (a U+202E would show the
// name reversed on the verify page: red team 26), overlong text cut with "…".
func TestCertificateFactorsFromResult_Text(t *testing.T) {
	long := strings.Repeat("铝", 250)
	r := &footprint.Result{KgCO2e: 10, Factors: []*footprint.FactorUse{{Code: "F-A", Set: "1", KgCO2e: 10, Grade: "C",
		NameZH: long, NameEN: " Alu\tminium\n profile\x07\u202e\u200b ", Source: footprint.Source{Locator: strings.Repeat("x ", 100) + "; rest"}}}}
	got := certification.CertificateFactorsFromResult(r)
	if len(got) != 1 {
		t.Fatalf("%d factors", len(got))
	}
	f := got[0]
	if f.NameEN != "Alu minium profile" || f.NameZH != strings.Repeat("铝", 199)+"…" || len([]rune(f.Source)) != 120 || !strings.HasSuffix(f.Source, "…") {
		t.Errorf("name_en %q, name_zh %d characters, source %q", f.NameEN, len([]rune(f.NameZH)), f.Source)
	}
	c := newTestCertificateV3(t)
	c.Factors[0] = f
	c.Factors[0].Set = c.FactorSet
	if err := c.Validate(); err != nil {
		t.Errorf("certificate with the factor: %v", err)
	}
}

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
	c := mustNewCertificate(t, in)
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
