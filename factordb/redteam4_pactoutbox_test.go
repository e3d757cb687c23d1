package factordb_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

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
