package certification_test

import (
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/google/uuid"
)

// Ensure the live status follows the documented precedence.
func TestCertificate_StatusAt(t *testing.T) {
	c := newTestCertificate(t)
	before, after := c.ExpiresAt.Add(-time.Second), c.ExpiresAt
	for _, tt := range []struct {
		recorded certification.CertificateStatus
		now      time.Time
		want     certification.CertificateStatus
	}{
		{certification.CertificateValid, before, certification.CertificateValid},
		{certification.CertificateValid, after, certification.CertificateExpired},
		{certification.CertificateSuspended, before, certification.CertificateSuspended},
		{certification.CertificateSuspended, after, certification.CertificateExpired},
		{certification.CertificateWithdrawn, after, certification.CertificateWithdrawn},
		{certification.CertificateSuperseded, after, certification.CertificateSuperseded},
	} {
		if got := c.StatusAt(tt.recorded, tt.now); got != tt.want {
			t.Errorf("StatusAt(%s, %s)=%s, want %s", tt.recorded, tt.now, got, tt.want)
		}
	}
}

// Ensure CheckSupersedes allows exactly: a first certificate naming
// nothing; the current certificate named when valid or withdrawn; another
// lineage's current certificate of the same model for a study without one.
func TestCheckSupersedes(t *testing.T) {
	rec := func(status certification.CertificateStatus, supersededBy uuid.UUID) *certification.CertificateRecord {
		c := newTestCertificate(t)
		c.ID = uuid.New()
		return &certification.CertificateRecord{Signed: &certification.SignedCertificate{Certificate: c}, Status: status, SupersededBy: supersededBy}
	}
	valid, withdrawn := rec(certification.CertificateValid, uuid.Nil), rec(certification.CertificateWithdrawn, uuid.Nil)
	suspended, superseded := rec(certification.CertificateSuspended, uuid.Nil), rec(certification.CertificateSuperseded, uuid.New())
	other := rec(certification.CertificateValid, uuid.Nil)
	for _, tt := range []struct {
		name           string
		current, named *certification.CertificateRecord
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
			err := certification.CheckSupersedes(tt.current, tt.named, tt.sameModel)
			if tt.ok != (err == nil) {
				t.Fatalf("err=%v, want ok=%v", err, tt.ok)
			}
			if err != nil && (footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "supersedes") {
				t.Fatalf("err=%v, want ECONFLICT naming supersedes", err)
			}
		})
	}
}
