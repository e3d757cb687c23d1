package factordb

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the version of the bucket layout and record formats this
// package reads and writes. It is stored in the meta bucket; Open refuses a
// file whose schema is newer. Adding a top-level bucket (created at Open) does
// not need a new schema version; changing the meaning of existing keys or
// values does.
//
// Version 2 keys the suppliers' PACT footprints by owner, id and version
// (pact.go); Open moves those of a version-1 file.
//
// Versions 3 and 4 key the product-model lineages by today's ModelKey
// (full-width forms folded; O, I and L read as 0 and 1, beside a digit in
// version 3, everywhere in version 4: lineage.go); Open rebuilds that index
// of an older file. A program written for an older schema would not find a
// lineage under its new key, so it must not open the file.
//
// Version 5 keeps each study's document and result in a bucket of its own,
// in study_files (study.go: a commit writes a new study's documents, not
// the documents stored before it beside them); Open moves those of an
// older file, from study_documents and study_results.
//
// Version 6 marks a file whose audit trail is a hash chain (audit.go,
// migration:audit-chain): a program of schema 5 or earlier, which knows
// no chain, must not write events into it without their seq, prev and
// digest (Check would report a break there). Open chains the events of an
// older file as before; the layout is unchanged.
//
// Version 7 keys the product models with traditional Chinese characters
// read as simplified (ModelKey, session 38): the lineages, the
// applications by model, the pending products, the rejections and the
// holders' model stems. Open builds those indexes of an older file again
// (rekeyModelIndexes); a program of schema 6 would write a model written
// "示例組件A1" under a key that no look-up of this one reads, so it must not
// open the file.
//
// Version 8 marks a file whose indexes of session 43 are kept as it is
// written: application_order (the application lists), and
// api_keys_compromised and api_keys_recovery (the flagged certificate
// list). A program of schema 7 opened such a file and wrote applications,
// decisions, keys and compromise reports without them: rolled forward
// again, the lists left them out, and nothing said so (red team 60). Open
// builds them again for a file of schema 7 (schema7Indexes). An index that writes must keep is
// such a change: a program that does not know it must not open the file.
//
// Version 9 marks a file whose application_filters hold a study's and a
// status's keys only (session 44: a program of schema 8 wrote the
// certifier's and manufacturer's keys too, which DB.Check now reads as
// entries no application gives) and whose PACT outbox keeps a key per
// pending answer of a requester (q/, counted at each request). Open drops
// the first and a program of schema 8, which keeps neither, must not open
// the file.
const SchemaVersion = 9

// ErrSchemaNewer is returned (wrapped) by Open when the file was written by a
// newer version of this package. The file is left untouched.
var ErrSchemaNewer = errors.New("database schema is newer than this program supports")

// Top-level bucket names. Every top-level bucket is created at Open, in one
// transaction; see doc.go for what each holds.
var (
	metaBucket        = []byte("meta")
	setsBucket        = []byte("factor_sets")
	factorsBucket     = []byte("factors")
	factorIndexBucket = []byte("factor_index")
)

// topLevelBuckets lists every top-level bucket. Files adding an entity
// (certificates, studies, API keys) add their bucket here so that it exists
// from Open on and no request has to create it.
var topLevelBuckets = [][]byte{
	metaBucket, setsBucket, factorsBucket, factorIndexBucket,
	orgsBucket, apiKeysBucket, orgKeysBucket, compromisedKeysBucket, recoveryKeysBucket, accessTokensBucket, tokenExpiryBucket, tokenKeysBucket, // auth.go
	orgNamesBucket, orgApprovalsBucket, // orgindex.go
	productsBucket, productModelsBucket, // product.go
	studiesBucket, studyFilesBucket, studyOrderBucket, studyOwnersBucket, greenClaimsBucket, claimSpansBucket, // study.go
	applicationsBucket, pendingApplicationsBucket, applicationFiltersBucket, applicationOrderBucket, applicationModelsBucket, applicationProductsBucket, // application.go, pendingproducts.go
	certificatesBucket, certNumbersBucket, certSequenceBucket, certStudiesBucket, downstreamBucket, certGTINsBucket, // certificate.go
	certModelsBucket, certWithdrawnStudiesBucket, certLineagePeaksBucket, // lineage.go, lineagepeaks.go
	certCodesBucket, certOwnersBucket, certStatusesBucket, certRulesBucket, certCompaniesBucket, certCompanyNamesBucket, certExpiriesBucket, certFiguresBucket, // certindex.go
	certHolderProductsBucket, applicationRejectsBucket, rejectedFiguresBucket, // holderproducts.go
	auditBucket, auditIndexBucket, auditHeadBucket, // audit.go
	signingKeysBucket,                                                                                                    // key.go
	pactFootprintsBucket, pactSharesBucket, pactSharePartnersBucket, pactEndpointsBucket, pactCPCBucket, pactIndexBucket, // pact.go, pactindex.go
	pactOutboxBucket,     // pactoutbox.go
	pactReplacedBucket,   // pact.go: the replacement index
	pactDeprecatedBucket, // pact.go: the footprints their data owners deprecated
	pactHostStateBucket,  // pacthost.go: what a fetched footprint's host answered the periodic re-read
	factorFlagsBucket,    // plausibility.go
}

