package api_test

import (
	"bufio"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// MustServeLogged serves st over HTTP on a loopback port with the
// net/http server's own error log (where it reports a panic of a
// connection it recovered from) kept in the returned buffer.
func MustServeLogged(tb testing.TB, st *stack) (addr string, serverLog *footprinttest.SyncBuffer) {
	tb.Helper()
	serverLog = &footprinttest.SyncBuffer{}
	hs := httptest.NewUnstartedServer(st.srv)
	hs.Config.ErrorLog = log.New(serverLog, "", 0)
	hs.Start()
	tb.Cleanup(hs.Close)
	return hs.Listener.Addr().String(), serverLog
}

// rawImport is an import request written by hand on one keep-alive
// connection, so that the test decides when each part of its body is
// sent: first, before the answer is read, and rest, after its outcome
// line. With chunked, the body is sent chunked and its last chunk goes
// with rest; otherwise the request declares the length of both.
type rawImport struct {
	contentType string
	chunked     bool
	first, rest string
}

// MustRawImport sends imp to the import route of set on conn as token,
// reads the NDJSON answer up to its outcome line, then sends the rest of
// the body and reads the answer to its end. It returns the outcome line.
func MustRawImport(tb testing.TB, conn net.Conn, br *bufio.Reader, set, token string, imp rawImport) string {
	tb.Helper()
	var head strings.Builder
	fmt.Fprintf(&head, "POST /v1/factor-sets/%s/import HTTP/1.1\r\nHost: pcf.test\r\nAuthorization: Bearer %s\r\nContent-Type: %s\r\nAccept: application/x-ndjson\r\n", set, token, imp.contentType)
	first, rest := imp.first, imp.rest
	if imp.chunked {
		head.WriteString("Transfer-Encoding: chunked\r\n")
		first = fmt.Sprintf("%x\r\n%s\r\n", len(first), first)
		if rest != "" {
			rest = fmt.Sprintf("%x\r\n%s\r\n", len(rest), rest)
		}
		rest += "0\r\n\r\n"
	} else {
		fmt.Fprintf(&head, "Content-Length: %d\r\n", len(imp.first)+len(imp.rest))
	}
	head.WriteString("\r\n")
	if _, err := io.WriteString(conn, head.String()+first); err != nil {
		tb.Fatal(err)
	}
	resp, err := http.ReadResponse(br, &http.Request{Method: http.MethodPost})
	if err != nil {
		tb.Fatalf("read the answer: %v", err)
	}
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/x-ndjson" {
		tb.Fatalf("status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	lines := bufio.NewReader(resp.Body)
	var outcome string
	for outcome == "" {
		line, err := lines.ReadString('\n')
		if err != nil {
			tb.Fatalf("the answer ended before its outcome: %q, %v", line, err)
		}
		if !strings.HasPrefix(line, `{"progress":`) {
			outcome = strings.TrimSpace(line)
		}
	}
	if rest != "" {
		if _, err := io.WriteString(conn, rest); err != nil {
			tb.Fatal(err)
		}
	}
	if b, err := io.ReadAll(lines); err != nil || len(b) > 0 {
		tb.Fatalf("after the outcome: %q, %v", b, err)
	}
	return outcome
}

func TestServer_ImportProgressStreamKeepAlive(t *testing.T) {
	// Ensure an NDJSON import whose handler has its outcome before the end
	// of the request body (a multipart file whose last chunk comes later, as
	// api.FactorService.ImportFactorsCSV may send it; a bad header; a row
	// the file cannot be read past) leaves its connection ready for the
	// next request, and net/http does not panic with "invalid concurrent
	// Body.Read call" (golang/go#68560): the import runs in full duplex, so
	// net/http does not consume the body before the answer, and the read
	// of what is left after the handler returns raced with the read of the
	// next request.
	st := newSeededStack(t)
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"2026.9"}`)}), 201)
	addr, serverLog := MustServeLogged(t, st)

	file := string(syntheticFactorsCSV(t, 3, nil))
	header, rows, _ := strings.Cut(file, "\n")
	for _, tt := range []struct {
		name    string
		imp     rawImport
		outcome string // the outcome line's start
	}{
		{"MultipartLastChunkLate", rawImport{contentType: "multipart/form-data; boundary=B", chunked: true,
			first: "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n" + file + "\r\n--B--\r\n"}, `{"data":{"set":"2026.9"`},
		{"BadHeaderChunked", rawImport{contentType: "text/csv", chunked: true, first: "code,no_such_column\n", rest: rows}, `{"error":{"code":"invalid"`},
		{"BadHeaderLength", rawImport{contentType: "text/csv", first: "code,no_such_column\n", rest: rows}, `{"error":{"code":"invalid"`},
		{"BadQuoteChunked", rawImport{contentType: "text/csv", chunked: true, first: header + "\nA\"B,\n", rest: rows}, `{"error":{"code":"invalid"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			// Not a timing assertion: a hung connection fails here rather
			// than at the test binary's timeout.
			conn.SetDeadline(time.Now().Add(time.Minute))
			br := bufio.NewReader(conn)
			if got := MustRawImport(t, conn, br, "2026.9", st.tokens[asAdmin], tt.imp); !strings.HasPrefix(got, tt.outcome) {
				t.Fatalf("outcome %q, want %s…", got, tt.outcome)
			}

			// The next request on the same connection is answered.
			if _, err := io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: pcf.test\r\n\r\n"); err != nil {
				t.Fatal(err)
			}
			resp, err := http.ReadResponse(br, &http.Request{Method: http.MethodGet})
			if err != nil {
				t.Fatalf("the next request on the connection: %v; server log:\n%s", err, serverLog)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("next request: status %d", resp.StatusCode)
			}
			if l := serverLog.String(); strings.Contains(l, "panic") {
				t.Fatalf("server log:\n%s", l)
			}
		})
	}
	if n := factorCount(t, st, "2026.9"); n != 3 {
		t.Fatalf("set holds %d factors, want the 3 of the multipart file (the refused imports write none)", n)
	}
}
