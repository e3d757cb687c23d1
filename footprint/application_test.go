package footprint_test

import (
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
)

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
