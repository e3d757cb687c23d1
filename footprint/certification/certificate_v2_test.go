package certification_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/google/uuid"
)

// newTestSupplier is a supplier certificate of a fictitious polysilicon
// maker, as a study references it.
func newTestSupplier() certification.CertificateSupplier {
	return certification.CertificateSupplier{
		Ref: "CDPCF-2026-000045", ID: uuid.MustParse("7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d"), Number: "CDPCF-2026-000045",
		Supplier: "Leshan Example Polysilicon Co.", Product: "Solar-grade polysilicon PS-9N", Unit: "kg", KgCO2e: 38.25,
		Boundary: footprint.BoundaryCradleToGate, FactorSet: "2026.1",
		IssuedAt: time.Date(2026, 1, 15, 2, 0, 0, 0, time.UTC), ValidUntil: time.Date(2028, 1, 15, 2, 0, 0, 0, time.UTC),
		PeriodStart: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC),
	}
}

// newTestCertificateV2 returns newTestCertificate in format 2, with every
// format-2 field set: a revision that supersedes another, the study,
// factor-set and suppliers digests, a Monte Carlo range, a cut-off and a
// stage not applicable. Its figures are test data for a fictitious
// product.
func newTestCertificateV2(tb testing.TB) *certification.Certificate {
	tb.Helper()
	c := newTestCertificate(tb)
	c.Format = 2
	c.Revision, c.Supersedes, c.SupersedesNumber = 2, uuid.MustParse("1d2c3b4a-5e6f-4a1b-9c8d-7e6f5a4b3c2d"), "CDPCF-2026-000122"
	c.StudyDigest, c.FactorSetDigest, c.SuppliersDigest = strings.Repeat("12", 32), strings.Repeat("34", 32), strings.Repeat("56", 32)
	c.Uncertainty = &certification.CertificateUncertainty{Method: "monte-carlo-lognormal", Runs: 1000, LowPercentile: 2.5, HighPercentile: 97.5,
		LowKgCO2e: 470.25, MedianKgCO2e: 511.5, HighKgCO2e: 560.75}
	c.CutOff = certification.CertificateCutOff{Basis: certification.CutOffEmissions, SharePct: 0.82, LimitPct: 1, Items: 2}
	c.NotApplicable = []certification.CertificateNotApplicable{{Code: "A4", NameZH: "安装", NameEN: "Installation", Reason: "sold uninstalled; installation is the buyer's"}}
	return c
}

// Ensure format 2 encodes every field it adds, in sorted keys, round-trips,
// and keeps every format-1 key with the same value.
func TestCertificate_MarshalCanonical_Format2(t *testing.T) {
	c := newTestCertificateV2(t)
	b := mustCanonical(t, c)
	for _, want := range []string{`"format":"pcf-certificate/2"`, `"supersedes_number":"CDPCF-2026-000122"`,
		`"study_digest":"` + c.StudyDigest + `"`, `"factor_set_digest":"` + c.FactorSetDigest + `"`,
		`"suppliers_digest":"` + c.SuppliersDigest + `"`,
		`"uncertainty":{"high_kg_co2e":560.75,"high_percentile":97.5,"low_kg_co2e":470.25,"low_percentile":2.5,"median_kg_co2e":511.5,"method":"monte-carlo-lognormal","runs":1000}`,
		`"cut_off":{"basis":"emissions","items":2,"limit_pct":1,"share_pct":0.82}`,
		`"not_applicable":[{"code":"A4","name_en":"Installation","name_zh":"安装","reason":"sold uninstalled; installation is the buyer's"}]`,
	} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("encoding lacks %s:\n%s", want, b)
		}
	}
	assertSortedKeys(t, b)
	checkRoundTrip(t, b, c)

	// Format 2 is format 1 plus keys: every format-1 key keeps its value.
	v1 := newTestCertificate(t)
	v1.Revision, v1.Supersedes = c.Revision, c.Supersedes
	b1 := mustCanonical(t, v1)
	var m1, m2 map[string]json.RawMessage
	if err := json.Unmarshal(b1, &m1); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &m2); err != nil {
		t.Fatal(err)
	}
	for k, v := range m1 {
		if k != "format" && !bytes.Equal(m2[k], v) {
			t.Errorf("%s: format 2 has %s, format 1 %s", k, m2[k], v)
		}
	}
	if len(m2)-len(m1) != 7 {
		t.Errorf("format 2 has %d keys, format 1 %d: want 7 more", len(m2), len(m1))
	}

	// No range: "uncertainty":null; a first issue: "supersedes_number":"".
	c.Uncertainty, c.Revision, c.Supersedes, c.SupersedesNumber = nil, 1, uuid.Nil, ""
	c.NotApplicable, c.CutOff = nil, certification.CertificateCutOff{LimitPct: 1}
	b = mustCanonical(t, c)
	for _, want := range []string{`"uncertainty":null`, `"supersedes_number":""`, `"not_applicable":[]`, `"cut_off":{"basis":"","items":0,"limit_pct":1,"share_pct":0}`} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("encoding lacks %s:\n%s", want, b)
		}
	}
	if got, err := certification.UnmarshalCanonicalCertificate(b); err != nil || !reflect.DeepEqual(got, c) {
		t.Fatalf("round trip without range: %v\n got %+v\nwant %+v", err, got, c)
	}
}

