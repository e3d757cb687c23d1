package api_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// MustOpenServer serves s on a free loopback port until the test ends and
// returns its base URL.
func MustOpenServer(tb testing.TB, s *api.Server) string {
	tb.Helper()
	if err := s.Open("127.0.0.1:0"); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.Close(ctx); err != nil {
			tb.Error(err)
		}
	})
	return "http://" + s.Addr().String()
}

// trickle sends lines on conn one per tick, at most max of them, until the
// server closes the connection. It reports whether the server cut the
// connection off before all lines were sent, and what the server wrote.
func trickle(t *testing.T, conn net.Conn, max int, line func(i int) string) (cutOff bool, reply []byte) {
	t.Helper()
	closed := make(chan []byte, 1)
	go func() {
		b, _ := io.ReadAll(conn)
		closed <- b
	}()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for i := range max {
		select {
		case reply = <-closed:
			return true, reply
		case <-tick.C:
		}
		if _, err := io.WriteString(conn, line(i)); err != nil {
			// The server closed the connection; the reader sees it too.
			return true, <-closed
		}
	}
	return false, nil
}

// Ensure a client that trickles its headers, or its body, is cut off by the
// server's timeouts while a normal client is served meanwhile.
func TestServer_SlowClientsCutOff(t *testing.T) {
	s := api.NewServer()
	s.ReadHeaderTimeout = 150 * time.Millisecond
	s.ReadTimeout = 300 * time.Millisecond
	base := MustOpenServer(t, s)
	addr := strings.TrimPrefix(base, "http://")

	t.Run("Headers", func(t *testing.T) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: pcf\r\n"); err != nil {
			t.Fatal(err)
		}
		// A normal client meanwhile, while the slow one holds a connection
		// whose headers are half read. (It was asked for at the trickle's
		// third line, which on a loaded machine came after the header
		// timeout had already cut the slow client off.)
		resp, err := http.Get(base + "/healthz")
		if err != nil {
			t.Fatalf("normal client: %v", err)
		}
		resp.Body.Close()
		served := resp.StatusCode == 200
		// At most 500 header lines (10 s at one per tick): far more than
		// the timeout allows, few enough that the test ends without it.
		cutOff, reply := trickle(t, conn, 500, func(i int) string { return fmt.Sprintf("X-Trickle-%d: 1\r\n", i) })
		if !cutOff {
			t.Fatal("a client trickling its headers was never cut off")
		}
		if bytes.Contains(reply, []byte("200 OK")) {
			t.Fatalf("the slow client was served: %q", reply)
		}
		if !served {
			t.Fatal("the normal client was not served while the slow one trickled")
		}
	})

	t.Run("Body", func(t *testing.T) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		// A public route that reads its body.
		if _, err := io.WriteString(conn, "POST /v1/auth/token HTTP/1.1\r\nHost: pcf\r\n"+
			"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		cutOff, reply := trickle(t, conn, 500, func(int) string { return "a" })
		if !cutOff {
			t.Fatal("a client trickling its body was never cut off")
		}
		if bytes.Contains(reply, []byte("200 OK")) {
			t.Fatalf("the slow client was served: %q", reply)
		}
	})
}

// Ensure headers larger than MaxHeaderBytes are refused with 431.
func TestServer_MaxHeaderBytes(t *testing.T) {
	s := api.NewServer()
	s.MaxHeaderBytes = 1 << 10
	base := MustOpenServer(t, s)
	req, _ := http.NewRequest("GET", base+"/healthz", nil)
	req.Header.Set("X-Big", strings.Repeat("x", 16<<10)) // net/http allows 4 KiB of slack
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got, want := resp.StatusCode, http.StatusRequestHeaderFieldsTooLarge; got != want {
		t.Fatalf("status=%d, want %d", got, want)
	}
	if resp, err := http.Get(base + "/healthz"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("normal request: %v %v", resp, err)
	}
}

