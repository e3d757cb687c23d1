package factordb

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/chengdu-pcf/pcf/footprint/studylist"
)

// The keys of a study's documents in its bucket of study_files, each
// stored byte for byte: the study as footprint.MarshalStudyJSON wrote it
// and its result as Result.Canonicalize wrote it.
var (
	studyDocumentName = []byte("document")
	studyResultName   = []byte("result")
)

// Before schema 5 a study's documents were values of these buckets, under
// timeKey(created) + UUID (or, before issue 14, the UUID alone); Open moves
// them to study_files (moveStudyFiles).
var (
	legacyStudyDocsBucket    = []byte("study_documents")
	legacyStudyResultsBucket = []byte("study_results")
)

// Buckets of studies and green-power claims (see doc.go).
var (
	studiesBucket     = []byte("studies")           // UUID (16 bytes) → studyRecord (summary)
	studyFilesBucket  = []byte("study_files")       // timeKey(created) + UUID → a bucket of the study's documents (studyDocumentName, studyResultName)
	studyOrderBucket  = []byte("study_order")       // timeKey(created) + UUID → ""
	studyOwnersBucket = []byte("study_owners")      // ownerPrefix(owner) + timeKey(created) + UUID → ""
	greenClaimsBucket = []byte("green_claims")      // claimKey: serialPrefix(text before the number) + number + study ID → greenClaimRecord
	claimSpansBucket  = []byte("green_claim_spans") // serialPrefix(text before the number) → the longest batch of the prefix ever claimed, last − first, in decimal
)

// StudyService implements footprint.StudyService on a DB, and records
// which study claimed which green-power instrument, so that no instrument
// is counted twice (PRODUCT.md principle 4).
//
// CreateStudy reads the factor snapshot and the supplier footprints and runs
// the engine before it takes the write lock; the write transaction only
// checks the green-power claims and stores the study, its result, its
// claims and its audit event.
type StudyService struct {
	db        *DB
	factors   footprint.FactorService
	suppliers footprint.SupplierFootprintService
}

var _ footprint.StudyService = (*StudyService)(nil)

// NewStudyService returns a StudyService storing studies in db, reading
// factors from factors (usually NewFactorService(db)) and supplier
// footprints from suppliers (usually NewCertificationService(db)). With a
// nil suppliers, a study that references a supplier footprint is refused
// with ENOTFOUND.
func NewStudyService(db *DB, factors footprint.FactorService, suppliers footprint.SupplierFootprintService) *StudyService {
	return &StudyService{db: db, factors: factors, suppliers: suppliers}
}

// studyRecord is the summary of a stored study that filters read; the
// study itself and its result are stored as their canonical documents.
type studyRecord struct {
	V            int       `json:"v"`
	ID           string    `json:"id"`
	Owner        string    `json:"owner"`
	CreatedAt    time.Time `json:"created_at"`
	Rule         string    `json:"rule"`
	FactorSet    string    `json:"factor_set"`
	ProductCodes []string  `json:"product_codes,omitempty"` // "HS:854143"

	// Listed is what a list shows of the study besides the fields above
	// (studyListed, FindStudyRows), so that a list reads no document;
	// absent from a summary stored before it was kept (the list reads
	// those studies' documents). Decoded for the rows of a page only: a
	// list walks every summary to count them.
	Listed json.RawMessage `json:"listed,omitempty"`
}

// studyListed is what a list shows of a study (studylist.Row) besides the
// fields of its summary: its goal and scope, product and headline figure.
type studyListed struct {
	Title           string                 `json:"title,omitempty"`
	Boundary        footprint.Boundary     `json:"boundary"`
	DeclaredUnit    footprint.DeclaredUnit `json:"declared_unit"`
	ReferencePeriod footprint.Period       `json:"reference_period"`
	Product         footprint.Product      `json:"product"`
	KgCO2e          *float64               `json:"kg_co2e,omitempty"`
	ResultDigest    string                 `json:"result_digest,omitempty"`
}

// newStudyListed returns what a list shows of study st with its result's
// headline figure kg and the result as stored (the canonical bytes
// result; nil for none).
func newStudyListed(st *footprint.Study, kg *float64, result []byte) *studyListed {
	l := &studyListed{Title: st.Title, Boundary: st.Boundary, DeclaredUnit: st.DeclaredUnit,
		ReferencePeriod: st.ReferencePeriod, Product: st.Product}
	if kg != nil && result != nil {
		sum := sha256.Sum256(result)
		l.KgCO2e, l.ResultDigest = new(*kg), hex.EncodeToString(sum[:])
	}
	return l
}

// row is the list's row of the study of summary rec, what l shows of it.
func (rec *studyRecord) row(l *studyListed) studylist.Row {
	return studylist.Row{
		Study: &footprint.Study{ID: rec.ID, Owner: rec.Owner, CreatedAt: rec.CreatedAt, Rule: rec.Rule, FactorSet: rec.FactorSet,
			Title: l.Title, Boundary: l.Boundary, DeclaredUnit: l.DeclaredUnit, ReferencePeriod: l.ReferencePeriod, Product: l.Product},
		KgCO2e: l.KgCO2e, ResultDigest: l.ResultDigest,
	}
}