// Ensure a certificate issued in format 1 (before format 2 existed) still
// decodes, re-encodes to the bytes that were signed and verifies with the
// keys of the server that issued it.
func TestCertificate_Format1AsIssued(t *testing.T) {
	env := footprinttest.ReadFile(t, "testdata/format1/signed-certificate.json")
	jwks := footprinttest.ReadFile(t, "testdata/format1/keys.json")
	sc, err := certification.ParseSignedCertificate(env)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(sc.Content, []byte(`"format":"pcf-certificate/1"`)) || sc.Certificate.Format != 0 {
		t.Fatalf("not a format-1 certificate: format %d", sc.Certificate.Format)
	}
	again, err := sc.Certificate.MarshalCanonical()
	if err != nil || !bytes.Equal(again, sc.Content) {
		t.Fatalf("re-encoding differs from the signed bytes (%v):\n%s\n%s", err, again, sc.Content)
	}
	keys, err := certification.ParsePublicKeysJWKS(jwks)
	if err != nil {
		t.Fatal(err)
	}
	if err := certification.VerifyCertificate(sc, keys); err != nil {
		t.Fatalf("format-1 certificate no longer verifies: %v", err)
	}
	// Dressed as format 2 it is not what was signed.
	forged := bytes.Replace(env, []byte(`pcf-certificate/1`), []byte(`pcf-certificate/2`), 1)
	if _, err := certification.ParseSignedCertificate(forged); footprint.ErrorCode(err) != footprint.EINVALID {
		t.Fatalf("format-1 content tagged format 2: err=%v, want EINVALID", err)
	}
}

// Ensure the decoder takes format 2 only in canonical form: every key it
// adds present, none of them in format 1.
func TestUnmarshalCanonicalCertificate_Format2Strict(t *testing.T) {
	good := mustCanonical(t, newTestCertificateV2(t))
	v1 := mustCanonical(t, newTestCertificate(t))
	for _, tt := range []struct {
		name string
		b    []byte
		want string
	}{
		{"MissingKey", bytes.Replace(good, []byte(`"study_digest":"`+strings.Repeat("12", 32)+`",`), nil, 1), "study_digest"},
		{"MissingList", bytes.Replace(good, []byte(`"not_applicable":[{"code":"A4","name_en":"Installation","name_zh":"安装","reason":"sold uninstalled; installation is the buyer's"}],`), nil, 1), "not in canonical form"},
		{"UncertaintyMissing", regexp.MustCompile(`,"uncertainty":\{[^}]*\}`).ReplaceAll(good, nil), "not in canonical form"},
		{"Format1WithFormat2Key", bytes.Replace(v1, []byte(`"study_id"`), []byte(`"study_digest":"`+strings.Repeat("12", 32)+`","study_id"`), 1), "not in canonical form"},
		{"Format1WithNullUncertainty", bytes.Replace(v1, []byte(`,"supersedes":""`), []byte(`,"supersedes":"","uncertainty":null`), 1), "not in canonical form"},
		{"UnknownKey", bytes.Replace(good, []byte(`"cut_off":{`), []byte(`"cut_off":{"extra":1,`), 1), "unknown field"},
		{"SuppliersInPlain", bytes.Replace(good, []byte(`"suppliers_digest"`), []byte(`"suppliers":[],"suppliers_digest"`), 1), "unknown field"},
		{"SupersedesNumberForFirstIssue", bytes.Replace(bytes.Replace(good, []byte(`"revision":2`), []byte(`"revision":1`), 1),
			[]byte(`"supersedes":"1d2c3b4a-5e6f-4a1b-9c8d-7e6f5a4b3c2d"`), []byte(`"supersedes":""`), 1), "a first issue supersedes no certificate"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if bytes.Equal(tt.b, good) || bytes.Equal(tt.b, v1) {
				t.Fatal("the edit changed nothing")
			}
			checkUnmarshalInvalid(t, tt.b, tt.want)
		})
	}
}

