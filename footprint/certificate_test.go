package footprint_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/google/uuid"
)

// newTestCertificate returns a valid certificate of an illustrative PV
// module. Its figures are test data for a fictitious product, not results of
// any real study.
func newTestCertificate(tb testing.TB) *footprint.Certificate {
	tb.Helper()
	fossil := 500.0
	issued := time.Date(2026, 3, 2, 8, 30, 0, 0, time.UTC)
	return &footprint.Certificate{
		ID:       uuid.MustParse("6f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80"),
		Number:   footprint.FormatCertificateNumber(footprint.CertificateNumberPrefix, 2026, 123),
		Revision: 1,
		Holder: footprint.CertificateParty{
			NameZH: "成都示例光伏科技有限公司", NameEN: "Chengdu Example PV Technology Co., Ltd.",
			Address: "四川省成都市双流区示例路1号",
		},
		Manufacturer: footprint.CertificateParty{
			NameZH: "成都示例光伏科技有限公司", NameEN: "Chengdu Example PV Technology Co., Ltd.",
			Address: "四川省成都市双流区示例路1号",
		},
		Sites: []footprint.CertificateParty{{
			NameZH: "双流组件工厂", NameEN: "Shuangliu module plant", Address: "四川省成都市双流区示例路1号",
		}},
		Certifier: footprint.CertificateCertifier{
			NameZH: "示例认证中心", NameEN: "Example Certification Centre", ApprovalNumber: "CNCA-R-2026-000", Signatory: "张三",
		},
		Product: footprint.CertificateProduct{
			NameZH: "单晶硅光伏组件", NameEN: "Monocrystalline silicon PV module", Model: "EX-550M",
			Codes: []footprint.ProductCode{{Scheme: "HS", Code: "854143"}},
		},
		Rule:          footprint.CertificateRule{Code: "pv-module", Version: "1.0", NameZH: "光伏组件", NameEN: "PV modules"},
		Standards:     []string{"GB/T 24067-2024", "ISO 14067:2018"},
		FactorSet:     "2026.1",
		EngineVersion: "footprint/1",
		Boundary:      footprint.BoundaryCradleToGate,
		DeclaredUnit:  footprint.CertificateDeclaredUnit{Amount: 1, Unit: "piece", LabelZH: "块", LabelEN: "module"},
		PeriodStart:   time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		PeriodEnd:     time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC),
		KgCO2e:        512,
		Stages: []footprint.CertificateStage{
			{Code: "A1", NameZH: "原材料获取", NameEN: "Raw material acquisition", KgCO2e: 440.5},
			{Code: "A2", NameZH: "运输", NameEN: "Transport", KgCO2e: 21.5},
			{Code: "A3", NameZH: "生产", NameEN: "Manufacturing", KgCO2e: 50},
		},
		PerUnit: []footprint.CertificatePerUnit{
			{Unit: "kWp", LabelZH: "每千瓦峰值", LabelEN: "per kWp", KgCO2e: 930.9090909090909},
			{Unit: "m²", LabelZH: "每平方米", LabelEN: "per m²", KgCO2e: 198.44961240310079},
		},
		FossilKgCO2e:        &fossil,
		PackagingIncluded:   true,
		DQR:                 2.1,
		PrimaryDataSharePct: 64.5,
		Electricity: footprint.CertificateElectricity{
			Approach:    "mixed",
			GridFactors: []string{"ELEC-CN-NAT-CF-2024"},
			Instruments: []footprint.CertificateInstrument{{Kind: footprint.InstrumentGreenCertificate, Serial: "GEC-2025-0001", MWh: 120}},
		},
		IssuedAt:     issued,
		ExpiresAt:    footprint.CertificateExpiry(issued, 0),
		StudyID:      "study-0001",
		ResultDigest: strings.Repeat("ab", 32),
	}
}

// Ensure the canonical encoding is deterministic, has sorted keys and no
// whitespace, and round-trips to an equal certificate.
func TestCertificate_MarshalCanonical(t *testing.T) {
	// Ensure the same certificate always encodes to the same bytes.
	c := newTestCertificate(t)
	b1, err := c.MarshalCanonical()
	if err != nil {
		t.Fatal(err)
	}
	b2, err := newTestCertificate(t).MarshalCanonical()
	if err != nil {
		t.Fatal(err)
	}
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

	got, err := footprint.UnmarshalCanonicalCertificate(b1)
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
	b, err := c.MarshalCanonical()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`"issued_at":"2026-03-02T08:30:00Z"`)) {
		t.Fatalf("issued_at not in UTC seconds: %s", b)
	}
}

