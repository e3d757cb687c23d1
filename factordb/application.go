package factordb

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
)

// applicationsBucket holds certification applications (see doc.go).
var applicationsBucket = []byte("applications") // UUID (16 bytes) → applicationRecord

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
