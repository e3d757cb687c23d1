package main

import (
	"context"
	"strings"
	"testing"
	"time"
)

// Ensure pcf verify offline does not present a keys file as the
// certification service's own. A forger signs a certificate naming the
// real certification body with a key of its own and sends the PDF with
// "its public keys" (a JWK Set holding that key): pcf verify --key said
// "signature valid (Ed25519 key …)" and "GENUINE 真实", and nothing said
// that the keys file is the only thing vouching for the key: the reader
// must check that the service publishes that key.
func TestRedteam5_VerifyOfflineKeyFromFile(t *testing.T) {
	d := newOfflineDocs(t, "redteam5 forger", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Now().UTC().Truncate(time.Second).AddDate(0, -1, 0), "https://pcf.example.cn")
	pdf, err := d.r.RenderCertificatePDF(context.Background(), d.sc, "valid", d.u)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := pcf(t, "verify", d.write(t, "certificate.pdf", pdf), "--key", d.keys)
	if code != 0 {
		t.Fatalf("exit %d:\n%s%s", code, out, errOut)
	}
	line := ""
	for l := range strings.SplitSeq(out, "\n") {
		if strings.Contains(l, "signature valid") {
			line = l
		}
	}
	if !strings.Contains(line, d.sc.KeyID) || !strings.Contains(line, "keys.json") || !strings.Contains(line, "/v1/keys") {
		t.Errorf("signature line %q: want the key, the file it came from, and that the service must publish it at /v1/keys:\n%s", line, out)
	}
}
