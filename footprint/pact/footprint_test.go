package pact_test

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
	"github.com/google/uuid"
)

// testCPC is a CPC code used as test data only (the seed studies carry HS
// codes; a CPC code is what PACT v2 needs).
const testCPC = "CPC:46"

var (
	issued   = time.Date(2026, 3, 2, 8, 30, 15, 0, time.UTC)
	testOpts = pact.Options{Issuer: "pcf.example.cn", BaseURL: "https://pcf.example.cn"}
)

// MustDemoStudy calculates a seed demo study ("pv-module" or "laptop")
// against the embedded seed factors, as StudyService.CreateStudy would,
// after mutate (if any) changed its input.
func MustDemoStudy(tb testing.TB, name string, mutate func(*footprint.Study)) *footprint.Study {
	tb.Helper()
	return seedtest.Stored(tb, name, uuid.NewString(), mutate)
}

// withCPC adds the test CPC code to a study's product.
func withCPC(s *footprint.Study) {
	s.Product.ProductCodes = append(s.Product.ProductCodes, footprint.ProductCode{Scheme: "CPC", Code: strings.TrimPrefix(testCPC, "CPC:")})
}

// perKWp makes the demo PV module study declare 1 kWp: 1 kWp is
// 1000/433.6 modules, and every quantity is per declared unit.
func perKWp(s *footprint.Study) {
	pieces := 1000 / s.Product.RatedPowerWp
	s.DeclaredUnit = footprint.DeclaredUnit{Amount: 1, Unit: footprint.MustParseUnit("kWp")}
	s.BOM = []*footprint.BOMLine{{Name: "modules", Quantity: pieces, Unit: footprint.MustParseUnit("piece"), Children: s.BOM}}
	for _, e := range s.Electricity {
		e.Quantity *= pieces
	}
	for _, l := range s.Transport {
		l.Mass.Value *= pieces
	}
}

// MustRecord issues and signs a certificate of study s and returns its
// record with the given recorded status.
func MustRecord(tb testing.TB, s *footprint.Study, supersedes uuid.UUID, status certification.CertificateStatus) *certification.CertificateRecord {
	tb.Helper()
	// The digest of the published set the result used: any SHA-256 does
	// for the mapping, which does not read it.
	in := footprinttest.CertificateInput(s, uuid.New(), "CDPCF-2026-000007", issued, "ab")
	if supersedes != uuid.Nil {
		in.Revision, in.Supersedes, in.SupersedesNumber = 2, supersedes, "CDPCF-2026-000006"
	}
	sc := footprinttest.Sign(tb, footprinttest.NewCertificate(tb, in), footprinttest.Key(tb, "", issued))
	rec := &certification.CertificateRecord{Signed: sc, Status: status, StatusChangedAt: issued, Manufacturer: "Demo Module Co.", Certifier: "Demo Certification Centre"}
	if status != certification.CertificateValid {
		rec.StatusChangedAt = issued.AddDate(0, 6, 0)
	}
	if status == certification.CertificateSuperseded {
		rec.SupersededBy = uuid.New()
	}
	return rec
}