// greenClaimRecord is the stored form of a footprint.GreenClaim.
type greenClaimRecord struct {
	V           int       `json:"v"`
	Serial      string    `json:"serial"`
	SerialLast  string    `json:"serial_last,omitempty"`
	Kind        string    `json:"kind"`
	PeriodStart time.Time `json:"period_start"`
	PeriodEnd   time.Time `json:"period_end"`
	MWh         float64   `json:"mwh"`
	ContractMWh float64   `json:"contract_mwh,omitempty"` // a green-power trading contract's total; absent in claims stored before totals (footprint.CheckGreenClaims reads them)
	StudyID     string    `json:"study_id"`
}

func (r *greenClaimRecord) domain() footprint.GreenClaim {
	return footprint.GreenClaim{
		Serial: r.Serial, SerialLast: r.SerialLast, Kind: footprint.InstrumentKind(r.Kind),
		Period: footprint.Period{Start: r.PeriodStart, End: r.PeriodEnd}, MWh: r.MWh, ContractMWh: r.ContractMWh, StudyID: r.StudyID,
	}
}

// CreateStudy validates and calculates the study and stores it with its
// result, its green-power claims and an audit event (AuditStudyCreate), in
// one transaction: on any error nothing is written and st is unchanged. On
// success it sets st.ID (a new random UUID), st.CreatedAt, st.Result and
// st.Document and returns the result as stored: canonicalized, so that it
// equals what FindStudyByID returns later, number for number, and keeps the
// stored bytes. Each document is encoded once.
//
// Returns EINVALID for a study without an owner, one pinned to a draft set
// (naming factor_set) or one Calculate refuses, ENOTFOUND if the pinned factor set, a factor or a supplier footprint does
// not exist, and ECONFLICT if a green-power instrument is already claimed
// by another study (footprint.CheckGreenClaims).
func (s *StudyService) CreateStudy(ctx context.Context, st *footprint.Study) (*footprint.Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if st == nil {
		return nil, footprint.Errorf(footprint.EINVALID, "study is empty")
	}
	if strings.TrimSpace(st.Owner) == "" {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "owner", "owner is required")
	}
	// Never stored against a draft, which can still change. Checked
	// before the calculation: a published set stays published.
	if err := checkStudySet(s.db, st.FactorSet); err != nil {
		return nil, err
	}
	if err := periodEnded(st, s.db.now()); err != nil {
		return nil, err
	}
	res, flags, paths, err := s.calculate(ctx, st, false)
	if err != nil {
		return nil, err
	}
	// Nor with a factor whose plausibility flag no curator reviewed. A
	// review is never undone, so a check before the write holds.
	if err := firstUnreviewed(st.FactorSet, flags, paths); err != nil {
		return nil, err
	}

	id, err := uuid.NewRandom()
	if err != nil {
		return nil, fmt.Errorf("factordb: new study id: %w", err)
	}
	now := s.db.now()
	stored := *st // st itself is changed only on success
	stored.ID, stored.CreatedAt, stored.Result = id.String(), now, nil
	doc, err := footprint.MarshalStudyJSON(&stored)
	if err != nil {
		return nil, fmt.Errorf("factordb: create study: %w", err)
	}
	// Round the result as stored and keep the bytes: the answer, the store
	// and every later read agree to the bit, and nothing encodes it again.
	result := res.Canonicalize()
	rec := &studyRecord{
		V: recordV1, ID: stored.ID, Owner: stored.Owner, CreatedAt: stored.CreatedAt,
		Rule: stored.Rule, FactorSet: stored.FactorSet,
	}
	for _, pc := range stored.Product.ProductCodes {
		rec.ProductCodes = append(rec.ProductCodes, pc.String())
	}
	if rec.Listed, err = json.Marshal(newStudyListed(&stored, &res.KgCO2e, result)); err != nil {
		return nil, fmt.Errorf("factordb: create study: %w", err)
	}
	claims := stored.GreenClaims()
	detail := fmt.Sprintf("rule %s, factor set %s, %.6g kgCO2e per %s", stored.Rule, stored.FactorSet,
		res.KgCO2e, stored.DeclaredUnit)
	ev, err := newAuditEvent(ctx, now, access.AuditStudyCreate, "study/"+stored.ID, detail)
	if err != nil {
		return nil, err
	}

	// Committed with the writes queued meanwhile (group.go); the function
	// may run more than once and keeps nothing but its writes.
	err = s.db.write(func(tx *bolt.Tx) error {
		// A claim conflicting with a binding one is refused before
		// anything is written (claims.go: a merely stored study's
		// claims, and the owner's own, do not refuse it).
		held, err := checkStoredClaims(tx, stored.ID, stored.Owner, claims)
		if err != nil {
			return beforeWrites(err)
		}
		if err := putClaims(tx, stored.ID, claims, held); err != nil {
			return err
		}
		if err := putStudy(tx, id, rec, doc, result); err != nil {
			return err
		}
		return putAuditEvent(tx, ev)
	})
	if err != nil {
		return nil, internal("create study", err)
	}
	st.ID, st.CreatedAt, st.Result, st.Document = stored.ID, stored.CreatedAt, res, doc
	return res, nil
}

