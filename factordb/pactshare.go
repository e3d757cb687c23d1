package factordb

import (
	"bytes"
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/google/uuid"
)

// pactSharesBucket holds the holders' shares of PACT footprints (docs/pact.md
// "Who sees what"): certificate UUID (16 bytes) + partner organisation name →
// pactShareRecord. The key's prefix lists a footprint's shares in partner
// order.
var pactSharesBucket = []byte("pact_shares")

type pactShareRecord struct {
	V           int       `json:"v"`
	FootprintID string    `json:"footprint_id"`
	Partner     string    `json:"partner"`
	Holder      string    `json:"holder"`
	SharedAt    time.Time `json:"shared_at"`
}

func (r *pactShareRecord) version() int { return r.V }

func (r *pactShareRecord) domain() *pact.Share {
	id, _ := uuid.Parse(r.FootprintID)
	return &pact.Share{FootprintID: id, Partner: r.Partner, Holder: r.Holder, SharedAt: r.SharedAt}
}

func shareKey(id uuid.UUID, partner string) []byte {
	return append(bytes.Clone(id[:]), partner...)
}

var _ pact.ShareStore = (*CertificationService)(nil)

// heldCertificate reads, in tx, a certificate the context's principal holds.
// Returns ENOTFOUND for one it does not hold, as for one that does not
// exist.
func heldCertificate(ctx context.Context, tx *bolt.Tx, id uuid.UUID) (*certificateRecord, error) {
	rec, err := findCertificateRecord(tx, id)
	if err != nil {
		return nil, err
	}
	if p := access.PrincipalFromContext(ctx); p == nil || p.Org != rec.Manufacturer {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "certificate %s not found", id)
	}
	return rec, nil
}

// updateHeld runs fn in a write transaction on certificate id, which the
// context's principal must hold (heldCertificate), after checking the
// context; an error that is not a domain error is wrapped with op
// (internal).
func (s *CertificationService) updateHeld(ctx context.Context, op string, id uuid.UUID, fn func(tx *bolt.Tx, now time.Time, rec *certificateRecord) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := s.db.db.Update(func(tx *bolt.Tx) error {
		now := s.db.now()
		rec, err := heldCertificate(ctx, tx, id)
		if err != nil {
			return err
		}
		return fn(tx, now, rec)
	})
	return internal(op, err)
}

// ShareFootprint implements pact.ShareStore.
func (s *CertificationService) ShareFootprint(ctx context.Context, id uuid.UUID, partner string) (*pact.Share, bool, error) {
	var out *pactShareRecord
	created := false
	err := s.updateHeld(ctx, "share PACT footprint", id, func(tx *bolt.Tx, now time.Time, rec *certificateRecord) error {
		org, err := findOrg(tx, partner)
		if footprint.ErrorCode(err) == footprint.ENOTFOUND {
			return footprint.FieldErrorf(footprint.ENOTFOUND, "partner", "organisation %q not found", partner)
		} else if err != nil {
			return err
		}
		if org.Role == access.RoleAdmin || org.Name == rec.Manufacturer {
			return footprint.FieldErrorf(footprint.EINVALID, "partner", "a footprint is shared with another organisation that exchanges PACT footprints, not with %q", partner)
		}
		b := tx.Bucket(pactSharesBucket)
		var old pactShareRecord
		if ok, err := getJSON(b, shareKey(id, partner), &old); err != nil {
			return err
		} else if ok {
			out = &old // shared already: nothing changes
			return nil
		}
		out = &pactShareRecord{V: recordV1, FootprintID: id.String(), Partner: partner, Holder: rec.Manufacturer, SharedAt: now}
		if err := putJSON(b, shareKey(id, partner), out); err != nil {
			return err
		}
		created = true
		return audit(ctx, tx, now, pact.AuditShare, "certificate/"+id.String(), fmt.Sprintf("PACT footprint details shared with %q", partner))
	})
	if err != nil {
		return nil, false, err
	}
	return out.domain(), created, nil
}

// RevokeShare implements pact.ShareStore.
func (s *CertificationService) RevokeShare(ctx context.Context, id uuid.UUID, partner string) error {
	return s.record(ctx, "revoke PACT share", func(tx *bolt.Tx, now time.Time) (string, string, string, error) {
		if _, err := heldCertificate(ctx, tx, id); err != nil {
			return "", "", "", err
		}
		b := tx.Bucket(pactSharesBucket)
		if b.Get(shareKey(id, partner)) == nil {
			return "", "", "", footprint.FieldErrorf(footprint.ENOTFOUND, "partner", "footprint %s is not shared with %q", id, partner)
		}
		if err := b.Delete(shareKey(id, partner)); err != nil {
			return "", "", "", err
		}
		return pact.AuditShareRevoke, "certificate/" + id.String(), fmt.Sprintf("PACT footprint details no longer shared with %q", partner), nil
	})
}

// FindShares implements pact.ShareStore.
func (s *CertificationService) FindShares(ctx context.Context, id uuid.UUID) ([]*pact.Share, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := []*pact.Share{}
	err := s.db.db.View(func(tx *bolt.Tx) error {
		if _, err := heldCertificate(ctx, tx, id); err != nil {
			return err
		}
		return scanPrefix(tx.Bucket(pactSharesBucket), id[:], func(rec *pactShareRecord) error {
			out = append(out, rec.domain())
			return nil
		})
	})
	return out, internal("find PACT shares", err)
}

// SharedWith implements pact.ShareStore. It scans the shares: there are at
// most a few per certificate.
func (s *CertificationService) SharedWith(ctx context.Context, partner string) (map[uuid.UUID]bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := map[uuid.UUID]bool{}
	err := s.db.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(pactSharesBucket).ForEach(func(k, _ []byte) error {
			if len(k) > 16 && string(k[16:]) == partner {
				out[uuid.UUID(k[:16])] = true
			}
			return nil
		})
	})
	return out, internal("find PACT shares", err)
}
