package footprinttest

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Key returns a signing key created at created: derived from seed, so that
// signatures (and with them golden files) are reproducible, or random when
// seed is "".
func Key(tb testing.TB, seed string, created time.Time) *certification.SigningKey {
	tb.Helper()
	var rand io.Reader // nil: crypto/rand
	if seed != "" {
		rand = strings.NewReader(fmt.Sprintf("%-32s", seed))
	}
	k, err := certification.NewSigningKey(rand, created)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// NewCertificate returns the certificate certification.NewCertificate
// makes of in.
func NewCertificate(tb testing.TB, in certification.CertificateInput) *certification.Certificate {
	tb.Helper()
	c, err := certification.NewCertificate(in)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// Sign signs c with key.
func Sign(tb testing.TB, c *certification.Certificate, key *certification.SigningKey) *certification.SignedCertificate {
	tb.Helper()
	sc, err := certification.SignCertificate(c, key)
	if err != nil {
		tb.Fatal(err)
	}
	return sc
}

// Envelope is sc's signed envelope, the bytes a document embeds and a
// verify answer carries.
func Envelope(tb testing.TB, sc *certification.SignedCertificate) []byte {
	tb.Helper()
	env, err := sc.MarshalEnvelope()
	if err != nil {
		tb.Fatal(err)
	}
	return env
}

// PublicKeys returns the keys of the JWK Set jwks, as a verifier reads
// them from /v1/keys or a file.
func PublicKeys(tb testing.TB, jwks []byte) []certification.PublicKey {
	tb.Helper()
	keys, err := certification.ParsePublicKeysJWKS(jwks)
	if err != nil {
		tb.Fatal(err)
	}
	return keys
}