// Ensure the decoder refuses anything but the exact canonical bytes.
func TestUnmarshalCanonicalCertificate_Strict(t *testing.T) {
	good, err := newTestCertificate(t).MarshalCanonical()
	if err != nil {
		t.Fatal(err)
	}
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
		{"Format", bytes.Replace(good, []byte(`pcf-certificate/1`), []byte(`pcf-certificate/9`), 1), "unknown certificate format"},
		{"Invalid", bytes.Replace(good, []byte(`"revision":1`), []byte(`"revision":0`), 1), "revision"},
		{"Trailing", append(bytes.Clone(good), []byte(" {}")...), "trailing data"},
		{"NotJSON", []byte("%PDF"), "malformed JSON"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := footprint.UnmarshalCanonicalCertificate(tt.b)
			if got := footprint.ErrorCode(err); got != footprint.EINVALID {
				t.Fatalf("code=%q (%v), want %q", got, err, footprint.EINVALID)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err=%q, want it to mention %q", err, tt.want)
			}
		})
	}
}

// Ensure Validate names the offending field.
func TestCertificate_Validate(t *testing.T) {
	if err := newTestCertificate(t).Validate(); err != nil {
		t.Fatalf("valid certificate: %v", err)
	}
	for _, tt := range []struct {
		name  string
		edit  func(c *footprint.Certificate)
		field string
	}{
		{"ErrNilID", func(c *footprint.Certificate) { c.ID = uuid.Nil }, "id"},
		{"ErrTimeOrderedID", func(c *footprint.Certificate) { c.ID = uuid.Must(uuid.NewV7()) }, "id"},
		{"ErrNumber", func(c *footprint.Certificate) { c.Number = "123" }, "number"},
		{"ErrRevision", func(c *footprint.Certificate) { c.Revision = 0 }, "revision"},
		{"ErrSupersedesSelf", func(c *footprint.Certificate) { c.Supersedes = c.ID; c.Revision = 2 }, "supersedes"},
		{"ErrSupersedesWithoutRevision", func(c *footprint.Certificate) { c.Supersedes = uuid.New() }, "supersedes"},
		{"ErrRevisionWithoutSupersedes", func(c *footprint.Certificate) { c.Revision = 2 }, "supersedes"},
		{"ErrHolderName", func(c *footprint.Certificate) { c.Holder.NameZH, c.Holder.NameEN = "", "" }, "holder.name_en"},
		{"ErrNoSites", func(c *footprint.Certificate) { c.Sites = nil }, "sites"},
		{"ErrSiteAddress", func(c *footprint.Certificate) { c.Sites[0].Address = "" }, "sites[0].address"},
		{"ErrControlChar", func(c *footprint.Certificate) { c.Product.Model = "EX\n550" }, "product.model"},
		{"ErrBadUTF8", func(c *footprint.Certificate) { c.Product.NameEN = "PV \xff" }, "product.name_en"},
		{"ErrSpace", func(c *footprint.Certificate) { c.Product.NameEN = " PV" }, "product.name_en"},
		{"ErrProductCode", func(c *footprint.Certificate) { c.Product.Codes[0].Code = "85x" }, "product.codes[0]"},
		{"ErrGTIN", func(c *footprint.Certificate) { c.Product.GTIN = "12" }, "product.gtin"},
		{"ErrApproval", func(c *footprint.Certificate) { c.Certifier.ApprovalNumber = "" }, "certifier.approval_number"},
		{"ErrNoStandards", func(c *footprint.Certificate) { c.Standards = nil }, "standards"},
		{"ErrFactorSet", func(c *footprint.Certificate) { c.FactorSet = "" }, "factor_set"},
		{"ErrBoundary", func(c *footprint.Certificate) { c.Boundary = footprint.BoundaryGateToGate }, "boundary"},
		{"ErrDeclaredUnit", func(c *footprint.Certificate) { c.DeclaredUnit.Unit = "furlong" }, "declared_unit.unit"},
		{"ErrDeclaredAmount", func(c *footprint.Certificate) { c.DeclaredUnit.Amount = 0 }, "declared_unit.amount"},
		{"ErrPeriod", func(c *footprint.Certificate) { c.PeriodEnd = c.PeriodStart.AddDate(0, 0, -1) }, "period"},
		{"ErrStageSum", func(c *footprint.Certificate) { c.Stages[0].KgCO2e++ }, "stages"},
		{"ErrStageDuplicate", func(c *footprint.Certificate) { c.Stages[1].Code = "A1" }, "stages[1].code"},
		{"ErrPerUnit", func(c *footprint.Certificate) { c.PerUnit[0].Unit = "parsec" }, "per_unit[0].unit"},
		{"ErrDQR", func(c *footprint.Certificate) { c.DQR = 6 }, "dqr"},
		{"ErrPrimaryShare", func(c *footprint.Certificate) { c.PrimaryDataSharePct = 101 }, "primary_data_share_pct"},
		{"ErrApproach", func(c *footprint.Certificate) { c.Electricity.Approach = "magic" }, "electricity.approach"},
		{"ErrInstrumentMWh", func(c *footprint.Certificate) { c.Electricity.Instruments[0].MWh = 0 }, "electricity.instruments[0].mwh"},
		{"ErrExpiry", func(c *footprint.Certificate) { c.ExpiresAt = c.IssuedAt }, "expires_at"},
		{"ErrDigest", func(c *footprint.Certificate) { c.ResultDigest = "abc" }, "result_digest"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestCertificate(t)
			tt.edit(c)
			err := c.Validate()
			if got, want := footprint.ErrorCode(err), footprint.EINVALID; got != want {
				t.Fatalf("code=%q (%v), want %q", got, err, want)
			}
			if got := footprint.ErrorField(err); got != tt.field {
				t.Fatalf("field=%q (%v), want %q", got, err, tt.field)
			}
		})
	}
}

