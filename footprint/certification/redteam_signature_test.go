package certification_test

import (
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// Ensure a certificate that claims to have been issued before its signing
// key existed does not verify. A retired key's certificates dated after
// its retirement are refused (VerifyKeyRetired), which bounds what a
// stolen retired key can sign; nothing bounds the other end, so a stolen
// key can sign certificates backdated to any year (here 2020 with a key
// created in 2026), and offline verification calls them genuine.
func TestRedteam_IssuedBeforeKeyCreated(t *testing.T) {
	key := footprinttest.Key(t, "redteam created", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	c := footprinttest.Certificate()
	c.IssuedAt = time.Date(2020, 3, 2, 2, 0, 0, 0, time.UTC)
	c.ExpiresAt = certification.CertificateExpiry(c.IssuedAt, 0)
	sc, err := certification.SignCertificate(c, key)
	if err != nil {
		return // refused at signing: fine too
	}
	if err := certification.VerifyCertificate(sc, []certification.PublicKey{key.PublicKey()}); err == nil {
		t.Fatalf("certificate dated %s verifies with a key created %s", c.IssuedAt.Format(time.DateOnly), key.Created.Format(time.DateOnly))
	}
}
