package factordb

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/big"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/pact"
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

// DropCertificateStudies empties the certificate_studies index and the
// certificate_models index (lineage.go), as a database written before they
// existed has them.
func DropCertificateStudies(db *DB) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		if err := dropIndex(tx, certModelsBucket, "index:certificate_models"); err != nil {
			return err
		}
		return dropIndex(tx, certStudiesBucket, "index:certificate_studies")
	})
}

// PutModelIndex empties the certificate_models index (lineage.go), puts
// entries (key as stored → certificate UUID) in it and marks the file
// schema, as an older version keyed the index.
func PutModelIndex(db *DB, schema uint32, entries map[string]uuid.UUID) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		if err := dropIndex(tx, certModelsBucket, "index:certificate_models"); err != nil {
			return err
		}
		for k, id := range entries {
			if err := tx.Bucket(certModelsBucket).Put([]byte(k), bytes.Clone(id[:])); err != nil {
				return err
			}
		}
		meta := tx.Bucket(metaBucket)
		if err := meta.Put([]byte("index:certificate_models"), []byte{1}); err != nil {
			return err
		}
		return meta.Put(metaSchemaKey, binary.BigEndian.AppendUint32(nil, schema))
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

// AssertNonZero fails if any field of v (recursively) is zero, a time
// being one value.
var AssertNonZero = assertNonZero

// OrgIndexesKey is the migration key of the organisation indexes.
const OrgIndexesKey = orgIndexesKey

func dropIndex(tx *bolt.Tx, bucket []byte, key string) error {
	if err := tx.DeleteBucket(bucket); err != nil {
		return err
	}
	if _, err := tx.CreateBucket(bucket); err != nil {
		return err
	}
	return tx.Bucket(metaBucket).Delete([]byte(key))
}

// studyDocsOf is studyDocs for the study id, refused unless it is a UUID;
// key is the study's key.
func studyDocsOf(tx *bolt.Tx, id string) (key, docKey, doc, result []byte, err error) {
	key, ok := uuidKey(id)
	if !ok {
		return nil, nil, nil, nil, fmt.Errorf("study id %q", id)
	}
	docKey, doc, result, err = studyDocs(tx, key)
	return key, docKey, doc, result, err
}

// SetStudyDocument replaces the stored document of a study, bypassing the
// write path, as a file written by an earlier version may hold one.
func SetStudyDocument(db *DB, studyID string, doc []byte) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		_, docKey, _, _, err := studyDocsOf(tx, studyID)
		if err != nil {
			return err
		}
		return tx.Bucket(studyFilesBucket).Bucket(docKey).Put(studyDocumentName, doc)
	})
}

// RepinStudy pins a stored study to another factor set (document, result
// and summary), as a database written before studies against drafts were
// refused may hold one: a study stored against a draft, its result
// calculated on the draft's factors (a warning names the set).
func RepinStudy(db *DB, studyID, set string) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		key, docKey, _, _, err := studyDocsOf(tx, studyID)
		if err != nil {
			return err
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
		factors, suppliers, err := studyInputs(tx, st)
		if err != nil {
			return err
		}
		res, err := footprint.Calculate(st, factors, suppliers)
		if err != nil {
			return err
		}
		files := tx.Bucket(studyFilesBucket).Bucket(docKey)
		if err := files.Put(studyDocumentName, doc); err != nil {
			return err
		}
		if err := files.Put(studyResultName, res.Canonicalize()); err != nil {
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
		_, d, _, err := studyDocs(tx, key)
		doc = append([]byte(nil), d...)
		return err
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

// PendingApplicationIndex returns the pending-application index as stored:
// study ID → application ID.
func PendingApplicationIndex(db *DB) (map[string]uuid.UUID, error) {
	out := map[string]uuid.UUID{}
	err := db.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(pendingApplicationsBucket).ForEach(func(k, v []byte) error {
			id, err := uuid.FromBytes(v)
			if err != nil {
				return err
			}
			out[string(k)] = id
			return nil
		})
	})
	return out, err
}

// DropPendingApplications empties the pending-application index, as a
// database written before it existed has it.
func DropPendingApplications(db *DB) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		return dropIndex(tx, pendingApplicationsBucket, "index:application_pending")
	})
}

// LoadDecidedApplications writes n rejected applications of random studies
// directly, in large transactions, without audit events: a fast loader for
// benchmarks only. The indexes are built as Open builds them for a file
// without them (DB.Check compares them at the benchmark's end).
func LoadDecidedApplications(db *DB, n int, manufacturer, certifier string) error {
	now := db.now()
	return loadRecords(db, n, func(tx *bolt.Tx, _ int) error {
		a := certification.Application{
			ID: uuid.New(), StudyID: uuid.NewString(), Manufacturer: manufacturer, Certifier: certifier,
			Status: certification.ApplicationRejected, Reasons: []string{"benchmark"}, CreatedAt: now, DecidedAt: now,
		}
		return putJSON(tx.Bucket(applicationsBucket), a.ID[:], newApplicationRecord(&a))
	}, "index:application_filters", "index:application_order")
}

