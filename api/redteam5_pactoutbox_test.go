package api_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/pact"
)

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
	h.peer.failNext(0)
	got := waitAnswer(t, h.st, id, pact.AnswerGivenUp, 2)
	if !strings.Contains(got.LastError, a) || !strings.Contains(got.LastError, "no longer shares") {
		t.Errorf("last error %q: want the footprint and the revoked share", got.LastError)
	}
	h.peer.mustReceiveNothing(t, "shared details delivered after the share was revoked")
}
