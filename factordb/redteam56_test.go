package factordb_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure a clock set back (red team 56, the operator) makes the service
// refuse what would not verify: an issue dated before its signing key's
// creation, and a rotation that retires the active key before what it
// signed. Before, with the clock set back after a rotation, a certificate
// was issued, numbered and stored valid that never verified
// (key_not_created); and a rotation with the clock set back retired the
// active key before a certificate it had signed, so that a genuine
// certificate no longer verified (key_retired).
func TestRedteam56_ClockSetBackRefused(t *testing.T) {
	ctx, s := mustStart(t)
	mustActiveKey(t, s.keys)
	s.db.Now = steppingClock(fixedNow.AddDate(0, 0, 10))
	a := s.MustIssue(t, "RT56-CLOCK-A")
	verifies := func(what string, rec *certification.CertificateRecord) {
		t.Helper()
		keys, err := s.keys.PublicKeys(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := certification.VerifyCertificate(rec.Signed, keys); err != nil {
			t.Errorf("%s does not verify: %v", what, err)
		}
	}
	refused := func(what, zh string, err error) {
		t.Helper()
		msg := footprint.ErrorMessage(err)
		if footprint.ErrorCode(err) != footprint.ECONFLICT || !strings.Contains(msg, zh) || !strings.Contains(msg, "set the clock right") {
			t.Errorf("%s with the clock set back: %v, want ECONFLICT naming the clock", what, err)
		}
	}

	// The clock set back by nine days: a rotation would retire the key
	// before the certificate it signed.
	s.db.Now = steppingClock(fixedNow.AddDate(0, 0, 1))
	_, err := s.keys.RotateSigningKey(ctx)
	refused("a rotation", "系统时钟早于审计记录", err)
	verifies("the certificate issued before the refused rotation", a)

	// A rotation with the clock right, then the clock set back again: an
	// issue would be dated before the new key's creation.
	s.db.Now = steppingClock(fixedNow.AddDate(0, 0, 11))
	if _, err := s.keys.RotateSigningKey(ctx); err != nil {
		t.Fatal(err)
	}
	verifies("the certificate issued before the rotation", a)
	app := s.MustApply(t, "RT56-CLOCK-B")
	s.db.Now = steppingClock(fixedNow.AddDate(0, 0, 2))
	before, err := s.db.Commits()
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.certs.IssueCertificate(ctx, app.ID, issueReq)
	refused("an issue", "系统时钟早于当前签名密钥", err)
	if after, err := s.db.Commits(); err != nil || after != before {
		t.Errorf("the refused issue wrote: commits %d → %d, %v", before, after, err)
	}

	// With the clock right again, the same issue is made and verifies.
	s.db.Now = steppingClock(fixedNow.AddDate(0, 0, 12))
	b, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
	if err != nil {
		t.Fatal(err)
	}
	verifies("the certificate issued with the clock right", b)
}
