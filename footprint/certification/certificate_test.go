package certification_test

import (
	"bytes"
	"encoding/json"
	"reflect"
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

// newTestCertificate returns a valid certificate of an illustrative PV
// module (footprinttest.Certificate).
func newTestCertificate(tb testing.TB) *certification.Certificate {
	tb.Helper()
	return footprinttest.Certificate()
}

// Ensure the canonical encoding is deterministic, has sorted keys and no
// whitespace, and round-trips to an equal certificate.
func TestCertificate_MarshalCanonical(t *testing.T) {
	// Ensure the same certificate always encodes to the same bytes.
	c := newTestCertificate(t)
	b1 := mustCanonical(t, c)
	b2 := mustCanonical(t, newTestCertificate(t))
	if !bytes.Equal(b1, b2) {
		t.Fatalf("two encodings differ:\n%s\n%s", b1, b2)
	}
	if bytes.ContainsAny(b1, "\n\t") || bytes.Contains(b1, []byte(`": `)) {
		t.Fatalf("canonical encoding has whitespace: %s", b1)
	}
	for _, want := range []string{`"format":"pcf-certificate/1"`, `"kg_co2e":512,`, `"issued_at":"2026-03-02T08:30:00Z"`,
		`"period_start":"2025-01-01"`, `"biogenic_kg_co2e":null`, `"supersedes":""`, `"codes":["HS:854143"]`, `"unit":"m²"`} {
		if !bytes.Contains(b1, []byte(want)) {
			t.Errorf("encoding lacks %s:\n%s", want, b1)
		}
	}
	assertSortedKeys(t, b1)

	checkRoundTrip(t, b1, c)
}

// mustCanonical returns the canonical encoding of c.
func mustCanonical(t *testing.T, c *certification.Certificate) []byte {
	t.Helper()
	b, err := c.MarshalCanonical()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkRoundTrip checks that b, the canonical encoding of c, decodes to c.
func checkRoundTrip(t *testing.T, b []byte, c *certification.Certificate) {
	t.Helper()
	got, err := certification.UnmarshalCanonicalCertificate(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, c) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, c)
	}
}

// assertSortedKeys checks that every JSON object in b has its keys in sorted
// order.
func assertSortedKeys(t *testing.T, b []byte) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	tok, err := dec.Token()
	if err != nil {
		t.Fatal(err)
	}
	switch tok {
	case json.Delim('{'):
		prev := ""
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				t.Fatal(err)
			}
			key := k.(string)
			if key <= prev {
				t.Fatalf("key %q follows %q: keys not sorted", key, prev)
			}
			prev = key
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				t.Fatal(err)
			}
			assertSortedKeys(t, v)
		}
	case json.Delim('['):
		for dec.More() {
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				t.Fatal(err)
			}
			assertSortedKeys(t, v)
		}
	}
}

// Ensure times are stored to the second in UTC, whatever zone they come in.
func TestCertificate_MarshalCanonical_Times(t *testing.T) {
	c := newTestCertificate(t)
	c.IssuedAt = time.Date(2026, 3, 2, 16, 30, 0, 999, time.FixedZone("CST", 8*3600))
	b := mustCanonical(t, c)
	if !bytes.Contains(b, []byte(`"issued_at":"2026-03-02T08:30:00Z"`)) {
		t.Fatalf("issued_at not in UTC seconds: %s", b)
	}
}

// Ensure the decoder refuses anything but the exact canonical bytes.
func TestUnmarshalCanonicalCertificate_Strict(t *testing.T) {
	good := mustCanonical(t, newTestCertificate(t))
	var indented bytes.Buffer
	if err := json.Indent(&indented, good, "", " "); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		b    []byte
		want string
	}{
		{"Whitespace", indented.Bytes(), "not in canonical form"},
		{"NumberSpelling", bytes.Replace(good, []byte(`"kg_co2e":512,`), []byte(`"kg_co2e":512.0,`), 1), "not in canonical form"},
		{"UnknownField", bytes.Replace(good, []byte(`{"biogenic`), []byte(`{"extra":1,"biogenic`), 1), "unknown field"},
		{"Format", bytes.Replace(good, []byte(`pcf-certificate/1`), []byte(`pcf-certificate/10`), 1), "unknown certificate format"},
		{"Invalid", bytes.Replace(good, []byte(`"revision":1`), []byte(`"revision":0`), 1), "revision"},
		{"Trailing", append(bytes.Clone(good), []byte(" {}")...), "trailing data"},
		{"NotJSON", []byte("%PDF"), "malformed JSON"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkUnmarshalInvalid(t, tt.b, tt.want)
		})
	}
}

