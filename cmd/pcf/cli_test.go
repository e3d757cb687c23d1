package main

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure pcf --version and pcf version print the version set with
// -ldflags "-X main.version=…", in the built binary.
func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}} {
		if code, out, _ := pcf(t, args...); code != 0 || out != "pcf dev\n" {
			t.Errorf("pcf %v: exit %d %q", args, code, out)
		}
	}
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := tempPath(t, "pcf")
	build := exec.Command("go", "build", "-ldflags", "-X main.version=1.2.3-test", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil || string(out) != "pcf 1.2.3-test\n" {
		t.Fatalf("--version: %q %v", out, err)
	}
	// Exit codes of the real process.
	for args, want := range map[string]int{"backup --help": 0, "factors list -h": 0, "verify --help": 0, "frobnicate": 2} {
		err := exec.Command(bin, strings.Fields(args)...).Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != want {
			t.Errorf("pcf %s: exit %d, want %d", args, code, want)
		}
	}
}

// Ensure the production binary does not link net/http/httptest: the CLI
// talks to servers over HTTP, it runs none in process.
func TestNoHTTPTestInBinary(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if dep == "net/http/httptest" {
			t.Fatal("cmd/pcf depends on net/http/httptest")
		}
	}
}

// Ensure that while pcf serve holds the database the commands find it
// through the address it recorded, without --server: reads, calc, an
// import and publish with the admin token; and that a clean shutdown
// removes the address.
func TestCLI_FindsRunningServer(t *testing.T) {
	m := MustRunMain(t)
	db := m.Config.DBPath
	t.Setenv("PCF_SERVER", "")
	t.Setenv("PCF_ADMIN_TOKEN", "")
	url := "http://" + m.Server.Addr().String()
	if got := readAddr(db); got != url {
		t.Fatalf("%s holds %q, want %q", addrPath(db), got, url)
	}

	code, out, errOut := pcf(t, "factors", "show", "ELEC-CN-SC-CO2-2023", "--db", db)
	if code != 0 || !strings.Contains(out, "0.1564 kgCO2/kWh") || !strings.Contains(errOut, "in use by pcf serve at "+url) {
		t.Fatalf("show: %d %q %q", code, out, errOut)
	}
	code, out, _ = pcf(t, "factors", "list", "--db", db, "--product-code", "8541", "--limit", "2", "--json")
	var page struct {
		Data []struct{ Code string } `json:"data"`
		Meta struct {
			Set        string `json:"set"`
			NextCursor string `json:"next_cursor"`
		} `json:"meta"`
	}
	if err := json.Unmarshal([]byte(out), &page); code != 0 || err != nil || len(page.Data) != 2 || page.Meta.Set != "2026.1" || page.Meta.NextCursor == "" {
		t.Fatalf("list --json: %d %v %s", code, err, out)
	}

	// calc through the server gives the bytes it gives on the file.
	study := seedtest.StudyPath(t, "pv-module")
	code, viaServer, errOut := pcf(t, "calc", study, "--db", db, "--format", "json")
	if code != 0 {
		t.Fatalf("calc: %d %s", code, errOut)
	}
	code, onFile, _ := pcf(t, "calc", study, "--db", tempPath(t, "other.db"), "--format", "json")
	if code != 0 || viaServer != onFile {
		t.Fatalf("calc through the server differs from calc on a file")
	}

	// Writes go through the admin endpoints with the token pcf serve wrote.
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "set.csv")
	if code, _, errOut := pcf(t, "factors", "export", "--db", db, "-o", csvPath); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	code, out, errOut = pcf(t, "factors", "import", csvPath, "--set", "2026.2", "--db", db, "--publish")
	if code != 0 || !strings.Contains(out, "published factor set 2026.2") {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	var set struct {
		Data struct {
			Status      string `json:"status"`
			FactorCount int    `json:"factor_count"`
		} `json:"data"`
	}
	if getJSON(t, url+"/v1/factor-sets/2026.2", &set); set.Data.Status != "published" || set.Data.FactorCount < 100 {
		t.Fatalf("set on the server: %+v", set.Data)
	}
	t.Setenv("PCF_ADMIN_TOKEN", "pcf_0000000000000000_not-a-token")
	if code, _, errOut := pcf(t, "factors", "publish", "2026.2", "--db", db); code != 1 || !strings.Contains(errOut, "invalid or expired credentials") {
		t.Fatalf("publish with a bad token: %d %q", code, errOut)
	}

	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	m.Server, m.DB = nil, nil // closed; the cleanup closes nothing twice
	if _, err := os.Stat(addrPath(db)); !os.IsNotExist(err) {
		t.Fatalf("%s left after a clean shutdown: %v", addrPath(db), err)
	}
	if code, out, _ := pcf(t, "factors", "sets", "--db", db); code != 0 || !strings.Contains(out, "2026.2") {
		t.Fatalf("sets on the file after shutdown: %d %q", code, out)
	}
}

