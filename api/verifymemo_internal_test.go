package api

import (
	"bytes"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// The verification answer checks a certificate's signature once while the
// certificate and its key stay the same, and checks it again, with the
// right outcome, when either changes (issue 14).
func TestVerifyMemo(t *testing.T) {
	calls := 0
	defer func(f func(*certification.SignedCertificate, []certification.PublicKey) error) { verifyCertificate = f }(verifyCertificate)
	verifyCertificate = func(sc *certification.SignedCertificate, keys []certification.PublicKey) error {
		calls++
		return certification.VerifyCertificate(sc, keys)
	}
	key := footprinttest.Key(t, "verify memo", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	sc, err := certification.SignCertificate(footprinttest.Certificate(), key)
	if err != nil {
		t.Fatal(err)
	}
	id := sc.Certificate.ID
	keys := []certification.PublicKey{key.PublicKey()}
	var vm verifyMemo
	check := func(name string, sc *certification.SignedCertificate, keys []certification.PublicKey, wantCalls int, wantReason string) {
		t.Helper()
		err := vm.verify(id, sc, keys)
		reason := ""
		if err != nil {
			ve, ok := err.(*certification.VerifyError)
			if !ok {
				t.Fatalf("%s: %v, want a *VerifyError", name, err)
			}
			reason = ve.Reason
		}
		if reason != wantReason || calls != wantCalls {
			t.Fatalf("%s: reason %q after %d checks, want %q after %d (%s)", name, reason, calls, wantReason, wantCalls, footprint.ErrorMessage(err))
		}
	}
	check("first", sc, keys, 1, "")
	check("again", sc, keys, 1, "")
	check("keys copied", sc, []certification.PublicKey{key.PublicKey()}, 1, "")

	retired := key.PublicKey()
	retired.Retired = sc.Certificate.IssuedAt.Add(-time.Hour)
	check("key retired before issue", sc, []certification.PublicKey{retired}, 2, certification.VerifyKeyRetired)
	check("key as it was", sc, keys, 3, "")

	tampered := *sc
	tampered.Signature = bytes.Clone(sc.Signature)
	tampered.Signature[0] ^= 1
	check("signature altered", &tampered, keys, 4, certification.VerifyBadSignature)

	other := footprinttest.Key(t, "verify memo other", key.Created)
	check("unknown key", sc, []certification.PublicKey{other.PublicKey()}, 5, certification.VerifyUnknownKey)

	shown := *sc
	c := *sc.Certificate
	c.Number = "CDPCF-2024-999999"
	shown.Certificate = &c // another decoded certificate: not the one remembered
	check("shown fields differ", &shown, keys, 6, certification.VerifyFieldMismatch)
	check("shown again", &shown, keys, 6, certification.VerifyFieldMismatch)
	check("original", sc, keys, 7, "")
}