// checkUnmarshalInvalid fails the test unless UnmarshalCanonicalCertificate
// refuses b with an EINVALID error that mentions want.
func checkUnmarshalInvalid(t *testing.T, b []byte, want string) {
	t.Helper()
	_, err := certification.UnmarshalCanonicalCertificate(b)
	if got := footprint.ErrorCode(err); got != footprint.EINVALID {
		t.Fatalf("code=%q (%v), want %q", got, err, footprint.EINVALID)
	}
	if !strings.Contains(err.Error(), want) {
		t.Fatalf("err=%q, want it to mention %q", err, want)
	}
}

// Ensure Validate names the offending field.
func TestCertificate_Validate(t *testing.T) {
	checkValidateRefuses(t, newTestCertificate, []certEdit{
		{"ErrNilID", func(c *certification.Certificate) { c.ID = uuid.Nil }, "id"},
		{"ErrTimeOrderedID", func(c *certification.Certificate) { c.ID = uuid.Must(uuid.NewV7()) }, "id"},
		{"ErrNumber", func(c *certification.Certificate) { c.Number = "123" }, "number"},
		{"ErrRevision", func(c *certification.Certificate) { c.Revision = 0 }, "revision"},
		{"ErrSupersedesSelf", func(c *certification.Certificate) { c.Supersedes = c.ID; c.Revision = 2 }, "supersedes"},
		{"ErrSupersedesWithoutRevision", func(c *certification.Certificate) { c.Supersedes = uuid.New() }, "supersedes"},
		{"ErrRevisionWithoutSupersedes", func(c *certification.Certificate) { c.Revision = 2 }, "supersedes"},
		{"ErrHolderName", func(c *certification.Certificate) { c.Holder.NameZH, c.Holder.NameEN = "", "" }, "holder.name_en"},
		{"ErrNoSites", func(c *certification.Certificate) { c.Sites = nil }, "sites"},
		{"ErrSiteAddress", func(c *certification.Certificate) { c.Sites[0].Address = "" }, "sites[0].address"},
		{"ErrControlChar", func(c *certification.Certificate) { c.Product.Model = "EX\n550" }, "product.model"},
		{"ErrBadUTF8", func(c *certification.Certificate) { c.Product.NameEN = "PV \xff" }, "product.name_en"},
		{"ErrSpace", func(c *certification.Certificate) { c.Product.NameEN = " PV" }, "product.name_en"},
		{"ErrProductCode", func(c *certification.Certificate) { c.Product.Codes[0].Code = "85x" }, "product.codes[0]"},
		{"ErrGTIN", func(c *certification.Certificate) { c.Product.GTIN = "12" }, "product.gtin"},
		{"ErrApproval", func(c *certification.Certificate) { c.Certifier.ApprovalNumber = "" }, "certifier.approval_number"},
		{"ErrNoStandards", func(c *certification.Certificate) { c.Standards = nil }, "standards"},
		{"ErrFactorSet", func(c *certification.Certificate) { c.FactorSet = "" }, "factor_set"},
		{"ErrBoundary", func(c *certification.Certificate) { c.Boundary = footprint.BoundaryGateToGate }, "boundary"},
		{"ErrDeclaredUnit", func(c *certification.Certificate) { c.DeclaredUnit.Unit = "furlong" }, "declared_unit.unit"},
		{"ErrDeclaredAmount", func(c *certification.Certificate) { c.DeclaredUnit.Amount = 0 }, "declared_unit.amount"},
		{"ErrPeriod", func(c *certification.Certificate) { c.PeriodEnd = c.PeriodStart.AddDate(0, 0, -1) }, "period"},
		{"ErrStageSum", func(c *certification.Certificate) { c.Stages[0].KgCO2e++ }, "stages"},
		{"ErrStageDuplicate", func(c *certification.Certificate) { c.Stages[1].Code = "A1" }, "stages[1].code"},
		{"ErrPerUnit", func(c *certification.Certificate) { c.PerUnit[0].Unit = "parsec" }, "per_unit[0].unit"},
		{"ErrDQR", func(c *certification.Certificate) { c.DQR = 6 }, "dqr"},
		{"ErrPrimaryShare", func(c *certification.Certificate) { c.PrimaryDataSharePct = 101 }, "primary_data_share_pct"},
		{"ErrApproach", func(c *certification.Certificate) { c.Electricity.Approach = "magic" }, "electricity.approach"},
		{"ErrInstrumentMWh", func(c *certification.Certificate) { c.Electricity.Instruments[0].MWh = 0 }, "electricity.instruments[0].mwh"},
		{"ErrExpiry", func(c *certification.Certificate) { c.ExpiresAt = c.IssuedAt }, "expires_at"},
		{"ErrDigest", func(c *certification.Certificate) { c.ResultDigest = "abc" }, "result_digest"},
	})
}

