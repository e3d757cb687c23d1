package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// Ensure pcf serve --tls-self-signed creates a certificate pair for
// localhost next to the database (once), serves HTTPS with it on
// --tls-addr, where a partner authenticates by HTTP Basic and lists
// footprints, while the PACT API refuses the plain listener and the HTTPS
// port refuses plain HTTP.
func TestServe_TLSSelfSigned(t *testing.T) {
	db := tempPath(t, "pcf.db")
	var out footprinttest.SyncBuffer
	m, err := runMain(t, &out, io.Discard, "--init", "--db", db, "--tls-self-signed", "--tls-addr", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile := tlsFiles(db)
	if fi, err := os.Stat(keyFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file %s: %v %v, want mode 0600", keyFile, fi, err)
	}
	if !strings.Contains(out.String(), "self-signed") || !strings.Contains(out.String(), "serving https://"+m.TLSAddr().String()) {
		t.Fatalf("start-up lines:\n%s", out.String())
	}
	pemBytes := footprinttest.ReadFile(t, certFile)
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pemBytes) {
		t.Fatal("no certificate in " + certFile)
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}}
	https := "https://" + m.TLSAddr().String()
	plain := "http://" + m.Server.Addr().String()

	// A partner organisation with a key, made by the admin.
	admin := footprinttest.ReadFile(t, db+".admin-token")
	req, _ := http.NewRequest("POST", plain+"/v1/admin/keys", strings.NewReader(`{"org":"Buyer GmbH","role":"partner"}`))
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(string(admin)))
	req.Header.Set("Content-Type", "application/json")
	var key struct {
		Data struct {
			ID    string `json:"id"`
			Token string `json:"token"`
		} `json:"data"`
	}
	mustDo(t, http.DefaultClient, req, 201, &key)

	req, _ = http.NewRequest("POST", https+"/auth/token", strings.NewReader("grant_type=client_credentials"))
	req.SetBasicAuth(key.Data.ID, key.Data.Token)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	mustDo(t, client, req, 200, &tok)

	req, _ = http.NewRequest("GET", https+"/3/footprints", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	var list struct {
		Data []any `json:"data"`
	}
	mustDo(t, client, req, 200, &list)
	if list.Data == nil {
		t.Fatal("data is null, want []")
	}

	req, _ = http.NewRequest("GET", plain+"/3/footprints", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	var refused struct{ Code, Message string }
	mustDo(t, http.DefaultClient, req, 403, &refused)
	if refused.Code != "AccessDenied" || !strings.Contains(refused.Message, "HTTPS") {
		t.Fatalf("plain HTTP: %+v", refused)
	}

	// Plain HTTP to the HTTPS port gets no answer from the API.
	resp, err := http.Get("http://" + m.TLSAddr().String() + "/3/footprints")
	if err == nil {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == 200 || bytes.Contains(b, []byte(`"data"`)) {
			t.Fatalf("plain HTTP to the HTTPS port: %d %s", resp.StatusCode, b)
		}
	}

	// The pair is kept: a second start does not create another.
	m.Close()
	out = footprinttest.SyncBuffer{}
	if _, err := runMain(t, &out, io.Discard, "--db", db, "--tls-self-signed", "--tls-addr", "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	again, _ := os.ReadFile(certFile)
	if !bytes.Equal(again, pemBytes) || strings.Contains(out.String(), "created a self-signed") {
		t.Fatalf("second start made a new certificate:\n%s", out.String())
	}
}

func mustDo(t *testing.T, c *http.Client, req *http.Request, want int, v any) {
	t.Helper()
	status, _, b := footprinttest.Do(t, c, req)
	if status != want {
		t.Fatalf("%s %s: %d %s, want %d", req.Method, req.URL, status, b, want)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
}

// Ensure --pact-config loads the callback allow-list (with an extra CA for
// a loopback peer) into the server, refuses a callback that is not https
// and unknown fields, and that the TLS flags are checked together.
func TestServe_PACTConfig(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "pcf.db")
	// Any PEM certificate will do as a CA file: use a self-signed pair.
	caFile, _, _, err := selfSignedPair(filepath.Join(dir, "peer"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "pact.json")
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(cfg, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(`{"callbacks":[{"url":"https://127.0.0.1:9443","client_id":"pcf","client_secret":"s","ca_file":"` + caFile + `"}]}`)
	m, err := runMain(t, io.Discard, io.Discard, "--init", "--db", db, "--pact-config", cfg)
	if err != nil {
		t.Fatal(err)
	}
	if cb := m.Server.PACT.Callbacks; len(cb) != 1 || cb[0].URL != "https://127.0.0.1:9443" || cb[0].ClientID != "pcf" || m.Server.PACT.Client == nil {
		t.Fatalf("callbacks %+v", cb)
	}
	m.Close()
	for _, bad := range []string{
		`{"callbacks":[{"url":"http://buyer.example"}]}`,
		`{"callbacks":[{"url":"https://buyer.example","secret":"x"}]}`,
		`{"callbacks":[{"url":"https://buyer.example","ca_file":"` + filepath.Join(dir, "none.pem") + `"}]}`,
	} {
		write(bad)
		code, _, stderr := pcf(t, "serve", "--addr", "127.0.0.1:0", "--db", db, "--pact-config", cfg)
		if code != 1 || !strings.Contains(stderr, "PACT configuration") {
			t.Errorf("%s: exit %d %q", bad, code, stderr)
		}
	}
	for _, args := range [][]string{
		{"--tls-cert", "c.pem"},
		{"--tls-key", "k.pem"},
		{"--tls-self-signed", "--tls-cert", "c.pem", "--tls-key", "k.pem"},
		{"--tls-addr", "127.0.0.1:0"},
	} {
		code, _, stderr := pcf(t, append([]string{"serve"}, args...)...)
		if code != 2 || !strings.Contains(stderr, "--tls") {
			t.Errorf("%v: exit %d %q, want a usage error naming the flag", args, code, stderr)
		}
	}
}

// Ensure --pact-config loads the supplier allow-list (refusing a host that
// is not https), and that pcf serve delivers the asynchronous answers a
// previous run left pending: an answer queued in the database is posted to
// the requester's host after a restart, with no request to the server.
func TestServe_PACTSuppliersAndPendingAnswers(t *testing.T) {
	got := make(chan string, 1)
	peer := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/auth/token":
			if id, secret, ok := r.BasicAuth(); !ok || id != "pcf" || secret != "s" {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			io.WriteString(w, `{"access_token":"t","token_type":"Bearer"}`)
		case "/3/events":
			b, _ := io.ReadAll(r.Body)
			got <- string(b)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer peer.Close()
	dir := t.TempDir()
	caFile := writeFile(t, dir, "peer.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: peer.Certificate().Raw}))
	db := filepath.Join(dir, "pcf.db")
	cfg := filepath.Join(dir, "pact.json")

	// A first run creates the database; the answer is left pending in it.
	m, err := runMain(t, io.Discard, io.Discard, "--init", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	m.Server, m.DB, m.addrURL = nil, nil, "" // closed
	store, err := factordb.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := factordb.NewCertificationService(store).QueueAnswer(context.Background(), &pact.OutboxAnswer{
		ID: "ans-restart", RequestID: "req-1", Version: 3, Target: peer.URL, Type: "org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3",
		Event: []byte(`{"id":"ans-restart"}`), CreatedAt: now, Deadline: now.Add(time.Hour), NextAt: now, State: pact.AnswerPending,
	}); err != nil {
		t.Fatal(err)
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}

	if err := os.WriteFile(cfg, []byte(`{"callbacks":[{"url":"`+peer.URL+`","client_id":"pcf","client_secret":"s","ca_file":"`+caFile+`"}],
		"suppliers":[{"url":"https://127.0.0.1:9444","ca_file":"`+caFile+`"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	m, err = runMain(t, io.Discard, io.Discard, "--db", db, "--pact-config", cfg)
	if err != nil {
		t.Fatal(err)
	}
	if s := m.Server.PACT.Suppliers; len(s) != 1 || s[0].URL != "https://127.0.0.1:9444" {
		t.Fatalf("suppliers %+v", s)
	}
	select {
	case b := <-got:
		if b != `{"id":"ans-restart"}` {
			t.Fatalf("delivered %s", b)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the pending answer was not delivered after the restart")
	}
	m.Close()
	m.Server, m.DB, m.addrURL = nil, nil, ""

	for _, bad := range []string{
		`{"suppliers":[{"url":"http://supplier.example"}]}`,
		`{"suppliers":[{"url":"https://supplier.example","client_secret":"x"}]}`,
	} {
		if err := os.WriteFile(cfg, []byte(bad), 0o600); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := pcf(t, "serve", "--addr", "127.0.0.1:0", "--db", db, "--pact-config", cfg)
		if code != 1 || !strings.Contains(stderr, "PACT configuration") {
			t.Errorf("%s: exit %d %q", bad, code, stderr)
		}
	}
}

// Ensure the self-signed TLS key is its owner's alone when a key file
// readable by others was left where it goes (its certificate missing):
// it was written into that file, keeping mode 0644, as the admin token
// was before red team 60.
func TestSelfSignedPair_KeyFileMadePrivate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pcf.db")
	_, keyFile := tlsFiles(db)
	if err := os.WriteFile(keyFile, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(keyFile, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := selfSignedPair(db, time.Now()); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(keyFile)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
}

// Ensure a ca_file of --pact-config is trusted for its own entry's host
// only (red team 64): every ca_file went into one pool for every PACT
// host, so that a CA given for a buyer's test callback host let whoever
// holds its key serve a supplier's host: forged footprints for
// manufacturers, and the client secrets they send to /auth/token. Here
// both hosts serve the same certificate; only the callback's entry names
// it.
func TestServe_PACTCAFileTrustedForItsHostOnly(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) })
	callback, supplier := httptest.NewTLSServer(ok), httptest.NewTLSServer(ok)
	defer callback.Close()
	defer supplier.Close()
	dir := t.TempDir()
	caFile := filepath.Join(dir, "callback-ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: callback.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	cfgFile := filepath.Join(dir, "pact.json")
	if err := os.WriteFile(cfgFile, []byte(`{"callbacks":[{"url":"`+callback.URL+`","client_id":"pcf","client_secret":"s","ca_file":"`+caFile+`"}],"suppliers":[{"url":"`+supplier.URL+`"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := loadPACTConfig(cfgFile)
	if err != nil {
		t.Fatal(err)
	}
	res, err := cfg.Client.Get(callback.URL + "/auth/token")
	if err != nil {
		t.Fatalf("the callback host, whose entry names the CA: %v", err)
	}
	res.Body.Close()
	if res, err := cfg.Client.Get(supplier.URL + "/auth/token"); err == nil {
		res.Body.Close()
		t.Fatalf("the supplier's host, whose entry names no CA, was trusted with the callback's CA: %s", res.Status)
	} else if !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("the supplier's host: %v, want a certificate error", err)
	}
}

// TLSAddr returns the address of the HTTPS listener, nil without TLS.
func (m *Main) TLSAddr() net.Addr {
	if m.tlsLn == nil {
		return nil
	}
	return m.tlsLn.Addr()
}

// Red team 66: the operator's bad day and the insider with a shell.

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
