package certification_test

import (
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// The helpers footprint's own tests define (engine_test.go), for the
// certificate tests that moved here.

var checkInvalid = footprinttest.CheckInvalid

// mustNewCertificate is footprinttest.NewCertificate, which pact's tests
// share.
var mustNewCertificate = footprinttest.NewCertificate
