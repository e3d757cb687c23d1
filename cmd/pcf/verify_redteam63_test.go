package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Ensure pcf verify --server believes a server that holds the very
// certificate checked (a service that moved: the same records under another
// address) when it answers that the certificate is not valid, instead of
// sending the reader to the address the certificate signs (red team 63).
// The service moved from the address its certificates sign; the
// certificate was withdrawn (or suspended) there since. Asked at its new
// address (the one its pages print in their pcf verify line), the report
// said NOT VERIFIED, "that server's keys and status say nothing of this
// certificate. Verify with --server <old address>": whoever holds the old
// address now answers valid with the genuine keys and signed envelope,
// both public, and the report there was GENUINE and VALID (reproduced on
// pcf serve: a forger's server on the old port, exit 0). Here the moved
// service is the same server under another name (localhost for
// 127.0.0.1).
func TestRedteam63_MovedServiceNotValidSendsTheReaderToTheOldAddress(t *testing.T) {
	m, base := mustServeSigned(t)
	id, maker := MustIssueDemoCertificate(t, m)
	cert := download(t, base, id, "certificate.pdf", maker, t.TempDir())
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(base, "http://"))
	moved := "http://localhost:" + port
	certifier := orgKey(t, m, demoCertifier)
	for _, step := range []struct{ action, word string }{
		{"suspend", "暂停 suspended"},
		{"withdraw", "撤销 withdrawn"},
	} {
		if status, body := call(t, "POST", base+"/v1/certificates/"+id+"/"+step.action, certifier, `{"reasons":["figure questioned"]}`); status != 200 {
			t.Fatalf("%s: %d %s", step.action, status, body)
		}
		code, out, errOut := pcf(t, "verify", cert, "--server", moved)
		for _, want := range []string{"NOT VALID 无效", step.word, "live status from " + moved,
			"holds this very certificate", "持有同一份证书"} {
			if !strings.Contains(out, want) {
				t.Errorf("after %s, asked at %s: output lacks %q", step.action, moved, want)
			}
		}
		if code != 1 || strings.Contains(out, "NOT VERIFIED") || strings.Contains(out, "Verify with --server "+base) || strings.Contains(out, "VALID 有效") {
			t.Errorf("after %s, asked at %s, which holds the certificate and answers %s: exit %d; want NOT VALID and no advice to ask %s\n%s%s",
				step.action, moved, step.word, code, base, out, errOut)
		}
	}
}

// Ensure a server that publishes the certificate's key but does not answer
// for it (busy, rate-limited) sends the reader nowhere else: the moved
// service of the test above, out of its public lookup budget, had the
// report say NOT VERIFIED and "Verify with --server <old address>", where
// whoever holds that address answers valid, though the server asked may
// hold the certificate and call it withdrawn (red team 63). The report
// says the live status is unknown and to ask that server again.
func TestRedteam63_MovedServiceBusySendsTheReaderToTheOldAddress(t *testing.T) {
	m, base := mustServeSigned(t)
	id, maker := MustIssueDemoCertificate(t, m)
	cert := download(t, base, id, "certificate.pdf", maker, t.TempDir())
	_, keys := call(t, "GET", base+"/v1/keys", "", "")
	moved := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/keys" {
			w.Write([]byte(keys))
			return
		}
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	t.Cleanup(moved.Close)
	code, out, errOut := pcf(t, "verify", cert, "--server", moved.URL)
	for _, want := range []string{"LIVE STATUS UNKNOWN 实时状态未知", "Try " + moved.URL + " again later", "请稍后重试"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if code != 1 || strings.Contains(out, "NOT VERIFIED") || strings.Contains(out, "Verify with --server "+base) {
		t.Errorf("asked at %s, which publishes the key and does not answer: exit %d; want LIVE STATUS UNKNOWN and no advice to ask %s\n%s%s",
			moved.URL, code, base, out, errOut)
	}
}
