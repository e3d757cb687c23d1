package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/factordb/factordbtest"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// curatorKey creates, on the database file of m, a curator's key of the
// organisation org and returns its token.
func curatorKey(t *testing.T, m *Main, org string) string {
	t.Helper()
	code, out, errOut := pcf(t, "keys", "create", "--db", m.Config.DBPath, "--org", org, "--role", "curator")
	if code != 0 {
		t.Fatalf("keys create %s: %d %q %q", org, code, out, errOut)
	}
	return lastLine(out)
}

// lastLine returns the last non-empty line of s (where pcf keys create
// prints the token).
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// Ensure the first run writes an admin token to a private file next to the
// database (never printing it), and later runs make no new admin key.
func TestServe_BootstrapAdmin(t *testing.T) {
	m := MustRunMain(t)
	path := m.Config.DBPath + ".admin-token"
	b := footprinttest.ReadFile(t, path)
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("token file mode %v, want 0600", fi.Mode().Perm())
	}
	token := strings.TrimSpace(string(b))
	base := "http://" + m.Server.Addr().String()
	if got, _ := call(t, "GET", base+"/v1/admin/organizations", token, ""); got != 200 {
		t.Fatalf("admin token: status %d", got)
	}
	if got, _ := call(t, "GET", base+"/v1/admin/organizations", token+"x", ""); got != 401 {
		t.Fatalf("tampered token: status %d, want 401", got)
	}

	auth := factordb.NewAuthService(m.DB)
	msg, err := bootstrapAdmin(context.Background(), auth, m.Config.DBPath)
	if err != nil || strings.Contains(msg, token) {
		t.Fatalf("second bootstrap: %q %v", msg, err)
	}
	orgs, err := auth.FindOrganizations(context.Background())
	if err != nil || len(orgs) != 1 || orgs[0].Role != access.RoleAdmin {
		t.Fatalf("orgs after two bootstraps: %+v %v", orgs, err)
	}
}

