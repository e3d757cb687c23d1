package factordb

import (
	"bytes"
	"fmt"
	"regexp"

	bolt "go.etcd.io/bbolt"
)

// pactVersionFields are the fields of a result's supplier entry that
// record a PACT footprint's spec version and version.
var pactVersionFields = regexp.MustCompile(`,"pact_spec_version":"[^"]*"(,"pact_version":\d+)?`)

// StripStoredPACTVersions rewrites the stored result of study id as the
// service stored results before they recorded the PACT footprints'
// versions, for tests of such studies.
func StripStoredPACTVersions(db *DB, id string) error {
	key, ok := uuidKey(id)
	if !ok {
		return fmt.Errorf("study id %q", id)
	}
	return db.db.Update(func(tx *bolt.Tx) error {
		key, _, old, err := studyDocs(tx, key)
		if err != nil {
			return err
		}
		b := tx.Bucket(studyResultBucket)
		stripped := pactVersionFields.ReplaceAll(old, nil)
		if bytes.Equal(stripped, old) {
			return fmt.Errorf("study %s: the stored result records no PACT version", id)
		}
		return b.Put(key, stripped)
	})
}