// Ensure the verification URL is the base URL plus the fixed path and that
// anything but an absolute http(s) base is refused.
func TestCertificateVerifyURL(t *testing.T) {
	id := uuid.MustParse("6f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80")
	got, err := certification.CertificateVerifyURL("https://pcf.example.cn/", id)
	if err != nil {
		t.Fatal(err)
	}
	if want := "https://pcf.example.cn/v1/certificates/6f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80/verify"; got != want {
		t.Fatalf("url=%q, want %q", got, want)
	}
	for _, base := range []string{"", "pcf.example.cn", "ftp://x", "https://x/?q=1", "javascript:alert(1)"} {
		if _, err := certification.CertificateVerifyURL(base, id); footprint.ErrorCode(err) != footprint.EINVALID {
			t.Errorf("base %q: err=%v, want EINVALID", base, err)
		}
	}
}

// Ensure DiffCertificates names exactly the fields that differ.
func TestDiffCertificates(t *testing.T) {
	a, b := newTestCertificate(t), newTestCertificate(t)
	if diff := certification.DiffCertificates(a, b); diff != nil {
		t.Fatalf("equal certificates differ in %v", diff)
	}
	b.Number = "CDPCF-2026-000999"
	b.Stages[0].KgCO2e = 1
	if got, want := certification.DiffCertificates(a, b), []string{"number", "stages"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("diff=%v, want %v", got, want)
	}
}

// mustDemoStudy calculates seed/studies/pv-module.json against the embedded
// seed factors, as StudyService.CreateStudy would.
func mustDemoStudy(tb testing.TB) *footprint.Study {
	tb.Helper()
	return seedtest.Stored(tb, "pv-module", "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", nil)
}