// loadRecords writes n records, put writing the i-th, in transactions of
// 10,000, then drops the index meta keys indexes and reopens (init), so
// that the indexes are built as Open builds them for a file without them.
func loadRecords(db *DB, n int, put func(tx *bolt.Tx, i int) error, indexes ...string) error {
	const batch = 10_000
	for done := 0; done < n; {
		err := db.db.Update(func(tx *bolt.Tx) error {
			for i := 0; i < batch && done < n; i, done = i+1, done+1 {
				if err := put(tx, done); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	err := db.db.Update(func(tx *bolt.Tx) error {
		for _, k := range indexes {
			if err := tx.Bucket(metaBucket).Delete([]byte(k)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return db.init()
}

// scanning returns a copy of s whose Find* read every record, not the
// indexes.
func (s *CertificationService) scanning() *CertificationService {
	scan := *s
	scan.scan = true
	return &scan
}

// FindApplicationsScan is FindApplications reading every application, as
// it did before the application filter index.
func (s *CertificationService) FindApplicationsScan(ctx context.Context, filter certification.ApplicationFilter) ([]*certification.Application, error) {
	return s.scanning().FindApplications(ctx, filter)
}

// DropApplicationFilterIndex empties the application filter, model,
// rejection and pending product indexes, as a database written before they existed has them.
func DropApplicationFilterIndex(db *DB) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		return errors.Join(dropIndex(tx, applicationFiltersBucket, "index:application_filters"),
			dropIndex(tx, applicationOrderBucket, "index:application_order"),
			dropIndex(tx, applicationModelsBucket, "index:application_models"),
			dropIndex(tx, applicationRejectsBucket, "index:application_rejections"),
			dropIndex(tx, rejectedFiguresBucket, "index:application_rejected_figures"),
			dropIndex(tx, applicationProductsBucket, "index:application_pending_products"))
	})
}

// CheckApplicationFilterIndex returns an error unless the application
// filter, model and rejection indexes hold exactly the entries the stored
// applications (and their studies) give (no entry left under an old
// status).
func CheckApplicationFilterIndex(db *DB) error {
	return checkGroupOf(db, applicationFiltersBucket)
}

// FinishAnswerAsBefore marks pending PACT answer id delivered as a
// program before session 44 did: its record moved from p/ to d/, the
// requester's q/ key left as it was.
func FinishAnswerAsBefore(db *DB, id string) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(pactOutboxBucket)
		key := append(bytes.Clone(pendingAnswerPrefix), id...)
		v := b.Get(key)
		if v == nil {
			return fmt.Errorf("no pending answer %s", id)
		}
		return errors.Join(b.Put(append(bytes.Clone(doneAnswerPrefix), id...), bytes.Clone(v)), b.Delete(key))
	})
}

// PutOldApplicationFilterKeys writes the certifier's and manufacturer's
// keys of application_filters as a program of schema 8 did
// (PutOrganisationFilterKeys) and marks the file as of schema 8.
func PutOldApplicationFilterKeys(db *DB) error {
	if err := PutOrganisationFilterKeys(db); err != nil {
		return err
	}
	return db.db.Update(func(tx *bolt.Tx) error { return putSchema(tx.Bucket(metaBucket), metaSchemaKey, 8) })
}

// PutOrganisationFilterKeys writes the certifier's and manufacturer's keys
// of application_filters for every application, as a program before
// session 44 writes them, and one for an application no longer stored.
func PutOrganisationFilterKeys(db *DB) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(applicationFiltersBucket)
		var keys [][]byte
		err := b.ForEach(func(k, _ []byte) error {
			if k[0] == 'S' {
				st, id, _ := bytes.Cut(k[1:], []byte{0})
				keys = append(keys, slices.Concat([]byte("cSome Body\x00"), st, []byte{0}, id), slices.Concat([]byte("mSome Maker\x00"), st, []byte{0}, id))
			}
			return nil
		})
		gone := uuid.New()
		keys = append(keys, slices.Concat([]byte("cSome Body\x00pending\x00"), gone[:]))
		for _, k := range keys {
			err = errors.Join(err, b.Put(k, nil))
		}
		return err
	})
}

// ApplicationFilterKinds returns the kinds (first bytes) of the keys of
// application_filters, sorted.
func ApplicationFilterKinds(db *DB) (string, error) {
	var kinds []byte
	err := db.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(applicationFiltersBucket).ForEach(func(k, _ []byte) error {
			if !slices.Contains(kinds, k[0]) {
				kinds = append(kinds, k[0])
			}
			return nil
		})
	})
	slices.Sort(kinds)
	return string(kinds), err
}

// AccessTokenExpiries returns the stored access tokens: hex SHA-256 → key
// ID and expiry, read from access_tokens.
func AccessTokenExpiries(db *DB) (map[string]string, error) {
	out := map[string]string{}
	err := db.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(accessTokensBucket).ForEach(func(k, v []byte) error {
			var rec accessTokenRecord
			if err := decodeJSON(v, &rec); err != nil {
				return err
			}
			out[fmt.Sprintf("%x", k)] = rec.KeyID + " " + rec.ExpiresAt.UTC().Format(time.RFC3339Nano)
			return nil
		})
	})
	return out, err
}

// CheckAccessTokenIndexes returns an error unless the expiry and key
// indexes hold exactly one entry per stored access token, with its expiry
// and key.
func CheckAccessTokenIndexes(db *DB) error {
	return db.db.View(func(tx *bolt.Tx) error {
		want := map[string]bool{}
		if err := tx.Bucket(accessTokensBucket).ForEach(func(k, v []byte) error {
			var rec accessTokenRecord
			if err := decodeJSON(v, &rec); err != nil {
				return err
			}
			want["e"+string(expiryKey(rec.ExpiresAt, k))] = true
			want["k"+rec.KeyID+string(k)] = true
			return nil
		}); err != nil {
			return err
		}
		got := map[string]bool{}
		_ = tx.Bucket(tokenExpiryBucket).ForEach(func(k, _ []byte) error { got["e"+string(k)] = true; return nil })
		_ = tx.Bucket(tokenKeysBucket).ForEach(func(k, _ []byte) error { got["k"+string(k)] = true; return nil })
		if !maps.Equal(got, want) {
			return fmt.Errorf("access token indexes: %d entries, want %d from the tokens", len(got), len(want))
		}
		return nil
	})
}

// DropAccessTokenIndexes empties the access token indexes, as a database
// written before they existed has them.
func DropAccessTokenIndexes(db *DB) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		if err := dropIndex(tx, tokenExpiryBucket, "index:access_tokens"); err != nil {
			return err
		}
		return dropIndex(tx, tokenKeysBucket, "index:access_tokens")
	})
}

// LoadAccessTokens writes n unexpired access tokens of key ID keyID
// directly, in large transactions, then rebuilds the token indexes as Open
// does for a file without them: a fast loader for benchmarks only.
func LoadAccessTokens(db *DB, n int, keyID string, expires time.Time) error {
	now := db.now()
	return loadRecords(db, n, func(tx *bolt.Tx, i int) error {
		sum := sha256.Sum256(fmt.Appendf(nil, "bench token %d", i))
		return putJSON(tx.Bucket(accessTokensBucket), sum[:], &accessTokenRecord{V: recordV1, KeyID: keyID, CreatedAt: now, ExpiresAt: expires})
	}, "index:access_tokens")
}

// FindCertificatesScan is FindCertificates reading every certificate, as
// it did before the certificate indexes.
func (s *CertificationService) FindCertificatesScan(ctx context.Context, filter certification.CertificateFilter) ([]*certification.CertificateRecord, string, error) {
	return s.scanning().FindCertificates(ctx, filter)
}

