package footprint_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure a batch of green certificates is named as a range that counts its
// MWh (one certificate per MWh), and that a 绿电 contract keeps one serial:
// a study whose range and MWh disagree, or which claims a certificate
// inside another of its own batches, is refused naming the field.
func TestCalculate_GreenCertificateRange(t *testing.T) {
	batch := func(kind footprint.InstrumentKind, first, last string, mwh float64) func(*footprint.Study) {
		return func(s *footprint.Study) {
			s.Electricity[0].Instruments = []*footprint.GreenInstrument{{Kind: kind, Serial: first, SerialLast: last, MWh: mwh, Period: year2025,
				Technology: "pv", Factor: "ELEC-CN-GEN-PV-CF-2024", TransmissionFactor: "ELEC-CN-TD-LOSS-CF-2024"}}
		}
	}
	gec, gpt := footprint.InstrumentGreenCertificate, footprint.InstrumentGreenPowerTrading
	const f0 = "electricity[0].instruments[0]"
	runIntegrityCases(t, []integrityCase{
		{name: "CountDiffersFromMWh", study: greenPVStudy, change: batch(gec, "GEC-R-2025-000001", "GEC-R-2025-000999", 1000),
			field: f0 + ".serial_last", message: "serials GEC-R-2025-000001 to GEC-R-2025-000999 are not 1000 certificates"},
		{name: "LastBeforeFirst", study: greenPVStudy, change: batch(gec, "GEC-R-2025-000010", "GEC-R-2025-000001", 10),
			field: f0 + ".serial_last", message: "are not 10 certificates"},
		{name: "OtherPrefix", study: greenPVStudy, change: batch(gec, "GEC-R-2025-000001", "GEC-S-2025-000010", 10),
			field: f0 + ".serial_last", message: "must be serial GEC-R-2025-000001 with another number of as many digits"},
		{name: "OtherWidth", study: greenPVStudy, change: batch(gec, "GEC-R-2025-000001", "GEC-R-2025-0010", 10),
			field: f0 + ".serial_last", message: "as many digits"},
		{name: "NoNumber", study: greenPVStudy, change: batch(gec, "GEC-R-2025-A", "GEC-R-2025-B", 2),
			field: f0 + ".serial_last", message: "as many digits"},
		{name: "FractionOfACertificate", study: greenPVStudy, change: batch(gec, "GEC-R-2025-000001", "", 1.5),
			field: f0 + ".mwh", message: "mwh 1.5 is not a whole number: a green certificate is one MWh"},
		{name: "SerialLastOnAContract", study: greenPVStudy, change: batch(gpt, "GPT-R-2025-000001", "GPT-R-2025-000010", 10),
			field: f0 + ".serial_last", message: "a green-power-trading contract has one serial"},
		{name: "CertificateInsideOwnBatch", study: greenPVStudy, change: func(s *footprint.Study) {
			batch(gec, "GEC-R-2025-000001", "GEC-R-2025-000010", 10)(s)
			in := *s.Electricity[0].Instruments[0]
			in.Serial, in.SerialLast, in.MWh = "GEC-R-2025-000005", "", 1
			s.Electricity[0].Instruments = append(s.Electricity[0].Instruments, &in)
		}, field: "electricity[0].instruments[1].serial", message: "instrument GEC-R-2025-000005 is claimed twice in this study (first at electricity[0].instruments[0])"},
	})

	// A range that counts its MWh is accepted and shown in the result.
	s := greenPVStudy()
	batch(gec, "gec-r-2025-000001", "GEC-R-2025-000010 ", 10)(s)
	r := MustCalculate(t, s, MustLoadFactors(t), nil)
	if in := r.Electricity.Instruments[0]; in.Serial != "GEC-R-2025-000001" || in.SerialLast != "GEC-R-2025-000010" {
		t.Errorf("instrument in the result: %s to %s", in.Serial, in.SerialLast)
	}
}

// Ensure the register reads a claim as the certificates it stands for: a
// certificate inside a held batch, or a batch overlapping it, conflicts; a
// batch written without serial_last (a claim stored before ranges) stands
// for its MWh certificates from its serial on; a 绿电 contract is one serial.
func TestGreenClaim_Ranges(t *testing.T) {
	gec, gpt := footprint.InstrumentGreenCertificate, footprint.InstrumentGreenPowerTrading
	held := footprint.GreenClaim{Serial: "GEC-DEMO-2025-000001", SerialLast: "GEC-DEMO-2025-001000", Kind: gec, Period: year2025, MWh: 1000, StudyID: "a"}
	legacy := footprint.GreenClaim{Serial: "GEC-DEMO-2025-000001", Kind: gec, Period: year2025, MWh: 1000, StudyID: "a"}
	for _, tt := range []struct {
		name     string
		c        footprint.GreenClaim
		conflict bool
	}{
		{"Inside", footprint.GreenClaim{Serial: "GEC-DEMO-2025-000500", Kind: gec, MWh: 1}, true},
		{"Last", footprint.GreenClaim{Serial: "GEC-DEMO-2025-1000", Kind: gec, MWh: 1}, true},
		{"OverlapsTheEnd", footprint.GreenClaim{Serial: "GEC-DEMO-2025-000900", SerialLast: "GEC-DEMO-2025-001899", Kind: gec, MWh: 1000}, true},
		{"ContractInside", footprint.GreenClaim{Serial: "GEC-DEMO-2025-000002", Kind: gpt, Period: year2025, MWh: 5}, true},
		{"After", footprint.GreenClaim{Serial: "GEC-DEMO-2025-001001", SerialLast: "GEC-DEMO-2025-002000", Kind: gec, MWh: 1000}, false},
		{"OtherPrefix", footprint.GreenClaim{Serial: "GEC-DEMO-2026-000500", Kind: gec, MWh: 1}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, h := range []footprint.GreenClaim{held, legacy} {
				err := footprint.CheckGreenClaims([]footprint.GreenClaim{h}, "b", []footprint.GreenClaim{tt.c})
				if got := footprint.ErrorCode(err) == footprint.ECONFLICT; got != tt.conflict {
					t.Errorf("%s beside %s (serial_last %q): %v", tt.c.Name(), h.Serial, h.SerialLast, err)
				}
			}
		})
	}
}
