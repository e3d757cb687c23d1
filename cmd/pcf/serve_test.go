package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb/factordbtest"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/labels"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
	bolt "go.etcd.io/bbolt"
)

// mustNotExist fails the test for each of paths that exists.
func mustNotExist(t *testing.T, paths ...string) {
	t.Helper()
	for _, p := range paths {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s exists (%v)", p, err)
		}
	}
}

// Ensure a --db path that does not exist is an error naming the path and
// --init, and creates nothing: a mistyped path never serves a fresh
// database.
func TestServe_ErrMissingDatabase(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "pfc.db") // a typo of pcf.db
	code, _, stderr := pcf(t, "serve", "--addr", "127.0.0.1:0", "--db", path)
	if code != 1 || !strings.Contains(stderr, path) || !strings.Contains(stderr, "--init") {
		t.Fatalf("exit %d, stderr %q: want 1, naming %s and --init", code, stderr, path)
	}
	mustNotExist(t, path, path+".admin-token")

	// The default path outside an empty directory is refused too.
	t.Chdir(dir)
	t.Setenv("PCF_DB", "")
	if code, _, stderr := pcf(t, "serve", "--addr", "127.0.0.1:0"); code != 1 || !strings.Contains(stderr, "--init") {
		t.Fatalf("default path in a non-empty directory: exit %d %q", code, stderr)
	}
	mustNotExist(t, filepath.Join(dir, "pcf.db"))
}

// Ensure --init creates and seeds a missing database, and the start-up
// lines name the served file, and every other file they name, by its
// absolute path: a relative --db gave "recorded in data/pcf.db.head"
// beside "(database /abs/data/pcf.db)", and an operator who noted the line
// could not tell later which directory it meant.
func TestServe_Init(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	var out footprinttest.SyncBuffer
	m, err := runMain(t, &out, io.Discard, "--init", "--db", "data/pcf.db")
	if err != nil {
		t.Fatal(err)
	}
	abs := filepath.Join(dir, "data", "pcf.db")
	if !strings.Contains(out.String(), "created "+abs) || !strings.Contains(out.String(), "(database "+abs+")") {
		t.Fatalf("start-up lines do not name %s:\n%s", abs, out.String())
	}
	// The first line says what was created before what was seeded in it.
	if first, _, _ := strings.Cut(out.String(), "\n"); !strings.HasPrefix(first, "created "+abs+" and seeded factor set 2026.1") || !strings.Contains(first, "; seeded factor set CPCD-2026.03") {
		t.Errorf("first line: %q", first)
	}
	for _, want := range []string{"(database " + abs + ")", "is in " + abs + ".admin-token", "recorded in " + abs + ".head"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("start-up lines lack %q:\n%s", want, out.String())
		}
	}
	m.Close()

	// A second start of the same file needs no --init.
	out = footprinttest.SyncBuffer{}
	if _, err := runMain(t, &out, io.Discard, "--db", "data/pcf.db"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "created") || !strings.Contains(out.String(), "(database "+abs+")") {
		t.Fatalf("second start:\n%s", out.String())
	}
	for _, want := range []string{"admin token: " + abs + ".admin-token", "recorded in " + abs + ".head"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("second start lacks %q:\n%s", want, out.String())
		}
	}
}

// Ensure the first run in an empty directory, with the default path,
// creates the database without --init.
func TestServe_FirstRunInEmptyDirectory(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("PCF_DB", "")
	var out footprinttest.SyncBuffer
	if _, err := runMain(t, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "created "+filepath.Join(dir, "pcf.db")) {
		t.Fatalf("first run:\n%s", out.String())
	}
}

// Ensure a serve that cannot bind its port fails before it creates the
// database or the admin token.
func TestServe_BindFirst(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	path := tempPath(t, "pcf.db")
	code, _, stderr := pcf(t, "serve", "--init", "--db", path, "--addr", busy.Addr().String())
	if code != 1 || !strings.Contains(stderr, "listen") {
		t.Fatalf("exit %d %q, want a listen error", code, stderr)
	}
	mustNotExist(t, path, path+".admin-token")
}

