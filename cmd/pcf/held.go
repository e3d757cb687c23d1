package main

import (
	"errors"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// heldByBolt reports whether a process holds the database file at path,
// as bbolt tells it on any system: a read-only open (a shared lock, no
// write) times out against the lock of a process that has it open to
// write, a running pcf serve's included. heldByAnother uses it where
// there is no flock.
func heldByBolt(path string) bool {
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: 50 * time.Millisecond})
	if err != nil {
		return errors.Is(err, berrors.ErrTimeout)
	}
	_ = db.Close()
	return false
}
