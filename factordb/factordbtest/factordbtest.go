// Package factordbtest opens factordb databases for the tests of any
// package, so that each does not write its own opener.
package factordbtest

import (
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
)

// Open opens the database at path for the test. At cleanup it runs bbolt's
// consistency check, failing the test on any inconsistency, then closes the
// database.
func Open(tb testing.TB, path string) *factordb.DB {
	tb.Helper()
	db, err := factordb.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := db.Check(); err != nil {
			tb.Errorf("consistency check: %v", err)
		}
		if err := db.Close(); err != nil {
			tb.Error(err)
		}
	})
	return db
}
