package certification_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
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

// testVerifyBase is the issuing service's address the format-4 test
// certificate signs.
const testVerifyBase = "https://pcf.example.cn"

// newTestCertificateV4 is newTestCertificateV3 in format 4, signing
// testVerifyBase.
func newTestCertificateV4(tb testing.TB) *certification.Certificate {
	tb.Helper()
	c := newTestCertificateV3(tb)
	c.Format, c.VerifyBase = 4, testVerifyBase
	return c
}

// Ensure format 4 is format 3 with the key "verify_base" (the last key),
// reads back to the same bytes, and gives the QR code's address under the
// signed base whatever base the caller has; and that the strict decoder
// refuses the key in format 3 and its absence in format 4.
func TestCertificate_MarshalCanonical_Format4(t *testing.T) {
	c := newTestCertificateV4(t)
	b := mustCanonical(t, c)
	if !bytes.HasSuffix(b, []byte(`,"verify_base":"`+testVerifyBase+`"}`)) || !bytes.Contains(b, []byte(`"format":"pcf-certificate/4"`)) {
		t.Fatalf("format 4 encoding:\n%s", b)
	}
	checkRoundTrip(t, b, c)
	checkFormatAdds(t, b, 4, `,"verify_base":"`+testVerifyBase+`"`, 3, mustCanonical(t, newTestCertificateV3(t)))
	if u, err := c.VerifyURL("https://elsewhere.example"); err != nil || u != testVerifyBase+certification.CertificateVerifyPath(c.ID) {
		t.Errorf("VerifyURL = %q, %v; want the signed base's", u, err)
	}
	if u, _ := newTestCertificateV3(t).VerifyURL("https://pcf.example.org"); u != "https://pcf.example.org"+certification.CertificateVerifyPath(c.ID) {
		t.Errorf("format 3 VerifyURL = %q, want the caller's base", u)
	}
	checkDecodeRefuses(t, map[string][]byte{
		"format 3 with verify_base": bytes.Replace(b, []byte("pcf-certificate/4"), []byte("pcf-certificate/3"), 1),
		"format 4 without it":       bytes.Replace(b, []byte(`,"verify_base":"`+testVerifyBase+`"`), nil, 1),
	})
}

// Ensure Validate holds a format-4 certificate's base to what a QR code
// may lead to, and refuses a base in earlier formats, whose encodings
// would drop it.
func TestCertificate_ValidateFormat4(t *testing.T) {
	checkValidateRefuses(t, newTestCertificateV4, []certEdit{
		{"ErrNoBase", func(c *certification.Certificate) { c.VerifyBase = "" }, "verify_base"},
		{"ErrTrailingSlash", func(c *certification.Certificate) { c.VerifyBase += "/" }, "verify_base"},
		{"ErrQuery", func(c *certification.Certificate) { c.VerifyBase += "?x=1" }, "verify_base"},
		{"ErrUserInfo", func(c *certification.Certificate) { c.VerifyBase = "https://pcf.example.cn@evil.example" }, "verify_base"},
		{"ErrLookAlikeHost", func(c *certification.Certificate) { c.VerifyBase = "https://pcf.exаmple.cn" }, "verify_base"}, // Cyrillic а
		{"ErrDotSegment", func(c *certification.Certificate) { c.VerifyBase += "/a/.." }, "verify_base"},
		{"ErrNotHTTP", func(c *certification.Certificate) { c.VerifyBase = "ftp://pcf.example.cn" }, "verify_base"},
		{"ErrFormat3WithBase", func(c *certification.Certificate) { c.Format = 3 }, "verify_base"},
	})
	c := newTestCertificateV4(t)
	c.VerifyBase = "https://gov.example.cn/pcf" // behind a proxy, under a path
	if err := c.Validate(); err != nil {
		t.Errorf("a base with a path prefix: %v", err)
	}
}

