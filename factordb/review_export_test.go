package factordb

import (
	"bytes"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

// DropCertificateRecord removes the stored record of certificate id
// behind the services' back, as a store holding a lineage begun at another
// service lacks it, and returns what puts it back.
func DropCertificateRecord(db *DB, id uuid.UUID) (putBack func() error, err error) {
	var raw []byte
	err = db.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(certificatesBucket)
		raw = bytes.Clone(b.Get(id[:]))
		return b.Delete(id[:])
	})
	return func() error {
		return db.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(certificatesBucket).Put(id[:], raw) })
	}, err
}
