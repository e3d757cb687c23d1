package api_test

import (
	"bufio"
	"errors"
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

// smuggled is a request written inside a request body: a server that
// reads it as the next request on the connection has lost track of where
// the body ends (a desync).
const smuggled = "GET /healthz HTTP/1.1\r\nHost: pcf.test\r\n\r\n"

// testDrainTimeout is the test servers' Server.BodyDrainTimeout, and
// hangGuard, far longer, fails a connection left open instead of leaving it
// to the test binary's timeout. Neither is a timing assertion: a server
// that closes the connection does so once the drain deadline it was given
// has passed; one that does not is caught by hangGuard.
const (
	testDrainTimeout = 50 * time.Millisecond
	hangGuard        = 20 * time.Second
)

// MustDial opens a connection to addr with hangGuard as its deadline.
func MustDial(tb testing.TB, addr string) (net.Conn, *bufio.Reader) {
	tb.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(hangGuard))
	return conn, bufio.NewReader(conn)
}

// wantClosed fails unless the server closed the connection of br without
// another answer: an answer is to a request read from inside the old body.
func wantClosed(tb testing.TB, br *bufio.Reader, serverLog *footprinttest.SyncBuffer) {
	tb.Helper()
	resp, err := http.ReadResponse(br, &http.Request{Method: http.MethodGet})
	if err == nil {
		b, _ := io.ReadAll(resp.Body)
		tb.Fatalf("the connection carried another answer, %d %q: a request read from the rest of the body; server log:\n%s", resp.StatusCode, b, serverLog)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		tb.Fatalf("the connection stayed open (%v): the server is still reading the body", err)
	}
	if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) && !strings.Contains(err.Error(), "connection reset") {
		tb.Fatalf("after the answer: %v, want the connection closed", err)
	}
}

// readAnswer reads one answer of br whole and returns it with its body.
func readAnswer(tb testing.TB, br *bufio.Reader, method string) (*http.Response, string) {
	tb.Helper()
	resp, err := http.ReadResponse(br, &http.Request{Method: method})
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			tb.Fatalf("no answer (%v): the server is still reading the body", err)
		}
		tb.Fatalf("read the answer: %v", err)
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("read the answer's body: %v", err)
	}
	return resp, string(b)
}

// importHead is the head of a raw NDJSON import request to set as token,
// of a body of contentType framed by the header framing.
func importHead(set, token, contentType, framing string) string {
	return fmt.Sprintf("POST /v1/factor-sets/%s/import HTTP/1.1\r\nHost: pcf.test\r\nAuthorization: Bearer %s\r\nContent-Type: %s\r\nAccept: application/x-ndjson\r\n%s\r\n\r\n", set, token, contentType, framing)
}