// MustFootprint maps a record of study s to a footprint.
func MustFootprint(tb testing.TB, rec *certification.CertificateRecord, s *footprint.Study) *pact.Footprint {
	tb.Helper()
	facts, err := pact.FactsFromStudy(rec.Certificate(), s)
	if err != nil {
		tb.Fatal(err)
	}
	f, err := pact.New(rec, facts, testOpts)
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

// MustEncode writes f in PACT v2.3 and v3.0 and, given the schemas
// (MustSchemas), checks each against the official one.
func MustEncode(tb testing.TB, f *pact.Footprint, sch map[int]*pactSchemas) (*pact.ProductFootprintV2, *pact.ProductFootprintV3) {
	tb.Helper()
	v2, err := f.V2()
	if err != nil {
		tb.Fatal(err)
	}
	v3 := f.V3()
	if sch != nil {
		MustValidate(tb, sch[2].footprint, v2)
		MustValidate(tb, sch[3].footprint, v3)
	}
	return v2, v3
}

// Ensure every footprint the mapping emits, in every lifecycle state and
// for each kind of declared unit, validates against the official v2.3 and
// v3.0 ProductFootprint schemas.
func TestFootprint_ValidatesAgainstSpec(t *testing.T) {
	sch := MustSchemas(t)
	pv := MustDemoStudy(t, "pv-module", withCPC)
	perKWp := MustDemoStudy(t, "pv-module", func(s *footprint.Study) {
		withCPC(s)
		perKWp(s)
		for _, l := range s.BOM {
			l.Quantity /= 0.4336 // the inventory is per declared unit: one kWp of 433.6 Wp modules
		}
		for _, e := range s.Electricity {
			e.Quantity /= 0.4336
		}
		for _, tr := range s.Transport {
			tr.Mass.Value /= 0.4336
		}
		for _, p := range s.Packaging {
			p.Quantity /= 0.4336
		}
		s.ReferenceOutput *= 0.4336
	})
	laptop := MustDemoStudy(t, "laptop", withCPC)
	sichuan := MustDemoStudy(t, "pv-module", func(s *footprint.Study) {
		withCPC(s)
		for _, e := range s.Electricity {
			e.Geography = "CN-SC"
		}
	})
	for _, tt := range []struct {
		name       string
		study      *footprint.Study
		status     certification.CertificateStatus
		supersedes uuid.UUID
	}{
		{"pv/valid", pv, certification.CertificateValid, uuid.Nil},
		{"pv/superseding", pv, certification.CertificateValid, uuid.New()},
		{"pv/superseded", pv, certification.CertificateSuperseded, uuid.Nil},
		{"pv/withdrawn", pv, certification.CertificateWithdrawn, uuid.New()},
		{"pv/per-kWp", perKWp, certification.CertificateValid, uuid.Nil},
		{"pv/sichuan", sichuan, certification.CertificateValid, uuid.Nil},
		{"laptop/valid", laptop, certification.CertificateValid, uuid.Nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			MustEncode(t, MustFootprint(t, MustRecord(t, tt.study, tt.supersedes, tt.status), tt.study), sch)
		})
	}
}

