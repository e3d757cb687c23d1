package factordbtest

import (
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// EditFile does to the closed database file at path what someone holding
// it could: it runs edit in one bbolt write transaction on the raw file,
// below factordb (no migration, no index kept, no audit event), and
// closes it. A file a factordb.DB holds open is waited for at most a
// second. An error of edit, or of opening or closing the file, fails the
// test.
func EditFile(tb testing.TB, path string, edit func(tx *bolt.Tx) error) {
	tb.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	defer func() { // also when edit fails the test
		if err := db.Close(); err != nil {
			tb.Error(err)
		}
	}()
	if err := db.Update(edit); err != nil {
		tb.Fatal(err)
	}
}

// ViewFile runs view in one read-only bbolt transaction on the raw
// database file at path, as a reader of the file finds it, and closes
// it; like EditFile, it waits at most a second for a file held open. An
// error of view, or of opening the file, fails the test.
func ViewFile(tb testing.TB, path string, view func(tx *bolt.Tx) error) {
	tb.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if err := db.View(view); err != nil {
		tb.Fatal(err)
	}
}