// Ensure Validate checks every format-2 field, naming it, and refuses
// format-2 content on a format-1 certificate (its encoding would drop it).
func TestCertificate_ValidateFormat2(t *testing.T) {
	checkValidateRefuses(t, newTestCertificateV2, []certEdit{
		{"ErrFormat", func(c *certification.Certificate) { c.Format = 9 }, "format"},
		{"ErrFormat1WithDigest", func(c *certification.Certificate) { c.Format = 0; c.SupersedesNumber = "" }, "study_digest"},
		{"ErrFormat1WithRange", func(c *certification.Certificate) {
			c.Format, c.SupersedesNumber, c.StudyDigest, c.FactorSetDigest, c.SuppliersDigest = 0, "", "", "", ""
		}, "uncertainty"},
		{"ErrSupersedesNumber", func(c *certification.Certificate) { c.SupersedesNumber = "" }, "supersedes_number"},
		{"ErrSupersedesOwnNumber", func(c *certification.Certificate) { c.SupersedesNumber = c.Number }, "supersedes_number"},
		{"ErrFirstIssueSupersedesNumber", func(c *certification.Certificate) { c.Revision, c.Supersedes = 1, uuid.Nil }, "supersedes_number"},
		{"ErrStudyDigest", func(c *certification.Certificate) { c.StudyDigest = strings.Repeat("AB", 32) }, "study_digest"},
		{"ErrFactorSetDigest", func(c *certification.Certificate) { c.FactorSetDigest = "" }, "factor_set_digest"},
		{"ErrSuppliersDigest", func(c *certification.Certificate) { c.SuppliersDigest = "56" }, "suppliers_digest"},
		{"ErrRangeOrder", func(c *certification.Certificate) { c.Uncertainty.LowKgCO2e = 600 }, "uncertainty"},
		{"ErrRangePercentile", func(c *certification.Certificate) { c.Uncertainty.LowPercentile = 60 }, "uncertainty.low_percentile"},
		{"ErrRangeRuns", func(c *certification.Certificate) { c.Uncertainty.Runs = 0 }, "uncertainty.runs"},
		{"ErrCutOffBasis", func(c *certification.Certificate) { c.CutOff.Basis = "volume" }, "cut_off.basis"},
		{"ErrCutOffShare", func(c *certification.Certificate) { c.CutOff.SharePct = 101 }, "cut_off.share_pct"},
		{"ErrCutOffItemsWithoutBasis", func(c *certification.Certificate) { c.CutOff.Basis = "" }, "cut_off.basis"},
		{"ErrNotApplicableReason", func(c *certification.Certificate) { c.NotApplicable[0].Reason = "" }, "not_applicable[0].reason"},
		{"ErrNotApplicableControl", func(c *certification.Certificate) { c.NotApplicable[0].Reason = "a\nb" }, "not_applicable[0].reason"},
		{"ErrNotApplicableTwice", func(c *certification.Certificate) { c.NotApplicable = append(c.NotApplicable, c.NotApplicable[0]) }, "not_applicable[1].code"},
	})
}

