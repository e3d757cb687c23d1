package factordbtest

import (
	"bytes"
	"encoding/binary"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// EditAuditRecord does to the closed database file at path what someone
// holding it could: it replaces the stored bytes of the audit event under
// bucket key seq with what edit returns, or deletes the event if edit
// returns nil. Nothing else is touched: not the chain's head, not the
// audit index.
func EditAuditRecord(tb testing.TB, path string, seq uint64, edit func(v []byte) []byte) {
	tb.Helper()
	EditFile(tb, path, func(tx *bolt.Tx) error {
		b, k := tx.Bucket([]byte("audit_events")), binary.BigEndian.AppendUint64(nil, seq)
		if v := edit(bytes.Clone(b.Get(k))); v != nil {
			return b.Put(k, v)
		}
		return b.Delete(k)
	})
}
