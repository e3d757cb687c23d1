package main

import (
	"net"
	"strings"
	"testing"
)

// mustServeSigned runs pcf serve with --base-url its own address, so that
// it issues format-4 certificates (which sign it); it returns the base URL.
func mustServeSigned(t *testing.T) (*Main, string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0") // a free port, for a --base-url known before the server starts
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	base := "http://" + addr
	return MustRunMain(t, func(c *Config) { c.Addr, c.BaseURL = addr, base }), base
}

// Ensure pcf verify offline vouches for the QR code's address of a
// certificate that signs it (format 4, what pcf serve issues with
// --base-url): the certificate and the label as downloaded are GENUINE,
// the report says the address is signed and names it as the service to
// check the live status with, and never calls it unsigned.
func TestVerifyOffline_SignedQRAddress(t *testing.T) {
	m, base := mustServeSigned(t)
	id, maker := MustIssueDemoCertificate(t, m)
	cert, label, keys := downloadAll(t, base, id, maker, t.TempDir())
	for _, pdf := range []string{cert, label} {
		url := base + "/v1/certificates/" + id + "/verify"
		expectVerify(t, pdf, 0, []string{pdf, "--key", keys}, "GENUINE", "QR code leads to "+url,
			"(that address is signed in the certificate: "+base+" is the address of the service whose key signed it, if the keys given are that service's)",
			"GENUINE 真实 IF THE KEYS ARE THE SERVICE'S",
			"Check it with --server "+base+", the address the certificate signs")
		if _, out, _ := pcf(t, "verify", pdf, "--key", keys); strings.Contains(out, "address is not signed") {
			t.Errorf("%s: the signed address called unsigned:\n%s", pdf, out)
		}
	}
}

// Ensure pcf verify --server judges a format-4 certificate only with the
// service it signs, however that address is spelled: the signed address
// with a trailing slash, in capitals or with its default port is that
// service (GENUINE, its live status); another name of the same machine is
// another service, whose keys and status say nothing of the certificate:
// NOT VERIFIED, naming the signed address, never GENUINE or NOT GENUINE,
// and no live status of that server.
func TestVerifyServer_OnlyTheSignedService(t *testing.T) {
	m, base := mustServeSigned(t)
	addr := strings.TrimPrefix(base, "http://")
	id, maker := MustIssueDemoCertificate(t, m)
	cert, _, _ := downloadAll(t, base, id, maker, t.TempDir())
	_, port, _ := net.SplitHostPort(addr)
	for _, server := range []string{base, base + "/", "HTTP://127.0.0.1:" + port} {
		expectVerify(t, server, 0, []string{cert, "--server", server}, "GENUINE", "live status")
	}
	other := "http://localhost:" + port
	expectVerify(t, other, 1, []string{cert, "--server", other}, "NOT VERIFIED", "names "+base+" as the service", "Verify with --server "+base+".")
	if _, out, _ := pcf(t, "verify", cert, "--server", other); strings.Contains(out, "GENUINE") || strings.Contains(out, "Live status") {
		t.Errorf("another service's word printed:\n%s", out)
	}
}

// Ensure a scheme's default port, case and a trailing slash do not make
// another service, and another port, host, scheme or path do.
func TestSameService(t *testing.T) {
	for _, c := range []struct {
		base string
		same bool
	}{
		{"https://pcf.example.cn", true},
		{"https://pcf.example.cn/", true},
		{"HTTPS://PCF.Example.CN", true},
		{"https://pcf.example.cn:443", true},
		{"http://pcf.example.cn", false},
		{"https://pcf.example.cn:8443", false},
		{"https://www.pcf.example.cn", false},
		{"https://pcf.example.cn/other", false},
		{"https://pcf.example.cn.evil.test", false},
	} {
		if got := sameService(c.base, "https://pcf.example.cn"); got != c.same {
			t.Errorf("sameService(%q) = %v, want %v", c.base, got, c.same)
		}
	}
	if !sameService("http://127.0.0.1:80", "http://127.0.0.1") {
		t.Error("http's default port is another service")
	}
}