// Ensure a format-2 signature covers the fields format 2 adds: changing
// any of them in the signed bytes breaks it, and DiffCertificates names it.
func TestVerifyCertificate_Format2(t *testing.T) {
	sc, _ := mustSignEdited(t, newTestCertificateV2(t), [][2]string{
		{`"study_digest":"1212`, `"study_digest":"1213`},
		{`"factor_set_digest":"3434`, `"factor_set_digest":"3435`},
		{`"suppliers_digest":"5656`, `"suppliers_digest":"5657`},
		{`"high_kg_co2e":560.75`, `"high_kg_co2e":530.75`},
		{`"share_pct":0.82`, `"share_pct":0.12`},
		{`"reason":"sold uninstalled`, `"reason":"not sold uninstalled`},
		{`"supersedes_number":"CDPCF-2026-000122"`, `"supersedes_number":"CDPCF-2026-000121"`},
	})
	shown := newTestCertificateV2(t)
	shown.SuppliersDigest = strings.Repeat("78", 32)
	shown.Uncertainty.HighKgCO2e = 530
	if got, want := certification.DiffCertificates(shown, sc.Certificate), []string{"suppliers_digest", "uncertainty"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("diff=%v, want %v", got, want)
	}
}

// Ensure NewCertificate writes format 2: the digest of the study document
// as stored, the factor set's digest, the suppliers, the superseded
// certificate's number, the Monte Carlo range with its percentiles, the
// cut-off and the stages not applicable.
func TestNewCertificate_Format2(t *testing.T) {
	s := mustDemoStudy(t)
	r := s.Result
	in := testInput(s, "CDPCF-2026-000009")
	in.Revision, in.Supersedes, in.SupersedesNumber = 2, uuid.MustParse("1b6c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3"), "CDPCF-2026-000007"
	c := mustNewCertificate(t, in)
	doc, err := footprint.MarshalStudyJSON(s)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(doc)
	if c.Format != 7 || c.StudyDigest != hex.EncodeToString(sum[:]) || c.FactorSetDigest != in.FactorSetDigest || c.SupersedesNumber != "CDPCF-2026-000007" {
		t.Fatalf("format %d, study digest %s (want %x), set digest %s, supersedes %s", c.Format, c.StudyDigest, sum, c.FactorSetDigest, c.SupersedesNumber)
	}
	if r.Uncertainty.Runs == 0 {
		t.Fatal("the demo result has no Monte Carlo range")
	}
	want := &certification.CertificateUncertainty{Method: r.Uncertainty.Method, Runs: r.Uncertainty.Runs, LowPercentile: 2.5, HighPercentile: 97.5,
		LowKgCO2e: r.Uncertainty.LowKgCO2e, MedianKgCO2e: r.Uncertainty.MedianKgCO2e, HighKgCO2e: r.Uncertainty.HighKgCO2e}
	if !reflect.DeepEqual(c.Uncertainty, want) {
		t.Errorf("uncertainty %+v, want %+v", c.Uncertainty, want)
	}
	// The demo study exempts two lines, screened: the share is of emissions.
	if co := c.CutOff; co.Basis != certification.CutOffEmissions || co.SharePct != r.ExemptedPct || co.LimitPct != r.CutOffLimitPct || co.Items != len(r.Exempted) || co.Items != 2 {
		t.Errorf("cut-off %+v, result basis %s share %g limit %g items %d", co, r.ExemptedBasis, r.ExemptedPct, r.CutOffLimitPct, len(r.Exempted))
	}
	// The document given is what is hashed, byte for byte.
	in.StudyDocument = append(bytes.Clone(doc), ' ')
	if c2, err := certification.NewCertificate(in); err != nil || c2.StudyDigest == c.StudyDigest || c2.StudyDigest != certification.StudyDigest(in.StudyDocument) {
		t.Fatalf("study digest of the document given: %v %s", err, c2.StudyDigest)
	}
	in.StudyDocument = nil

	// Stages declared not applicable come with their reasons.
	res := *r
	res.NotApplicable = []footprint.NotApplicableStage{{Code: "A4", NameZH: "安装", NameEN: "Installation", Reason: "sold uninstalled"}}
	st := *s
	st.Result = &res
	in.Study = &st
	c = mustNewCertificate(t, in)
	if want := []certification.CertificateNotApplicable{{Code: "A4", NameZH: "安装", NameEN: "Installation", Reason: "sold uninstalled"}}; !reflect.DeepEqual(c.NotApplicable, want) {
		t.Errorf("not applicable %+v, want %+v", c.NotApplicable, want)
	}
}