// Ensure /metrics is the Prometheus client's: request counts and latency
// histograms by route template, method and status, Go runtime and process
// metrics, build info, database size, certificates by status and the
// current factor set.
func TestServer_MetricsPrometheus(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	st.srv.Version = "9.9.9-test"
	st.srv.Database = st.srv.Backup.(*factordb.DB)
	st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert, as: asMaker})
	st.do(t, request{method: "HEAD", target: "/v1/factors/ELEC-CN-NAT-CF-2024"})
	rec := st.do(t, request{method: "GET", target: "/metrics"})
	if rec.Code != 200 {
		t.Fatalf("status=%d: %s", rec.Code, rec.Body)
	}
	body := rec.Body.String()
	wants := []string{
		`pcf_http_requests_total{method="GET",route="/v1/certificates/:id",status="200"} 1`,
		`pcf_http_request_duration_seconds_count{method="GET",route="/v1/certificates/:id",status="200"} 1`,
		`pcf_http_requests_total{method="HEAD",route="/v1/factors/:code",status="200"} 1`,
		`pcf_build_info{goversion="` + runtime.Version() + `",version="9.9.9-test"} 1`,
		`pcf_certificates{status="valid"} 1`,
		`pcf_certificates{status="withdrawn"} 0`,
		`pcf_factor_sets{status="published"} 1`,
		`pcf_factor_set_current_info{version="2026.1"} 1`,
		"\ngo_goroutines ",
		"\ngo_build_info{",
	}
	if runtime.GOOS == "linux" {
		wants = append(wants, "\nprocess_start_time_seconds ", "\nprocess_resident_memory_bytes ")
	}
	for _, want := range wants {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	m := regexp.MustCompile(`\npcf_database_size_bytes (\d+)\n`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no pcf_database_size_bytes")
	}
	if n, _ := strconv.Atoi(m[1]); n < 4096 {
		t.Errorf("database size %d bytes, want a real size", n)
	}
}

// failingFactors is a FactorService whose database does not answer.
type failingFactors struct{ footprint.FactorService }

func (failingFactors) FindFactorSets(context.Context) ([]*footprint.FactorSet, error) {
	return nil, fmt.Errorf("factordb: database not open")
}

// Ensure /readyz checks the database (200 when it answers, 503 unavailable
// when it does not) while /healthz stays a static liveness answer.
func TestServer_Readyz(t *testing.T) {
	db, err := factordb.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	s := api.NewServer()
	s.FactorService = factordb.NewFactorService(db)
	if rec, _ := do(t, s, "GET", "/readyz"); rec.Code != 200 || !strings.Contains(rec.Body.String(), `"ready"`) {
		t.Fatalf("open database: %d %s", rec.Code, rec.Body)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	rec, e := do(t, s, "GET", "/readyz")
	if rec.Code != 503 || e.Error.Code != "unavailable" {
		t.Fatalf("closed database: %d %s", rec.Code, rec.Body)
	}
	if strings.Contains(rec.Body.String(), "factordb") || strings.Contains(rec.Body.String(), "bolt") {
		t.Fatalf("internal detail leaked: %s", rec.Body)
	}
	if rec, _ := do(t, s, "GET", "/healthz"); rec.Code != 200 {
		t.Fatalf("healthz with the database closed: %d", rec.Code)
	}

	s.FactorService = failingFactors{}
	if rec, _ := do(t, s, "GET", "/readyz"); rec.Code != 503 {
		t.Fatalf("failing database: %d", rec.Code)
	}
	s.FactorService = nil
	if rec, _ := do(t, s, "GET", "/readyz"); rec.Code != 503 {
		t.Fatalf("no database: %d", rec.Code)
	}
}

// logLine is one JSON request log record.
type logLine struct {
	Msg       string `json:"msg"`
	RequestID string `json:"request_id"`
	Client    string `json:"client"`
	Method    string `json:"method"`
	Route     string `json:"route"`
	Path      string `json:"path"`
	Status    int    `json:"status"`
	Latency   *int64 `json:"latency"`
	ErrorCode string `json:"error_code"`
}

func parseLog(t *testing.T, b []byte) []logLine {
	t.Helper()
	var out []logLine
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		var l logLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("log line %q: %v", sc.Text(), err)
		}
		if l.Msg == "request" {
			out = append(out, l)
		}
	}
	return out
}

