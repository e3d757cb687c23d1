package factordb

import (
	"encoding/json"

	bolt "go.etcd.io/bbolt"
)

// StripStoredWarnings removes the warnings of a study's stored result
// (red team 14 proof), as a result stored by an engine before a warning
// existed holds none of it.
func StripStoredWarnings(db *DB, studyID string) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		_, docKey, _, result, err := studyDocsOf(tx, studyID)
		if err != nil {
			return err
		}
		var r map[string]any
		if err := json.Unmarshal(result, &r); err != nil {
			return err
		}
		delete(r, "warnings")
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		return tx.Bucket(studyFilesBucket).Bucket(docKey).Put(studyResultName, b)
	})
}
