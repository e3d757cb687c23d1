package factordb_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// mustDeliverFulfilled stores a Fulfilled answer to target in PACT
// version carrying the footprints ids, each stated Active, and marks it
// delivered, as the API's worker does once the host took it.
func (s *services) mustDeliverFulfilled(tb testing.TB, target string, version int, requester string, bound bool, ids ...uuid.UUID) {
	tb.Helper()
	ctx := access.NewContextWithPrincipal(context.Background(), &access.Principal{Org: requester, Role: access.RolePartner})
	type pf struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	var pfs []pf
	for _, id := range ids {
		pfs = append(pfs, pf{id.String(), "Active"})
	}
	ansID := uuid.NewString()
	ev, err := json.Marshal(map[string]any{"type": pact.EventType(version, pact.KindFulfilled), "specversion": "1.0", "id": ansID,
		"source": "//pcf.test/3/events", "time": "2026-03-02T10:00:00Z", "data": map[string]any{"requestEventId": "req-" + ansID, "pfs": pfs}})
	if err != nil {
		tb.Fatal(err)
	}
	now := time.Now()
	a := &pact.OutboxAnswer{ID: ansID, RequestID: "req-" + ansID, Requester: requester, Bound: bound, Version: version, Target: target,
		Type: pact.EventType(version, pact.KindFulfilled), Event: ev, Footprints: len(ids), CreatedAt: now, Deadline: now.Add(time.Hour), NextAt: now, State: pact.AnswerPending}
	if err := s.certs.QueueAnswer(ctx, a); err != nil {
		tb.Fatal(err)
	}
	a.Attempts, a.State, a.CompletedAt = 1, pact.AnswerDelivered, now
	if err := s.certs.UpdateAnswer(ctx, a); err != nil {
		tb.Fatal(err)
	}
}

// duePublished returns the pending Published events by host.
func (s *services) duePublished(tb testing.TB) map[string]*pact.OutboxAnswer {
	tb.Helper()
	due, _, err := s.certs.DueAnswers(context.Background(), time.Now().Add(24*time.Hour), 1000)
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string]*pact.OutboxAnswer{}
	for _, a := range due {
		if pact.EventKind(a.Version, a.Type) != pact.KindPublished {
			continue
		}
		if out[a.Target] != nil {
			tb.Fatalf("two Published events to %s: %v and %v", a.Target, out[a.Target].PfIDs, a.PfIDs)
		}
		out[a.Target] = a
	}
	return out
}

// finishPublished marks every pending Published event delivered.
func (s *services) finishPublished(tb testing.TB) {
	tb.Helper()
	for _, a := range s.duePublished(tb) {
		a.Attempts, a.State, a.CompletedAt = 1, pact.AnswerDelivered, time.Now()
		if err := s.certs.UpdateAnswer(context.Background(), a); err != nil {
			tb.Fatal(err)
		}
	}
}

func sortedIDs(ids ...uuid.UUID) []string {
	var out []string
	for _, id := range ids {
		out = append(out, id.String())
	}
	slices.Sort(out)
	return out
}

// Ensure a withdrawal tells, in its own transaction, each host that
// received the withdrawn certificate's footprint in a delivered Fulfilled
// answer: one Published event per host and version, naming every
// footprint of that host the withdrawal changed (the withdrawn one,
// Deprecated now, and one issued on it, withheld now that it is flagged);
// a host bound to an organisation is told as that organisation's host; a
// host that received other footprints only is told nothing.
func TestPACTPublish_WithdrawalTellsTheHostsThatReceivedIt(t *testing.T) {
	ctx, s := mustStart(t)
	sup := s.MustIssue(t, "GEC-PP-1").Certificate()
	buyer := s.MustIssueBuyer(t, "GEC-PP-2", sup.Number).Certificate()
	other := s.MustIssue(t, "GEC-PP-3").Certificate()
	s.mustDeliverFulfilled(t, "https://h1.test", 3, "Buyer GmbH", false, sup.ID, buyer.ID, other.ID)
	s.mustDeliverFulfilled(t, "https://h2.test", 2, "Buyer GmbH", true, sup.ID)
	s.mustDeliverFulfilled(t, "https://h3.test", 3, "Other AG", false, other.ID)
	if got := s.duePublished(t); len(got) != 0 {
		t.Fatalf("Published events before any change: %v", got)
	}

	s.mustSetStatus(t, ctx, sup.ID, certification.CertificateWithdrawn, "data falsified")
	got := s.duePublished(t)
	if len(got) != 2 || got["https://h3.test"] != nil {
		t.Fatalf("Published events to %v, want h1 and h2", got)
	}
	h1, h2 := got["https://h1.test"], got["https://h2.test"]
	if h1.Type != pact.EventPublishedV3 || h1.Version != 3 || h1.Requester != "" || h1.Bound || !slices.Equal(h1.PfIDs, sortedIDs(sup.ID, buyer.ID)) || len(h1.Event) != 0 {
		t.Fatalf("to h1: %+v", h1)
	}
	if h2.Type != pact.EventPublishedV2 || h2.Version != 2 || h2.Requester != "Buyer GmbH" || !h2.Bound || !slices.Equal(h2.PfIDs, sortedIDs(sup.ID)) {
		t.Fatalf("to h2: %+v", h2)
	}

	// Delivered, it is kept naming its footprints, and audited so.
	s.finishPublished(t)
	a, err := s.certs.FindAnswer(ctx, h1.ID)
	if err != nil || a.State != pact.AnswerDelivered || !slices.Equal(a.PfIDs, h1.PfIDs) {
		t.Fatalf("delivered Published event %+v, %v", a, err)
	}
	evs, _, err := s.certs.FindAuditEvents(ctx, access.AuditFilter{Subject: ptr("pact-answer/" + h1.ID)})
	if err != nil || len(evs) != 1 || evs[0].Action != pact.AuditAnswerDelivered || !strings.Contains(evs[0].Detail, sup.ID.String()) || !strings.Contains(evs[0].Detail, "https://h1.test") {
		t.Fatalf("audit of the Published event %+v, %v", evs, err)
	}
}

