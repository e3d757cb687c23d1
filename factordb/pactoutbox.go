package factordb

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// pactOutboxBucket holds the asynchronous PACT answers: "p/" + answer ID →
// pactAnswerRecord while pending, "d/" + answer ID once delivered or given
// up (kept as a record of what was sent, without its event). Pending
// answers survive a restart. "r/" keys each request answered
// (requestAnswerKey), "q/" each pending answer of a requester
// (requesterPendingPrefix). Published events (below) are records of
// the same kind: "f/" keys which footprints a delivered Fulfilled answer
// took to which host (receiptPrefix), "u/" the Published event last
// queued to each host (publishedPrefix).
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
	Bound       bool            `json:"bound,omitempty"`
	PfIDs       []string        `json:"pf_ids,omitempty"` // a Published event's footprints
	CreatedAt   time.Time       `json:"created_at"`
	Deadline    time.Time       `json:"deadline,omitzero"`
	NextAt      time.Time       `json:"next_at"`
	Attempts    int             `json:"attempts"`
	LastError   string          `json:"last_error,omitempty"`
	State       string          `json:"state"`
	CompletedAt time.Time       `json:"completed_at,omitzero"`
}

func (r *pactAnswerRecord) version() int { return r.V }

func answerRecord(a *pact.OutboxAnswer) *pactAnswerRecord {
	return &pactAnswerRecord{V: recordV1, ID: a.ID, RequestID: a.RequestID, Requester: a.Requester, Version: a.Version,
		Target: a.Target, Type: a.Type, Event: a.Event, Footprints: a.Footprints, Bound: a.Bound, PfIDs: a.PfIDs, CreatedAt: a.CreatedAt.UTC(),
		Deadline: a.Deadline.UTC(), NextAt: a.NextAt.UTC(), Attempts: a.Attempts, LastError: a.LastError, State: a.State,
		CompletedAt: a.CompletedAt.UTC()}
}

func (r *pactAnswerRecord) domain() *pact.OutboxAnswer {
	return &pact.OutboxAnswer{ID: r.ID, RequestID: r.RequestID, Requester: r.Requester, Version: r.Version,
		Target: r.Target, Type: r.Type, Event: bytes.Clone(r.Event), Footprints: r.Footprints, Bound: r.Bound, PfIDs: slices.Clone(r.PfIDs), CreatedAt: r.CreatedAt,
		Deadline: r.Deadline, NextAt: r.NextAt, Attempts: r.Attempts, LastError: r.LastError, State: r.State,
		CompletedAt: r.CompletedAt}
}

var _ pact.Outbox = (*CertificationService)(nil)

