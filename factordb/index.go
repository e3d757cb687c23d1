package factordb

import (
	"bytes"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// Indexes that Open builds from the stored records, for a database
// written before they existed.

// buildIndex fills the index bucket index with the keys keysOf gives for
// each record (a JSON R, named what in errors) of bucket records, sorted
// before they are put: in key order bbolt appends instead of splitting
// pages (see indexCertificateRulesCompanies). indexName names the index in
// errors.
func buildIndex[R any, PR interface {
	*R
	record
}](tx *bolt.Tx, records, index []byte, what, indexName string, keysOf func(k []byte, rec *R) [][]byte) error {
	var keys [][]byte
	err := forEachRecord[R, PR](tx.Bucket(records), what, func(k []byte, rec *R) error {
		keys = append(keys, keysOf(k, rec)...)
		return nil
	})
	if err != nil {
		return err
	}
	slices.SortFunc(keys, bytes.Compare)
	idx := tx.Bucket(index)
	for _, k := range keys {
		if err := idx.Put(k, nil); err != nil {
			return fmt.Errorf("put %s: %w", indexName, err)
		}
	}
	return nil
}

// emptyBucket deletes every entry of the top-level bucket name, in tx: an
// index built again from the records (its keys were an earlier key
// function's).
func emptyBucket(tx *bolt.Tx, name []byte) error {
	if err := tx.DeleteBucket(name); err != nil {
		return fmt.Errorf("empty %s: %w", name, err)
	}
	if _, err := tx.CreateBucket(name); err != nil {
		return fmt.Errorf("empty %s: %w", name, err)
	}
	return nil
}