// Ensure NewCertificate requires the supplier certificates the study
// references, each giving the footprint the result used.
func TestNewCertificate_Suppliers(t *testing.T) {
	s := mustDemoStudy(t)
	sup := newTestSupplier()
	ref := sup.Ref
	// The study's first BOM line comes from the supplier, and the result
	// used its footprint.
	st := *s
	st.BOM = append([]*footprint.BOMLine(nil), s.BOM...)
	line := *st.BOM[0]
	line.Supplier = ref
	st.BOM[0] = &line
	res := *s.Result
	res.Suppliers = []*footprint.SupplierUse{{ID: ref, KgCO2e: sup.KgCO2e, Unit: sup.Unit}}
	st.Result = &res
	in := mustSupplierCertificate(t, &st, sup)
	sf, err := sup.Footprint()
	if err != nil || sf.ID != ref || sf.KgCO2e != sup.KgCO2e || sf.DeclaredUnit.Symbol != "kg" || sf.Period.End != sup.PeriodEnd || sf.ValidUntil != sup.ValidUntil {
		t.Fatalf("footprint %+v, %v", sf, err)
	}
	checkSuppliersRefused(t, in, []inputEdit{
		{"Missing", func(in *certification.CertificateInput) { in.Suppliers = nil }},
		{"OtherValue", func(in *certification.CertificateInput) {
			in.Suppliers = []certification.CertificateSupplier{sup}
			in.Suppliers[0].KgCO2e = 40
		}},
		{"OtherRef", func(in *certification.CertificateInput) {
			in.Suppliers = []certification.CertificateSupplier{sup}
			in.Suppliers[0].Ref = in.Suppliers[0].ID.String()
		}},
		{"Invalid", func(in *certification.CertificateInput) {
			in.Suppliers = []certification.CertificateSupplier{sup}
			in.Suppliers[0].Number = "45"
		}},
	})
}

// mustSuppliersJSON returns the encoding of a supplier list (MarshalSuppliers),
// checking that its keys are sorted and that, indented, it reads back as
// the list.
func mustSuppliersJSON(t *testing.T, list []certification.CertificateSupplier) []byte {
	t.Helper()
	b, err := certification.MarshalSuppliers(list)
	if err != nil {
		t.Fatal(err)
	}
	assertSortedKeys(t, b)
	var indented bytes.Buffer
	if err := json.Indent(&indented, b, "", "  "); err != nil {
		t.Fatal(err)
	}
	back, err := certification.ParseSuppliers(indented.Bytes())
	if err != nil || !reflect.DeepEqual(back, list) {
		t.Fatalf("round trip: %v\n got %+v\nwant %+v", err, back, list)
	}
	return b
}

