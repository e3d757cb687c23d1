package api_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// switchedKeys is a key service whose published keys a test replaces while
// the server runs (the outbox's worker reads them): nil publishes the
// service's own.
type switchedKeys struct {
	certification.KeyService
	keys atomic.Pointer[[]certification.PublicKey]
}

func (k *switchedKeys) PublicKeys(ctx context.Context) ([]certification.PublicKey, error) {
	if p := k.keys.Load(); p != nil {
		return *p, nil
	}
	return k.KeyService.PublicKeys(ctx)
}

// Ensure a queued PACT answer is not delivered once a certificate it
// carries fails the service's own signature check (red team 52). A
// partner's request was answered into the outbox while its host was down;
// meanwhile the certificate's record came to fail its signature check (its
// record edited in the file, or its key lost: here the published keys are
// another's), so the verification page says "签名未通过验证", the lists and
// single answers withhold it (red team 49); the queued answer, rechecked
// before delivery for status, flags, key alerts and shares, was delivered
// with the footprint Active.
func TestRedteam52_QueuedAnswerNotSentAfterSignatureFails(t *testing.T) {
	h := newPACTHost(t)
	keys := &switchedKeys{KeyService: h.st.srv.KeyService}
	h.st.srv.KeyService = keys
	h.peer.failNext(1 << 30) // the requester's host is down
	id := queuedAnswer(t, h, "req-signature")
	waitAnswer(t, h.st, id, pact.AnswerPending, 1)
	other := []certification.PublicKey{footprinttest.Key(t, "redteam52 other key", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)).PublicKey()}
	keys.keys.Store(&other)
	awaitAttemptAfterChange(t, h, id)
	h.peer.failNext(0) // back
	a := waitAnswer(t, h.st, id, pact.AnswerGivenUp, 2)
	if !strings.Contains(a.LastError, "signature") {
		t.Errorf("last error %q: want the footprint named as failing the signature check", a.LastError)
	}
	h.peer.mustReceiveNothing(t, "a footprint failing its signature check was delivered")
}