// indexMigrations build the indexes added to schema 1 after files were
// written with it, in order; key marks one done in the meta bucket.
var indexMigrations = []struct {
	key   string
	build func(*bolt.Tx) error
}{
	{"index:certificate_studies", indexCertificateStudies},                // certificate.go
	{"index:certificate_downstream", indexCertificateDownstream},          // certificate.go
	{"index:application_pending", indexPendingApplications},               // application.go
	{"index:access_tokens", indexAccessTokens},                            // auth.go
	{"index:certificate_filters", indexCertificateFilters},                // certindex.go
	{"index:certificate_rules_companies", indexCertificateRulesCompanies}, // certindex.go
	{"index:application_filters", indexApplicationFilters},                // application.go
	{"index:audit_events", indexAuditEvents},                              // audit.go
	{"index:certificate_models", indexCertificateModels},                  // lineage.go
	{"index:green_claims_serial_key", rekeyGreenClaims},                   // claims.go
	{"index:green_claims_serial_key_2", rekeyGreenClaims},                 // claims.go: SerialKey reads look-alike letters and numbers (2026-12)
	{"index:green_claims_ranges", rekeyGreenClaims},                       // claims.go: a batch of green certificates is a range of numbers (2026-12)
	{"index:green_claim_spans", indexClaimSpans},                          // claims.go: the longest batch of each prefix, where a look-up starts
	{"index:green_claims_serial_key_3", rekeyGreenClaims},                 // claims.go: SerialKey drops punctuation between letters, and between letters and numbers (red team 18, 2026-12)
	{"keys:retired_seeds_destroyed", destroyRetiredSeedsAtOpen},           // key.go: no retired key keeps its seed (2026-12)
	{"index:certificate_gtins", indexCertificateGTINs},                    // certificate.go: a GTIN is not certified for two holders (2026-12)
	{"index:pact_share_partners", indexPACTSharePartners},                 // pact.go: the footprints shared with a partner, without a scan (2026-12)
	{"index:certificate_expiries", indexCertificateExpiries},              // certindex.go: certificates counted by status without reading them (2026-12)
	{"index:application_models", indexApplicationModels},                  // application.go: a review reads the holder's applications of a product model (2026-12)
	{"index:pact_footprints", indexPACTFootprints},                        // pactindex.go: PACT searches by geography, classification, date and status read what can match (2026-12)
	{"index:certificate_holder_products", indexCertificateHolderProducts}, // certindex.go: a review reads the holder's certificates of the product under another code (2026-12)
	{"index:application_rejections", indexApplicationRejections},          // application.go: a review reads the holder's rejections of the product under another model (2026-12)
	{"index:certificate_figures", indexCertificateFigures},                // certindex.go: a review finds any holder's withdrawn certificate of the same figure (2026-12)
	{"index:application_rejected_figures", indexRejectedFigures},          // application.go: and any holder's rejected application of the same figure (2026-12)
	{"index:pact_replaced", indexPACTReplaced},                            // pact.go: the footprints an organisation's stored footprints replace (red team 21, 2026-12)
	{"index:green_claims_serial_key_4", rekeyGreenClaims},                 // claims.go: SerialKey reads a year written together with the number after it (2026-12)
	{"index:application_rejections_2", indexApplicationRejections},        // figures.go: and by the GTIN and model stem of their study (session 34)
	{"index:application_pending_products", indexPendingProducts},          // pendingproducts.go: a review reads the pending applications of the same product under another model (session 34)
	{"index:application_pending_products_2", indexPendingProducts},        // pendingproducts.go: and each entry holds what a review compares of its study (session 35)
	{"index:certificate_lineage_peaks", indexLineagePeaks},                // lineagepeaks.go: a review reads a lineage's peaks, not the whole lineage (session 35)
	{"index:certificate_withdrawn_studies", indexWithdrawnStudies},        // lineage.go: an application or issue reads the study's withdrawn certificates, not its lineage (session 35)
	{"index:certificate_holder_stems", indexCertificateStems},             // holderproducts.go: a review reads the holder's valid certificates of the study's model stem (session 35)
	{"index:certificate_companies_2", rekeyCertificateCompanies},          // certindex.go: company names folded as organisation names are (companyKey, red team 47)
	{"records:certificate_superseded_at", setSupersededAt},                // application.go: a certificate superseded, then withdrawn, keeps its Deprecated PACT footprint (session 39)
	{"index:api_keys_by_org", indexOrgKeys},                               // auth.go: an organisation's keys read without a scan of every key (session 39)
	{"index:api_keys_compromised", indexCompromisedKeys},                  // auth.go: a list of certificates knows whether any key is reported compromised without reading every key (session 43)
	{"index:api_keys_recovery", indexRecoveryKeys},                        // auth.go: a list of flagged certificates knows whether any key can be unvouched without reading every key (red team 61)
	{"index:application_order", indexApplicationOrder},                    // application.go: a page of an application list read from where the last ended (session 43)
	{"index:application_filters_2", reindexApplicationFilters},            // application.go: without the certifier's and manufacturer's keys, which nothing reads since application_order (session 44)
}

