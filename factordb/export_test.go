package factordb

import (
	"context"
	"time"

	bolt "go.etcd.io/bbolt"
)

// RecordAuditEvent appends an audit event by the context's principal, as a
// change made in the store would; tests use it to fill the trail.
func (s *CertificationService) RecordAuditEvent(ctx context.Context, action, subject, detail string) error {
	return s.record(ctx, "record audit event", func(*bolt.Tx, time.Time) (string, string, string, error) {
		return action, subject, detail, nil
	})
}

// Init runs what Open runs on an open file: buckets, schema, indexes.
func Init(db *DB) error { return db.init() }

// DropCertificateStudies empties the certificate_studies index, as a
// database written before it existed has it.
func DropCertificateStudies(db *DB) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(certStudiesBucket); err != nil {
			return err
		}
		_, err := tx.CreateBucket(certStudiesBucket)
		return err
	})
}