// DropCertificateFilterIndexes empties the certificate product code, owner,
// status, rule, company and holder product indexes, as a database written before they existed has them.
func DropCertificateFilterIndexes(db *DB) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{certCodesBucket, certOwnersBucket, certStatusesBucket} {
			if err := dropIndex(tx, b, "index:certificate_filters"); err != nil {
				return err
			}
		}
		for _, b := range [][]byte{certRulesBucket, certCompaniesBucket, certCompanyNamesBucket} {
			if err := dropIndex(tx, b, "index:certificate_rules_companies"); err != nil {
				return err
			}
		}
		return errors.Join(dropIndex(tx, certHolderProductsBucket, "index:certificate_holder_products"),
			tx.Bucket(metaBucket).Delete([]byte("index:certificate_holder_stems")),
			dropIndex(tx, certFiguresBucket, "index:certificate_figures"))
	})
}

// CheckCertificateIndexes returns an error unless the certificate product
// code, owner, status, rule, company, holder product, GTIN, lineage peak and withdrawn study indexes hold exactly the
// entries the stored certificates give (no stale entry left by a status
// change; every GTIN entry names a certificate with that GTIN and its
// holder, and every certificate with a GTIN has its entry).
func CheckCertificateIndexes(db *DB) error {
	return checkGroupOf(db, certCodesBucket)
}

// CheckPACTShareIndex returns an error unless pact_share_partners holds
// exactly the entries the stored shares give.
func CheckPACTShareIndex(db *DB) error {
	return checkGroupOf(db, pactSharePartnersBucket)
}

// SetPACTSharePartner puts (present) or deletes the pact_share_partners
// entry of partner and certificate id, bypassing the write path.
func SetPACTSharePartner(db *DB, partner string, id uuid.UUID, present bool) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		if !present {
			return tx.Bucket(pactSharePartnersBucket).Delete(sharePartnerKey(id, partner))
		}
		return tx.Bucket(pactSharePartnersBucket).Put(sharePartnerKey(id, partner), nil)
	})
}

// DropCertificateExpiries empties certificate_expiries, as a file written
// before it existed has it.
func DropCertificateExpiries(db *DB) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		return dropIndex(tx, certExpiriesBucket, "index:certificate_expiries")
	})
}

// DropPACTSharePartners empties pact_share_partners, as a file written
// before it existed has it.
func DropPACTSharePartners(db *DB) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		return dropIndex(tx, pactSharePartnersBucket, "index:pact_share_partners")
	})
}

// SetCertificateGTIN puts the certificate_gtins entry of gtin and
// certificate id with value holder, or deletes it when holder is "",
// bypassing the write path, as a corrupted index would have it.
func SetCertificateGTIN(db *DB, gtin string, id uuid.UUID, holder string) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		key := append(gtinKey(gtin), id[:]...)
		if holder == "" {
			return tx.Bucket(certGTINsBucket).Delete(key)
		}
		return tx.Bucket(certGTINsBucket).Put(key, []byte(holder))
	})
}

// checkGroupOf checks the index group (indexGroups) that holds bucket, as
// DB.Check does, in a transaction it rolls back.
func checkGroupOf(db *DB, bucket []byte) error {
	i := slices.IndexFunc(indexGroups, func(g indexGroup) bool {
		return slices.ContainsFunc(g.buckets, func(b []byte) bool { return bytes.Equal(b, bucket) })
	})
	if i < 0 {
		return fmt.Errorf("no index group holds %s", bucket)
	}
	err := db.db.Update(func(tx *bolt.Tx) error {
		if err := indexGroups[i].check(tx); err != nil {
			return err
		}
		return errRollback
	})
	if err == errRollback {
		return nil
	}
	return err
}

var errRollback = fmt.Errorf("rolled back")

// LoadCertificateCopies writes n copies of the stored certificate like
// directly, in large transactions, each with a new ID, number BENCH-<i>
// and product code HS:7<i in 5 digits>, then rebuilds the certificate
// indexes as Open does for a file without them: a fast loader for
// benchmarks only (the copies' signed content is like's). With events,
// each copy's issue is in the audit trail as the service writes it, so
// the file checks clean (DB.Check); without, the copies are records
// written into the file, which Check names.
func LoadCertificateCopies(db *DB, n int, like uuid.UUID, events bool) error {
	var tmpl certificateRecord
	if err := db.db.View(func(tx *bolt.Tx) error {
		return findJSON(tx.Bucket(certificatesBucket), like[:], &tmpl, "certificate")
	}); err != nil {
		return err
	}
	// Loading is not what is measured: skip the fsyncs.
	db.db.NoSync = true
	defer func() { db.db.NoSync = false }()
	return loadRecords(db, n, func(tx *bolt.Tx, i int) error {
		rec := tmpl
		id := uuid.New()
		rec.ID, rec.Number = id.String(), fmt.Sprintf("BENCH-%07d", i)
		rec.ProductCodes = []string{fmt.Sprintf("HS:7%05d", i%100_000)}
		if err := putJSON(tx.Bucket(certificatesBucket), id[:], &rec); err != nil {
			return err
		}
		if events {
			if err := audit(context.Background(), tx, rec.StatusChangedAt, access.AuditCertificateIssue, "certificate/"+rec.ID, "number "+rec.Number); err != nil {
				return err
			}
		}
		return tx.Bucket(certNumbersBucket).Put([]byte(rec.Number), id[:])
	}, "index:certificate_rules_companies", "index:certificate_filters", "index:certificate_holder_products", "index:certificate_holder_stems", "index:pact_footprints")
}

// WriteGroupStats returns the group commits made so far and the calls they
// committed (failed and solo runs not counted).
func WriteGroupStats(db *DB) (commits, calls uint64) {
	db.group.mu.Lock()
	defer db.group.mu.Unlock()
	return db.group.commits, db.group.calls
}

// WriteQueue returns whether a group is being committed (or waits for the
// writer lock) and how many calls wait for the next one.
func WriteQueue(db *DB) (leading bool, queued int) {
	db.group.mu.Lock()
	defer db.group.mu.Unlock()
	return db.group.leading, len(db.group.queue)
}

// HoldWrites takes bbolt's writer lock until release is called, so that
// writes queue up behind it.
func HoldWrites(db *DB) (release func(), err error) {
	tx, err := db.db.Begin(true)
	if err != nil {
		return nil, err
	}
	return func() { _ = tx.Rollback() }, nil
}

// FindAuditEventsScan is FindAuditEvents reading the trail itself, as it
// did before the audit index.
func (s *CertificationService) FindAuditEventsScan(ctx context.Context, filter access.AuditFilter) ([]*access.AuditEvent, string, error) {
	return s.scanning().FindAuditEvents(ctx, filter)
}

