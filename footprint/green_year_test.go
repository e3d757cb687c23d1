package footprint_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure a batch whose last serial the register reads under another prefix
// than its first (numbers written across a year the key reads in them:
// GEC-2025999999 to GEC-2026000000) still holds its MWh certificates from
// its first serial on, rather than a range that ends before it starts and
// holds nothing.
func TestGreenClaim_RangeAcrossAYear(t *testing.T) {
	c := footprint.GreenClaim{Serial: "GEC-2025999999", SerialLast: "GEC-2026000000", Kind: footprint.InstrumentGreenCertificate, MWh: 2}
	prefix, first, last := c.Range()
	if want, _, _ := (footprint.GreenClaim{Serial: "GEC-2025-999999"}).Range(); prefix != want || first != "999999" || last != "1000000" {
		t.Errorf("Range() = %q, %q, %q; want %q, 999999, 1000000", prefix, first, last, want)
	}
	if !c.Overlaps(footprint.GreenClaim{Serial: "GEC-2025-1000000", Kind: footprint.InstrumentGreenCertificate, MWh: 1}) {
		t.Error("the batch does not hold its second certificate")
	}
}
