package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/factordb/factordbtest"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
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
		m, err := runMain(t, io.Discard, io.Discard, "--db", path, "--init")
		if err != nil {
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
	factordbtest.EditFile(t, path, func(tx *bolt.Tx) error { return tx.Bucket([]byte("meta")).Delete([]byte("migration:audit-chain")) })
	// The server recorded its head beside the file (pcf.db.head): it
	// refuses the rewritten trail. Whoever can also remove that record
	// starts it, and only a head recorded elsewhere finds the rewrite.
	refused := NewMain(io.Discard, io.Discard)
	refused.Config.DBPath, refused.Config.Addr = path, "127.0.0.1:0"
	if err := refused.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "the trail was rewritten") {
		t.Fatalf("serve on the rewritten trail: %v, want it refused", err)
	}
	if err := errors.Join(refused.Close(), os.Remove(headPath(path))); err != nil {
		t.Fatal(err)
	}
	m, base = serve()
	t.Cleanup(func() { _ = m.Close() })
	verify(0) // sound in itself
	if _, errOut := verify(1, "--head", recorded[1]); !strings.Contains(errOut, "not "+strings.Split(recorded[1], ":")[1]+" as recorded") {
		t.Fatalf("the rewritten trail passed the recorded head:\n%s", errOut)
	}
}

// On the database file, pcf audit verify also reads the records the trail
// decides: an API key revoked through the service and then un-revoked by
// someone editing the file (no event written, so the chain stays sound)
// is named, where the chain alone passed it.
func TestAudit_VerifyFileRecords(t *testing.T) {
	m, path := initServe(t, io.Discard)
	orgKey(t, m, demoMaker)
	auth := factordb.NewAuthService(m.DB)
	_, key, err := auth.CreateAPIKey(context.Background(), demoMaker.Name)
	if err != nil {
		t.Fatal(err)
	}
	if err := auth.RevokeAPIKey(context.Background(), key.ID); err != nil {
		t.Fatal(err)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := pcf(t, "audit", "verify", "--db", path); code != 0 || !strings.Contains(out, "records checked against the trail") {
		t.Fatalf("a genuine file: exit %d\n%s%s", code, out, errOut)
	}
	factordbtest.EditFile(t, path, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("api_keys"))
		var rec map[string]any
		if err := json.Unmarshal(b.Get([]byte(key.ID)), &rec); err != nil {
			return err
		}
		if rec["revoked_at"] == nil {
			t.Fatalf("test premise: the key record holds no revoked_at: %v", rec)
		}
		delete(rec, "revoked_at")
		v, _ := json.Marshal(rec)
		return b.Put([]byte(key.ID), v)
	})
	code, out, errOut := pcf(t, "audit", "verify", "--db", path)
	if code != 1 || !strings.Contains(errOut, "the chain is sound, the file is not") || !strings.Contains(errOut, key.ID) {
		t.Fatalf("a key un-revoked in the file: exit %d\n%s%s", code, out, errOut)
	}
}

// Ensure pcf audit verify --db leaves the file it checks as it is: it
// opened the file, which migrates it to this program's schema, so that a
// backup verified with a newer program was changed, and could be refused
// by the program that wrote it (red team 66). Here the file lacks one of
// the steps Open takes on a file written before it.
func TestAuditVerify_FileLeftAsItIs(t *testing.T) {
	path := tempPath(t, "pcf.db")
	if code, _, errOut := pcf(t, "factors", "sets", "--db", path); code != 0 {
		t.Fatalf("create the file: %s", errOut)
	}
	marker := []byte("index:application_filters_2")
	factordbtest.EditFile(t, path, func(tx *bolt.Tx) error { return tx.Bucket([]byte("meta")).Delete(marker) })
	factordbtest.ViewFile(t, path, func(tx *bolt.Tx) error { // a file Open would not change tests nothing
		if tx.Bucket([]byte("meta")).Get(marker) != nil {
			return fmt.Errorf("marker %s still in the file", marker)
		}
		return nil
	})
	before := footprinttest.ReadFile(t, path)
	if code, out, errOut := pcf(t, "audit", "verify", "--db", path); code != 0 || !strings.Contains(out, "records checked against the trail") {
		t.Fatalf("verify: exit %d\n%s%s", code, out, errOut)
	}
	if after, err := os.ReadFile(path); err != nil || !bytes.Equal(before, after) {
		t.Fatalf("the file verified was changed (%v): %d bytes before, %d after", err, len(before), len(after))
	}
}
