package factordbtest

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// HoldsSeed reports whether b, a database file or a backup of one, holds
// the private seed of k anywhere, in its free pages too: raw, or base64 as
// the signing keys bucket stores it.
func HoldsSeed(b []byte, k *certification.SigningKey) bool {
	seed := k.Private.Seed()
	return bytes.Contains(b, seed) || bytes.Contains(b, []byte(base64.StdEncoding.EncodeToString(seed)))
}

// OpenCopy writes b, a backup, to a file in a new temporary directory and
// opens it as Open does: a restore.
func OpenCopy(tb testing.TB, b []byte) *factordb.DB {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "restored.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		tb.Fatal(err)
	}
	return Open(tb, path)
}
