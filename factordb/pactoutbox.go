package factordb

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// pactOutboxBucket holds the asynchronous PACT answers: "p/" + answer ID →
// pactAnswerRecord while pending, "d/" + answer ID once delivered or given
// up (kept as a record of what was sent, without its event). Pending
// answers survive a restart. "r/" keys each request answered
// (requestAnswerKey), "q/" each pending answer of a requester
// (requesterPendingPrefix).
var pactOutboxBucket = []byte("pact_outbox")

var (
	pendingAnswerPrefix = []byte("p/")
	doneAnswerPrefix    = []byte("d/")
)

type pactAnswerRecord struct {
	V           int             `json:"v"`
	ID          string          `json:"id"`
	RequestID   string          `json:"request_id"`
	Requester   string          `json:"requester"`
	Version     int             `json:"version"`
	Target      string          `json:"target"`
	Type        string          `json:"type"`
	Event       json.RawMessage `json:"event,omitempty"` // none once finished
	Footprints  int             `json:"footprints"`
	CreatedAt   time.Time       `json:"created_at"`
	Deadline    time.Time       `json:"deadline"`
	NextAt      time.Time       `json:"next_at"`
	Attempts    int             `json:"attempts"`
	LastError   string          `json:"last_error,omitempty"`
	State       string          `json:"state"`
	CompletedAt time.Time       `json:"completed_at,omitzero"`
}

func (r *pactAnswerRecord) version() int { return r.V }

func answerRecord(a *pact.OutboxAnswer) *pactAnswerRecord {
	return &pactAnswerRecord{V: recordV1, ID: a.ID, RequestID: a.RequestID, Requester: a.Requester, Version: a.Version,
		Target: a.Target, Type: a.Type, Event: a.Event, Footprints: a.Footprints, CreatedAt: a.CreatedAt.UTC(),
		Deadline: a.Deadline.UTC(), NextAt: a.NextAt.UTC(), Attempts: a.Attempts, LastError: a.LastError, State: a.State,
		CompletedAt: a.CompletedAt.UTC()}
}

func (r *pactAnswerRecord) domain() *pact.OutboxAnswer {
	return &pact.OutboxAnswer{ID: r.ID, RequestID: r.RequestID, Requester: r.Requester, Version: r.Version,
		Target: r.Target, Type: r.Type, Event: bytes.Clone(r.Event), Footprints: r.Footprints, CreatedAt: r.CreatedAt,
		Deadline: r.Deadline, NextAt: r.NextAt, Attempts: r.Attempts, LastError: r.LastError, State: r.State,
		CompletedAt: r.CompletedAt}
}

var _ pact.Outbox = (*CertificationService)(nil)

func answerDetail(a *pactAnswerRecord) string {
	return fmt.Sprintf("%s answering request %q of %s to %s (%d footprints)", a.Type, a.RequestID, a.Requester, a.Target, a.Footprints)
}

// requestAnswerPrefix keys the answer of each request: r/ + the
// requester, the target and the request's id (each length-prefixed) and
// the PACT version (1 byte) → answer id. A request sent again (the same
// CloudEvents id from the same requester to the same host) is answered
// once.
var requestAnswerPrefix = []byte("r/")

// requesterPendingPrefix keys the pending answers of one requester: q/ +
// the requester (length-prefixed) + answer id → 1, so that
// QueueAnswer counts them without reading them.
func requesterPendingPrefix(requester string) []byte {
	return append([]byte("q/"), ownerPrefix(requester)...)
}

// countPending counts the answers of b pending under the requester's
// prefix (requesterPendingPrefix), stopping at max. A key whose answer is
// no longer pending is not counted: a program before session 44, which
// keeps no such keys, delivered or gave it up (run on the file after this
// one), and left its key behind; counted, a requester's stale keys would
// refuse its every request.
func countPending(b *bolt.Bucket, prefix []byte, max int) int {
	n := 0
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) && n < max; k, _ = c.Next() {
		if b.Get(append(bytes.Clone(pendingAnswerPrefix), k[len(prefix):]...)) != nil {
			n++
		}
	}
	return n
}

func requestAnswerKey(requester, target string, version int, requestID string) []byte {
	k := append(bytes.Clone(requestAnswerPrefix), ownerPrefix(requester)...)
	k = append(k, ownerPrefix(target)...)
	k = append(k, byte(version))
	return append(k, requestID...)
}

// AnswerQueued reports whether an answer to request requestID of
// requester, to target in PACT version, was queued already (QueueAnswer
// would store none).
func (s *CertificationService) AnswerQueued(ctx context.Context, requester, target string, version int, requestID string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	var queued bool
	err := s.db.db.View(func(tx *bolt.Tx) error {
		queued = tx.Bucket(pactOutboxBucket).Get(requestAnswerKey(requester, target, version, requestID)) != nil
		return nil
	})
	return queued, err
}

