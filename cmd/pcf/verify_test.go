package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
)

// call makes an HTTP request with a bearer token and returns the status and
// body.
func call(t *testing.T, method, url, token, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// MustIssueDemoCertificate runs the manufacturer → certifier flow on a
// running pcf serve for the demo PV module and returns the certificate ID
// and the manufacturer's token.
func MustIssueDemoCertificate(t *testing.T, m *Main) (id, makerToken string) {
	t.Helper()
	app, maker, cert := MustApplyDemo(t, m)
	status, b := call(t, "POST", "http://"+m.Server.Addr().String()+"/v1/applications/"+app+"/issue", cert, `{"signatory":"Zhang San"}`)
	var out struct {
		Data struct {
			CertificateID string `json:"certificate_id"`
		} `json:"data"`
	}
	if err := json.Unmarshal(b, &out); status != 201 || err != nil {
		t.Fatalf("issue: %d %s", status, b)
	}
	return out.Data.CertificateID, maker
}

// MustApplyDemo stores the demo PV module study on a running pcf serve and
// applies for its certificate; it returns the application ID and the
// manufacturer's and certifier's tokens.
func MustApplyDemo(t *testing.T, m *Main) (app, makerToken, certToken string) {
	t.Helper()
	ctx := context.Background()
	auth := factordb.NewAuthService(m.DB)
	key := func(org footprint.Organization) string {
		token, _, err := footprint.EnsureOrganizationKey(ctx, auth, &org)
		if err != nil {
			t.Fatal(err)
		}
		return token
	}
	maker := key(footprint.Organization{Name: "Demo Module Co.", Role: footprint.RoleManufacturer, Address: "Chengdu"})
	cert := key(footprint.Organization{Name: "Demo Certification Centre", Role: footprint.RoleCertifier, ApprovalNumber: "CNCA-R-2026-999"})
	base := "http://" + m.Server.Addr().String()

	study, err := os.ReadFile(filepath.Join("..", "..", "seed", "studies", "pv-module.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		Data struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	step := func(method, path, token, body string, want int) {
		t.Helper()
		status, b := call(t, method, base+path, token, body)
		if status != want {
			t.Fatalf("%s %s: %d %s", method, path, status, b)
		}
		out.Data.ID = ""
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
	step("POST", "/v1/studies", maker, string(study), 201)
	studyID := out.Data.ID
	step("POST", "/v1/applications", maker, `{"study_id":"`+studyID+`","certifier":"Demo Certification Centre"}`, 201)
	return out.Data.ID, maker, cert
}

// Ensure pcf verify accepts a genuine certificate PDF offline (keys from a
// saved JWKS, or fetched from the server) and says exactly what is wrong
// with a tampered one.
func TestVerify_CertificatePDF(t *testing.T) {
	m := MustRunMain(t)
	id, maker := MustIssueDemoCertificate(t, m)
	base := "http://" + m.Server.Addr().String()
	dir := t.TempDir()

	status, pdf := call(t, "GET", base+"/v1/certificates/"+id+"/certificate.pdf", maker, "")
	if status != 200 || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("certificate.pdf: %d", status)
	}
	_, jwks := call(t, "GET", base+"/v1/keys", "", "")
	pdfPath, keyPath := filepath.Join(dir, "cert.pdf"), filepath.Join(dir, "keys.json")
	if err := os.WriteFile(pdfPath, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyPath, jwks, 0o644); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := pcf(t, "verify", pdfPath, "--key", keyPath)
	if code != 0 || !strings.Contains(out, "GENUINE") || !strings.Contains(out, "CDPCF-2026-000001") || !strings.Contains(out, "signature valid") {
		t.Fatalf("genuine: %d %q %q", code, out, errOut)
	}
	if code, out, _ := pcf(t, "verify", pdfPath, "--server", base); code != 0 || !strings.Contains(out, "GENUINE") {
		t.Fatalf("genuine via --server: %d %q", code, out)
	}

	// One flipped byte inside the embedded signed content.
	i := bytes.Index(pdf, []byte("/Type /EmbeddedFile"))
	if i < 0 {
		t.Fatal("no embedded file in the PDF")
	}
	s := i + bytes.Index(pdf[i:], []byte("stream\n")) + len("stream\n")
	bad := bytes.Clone(pdf)
	bad[s+40] ^= 0x01
	badPath := filepath.Join(dir, "tampered.pdf")
	if err := os.WriteFile(badPath, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = pcf(t, "verify", badPath, "--key", keyPath)
	if code != 1 || strings.Contains(out, "GENUINE 真实") || !strings.Contains(errOut, "embedded certificate") {
		t.Fatalf("tampered: %d %q %q", code, out, errOut)
	}

	// A key set that does not hold the signing key.
	otherKey, err := footprint.NewSigningKey(rand.Reader, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	otherJWKS, err := footprint.PublicKeysJWKS([]footprint.PublicKey{otherKey.PublicKey()})
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.json")
	if err := os.WriteFile(other, otherJWKS, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = pcf(t, "verify", pdfPath, "--key", other)
	if code != 1 || !strings.Contains(out, "NOT GENUINE") || !strings.Contains(out, "key") {
		t.Fatalf("wrong key: %d %q", code, out)
	}
	if code, _, _ := pcf(t, "verify", pdfPath); code != 2 {
		t.Fatalf("no key: exit %d, want 2", code)
	}
}
