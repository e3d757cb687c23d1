package factordb

import (
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Buckets of certification (see doc.go).
var (
	applicationsBucket = []byte("applications")         // UUID (16 bytes) → applicationRecord
	certificatesBucket = []byte("certificates")         // UUID (16 bytes) → certificateRecord
	certNumbersBucket  = []byte("certificate_numbers")  // number → UUID
	certSequenceBucket = []byte("certificate_sequence") // year (4 bytes BE) → last number issued that year (8 bytes BE)
	auditBucket        = []byte("audit_events")         // bucket sequence (8 bytes BE) → auditRecord
)

// CertificationService implements footprint.CertificationService on a DB:
// applications, issued certificates and the audit trail. Every state change
// is one bbolt transaction with its audit event. It also implements
// footprint.SupplierFootprintService from the certificates it holds.
//
// The organisations it checks (CreateApplication) are those of an
// AuthService on the same DB.
type CertificationService struct {
	db *DB
}

var (
	_ footprint.CertificationService     = (*CertificationService)(nil)
	_ footprint.SupplierFootprintService = (*CertificationService)(nil)
)

// NewCertificationService returns a CertificationService storing
// applications, certificates and audit events in db.
func NewCertificationService(db *DB) *CertificationService {
	return &CertificationService{db: db}
}

// applicationRecord is the stored form of a footprint.Application.
type applicationRecord struct {
	V             int       `json:"v"`
	ID            string    `json:"id"`
	StudyID       string    `json:"study_id"`
	Manufacturer  string    `json:"manufacturer"`
	Certifier     string    `json:"certifier"`
	Status        string    `json:"status"`
	Reasons       []string  `json:"reasons,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
	DecidedAt     time.Time `json:"decided_at,omitzero"`
	CertificateID string    `json:"certificate_id,omitempty"`
}

func newApplicationRecord(a *footprint.Application) *applicationRecord {
	r := &applicationRecord{
		V: recordV1, ID: a.ID.String(), StudyID: a.StudyID, Manufacturer: a.Manufacturer, Certifier: a.Certifier,
		Status: string(a.Status), Reasons: a.Reasons, CreatedAt: a.CreatedAt.UTC(), DecidedAt: a.DecidedAt.UTC(),
	}
	if a.CertificateID != uuid.Nil {
		r.CertificateID = a.CertificateID.String()
	}
	return r
}

func (r *applicationRecord) domain() (*footprint.Application, error) {
	a := &footprint.Application{
		StudyID: r.StudyID, Manufacturer: r.Manufacturer, Certifier: r.Certifier,
		Status: footprint.ApplicationStatus(r.Status), Reasons: r.Reasons, CreatedAt: r.CreatedAt, DecidedAt: r.DecidedAt,
	}
	var err error
	if a.ID, err = uuid.Parse(r.ID); err != nil {
		return nil, fmt.Errorf("application id %q: %w", r.ID, errCorrupt)
	}
	if r.CertificateID != "" {
		if a.CertificateID, err = uuid.Parse(r.CertificateID); err != nil {
			return nil, fmt.Errorf("application %s certificate id: %w", r.ID, errCorrupt)
		}
	}
	return a, nil
}

// certificateRecord is the stored form of a footprint.CertificateRecord.
// Content is the signed canonical encoding, byte for byte; the certificate
// is decoded from it on every read, so what is shown is what was signed.
// The filter fields repeat parts of the content so that FindCertificates
// decodes only the certificates it returns.
type certificateRecord struct {
	V         int    `json:"v"`
	ID        string `json:"id"`
	Number    string `json:"number"`
	Content   []byte `json:"content"`
	KeyID     string `json:"key_id"`
	Signature []byte `json:"signature"`

	Status          string    `json:"status"`
	StatusReason    string    `json:"status_reason,omitempty"`
	StatusChangedAt time.Time `json:"status_changed_at"`
	SupersededBy    string    `json:"superseded_by,omitempty"`

	ApplicationID string `json:"application_id"`
	Manufacturer  string `json:"manufacturer"`
	Certifier     string `json:"certifier"`

	// Filter fields, copied from the content at issue.
	ProductCodes []string  `json:"product_codes,omitempty"` // "HS:854143"
	Rule         string    `json:"rule"`
	Companies    []string  `json:"companies,omitempty"` // holder and manufacturer names, Chinese and English
	ExpiresAt    time.Time `json:"expires_at"`
}

func (r *certificateRecord) domain() (*footprint.CertificateRecord, error) {
	c, err := footprint.UnmarshalCanonicalCertificate(r.Content)
	if err != nil {
		return nil, fmt.Errorf("certificate %s: %s: %w", r.ID, footprint.ErrorMessage(err), errCorrupt)
	}
	out := &footprint.CertificateRecord{
		Signed: &footprint.SignedCertificate{
			Certificate: c, Content: bytes.Clone(r.Content), KeyID: r.KeyID, Signature: bytes.Clone(r.Signature),
		},
		Status: footprint.CertificateStatus(r.Status), StatusReason: r.StatusReason, StatusChangedAt: r.StatusChangedAt,
		Manufacturer: r.Manufacturer, Certifier: r.Certifier,
	}
	if out.ApplicationID, err = uuid.Parse(r.ApplicationID); err != nil {
		return nil, fmt.Errorf("certificate %s application id: %w", r.ID, errCorrupt)
	}
	if r.SupersededBy != "" {
		if out.SupersededBy, err = uuid.Parse(r.SupersededBy); err != nil {
			return nil, fmt.Errorf("certificate %s superseded by: %w", r.ID, errCorrupt)
		}
	}
	return out, nil
}

// auditRecord is the stored form of a footprint.AuditEvent.
type auditRecord struct {
	V       int       `json:"v"`
	ID      string    `json:"id"`
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Role    string    `json:"role,omitempty"`
	KeyID   string    `json:"key_id,omitempty"`
	Action  string    `json:"action"`
	Subject string    `json:"subject"`
	Detail  string    `json:"detail,omitempty"`
}

func (r *auditRecord) domain() (*footprint.AuditEvent, error) {
	id, err := uuid.Parse(r.ID)
	if err != nil {
		return nil, fmt.Errorf("audit event id %q: %w", r.ID, errCorrupt)
	}
	return &footprint.AuditEvent{
		ID: id, At: r.At, Actor: r.Actor, Role: footprint.Role(r.Role), KeyID: r.KeyID,
		Action: r.Action, Subject: r.Subject, Detail: r.Detail,
	}, nil
}

// newAuditEvent makes an audit event at time at, by the context's principal
// (footprint.AuditActor).
func newAuditEvent(ctx context.Context, at time.Time, action, subject, detail string) (*auditRecord, error) {
	id, err := uuid.NewRandom()
	if err != nil {
		return nil, fmt.Errorf("factordb: new audit event id: %w", err)
	}
	actor, role, keyID := footprint.AuditActor(ctx)
	return &auditRecord{
		V: recordV1, ID: id.String(), At: at.UTC(), Actor: actor, Role: string(role), KeyID: keyID,
		Action: action, Subject: subject, Detail: detail,
	}, nil
}

// audit appends an event for a change made in tx, so the change and its
// record commit or fail together.
func audit(ctx context.Context, tx *bolt.Tx, at time.Time, action, subject, detail string) error {
	ev, err := newAuditEvent(ctx, at, action, subject, detail)
	if err != nil {
		return err
	}
	return putAuditEvent(tx, ev)
}

// putAuditEvent appends an event. Keys are the bucket's sequence, so the
// trail is in the order of the transactions that wrote it, whatever the
// clock says.
func putAuditEvent(tx *bolt.Tx, ev *auditRecord) error {
	b := tx.Bucket(auditBucket)
	seq, err := b.NextSequence()
	if err != nil {
		return fmt.Errorf("audit sequence: %w", err)
	}
	return putJSON(b, binary.BigEndian.AppendUint64(nil, seq), ev)
}

// record runs fn in a write transaction and appends the audit event fn
// returns (if any) in the same transaction.
func (s *CertificationService) record(ctx context.Context, op string, fn func(tx *bolt.Tx, now time.Time) (action, subject, detail string, err error)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := s.db.now()
	err := s.db.db.Update(func(tx *bolt.Tx) error {
		action, subject, detail, err := fn(tx, now)
		if err != nil {
			return err
		}
		ev, err := newAuditEvent(ctx, now, action, subject, detail)
		if err != nil {
			return err
		}
		return putAuditEvent(tx, ev)
	})
	return internal(op, err)
}

// CreateApplication stores a pending application and sets app.ID,
// app.Status and app.CreatedAt. The caller has checked that the study
// exists and belongs to app.Manufacturer. Returns EINVALID for a missing
// study, manufacturer or certifier, ENOTFOUND if the certifier
// organisation does not exist or is not a certifier, and ECONFLICT if the
// study already has a pending application.
func (s *CertificationService) CreateApplication(ctx context.Context, app *footprint.Application) error {
	if app == nil {
		return footprint.Errorf(footprint.EINVALID, "application required")
	}
	switch {
	case strings.TrimSpace(app.StudyID) == "":
		return footprint.FieldErrorf(footprint.EINVALID, "study_id", "study_id is required")
	case strings.TrimSpace(app.Manufacturer) == "":
		return footprint.FieldErrorf(footprint.EINVALID, "manufacturer", "manufacturer is required")
	case strings.TrimSpace(app.Certifier) == "":
		return footprint.FieldErrorf(footprint.EINVALID, "certifier", "certifier is required")
	}
	id, err := uuid.NewRandom()
	if err != nil {
		return fmt.Errorf("factordb: new application id: %w", err)
	}
	a := *app
	a.ID, a.Status, a.Reasons, a.DecidedAt, a.CertificateID = id, footprint.ApplicationPending, nil, time.Time{}, uuid.Nil
	err = s.record(ctx, "create application", func(tx *bolt.Tx, now time.Time) (string, string, string, error) {
		a.CreatedAt = now
		org, err := findOrg(tx, a.Certifier)
		if footprint.ErrorCode(err) == footprint.ENOTFOUND || err == nil && org.Role != footprint.RoleCertifier {
			return "", "", "", footprint.FieldErrorf(footprint.ENOTFOUND, "certifier", "certifier %q not found", a.Certifier)
		} else if err != nil {
			return "", "", "", err
		}
		b := tx.Bucket(applicationsBucket)
		err = b.ForEach(func(k, v []byte) error {
			var rec applicationRecord
			if err := decodeJSON(v, &rec); err != nil {
				return fmt.Errorf("application %x: %w", k, err)
			}
			if rec.StudyID == a.StudyID && rec.Status == string(footprint.ApplicationPending) {
				return footprint.FieldErrorf(footprint.ECONFLICT, "study_id", "study %s already has a pending application", a.StudyID)
			}
			return nil
		})
		if err != nil {
			return "", "", "", err
		}
		if err := putJSON(b, id[:], newApplicationRecord(&a)); err != nil {
			return "", "", "", err
		}
		return footprint.AuditApplicationCreate, "application/" + id.String(),
			fmt.Sprintf("study %s, certifier %s", a.StudyID, a.Certifier), nil
	})
	if err != nil {
		return err
	}
	*app = a
	return nil
}

// findApplication reads an application in tx. Returns ENOTFOUND if absent.
func findApplication(tx *bolt.Tx, id uuid.UUID) (*footprint.Application, error) {
	var rec applicationRecord
	if ok, err := getJSON(tx.Bucket(applicationsBucket), id[:], &rec); err != nil {
		return nil, fmt.Errorf("application %s: %w", id, err)
	} else if !ok {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "application %s not found", id)
	}
	return rec.domain()
}

// FindApplicationByID returns ENOTFOUND if there is no such application.
func (s *CertificationService) FindApplicationByID(ctx context.Context, id uuid.UUID) (*footprint.Application, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var a *footprint.Application
	err := s.db.db.View(func(tx *bolt.Tx) error {
		var err error
		a, err = findApplication(tx, id)
		return err
	})
	return a, internal("find application", err)
}

// FindApplications returns the matching applications, oldest first (then
// by ID).
func (s *CertificationService) FindApplications(ctx context.Context, filter footprint.ApplicationFilter) ([]*footprint.Application, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []*footprint.Application
	err := s.db.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(applicationsBucket).ForEach(func(k, v []byte) error {
			var rec applicationRecord
			if err := decodeJSON(v, &rec); err != nil {
				return fmt.Errorf("application %x: %w", k, err)
			}
			switch {
			case filter.Manufacturer != nil && rec.Manufacturer != *filter.Manufacturer,
				filter.Certifier != nil && rec.Certifier != *filter.Certifier,
				filter.Status != nil && rec.Status != string(*filter.Status),
				filter.StudyID != nil && rec.StudyID != *filter.StudyID:
				return nil
			}
			a, err := rec.domain()
			if err != nil {
				return err
			}
			out = append(out, a)
			return nil
		})
	})
	if err != nil {
		return nil, internal("find applications", err)
	}
	slices.SortFunc(out, func(x, y *footprint.Application) int {
		if c := x.CreatedAt.Compare(y.CreatedAt); c != 0 {
			return c
		}
		return bytes.Compare(x.ID[:], y.ID[:])
	})
	return out, nil
}

// RejectApplication decides a pending application as rejected, with its
// audit event. Returns EINVALID without reasons, ENOTFOUND, and ECONFLICT
// if the application is already decided.
func (s *CertificationService) RejectApplication(ctx context.Context, id uuid.UUID, reasons []string) (*footprint.Application, error) {
	if err := footprint.ValidateReasons("reasons", reasons); err != nil {
		return nil, err
	}
	var a *footprint.Application
	err := s.record(ctx, "reject application", func(tx *bolt.Tx, now time.Time) (string, string, string, error) {
		var err error
		if a, err = pendingApplication(tx, id); err != nil {
			return "", "", "", err
		}
		a.Status, a.Reasons, a.DecidedAt = footprint.ApplicationRejected, slices.Clone(reasons), now
		if err := putJSON(tx.Bucket(applicationsBucket), id[:], newApplicationRecord(a)); err != nil {
			return "", "", "", err
		}
		return footprint.AuditApplicationReject, "application/" + id.String(), strings.Join(reasons, "; "), nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// pendingApplication reads an application that must still be pending.
// Returns ENOTFOUND or ECONFLICT.
func pendingApplication(tx *bolt.Tx, id uuid.UUID) (*footprint.Application, error) {
	a, err := findApplication(tx, id)
	if err != nil {
		return nil, err
	}
	if a.Status != footprint.ApplicationPending {
		return nil, footprint.Errorf(footprint.ECONFLICT, "application %s is already %s", id, a.Status)
	}
	return a, nil
}

// nextCertificateNumber allocates the next number of the year of
// issuedAt, "CDPCF-2026-000001" onwards, in tx: a rolled-back issue
// allocates nothing. A number already in use is skipped.
func nextCertificateNumber(tx *bolt.Tx, issuedAt time.Time) (string, error) {
	year := issuedAt.UTC().Year()
	key := binary.BigEndian.AppendUint32(nil, uint32(year))
	seqs := tx.Bucket(certSequenceBucket)
	var seq uint64
	if v := seqs.Get(key); v != nil {
		if len(v) != 8 {
			return "", fmt.Errorf("certificate sequence %d: %w", year, errCorrupt)
		}
		seq = binary.BigEndian.Uint64(v)
	}
	numbers := tx.Bucket(certNumbersBucket)
	for {
		seq++
		number := footprint.FormatCertificateNumber(footprint.CertificateNumberPrefix, year, int(seq))
		if numbers.Get([]byte(number)) != nil {
			continue
		}
		if err := seqs.Put(key, binary.BigEndian.AppendUint64(nil, seq)); err != nil {
			return "", fmt.Errorf("put certificate sequence: %w", err)
		}
		return number, nil
	}
}

// buildCertificate calls build and checks what it returns: a signed,
// canonical certificate with the number and issue time the store
// allocated. It returns the certificate decoded from the signed content.
//
// The signing key must be the active one in tx: a rotation committed after
// the caller read the key would otherwise yield a certificate issued after
// its key's retirement, which verifiers refuse (footprint.VerifyKeyRetired).
// Rotation and issue are both write transactions, so this check is exact.
func buildCertificate(tx *bolt.Tx, build footprint.CertificateBuilder, number string, issuedAt time.Time) (*footprint.SignedCertificate, error) {
	if build == nil {
		return nil, fmt.Errorf("factordb: certificate builder required")
	}
	sc, err := build(number, issuedAt)
	if err != nil {
		return nil, err
	}
	if sc == nil || len(sc.Content) == 0 || len(sc.Signature) == 0 {
		return nil, footprint.Errorf(footprint.EINVALID, "certificate builder returned no signed content")
	}
	if active, err := activeKey(tx); err != nil {
		return nil, err
	} else if active == nil || active.ID != sc.KeyID {
		return nil, footprint.ErrSigningKeyRotated
	}
	c, err := footprint.UnmarshalCanonicalCertificate(sc.Content)
	if err != nil {
		return nil, err
	}
	switch {
	case c.Number != number:
		return nil, footprint.Errorf(footprint.EINVALID, "certificate builder used number %s, want %s", c.Number, number)
	case !c.IssuedAt.Equal(issuedAt):
		return nil, footprint.Errorf(footprint.EINVALID, "certificate builder used issue time %s, want %s", c.IssuedAt.Format(time.RFC3339), issuedAt.Format(time.RFC3339))
	}
	return &footprint.SignedCertificate{Certificate: c, Content: sc.Content, KeyID: sc.KeyID, Signature: sc.Signature}, nil
}

// putNewCertificate stores a new certificate, valid, with its number index.
// Returns ECONFLICT if the ID or the number is taken.
func putNewCertificate(tx *bolt.Tx, sc *footprint.SignedCertificate, now time.Time, applicationID uuid.UUID, manufacturer, certifier string) (*certificateRecord, error) {
	c := sc.Certificate
	certs, numbers := tx.Bucket(certificatesBucket), tx.Bucket(certNumbersBucket)
	if certs.Get(c.ID[:]) != nil {
		return nil, footprint.Errorf(footprint.ECONFLICT, "certificate %s already exists", c.ID)
	}
	if numbers.Get([]byte(c.Number)) != nil {
		return nil, footprint.Errorf(footprint.ECONFLICT, "certificate number %s is taken", c.Number)
	}
	rec := &certificateRecord{
		V: recordV1, ID: c.ID.String(), Number: c.Number, Content: sc.Content, KeyID: sc.KeyID, Signature: sc.Signature,
		Status: string(footprint.CertificateValid), StatusChangedAt: now,
		ApplicationID: applicationID.String(), Manufacturer: manufacturer, Certifier: certifier,
		Rule: c.Rule.Code, ExpiresAt: c.ExpiresAt,
	}
	for _, pc := range c.Product.Codes {
		rec.ProductCodes = append(rec.ProductCodes, pc.String())
	}
	for _, name := range []string{c.Holder.NameEN, c.Holder.NameZH, c.Manufacturer.NameEN, c.Manufacturer.NameZH} {
		if name != "" && !slices.Contains(rec.Companies, name) {
			rec.Companies = append(rec.Companies, name)
		}
	}
	if err := putJSON(certs, c.ID[:], rec); err != nil {
		return nil, err
	}
	if err := numbers.Put([]byte(c.Number), bytes.Clone(c.ID[:])); err != nil {
		return nil, fmt.Errorf("put certificate number: %w", err)
	}
	return rec, nil
}

// findCertificateRecord reads a certificate's record in tx. Returns
// ENOTFOUND if absent.
func findCertificateRecord(tx *bolt.Tx, id uuid.UUID) (*certificateRecord, error) {
	var rec certificateRecord
	if ok, err := getJSON(tx.Bucket(certificatesBucket), id[:], &rec); err != nil {
		return nil, fmt.Errorf("certificate %s: %w", id, err)
	} else if !ok {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "certificate %s not found", id)
	}
	return &rec, nil
}

// IssueCertificate decides a pending application as issued, in one
// transaction: it allocates the next certificate number of the year, calls
// build with it and the issue time (now, to the second), stores the
// certificate as valid, marks the application issued and appends the audit
// event. If build fails, nothing is written and the application stays
// pending. Returns ENOTFOUND, ECONFLICT if the application is already
// decided, EINVALID if build returns a certificate with another number or
// issue time, and whatever build returns.
func (s *CertificationService) IssueCertificate(ctx context.Context, applicationID uuid.UUID, build footprint.CertificateBuilder) (*footprint.CertificateRecord, error) {
	var rec *certificateRecord
	err := s.record(ctx, "issue certificate", func(tx *bolt.Tx, now time.Time) (string, string, string, error) {
		a, err := pendingApplication(tx, applicationID)
		if err != nil {
			return "", "", "", err
		}
		issuedAt := now.Truncate(time.Second)
		number, err := nextCertificateNumber(tx, issuedAt)
		if err != nil {
			return "", "", "", err
		}
		sc, err := buildCertificate(tx, build, number, issuedAt)
		if err != nil {
			return "", "", "", err
		}
		if rec, err = putNewCertificate(tx, sc, issuedAt, a.ID, a.Manufacturer, a.Certifier); err != nil {
			return "", "", "", err
		}
		a.Status, a.DecidedAt, a.CertificateID = footprint.ApplicationIssued, issuedAt, sc.Certificate.ID
		if err := putJSON(tx.Bucket(applicationsBucket), a.ID[:], newApplicationRecord(a)); err != nil {
			return "", "", "", err
		}
		return footprint.AuditCertificateIssue, "certificate/" + rec.ID,
			fmt.Sprintf("number %s, application %s", number, a.ID), nil
	})
	if err != nil {
		return nil, err
	}
	out, err := rec.domain()
	return out, internal("issue certificate", err)
}

// FindCertificateByID returns ENOTFOUND if there is no such certificate.
func (s *CertificationService) FindCertificateByID(ctx context.Context, id uuid.UUID) (*footprint.CertificateRecord, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var rec *certificateRecord
	err := s.db.db.View(func(tx *bolt.Tx) error {
		var err error
		rec, err = findCertificateRecord(tx, id)
		return err
	})
	if err != nil {
		return nil, internal("find certificate", err)
	}
	out, err := rec.domain()
	return out, internal("find certificate", err)
}

// matchCertificate reports whether a certificate record passes the filter.
func matchCertificate(rec *certificateRecord, f *footprint.CertificateFilter) bool {
	status := footprint.CertificateStatus(rec.Status)
	if !f.Now.IsZero() {
		// Only ExpiresAt matters to the derived status.
		status = (&footprint.Certificate{ExpiresAt: rec.ExpiresAt}).StatusAt(status, f.Now)
	}
	switch {
	case f.Manufacturer != nil && rec.Manufacturer != *f.Manufacturer,
		f.Certifier != nil && rec.Certifier != *f.Certifier,
		f.Status != nil && status != *f.Status,
		f.Rule != nil && rec.Rule != *f.Rule:
		return false
	case f.ProductCode != nil && !slices.ContainsFunc(rec.ProductCodes, func(pc string) bool { return codeHasPrefix(pc, *f.ProductCode) }):
		return false
	case f.Company != nil && rec.Manufacturer != *f.Company && !slices.ContainsFunc(rec.Companies, func(name string) bool {
		return strings.Contains(strings.ToLower(name), strings.ToLower(*f.Company))
	}):
		return false
	}
	return true
}

// FindCertificates returns one page of matching certificates, ordered by
// number, and the cursor of the next page ("" on the last). ProductCode is
// a prefix of the code part of any product code on the certificate ("8541"
// finds HS:854143); Company is the owning organisation exactly or a
// case-insensitive substring of a holder or manufacturer name; Status is
// the recorded status, or the status at Now (expired derived) when Now is
// set. Returns EINVALID for a bad cursor or a negative limit.
func (s *CertificationService) FindCertificates(ctx context.Context, filter footprint.CertificateFilter) ([]*footprint.CertificateRecord, string, error) {
	if err := ctx.Err(); err != nil {
		return nil, "", err
	}
	limit, err := cursorLimit(filter.Limit)
	if err != nil {
		return nil, "", err
	}
	var after []byte
	if filter.Cursor != "" {
		if after, err = base64.RawURLEncoding.DecodeString(filter.Cursor); err != nil || len(after) == 0 {
			return nil, "", footprint.FieldErrorf(footprint.EINVALID, "cursor", "invalid cursor")
		}
	}
	var page []*certificateRecord
	more := false
	err = s.db.db.View(func(tx *bolt.Tx) error {
		certs := tx.Bucket(certificatesBucket)
		c := tx.Bucket(certNumbersBucket).Cursor()
		k, v := c.First()
		if after != nil {
			if k, v = c.Seek(after); k != nil && bytes.Equal(k, after) {
				k, v = c.Next()
			}
		}
		for ; k != nil; k, v = c.Next() {
			var rec certificateRecord
			if ok, err := getJSON(certs, v, &rec); err != nil {
				return fmt.Errorf("certificate %s: %w", k, err)
			} else if !ok {
				return fmt.Errorf("certificate %s indexed but missing: %w", k, errCorrupt)
			}
			if !matchCertificate(&rec, &filter) {
				continue
			}
			if len(page) == limit {
				more = true
				return nil
			}
			page = append(page, &rec)
		}
		return nil
	})
	if err != nil {
		return nil, "", internal("find certificates", err)
	}
	out := make([]*footprint.CertificateRecord, len(page))
	for i, rec := range page {
		if out[i], err = rec.domain(); err != nil {
			return nil, "", internal("find certificates", err)
		}
	}
	next := ""
	if more {
		next = base64.RawURLEncoding.EncodeToString([]byte(page[len(page)-1].Number))
	}
	return out, next, nil
}

// SetCertificateStatus suspends, reinstates or withdraws a certificate, as
// footprint.CertificateTransition allows, with its audit event. Returns
// EINVALID without a reason, ENOTFOUND, and ECONFLICT for a transition
// that is not allowed.
func (s *CertificationService) SetCertificateStatus(ctx context.Context, id uuid.UUID, to footprint.CertificateStatus, reason string) (*footprint.CertificateRecord, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "reason", "a reason is required")
	}
	var rec *certificateRecord
	err := s.record(ctx, "set certificate status", func(tx *bolt.Tx, now time.Time) (string, string, string, error) {
		var err error
		if rec, err = findCertificateRecord(tx, id); err != nil {
			return "", "", "", err
		}
		action, err := footprint.CertificateTransition(footprint.CertificateStatus(rec.Status), to)
		if err != nil {
			return "", "", "", err
		}
		rec.Status, rec.StatusReason, rec.StatusChangedAt = string(to), reason, now
		if err := putJSON(tx.Bucket(certificatesBucket), id[:], rec); err != nil {
			return "", "", "", err
		}
		return action, "certificate/" + id.String(), reason, nil
	})
	if err != nil {
		return nil, err
	}
	out, err := rec.domain()
	return out, internal("set certificate status", err)
}

// ReissueCertificate issues a certificate that supersedes id, in one
// transaction: it allocates the next number, calls build, stores the new
// certificate as valid (same application, manufacturer and certifier),
// records the old one as superseded by it, and appends the audit event.
// build must set Supersedes = id and Revision = the old revision + 1.
// Returns ENOTFOUND, ECONFLICT unless id is valid or suspended, EINVALID for
// a certificate that does not supersede id as required, and whatever build
// returns.
func (s *CertificationService) ReissueCertificate(ctx context.Context, id uuid.UUID, build footprint.CertificateBuilder) (*footprint.CertificateRecord, error) {
	var rec *certificateRecord
	err := s.record(ctx, "reissue certificate", func(tx *bolt.Tx, now time.Time) (string, string, string, error) {
		old, err := findCertificateRecord(tx, id)
		if err != nil {
			return "", "", "", err
		}
		if st := footprint.CertificateStatus(old.Status); st != footprint.CertificateValid && st != footprint.CertificateSuspended {
			return "", "", "", footprint.Errorf(footprint.ECONFLICT, "certificate %s is %s and cannot be reissued", id, st)
		}
		oldCert, err := footprint.UnmarshalCanonicalCertificate(old.Content)
		if err != nil {
			return "", "", "", fmt.Errorf("certificate %s: %s: %w", id, footprint.ErrorMessage(err), errCorrupt)
		}
		issuedAt := now.Truncate(time.Second)
		number, err := nextCertificateNumber(tx, issuedAt)
		if err != nil {
			return "", "", "", err
		}
		sc, err := buildCertificate(tx, build, number, issuedAt)
		if err != nil {
			return "", "", "", err
		}
		if c := sc.Certificate; c.Supersedes != id || c.Revision != oldCert.Revision+1 {
			return "", "", "", footprint.Errorf(footprint.EINVALID, "a reissue must supersede %s with revision %d", id, oldCert.Revision+1)
		}
		appID, err := uuid.Parse(old.ApplicationID)
		if err != nil {
			return "", "", "", fmt.Errorf("certificate %s application id: %w", id, errCorrupt)
		}
		if rec, err = putNewCertificate(tx, sc, issuedAt, appID, old.Manufacturer, old.Certifier); err != nil {
			return "", "", "", err
		}
		old.Status, old.SupersededBy, old.StatusChangedAt = string(footprint.CertificateSuperseded), rec.ID, issuedAt
		old.StatusReason = "superseded by " + number
		if err := putJSON(tx.Bucket(certificatesBucket), id[:], old); err != nil {
			return "", "", "", err
		}
		return footprint.AuditCertificateReissue, "certificate/" + rec.ID,
			fmt.Sprintf("number %s supersedes %s (%s)", number, old.Number, id), nil
	})
	if err != nil {
		return nil, err
	}
	out, err := rec.domain()
	return out, internal("reissue certificate", err)
}

// FindAuditEvents returns one page of events, newest first (in the order
// they were written), and the cursor of the next page ("" on the last).
// Since keeps events at or after that time. Returns EINVALID for a bad
// cursor or a negative limit.
func (s *CertificationService) FindAuditEvents(ctx context.Context, filter footprint.AuditFilter) ([]*footprint.AuditEvent, string, error) {
	if err := ctx.Err(); err != nil {
		return nil, "", err
	}
	limit, err := cursorLimit(filter.Limit)
	if err != nil {
		return nil, "", err
	}
	var before []byte
	if filter.Cursor != "" {
		if before, err = base64.RawURLEncoding.DecodeString(filter.Cursor); err != nil || len(before) != 8 {
			return nil, "", footprint.FieldErrorf(footprint.EINVALID, "cursor", "invalid cursor")
		}
	}
	var out []*footprint.AuditEvent
	var last []byte
	more := false
	err = s.db.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(auditBucket).Cursor()
		var k, v []byte
		if before == nil {
			k, v = c.Last()
		} else if k, _ = c.Seek(before); k == nil {
			k, v = c.Last()
		} else {
			k, v = c.Prev()
		}
		for ; k != nil; k, v = c.Prev() {
			var rec auditRecord
			if err := decodeJSON(v, &rec); err != nil {
				return fmt.Errorf("audit event %x: %w", k, err)
			}
			switch {
			case filter.Subject != nil && rec.Subject != *filter.Subject,
				filter.Actor != nil && rec.Actor != *filter.Actor,
				filter.Action != nil && rec.Action != *filter.Action,
				filter.Since != nil && rec.At.Before(*filter.Since):
				continue
			}
			if len(out) == limit {
				more = true
				return nil
			}
			ev, err := rec.domain()
			if err != nil {
				return err
			}
			out = append(out, ev)
			last = bytes.Clone(k)
		}
		return nil
	})
	if err != nil {
		return nil, "", internal("find audit events", err)
	}
	next := ""
	if more {
		next = base64.RawURLEncoding.EncodeToString(last)
	}
	return out, next, nil
}

// RecordAuditEvent appends an event for a change made elsewhere (an
// organisation, a key, a factor set), by the context's principal. Returns
// EINVALID without an action or subject.
func (s *CertificationService) RecordAuditEvent(ctx context.Context, action, subject, detail string) error {
	switch {
	case strings.TrimSpace(action) == "":
		return footprint.FieldErrorf(footprint.EINVALID, "action", "action is required")
	case strings.TrimSpace(subject) == "":
		return footprint.FieldErrorf(footprint.EINVALID, "subject", "subject is required")
	}
	return s.record(ctx, "record audit event", func(*bolt.Tx, time.Time) (string, string, string, error) {
		return action, subject, detail, nil
	})
}

// FindSupplierFootprints returns, for each ID (a certificate's UUID or its
// number), the certified footprint the certificate states, per one
// declared unit, as a map by the ID given. Only certificates valid now are
// usable. Returns ENOTFOUND naming the first unknown ID and EINVALID naming
// the first certificate that is not valid (suspended, withdrawn,
// superseded or expired).
//
// The data quality of a supplier footprint is left unrated: a certificate
// states its DQR, not the four criteria it was computed from.
func (s *CertificationService) FindSupplierFootprints(ctx context.Context, ids []string) (map[string]*footprint.SupplierFootprint, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	now := s.db.now()
	recs := make(map[string]*certificateRecord, len(ids))
	err := s.db.db.View(func(tx *bolt.Tx) error {
		for _, id := range ids {
			if _, ok := recs[id]; ok {
				continue
			}
			key, ok := uuidKey(id)
			if !ok {
				key = tx.Bucket(certNumbersBucket).Get([]byte(strings.ToUpper(strings.TrimSpace(id))))
			}
			var rec certificateRecord
			found := false
			if key != nil {
				var err error
				if found, err = getJSON(tx.Bucket(certificatesBucket), key, &rec); err != nil {
					return fmt.Errorf("certificate %s: %w", id, err)
				}
			}
			if !found {
				return footprint.Errorf(footprint.ENOTFOUND, "supplier footprint %q not found", id)
			}
			recs[id] = &rec
		}
		return nil
	})
	if err != nil {
		return nil, internal("find supplier footprints", err)
	}
	out := make(map[string]*footprint.SupplierFootprint, len(recs))
	for _, id := range ids {
		if _, ok := out[id]; ok {
			continue
		}
		rec, err := recs[id].domain()
		if err != nil {
			return nil, internal("find supplier footprints", err)
		}
		c := rec.Certificate()
		if st := c.StatusAt(rec.Status, now); st != footprint.CertificateValid {
			return nil, footprint.Errorf(footprint.EINVALID, "supplier certificate %s is %s", c.Number, st)
		}
		unit, err := footprint.ParseUnit(c.DeclaredUnit.Unit)
		if err != nil || !(c.DeclaredUnit.Amount > 0) {
			return nil, internal("find supplier footprints", fmt.Errorf("certificate %s declared unit %v %q: %w", c.Number, c.DeclaredUnit.Amount, c.DeclaredUnit.Unit, errCorrupt))
		}
		product := strings.TrimSpace(cmp.Or(c.Product.NameEN, c.Product.NameZH) + " " + c.Product.Model)
		out[id] = &footprint.SupplierFootprint{
			ID:           id,
			Supplier:     cmp.Or(c.Manufacturer.NameEN, c.Manufacturer.NameZH),
			Product:      product,
			DeclaredUnit: unit,
			KgCO2e:       c.KgCO2e / c.DeclaredUnit.Amount,
			Boundary:     c.Boundary,
			FactorSet:    c.FactorSet,
			IssuedAt:     c.IssuedAt,
			ValidUntil:   c.ExpiresAt,
			Source:       fmt.Sprintf("certificate %s (%s), signed by key %s", c.Number, c.ID, rec.Signed.KeyID),
		}
	}
	return out, nil
}
