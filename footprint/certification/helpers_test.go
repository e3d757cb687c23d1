package certification_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// The helpers footprint's own tests define (engine_test.go), for the
// certificate tests that moved here.

func unit(s string) footprint.Unit { return footprint.MustParseUnit(s) }

var checkInvalid = footprinttest.CheckInvalid

// mustNewCertificate returns the certificate NewCertificate makes of in.
func mustNewCertificate(tb testing.TB, in certification.CertificateInput) *certification.Certificate {
	tb.Helper()
	c, err := certification.NewCertificate(in)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}
