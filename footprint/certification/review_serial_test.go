package certification_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

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
