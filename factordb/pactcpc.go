package factordb

import (
	"context"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/google/uuid"
)

// pactCPCBucket holds the CPC codes holders declared for PACT v2:
// certificate UUID (16 bytes) → pactCPCRecord. Write-once.
var pactCPCBucket = []byte("pact_cpc")

type pactCPCRecord struct {
	V          int       `json:"v"`
	ID         string    `json:"id"`
	Code       string    `json:"code"`
	Holder     string    `json:"holder"`
	DeclaredAt time.Time `json:"declared_at"`
}

func (r *pactCPCRecord) version() int { return r.V }

func (r *pactCPCRecord) domain() *pact.DeclaredCPC {
	id, _ := uuid.Parse(r.ID)
	return &pact.DeclaredCPC{FootprintID: id, Code: r.Code, Holder: r.Holder, DeclaredAt: r.DeclaredAt}
}

var _ pact.Store = (*CertificationService)(nil)

// DeclareCPC implements pact.CPCStore.
func (s *CertificationService) DeclareCPC(ctx context.Context, id uuid.UUID, code string) (*pact.DeclaredCPC, bool, error) {
	if err := pact.ValidateCPC("cpc", code); err != nil {
		return nil, false, err
	}
	var out *pactCPCRecord
	created := false
	err := s.updateHeld(ctx, "declare CPC code", id, func(tx *bolt.Tx, now time.Time, rec *certificateRecord) error {
		c, err := rec.certificate()
		if err != nil {
			return err
		}
		// The declaration gives the footprint a v2 form: a withdrawn or
		// superseded footprint is final (Deprecated), a suspended one
		// withheld, an expired one may no longer be used for claims.
		if st := c.StatusAt(certification.CertificateStatus(rec.Status), now); st != certification.CertificateValid {
			return footprint.FieldErrorf(footprint.ECONFLICT, "status", "certificate %s is %s: a CPC code is declared for a valid certificate only", c.Number, st)
		}
		for _, pc := range c.Product.Codes {
			if pc.Scheme == "CPC" {
				return footprint.FieldErrorf(footprint.EINVALID, "cpc", "certificate %s names CPC code %s itself", c.Number, pc.Code)
			}
		}
		b := tx.Bucket(pactCPCBucket)
		var old pactCPCRecord
		if ok, err := getJSON(b, id[:], &old); err != nil {
			return err
		} else if ok {
			if old.Code != code {
				return footprint.FieldErrorf(footprint.ECONFLICT, "cpc", "CPC code %s is declared for certificate %s and cannot change (the PACT v2 footprint would change)", old.Code, c.Number)
			}
			out = &old
			return nil
		}
		out = &pactCPCRecord{V: recordV1, ID: id.String(), Code: code, Holder: rec.Manufacturer, DeclaredAt: now}
		if err := putJSON(b, id[:], out); err != nil {
			return err
		}
		created = true
		return audit(ctx, tx, now, pact.AuditCPCDeclare, "certificate/"+id.String(), "UN CPC code "+code+" declared for PACT v2")
	})
	if err != nil {
		return nil, false, err
	}
	return out.domain(), created, nil
}

// DeclaredCPCs implements pact.CPCStore.
func (s *CertificationService) DeclaredCPCs(ctx context.Context) (map[uuid.UUID]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := map[uuid.UUID]string{}
	err := s.db.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(pactCPCBucket).ForEach(func(k, v []byte) error {
			var rec pactCPCRecord
			if err := decodeJSON(v, &rec); err != nil {
				return err
			}
			if len(k) == 16 {
				out[uuid.UUID(k)] = rec.Code
			}
			return nil
		})
	})
	return out, internal("find declared CPC codes", err)
}
