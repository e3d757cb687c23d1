package factordb

import bolt "go.etcd.io/bbolt"

// DropCertificateGTINs empties the certificate_gtins index, as a database
// written before it existed has it.
func DropCertificateGTINs(db *DB) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		return dropIndex(tx, certGTINsBucket, "index:certificate_gtins")
	})
}
