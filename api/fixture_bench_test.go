//go:build benchfixture

package api_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/factordb"
)

// openFixture opens the database of PCF_BENCH_CERTIFICATES (a million)
// certificates the factordb benchmarks build and cache, closed when b
// ends, and returns it with its number of certificates.
func openFixture(b *testing.B) (*factordb.DB, int) {
	n := envInt(b, "PCF_BENCH_CERTIFICATES", 1_000_000, 1, math.MaxInt)
	db, err := factordb.OpenCertificateFixture(n, func(*factordb.DB) (uuid.UUID, error) {
		return uuid.Nil, errors.New("no fixture: build it with go test -tags benchfixture -run '^$' -bench Million ./factordb/")
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db, n
}

// BenchmarkMillion_VerifyHTTP measures the public verification by ID (GET
// /v1/certificates/{id}/verify, JSON) over loopback HTTP on the database of
// a million certificates the factordb benchmarks build and cache (issue 14
// item 6; PCF_BENCH_CERTIFICATES for another size): 1 and 4 clients, each request
// for one of 1,000 fixture certificates spread over the numbers, each from
// its own client address (a trusted proxy's X-Forwarded-For, as behind
// the reverse proxy; the rate limit is per client). It reports the
// latency percentiles of the requests, to the end of the body. Run, after
// the factordb benchmarks have built the fixture:
//
//	go test -tags benchfixture -run '^$' -bench Million ./api/
func BenchmarkMillion_VerifyHTTP(b *testing.B) {
	db, n := openFixture(b)
	ctx := context.Background()
	fs := factordb.NewFactorService(db)
	certs := factordb.NewCertificationService(db)
	srv := api.NewServer()
	srv.FactorService, srv.AuthService, srv.StudyService = fs, factordb.NewAuthService(db), factordb.NewStudyService(db, fs, certs)
	srv.CertificationService, srv.KeyService, srv.ProductService = certs, factordb.NewKeyService(db), factordb.NewProductService(db)
	srv.BaseURL = testBaseURL
	srv.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	_, loopback, _ := net.ParseCIDR("127.0.0.0/8")
	srv.SetTrustedProxies([]*net.IPNet{loopback})
	if err := srv.Open("127.0.0.1:0"); err != nil {
		b.Fatal(err)
	}
	defer srv.Close(ctx)
	base := "http://" + srv.Addr().String() + "/v1/certificates/"

	ids := make([]string, 1000)
	for i := range ids {
		rec, err := certs.FindCertificateByNumber(ctx, factordb.FixtureNumber(i*(n/len(ids)), n))
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = rec.Certificate().ID.String()
	}
	const maxClients = 4
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: maxClients, MaxConnsPerHost: maxClients}, Timeout: time.Minute}
	defer client.CloseIdleConnections()
	var seq atomic.Int64
	get := func() (time.Duration, error) {
		i := seq.Add(1)
		req, err := http.NewRequest("GET", base+ids[i%int64(len(ids))]+"/verify", nil)
		if err != nil {
			return 0, err
		}
		req.Header.Set("Accept", "application/json")
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255))
		t0 := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			return 0, err
		}
		if resp.StatusCode != http.StatusOK {
			return 0, fmt.Errorf("status %d, want 200", resp.StatusCode)
		}
		return time.Since(t0), nil
	}
	for range 100 { // warm the connections and the page cache of the keys
		if _, err := get(); err != nil {
			b.Fatal(err)
		}
	}
	// Certificates no request has named yet (none of ids, none twice): the
	// server reads and decodes each afresh, as for scans of random
	// certificates among a million; the 1,000 of ids fit the caches.
	var cold []string
	if n >= 100_000 {
		cold = make([]string, 4000)
		for k := range cold {
			rec, err := certs.FindCertificateByNumber(ctx, factordb.FixtureNumber(k*(n/len(cold))+1, n))
			if err != nil {
				b.Fatal(err)
			}
			cold[k] = rec.Certificate().ID.String()
		}
	}
	var coldNext int
	// The server's own time: the same requests through Server.ServeHTTP,
	// with no connection, client or second goroutine.
	serve := func(b *testing.B, id func(j int64) string) {
		latencies := make([]time.Duration, 0, b.N)
		u0, g0 := usage(), gcCount()
		start := time.Now()
		for i := range b.N {
			j := seq.Add(1)
			req := httptest.NewRequest("GET", "/v1/certificates/"+id(j)+"/verify", nil)
			req.RemoteAddr = "127.0.0.1:40000"
			req.Header.Set("Accept", "application/json")
			req.Header.Set("Accept-Encoding", "gzip") // as the Go client sends it
			req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", j>>16&255, j>>8&255, j&255))
			w := httptest.NewRecorder()
			t0 := time.Now()
			srv.ServeHTTP(w, req)
			latencies = append(latencies, time.Since(t0))
			if w.Code != http.StatusOK {
				b.Fatalf("request %d: status %d, want 200", i, w.Code)
			}
		}
		reportLatencies(b, latencies, time.Since(start), u0, g0)
	}
	for range len(ids) { // every one of ids read once
		if _, err := get(); err != nil {
			b.Fatal(err)
		}
	}
	b.Run(fmt.Sprintf("certificates=%d/server", n), func(b *testing.B) {
		serve(b, func(j int64) string { return ids[j%int64(len(ids))] })
	})
	for _, clients := range []int{1, maxClients} {
		b.Run(fmt.Sprintf("certificates=%d/clients=%d", n, clients), func(b *testing.B) {
			var (
				next      atomic.Int64
				mu        sync.Mutex
				latencies []time.Duration
				failed    error
				wg        sync.WaitGroup
			)
			u0, g0 := usage(), gcCount()
			start := time.Now()
			for range clients {
				wg.Go(func() {
					var local []time.Duration
					for next.Add(1) <= int64(b.N) {
						d, err := get()
						if err != nil {
							mu.Lock()
							failed = err
							mu.Unlock()
							return
						}
						local = append(local, d)
					}
					mu.Lock()
					latencies = append(latencies, local...)
					mu.Unlock()
				})
			}
			wg.Wait()
			elapsed := time.Since(start)
			if failed != nil {
				b.Fatal(failed)
			}
			reportLatencies(b, latencies, elapsed, u0, g0)
		})
	}
	// Last: reading 2,000 other certificates evicts ids from the caches.
	if cold != nil {
		b.Run(fmt.Sprintf("certificates=%d/server-unread", n), func(b *testing.B) {
			if coldNext+b.N > len(cold) {
				b.Skipf("%d certificates not yet read, %d requests", len(cold)-coldNext, b.N)
			}
			serve(b, func(int64) string { coldNext++; return cold[coldNext-1] })
		})
	}
}