// Keys in the meta bucket.
var (
	metaSchemaKey = []byte("schema") // 4-byte big-endian SchemaVersion
	metaLatestKey = []byte("latest") // version of the latest published factor set
)

// DB is the bbolt database holding factor sets (and, later, the other
// entities of the service). It is safe for concurrent use.
type DB struct {
	db     *bolt.DB
	cache  *factorCache              // decoded factors of published sets
	latest atomic.Pointer[latestSet] // latest published set, mirrored from meta

	publicKeys atomic.Pointer[publicKeysCache] // key.go
	restored   atomic.Pointer[restoreState]    // backup.go: the restoreMark, read at Open
	group      writeGroup                      // group.go: writes committed together
	certs      certReadCache                   // certcache.go: certificates read by ID, decoded
	search     searchCache                     // search.go: text indexes of published sets

	// Path is the file the database was opened from.
	Path string

	// Now returns the current time; tests replace it for deterministic
	// timestamps. Stored times are converted to UTC.
	Now func() time.Time
}

// Open opens (creating if needed) the database file at path, creates every
// bucket and writes or checks the schema version. It returns an error
// wrapping ErrSchemaNewer, without changing the file, if the file was written
// by a newer schema.
func Open(path string) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("factordb: open: path required")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("factordb: create directory: %w", err)
	}
	// Timeout: bbolt holds an exclusive flock; a second process (or a
	// forgotten server) would otherwise block Open forever.
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, fmt.Errorf("factordb: open %s: %w", path, err)
	}
	if err := ownerOnly(path); err != nil {
		_ = bdb.Close()
		return nil, fmt.Errorf("factordb: open %s: %w", path, err)
	}
	db := &DB{
		db:    bdb,
		cache: newFactorCache(DefaultFactorCacheSize),
		certs: certReadCache{max: defaultCertReadCache},
		Path:  path,
		Now:   func() time.Time { return time.Now().UTC() },
	}
	if err := db.initOrDamaged(); err != nil {
		_ = bdb.Close()
		return nil, fmt.Errorf("factordb: open %s: %w", path, err)
	}
	return db, nil
}

// initOrDamaged is init, a panic of bbolt's on a damaged page (a copy torn
// by a write) turned into an error that says so: the stack trace it gave
// told an operator nothing (red team 66). bbolt's Update rolls its
// transaction back as the panic passes.
func (db *DB) initOrDamaged() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("数据库文件已损坏(%[1]v):请从备份恢复。the database file is damaged (%[1]v): restore it from a backup", r)
		}
	}()
	return db.init()
}

