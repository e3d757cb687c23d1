package factordb_test

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

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
