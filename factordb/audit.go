package factordb

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
)

// auditBucket holds the audit trail (see doc.go).
var auditBucket = []byte("audit_events") // bucket sequence (8 bytes BE) → auditRecord

// auditIndexBucket indexes the trail by subject, actor and action, so that
// a filtered page reads only the events that can match, not the whole
// trail back to the first match:
//
//	's' subject 0x00 <sequence> → ""
//	'a' actor 0x00 <sequence> → ""
//	'c' action 0x00 <sequence> → ""
var auditIndexBucket = []byte("audit_index")

func auditIndexPrefix(kind byte, value string) []byte {
	return append(append([]byte{kind}, value...), 0)
}

// auditIndexKeys returns the index keys of event ev stored under seq.
func auditIndexKeys(ev *access.AuditEvent, seq []byte) [][]byte {
	return [][]byte{
		append(auditIndexPrefix('s', ev.Subject), seq...),
		append(auditIndexPrefix('a', ev.Actor), seq...),
		append(auditIndexPrefix('c', ev.Action), seq...),
	}
}

// indexAuditEvents builds the audit index from the stored trail, for a
// database written before it existed; sorted before they are put (see
// indexCertificateRulesCompanies).
func indexAuditEvents(tx *bolt.Tx) error {
	return buildIndex(tx, auditBucket, auditIndexBucket, "audit event", "audit index",
		func(k []byte, rec *auditRecord) [][]byte { return auditIndexKeys(&rec.AuditEvent, k) })
}

// auditRecord is the stored form of a access.AuditEvent: the event as
// it is, with the record version.
type auditRecord struct {
	V int `json:"v"`
	access.AuditEvent
}

