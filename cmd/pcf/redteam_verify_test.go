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
	d := newOfflineDocs(t, "redteam expired", time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2020, 3, 2, 2, 0, 0, 0, time.UTC), "https://pcf.example.cn")
	cert, err := d.r.RenderCertificatePDF(context.Background(), d.sc, certification.CertificateValid, d.u)
	if err != nil {
		t.Fatal(err)
	}
	label, err := d.r.RenderLabelPDF(context.Background(), d.sc, d.u)
	if err != nil {
		t.Fatal(err)
	}
	for name, pdf := range map[string][]byte{"certificate.pdf": cert, "label.pdf": label} {
		code, out, errOut := pcf(t, "verify", d.write(t, name, pdf), "--key", d.keys)
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
	d := newOfflineDocs(t, "redteam status", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Now().UTC().Truncate(time.Second).AddDate(0, -1, 0), "https://pcf.example.cn")
	for _, st := range []certification.CertificateStatus{certification.CertificateValid, certification.CertificateSuspended,
		certification.CertificateWithdrawn, certification.CertificateSuperseded} {
		pdf, err := d.r.RenderCertificatePDF(context.Background(), d.sc, st, d.u)
		if err != nil {
			t.Fatal(err)
		}
		code, out, errOut := pcf(t, "verify", d.write(t, string(st)+".pdf", pdf), "--key", d.keys)
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
	d := newOfflineDocs(t, "redteam qr host", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Now().UTC().Truncate(time.Second).AddDate(0, -1, 0), "https://pcf-verify.example")
	pdf, err := d.r.RenderLabelPDF(context.Background(), d.sc, d.u)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := pcf(t, "verify", d.write(t, "label.pdf", pdf), "--key", d.keys)
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
	sc := mustIssueOnSupplier(t, m)
	base, maker, certifier, supplierID, issued := sc.base, sc.maker, sc.certifier, sc.supplierID, sc.issued
	dir := t.TempDir()
	cert, label, _ := downloadAll(t, base, issued, maker, dir)
	if status, b := call(t, "POST", base+"/v1/certificates/"+supplierID+"/withdraw", certifier, `{"reasons":["data falsified"]}`); status/100 != 2 {
		t.Fatalf("withdraw the supplier: %d %s", status, b)
	}
	for _, f := range []string{cert, label} {
		expectVerify(t, "flagged "+filepath.Base(f), 1, []string{f, "--server", base}, "GENUINE 真实", "NOT VALID 无效", "supplier")
	}
}

// offlineDocs is what an offline verification starts from: the test
// certificate issued at a given time and signed by a test key, the
// renderer and verification URL to draw its documents with, and a
// directory holding the key's JWK Set.
type offlineDocs struct {
	sc   *certification.SignedCertificate
	r    *labels.Renderer
	u    string // the verification URL the QR code encodes
	dir  string
	keys string // the JWK Set file
}

// newOfflineDocs signs footprinttest.Certificate issued at issued (expiring
// as the rule says) with a key made from keySeed at keyCreated, its QR
// code leading to verifyBase.
func newOfflineDocs(t *testing.T, keySeed string, keyCreated, issued time.Time, verifyBase string) offlineDocs {
	t.Helper()
	key := footprinttest.Key(t, keySeed, keyCreated)
	c := footprinttest.Certificate()
	c.IssuedAt = issued
	c.ExpiresAt = certification.CertificateExpiry(c.IssuedAt, 0)
	d := offlineDocs{sc: footprinttest.Sign(t, c, key), dir: t.TempDir()}
	var err error
	if d.u, err = certification.CertificateVerifyURL(verifyBase, c.ID); err != nil {
		t.Fatal(err)
	}
	if d.r, err = labels.NewRenderer(); err != nil {
		t.Fatal(err)
	}
	jwks, err := certification.PublicKeysJWKS([]certification.PublicKey{key.PublicKey()})
	if err != nil {
		t.Fatal(err)
	}
	d.keys = d.write(t, "keys.json", jwks)
	return d
}

// write writes b to the file name in the directory and returns its path.
func (d offlineDocs) write(t *testing.T, name string, b []byte) string {
	t.Helper()
	f := filepath.Join(d.dir, name)
	if err := os.WriteFile(f, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}
