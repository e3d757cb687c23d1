package factordb

import (
	"bytes"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
)

// ScaleStoredResult multiplies the total of a stored study's result by k
// and stores it again, as a result computed by an older engine that gave
// another figure.
func ScaleStoredResult(db *DB, id string, k float64) error {
	key, _ := uuidKey(id)
	return db.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(studyResultBucket)
		res, err := footprint.ParseResultJSON(bytes.NewReader(b.Get(key)))
		if err != nil {
			return err
		}
		res.KgCO2e *= k
		return b.Put(key, res.Canonicalize())
	})
}