func answerDetail(a *pactAnswerRecord) string {
	if pact.EventKind(a.Version, a.Type) == pact.KindPublished {
		ids := a.PfIDs
		more := ""
		if len(ids) > 20 {
			ids, more = ids[:20], fmt.Sprintf(" and %d more", len(a.PfIDs)-20)
		}
		return fmt.Sprintf("%s to %s naming footprints %s%s", a.Type, a.Target, strings.Join(ids, ", "), more)
	}
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
		now := s.db.now()
		if rec.State == pact.AnswerDelivered && pact.EventKind(rec.Version, rec.Type) == pact.KindFulfilled {
			if err := putReceipts(tx, now, rec); err != nil {
				return err
			}
		}
		rec.Event = nil
		if err := putJSON(b, append(bytes.Clone(doneAnswerPrefix), a.ID...), rec); err != nil {
			return err
		}
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

// Published events (PACT v2 org.wbcsd.pathfinder.ProductFootprint.Published.v1,
// v3 org.wbcsd.pact.ProductFootprint.PublishedEvent.3: "notification that
// a ProductFootprint has been published (either new or updated)", data
// {pfIds}). A host that received a footprint in a delivered Fulfilled
// answer is told, by a Published event naming it, when the status a
// partner reads of it changes (pact.Served: withdrawn or superseded, now
// Deprecated; suspended or flagged upstream, now withheld; reinstated or
// reviewed, served again). The event is queued in the transaction that
// makes the change, so that the two commit or fail together, as an
// outbox record of the answers' kind: the API's worker delivers it with
// the answers' retries, and writes its event when it sends it (the store
// does not know the service's host, the event's source). Footprints
// nobody received are told to nobody.

// receiptPrefix keys the footprints each host received: f/ + the
// footprint's id (16 bytes) + the host's base URL (length-prefixed) + the
// PACT version (1 byte) + the organisation the host is bound to
// (length-prefixed, "" for an unbound host) → the id of the answer that
// took it there. Put when the answer is delivered (UpdateAnswer): an
// answer given up told the host nothing.
var receiptPrefix = []byte("f/")

// publishedPrefix keys the Published event last queued to each host: u/ +
// the host, the PACT version and the organisation, as receiptPrefix → the
// write transaction's id (8 bytes) and the event's id, so that every
// footprint one transaction changes goes in one event per host.
var publishedPrefix = []byte("u/")

// recipient is a host that received footprints, in one PACT version, as
// the host of org ("" for an unbound host).
type recipient struct {
	target  string
	version int
	org     string
}

func (r recipient) key() []byte {
	k := append(ownerPrefix(r.target), byte(r.version))
	return append(k, ownerPrefix(r.org)...)
}

func receiptKey(id uuid.UUID, r recipient) []byte {
	k := append(bytes.Clone(receiptPrefix), id[:]...)
	return append(k, r.key()...)
}

// readOwner reads a length-prefixed string (ownerPrefix) at the start of
// k, returning it and the rest.
func readOwner(k []byte) (string, []byte, bool) {
	n, w := binary.Uvarint(k)
	if w <= 0 || uint64(len(k)-w) < n {
		return "", nil, false
	}
	return string(k[w : w+int(n)]), k[w+int(n):], true
}

// receiptsOf returns the hosts that received footprint id.
func receiptsOf(b *bolt.Bucket, id uuid.UUID) ([]recipient, error) {
	prefix := append(bytes.Clone(receiptPrefix), id[:]...)
	var out []recipient
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		target, rest, ok := readOwner(k[len(prefix):])
		if ok && len(rest) > 0 {
			version := int(rest[0])
			if org, rest, ok := readOwner(rest[1:]); ok && len(rest) == 0 {
				out = append(out, recipient{target, version, org})
				continue
			}
		}
		return nil, fmt.Errorf("PACT receipt key %x: %w", k, errCorrupt)
	}
	return out, nil
}

// servedOf is the status a partner reads of the footprint of r
// (pact.Served), from its recorded status and flags.
func servedOf(r *certificateRecord) pact.Status {
	return pact.Served(&certification.CertificateRecord{Status: certification.CertificateStatus(r.Status), SupplierFlags: r.SupplierFlags})
}

// putReceipts records, in tx, that the delivered Fulfilled answer a took
// its footprints to its host, and queues a Published event at once for
// those whose served status is no longer the one the answer stated: one
// changed while the answer was on its way, whose change found no receipt
// to tell.
func putReceipts(tx *bolt.Tx, now time.Time, a *pactAnswerRecord) error {
	var ev struct {
		Data struct {
			Pfs []struct {
				ID     uuid.UUID   `json:"id"`
				Status pact.Status `json:"status"`
			} `json:"pfs"`
		} `json:"data"`
	}
	if len(a.Event) == 0 {
		return nil // its event not given: nothing to read
	}
	if err := json.Unmarshal(a.Event, &ev); err != nil {
		return fmt.Errorf("answer %s: read its footprints: %w", a.ID, err)
	}
	r := recipient{target: a.Target, version: a.Version}
	if a.Bound {
		r.org = a.Requester
	}
	b := tx.Bucket(pactOutboxBucket)
	for _, pf := range ev.Data.Pfs {
		if err := b.Put(receiptKey(pf.ID, r), []byte(a.ID)); err != nil {
			return fmt.Errorf("put PACT receipt: %w", err)
		}
		rec, err := findCertificateRecord(tx, pf.ID)
		if footprint.ErrorCode(err) == footprint.ENOTFOUND {
			continue
		} else if err != nil {
			return err
		}
		if servedOf(rec) != pf.Status {
			if err := queuePublished(tx, now, r, pf.ID.String()); err != nil {
				return err
			}
		}
	}
	return nil
}