// Ensure NewCertificate maps every field from the study, its result and
// rule, and the parties, into a certificate that validates and signs.
func TestNewCertificate(t *testing.T) {
	s := mustDemoStudy(t)
	r := s.Result
	issued := time.Date(2026, 3, 2, 8, 30, 15, 999, time.UTC)
	// Format 2 signs the published set's digest (any 64 hex digits here:
	// the store supplies the real one).
	in := footprinttest.CertificateInput(s, uuid.MustParse("0b6c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3"), "CDPCF-2026-000007", issued, "cd")
	c := mustNewCertificate(t, in)
	rule, err := footprint.FindRule("pv-module")
	if err != nil {
		t.Fatal(err)
	}
	digest, _ := r.Digest()
	for _, tt := range []struct {
		name      string
		got, want any
	}{
		{"ID", c.ID, in.ID},
		{"Number", c.Number, in.Number},
		{"Revision", c.Revision, 1},
		{"Supersedes", c.Supersedes, uuid.Nil},
		{"Holder", c.Holder, in.Holder},
		{"Manufacturer", c.Manufacturer, certification.CertificateParty{NameEN: s.Product.Manufacturer, Address: "Chengdu"}},
		{"Sites", c.Sites, []certification.CertificateParty{{NameEN: s.Product.Manufacturer, Address: s.Product.Site}}},
		{"Certifier", c.Certifier, in.Certifier},
		{"Product", c.Product, certification.CertificateProduct{NameZH: s.Product.NameZH, NameEN: s.Product.Name, Model: s.Product.Model, Codes: s.Product.ProductCodes}},
		{"Rule", c.Rule, certification.CertificateRule{Code: rule.Code, Version: rule.Version, NameZH: rule.NameZH, NameEN: rule.NameEN}},
		{"FactorSet", c.FactorSet, "2026.1"},
		{"EngineVersion", c.EngineVersion, footprint.EngineVersion},
		{"Boundary", c.Boundary, footprint.BoundaryCradleToGate},
		{"DeclaredUnit", c.DeclaredUnit, certification.CertificateDeclaredUnit{Amount: 1, Unit: "piece", LabelZH: "块组件", LabelEN: "module"}},
		{"PeriodStart", c.PeriodStart, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"PeriodEnd", c.PeriodEnd, time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)},
		{"KgCO2e", c.KgCO2e, r.KgCO2e},
		{"Stages", len(c.Stages), len(r.Stages)},
		{"PerUnit", len(c.PerUnit), len(r.PerUnit) - 1}, // per piece is the headline
		{"Fossil", c.FossilKgCO2e == nil && c.BiogenicKgCO2e == nil, !r.BiogenicSplitKnown},
		{"PackagingIncluded", c.PackagingIncluded, r.PackagingIncluded},
		{"DQR", c.DQR, r.DQR},
		{"PrimaryDataSharePct", c.PrimaryDataSharePct, r.PrimaryDataSharePct},
		{"ElectricityApproach", c.Electricity.Approach, r.Electricity.Approach},
		{"GridFactors", c.Electricity.GridFactors, r.Electricity.GridFactors},
		{"Instruments", c.Electricity.Instruments, []certification.CertificateInstrument{{Kind: footprint.InstrumentGreenCertificate, Serial: "GEC-DEMO-2025-000001", SerialLast: "GEC-DEMO-2025-001000", MWh: 1000}}},
		{"IssuedAt", c.IssuedAt, issued.Truncate(time.Second)},
		{"ExpiresAt", c.ExpiresAt, time.Date(2028, 3, 2, 15, 59, 59, 0, time.UTC)}, // the end of the printed date (2028-03-02) in China
		{"StudyID", c.StudyID, s.ID},
		{"ResultDigest", c.ResultDigest, digest},
	} {
		if !certFieldEqual(tt.got, tt.want) {
			t.Errorf("%s=%v, want %v", tt.name, tt.got, tt.want)
		}
	}
	for i, st := range c.Stages {
		if st.Code != r.Stages[i].Code || st.KgCO2e != r.Stages[i].KgCO2e || st.NameZH != r.Stages[i].NameZH {
			t.Errorf("stage %d=%+v, want %+v", i, st, r.Stages[i])
		}
	}
	if !slices.Contains(c.Standards, "GB/T 24067-2024") || !slices.Contains(c.Standards, "ISO 14067:2018") || !slices.Contains(c.Standards, rule.Standards[2]) {
		t.Errorf("standards=%q", c.Standards)
	}
	key := footprinttest.Key(t, "", issued)
	if err := certification.VerifyCertificate(footprinttest.Sign(t, c, key), []certification.PublicKey{key.PublicKey()}); err != nil {
		t.Fatal(err)
	}
}

// testInput is the input of a certificate numbered number of study st,
// issued 2026-03-02 with factor set digest cdcd…, of the demo holder by
// the demo certifier.
func testInput(st *footprint.Study, number string) certification.CertificateInput {
	return certification.CertificateInput{
		ID: uuid.MustParse("0b6c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3"), Number: number,
		IssuedAt: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), Study: st, FactorSetDigest: strings.Repeat("cd", 32),
		Holder:    certification.CertificateParty{NameEN: "Demo Module Co.", Address: "Chengdu"},
		Certifier: certification.CertificateCertifier{NameEN: "Demo Certification Centre", ApprovalNumber: "CNCA-R-2026-999"},
	}
}

