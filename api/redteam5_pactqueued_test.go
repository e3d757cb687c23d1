package api_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/pact"
)

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
