package main

import (
	"context"
	"os"
	"testing"

	"github.com/chengdu-pcf/pcf/labels"
)

// Red team 9: pcf verify --server requires the QR code to lead to the
// server asked by its origin (scheme and host) only. A certificate
// rendered again with a QR code to another path of the same host
// ("/other-app/v1/certificates/<id>/verify": another application, or an
// area of user content, on a shared government host) reads GENUINE and
// VALID and exits 0, although a scan does not lead to the service's page.
func TestForge9_QRCodeToAnotherPathOfTheServersHost(t *testing.T) {
	_, base, id, maker := mustServeDemoCertificate(t)
	dir := t.TempDir()
	cert, _, _ := downloadAll(t, base, id, maker, dir)
	b, err := os.ReadFile(cert)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := labels.ExtractSignedCertificate(b)
	if err != nil {
		t.Fatal(err)
	}
	r, err := labels.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	elsewhere := base + "/other-app/v1/certificates/" + id + "/verify"
	forged, err := r.RenderCertificatePDF(context.Background(), sc, "valid", elsewhere)
	if err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, dir, "forged.pdf", forged)
	code, out, errOut := pcf(t, "verify", path, "--server", base)
	if code == 0 {
		t.Fatalf("a QR code leading to %s verified against --server %s with exit 0:\n%s%s", elsewhere, base, out, errOut)
	}
}