// DropAuditIndex empties the audit index, as a database written before it
// existed has it.
func DropAuditIndex(db *DB) error {
	return db.db.Update(func(tx *bolt.Tx) error { return dropIndex(tx, auditIndexBucket, "index:audit_events") })
}

// CheckAuditIndex returns an error unless the audit index holds exactly
// the entries the stored events give.
func CheckAuditIndex(db *DB) error {
	return checkGroupOf(db, auditIndexBucket)
}

// FindProductsScan is FindProducts reading every product, also for an
// owner, as it did before reading an owner's models.
func (s *ProductService) FindProductsScan(ctx context.Context, filter footprint.ProductFilter) ([]*footprint.ProductRecord, int, error) {
	return (&ProductService{db: s.db, scan: true}).FindProducts(ctx, filter)
}

// PutLegacyAck writes the acknowledgement of the flag of factor code in set
// as a version before reviews were told apart wrote it (no kind), with
// note: seed.LoadSet wrote such records for the CPCD set with a note
// beginning "loaded by pcf as the source publishes it".
func PutLegacyAck(db *DB, set, code, note string) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		flags, err := flagsOf(tx, set, []string{code})
		if err != nil {
			return err
		}
		fl := flags[code]
		if fl == nil {
			return fmt.Errorf("factor %s of set %s has no flag", code, set)
		}
		_, acks, err := flagBuckets(tx, set)
		if err != nil {
			return err
		}
		return putJSON(acks, []byte(code), &ackRecord{V: recordV1, Value: fl.Value, Unit: fl.Unit,
			FlagAcknowledgement: factorlib.FlagAcknowledgement{By: "pcf", At: db.now().UTC(), Note: note}})
	})
}

// PutModelIndexEntry puts one entry in the certificate_models index as
// stored (key → certificate UUID), as an older version keyed it.
func PutModelIndexEntry(db *DB, key string, id uuid.UUID) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(certModelsBucket).Put([]byte(key), bytes.Clone(id[:]))
	})
}

// EditCertificateRecord rewrites the stored record of a certificate
// behind the services' back: edit changes its JSON fields.
func EditCertificateRecord(db *DB, id uuid.UUID, edit func(map[string]any)) error {
	return EditRecord(db, string(certificatesBucket), id[:], edit)
}

// EditRecord rewrites the stored JSON record under key in the top-level
// bucket behind the services' back, with no audit event: edit changes its
// fields.
func EditRecord(db *DB, bucket string, key []byte, edit func(map[string]any)) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucket))
		var m map[string]any
		if err := json.Unmarshal(b.Get(key), &m); err != nil {
			return fmt.Errorf("%s %x: %w", bucket, key, err)
		}
		edit(m)
		raw, err := json.Marshal(m)
		if err != nil {
			return err
		}
		return b.Put(key, raw)
	})
}

// ScaleStoredResult multiplies the total of a stored study's result by k
// and stores it again, as a result computed by an older engine that gave
// another figure.
func ScaleStoredResult(db *DB, id string, k float64) error {
	key, _ := uuidKey(id)
	return db.db.Update(func(tx *bolt.Tx) error {
		key, _, old, err := studyDocs(tx, key)
		if err != nil {
			return err
		}
		res, err := footprint.ParseResultJSON(bytes.NewReader(old))
		if err != nil {
			return err
		}
		res.KgCO2e *= k
		return tx.Bucket(studyFilesBucket).Bucket(key).Put(studyResultName, res.Canonicalize())
	})
}

// StripStoredWarnings removes the warnings of a study's stored result
// (red team 14 proof), as a result stored by an engine before a warning
// existed holds none of it.
func StripStoredWarnings(db *DB, studyID string) error {
	return editStoredResult(db, studyID, func(r map[string]any) { delete(r, "warnings") })
}

// SetStoredPrimaryShare sets the primary-data share of a study's stored
// result, as an engine that counted a supplier certificate as primary data
// in full stored it (red team 50).
func SetStoredPrimaryShare(db *DB, studyID string, pct float64) error {
	return editStoredResult(db, studyID, func(r map[string]any) {
		r["data_quality"].(map[string]any)["primary_data_share_pct"] = pct
	})
}

// editStoredResult stores a study's result document as edit changes it.
func editStoredResult(db *DB, studyID string, edit func(r map[string]any)) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		_, docKey, _, result, err := studyDocsOf(tx, studyID)
		if err != nil {
			return err
		}
		var r map[string]any
		if err := json.Unmarshal(result, &r); err != nil {
			return err
		}
		edit(r)
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		return tx.Bucket(studyFilesBucket).Bucket(docKey).Put(studyResultName, b)
	})
}

// StripStoredWarningsZH removes the Chinese (message_zh) of the warnings of
// a study's stored result, as a result stored before warnings had it holds
// none.
func StripStoredWarningsZH(db *DB, studyID string) error {
	return editStoredResult(db, studyID, func(r map[string]any) {
		ws, _ := r["warnings"].([]any)
		for _, w := range ws {
			delete(w.(map[string]any), "message_zh")
		}
	})
}

// PutLegacyGreenClaim stores a green certificate claim of studyID keyed by
// the serial as written (trimmed, upper case), as a database written before
// serials were compared by footprint.SerialKey holds it, and forgets the
// migration that rekeys it.
func PutLegacyGreenClaim(db *DB, serial, studyID string, period footprint.Period) error {
	return putGreenClaimAsWritten(db, serial, studyID, period, "", "index:green_claims_serial_key")
}

// PutGreenClaimKeyedV1 stores a green certificate claim of studyID as a
// database holds it after the first re-key and before SerialKey read
// numbers (for a serial whose punctuation needs no folding, its key was the
// serial as written): the first re-key's marker set and the second's not.
func PutGreenClaimKeyedV1(db *DB, serial, studyID string, period footprint.Period) error {
	return putGreenClaimAsWritten(db, serial, studyID, period, "index:green_claims_serial_key", "index:green_claims_serial_key_2")
}

// putGreenClaimAsWritten stores the claim keyed by the serial as written,
// marks the migration done ("" for none) and forgets the migration undone.
func putGreenClaimAsWritten(db *DB, serial, studyID string, period footprint.Period, done, undone string) error {
	serial = footprint.NormalizeSerial(serial)
	return db.db.Update(func(tx *bolt.Tx) error {
		rec := &greenClaimRecord{V: recordV1, Serial: serial, Kind: string(footprint.InstrumentGreenCertificate),
			PeriodStart: period.Start, PeriodEnd: period.End, MWh: 1, StudyID: studyID}
		if err := putJSON(tx.Bucket(greenClaimsBucket), append(serialPrefix(serial), studyID...), rec); err != nil {
			return err
		}
		meta := tx.Bucket(metaBucket)
		if done != "" {
			if err := meta.Put([]byte(done), []byte{1}); err != nil {
				return err
			}
		}
		return meta.Delete([]byte(undone))
	})
}

