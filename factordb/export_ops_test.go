package factordb

import (
	"encoding/json"
	"fmt"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

// PutApplicationWithoutProduct writes application id's stored record again
// without its product, as a store written before applications recorded
// their product has it.
func PutApplicationWithoutProduct(db *DB, id uuid.UUID) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(applicationsBucket)
		var rec map[string]json.RawMessage
		if err := json.Unmarshal(b.Get(id[:]), &rec); err != nil {
			return fmt.Errorf("application %s: %w", id, err)
		}
		if _, ok := rec["product"]; !ok {
			return fmt.Errorf("application %s has no product to remove", id)
		}
		delete(rec, "product")
		v, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		return b.Put(id[:], v)
	})
}
