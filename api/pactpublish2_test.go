package api_test

import (
	"strings"
	"testing"
	"time"
)

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