// ownerOnly makes the database file at path readable and writable by its
// owner only, as Open creates it: the file holds the active signing key's
// seed (doc.go), and one put in place readable by others (a backup
// downloaded with curl -o, restored: the restored copy then stored its new
// key's seed there, red team 60) would give it to every local user.
func ownerOnly(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if fi.Mode().Perm()&0o077 == 0 {
		return nil
	}
	if err := os.Chmod(path, fi.Mode().Perm()&0o600); err != nil {
		return fmt.Errorf("数据库文件权限为 %[1]v,其他用户可读,且无法改为仅属主可读写(%[2]v):文件中有签名私钥,请执行 chmod 600 %[3]s。the file's mode is %[1]v, readable by others, and could not be made its owner's only (%[2]v): it holds the private signing key; chmod 600 %[3]s", fi.Mode().Perm(), err, path)
	}
	return nil
}

// init checks the schema and creates the buckets, and migrates the file:
// a file with a newer schema is rolled back untouched.
//
// The migration is one transaction, except for the move of the documents
// of a file older than schema 5 to study_files: a transaction of bounded
// size moves each batch (moveStudyFiles, studyFilesBatch), and the one
// that leaves nothing to move applies every other migration and writes
// the schema version. Nothing else reads a study before the move is
// complete: the other migrations (some read studies) run in that last
// transaction, and Open returns only after it. A file whose move was
// interrupted has its documents partly in study_files and the schema
// version schemaMoving, one above this program's, so that every earlier
// program refuses it (it would find no document for the studies moved);
// the schema it was moved from is kept in meta (moveFrom), and the next
// Open moves the rest and applies the migrations from that schema.
func (db *DB) init() error {
	for batch := 0; ; batch++ {
		done := true
		err := db.db.Update(func(tx *bolt.Tx) error {
			stored, err := openSchema(tx)
			if err != nil {
				return err
			}
			if stored, err = moveFrom(tx, stored); err != nil { // study.go
				return err
			}
			if stored != 0 && stored < 5 {
				if done, err = moveStudyFiles(tx, batch); err != nil { // study.go
					return fmt.Errorf("migrate study documents to schema 5: %w", err)
				} else if !done {
					return holdMoveFrom(tx, stored)
				}
			}
			return db.completeInit(tx, stored)
		})
		if err != nil || done {
			return err
		}
		if afterStudyFilesBatch != nil {
			if err := afterStudyFilesBatch(batch); err != nil {
				return err
			}
		}
	}
}

// openSchema returns the schema version stored in the file (0: a new
// file), refusing a newer one, and creates every bucket.
func openSchema(tx *bolt.Tx) (stored uint32, err error) {
	if b := tx.Bucket(metaBucket); b != nil {
		if v := b.Get(metaSchemaKey); v != nil {
			if len(v) != 4 {
				return 0, fmt.Errorf("malformed schema version %x", v)
			}
			moving := b.Get(metaMoveFromKey) != nil && binary.BigEndian.Uint32(v) == schemaMoving // study.go
			if stored = binary.BigEndian.Uint32(v); stored > SchemaVersion && !moving {
				return 0, fmt.Errorf("schema version %d, this program supports up to %d: upgrade pcf: %w", stored, SchemaVersion, ErrSchemaNewer)
			}
		}
	}
	for _, name := range topLevelBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return 0, fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return stored, nil
}

// completeInit applies the migrations of a file of schema stored (migrate.go),
// writes the schema version and notes the latest published set.
func (db *DB) completeInit(tx *bolt.Tx, stored uint32) error {
	if err := migrate(tx, stored, db.now()); err != nil { // migrate.go
		return err
	}
	if err := putSchema(tx.Bucket(metaBucket), metaSchemaKey, SchemaVersion); err != nil {
		return err
	}
	if latest := tx.Bucket(metaBucket).Get(metaLatestKey); latest != nil {
		rec, err := findSet(tx, string(latest))
		if err != nil {
			return fmt.Errorf("find latest factor set: %w", err)
		}
		db.noteLatest(rec.Version, rec.PublishedAt)
	}
	db.loadRestored(tx)
	return nil
}

// putSchema puts schema version v under key in meta.
func putSchema(meta *bolt.Bucket, key []byte, v uint32) error {
	if err := meta.Put(key, binary.BigEndian.AppendUint32(nil, v)); err != nil {
		return fmt.Errorf("put schema version: %w", err)
	}
	return nil
}

// Close closes the database. Pending read transactions finish first.
func (db *DB) Close() error {
	if db == nil || db.db == nil {
		return nil
	}
	if err := db.db.Close(); err != nil {
		return fmt.Errorf("factordb: close: %w", err)
	}
	return nil
}