// Ensure the footprint carries the certificate's own figures and
// identifiers, and states a piece-based module per kilogram in v2 (which
// has no piece) and per piece in v3.
func TestFootprint_Fields(t *testing.T) {
	s := MustDemoStudy(t, "pv-module", withCPC)
	rec := MustRecord(t, s, uuid.Nil, certification.CertificateValid)
	c := rec.Certificate()
	v2, v3 := MustEncode(t, MustFootprint(t, rec, s), nil)
	mass := s.Product.MassKg
	for _, tt := range []struct {
		name      string
		got, want any
	}{
		{"v2 id", v2.ID, c.ID.String()},
		{"v3 id", v3.ID, c.ID.String()},
		{"v2 version", v2.Version, 1},
		{"v2 updated", v2.Updated, ""},
		{"status", v3.Status, pact.StatusActive},
		{"created", v3.Created, "2026-03-02T08:30:15Z"},
		{"companyName", v3.CompanyName, "Demo Module Co."},
		{"companyIds", v3.CompanyIDs, []string{"urn:pact:pcf.example.cn:company-id:Demo%20Module%20Co."}},
		{"productIds", v3.ProductIDs, []string{"urn:pact:pcf.example.cn:product-id:Demo%20Module%20Co.:DEMO-M10-54"}},
		{"classifications", v3.ProductClassifications, []string{"urn:pact:wcoomd.org:hs-code:854143", "urn:cpc:46"}},
		{"productCategoryCpc", v2.ProductCategoryCpc, "46"},
		{"v3 unit", v3.PCF.DeclaredUnitOfMeasurement, "piece"},
		{"v3 amount", v3.PCF.DeclaredUnitAmount, "1"},
		{"v3 mass", v3.PCF.ProductMassPerDeclaredUnit, pact.Decimal(mass)},
		{"v3 pcf", v3.PCF.PcfExcludingBiogenicUptake, pact.Decimal(c.KgCO2e)},
		{"v3 pcf incl. uptake", v3.PCF.PcfIncludingBiogenicUptake, pact.Decimal(c.KgCO2e)},
		{"v2 unit", v2.PCF.DeclaredUnit, "kilogram"},
		{"v2 amount", v2.PCF.UnitaryProductAmount, pact.Decimal(mass)},
		{"v2 mass per kg", v2.PCF.ProductMassPerDeclaredUnit, "1"},
		{"v2 pcf per kg", v2.PCF.PCfExcludingBiogenic, pact.Decimal(c.KgCO2e / mass)},
		{"reference start", v3.PCF.ReferencePeriodStart, "2025-01-01T00:00:00Z"},
		{"reference end (exclusive)", v3.PCF.ReferencePeriodEnd, "2026-01-01T00:00:00Z"},
		{"validity start", v3.ValidityPeriodStart, "2026-03-02T08:30:15Z"},
		{"validity end", v3.ValidityPeriodEnd, "2028-03-02T15:59:59Z"}, // the end of the printed date in China
		{"geography", v3.PCF.GeographyCountry, "CN"},
		{"standards", v3.PCF.CrossSectoralStandards, []string{"ISO14067"}},
		{"v2 standards used", v2.PCF.CrossSectoralStandardsUsed, []string{"ISO Standard 14067"}},
		{"primary data share", v3.PCF.PrimaryDataShare, pact.Decimal(c.PrimaryDataSharePct)},
		{"v2 primary data share", v2.PCF.PrimaryDataShare, c.PrimaryDataSharePct},
		{"exempted", v3.PCF.ExemptedEmissionsPercent, pact.Decimal(s.Result.ExemptedPct)},
		{"packaging included", v3.PCF.PackagingEmissionsIncluded, c.PackagingIncluded},
		{"verifier", v3.PCF.Verification.ProviderName, "Demo Certification Centre"},
		{"v2 assurance", v2.PCF.Assurance.Assurance, true},
		{"v2 assurance boundary", v2.PCF.Assurance.Boundary, "Cradle-to-Gate"},
		{"secondary source", v3.PCF.SecondaryEmissionFactorSources[0].Version, c.FactorSet},
		{"ipcc", v3.PCF.IpccCharacterizationFactors, []string{"AR6"}},
	} {
		if !equal(tt.got, tt.want) {
			t.Errorf("%s = %#v, want %#v", tt.name, tt.got, tt.want)
		}
	}
	if !strings.Contains(v3.Comment, "https://pcf.example.cn/v1/certificates/"+c.ID.String()+"/verify") {
		t.Errorf("comment names no verification URL: %s", v3.Comment)
	}
	if !strings.Contains(v3.PCF.ExemptedEmissionsDescription, "cut off") || strings.Contains(v3.PCF.ExemptedEmissionsDescription, "EVA") {
		t.Errorf("exempted description %q: want the share, never a BOM line name", v3.PCF.ExemptedEmissionsDescription)
	}
	if s.Result.ExemptedPct == 0 {
		t.Fatal("demo study exempts nothing: the exempted fields are not exercised")
	}
	// The v2 per-kilogram figure times the product mass is the certificate's figure.
	if got := parse(t, v2.PCF.PCfExcludingBiogenic) * parse(t, v2.PCF.UnitaryProductAmount); math.Abs(got-c.KgCO2e) > 1e-9*c.KgCO2e {
		t.Errorf("v2 per kg × mass = %v, want %v", got, c.KgCO2e)
	}
}

// Ensure a declared unit v3 cannot state (kWp) becomes the product mass of
// one declared unit in kilograms, the figures unchanged, and a Sichuan
// site becomes a subdivision.
func TestFootprint_OtherUnitsAndPlaces(t *testing.T) {
	s := MustDemoStudy(t, "pv-module", func(s *footprint.Study) {
		withCPC(s)
		perKWp(s)
		for _, e := range s.Electricity {
			e.Geography = "CN-SC"
		}
	})
	rec := MustRecord(t, s, uuid.Nil, certification.CertificateValid)
	v3 := MustFootprint(t, rec, s).V3()
	wantMass := s.Product.MassKg / (s.Product.RatedPowerWp / 1000)
	if got, want := v3.PCF.DeclaredUnitOfMeasurement, "kilogram"; got != want {
		t.Errorf("unit %q, want %q", got, want)
	}
	if got := parse(t, v3.PCF.DeclaredUnitAmount); math.Abs(got-wantMass) > 1e-9 {
		t.Errorf("amount %v, want the mass of 1 kWp of modules %v", got, wantMass)
	}
	if got, want := v3.PCF.PcfExcludingBiogenicUptake, pact.Decimal(rec.Certificate().KgCO2e); got != want {
		t.Errorf("pcf %s, want %s", got, want)
	}
	if v3.PCF.GeographyCountrySubdivision != "CN-SC" || v3.PCF.GeographyCountry != "" {
		t.Errorf("geography %q/%q, want subdivision CN-SC only", v3.PCF.GeographyCountry, v3.PCF.GeographyCountrySubdivision)
	}
}