// Ensure the signature covers the signed address: a format-4 certificate
// whose verify_base is changed in the signed bytes does not verify.
func TestVerifyCertificate_Format4(t *testing.T) {
	mustSignEdited(t, newTestCertificateV4(t), [][2]string{
		{`"verify_base":"https://pcf.example.cn"`, `"verify_base":"https://pcf.example.co"`},
		{`"pcf-certificate/4"`, `"pcf-certificate/3"`},
	})
}

// Ensure NewCertificate signs the base when the issue gives the service's
// base URL, and none without one (format 6 either way, which signs the
// base when there is one: TestCertificate_MarshalCanonical_Format5).
func TestNewCertificate_Format4(t *testing.T) {
	s := mustDemoStudy(t)
	in := testInput(s, "CDPCF-2026-000009")
	c, err := certification.NewCertificate(in)
	if err != nil || c.Format != 7 || c.VerifyBase != "" {
		t.Fatalf("without a base: format %d, base %q, %v", c.Format, c.VerifyBase, err)
	}
	in.VerifyBase = testVerifyBase
	if c, err = certification.NewCertificate(in); err != nil || c.Format != 7 || c.VerifyBase != testVerifyBase {
		t.Fatalf("with a base: %+v, %v", c, err)
	}
	in.VerifyBase = "https://pcf.example.cn@evil.example"
	_, err = certification.NewCertificate(in)
	checkInvalid(t, err, "verify_base", "")
}

// Ensure DiffCertificates names verify_base whenever the two bases
// differ, also on a certificate of a format whose encoding has none (a
// value built in memory, which Validate refuses): the shown and signed
// certificates of VerifyCertificate are compared field by field with it.
func TestDiffCertificates_VerifyBase(t *testing.T) {
	v3, other := newTestCertificateV3(t), newTestCertificateV3(t)
	other.VerifyBase = "https://evil.example"
	checkDiffNames(t, "format 3, another base", v3, other, "verify_base")
	v4, moved := newTestCertificateV4(t), newTestCertificateV4(t)
	moved.VerifyBase = "https://pcf.example.org"
	checkDiffNames(t, "format 4, another base", v4, moved, "verify_base")
}

// newTestCertificateV5 is newTestCertificateV4 in format 5, its DQR (2.1)
// covering 12.5 % of the total.
func newTestCertificateV5(tb testing.TB) *certification.Certificate {
	tb.Helper()
	c := newTestCertificateV4(tb)
	c.Format, c.DQRCoveragePct = 5, 12.5
	return c
}

// Ensure format 5 is format 4 with the key "dqr_coverage_pct" after "dqr"
// (and format 3 with it when the service signs no address: "verify_base"
// is then absent), reads back to the same bytes, and that the strict
// decoder refuses the key in format 4, its absence in format 5, and an
// empty "verify_base" (which would re-encode without it).
func TestCertificate_MarshalCanonical_Format5(t *testing.T) {
	c := newTestCertificateV5(t)
	b := mustCanonical(t, c)
	if !bytes.Contains(b, []byte(`"dqr":2.1,"dqr_coverage_pct":12.5,"electricity"`)) || !bytes.Contains(b, []byte(`"format":"pcf-certificate/5"`)) {
		t.Fatalf("format 5 encoding:\n%s", b)
	}
	checkRoundTrip(t, b, c)
	checkFormatAdds(t, b, 5, `,"dqr_coverage_pct":12.5`, 4, mustCanonical(t, newTestCertificateV4(t)))

	local := newTestCertificateV5(t)
	local.VerifyBase = ""
	lb := mustCanonical(t, local)
	checkRoundTrip(t, lb, local)
	checkFormatAdds(t, lb, 5, `,"dqr_coverage_pct":12.5`, 3, mustCanonical(t, newTestCertificateV3(t)))

	checkDecodeRefuses(t, map[string][]byte{
		"format 4 with dqr_coverage_pct": bytes.Replace(b, []byte("pcf-certificate/5"), []byte("pcf-certificate/4"), 1),
		"format 5 without it":            bytes.Replace(b, []byte(`,"dqr_coverage_pct":12.5`), nil, 1),
		"format 5 with verify_base \"\"": append(bytes.TrimSuffix(lb, []byte("}")), `,"verify_base":""}`...),
		"format 5, coverage 12.50":       bytes.Replace(b, []byte(`"dqr_coverage_pct":12.5`), []byte(`"dqr_coverage_pct":12.50`), 1),
	})
}