// Ensure a reissue carries its revision and the certificate it replaces,
// and that inputs a certificate cannot be made from are refused.
func TestNewCertificate_Errors(t *testing.T) {
	s := mustDemoStudy(t)
	base := testInput(s, "CDPCF-2026-000008")
	re := base
	re.Revision, re.Supersedes, re.SupersedesNumber = 2, uuid.MustParse("1b6c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3"), "CDPCF-2026-000007"
	c, err := certification.NewCertificate(re)
	if err != nil || c.Revision != 2 || c.Supersedes != re.Supersedes {
		t.Fatalf("reissue: %+v, %v", c, err)
	}
	for _, tt := range []struct {
		name  string
		edit  func(*certification.CertificateInput)
		field string
	}{
		{"NoResult", func(in *certification.CertificateInput) { st := *in.Study; st.Result = nil; in.Study = &st }, "study_id"},
		{"NoApprovalNumber", func(in *certification.CertificateInput) { in.Certifier.ApprovalNumber = "" }, "certifier.approval_number"},
		{"NoHolderAddress", func(in *certification.CertificateInput) { in.Holder.Address = "" }, "holder.address"},
		{"BadNumber", func(in *certification.CertificateInput) { in.Number = "42" }, "number"},
		{"NotRandomID", func(in *certification.CertificateInput) { in.ID = uuid.Nil }, "id"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := base
			tt.edit(&in)
			_, err := certification.NewCertificate(in)
			if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.field {
				t.Fatalf("err=%v (field %q), want EINVALID on %s", err, footprint.ErrorField(err), tt.field)
			}
		})
	}
}

func certFieldEqual(a, b any) bool {
	switch a := a.(type) {
	case []certification.CertificateParty:
		return slices.Equal(a, b.([]certification.CertificateParty))
	case []string:
		return slices.Equal(a, b.([]string))
	case []certification.CertificateInstrument:
		return slices.Equal(a, b.([]certification.CertificateInstrument))
	case certification.CertificateProduct:
		bp := b.(certification.CertificateProduct)
		return a.NameZH == bp.NameZH && a.NameEN == bp.NameEN && a.Model == bp.Model && a.GTIN == bp.GTIN && slices.Equal(a.Codes, bp.Codes)
	}
	return a == b
}

// Ensure the declared unit reads as on the label: "kgCO2e/块组件" and
// "per module", with the amount when it is not one.
func TestCertificateDeclaredUnit_Per(t *testing.T) {
	for _, tt := range []struct {
		du     certification.CertificateDeclaredUnit
		zh, en string
	}{
		{certification.CertificateDeclaredUnit{Amount: 1, Unit: "piece", LabelZH: "块组件", LabelEN: "module"}, "kgCO2e/块组件", "per module"},
		{certification.CertificateDeclaredUnit{Amount: 10, Unit: "piece", LabelZH: "台", LabelEN: "unit"}, "kgCO2e/10 台", "per 10 unit"},
		{certification.CertificateDeclaredUnit{Amount: 1, Unit: "kWp", LabelEN: "kWp"}, "kgCO2e/kWp", "per kWp"},
	} {
		if zh, en := tt.du.PerZH(), tt.du.PerEN(); zh != tt.zh || en != tt.en {
			t.Errorf("%+v: %q %q, want %q %q", tt.du, zh, en, tt.zh, tt.en)
		}
	}
}

// certEdit is an edit of a valid certificate that Validate refuses, naming
// field.
type certEdit struct {
	name  string
	edit  func(c *certification.Certificate)
	field string
}

// checkValidateRefuses checks that newCert makes a valid certificate and
// that Validate refuses each edit of it, naming the edit's field.
func checkValidateRefuses(t *testing.T, newCert func(testing.TB) *certification.Certificate, edits []certEdit) {
	t.Helper()
	if err := newCert(t).Validate(); err != nil {
		t.Fatalf("valid certificate: %v", err)
	}
	for _, tt := range edits {
		t.Run(tt.name, func(t *testing.T) {
			c := newCert(t)
			tt.edit(c)
			checkInvalid(t, c.Validate(), tt.field, "")
		})
	}
}