// Ensure each request is logged once, structured, with client address,
// route template, status, latency, request ID and, for a client error, its
// error code; and that no token reaches the log, from the Authorization
// header or the query.
func TestServer_RequestLog(t *testing.T) {
	st := newSeededStack(t)
	var logs bytes.Buffer
	st.srv.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	token := st.tokens[asMaker]
	// pcf_<hex key ID>_<secret>: the secret is base64url and may itself
	// hold "_", so it is everything after the second one (taking the tail
	// after the last "_" made a two-letter "secret" that random request
	// IDs sometimes contained, a flaky failure).
	secret := strings.SplitN(token, "_", 3)[2]
	if len(secret) < 40 {
		t.Fatalf("secret %q of token %q: want the whole 32-byte secret", secret, token)
	}

	st.do(t, request{method: "GET", target: "/v1/studies", as: asMaker})
	doRequest(t, st.srv, token+"x", request{method: "GET", target: "/v1/studies"})
	st.do(t, request{method: "GET", target: "/v1/factors?access_token=" + token, as: asMaker})
	st.do(t, request{method: "GET", target: "/v1/factors/NO-SUCH"})

	if strings.Contains(logs.String(), secret) || strings.Contains(logs.String(), "Bearer") {
		t.Fatalf("a token reached the log:\n%s", logs.String())
	}
	lines := parseLog(t, logs.Bytes())
	if len(lines) != 4 {
		t.Fatalf("%d request lines, want 4:\n%s", len(lines), logs.String())
	}
	for i, want := range []logLine{
		{Method: "GET", Route: "/v1/studies", Path: "/v1/studies", Status: 200},
		{Method: "GET", Route: "/v1/studies", Path: "/v1/studies", Status: 401, ErrorCode: "unauthorized"},
		{Method: "GET", Route: "/v1/factors", Path: "/v1/factors", Status: 400, ErrorCode: "invalid"},
		{Method: "GET", Route: "/v1/factors/:code", Path: "/v1/factors/NO-SUCH", Status: 404, ErrorCode: "not_found"},
	} {
		got := lines[i]
		if got.Method != want.Method || got.Route != want.Route || got.Path != want.Path || got.Status != want.Status || got.ErrorCode != want.ErrorCode {
			t.Errorf("line %d = %+v, want %+v", i, got, want)
		}
		if got.RequestID == "" || got.Client != "192.0.2.1" || got.Latency == nil {
			t.Errorf("line %d lacks request ID, client or latency: %+v", i, got)
		}
	}
}

// verifyFrom sends one verification request from peer with an optional
// X-Forwarded-For header and returns the status.
func verifyFrom(s http.Handler, peer, xff string) int {
	req := httptest.NewRequest("GET", "/v1/certificates/3f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80/verify", nil)
	req.RemoteAddr = peer
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec.Code
}

// Ensure X-Forwarded-For is believed only from a trusted proxy, for the
// verification rate limit and the log alike: from any other peer (even a
// private address, which echo trusts by default) it is ignored, and behind
// the trusted proxy each client has its own bucket.
func TestServer_TrustedProxies(t *testing.T) {
	s := api.NewServer() // no certificates: verify answers 501 until limited
	var logs bytes.Buffer
	s.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	_, proxy, err := net.ParseCIDR("10.0.0.1/32")
	if err != nil {
		t.Fatal(err)
	}
	s.SetTrustedProxies([]*net.IPNet{proxy})
	api.StopLookupClock(s, time.Now())

	t.Run("Untrusted", func(t *testing.T) {
		limited := false
		for i := 0; i < 3*api.VerifyBurst && !limited; i++ {
			// A new invented client each time: it must not earn a new bucket.
			limited = verifyFrom(s, "10.0.0.9:4000", fmt.Sprintf("203.0.113.%d", i)) == 429
		}
		if !limited {
			t.Fatal("invented X-Forwarded-For addresses from an untrusted peer escaped the rate limit")
		}
	})

	t.Run("Trusted", func(t *testing.T) {
		logs.Reset()
		limited := false
		for i := 0; i < 3*api.VerifyBurst && !limited; i++ {
			limited = verifyFrom(s, "10.0.0.1:4000", "198.51.100.1") == 429
		}
		if !limited {
			t.Fatal("one client behind the proxy was never limited")
		}
		if got := verifyFrom(s, "10.0.0.1:4000", "198.51.100.2"); got == 429 {
			t.Fatal("a second client behind the proxy shares the first one's bucket")
		}
		lines := parseLog(t, logs.Bytes())
		if got := lines[len(lines)-1].Client; got != "198.51.100.2" {
			t.Fatalf("logged client %q, want the forwarded address", got)
		}
	})
}

