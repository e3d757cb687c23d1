package pact_test

import (
	"errors"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/google/uuid"
)

// Ensure the footprint of a certificate flagged upstream is withheld, as a
// suspended one is. A supplier certificate it relies on was withdrawn
// (falsified data, say) and its certifier has not yet reviewed it: the
// verification page shows a supply-chain alert and pcf verify --server
// says NOT VALID, exit 1, but the PACT API went on serving the footprint
// to buyers' systems as Active, its figure resting on the withdrawn
// supplier's, with nothing to say so. It can be neither Active nor (the
// certifier may clear it) final Deprecated.
func TestRedteam5_FlaggedUpstreamFootprintWithheld(t *testing.T) {
	s := MustDemoStudy(t, "pv-module", nil)
	rec := MustRecord(t, s, uuid.Nil, certification.CertificateValid)
	rec.SupplierFlags = []certification.SupplierFlag{{Certificate: uuid.New(), Number: "CDPCF-2026-000003",
		Status: certification.CertificateWithdrawn, At: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}}
	if pact.Available(rec) {
		t.Error("a certificate flagged upstream is available")
	}
	_, err := pact.New(rec, pact.Facts{}, testOpts)
	if !errors.Is(err, pact.ErrNotAvailable) {
		t.Errorf("flagged upstream: err %v, want ErrNotAvailable", err)
	}
	// Reviewed (the flags cleared), it is Active again.
	rec.SupplierFlags = nil
	if f, err := pact.New(rec, pact.Facts{}, testOpts); err != nil || f.Status != pact.StatusActive {
		t.Errorf("reviewed: %v, err %v; want Active", f, err)
	}
}
