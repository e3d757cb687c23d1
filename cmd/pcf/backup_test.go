package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// Ensure "pcf backup" takes a hot backup while pcf serve holds the
// database, through the admin endpoint, and that the copy opens, holds
// the seeded set, and serves with a new signing key (it has no private key).
func TestBackup_WhileServing(t *testing.T) {
	m, _ := mustServeForCLI(t)
	out := tempPath(t, "backup.db")
	code, stdout, stderr := pcf(t, "backup", "--db", m.Config.DBPath, "-o", out)
	if code != 0 || !strings.Contains(stderr, "in use") || !strings.Contains(stdout, "from http://") {
		t.Fatalf("backup: %d %q %q", code, stdout, stderr)
	}
	if code, sets, _ := pcf(t, "factors", "sets", "--db", out); code != 0 || !strings.Contains(sets, "2026.1") {
		t.Fatalf("backup copy: %d %q", code, sets)
	}
	// The copy has no private signing key; pcf serve starts on it,
	// publishing the copied key retired and a new one to sign with.
	if !strings.Contains(stdout, "without private signing keys") {
		t.Fatalf("backup output does not say the keys are left out: %q", stdout)
	}
	restored, err := runMain(t, io.Discard, io.Discard, "--db", out)
	if err != nil {
		t.Fatalf("serve on the restored copy: %v", err)
	}
	if code, keys := call(t, "GET", "http://"+restored.Server.Addr().String()+"/v1/keys", "", ""); code != 200 || strings.Count(string(keys), `"retired"`) != 1 {
		t.Fatalf("keys of the restored server: %d %s", code, keys)
	}

	// Without the admin token the server refuses and no file is left.
	t.Setenv("PCF_ADMIN_TOKEN", "pcf_0000000000000000_not-a-token")
	bad := tempPath(t, "bad.db")
	if code, _, stderr := pcf(t, "backup", "--db", m.Config.DBPath, "-o", bad); code != 1 || !strings.Contains(stderr, "401") {
		t.Fatalf("backup with a bad token: %d %q", code, stderr)
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Fatalf("a refused backup left %s", bad)
	}
}

// failingBackup announces a size, writes part of it and fails, as a disk
// error in the middle of the copy would.
type failingBackup struct{}

func (failingBackup) BackupWithoutSeeds(_ context.Context, w io.Writer, start func(int64) error) (int64, error) {
	if err := start(1 << 20); err != nil {
		return 0, err
	}
	n, _ := w.Write(make([]byte, 4096))
	return int64(n), errors.New("disk error")
}

// Ensure a backup that fails half way is never taken for a complete copy:
// the server cuts the connection and the CLI leaves no file.
func TestBackup_ErrCutShort(t *testing.T) {
	m := MustRunMain(t)
	m.Server.Backup = failingBackup{}
	token := footprinttest.ReadFile(t, m.Config.DBPath+".admin-token")
	out := tempPath(t, "backup.db")
	err := backupRemote(context.Background(), "http://"+m.Server.Addr().String(), strings.TrimSpace(string(token)), out, io.Discard)
	if err == nil {
		t.Fatal("a cut-short backup was reported as written")
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("a failed backup left %s", out)
	}
	if _, err := os.Stat(out + ".tmp"); !os.IsNotExist(err) {
		t.Fatalf("a failed backup left %s.tmp", out)
	}
}

// Ensure the copy "pcf backup" writes is its owner's only even when a
// FILE.tmp readable by others was there (red team 60): it is opened with
// O_TRUNC, which keeps the mode of a file that exists, and was renamed
// into place 0644; the check's Open now makes it 0600.
func TestBackup_CopyIsTheOwners(t *testing.T) {
	m, _ := mustServeForCLI(t)
	out := tempPath(t, "backup.db")
	if err := os.WriteFile(out+".tmp", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(out+".tmp", 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stdout, stderr := pcf(t, "backup", "--db", m.Config.DBPath, "-o", out); code != 0 {
		t.Fatalf("backup: %d %q %q", code, stdout, stderr)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup copy: %v, mode %v; want 0600", err, fi.Mode().Perm())
	}
}

// Red team 66: the operator's bad day and the insider with a shell.

// Ensure "pcf backup -o FILE" through a running server writes its copy to
// a new file of its own, never through whatever FILE.tmp already is: a
// symbolic link planted there (another local user's, in a shared
// directory) had the copy, every organisation's data and hashed
// credentials, written into the file it led to, which its owner reads,
// and FILE was then that link.
func TestRedteam66_BackupTmpFileNotFollowed(t *testing.T) {
	m, _ := mustServeForCLI(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "backup.db")
	elsewhere := filepath.Join(t.TempDir(), "insiders-file")
	if err := os.WriteFile(elsewhere, nil, 0o666); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, out+".tmp"); err != nil {
		t.Fatal(err)
	}
	if code, stdout, stderr := pcf(t, "backup", "--db", m.Config.DBPath, "-o", out); code != 0 {
		t.Fatalf("backup: %d %q %q", code, stdout, stderr)
	}
	if b, err := os.ReadFile(elsewhere); err != nil || len(b) != 0 {
		t.Fatalf("the file FILE.tmp led to holds %d bytes of the copy (%v); want it untouched", len(b), err)
	}
	fi, err := os.Lstat(out)
	if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup copy: %v, mode %v; want a regular file of mode 0600", err, fi.Mode())
	}
}

// Ensure "pcf backup -o FILE" refuses FILE when it is the database itself:
// through a running server, the copy was renamed over the file the server
// held, which went on writing into the old, unlinked one; everything it
// recorded after the backup (certificates issued, keys revoked) was gone
// at its next start. On the file, with the server stopped, the database
// was replaced by a copy of itself marked as a restored one.
func TestRedteam66_BackupOverTheDatabaseRefused(t *testing.T) {
	m, _ := mustServeForCLI(t)
	before, err := os.Stat(m.Config.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "same.db") // the same file under another name
	if err := os.Link(m.Config.DBPath, link); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{m.Config.DBPath, link} {
		code, stdout, stderr := pcf(t, "backup", "--db", m.Config.DBPath, "-o", out)
		if code == 0 || !strings.Contains(stderr, "数据库文件本身") || !strings.Contains(stderr, "is the database itself") {
			t.Fatalf("backup -o %s: %d %q %q; want it refused, naming the database", out, code, stdout, stderr)
		}
		if after, err := os.Stat(m.Config.DBPath); err != nil || !os.SameFile(before, after) {
			t.Fatalf("backup -o %s replaced the database the server holds (%v)", out, err)
		}
	}

	// On the file, with no server.
	path := tempPath(t, "pcf.db")
	if code, _, stderr := pcf(t, "factors", "sets", "--db", path); code != 0 {
		t.Fatalf("create: %d %q", code, stderr)
	}
	before, err = os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if code, stdout, stderr := pcf(t, "backup", "--db", path, "-o", path); code == 0 || !strings.Contains(stderr, "is the database itself") {
		t.Fatalf("backup -o the database file: %d %q %q; want it refused", code, stdout, stderr)
	}
	if after, err := os.Stat(path); err != nil || !os.SameFile(before, after) {
		t.Fatalf("backup -o the database file replaced it (%v)", err)
	}
}
