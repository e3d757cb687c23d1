package factordb_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"strconv"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// Ensure pending PACT answers and supplier endpoints are on disk: after the
// database is closed and opened again, the answer is still due (with its
// attempts) and the endpoint still has its secret; a finished answer is no
// longer due but can still be read.
func TestPACTOutbox_SurvivesReopen(t *testing.T) {
	ctx := access.NewContextWithPrincipal(context.Background(), &access.Principal{Org: "Maker", Role: access.RoleManufacturer})
	path, db := mustOpenFile(t) // closed below, then opened again
	s := factordb.NewCertificationService(db)
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	a := &pact.OutboxAnswer{ID: "ans-1", RequestID: "req-1", Version: 3, Target: "https://buyer.test", Type: "t",
		Event: json.RawMessage(`{"id":"ans-1"}`), CreatedAt: now, Deadline: now.Add(time.Hour), NextAt: now, State: pact.AnswerPending}
	if err := s.QueueAnswer(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := s.QueueAnswer(ctx, a); footprint.ErrorCode(err) != footprint.ECONFLICT {
		t.Fatalf("queue twice: %v", err)
	}
	a.Attempts, a.LastError, a.NextAt = 1, "503", now.Add(time.Minute)
	if err := s.UpdateAnswer(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveEndpoint(ctx, &pact.Endpoint{Name: "sup", URL: "https://sup.test", ClientID: "c", ClientSecret: "s3cret"}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	s = factordb.NewCertificationService(MustOpenDBAt(t, path))
	due, next, err := s.DueAnswers(ctx, now, 10)
	if err != nil || len(due) != 0 || !next.Equal(now.Add(time.Minute)) {
		t.Fatalf("before its next time: due %v, next %v, %v", due, next, err)
	}
	due, _, err = s.DueAnswers(ctx, now.Add(time.Minute), 10)
	if err != nil || len(due) != 1 || due[0].Attempts != 1 || due[0].LastError != "503" || string(due[0].Event) != `{"id":"ans-1"}` {
		t.Fatalf("after reopening: %+v, %v", due, err)
	}
	e, err := s.FindEndpoint(ctx, "sup")
	if err != nil || e.ClientSecret != "s3cret" || e.Owner != "Maker" {
		t.Fatalf("endpoint %+v, %v", e, err)
	}
	other := access.NewContextWithPrincipal(context.Background(), &access.Principal{Org: "Other", Role: access.RoleManufacturer})
	if _, err := s.FindEndpoint(other, "sup"); footprint.ErrorCode(err) != footprint.ENOTFOUND {
		t.Fatalf("another organisation's endpoint: %v", err)
	}

	a = due[0]
	a.Attempts, a.State, a.CompletedAt = 2, pact.AnswerDelivered, now.Add(time.Minute)
	if err := s.UpdateAnswer(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateAnswer(ctx, a); footprint.ErrorCode(err) != footprint.ENOTFOUND {
		t.Fatalf("update a finished answer: %v", err)
	}
	due, next, err = s.DueAnswers(ctx, now.Add(time.Hour), 10)
	if err != nil || len(due) != 0 || !next.IsZero() {
		t.Fatalf("after delivery: %v %v %v", due, next, err)
	}
	if got, err := s.FindAnswer(ctx, "ans-1"); err != nil || got.State != pact.AnswerDelivered || got.Attempts != 2 {
		t.Fatalf("delivered answer %+v, %v", got, err)
	}
}

// Ensure the outbox keeps one answer per request: a second answer to the
// same request (same requester, host, PACT version and request id) is not
// stored, so a request sent again is not answered again; another
// version's, another host's or another request's is.
func TestRedteam4_OutboxOneAnswerPerRequest(t *testing.T) {
	ctx := access.NewContextWithPrincipal(context.Background(), &access.Principal{Org: "Buyer", Role: access.RolePartner})
	s := factordb.NewCertificationService(MustOpenDB(t))
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	answer := func(id, target string, version int, request string) *pact.OutboxAnswer {
		return &pact.OutboxAnswer{ID: id, RequestID: request, Requester: "Buyer", Version: version, Target: target, Type: "t",
			Event: json.RawMessage(`{"id":"` + id + `"}`), CreatedAt: now, Deadline: now.Add(time.Hour), NextAt: now, State: pact.AnswerPending}
	}
	for _, a := range []*pact.OutboxAnswer{
		answer("ans-1", "https://buyer.test", 3, "req-1"),
		answer("ans-2", "https://buyer.test", 3, "req-1"), // the same request again
		answer("ans-3", "https://buyer.test", 2, "req-1"),
		answer("ans-4", "https://other.test", 3, "req-1"),
		answer("ans-5", "https://buyer.test", 3, "req-2"),
	} {
		if err := s.QueueAnswer(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	due, _, err := s.DueAnswers(ctx, now, 10)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range due {
		ids = append(ids, a.ID)
	}
	if len(ids) != 4 || ids[0] != "ans-1" || ids[1] != "ans-3" || ids[2] != "ans-4" || ids[3] != "ans-5" {
		t.Fatalf("due answers %v, want ans-1, ans-3, ans-4, ans-5 (not the repeat ans-2)", ids)
	}
	if queued, err := s.AnswerQueued(ctx, "Buyer", "https://buyer.test", 3, "req-1"); err != nil || !queued {
		t.Fatalf("AnswerQueued = %v, %v; want true", queued, err)
	}
	if queued, err := s.AnswerQueued(ctx, "Other", "https://buyer.test", 3, "req-1"); err != nil || queued {
		t.Fatalf("AnswerQueued of another requester = %v, %v; want false", queued, err)
	}
}

// Ensure one requester cannot fill the outbox (red team 64): every
// RequestCreated event with a new id queued an answer, kept with its event
// (up to a thousand footprints) for good, and the worker reads every
// pending one on each pass. A requester has at most pact.MaxPendingAnswers
// pending (ECONFLICT beyond, nothing stored), another requester is not
// held up by it, one delivered makes room, and a finished answer is kept
// without its event.
func TestRedteam64_PendingAnswersPerRequesterBounded(t *testing.T) {
	ctx := access.NewContextWithPrincipal(context.Background(), &access.Principal{Org: "Buyer GmbH", Role: access.RolePartner})
	db := MustOpenDB(t)
	s := factordb.NewCertificationService(db)
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	answer := func(requester string, i int) *pact.OutboxAnswer {
		id := requester + "-" + strconv.Itoa(i)
		return &pact.OutboxAnswer{ID: id, RequestID: "req-" + id, Requester: requester, Version: 3, Target: "https://buyer.test", Type: "t",
			Event: json.RawMessage(`{"id":"` + id + `"}`), CreatedAt: now, Deadline: now.Add(72 * time.Hour), NextAt: now, State: pact.AnswerPending}
	}
	for i := range pact.MaxPendingAnswers {
		if err := s.QueueAnswer(ctx, answer("Buyer GmbH", i)); err != nil {
			t.Fatalf("answer %d: %v", i, err)
		}
	}
	over := answer("Buyer GmbH", pact.MaxPendingAnswers)
	if err := s.QueueAnswer(ctx, over); footprint.ErrorCode(err) != footprint.ECONFLICT {
		t.Fatalf("answer %d of one requester: %v, want ECONFLICT", pact.MaxPendingAnswers+1, err)
	}
	if _, err := s.FindAnswer(ctx, over.ID); footprint.ErrorCode(err) != footprint.ENOTFOUND {
		t.Fatalf("the refused answer is stored: %v", err)
	}
	if queued, err := s.AnswerQueued(ctx, over.Requester, over.Target, over.Version, over.RequestID); err != nil || queued {
		t.Fatalf("the refused request is recorded as answered (%v, %v): it could never be sent again", queued, err)
	}
	if err := s.QueueAnswer(ctx, answer("Other Buyer", 0)); err != nil {
		t.Fatalf("another requester: %v", err)
	}
	done := answer("Buyer GmbH", 0)
	done.State, done.Attempts, done.CompletedAt = pact.AnswerDelivered, 1, now
	if err := s.UpdateAnswer(ctx, done); err != nil {
		t.Fatal(err)
	}
	if err := s.QueueAnswer(ctx, over); err != nil {
		t.Fatalf("after one was delivered: %v", err)
	}
	got, err := s.FindAnswer(ctx, done.ID)
	if err != nil || got.State != pact.AnswerDelivered || got.Attempts != 1 || len(got.Event) != 0 {
		t.Fatalf("delivered answer %+v, %v: want its state and attempts, without its event", got, err)
	}
	if due, _, err := s.DueAnswers(ctx, now, 1000); err != nil || len(due) != pact.MaxPendingAnswers+1 {
		t.Fatalf("due %d answers, %v; want %d", len(due), err, pact.MaxPendingAnswers+1)
	}
	// An answer an earlier program delivered (the file opened by it after
	// this one: it keeps no q/ key, and left this one's) makes room too.
	if err := factordb.FinishAnswerAsBefore(db, answer("Buyer GmbH", 1).ID); err != nil {
		t.Fatal(err)
	}
	if err := s.QueueAnswer(ctx, answer("Buyer GmbH", pact.MaxPendingAnswers+1)); err != nil {
		t.Fatalf("after one was delivered by an earlier program: %v", err)
	}
}