// Ensure the live status follows the documented precedence.
func TestCertificate_StatusAt(t *testing.T) {
	c := newTestCertificate(t)
	before, after := c.ExpiresAt.Add(-time.Second), c.ExpiresAt
	for _, tt := range []struct {
		recorded footprint.CertificateStatus
		now      time.Time
		want     footprint.CertificateStatus
	}{
		{footprint.CertificateValid, before, footprint.CertificateValid},
		{footprint.CertificateValid, after, footprint.CertificateExpired},
		{footprint.CertificateSuspended, before, footprint.CertificateSuspended},
		{footprint.CertificateSuspended, after, footprint.CertificateExpired},
		{footprint.CertificateWithdrawn, after, footprint.CertificateWithdrawn},
		{footprint.CertificateSuperseded, after, footprint.CertificateSuperseded},
	} {
		if got := c.StatusAt(tt.recorded, tt.now); got != tt.want {
			t.Errorf("StatusAt(%s, %s)=%s, want %s", tt.recorded, tt.now, got, tt.want)
		}
	}
	if footprint.CertificateExpired.Recorded() || !footprint.CertificateSuperseded.Recorded() {
		t.Fatal("expired must be derived only; superseded is recorded")
	}
}

// Ensure the verification URL is the base URL plus the fixed path and that
// anything but an absolute http(s) base is refused.
func TestCertificateVerifyURL(t *testing.T) {
	id := uuid.MustParse("6f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80")
	got, err := footprint.CertificateVerifyURL("https://pcf.example.cn/", id)
	if err != nil {
		t.Fatal(err)
	}
	if want := "https://pcf.example.cn/v1/certificates/6f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80/verify"; got != want {
		t.Fatalf("url=%q, want %q", got, want)
	}
	for _, base := range []string{"", "pcf.example.cn", "ftp://x", "https://x/?q=1", "javascript:alert(1)"} {
		if _, err := footprint.CertificateVerifyURL(base, id); footprint.ErrorCode(err) != footprint.EINVALID {
			t.Errorf("base %q: err=%v, want EINVALID", base, err)
		}
	}
}

// Ensure DiffCertificates names exactly the fields that differ.
func TestDiffCertificates(t *testing.T) {
	a, b := newTestCertificate(t), newTestCertificate(t)
	if diff := footprint.DiffCertificates(a, b); diff != nil {
		t.Fatalf("equal certificates differ in %v", diff)
	}
	b.Number = "CDPCF-2026-000999"
	b.Stages[0].KgCO2e = 1
	if got, want := footprint.DiffCertificates(a, b), []string{"number", "stages"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("diff=%v, want %v", got, want)
	}
}
