package certification_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
	"github.com/google/uuid"
)

// The tests of this file check what each certificate format adds, format 2
// to format 8 in order: its canonical bytes, its validation, its
// verification, and what NewCertificate fills in.

// newTestSupplier is a supplier certificate of a fictitious polysilicon
// maker, as a study references it.
func newTestSupplier() certification.CertificateSupplier {
	return certification.CertificateSupplier{
		Ref: "CDPCF-2026-000045", ID: uuid.MustParse("7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d"), Number: "CDPCF-2026-000045",
		Supplier: "Leshan Example Polysilicon Co.", Product: "Solar-grade polysilicon PS-9N", Unit: "kg", KgCO2e: 38.25,
		Boundary: footprint.BoundaryCradleToGate, FactorSet: "2026.1",
		IssuedAt: time.Date(2026, 1, 15, 2, 0, 0, 0, time.UTC), ValidUntil: time.Date(2028, 1, 15, 2, 0, 0, 0, time.UTC),
		PeriodStart: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC),
		ProductCodes: []footprint.ProductCode{{Scheme: "HS", Code: "280461"}}, // silicon, >= 99.99 % Si (HS 2022)
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
		{"ErrFormat", func(c *certification.Certificate) { c.Format = 10 }, "format"},
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
	// The record signs the certificate's product codes (format 9): the
	// recomputed range moves the footprint with the families of its HS
	// codes, as the service's does.
	if len(a.ProductCodes) == 0 || !slices.Equal(a.ProductCodes, b.ProductCodes) {
		t.Fatalf("product codes: from the certificate %v, from the record %v", a.ProductCodes, b.ProductCodes)
	}
	a.Source, b.Source = "", ""
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("from the certificate %+v\nfrom the record %+v", a, b)
	}
	// A record of a list written before format 9 has no product codes: a
	// footprint of unknown codes may hold a rule's required part, with the
	// warning a footprint of the part's codes gives, and moves with every
	// family, as it did.
	rec.ProductCodes = nil
	if b, err = rec.Footprint(); err != nil || b.ProductCodes != nil {
		t.Fatalf("a record of no codes: footprint codes %v, %v", b.ProductCodes, err)
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

// Audit (session 54): the use scenario a certificate prints is the energy
// of one piece of product, and the use stage counts it for every piece of
// the declared unit. Ensure the printed text says whose the energy is when
// the declared unit is not one piece (10 units, 1 m² of displays), with the
// certificate's per-piece words, and is unchanged for one piece however
// its count word is spelled; and that layout 4's text stays as it was.
func TestCertificate_PrintedUseScenarioNamesThePiece(t *testing.T) {
	use := &certification.CertificateUseScenario{AnnualKWh: 41.464, LifetimeYears: 4, Country: "CN", Factor: "ELEC-CN-NAT-CF-2024"}
	const (
		onePieceZH = "每年 41.464 kWh × 4 年，CN 电网（因子 ELEC-CN-NAT-CF-2024）"
		onePieceEN = "41.464 kWh a year × 4 years, grid of CN (factor ELEC-CN-NAT-CF-2024)"
	)
	perUnit := []certification.CertificatePerUnit{{Unit: "piece", LabelZH: "每台", LabelEN: "per unit", KgCO2e: 179}}
	for _, tt := range []struct {
		name   string
		du     certification.CertificateDeclaredUnit
		per    []certification.CertificatePerUnit
		zh, en string
	}{
		{"one piece", certification.CertificateDeclaredUnit{Amount: 1, Unit: "piece", LabelZH: "台", LabelEN: "unit"}, nil, onePieceZH, onePieceEN},
		{"one 台", certification.CertificateDeclaredUnit{Amount: 1, Unit: "台", LabelZH: "台", LabelEN: "unit"}, nil, onePieceZH, onePieceEN},
		{"10 units", certification.CertificateDeclaredUnit{Amount: 10, Unit: "piece", LabelZH: "台", LabelEN: "unit"}, perUnit,
			"每台每年 41.464 kWh × 4 年，CN 电网（因子 ELEC-CN-NAT-CF-2024）", "41.464 kWh a year per unit × 4 years, grid of CN (factor ELEC-CN-NAT-CF-2024)"},
		{"1 m² of displays", certification.CertificateDeclaredUnit{Amount: 1, Unit: "m²", LabelZH: "平方米", LabelEN: "m²"},
			[]certification.CertificatePerUnit{{Unit: "piece", LabelZH: "每台(片)", LabelEN: "per unit", KgCO2e: 90}, {Unit: "m²", LabelZH: "每平方米有效显示面积", LabelEN: "per m² of active area", KgCO2e: 400}},
			"每台(片)每年 41.464 kWh × 4 年，CN 电网（因子 ELEC-CN-NAT-CF-2024）", "41.464 kWh a year per unit × 4 years, grid of CN (factor ELEC-CN-NAT-CF-2024)"},
		{"10 units, no per-piece words", certification.CertificateDeclaredUnit{Amount: 10, Unit: "piece", LabelZH: "台", LabelEN: "unit"}, nil,
			"每件产品每年 41.464 kWh × 4 年，CN 电网（因子 ELEC-CN-NAT-CF-2024）", "41.464 kWh a year per piece of product × 4 years, grid of CN (factor ELEC-CN-NAT-CF-2024)"},
	} {
		c := &certification.Certificate{Format: 6, DeclaredUnit: tt.du, PerUnit: tt.per, UseScenario: use}
		if zh, en := c.PrintedUseScenario(); zh != tt.zh || en != tt.en {
			t.Errorf("%s: printed %q / %q, want %q / %q", tt.name, zh, en, tt.zh, tt.en)
		}
		if zh, en := c.PrintedUseScenarioLayout4(); zh != onePieceZH || en != onePieceEN {
			t.Errorf("%s: layout 4 prints %q / %q, want %q / %q", tt.name, zh, en, onePieceZH, onePieceEN)
		}
	}
	if zh, en := (&certification.Certificate{DeclaredUnit: certification.CertificateDeclaredUnit{Amount: 10, Unit: "piece"}}).PrintedUseScenario(); zh != "" || en != "" {
		t.Errorf("a certificate without a use scenario prints %q / %q", zh, en)
	}
}

// Audit (session 55): the demo laptop's result reports a recycling credit
// of −4.3365 kgCO2e apart from its total, and the certificate signed
// nothing of it: the credit, which the result reports separately and never
// nets, appeared in the study result only. Ensure NewCertificate issues
// format 7 signing the result's credits as they are (the total unchanged,
// not netted), and 0 for a study without any.
func TestAudit_NewCertificateSignsRecyclingCredits(t *testing.T) {
	for _, study := range []string{"laptop", "pv-module"} {
		t.Run(study, func(t *testing.T) {
			s := seedtest.Stored(t, study, "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", nil)
			r := s.Result
			c := mustNewCertificate(t, testInput(s, "CDPCF-2026-000009"))
			if c.Format != 7 || c.CreditsKgCO2e != r.CreditsKgCO2e || c.KgCO2e != r.KgCO2e {
				t.Fatalf("format %d, credits %v, total %v; want 7, %v, %v", c.Format, c.CreditsKgCO2e, c.KgCO2e, r.CreditsKgCO2e, r.KgCO2e)
			}
			t.Logf("%s: credits %v kgCO2e, total %v", study, c.CreditsKgCO2e, c.KgCO2e)
			if study == "laptop" && !(c.CreditsKgCO2e < 0) {
				t.Errorf("the demo laptop's certificate signs credits of %v, want its result's, below 0", c.CreditsKgCO2e)
			}
			b := mustCanonical(t, c)
			if !bytes.Contains(b, []byte(`"credits_kg_co2e":`)) || !bytes.Contains(b, []byte(`"format":"pcf-certificate/7"`)) {
				t.Errorf("format 7 encoding:\n%s", b)
			}
			checkRoundTrip(t, b, c)
		})
	}
}

// Ensure format 7 is format 6 with the key "credits_kg_co2e" after
// "certifier", always present (0 when there are none), and that the strict
// decoder refuses it in format 6, its absence in format 7, and Validate
// refuses credits above 0 or in an earlier format.
func TestCertificate_MarshalCanonical_Format7(t *testing.T) {
	c := newTestCertificateV6(t)
	c.Format, c.CreditsKgCO2e = 7, -4.3365
	b := mustCanonical(t, c)
	const key = `,"credits_kg_co2e":-4.3365`
	if !bytes.Contains(b, []byte(`}`+key+`,"cut_off"`)) || !bytes.Contains(b, []byte(`"format":"pcf-certificate/7"`)) {
		t.Fatalf("format 7 encoding:\n%s", b)
	}
	checkRoundTrip(t, b, c)
	checkFormatAdds(t, b, 7, key, 6, mustCanonical(t, newTestCertificateV6(t)))
	zero := newTestCertificateV6(t)
	zero.Format = 7
	if zb := mustCanonical(t, zero); !bytes.Contains(zb, []byte(`"credits_kg_co2e":0,`)) {
		t.Errorf("format 7 without credits:\n%s", zb)
	}
	checkDecodeRefuses(t, map[string][]byte{
		"format 6 with credits":    bytes.Replace(b, []byte("pcf-certificate/7"), []byte("pcf-certificate/6"), 1),
		"format 7 without credits": bytes.Replace(b, []byte(key), nil, 1),
		"credits null":             bytes.Replace(b, []byte(key), []byte(`,"credits_kg_co2e":null`), 1),
		"credits above 0":          bytes.Replace(b, []byte(key), []byte(`,"credits_kg_co2e":4.3365`), 1),
	})
	for name, edit := range map[string]func(*certification.Certificate){
		"positive": func(c *certification.Certificate) { c.CreditsKgCO2e = 1 },
		"format 6": func(c *certification.Certificate) { c.Format = 6 },
	} {
		t.Run(name, func(t *testing.T) {
			bad := newTestCertificateV6(t)
			bad.Format, bad.CreditsKgCO2e = 7, -4.3365
			edit(bad)
			checkInvalid(t, bad.Validate(), "credits_kg_co2e", "")
		})
	}
}

// Ensure a certificate says how much of its DQR rests on the study's own
// scores (session 51). The demo module with every line rated 1/1/1/1
// prints DQR 1.00 "excellent" over the whole total, on nothing but its own
// word: its certificate is of format 8, signs the share the result gives
// (all of it), and prints it beside the DQR in both languages. The laptop
// so rated rests in part on the factor set (its use stage takes no dq), and
// says that part; an honest study, rated by its factors only, is of format
// 7 and prints as before.
func TestSession51_CertificateSignsSelfRatedShare(t *testing.T) {
	for _, study := range []string{"pv-module", "laptop"} {
		t.Run(study, func(t *testing.T) {
			s := seedtest.Stored(t, study, "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", footprinttest.RateEveryLine)
			r := s.Result
			if !(r.DQR > 0 && r.DQRSelfRatedPct > 0 && r.DQRSelfRatedPct <= 100) {
				t.Fatalf("result: DQR %v, self-rated %v %%, want a DQR with a share from 0 to 100 %% rated by the study", r.DQR, r.DQRSelfRatedPct)
			}
			c := mustNewCertificate(t, testInput(s, "CDPCF-2026-000051"))
			if c.Format != 8 || c.DQRSelfRatedPct != r.DQRSelfRatedPct || c.DQR != r.DQR {
				t.Fatalf("format %d, DQR %v, self-rated %v %%; want 8, %v, %v %%", c.Format, c.DQR, c.DQRSelfRatedPct, r.DQR, r.DQRSelfRatedPct)
			}
			zh, en := certification.DQRSelfRatedText(r.DQRSelfRatedPct)
			printed := c.PrintedDQR()
			if !strings.Contains(printed, zh+" / "+en) || strings.Index(printed, zh) < strings.Index(printed, "DQR ") {
				t.Errorf("printed DQR %q does not say, after the DQR, %q / %q", printed, zh, en)
			}
			t.Logf("%s: %s", study, printed)
			b, err := c.MarshalCanonical()
			if err != nil {
				t.Fatal(err)
			}
			if want := `"dqr_self_rated_pct":` + strconv.FormatFloat(r.DQRSelfRatedPct, 'g', -1, 64); !bytes.Contains(b, []byte(want)) || !bytes.Contains(b, []byte(`"format":"pcf-certificate/8"`)) {
				t.Errorf("canonical encoding lacks %s or the format-8 tag: %s", want, b)
			}
			back, err := certification.UnmarshalCanonicalCertificate(b)
			if err != nil || back.DQRSelfRatedPct != c.DQRSelfRatedPct || back.Format != 8 {
				t.Errorf("decoded: %v, %+v", err, back)
			}

			honest := seedtest.Stored(t, study, "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", nil)
			hc := mustNewCertificate(t, testInput(honest, "CDPCF-2026-000052"))
			if hc.Format != 7 || hc.DQRSelfRatedPct != 0 || honest.Result.DQRSelfRatedPct != 0 || strings.Contains(hc.PrintedDQR(), "自评") {
				t.Errorf("honest %s: format %d, self-rated %v %% (result %v %%), printed %q; want 7, 0, nothing said", study, hc.Format, hc.DQRSelfRatedPct, honest.Result.DQRSelfRatedPct, hc.PrintedDQR())
			}
		})
	}
}

// Ensure the demo module rated by its own scores on all its lines rests
// its whole DQR on them, and the laptop exactly on all but its use stage,
// which no dq rates: the share is the rated weight of the lines the study
// scored over the DQR's, computed here from the result's own leaves.
func TestSession51_SelfRatedShareIsTheScoredLinesWeight(t *testing.T) {
	pv := seedtest.Stored(t, "pv-module", "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", footprinttest.RateEveryLine).Result
	if pv.DQRSelfRatedPct != 100 || footprint.DQRLevel(pv.DQR) != "excellent" {
		t.Errorf("demo module rated 1/1/1/1: DQR %v (%s), self-rated %v %%, want excellent on 100 %% self-rated", pv.DQR, footprint.DQRLevel(pv.DQR), pv.DQRSelfRatedPct)
	}
	lt := seedtest.Stored(t, "laptop", "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", footprinttest.RateEveryLine).Result
	i := slices.IndexFunc(lt.Lines, func(c *footprint.Contribution) bool { return c.Kind == footprint.ContribUse })
	if i < 0 || !(lt.Lines[i].DQR > 0) {
		t.Fatalf("the laptop has no rated use stage: %+v", lt.Lines)
	}
	// Every rated line but the use stage is the study's: the use stage's
	// share of the rated weight is what is not.
	want := 100 - lt.Lines[i].SharePct/lt.DQRCoveragePct*100
	if d := lt.DQRSelfRatedPct - want; d > 1e-6 || d < -1e-6 {
		t.Errorf("laptop: self-rated %v %%, want %v %% (all but the use stage's %v %% of the total, of %v %% rated)", lt.DQRSelfRatedPct, want, lt.Lines[i].SharePct, lt.DQRCoveragePct)
	}
	t.Logf("demo module DQR %.4g, self-rated %v %%; laptop DQR %.4g, self-rated %.4g %%", pv.DQR, pv.DQRSelfRatedPct, lt.DQR, lt.DQRSelfRatedPct)
}

// Ensure a format-8 signature covers the self-rated share: a certificate
// whose share was lowered (to pass its DQR off as the set's) does not
// verify, and DiffCertificates names the field.
func TestSession51_SelfRatedShareIsSigned(t *testing.T) {
	s := seedtest.Stored(t, "pv-module", "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", footprinttest.RateEveryLine)
	c := mustNewCertificate(t, testInput(s, "CDPCF-2026-000053"))
	was := `"dqr_self_rated_pct":` + strconv.FormatFloat(c.DQRSelfRatedPct, 'g', -1, 64)
	mustSignEdited(t, c, [][2]string{{was, `"dqr_self_rated_pct":0.5`}})
	other := *c
	other.DQRSelfRatedPct = 0.5
	if got := certification.DiffCertificates(c, &other); !slices.Equal(got, []string{"dqr_self_rated_pct"}) {
		t.Errorf("DiffCertificates = %v, want [dqr_self_rated_pct]", got)
	}
}

// Ensure Validate keeps the self-rated share where its format has it:
// from 0 to 100 %, of a DQR, in format 8 only, and always in format 8.
func TestSession51_ValidateSelfRatedShare(t *testing.T) {
	newCert := func(tb testing.TB) *certification.Certificate {
		s := seedtest.Stored(t, "pv-module", "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", footprinttest.RateEveryLine)
		return mustNewCertificate(tb, testInput(s, "CDPCF-2026-000054"))
	}
	checkValidateRefuses(t, newCert, []certEdit{
		{"ErrAbove100", func(c *certification.Certificate) { c.DQRSelfRatedPct = 100.5 }, "dqr_self_rated_pct"},
		{"ErrNegative", func(c *certification.Certificate) { c.DQRSelfRatedPct = -1 }, "dqr_self_rated_pct"},
		{"ErrFormat7", func(c *certification.Certificate) { c.Format = 7 }, "dqr_self_rated_pct"},
		{"ErrFormat8WithNone", func(c *certification.Certificate) { c.DQRSelfRatedPct = 0 }, "dqr_self_rated_pct"},
		{"ErrWithoutDQR", func(c *certification.Certificate) { c.DQR, c.DQRCoveragePct = 0, 0 }, "dqr_self_rated_pct"},
	})
}

// Ensure the printed share never reads smaller than signed, nor all of the
// DQR when part of it is the set's.
func TestSession51_FormatDQRSelfRatedPct(t *testing.T) {
	for _, tt := range []struct {
		pct  float64
		want string
	}{
		{100, "100 %"}, {45.61, "45.7 %"}, {99.97, "99.97 %"}, {99.9999, "99.9999 %"}, {0.01234, "0.0124 %"}, {12.3, "12.3 %"}, {0, "0 %"},
	} {
		if got := certification.FormatDQRSelfRatedPct(tt.pct); got != tt.want {
			t.Errorf("FormatDQRSelfRatedPct(%v) = %q, want %q", tt.pct, got, tt.want)
		}
	}
}