// Ensure Validate holds a format-5 certificate's coverage to a share of
// the total that goes with its DQR, and refuses a coverage in an earlier
// format, whose encoding would drop it.
func TestCertificate_ValidateFormat5(t *testing.T) {
	checkValidateRefuses(t, newTestCertificateV5, []certEdit{
		{"ErrOver100", func(c *certification.Certificate) { c.DQRCoveragePct = 100.5 }, "dqr_coverage_pct"},
		{"ErrNegative", func(c *certification.Certificate) { c.DQRCoveragePct = -1 }, "dqr_coverage_pct"},
		{"ErrNaN", func(c *certification.Certificate) { c.DQRCoveragePct = math.NaN() }, "dqr_coverage_pct"},
		{"ErrRatedCoveringNothing", func(c *certification.Certificate) { c.DQRCoveragePct = 0 }, "dqr_coverage_pct"},
		{"ErrCoverageWithoutDQR", func(c *certification.Certificate) { c.DQR = 0 }, "dqr_coverage_pct"},
		{"ErrFormat4WithCoverage", func(c *certification.Certificate) { c.Format = 4 }, "dqr_coverage_pct"},
		{"ErrBadBase", func(c *certification.Certificate) { c.VerifyBase = "ftp://pcf.example.cn" }, "verify_base"},
	})
	c := newTestCertificateV5(t)
	c.DQR, c.DQRCoveragePct = 0, 0 // not rated
	if err := c.Validate(); err != nil {
		t.Errorf("not rated: %v", err)
	}
}

// Ensure the signature covers the coverage: a format-5 certificate whose
// dqr_coverage_pct is changed in the signed bytes, or which is relabelled
// format 4, does not verify.
func TestVerifyCertificate_Format5(t *testing.T) {
	mustSignEdited(t, newTestCertificateV5(t), [][2]string{
		{`"dqr_coverage_pct":12.5`, `"dqr_coverage_pct":95`},
		{`"pcf-certificate/5"`, `"pcf-certificate/4"`},
	})
}

// Ensure NewCertificate signs the share of the total the result's DQR
// covers (red team 8: a DQR over one small well-rated line printed as
// the footprint's), at most 100 where the engine's sums leave a rounding
// error above it (the demo module: 100.00000000000003).
func TestNewCertificate_Format5DQRCoverage(t *testing.T) {
	s := mustDemoStudy(t)
	if s.Result.DQR == 0 || s.Result.DQRCoveragePct < 100 {
		t.Fatalf("the demo result: DQR %v over %v %%", s.Result.DQR, s.Result.DQRCoveragePct)
	}
	c := mustNewCertificate(t, testInput(s, "CDPCF-2026-000009"))
	if c.Format != 7 || c.DQRCoveragePct != 100 {
		t.Errorf("demo: format %d, coverage %v, want 7 and 100", c.Format, c.DQRCoveragePct)
	}
	s.Result.DQR, s.Result.DQRLevel, s.Result.DQRCoveragePct = 1.2, "excellent", 4.5
	c = mustNewCertificate(t, testInput(s, "CDPCF-2026-000009"))
	if c.DQRCoveragePct != 4.5 || !bytes.Contains(mustCanonical(t, c), []byte(`"dqr":1.2,"dqr_coverage_pct":4.5,`)) {
		t.Errorf("one small line rated: coverage %v, want 4.5 signed", c.DQRCoveragePct)
	}
}

