package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/labels"
)

// Ensure the QR codes and verification links of a running server lead to
// its configured public base URL (or, in local mode, its loopback address),
// whatever Host a request names: issue 10 item 4.
func TestServe_BaseURLNeverFromRequest(t *testing.T) {
	for _, tt := range []struct {
		name     string
		args     []string
		wantLine string
		wantBase func(m *Main) string
	}{
		{"Configured", []string{"--base-url", "https://pcf.example.cn/"}, "public base URL https://pcf.example.cn (QR codes",
			func(*Main) string { return "https://pcf.example.cn" }},
		{"LocalMode", nil, "WARNING: local mode: no --base-url",
			func(m *Main) string { return "http://" + m.Server.Addr().String() }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stdout footprinttest.SyncBuffer
			args := append([]string{"--init", "--db", t.TempDir() + "/pcf.db"}, tt.args...)
			m, err := runMain(t, &stdout, io.Discard, args...)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(stdout.String(), tt.wantLine) {
				t.Fatalf("start lines lack %q:\n%s", tt.wantLine, stdout.String())
			}
			base := tt.wantBase(m)
			server := "http://" + m.Server.Addr().String()
			app, maker, certifier := MustApplyDemo(t, m)
			const evil = "evil.example"
			status, b := callAs(t, "POST", server+"/v1/applications/"+app+"/issue", evil, certifier, `{"signatory":"Zhang San"}`)
			var out struct {
				Data struct {
					ID        string `json:"certificate_id"`
					VerifyURL string `json:"verify_url"`
				} `json:"data"`
			}
			if err := json.Unmarshal(b, &out); status != 201 || err != nil {
				t.Fatalf("issue: %d %s", status, b)
			}
			if want := base + "/v1/certificates/" + out.Data.ID + "/verify"; out.Data.VerifyURL != want {
				t.Fatalf("verify_url=%q, want %q", out.Data.VerifyURL, want)
			}
			_, jwks := call(t, "GET", server+"/v1/keys", "", "")
			keys, err := certification.ParsePublicKeysJWKS(jwks)
			if err != nil {
				t.Fatal(err)
			}
			for _, doc := range []string{"certificate.pdf", "label.pdf"} {
				status, pdf := callAs(t, "GET", server+"/v1/certificates/"+out.Data.ID+"/"+doc, evil, maker, "")
				if status != 200 {
					t.Fatalf("%s: %d %s", doc, status, pdf)
				}
				rep, err := labels.VerifyPDF(pdf, keys)
				if err != nil {
					t.Fatalf("%s: %v", doc, err)
				}
				if got := rep.Document.VerifyURL; got != out.Data.VerifyURL || strings.Contains(got, evil) {
					t.Errorf("%s: QR code leads to %q, want %q", doc, got, out.Data.VerifyURL)
				}
				if bytes.Contains(pdf, []byte(evil)) {
					t.Errorf("%s names %s", doc, evil)
				}
			}
		})
	}
}

// Ensure a server with no base URL that listens beyond loopback issues and
// prints nothing, and says so at start; that local mode is for loopback
// only; and that a malformed --base-url is a usage error.
func TestServe_BaseURLRules(t *testing.T) {
	for _, tt := range []struct {
		name, configured string
		addr             net.Addr
		wantBase         string
		wantLine         string
	}{
		{"Configured", "https://pcf.example.cn", &net.TCPAddr{IP: net.IPv4zero, Port: 8080}, "https://pcf.example.cn", "public base URL https://pcf.example.cn"},
		{"LoopbackV4", "", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}, "http://127.0.0.1:8080", "WARNING: local mode"},
		{"LoopbackV6", "", &net.TCPAddr{IP: net.IPv6loopback, Port: 8080}, "http://[::1]:8080", "WARNING: local mode"},
		{"AllInterfaces", "", &net.TCPAddr{IP: net.IPv4zero, Port: 8080}, "", "WARNING: no public base URL"},
		{"PublicAddress", "", &net.TCPAddr{IP: net.IPv4(192, 0, 2, 10), Port: 80}, "", "WARNING: no public base URL"},
		{"PlainHTTP", "http://pcf.example.cn", &net.TCPAddr{IP: net.IPv4zero, Port: 80}, "http://pcf.example.cn", "WARNING: the public base URL is plain http"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			base, line := publicBase(tt.configured, tt.addr)
			if base != tt.wantBase || !strings.Contains(line, tt.wantLine) {
				t.Fatalf("publicBase(%q, %v) = %q, %q; want %q and a line with %q", tt.configured, tt.addr, base, line, tt.wantBase, tt.wantLine)
			}
		})
	}
	for _, bad := range []string{"pcf.example.cn", "ftp://pcf.example.cn", "https://", "https://pcf.example.cn/?x=1", "https://u:p@pcf.example.cn", "https://pcf.example.cn/#top",
		// What the labels would refuse to print at download, so refused at
		// start: a host of look-alike characters, escapes, dot segments.
		"https://pcf.exаmple.cn", "https://pcf.example.cn/a%2Fb", "https://pcf.example.cn/x/../y"} {
		code, _, stderr := pcf(t, "serve", "--base-url", bad)
		if code != 2 || !strings.Contains(stderr, "--base-url") {
			t.Errorf("--base-url %q: exit %d %q, want a usage error naming the flag", bad, code, stderr)
		}
	}
}
