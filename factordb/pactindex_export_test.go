package factordb

import (
	"context"
	"time"

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

// ForgetSupersededAt makes the file as a program before SupersededAt
// wrote it: no certificate record holds the time, the PACT footprint
// index holds the entries such records give, and the migration that sets
// the times is not done.
func ForgetSupersededAt(db *DB) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		var recs []*certificateRecord
		if err := forEachRecord(tx.Bucket(certificatesBucket), "certificate", func(_ []byte, rec *certificateRecord) error {
			recs = append(recs, rec)
			return nil
		}); err != nil {
			return err
		}
		for _, rec := range recs {
			rec.SupersededAt = time.Time{}
			d, err := rec.domain(nil)
			if err != nil {
				return err
			}
			if err := putJSON(tx.Bucket(certificatesBucket), d.Certificate().ID[:], rec); err != nil {
				return err
			}
		}
		if err := emptyBucket(tx, pactIndexBucket); err != nil {
			return err
		}
		if err := indexPACTFootprints(tx); err != nil {
			return err
		}
		return tx.Bucket(metaBucket).Delete([]byte("records:certificate_superseded_at"))
	})
}
