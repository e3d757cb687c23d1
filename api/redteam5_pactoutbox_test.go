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