// Ensure the operator flags reach the server: JSON logs, trusted proxies
// (the logged client is the forwarded address), connection limits; and
// that bad values are usage errors naming the flag.
func TestServe_OperatorFlags(t *testing.T) {
	var logs footprinttest.SyncBuffer
	m, err := runMain(t, io.Discard, &logs, "--init", "--db", tempPath(t, "pcf.db"),
		"--log-format", "json", "--trusted-proxies", "127.0.0.1, 10.0.0.0/8",
		"--read-header-timeout", "3s", "--read-timeout", "4s", "--write-timeout", "5s", "--idle-timeout", "6s", "--max-header-bytes", "7000",
		"--pact-recheck-interval", "36h")
	if err != nil {
		t.Fatal(err)
	}
	s := m.Server
	if s.ReadHeaderTimeout != 3*time.Second || s.ReadTimeout != 4*time.Second || s.WriteTimeout != 5*time.Second ||
		s.IdleTimeout != 6*time.Second || s.MaxHeaderBytes != 7000 {
		t.Fatalf("limits not applied: %v %v %v %v %d", s.ReadHeaderTimeout, s.ReadTimeout, s.WriteTimeout, s.IdleTimeout, s.MaxHeaderBytes)
	}
	if m.Config.PACTRecheckInterval != 36*time.Hour {
		t.Fatalf("--pact-recheck-interval 36h: %v", m.Config.PACTRecheckInterval)
	}
	req, _ := http.NewRequest("GET", "http://"+s.Addr().String()+"/v1/factors?code=X", nil)
	req.Header.Set("X-Forwarded-For", "203.0.113.9")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Fatalf("unknown parameter: status %d", resp.StatusCode)
	}
	m.Close() // flush: every request is logged before Close returns
	var found bool
	sc := bufio.NewScanner(strings.NewReader(logs.String()))
	for sc.Scan() {
		var l struct {
			Msg       string `json:"msg"`
			Client    string `json:"client"`
			Route     string `json:"route"`
			ErrorCode string `json:"error_code"`
		}
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("log line is not JSON: %q", sc.Text())
		}
		if l.Msg == "request" && l.Route == "/v1/factors" {
			found = true
			if l.Client != "203.0.113.9" || l.ErrorCode != "invalid" {
				t.Fatalf("request log %s: want client 203.0.113.9 and error_code invalid", sc.Text())
			}
		}
	}
	if !found {
		t.Fatalf("no JSON request line in:\n%s", logs.String())
	}

	for _, args := range [][]string{
		{"--log-format", "xml"},
		{"--trusted-proxies", "10.0.0.0/33"},
		{"--trusted-proxies", "proxy.example"},
		{"--read-timeout", "-1s"},
		{"--pact-recheck-interval", "-1h"},
	} {
		code, _, stderr := pcf(t, append([]string{"serve"}, args...)...)
		if code != 2 || !strings.Contains(stderr, args[0]) {
			t.Errorf("%v: exit %d %q, want a usage error naming the flag", args, code, stderr)
		}
	}
}

// Ensure pcf serve runs the collector at ServeGCPercent when $GOGC is not
// set, and leaves an operator's $GOGC alone.
func TestServe_GCPercent(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	missing := tempPath(t, "missing.db")
	serve := func() int {
		t.Helper()
		debug.SetGCPercent(100)
		err := runServe(context.Background(), []string{"--addr", "127.0.0.1:0", "--db", missing}, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "--init") {
			t.Fatalf("serve of a missing database: %v", err)
		}
		return debug.SetGCPercent(100)
	}
	t.Setenv("GOGC", "")
	if got := serve(); got != ServeGCPercent {
		t.Errorf("without $GOGC: GC percent %d, want %d", got, ServeGCPercent)
	}
	t.Setenv("GOGC", "150")
	if got := serve(); got != 100 {
		t.Errorf("with $GOGC set: GC percent changed to %d", got)
	}
}

// Ensure the server refuses to issue a certificate its PDF fonts cannot
// print (the renderer's check runs inside the issue), naming the field, and
// that the refusal uses no certificate number.
func TestServe_IssueRefusesUnprintableText(t *testing.T) {
	m := MustRunMain(t)
	app, _, cert := MustApplyDemo(t, m)
	url := "http://" + m.Server.Addr().String() + "/v1/applications/" + app + "/issue"

	// U+20000 is a hanzi outside the font's CJK Unified Ideographs block.
	status, b := call(t, "POST", url, cert, issueBody(t, "http://"+m.Server.Addr().String(), cert, app, `{"signatory":"张𠀀"}`))
	var e struct {
		Error struct {
			Code, Field string
		} `json:"error"`
	}
	if err := json.Unmarshal(b, &e); status != 400 || err != nil || e.Error.Code != "invalid" || e.Error.Field != "certifier.signatory" {
		t.Fatalf("unprintable signatory: %d %s", status, b)
	}

	status, b = call(t, "POST", url, cert, issueBody(t, "http://"+m.Server.Addr().String(), cert, app, `{"signatory":"张三"}`))
	var out struct {
		Data struct{ Number string } `json:"data"`
	}
	if err := json.Unmarshal(b, &out); status != 201 || err != nil || out.Data.Number != "CDPCF-2026-000001" {
		t.Fatalf("issue after the refusal: %d %s", status, b)
	}
}

