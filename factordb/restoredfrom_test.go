package factordb_test

import (
	"testing"
	"time"
)

// Ensure RestoredFrom is zero for a database never restored and, once a
// copy is restored and started, the copy's end: after the last certificate
// the copy holds was issued and before the one it lacks, the time the
// restored key is retired at.
func TestDB_RestoredFrom(t *testing.T) {
	ctx, kept, copied, lost := keptCopyLost(t, "RESTORED-FROM")
	src := MustOpenWithOrgs(t)
	if at, err := src.db.RestoredFrom(); err != nil || !at.IsZero() {
		t.Fatalf("RestoredFrom of a database never restored = %v, %v; want zero", at, err)
	}
	r := restoreAt(t, copied, fixedNow.Add(30*24*time.Hour))
	end, err := r.db.RestoredFrom()
	if err != nil {
		t.Fatal(err)
	}
	if end.IsZero() {
		t.Fatal("RestoredFrom of a restored database is zero")
	}
	if issued := kept.Certificate().IssuedAt; issued.After(end) {
		t.Errorf("RestoredFrom = %v, before %v, the issue of a certificate the copy holds", end, issued)
	}
	if issued := lost.Certificate().IssuedAt; !issued.After(end) {
		t.Errorf("RestoredFrom = %v, not before %v, the issue of a certificate the copy lacks", end, issued)
	}
	at, err := r.db.RestoredAt()
	if err != nil || !at.After(end) {
		t.Errorf("RestoredAt = %v (%v), not after RestoredFrom %v", at, err, end)
	}
	pubs, err := r.keys.PublicKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	retired := false
	for _, k := range pubs {
		retired = retired || k.Retired.Equal(end)
	}
	if !retired {
		t.Errorf("no key of %+v is retired at RestoredFrom %v", pubs, end)
	}
}