// Ensure DiffCertificates names dqr_coverage_pct whenever the two
// coverages differ, also on a certificate of a format whose encoding has
// none (a value built in memory, which Validate refuses).
func TestDiffCertificates_DQRCoverage(t *testing.T) {
	v4, other := newTestCertificateV4(t), newTestCertificateV4(t)
	other.DQRCoveragePct = 90
	checkDiffNames(t, "format 4, a coverage set", v4, other, "dqr_coverage_pct")
	v5, moved := newTestCertificateV5(t), newTestCertificateV5(t)
	moved.DQRCoveragePct = 95
	checkDiffNames(t, "format 5, another coverage", v5, moved, "dqr_coverage_pct")
}

// The level names a caller reads are a copy: a program changing them (a
// plug-in wording "良好 good" as "优秀") cannot change what every document
// and the verification page print for the signed DQR.
func TestDQRLevelsZH_ACopy(t *testing.T) {
	levels := certification.DQRLevelsZH()
	if levels["good"] != "良好" || len(levels) != 5 {
		t.Fatalf("levels = %v", levels)
	}
	levels["good"] = "优秀"
	c := &certification.Certificate{Format: 4, DQR: 2.04}
	if got := c.PrintedDQR(); got != "DQR 2.04 良好 good" {
		t.Errorf("PrintedDQR after a caller changed its copy = %q", got)
	}
}

// newTestCertificateV6 is newTestCertificateV5 in format 6, signing a use
// scenario of 20 kWh a year over 4 years on China's grid.
func newTestCertificateV6(tb testing.TB) *certification.Certificate {
	tb.Helper()
	c := newTestCertificateV5(tb)
	c.Format = 6
	c.UseScenario = &certification.CertificateUseScenario{AnnualKWh: 20, LifetimeYears: 4, Country: "CN", Factor: "ELEC-CN-NAT-CF-2024"}
	return c
}

const testUseScenarioJSON = `,"use_scenario":{"annual_kwh":20,"country":"CN","factor":"ELEC-CN-NAT-CF-2024","lifetime_years":4}`

// Ensure format 6 is format 5 with the key "use_scenario" after
// "uncertainty" when the certificate has one, and format 5 relabelled when
// it has none; that both read back to the same bytes, and that the strict
// decoder refuses the key in format 5.
func TestCertificate_MarshalCanonical_Format6(t *testing.T) {
	c := newTestCertificateV6(t)
	b := mustCanonical(t, c)
	if !bytes.Contains(b, []byte(testUseScenarioJSON+`,"verify_base"`)) || !bytes.Contains(b, []byte(`"format":"pcf-certificate/6"`)) {
		t.Fatalf("format 6 encoding:\n%s", b)
	}
	checkRoundTrip(t, b, c)
	checkFormatAdds(t, b, 6, testUseScenarioJSON, 5, mustCanonical(t, newTestCertificateV5(t)))

	none := newTestCertificateV6(t)
	none.UseScenario = nil
	nb := mustCanonical(t, none)
	checkRoundTrip(t, nb, none)
	if bytes.Contains(nb, []byte("use_scenario")) {
		t.Errorf("a certificate without a use stage signs a scenario:\n%s", nb)
	}

	checkDecodeRefuses(t, map[string][]byte{
		"format 5 with use_scenario":  bytes.Replace(b, []byte("pcf-certificate/6"), []byte("pcf-certificate/5"), 1),
		"use_scenario null":           bytes.Replace(b, []byte(testUseScenarioJSON), []byte(`,"use_scenario":null`), 1),
		"use_scenario, lifetime 4.0":  bytes.Replace(b, []byte(`"lifetime_years":4}`), []byte(`"lifetime_years":4.0}`), 1),
		"use_scenario, unknown key":   bytes.Replace(b, []byte(`"lifetime_years":4}`), []byte(`"lifetime_years":4,"x":1}`), 1),
		"use_scenario, country cn":    bytes.Replace(b, []byte(`"country":"CN"`), []byte(`"country":"cn"`), 1),
		"use_scenario, lifetime of 0": bytes.Replace(b, []byte(`"lifetime_years":4}`), []byte(`"lifetime_years":0}`), 1),
	})
}

