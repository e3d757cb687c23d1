package factordb

import (
	"encoding/json"
	"fmt"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

// EditCertificateRecord rewrites the stored record of a certificate
// behind the services' back: edit changes its JSON fields.
func EditCertificateRecord(db *DB, id uuid.UUID, edit func(map[string]any)) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(certificatesBucket)
		var m map[string]any
		if err := json.Unmarshal(b.Get(id[:]), &m); err != nil {
			return fmt.Errorf("certificate %s: %w", id, err)
		}
		edit(m)
		raw, err := json.Marshal(m)
		if err != nil {
			return err
		}
		return b.Put(id[:], raw)
	})
}
