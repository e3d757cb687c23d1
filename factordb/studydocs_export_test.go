package factordb

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// MoveStudyDocumentsToID moves a study's document and result under its
// UUID alone, where a database written before issue 14 keeps them.
func MoveStudyDocumentsToID(db *DB, id string) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		key, ok := uuidKey(id)
		if !ok {
			return fmt.Errorf("study id %q", id)
		}
		docKey, doc, result, err := studyDocs(tx, key)
		if err != nil || doc == nil || bytes.Equal(docKey, key) {
			return fmt.Errorf("study %s: documents under %x, %v", id, docKey, err)
		}
		doc, result = bytes.Clone(doc), bytes.Clone(result)
		for _, b := range []struct {
			bucket []byte
			v      []byte
		}{{studyDocsBucket, doc}, {studyResultBucket, result}} {
			if err := tx.Bucket(b.bucket).Delete(docKey); err != nil {
				return err
			}
			if err := tx.Bucket(b.bucket).Put(key, b.v); err != nil {
				return err
			}
		}
		return nil
	})
}

// StudyDocumentKeys returns the keys of the study_documents bucket in
// key order.
func StudyDocumentKeys(db *DB) (keys [][]byte, err error) {
	err = db.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(studyDocsBucket).ForEach(func(k, _ []byte) error {
			keys = append(keys, bytes.Clone(k))
			return nil
		})
	})
	return keys, err
}
