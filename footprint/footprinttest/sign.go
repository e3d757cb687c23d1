package footprinttest

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Key returns a signing key created at created: derived from seed, so that
// signatures (and with them golden files) are reproducible, or random when
// seed is "".
func Key(tb testing.TB, seed string, created time.Time) *footprint.SigningKey {
	tb.Helper()
	var rand io.Reader // nil: crypto/rand
	if seed != "" {
		rand = strings.NewReader(fmt.Sprintf("%-32s", seed))
	}
	k, err := footprint.NewSigningKey(rand, created)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// Sign signs c with key.
func Sign(tb testing.TB, c *footprint.Certificate, key *footprint.SigningKey) *footprint.SignedCertificate {
	tb.Helper()
	sc, err := footprint.SignCertificate(c, key)
	if err != nil {
		tb.Fatal(err)
	}
	return sc
}
