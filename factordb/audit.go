package factordb

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
)

// auditBucket holds the audit trail (see doc.go).
var auditBucket = []byte("audit_events") // bucket sequence (8 bytes BE) → auditRecord

// auditRecord is the stored form of a footprint.AuditEvent: the event as
// it is, with the record version.
type auditRecord struct {
	V int `json:"v"`
	footprint.AuditEvent
}

// newAuditEvent makes an audit event at time at, by the context's principal
// (footprint.AuditActor).
func newAuditEvent(ctx context.Context, at time.Time, action, subject, detail string) (*auditRecord, error) {
	id, err := uuid.NewRandom()
	if err != nil {
		return nil, fmt.Errorf("factordb: new audit event id: %w", err)
	}
	actor, role, keyID := footprint.AuditActor(ctx)
	return &auditRecord{V: recordV1, AuditEvent: footprint.AuditEvent{
		ID: id, At: at.UTC(), Actor: actor, Role: role, KeyID: keyID,
		Action: action, Subject: subject, Detail: detail,
	}}, nil
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
// returns (if any) in the same transaction. The transaction is committed
// with the other writes queued meanwhile (db.write): fn may run more than
// once, each time on a fresh transaction, and must set what it returns to
// its caller anew on each run.
func (s *CertificationService) record(ctx context.Context, op string, fn func(tx *bolt.Tx, now time.Time) (action, subject, detail string, err error)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := s.db.write(func(tx *bolt.Tx) error {
		// The clock is read inside the transaction, so that times follow
		// the order in which write transactions commit: an issue after a
		// key rotation is never dated before it.
		now := s.db.now()
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

// FindAuditEvents returns one page of events, newest first (in the order
// they were written), and the cursor of the next page ("" on the last).
// Since keeps events at or after that time. Returns EINVALID for a bad
// cursor or a negative limit.
func (s *CertificationService) FindAuditEvents(ctx context.Context, filter footprint.AuditFilter) ([]*footprint.AuditEvent, string, error) {
	if err := ctx.Err(); err != nil {
		return nil, "", err
	}
	before, limit, err := cursorPage(filter.Cursor, filter.Limit, 8)
	if err != nil {
		return nil, "", err
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
			out = append(out, &rec.AuditEvent)
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
