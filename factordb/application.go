package factordb

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// applicationsBucket holds certification applications (see doc.go).
var applicationsBucket = []byte("applications") // UUID (16 bytes) → applicationRecord

// pendingApplicationsBucket indexes the pending application of each study
// (a study has at most one), so that CreateApplication checks for one
// without reading every application.
var pendingApplicationsBucket = []byte("application_pending") // study ID → application UUID (16 bytes)

// applicationFiltersBucket indexes the applications of a study, and their
// status, for the review's look-ups by ID (rejectedApplications,
// applicationsOf). Each key ends with the 16 bytes of the application's
// ID; the value is empty. (Its certifier and manufacturer keys, 'c' and
// 'm', went when application_order took the lists over: dropped at Open,
// "index:application_filters_2".)
//
//	's' study ID 0x00 <uuid>
//	'S' status 0x00 <uuid>
var applicationFiltersBucket = []byte("application_filters")

// applicationOrderBucket holds the applications in the order of the
// lists (oldest first, then by ID: certification.ApplicationKey) under
// each condition FindApplications filters on, so that a page of a list is
// read from where the previous page ended, not from every application
// that matches. Each key ends with the application's ApplicationKey; the
// value is empty.
//
//	'A' 0x00 <key>                                every application
//	'c' certifier 0x00 <key>, 'C' certifier 0x00 status 0x00 <key>
//	'm' manufacturer 0x00 <key>, 'M' manufacturer 0x00 status 0x00 <key>
//	'x' certifier 0x00 manufacturer 0x00 <key>, 'X' … 0x00 status 0x00 <key>
//	's' study ID 0x00 <key>
//	'S' status 0x00 <key>
var applicationOrderBucket = []byte("application_order")

// applicationOrderPrefix is the application_order prefix of the list f
// selects: of its study, else of its organisations with its status, else
// of its status, else of every application. The other conditions of f are
// checked on each application read.
func applicationOrderPrefix(f *certification.ApplicationFilter) []byte {
	var parts []string
	kind := byte('A')
	switch {
	case f.StudyID != nil:
		kind, parts = 's', []string{*f.StudyID}
	case f.Certifier != nil && f.Manufacturer != nil:
		kind, parts = 'x', []string{*f.Certifier, *f.Manufacturer}
	case f.Certifier != nil:
		kind, parts = 'c', []string{*f.Certifier}
	case f.Manufacturer != nil:
		kind, parts = 'm', []string{*f.Manufacturer}
	}
	if f.Status != nil && kind != 's' {
		if kind == 'A' {
			kind = 'S'
		} else {
			kind -= 'a' - 'A' // 'c' → 'C': the same list, of one status
		}
		parts = append(parts, string(*f.Status))
	}
	return applicationOrderKey(kind, parts...)
}

// applicationOrderKey is the application_order prefix of kind and parts.
func applicationOrderKey(kind byte, parts ...string) []byte {
	k := []byte{kind}
	for _, p := range parts {
		k = append(append(k, p...), 0)
	}
	if len(parts) == 0 {
		k = append(k, 0)
	}
	return k
}

// applicationOrderKeys returns the application_order keys of a with
// status st: those of every status (the status's own last).
func applicationOrderKeys(a *certification.Application, st certification.ApplicationStatus) (always, ofStatus [][]byte) {
	key := certification.ApplicationKey(a)
	k := func(kind byte, parts ...string) []byte { return append(applicationOrderKey(kind, parts...), key...) }
	s := string(st)
	return [][]byte{k('A'), k('c', a.Certifier), k('m', a.Manufacturer), k('x', a.Certifier, a.Manufacturer), k('s', a.StudyID)},
		[][]byte{k('S', s), k('C', a.Certifier, s), k('M', a.Manufacturer, s), k('X', a.Certifier, a.Manufacturer, s)}
}

// statusKeys gives the keys of application a under status st in an index
// of applications by status: always (of every status) and ofStatus (of st
// only).
type statusKeys func(a *certification.Application, st certification.ApplicationStatus) (always, ofStatus [][]byte)

// putStatusKeys keeps the entries of index b of application a, with the
// keys keysOf gives: it puts those of a's status and deletes those of the
// other statuses; named name in errors.
func putStatusKeys(b *bolt.Bucket, name string, a *certification.Application, keysOf statusKeys) error {
	status := a.Status
	for _, st := range applicationStatuses {
		always, ofStatus := keysOf(a, st)
		var err error
		for _, k := range ofStatus {
			if st == status {
				err = errors.Join(err, b.Put(k, nil))
			} else {
				err = errors.Join(err, b.Delete(k))
			}
		}
		if st == status {
			for _, k := range always {
				err = errors.Join(err, b.Put(k, nil))
			}
		}
		if err != nil {
			return fmt.Errorf("put %s: %w", name, err)
		}
	}
	return nil
}

// indexApplicationOrder builds application_order from the applications
// stored, for a database written before it existed.
func indexApplicationOrder(tx *bolt.Tx) error {
	return indexByStatus(tx, applicationOrderBucket, "application order index", applicationOrderKeys)
}

// indexByStatus builds index (named name in errors) from the applications
// stored, each with the keys keysOf gives it under its status.
func indexByStatus(tx *bolt.Tx, index []byte, name string, keysOf statusKeys) error {
	return buildIndex(tx, applicationsBucket, index, "application", name,
		func(_ []byte, rec *applicationRecord) [][]byte {
			always, ofStatus := keysOf(&rec.Application, rec.Status)
			return append(always, ofStatus...)
		})
}

// applicationStatuses are the statuses an application can have.
var applicationStatuses = []certification.ApplicationStatus{certification.ApplicationPending, certification.ApplicationRejected, certification.ApplicationIssued}

// applicationFilterKeys returns the filter index keys of a with status
// st: those of every status (the study's) and the status's own.
func applicationFilterKeys(a *certification.Application, st certification.ApplicationStatus) (always, ofStatus [][]byte) {
	key := func(kind byte, part string) []byte {
		return slices.Concat([]byte{kind}, []byte(part), []byte{0}, a.ID[:])
	}
	return [][]byte{key('s', a.StudyID)}, [][]byte{key('S', string(st))}
}

// reindexApplicationFilters builds application_filters again, without
// the certifier's and manufacturer's keys an earlier program wrote.
func reindexApplicationFilters(tx *bolt.Tx) error {
	if err := emptyBucket(tx, applicationFiltersBucket); err != nil {
		return err
	}
	return indexApplicationFilters(tx)
}

// indexApplicationFilters builds the application filter index from the
// applications stored, for a database written before it existed; sorted
// before they are put (see indexCertificateRulesCompanies).
func indexApplicationFilters(tx *bolt.Tx) error {
	return indexByStatus(tx, applicationFiltersBucket, "application filter index", applicationFilterKeys)
}

// putApplication stores a and keeps the application indexes: the filter
// index under its status (the entries under the other statuses are
// deleted), and the pending-application index: a pending application is
// indexed under its study, a decided one is removed from it.
func putApplication(tx *bolt.Tx, a *certification.Application) error {
	if err := putJSON(tx.Bucket(applicationsBucket), a.ID[:], newApplicationRecord(a)); err != nil {
		return err
	}
	if err := putStatusKeys(tx.Bucket(applicationOrderBucket), "application order index", a, applicationOrderKeys); err != nil {
		return err
	}
	if err := putStatusKeys(tx.Bucket(applicationFiltersBucket), "application filter index", a, applicationFilterKeys); err != nil {
		return err
	}
	idx := tx.Bucket(pendingApplicationsBucket)
	if a.Status == certification.ApplicationPending {
		if err := idx.Put([]byte(a.StudyID), a.ID[:]); err != nil {
			return fmt.Errorf("put pending application index: %w", err)
		}
		return nil
	}
	if bytes.Equal(idx.Get([]byte(a.StudyID)), a.ID[:]) {
		if err := idx.Delete([]byte(a.StudyID)); err != nil {
			return fmt.Errorf("delete pending application index: %w", err)
		}
	}
	return nil
}