// Ensure a first start creates and seeds the database and serves the factor
// reads over real HTTP.
func TestServe_SeedsAndServesFactors(t *testing.T) {
	m := MustRunMain(t)
	base := "http://" + m.Server.Addr().String()

	var health struct{ Status string }
	if code := getJSON(t, base+"/healthz", &health); code != 200 || health.Status != "ok" {
		t.Fatalf("healthz: %d %+v", code, health)
	}

	var one struct {
		Data struct {
			Code     string  `json:"code"`
			Value    float64 `json:"value"`
			Unit     string  `json:"unit"`
			GHGBasis string  `json:"ghg_basis"`
			Set      string  `json:"set"`
			Source   struct {
				Publisher string `json:"publisher"`
			} `json:"source"`
		} `json:"data"`
	}
	if code := getJSON(t, base+"/v1/factors/ELEC-CN-NAT-CF-2024", &one); code != 200 {
		t.Fatalf("status %d", code)
	}
	// MEE/NBS/NEA 2024 national electricity carbon-footprint factor.
	if one.Data.Value != 0.5777 || one.Data.Unit != "kgCO2e/kWh" || one.Data.GHGBasis != "CO2e" || one.Data.Set != "2026.1" || one.Data.Source.Publisher == "" {
		t.Fatalf("factor = %+v", one.Data)
	}

	var list struct {
		Data []struct {
			Code         string   `json:"code"`
			ProductCodes []string `json:"product_codes"`
		} `json:"data"`
	}
	if code := getJSON(t, base+"/v1/factors?product_code=8541&limit=1000", &list); code != 200 || len(list.Data) == 0 {
		t.Fatalf("prefix query: %d, %d factors", code, len(list.Data))
	}
	for _, f := range list.Data {
		found := false
		for _, pc := range f.ProductCodes {
			found = found || strings.Contains(pc, ":8541")
		}
		if !found {
			t.Errorf("%s has no product code under 8541: %v", f.Code, f.ProductCodes)
		}
	}

	var e struct {
		Error struct{ Code string } `json:"error"`
	}
	if code := getJSON(t, base+"/v1/factors/NO-SUCH-FACTOR", &e); code != 404 || e.Error.Code != "not_found" {
		t.Fatalf("unknown factor: %d %+v", code, e)
	}
}

// Ensure the QR codes and verification links of a running server lead to
// its configured public base URL (or, in local mode, its loopback address),
// whatever Host a request names: issue 10 item 4.
func TestServe_BaseURLNeverFromRequest(t *testing.T) {
	for _, tt := range []struct {
		name     string
		args     []string
		wantLine string
		wantBase func(m *Main) string
	}{
		{"Configured", []string{"--base-url", "https://pcf.example.cn/"}, "public base URL https://pcf.example.cn (QR codes",
			func(*Main) string { return "https://pcf.example.cn" }},
		{"LocalMode", nil, "WARNING: local mode: no --base-url",
			func(m *Main) string { return "http://" + m.Server.Addr().String() }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stdout footprinttest.SyncBuffer
			args := append([]string{"--init", "--db", t.TempDir() + "/pcf.db"}, tt.args...)
			m, err := runMain(t, &stdout, io.Discard, args...)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(stdout.String(), tt.wantLine) {
				t.Fatalf("start lines lack %q:\n%s", tt.wantLine, stdout.String())
			}
			base := tt.wantBase(m)
			server := "http://" + m.Server.Addr().String()
			app, maker, certifier := MustApplyDemo(t, m)
			const evil = "evil.example"
			status, b := callAs(t, "POST", server+"/v1/applications/"+app+"/issue", evil, certifier, issueBody(t, server, certifier, app, `{"signatory":"Zhang San"}`))
			var out struct {
				Data struct {
					ID        string `json:"certificate_id"`
					VerifyURL string `json:"verify_url"`
				} `json:"data"`
			}
			if err := json.Unmarshal(b, &out); status != 201 || err != nil {
				t.Fatalf("issue: %d %s", status, b)
			}
			if want := base + "/v1/certificates/" + out.Data.ID + "/verify"; out.Data.VerifyURL != want {
				t.Fatalf("verify_url=%q, want %q", out.Data.VerifyURL, want)
			}
			_, jwks := call(t, "GET", server+"/v1/keys", "", "")
			keys := footprinttest.PublicKeys(t, jwks)
			for _, doc := range []string{"certificate.pdf", "label.pdf"} {
				status, pdf := callAs(t, "GET", server+"/v1/certificates/"+out.Data.ID+"/"+doc, evil, maker, "")
				if status != 200 {
					t.Fatalf("%s: %d %s", doc, status, pdf)
				}
				rep, err := labels.VerifyPDF(pdf, keys)
				if err != nil {
					t.Fatalf("%s: %v", doc, err)
				}
				if got := rep.Document.VerifyURL; got != out.Data.VerifyURL || strings.Contains(got, evil) {
					t.Errorf("%s: QR code leads to %q, want %q", doc, got, out.Data.VerifyURL)
				}
				if bytes.Contains(pdf, []byte(evil)) {
					t.Errorf("%s names %s", doc, evil)
				}
			}
		})
	}
}

