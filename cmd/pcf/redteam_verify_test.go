package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/labels"
)

// Ensure pcf verify offline does not call a certificate whose signed
// expiry date has passed good. The expiry date is signed content, so it
// is known offline; the status printed on the document is not signed, and
// anyone can render an expired certificate again as "valid" (the renderer
// is public and deterministic). Offline it said GENUINE, exit 0, that
// "whether the certificate ... has expired is not known" and "status
// printed at download: valid".
func TestRedteam_VerifyOfflineExpired(t *testing.T) {

	key := footprinttest.Key(t, "redteam expired", time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC))
	c := footprinttest.Certificate()
	c.IssuedAt = time.Date(2020, 3, 2, 2, 0, 0, 0, time.UTC)
	c.ExpiresAt = certification.CertificateExpiry(c.IssuedAt, 0)
	sc := footprinttest.Sign(t, c, key)
	u, err := certification.CertificateVerifyURL("https://pcf.example.cn", c.ID)
	if err != nil {
		t.Fatal(err)
	}
	r, err := labels.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	jwks, err := certification.PublicKeysJWKS([]certification.PublicKey{key.PublicKey()})
	if err != nil {
		t.Fatal(err)
	}
	keys := filepath.Join(dir, "keys.json")
	if err := os.WriteFile(keys, jwks, 0o644); err != nil {
		t.Fatal(err)
	}
	cert, err := r.RenderCertificatePDF(context.Background(), sc, certification.CertificateValid, u)
	if err != nil {
		t.Fatal(err)
	}
	label, err := r.RenderLabelPDF(context.Background(), sc, u)
	if err != nil {
		t.Fatal(err)
	}
	for name, pdf := range map[string][]byte{"certificate.pdf": cert, "label.pdf": label} {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, errOut := pcf(t, "verify", f, "--key", keys)
		if code != 1 || !strings.Contains(out, "EXPIRED 已过期") || !strings.Contains(out, "2022-03-02") || strings.Contains(out, "has expired is not known") {
			t.Errorf("%s: exit %d, want 1 and EXPIRED with the date:\n%s%s", name, code, out, errOut)
		}
	}
}