// deadURL returns a loopback URL where nothing listens.
func deadURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ln.Close()
	return url
}

// Ensure an address file left by a killed server does not break the CLI:
// with the file free the command opens it and removes the stale address;
// with the file held and nothing answering, the error says what to do.
func TestCLI_StaleAddress(t *testing.T) {
	t.Setenv("PCF_SERVER", "")
	db := tempPath(t, "pcf.db")
	if code, _, errOut := pcf(t, "factors", "sets", "--db", db); code != 0 {
		t.Fatalf("create: %s", errOut)
	}
	stale := deadURL(t)
	if err := os.WriteFile(addrPath(db), []byte(stale+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := pcf(t, "factors", "sets", "--db", db)
	if code != 0 || !strings.Contains(out, "2026.1") || !strings.Contains(errOut, "removed") {
		t.Fatalf("stale address: %d %q %q", code, out, errOut)
	}
	if _, err := os.Stat(addrPath(db)); !os.IsNotExist(err) {
		t.Fatalf("stale address not removed: %v", err)
	}

	// Held by a process that serves nothing (here: this test).
	if err := os.WriteFile(addrPath(db), []byte(stale+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	holder, err := factordb.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	code, _, errOut = pcf(t, "factors", "sets", "--db", db)
	if code != 1 || !strings.Contains(errOut, "does not answer at "+stale) || !strings.Contains(errOut, "--server URL") {
		t.Fatalf("held, stale address: %d %q", code, errOut)
	}
	if _, err := os.Stat(addrPath(db)); err != nil {
		t.Fatalf("the address of a held database was removed: %v", err)
	}
	os.Remove(addrPath(db))
	code, _, errOut = pcf(t, "keys", "create", "--org", "X", "--db", db)
	if code != 1 || !strings.Contains(errOut, "recorded no address") {
		t.Fatalf("held, no address: %d %q", code, errOut)
	}
	// $PCF_SERVER names the server to ask when none is recorded.
	m := MustRunMain(t)
	t.Setenv("PCF_SERVER", "http://"+m.Server.Addr().String())
	code, out, errOut = pcf(t, "factors", "sets", "--db", db)
	if code != 0 || !strings.Contains(out, "2026.1") || !strings.Contains(errOut, "$PCF_SERVER") {
		t.Fatalf("held, $PCF_SERVER: %d %q %q", code, out, errOut)
	}
}

// Ensure the address of a server listening on all interfaces is recorded
// as loopback, which a client can dial.
func TestWriteAddr_Unspecified(t *testing.T) {
	db := tempPath(t, "pcf.db")
	for _, tt := range []struct{ addr, want string }{
		{"0.0.0.0:8080", "http://127.0.0.1:8080"},
		{"[::]:8080", "http://[::1]:8080"},
		{"192.0.2.7:80", "http://192.0.2.7:80"},
	} {
		a, err := net.ResolveTCPAddr("tcp", tt.addr)
		if err != nil {
			t.Fatal(err)
		}
		got, err := writeAddr(db, a)
		if err != nil || got != tt.want || readAddr(db) != tt.want {
			t.Errorf("writeAddr(%s)=%q %v, file %q; want %q", tt.addr, got, err, readAddr(db), tt.want)
		}
	}
	// Close removes only its own address.
	if err := removeAddr(db, "http://127.0.0.1:1"); err != nil || readAddr(db) == "" {
		t.Fatalf("removed another server's address: %v", err)
	}
}

// Red team 66: the operator's bad day and the insider with a shell.

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