// Ensure the admin token goes to a file of mode 0600 even when one was
// there already, readable by others (red team 60): a token file left
// beside the database with mode 0644 (made by hand or by a deployment
// tool, or left from a database moved away) took the new admin token and
// kept its mode, the admin's token readable by every local user.
func TestServe_BootstrapAdminTokenFileMadePrivate(t *testing.T) {
	path := t.TempDir() + "/pcf.db"
	db, err := factordb.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := os.WriteFile(adminTokenPath(path), []byte("old token\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(adminTokenPath(path), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := bootstrapAdmin(context.Background(), factordb.NewAuthService(db), path); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(adminTokenPath(path))
	if b, _ := os.ReadFile(adminTokenPath(path)); err != nil || fi.Mode().Perm() != 0o600 || strings.Contains(string(b), "old") {
		t.Fatalf("token file: mode %v (%v), %q; want the new token, mode 0600", fi.Mode().Perm(), err, b)
	}
}

// Ensure "pcf keys create" works while pcf serve holds the database: it goes
// through the running server's admin endpoint with the bootstrap token, and
// the printed token works against that server.
func TestKeys_WhileServing(t *testing.T) {
	m, base := mustServeForCLI(t)

	code, out, errOut := pcf(t, "keys", "create", "--db", m.Config.DBPath, "--org", "Demo Module Co.", "--role", "manufacturer", "--name-zh", "示例组件厂")
	if code != 0 || !strings.Contains(errOut, "in use") {
		t.Fatalf("keys create: %d %q %q", code, out, errOut)
	}
	token := lastLine(out)
	if got, _ := call(t, "GET", base+"/v1/studies", token, ""); got != 200 {
		t.Fatalf("new manufacturer token: status %d", got)
	}
	if got, _ := call(t, "GET", base+"/v1/admin/organizations", token, ""); got != 403 {
		t.Fatalf("manufacturer on admin route: status %d, want 403", got)
	}

	// The same name with another role is refused with the server's reason.
	code, _, errOut = pcf(t, "keys", "create", "--db", m.Config.DBPath, "--org", "Demo Module Co.", "--role", "certifier")
	if code != 1 || !strings.Contains(errOut, "exists with role manufacturer") {
		t.Fatalf("role conflict: %d %q", code, errOut)
	}
	mustRefuseUnprintableName(t, "--db", m.Config.DBPath)
}

// Ensure "pcf keys create --role curator" makes a curators' organisation
// and a key, through the running server's admin endpoint, that curates
// factor sets and is refused the operator's routes (no key for a
// certifier, no backup).
func TestKeys_Curator(t *testing.T) {
	m, base := mustServeForCLI(t)

	code, out, errOut := pcf(t, "keys", "create", "--db", m.Config.DBPath, "--org", "Factor Curation Office", "--role", "curator")
	if code != 0 || !strings.Contains(out, "(curator)") {
		t.Fatalf("keys create: %d %q %q", code, out, errOut)
	}
	token := lastLine(out)
	if got, body := call(t, "POST", base+"/v1/factor-sets", token, `{"version":"2026.2","based_on":"2026.1"}`); got != 201 {
		t.Fatalf("curator creates a draft: status %d %s", got, body)
	}
	for _, r := range []struct{ method, path, body string }{
		{"POST", "/v1/admin/keys", `{"org":"Any Certification Body","role":"certifier"}`},
		{"POST", "/v1/admin/organizations", `{"name":"Any Certification Body","role":"certifier"}`},
		{"POST", "/v1/admin/signing-keys/rotate", ""},
		{"GET", "/v1/admin/backup", ""},
	} {
		if got, body := call(t, r.method, base+r.path, token, r.body); got != 403 || !strings.Contains(string(body), `"forbidden"`) {
			t.Fatalf("curator %s %s: status %d %s, want 403 forbidden", r.method, r.path, got, body)
		}
	}
}

// mustRefuseUnprintableName checks that pcf keys create refuses an
// organisation whose Chinese name has a character the certificate font
// cannot draw (U+20000, CJK Extension B), naming the field, instead of
// creating it and refusing its first certificate.
func mustRefuseUnprintableName(t *testing.T, args ...string) {
	t.Helper()
	args = append([]string{"keys", "create", "--org", "Ext B Works", "--role", "manufacturer", "--name-zh", "\U00020000记组件厂"}, args...)
	if code, _, errOut := pcf(t, args...); code != 1 || !strings.Contains(errOut, "name_zh") || !strings.Contains(errOut, "characters not in the certificate font") {
		t.Fatalf("unprintable name_zh: %d %q", code, errOut)
	}
}

// Ensure "pcf keys create" opens the database directly when no server holds
// it, and the key works once the server starts.
func TestKeys_Local(t *testing.T) {
	db := tempPath(t, "pcf.db")
	if code, _, errOut := pcf(t, "keys", "create", "--db", db, "--org", "SAMR Chengdu", "--role", "regulator"); code != 1 || !strings.Contains(errOut, "pcf serve") {
		t.Fatalf("keys create before the database exists: %d %q", code, errOut)
	}
	if code, _, errOut := pcf(t, "factors", "sets", "--db", db); code != 0 { // creates and seeds it
		t.Fatalf("create db: %s", errOut)
	}
	mustRefuseUnprintableName(t, "--db", db)
	code, out, errOut := pcf(t, "keys", "create", "--db", db, "--org", "SAMR Chengdu", "--role", "regulator")
	if code != 0 || !strings.Contains(out, "shown once") {
		t.Fatalf("keys create: %d %q %q", code, out, errOut)
	}
	token := lastLine(out)

	var stdout bytes.Buffer
	m := NewMain(&stdout, &stdout)
	m.Config.DBPath, m.Config.Addr = db, "127.0.0.1:0"
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if got, _ := call(t, "GET", "http://"+m.Server.Addr().String()+"/v1/audit", token, ""); got != 200 {
		t.Fatalf("regulator token: status %d", got)
	}
}

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

	restored, started := mustStart(t, "--db", out)
	if !strings.Contains(started, "refused (restored_key) until an admin confirms it") || !strings.Contains(started, "pcf keys confirm") {
		t.Errorf("the start on a restored copy does not say keys need confirming: %q", started)
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

	again, started := mustStart(t, "--db", out)
	if !strings.Contains(started, "WARNING: 1 API keys brought back by the last restore are refused") {
		t.Errorf("a later start with a key still waiting does not say so: %q", started)
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

// Ensure "pcf keys compromised ID --since TIME" reports a certifier's API
// key stolen as of TIME through the running server (red team 55, open
// item 4), and pcf verify --server then calls a certificate the key issued
// after TIME NOT VALID, naming the key in both languages, while one it
// issued before stays VALID. Bad input (an unknown key, a time in the
// future, a time that is no RFC 3339 time, no --since) changes nothing:
// the key still works.
func TestKeys_Compromised(t *testing.T) {
	m, base := mustServeForCLI(t)
	maker := orgKey(t, m, demoMaker)
	token, key := mustCertifierKey(t, m)

	study := seedtest.StudyJSON(t, "pv-module")
	a := mustIssue(t, base, token, mustApply(t, base, maker, study, ""), `{"signatory":"Zhang San"}`)
	time.Sleep(10 * time.Millisecond)
	since := time.Now().UTC()
	time.Sleep(10 * time.Millisecond)
	other := bytes.Replace(bytes.Replace(study, []byte(`"model": "DEMO-M10-54"`), []byte(`"model": "DEMO-M10-54K"`), 1), []byte(`"serial": "GEC-DEMO-2025-000001",`), []byte(`"serial": "GEC-DEMO-2025-900001",`), 1)
	other = bytes.Replace(other, []byte(`"serial_last": "GEC-DEMO-2025-001000"`), []byte(`"serial_last": "GEC-DEMO-2025-901000"`), 1)
	b := mustIssue(t, base, token, mustApply(t, base, maker, other, ""), `{"signatory":"Zhang San"}`)
	dir := t.TempDir()
	certA := download(t, base, a, "certificate.pdf", maker, dir)
	certB := download(t, base, b, "certificate.pdf", maker, dir)

	usable := func(when string) {
		t.Helper()
		if status, body := call(t, "GET", base+"/v1/org/keys", token, ""); status != 200 {
			t.Fatalf("%s: the certifier's key answers %d %s, want 200", when, status, body)
		}
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"no-such-key", "--since", since.Format(time.RFC3339Nano)}, `api key "no-such-key" not found`},
		{[]string{key.ID, "--since", time.Now().Add(time.Hour).UTC().Format(time.RFC3339)}, "since"},
		{[]string{key.ID, "--since", "yesterday"}, "--since"},
		{[]string{key.ID}, "--since is required"},
		{[]string{"--since", since.Format(time.RFC3339Nano)}, "want 'pcf keys compromised ID --since TIME'"},
	} {
		args := append([]string{"keys", "compromised", "--db", m.Config.DBPath}, tt.args...)
		if code, out, errOut := pcf(t, args...); code == 0 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%q: exit %d %q %q, want an error naming %q", tt.args, code, out, errOut, tt.want)
		}
		usable(strings.Join(tt.args, " "))
	}
	expectVerify(t, "B before the report", 0, []string{certB, "--server", base}, "VALID 有效")

	code, out, errOut := pcf(t, "keys", "compromised", key.ID, "--since", since.Format(time.RFC3339Nano), "--db", m.Config.DBPath)
	if code != 0 || !strings.Contains(out, "API key "+key.ID) || !strings.Contains(out, "is compromised as of") || !strings.Contains(out, "已报告泄露") {
		t.Fatalf("keys compromised: exit %d %q %q", code, out, errOut)
	}
	if status, _ := call(t, "GET", base+"/v1/org/keys", token, ""); status != 401 {
		t.Errorf("the key after the report: %d, want 401 (revoked)", status)
	}
	keys, err := factordb.NewAuthService(m.DB).OrganizationAPIKeys(context.Background(), demoCertifier.Name)
	if err != nil || len(keys) != 1 || !keys[0].CompromisedSince.Equal(since) || keys[0].RevokedAt.IsZero() {
		t.Errorf("the certifier's keys after the report: %+v %v, want one, revoked, compromised since %s", keys, err, since)
	}
	expectVerify(t, "A, issued before", 0, []string{certA, "--server", base}, "VALID 有效")
	expectVerify(t, "B, issued after", 1, []string{certB, "--server", base}, "GENUINE 真实", "NOT VALID 无效",
		"it was issued with API key "+key.ID+" after the time that key is reported compromised as of", "本证书可能并非由该认证机构签发")
}

// Ensure pcf keys create registers a new certification body's authorised
// signatories and approval scope (red team 68's register, which only the
// API could set): through a running server and on the file alike, the
// organisation is recorded with them.
func TestKeys_CertifierRegister(t *testing.T) {
	want := func(t *testing.T, o *access.Organization) {
		t.Helper()
		if o == nil || !slices.Equal(o.Signatories, []string{"Li Ming", "Wang Fang"}) || !slices.Equal(o.Scope, []string{"pv-module", "electronics"}) {
			t.Fatalf("organisation recorded as %+v, want signatories [Li Ming Wang Fang] and scope [pv-module electronics]", o)
		}
	}
	args := func(db, org string) []string {
		return []string{"keys", "create", "--db", db, "--org", org, "--role", "certifier", "--approval-number", "CNCA-R-2026-101",
			"--signatory", "Li Ming", "--signatory", "Wang Fang", "--scope", "pv-module, electronics"}
	}
	t.Run("WhileServing", func(t *testing.T) {
		m, base := mustServeForCLI(t)
		if code, out, errOut := pcf(t, args(m.Config.DBPath, "Register Test Centre")...); code != 0 {
			t.Fatalf("keys create: %d %q %q", code, out, errOut)
		}
		code, body := call(t, "GET", base+"/v1/admin/organizations", adminToken(m.Config.DBPath), "")
		var resp struct{ Data []*access.Organization }
		if err := json.Unmarshal(body, &resp); code != 200 || err != nil {
			t.Fatalf("organisations: %d %v %s", code, err, body)
		}
		i := slices.IndexFunc(resp.Data, func(o *access.Organization) bool { return o.Name == "Register Test Centre" })
		if i < 0 {
			t.Fatalf("no organisation Register Test Centre in %s", body)
		}
		want(t, resp.Data[i])
	})
	t.Run("OnTheFile", func(t *testing.T) {
		db := tempPath(t, "pcf.db")
		if code, _, errOut := pcf(t, "factors", "sets", "--db", db); code != 0 { // creates and seeds it
			t.Fatalf("create db: %s", errOut)
		}
		if code, out, errOut := pcf(t, args(db, "Register Test Centre")...); code != 0 {
			t.Fatalf("keys create: %d %q %q", code, out, errOut)
		}
		o, err := factordb.NewAuthService(factordbtest.Open(t, db)).FindOrganizationByName(context.Background(), "Register Test Centre")
		if err != nil {
			t.Fatal(err)
		}
		want(t, o)
	})
}

// Ensure a certification body whose names its label could not print whole
// is refused when the operator registers it (exit 1 naming name_zh,
// nothing created), through a running server and on the file alike:
// before, it was registered, and every issue of it was refused.
func TestKeys_CertifierNamesTooLongForTheLabel(t *testing.T) {
	long := strings.Repeat("认证", 100)
	check := func(t *testing.T, db string) {
		t.Helper()
		code, out, errOut := pcf(t, "keys", "create", "--db", db, "--org", "Long Name Centre", "--role", "certifier", "--name-zh", long, "--approval-number", "CNCA-R-2026-101")
		if code != 1 || !strings.Contains(errOut, "name_zh") || !strings.Contains(errOut, "too long for the label") {
			t.Fatalf("keys create with names the label cannot print: %d %q %q", code, out, errOut)
		}
		if code, out, errOut := pcf(t, "keys", "create", "--db", db, "--org", "Long Name Centre", "--role", "certifier", "--name-zh", "长名认证中心", "--approval-number", "CNCA-R-2026-101"); code != 0 {
			t.Fatalf("the same body with a Chinese name that fits: %d %q %q (was the refused one written?)", code, out, errOut)
		}
	}
	t.Run("WhileServing", func(t *testing.T) {
		m, _ := mustServeForCLI(t)
		check(t, m.Config.DBPath)
	})
	t.Run("OnTheFile", func(t *testing.T) {
		db := tempPath(t, "pcf.db")
		if code, _, errOut := pcf(t, "factors", "sets", "--db", db); code != 0 {
			t.Fatalf("create db: %s", errOut)
		}
		check(t, db)
	})
}
