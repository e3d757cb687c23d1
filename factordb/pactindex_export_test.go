package factordb

import (
	"context"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// CheckPACTFootprintIndex returns an error unless pact_footprint_index
// holds exactly the entries the stored certificates, their studies and the
// declared CPC codes give (as Open builds it for an older file).
func CheckPACTFootprintIndex(db *DB) error {
	return checkIndexes(db, "PACT footprint index", "certificates", [][]byte{pactIndexBucket}, indexPACTFootprints)
}

// DropPACTFootprintIndex empties pact_footprint_index, as a file written
// before it existed has it.
func DropPACTFootprintIndex(db *DB) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		return dropIndex(tx, pactIndexBucket, "index:pact_footprints")
	})
}

// FindFootprintsScan is FindFootprints reading every certificate, as the
// PACT host did before the index.
func (s *CertificationService) FindFootprintsScan(ctx context.Context, filter certification.CertificateFilter, lookups []pact.Lookup) ([]*certification.CertificateRecord, string, error) {
	return s.scanning().FindFootprints(ctx, filter, lookups)
}

// DropPACTReplaced empties pact_replaced, as a file written before it
// existed has it.
func DropPACTReplaced(db *DB) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		return dropIndex(tx, pactReplacedBucket, "index:pact_replaced")
	})
}
