package main

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

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

// Ensure pcf serve --tls-self-signed does not go on serving a certificate
// of its own that has expired: the pair is created for a year, and a
// later start took the files as they were, so that after a year every
// HTTPS client (the PACT API's partners) was refused while the start said
// it served HTTPS. It is created again, and the start says so.
func TestRedteam66_SelfSignedCertificateRenewedWhenExpired(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pcf.db")
	now := time.Now()
	if _, _, _, err := selfSignedPair(db, now.AddDate(-1, -1, 0)); err != nil {
		t.Fatal(err)
	}
	certFile, _, msg, err := selfSignedPair(db, now)
	if err != nil {
		t.Fatal(err)
	}
	if c := mustReadCertificate(t, certFile); !now.Before(c.NotAfter) || msg == "" {
		t.Fatalf("self-signed certificate at the next start: valid until %s (now %s), message %q; want a new one, said", c.NotAfter, now, msg)
	}
}

// Ensure the self-signed pair is not written through a link left at the
// certificate's place: a dangling link there had os.WriteFile create the
// file it names, anywhere the server may write (reviewer 44).
func TestSelfSignedPair_CertificateNotWrittenThroughALink(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "pcf.db")
	certFile, _ := tlsFiles(db)
	elsewhere := filepath.Join(dir, "elsewhere", "planted.pem")
	if err := os.Mkdir(filepath.Dir(elsewhere), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, certFile); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := selfSignedPair(db, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(elsewhere); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the certificate was written through the link to %s (%v)", elsewhere, err)
	}
	if fi, err := os.Lstat(certFile); err != nil || fi.Mode()&os.ModeSymlink != 0 {
		t.Fatalf("%s: %v, %v; want a file of its own", certFile, fi.Mode(), err)
	}
	mustReadCertificate(t, certFile)
}

// Ensure pcf serve --tls-cert warns at start of a certificate that has
// expired or expires soon: it served an expired one without a word, the
// start line saying "serving https://…".
func TestRedteam66_ExpiredTLSCertificateWarned(t *testing.T) {
	old := filepath.Join(t.TempDir(), "old.db")
	certFile, keyFile, _, err := selfSignedPair(old, time.Now().AddDate(-1, -1, 0))
	if err != nil {
		t.Fatal(err)
	}
	var out footprinttest.SyncBuffer
	if _, err := runMain(t, &out, io.Discard, "--init", "--db", tempPath(t, "pcf.db"), "--tls-cert", certFile, "--tls-key", keyFile, "--tls-addr", "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); !strings.Contains(s, "WARNING 警告") || !strings.Contains(s, "过期") || !strings.Contains(s, "expired at") {
		t.Fatalf("start-up lines with an expired TLS certificate:\n%s", s)
	}
}

