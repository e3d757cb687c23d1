package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// Red team 8, the DQR's coverage: a DQR rates the lines with quality
// scores only, and was shown without the share of the total they cover.
// Ensure pcf verify prints a format-5 certificate's DQR with its signed
// coverage, and says of a certificate issued before (format 1 here, which
// still verifies as genuine) that its coverage is not signed.
func TestRedteam8_VerifyPrintsTheDQRCoverage(t *testing.T) {
	_, base, id, maker := mustServeDemoCertificate(t)
	dir := t.TempDir()
	status, pdf := call(t, "GET", base+"/v1/certificates/"+id+"/certificate.pdf", maker, "")
	if status != 200 {
		t.Fatalf("certificate.pdf: %d", status)
	}
	_, jwks := call(t, "GET", base+"/v1/keys", "", "")
	code, out, errOut := pcf(t, "verify", writeFile(t, dir, "cert.pdf", pdf), "--key", writeFile(t, dir, "keys.json", jwks))
	if want := "\n  quality   DQR 2.49 良好 good · 覆盖总量的 100 % / covers 100 % of the total\n"; code != 0 || !strings.Contains(out, "GENUINE") || !strings.Contains(out, want) {
		t.Errorf("format 5: exit %d, output lacks %q:\n%s%s", code, want, out, errOut)
	}

	testdata := filepath.Join("..", "..", "labels", "testdata", "format1")
	code, out, errOut = pcf(t, "verify", filepath.Join(testdata, "certificate.pdf"), "--key", filepath.Join(testdata, "keys.json"))
	if want := "(the share of the total it covers is not signed: certificates before pcf-certificate/5 do not sign it"; code != 0 || !strings.Contains(out, "GENUINE 真实") || !strings.Contains(out, want) {
		t.Errorf("format 1: exit %d, output lacks %q:\n%s%s", code, want, out, errOut)
	}
}