// Ensure pcf verify offline does not exit 0 for a certificate PDF that
// itself prints a status other than valid (downloaded while suspended,
// withdrawn or superseded: the status is then on every page). It said
// GENUINE, exit 0, so a script checking the exit status took a withdrawn
// certificate for a good one; the line "status printed at download:
// withdrawn" was the only sign.
func TestRedteam_VerifyOfflinePrintedStatus(t *testing.T) {
	key := footprinttest.Key(t, "redteam status", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	c := footprinttest.Certificate()
	c.IssuedAt = time.Now().UTC().Truncate(time.Second).AddDate(0, -1, 0)
	c.ExpiresAt = certification.CertificateExpiry(c.IssuedAt, 0)
	sc := footprinttest.Sign(t, c, key)
	u, err := certification.CertificateVerifyURL("https://pcf.example.cn", c.ID)
	if err != nil {
		t.Fatal(err)
	}
	r, err := labels.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	jwks, err := certification.PublicKeysJWKS([]certification.PublicKey{key.PublicKey()})
	if err != nil {
		t.Fatal(err)
	}
	keys := filepath.Join(dir, "keys.json")
	if err := os.WriteFile(keys, jwks, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, st := range []certification.CertificateStatus{certification.CertificateValid, certification.CertificateSuspended,
		certification.CertificateWithdrawn, certification.CertificateSuperseded} {
		pdf, err := r.RenderCertificatePDF(context.Background(), sc, st, u)
		if err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(dir, string(st)+".pdf")
		if err := os.WriteFile(f, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, errOut := pcf(t, "verify", f, "--key", keys)
		switch {
		case st == certification.CertificateValid && code != 0:
			t.Errorf("valid: exit %d, want 0:\n%s%s", code, out, errOut)
		case st != certification.CertificateValid && (code != 1 || !strings.Contains(out, "NOT VALID 无效") || !strings.Contains(out, string(st))):
			t.Errorf("%s: exit %d, want 1 and NOT VALID naming the status:\n%s%s", st, code, out, errOut)
		}
	}
}

// Ensure offline verification does not send the reader to the address
// the QR code encodes as if it were vouched for. The QR code's host is not
// signed: anyone can render a genuine certificate again (the renderer is
// public and deterministic) with a QR code leading to a look-alike site
// that shows "valid" for a withdrawn certificate. Offline, pcf verify said
// GENUINE and "Check it with --server URL, or scan the QR code
// (https://evil.example/…)".
func TestRedteam_VerifyOfflineQRHostNotVouched(t *testing.T) {
	key := footprinttest.Key(t, "redteam qr host", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	c := footprinttest.Certificate()
	c.IssuedAt = time.Now().UTC().Truncate(time.Second).AddDate(0, -1, 0)
	c.ExpiresAt = certification.CertificateExpiry(c.IssuedAt, 0)
	sc := footprinttest.Sign(t, c, key)
	u, err := certification.CertificateVerifyURL("https://pcf-verify.example", c.ID)
	if err != nil {
		t.Fatal(err)
	}
	r, err := labels.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	jwks, err := certification.PublicKeysJWKS([]certification.PublicKey{key.PublicKey()})
	if err != nil {
		t.Fatal(err)
	}
	keys := filepath.Join(dir, "keys.json")
	if err := os.WriteFile(keys, jwks, 0o644); err != nil {
		t.Fatal(err)
	}
	pdf, err := r.RenderLabelPDF(context.Background(), sc, u)
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(dir, "label.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := pcf(t, "verify", f, "--key", keys)
	if code != 0 || strings.Contains(out, "scan the QR code") || !strings.Contains(out, "address is not signed") ||
		!strings.Contains(out, "pcf-verify.example") {
		t.Errorf("exit %d; want 0, the QR code's host named as not signed and no advice to scan it:\n%s%s", code, out, errOut)
	}
}

// Ensure pcf verify --server does not say VALID, exit 0, for a certificate
// flagged upstream: one of its supplier certificates was withdrawn and its
// certifier has not yet reviewed it. The verify page shows a supply-chain
// alert, and issue 10 item 2 lists "flagged upstream" among the live
// statuses for which verify exits non-zero; pcf verify read only the
// status field and ignored supplier_alerts.
func TestRedteam_VerifyServerFlaggedUpstream(t *testing.T) {
	m := MustRunMain(t)
	supplierID, maker := MustIssueDemoCertificate(t, m)
	base := "http://" + m.Server.Addr().String()
	var sup struct {
		Data struct {
			Number string `json:"number"`
		} `json:"data"`
	}
	getJSON(t, base+"/v1/certificates/"+supplierID+"/verify", &sup)
	body := demoStudyWithLine(t, "Module with a certified supplied part",
		map[string]any{"name": "supplied part", "quantity": 0.001, "unit": "piece", "stage": "A1", "supplier": sup.Data.Number}, "GEC-DEMO-2025-000002")
	certifier := certifierToken(t, m)
	issued := mustIssue(t, base, certifier, mustApply(t, base, maker, body, ""), `{}`)
	dir := t.TempDir()
	cert, label, _ := downloadAll(t, base, issued, maker, dir)
	if status, b := call(t, "POST", base+"/v1/certificates/"+supplierID+"/withdraw", certifier, `{"reasons":["data falsified"]}`); status/100 != 2 {
		t.Fatalf("withdraw the supplier: %d %s", status, b)
	}
	for _, f := range []string{cert, label} {
		expectVerify(t, "flagged "+filepath.Base(f), 1, []string{f, "--server", base}, "GENUINE 真实", "NOT VALID 无效", "supplier")
	}
}