// readStream reads the NDJSON answer of an import on br to its end and
// returns its outcome line.
func readStream(tb testing.TB, br *bufio.Reader) string {
	tb.Helper()
	resp, body := readAnswer(tb, br, http.MethodPost)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/x-ndjson" {
		tb.Fatalf("status %d, type %q: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	lines := strings.Split(strings.TrimSpace(body), "\n")
	return lines[len(lines)-1]
}

// Ensure a request whose body the server stops reading before its end
// leaves no request on its connection: the server reads what is left
// within its drain deadline and bodyDrainBytes, or closes the connection,
// whatever the handler (the import's full-duplex progress stream, a JSON
// handler) and however the body ends (malformed chunked encoding, larger
// than the server reads, trickled). Before, the import's stream kept the
// connection after a chunk it could not read, and the next request was read
// from the middle of the body: the smuggled GET was answered; and a body
// trickled after the answer held the handler for the route's read deadline
// (30 minutes for an import, for ever on a server without one).
func TestServer_UnreadBodyClosesConnection(t *testing.T) {
	st := newSeededStack(t)
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"2026.9"}`)}), 201)
	st.srv.BodyDrainTimeout = testDrainTimeout
	addr, serverLog := MustServeLogged(t, st)
	admin := st.tokens[asAdmin]
	badHeader := "code,no_such_column\n"
	rows := strings.Repeat("x", 1000) + "\n"

	jsonLarge := strings.Repeat(" ", 400<<10)
	for _, tt := range []struct {
		name  string
		send  string // what the client writes on a new connection
		async bool   // written meanwhile: more than the server reads before it answers
		// status is that of a JSON handler's answer, which closes the
		// connection; 0 for the import's stream, whose outcome is invalid.
		status int
	}{
		{name: "ImportMalformedChunk",
			send: importHead("2026.9", admin, "text/csv", "Transfer-Encoding: chunked") + fmt.Sprintf("%x\r\n%s\r\n", len(badHeader), badHeader) + "zz\r\n" + smuggled},
		{name: "ImportLargerThanDrained", async: true, // 400 KB after the header
			send: importHead("2026.9", admin, "text/csv", fmt.Sprintf("Content-Length: %d", len(badHeader)+400*len(rows))) + badHeader + strings.Repeat(rows, 400) + smuggled},
		// The client declares more than it sends and sends nothing after
		// the outcome line: the handler returns once the drain deadline has
		// passed, closing the connection, instead of waiting ImportTimeout.
		{name: "ImportTrickled",
			send: importHead("2026.9", admin, "text/csv", fmt.Sprintf("Content-Length: %d", len(badHeader)+len(rows))) + badHeader},
		{name: "JSONMalformedChunk", status: 400,
			send: "POST /v1/factor-sets HTTP/1.1\r\nHost: pcf.test\r\nAuthorization: Bearer " + admin + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
				"5\r\n{\"ver\r\nzz\r\n" + smuggled},
		// Refused before its body is read (no credentials), the rest never
		// sent: the answer comes once the drain deadline has passed.
		{name: "JSONTrickled", status: 401,
			send: "POST /v1/factor-sets HTTP/1.1\r\nHost: pcf.test\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"version\""},
		{name: "JSONLargerThanDrained", status: 401, async: true,
			send: fmt.Sprintf("POST /v1/factor-sets HTTP/1.1\r\nHost: pcf.test\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", 2+len(jsonLarge)) + "{}" + jsonLarge + smuggled},
	} {
		t.Run(tt.name, func(t *testing.T) {
			conn, br := MustDial(t, addr)
			if tt.async {
				go io.WriteString(conn, tt.send)
			} else {
				io.WriteString(conn, tt.send)
			}
			if tt.status == 0 {
				if got := readStream(t, br); !strings.HasPrefix(got, `{"error":{"code":"invalid"`) {
					t.Fatalf("outcome %s", got)
				}
			} else if resp, body := readAnswer(t, br, http.MethodPost); resp.StatusCode != tt.status || !resp.Close {
				t.Fatalf("status %d, close %v: %s; want %d closing the connection", resp.StatusCode, resp.Close, body, tt.status)
			}
			wantClosed(t, br, serverLog)
		})
	}
	t.Run("SmallRestKeepsConnection", func(t *testing.T) {
		// A body refused before it is read, sent whole, is read to its end
		// and the connection carries the next request.
		conn, br := MustDial(t, addr)
		io.WriteString(conn, "POST /v1/factor-sets HTTP/1.1\r\nHost: pcf.test\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{\"version\":\"2026.8\"}"+smuggled)
		if resp, body := readAnswer(t, br, http.MethodPost); resp.StatusCode != 401 || resp.Close {
			t.Fatalf("status %d, close %v: %s; want 401 keeping the connection", resp.StatusCode, resp.Close, body)
		}
		if resp, body := readAnswer(t, br, http.MethodGet); resp.StatusCode != 200 {
			t.Fatalf("next request: status %d: %s", resp.StatusCode, body)
		}
	})
	if l := serverLog.String(); strings.Contains(l, "panic") {
		t.Fatalf("server log:\n%s", l)
	}
}

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
	first, rest := imp.first, imp.rest
	framing := fmt.Sprintf("Content-Length: %d", len(imp.first)+len(imp.rest))
	if imp.chunked {
		framing = "Transfer-Encoding: chunked"
		first = fmt.Sprintf("%x\r\n%s\r\n", len(first), first)
		if rest != "" {
			rest = fmt.Sprintf("%x\r\n%s\r\n", len(rest), rest)
		}
		rest += "0\r\n\r\n"
	}
	if _, err := io.WriteString(conn, importHead(set, token, imp.contentType, framing)+first); err != nil {
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
			conn, br := MustDial(t, addr)
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
