package factordb

import (
	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

// ReplaceStoredPACTDocument puts doc in place of the document of owner's
// stored PACT footprint id in version (0 for PACT v3), keeping where it
// came from: a document stored before a check that refuses it now.
func ReplaceStoredPACTDocument(db *DB, owner string, id uuid.UUID, version int, doc []byte) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		var rec pactFootprintRecord
		if err := findJSON(tx.Bucket(pactFootprintsBucket), pactFootprintKey(owner, id, version), &rec, "footprint %s not found", id); err != nil {
			return err
		}
		rec.Document = doc
		return putJSON(tx.Bucket(pactFootprintsBucket), pactFootprintKey(owner, id, version), &rec)
	})
}