// newAuditEvent makes an audit event at time at, by the context's principal
// (access.AuditActor).
func newAuditEvent(ctx context.Context, at time.Time, action, subject, detail string) (*auditRecord, error) {
	id, err := uuid.NewRandom()
	if err != nil {
		return nil, fmt.Errorf("factordb: new audit event id: %w", err)
	}
	actor, role, keyID := access.AuditActor(ctx)
	return &auditRecord{V: recordV1, AuditEvent: access.AuditEvent{
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
// clock says. The event is chained to the one before it (Seq, Prev,
// Digest: access.AuditChain.Link) from the head kept in audit_head,
// which it moves on in the same transaction: nothing reads the trail.
func putAuditEvent(tx *bolt.Tx, ev *auditRecord) error {
	head, err := auditHead(tx)
	if err != nil {
		return err
	}
	chain := access.AuditChain{Head: head}
	chain.Link(&ev.AuditEvent)
	b := tx.Bucket(auditBucket)
	seq, err := b.NextSequence()
	if err != nil {
		return fmt.Errorf("audit sequence: %w", err)
	}
	key := binary.BigEndian.AppendUint64(nil, seq)
	if err := putJSON(b, key, ev); err != nil {
		return err
	}
	if err := putAuditHead(tx, chain.Head); err != nil {
		return err
	}
	idx := tx.Bucket(auditIndexBucket)
	for _, k := range auditIndexKeys(&ev.AuditEvent, key) {
		if err := idx.Put(k, nil); err != nil {
			return fmt.Errorf("put audit index: %w", err)
		}
	}
	return nil
}

// auditHeadBucket holds the head of the audit chain under auditHeadKey:
// the count of events (8 bytes, big-endian) and the Digest of the last (64
// hex characters); absent for an empty trail. A bucket of its own, which
// bbolt stores inline in its parent's page: moving the head on rewrites
// no page of its own, as a key in meta would.
var auditHeadBucket, auditHeadKey = []byte("audit_head"), []byte("head")

// auditHead returns the head of the audit chain of tx.
func auditHead(tx *bolt.Tx) (access.AuditHead, error) {
	switch v := tx.Bucket(auditHeadBucket).Get(auditHeadKey); {
	case v == nil:
		return access.AuditHead{Digest: access.AuditGenesis}, nil
	case len(v) != 8+len(access.AuditGenesis):
		return access.AuditHead{}, fmt.Errorf("audit chain head %x: %w", v, errCorrupt)
	default:
		return access.AuditHead{Count: binary.BigEndian.Uint64(v), Digest: string(v[8:])}, nil
	}
}

func putAuditHead(tx *bolt.Tx, h access.AuditHead) error {
	if err := tx.Bucket(auditHeadBucket).Put(auditHeadKey, append(binary.BigEndian.AppendUint64(nil, h.Count), h.Digest...)); err != nil {
		return fmt.Errorf("put audit chain head: %w", err)
	}
	return nil
}

// chainAuditEvents chains the events of a file written before the audit
// chain, in their stored order, and says so (migrate records it as the
// first event chained as it was written).
func chainAuditEvents(tx *bolt.Tx) (string, error) {
	chain := access.AuditChain{Head: access.AuditHead{Digest: access.AuditGenesis}}
	c := tx.Bucket(auditBucket).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var rec auditRecord
		if err := decodeJSON(v, &rec); err != nil {
			return "", fmt.Errorf("audit event %x: %w", k, err)
		}
		chain.Link(&rec.AuditEvent)
		if err := putJSON(tx.Bucket(auditBucket), bytes.Clone(k), &rec); err != nil {
			return "", err
		}
		c.Seek(k) // bbolt: a Put moves the cursor
	}
	if err := putAuditHead(tx, chain.Head); err != nil {
		return "", err
	}
	return fmt.Sprintf("audit chain started: the %d events before this one were chained now, in their stored order, not as they were written (head %d:%s)", chain.Head.Count, chain.Head.Count, chain.Head.Digest), nil
}

// checkAuditChain walks the audit chain of tx (access.AuditChain) and
// checks that it ends at the stored head: the first event out of place
// is named. Each event in its place is passed to visit, oldest first.
func checkAuditChain(tx *bolt.Tx, visit func(*access.AuditEvent)) error {
	chain := access.AuditChain{Head: access.AuditHead{Digest: access.AuditGenesis}}
	err := forEachRecord(tx.Bucket(auditBucket), "audit event", func(_ []byte, rec *auditRecord) error {
		if err := chain.Add(&rec.AuditEvent); err != nil {
			return err
		}
		visit(&rec.AuditEvent)
		return nil
	})
	if err != nil {
		return err
	}
	if head, err := auditHead(tx); err != nil {
		return err
	} else if head != chain.Head {
		return fmt.Errorf("audit chain: the trail ends at event %d (%.12s…), its stored head is event %d (%.12s…): events at its end were removed or the head changed", chain.Head.Count, chain.Head.Digest, head.Count, head.Digest)
	}
	return nil
}

// FindAuditHead returns the head of the audit chain: the number of events
// and the digest of the last.
func (s *CertificationService) FindAuditHead(ctx context.Context) (access.AuditHead, error) {
	return view(ctx, s.db, "find audit head", auditHead)
}

// clockBehindTrail returns ECONFLICT when now, to the second, reads before
// the last event of the audit trail of tx: the clock was set back (by hand,
// or by a time service) since that event was recorded. The active signing
// key retired then, by a rotation or a compromise report, would be retired
// before certificates it signed, which then no longer verify
// (certification.VerifyKeyRetired), and the new key created before them;
// before the key's own creation, the retirement failed as an internal
// error (red team 56). To the second, as retirement and issue times are
// kept and compared.
func clockBehindTrail(tx *bolt.Tx, now time.Time) error {
	k, v := tx.Bucket(auditBucket).Cursor().Last()
	if k == nil {
		return nil
	}
	var last auditRecord
	if err := decodeJSON(v, &last); err != nil {
		return fmt.Errorf("audit event %x: %w", k, err)
	}
	if !now.Truncate(time.Second).Before(last.At.Truncate(time.Second)) {
		return nil
	}
	return footprint.Errorf(footprint.ECONFLICT,
		"系统时钟早于审计记录中最后一个事件的时间(事件 %[3]d,%[4]s):此时停用当前签名密钥(轮换或报告泄露),其停用时间将早于它已签发的证书,这些证书将无法通过验证,请先校正时钟。"+
			"the clock reads %[1]s, before the last audit event (event %[3]d, %[4]s at %[2]s): the active signing key retired now (by a rotation or a compromise report) would be retired before certificates it signed, "+
			"which would then no longer verify; set the clock right, then retire it",
		now.UTC().Format(time.RFC3339), last.At.UTC().Format(time.RFC3339), last.Seq, last.Action)
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
		return audit(ctx, tx, now, action, subject, detail)
	})
	return internal(op, err)
}

