package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/labels"
)

// Red team 21 (forger): a competitor's "genuine" certificate PDF that says
// the certificate has expired while its signed validity runs for another
// year and more. The status a certificate PDF prints is not signed, so
// anyone holding a certificate's signed content (every PDF and label of it
// carries it, the verify page serves it) renders it again with
// status=expired: byte for byte the document the service would serve once
// the certificate had expired. pcf verify, offline, prints "GENUINE 真实
// IF THE KEYS ARE THE SERVICE'S … the file is the document rendered from
// its signed content" and then "NOT VALID 无效: the document prints the
// status 已过期 expired, its status when it was downloaded": a buyer reads
// that the service issued this document and that the certificate had
// expired when it was downloaded. Neither is possible: the service prints
// "expired" only after the signed expiry (Certificate.StatusAt), which the
// verifier holds. A correct verifier calls such a document not genuine
// (the service never issued it) and never says the certificate's status
// was "expired at download". Fix in cmd/pcf/verify.go (or VerifyPDF given
// the time): a printed status "expired" before ExpiresAt is a difference.
func TestRedteam21_ExpiredPrintedBeforeTheSignedExpiry(t *testing.T) {
	c := footprinttest.Certificate() // issued 2026-03-02, valid until 2028-03
	if !time.Now().Before(c.ExpiresAt) {
		t.Skip("the test certificate has expired: the premise needs a certificate within its validity")
	}
	key := footprinttest.Key(t, "red team 21", c.IssuedAt.Add(-time.Hour))
	sc := footprinttest.Sign(t, c, key)
	r, err := labels.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	forged, err := r.RenderCertificatePDF(context.Background(), sc, certification.CertificateExpired, "https://pcf.example.cn"+certification.CertificateVerifyPath(c.ID))
	if err != nil {
		t.Fatal(err)
	}
	jwks, err := certification.PublicKeysJWKS([]certification.PublicKey{key.PublicKey()})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	code, out, _ := pcf(t, "verify", writeFile(t, dir, "expired.pdf", forged), "--key", writeFile(t, dir, "keys.json", jwks))
	if code != 1 || !strings.Contains(out, "NOT GENUINE") || strings.Contains(out, "GENUINE 真实") ||
		strings.Contains(out, "its status when it was downloaded") {
		t.Errorf("a certificate PDF printing 已过期 expired before the signed expiry (%s): exit %d\n%s", labels.FormatDate(c.ExpiresAt), code, out)
	}
}

// Red team 21: a genuine certificate reported "NOT GENUINE" because the
// service was busy. pcf verify --server counts a failed live-status
// request (the public verify endpoint's rate limit, 10 a second with a
// burst of 20 per client address, answers 429 with Retry-After; a 503
// while the service restarts) as a problem of the file, and prints
// "NOT GENUINE 非真实证书: this file is not the document the service
// issued: - fetch live status: … answered 429 Too Many Requests". A buyer
// or customs office checking a batch of certificates in a loop (each run
// asks /v1/keys and the verify endpoint, and a superseded one its
// successor's too), or many clients behind one NAT address, gets that
// verdict for genuine documents; a competitor sharing the address can
// cause it at will. The file was checked and is genuine; only its live
// status is unknown. A correct verifier says so (the status could not be
// fetched; retry, or honour Retry-After) and exits non-zero, but never
// calls the file not genuine. Fix in cmd/pcf/verify.go (fetchStatus's
// error is not one of the file's problems).
func TestRedteam21_BusyServerMakesAGenuineFileNotGenuine(t *testing.T) {
	c := footprinttest.Certificate()
	key := footprinttest.Key(t, "red team 21 busy", c.IssuedAt.Add(-time.Hour))
	sc := footprinttest.Sign(t, c, key)
	jwks, err := certification.PublicKeysJWKS([]certification.PublicKey{key.PublicKey()})
	if err != nil {
		t.Fatal(err)
	}
	for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/v1/keys" {
				w.Header().Set("Content-Type", "application/json")
				w.Write(jwks)
				return
			}
			w.Header().Set("Retry-After", "1")
			http.Error(w, `{"error":{"code":"rate_limited"}}`, status)
		}))
		r, err := labels.NewRenderer()
		if err != nil {
			t.Fatal(err)
		}
		pdf, err := r.RenderCertificatePDF(context.Background(), sc, certification.CertificateValid, srv.URL+certification.CertificateVerifyPath(c.ID))
		if err != nil {
			t.Fatal(err)
		}
		code, out, _ := pcf(t, "verify", writeFile(t, t.TempDir(), "genuine.pdf", pdf), "--server", srv.URL)
		srv.Close()
		if code == 0 || strings.Contains(out, "NOT GENUINE") || strings.Contains(out, "VALID 有效:") {
			t.Errorf("a genuine certificate whose server answered %d for its live status: exit %d\n%s", status, code, out)
		}
	}
}

