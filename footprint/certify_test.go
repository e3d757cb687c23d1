package footprint_test

import (
	"os"
	"slices"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed"
	"github.com/google/uuid"
)

// mustDemoStudy calculates seed/studies/pv-module.json against the embedded
// seed factors, as StudyService.CreateStudy would.
func mustDemoStudy(tb testing.TB) *footprint.Study {
	tb.Helper()
	f, err := os.Open("../seed/studies/pv-module.json")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	s, err := footprint.ParseStudyJSON(f)
	if err != nil {
		tb.Fatal(err)
	}
	all, err := seed.Factors()
	if err != nil {
		tb.Fatal(err)
	}
	factors := map[string]*footprint.Factor{}
	for _, fc := range all {
		fc.Set = seed.SetVersion
		factors[fc.Code] = fc
	}
	if s.Result, err = footprint.Calculate(s, factors, nil); err != nil {
		tb.Fatal(err)
	}
	s.ID, s.Owner = "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", "Demo Module Co."
	return s
}

// Ensure NewCertificate maps every field from the study, its result and
// rule, and the parties, into a certificate that validates and signs.
func TestNewCertificate(t *testing.T) {
	s := mustDemoStudy(t)
	r := s.Result
	issued := time.Date(2026, 3, 2, 8, 30, 15, 999, time.UTC)
	in := footprint.CertificateInput{
		ID:       uuid.MustParse("0b6c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3"),
		Number:   "CDPCF-2026-000007",
		IssuedAt: issued,
		Study:    s,
		Holder:   footprint.CertificateParty{NameEN: "Demo Module Co.", NameZH: "示例组件厂", Address: "Chengdu"},
		Certifier: footprint.CertificateCertifier{
			NameEN: "Demo Certification Centre", ApprovalNumber: "CNCA-R-2026-999", Signatory: "Zhang San",
		},
	}
	c, err := footprint.NewCertificate(in)
	if err != nil {
		t.Fatal(err)
	}
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
		{"Manufacturer", c.Manufacturer, footprint.CertificateParty{NameEN: s.Product.Manufacturer, Address: "Chengdu"}},
		{"Sites", c.Sites, []footprint.CertificateParty{{NameEN: s.Product.Manufacturer, Address: s.Product.Site}}},
		{"Certifier", c.Certifier, in.Certifier},
		{"Product", c.Product, footprint.CertificateProduct{NameZH: s.Product.NameZH, NameEN: s.Product.Name, Model: s.Product.Model, Codes: s.Product.ProductCodes}},
		{"Rule", c.Rule, footprint.CertificateRule{Code: rule.Code, Version: rule.Version, NameZH: rule.NameZH, NameEN: rule.NameEN}},
		{"FactorSet", c.FactorSet, "2026.1"},
		{"EngineVersion", c.EngineVersion, footprint.EngineVersion},
		{"Boundary", c.Boundary, footprint.BoundaryCradleToGate},
		{"DeclaredUnit", c.DeclaredUnit, footprint.CertificateDeclaredUnit{Amount: 1, Unit: "piece", LabelZH: "块组件", LabelEN: "module"}},
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
		{"Instruments", c.Electricity.Instruments, []footprint.CertificateInstrument{{Kind: footprint.InstrumentGreenCertificate, Serial: "GEC-DEMO-2025-000001", MWh: 1000}}},
		{"IssuedAt", c.IssuedAt, issued.Truncate(time.Second)},
		{"ExpiresAt", c.ExpiresAt, time.Date(2028, 3, 2, 8, 30, 15, 0, time.UTC)},
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
	key, err := footprint.NewSigningKey(nil, issued)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := footprint.SignCertificate(c, key)
	if err != nil {
		t.Fatal(err)
	}
	if err := footprint.VerifyCertificate(sc, []footprint.PublicKey{key.PublicKey()}); err != nil {
		t.Fatal(err)
	}
}

// Ensure a reissue carries its revision and the certificate it replaces,
// and that inputs a certificate cannot be made from are refused.
func TestNewCertificate_Errors(t *testing.T) {
	s := mustDemoStudy(t)
	base := footprint.CertificateInput{
		ID: uuid.MustParse("0b6c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3"), Number: "CDPCF-2026-000008",
		IssuedAt: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), Study: s,
		Holder:    footprint.CertificateParty{NameEN: "Demo Module Co.", Address: "Chengdu"},
		Certifier: footprint.CertificateCertifier{NameEN: "Demo Certification Centre", ApprovalNumber: "CNCA-R-2026-999"},
	}
	re := base
	re.Revision, re.Supersedes = 2, uuid.MustParse("1b6c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3")
	c, err := footprint.NewCertificate(re)
	if err != nil || c.Revision != 2 || c.Supersedes != re.Supersedes {
		t.Fatalf("reissue: %+v, %v", c, err)
	}
	for _, tt := range []struct {
		name  string
		edit  func(*footprint.CertificateInput)
		field string
	}{
		{"NoResult", func(in *footprint.CertificateInput) { st := *in.Study; st.Result = nil; in.Study = &st }, "study_id"},
		{"NoApprovalNumber", func(in *footprint.CertificateInput) { in.Certifier.ApprovalNumber = "" }, "certifier.approval_number"},
		{"NoHolderAddress", func(in *footprint.CertificateInput) { in.Holder.Address = "" }, "holder.address"},
		{"BadNumber", func(in *footprint.CertificateInput) { in.Number = "42" }, "number"},
		{"NotRandomID", func(in *footprint.CertificateInput) { in.ID = uuid.Nil }, "id"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := base
			tt.edit(&in)
			_, err := footprint.NewCertificate(in)
			if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.field {
				t.Fatalf("err=%v (field %q), want EINVALID on %s", err, footprint.ErrorField(err), tt.field)
			}
		})
	}
}

func certFieldEqual(a, b any) bool {
	switch a := a.(type) {
	case []footprint.CertificateParty:
		return slices.Equal(a, b.([]footprint.CertificateParty))
	case []string:
		return slices.Equal(a, b.([]string))
	case []footprint.CertificateInstrument:
		return slices.Equal(a, b.([]footprint.CertificateInstrument))
	case footprint.CertificateProduct:
		bp := b.(footprint.CertificateProduct)
		return a.NameZH == bp.NameZH && a.NameEN == bp.NameEN && a.Model == bp.Model && a.GTIN == bp.GTIN && slices.Equal(a.Codes, bp.Codes)
	}
	return a == b
}
