package pact_test

import (
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// Ensure a PACT footprint is not used past what PACT allows, whatever
// validity its document states: validityPeriodEnd is at most three years
// after referencePeriodEnd (PACT §6, reference/pact.md). A manufacturer
// whose supplier footprint of 2024 expired uploaded it again under a new
// id (or, v2, a higher version) with a validityPeriodEnd of 2099, and every
// new calculation and issue took it as valid.
func TestReview_PACTValidityAtMostThreeYears(t *testing.T) {
	doc := footprinttest.SupplierPACT3("8a2e1f4c-0a9b-4f6e-9c1d-5b7a3e2d1f00", "Active", "2025-01-01T00:00:00Z", "2099-01-01T00:00:00Z", "4.2")
	s, err := pact.ParseSupplier(doc)
	if err != nil {
		t.Fatal(err)
	}
	// referencePeriodEnd 2025-01-01 + 3 years
	if want := time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC); !s.Footprint.ValidUntil.Equal(want) {
		t.Fatalf("valid until %s, want %s", s.Footprint.ValidUntil, want)
	}
}
