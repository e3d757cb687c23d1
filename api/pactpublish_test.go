package api_test

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/chengdu-pcf/pcf/footprint/pact/pacttest"
	"github.com/google/uuid"
)

// mustPublishedEvent checks an event a peer received: posted to
// /<v>/events as application/cloudevents+json, valid against the official
// PublishedEvent schema of version v, of v's Published type, naming the
// footprints want; it returns the event's id.
func mustPublishedEvent(t *testing.T, got peerEvent, v int, want ...string) string {
	t.Helper()
	if got.path != pactRoot(v)+"/events" || !strings.HasPrefix(got.ct, "application/cloudevents+json") {
		t.Fatalf("Published event posted to %s as %q: %s", got.path, got.ct, truncateBody(got.body))
	}
	schema, err := pacttest.Must(t, pactSpecDir)[v].Schema("#/components/schemas/PublishedEvent")
	if err != nil {
		t.Fatal(err)
	}
	MustValidateJSON(t, schema, got.body)
	var ev struct {
		Type, SpecVersion, ID, Source, Time string
		Data                                struct {
			PfIDs []string `json:"pfIds"`
		}
	}
	if err := json.Unmarshal(got.body, &ev); err != nil {
		t.Fatal(err)
	}
	if ev.Type != pact.EventType(v, pact.KindPublished) || ev.SpecVersion != "1.0" || uuid.Validate(ev.ID) != nil ||
		!strings.HasPrefix(ev.Source, "//") || !strings.HasSuffix(ev.Source, pactRoot(v)+"/events") {
		t.Fatalf("Published event %s", got.body)
	}
	if _, err := time.Parse(time.RFC3339, ev.Time); err != nil {
		t.Fatalf("time %q: %v", ev.Time, err)
	}
	slices.Sort(want)
	if !slices.Equal(ev.Data.PfIDs, want) {
		t.Fatalf("pfIds %v, want %v", ev.Data.PfIDs, want)
	}
	return ev.ID
}

// waitDelivered waits until the answer to request reqID is recorded
// delivered (its audit event).
func waitDelivered(t *testing.T, h *pactHost, reqID string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		evs, _, err := h.st.certs.FindAuditEvents(context.Background(), access.AuditFilter{Action: ptr(pact.AuditAnswerDelivered)})
		if err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(evs, func(e *access.AuditEvent) bool { return strings.Contains(e.Detail, `"`+reqID+`"`) }) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the answer to %s was not recorded delivered", reqID)
		}
	}
}

// restartPACT starts a new server on the services of old (closed), as a
// restart of pcf serve on the same database does, and its outbox worker.
func restartPACT(t *testing.T, old *api.Server) *api.Server {
	t.Helper()
	s2 := api.NewServer()
	s2.FactorService, s2.AuthService, s2.StudyService = old.FactorService, old.AuthService, old.StudyService
	s2.CertificationService, s2.KeyService, s2.ProductService = old.CertificationService, old.KeyService, old.ProductService
	s2.PACTSuppliers, s2.Now, s2.BaseURL, s2.PACT = old.PACTSuppliers, old.Now, old.BaseURL, old.PACT
	t.Cleanup(func() { s2.Close(context.Background()) })
	s2.StartPACTOutbox()
	return s2
}

// productIDsOf returns the productIds of footprint id, as JSON.
func (h *pactHost) productIDsOf(t *testing.T, id string) string {
	t.Helper()
	var a struct {
		Data struct {
			ProductIDs []string `json:"productIds"`
		} `json:"data"`
	}
	_, _, body := h.get(t, h.token(t), "/3/footprints/"+id)
	if err := json.Unmarshal(body, &a); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(a.Data.ProductIDs)
	return string(b)
}

// Ensure a partner told of a footprint is told when it changes: a peer
// that received footprint A in a Fulfilled answer (v2 or v3) gets, when
// A's certificate is withdrawn, a Published event of that version at
// /2/events or /3/events, with a token from its /auth/token, valid against
// the official schema, naming A; a second allow-listed host that received
// nothing gets nothing.
func TestPACT_WithdrawalPublishedToTheHostsThatReceivedIt(t *testing.T) {
	created := map[int]string{2: "org.wbcsd.pathfinder.ProductFootprintRequest.Created.v1", 3: "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3"}
	for _, v := range []int{2, 3} {
		t.Run("v"+strconv.Itoa(v), func(t *testing.T) {
			h := newPACTHost(t)
			other := newPACTPeer(t) // allow-listed, never asks
			h.st.srv.PACT.Callbacks = append(h.st.srv.PACT.Callbacks, api.PACTCallback{URL: other.ts.URL, ClientID: "pcf-host", ClientSecret: "s3cret"})
			a := h.certs["A"]
			pid := h.productIDsOf(t, a)
			data := map[int]string{2: `{"pf":{"productIds":` + pid + `}}`, 3: `{"productId":` + pid + `}`}[v]
			if status, _, body := h.post(t, h.token(t), pactRoot(v)+"/events", ceType, cloudEvent(created[v], "req-a", h.peer.ts.URL, data)); status != 200 {
				t.Fatalf("request: %d %s", status, body)
			}
			if got := h.peer.next(t); !strings.Contains(string(got.body), a) || !strings.Contains(string(got.body), `"requestEventId":"req-a"`) {
				t.Fatalf("answer %s", truncateBody(got.body))
			}
			waitDelivered(t, h, "req-a") // the withdrawal after the answer is recorded delivered

			h.setStatus(t, a, "withdraw")
			mustPublishedEvent(t, h.peer.next(t), v, a)
			h.peer.mustReceiveNothing(t, "a second event")
			other.mustReceiveNothing(t, "a Published event to a host that never received the footprint")
		})
	}
}

