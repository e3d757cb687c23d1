package certification_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// The two helpers footprint's own tests define (engine_test.go), for the
// certificate tests that moved here.

func unit(s string) footprint.Unit { return footprint.MustParseUnit(s) }

func checkInvalid(t *testing.T, err error, field, message string) {
	t.Helper()
	if got, want := footprint.ErrorCode(err), footprint.EINVALID; got != want {
		t.Fatalf("code = %q (%v), want %q", got, err, want)
	}
	if got := footprint.ErrorField(err); got != field {
		t.Errorf("field = %q, want %q (%v)", got, field, err)
	}
	if got := footprint.ErrorMessage(err); !strings.Contains(got, message) {
		t.Errorf("message = %q, want it to contain %q", got, message)
	}
}

// mustSignEdited signs c with a test key (valid from 2026-01-01), checks the
// signed certificate verifies, and checks that each edit of its signed
// content (the first string replaced by the second) breaks the signature.
// It returns the signed certificate and the keys that verify it.
func mustSignEdited(t *testing.T, c *certification.Certificate, edits [][2]string) (*certification.SignedCertificate, []certification.PublicKey) {
	t.Helper()
	key := footprinttest.Key(t, "", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	sc := footprinttest.Sign(t, c, key)
	keys := []certification.PublicKey{key.PublicKey()}
	if err := certification.VerifyCertificate(sc, keys); err != nil {
		t.Fatal(err)
	}
	for _, edit := range edits {
		forged := *sc
		forged.Content = bytes.Replace(sc.Content, []byte(edit[0]), []byte(edit[1]), 1)
		if bytes.Equal(forged.Content, sc.Content) {
			t.Fatalf("edit %q changed nothing", edit[0])
		}
		forged.Certificate = nil
		if got := verifyReason(t, certification.VerifyCertificate(&forged, keys)); got != certification.VerifyBadSignature {
			t.Errorf("%s: reason %q, want %q", edit[1], got, certification.VerifyBadSignature)
		}
	}
	return sc, keys
}
