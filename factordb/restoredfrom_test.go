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

// Ensure a second restore keeps the first in the records (red team 52:
// only the last was recorded, and a certificate the first restore lost,
// issued before the second copy's end, read as never issued): the
// restores oldest first, the certificate the first lost issued after the
// first copy's end, and each restore seen in the keys as pcf verify reads
// it: the copied key retired at the copy's end, no key created at that
// second, the next created when the restore started.
func TestDB_RestoredCopies(t *testing.T) {
	ctx, _, copied, lost := keptCopyLost(t, "RESTORED-TWICE")
	r := restoreAt(t, copied, fixedNow.Add(30*24*time.Hour))
	again := restoreAt(t, r.mustCopy(t, ctx, "key-restored-twice").Bytes(), fixedNow.Add(60*24*time.Hour))
	copies, err := again.db.RestoredCopies()
	if err != nil {
		t.Fatal(err)
	}
	first, err := r.db.RestoredCopies()
	if err != nil || len(first) != 1 {
		t.Fatalf("RestoredCopies of the first restore = %v, %v; want one", first, err)
	}
	last, err := again.db.RestoredFrom()
	if err != nil {
		t.Fatal(err)
	}
	if len(copies) != 2 || copies[0] != first[0] || !copies[1].CopyEnd.Equal(last) || !copies[1].CopyEnd.After(copies[0].At) {
		t.Fatalf("RestoredCopies after two restores = %v; want the first %v, then one ending at %v", copies, first, last)
	}
	if issued := lost.Certificate().IssuedAt; !issued.After(copies[0].CopyEnd) || issued.After(last) {
		t.Errorf("the certificate the first restore lost, issued at %v, is not between the first copy's end %v and the second's %v", issued, copies[0].CopyEnd, last)
	}
	pubs, err := again.keys.PublicKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range copies {
		var retired, createdAtEnd, createdAtStart bool
		for _, k := range pubs {
			retired = retired || k.Retired.Equal(c.CopyEnd)
			createdAtEnd = createdAtEnd || k.Created.Truncate(time.Second).Equal(c.CopyEnd.Truncate(time.Second)) && !k.Retired.Equal(c.CopyEnd)
			createdAtStart = createdAtStart || k.Created.Equal(c.At.Truncate(time.Second))
		}
		if !retired || createdAtEnd || !createdAtStart {
			t.Errorf("restore %v: a key retired at its copy's end %v, none created then, the next at its start: %v, %v, %v (keys %+v)", c, c.CopyEnd, retired, !createdAtEnd, createdAtStart, pubs)
		}
	}
}
