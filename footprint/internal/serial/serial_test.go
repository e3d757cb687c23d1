package serial_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/internal/serial"
)

// Ensure the key drops the punctuation that only separates a serial's
// runs: between two runs of letters and between letters and a number,
// whatever the punctuation and with look-alike letters (red team 18: the
// demo maker's certified batch GEC-DEMO-2025-000001 to -001000 was claimed
// again by another company as GECDEMO-2025-…, GEC-DEMO2025-… and
// GECDEMO2025-…, other prefixes to the register, and both certificates
// counted the same 1,000 MWh).
func TestSerialKey_PunctuationBetweenLettersAndNumbers(t *testing.T) {
	checkOneSerial(t, map[string][]string{
		"GEC-DEMO-2025-000001": {
			"GECDEMO-2025-000001", "GEC-DEMO2025-000001", "GECDEMO2025-000001", // red team 18
			"GECDEMO2025.000001", "GEC_DEMO_2025_000001", "GEC.DEMO/2025:000001", "GEC#DEMO#2025#000001",
			"GEC-DE-MO-2025-000001", "-GEC--DEMO--2025--000001.", "gec-demo-2025-1",
			"GEC-DEM0-2025-000001", "GECDEM02025-OOOOO1", "GECDEM0-2O25-00000I", "GEC-DEMO-02025-000001",
		},
		"GEC-2025-000001":  {"GEC2025-000001", "GEC2025-1", "GEC_2025_OOOOO1", "GEC2O25/0000001"},
		"GEC-A00001":       {"GEC-AOOOO1", "GECA00001", "GEC-A-00001", "GEC-A-1"},
		"GEC-0-01":         {"GEC-O-01", "GEC-00-1", "GEC:0.01"}, // a lone look-alike between punctuation is a number
		"GEC-M12-2025-1":   {"GECM12-2025-1", "GEC-M-12-2025-1", "GEC-M12_2025_000001"},
		"GEC-A1-000001":    {"GEC-A1-1", "GECA1-0001", "GEC-AI-000001", "GEC-A-1-1"}, // a 1 ending a code keeps the number after it
		"GEC-SOL-2025-1":   {"GECSOL-2025-000001", "GEC-S0L-2025-1", "GEC-SO-L-2025-1", "GEC.SO1.2025.1"},
		"GEC-HYDRO-000001": {"GECHYDRO000001", "GEC-HYDR0-1", "GEC_HYDRO-0001"},
	})
	// Punctuation between two numbers tells them apart.
	checkTwoSerials(t, [][2]string{
		{"GEC-0-01", "GEC-001"},
		{"GEC-2025-000001", "GEC-0-2025-000001"},
		{"GEC-2025-000001", "GEC-2025-000010"},
		{"GEC-M12-2025-1", "GEC-M122025-1"},
		{"GEC-DEMO-2025-000001", "GEC-DEMO-2026-000001"},
		{"GEC-DEMO-2025-000001", "GEC-DEMO-0-2025-000001"},
		{"GEC-A1-000001", "GEC-A1000001"},
	})
}

// checkOneSerial checks that each spelling has the key of the serial it
// spells (the map's key): the register reads them as one certificate.
func checkOneSerial(t *testing.T, spellings map[string][]string) {
	t.Helper()
	for want, ss := range spellings {
		for _, s := range ss {
			if serial.Key(s) != serial.Key(want) {
				t.Errorf("%s and %s are two serials (keys %q, %q)", s, want, serial.Key(s), serial.Key(want))
			}
		}
	}
}

// checkTwoSerials checks that the serials of each pair have different
// keys: the register reads them as two certificates.
func checkTwoSerials(t *testing.T, pairs [][2]string) {
	t.Helper()
	for _, pair := range pairs {
		if serial.Key(pair[0]) == serial.Key(pair[1]) {
			t.Errorf("%s and %s are one serial (key %q)", pair[0], pair[1], serial.Key(pair[0]))
		}
	}
}

// Ensure a year written together with the number after it is read apart,
// as a person reads it: the demo maker's certified batch
// GEC-DEMO-2025-000001 to -001000 was claimed again by another company as
// GEC-DEMO-2025000001 to GEC-DEMO-2025001000, another prefix and other
// numbers to the register, and both certificates counted the same 1,000
// MWh. Only a number of five digits or more beginning 20 is read so.
func TestSerialKey_YearWrittenWithTheNumber(t *testing.T) {
	checkOneSerial(t, map[string][]string{
		"GEC-DEMO-2025-000001": {"GEC-DEMO-2025000001", "GECDEMO2025000001", "GEC_DEMO_2025000001", "GEC-DEMO-20251", "GEC-DEM0-2O25OOOOO1"},
		"GEC-2025-000001":      {"GEC-2025000001", "GEC2025000001", "GEC-02025000001"},
		"GEC-2025-123":         {"GEC-2025123"},
	})
	checkTwoSerials(t, [][2]string{
		{"GEC-DEMO-2025-000001", "GEC-DEMO-2026000001"},
		{"GEC-2025-000001", "GEC-2025000010"},
		{"GEC-1999-000001", "GEC-1999000001"}, // not a year of this century: one number
		{"GEC-0-01", "GEC-001"},
	})
	want, _, _ := serial.Number("GEC-DEMO-2025-000001")
	if prefix, n, _ := serial.Number("GEC-DEMO-2025001000"); prefix != want || n != "1000" {
		t.Errorf("Number(GEC-DEMO-2025001000) = %q, %q; want %q, 1000", prefix, n, want)
	}
}

// Ensure a batch is one range under one prefix however its serials are
// written: the first and last serial of the demo batch, each spelt another
// way, have the prefix of GEC-DEMO-2025-000001 and the numbers 1 and 1000,
// written with 6 digits.
func TestSerialNumber_OnePrefixWhateverThePunctuation(t *testing.T) {
	want, _, _ := serial.Number("GEC-DEMO-2025-000001")
	for _, tt := range []struct {
		s string
		n string
	}{
		{"GECDEMO-2025-000001", "1"}, {"GEC-DEMO2025-001000", "1000"}, {"GECDEMO2025-001000", "1000"},
		{"GEC_DEM0.2025#000500", "500"}, {"GEC-DEMO-2025-001000.", "1000"},
	} {
		if prefix, n, width := serial.Number(tt.s); prefix != want || n != tt.n || width != 6 {
			t.Errorf("Number(%s) = %q, %q, %d; want %q, %q, 6", tt.s, prefix, n, width, want, tt.n)
		}
	}
}

// Ensure the key parts no serials the key before it (red team 18) read as
// one: every serial of up to 5 characters of letters, look-alikes, digits
// and punctuation that had one key with another has one key with it still
// (what that key joined, a forger could otherwise part again).
func TestSerialKey_NoSerialsPartedThatWereOne(t *testing.T) {
	for _, alphabet := range []string{"CMO0I12-", "AL059._#"} {
		seen := map[string]string{} // previous key → a serial, the key of which the others must have
		var walk func(s string)
		walk = func(s string) {
			if s != "" {
				old := footprinttest.SerialKeyV2(s)
				if first, ok := seen[old]; !ok {
					seen[old] = s
				} else if serial.Key(s) != serial.Key(first) {
					t.Fatalf("%s and %s were one serial (%q) and are two (%q, %q)", s, first, old, serial.Key(s), serial.Key(first))
				}
			}
			if len(s) < 5 {
				for _, c := range alphabet {
					walk(s + string(c))
				}
			}
		}
		walk("")
	}
}