func mustReadCertificate(t *testing.T, path string) *x509.Certificate {
	t.Helper()
	b := footprinttest.ReadFile(t, path)
	block, _ := pem.Decode(b)
	if block == nil {
		t.Fatalf("%s: no PEM block", path)
	}
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Ensure the secrets pcf serve keeps beside the database are their
// owner's only at every start, not at their creation only: an admin token
// file, or a self-signed TLS key, made readable by others afterwards (a
// directory copied or restored without its modes, a deployment tool) was
// used as it was, the start reminding where the admin token is without a
// word of who can read it.
func TestRedteam66_SecretsBesideTheDatabaseMadeTheOwners(t *testing.T) {
	db := tempPath(t, "pcf.db")
	m, err := runMain(t, io.Discard, io.Discard, "--init", "--db", db, "--tls-self-signed", "--tls-addr", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	_, keyFile := tlsFiles(db)
	// The key readable by group and others only: made 0600, not the
	// owner's bits as they were (0000, reviewer 44).
	for f, mode := range map[string]os.FileMode{adminTokenPath(db): 0o644, keyFile: 0o044} {
		if err := os.Chmod(f, mode); err != nil {
			t.Fatal(err)
		}
	}
	var out footprinttest.SyncBuffer
	if _, err := runMain(t, &out, io.Discard, "--db", db, "--tls-self-signed", "--tls-addr", "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{adminTokenPath(db), keyFile} {
		if fi, err := os.Stat(f); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s at the next start: mode %v (%v); want 0600", f, fi.Mode().Perm(), err)
		}
	}
}

// Ensure an empty database file (a copy that failed on a full disk, a
// shell redirection that truncated it) is refused, not taken for a new
// database: bbolt makes a database of a file of 0 bytes, so pcf serve,
// without --init, seeded it, wrote a new admin token over the old one and
// a new audit head over the one recorded, and served with every
// certificate gone, giving their numbers again from CDPCF-…-000001. So
// did any pcf command on the file.
func TestRedteam66_EmptyDatabaseFileRefused(t *testing.T) {
	m := MustRunMain(t)
	path := m.Config.DBPath
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	token := footprinttest.ReadFile(t, adminTokenPath(path))
	head := footprinttest.ReadFile(t, headPath(path))
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--db", path}, {"--db", path, "--init"}} {
		if _, err := runMain(t, io.Discard, io.Discard, args...); err == nil || !strings.Contains(err.Error(), "为空") || !strings.Contains(err.Error(), "is empty (0 bytes)") {
			t.Errorf("serve %q on an empty database file: %v; want it refused, bilingual", args, err)
		}
	}
	if code, _, stderr := pcf(t, "factors", "sets", "--db", path); code == 0 || !strings.Contains(stderr, "is empty (0 bytes)") {
		t.Errorf("pcf factors sets on an empty database file: %d %q; want it refused", code, stderr)
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() != 0 {
		t.Errorf("the empty file was written (%v)", err)
	}
	if b, _ := os.ReadFile(adminTokenPath(path)); string(b) != string(token) {
		t.Error("the admin token file was replaced")
	}
	if b, _ := os.ReadFile(headPath(path)); string(b) != string(head) {
		t.Errorf("the recorded audit head was replaced: %q, was %q", b, head)
	}
}

// Ensure pcf serve warns when the database's directory is writable by
// others: any local user could then put a file of their own in place of
// the database or its recorded audit head, or write the address file the
// pcf commands ask (pcf.db.addr, removed at every clean stop), so that
// the next "pcf keys create" or "pcf backup" sent them the admin token.
// The start said nothing.
func TestRedteam66_DirectoryWritableByOthersWarned(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shared")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	var out footprinttest.SyncBuffer
	if _, err := runMain(t, &out, io.Discard, "--init", "--db", filepath.Join(dir, "pcf.db")); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); !strings.Contains(s, "WARNING 警告") || !strings.Contains(s, "其他用户可写") || !strings.Contains(s, "writable by others") {
		t.Fatalf("start-up lines with the database in a directory writable by others:\n%s", s)
	}
}

// Ensure a command does not send the admin token to whatever answers at
// the address a server that was killed left in DB.addr: any local user
// can listen on that port once the server is gone, and "pcf keys create"
// or "pcf backup" on the stopped server's file sent it the admin token
// (and took its answers for the server's). The address is asked only
// while another process holds the database file.
func TestRedteam66_StaleAddressGetsNoAdminToken(t *testing.T) {
	path := tempPath(t, "pcf.db")
	if code, _, stderr := pcf(t, "factors", "sets", "--db", path); code != 0 {
		t.Fatalf("create: %d %q", code, stderr)
	}
	var mu sync.Mutex
	var seen []string
	insider := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.Path+" "+r.Header.Get("Authorization"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"status":"ok","version":"dev"}`))
	}))
	defer insider.Close()
	// The address the killed server left, where the insider now listens.
	if err := os.WriteFile(addrPath(path), []byte(insider.URL+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	const token = "pcf_00000000000000aa_the-admin-secret"
	t.Setenv("PCF_ADMIN_TOKEN", token)
	t.Setenv("PCF_SERVER", "")
	code, stdout, stderr := pcf(t, "keys", "create", "--db", path, "--org", "Demo Module Co.", "--role", "manufacturer")
	mu.Lock()
	defer mu.Unlock()
	for _, s := range seen {
		if strings.Contains(s, token) {
			t.Fatalf("the admin token went to the address left in %s: %q", addrPath(path), seen)
		}
	}
	if code != 0 || !strings.Contains(stdout, "created API key") {
		t.Fatalf("keys create on the stopped server's file: %d %q %q", code, stdout, stderr)
	}
	if _, err := os.Stat(addrPath(path)); !os.IsNotExist(err) {
		t.Errorf("the stale %s is left (%v)", addrPath(path), err)
	}
}