// reportLatencies reports the percentiles of latencies, the rate, and
// per request the page faults of the process (minor: a page of the
// mapped file not yet in this process's page tables; major: one read from
// disk) and the garbage collections since u0 and g0.
func reportLatencies(b *testing.B, latencies []time.Duration, elapsed time.Duration, u0 syscall.Rusage, g0 uint32) {
	u1, g1 := usage(), gcCount()
	slices.Sort(latencies)
	q := func(p float64) float64 {
		return float64(latencies[int(p*float64(len(latencies)-1))]) / float64(time.Millisecond)
	}
	b.ReportMetric(q(0.50), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
	b.ReportMetric(q(0.999), "p99.9-ms")
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(u1.Minflt-u0.Minflt)/float64(b.N), "minflt/op")
	b.ReportMetric(float64(u1.Majflt-u0.Majflt)/float64(b.N), "majflt/op")
	b.ReportMetric(float64(g1-g0)/float64(b.N), "gc/op")
}

func usage() syscall.Rusage {
	var u syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &u)
	return u
}

func gcCount() uint32 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.NumGC
}

// BenchmarkWebCertificateRegistry (tag benchfixture, for
// factordb.LoadFixtureCertificates) measures the public registry page, GET
// /certificates, through ServeHTTP for a page of 50 rows from 3,000 really
// signed certificates (factordb.LoadFixtureCertificates), each row's
// signature checked against the published keys: FirstPage asks for the
// same page each time (its signatures remembered, as for a page people
// read), Walk follows the pages from the first to the last and again, each
// page's signatures checked afresh (3,000 certificates are more than the
// memo holds). Each request comes from its own client address (the page is
// rate-limited per client). The fixture's certificates are dated 2024 and
// 2025 and signed by the fixture's own key of those years: every row is
// listed as verified (it measured rows withheld as "Signature not
// verified" when the fixture signed with the stack's key of 2026).
func BenchmarkWebCertificateRegistry(b *testing.B) {
	st := newSeededStack(b)
	fx := st.seedFixture(b, "")
	if err := factordb.LoadFixtureCertificates(st.db, 3000, uuid.MustParse(fx.cert)); err != nil {
		b.Fatal(err)
	}
	var client int
	get := func(b *testing.B, target string) string {
		client++
		req := httptest.NewRequest("GET", target, nil)
		req.Header.Set("Accept", "text/html")
		req.RemoteAddr = fmt.Sprintf("10.%d.%d.%d:1234", client>>16&255, client>>8&255, client&255)
		rec := httptest.NewRecorder()
		st.srv.ServeHTTP(rec, req)
		body := rec.Body.String()
		if rows := strings.Count(body, `<td class="first`); rec.Code != 200 || rows == 0 || strings.Contains(body, "Signature not verified") {
			b.Fatalf("%s: %d, %d rows, a signature not verified: %t", target, rec.Code, rows, strings.Contains(body, "Signature not verified"))
		}
		return body
	}
	next := func(body string) string {
		i := strings.Index(body, `rel="next" href="`)
		if i < 0 {
			return "/certificates"
		}
		rest := body[i+len(`rel="next" href="`):]
		return strings.ReplaceAll(rest[:strings.IndexByte(rest, '"')], "&amp;", "&")
	}
	b.Run("FirstPage", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			get(b, "/certificates")
		}
	})
	b.Run("Walk", func(b *testing.B) {
		b.ReportAllocs()
		target := "/certificates"
		for b.Loop() {
			target = next(get(b, target))
		}
	})
}

// BenchmarkMillion_MetricsScrape measures the first scrape of GET /metrics
// of a server on the million-certificate fixture: the one that reads the
// store's figures (later scrapes reuse them for api.StoreMetricsTTL), among
// them the certificates by status. Each iteration is a new server. It fails
// when the certificate figures are missing (their read timed out).
func BenchmarkMillion_MetricsScrape(b *testing.B) {
	db, _ := openFixture(b)
	certs := factordb.NewCertificationService(db)
	for b.Loop() {
		srv := api.NewServer()
		srv.CertificationService, srv.Database = certs, db
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		if body := rec.Body.String(); rec.Code != 200 || !strings.Contains(body, `pcf_certificates{status="valid"}`) {
			b.Fatalf("%d: no certificate figures: %.500s", rec.Code, body)
		}
	}
}