// Ensure Validate holds a format-6 use scenario to the figures the engine
// accepts, and refuses one in an earlier format, whose encoding would drop
// it.
func TestCertificate_ValidateFormat6(t *testing.T) {
	checkValidateRefuses(t, newTestCertificateV6, []certEdit{
		{"ErrFormat5WithScenario", func(c *certification.Certificate) { c.Format = 5 }, "use_scenario"},
		{"ErrNegativeKWh", func(c *certification.Certificate) { c.UseScenario.AnnualKWh = -1 }, "use_scenario.annual_kwh"},
		{"ErrNaNKWh", func(c *certification.Certificate) { c.UseScenario.AnnualKWh = math.NaN() }, "use_scenario.annual_kwh"},
		{"ErrZeroLifetime", func(c *certification.Certificate) { c.UseScenario.LifetimeYears = 0 }, "use_scenario.lifetime_years"},
		{"ErrLongLifetime", func(c *certification.Certificate) { c.UseScenario.LifetimeYears = 101 }, "use_scenario.lifetime_years"},
		{"ErrCountry", func(c *certification.Certificate) { c.UseScenario.Country = "cn" }, "use_scenario.country"},
		{"ErrSubdivision", func(c *certification.Certificate) { c.UseScenario.Country = "CN-51" }, "use_scenario.country"},
		{"ErrFactor", func(c *certification.Certificate) { c.UseScenario.Factor = "" }, "use_scenario.factor"},
		{"ErrRatedCoveringNothing", func(c *certification.Certificate) { c.DQRCoveragePct = 0 }, "dqr_coverage_pct"},
	})
	c := newTestCertificateV6(t)
	c.UseScenario = nil // no use stage
	if err := c.Validate(); err != nil {
		t.Errorf("no use stage: %v", err)
	}
}

// Ensure the signature covers the scenario: a format-6 certificate whose
// lifetime or annual energy is changed in the signed bytes, or which is
// relabelled format 5, does not verify; and DiffCertificates names it.
func TestVerifyCertificate_Format6(t *testing.T) {
	mustSignEdited(t, newTestCertificateV6(t), [][2]string{
		{`"lifetime_years":4}`, `"lifetime_years":40}`},
		{`"annual_kwh":20,`, `"annual_kwh":2,`},
		{`"pcf-certificate/6"`, `"pcf-certificate/5"`},
	})
	a, b := newTestCertificateV6(t), newTestCertificateV6(t)
	b.UseScenario.LifetimeYears = 0.1
	if got, want := certification.DiffCertificates(a, b), []string{"use_scenario"}; !reflect.DeepEqual(got, want) {
		t.Errorf("diff = %v, want %v", got, want)
	}
	b.UseScenario = nil
	if got, want := certification.DiffCertificates(a, b), []string{"use_scenario"}; !reflect.DeepEqual(got, want) {
		t.Errorf("diff without a scenario = %v, want %v", got, want)
	}
}

