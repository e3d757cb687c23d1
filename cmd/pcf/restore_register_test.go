package main

import (
	"io"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb/factordbtest"
	bolt "go.etcd.io/bbolt"
)

// Ensure the first start on a restored copy names the certification
// bodies whose register the restore affects: a body without a register in
// the copy, to which the operator gave one after the copy was taken, lost
// it silently and issued unchecked, and nothing told the operator which
// bodies to check. Now the start names each body without a register (the
// copy cannot tell it from one never given any) and each body held until
// its register is stated again; a manufacturer is not named.
func TestServe_RestoreNamesBodiesWithoutARegister(t *testing.T) {
	m, path := initServe(t, io.Discard)
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"--org", "Registered Body", "--role", "certifier", "--signatory", "Wang Li", "--scope", "pv-module"},
		{"--org", "Unregistered Body", "--role", "certifier"},
		{"--org", "Maker Co.", "--role", "manufacturer"},
	} {
		if code, stdout, stderr := pcf(t, append([]string{"keys", "create", "--db", path}, args...)...); code != 0 {
			t.Fatalf("keys create %q: %d %q %q", args, code, stdout, stderr)
		}
	}
	out := tempPath(t, "full.db")
	if code, stdout, stderr := pcf(t, "backup", "--db", path, "-o", out); code != 0 {
		t.Fatalf("backup: %d %q %q", code, stdout, stderr)
	}
	// After the copy, the operator gives the unregistered body a register:
	// the restore drops it.
	if code, stdout, stderr := pcf(t, "orgs", "register", "--db", path, "--org", "Unregistered Body", "--signatory", "Li Si", "--scope", "pv-module"); code != 0 {
		t.Fatalf("orgs register: %d %q %q", code, stdout, stderr)
	}

	_, started := mustStart(t, "--db", out)
	var held, none string
	for line := range strings.Lines(started) {
		switch {
		case strings.Contains(line, "have no register of signatories and scope in the copy"):
			none = line
		case strings.Contains(line, "issue nothing until the operator states it again"):
			held = line
		}
	}
	if !strings.Contains(none, `"Unregistered Body"`) || strings.Contains(none, `"Registered Body"`) || strings.Contains(none, "Maker Co.") || !strings.Contains(none, "没有授权签字人与批准范围登记") {
		t.Errorf("the start on the restored copy does not name the body without a register, in both languages: %q", started)
	}
	if !strings.Contains(held, `"Registered Body"`) || strings.Contains(held, "Unregistered") || strings.Contains(held, "Maker Co.") {
		t.Errorf("the start on the restored copy does not name the body held: %q", started)
	}
}

// Ensure pcf serve refuses to start on a database whose record of its last
// restore does not read (a newer version's record, after a downgrade; a
// file edited or damaged), and says so in both languages, naming the
// record: started, it answered the public verification of every
// certificate it does not hold with a 500 (red team 52's open end), and
// every other reader of the record failed as an internal error.
func TestServe_UnreadableRestoreRecordRefused(t *testing.T) {
	for _, tt := range []struct{ name, record string }{
		{"a newer version's record", `{"v":2,"copy_end":"2026-03-02T08:00:18Z","at":"2026-03-03T09:00:00Z"}`},
		{"not JSON", `{"v":1,"copy_end":`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, path := initServe(t, io.Discard)
			if err := m.Close(); err != nil {
				t.Fatal(err)
			}
			factordbtest.EditFile(t, path, func(tx *bolt.Tx) error { return tx.Bucket([]byte("meta")).Put([]byte("restored"), []byte(tt.record)) })
			_, err := runMain(t, io.Discard, io.Discard, "--db", path)
			if err == nil {
				t.Fatal("pcf serve started on a database whose restore record does not read")
			}
			for _, want := range []string{path, "恢复记录", "the record of its last restore", `meta "restored"`} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("the refusal lacks %q: %v", want, err)
				}
			}
		})
	}
}
