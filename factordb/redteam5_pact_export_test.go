package factordb

import (
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/google/uuid"
)

// PutStoredPACTFootprint stores doc, a PACT footprint with id, as owner's
// upload version 0 without any check: what a file written before the
// store checked a document (SaveSupplierFootprint) may hold.
func PutStoredPACTFootprint(db *DB, owner string, id uuid.UUID, doc []byte) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		rec := &pactFootprintRecord{V: recordV1, ID: id.String(), Owner: owner, UploadedAt: time.Now().UTC(), Document: doc}
		return putJSON(tx.Bucket(pactFootprintsBucket), pactFootprintKey(owner, id, 0), rec)
	})
}