// PutGreenClaimBeforeRanges stores a green certificate claim of mwh MWh by
// studyID as a database holds it after the second re-key and before batches
// were ranges: keyed by the whole SerialKey of its one serial, as SerialKey
// then read it (footprinttest.SerialKeyV2), without serial_last, the ranges
// re-key not done.
func PutGreenClaimBeforeRanges(db *DB, serial, studyID string, period footprint.Period, mwh float64) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		rec := &greenClaimRecord{V: recordV1, Serial: footprint.NormalizeSerial(serial), Kind: string(footprint.InstrumentGreenCertificate),
			PeriodStart: period.Start, PeriodEnd: period.End, MWh: mwh, StudyID: studyID}
		if err := putJSON(tx.Bucket(greenClaimsBucket), append(serialPrefix(footprinttest.SerialKeyV2(serial)), studyID...), rec); err != nil {
			return err
		}
		return tx.Bucket(metaBucket).Delete([]byte("index:green_claims_ranges"))
	})
}

// Write is db.write, for tests of the group commit.
func Write(db *DB, fn func(*bolt.Tx) error) error { return db.write(fn) }

// BeforeWrites is beforeWrites.
func BeforeWrites(err error) error { return beforeWrites(err) }

// Read runs fn in a read transaction.
func Read(db *DB, fn func(*bolt.Tx) error) error { return db.db.View(fn) }

// DropCertificateGTINs empties the certificate_gtins index, as a database
// written before it existed has it.
func DropCertificateGTINs(db *DB) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		return dropIndex(tx, certGTINsBucket, "index:certificate_gtins")
	})
}

// SetImportBatch sets how many factors one transaction of an import writes
// and how many keys one transaction of its staging copy copies, so that
// tests exercise batched imports with a few factors; it returns a function
// that restores the defaults.
func SetImportBatch(factors, keys int) (restore func()) {
	f, k := importBatch, copyBatch
	importBatch, copyBatch = factors, keys
	return func() { importBatch, copyBatch = f, k }
}

// HasImportStaging reports whether db holds the staging area of an import
// into set.
func HasImportStaging(db *DB, set string) bool {
	found := false
	_ = db.db.View(func(tx *bolt.Tx) error {
		fb, ib := stagingBuckets(tx, []byte(set))
		found = fb != nil || ib != nil
		return nil
	})
	return found
}

// pactVersionFields are the fields of a result's supplier entry that
// record a PACT footprint's spec version and version.
var pactVersionFields = regexp.MustCompile(`,"pact_spec_version":"[^"]*"(,"pact_version":\d+)?`)

// StripStoredPACTVersions rewrites the stored result of study id as the
// service stored results before they recorded the PACT footprints'
// versions, for tests of such studies.
func StripStoredPACTVersions(db *DB, id string) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		_, docKey, _, old, err := studyDocsOf(tx, id)
		if err != nil {
			return err
		}
		stripped := pactVersionFields.ReplaceAll(old, nil)
		if bytes.Equal(stripped, old) {
			return fmt.Errorf("study %s: the stored result records no PACT version", id)
		}
		return tx.Bucket(studyFilesBucket).Bucket(docKey).Put(studyResultName, stripped)
	})
}

// PutStoredPACTFootprint stores doc, a PACT footprint with id, as owner's
// upload version 0 without any check: what a file written before the
// store checked a document (SaveSupplierFootprint) may hold.
func PutStoredPACTFootprint(db *DB, owner string, id uuid.UUID, doc []byte) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		rec := &pactFootprintRecord{V: recordV1, ID: id.String(), Owner: owner, UploadedAt: time.Now().UTC(), Document: doc}
		return putJSON(tx.Bucket(pactFootprintsBucket), pactFootprintKey(owner, id, 0), rec)
	})
}

// StoreStudiesAsSchema4 moves the documents and results of the studies ids
// back where a file of schema 4 keeps them (the values of study_documents
// and study_results; under the UUID alone with underID, as before issue
// 14, else under the key of study_order) and marks the file schema 4, as
// such a file is before Open migrates it.
func StoreStudiesAsSchema4(db *DB, underID bool, ids ...string) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		for _, id := range ids {
			key, docKey, doc, result, err := studyDocsOf(tx, id)
			if err != nil {
				return err
			}
			doc, result = bytes.Clone(doc), bytes.Clone(result)
			if err := tx.Bucket(studyFilesBucket).DeleteBucket(docKey); err != nil {
				return err
			}
			if underID {
				docKey = key
			}
			for _, b := range []struct{ bucket, v []byte }{{legacyStudyDocsBucket, doc}, {legacyStudyResultsBucket, result}} {
				legacy, err := tx.CreateBucketIfNotExists(b.bucket)
				if err != nil {
					return err
				}
				if err := legacy.Put(docKey, b.v); err != nil {
					return err
				}
			}
		}
		return tx.Bucket(metaBucket).Put(metaSchemaKey, binary.BigEndian.AppendUint32(nil, 4))
	})
}

// StudyDocumentKeys returns the keys of the study_files bucket in key
// order, and whether a bucket of schema 4 (study_documents or
// study_results) is in the file.
func StudyDocumentKeys(db *DB) (keys [][]byte, legacy bool, err error) {
	err = db.db.View(func(tx *bolt.Tx) error {
		legacy = tx.Bucket(legacyStudyDocsBucket) != nil || tx.Bucket(legacyStudyResultsBucket) != nil
		return tx.Bucket(studyFilesBucket).ForEach(func(k, _ []byte) error {
			keys = append(keys, bytes.Clone(k))
			return nil
		})
	})
	return keys, legacy, err
}

// SetStudyFilesBatch bounds each transaction of the move to study_files
// (studyFilesBatch) at studies studies or bytes bytes, and has Open call
// after (nil: nothing) after each batch that does not finish the move,
// until the test ends.
func SetStudyFilesBatch(tb testing.TB, studies, bytes int, after func(batch int) error) {
	was, wasAfter := studyFilesBatch, afterStudyFilesBatch
	tb.Cleanup(func() { studyFilesBatch, afterStudyFilesBatch = was, wasAfter })
	studyFilesBatch.studies, studyFilesBatch.bytes, afterStudyFilesBatch = studies, bytes, after
}

