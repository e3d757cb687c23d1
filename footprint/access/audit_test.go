package access_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/google/uuid"
)

// auditVector is two events of a chain whose digests were computed from
// the documented encoding by an independent program (a dozen lines of
// Python: hashlib, struct.pack(">Q", …)), not by ChainDigest.
func auditVector() []*access.AuditEvent {
	return []*access.AuditEvent{
		{
			ID: uuid.MustParse("0b8e2f5a-3c4d-4e6f-8a9b-0c1d2e3f4a5b"), At: time.Date(2026, 3, 2, 8, 0, 9, 0, time.UTC),
			Actor: "Demo Certification Centre", Role: access.RoleCertifier, KeyID: "9a1b2c3d4e5f6a7b",
			Action: access.AuditCertificateIssue, Subject: "certificate/7c4154bc-0a1b-4c2d-8e3f-405162738495", Detail: "number CDPCF-2026-000001",
			Seq: 1, Prev: access.AuditGenesis, Digest: "d8a7af1b7e26a2e5b6a3bea7ba8a31b0a3022a22c9202b3f1357e18577730afa",
		},
		{
			ID: uuid.MustParse("5d2c8a0e-1f3b-4a6c-9d8e-7f6a5b4c3d2e"), At: time.Date(2026, 3, 2, 16, 0, 10, 250e6, time.FixedZone("CST", 8*3600)),
			Actor: "system", Action: access.AuditCertificateWithdraw, Subject: "certificate/7c4154bc-0a1b-4c2d-8e3f-405162738495", Detail: "撤销 withdrawn",
			Seq: 2, Prev: "d8a7af1b7e26a2e5b6a3bea7ba8a31b0a3022a22c9202b3f1357e18577730afa", Digest: "a6e5ac58bbe9caaea922848ebae39ce9b0d213f57bf4a0deb9b9203b26be33e7",
		},
	}
}

// Ensure ChainDigest is the documented encoding (an independent
// program's digests, the time in UTC with its fraction) and that
// AuditChain names the first event whose place, link or content is not
// what the chain says.
func TestAuditChain(t *testing.T) {
	for _, ev := range auditVector() {
		if got := ev.ChainDigest(); got != ev.Digest {
			t.Errorf("event %d: ChainDigest %s, want %s", ev.Seq, got, ev.Digest)
		}
	}
	for _, tt := range []struct {
		name   string
		tamper func(evs []*access.AuditEvent) []*access.AuditEvent
		want   string // "" for a sound chain
	}{
		{"OK", func(evs []*access.AuditEvent) []*access.AuditEvent { return evs }, ""},
		{"ErrEdited", func(evs []*access.AuditEvent) []*access.AuditEvent {
			evs[0].Detail = "number CDPCF-2026-000002"
			return evs
		}, "event 1 (id 0b8e2f5a-3c4d-4e6f-8a9b-0c1d2e3f4a5b) does not match its digest"},
		{"ErrRechained", func(evs []*access.AuditEvent) []*access.AuditEvent {
			evs[0].Detail = "number CDPCF-2026-000002"
			evs[0].Digest = evs[0].ChainDigest()
			return evs
		}, "event 2 (id 5d2c8a0e-1f3b-4a6c-9d8e-7f6a5b4c3d2e) does not link to event 1"},
		{"ErrRemoved", func(evs []*access.AuditEvent) []*access.AuditEvent { return evs[1:] }, "event 2 (id 5d2c8a0e-1f3b-4a6c-9d8e-7f6a5b4c3d2e) follows event 0: event 1 is missing"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			chain := access.AuditChain{Head: access.AuditHead{Digest: access.AuditGenesis}}
			var err error
			for _, ev := range tt.tamper(auditVector()) {
				if err = chain.Add(ev); err != nil {
					break
				}
			}
			switch {
			case tt.want == "" && (err != nil || chain.Head != access.AuditHead{Count: 2, Digest: auditVector()[1].Digest}):
				t.Fatalf("sound chain: %v, head %+v", err, chain.Head)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("got %v, want an error saying %q", err, tt.want)
			}
		})
	}
}
