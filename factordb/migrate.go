package factordb

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint/access"
)

// AuditDatabaseMigrate (access.AuditDatabaseMigrate) is the audit action
// of a migration Open applied to a file written by an earlier version: a
// schema change, or an index or clean-up added since (indexMigrations).
// Each is recorded once, in the transaction that applies it and marks it
// done (the schema version, or its key in meta), so a migration that ran
// is in the trail and one in the trail never runs again (but for the
// indexes a file of schema 7 has built again: schema7Indexes). A new file has
// nothing to migrate and no such event. The actor is "system".
const AuditDatabaseMigrate = access.AuditDatabaseMigrate

// migrate brings a file of schema stored (0: a new file) to SchemaVersion
// in tx, recording each migration it applies as done and, for an existing
// file, in the audit trail. The documents of studies of a file older than
// schema 5 must have been moved to study_files already (moveStudyFiles).
func migrate(tx *bolt.Tx, stored uint32, now time.Time) error {
	record := func(subject, detail string) error {
		if stored == 0 {
			return nil
		}
		return audit(context.Background(), tx, now, AuditDatabaseMigrate, "database/"+subject, detail)
	}
	// schema migrates a file older than schema n (run) and records it
	// with the detail run returns.
	schema := func(n uint32, what string, run func() (string, error)) error {
		if stored >= n {
			return nil
		}
		detail, err := run()
		if err != nil {
			return fmt.Errorf("migrate %s to schema %d: %w", what, n, err)
		}
		return record(fmt.Sprintf("schema-%d", n), detail)
	}
	// Older schemas are migrated in this transaction: a failed migration
	// leaves the file as it was.
	if err := schema(2, "PACT footprints", func() (string, error) {
		return "PACT footprints keyed by owner, id and version", migratePACTFootprintOwners(tx) // pact.go
	}); err != nil {
		return err
	}
	if err := schema(4, "the product-model index", func() (string, error) { return rekeyModelsAudited(tx) }); err != nil {
		return err
	}
	// The documents themselves are moved before, in batches
	// (DB.init, moveStudyFiles); this transaction found none left.
	if err := schema(5, "study documents", func() (string, error) { return finishStudyFiles(tx) }); err != nil { // study.go
		return err
	}
	// Indexes added after schema 1 was first written are built from the
	// data once, at the first Open that knows them, and marked done in
	// meta; from then on they are kept as data are written.
	meta := tx.Bucket(metaBucket)
	if stored != 0 && stored < 8 {
		// A program of schema 7 wrote the file without these indexes,
		// after one of this program's had built them (a roll-back, red
		// team 60): their marks say nothing of what it wrote.
		for _, ix := range schema7Indexes {
			if err := errors.Join(emptyBucket(tx, ix.bucket), meta.Delete([]byte(ix.key))); err != nil {
				return fmt.Errorf("migrate %s to schema 8: %w", ix.bucket, err)
			}
		}
	}
	if stored == 8 {
		// A program of schema 8 may have written the certifier's and
		// manufacturer's keys again after this one dropped them.
		if err := meta.Delete([]byte("index:application_filters_2")); err != nil {
			return fmt.Errorf("migrate application_filters to schema 9: %w", err)
		}
	}
	once := func(key string, build func() (string, error)) error {
		if meta.Get([]byte(key)) != nil {
			return nil
		}
		detail, err := build()
		if err != nil {
			return fmt.Errorf("build %s: %w", key, err)
		}
		if err := meta.Put([]byte(key), []byte{1}); err != nil {
			return fmt.Errorf("put %s: %w", key, err)
		}
		return record(key, detail)
	}
	for _, m := range indexMigrations {
		if err := once(m.key, func() (string, error) { return "applied to the stored data", m.build(tx) }); err != nil {
			return err
		}
	}
	// Schema 7 (ModelKey reads traditional Chinese characters as
	// simplified): every index keyed by ModelKey is built again, after
	// the loop above built those the file did not have yet.
	if err := schema(7, "the product-model indexes", func() (string, error) { return rekeyModelIndexes(tx) }); err != nil {
		return err
	}
	// The organisation indexes say which organisations of an earlier file
	// print alike or share an approval number (orgindex.go, 2026-12); they
	// are built again when OrgNameKey changes.
	if err := once(orgIndexesKey, func() (string, error) { return indexOrganizations(tx) }); err != nil {
		return err
	}
	// Sets based on no other that a curator filled before the set-level
	// review existed wait for it (plausibility.go, markCuratedSets).
	if err := once("migration:factor-set-reviews", func() (string, error) { return markCuratedSets(tx, now) }); err != nil {
		return err
	}
	// A set's content digest is kept with its flags (storeFlags); the
	// sets of an earlier file get theirs once, here.
	if err := once("migration:factor-set-digests", func() (string, error) { return storeMissingSetDigests(tx) }); err != nil {
		return err
	}
	// The audit chain (audit.go): the events of an earlier file are
	// chained in their stored order, and the event saying so is the first
	// chained as it was written.
	if err := once("migration:audit-chain", func() (string, error) { return chainAuditEvents(tx) }); err != nil {
		return err
	}
	if stored != 0 && stored != SchemaVersion {
		if err := record("schema", fmt.Sprintf("schema %d → %d", stored, SchemaVersion)); err != nil {
			return err
		}
	}
	// A set stored without its plausibility flags (before the checks
	// existed, or by a program without them, whatever the schema) gets
	// them now, once, so that no request has to check a whole set.
	return storeMissingFlags(tx, now)
}