// Ensure the place of production is the site's region when the study
// states it, not the place of a supplier's electricity line (red team 51):
// the demo module with its site's electricity on the national grid and a
// cell maker's line in Yunnan is made in Sichuan.
func TestFootprint_PlaceIsTheSiteRegion(t *testing.T) {
	s := MustDemoStudy(t, "pv-module", func(s *footprint.Study) {
		withCPC(s)
		s.Product.SiteRegion = "CN-SC"
		s.Electricity = append(s.Electricity, &footprint.ElectricityLine{Name: "cell maker", Quantity: 1, Unit: footprint.MustParseUnit("kWh"), Stage: "A2", Factor: "ELEC-CN-NAT-CF-2024", Geography: "CN-YN"})
	})
	rec := MustRecord(t, s, uuid.Nil, certification.CertificateValid)
	if v3 := MustFootprint(t, rec, s).V3(); v3.PCF.GeographyCountrySubdivision != "CN-SC" || v3.PCF.GeographyCountry != "" {
		t.Errorf("geography %q/%q, want subdivision CN-SC, the site's region", v3.PCF.GeographyCountry, v3.PCF.GeographyCountrySubdivision)
	}
}

// Ensure the lifecycle maps to PACT statuses: a successor names its
// predecessor, a superseded or withdrawn certificate is Deprecated (v2:
// version 2, updated at the status change, a status comment), and a
// suspended one is not available at all.
func TestFootprint_Lifecycle(t *testing.T) {
	s := MustDemoStudy(t, "pv-module", withCPC)
	prev := uuid.New()
	succ := MustFootprint(t, MustRecord(t, s, prev, certification.CertificateValid), s)
	if got := succ.V3().PrecedingPfIDs; !slices.Equal(got, []string{prev.String()}) {
		t.Errorf("precedingPfIds %v, want [%s]", got, prev)
	}
	for _, st := range []certification.CertificateStatus{certification.CertificateSuperseded, certification.CertificateWithdrawn} {
		rec := MustRecord(t, s, uuid.Nil, st)
		v2, v3 := MustEncode(t, MustFootprint(t, rec, s), nil)
		if v2.Status != pact.StatusDeprecated || v3.Status != pact.StatusDeprecated {
			t.Errorf("%s: status %s, want Deprecated", st, v2.Status)
		}
		if v2.Version != 2 || v2.Updated != rec.StatusChangedAt.Format(time.RFC3339) || v2.StatusComment == "" {
			t.Errorf("%s: version %d updated %q comment %q", st, v2.Version, v2.Updated, v2.StatusComment)
		}
		// A withdrawn certificate later continued by a successor keeps
		// its footprint unchanged: Deprecated never changes.
		if st == certification.CertificateWithdrawn {
			rec.SupersededBy = uuid.New()
			again, _ := MustFootprint(t, rec, s).V2()
			if !equal(again, v2) {
				t.Errorf("withdrawn footprint changed when a successor was linked")
			}
		}
	}
	_, err := pact.New(MustRecord(t, s, uuid.Nil, certification.CertificateSuspended), pact.Facts{}, testOpts)
	if !errors.Is(err, pact.ErrNotAvailable) {
		t.Errorf("suspended: err %v, want ErrNotAvailable", err)
	}
}

// Ensure a certificate without a CPC code has no v2 footprint (v2 requires
// productCategoryCpc) but a v3 one.
func TestFootprint_V2NeedsCPC(t *testing.T) {
	s := MustDemoStudy(t, "pv-module", nil)
	f := MustFootprint(t, MustRecord(t, s, uuid.Nil, certification.CertificateValid), s)
	if _, err := f.V2(); !errors.Is(err, pact.ErrNoCPC) {
		t.Fatalf("err %v, want ErrNoCPC", err)
	}
	MustValidate(t, MustSchemas(t)[3].footprint, f.V3())
}