// Ensure a server with no base URL that listens beyond loopback issues and
// prints nothing, and says so at start; that local mode is for loopback
// only; and that a malformed --base-url is a usage error.
func TestServe_BaseURLRules(t *testing.T) {
	for _, tt := range []struct {
		name, configured string
		addr             net.Addr
		wantBase         string
		wantLine         string
	}{
		{"Configured", "https://pcf.example.cn", &net.TCPAddr{IP: net.IPv4zero, Port: 8080}, "https://pcf.example.cn", "public base URL https://pcf.example.cn"},
		{"LoopbackV4", "", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}, "http://127.0.0.1:8080", "WARNING: local mode"},
		{"LoopbackV6", "", &net.TCPAddr{IP: net.IPv6loopback, Port: 8080}, "http://[::1]:8080", "WARNING: local mode"},
		{"AllInterfaces", "", &net.TCPAddr{IP: net.IPv4zero, Port: 8080}, "", "WARNING: no public base URL"},
		{"PublicAddress", "", &net.TCPAddr{IP: net.IPv4(192, 0, 2, 10), Port: 80}, "", "WARNING: no public base URL"},
		{"PlainHTTP", "http://pcf.example.cn", &net.TCPAddr{IP: net.IPv4zero, Port: 80}, "http://pcf.example.cn", "WARNING: the public base URL is plain http"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			base, line := publicBase(tt.configured, tt.addr)
			if base != tt.wantBase || !strings.Contains(line, tt.wantLine) {
				t.Fatalf("publicBase(%q, %v) = %q, %q; want %q and a line with %q", tt.configured, tt.addr, base, line, tt.wantBase, tt.wantLine)
			}
		})
	}
	for _, bad := range []string{"pcf.example.cn", "ftp://pcf.example.cn", "https://", "https://pcf.example.cn/?x=1", "https://u:p@pcf.example.cn", "https://pcf.example.cn/#top",
		// What the labels would refuse to print at download, so refused at
		// start: a host of look-alike characters, escapes, dot segments.
		"https://pcf.exаmple.cn", "https://pcf.example.cn/a%2Fb", "https://pcf.example.cn/x/../y"} {
		code, _, stderr := pcf(t, "serve", "--base-url", bad)
		if code != 2 || !strings.Contains(stderr, "--base-url") {
			t.Errorf("--base-url %q: exit %d %q, want a usage error naming the flag", bad, code, stderr)
		}
	}
}

// Ensure pcf serve refuses an application whose study the documents could
// not print, naming the field: a model too long for the label, or a
// product name with a character outside the certificate font. Until now
// the manufacturer learnt it only when the certifier issued; the study of
// the same product with printable text is applied for as before.
func TestServe_ApplicationRefusesWhatTheDocumentsCannotPrint(t *testing.T) {
	m := MustRunMain(t)
	base := "http://" + m.Server.Addr().String()
	maker := orgKey(t, m, demoMaker)
	orgKey(t, m, demoCertifier)
	for _, tt := range []struct {
		name, field, value, want string
	}{
		{"model", "model", "EX-550M" + strings.Repeat("-", 70) + "(lab sample)", "too long for the label"},
		{"name_zh", "name_zh", "𠀀光伏组件", "U+20000"},
	} {
		var study map[string]any
		if err := json.Unmarshal(seedtest.StudyJSON(t, "pv-module"), &study); err != nil {
			t.Fatal(err)
		}
		study["product"].(map[string]any)[tt.field] = tt.value
		b, _ := json.Marshal(study)
		id := mustPostID(t, "study", base, "/v1/studies", maker, string(b), "id")
		status, body := call(t, "POST", base+"/v1/applications", maker, `{"study_id":"`+id+`","certifier":"Demo Certification Centre"}`)
		if status != http.StatusBadRequest || !strings.Contains(string(body), `"field":"product.`+tt.field+`"`) || !strings.Contains(string(body), tt.want) {
			t.Errorf("%s: %d %s", tt.name, status, body)
		}
	}
	mustApply(t, base, maker, seedtest.StudyJSON(t, "pv-module"), "")
}

