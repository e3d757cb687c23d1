package factordb

import (
	"context"
	"fmt"
	"github.com/google/uuid"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
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
		return dropIndex(tx, certStudiesBucket, "index:certificate_studies")
	})
}

// ForgetSuppliers makes the certificates look as a database written before
// they listed their supplier certificates: no lists, no downstream index.
func ForgetSuppliers(db *DB) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		var recs []*certificateRecord
		if err := tx.Bucket(certificatesBucket).ForEach(func(k, v []byte) error {
			var rec certificateRecord
			if err := decodeJSON(v, &rec); err != nil {
				return err
			}
			recs = append(recs, &rec)
			return nil
		}); err != nil {
			return err
		}
		for _, rec := range recs {
			rec.Suppliers = nil
			id, key := rec.ID, uuid.MustParse(rec.ID)
			if err := putJSON(tx.Bucket(certificatesBucket), key[:], rec); err != nil {
				return fmt.Errorf("certificate %s: %w", id, err)
			}
		}
		return dropIndex(tx, downstreamBucket, "index:certificate_downstream")
	})
}

func dropIndex(tx *bolt.Tx, bucket []byte, key string) error {
	if err := tx.DeleteBucket(bucket); err != nil {
		return err
	}
	if _, err := tx.CreateBucket(bucket); err != nil {
		return err
	}
	return tx.Bucket(metaBucket).Delete([]byte(key))
}

// RepinStudy pins a stored study to another factor set (document and
// summary), as a database written before studies against drafts were
// refused may hold one: a study stored against a draft.
func RepinStudy(db *DB, studyID, set string) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		key, ok := uuidKey(studyID)
		if !ok {
			return fmt.Errorf("study id %q", studyID)
		}
		st, err := findStudy(tx, studyID)
		if err != nil {
			return err
		}
		st.FactorSet, st.Result = set, nil
		doc, err := footprint.MarshalStudyJSON(st)
		if err != nil {
			return err
		}
		if err := tx.Bucket(studyDocsBucket).Put(key, doc); err != nil {
			return err
		}
		var rec studyRecord
		if err := decodeJSON(tx.Bucket(studiesBucket).Get(key), &rec); err != nil {
			return err
		}
		rec.FactorSet = set
		return putJSON(tx.Bucket(studiesBucket), key, &rec)
	})
}

// StoredStudyDocument returns the study document as stored, byte for byte
// (nil if there is none).
func StoredStudyDocument(db *DB, id string) []byte {
	var doc []byte
	key, ok := uuidKey(id)
	if !ok {
		return nil
	}
	_ = db.db.View(func(tx *bolt.Tx) error {
		doc = append([]byte(nil), tx.Bucket(studyDocsBucket).Get(key)...)
		return nil
	})
	return doc
}

// UnpublishFactorSet makes a published set a draft again, as a database
// written before studies had to pin published sets may hold one under a
// stored study.
func UnpublishFactorSet(db *DB, version string) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		set, err := findSet(tx, version)
		if err != nil {
			return err
		}
		set.Status, set.Digest = footprint.SetDraft, ""
		return putSet(tx, set)
	})
}