// Ensure the footprint a supplier certificate gives is the same whether it
// is read from the certificate (as a study is calculated) or from what a
// downstream certificate recorded of it (as a verifier recomputes).
func TestCertificateSupplierFootprint(t *testing.T) {
	up := newTestCertificate(t)
	up.DeclaredUnit = certification.CertificateDeclaredUnit{Amount: 10, Unit: "kg", LabelZH: "千克", LabelEN: "kg"}
	rec := certification.NewCertificateSupplier(up.Number, up)
	a, err := certification.CertificateSupplierFootprint(up.Number, up, "cd8fa86afd6bf20d")
	if err != nil {
		t.Fatal(err)
	}
	b, err := rec.Footprint()
	if err != nil {
		t.Fatal(err)
	}
	if a.KgCO2e != 51.2 || a.DeclaredUnit.Symbol != "kg" || a.Period.Start != up.PeriodStart || a.ValidUntil != up.ExpiresAt {
		t.Fatalf("footprint %+v", a)
	}
	// The record has no product codes: a footprint of unknown codes may
	// hold a rule's required part, with the warning a footprint of the
	// part's codes gives, so the recomputed result is the same.
	if len(a.ProductCodes) == 0 || b.ProductCodes != nil {
		t.Fatalf("product codes: from the certificate %v, from the record %v", a.ProductCodes, b.ProductCodes)
	}
	a.Source, b.Source, a.ProductCodes = "", "", nil
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("from the certificate %+v\nfrom the record %+v", a, b)
	}
}

// Ensure the supplier commitment is salted with the study document (a
// guess of the list cannot be tested without the study), changes with any
// supplier detail, and that the list a holder discloses round-trips.
func TestSuppliersDigest(t *testing.T) {
	sup := newTestSupplier()
	other := sup
	other.Ref, other.Number, other.ID = "CDPCF-2026-000046", "CDPCF-2026-000046", uuid.MustParse("8a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d")
	list := []certification.CertificateSupplier{sup, other}
	doc := []byte("{\"format\":\"pcf-study/1\",\"id\":\"6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21\"}\n")
	d, err := certification.SuppliersDigest(doc, list)
	if err != nil || len(d) != 64 {
		t.Fatalf("digest %q, %v", d, err)
	}
	if again, _ := certification.SuppliersDigest(doc, list); again != d {
		t.Fatal("the digest is not deterministic")
	}
	edited := slices.Clone(list)
	edited[1].KgCO2e = 38.26
	for name, got := range map[string]func() (string, error){
		"another study": func() (string, error) { return certification.SuppliersDigest(append(bytes.Clone(doc), ' '), list) },
		"another value": func() (string, error) { return certification.SuppliersDigest(doc, edited) },
		"one supplier":  func() (string, error) { return certification.SuppliersDigest(doc, list[:1]) },
		"none":          func() (string, error) { return certification.SuppliersDigest(doc, nil) },
	} {
		if g, err := got(); err != nil || g == d {
			t.Errorf("%s: digest %s (%v), want another than %s", name, g, err, d)
		}
	}
	// Unsalted, the list's hash would be found by trying the public
	// certificates: the commitment is not the hash of the list.
	b := mustSuppliersJSON(t, list)
	if plain := sha256.Sum256(b); hex.EncodeToString(plain[:]) == d {
		t.Fatal("the commitment is the plain hash of the list")
	}
	if !bytes.HasPrefix(b, []byte(`{"format":"pcf-certificate-suppliers/1","suppliers":[{"boundary":"cradle-to-gate",`)) {
		t.Fatalf("encoding %s", b)
	}
	for _, tt := range []struct {
		name  string
		edit  func([]certification.CertificateSupplier)
		field string
	}{
		{"ErrNumber", func(l []certification.CertificateSupplier) { l[0].Number = "45" }, "suppliers[0].number"},
		{"ErrRef", func(l []certification.CertificateSupplier) { l[0].Ref = "CDPCF-2026-000047" }, "suppliers[0].ref"},
		{"ErrID", func(l []certification.CertificateSupplier) { l[0].ID = uuid.Nil }, "suppliers[0].id"},
		{"ErrUnit", func(l []certification.CertificateSupplier) { l[0].Unit = "bushel" }, "suppliers[0].unit"},
		{"ErrNegative", func(l []certification.CertificateSupplier) { l[0].KgCO2e = -1 }, "suppliers[0].kg_co2e"},
		{"ErrValidity", func(l []certification.CertificateSupplier) { l[0].ValidUntil = l[0].IssuedAt }, "suppliers[0].valid_until"},
		{"ErrOrder", func(l []certification.CertificateSupplier) { l[0], l[1] = l[1], l[0] }, "suppliers[1].ref"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := slices.Clone(list)
			tt.edit(l)
			_, err := certification.SuppliersDigest(doc, l)
			if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.field {
				t.Fatalf("err=%v (field %q), want EINVALID on %s", err, footprint.ErrorField(err), tt.field)
			}
		})
	}
	for name, bad := range map[string][]byte{
		"format":  bytes.Replace(b, []byte("suppliers/1"), []byte("suppliers/9"), 1),
		"id":      bytes.Replace(b, []byte(`"id":"7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d"`), []byte(`"id":"7a8b9c0d"`), 1),
		"time":    bytes.Replace(b, []byte(`"2026-01-15T02:00:00Z"`), []byte(`"2026-01-15"`), 1),
		"unknown": bytes.Replace(b, []byte(`{"boundary"`), []byte(`{"extra":1,"boundary"`), 1),
	} {
		if _, err := certification.ParseSuppliers(bad); footprint.ErrorCode(err) != footprint.EINVALID {
			t.Errorf("%s: err=%v, want EINVALID", name, err)
		}
	}
}

