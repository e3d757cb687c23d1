package footprinttest

import (
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/google/uuid"
)

// Certificate returns a valid format-1 certificate of an illustrative PV
// module, number CDPCF-2026-000123, issued 2026-03-02 08:30 UTC. Its figures
// are test data for a fictitious product, not results of any real study.
func Certificate() *certification.Certificate {
	fossil := 500.0
	issued := time.Date(2026, 3, 2, 8, 30, 0, 0, time.UTC)
	return &certification.Certificate{
		ID:       uuid.MustParse("6f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80"),
		Number:   certification.FormatCertificateNumber(certification.CertificateNumberPrefix, 2026, 123),
		Revision: 1,
		Holder: certification.CertificateParty{
			NameZH: "成都示例光伏科技有限公司", NameEN: "Chengdu Example PV Technology Co., Ltd.",
			Address: "四川省成都市双流区示例路1号",
		},
		Manufacturer: certification.CertificateParty{
			NameZH: "成都示例光伏科技有限公司", NameEN: "Chengdu Example PV Technology Co., Ltd.",
			Address: "四川省成都市双流区示例路1号",
		},
		Sites: []certification.CertificateParty{{
			NameZH: "双流组件工厂", NameEN: "Shuangliu module plant", Address: "四川省成都市双流区示例路1号",
		}},
		Certifier: certification.CertificateCertifier{
			NameZH: "示例认证中心", NameEN: "Example Certification Centre", ApprovalNumber: "CNCA-R-2026-000", Signatory: "张三",
		},
		Product: certification.CertificateProduct{
			NameZH: "单晶硅光伏组件", NameEN: "Monocrystalline silicon PV module", Model: "EX-550M",
			Codes: []footprint.ProductCode{{Scheme: "HS", Code: "854143"}},
		},
		Rule:          certification.CertificateRule{Code: "pv-module", Version: "1.0", NameZH: "光伏组件", NameEN: "PV modules"},
		Standards:     []string{"GB/T 24067-2024", "ISO 14067:2018"},
		FactorSet:     "2026.1",
		EngineVersion: "footprint/1",
		Boundary:      footprint.BoundaryCradleToGate,
		DeclaredUnit:  certification.CertificateDeclaredUnit{Amount: 1, Unit: "piece", LabelZH: "块", LabelEN: "module"},
		PeriodStart:   time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		PeriodEnd:     time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC),
		KgCO2e:        512,
		Stages: []certification.CertificateStage{
			{Code: "A1", NameZH: "原材料获取", NameEN: "Raw material acquisition", KgCO2e: 440.5},
			{Code: "A2", NameZH: "运输", NameEN: "Transport", KgCO2e: 21.5},
			{Code: "A3", NameZH: "生产", NameEN: "Manufacturing", KgCO2e: 50},
		},
		PerUnit: []certification.CertificatePerUnit{
			{Unit: "kWp", LabelZH: "每千瓦峰值", LabelEN: "per kWp", KgCO2e: 930.9090909090909},
			{Unit: "m²", LabelZH: "每平方米", LabelEN: "per m²", KgCO2e: 198.44961240310079},
		},
		FossilKgCO2e:        &fossil,
		PackagingIncluded:   true,
		DQR:                 2.1,
		PrimaryDataSharePct: 64.5,
		Electricity: certification.CertificateElectricity{
			Approach:    "mixed",
			GridFactors: []string{"ELEC-CN-NAT-CF-2024"},
			Instruments: []certification.CertificateInstrument{{Kind: footprint.InstrumentGreenCertificate, Serial: "GEC-2025-0001", MWh: 120}},
		},
		IssuedAt:     issued,
		ExpiresAt:    issued.AddDate(2, 0, 0), // as certificates issued before 2026-12 signed it (golden documents)
		StudyID:      "study-0001",
		ResultDigest: strings.Repeat("ab", 32),
	}
}

// CertificateInput is the input of a certificate of study st by the demo
// holder and certifier (test data for fictitious parties). The factor set
// digest is digest repeated into 64 hex digits: the store supplies the
// real one, and any SHA-256 does where it is not read.
func CertificateInput(st *footprint.Study, id uuid.UUID, number string, issued time.Time, digest string) certification.CertificateInput {
	return certification.CertificateInput{
		ID:              id,
		Number:          number,
		IssuedAt:        issued,
		Study:           st,
		FactorSetDigest: strings.Repeat(digest, 32),
		Holder:          certification.CertificateParty{NameEN: "Demo Module Co.", NameZH: "示例组件厂", Address: "Chengdu"},
		Certifier: certification.CertificateCertifier{
			NameEN: "Demo Certification Centre", ApprovalNumber: "CNCA-R-2026-999", Signatory: "Zhang San",
		},
	}
}