// schema7Indexes are the indexes of indexMigrations a program of schema 7
// may have built, then left behind as it wrote (SchemaVersion 8): Open
// builds them again for a file of schema 7.
var schema7Indexes = []struct {
	key    string
	bucket []byte
}{
	{"index:api_keys_compromised", compromisedKeysBucket}, // auth.go
	{"index:api_keys_recovery", recoveryKeysBucket},       // auth.go (red team 61)
	{"index:application_order", applicationOrderBucket},   // application.go
}

// rekeyModelsAudited runs rekeyCertificateModels and says what it did:
// how many lineages the index held before and after, and each set of
// lineages that today's ModelKey joined into one (a holder's models
// written apart before, "DEMO-M1O-54" and "DEMO-M10-54"), with the
// certificates that headed them and the one that heads the joined
// lineage now. "" if it had nothing to rebuild.
func rekeyModelsAudited(tx *bolt.Tx) (string, error) {
	if tx.Bucket(metaBucket).Get([]byte("index:certificate_models")) == nil {
		return "product-model index not built yet: nothing to rekey", rekeyCertificateModels(tx)
	}
	// The lineages before: each old entry's certificate, by the key
	// today's ModelKey gives it.
	type head struct{ number, model string }
	before := map[string][]head{}
	n := 0
	err := tx.Bucket(certModelsBucket).ForEach(func(_, v []byte) error {
		n++
		rec, err := modelIndexEntry(tx, v)
		if err != nil || rec == nil {
			return err
		}
		c, err := rec.certificate()
		if err != nil {
			return err
		}
		if key := certModelKey(rec.Manufacturer, c.Product.Model); key != nil {
			before[string(key)] = append(before[string(key)], head{c.Number, c.Product.Model})
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	if err := rekeyCertificateModels(tx); err != nil {
		return "", err
	}
	// Counted, not Stats().KeyN: in a write transaction Stats reads the
	// pages as last committed, not the entries just put (it said 0).
	after := 0
	if err := tx.Bucket(certModelsBucket).ForEach(func(_, _ []byte) error { after++; return nil }); err != nil {
		return "", err
	}
	var joined []string
	for _, key := range slices.Sorted(maps.Keys(before)) {
		heads := before[key]
		if len(heads) < 2 {
			continue
		}
		mk, holder, _ := strings.Cut(key, "\x00")
		var parts []string
		for _, h := range heads {
			parts = append(parts, fmt.Sprintf("%s (model %q)", h.number, h.model))
		}
		current := "?"
		if rec, err := modelIndexEntry(tx, tx.Bucket(certModelsBucket).Get([]byte(key))); err != nil {
			return "", err
		} else if rec != nil {
			current = rec.Number
		}
		joined = append(joined, fmt.Sprintf("%s model %s: lineages of %s joined, current certificate %s", holder, mk, strings.Join(parts, ", "), current))
	}
	detail := fmt.Sprintf("product-model index rekeyed: %d entries before, %d after", n, after)
	if len(joined) > 0 {
		detail += "; " + strings.Join(joined, "; ")
	}
	return detail, nil
}

// modelKeyIndexes are the indexes other than certificate_models whose
// keys hold a ModelKey or a modelStem, each with the builders that fill it
// from the stored records (together, every entry it holds).
var modelKeyIndexes = []struct {
	bucket []byte
	build  []func(*bolt.Tx) error
}{
	{applicationModelsBucket, []func(*bolt.Tx) error{indexApplicationModels}},                  // application.go
	{applicationProductsBucket, []func(*bolt.Tx) error{indexPendingProducts}},                  // pendingproducts.go: 'm' stems
	{applicationRejectsBucket, []func(*bolt.Tx) error{indexApplicationRejections}},             // figures.go: #MODEL stems
	{certHolderProductsBucket, []func(*bolt.Tx) error{indexCertificateHolderProductsAndStems}}, // holderproducts.go: #MODEL stems with the products, sorted together
}

// rekeyModelIndexes builds every index keyed by ModelKey again, emptied,
// from the stored records, for a file written before schema 7, whose keys
// kept traditional Chinese characters: a model written "示例組件A1" was
// another model than 示例组件A1 to the lineage, the review and the
// rejections. It says what it did: rekeyModelsAudited's detail, which
// names the lineages of a holder's models (as written, and the
// certificates heading them) that now read as one model, and the
// certificate that heads the joined lineage.
func rekeyModelIndexes(tx *bolt.Tx) (string, error) {
	detail, err := rekeyModelsAudited(tx)
	if err != nil {
		return "", err
	}
	for _, ix := range modelKeyIndexes {
		if err := emptyBucket(tx, ix.bucket); err != nil {
			return "", err
		}
		for _, build := range ix.build {
			if err := build(tx); err != nil {
				return "", fmt.Errorf("build %s: %w", ix.bucket, err)
			}
		}
	}
	return detail + "; application model, pending product, rejection and holder product indexes built again", nil
}

// modelIndexEntry returns the certificate a certificate_models value
// names; nil for a value that names none.
func modelIndexEntry(tx *bolt.Tx, v []byte) (*certificateRecord, error) {
	id, err := uuid.FromBytes(bytes.Clone(v))
	if err != nil {
		return nil, nil
	}
	rec, err := findCertificateRecord(tx, id)
	if err != nil {
		return nil, fmt.Errorf("model index entry %s: %w", id, err)
	}
	return rec, nil
}

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