// Ensure "pcf backup" on the file (the full copy, with the private signing
// keys) gives a copy that, once restored and served, signs with a new key,
// its copied key retired at the time of the copy (red team 29): before, the
// restored server kept signing with the copied key, and a certificate the
// source issued after the copy and the restored server's next one shared a
// number, both genuine.
func TestRedteam29_FullBackupRestoredSignsOnWithItsKey(t *testing.T) {
	m, path := initServe(t, io.Discard)
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	out := tempPath(t, "full.db")
	code, stdout, stderr := pcf(t, "backup", "--db", path, "-o", out)
	if code != 0 {
		t.Fatalf("backup: %d %q %q", code, stdout, stderr)
	}
	restored, started := mustStart(t, "--db", out)
	if !strings.Contains(started, "WARNING: this database is restored from a full copy taken at ") {
		t.Errorf("the start on a restored copy does not say so: %q", started)
	}
	code, keys := call(t, "GET", "http://"+restored.Server.Addr().String()+"/v1/keys", "", "")
	if code != 200 || strings.Count(string(keys), `"retired"`) != 1 {
		t.Fatalf("keys of the server restored from a full copy: %d %s: its key signs on", code, keys)
	}
}

// Red team 66: the operator's bad day and the insider with a shell.

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

// Red team 70 (found by red team 63, not closed): a service that moved
// (another --base-url) keeps rendering each certificate's documents with
// the address it signs, so labels printed now send scanners to the old
// address, whoever holds it, and nothing told the operator. Ensure pcf
// serve says at start, in Chinese and English, how many certificates sign
// another base than --base-url, how many of them are still in force, and
// the old base; and that a start at the signed base says nothing of it.
func TestRedteam70_ServeWarnsOfCertificatesSigningTheOldBase(t *testing.T) {
	path, old := mustSignedDemoFile(t)
	start := func(base string) string {
		t.Helper()
		var out bytes.Buffer
		m := NewMain(&out, io.Discard)
		m.Config.DBPath, m.Config.Addr, m.Config.BaseURL = path, "127.0.0.1:0", base
		if err := m.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		if err := m.Close(); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	moved := "https://pcf.example.cn"
	out := start(moved)
	for _, want := range []string{
		"WARNING 警告: 1 张已签发的证书(其中 1 张有效或暂停)签署的验证地址是 " + old + ",而不是 --base-url " + moved,
		"1 certificates issued (1 of them valid or suspended) sign the verify base " + old + ", not --base-url " + moved,
		"send scanners to " + old + ", whoever holds that address",
		"二维码都把扫码的人带到 " + old,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("start at --base-url %s, certificates signing %s: output lacks %q:\n%s", moved, old, want, out)
		}
	}
	if out := start(old); strings.Contains(out, "sign the verify base") {
		t.Errorf("start at the signed base %s warns of a move:\n%s", old, out)
	}
}

// Ensure pcf serve --base-url starts on a file with a certificate record
// that does not read: the start's warning of certificates signing another
// verify base (red team 70) reads every certificate, and its failure
// stopped the service, which starts without --base-url, serving the rest.
// The failure is logged instead.
func TestRedteam70_ServeStartsWhenACertificateDoesNotRead(t *testing.T) {
	path, _ := mustSignedDemoFile(t)
	factordbtest.EditFile(t, path, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("certificates"))
		k, _ := b.Cursor().First()
		return b.Put(k, []byte(`{"v":1,`))
	})
	var out, log bytes.Buffer
	m := NewMain(&out, &log)
	m.Config.DBPath, m.Config.Addr, m.Config.BaseURL = path, "127.0.0.1:0", "https://pcf.example.cn"
	if err := m.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v, want the service started", err)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "verify base") {
		t.Errorf("log %q, want the failed warning named", log.String())
	}
}