// Red team 42: the demo laptop's lifetime of 0.1 years instead of 4 halved
// its certified figure (185.45 → 92.03 kgCO2e) with nothing on the
// certificate saying what use it assumed. Ensure NewCertificate issues
// format 6 signing the scenario the result's use stage was computed with
// (the country of use CN when the study names none), and none for a study
// without a use stage.
func TestNewCertificate_Format6UseScenario(t *testing.T) {
	for _, tt := range []struct {
		name   string
		study  string
		mutate func(*footprint.Study)
		want   *certification.CertificateUseScenario
	}{
		{"Laptop", "laptop", nil, &certification.CertificateUseScenario{AnnualKWh: 41.464, LifetimeYears: 4, Country: "CN", Factor: "ELEC-CN-NAT-CF-2024"}},
		{"ShortLifetime", "laptop", func(s *footprint.Study) { s.Product.Use.LifetimeYears = 2.5 },
			&certification.CertificateUseScenario{AnnualKWh: 41.464, LifetimeYears: 2.5, Country: "CN", Factor: "ELEC-CN-NAT-CF-2024"}},
		{"DefaultCountry", "laptop", func(s *footprint.Study) { s.Product.Use.Country = "" },
			&certification.CertificateUseScenario{AnnualKWh: 41.464, LifetimeYears: 4, Country: "CN", Factor: "ELEC-CN-NAT-CF-2024"}},
		{"NoUseStage", "pv-module", nil, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := seedtest.Stored(t, tt.study, "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", tt.mutate)
			c := mustNewCertificate(t, testInput(s, "CDPCF-2026-000009"))
			if c.Format != 7 || !reflect.DeepEqual(c.UseScenario, tt.want) {
				t.Fatalf("format %d, use scenario %+v, want 7 and %+v", c.Format, c.UseScenario, tt.want)
			}
			if has := bytes.Contains(mustCanonical(t, c), []byte(`"use_scenario":`)); has != (tt.want != nil) {
				t.Errorf("use_scenario signed: %v", has)
			}
		})
	}
}

// Ensure the scenario prints in both languages with the figures as
// signed, and not at all when none is signed.
func TestCertificate_PrintedUseScenario(t *testing.T) {
	c := newTestCertificateV6(t)
	zh, en := c.PrintedUseScenario()
	if want := "每年 20 kWh × 4 年，CN 电网（因子 ELEC-CN-NAT-CF-2024）"; zh != want {
		t.Errorf("zh = %q, want %q", zh, want)
	}
	if want := "20 kWh a year × 4 years, grid of CN (factor ELEC-CN-NAT-CF-2024)"; en != want {
		t.Errorf("en = %q, want %q", en, want)
	}
	c.UseScenario.AnnualKWh, c.UseScenario.LifetimeYears = 41.464, 0.1
	if _, en := c.PrintedUseScenario(); en != "41.464 kWh a year × 0.1 years, grid of CN (factor ELEC-CN-NAT-CF-2024)" {
		t.Errorf("en = %q", en)
	}
	c.UseScenario = nil
	if zh, en := c.PrintedUseScenario(); zh != "" || en != "" {
		t.Errorf("no scenario printed %q %q", zh, en)
	}
}

// checkFormatAdds checks that b, a certificate's encoding in format to, is
// prev, the same certificate's in format from, with the bytes key added
// and the format relabelled.
func checkFormatAdds(t *testing.T, b []byte, to int, key string, from int, prev []byte) {
	t.Helper()
	as := bytes.Replace(bytes.Replace(b, []byte(key), nil, 1), []byte(fmt.Sprintf("pcf-certificate/%d", to)), []byte(fmt.Sprintf("pcf-certificate/%d", from)), 1)
	if !bytes.Equal(as, prev) {
		t.Errorf("format %d is not format %d plus %s:\n%s\n%s", to, from, key, as, prev)
	}
}

// checkDecodeRefuses checks that the strict decoder refuses each edited
// encoding with EINVALID.
func checkDecodeRefuses(t *testing.T, edits map[string][]byte) {
	t.Helper()
	for name, edit := range edits {
		if _, err := certification.UnmarshalCanonicalCertificate(edit); footprint.ErrorCode(err) != footprint.EINVALID {
			t.Errorf("%s: err = %v, want EINVALID", name, err)
		}
	}
}

// checkDiffNames checks that DiffCertificates names field, and only it,
// between a and b.
func checkDiffNames(t *testing.T, what string, a, b *certification.Certificate, field string) {
	t.Helper()
	if got := certification.DiffCertificates(a, b); len(got) != 1 || got[0] != field {
		t.Errorf("%s: diff %v, want [%s]", what, got, field)
	}
}