// indexPendingApplications builds the pending-application index from the
// applications stored, for a database written before it existed.
func indexPendingApplications(tx *bolt.Tx) error {
	idx := tx.Bucket(pendingApplicationsBucket)
	return forEachRecord(tx.Bucket(applicationsBucket), "application", func(k []byte, rec *applicationRecord) error {
		if rec.Status != certification.ApplicationPending {
			return nil
		}
		return idx.Put([]byte(rec.StudyID), rec.ID[:])
	})
}

// CertificationService implements certification.CertificationService on a DB:
// applications, issued certificates and the audit trail. Every state change
// is one bbolt transaction with its audit event. It also implements
// footprint.SupplierFootprintService from the certificates it holds.
//
// The organisations it reads (CreateApplication, IssueCertificate) are
// those of an AuthService on the same DB, the studies those of a
// StudyService, and the signing key that of a KeyService.
type CertificationService struct {
	db   *DB
	scan bool // tests only: Find* read every record, not the indexes (which must agree)

	// CheckCertificate, when set, is called on every certificate after it
	// is assembled and before it is signed; an error refuses the issue and
	// nothing is written. cmd sets it to the renderer's font check
	// (labels.Renderer.CheckCertificate), so that an issued certificate can
	// always be printed. It runs inside the write transaction, so it must be
	// pure and fast: no I/O, no rendering.
	CheckCertificate func(ctx context.Context, c *certification.Certificate) error

	// CheckStudy, when set, is called on the study of every new
	// application; an error refuses it. cmd sets it to the renderer's
	// check of what a certificate would print from the study
	// (labels.Renderer.CheckStudy), so that a manufacturer learns of text
	// the documents cannot print when applying, not at issue. Pure and
	// fast, as CheckCertificate; it runs in the read transaction before
	// the write (studyChecked), and again inside only when the study's
	// stored bytes are not those it was found on.
	CheckStudy func(ctx context.Context, st *footprint.Study) error
}

var (
	_ certification.CertificationService = (*CertificationService)(nil)
	_ footprint.SupplierFootprintService = (*CertificationService)(nil)
)

// NewCertificationService returns a CertificationService storing
// applications, certificates and audit events in db.
func NewCertificationService(db *DB) *CertificationService {
	return &CertificationService{db: db}
}

// applicationRecord is the stored form of a certification.Application: the
// application as it is, with the record version.
type applicationRecord struct {
	V int `json:"v"`
	certification.Application
}

func newApplicationRecord(a *certification.Application) *applicationRecord {
	return &applicationRecord{V: recordV1, Application: *a}
}

// CreateApplication stores a pending application and sets app.ID,
// app.Status and app.CreatedAt. The caller has checked that the study
// exists and belongs to app.Manufacturer. Returns EINVALID for a missing
// study, manufacturer or certifier, ENOTFOUND if the certifier
// organisation does not exist or is not a certifier, and ECONFLICT if the
// study already has a pending application. app.Supersedes must name what a
// new certificate for the study supersedes (supersession): ENOTFOUND or
// ECONFLICT, naming supersedes, otherwise.
func (s *CertificationService) CreateApplication(ctx context.Context, app *certification.Application) error {
	if app == nil {
		return footprint.Errorf(footprint.EINVALID, "application required")
	}
	switch {
	case strings.TrimSpace(app.StudyID) == "":
		return footprint.FieldErrorf(footprint.EINVALID, "study_id", "须填写研究编号(study_id)。study_id is required")
	case strings.TrimSpace(app.Manufacturer) == "":
		return footprint.FieldErrorf(footprint.EINVALID, "manufacturer", "须填写制造商(manufacturer)。manufacturer is required")
	case strings.TrimSpace(app.Certifier) == "":
		return footprint.FieldErrorf(footprint.EINVALID, "certifier", "须填写认证机构(certifier)。certifier is required")
	}
	id, err := uuid.NewRandom()
	if err != nil {
		return fmt.Errorf("factordb: new application id: %w", err)
	}
	a := *app
	a.ID, a.Status, a.Reasons, a.DecidedAt, a.CertificateID, a.Product = id, certification.ApplicationPending, nil, time.Time{}, uuid.Nil, certification.ApplicationProduct{}
	// The font check's answer is found here too, not while holding the
	// writer lock (printVerdict.fonts).
	printed, err := s.studyChecked(ctx, a.StudyID, "", s.CheckStudy)
	if err != nil {
		return internal("create application", err)
	}
	err = s.record(ctx, "create application", func(tx *bolt.Tx, now time.Time) (string, string, string, error) {
		a.CreatedAt = now
		org, err := findOrg(tx, a.Certifier)
		if footprint.ErrorCode(err) == footprint.ENOTFOUND || err == nil && org.Role != access.RoleCertifier {
			return "", "", "", footprint.FieldErrorf(footprint.ENOTFOUND, "certifier", "没有名为 %[1]q 的认证机构。certifier %[1]q not found", a.Certifier)
		} else if err != nil {
			return "", "", "", err
		}
		// A study calculated against a draft is never applied for
		// (docs/integrity.md "Factor sets").
		st, err := findStudy(tx, a.StudyID)
		if err != nil {
			return "", "", "", err
		}
		if err := inScope(org, st); err != nil {
			return "", "", "", err
		}
		if err := certifiableStudy(tx, st, printed); err != nil {
			return "", "", "", err
		}
		if err := printed.fonts(ctx, tx, st, s.CheckStudy); err != nil {
			return "", "", "", err
		}
		if err := periodEnded(st, now); err != nil { // a study stored before the rule
			return "", "", "", err
		}
		if err := checkGTINHolder(tx, st.Product.GTIN, a.Manufacturer, now); err != nil {
			return "", "", "", err
		}
		if tx.Bucket(pendingApplicationsBucket).Get([]byte(a.StudyID)) != nil {
			return "", "", "", footprint.FieldErrorf(footprint.ECONFLICT, "study_id", "研究 %[1]s 已有一份待审核的认证申请。study %[1]s already has a pending application", a.StudyID)
		}
		named, err := supersession(tx, &a, st, false)
		if err != nil {
			return "", "", "", err
		}
		// The study's green-power claims bind from now on (claims.go).
		if err := checkBindingClaims(tx, st, named); err != nil {
			return "", "", "", err
		}
		a.Product = certification.NewApplicationProduct(st)
		if err := putApplication(tx, &a); err != nil {
			return "", "", "", err
		}
		if err := indexApplicationModel(tx, &a, st.Product.Model); err != nil {
			return "", "", "", err
		}
		if err := indexPendingProduct(tx, &a, st, true); err != nil {
			return "", "", "", err
		}
		detail := fmt.Sprintf("study %s, certifier %s", a.StudyID, a.Certifier)
		if a.Supersedes != uuid.Nil {
			detail += ", supersedes " + a.Supersedes.String()
		}
		return access.AuditApplicationCreate, "application/" + id.String(), detail, nil
	})
	if err != nil {
		return err
	}
	*app = a
	return nil
}

// findApplication reads an application in tx. Returns ENOTFOUND if absent.
func findApplication(tx *bolt.Tx, id uuid.UUID) (*certification.Application, error) {
	var rec applicationRecord
	if err := findJSON(tx.Bucket(applicationsBucket), id[:], &rec, "application %s not found", id); err != nil {
		return nil, err
	}
	return &rec.Application, nil
}

// FindApplicationByID returns ENOTFOUND if there is no such application.
// An application stored before applications recorded their product
// (Application.Product) is read with its study's, as the lists read it
// (GET /v1/applications); with none if the study is not stored.
func (s *CertificationService) FindApplicationByID(ctx context.Context, id uuid.UUID) (*certification.Application, error) {
	return view(ctx, s.db, "find application", func(tx *bolt.Tx) (*certification.Application, error) {
		a, err := findApplication(tx, id)
		if err != nil {
			return nil, err
		}
		return a, withStudyProduct(tx, a)
	})
}

// withStudyProduct gives application a, stored before applications
// recorded their product, its study's (none if the study is not stored);
// an application with a product keeps it.
func withStudyProduct(tx *bolt.Tx, a *certification.Application) error {
	if a.Product != (certification.ApplicationProduct{}) {
		return nil
	}
	st, err := applicationStudy(tx, a)
	if err != nil {
		return err
	}
	a.Product = certification.NewApplicationProduct(st)
	return nil
}