// Ensure every change of the status a partner reads of a footprint it
// received is told, and no other: suspension (withheld), reinstatement
// (Active again), supersession (Deprecated, the event naming the
// successor too: the host learns of it); the withdrawal of the superseded
// certificate leaves its footprint as it was (a Deprecated footprint never
// changes) and tells nothing of it, only of the successor, withheld now
// that it is flagged (its predecessor withdrawn).
func TestPACTPublish_SuspensionReinstatementSupersession(t *testing.T) {
	ctx, s := mustStart(t)
	rec := s.MustIssue(t, "GEC-PP-4")
	id := rec.Certificate().ID
	s.mustDeliverFulfilled(t, "https://h1.test", 3, "Buyer GmbH", false, id)
	want := []uuid.UUID{id}
	step := func(what string, change func()) {
		t.Helper()
		change()
		s.wantPublishedToH1(t, "at the "+what, want...)
		s.finishPublished(t)
	}
	step("suspension", func() { s.mustSetStatus(t, ctx, id, certification.CertificateSuspended, "review") })
	step("reinstatement", func() { s.mustSetStatus(t, ctx, id, certification.CertificateValid, "review passed") })
	var next uuid.UUID
	step("supersession", func() {
		next = s.MustSupersede(t, rec).Certificate().ID
		want = []uuid.UUID{id, next}
	})
	step("withdrawal of the superseded certificate", func() {
		s.mustSetStatus(t, ctx, id, certification.CertificateWithdrawn, "late finding")
		want = []uuid.UUID{next}
	})
	if next == uuid.Nil {
		t.Fatal("no successor")
	}
}

// Ensure the Published event commits or fails with the status change: a
// withdrawal whose transaction fails (the audit trail's head unreadable,
// after the event was queued) leaves the certificate valid and nothing
// queued; the withdrawal made again queues the one event.
func TestPACTPublish_RollsBackWithTheStatusChange(t *testing.T) {
	ctx, s := mustStart(t)
	id := s.MustIssue(t, "GEC-PP-5").Certificate().ID
	s.mustDeliverFulfilled(t, "https://h1.test", 3, "Buyer GmbH", false, id)
	var head []byte
	if err := factordb.Write(s.db, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("audit_head"))
		head = slices.Clone(b.Get([]byte("head")))
		return b.Put([]byte("head"), []byte("spoilt"))
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.certs.SetCertificateStatus(ctx, id, certification.CertificateWithdrawn, "fraud"); err == nil {
		t.Fatal("withdrawn with the audit head spoilt")
	}
	if err := factordb.Write(s.db, func(tx *bolt.Tx) error { return tx.Bucket([]byte("audit_head")).Put([]byte("head"), head) }); err != nil {
		t.Fatal(err)
	}
	if got := mustFindCertificate(t, s, id); got.Status != certification.CertificateValid {
		t.Fatalf("status %s after the failed withdrawal", got.Status)
	}
	if got := s.duePublished(t); len(got) != 0 {
		t.Fatalf("Published events after the failed withdrawal: %v", got)
	}
	s.mustSetStatus(t, ctx, id, certification.CertificateWithdrawn, "fraud")
	s.wantPublishedToH1(t, "after the withdrawal", id)
}

// Ensure a footprint whose status changed while the answer carrying it was
// on its way (the change found no receipt to tell) is told as soon as the
// answer is recorded delivered: the host got it Active, it is Deprecated.
func TestPACTPublish_ChangedWhileTheAnswerWasSent(t *testing.T) {
	ctx, s := mustStart(t)
	id := s.MustIssue(t, "GEC-PP-6").Certificate().ID
	kept := s.MustIssue(t, "GEC-PP-7").Certificate().ID
	s.mustSetStatus(t, ctx, id, certification.CertificateWithdrawn, "fraud") // before the answer is recorded delivered
	s.mustDeliverFulfilled(t, "https://h1.test", 2, "Buyer GmbH", false, id, kept)
	got := s.duePublished(t)
	if len(got) != 1 || got["https://h1.test"] == nil || got["https://h1.test"].Type != pact.EventPublishedV2 || !slices.Equal(got["https://h1.test"].PfIDs, sortedIDs(id)) {
		t.Fatalf("Published events %v, want one to h1 naming the withdrawn footprint only", got)
	}
}
