package main

import (
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// Ensure a plain copy of the database file (cp, a disk snapshot: no copy
// record) put back in place of the file its server left is restored as a
// copy: the API key revoked after the copy is refused (restored_key), as
// after a restore from pcf backup, where before it worked again (red team
// 36). The server records its audit head beside the file (pcf.db.head);
// a file whose trail has another event at that place is refused.
func TestRedteam36_PlainCopyPutBackRestored(t *testing.T) {
	var out strings.Builder
	m, path := initServe(t, &out)
	if !strings.Contains(out.String(), "audit head ") || !strings.Contains(out.String(), path+".head") {
		t.Errorf("the start does not give the audit head: %q", out.String())
	}
	maker := orgKey(t, m, demoMaker)
	admin := footprinttest.ReadFile(t, path+".admin-token")
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	copied := footprinttest.ReadFile(t, path) // cp pcf.db pcf.db.copy

	m, err := runMain(t, io.Discard, io.Discard, "--db", path)
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + m.Server.Addr().String()
	id := strings.Split(maker, "_")[1]
	if code, body := call(t, "DELETE", base+"/v1/admin/keys/"+id, strings.TrimSpace(string(admin)), ""); code != 204 {
		t.Fatalf("revoke: %d %s", code, body)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}

	if err := os.WriteFile(path, copied, 0o600); err != nil { // cp pcf.db.copy pcf.db
		t.Fatal(err)
	}
	out.Reset()
	m, err = runMain(t, &out, io.Discard, "--db", path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "WARNING: this database is restored from a full copy taken at ") || !strings.Contains(out.String(), "not made by pcf backup") {
		t.Errorf("the start on the file put back does not say it is restored: %q", out.String())
	}
	base = "http://" + m.Server.Addr().String()
	if code, body := call(t, "GET", base+"/v1/products", maker, ""); code != 401 || !strings.Contains(string(body), `"restored_key"`) {
		t.Errorf("the key revoked after the copy: %d %s, want 401 restored_key", code, body)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	// A record left half written (a crash as it was renamed) is warned
	// of and not compared.
	if err := os.WriteFile(path+".head", []byte("12:"), 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if m, err = runMain(t, &out, io.Discard, "--db", path); err != nil || !strings.Contains(out.String(), "does not hold an audit head") {
		t.Fatalf("start with an unreadable head record: %v %q", err, out.String())
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	checkRewrittenTrailRefused(t, path, "a trail rewritten at the recorded head")
}

// Ensure a start whose clock reads before the database's restore and its
// last audit event says so: a clock set forward at the restore (then set
// right) made every confirmation of a key or certificate count for
// nothing, silently (red team 36).
func TestRedteam36_ClockBeforeTheRestoreWarned(t *testing.T) {
	t.Setenv("PCF_SERVER", "")
	ctx := t.Context()
	forward := func() time.Time { return time.Now().AddDate(1, 0, 0) }
	path, copied := tempPath(t, "pcf.db"), tempPath(t, "copy.db")
	db, _, err := openSeeded(ctx, path) // as pcf serve --init
	if err != nil {
		t.Fatal(err)
	}
	db.Now = forward
	if _, err := factordb.NewKeyService(db).ActiveSigningKey(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FullBackupToFile(ctx, copied); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if db, err = factordb.Open(copied); err != nil {
		t.Fatal(err)
	}
	db.Now = forward // the restore's first start, the clock a year ahead
	if _, err := factordb.NewKeyService(db).ActiveSigningKey(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if _, err := runMain(t, &out, io.Discard, "--db", copied); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"before the time this database's restore is recorded at", "before the last audit event"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the start does not warn %q: %q", want, out.String())
		}
	}
}

// Ensure a new database started in place of one moved away is not read as
// an older copy of it: the head its server left beside the path was
// compared with the new file's trail, so that `mv pcf.db old.db; pcf serve
// --init` started a fresh service as a restored copy, its signing key
// replaced and the start telling the operator that certificates were lost.
func TestRecordedHead_NewDatabaseInPlaceOfAMovedOne(t *testing.T) {
	m, path := initServe(t, io.Discard)
	orgKey(t, m, demoMaker) // events the new file's trail will not have
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	old := footprinttest.ReadFile(t, path+".head")
	if err := os.Rename(path, path+".old"); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(path + ".admin-token"); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	m, err := runMain(t, &out, io.Discard, "--db", path, "--init")
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if strings.Contains(out.String(), "restored") || !strings.Contains(out.String(), "whose head replaces it") {
		t.Errorf("the start of a new database beside an old head: %q", out.String())
	}
	if restored, err := m.DB.RestoredCopy(); err != nil || restored != "" {
		t.Errorf("the new database is a restored copy: %q %v", restored, err)
	}
	if now, err := os.ReadFile(path + ".head"); err != nil || string(now) == string(old) {
		t.Errorf("the old head is kept: %q %v", now, err)
	}
}

// Ensure a copy pcf backup took through the server, put in place of the
// file just after (nothing recorded since), is restored as a copy and not
// refused as a rewritten trail: the copy's own last event (markCopy, "this
// database is that copy") and the server's record of the download
// (AuditDatabaseBackup with its SHA-256) both have the place after the
// copied trail, so that event N of the head the server left differs from
// the copy's without anything rewritten. The start refused it ("the trail
// was rewritten"), found walking the README's backup and restore.
func TestRecordedHead_BackupRestoredRightAfter(t *testing.T) {
	m, path := initServe(t, io.Discard)
	admin := footprinttest.ReadFile(t, path+".admin-token")
	t.Setenv("PCF_SERVER", "http://"+m.Server.Addr().String())
	t.Setenv("PCF_ADMIN_TOKEN", strings.TrimSpace(string(admin)))
	bak := tempPath(t, "backup.db")
	if code, stdout, stderr := pcf(t, "backup", "--db", path, "-o", bak); code != 0 {
		t.Fatalf("backup: %d %q %q", code, stdout, stderr)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	copied := footprinttest.ReadFile(t, bak)
	if err := os.WriteFile(path, copied, 0o600); err != nil { // cp backup.db pcf.db
		t.Fatal(err)
	}
	t.Setenv("PCF_SERVER", "")
	m, out := mustStart(t, "--db", path)
	if !strings.Contains(out, "WARNING: this database is restored from a copy without private keys taken at ") {
		t.Errorf("the start on the backup does not say it is restored: %q", out)
	}
	// A trail rewritten before the copy's own event is still refused.
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, copied, 0o600); err != nil {
		t.Fatal(err)
	}
	checkRewrittenTrailRefused(t, path, "a copy rewritten before its own event")
}

// initServe starts pcf serve --init on a new database file, with no
// $PCF_SERVER, stopping it when the test ends; it returns the server and
// the file's path.
func initServe(t *testing.T, stdout io.Writer) (*Main, string) {
	t.Helper()
	t.Setenv("PCF_SERVER", "")
	path := tempPath(t, "pcf.db")
	m, err := runMain(t, stdout, io.Discard, "--db", path, "--init")
	if err != nil {
		t.Fatal(err)
	}
	return m, path
}

// checkRewrittenTrailRefused records beside the database at path a head
// whose first event is not the trail's, and requires a start on it to be
// refused as a rewritten trail; what names the case.
func checkRewrittenTrailRefused(t *testing.T, path, what string) {
	t.Helper()
	if err := os.WriteFile(path+".head", []byte("1:"+strings.Repeat("0", 64)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := runMain(t, io.Discard, io.Discard, "--db", path); err == nil || !strings.Contains(err.Error(), "the trail was rewritten") {
		t.Errorf("start on %s: %v, want it refused", what, err)
	}
}

// Ensure a running server says in its log when recording its audit head
// fails, once, and once when it works again: a full disk or a read-only
// directory left the head a later start judges a restore by stale, with
// nothing said (red team 66). Here the head's path is made a directory.
func TestHeadRecorder_FailureLogged(t *testing.T) {
	defer func(d time.Duration) { headInterval = d }(headInterval)
	headInterval = 5 * time.Millisecond
	var log footprinttest.SyncBuffer
	m, path := initServe(t, io.Discard)
	orgKey(t, m, demoMaker) // a trail to record
	m.heads.Close()
	heads, _, err := startHeadRecorder(m.DB, path, slog.New(slog.NewTextHandler(&log, nil)))
	if err != nil {
		t.Fatal(err)
	}
	m.heads = nil
	defer m.Close()
	head := path + ".head"
	// The recorder, every 5 ms, may write the file again between the
	// removal and the directory (seen under -race): until the directory
	// stands where the file was.
	for i := 0; ; i++ {
		if err := os.Remove(head); err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
		err := os.Mkdir(head, 0o700)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) || i == 100 {
			t.Fatal(err)
		}
	}
	waitFor := func(what string) {
		t.Helper()
		for i := 0; i < 400 && !strings.Contains(log.String(), what); i++ {
			time.Sleep(5 * time.Millisecond)
		}
		if !strings.Contains(log.String(), what) {
			t.Fatalf("the log does not say %q: %q", what, log.String())
		}
	}
	waitFor("record the audit head")
	if err := os.Remove(head); err != nil {
		t.Fatal(err)
	}
	waitFor("audit head recorded again")
	if err := heads.Close(); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(log.String(), "record the audit head"); n != 1 {
		t.Errorf("the failure is logged %d times, want once:\n%s", n, log.String())
	}
}
