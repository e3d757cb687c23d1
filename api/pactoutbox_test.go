package api_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// queuedAnswer posts a v3 RequestCreated event for footprint A and returns
// the ID of the answer the host queued (from the audit trail).
func queuedAnswer(t *testing.T, h *pactHost, reqID string) string {
	t.Helper()
	tok := h.token(t)
	status, _, body := h.post(t, tok, "/3/events", ceType, cloudEvent("org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", reqID, h.peer.ts.URL, `{"status":"Active"}`))
	if status != 200 {
		t.Fatalf("request: %d %s", status, body)
	}
	evs, _, err := h.st.certs.FindAuditEvents(context.Background(), access.AuditFilter{Action: ptr(pact.AuditAnswerQueued)})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if strings.Contains(e.Detail, `"`+reqID+`"`) {
			if e.Actor != "Buyer GmbH" {
				t.Fatalf("queued by %q, want the requester", e.Actor)
			}
			return strings.TrimPrefix(e.Subject, "pact-answer/")
		}
	}
	t.Fatalf("no queued answer for %s in the audit trail", reqID)
	return ""
}

func ptr[T any](v T) *T { return &v }

// answerAudit returns the audit trail of the answer id, newest first.
func answerAudit(t *testing.T, h *pactHost, id string) []*access.AuditEvent {
	t.Helper()
	evs, _, err := h.st.certs.FindAuditEvents(context.Background(), access.AuditFilter{Subject: ptr("pact-answer/" + id)})
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

// waitAnswer polls the outbox until the answer is in state (or fails).
func waitAnswer(t *testing.T, st *stack, id, state string, minAttempts int) *pact.OutboxAnswer {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		a, err := st.certs.FindAnswer(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if a.State == state && a.Attempts >= minAttempts {
			return a
		}
		if time.Now().After(deadline) {
			t.Fatalf("answer %s: state %s after %d attempts (%s), want %s", id, a.State, a.Attempts, a.LastError, state)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Ensure an asynchronous answer survives a restart: it is stored before
// the request is acknowledged, retried with back-off while the requester's
// host fails, and a new server on the same database (the old one closed)
// delivers it once the host recovers; the delivery is audited.
func TestPACT_OutboxSurvivesRestart(t *testing.T) {
	h := newPACTHost(t)
	h.peer.failNext(1 << 30) // the requester's host is down
	id := queuedAnswer(t, h, "req-restart")
	a := waitAnswer(t, h.st, id, pact.AnswerPending, 2)
	if !strings.Contains(a.LastError, "503") || !a.NextAt.After(a.CreatedAt) {
		t.Fatalf("pending answer %+v: want the 503 and a later next attempt", a)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := h.st.srv.Close(ctx); err != nil {
		t.Fatal(err)
	}
	// Closed: no attempt is made any more.
	a = waitAnswer(t, h.st, id, pact.AnswerPending, 0)
	time.Sleep(60 * time.Millisecond)
	if b := waitAnswer(t, h.st, id, pact.AnswerPending, 0); b.Attempts != a.Attempts {
		t.Fatalf("attempts %d → %d after the server closed", a.Attempts, b.Attempts)
	}

	// The restart: a new server on the same store; the host is back.
	h.peer.failNext(0)
	old := h.st.srv
	s2 := api.NewServer()
	s2.FactorService, s2.AuthService, s2.StudyService = old.FactorService, old.AuthService, old.StudyService
	s2.CertificationService, s2.KeyService, s2.ProductService = old.CertificationService, old.KeyService, old.ProductService
	s2.PACTSuppliers, s2.Now, s2.BaseURL, s2.PACT = old.PACTSuppliers, old.Now, old.BaseURL, old.PACT
	t.Cleanup(func() { s2.Close(context.Background()) })
	s2.StartPACTOutbox()
	got := h.peer.next(t)
	if got.path != "/3/events" || !bytes.Contains(got.body, []byte(`"requestEventId":"req-restart"`)) || !bytes.Contains(got.body, []byte(id)) {
		t.Fatalf("delivered %s %s", got.path, truncateBody(got.body))
	}
	MustValidateJSON(t, MustPACTSpec(t)[3].fulfilled, got.body)
	a = waitAnswer(t, h.st, id, pact.AnswerDelivered, 3)
	evs := answerAudit(t, h, id)
	if len(evs) != 2 || evs[0].Action != pact.AuditAnswerDelivered || evs[1].Action != pact.AuditAnswerQueued {
		t.Fatalf("audit trail of the answer %+v", evs)
	}
	// Delivered once: nothing more arrives.
	h.peer.mustReceiveNothing(t, "delivered twice")
}

// Ensure an answer whose host keeps failing is given up at the end of its
// retry period: its state says so with the last error, the audit trail
// and the log record it, and no attempt follows.
func TestPACT_OutboxGivesUp(t *testing.T) {
	h := newPACTHost(t)
	var logs footprinttest.SyncBuffer
	h.st.srv.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	// Long enough for a second attempt on a loaded machine (the first, to a
	// TLS host under -race, took over 80 ms in CI), short enough to wait for.
	h.st.srv.PACT.RetryFor = time.Second
	h.peer.failNext(1 << 30)
	id := queuedAnswer(t, h, "req-doomed")
	a := waitAnswer(t, h.st, id, pact.AnswerGivenUp, 2)
	if !strings.Contains(a.LastError, "503") || a.CompletedAt.IsZero() {
		t.Fatalf("given-up answer %+v", a)
	}
	evs := answerAudit(t, h, id)
	if len(evs) != 2 || evs[0].Action != pact.AuditAnswerGivenUp || evs[0].Actor != "system" || !strings.Contains(evs[0].Detail, "503") {
		t.Fatalf("audit trail of the answer %+v", evs)
	}
	if !strings.Contains(logs.String(), "pact: answer given up") {
		t.Fatalf("log:\n%s", logs.String())
	}
	time.Sleep(50 * time.Millisecond)
	if b, _ := h.st.certs.FindAnswer(context.Background(), id); b.Attempts != a.Attempts {
		t.Fatalf("attempts %d → %d after giving up", a.Attempts, b.Attempts)
	}
}