// periodEnded returns EINVALID, naming reference_period, unless the
// reference period of st ended before the day of now: a study is stored,
// and applied for, with measured data. A period not ended would count
// green power contracted for deliveries to come (an instrument need only
// overlap the period) and production not made yet.
func periodEnded(st *footprint.Study, now time.Time) error {
	if today, open := periodOpen(st.ReferencePeriod, now); open {
		return footprint.FieldErrorf(footprint.EINVALID, "reference_period", "reference period %s has not ended (today is %s): a study is stored, and certified, with the data of a period that has", st.ReferencePeriod, today.Format(time.DateOnly))
	}
	return nil
}

// periodOpen returns today (UTC) and whether period p has not ended by
// then: a study's or a supplier footprint's data are of a period that has.
func periodOpen(p footprint.Period, now time.Time) (time.Time, bool) {
	today := now.UTC().Truncate(24 * time.Hour)
	return today, !p.End.Before(today)
}

// SupplierWarnings returns the warnings a preview of study st gives at
// its lines on supplier certificates, valid, that the issue would refuse
// as they stand now (heldSupplierWarnings, restoredSupplierWarnings), for
// the answer to storing it and to reading it: the stored result does not
// carry them (it is recalculated byte for byte, its digest signed, and a
// review may lift a flag tomorrow), and its owner learns of them before
// applying, not at the issue (session 41). A reference that no longer
// resolves, whose record holds another certificate's content (logged) or
// that is no longer valid gets none here: the application and the issue
// name it. It reads each certificate's record and audit events, not its
// whole content; none without this store's certificates.
func (s *StudyService) SupplierWarnings(ctx context.Context, st *footprint.Study) ([]footprint.Warning, error) {
	if _, ok := s.suppliers.(*CertificationService); !ok || st == nil {
		return nil, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	now := s.db.now()
	restored := map[string]time.Time{}
	holds := map[string][]supplierHold{}
	err := s.db.db.View(func(tx *bolt.Tx) error {
		m, err := s.db.restoredMark(tx)
		if err != nil {
			return err
		}
		for _, ref := range st.SupplierIDs() {
			if pact.IsSupplierRef(ref) {
				continue
			}
			rec, err := findCertificateByRef(tx, ref)
			if footprint.ErrorCode(err) == footprint.ENOTFOUND || certification.FailsRecordCheck(err) {
				continue
			}
			if err != nil {
				return err
			}
			// Only ExpiresAt matters to the derived status (as
			// matchCertificate reads it).
			if (&certification.Certificate{ExpiresAt: rec.ExpiresAt}).StatusAt(certification.CertificateStatus(rec.Status), now) != certification.CertificateValid {
				continue
			}
			if m.pending(rec) {
				restored[ref] = m.CopyEnd
			}
			if holds[ref], err = supplierHolds(tx, rec, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, internal("supplier warnings", err)
	}
	var res footprint.Result
	restoredSupplierWarnings(&res, st, restored)
	heldSupplierWarnings(&res, st, holds)
	return res.Warnings, nil
}

// CalculateStudy reads the factor snapshot and supplier footprints a study
// names and calculates it, storing nothing.
func (s *StudyService) CalculateStudy(ctx context.Context, st *footprint.Study) (*footprint.Result, error) {
	res, _, _, err := s.calculate(ctx, st, true)
	return res, err
}

// calculate is CalculateStudy, returning also the flags of the factors
// the result used and their paths (resultFlags), read once. A preview
// also says which supplier certificates are read as a restored copy holds
// them (restoredSupplierWarnings); a result to store does not.
func (s *StudyService) calculate(ctx context.Context, st *footprint.Study, preview bool) (*footprint.Result, map[string]*factorlib.FactorFlag, []factorlib.FactorPath, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, nil, err
	}
	if st == nil {
		return nil, nil, nil, footprint.Errorf(footprint.EINVALID, "study is empty")
	}
	// The set must be named: an empty version would read the latest set,
	// and a study pins its set.
	if !footprint.ValidSetVersion(st.FactorSet) {
		return nil, nil, nil, footprint.FieldErrorf(footprint.EINVALID, "factor_set", "invalid factor-set version %q", st.FactorSet)
	}
	factors, err := s.factors.FindFactorsByCodes(ctx, st.FactorSet, st.FactorCodes())
	if err != nil {
		return nil, nil, nil, err
	}
	var suppliers map[string]*footprint.SupplierFootprint
	var pactDocs map[string]*pact.Supplier
	var restored map[string]time.Time
	var holds map[string][]supplierHold
	if ids := st.SupplierIDs(); len(ids) > 0 {
		if s.suppliers == nil {
			return nil, nil, nil, footprint.Errorf(footprint.ENOTFOUND, "supplier footprint %q not found", ids[0])
		}
		// The certificate store resolves a PACT footprint among the
		// study owner's (pact.go) and returns the documents it read.
		if cs, ok := s.suppliers.(*CertificationService); ok {
			var found foundSuppliers
			found, err = cs.studySuppliers(ctx, st, ids)
			suppliers, pactDocs, restored, holds = found.footprints, found.docs, found.restored, found.holds
		} else {
			suppliers, err = s.suppliers.FindSupplierFootprints(ctx, ids)
		}
		if err != nil {
			return nil, nil, nil, err
		}
	}
	// The engine warns a supplier's figure below every factor of its product (red team 9), and the study's own
	// result below every factor of the product itself (red team 18).
	if codes := footprint.ComparisonCodes(st, suppliers); len(codes) > 0 {
		if err := s.db.db.View(func(tx *bolt.Tx) error {
			return addProductFactors(tx, st.FactorSet, factors, codes)
		}); err != nil {
			return nil, nil, nil, err
		}
	}
	res, err := footprint.Calculate(st, factors, suppliers)
	if err != nil {
		return nil, nil, nil, err
	}
	// After the calculation, which names a footprint not valid in the
	// reference period at all.
	if err := checkPACTValidity(st, st.SupplierIDs(), pactDocs, s.db.now()); err != nil {
		return nil, nil, nil, err
	}
	pact.RecordSupplierVersions(res, pactDocs)
	if preview {
		restoredSupplierWarnings(res, st, restored)
		heldSupplierWarnings(res, st, holds)
	}
	// A preview may use a factor whose plausibility flag no curator
	// reviewed, and says so.
	var flags map[string]*factorlib.FactorFlag
	var paths []factorlib.FactorPath
	err = s.db.db.View(func(tx *bolt.Tx) error {
		if _, err := findSet(tx, st.FactorSet); err != nil {
			return nil // not this database's set: nothing to say
		}
		flags, paths, err = resultFlags(tx, st.FactorSet, res)
		factorlib.AddFlagWarnings(res, flags)
		return err
	})
	if err != nil {
		return nil, nil, nil, err
	}
	return res, flags, paths, nil
}

// checkPACTValidity returns EINVALID, naming the first BOM line that
// references it, for a supplier's PACT footprint among docs (by reference,
// in the order of ids) whose validity period has ended at now: PACT
// declares a footprint valid for use until its validityPeriodEnd
// (exclusive), as a supplier certificate is until it expires, and a new
// calculation uses neither afterwards. A stored study keeps the result it
// was calculated with.
func checkPACTValidity(st *footprint.Study, ids []string, docs map[string]*pact.Supplier, now time.Time) error {
	for _, id := range ids {
		sup := docs[id]
		if sup == nil || sup.Footprint == nil || !sup.Footprint.ExpiredAt(now) {
			continue
		}
		return footprint.FieldErrorf(footprint.EINVALID, pact.SupplierLinePath(st, id),
			"supplier footprint %s is no longer valid for use: its validity period ended %s; fetch or upload the supplier's current PACT footprint",
			id, sup.Footprint.ValidUntil.UTC().Format(time.DateOnly))
	}
	return nil
}

// putStudy writes a new study: summary, documents and indexes.
//
// The documents are a bucket of their own in study_files, keyed by
// creation time and ID (as study_order). A document (tens of KB) is larger
// than a page, and bbolt keeps two to four values in a leaf: as values of
// one bucket, each commit wrote the last leaf again whole, with the two to
// four documents already in it. A study's own bucket has a root of its own,
// written once; the leaf of study_files that a commit writes again holds
// only bucket headers (issue 14 item 4, docs/BENCHMARKS.md).
func putStudy(tx *bolt.Tx, id uuid.UUID, rec *studyRecord, doc, result []byte) error {
	key := id[:]
	if tx.Bucket(studiesBucket).Get(key) != nil {
		return footprint.Errorf(footprint.ECONFLICT, "study %s already exists", rec.ID)
	}
	if err := putJSON(tx.Bucket(studiesBucket), key, rec); err != nil {
		return err
	}
	order := append(timeKey(rec.CreatedAt), key...)
	files, err := tx.Bucket(studyFilesBucket).CreateBucket(order)
	if err != nil {
		return fmt.Errorf("create study files: %w", err)
	}
	if err := files.Put(studyDocumentName, doc); err != nil {
		return fmt.Errorf("put study document: %w", err)
	}
	if err := files.Put(studyResultName, result); err != nil {
		return fmt.Errorf("put study result: %w", err)
	}
	if err := tx.Bucket(studyOrderBucket).Put(order, nil); err != nil {
		return fmt.Errorf("put study order: %w", err)
	}
	if err := tx.Bucket(studyOwnersBucket).Put(append(ownerPrefix(rec.Owner), order...), nil); err != nil {
		return fmt.Errorf("put study owner index: %w", err)
	}
	return nil
}

// studyOrderKey returns the key of study_order of the study with UUID key
// (nil if there is no such study), read from its summary.
func studyOrderKey(tx *bolt.Tx, key []byte) ([]byte, error) {
	var rec studyRecord
	ok, err := getJSON(tx.Bucket(studiesBucket), key, &rec)
	if err != nil || !ok {
		return nil, err
	}
	return append(timeKey(rec.CreatedAt), key...), nil
}

// studyDocs returns the key of the documents of the study with UUID key in
// study_files (nil if there is no such study) and the stored document and
// result (nil for none), valid only in tx.
func studyDocs(tx *bolt.Tx, key []byte) (docKey, doc, result []byte, err error) {
	docKey, err = studyOrderKey(tx, key)
	if err != nil || docKey == nil {
		return nil, nil, nil, err
	}
	files := tx.Bucket(studyFilesBucket).Bucket(docKey)
	if files != nil {
		doc, result = files.Get(studyDocumentName), files.Get(studyResultName)
	}
	if doc == nil {
		return nil, nil, nil, fmt.Errorf("study %x has no document: %w", key, errCorrupt)
	}
	return docKey, doc, result, nil
}

// studyFilesBatch bounds each transaction of the move of an older file's
// documents to study_files (moveStudyFiles): at most studies studies, and
// no more once bytes of documents and results are in it (a study larger
// than that is moved alone). A bbolt transaction keeps every page it
// writes in memory until it commits: 100,000 studies of 50 KB moved in one
// would hold gigabytes. Tests lower it.
var studyFilesBatch = struct{ studies, bytes int }{1000, 64 << 20}

// afterStudyFilesBatch, when set (by tests), is called by Open after each
// transaction that moved a batch to study_files and did not finish the
// move, with its number in this Open from 0; an error ends Open there, as
// a kill would.
var afterStudyFilesBatch func(batch int) error

// metaStudyFilesKey holds, in meta, what the move to study_files has done
// so far (studyFilesMoved), from its first batch to the transaction that
// completes it and records the totals in the audit trail.
var metaStudyFilesKey = []byte("migrate:study_files")

// metaMoveFromKey holds, in meta, the schema version of a file whose move
// to study_files is under way (DB.init): its schema version is then
// schemaMoving, which every earlier program refuses. A program of schema
// 5 takes a file of schema 6 with this marker for one it was moving; the
// marker of a program of schema 6 or later is above 6.
var metaMoveFromKey = []byte("migrate:study_files_from")

// schemaMoving is the schema version of a file whose move to study_files is
// under way (holdMoveFrom). A program of a later schema must read such a
// file by its marker (moveFrom) before taking its version for its own.
const schemaMoving = SchemaVersion + 1

// moveFrom returns the schema the file was of before a move to study_files
// under way, else stored.
func moveFrom(tx *bolt.Tx, stored uint32) (uint32, error) {
	v := tx.Bucket(metaBucket).Get(metaMoveFromKey)
	if v == nil {
		return stored, nil
	}
	if len(v) != 4 {
		return 0, fmt.Errorf("malformed %s %x", metaMoveFromKey, v)
	}
	return binary.BigEndian.Uint32(v), nil
}

// holdMoveFrom marks a move to study_files of a file of schema from under
// way, after a batch that did not finish it: from in meta, and the schema
// version schemaMoving, so that no earlier program opens the file.
func holdMoveFrom(tx *bolt.Tx, from uint32) error {
	meta := tx.Bucket(metaBucket)
	if err := putSchema(meta, metaMoveFromKey, from); err != nil {
		return err
	}
	return putSchema(meta, metaSchemaKey, schemaMoving)
}

// studyFilesMoved counts the move to study_files: the documents and
// results moved, the transactions that moved them and the Opens that ran
// those (more than one if the move was interrupted and resumed).
type studyFilesMoved struct{ documents, results, transactions, opens uint64 }

func (m *studyFilesMoved) load(meta *bolt.Bucket) error {
	v := meta.Get(metaStudyFilesKey)
	if v == nil {
		*m = studyFilesMoved{}
		return nil
	}
	if len(v) != 4*8 {
		return fmt.Errorf("%s %x: %w", metaStudyFilesKey, v, errCorrupt)
	}
	*m = studyFilesMoved{binary.BigEndian.Uint64(v), binary.BigEndian.Uint64(v[8:]), binary.BigEndian.Uint64(v[16:]), binary.BigEndian.Uint64(v[24:])}
	return nil
}

func (m *studyFilesMoved) store(meta *bolt.Bucket) error {
	var v []byte
	for _, n := range []uint64{m.documents, m.results, m.transactions, m.opens} {
		v = binary.BigEndian.AppendUint64(v, n)
	}
	return meta.Put(metaStudyFilesKey, v)
}

// detail says what was moved, for the audit trail.
func (m *studyFilesMoved) detail() string {
	s := fmt.Sprintf("%d study documents and %d results moved to study_files", m.documents, m.results)
	if m.transactions > 1 {
		s += fmt.Sprintf(", in %d transactions", m.transactions)
	}
	if m.opens > 1 {
		s += fmt.Sprintf(" over %d opens of the file (the move was interrupted and resumed)", m.opens)
	}
	return s
}

// moveStudyFiles moves the next batch (studyFilesBatch) of the documents
// and results of studies stored before schema 5 into study_files, under
// the key of study_order, deleting each from the bucket that held it, and
// adds what it moved to the count in meta; batch is the number of the
// transaction in this Open, from 0. It reports whether the old buckets are
// now empty (or absent): then the move is complete, and
// finishStudyFiles, in the same transaction, deletes them and records the
// totals. A document is deleted where it was in the transaction that puts
// it in study_files, so a move interrupted between transactions resumes
// where it stopped and moves nothing twice.
func moveStudyFiles(tx *bolt.Tx, batch int) (done bool, err error) {
	meta := tx.Bucket(metaBucket)
	var moved studyFilesMoved
	if err := moved.load(meta); err != nil {
		return false, err
	}
	docs, results := tx.Bucket(legacyStudyDocsBucket), tx.Bucket(legacyStudyResultsBucket)
	// The batch: the first keys of study_documents, then those of
	// study_results without a document (moved with it otherwise).
	var keys [][]byte
	size := 0
	for _, b := range []*bolt.Bucket{docs, results} {
		if b == nil {
			continue
		}
		c := b.Cursor()
		for k, v := c.First(); k != nil && len(keys) < studyFilesBatch.studies && size < studyFilesBatch.bytes; k, v = c.Next() {
			if v == nil {
				return false, fmt.Errorf("key %x of an old study bucket is a bucket: %w", k, errCorrupt)
			}
			if b == results && docs != nil && docs.Get(k) != nil {
				continue
			}
			keys = append(keys, bytes.Clone(k))
			size += len(v)
			if b == docs && results != nil {
				size += len(results.Get(k))
			}
		}
	}
	files := tx.Bucket(studyFilesBucket)
	for _, k := range keys {
		order := k
		switch len(k) {
		case 8 + 16:
		case 16: // before issue 14: under the UUID alone
			if order, err = studyOrderKey(tx, k); err != nil {
				return false, err
			} else if order == nil {
				return false, fmt.Errorf("documents of study %x, which has no summary: %w", k, errCorrupt)
			}
		default:
			return false, fmt.Errorf("old study documents key %x: %w", k, errCorrupt)
		}
		f, err := files.CreateBucketIfNotExists(order)
		if err != nil {
			return false, fmt.Errorf("create study files %x: %w", order, err)
		}
		for _, m := range []struct {
			from *bolt.Bucket
			name []byte
			n    *uint64
		}{{docs, studyDocumentName, &moved.documents}, {results, studyResultName, &moved.results}} {
			var v []byte
			if m.from != nil {
				v = m.from.Get(k)
			}
			if v == nil {
				continue
			}
			if err := f.Put(m.name, v); err != nil {
				return false, fmt.Errorf("put study %s %x: %w", m.name, order, err)
			}
			if err := m.from.Delete(k); err != nil {
				return false, fmt.Errorf("delete moved study %s %x: %w", m.name, k, err)
			}
			*m.n++
		}
	}
	if len(keys) > 0 {
		moved.transactions++
		if batch == 0 {
			moved.opens++
		}
	}
	if err := moved.store(meta); err != nil {
		return false, err
	}
	for _, b := range []*bolt.Bucket{docs, results} {
		if b != nil {
			if k, _ := b.Cursor().First(); k != nil {
				return false, nil
			}
		}
	}
	return true, nil
}

// finishStudyFiles completes the move to study_files once moveStudyFiles
// has found the old buckets empty: it deletes them and the count in meta,
// and returns the count, for the audit trail.
func finishStudyFiles(tx *bolt.Tx) (string, error) {
	meta := tx.Bucket(metaBucket)
	var moved studyFilesMoved
	if err := moved.load(meta); err != nil {
		return "", err
	}
	for _, name := range [][]byte{legacyStudyDocsBucket, legacyStudyResultsBucket} {
		if tx.Bucket(name) == nil {
			continue
		}
		if err := tx.DeleteBucket(name); err != nil {
			return "", fmt.Errorf("delete bucket %s: %w", name, err)
		}
	}
	for _, k := range [][]byte{metaStudyFilesKey, metaMoveFromKey} {
		if err := meta.Delete(k); err != nil {
			return "", err
		}
	}
	return moved.detail(), nil
}

// FindStudyByID returns a study with its stored Result and Document: the
// stored bytes of both are kept (Study.Document, Result.CanonicalJSON), so
// a read study is served as stored. Returns ENOTFOUND if no study has that
// ID.
func (s *StudyService) FindStudyByID(ctx context.Context, id string) (*footprint.Study, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	notFound := footprint.Errorf(footprint.ENOTFOUND, "study %q not found", id)
	key, ok := uuidKey(id)
	if !ok {
		return nil, notFound
	}
	var doc, result []byte
	err := s.db.db.View(func(tx *bolt.Tx) error {
		// bbolt: values are valid only inside the transaction. Copy
		// them and parse afterwards, keeping the transaction short.
		_, d, r, err := studyDocs(tx, key)
		doc, result = bytes.Clone(d), bytes.Clone(r)
		return err
	})
	if err != nil {
		return nil, internal("find study", err)
	}
	if doc == nil {
		return nil, notFound
	}
	st, err := decodeStudy(id, doc, result)
	return st, internal("find study", err)
}

// decodeStudy parses a stored study document and its result (nil for
// none), keeping both documents; they must not be changed.
func decodeStudy(id string, doc, result []byte) (*footprint.Study, error) {
	st, err := footprint.ParseStoredStudyJSON(bytes.NewReader(doc))
	if err != nil {
		// A stored document is not client input: a parse error is
		// corruption, not EINVALID.
		return nil, fmt.Errorf("study %s: %s: %w", id, footprint.ErrorMessage(err), errCorrupt)
	}
	st.Document = doc
	if result != nil {
		if st.Result, err = footprint.ParseCanonicalResult(result); err != nil {
			return nil, fmt.Errorf("study %s result: %s: %w", id, footprint.ErrorMessage(err), errCorrupt)
		}
	}
	return st, nil
}

// FindStudies returns the studies matching the filter, ordered by creation
// time then ID, as a list shows them (FindStudyRows: no inventory,
// Document or Result), and the total number matching, ignoring Offset and
// Limit. ProductCode and ProductCodeExact are a
// footprint.ProductCodeQuery ("8541" finds HS:854143), as on every list.
// Returns EINVALID for a negative offset or limit or a malformed product
// code.
func (s *StudyService) FindStudies(ctx context.Context, filter footprint.StudyFilter) ([]*footprint.Study, int, error) {
	rows, total, err := s.FindStudyRows(ctx, filter)
	if err != nil {
		return nil, 0, err
	}
	out := make([]*footprint.Study, len(rows))
	for i, r := range rows {
		out[i] = r.Study
	}
	return out, total, nil
}

var _ studylist.Lister = (*StudyService)(nil)

// FindStudyRows is FindStudies with each study's headline figure and
// result digest. A page is read from the studies' summaries alone; a study
// whose summary was stored before it kept what the list shows
// (studyRecord.Listed) has it read from its documents, as every list did
// before.
func (s *StudyService) FindStudyRows(ctx context.Context, filter footprint.StudyFilter) ([]studylist.Row, int, error) {
	limit, pcq, err := listQuery(ctx, filter.Offset, filter.Limit, filter.ProductCode, filter.ProductCodeExact)
	if err != nil {
		return nil, 0, err
	}
	var rows []studylist.Row
	var older []olderStudy // the rows of summaries without Listed, by index
	total := 0
	err = s.db.db.View(func(tx *bolt.Tx) error {
		// Walk an index in creation order: the owner's, or all studies.
		c, prefix := tx.Bucket(studyOrderBucket).Cursor(), []byte(nil)
		if filter.Owner = registeredName(tx, filter.Owner); filter.Owner != nil { // red team 61
			c, prefix = tx.Bucket(studyOwnersBucket).Cursor(), ownerPrefix(*filter.Owner)
		}
		summaries := tx.Bucket(studiesBucket)
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			if len(k) < len(prefix)+8+16 {
				return fmt.Errorf("study index key %x: %w", k, errCorrupt)
			}
			key := k[len(k)-16:]
			var rec studyRecord
			if ok, err := getJSON(summaries, key, &rec); err != nil {
				return fmt.Errorf("study %x: %w", key, err)
			} else if !ok {
				return fmt.Errorf("study %x indexed but missing: %w", key, errCorrupt)
			}
			switch {
			case filter.Owner != nil && rec.Owner != *filter.Owner,
				filter.Rule != nil && rec.Rule != *filter.Rule,
				filter.FactorSet != nil && rec.FactorSet != *filter.FactorSet,
				pcq != nil && !slices.ContainsFunc(rec.ProductCodes, pcq.MatchString):
				continue
			}
			total++
			if total <= filter.Offset || len(rows) >= limit {
				continue
			}
			if rec.Listed != nil {
				var l studyListed
				if err := json.Unmarshal(rec.Listed, &l); err != nil {
					return fmt.Errorf("study %x listed: %w: %w", key, errCorrupt, err)
				}
				rows = append(rows, rec.row(&l))
				continue
			}
			// Under the order key (k without the owner's prefix).
			var doc, result []byte
			if files := tx.Bucket(studyFilesBucket).Bucket(k[len(k)-8-16:]); files != nil {
				doc, result = files.Get(studyDocumentName), files.Get(studyResultName)
			}
			if doc == nil {
				return fmt.Errorf("study %x has no document: %w", key, errCorrupt)
			}
			older = append(older, olderStudy{len(rows), rec, bytes.Clone(doc), bytes.Clone(result)})
			rows = append(rows, studylist.Row{})
		}
		return nil
	})
	if err != nil {
		return nil, 0, internal("find studies", err)
	}
	for _, o := range older {
		st, err := decodeStudy(o.rec.ID, o.doc, nil)
		if err != nil {
			return nil, 0, internal("find studies", err)
		}
		var kg *float64
		if o.result != nil {
			// The headline figure alone, not the whole result.
			var r struct {
				KgCO2e float64 `json:"kgco2e"`
			}
			if err := json.Unmarshal(o.result, &r); err != nil {
				return nil, 0, internal("find studies", fmt.Errorf("study %s result: %v: %w", o.rec.ID, err, errCorrupt))
			}
			kg = &r.KgCO2e
		}
		rows[o.i] = o.rec.row(newStudyListed(st, kg, o.result))
	}
	return rows, total, nil
}

// olderStudy is a row of FindStudyRows of a summary stored without what
// the list shows, with the study's documents to read it from.
type olderStudy struct {
	i           int
	rec         studyRecord
	doc, result []byte
}

// serialPrefix is the key prefix of the claims of one serial, length-
// prefixed so that no serial's prefix is another's.
func serialPrefix(serial string) []byte {
	b := binary.AppendUvarint(nil, uint64(len(serial)))
	return append(b, serial...)
}

// claimInstruments records the claims of studyID in tx, after checking them
// against the claims held for the same serials (footprint.CheckGreenClaims).
// Claims studyID already holds are replaced.
func claimInstruments(tx *bolt.Tx, studyID string, claims []footprint.GreenClaim) error {
	held, err := checkStoredClaims(tx, studyID, "", claims)
	if err != nil {
		return err
	}
	return putClaims(tx, studyID, claims, held)
}

// checkStoredClaims is the check of claimInstruments for a study of owner,
// which writes nothing: it returns the claims held for the serials of
// claims. Claims held by a study that is only stored, and by the owner's
// other studies, do not refuse it (claims.go binds them at application and
// issue); an empty owner is no one's.
func checkStoredClaims(tx *bolt.Tx, studyID, owner string, claims []footprint.GreenClaim) ([]footprint.GreenClaim, error) {
	if studyID == "" {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "study_id", "study ID is required")
	}
	var held []footprint.GreenClaim
	for i, c := range claims {
		if footprint.SerialKey(c.Serial) == "" {
			return nil, footprint.FieldErrorf(footprint.EINVALID, fmt.Sprintf("claims[%d].serial", i), "serial number is required")
		}
		if j := slices.IndexFunc(claims[:i], c.Overlaps); j >= 0 {
			// One record per serial and study: a second claim on the
			// same serial would overwrite the first and free its period
			// for another study (footprint.validateInstruments refuses
			// the same in a study document).
			return nil, footprint.FieldErrorf(footprint.EINVALID, fmt.Sprintf("claims[%d].serial", i), "serial %s is claimed twice", c.Name())
		}
		h, err := heldClaims(tx, c)
		if err != nil {
			return nil, err
		}
		held = append(held, h...)
	}
	if err := footprint.CheckGreenClaims(blockingClaims(tx, held, owner), studyID, claims); err != nil {
		return nil, err
	}
	return held, nil
}

// putClaims is the write of claimInstruments, once checkStoredClaims returned
// held.
func putClaims(tx *bolt.Tx, studyID string, claims []footprint.GreenClaim, held []footprint.GreenClaim) error {
	b := tx.Bucket(greenClaimsBucket)
	for _, h := range held {
		if h.StudyID == studyID {
			if err := b.Delete(claimKey(h)); err != nil {
				return fmt.Errorf("delete green claim: %w", err)
			}
		}
	}
	for _, c := range claims {
		rec := &greenClaimRecord{
			V: recordV1, Serial: footprint.NormalizeSerial(c.Serial), SerialLast: footprint.NormalizeSerial(c.SerialLast), Kind: string(c.Kind),
			PeriodStart: c.Period.Start.UTC(), PeriodEnd: c.Period.End.UTC(), MWh: c.MWh, ContractMWh: c.ContractMWh, StudyID: studyID,
		}
		c.StudyID = studyID
		if err := putJSON(b, claimKey(c), rec); err != nil {
			return err
		}
		if err := noteClaimSpan(tx, c); err != nil {
			return err
		}
	}
	return nil
}

// ClaimInstruments records claims for study studyID, atomically: the first
// claim conflicting with another study's (GreenClaim.Conflicts: same
// serial, and a green certificate or overlapping periods) returns
// ECONFLICT naming the serial and the period held
// (footprint.CheckGreenClaims) and nothing is written; claims the study
// already holds are replaced, so storing a study again is idempotent.
// Returns EINVALID for an empty study ID or serial, and for more than
// footprint.MaxInstruments claims (each is compared with those before it).
func (s *StudyService) ClaimInstruments(ctx context.Context, studyID string, claims []footprint.GreenClaim) error {
	if err := ctx.Err(); err != nil {
		return err
	} else if len(claims) > footprint.MaxInstruments {
		return footprint.FieldErrorf(footprint.EINVALID, "claims", "at most %d green-power instruments are claimed at once", footprint.MaxInstruments)
	}
	err := s.db.db.Update(func(tx *bolt.Tx) error { return claimInstruments(tx, studyID, claims) })
	return internal("claim instruments", err)
}

// FindGreenClaims returns every claim that holds a serial (compared by
// footprint.SerialKey; a claim of a batch holds every serial in it), ordered by period start then study ID; an
// empty slice if none.
func (s *StudyService) FindGreenClaims(ctx context.Context, serial string) ([]footprint.GreenClaim, error) {
	claims, err := view(ctx, s.db, "find green claims", func(tx *bolt.Tx) ([]footprint.GreenClaim, error) {
		return heldClaims(tx, footprint.GreenClaim{Serial: serial})
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(claims, func(a, b footprint.GreenClaim) int {
		if c := a.Period.Start.Compare(b.Period.Start); c != 0 {
			return c
		}
		return strings.Compare(a.StudyID, b.StudyID)
	})
	if claims == nil {
		claims = []footprint.GreenClaim{}
	}
	return claims, nil
}