// QueueAnswer implements pact.Outbox. An answer to a request already
// answered (requestAnswerKey) is not stored: nothing changes.
func (s *CertificationService) QueueAnswer(ctx context.Context, a *pact.OutboxAnswer) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if a.ID == "" || a.Target == "" || len(a.Event) == 0 {
		return footprint.Errorf(footprint.EINVALID, "answer: id, target and event are required")
	}
	rec := answerRecord(a)
	rec.State = pact.AnswerPending
	err := s.db.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(pactOutboxBucket)
		if b.Get(append(bytes.Clone(pendingAnswerPrefix), a.ID...)) != nil || b.Get(append(bytes.Clone(doneAnswerPrefix), a.ID...)) != nil {
			return footprint.Errorf(footprint.ECONFLICT, "answer %q exists", a.ID)
		}
		rk := requestAnswerKey(a.Requester, a.Target, a.Version, a.RequestID)
		if b.Get(rk) != nil {
			return nil // answered already
		}
		// At most pact.MaxPendingAnswers pending per requester (red team
		// 64), counted by their keys under q/: an answer queued before
		// these keys were kept is not counted, and is delivered or given
		// up within its retry period.
		if n := countPending(b, requesterPendingPrefix(a.Requester), pact.MaxPendingAnswers); n >= pact.MaxPendingAnswers {
			return footprint.Errorf(footprint.ECONFLICT, "%s has %d answers to PACT requests waiting for delivery, the most one organisation may have: send more once they are delivered (or given up)", a.Requester, n)
		}
		if err := b.Put(rk, []byte(a.ID)); err != nil {
			return fmt.Errorf("put PACT request: %w", err)
		}
		if err := b.Put(append(requesterPendingPrefix(a.Requester), a.ID...), []byte{1}); err != nil {
			return fmt.Errorf("put PACT pending answer: %w", err)
		}
		if err := putJSON(b, append(bytes.Clone(pendingAnswerPrefix), a.ID...), rec); err != nil {
			return err
		}
		return audit(ctx, tx, s.db.now(), pact.AuditAnswerQueued, "pact-answer/"+a.ID, answerDetail(rec))
	})
	return internal("queue PACT answer", err)
}

// DueAnswers implements pact.Outbox. It scans the pending answers, which are
// few: each is delivered or given up within its retry period.
func (s *CertificationService) DueAnswers(ctx context.Context, now time.Time, limit int) ([]*pact.OutboxAnswer, time.Time, error) {
	if err := ctx.Err(); err != nil {
		return nil, time.Time{}, err
	}
	var due []*pact.OutboxAnswer
	var next time.Time
	err := s.db.db.View(func(tx *bolt.Tx) error {
		return scanPrefix(tx.Bucket(pactOutboxBucket), pendingAnswerPrefix, func(rec *pactAnswerRecord) error {
			if !rec.NextAt.After(now) && len(due) < limit {
				due = append(due, rec.domain())
			} else if next.IsZero() || rec.NextAt.Before(next) {
				next = rec.NextAt
			}
			return nil
		})
	})
	if err != nil {
		return nil, time.Time{}, internal("find due PACT answers", err)
	}
	return due, next, nil
}

// UpdateAnswer implements pact.Outbox.
func (s *CertificationService) UpdateAnswer(ctx context.Context, a *pact.OutboxAnswer) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	rec := answerRecord(a)
	err := s.db.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(pactOutboxBucket)
		key := append(bytes.Clone(pendingAnswerPrefix), a.ID...)
		if b.Get(key) == nil {
			return footprint.Errorf(footprint.ENOTFOUND, "pending answer %q not found", a.ID)
		}
		if rec.State == pact.AnswerPending {
			return putJSON(b, key, rec)
		}
		if err := b.Delete(key); err != nil {
			return err
		}
		if err := b.Delete(append(requesterPendingPrefix(rec.Requester), a.ID...)); err != nil {
			return err
		}
		// Kept without its event: a finished answer is its state,
		// attempts and last error; the event of up to PACTConfig.MaxAnswer
		// footprints, kept for every request, grew the database without
		// bound (red team 64).
		rec.Event = nil
		if err := putJSON(b, append(bytes.Clone(doneAnswerPrefix), a.ID...), rec); err != nil {
			return err
		}
		now := s.db.now()
		switch rec.State {
		case pact.AnswerDelivered:
			return audit(ctx, tx, now, pact.AuditAnswerDelivered, "pact-answer/"+a.ID, fmt.Sprintf("%s after %d attempts", answerDetail(rec), rec.Attempts))
		case pact.AnswerGivenUp:
			return audit(ctx, tx, now, pact.AuditAnswerGivenUp, "pact-answer/"+a.ID, fmt.Sprintf("%s given up after %d attempts: %s", answerDetail(rec), rec.Attempts, rec.LastError))
		}
		return fmt.Errorf("answer %s: unknown state %q", a.ID, rec.State)
	})
	return internal("update PACT answer", err)
}

// FindAnswer implements pact.Outbox.
func (s *CertificationService) FindAnswer(ctx context.Context, id string) (*pact.OutboxAnswer, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var rec pactAnswerRecord
	err := s.db.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(pactOutboxBucket)
		for _, p := range [][]byte{pendingAnswerPrefix, doneAnswerPrefix} {
			if ok, err := getJSON(b, append(bytes.Clone(p), id...), &rec); err != nil || ok {
				return err
			}
		}
		return footprint.Errorf(footprint.ENOTFOUND, "answer %q not found", id)
	})
	if err != nil {
		return nil, internal("find PACT answer", err)
	}
	return rec.domain(), nil
}
