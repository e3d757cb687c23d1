package factordb

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/google/uuid"
)

// pactFootprintsBucket holds the suppliers' PACT footprints manufacturers
// uploaded (issue 11, "In"): footprint UUID (16 bytes) → pactFootprintRecord.
var pactFootprintsBucket = []byte("pact_footprints")

// pactFootprintRecord is an uploaded PACT footprint: the document as it was
// uploaded (compacted), who uploaded it and when.
type pactFootprintRecord struct {
	V          int             `json:"v"`
	ID         string          `json:"id"`
	Owner      string          `json:"owner"` // organisation that uploaded it
	UploadedAt time.Time       `json:"uploaded_at"`
	Source     string          `json:"source,omitempty"` // the URL it was fetched from; "" when uploaded
	Document   json.RawMessage `json:"document"`
}

var _ pact.SupplierStore = (*CertificationService)(nil)

// SaveSupplierFootprint implements pact.SupplierStore: it checks the
// document (pact.ParseSupplier) and stores it, with an audit event, in one
// transaction. The uploader is the context's principal; source is where
// the document came from ("" for an upload).
func (s *CertificationService) SaveSupplierFootprint(ctx context.Context, doc []byte, source string) (*pact.Supplier, bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, false, err
	}
	sup, err := pact.ParseSupplier(doc)
	if err != nil {
		return nil, false, err
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, doc); err != nil {
		return nil, false, footprint.FieldErrorf(footprint.EINVALID, "pact_footprint", "the PACT footprint is not JSON")
	}
	actor, _, _ := footprint.AuditActor(ctx)
	created := false
	err = s.db.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(pactFootprintsBucket)
		var old pactFootprintRecord
		if ok, err := getJSON(b, sup.ID[:], &old); err != nil {
			return fmt.Errorf("PACT footprint %s: %w", sup.ID, err)
		} else if ok {
			if bytes.Equal(old.Document, compact.Bytes()) {
				return nil
			}
			return footprint.FieldErrorf(footprint.ECONFLICT, "pact_footprint.id", "another PACT footprint with id %s is already stored; a changed footprint needs a new id", sup.ID)
		}
		now := s.db.now()
		rec := &pactFootprintRecord{V: recordV1, ID: sup.ID.String(), Owner: actor, UploadedAt: now, Source: source, Document: compact.Bytes()}
		if err := putJSON(b, sup.ID[:], rec); err != nil {
			return err
		}
		created = true
		if source != "" {
			return audit(ctx, tx, now, pact.AuditFootprintFetch, "pact-footprint/"+sup.ID.String(), "fetched from "+source+"; "+sup.Footprint.Source)
		}
		return audit(ctx, tx, now, footprint.AuditPACTFootprintUpload, "pact-footprint/"+sup.ID.String(), sup.Footprint.Source)
	})
	if err != nil {
		return nil, false, internal("save PACT footprint", err)
	}
	return sup, created, nil
}

// findPACTSupplier reads, in tx, the uploaded PACT footprint a BOM line
// references as "pact:<id>". Returns ENOTFOUND naming the reference.
func findPACTSupplier(tx *bolt.Tx, ref string) (*footprint.SupplierFootprint, error) {
	sup, err := findPACTSupplierDoc(tx, ref)
	if err != nil {
		return nil, err
	}
	return sup.Footprint, nil
}

// findPACTSupplierDoc is findPACTSupplier with the footprint's id, spec
// version and version (what a certificate's supplier list records).
func findPACTSupplierDoc(tx *bolt.Tx, ref string) (*pact.Supplier, error) {
	raw := strings.TrimPrefix(ref, pact.SupplierRefPrefix)
	id, err := uuid.Parse(raw)
	if err != nil || len(raw) != 36 {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "supplier footprint %q not found (want pact:<footprint UUID>)", ref)
	}
	var rec pactFootprintRecord
	if err := findJSON(tx.Bucket(pactFootprintsBucket), id[:], &rec, fmt.Sprintf("supplier footprint %q", ref)); err != nil {
		return nil, err
	}
	sup, err := pact.ParseSupplier(rec.Document)
	if err != nil {
		return nil, fmt.Errorf("stored PACT footprint %s: %s: %w", id, footprint.ErrorMessage(err), errCorrupt)
	}
	sup.Footprint.ID = ref
	sup.FetchedFrom, sup.StoredBy, sup.StoredAt = rec.Source, rec.Owner, rec.UploadedAt
	return sup, nil
}

// FindPACTSupplier returns the uploaded PACT footprint a BOM line
// references as "pact:<id>" (the certifier's review shows it). Returns
// ENOTFOUND naming the reference.
func (s *CertificationService) FindPACTSupplier(ctx context.Context, ref string) (*pact.Supplier, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out *pact.Supplier
	err := s.db.db.View(func(tx *bolt.Tx) error {
		var err error
		out, err = findPACTSupplierDoc(tx, ref)
		return err
	})
	if err != nil {
		return nil, internal("find PACT supplier footprint", err)
	}
	return out, nil
}

func (r *pactFootprintRecord) version() int { return r.V }
