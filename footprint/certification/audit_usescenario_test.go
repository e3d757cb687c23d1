package certification_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

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
