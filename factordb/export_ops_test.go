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

// DropStudyDocuments deletes the documents of study id (its bucket of
// study_files), leaving its summary and its place in the indexes: what a
// list reads of it is then its summary alone.
func DropStudyDocuments(db *DB, id string) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		key, _ := uuidKey(id)
		order, err := studyOrderKey(tx, key)
		if err != nil || order == nil {
			return fmt.Errorf("study %s: %v", id, err)
		}
		return tx.Bucket(studyFilesBucket).DeleteBucket(order)
	})
}

// PutStudySummaryWithoutListing writes study id's summary again without
// what a list shows (studyRecord.Listed), as a store written before it
// kept it has it.
func PutStudySummaryWithoutListing(db *DB, id string) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		key, _ := uuidKey(id)
		b := tx.Bucket(studiesBucket)
		var rec map[string]json.RawMessage
		if err := json.Unmarshal(b.Get(key), &rec); err != nil {
			return fmt.Errorf("study %s: %w", id, err)
		}
		if _, ok := rec["listed"]; !ok {
			return fmt.Errorf("study %s has no listing to remove", id)
		}
		delete(rec, "listed")
		v, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		return b.Put(key, v)
	})
}