// StoredSchema returns the schema version stored in the file.
func StoredSchema(db *DB) (v uint32, err error) {
	err = db.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(metaBucket).Get(metaSchemaKey); len(b) == 4 {
			v = binary.BigEndian.Uint32(b)
		}
		return nil
	})
	return v, err
}

// PutOrganizationAsBefore stores org as a file written before the
// organisation indexes existed holds it: without its index entries, and
// marks the indexes not built, so that the next Init builds them.
func PutOrganizationAsBefore(db *DB, org access.Organization) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		if err := putJSON(tx.Bucket(orgsBucket), []byte(org.Name), &orgRecord{V: recordV1, Organization: org}); err != nil {
			return err
		}
		if err := dropIndex(tx, orgNamesBucket, orgIndexesKey); err != nil {
			return err
		}
		return dropIndex(tx, orgApprovalsBucket, orgIndexesKey)
	})
}

// DropLineagePeaks empties certificate_lineage_peaks, as a file written
// before it existed has it.
func DropLineagePeaks(db *DB) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		return dropIndex(tx, certLineagePeaksBucket, "index:certificate_lineage_peaks")
	})
}

// LineagePeakEntries returns the number of entries of
// certificate_lineage_peaks.
func LineagePeakEntries(db *DB) (n int, err error) {
	err = db.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(certLineagePeaksBucket).Stats().KeyN
		return nil
	})
	return n, err
}

// BlankPendingProducts empties the values of application_pending_products
// and forgets its second build, as a file written in session 34 has them.
func BlankPendingProducts(db *DB) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(applicationProductsBucket)
		var keys [][]byte
		_ = b.ForEach(func(k, _ []byte) error { keys = append(keys, bytes.Clone(k)); return nil })
		for _, k := range keys {
			if err := b.Put(k, nil); err != nil {
				return err
			}
		}
		return tx.Bucket(metaBucket).Delete([]byte("index:application_pending_products_2"))
	})
}

// DropWithdrawnStudies empties certificate_withdrawn_studies, as a file
// written before it existed has it.
func DropWithdrawnStudies(db *DB) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		return dropIndex(tx, certWithdrawnStudiesBucket, "index:certificate_withdrawn_studies")
	})
}

// LowerCaseCertificateCompanies writes the certificate company indexes as
// a file written before companyKey has them (each name lower-cased) and
// forgets that they were built again, as Open then finds that file.
func LowerCaseCertificateCompanies(db *DB) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{certCompaniesBucket, certCompanyNamesBucket} {
			if err := dropIndex(tx, b, "index:certificate_companies_2"); err != nil {
				return err
			}
		}
		return forEachRecord(tx.Bucket(certificatesBucket), "certificate", func(k []byte, rec *certificateRecord) error {
			for _, name := range rec.Companies {
				name = strings.ToLower(name)
				if err := errors.Join(tx.Bucket(certCompaniesBucket).Put(indexKey(rec.Number, name), nil), tx.Bucket(certCompanyNamesBucket).Put([]byte(name), nil)); err != nil {
					return err
				}
			}
			return nil
		})
	})
}

// PutModelKeysAsSchema6 rewrites the file's indexes keyed by ModelKey as a
// program of schema 6 keyed a model written with the traditional
// characters traditional, whose simplified form is simplified: every key
// holding simplified holds traditional instead (the value kept), and the
// file is marked schema 6, so that the next Init rebuilds them.
func PutModelKeysAsSchema6(db *DB, simplified, traditional string) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		buckets := [][]byte{certModelsBucket}
		for _, ix := range modelKeyIndexes {
			buckets = append(buckets, ix.bucket)
		}
		for _, name := range buckets {
			b := tx.Bucket(name)
			var keys, values [][]byte
			if err := b.ForEach(func(k, v []byte) error {
				if bytes.Contains(k, []byte(simplified)) {
					keys, values = append(keys, bytes.Clone(k)), append(values, bytes.Clone(v))
				}
				return nil
			}); err != nil {
				return err
			}
			for i, k := range keys {
				if err := b.Delete(k); err != nil {
					return err
				}
				if err := b.Put(bytes.ReplaceAll(k, []byte(simplified), []byte(traditional)), values[i]); err != nil {
					return err
				}
			}
		}
		return tx.Bucket(metaBucket).Put(metaSchemaKey, binary.BigEndian.AppendUint32(nil, 6))
	})
}

// DropOrgKeyIndex empties the index of API keys by organisation, as a
// database written before it existed has it.
func DropOrgKeyIndex(db *DB) error {
	return db.db.Update(func(tx *bolt.Tx) error { return dropIndex(tx, orgKeysBucket, "index:api_keys_by_org") })
}

// CheckOrgKeyIndex returns an error unless the index of API keys by
// organisation holds exactly the entries the stored keys give.
func CheckOrgKeyIndex(db *DB) error {
	return checkGroupOf(db, orgKeysBucket)
}

// DropCompromisedKeyIndex empties the index of compromised API keys, as a
// database written before it existed has it.
func DropCompromisedKeyIndex(db *DB) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		return dropIndex(tx, compromisedKeysBucket, "index:api_keys_compromised")
	})
}

// CheckCompromisedKeyIndex returns an error unless the index of
// compromised API keys holds exactly the keys reported compromised.
func CheckCompromisedKeyIndex(db *DB) error {
	return checkGroupOf(db, compromisedKeysBucket)
}

// DropRecoveryKeyIndex empties the index of recovery keys, as a database
// written before it existed has it.
func DropRecoveryKeyIndex(db *DB) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		return dropIndex(tx, recoveryKeysBucket, "index:api_keys_recovery")
	})
}

// CheckRecoveryKeyIndex returns an error unless the index of recovery
// keys holds exactly the recovery keys.
func CheckRecoveryKeyIndex(db *DB) error {
	return checkGroupOf(db, recoveryKeysBucket)
}

// EditStoredDataQuality sets field (dqr, dqr_coverage_pct) of the data
// quality of a study's stored result to edit of it, as an engine that rated
// a supplier certificate's line whole stored it (red team 51).
func EditStoredDataQuality(db *DB, studyID, field string, edit func(float64) float64) error {
	return editStoredResult(db, studyID, func(r map[string]any) {
		dq := r["data_quality"].(map[string]any)
		v, _ := dq[field].(float64)
		dq[field] = edit(v)
	})
}