// mustSignEdited signs c with a test key (valid from 2026-01-01), checks the
// signed certificate verifies, and checks that each edit of its signed
// content (the first string replaced by the second) breaks the signature.
// It returns the signed certificate and the keys that verify it.
func mustSignEdited(t *testing.T, c *certification.Certificate, edits [][2]string) (*certification.SignedCertificate, []certification.PublicKey) {
	t.Helper()
	key := footprinttest.Key(t, "", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	sc := footprinttest.Sign(t, c, key)
	keys := []certification.PublicKey{key.PublicKey()}
	if err := certification.VerifyCertificate(sc, keys); err != nil {
		t.Fatal(err)
	}
	for _, edit := range edits {
		forged := *sc
		forged.Content = bytes.Replace(sc.Content, []byte(edit[0]), []byte(edit[1]), 1)
		if bytes.Equal(forged.Content, sc.Content) {
			t.Fatalf("edit %q changed nothing", edit[0])
		}
		forged.Certificate = nil
		if got := verifyReason(t, certification.VerifyCertificate(&forged, keys)); got != certification.VerifyBadSignature {
			t.Errorf("%s: reason %q, want %q", edit[1], got, certification.VerifyBadSignature)
		}
	}
	return sc, keys
}

// Ensure a certificate takes every serial a study takes: a study's
// instrument serial (and serial_last) may be footprint.MaxSerialLen (128)
// characters, and the certificate refused more than 100, so a study
// applied for with a 101-character serial could not be issued.
func TestReview_CertificateTakesTheStudysSerials(t *testing.T) {
	c := newTestCertificate(t)
	long := "GEC-" + strings.Repeat("7", footprint.MaxSerialLen-4)
	c.Electricity.Instruments[0].Serial, c.Electricity.Instruments[0].SerialLast = long, long
	if err := c.Validate(); err != nil {
		t.Fatalf("a %d-character serial: %v", len(long), err)
	}
}

// Ensure a certificate's declared unit is the product itself, not a
// container or a group of it. A rule's "piece" takes the product's measure
// word, so that a computer is declared per 台; the engine took 1 箱 (a
// case), 1 双 (a pair) or 1 套 (a set) for one piece too: the demo module
// studied per 1 箱, with the bill of materials of one module, was
// certified at "150 kgCO2e/箱", and its label printed the figure per case
// (a case of modules holds some thirty), while every figure of the result
// is per module. The engine refuses it, naming declared_unit.unit, so no
// such result is stored, applied for (the application and the issue
// recalculate the study) or certified.
func TestRedteam2_DeclaredUnitIsOneItem(t *testing.T) {
	factors := seedtest.Factors(t)
	for _, u := range []string{"箱", "双", "套", "包", "盒"} {
		t.Run(u, func(t *testing.T) {
			s := seedtest.Study(t, "pv-module")
			s.DeclaredUnit.Unit = footprint.MustParseUnit(u)
			res, err := footprint.Calculate(s, factors, nil)
			if err == nil {
				t.Fatalf("calculated at %g kgCO2e per %s for a study of one module", res.KgCO2e, u)
			}
			if footprint.ErrorField(err) != "declared_unit.unit" {
				t.Fatalf("refused, but not naming declared_unit.unit: %v", err)
			}
		})
	}
	// The product's own measure words stay certifiable.
	for _, u := range []string{"piece", "台", "片", "件"} {
		st := seedtest.Stored(t, "pv-module", "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", func(s *footprint.Study) {
			s.DeclaredUnit.Unit = footprint.MustParseUnit(u)
		})
		if _, err := certification.NewCertificate(testInput(st, "CDPCF-2026-000009")); err != nil {
			t.Errorf("declared unit %s refused: %v", u, err)
		}
	}
}

// Ensure a certificate does not state a figure per a fraction of the
// product. The engine scales the inventory to any declared amount, so the
// demo module studied per 0.001 piece (every quantity a thousandth) was
// certified at "0.150 kgCO2e/0.001 块组件 (per 0.001 module)": the label
// prints it, and a reader takes 0.15 for the figure per module.
func TestRedteam2_DeclaredUnitNotAFraction(t *testing.T) {
	for _, k := range []float64{0.001, 0.5, 1.5} {
		t.Run(strconv.FormatFloat(k, 'g', -1, 64), func(t *testing.T) {
			st := seedtest.Stored(t, "pv-module", "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", func(s *footprint.Study) {
				s.DeclaredUnit.Amount = k
				for _, l := range s.BOM {
					l.Quantity *= k
				}
				for _, l := range s.Electricity {
					l.Quantity *= k
				}
				for _, l := range s.Transport {
					l.Mass.Value *= k
				}
				s.ReferenceOutput /= k
			})
			c, err := certification.NewCertificate(testInput(st, "CDPCF-2026-000009"))
			if err == nil {
				t.Fatalf("certified at %.3g %s (%s)", c.KgCO2e, c.DeclaredUnit.PerZH(), c.DeclaredUnit.PerEN())
			}
			if footprint.ErrorField(err) != "declared_unit.amount" {
				t.Fatalf("refused, but not naming declared_unit.amount: %v", err)
			}
		})
	}
}

// Ensure CheckPrintable refuses applicant text printed on a certificate
// or its label that states a carbon figure, an emission unit, a
// certificate number or carbon neutrality, however it is spelt (full width,
// CO₂, Chinese), naming the field, and lets ordinary names through. Red
// team 15 had certified "carbon footprint 75 kg per module", "碳足迹值75千克
// 二氧化碳每块", "Carbon-neutral … (net zero)", "零碳…（碳中和）", the models
// 75KGCO2E-PER-MODULE and CDPCF-2026-000009 (printed on the label under
// the real figure) and a not-applicable reason stating 75 kgCO2e.
func TestCheckPrintable_ClaimsInApplicantText(t *testing.T) {
	check := func(field, text string, refused bool) {
		t.Helper()
		err := checkPrintableText(t, field, text)
		switch {
		case refused && (footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != field):
			t.Errorf("%s %q: %v, want EINVALID naming %s", field, text, err, field)
		case !refused && err != nil:
			t.Errorf("%s %q: %v, want accepted", field, text, err)
		}
	}
	for field, texts := range map[string][]string{
		"product.name": {"PV module 15 kgCO2e per module", "PV module 0.4 t CO₂e", "PV module, 15 ｋｇＣＯ２ｅ", "PV module (15 kg CO2-eq)",
			"PV module certified CDPCF-2026-000001", "PV module ｃｄｐｃｆ－２０２６－０００００１"},
		"product.name_zh":      {"产品碳足迹 15 千克", "组件（碳排放量：15）", "组件 15千克二氧化碳当量"},
		"product.manufacturer": {"Low Carbon Co. 15 kgCO2e", "Ꭰemo Module Co.", "ꓓemo ꓟodule Co.", "Dеmo Module Co."}, // Cherokee, Lisu, Cyrillic look-alikes (red team 11)
		"product.site":         {"Plant CDPCF-2026-000001, Chengdu"},
		// red team 15
		"product.model": {"75KGCO2E-PER-MODULE", "CDPCF-2026-000009", "ＣＤＰＣＦ２０２６-9", "M10-75KG CO2", "Carbon-Neutral-54", "NET-ZERO-54", "零碳54"},
		"not_applicable[0].reason": {"碳足迹值75千克二氧化碳当量每块 (certified footprint 75 kgCO2e per module)", "carbon footprint of 75 per module",
			"see certificate ABC-2026-000001", "零碳工厂"},
	} {
		for _, text := range texts {
			check(field, text, true)
		}
	}
	// session 52: a reduction against no baseline, as "30% less CO2" (red team 85); was accepted
	check("product.name", "Low-carbon PV module, CO2 emissions halved", true)
	check("product.name", "Demo module, carbon footprint cut in half", true)
	check("product.name_zh", "低碳足迹光伏组件", false)
	check("product.name", "Module DEMO-M10-54, 2026-10 series", false)
	check("product.manufacturer", "示例组件厂 Demo Module Co.", false) // Han beside Latin
	check("product.manufacturer", "Société Démo Module", false)   // Latin with its accents
	// red team 15
	for _, tt := range []struct{ field, text string }{
		{"product.name", "Demo PV module, carbon footprint 75 kg per module"}, {"product.name_zh", "示例组件 碳足迹值75千克二氧化碳每块"},
		{"product.name", "Carbon-neutral Demo PV module (net zero)"}, {"product.name_zh", "零碳示例光伏组件（碳中和）"},
		// red team 17: spaces, "of", marks between the figure, its unit and its words
		{"product.name", "Demo module - carbon footprint verified at only 12 kg of CO2 per module"}, {"product.name", "Demo module 12 kg-CO2"},
		{"product.name", "Demo module, CO2-neutral"}, {"product.name_zh", "示例组件 碳足迹经第三方核算仅为 12 公斤 二氧化碳/块"},
		{"product.name_zh", "示例组件，碳 中 和产品"}, {"product.name_zh", "示例组件 0.5 吨 CO2"}, {"product.name_zh", "示例组件 12kg二氧化碳"}, {"product.name_zh", "零排放示例组件"},
		{"product.name", "Demo module, 12 kilograms of CO2"}, {"product.name", "Demo module: CO2 0.4 tonnes"}, // review of session 28
	} {
		check(tt.field, tt.text, true)
	}
	check("product.model", "ABC-2024-123456", false) // the form of a certificate number, not this service's
	check("product.manufacturer", "成都零碳科技有限公司", false)
	check("product.name", "NDIR CO2 sensor", false)
	check("product.name_zh", "二氧化碳激光切割机控制板", false)
	check("product.name", "Internet zero-config router", false)
	check("product.name", "ThinkPad X1 Carbon Gen 11", false)
	check("product.name_zh", "低碳足迹光伏组件 2代", false)
	check("product.name", "NDIR CO2 sensor 5000 ppm", false)
	check("not_applicable[0].reason", "模块由本厂自产，无入厂运输 (made on site: no inbound transport)", false)
}

// TestCertificateExpiry: a certificate is valid to the end of the day, in
// China, of the anniversary of its issue; issued on 29 February, to the
// end of February of a year without one (the Civil Code of the PRC, art.
// 202: a period in years ends on the corresponding day of its last month,
// or that month's last day when it has none). Go's AddDate made it 1
// March, a day more than its term.
func TestCertificateExpiry(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	for _, tt := range []struct {
		issued time.Time
		years  int
		want   time.Time
	}{
		{time.Date(2026, 12, 4, 10, 0, 0, 0, cst), 0, time.Date(2028, 12, 4, 23, 59, 59, 0, cst)},
		{time.Date(2027, 12, 31, 20, 0, 0, 0, time.UTC), 2, time.Date(2030, 1, 1, 23, 59, 59, 0, cst)}, // 1 January in China
		{time.Date(2028, 2, 29, 10, 0, 0, 0, cst), 3, time.Date(2031, 2, 28, 23, 59, 59, 0, cst)},
		{time.Date(2028, 2, 29, 10, 0, 0, 0, cst), 0, time.Date(2030, 2, 28, 23, 59, 59, 0, cst)},
		{time.Date(2028, 2, 29, 10, 0, 0, 0, cst), 4, time.Date(2032, 2, 29, 23, 59, 59, 0, cst)},
	} {
		if got := certification.CertificateExpiry(tt.issued, tt.years); !got.Equal(tt.want) {
			t.Errorf("CertificateExpiry(%s, %d) = %s, want %s", tt.issued, tt.years, got.In(cst), tt.want)
		}
	}
}

// Ensure a certificate of data certified already keeps their expiry
// (CertificateInput.ExpiresBy, red team 68): one issued on 2026-03-02
// with an expiry of 2027-01-31 on record expires then, not two years on;
// a later expiry on record does not lengthen the rule's validity; one
// passed is refused, naming study_id, in both languages.
func TestNewCertificate_ExpiresBy(t *testing.T) {
	in := testInput(mustDemoStudy(t), "CDPCF-2026-000009")
	rule := certification.CertificateExpiry(in.IssuedAt, 0)
	for _, tt := range []struct {
		by, want time.Time
	}{
		{time.Time{}, rule},
		{time.Date(2027, 1, 31, 15, 59, 59, 0, time.UTC), time.Date(2027, 1, 31, 15, 59, 59, 0, time.UTC)},
		{rule.AddDate(1, 0, 0), rule},
	} {
		in.ExpiresBy = tt.by
		c, err := certification.NewCertificate(in)
		if err != nil || !c.ExpiresAt.Equal(tt.want) {
			t.Errorf("expires by %s: %v, %v; want %s", tt.by, c.ExpiresAt, err, tt.want)
		}
	}
	in.ExpiresBy = in.IssuedAt
	_, err := certification.NewCertificate(in)
	if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "study_id" || !strings.Contains(footprint.ErrorMessage(err), "续证") || !strings.Contains(footprint.ErrorMessage(err), "renewal") {
		t.Fatalf("expired by its issue: %v, want ECONFLICT naming study_id in Chinese and English", err)
	}
}