// Ensure a supplier certificate's footprint is of the certified product.
func TestRedteam5_CertificateSupplierProductCodes(t *testing.T) {
	c := newTestCertificate(t)
	sf, err := certification.CertificateSupplierFootprint("cert:"+c.Number, c, "k1")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sf.ProductCodes, c.Product.Codes; !slices.Equal(got, want) || len(want) == 0 {
		t.Fatalf("ProductCodes=%v, want the certificate's %v", got, want)
	}
}

// Ensure a supplier list records a supplier certificate's signed range and
// DQR (red team 33), reading them back as written, and leaves them out when
// 0, so that a list written before reads, and encodes, as it did; a range
// below the supplier default or a DQR off the PEF scale is refused.
func TestCertificateSupplier_RangeAndDQR(t *testing.T) {
	up := newTestCertificate(t)
	up.DQR = 2.18
	up.Uncertainty = &certification.CertificateUncertainty{Method: "monte-carlo-lhs-lognormal", Runs: 1000,
		LowPercentile: 2.5, HighPercentile: 97.5, LowKgCO2e: up.KgCO2e / 2, MedianKgCO2e: up.KgCO2e, HighKgCO2e: up.KgCO2e * 2}
	s := certification.NewCertificateSupplier(up.Number, up)
	if math.Abs(s.UncertaintyPct-100) > 1e-9 || s.DQR != 2.18 {
		t.Fatalf("supplier entry: ±%v %%, DQR %v; want ±100 %% and 2.18", s.UncertaintyPct, s.DQR)
	}
	b := mustSuppliersJSON(t, []certification.CertificateSupplier{s})
	if !bytes.Contains(b, []byte(`"dqr":2.18`)) || !bytes.Contains(b, []byte(`"uncertainty_pct":100`)) {
		t.Errorf("list %s", b)
	}
	sf, err := s.Footprint()
	if err != nil || sf.UncertaintyPct != s.UncertaintyPct || sf.Quality.DQR() != 2.25 {
		t.Errorf("footprint: ±%v %%, DQR %v, %v; want the range and 2.25 (2.18 rounded up to a quarter)", sf.UncertaintyPct, sf.Quality.DQR(), err)
	}
	old := s
	old.UncertaintyPct, old.DQR = 0, 0
	if b := mustSuppliersJSON(t, []certification.CertificateSupplier{old}); bytes.Contains(b, []byte("dqr")) || bytes.Contains(b, []byte("uncertainty")) {
		t.Errorf("a list of before: %s", b)
	}
	for _, bad := range []certification.CertificateSupplier{func() certification.CertificateSupplier { x := s; x.UncertaintyPct = 5; return x }(),
		func() certification.CertificateSupplier { x := s; x.DQR = 6; return x }()} {
		if _, err := certification.MarshalSuppliers([]certification.CertificateSupplier{bad}); footprint.ErrorCode(err) != footprint.EINVALID {
			t.Errorf("±%v %%, DQR %v: %v", bad.UncertaintyPct, bad.DQR, err)
		}
	}
}