// EditStoredResult stores a study's result document as edit changes it.
func EditStoredResult(db *DB, studyID string, edit func(r map[string]any)) error {
	return editStoredResult(db, studyID, edit)
}

// PutApplicationWithoutProduct writes application id's stored record again
// without its product, as a store written before applications recorded
// their product has it.
func PutApplicationWithoutProduct(db *DB, id uuid.UUID) error {
	return putRecordWithout(db, applicationsBucket, id[:], "application "+id.String(), "product", "product")
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
	key, _ := uuidKey(id)
	return putRecordWithout(db, studiesBucket, key, "study "+id, "listed", "listing")
}

// putRecordWithout writes the JSON record under key in bucket again
// without its field (what, in the error if it has none), every other field
// as stored; name names the record in errors.
func putRecordWithout(db *DB, bucket, key []byte, name, field, what string) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		var rec map[string]json.RawMessage
		if err := json.Unmarshal(b.Get(key), &rec); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if _, ok := rec[field]; !ok {
			return fmt.Errorf("%s has no %s to remove", name, what)
		}
		delete(rec, field)
		v, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		return b.Put(key, v)
	})
}

// numberV2 is serial.Number over footprinttest.SerialKeyV2 (the key claims
// were stored by from the second re-key until red team 18): the text before
// the final number of the key and that number without leading zeros.
func numberV2(serial string) (prefix, n string) {
	key := footprinttest.SerialKeyV2(serial)
	prefix = strings.TrimRight(key, "0123456789")
	if n = strings.TrimLeft(key[len(prefix):], "0"); n == "" && len(prefix) < len(key) {
		n = "0"
	}
	return prefix, n
}

// PutGreenClaimBeforeHyphensFolded stores a claim by studyID of the batch of
// green certificates first to last (mwh MWh) as a database holds it after
// the ranges re-key and before SerialKey dropped the punctuation between
// letters, and between letters and numbers: keyed by the prefix and first
// number of footprinttest.SerialKeyV2, the span of its prefix recorded under
// that prefix, the third serial re-key not done.
func PutGreenClaimBeforeHyphensFolded(db *DB, first, last, studyID string, period footprint.Period, mwh float64) error {
	prefix, f := numberV2(first)
	_, l := numberV2(last)
	return putLegacyClaim(db, first, last, prefix, f, l, studyID, period, mwh, "index:green_claims_serial_key_3")
}

// PutGreenClaimKeyedBeforeYears stores a claim by studyID of the batch of
// green certificates first to last (mwh MWh) as a database holds it before
// SerialKey read a year written together with the number after it: keyed
// by prefix and the numbers firstN to lastN, which the caller gives as the
// key of that time read them (GEC-DEMO-2025000001 was the prefix GECDEM
// and the number 2025000001), the span recorded under that prefix, the
// fourth serial re-key not done.
func PutGreenClaimKeyedBeforeYears(db *DB, first, last, prefix, firstN, lastN, studyID string, period footprint.Period, mwh float64) error {
	return putLegacyClaim(db, first, last, prefix, firstN, lastN, studyID, period, mwh, "index:green_claims_serial_key_4")
}

// putLegacyClaim stores the claim of a batch of green certificates first
// to last under the key an earlier SerialKey gave it (prefix, its numbers
// firstN to lastN), with the span of its prefix, and drops the marker of
// the re-key that would move it.
func putLegacyClaim(db *DB, first, last, prefix, firstN, lastN, studyID string, period footprint.Period, mwh float64, marker string) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		rec := &greenClaimRecord{V: recordV1, Serial: footprint.NormalizeSerial(first), SerialLast: footprint.NormalizeSerial(last),
			Kind: string(footprint.InstrumentGreenCertificate), PeriodStart: period.Start, PeriodEnd: period.End, MWh: mwh, StudyID: studyID}
		if err := putJSON(tx.Bucket(greenClaimsBucket), append(append(serialPrefix(prefix), numberKey(firstN)...), studyID...), rec); err != nil {
			return err
		}
		fn, _ := new(big.Int).SetString(firstN, 10)
		ln, _ := new(big.Int).SetString(lastN, 10)
		if err := tx.Bucket(claimSpansBucket).Put(serialPrefix(prefix), []byte(ln.Sub(ln, fn).String())); err != nil {
			return err
		}
		return tx.Bucket(metaBucket).Delete([]byte(marker))
	})
}

// CheckPACTFootprintIndex returns an error unless pact_footprint_index
// holds exactly the entries the stored certificates, their studies and the
// declared CPC codes give (as Open builds it for an older file).
func CheckPACTFootprintIndex(db *DB) error {
	return checkGroupOf(db, pactIndexBucket)
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

// SpoilApplicationRecord overwrites the stored record of application id
// with bytes that do not decode, so that whatever reads it fails, until
// restore puts the record back.
func SpoilApplicationRecord(db *DB, id uuid.UUID) (restore func() error, err error) {
	return spoil(db, applicationsBucket, id[:])
}

// SpoilAPIKeyRecord is SpoilApplicationRecord for the record of API key
// id.
func SpoilAPIKeyRecord(db *DB, id string) (restore func() error, err error) {
	return spoil(db, apiKeysBucket, []byte(id))
}

// spoil overwrites the value of key in bucket with bytes that do not
// decode, until restore puts it back.
func spoil(db *DB, bucket, key []byte) (restore func() error, err error) {
	var rec []byte
	err = db.db.Update(func(tx *bolt.Tx) error {
		rec = bytes.Clone(tx.Bucket(bucket).Get(key))
		return tx.Bucket(bucket).Put(key, []byte("{"))
	})
	return func() error {
		return db.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucket).Put(key, rec) })
	}, err
}

// WrittenBySchema7 returns db to what a program of schema 7 (this
// morning's main, ec1eade) leaves of a file whose indexes of schema 8 a
// program of this package built, after it wrote the applications and
// compromise reports stored (red team 60): application_order,
// api_keys_compromised and api_keys_recovery empty but marked built, the
// schema 7.
func WrittenBySchema7(db *DB) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		return errors.Join(emptyBucket(tx, applicationOrderBucket), emptyBucket(tx, compromisedKeysBucket),
			emptyBucket(tx, recoveryKeysBucket), putSchema(tx.Bucket(metaBucket), metaSchemaKey, 7))
	})
}

// SetPendingApplication points the pending-application index entry of
// studyID at id, or removes it for uuid.Nil.
func SetPendingApplication(db *DB, studyID string, id uuid.UUID) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		if id == uuid.Nil {
			return tx.Bucket(pendingApplicationsBucket).Delete([]byte(studyID))
		}
		return tx.Bucket(pendingApplicationsBucket).Put([]byte(studyID), id[:])
	})
}

