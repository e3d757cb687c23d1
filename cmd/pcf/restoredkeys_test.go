package main

import (
	"io"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/access"
)

// Ensure a backup restored and served does not take back an API key
// revoked after the copy (docs/integrity.md: "a restore brings back revoked
// API keys"): pcf serve warns that keys need confirming; every key the copy
// holds, the admin's too, answers 401 restored_key; pcf keys restored
// through the server says to use the file; on the file the operator lists
// the keys and confirms the admin's, after which the admin works again and
// the key revoked after the copy, revoked again, stays out. Before, the
// revoked key read as its organisation at once.
func TestRedteam29_RestoredKeysConfirmedFromTheCommandLine(t *testing.T) {
	m := MustRunMain(t)
	base := "http://" + m.Server.Addr().String()
	t.Setenv("PCF_SERVER", "")
	t.Setenv("PCF_ADMIN_TOKEN", "")
	adminTok := adminToken(m.Config.DBPath) // the file pcf serve wrote
	if adminTok == "" {
		t.Fatal("no admin token")
	}
	t.Setenv("PCF_ADMIN_TOKEN", adminTok)
	leaked := orgKey(t, m, access.Organization{Name: "Leaky Maker", Role: access.RoleManufacturer})
	leakedID := strings.Split(leaked, "_")[1]
	out := tempPath(t, "backup.db")
	if code, stdout, stderr := pcf(t, "backup", "--db", m.Config.DBPath, "-o", out); code != 0 {
		t.Fatalf("backup: %d %q %q", code, stdout, stderr)
	}
	if code, body := call(t, "DELETE", base+"/v1/admin/keys/"+leakedID, adminTok, ""); code != 204 {
		t.Fatalf("revoke after the copy: %d %s", code, body)
	}

	var started strings.Builder
	restored, err := runMain(t, &started, io.Discard, "--db", out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(started.String(), "refused (restored_key) until an admin confirms it") || !strings.Contains(started.String(), "pcf keys confirm") {
		t.Errorf("the start on a restored copy does not say keys need confirming: %q", started.String())
	}
	rbase := "http://" + restored.Server.Addr().String()
	for name, token := range map[string]string{"revoked after the copy": leaked, "admin": adminTok} {
		if code, body := call(t, "GET", rbase+"/v1/admin/organizations", token, ""); code != 401 || !strings.Contains(string(body), `"restored_key"`) {
			t.Errorf("%s key on the restored server: %d %s, want 401 restored_key", name, code, body)
		}
	}
	// Through the server, the admin token is refused too: the CLI says to
	// stop it and use the file.
	if code, _, stderr := pcf(t, "keys", "restored", "--db", out, "--server", rbase); code != 1 || !strings.Contains(stderr, "stop pcf serve") {
		t.Errorf("pcf keys restored through the server: %d %q", code, stderr)
	}
	if err := restored.Close(); err != nil {
		t.Fatal(err)
	}

	// On the file: the list, then the admin's key.
	code, list, stderr := pcf(t, "keys", "restored", "--db", out)
	if code != 0 || !strings.Contains(list, leakedID+"\tLeaky Maker\tmanufacturer\tcreated ") || !strings.Contains(list, "\tadmin\tadmin\t") {
		t.Fatalf("pcf keys restored: %d %q %q", code, list, stderr)
	}
	if code, _, stderr := pcf(t, "keys", "confirm", "--db", out, "--all"); code != 2 || !strings.Contains(stderr, "--reason") {
		t.Errorf("pcf keys confirm --all without a reason: %d %q", code, stderr)
	}
	adminID := strings.Split(adminTok, "_")[1]
	if code, stdout, stderr := pcf(t, "keys", "confirm", "--db", out, adminID); code != 0 || !strings.Contains(stdout, "1 API keys confirmed") {
		t.Fatalf("pcf keys confirm %s: %d %q %q", adminID, code, stdout, stderr)
	}

	started.Reset()
	again, err := runMain(t, &started, io.Discard, "--db", out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(started.String(), "WARNING: 1 API keys brought back by the last restore are refused") {
		t.Errorf("a later start with a key still waiting does not say so: %q", started.String())
	}
	abase := "http://" + again.Server.Addr().String()
	if code, body := call(t, "GET", abase+"/v1/admin/keys/restored", adminTok, ""); code != 200 || !strings.Contains(string(body), leakedID) {
		t.Fatalf("the confirmed admin's list: %d %s", code, body)
	}
	if code, body := call(t, "DELETE", abase+"/v1/admin/keys/"+leakedID, adminTok, ""); code != 204 {
		t.Fatalf("revoke again: %d %s", code, body)
	}
	if code, _, stderr := pcf(t, "keys", "confirm", "--db", out, "--server", abase, "--all", "--reason", "checked against the revocation log"); code != 0 {
		t.Fatalf("pcf keys confirm --all through the server: %d %q", code, stderr)
	}
	if code, body := call(t, "GET", abase+"/v1/products", leaked, ""); code != 401 || !strings.Contains(string(body), `"unauthorized"`) {
		t.Errorf("the key revoked after the copy, revoked again: %d %s, want 401 unauthorized", code, body)
	}
}