// The same with the real service: a client that has just checked 25
// certificates (the rate limit's burst is 20) verifies a genuine
// certificate PDF downloaded from the service, and is told it is NOT
// GENUINE.
func TestRedteam21_RateLimitedVerifyOfAGenuineFile(t *testing.T) {
	_, base, id, maker := mustServeDemoCertificate(t)
	dir := t.TempDir()
	cert, _, _ := downloadAll(t, base, id, maker, dir)
	limited := false
	for range 25 { // another client on the same address, or the same buyer's batch
		if status, _ := call(t, "GET", base+"/v1/certificates/"+id+"/verify", "", ""); status == http.StatusTooManyRequests {
			limited = true
		}
	}
	if !limited {
		t.Fatal("test premise: 25 verifications in a row reach the rate limit")
	}
	// pcf verify waits once as the server asks (Retry-After) and then
	// reports the live status; had the budget still been spent it would
	// say LIVE STATUS UNKNOWN and exit 1. Never NOT GENUINE.
	code, out, _ := pcf(t, "verify", cert, "--server", base)
	if strings.Contains(out, "NOT GENUINE") || (code == 0) != strings.Contains(out, "VALID 有效:") ||
		code != 0 && !strings.Contains(out, "LIVE STATUS UNKNOWN") {
		t.Errorf("the genuine certificate PDF, verified while the client is rate-limited: exit %d\n%s", code, out)
	}
}

// Ensure pcf verify --server waits once as a rate-limited server asks
// (Retry-After of a few seconds) and then reports the live status: a
// batch of checks from one address is slowed, not left unknown.
func TestVerify_RetriesOnceAfterRetryAfter(t *testing.T) {
	c := footprinttest.Certificate()
	key := footprinttest.Key(t, "red team 21 retry", c.IssuedAt.Add(-time.Hour))
	sc := footprinttest.Sign(t, c, key)
	jwks, err := certification.PublicKeysJWKS([]certification.PublicKey{key.PublicKey()})
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/v1/keys" {
			w.Write(jwks)
			return
		}
		if calls++; calls == 1 {
			w.Header().Set("Retry-After", "1")
			http.Error(w, `{"error":{"code":"rate_limited"}}`, http.StatusTooManyRequests)
			return
		}
		env, err := sc.MarshalEnvelope()
		if err != nil {
			t.Error(err)
		}
		fmt.Fprintf(w, `{"data":{"status":"valid","signed":%s}}`, env)
	}))
	defer srv.Close()
	r, err := labels.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := r.RenderCertificatePDF(context.Background(), sc, certification.CertificateValid, srv.URL+certification.CertificateVerifyPath(c.ID))
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ := pcf(t, "verify", writeFile(t, t.TempDir(), "genuine.pdf", pdf), "--server", srv.URL)
	if calls != 2 || code != 0 || !strings.Contains(out, "VALID 有效:") {
		t.Errorf("verify after one 429 with Retry-After 1: %d status requests, exit %d\n%s", calls, code, out)
	}
}
