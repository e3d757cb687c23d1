package factordb

import bolt "go.etcd.io/bbolt"

// SetImportBatch sets how many factors one transaction of an import writes
// and how many keys one transaction of its staging copy copies, so that
// tests exercise batched imports with a few factors; it returns a function
// that restores the defaults.
func SetImportBatch(factors, keys int) (restore func()) {
	f, k := importBatch, copyBatch
	importBatch, copyBatch = factors, keys
	return func() { importBatch, copyBatch = f, k }
}

// HasImportStaging reports whether db holds the staging area of an import
// into set.
func HasImportStaging(db *DB, set string) bool {
	found := false
	_ = db.db.View(func(tx *bolt.Tx) error {
		fb, ib := stagingBuckets(tx, []byte(set))
		found = fb != nil || ib != nil
		return nil
	})
	return found
}