// now returns db.Now() in UTC.
func (db *DB) now() time.Time {
	if db.Now == nil {
		return time.Now().UTC()
	}
	return db.Now().UTC()
}

// Backup writes a consistent copy of the whole database to w while the
// database stays in use (a hot backup: bbolt's tx.WriteTo inside a read
// transaction). It returns the number of bytes written, which equals the
// database size at the start of the backup. The copy is itself a database
// file that Open accepts.
func (db *DB) Backup(w io.Writer) (int64, error) { return db.BackupSized(w, nil) }

// Commits returns the ID of the last committed write transaction, which
// every commit advances: two equal readings saw no write between them
// (what a refused request must leave, rule 4).
func (db *DB) Commits() (int, error) {
	tx, err := db.db.Begin(false)
	if err != nil {
		return 0, err
	}
	defer func() { _ = tx.Rollback() }()
	return tx.ID(), nil
}

// BackupSized is Backup that first tells start the number of bytes it will
// write (the size of the read transaction's snapshot), so that an HTTP
// handler can send a Content-Length a client checks the copy against. An
// error from start ends the backup before anything is written.
func (db *DB) BackupSized(w io.Writer, start func(size int64) error) (int64, error) {
	var n int64
	err := db.db.View(func(tx *bolt.Tx) error {
		if start != nil {
			if err := start(tx.Size()); err != nil {
				return err
			}
		}
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("factordb: backup: %w", err)
	}
	return n, nil
}

// Size returns the size in bytes a Backup written now would have, for a
// Content-Length header.
func (db *DB) Size() (int64, error) {
	var n int64
	err := db.db.View(func(tx *bolt.Tx) error { n = tx.Size(); return nil })
	return n, err
}

// BackupToFile writes a hot backup to path atomically: it writes a temporary
// file in the same directory, syncs it and renames it over path, so path holds
// either the previous file or a complete backup, never a partial one.
func (db *DB) BackupToFile(path string) (int64, error) {
	return writeAtomically(path, func(f *os.File) (int64, error) { return db.Backup(f) })
}

// writeAtomically writes the file path by fill, which writes a temporary
// file in the same directory (mode 0600), then syncs it and renames it over
// path, so path holds either the previous file or a complete one, never a
// partial one; the temporary file is removed on any error.
func writeAtomically(path string, fill func(f *os.File) (int64, error)) (n int64, err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, filepath.Base(path)+".tmp-*")
	if err != nil {
		return 0, fmt.Errorf("factordb: backup to file: %w", err)
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
			err = fmt.Errorf("factordb: backup to file: %w", err)
		}
	}()
	if err = f.Chmod(0o600); err != nil {
		return 0, err
	}
	if n, err = fill(f); err != nil {
		return n, err
	}
	if err = f.Sync(); err != nil {
		return n, err
	}
	if err = f.Close(); err != nil {
		return n, err
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return n, err
	}
	// Make the rename itself durable. Best effort: not every platform can
	// sync a directory, and the file is complete either way.
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return n, nil
}

// Check runs bbolt's consistency check (tx.Check), checks the content
// digest stored with each factor set against its factors, walks the
// audit chain (checkAuditChain) and compares the records it determines
// with it (checkAuditRecords), compares the indexes of indexGroups with
// the records they are built from, and returns
// every inconsistency found, joined, or nil. It reads every page, so it
// is for tests and an offline "verify" command, not for a request path.
func (db *DB) Check() error {
	// bbolt: Check is safe alongside writers only in a writable transaction.
	// It is rolled back, never committed: checking writes nothing.
	tx, err := db.db.Begin(true)
	if err != nil {
		return fmt.Errorf("factordb: check: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	var errs []error
	for err := range tx.Check() {
		errs = append(errs, err)
	}
	if err := checkSetDigests(tx); err != nil { // plausibility.go
		errs = append(errs, err)
	}
	// The records the trail's events determine are compared with it
	// (auditrecords.go) when the trail is sound: a broken one is named
	// first, and what it says after the break is unknown.
	state := newAuditState()
	if err := checkAuditChain(tx, state.add); err != nil { // audit.go
		errs = append(errs, err)
	} else if err := checkAuditRecords(tx, state); err != nil {
		errs = append(errs, err)
	}
	// Last, as it empties and builds them in the transaction (rolled
	// back): the indexes against their records.
	for _, g := range indexGroups {
		if err := g.check(tx); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("factordb: check: %w", errors.Join(errs...))
	}
	return nil
}