// Ensure a partner's certificate changing while nobody received its
// footprint sends nothing: a withdrawal with no answer delivered (the
// peer is allow-listed) posts no event.
func TestPACT_WithdrawalNobodyReceivedSendsNothing(t *testing.T) {
	h := newPACTHost(t)
	h.st.srv.StartPACTOutbox()
	h.setStatus(t, h.certs["A"], "withdraw")
	h.peer.mustReceiveNothing(t, "a Published event for a footprint nobody received")
	due, _, err := h.st.certs.DueAnswers(context.Background(), time.Now().Add(time.Hour), 100)
	if err != nil || len(due) != 0 {
		t.Fatalf("queued %v, %v", due, err)
	}
}

// Ensure a Published event survives a restart: queued by a withdrawal
// while the partner's host is down, retried, then delivered by a new
// server on the same store once the host is back, naming the withdrawn
// footprint only (the answer had carried A, C and D), once.
func TestPACT_PublishedSurvivesRestart(t *testing.T) {
	h := newPACTHost(t)
	id := queuedAnswer(t, h, "req-pub-restart")
	h.peer.next(t)
	waitAnswer(t, h.st, id, pact.AnswerDelivered, 1)

	h.peer.failNext(1 << 30) // the partner's host is down
	h.setStatus(t, h.certs["A"], "withdraw")
	var pub *pact.OutboxAnswer
	for deadline := time.Now().Add(10 * time.Second); pub == nil; time.Sleep(5 * time.Millisecond) {
		due, _, err := h.st.certs.DueAnswers(context.Background(), time.Now().Add(time.Hour), 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range due {
			if a.Attempts >= 2 && pact.EventKind(a.Version, a.Type) == pact.KindPublished {
				pub = a
			}
		}
		if pub == nil && time.Now().After(deadline) {
			t.Fatalf("no Published event attempted twice: %+v", due)
		}
	}
	if !strings.Contains(pub.LastError, "503") || !slices.Equal(pub.PfIDs, []string{h.certs["A"]}) || pub.Target != h.peer.ts.URL {
		t.Fatalf("pending Published event %+v", pub)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := h.st.srv.Close(ctx); err != nil {
		t.Fatal(err)
	}

	h.peer.failNext(0)
	restartPACT(t, h.st.srv)
	if got := mustPublishedEvent(t, h.peer.next(t), 3, h.certs["A"]); got != pub.ID {
		t.Fatalf("event id %s, want the queued %s", got, pub.ID)
	}
	waitAnswer(t, h.st, pub.ID, pact.AnswerDelivered, pub.Attempts+1)
	h.peer.mustReceiveNothing(t, "delivered twice")
}

// Ensure a partner told of a footprint is told when the API key that
// issued its certificate is reported compromised (POST
// /v1/admin/keys/{id}/compromised) as of a time before the issue: the
// PACT API withholds the footprint from then on (GET /3/footprints/A: 200,
// then 403), and the peer that received A in a Fulfilled answer gets a
// Published event naming A, and only A (the key issued the host's other
// certificates too, which the peer never received). Before, the peer got
// nothing (F3a).
func TestPACT_CompromisedIssuingKeyPublished(t *testing.T) {
	h := newPACTHost(t)
	a := h.certs["A"]
	data := `{"productId":` + h.productIDsOf(t, a) + `}`
	if status, _, body := h.post(t, h.token(t), "/3/events", ceType, cloudEvent("org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", "req-kc", h.peer.ts.URL, data)); status != 200 {
		t.Fatalf("request: %d %s", status, body)
	}
	if got := h.peer.next(t); !strings.Contains(string(got.body), a) {
		t.Fatalf("answer %s", truncateBody(got.body))
	}
	waitDelivered(t, h, "req-kc")
	if status, _, body := h.get(t, h.token(t), "/3/footprints/"+a); status != 200 {
		t.Fatalf("before the report: %d %s", status, truncateBody(body))
	}

	issuing := strings.Split(h.st.tokens[asCert], "_")[1]
	since := h.st.clock.Now().Add(-72 * time.Hour).Format(time.RFC3339)
	h.st.mustDo(t, request{method: "POST", target: "/v1/admin/keys/" + issuing + "/compromised", as: asAdmin, contentType: "application/json", body: []byte(`{"since":"` + since + `"}`)})
	if status, _, body := h.get(t, h.token(t), "/3/footprints/"+a); status != 403 {
		t.Fatalf("after the report: %d %s, want 403", status, truncateBody(body))
	}
	mustPublishedEvent(t, h.peer.next(t), 3, a)
	h.peer.mustReceiveNothing(t, "a second event")
}
