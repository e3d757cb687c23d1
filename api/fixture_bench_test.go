//go:build benchfixture

package api_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/factordb"
)

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
	n := 1_000_000
	if s := os.Getenv("PCF_BENCH_CERTIFICATES"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatalf("PCF_BENCH_CERTIFICATES=%q", s)
		}
	}
	db, err := factordb.OpenCertificateFixture(n, func(*factordb.DB) (uuid.UUID, error) {
		return uuid.Nil, errors.New("no fixture: build it with go test -tags benchfixture -run '^$' -bench Million ./factordb/")
	})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
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
	for _, clients := range []int{1, maxClients} {
		b.Run(fmt.Sprintf("certificates=%d/clients=%d", n, clients), func(b *testing.B) {
			var (
				next      atomic.Int64
				mu        sync.Mutex
				latencies []time.Duration
				failed    error
				wg        sync.WaitGroup
			)
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
			slices.Sort(latencies)
			q := func(p float64) float64 {
				return float64(latencies[int(p*float64(len(latencies)-1))]) / float64(time.Millisecond)
			}
			b.ReportMetric(q(0.50), "p50-ms")
			b.ReportMetric(q(0.99), "p99-ms")
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
		})
	}
}
