package main

import (
	"net"
	"strings"
	"testing"
)

// Ensure pcf verify offline vouches for the QR code's address of a
// certificate that signs it (format 4, what pcf serve issues with
// --base-url): the certificate and the label as downloaded are GENUINE,
// the report says the address is signed and names it as the service to
// check the live status with, and never calls it unsigned.
func TestVerifyOffline_SignedQRAddress(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0") // a free port, for a --base-url known before the server starts
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	base := "http://" + addr
	m := MustRunMain(t, func(c *Config) { c.Addr, c.BaseURL = addr, base })
	id, maker := MustIssueDemoCertificate(t, m)
	cert, label, keys := downloadAll(t, base, id, maker, t.TempDir())
	for _, pdf := range []string{cert, label} {
		url := base + "/v1/certificates/" + id + "/verify"
		expectVerify(t, pdf, 0, []string{pdf, "--key", keys}, "GENUINE", "QR code leads to "+url,
			"(that address is signed in the certificate: "+base+" is the issuing service's address)",
			"Check it with --server "+base+", the address the certificate signs")
		if _, out, _ := pcf(t, "verify", pdf, "--key", keys); strings.Contains(out, "address is not signed") {
			t.Errorf("%s: the signed address called unsigned:\n%s", pdf, out)
		}
	}
}