// FindAuditEvents returns one page of events, newest first (in the order
// they were written), and the cursor of the next page ("" on the last).
// Since keeps events at or after that time. Returns EINVALID for a bad
// cursor or a negative limit.
func (s *CertificationService) FindAuditEvents(ctx context.Context, filter access.AuditFilter) ([]*access.AuditEvent, string, error) {
	before, limit, err := cursorPage(ctx, filter.Cursor, filter.Limit, 8)
	if err != nil {
		return nil, "", err
	}
	var out []*access.AuditEvent
	var last []byte
	more := false
	err = s.db.db.View(func(tx *bolt.Tx) error {
		filter.Actor = registeredName(tx, filter.Actor) // red team 61: by any name the organisation prints
		// visit adds the event stored under k if it matches; it reports
		// whether the page is full.
		visit := func(k, v []byte) (bool, error) {
			var rec auditRecord
			if err := decodeJSON(v, &rec); err != nil {
				return false, fmt.Errorf("audit event %x: %w", k, err)
			}
			switch {
			case filter.Subject != nil && rec.Subject != *filter.Subject,
				filter.Actor != nil && rec.Actor != *filter.Actor,
				filter.Action != nil && rec.Action != *filter.Action,
				filter.Since != nil && rec.At.Before(*filter.Since):
				return false, nil
			}
			if len(out) == limit {
				more = true
				return true, nil
			}
			out = append(out, &rec.AuditEvent)
			last = bytes.Clone(k)
			return false, nil
		}
		// prev returns the last key of c before key (the last key of all
		// for nil).
		prev := func(c *bolt.Cursor, key []byte) []byte {
			var k []byte
			if key == nil {
				k, _ = c.Last()
			} else if k, _ = c.Seek(key); k == nil {
				k, _ = c.Last()
			} else {
				k, _ = c.Prev()
			}
			return k
		}
		events := tx.Bucket(auditBucket)
		var prefix []byte
		switch {
		case filter.Subject != nil:
			prefix = auditIndexPrefix('s', *filter.Subject)
		case filter.Actor != nil:
			prefix = auditIndexPrefix('a', *filter.Actor)
		case filter.Action != nil:
			prefix = auditIndexPrefix('c', *filter.Action)
		}
		if prefix != nil && !s.scan {
			// The events of one subject, actor or action, newest first.
			c := tx.Bucket(auditIndexBucket).Cursor()
			from := append(slices.Clone(prefix), before...)
			if before == nil { // the first key after the prefix's keys
				from[len(prefix)-1] = 1
			}
			for k := prev(c, from); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Prev() {
				seq, v, err := indexedEvent(events, prefix, k)
				if err != nil {
					return err
				} else if v == nil {
					continue
				}
				if full, err := visit(seq, v); err != nil || full {
					return err
				}
			}
			return nil
		}
		c := events.Cursor()
		for k := prev(c, before); k != nil; k, _ = c.Prev() {
			if full, err := visit(k, events.Get(k)); err != nil || full {
				return err
			}
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

// eachSubjectEvent calls fn with every event of subject, oldest first,
// through the subject index (a few keys, however long the trail).
func eachSubjectEvent(tx *bolt.Tx, subject string, fn func(*auditRecord) error) error {
	return eachIndexedEvent(tx, auditIndexPrefix('s', subject), fn)
}

// eachIndexedEvent calls fn with every event under audit index prefix
// (auditIndexPrefix), oldest first.
func eachIndexedEvent(tx *bolt.Tx, prefix []byte, fn func(*auditRecord) error) error {
	events := tx.Bucket(auditBucket)
	c := tx.Bucket(auditIndexBucket).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		seq, v, err := indexedEvent(events, prefix, k)
		if err != nil {
			return err
		} else if v == nil {
			continue
		}
		var rec auditRecord
		if err := decodeJSON(v, &rec); err != nil {
			return fmt.Errorf("audit event %x: %w", seq, err)
		}
		if err := fn(&rec); err != nil {
			return err
		}
	}
	return nil
}

// indexedEvent returns the sequence and stored event of audit index key k
// under prefix; nil v for a key of another value that starts with this
// one and a NUL.
func indexedEvent(events *bolt.Bucket, prefix, k []byte) (seq, v []byte, err error) {
	if len(k) != len(prefix)+8 {
		return nil, nil, nil
	}
	seq = k[len(prefix):]
	if v = events.Get(seq); v == nil {
		return nil, nil, fmt.Errorf("audit event %x indexed but missing: %w", seq, errCorrupt)
	}
	return seq, v, nil
}
