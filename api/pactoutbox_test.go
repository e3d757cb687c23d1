package api_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
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
	restartPACT(t, h.st.srv)
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

// Ensure a queued PACT answer does not deliver a footprint as it no longer
// is. An answer is written when the request arrives and retried for up to
// 72 hours while the requester's host fails; a certificate withdrawn
// meanwhile reached the requester, once its host was back, as an Active
// footprint: a withdrawal the certifier made hours before the delivery.
func TestRedteam5_QueuedAnswerNotSentStale(t *testing.T) {
	h := newPACTHost(t)
	h.peer.failNext(1 << 30) // the requester's host is down
	id := queuedAnswer(t, h, "req-stale")
	waitAnswer(t, h.st, id, pact.AnswerPending, 1)
	h.setStatus(t, h.certs["A"], "withdraw")
	awaitAttemptAfterChange(t, h, id)
	h.peer.failNext(0) // back
	a := waitAnswer(t, h.st, id, pact.AnswerGivenUp, 2)
	if !strings.Contains(a.LastError, h.certs["A"]) || !strings.Contains(a.LastError, "withdrawn") || !strings.Contains(a.LastError, "new request") {
		t.Errorf("last error %q: want the footprint, its status now, and that the requester may send a new request", a.LastError)
	}
	h.peer.mustReceiveNothing(t, "a stale answer was delivered")
}

// Ensure a queued answer carrying the details a holder shared with the
// requester is not delivered once the holder revoked the share: revoking
// "stops at once" (docs/pact.md), and a host that was down when the
// request came received the details after the revocation.
func TestRedteam5_QueuedAnswerNotSentAfterShareRevoked(t *testing.T) {
	h := newPACTHost(t)
	a := h.certs["A"]
	h.st.srv.PACT.Callbacks[0].Organization = "Buyer GmbH"
	MustData[any](t, h.st.do(t, request{method: "POST", target: "/v1/certificates/" + a + "/pact/shares", as: asMaker,
		contentType: "application/json", body: []byte(`{"partner":"Buyer GmbH"}`)}), 201)
	h.peer.failNext(1 << 30)
	id := queuedAnswer(t, h, "req-revoked")
	waitAnswer(t, h.st, id, pact.AnswerPending, 1)
	if rec := h.st.do(t, request{method: "DELETE", target: "/v1/certificates/" + a + "/pact/shares/Buyer%20GmbH", as: asMaker}); rec.Code != 204 {
		t.Fatalf("revoke: %d %s", rec.Code, rec.Body)
	}
	awaitAttemptAfterChange(t, h, id)
	h.peer.failNext(0)
	got := waitAnswer(t, h.st, id, pact.AnswerGivenUp, 2)
	if !strings.Contains(got.LastError, a) || !strings.Contains(got.LastError, "no longer shares") {
		t.Errorf("last error %q: want the footprint and the revoked share", got.LastError)
	}
	h.peer.mustReceiveNothing(t, "shared details delivered after the share was revoked")
}

// awaitAttemptAfterChange waits, the requester's host still failing, until
// answer id records one more attempt (or leaves pending): an attempt under
// way at a change (a withdrawal, a revoked share) read the state before it,
// and under load it was delivered once the host recovered (a flaky test,
// not the behaviour under test; CI failed so twice). The next attempt, which
// decides, then starts after the change.
func awaitAttemptAfterChange(t *testing.T, h *pactHost, id string) {
	t.Helper()
	before, err := h.st.certs.FindAnswer(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		now, err := h.st.certs.FindAnswer(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if now.State != pact.AnswerPending || now.Attempts > before.Attempts {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("answer %s: no attempt after the change (%d attempts)", id, now.Attempts)
		}
	}
}

// countingStore is a pact.Store behind a decorator (metrics, tracing), as
// a deployment may wrap it: it counts the answers queued.
type countingStore struct {
	pact.Store
	queued atomic.Int32
}

func (c *countingStore) QueueAnswer(ctx context.Context, a *pact.OutboxAnswer) error {
	c.queued.Add(1)
	return c.Store.QueueAnswer(ctx, a)
}

// Ensure a request sent again is not worked out again when the store is
// wrapped: whether it was answered is part of pact.Store (Outbox), not an
// optional method found by a type assertion that a wrapper hides.
func TestPACT_RequestAgainThroughWrappedStore(t *testing.T) {
	h := newPACTHost(t)
	store := &countingStore{Store: h.st.srv.PACTSuppliers}
	h.st.srv.PACTSuppliers = store
	tok := h.token(t)
	for range 2 {
		status, _, body := h.post(t, tok, "/3/events", ceType, cloudEvent("org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", "req-twice", h.peer.ts.URL, `{"status":"Active"}`))
		if status != 200 {
			t.Fatalf("request: %d %s", status, body)
		}
	}
	if n := store.queued.Load(); n != 1 {
		t.Fatalf("the request sent twice was worked out %d times, want once", n)
	}
}

// Red team 30: one requester's host holding up every other's answers.

// Attack (a requester's host that hangs): asynchronous answers are
// delivered by one worker, one attempt after another, each given up to a
// minute. A partner whose own allow-listed host (bound to it) accepts the
// connection and never answers its /3/events holds the worker for that
// minute per answer; it sends as many requests as it likes (each a new
// event id), and every other organisation's answers wait behind them:
// here Buyer GmbH's answer, queued while the worker waits on Slow
// Buyer's host, was not delivered within 10 s (it would be after the
// minute, and with a hundred such requests after hours). More requests
// than a round of the worker reads (20) fill its rounds with answers to
// the slow host.
//
// A correct service does not let one host's slowness delay the answers
// to other hosts.
func TestRedteam30_HangingCallbackHostDelaysOthersAnswers(t *testing.T) {
	const pactOutboxBatch = 20 // api.pactOutboxBatch
	h := newPACTHost(t)
	slowKey := h.st.MustAddOrganization(t, access.Organization{Name: "Slow Buyer", Role: access.RolePartner})
	arrived, release := make(chan struct{}, 10), make(chan struct{})
	slow := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/auth/token":
			io.WriteString(w, `{"access_token":"t","token_type":"Bearer"}`)
		default:
			arrived <- struct{}{}
			select { // hangs until the test ends, or the server gives up
			case <-release:
			case <-r.Context().Done():
			}
		}
	}))
	t.Cleanup(slow.Close)
	t.Cleanup(func() { close(release) }) // before the host closes: the cleanups run last first
	h.st.srv.PACT.Callbacks = append(h.st.srv.PACT.Callbacks, api.PACTCallback{URL: slow.URL, ClientID: "c", ClientSecret: "s", Organization: "Slow Buyer"})

	slowTok := h.tokenFor(t, slowKey)
	for i := range pactOutboxBatch + 5 { // more than a round reads
		id := "slow-" + strconv.Itoa(i)
		if status, _, body := h.post(t, slowTok, "/3/events", ceType, cloudEvent("org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", id, slow.URL, `{"status":"Active"}`)); status != 200 {
			t.Fatalf("slow request %s: %d %s", id, status, body)
		}
	}
	<-arrived // the worker is in an attempt at the slow host

	if status, _, body := h.post(t, h.token(t), "/3/events", ceType, cloudEvent("org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", "fast-1", h.peer.ts.URL, `{"status":"Active"}`)); status != 200 {
		t.Fatalf("request: %d %s", status, body)
	}
	h.peer.next(t) // within 10 s
}