// Ensure facts come only from the certified study: another study, or a
// result that is not the certified one, is refused.
func TestFactsFromStudy_Errors(t *testing.T) {
	s := MustDemoStudy(t, "pv-module", nil)
	rec := MustRecord(t, s, uuid.Nil, certification.CertificateValid)
	other := MustDemoStudy(t, "laptop", nil)
	if _, err := pact.FactsFromStudy(rec.Certificate(), other); footprint.ErrorCode(err) != footprint.EINVALID {
		t.Errorf("other study: err %v, want EINVALID", err)
	}
	changed := *s
	r := *s.Result
	r.KgCO2e++
	changed.Result = &r
	if _, err := pact.FactsFromStudy(rec.Certificate(), &changed); footprint.ErrorCode(err) != footprint.EINVALID {
		t.Errorf("altered result: err %v, want EINVALID", err)
	}
	facts, err := pact.FactsFromStudy(rec.Certificate(), s)
	if err != nil {
		t.Fatal(err)
	}
	if facts.MassKg != s.Product.MassKg || facts.Geography != "CN" || facts.UncertaintyText == "" {
		t.Errorf("facts %+v", facts)
	}
}

// Ensure decimals are written as the spec's Decimal pattern wants: no
// exponent, no negative zero.
func TestDecimal(t *testing.T) {
	for _, tt := range []struct {
		x    float64
		want string
	}{{0, "0"}, {math.Copysign(0, -1), "0"}, {1.63, "1.63"}, {-182.84, "-182.84"}, {1e-7, "0.0000001"}, {1e21, "1000000000000000000000"}, {150, "150"}} {
		if got := pact.Decimal(tt.x); got != tt.want {
			t.Errorf("Decimal(%v) = %q, want %q", tt.x, got, tt.want)
		}
	}
}

func equal(a, b any) bool { return reflect.DeepEqual(a, b) }

func parse(tb testing.TB, s string) float64 {
	tb.Helper()
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		tb.Fatal(err)
	}
	return x
}

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
		w2, w3 := MustEncode(t, f, sch)
		v2, _ = json.Marshal(w2)
		v3, _ = json.Marshal(w3)
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

// Ensure the footprint of a certificate flagged upstream is withheld, as a
// suspended one is. A supplier certificate it relies on was withdrawn
// (falsified data, say) and its certifier has not yet reviewed it: the
// verification page shows a supply-chain alert and pcf verify --server
// says NOT VALID, exit 1, but the PACT API went on serving the footprint
// to buyers' systems as Active, its figure resting on the withdrawn
// supplier's, with nothing to say so. It can be neither Active nor (the
// certifier may clear it) final Deprecated.
func TestRedteam5_FlaggedUpstreamFootprintWithheld(t *testing.T) {
	s := MustDemoStudy(t, "pv-module", nil)
	rec := MustRecord(t, s, uuid.Nil, certification.CertificateValid)
	rec.SupplierFlags = []certification.SupplierFlag{{Certificate: uuid.New(), Number: "CDPCF-2026-000003",
		Status: certification.CertificateWithdrawn, At: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}}
	if pact.Available(rec) {
		t.Error("a certificate flagged upstream is available")
	}
	_, err := pact.New(rec, pact.Facts{}, testOpts)
	if !errors.Is(err, pact.ErrNotAvailable) {
		t.Errorf("flagged upstream: err %v, want ErrNotAvailable", err)
	}
	// Reviewed (the flags cleared), it is Active again.
	rec.SupplierFlags = nil
	if f, err := pact.New(rec, pact.Facts{}, testOpts); err != nil || f.Status != pact.StatusActive {
		t.Errorf("reviewed: %v, err %v; want Active", f, err)
	}
}

// Ensure a footprint of a format-4 certificate names the verification
// page the certificate signs, whatever the base URL of the service
// answering: the comment's link is the one its label's QR code opens.
func TestNew_SignedVerifyAddress(t *testing.T) {
	s := MustDemoStudy(t, "pv-module", withCPC)
	in := footprinttest.CertificateInput(s, uuid.New(), "CDPCF-2026-000007", issued, "ab")
	in.VerifyBase = "https://pcf.example.org"
	rec := &certification.CertificateRecord{Signed: footprinttest.Sign(t, footprinttest.NewCertificate(t, in), footprinttest.Key(t, "", issued)),
		Status: certification.CertificateValid, StatusChangedAt: issued, Manufacturer: "Demo Module Co."}
	f := MustFootprint(t, rec, s)
	want := "Verify it at https://pcf.example.org/v1/certificates/" + in.ID.String() + "/verify."
	if !strings.Contains(f.CertComment, want) || strings.Contains(f.Comment, testOpts.BaseURL) {
		t.Fatalf("comment %q, want %q and not the answering service's %s", f.CertComment, want, testOpts.BaseURL)
	}
}
