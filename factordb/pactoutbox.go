package factordb

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
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
// took to which host (receiptPrefix), "e/" which footprints each pending
// Published event names (publishedPfPrefix).
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
		b := tx.Bucket(pactOutboxBucket)
		return scanPrefix(b, pendingAnswerPrefix, func(rec *pactAnswerRecord) error {
			if !rec.NextAt.After(now) && len(due) < limit {
				publishedPfIDs(b, rec)
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
		if err := deletePublishedPfIDs(b, a.ID); err != nil {
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
				if ok && rec.State == pact.AnswerPending {
					publishedPfIDs(b, &rec)
				}
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
// partner reads of it (pact.Served, which the PACT API serves by) is no
// longer the one the host was last told: withdrawn or superseded, now
// Deprecated; suspended, flagged upstream, still a restored copy's, or
// issued or last set valid with an API key unvouched or reported
// compromised, now withheld; reinstated, reviewed, confirmed after a
// restore or its key vouched for, served again. The event is queued in
// the transaction that makes the change, so that the two commit or fail
// together, as an outbox record of the answers' kind: the API's worker
// delivers it with the answers' retries, and writes its event when it
// sends it (the store does not know the service's host, the event's
// source). Footprints nobody received are told to nobody, bar after a
// restore (publishRestored).

// receiptPrefix keys the footprints each host received: f/ + the
// footprint's id (16 bytes) + the host's base URL (length-prefixed) + the
// PACT version (1 byte) + the organisation the host is bound to
// (length-prefixed, "" for an unbound host) → the id of the answer that
// took it there, a 0 byte and the served status the host was last told
// (receiptValue). Put when the answer is delivered (UpdateAnswer): an
// answer given up told the host nothing.
var receiptPrefix = []byte("f/")

// publishedPfPrefix keys the footprints a pending Published event names:
// e/ + the event's id (36 bytes) + the footprint's id → 1, one key per
// footprint, so that queuing n footprints to a host in one transaction
// writes n keys (a list in the event's record, read and written again for
// each, took 13 s for 8,000, holding the write lock). Read into the event
// (PfIDs) by DueAnswers and FindAnswer; deleted when it is finished, its
// record then naming them.
var publishedPfPrefix = []byte("e/")

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

// receipt is a host's receipt of a footprint: the answer that took it
// there and the served status the host was last told of it (told).
type receipt struct {
	recipient
	answer string
	told   pact.Status
}

func receiptValue(answer string, told pact.Status) []byte {
	return append(append([]byte(answer), 0), told...)
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

// parseReceipt reads receipt key k (receiptKey).
func parseReceipt(k []byte) (uuid.UUID, recipient, error) {
	rest := k[len(receiptPrefix):]
	if len(rest) > 16 {
		id, _ := uuid.FromBytes(rest[:16])
		if target, rest, ok := readOwner(rest[16:]); ok && len(rest) > 0 {
			if org, tail, ok := readOwner(rest[1:]); ok && len(tail) == 0 {
				return id, recipient{target, int(rest[0]), org}, nil
			}
		}
	}
	return uuid.Nil, recipient{}, fmt.Errorf("PACT receipt key %x: %w", k, errCorrupt)
}

// receiptsOf returns the receipts of footprint id.
func receiptsOf(b *bolt.Bucket, id uuid.UUID) ([]receipt, error) {
	prefix := append(bytes.Clone(receiptPrefix), id[:]...)
	var out []receipt
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		_, r, err := parseReceipt(k)
		if err != nil {
			return nil, err
		}
		answer, told, found := bytes.Cut(v, []byte{0})
		if !found {
			return nil, fmt.Errorf("PACT receipt %x: %w", k, errCorrupt)
		}
		out = append(out, receipt{r, string(answer), pact.Status(told)})
	}
	return out, nil
}

// servedIn is the status a partner reads of the footprint of rec in tx,
// as the PACT API serves it (pact.Served, pactWithheld): rec's flags with
// the restore's when its status is still a restored copy's (m, nil if
// none: as domain adds it), and the key alerts of the API keys that
// issued it and last set its status (certificateKeys, which answers the
// API's CertificateKeys). decidedBy, when not nil, is the key of a status
// decision on rec that tx records and whose audit event is not written
// yet (decide, ConfirmRestored): its latest status key then, used now.
func servedIn(tx *bolt.Tx, rec *certificateRecord, m *restoreMark, decidedBy *string, now time.Time) (pact.Status, error) {
	flags := rec.SupplierFlags
	if m.pending(rec) {
		flags = append(slices.Clone(flags), certification.SupplierFlag{Restored: true, At: m.CopyEnd})
	}
	dom := &certification.CertificateRecord{Status: certification.CertificateStatus(rec.Status), SupplierFlags: flags}
	alert := false
	if pact.Available(dom) && dom.Status == certification.CertificateValid {
		keys, err := certificateKeys(tx, rec.ID)
		if err != nil {
			return "", err
		}
		if decidedBy != nil {
			if keys[1], err = readKey(tx, *decidedBy); err != nil {
				return "", err
			}
			if k := keys[1]; k != nil && !k.CompromisedSince.IsZero() && !now.Before(k.CompromisedSince) {
				k.CompromisedUse = true
			}
		}
		for _, k := range keys {
			alert = alert || k != nil && (k.Unvouched || k.CompromisedUse)
		}
	}
	return pact.Served(dom, alert), nil
}

// putReceipts records, in tx, that the delivered Fulfilled answer a took
// its footprints to its host, with the status the answer stated, and
// queues a Published event at once for those whose served status is no
// longer that: one changed while the answer was on its way, whose change
// found no receipt to tell.
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
	m, err := readMark(tx)
	if err != nil {
		return err
	}
	b := tx.Bucket(pactOutboxBucket)
	for _, pf := range ev.Data.Pfs {
		told := pf.Status
		rec, err := findCertificateRecord(tx, pf.ID)
		if err != nil && footprint.ErrorCode(err) != footprint.ENOTFOUND {
			return err
		} else if err == nil {
			served, err := servedIn(tx, rec, m, nil, now)
			if err != nil {
				return err
			}
			if served != told {
				if err := queuePublished(tx, now, r, pf.ID.String()); err != nil {
					return err
				}
				told = served
			}
		}
		if err := b.Put(receiptKey(pf.ID, r), receiptValue(a.ID, told)); err != nil {
			return fmt.Errorf("put PACT receipt: %w", err)
		}
	}
	return nil
}

// notePACTChange queues, in tx, a Published event naming the footprint
// of rec to each host that received it (receiptPrefix) and was last told
// another served status than rec, about to be stored, has (servedIn).
// Every path that changes a certificate's status or flags calls it before
// it stores the record (certificate.go: flagDownstream, flagFrom,
// flagSuccessor; a decision of its certifier calls notePACTDecision).
func notePACTChange(tx *bolt.Tx, rec *certificateRecord, now time.Time) error {
	return noteServed(tx, rec, now, nil, &txMark{})
}

// notePACTDecision is notePACTChange for a status decision of the
// context's principal (decide, ConfirmRestored), whose key is the
// certificate's latest status key once the decision's audit event is
// written, after the call (certificateKeys).
func notePACTDecision(ctx context.Context, tx *bolt.Tx, rec *certificateRecord, now time.Time) error {
	_, _, keyID := access.AuditActor(ctx)
	return noteServed(tx, rec, now, &keyID, &txMark{})
}

// notePACTSuccessor tells, in tx, each host that received the footprint
// of old (a receipt) of the footprint of next, which supersedes it
// (application.go's supersede, after old's own change is noted): a
// Published event lists footprints "published (either new or updated)",
// and next's document names old's in precedingPfIds, so the same event
// of this transaction that tells the host old is Deprecated names next
// too, and the host reads it (GetFootprint). next's served status is
// computed with the context's key as its issuing key: the reissue's audit
// event, which names it, is written after the call (certificateKeys). A
// next withheld (flagged, its key unvouched) is not named yet.
//
// A receipt of next is recorded for that host at once, stating the status
// it was told (or "" when withheld), not when the event is delivered: the
// host learns of next through old, as it learned of old, and a later
// change of next (suspended, withdrawn, reissued again, or served once
// its key is vouched for) is to reach it the same way; a host whose
// event is given up is told of next by those later events, and naming a
// footprint to a host that never read it tells it nothing it could not
// read in the lists (publishRestored). The receipt keeps the answer of
// old's, which took its lineage there. A host that has a receipt of next
// already keeps it.
func notePACTSuccessor(ctx context.Context, tx *bolt.Tx, old, next *certificateRecord, now time.Time) error {
	oldID, err := uuid.Parse(old.ID)
	if err != nil {
		return fmt.Errorf("certificate id %q: %w", old.ID, errCorrupt)
	}
	nextID, err := uuid.Parse(next.ID)
	if err != nil {
		return fmt.Errorf("certificate id %q: %w", next.ID, errCorrupt)
	}
	b := tx.Bucket(pactOutboxBucket)
	to, err := receiptsOf(b, oldID)
	if err != nil || len(to) == 0 {
		return err
	}
	m, err := readMark(tx)
	if err != nil {
		return err
	}
	_, _, keyID := access.AuditActor(ctx)
	served, err := servedIn(tx, next, m, &keyID, now) // no status decision on next yet: its issuing key in that place
	if err != nil {
		return err
	}
	for _, r := range to {
		if b.Get(receiptKey(nextID, r.recipient)) != nil {
			continue
		}
		if served != "" {
			if err := queuePublished(tx, now, r.recipient, nextID.String()); err != nil {
				return err
			}
		}
		if err := b.Put(receiptKey(nextID, r.recipient), receiptValue(r.answer, served)); err != nil {
			return fmt.Errorf("put PACT receipt: %w", err)
		}
	}
	return nil
}

// noteServed tells, in tx, each host of a receipt of rec's footprint the
// status it is served now, if another than it was told (tellReceipts); the
// restore is read from mark, when a host is to be told.
func noteServed(tx *bolt.Tx, rec *certificateRecord, now time.Time, decidedBy *string, mark *txMark) error {
	id, err := uuid.Parse(rec.ID)
	if err != nil {
		return fmt.Errorf("certificate id %q: %w", rec.ID, errCorrupt)
	}
	to, err := receiptsOf(tx.Bucket(pactOutboxBucket), id)
	if err != nil || len(to) == 0 {
		return err
	}
	m, err := mark.read(tx)
	if err != nil {
		return err
	}
	served, err := servedIn(tx, rec, m, decidedBy, now)
	if err != nil {
		return err
	}
	return tellReceipts(tx, now, id, to, served)
}

// txMark is the restoreMark of a write transaction, read from it
// (readMark) when first asked, once for all the footprints notePACTKeys or
// flagFrom tells of: nothing they write is the mark, which only endCopy
// writes.
type txMark struct {
	m    *restoreMark
	err  error
	done bool
}

func (t *txMark) read(tx *bolt.Tx) (*restoreMark, error) {
	if !t.done {
		t.m, t.err = readMark(tx)
		t.done = true
	}
	return t.m, t.err
}

// tellReceipts queues, in tx, a Published event naming footprint id to
// each host of to last told another status than served, and records that
// it is told served.
func tellReceipts(tx *bolt.Tx, now time.Time, id uuid.UUID, to []receipt, served pact.Status) error {
	for _, r := range to {
		if r.told == served {
			continue
		}
		if err := queuePublished(tx, now, r.recipient, id.String()); err != nil {
			return err
		}
		if err := tx.Bucket(pactOutboxBucket).Put(receiptKey(id, r.recipient), receiptValue(r.answer, served)); err != nil {
			return fmt.Errorf("put PACT receipt: %w", err)
		}
	}
	return nil
}

// notePACTKeys queues, in tx, the Published events a change of API keys
// made in tx calls for (MarkAPIKeyCompromised, a key vouched for or
// confirmed: endorseAPIKey): the key alerts of the certificates they
// issued or last set valid changed (servedIn), and with them what the
// PACT API serves. It reads every footprint some host received, whose
// keys may be among those changed, or confirmed by one of them: that is
// what a host can be told of (receiptPrefix), and rarer than the
// certificates a body's keys issued. No index leads from a key to the
// certificates it issued or set (certificateKeys reads the other way,
// through the audit index, which has no key), and a vouch changes every
// key whose confirmation leads back to it: so every receipt, for now.
func notePACTKeys(tx *bolt.Tx, now time.Time) error {
	b := tx.Bucket(pactOutboxBucket)
	var ids []uuid.UUID // read first: tellReceipts writes under the cursor's prefix
	c := b.Cursor()
	for k, _ := c.Seek(receiptPrefix); k != nil && bytes.HasPrefix(k, receiptPrefix); k, _ = c.Next() {
		id, _, err := parseReceipt(k)
		if err != nil {
			return err
		}
		if len(ids) == 0 || ids[len(ids)-1] != id { // keys are in the order of the footprints' ids
			ids = append(ids, id)
		}
	}
	mark := &txMark{} // read once, not per footprint
	for _, id := range ids {
		rec, err := findCertificateRecord(tx, id)
		if footprint.ErrorCode(err) == footprint.ENOTFOUND {
			continue
		} else if err != nil {
			return err
		}
		if err := noteServed(tx, rec, now, nil, mark); err != nil {
			return err
		}
	}
	return nil
}

// publishRestored tells, at the first start of a restored copy (endCopy,
// in its transaction), the hosts the copy knows of what its restore may
// have changed. Nothing recorded after the copy is in it: the receipts of
// the answers delivered since, the Published events queued since, and the
// statuses told by them. So every footprint that may have changed since
// the copy (of a certificate valid or suspended in it: a withdrawn or
// superseded one's is final) is named, in one event per host, to every
// host the copy knows received footprints (a receipt, or a delivered
// Fulfilled answer of a version that kept none), whether or not it
// received that footprint before the copy: it may have after, and a
// partner reads every footprint's id in the lists anyway, so naming one
// it never received tells it nothing it could not read. A receipt is
// recorded for each, so that a later change (its certifier confirming
// it, which serves it again) is told too. A host first served after the
// copy is unknown to it: docs/pact.md says what the operator does.
func publishRestored(tx *bolt.Tx, now time.Time, m *restoreMark) error {
	b := tx.Bucket(pactOutboxBucket)
	hosts := map[string]recipient{}
	c := b.Cursor()
	for k, _ := c.Seek(receiptPrefix); k != nil && bytes.HasPrefix(k, receiptPrefix); k, _ = c.Next() {
		_, r, err := parseReceipt(k)
		if err != nil {
			return err
		}
		hosts[string(r.key())] = r
	}
	err := scanPrefix(b, doneAnswerPrefix, func(a *pactAnswerRecord) error {
		if a.State == pact.AnswerDelivered && pact.EventKind(a.Version, a.Type) == pact.KindFulfilled {
			r := recipient{target: a.Target, version: a.Version}
			if a.Bound {
				r.org = a.Requester
			}
			hosts[string(r.key())] = r
		}
		return nil
	})
	if err != nil || len(hosts) == 0 {
		return err
	}
	var ids []uuid.UUID
	numbers := tx.Bucket(certNumbersBucket)
	for _, st := range []certification.CertificateStatus{certification.CertificateValid, certification.CertificateSuspended} {
		prefix := []byte(string(st) + "\x00")
		c := tx.Bucket(certStatusesBucket).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			id, err := uuid.FromBytes(numbers.Get(k[len(prefix):]))
			if err != nil {
				return fmt.Errorf("certificate %s indexed but missing: %w", k[len(prefix):], errCorrupt)
			}
			ids = append(ids, id)
		}
	}
	order := slices.Sorted(maps.Keys(hosts))
	for _, id := range ids {
		rec, err := findCertificateRecord(tx, id)
		if err != nil {
			return err
		}
		served, err := servedIn(tx, rec, m, nil, now)
		if err != nil {
			return err
		}
		for _, hk := range order {
			r := hosts[hk]
			answer := ""
			if v := b.Get(receiptKey(id, r)); v != nil {
				a, _, _ := bytes.Cut(v, []byte{0})
				answer = string(a)
			}
			if err := queuePublished(tx, now, r, id.String()); err != nil {
				return err
			}
			if err := b.Put(receiptKey(id, r), receiptValue(answer, served)); err != nil {
				return fmt.Errorf("put PACT receipt: %w", err)
			}
		}
	}
	return nil
}

// openPublished is, for each open database, the Published events its
// current write transaction queued (openEvents): held in memory, not keyed
// by the transaction's id in the file, which starts again in a copy made
// key by key (BackupWithoutSeeds) and a compacted file, so that a change
// after a restore was put in an event of the copy, under an id its host
// may have been sent already.
var openPublished sync.Map // *bolt.DB → *openEvents

// openEvents is the Published event queued to each host (recipient.key)
// in write transaction tx. Only the database's one write transaction
// reads or writes it, and it keeps tx, so that no later transaction has
// its address.
type openEvents struct {
	tx     *bolt.Tx
	events map[string]string
}

// queuePublished adds footprint pfID to the Published event this
// transaction queued to r, or queues one, due at once.
func queuePublished(tx *bolt.Tx, now time.Time, r recipient, pfID string) error {
	b := tx.Bucket(pactOutboxBucket)
	v, ok := openPublished.Load(tx.DB())
	if !ok {
		v, _ = openPublished.LoadOrStore(tx.DB(), &openEvents{})
	}
	open := v.(*openEvents)
	if open.tx != tx {
		open.tx, open.events = tx, map[string]string{}
	}
	rk := string(r.key())
	id, ok := open.events[rk]
	if !ok {
		id = uuid.NewString()
		rec := &pactAnswerRecord{V: recordV1, ID: id, Requester: r.org, Bound: r.org != "", Version: r.version, Target: r.target,
			Type: pact.EventType(r.version, pact.KindPublished), CreatedAt: now.UTC(), State: pact.AnswerPending}
		if err := putJSON(b, append(bytes.Clone(pendingAnswerPrefix), id...), rec); err != nil {
			return err
		}
		open.events[rk] = id
		if ch, ok := outboxWakes.Load(tx.DB()); ok {
			tx.OnCommit(func() {
				select {
				case ch.(chan struct{}) <- struct{}{}:
				default:
				}
			})
		}
	}
	k := append(append(bytes.Clone(publishedPfPrefix), id...), pfID...)
	if err := b.Put(k, []byte{1}); err != nil {
		return fmt.Errorf("put PACT published footprint: %w", err)
	}
	return nil
}

// publishedPfIDs adds to rec, a Published event, the footprints it names
// (publishedPfPrefix), sorted, and counts them.
func publishedPfIDs(b *bolt.Bucket, rec *pactAnswerRecord) {
	if pact.EventKind(rec.Version, rec.Type) != pact.KindPublished {
		return
	}
	prefix := append(bytes.Clone(publishedPfPrefix), rec.ID...)
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		rec.PfIDs = append(rec.PfIDs, string(k[len(prefix):]))
	}
	slices.Sort(rec.PfIDs)
	rec.PfIDs = slices.Compact(rec.PfIDs)
	rec.Footprints = len(rec.PfIDs)
}

// deletePublishedPfIDs deletes the keys naming the footprints of
// Published event id, finished (its record names them).
func deletePublishedPfIDs(b *bolt.Bucket, id string) error {
	prefix := append(bytes.Clone(publishedPfPrefix), id...)
	var keys [][]byte
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, bytes.Clone(k))
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
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
