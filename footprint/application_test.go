package footprint_test

import (
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/google/uuid"
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

// Ensure CheckSupersedes allows exactly: a first certificate naming
// nothing; the current certificate named when valid or withdrawn; another
// lineage's current certificate of the same model for a study without one.
func TestCheckSupersedes(t *testing.T) {
	rec := func(status footprint.CertificateStatus, supersededBy uuid.UUID) *footprint.CertificateRecord {
		c := newTestCertificate(t)
		c.ID = uuid.New()
		return &footprint.CertificateRecord{Signed: &footprint.SignedCertificate{Certificate: c}, Status: status, SupersededBy: supersededBy}
	}
	valid, withdrawn := rec(footprint.CertificateValid, uuid.Nil), rec(footprint.CertificateWithdrawn, uuid.Nil)
	suspended, superseded := rec(footprint.CertificateSuspended, uuid.Nil), rec(footprint.CertificateSuperseded, uuid.New())
	other := rec(footprint.CertificateValid, uuid.Nil)
	for _, tt := range []struct {
		name           string
		current, named *footprint.CertificateRecord
		sameModel      bool
		ok             bool
	}{
		{"FirstCertificate", nil, nil, false, true},
		{"CurrentValid", valid, valid, false, true},
		{"CurrentWithdrawn", withdrawn, withdrawn, false, true},
		{"CurrentNotNamed", valid, nil, false, false},
		{"WithdrawnNotNamed", withdrawn, nil, false, false},
		{"AnotherNamed", valid, other, true, false},
		{"CurrentSuspended", suspended, suspended, false, false},
		{"OtherLineageSameModel", nil, other, true, true},
		{"OtherLineageOtherModel", nil, other, false, false},
		{"OtherLineageSuperseded", nil, superseded, true, false},
		{"OtherLineageSuspended", nil, suspended, true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := footprint.CheckSupersedes(tt.current, tt.named, tt.sameModel)
			if tt.ok != (err == nil) {
				t.Fatalf("err=%v, want ok=%v", err, tt.ok)
			}
			if err != nil && (footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "supersedes") {
				t.Fatalf("err=%v, want ECONFLICT naming supersedes", err)
			}
		})
	}
}