// registeredName returns the name of the organisation name is written
// for, when no organisation is named so exactly: the organisation whose
// name or Chinese name OrgNameKey folds alike (case, spacing, punctuation,
// full-width and look-alike letters), as organisations are told apart;
// name itself otherwise, nil for nil. A regulator's list of applications
// by the holder's Chinese name, or by its name written otherwise, was
// empty (red team 61).
func registeredName(tx *bolt.Tx, name *string) *string {
	if name == nil || tx.Bucket(orgsBucket).Get([]byte(*name)) != nil {
		return name
	}
	if org := tx.Bucket(orgNamesBucket).Get([]byte(OrgNameKey(*name))); len(org) > 0 {
		return new(string(org))
	}
	return name
}

// FindApplications returns the applications filter selects, oldest first
// (then by ID), those after filter.After and at most filter.Limit of them
// (every one when 0); one stored before applications recorded their
// product with its study's, as FindApplicationByID reads it. It reads application_order from the place of After
// on: a page of a list reads the applications of that page and those of
// the list's index entry that the other conditions of filter leave out,
// never the applications before it.
func (s *CertificationService) FindApplications(ctx context.Context, filter certification.ApplicationFilter) ([]*certification.Application, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []*certification.Application
	visit := func(k, v []byte) error {
		var rec applicationRecord
		if err := decodeJSON(v, &rec); err != nil {
			return fmt.Errorf("application %x: %w", k, err)
		}
		switch {
		case filter.Manufacturer != nil && rec.Manufacturer != *filter.Manufacturer,
			filter.Certifier != nil && rec.Certifier != *filter.Certifier,
			filter.Status != nil && rec.Status != *filter.Status,
			filter.StudyID != nil && rec.StudyID != *filter.StudyID,
			s.scan && filter.After != nil && bytes.Compare(certification.ApplicationKey(&rec.Application), filter.After) <= 0:
			return nil
		}
		out = append(out, &rec.Application)
		return nil
	}
	full := func() bool { return filter.Limit > 0 && len(out) >= filter.Limit }
	err := s.db.db.View(func(tx *bolt.Tx) error {
		filter.Manufacturer, filter.Certifier = registeredName(tx, filter.Manufacturer), registeredName(tx, filter.Certifier)
		apps := tx.Bucket(applicationsBucket)
		if s.scan {
			if err := apps.ForEach(visit); err != nil {
				return err
			}
		} else {
			prefix := applicationOrderPrefix(&filter)
			from := append(bytes.Clone(prefix), filter.After...)
			c := tx.Bucket(applicationOrderBucket).Cursor()
			k, _ := c.Seek(from)
			if filter.After != nil && bytes.Equal(k, from) {
				k, _ = c.Next()
			}
			for ; k != nil && bytes.HasPrefix(k, prefix) && !full(); k, _ = c.Next() {
				if err := visitIndexed(apps, "application", k[len(k)-16:], visit); err != nil {
					return err
				}
			}
		}
		for _, a := range out {
			if err := withStudyProduct(tx, a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, internal("find applications", err)
	}
	if s.scan { // tests only: every application read, in the list's order
		slices.SortFunc(out, func(x, y *certification.Application) int {
			return bytes.Compare(certification.ApplicationKey(x), certification.ApplicationKey(y))
		})
		if filter.Limit > 0 && len(out) > filter.Limit {
			out = out[:filter.Limit]
		}
	}
	return out, nil
}

// applicationModelsBucket indexes the applications by their holder and the
// product model of their study (as ModelKey folds it), so that a review
// finds the earlier applications of a holder's product model without
// reading every application. A study's model never changes, so the entry
// is written once, when the application is made.
var applicationModelsBucket = []byte("application_models") // manufacturer 0x00 ModelKey(model) 0x00 <uuid> → ""

// applicationModelPrefix is the application_models prefix of a holder's
// product model; nil for a model without a letter or a digit.
func applicationModelPrefix(manufacturer, model string) []byte {
	mk := ModelKey(model)
	if mk == "" {
		return nil
	}
	return []byte(manufacturer + "\x00" + mk + "\x00")
}

// indexApplicationModel records application a, on a study of product
// model, in application_models.
func indexApplicationModel(tx *bolt.Tx, a *certification.Application, model string) error {
	prefix := applicationModelPrefix(a.Manufacturer, model)
	if prefix == nil {
		return nil
	}
	if err := tx.Bucket(applicationModelsBucket).Put(append(prefix, a.ID[:]...), nil); err != nil {
		return fmt.Errorf("put application model index: %w", err)
	}
	return nil
}

// indexApplicationModels builds application_models from the applications
// and studies stored, for a database written before it existed. An
// application whose study is not stored has no entry.
func indexApplicationModels(tx *bolt.Tx) error {
	return buildStudyIndex(tx, applicationModelsBucket, "application model index", "", func(a *certification.Application, st *footprint.Study) [][]byte {
		if prefix := applicationModelPrefix(a.Manufacturer, st.Product.Model); prefix != nil {
			return [][]byte{append(prefix, a.ID[:]...)}
		}
		return nil
	})
}

// buildStudyIndex builds index (named name in errors) from the
// applications stored of status ("": any), with the keys keysOf gives each
// on its study; an application whose study is not stored has none.
func buildStudyIndex(tx *bolt.Tx, index []byte, name string, status certification.ApplicationStatus, keysOf func(a *certification.Application, st *footprint.Study) [][]byte) error {
	return buildApplicationIndex(tx, index, name, func(rec *applicationRecord) ([][]byte, error) {
		if status != "" && rec.Status != status {
			return nil, nil
		}
		st, err := applicationStudy(tx, &rec.Application)
		if err != nil {
			return nil, fmt.Errorf("application %s: %w", rec.ID, err)
		}
		if st == nil {
			return nil, nil
		}
		return keysOf(&rec.Application, st), nil
	})
}

// buildApplicationIndex builds index (named name in errors) from the
// applications stored, with the keys keysOf gives each; the first error
// keysOf returns fails it.
func buildApplicationIndex(tx *bolt.Tx, index []byte, name string, keysOf func(rec *applicationRecord) ([][]byte, error)) error {
	var failed error
	err := buildIndex(tx, applicationsBucket, index, "application", name, func(_ []byte, rec *applicationRecord) [][]byte {
		keys, err := keysOf(rec)
		failed = cmp.Or(failed, err)
		return keys
	})
	return cmp.Or(err, failed)
}

// indexedIDs returns the 16-byte IDs that end the keys of idx under
// prefix.
func indexedIDs(idx *bolt.Bucket, prefix []byte) [][]byte {
	var out [][]byte
	c := idx.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if len(k) >= len(prefix)+16 {
			out = append(out, bytes.Clone(k[len(k)-16:]))
		}
	}
	return out
}

// FindReviewRecords returns what the records say of application a on
// study st beyond the study (certification.ReviewRecords), read in one
// transaction, each from an index: no scan of the applications or the
// certificates. The certificate a supersedes is read once, for the
// records, their State and the review's row of it.
func (s *CertificationService) FindReviewRecords(ctx context.Context, a *certification.Application, st *footprint.Study) (*certification.ReviewRecords, error) {
	return view(ctx, s.db, "find review records", func(tx *bolt.Tx) (*certification.ReviewRecords, error) {
		out, sup, err := reviewRecords(s.db, tx, a, st)
		if err != nil {
			return nil, err
		}
		if out.State, err = reviewState(s.db, tx, a, st, out, sup); err != nil {
			return nil, err
		}
		// The study of the certificate a supersedes, in the same
		// snapshot as the rest (the review compares its output with the
		// study's, red team 91). Read after State, which it is not part
		// of: a certified study does not change, and the warnings the
		// review draws from it are in the review's digest.
		if out.Superseded != nil {
			if out.SupersededStudy, out.SupersededStudyUnread, err = supersededStudy(tx, out.Superseded.Certificate()); err != nil {
				return nil, err
			}
			if out.EarlierCertificate, out.EarlierStudy, out.EarlierWalk, err = earlierStudy(s.db, tx, st, out.Superseded.Certificate(), out.SupersededStudy); err != nil {
				return nil, err
			}
		}
		return out, nil
	})
}

// reviewRecords returns, in tx, what the records say of application a on
// study st (FindReviewRecords), without its State, and the stored record
// of the certificate a supersedes (nil for none), which reviewState takes.
func reviewRecords(db *DB, tx *bolt.Tx, a *certification.Application, st *footprint.Study) (*certification.ReviewRecords, *certificateRecord, error) {
	out := &certification.ReviewRecords{}
	var err error
	if out.Rejected, err = rejectedApplications(tx, a, st); err != nil {
		return nil, nil, err
	}
	if out.Pending, err = pendingApplications(tx, a, st); err != nil {
		return nil, nil, err
	}
	if out.Shopped, err = shoppedApplications(tx, a, st, out.Pending); err != nil {
		return nil, nil, err
	}
	if r := st.Result; r != nil && r.DeclaredUnit.Amount > 0 {
		if out.SameFigure, err = sameFigureRejections(tx, a, r.KgCO2e/r.DeclaredUnit.Amount, out.Rejected); err != nil {
			return nil, nil, err
		}
	}
	if out.Stopped, out.Peers, err = holderCertificates(db, tx, a, st); err != nil {
		return nil, nil, err
	}
	// The product certified at another body meanwhile: named as the
	// pending application it was (red team 67).
	certified, err := certifiedElsewhere(tx, a, st, out.Peers)
	if err != nil {
		return nil, nil, err
	}
	out.Shopped = append(out.Shopped, certified...)
	starts := make([]*certification.Certificate, 0, len(out.Peers)+1)
	for _, p := range out.Peers {
		starts = append(starts, p.Certificate())
	}
	sup, err := supersededRecord(tx, a)
	if err != nil {
		return nil, nil, err
	}
	if sup != nil {
		m, err := db.restoredMark(tx)
		if err != nil {
			return nil, nil, err
		}
		if out.Superseded, err = sup.domain(m); err != nil {
			return nil, nil, err
		}
		starts = append(starts, out.Superseded.Certificate())
	}
	if out.Lineages, err = lineages(tx, starts); err != nil {
		return nil, nil, err
	}
	if out.Revised, out.Deprecated, err = newerFactors(tx, st); err != nil {
		return nil, nil, err
	}
	if out.Lowered, err = loweredFactors(tx, st); err != nil {
		return nil, nil, err
	}
	out.Named = namedOrganizations(tx, a.Manufacturer, st)
	if out.GTINUnbound, err = gtinUnbound(tx, st.Product.GTIN, a.Manufacturer); err != nil {
		return nil, nil, err
	}
	return out, sup, nil
}

// lineages returns, by certificate ID, the peaks of the certificates
// each of starts superseded (lineagePeaks), the latest first
// (ReviewRecords.Lineages): one read each, however long the lineage.
func lineages(tx *bolt.Tx, starts []*certification.Certificate) (map[string][]*certification.Certificate, error) {
	out := map[string][]*certification.Certificate{}
	for _, c := range starts {
		peaks, err := lineagePeaks(tx, c)
		if err != nil {
			return nil, err
		}
		if len(peaks) > 0 {
			out[c.ID.String()] = peaks
		}
	}
	return out, nil
}

// applicationStudy reads the study of application a in tx; nil when it is
// not stored.
func applicationStudy(tx *bolt.Tx, a *certification.Application) (*footprint.Study, error) {
	st, err := findStudy(tx, a.StudyID)
	if code := footprint.ErrorCode(err); code == footprint.ENOTFOUND || code == footprint.EINVALID {
		return nil, nil
	}
	return st, err
}

// rejectionKeys returns the application_rejections keys of rejected
// application a on study st (none for a study not stored, nil): its
// product codes under its rule, and its GTIN and model stem
// (identityKeys).
func rejectionKeys(a *certification.Application, st *footprint.Study) [][]byte {
	if st == nil {
		return nil
	}
	codes := make([]string, len(st.Product.ProductCodes))
	for i, pc := range st.Product.ProductCodes {
		codes[i] = pc.String()
	}
	return append(holderProductKeys(a.Manufacturer, st.Rule, codes, a.ID[:]), identityKeys(a.Manufacturer, &st.Product, a.ID[:])...)
}

// identityKeys returns the keys, in application_rejections' form, of a
// holder's record of product p by what names the product whatever its
// code (session 34: a product code changed with the model name): its GTIN
// as 14 digits (scheme "#GTIN") and its model stem (scheme "#MODEL", with
// no rule), which no product code matches (sameProduct.matches). With an
// empty tail they are the prefixes a review reads.
func identityKeys(manufacturer string, p *footprint.Product, tail []byte) [][]byte {
	var ids []string
	if g := gtinKey(p.GTIN); g != nil {
		ids = append(ids, "#GTIN:"+string(g[:len(g)-1]))
	}
	if stem := modelStem(p.Model); stem != "" {
		ids = append(ids, "#MODEL:"+stem)
	}
	return holderProductKeys(manufacturer, "", ids, tail)
}

// indexApplicationRejection records rejected application a on study st
// (nil: not stored) in application_rejections (a rejection is final: the
// entry is written once).
func indexApplicationRejection(tx *bolt.Tx, a *certification.Application, st *footprint.Study) error {
	if err := putKeys(tx.Bucket(applicationRejectsBucket), rejectionKeys(a, st)); err != nil {
		return fmt.Errorf("put application rejection index: %w", err)
	}
	k, err := rejectedFigureKey(tx, a)
	if err != nil || k == nil {
		return err
	}
	if err := tx.Bucket(rejectedFiguresBucket).Put(k, nil); err != nil {
		return fmt.Errorf("put rejected application figure index: %w", err)
	}
	return nil
}

// rejectedApplications returns the rejected applications, other than a,
// of a's study, of the holder's other studies of st's product model, and
// of the holder's studies of the same product under another model name
// (sameProduct: red team 13) or of st's GTIN or model stem under another
// code (identityKeys), oldest first.
func rejectedApplications(tx *bolt.Tx, a *certification.Application, st *footprint.Study) ([]*certification.Application, error) {
	ids := indexedIDs(tx.Bucket(applicationFiltersBucket), append([]byte("s"+a.StudyID), 0))
	if prefix := applicationModelPrefix(a.Manufacturer, st.Product.Model); prefix != nil {
		ids = append(ids, indexedIDs(tx.Bucket(applicationModelsBucket), prefix)...)
	}
	for _, id := range newSameProduct(st).holderRecords(tx.Bucket(applicationRejectsBucket), a.Manufacturer) {
		if len(id) == 16 {
			ids = append(ids, id)
		}
	}
	for _, prefix := range identityKeys(a.Manufacturer, &st.Product, nil) {
		ids = append(ids, indexedIDs(tx.Bucket(applicationRejectsBucket), prefix)...)
	}
	return applicationsOf(tx, ids, map[uuid.UUID]bool{a.ID: true}, certification.ApplicationRejected)
}

// pendingApplications returns the holder's pending applications, other
// than a, of st's product model (as the model lineage compares models),
// oldest first: the product taken to another certification body at the
// same time (red team 38).
func pendingApplications(tx *bolt.Tx, a *certification.Application, st *footprint.Study) ([]*certification.Application, error) {
	prefix := applicationModelPrefix(a.Manufacturer, st.Product.Model)
	if prefix == nil {
		return nil, nil
	}
	return applicationsOf(tx, indexedIDs(tx.Bucket(applicationModelsBucket), prefix), map[uuid.UUID]bool{a.ID: true}, certification.ApplicationPending)
}

// applicationsOf returns the applications of status among ids (16-byte
// UUIDs), but those in seen, once each, oldest first.
func applicationsOf(tx *bolt.Tx, ids [][]byte, seen map[uuid.UUID]bool, status certification.ApplicationStatus) ([]*certification.Application, error) {
	var out []*certification.Application
	filters := tx.Bucket(applicationFiltersBucket)
	for _, k := range ids {
		id := uuid.UUID(k)
		if seen[id] {
			continue
		}
		seen[id] = true
		// The status index says which to read (session 35: a study
		// certified again and again had every issued application read).
		if filters.Get(slices.Concat([]byte{'S'}, []byte(status), []byte{0}, id[:])) == nil {
			continue
		}
		app, err := findApplication(tx, id)
		if err != nil {
			return nil, err
		}
		if app.Status == status {
			out = append(out, app)
		}
	}
	slices.SortFunc(out, func(x, y *certification.Application) int { return x.CreatedAt.Compare(y.CreatedAt) })
	return out, nil
}

// namedOrganizations returns the registered organisations other than
// holder whose name or Chinese name st gives, as OrgNameKey compares, as
// the product's manufacturer or production site: read from the
// organisation_names index.
func namedOrganizations(tx *bolt.Tx, holder string, st *footprint.Study) []certification.NamedOrganization {
	var out []certification.NamedOrganization
	for _, f := range []struct{ path, name string }{{"product.manufacturer", st.Product.Manufacturer}, {"product.site", st.Product.Site}} {
		// The whole text, and each part a bracket, slash, comma or
		// semicolon sets apart: "Dem0 Modu1e Co. (示例组件厂)" names
		// 示例组件厂 (red team 12).
		parts := append(strings.FieldsFunc(f.name, func(r rune) bool { return strings.ContainsRune("()（）[]【】/／,，;；|", r) }), f.name)
		for _, part := range parts {
			k := OrgNameKey(part)
			if k == "" {
				continue
			}
			if org := string(tx.Bucket(orgNamesBucket).Get([]byte(k))); org != "" && org != holder &&
				!slices.Contains(out, certification.NamedOrganization{Field: f.path, Organization: org}) {
				out = append(out, certification.NamedOrganization{Field: f.path, Organization: org})
			}
		}
	}
	return out
}

// RejectApplication decides a pending application as rejected, with its
// audit event. Returns EINVALID without reasons, ENOTFOUND, and ECONFLICT
// if the application is already decided.
func (s *CertificationService) RejectApplication(ctx context.Context, id uuid.UUID, reasons []string) (*certification.Application, error) {
	if err := certification.ValidateReasons("reasons", reasons); err != nil {
		return nil, err
	}
	var a *certification.Application
	err := s.record(ctx, "reject application", func(tx *bolt.Tx, now time.Time) (string, string, string, error) {
		var err error
		if a, err = pendingApplication(tx, id); err != nil {
			return "", "", "", err
		}
		a.Status, a.Reasons, a.DecidedAt = certification.ApplicationRejected, slices.Clone(reasons), now
		if err := putApplication(tx, a); err != nil {
			return "", "", "", err
		}
		st, err := applicationStudy(tx, a)
		if err != nil {
			return "", "", "", err
		}
		if err := indexApplicationRejection(tx, a, st); err != nil {
			return "", "", "", err
		}
		if st != nil {
			if err := indexPendingProduct(tx, a, st, false); err != nil {
				return "", "", "", err
			}
		}
		return access.AuditApplicationReject, "application/" + id.String(), strings.Join(reasons, "; "), nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// pendingApplication reads an application that must still be pending.
// Returns ENOTFOUND or ECONFLICT.
func pendingApplication(tx *bolt.Tx, id uuid.UUID) (*certification.Application, error) {
	a, err := findApplication(tx, id)
	if err != nil {
		return nil, err
	}
	if a.Status != certification.ApplicationPending {
		return nil, footprint.Errorf(footprint.ECONFLICT, "认证申请 %[1]s 已有决定(%[2]s),不能再签发或拒绝。application %[1]s is already %[2]s", id, a.Status)
	}
	return a, nil
}

// IssueCertificate decides a pending application as issued, in one write
// transaction: it reads the application, its study with the stored result,
// and the holder and certifier organisations, checks again what the new
// certificate supersedes (supersession), issues the certificate (see
// issue), records the certificate it supersedes as superseded by it (see
// supersede), and marks the application issued, with the audit event
// (AuditCertificateReissue when it supersedes one). If anything fails,
// nothing is written and the application stays pending. The certificate is
// format 2 (footprint.CertificateFormat2): it signs the digests of the
// study document as stored and of the factor set, a commitment to the
// supplier certificates (whose list is kept with the record, private), and
// the number of the certificate it supersedes. Returns ENOTFOUND,
// ECONFLICT if the application is already decided or the study's lineage
// changed since it was made, and EINVALID for no signatory, an approval
// number missing or differing from the one on record, or a certificate that NewCertificate or
// CheckCertificate refuses. A certifier without an approval number on
// record has the one its request gives recorded in the same transaction
// (recordApprovalNumber, audited as access.AuditOrganizationApproval), and every
// later issue uses that one.
func (s *CertificationService) IssueCertificate(ctx context.Context, applicationID uuid.UUID, req certification.IssueRequest) (*certification.CertificateRecord, error) {
	// Today's engine on the stored study, and what its certificate would
	// print, outside the write transaction (certifiableStudy says why that
	// is the same answer).
	var printed *printVerdict
	if a, err := s.FindApplicationByID(ctx, applicationID); err == nil {
		if printed, err = s.studyRecalculates(a.StudyID, "suppliers"); err != nil {
			return nil, internal("issue certificate", err)
		}
	}
	var rec *certificateRecord
	err := s.record(ctx, "issue certificate", func(tx *bolt.Tx, now time.Time) (string, string, string, error) {
		// Everything up to the certificate's number only reads: a refusal
		// there costs the calls grouped with it nothing (beforeWrites).
		a, err := pendingApplication(tx, applicationID)
		if err != nil {
			return "", "", "", beforeWrites(err)
		}
		in, err := certificateInput(tx, now, a.Manufacturer, a.Certifier, a.StudyID, req)
		if err != nil {
			return "", "", "", beforeWrites(err)
		}
		// Checked again at issue: the application may predate the rule.
		if err := certifiableStudy(tx, in.Study, printed); err != nil {
			return "", "", "", beforeWrites(err)
		}
		if err := checkGTINHolder(tx, in.Study.Product.GTIN, a.Manufacturer, now); err != nil {
			return "", "", "", beforeWrites(err)
		}
		old, err := supersession(tx, a, in.Study, true)
		if err != nil {
			return "", "", "", beforeWrites(err)
		}
		// The review the certifier read, as the store holds it now.
		if err := checkReviewState(s.db, tx, a, in.Study, req.ReviewState); err != nil {
			return "", "", "", beforeWrites(err)
		}
		if err := checkBindingClaims(tx, in.Study, old); err != nil {
			return "", "", "", beforeWrites(err)
		}
		suppliers, err := validSuppliers(s.db, tx, in.Study, now)
		if err != nil {
			return "", "", "", beforeWrites(err)
		}
		for _, sup := range suppliers {
			in.Suppliers = append(in.Suppliers, sup.signed)
		}
		if old != nil {
			oldCert, err := old.certificate()
			if err != nil {
				return "", "", "", beforeWrites(err)
			}
			in.Revision, in.Supersedes, in.SupersedesNumber = oldCert.Revision+1, oldCert.ID, oldCert.Number
			// A successor of data no more recent, a copy of the study
			// or a correction, keeps its predecessor's expiry: the same
			// study's rule (certificateInput) held for its copy alone.
			if !in.Study.Result.ReferencePeriod.End.After(oldCert.PeriodEnd) && (in.ExpiresBy.IsZero() || oldCert.ExpiresAt.Before(in.ExpiresBy)) {
				in.ExpiresBy = oldCert.ExpiresAt
			}
		}
		if !in.ExpiresBy.IsZero() && !in.ExpiresBy.After(now) {
			return "", "", "", beforeWrites(certification.SameDataExpiredError(in.Study.ID, in.Study.Result.ReferencePeriod, in.ExpiresBy))
		}
		if rec, err = s.issue(ctx, tx, now, &in, a.ID, a.Manufacturer, a.Certifier, supplierIDs(suppliers)); err != nil {
			return "", "", "", err
		}
		// A certifier's first approval number is recorded with the
		// certificate it is first signed on.
		if err := recordApprovalNumber(ctx, tx, now, a.Certifier, in.Certifier.ApprovalNumber, rec.Number); err != nil {
			return "", "", "", err
		}
		a.Status, a.DecidedAt, a.CertificateID = certification.ApplicationIssued, rec.StatusChangedAt, in.ID
		if err := putApplication(tx, a); err != nil {
			return "", "", "", err
		}
		if err := indexPendingProduct(tx, a, in.Study, false); err != nil {
			return "", "", "", err
		}
		action, detail := access.AuditCertificateIssue, fmt.Sprintf("number %s, application %s", rec.Number, a.ID)
		if req.ReviewDigest != "" {
			detail += ", after review " + req.ReviewDigest
		}
		if old != nil {
			if err := supersede(ctx, tx, old, rec); err != nil {
				return "", "", "", err
			}
			action, detail = access.AuditCertificateReissue, detail+fmt.Sprintf(", supersedes %s (%s)", old.Number, old.ID)
		}
		return action, "certificate/" + rec.ID, detail, nil
	})
	if err != nil {
		return nil, err
	}
	out, err := rec.domain(nil) // issued now: no restore before it
	return out, internal("issue certificate", err)
}

// issuedBeforeKey returns ECONFLICT when a certificate issued at
// issuedAt would claim an issue time before key, the active signing key,
// was created: the clock was set back since the key was made (by hand, or
// by a time service). Such a certificate never verifies
// (certification.VerifyKeyNotCreated), though the service would store it
// valid and give it a number (red team 56).
func issuedBeforeKey(issuedAt time.Time, key *certification.SigningKey) error {
	if !issuedAt.Before(key.Created.Truncate(time.Second)) {
		return nil
	}
	return footprint.Errorf(footprint.ECONFLICT,
		"系统时钟早于当前签名密钥 %[2]s 的创建时间(%[3]s):此时签发的证书将早于其签名密钥,无法通过验证,请先校正时钟。"+
			"the clock reads %[1]s, before the active signing key %[2]s was created (%[3]s): a certificate issued now would claim an issue time before its key's creation and never verify; set the clock right",
		issuedAt.UTC().Format(time.RFC3339), key.ID, key.Created.UTC().Format(time.RFC3339))
}

// supersession returns the certificate a certificate issued for application
// a would supersede (nil for the first of a lineage), checking the lineage
// rule (certification.CheckSupersedes) in tx: a names the current certificate
// of its study's lineage, or, for a study without one, continues the
// lineage of another study of the same manufacturer and product model. st
// is the application's study, or nil to read it when needed. Returns
// ENOTFOUND, naming supersedes, for a certificate that is not the
// manufacturer's, ECONFLICT, naming study_id, for a study a certificate
// of which was withdrawn (withdrawnStudy), and ECONFLICT as
// CheckSupersedes. issue tells the issue's check from the application's:
// a study of a GTIN whose certificate stands is applied for without naming
// it, and refused at the issue (gtinSupersession).
func supersession(tx *bolt.Tx, a *certification.Application, st *footprint.Study, issue bool) (*certificateRecord, error) {
	if err := withdrawnStudy(tx, a.StudyID); err != nil {
		return nil, err
	}
	current, err := currentCertificate(tx, a.StudyID)
	if err != nil {
		return nil, err
	}
	var named *certificateRecord
	if a.Supersedes != uuid.Nil {
		named, err = findCertificateRecord(tx, a.Supersedes)
		if footprint.ErrorCode(err) == footprint.ENOTFOUND || err == nil && named.Manufacturer != a.Manufacturer {
			return nil, footprint.FieldErrorf(footprint.ENOTFOUND, "supersedes", "要替代的证书 %[1]s 不存在。certificate %[1]s not found", a.Supersedes)
		} else if err != nil {
			return nil, err
		}
	}
	if current == nil {
		// One lineage per product model of a holder too: a study of a
		// model that has a certificate continues the model's lineage
		// (docs/integrity.md §12).
		if st == nil {
			if st, err = findStudy(tx, a.StudyID); err != nil {
				return nil, err
			}
		}
		if current, err = modelSupersession(tx, a, st, named, issue); err != nil {
			return nil, err
		}
	}
	if current == nil && named == nil {
		return nil, nil
	}
	var cur, nam *certification.CertificateRecord
	if current != nil {
		if cur, err = current.domain(nil); err != nil {
			return nil, err
		}
	}
	sameModel := false
	if named != nil {
		if nam, err = named.domain(nil); err != nil {
			return nil, err
		}
		if current == nil {
			if st == nil {
				if st, err = findStudy(tx, a.StudyID); err != nil {
					return nil, err
				}
			}
			sameModel = strings.TrimSpace(st.Product.Model) == nam.Certificate().Product.Model
		}
	}
	if err := certification.CheckSupersedes(cur, nam, sameModel); err != nil {
		return nil, err
	}
	return named, nil
}

// supersede records in tx that next replaces old: a valid certificate
// becomes superseded by it, and certificates issued on it as a supplier
// are flagged; a withdrawn one stays withdrawn (its status and reason
// stand, its downstream was flagged at withdrawal) and only links to it,
// so the lineage shows.
//
// A flag old carries for its withdrawn predecessor passes to next, which
// stands in that lineage now: a reissue, here or at another certifier, does
// not shed it unreviewed (red team 26).
func supersede(ctx context.Context, tx *bolt.Tx, old, next *certificateRecord) error {
	if f, ok := certification.PredecessorFlag(old.SupplierFlags); ok {
		next.SupplierFlags = append(next.SupplierFlags, f)
		if err := putCertificate(tx, next); err != nil {
			return err
		}
		if err := audit(ctx, tx, next.StatusChangedAt, access.AuditCertificateFlag, "certificate/"+next.ID, fmt.Sprintf("certificate %s, earlier in the lineage this one continues, is withdrawn", f.Number)); err != nil {
			return err
		}
	}
	old.SupersededBy = next.ID
	if old.Status == string(certification.CertificateValid) {
		old.Status, old.StatusChangedAt = string(certification.CertificateSuperseded), next.StatusChangedAt
		old.SupersededAt = next.StatusChangedAt
		old.StatusReason = "superseded by " + next.Number
		if err := flagDownstream(ctx, tx, old, certification.CertificateSuperseded, next.StatusChangedAt); err != nil {
			return err
		}
	}
	// The hosts that received old's footprint learn of next's (pactoutbox.go).
	if err := notePACTSuccessor(ctx, tx, old, next, next.StatusChangedAt); err != nil {
		return err
	}
	return putCertificate(tx, old)
}

// setSupersededAt sets the SupersededAt of the certificates of a file
// written before it was recorded: a superseded one was superseded when its
// status changed; a withdrawn one that a later certificate continues was
// superseded first if it was withdrawn after that certificate's issue
// (its event's time: the signed issue time, which supersede set, is in
// whole seconds, and a withdrawal in the same second would read as
// after it), and its PACT footprint entries are those of its superseded
// footprint again (pact's deprecation).
func setSupersededAt(tx *bolt.Tx) error {
	var todo []*certificateRecord
	err := forEachRecord(tx.Bucket(certificatesBucket), "certificate", func(_ []byte, rec *certificateRecord) error {
		if rec.SupersededBy != "" && rec.SupersededAt.IsZero() &&
			(rec.Status == string(certification.CertificateSuperseded) || rec.Status == string(certification.CertificateWithdrawn)) {
			todo = append(todo, rec)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, rec := range todo {
		was, err := rec.domain(nil)
		if err != nil {
			return err
		}
		if rec.Status == string(certification.CertificateSuperseded) {
			rec.SupersededAt = rec.StatusChangedAt
		} else {
			next, err := uuid.Parse(rec.SupersededBy)
			if err != nil {
				return fmt.Errorf("superseded_by %q of certificate %s: %w", rec.SupersededBy, rec.Number, errCorrupt)
			}
			var issued time.Time
			if err := eachSubjectEvent(tx, "certificate/"+next.String(), func(ev *auditRecord) error {
				if ev.Action == access.AuditCertificateReissue {
					issued = ev.At
				}
				return nil
			}); err != nil {
				return err
			}
			if issued.IsZero() || !rec.StatusChangedAt.After(issued) {
				continue // withdrawn before its successor's issue
			}
			rec.SupersededAt = issued.Truncate(time.Second)
		}
		now, err := rec.domain(nil)
		if err != nil {
			return err
		}
		if err := reindexPACTState(tx.Bucket(pactIndexBucket), rec.Number, was, now); err != nil {
			return err
		}
		if err := putJSON(tx.Bucket(certificatesBucket), now.Certificate().ID[:], rec); err != nil {
			return err
		}
	}
	return nil
}

// certificateInput gathers, in tx, everything a certificate is made of but
// its identity, its lineage and its suppliers: the study with its stored
// result and its document as stored, the digest of the published factor
// set it pins, the holder (the manufacturer organisation) and the certifier
// with its approval number. Returns EINVALID for a malformed study ID, a
// study without a result or on a set that is not published,
// ENOTFOUND, naming study_id, for a study that is absent or another
// manufacturer's, and EINVALID, naming approval_number, when the certifier
// has none on record and the request gives none, or the request's differs
// from the one on record (the first a certifier gave is recorded at that
// issue: recordApprovalNumber).
func certificateInput(tx *bolt.Tx, now time.Time, manufacturer, certifierOrg, studyID string, req certification.IssueRequest) (certification.CertificateInput, error) {
	var in certification.CertificateInput
	// A CNCA certificate names its certification body's authorised
	// signatory (reference standards.md §7.2), in its signature block.
	if strings.TrimSpace(req.Signatory) == "" {
		return in, footprint.FieldErrorf(footprint.EINVALID, "signatory", "须填写授权签字人(signatory):证书的签署栏载明认证机构的授权签字人。signatory is required: the certificate names the certification body's authorised signatory in its signature block")
	}
	if err := checkSignatory(strings.TrimSpace(req.Signatory)); err != nil {
		return in, err
	}
	st, err := findStudy(tx, studyID)
	if err != nil {
		return in, err
	}
	if st.Owner != manufacturer {
		return in, footprint.FieldErrorf(footprint.ENOTFOUND, "study_id", "研究 %[1]q 不存在。study %[1]q not found", studyID)
	}
	if st.Result == nil {
		return in, footprint.FieldErrorf(footprint.EINVALID, "study_id", "研究 %[1]s 没有计算结果。study %[1]s has no calculated result", st.ID)
	}
	holder, err := findOrg(tx, manufacturer)
	if err != nil {
		return in, err
	}
	cert, err := findOrg(tx, certifierOrg)
	if err != nil {
		return in, err
	}
	if err := registeredSignatory(cert, strings.TrimSpace(req.Signatory)); err != nil {
		return in, err
	}
	if err := inScope(cert, st); err != nil { // an application made before the scope
		return in, err
	}
	in.Study = st
	key, _ := uuidKey(studyID) // findStudy has checked it
	// A study certified already keeps the expiry of its latest
	// certificate: signing the same data again never lengthens it (a
	// successor of no more recent data keeps its predecessor's too:
	// IssueCertificate).
	if v := tx.Bucket(certStudiesBucket).Get(key); v != nil {
		id, err := uuid.FromBytes(v)
		if err != nil {
			return in, fmt.Errorf("study %s certificate: %w", studyID, errCorrupt)
		}
		prev, err := findCertificateRecord(tx, id)
		if err != nil {
			return in, err
		}
		in.ExpiresBy = prev.ExpiresAt
	}
	// Format 2 signs the digest of the study document as stored and of the
	// published set it pins (a draft set has no digest: refused).
	_, doc, _, err := studyDocs(tx, key)
	if err != nil {
		return in, err
	}
	in.StudyDocument = bytes.Clone(doc)
	set, err := findSet(tx, st.FactorSet)
	if err != nil {
		return in, err
	}
	if set.Status != footprint.SetPublished || set.Digest == "" {
		return in, footprint.FieldErrorf(footprint.EINVALID, "factor_set", "研究 %[1]s 采用的因子集 %[2]s 尚未发布:证书须以已发布的因子集为依据。study %[1]s uses factor set %[2]s, which is not published: a certificate needs a published set", st.ID, st.FactorSet)
	}
	in.FactorSetDigest = set.Digest
	// The holder's registered address; a holder without one is shown at
	// the production site the study names.
	in.Holder = certification.CertificateParty{NameZH: holder.NameZH, NameEN: holder.Name, Address: cmp.Or(holder.Address, strings.TrimSpace(st.Product.Site))}
	// One approval number per certifier, on every certificate it signs:
	// the one on record, or, for a certifier without one, the one the
	// request gives, which the issue then records (recordApprovalNumber).
	approval := strings.TrimSpace(req.ApprovalNumber)
	switch {
	case cert.ApprovalNumber != "" && approval != "" && approval != cert.ApprovalNumber:
		return in, footprint.FieldErrorf(footprint.EINVALID, "approval_number", "批准号 %[1]q 与 %[2]s 登记的批准号 %[3]q 不同:认证机构以同一批准号签发每一张证书。approval number %[1]q differs from the one on record for %[2]s, %[3]q: a certifier signs every certificate under the same one", approval, cert.Name, cert.ApprovalNumber)
	case cert.ApprovalNumber != "":
		approval = cert.ApprovalNumber
	case approval == "":
		return in, footprint.FieldErrorf(footprint.EINVALID, "approval_number", "机构 %[1]s 尚未登记批准号:请填写批准号(approval_number,本次签发时登记,此后每次签发都使用)。organisation %[1]s has no approval number on record: give approval_number (it is recorded at this issue and used on every later one)", cert.Name)
	default:
		// An approval number names one certification body: not another's.
		if err := checkOrgKey(tx, cert.Name, approvalOrgKey(approval)); err != nil {
			return in, err
		}
		// Recorded for good and printed on every certificate the body
		// signs: a CNCA approval number, not words (red team 67); a look-
		// alike of another body's is named as such first.
		if err := checkApprovalLookAlike(tx, cert.Name, approval); err != nil {
			return in, err
		}
		if err := checkApprovalForm(approval, now); err != nil {
			return in, err
		}
	}
	in.Certifier = certification.CertificateCertifier{NameZH: cert.NameZH, NameEN: cert.Name, ApprovalNumber: approval, Signatory: strings.TrimSpace(req.Signatory)}
	in.VerifyBase = req.VerifyBase
	return in, nil
}

// findStudy reads a study with its stored result in tx. Returns EINVALID
// for an ID that is not a UUID and ENOTFOUND if there is no such study,
// both naming study_id.
func findStudy(tx *bolt.Tx, id string) (*footprint.Study, error) {
	key, ok := uuidKey(id)
	if !ok {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "study_id", "研究编号 %[1]q 无效。invalid study ID %[1]q", id)
	}
	_, doc, result, err := studyDocs(tx, key)
	if err != nil {
		return nil, err
	}
	if doc == nil {
		return nil, footprint.FieldErrorf(footprint.ENOTFOUND, "study_id", "研究 %[1]q 不存在。study %[1]q not found", id)
	}
	// bbolt: the values are valid only in tx; decoding copies them.
	return decodeStudy(id, doc, result)
}

// issue makes and stores a new certificate in tx: it draws a random ID,
// takes the active signing key (created on first use), allocates the next
// number of the year of now, assembles the certificate from in
// (certification.NewCertificate) with the issue time now (to the second), runs
// CheckCertificate, signs it (certification.SignCertificate) and stores it as
// valid. The key is read in the same write transaction that stores the
// certificate, and rotation is a write transaction too, so no certificate is
// ever signed with a key retired before its issue time. It sets in.ID,
// in.Number and in.IssuedAt.
func (s *CertificationService) issue(ctx context.Context, tx *bolt.Tx, now time.Time, in *certification.CertificateInput, applicationID uuid.UUID, manufacturer, certifier string, suppliers []uuid.UUID) (*certificateRecord, error) {
	var err error
	if in.ID, err = uuid.NewRandom(); err != nil {
		return nil, fmt.Errorf("new certificate id: %w", err)
	}
	key, err := activeSigningKey(s.db, tx, now)
	if err != nil {
		return nil, err
	}
	in.IssuedAt = now.Truncate(time.Second)
	if err := issuedBeforeKey(in.IssuedAt, key); err != nil {
		return nil, beforeWrites(err)
	}
	// The number is taken (written) only once the certificate is made,
	// checked and signed: a refusal before writes nothing, and the calls
	// grouped with it are not run again (beforeWrites, group.go).
	var takeNumber func() error
	if in.Number, takeNumber, err = peekCertificateNumber(tx, in.IssuedAt); err != nil {
		return nil, beforeWrites(err)
	}
	c, err := certification.NewCertificate(*in)
	if err != nil {
		return nil, beforeWrites(err)
	}
	if s.CheckCertificate != nil {
		if err := s.CheckCertificate(ctx, c); err != nil {
			return nil, beforeWrites(err)
		}
	}
	sc, err := certification.SignCertificate(c, key)
	if err != nil {
		return nil, beforeWrites(err)
	}
	// The supplier list the signed suppliers_digest commits to: private,
	// kept with the record (certification.CertificateRecord.SupplierList).
	list, err := certification.MarshalSuppliers(in.Suppliers)
	if err != nil {
		return nil, beforeWrites(err)
	}
	if err := takeNumber(); err != nil {
		return nil, err
	}
	return putNewCertificate(tx, sc, in.Study, in.IssuedAt, applicationID, manufacturer, certifier, suppliers, list)
}

// approvalFormRe is the form of a CNCA approval number of a certification
// body (认证机构批准书编号): CNCA-R-, or CNCA-RF- for a foreign-invested
// body, the year of approval and the body's serial, as "CNCA-R-2002-001".
var approvalFormRe = regexp.MustCompile(`^CNCA-RF?-((?:19|20)[0-9]{2})-[0-9]{2,4}$`)

// checkApprovalForm refuses, naming approval_number in Chinese and
// English, an approval number an issue request gives for a certifier
// without one on record, or the operator gives at a certifier's creation
// (red team 68), that is not of the form of a CNCA approval number
// (approvalFormRe), or whose year of approval is after now's: the issue
// records it as the body's, for good, and every certificate the body signs
// prints it, so "CNCA-R-2026-101  有效期至 2099-12-31" (a gap, then
// another field's words), a direction override or an approval of 2099
// would be printed under the body's name on each (red team 67; the
// signatory's own check is checkSignatory). A number on record is not
// checked again: one recorded before this check stays printable.
func checkApprovalForm(approval string, now time.Time) error {
	m := approvalFormRe.FindStringSubmatch(approval)
	if m == nil {
		return footprint.FieldErrorf(footprint.EINVALID, "approval_number", "批准号 %[1]q 不是国家认监委(CNCA)认证机构批准号的格式(如 CNCA-R-2002-001):它登记为机构的批准号,并印在其签发的每张证书上。approval number %[1]q is not of the form of a CNCA approval number of a certification body (as CNCA-R-2002-001): it is recorded as the body's, printed on every certificate it signs", approval)
	}
	if year, _ := strconv.Atoi(m[1]); year > now.UTC().Year() {
		return footprint.FieldErrorf(footprint.EINVALID, "approval_number", "批准号 %[1]q 的批准年份 %[2]d 晚于今年(%[3]d)。approval number %[1]q states approval in %[2]d, after this year (%[3]d)", approval, year, now.UTC().Year())
	}
	return nil
}

// registeredSignatory refuses, naming signatory in Chinese and English,
// a signatory that is not on the register of certifier org (its
// Signatories, as the operator recorded them): a body's staff signed and
// printed any name (red team 68), "Wang Li" or a colleague's. A body with
// no register is not checked (one registered before it). ECONFLICT, naming
// signatory, while its register is a restored copy's not stated again
// (access.Organization.RegisterPending).
func registeredSignatory(org *access.Organization, signatory string) error {
	// A restored copy's register may lack a change made after the copy
	// (a signatory removed, the scope narrowed): held until the operator
	// states it again (red team 73).
	if org.RegisterPending {
		return footprint.FieldErrorf(footprint.ECONFLICT, "signatory", "数据库已从备份副本恢复,%[2]s 的授权签字人与批准范围登记是副本中的,副本之后的变更(如撤销某签字人)可能已丢失:请运营方按机构在认监委的登记重新确认(pcf orgs register 或 PUT /v1/admin/organizations/{name}/register)后再签发。the database was restored from a copy, and the register of authorised signatories and scope of %[1]s is the copy's: a change after the copy (a signatory removed) may be lost; the operator states it again from the body's CNCA file (pcf orgs register, or PUT /v1/admin/organizations/{name}/register) before it issues", org.Name, cmp.Or(org.NameZH, org.Name))
	}
	if len(org.Signatories) == 0 || slices.Contains(org.Signatories, signatory) {
		return nil
	}
	return footprint.FieldErrorf(footprint.EINVALID, "signatory", "%[1]q 不是 %[4]s 登记的授权签字人(%[3]s):证书只由机构登记的授权签字人签署。%[1]q is not an authorised signatory on record for %[2]s (%[3]s): a certificate is signed by one the body registered", signatory, org.Name, strings.Join(org.Signatories, ", "), cmp.Or(org.NameZH, org.Name))
}

// inScope refuses, ECONFLICT naming certifier in Chinese and English, a
// study whose accounting rule is not in the approval scope of certifier
// org (its Scope, as the operator recorded it): a body approved for PV
// modules applied for and issued a laptop's certificate alike (red team
// 68). A body with no scope is not checked.
func inScope(org *access.Organization, st *footprint.Study) error {
	rule := st.Rule
	if st.Result != nil {
		rule = cmp.Or(st.Result.Rule, rule)
	}
	if len(org.Scope) == 0 || slices.Contains(org.Scope, rule) {
		return nil
	}
	return footprint.FieldErrorf(footprint.ECONFLICT, "certifier", "认证机构 %[5]s 的批准范围(%[3]s)不含研究 %[4]s 的核算规则 %[2]q:请向批准范围涵盖该产品的认证机构申请。the approval scope of %[1]s (%[3]s) does not cover rule %[2]q of study %[4]s: apply to a body approved for the product", org.Name, rule, strings.Join(org.Scope, ", "), st.ID, cmp.Or(org.NameZH, org.Name))
}

// maxSignatory is the longest authorised signatory's name an issue takes,
// as the certificate's own check allows (certifier.signatory).
const maxSignatory = 100

// checkSignatory refuses an issue request's authorised signatory that a
// certificate must not print in its signature block, naming signatory, in
// Chinese and English: a name with a control or format character (a
// direction override such as U+202E reorders what the page shows, a
// zero-width space hides in it), with a digit, or with runs of white space
// or any but the plain space between its words (a name followed by a gap
// and "有效期至 2099-12-31" reads as another field of the certificate),
// or longer than maxSignatory characters, or holding a character that
// lists or joins names (signatorySeparator, as a register entry: "Zhang
// San; Li Si" signed as one signatory and read as two, where the body
// has no register to hold the name to). s is trimmed; certificates
// issued before keep their signatory and verify as before.
func checkSignatory(s string) error {
	bad := func(zh, en string) error {
		return footprint.FieldErrorf(footprint.EINVALID, "signatory", "授权签字人(signatory)%s:证书签署栏只印签字人的姓名。signatory %s: the certificate's signature block prints the signatory's name only", zh, en)
	}
	if !utf8.ValidString(s) {
		return bad("不是有效的 UTF-8", "is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n > maxSignatory {
		return footprint.FieldErrorf(footprint.EINVALID, "signatory", "授权签字人(signatory)超过 %[1]d 个字符。signatory is longer than %[1]d characters", maxSignatory)
	}
	if sep, ok := signatorySeparator(s); ok {
		return footprint.FieldErrorf(footprint.EINVALID, "signatory", "授权签字人(signatory)%[1]q 含分隔符 %[2]q:证书签署栏只印一名签字人的姓名。signatory %[1]q contains the separator %[2]q: the certificate's signature block prints one signatory's name", s, sep)
	}
	prevSpace := false
	for _, r := range s {
		switch {
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029':
			return footprint.FieldErrorf(footprint.EINVALID, "signatory", "授权签字人(signatory)含控制或格式字符 %[1]U(如方向控制符、零宽字符):证书签署栏只印签字人的姓名。signatory contains control or format character %[1]U (a direction control, a zero-width character): the certificate's signature block prints the signatory's name only", r)
		case unicode.IsNumber(r):
			return bad("含数字", "contains a digit")
		case unicode.IsSpace(r) && r != ' ':
			return footprint.FieldErrorf(footprint.EINVALID, "signatory", "授权签字人(signatory)含空白字符 %[1]U:姓名各部分之间只用一个普通空格。signatory contains white space %[1]U: the parts of a name are separated by one plain space", r)
		case r == ' ' && prevSpace:
			return bad("含连续空格", "contains a run of spaces")
		}
		prevSpace = r == ' '
	}
	return nil
}
