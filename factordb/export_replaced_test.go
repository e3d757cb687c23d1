package factordb

import bolt "go.etcd.io/bbolt"

// DropPACTReplaced empties pact_replaced, as a file written before it
// existed has it.
func DropPACTReplaced(db *DB) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		return dropIndex(tx, pactReplacedBucket, "index:pact_replaced")
	})
}
