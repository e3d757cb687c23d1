package footprint_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure the double-claim register reads a green certificate's number as
// a person reads it. SerialKey folds punctuation, but a number written
// with one more leading zero, or with the letter O for a zero or I for a
// one, was another instrument to it: a second company claimed a 绿证
// another company's certificate already holds, and the register let it.
func TestRedteam2_SerialNumberLookAlikes(t *testing.T) {
	held := footprint.GreenClaim{Serial: "GEC-2025-000001", Kind: footprint.InstrumentGreenCertificate, StudyID: "a"}
	for name, serial := range map[string]string{
		"leading-zero": "GEC-2025-0000001",
		"no-padding":   "GEC-2025-1",
		"letter-O":     "GEC-2025-OOOOO1",
		"letter-I":     "GEC-2025-00000I",
		"lower-l":      "gec-2025-00000l",
	} {
		t.Run(name, func(t *testing.T) {
			c := footprint.GreenClaim{Serial: footprint.NormalizeSerial(serial), Kind: footprint.InstrumentGreenCertificate, StudyID: "b"}
			if !c.Conflicts(held) {
				t.Fatalf("%s claimed beside %s (keys %q and %q)", serial, held.Serial, footprint.SerialKey(serial), footprint.SerialKey(held.Serial))
			}
		})
	}
	// Other numbers stay other instruments.
	for _, serial := range []string{"GEC-2025-000010", "GEC-2025-100001", "GEC-2026-000001", "GEC-0-2025-000001"} {
		c := footprint.GreenClaim{Serial: serial, Kind: footprint.InstrumentGreenCertificate, StudyID: "b"}
		if c.Conflicts(held) {
			t.Errorf("%s conflicts with %s", serial, held.Serial)
		}
	}
	// Runs of look-alike letters only, and look-alikes inside a run that
	// also holds letters (review of the first fix).
	for a, b := range map[string]string{"GEC-2025-IOO": "GEC-2025-100", "GEC2O25-000001": "GEC2025-1", "GEC-AOOOO1": "GEC-A00001"} {
		if footprint.SerialKey(a) != footprint.SerialKey(b) {
			t.Errorf("%s and %s are two serials (keys %q, %q)", a, b, footprint.SerialKey(a), footprint.SerialKey(b))
		}
	}
	if footprint.SerialKey("GEC-0-01") == footprint.SerialKey("GEC-001") {
		t.Errorf("GEC-0-01 and GEC-001 are one serial")
	}
}