// notePACTChange queues, in tx, a Published event naming the footprint
// of rec to each host that received it (receiptPrefix), when rec, about
// to be stored, changes the status a partner reads of it (pact.Served)
// from the stored record's. Every path that changes a certificate's
// status or flags calls it before it stores the record (certificate.go:
// decide, flagDownstream, flagFrom, flagSuccessor).
func notePACTChange(tx *bolt.Tx, rec *certificateRecord, now time.Time) error {
	id, err := uuid.Parse(rec.ID)
	if err != nil {
		return fmt.Errorf("certificate id %q: %w", rec.ID, errCorrupt)
	}
	to, err := receiptsOf(tx.Bucket(pactOutboxBucket), id)
	if err != nil || len(to) == 0 {
		return err
	}
	was, err := findCertificateRecord(tx, id)
	if footprint.ErrorCode(err) == footprint.ENOTFOUND {
		return nil // a new certificate: nobody received it
	} else if err != nil {
		return err
	}
	if servedOf(was) == servedOf(rec) {
		return nil
	}
	for _, r := range to {
		if err := queuePublished(tx, now, r, rec.ID); err != nil {
			return err
		}
	}
	return nil
}

// queuePublished adds footprint pfID to the Published event this
// transaction queued to r, or queues one, due at once.
func queuePublished(tx *bolt.Tx, now time.Time, r recipient, pfID string) error {
	b := tx.Bucket(pactOutboxBucket)
	uk := append(bytes.Clone(publishedPrefix), r.key()...)
	if v := b.Get(uk); len(v) > 8 && binary.BigEndian.Uint64(v) == uint64(tx.ID()) {
		var rec pactAnswerRecord
		key := append(bytes.Clone(pendingAnswerPrefix), v[8:]...)
		if ok, err := getJSON(b, key, &rec); err != nil {
			return err
		} else if ok && rec.Attempts == 0 {
			if i, found := slices.BinarySearch(rec.PfIDs, pfID); !found {
				rec.PfIDs = slices.Insert(rec.PfIDs, i, pfID)
				rec.Footprints = len(rec.PfIDs)
			}
			return putJSON(b, key, &rec)
		}
	}
	id := uuid.NewString()
	rec := &pactAnswerRecord{V: recordV1, ID: id, Requester: r.org, Bound: r.org != "", Version: r.version, Target: r.target,
		Type: pact.EventType(r.version, pact.KindPublished), PfIDs: []string{pfID}, Footprints: 1, CreatedAt: now.UTC(), State: pact.AnswerPending}
	if err := putJSON(b, append(bytes.Clone(pendingAnswerPrefix), id...), rec); err != nil {
		return err
	}
	if err := b.Put(uk, append(binary.BigEndian.AppendUint64(nil, uint64(tx.ID())), id...)); err != nil {
		return fmt.Errorf("put PACT published event key: %w", err)
	}
	if ch, ok := outboxWakes.Load(tx.DB()); ok {
		tx.OnCommit(func() {
			select {
			case ch.(chan struct{}) <- struct{}{}:
			default:
			}
		})
	}
	return nil
}

// outboxWakes holds, for each open database, the channel OutboxQueued
// returns.
var outboxWakes sync.Map // *bolt.DB → chan struct{}

// OutboxQueued implements pact.Outbox: it receives when a committed
// change queued a Published event.
func (s *CertificationService) OutboxQueued() <-chan struct{} {
	ch, _ := outboxWakes.LoadOrStore(s.db.db, make(chan struct{}, 1))
	return ch.(chan struct{})
}