// Ensure reads pinned to a published factor set carry an ETag and
// Cache-Control immutable and answer If-None-Match with 304; unpinned or
// draft reads revalidate; HEAD is answered on GET routes; large lists are
// gzip-compressed for clients that accept it.
func TestServer_PinnedFactorReadsCache(t *testing.T) {
	st := newSeededStack(t)
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json",
		body: []byte(`{"version":"2026.9","based_on":"2026.1"}`)}), 201)

	for _, tt := range []struct {
		target    string
		immutable bool
	}{
		{"/v1/factors?set=2026.1&product_code=8541", true},
		{"/v1/factors/ELEC-CN-NAT-CF-2024?set=2026.1", true},
		{"/v1/factor-sets/2026.1", true},
		{"/v1/factor-sets/2026.1/export", true},
		{"/v1/factor-sets/2026.1/export?format=json", true},
		{"/v1/factors?product_code=8541", false},
		{"/v1/factors/ELEC-CN-NAT-CF-2024", false},
		{"/v1/factors?set=2026.9", false},
		{"/v1/factor-sets/2026.9", false},
		{"/v1/factor-sets/2026.9/export", false},
		{"/v1/factor-sets", false},
	} {
		t.Run(tt.target, func(t *testing.T) {
			// As an admin: only admins read drafts (2026.9).
			rec := st.do(t, request{method: "GET", target: tt.target, as: asAdmin})
			if rec.Code != 200 {
				t.Fatalf("status=%d: %s", rec.Code, rec.Body)
			}
			etag, cc := rec.Header().Get("ETag"), rec.Header().Get("Cache-Control")
			if etag == "" {
				t.Fatal("no ETag")
			}
			immutable := strings.Contains(cc, "immutable") && strings.Contains(cc, "public") && strings.Contains(cc, "max-age=31536000")
			if immutable != tt.immutable {
				t.Fatalf("Cache-Control %q, want immutable=%v", cc, tt.immutable)
			}
			req := httptest.NewRequest("GET", tt.target, nil)
			req.Header.Set("Authorization", "Bearer "+st.tokens[asAdmin])
			req.Header.Set("If-None-Match", `"other", `+etag)
			cond := httptest.NewRecorder()
			st.srv.ServeHTTP(cond, req)
			if cond.Code != 304 || cond.Body.Len() != 0 || cond.Header().Get("ETag") != etag {
				t.Fatalf("If-None-Match: status=%d etag=%q body=%d bytes", cond.Code, cond.Header().Get("ETag"), cond.Body.Len())
			}
			req.Header.Set("If-None-Match", `W/"stale"`)
			cond = httptest.NewRecorder()
			st.srv.ServeHTTP(cond, req)
			if cond.Code != 200 || !bytes.Equal(cond.Body.Bytes(), rec.Body.Bytes()) {
				t.Fatalf("a stale If-None-Match: status=%d", cond.Code)
			}
		})
	}

	t.Run("HEAD", func(t *testing.T) {
		base := MustOpenServer(t, st.srv)
		get, err := http.Get(base + "/v1/factors/ELEC-CN-NAT-CF-2024?set=2026.1")
		if err != nil {
			t.Fatal(err)
		}
		get.Body.Close()
		resp, err := http.Head(base + "/v1/factors/ELEC-CN-NAT-CF-2024?set=2026.1")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || len(b) != 0 || resp.Header.Get("ETag") != get.Header.Get("ETag") ||
			!strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("HEAD: %d, %d body bytes, ETag %q (GET %q), type %q", resp.StatusCode, len(b), resp.Header.Get("ETag"), get.Header.Get("ETag"), resp.Header.Get("Content-Type"))
		}
		// HEAD keeps the GET route's access rule and the 405 of POST-only routes.
		for target, want := range map[string]int{"/v1/studies": 401, "/v1/auth/token": 405, "/healthz": 200} {
			resp, err := http.Head(base + target)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != want {
				t.Errorf("HEAD %s: %d, want %d", target, resp.StatusCode, want)
			}
		}
	})

	t.Run("Gzip", func(t *testing.T) {
		target := "/v1/factors?set=2026.1&limit=1000"
		plain := st.do(t, request{method: "GET", target: target})
		req := httptest.NewRequest("GET", target, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		st.srv.ServeHTTP(rec, req)
		if rec.Code != 200 || rec.Header().Get("Content-Encoding") != "gzip" {
			t.Fatalf("status=%d Content-Encoding=%q", rec.Code, rec.Header().Get("Content-Encoding"))
		}
		got := footprinttest.Gunzip(t, rec.Body)
		if !bytes.Equal(got, plain.Body.Bytes()) || len(got) <= rec.Body.Len() {
			t.Fatalf("gzip body: %d bytes unpacked (plain %d), %d sent", len(got), plain.Body.Len(), rec.Body.Len())
		}
		if rec.Header().Get("ETag") != plain.Header().Get("ETag") {
			t.Fatal("the ETag differs with the encoding")
		}
		// A calculation answer is large but not a list: it goes out as it
		// is, so the CPU goes to calculating.
		body, err := os.ReadFile(filepath.Join("..", "seed", "studies", "pv-module.json"))
		if err != nil {
			t.Fatal(err)
		}
		req = httptest.NewRequest("POST", "/v1/calculations", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept-Encoding", "gzip")
		req.Header.Set("Authorization", "Bearer "+st.tokens[asMaker])
		rec = httptest.NewRecorder()
		st.srv.ServeHTTP(rec, req)
		if rec.Code != 200 || rec.Body.Len() < api.GzipMinLength || rec.Header().Get("Content-Encoding") != "" {
			t.Fatalf("calculation: status=%d, %d bytes, Content-Encoding=%q", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Encoding"))
		}
		// A small answer is not worth compressing.
		req = httptest.NewRequest("GET", "/healthz", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec = httptest.NewRecorder()
		st.srv.ServeHTTP(rec, req)
		if rec.Header().Get("Content-Encoding") != "" {
			t.Fatal("a small answer was compressed")
		}
	})
}

// Ensure every route refuses a query parameter it does not take with 400
// invalid naming the parameter (the check is in one place, for every
// route), while the parameters it does take pass.
func TestServer_UnknownQueryParameters(t *testing.T) {
	st := newSeededStack(t)

	rec := st.do(t, request{method: "GET", target: "/v1/factors?code=ELEC-CN-NAT-CF-2024"})
	e := MustError(t, rec, 400, "invalid")
	if e.Error.Field != "code" || !strings.Contains(e.Error.Message, `"code"`) || !strings.Contains(e.Error.Message, "product_code") {
		t.Fatalf("error %+v: want the parameter named, and the ones the route takes", e.Error)
	}

	sample := strings.NewReplacer(":id", "3f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80", ":code", "ELEC-CN-NAT-CF-2024", ":version", "2026.1")
	for _, route := range st.srv.Routes() {
		method, path, _ := strings.Cut(route, " ")
		t.Run(route, func(t *testing.T) {
			if strings.HasPrefix(path, "/2/") || strings.HasPrefix(path, "/3/") {
				// PACT routes (HTTPS only) answer in the PACT format; the
				// operator may not call them.
				rec := st.do(t, request{method: method, target: "https://pcf.test" + sample.Replace(path) + "?no_such_param=1", as: asMaker})
				MustPACTError(t, rec, 400, "BadRequest")
				if !strings.Contains(rec.Body.String(), "no_such_param") {
					t.Fatalf("error %s does not name the parameter", rec.Body)
				}
				return
			}
			if path == "/auth/token" {
				path = "https://pcf.test" + path
			}
			// As a caller the route lets in: the query is checked after the
			// role (TestServer_AuthBeforeQuery).
			as := asAdmin
			if _, roles, _ := api.Access(method, path); len(roles) > 0 && !slices.Contains(roles, access.RoleAdmin) {
				as = map[access.Role]string{access.RoleManufacturer: asMaker, access.RoleCertifier: asCert, access.RoleRegulator: asReg}[roles[0]]
			}
			rec := st.do(t, request{method: method, target: sample.Replace(path) + "?no_such_param=1", as: as})
			e := MustError(t, rec, 400, "invalid")
			if e.Error.Field != "no_such_param" || !strings.Contains(e.Error.Message, "no_such_param") {
				t.Fatalf("error %+v does not name the parameter", e.Error)
			}
		})
	}

	// A person opening a verification link that an app decorated with its
	// own parameters gets the page, not an error about the parameter.
	req := httptest.NewRequest("GET", "/v1/certificates/3f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80/verify?from=singlemessage", nil)
	req.Header.Set("Accept", "text/html")
	page := httptest.NewRecorder()
	st.srv.ServeHTTP(page, req)
	if page.Code != 404 || !strings.HasPrefix(page.Header().Get("Content-Type"), "text/html") ||
		strings.Contains(page.Body.String(), "from") {
		t.Fatalf("browser: %d %q\n%s", page.Code, page.Header().Get("Content-Type"), page.Body)
	}

	// Parameters a route takes still pass.
	if rec := st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.1/export?format=json"}); rec.Code != 200 {
		t.Fatalf("a documented parameter: %d %s", rec.Code, rec.Body)
	}
}

// slowFactors blocks FindFactorByCode until released.
type slowFactors struct {
	footprint.FactorService
	entered, release chan struct{}
}

func (f *slowFactors) FindFactorByCode(ctx context.Context, set, code string) (*footprint.Factor, error) {
	close(f.entered)
	<-f.release
	return testFactor(), nil
}

// FindFactorSetByVersion knows no set: the caching of pinned reads asks it.
func (f *slowFactors) FindFactorSetByVersion(_ context.Context, version string) (*footprint.FactorSet, error) {
	return nil, footprint.Errorf(footprint.ENOTFOUND, "factor set %q not found", version)
}

// Ensure Close lets a request in flight finish with its response, while the
// listener stops taking new connections at once.
func TestServer_GracefulShutdown(t *testing.T) {
	fs := &slowFactors{entered: make(chan struct{}), release: make(chan struct{})}
	s := api.NewServer()
	s.FactorService = fs
	if err := s.Open("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	addr := s.Addr().String()

	type result struct {
		status int
		body   string
		err    error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := http.Get("http://" + addr + "/v1/factors/ELEC-TEST?set=2026.1")
		if err != nil {
			done <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		done <- result{status: resp.StatusCode, body: string(b), err: err}
	}()
	<-fs.entered

	closed := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		closed <- s.Close(ctx)
	}()
	// Wait until Close has closed the listener (a dial is refused), with a
	// bounded number of tries, then let the handler finish.
	refused := false
	for range 100000 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			refused = true
			break
		}
		c.Close()
		runtime.Gosched()
	}
	if !refused {
		t.Fatal("listener still accepting after Close")
	}
	select {
	case err := <-closed:
		t.Fatalf("Close returned (%v) while a request was in flight", err)
	default:
	}
	close(fs.release)

	r := <-done
	if r.err != nil || r.status != 200 {
		t.Fatalf("in-flight request: status=%d err=%v body=%s", r.status, r.err, r.body)
	}
	if err := <-closed; err != nil {
		t.Fatalf("Close: %v", err)
	}
}

// Ensure GET /v1/audit gives each event's place in the hash chain, from
// which its digest can be recomputed, and GET /v1/audit/head the newest
// event's seq and digest.
func TestAudit_Chain(t *testing.T) {
	st := newSeededStack(t)
	events := MustData[[]access.AuditEvent](t, st.do(t, request{method: "GET", target: "/v1/audit?limit=3", as: asReg}), 200)
	if len(events) != 3 {
		t.Fatalf("%d events", len(events))
	}
	for i, ev := range events {
		if ev.Digest != ev.ChainDigest() || (i > 0 && (events[i-1].Prev != ev.Digest || events[i-1].Seq != ev.Seq+1)) {
			t.Fatalf("event %d of the page does not chain: %+v", i, ev)
		}
	}
	head := MustData[access.AuditHead](t, st.do(t, request{method: "GET", target: "/v1/audit/head", as: asAdmin}), 200)
	if want := (access.AuditHead{Count: events[0].Seq, Digest: events[0].Digest}); head != want {
		t.Fatalf("head %+v, want the newest event's %+v", head, want)
	}
}
