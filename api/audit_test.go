package api_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/access"
)

// Ensure GET /v1/audit gives each event's place in the hash chain, from
// which its digest can be recomputed, and GET /v1/audit/head the newest
// event's seq and digest.
func TestAudit_Chain(t *testing.T) {
	st := newSeededStack(t)
	events := MustData[[]access.AuditEvent](t, st.do(t, request{method: "GET", target: "/v1/audit?limit=3", as: asReg}), 200)
	if len(events) != 3 {
		t.Fatalf("%d events", len(events))
	}
	for i, ev := range events {
		if ev.Digest != ev.ChainDigest() || (i > 0 && (events[i-1].Prev != ev.Digest || events[i-1].Seq != ev.Seq+1)) {
			t.Fatalf("event %d of the page does not chain: %+v", i, ev)
		}
	}
	head := MustData[access.AuditHead](t, st.do(t, request{method: "GET", target: "/v1/audit/head", as: asAdmin}), 200)
	if want := (access.AuditHead{Count: events[0].Seq, Digest: events[0].Digest}); head != want {
		t.Fatalf("head %+v, want the newest event's %+v", head, want)
	}
}