// CountCheckPrintable counts, until the test ends, the runs of
// certification.CheckPrintable on study studyID (checkPrintable), in read
// transactions and in write transactions.
func CountCheckPrintable(tb testing.TB, studyID string) (read, write *atomic.Int64) {
	was := checkPrintable
	tb.Cleanup(func() { checkPrintable = was })
	read, write = new(atomic.Int64), new(atomic.Int64)
	checkPrintable = func(tx *bolt.Tx, st *footprint.Study) error {
		if st.ID == studyID {
			if tx.Writable() {
				write.Add(1)
			} else {
				read.Add(1)
			}
		}
		return was(tx, st)
	}
	return read, write
}

// CheckPrintableAcross finds CheckPrintable's answer on study studyID in a
// read transaction (readPrintVerdict), as studyRecalculates does, calls
// between, and returns the answer a write transaction then gives on the
// study it reads (printVerdict.printable), as certifiableStudy does.
func CheckPrintableAcross(db *DB, studyID string, between func() error) (printable, err error) {
	var v *printVerdict
	err = db.db.View(func(tx *bolt.Tx) error {
		st, err := findStudy(tx, studyID)
		if err != nil {
			return err
		}
		if v = readPrintVerdict(tx, st); v == nil {
			return fmt.Errorf("no verdict on study %s", studyID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := between(); err != nil {
		return nil, err
	}
	err = inWriteTx(db, studyID, func(tx *bolt.Tx, st *footprint.Study) { printable = v.printable(tx, st) })
	return printable, err
}

// inWriteTx calls f in a write transaction with the study studyID as it
// reads it there, as CreateApplication and IssueCertificate do.
func inWriteTx(db *DB, studyID string, f func(*bolt.Tx, *footprint.Study)) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		st, err := findStudy(tx, studyID)
		if err != nil {
			return err
		}
		f(tx, st)
		return nil
	})
}

// CountMarkReads counts, until the test ends, the decodings of the
// restore mark in write transactions (readMark).
func CountMarkReads(tb testing.TB) *atomic.Int64 {
	was := readMark
	tb.Cleanup(func() { readMark = was })
	n := new(atomic.Int64)
	readMark = func(tx *bolt.Tx) (*restoreMark, error) {
		if tx.Writable() {
			n.Add(1)
		}
		return was(tx)
	}
	return n
}

// ReplaceStoredPACTDocument puts doc in place of the document of owner's
// stored PACT footprint id in version (0 for PACT v3), keeping where it
// came from: a document stored before a check that refuses it now.
func ReplaceStoredPACTDocument(db *DB, owner string, id uuid.UUID, version int, doc []byte) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		var rec pactFootprintRecord
		if err := findJSON(tx.Bucket(pactFootprintsBucket), pactFootprintKey(owner, id, version), &rec, "footprint %s not found", id); err != nil {
			return err
		}
		rec.Document = doc
		return putJSON(tx.Bucket(pactFootprintsBucket), pactFootprintKey(owner, id, version), &rec)
	})
}

// CreateOrganizationAsBefore records org, indexed and audited as
// CreateOrganization records it, without the store's checks of its
// register (checkRegister): a body registered before a check refused its
// entries (a list separator in a signatory, signatorySeparators), which
// Check still reads.
func CreateOrganizationAsBefore(ctx context.Context, db *DB, org *access.Organization) error {
	org.CreatedAt = db.now()
	return db.db.Update(func(tx *bolt.Tx) error {
		if err := indexOrg(tx, org.Name, orgKeys(org)...); err != nil {
			return err
		}
		if err := putJSON(tx.Bucket(orgsBucket), []byte(org.Name), &orgRecord{V: recordV1, Organization: *org}); err != nil {
			return err
		}
		return audit(ctx, tx, org.CreatedAt, access.AuditOrganizationCreate, "organization/"+org.Name, orgCreateDetail(org))
	})
}

// SetRegisterAsBefore replaces the register of certifier name, audited as
// SetOrganizationRegister audits it, without the store's checks of its
// entries (as CreateOrganizationAsBefore).
func SetRegisterAsBefore(ctx context.Context, db *DB, name string, signatories, scope []string) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		var rec orgRecord
		b := tx.Bucket(orgsBucket)
		if err := findJSON(b, []byte(name), &rec, "organisation %q not found", name); err != nil {
			return err
		}
		rec.Signatories, rec.Scope, rec.RegisterAt = signatories, scope, db.now()
		if err := putJSON(b, []byte(name), &rec); err != nil {
			return err
		}
		return audit(ctx, tx, rec.RegisterAt, access.AuditOrganizationRegister, "organization/"+name, orgCreateDetail(&rec.Organization))
	})
}

// CountCheckStudyFonts counts, until the test ends, the runs of the font
// check (CertificationService.CheckStudy, through checkStudyFonts) on
// study studyID, in read transactions and in write transactions.
func CountCheckStudyFonts(tb testing.TB, studyID string) (read, write *atomic.Int64) {
	was := checkStudyFonts
	tb.Cleanup(func() { checkStudyFonts = was })
	read, write = new(atomic.Int64), new(atomic.Int64)
	checkStudyFonts = func(ctx context.Context, tx *bolt.Tx, check func(context.Context, *footprint.Study) error, st *footprint.Study) error {
		if st.ID == studyID {
			if tx.Writable() {
				write.Add(1)
			} else {
				read.Add(1)
			}
		}
		return was(ctx, tx, check, st)
	}
	return read, write
}

// CheckStudyFontsAcross finds check's answer on study studyID in a read
// transaction, as an application does before its write transaction
// (studyChecked), calls between, and returns the answer a write
// transaction then gives on the study it reads (printVerdict.fonts), as
// CreateApplication does.
func CheckStudyFontsAcross(db *DB, studyID string, check func(context.Context, *footprint.Study) error, between func() error) (fonts, err error) {
	s := NewCertificationService(db)
	v, err := s.studyChecked(context.Background(), studyID, "", check)
	if err != nil {
		return nil, err
	}
	if v == nil || !v.fontsChecked {
		return nil, fmt.Errorf("no font verdict on study %s", studyID)
	}
	if err := between(); err != nil {
		return nil, err
	}
	err = inWriteTx(db, studyID, func(tx *bolt.Tx, st *footprint.Study) { fonts = v.fonts(context.Background(), tx, st, check) })
	return fonts, err
}
