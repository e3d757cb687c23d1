package main

import (
	"context"
	"encoding/json"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb/factordbtest"
	"github.com/chengdu-pcf/pcf/footprint/access"
	bolt "go.etcd.io/bbolt"
)

// Ensure pcf audit verify, through a server with a regulator's key,
// recomputes the chain and prints its head; names the event whose stored
// bytes were edited in the file (exit 1); and, once the whole chain was
// recomputed over the edit (as whoever holds the file can), still finds
// it against a head recorded before: the trail no longer extends it.
func TestAudit_Verify(t *testing.T) {
	path := tempPath(t, "pcf.db")
	serve := func() (*Main, string) {
		m := NewMain(io.Discard, io.Discard)
		m.Config.DBPath, m.Config.Init, m.Config.Addr = path, true, "127.0.0.1:0"
		if err := m.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		return m, "http://" + m.Server.Addr().String()
	}
	m, base := serve()
	t.Setenv("PCF_TOKEN", orgKey(t, m, access.Organization{Name: "Chengdu SAMR", Role: access.RoleRegulator}))
	verify := func(wantCode int, args ...string) (string, string) {
		t.Helper()
		code, out, errOut := pcf(t, append([]string{"audit", "verify", "--server", base}, args...)...)
		if code != wantCode {
			t.Fatalf("pcf audit verify %v: exit %d, want %d\n%s%s", args, code, wantCode, out, errOut)
		}
		return out, errOut
	}
	out, _ := verify(0)
	recorded := regexp.MustCompile(`head (\d+:[0-9a-f]{64})`).FindStringSubmatch(out)
	if recorded == nil || !strings.Contains(out, "audit chain verified") {
		t.Fatalf("no head printed:\n%s", out)
	}
	orgKey(t, m, demoMaker) // the trail grows past the recorded head
	if out, _ := verify(0, "--head", recorded[1]); !strings.Contains(out, "it extends the recorded head "+recorded[1]) {
		t.Fatalf("the grown trail:\n%s", out)
	}
	if code, _, errOut := pcf(t, "audit", "verify", "--server", base, "--head", "0:abc"); code != 2 || !strings.Contains(errOut, "--head") {
		t.Fatalf("a malformed head: exit %d %q", code, errOut)
	}

	// Someone with the file edits event 2 (the server stopped: bbolt
	// holds the file).
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	factordbtest.EditAuditRecord(t, path, 2, func(v []byte) []byte {
		var ev map[string]any
		if err := json.Unmarshal(v, &ev); err != nil {
			t.Fatal(err)
		}
		ev["detail"] = "edited"
		b, _ := json.Marshal(ev)
		return b
	})
	m, base = serve()
	if _, errOut := verify(1); !regexp.MustCompile(`event 2 \(id [0-9a-f-]{36}\) does not match its digest`).MatchString(errOut) {
		t.Fatalf("the edited event not named:\n%s", errOut)
	}

	// And recomputes the chain over it: the migration that chains an
	// earlier file's events, run again.
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(path, 0o600, nil)
	if err == nil {
		err = db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte("meta")).Delete([]byte("migration:audit-chain")) })
		if cerr := db.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	m, base = serve()
	t.Cleanup(func() { _ = m.Close() })
	verify(0) // sound in itself
	if _, errOut := verify(1, "--head", recorded[1]); !strings.Contains(errOut, "not "+strings.Split(recorded[1], ":")[1]+" as recorded") {
		t.Fatalf("the rewritten trail passed the recorded head:\n%s", errOut)
	}
}
