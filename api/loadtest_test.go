//go:build loadtest

package api_test

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"
)

// The load test runs a server on 127.0.0.1 (a real TCP listener, the
// middleware and logging of pcf serve, the real factor store) and a Go load
// generator in the same process, so both share this machine's cores. It is
// bounded in time (PCF_LOAD_SECONDS, default 5 s per scenario) and in
// requests (1,000,000). Run:
//
//	go test -tags loadtest -run TestLoad -v ./api
func TestLoad(t *testing.T) {
	seconds := envInt(t, "PCF_LOAD_SECONDS", 5, 1, 60)
	// With fsync per commit, as the service runs.
	st := newDurableSeededStack(t)
	st.srv.Logger = slog.New(slog.NewTextHandler(io.Discard, nil)) // formatted as pcf serve does, then dropped
	if err := st.srv.Open("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	defer st.srv.Close(t.Context())
	base := "http://" + st.srv.Addr().String()
	study := studyLines(t, 100)
	// postStudy posts the study to path as the manufacturer.
	postStudy := func(path string) func() *http.Request {
		return func() *http.Request {
			r, _ := http.NewRequest("POST", base+path, bytes.NewReader(study))
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("Authorization", "Bearer "+st.tokens[asMaker])
			return r
		}
	}

	for _, sc := range []struct {
		name    string
		workers int
		req     func() *http.Request
		want    int
	}{
		{"factor query by product code (GET /v1/factors?product_code=854143)", 8, func() *http.Request {
			r, _ := http.NewRequest("GET", base+"/v1/factors?product_code=854143&product_code_match=exact", nil)
			return r
		}, 200},
		{"100-line study calculation (POST /v1/calculations)", 4, postStudy("/v1/calculations"), 200},
		{"100-line study submission, stored durably (POST /v1/studies)", 4, postStudy("/v1/studies"), 201},
	} {
		res := load(t, sc.workers, time.Duration(seconds)*time.Second, 1_000_000, sc.req, sc.want)
		t.Logf("%s: %d workers, %d requests in %v: %.0f req/s, p50 %v, p99 %v, max %v",
			sc.name, sc.workers, res.n, res.elapsed.Round(time.Millisecond), res.rps, res.p50, res.p99, res.max)
		fmt.Printf("| %s | %d | %d | %.0f | %v | %v |\n", sc.name, sc.workers, res.n, res.rps,
			res.p50.Round(time.Microsecond), res.p99.Round(time.Microsecond))
	}
}

type loadResult struct {
	n             int
	elapsed       time.Duration
	rps           float64
	p50, p99, max time.Duration
}

// load sends requests from workers goroutines over keep-alive connections
// until d has passed or limit requests were sent, and measures each
// request's latency to the end of its body.
func load(tb testing.TB, workers int, d time.Duration, limit int, newReq func() *http.Request, want int) loadResult {
	tb.Helper()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers, MaxConnsPerHost: workers}, Timeout: 30 * time.Second}
	defer client.CloseIdleConnections()
	var (
		mu        sync.Mutex
		latencies []time.Duration
		failed    error
		wg        sync.WaitGroup
		sent      int
	)
	deadline := time.Now().Add(d)
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]time.Duration, 0, 4096)
			defer func() {
				mu.Lock()
				latencies = append(latencies, local...)
				mu.Unlock()
			}()
			for time.Now().Before(deadline) {
				mu.Lock()
				if sent >= limit || failed != nil {
					mu.Unlock()
					return
				}
				sent++
				mu.Unlock()
				t0 := time.Now()
				resp, err := client.Do(newReq())
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != want {
						err = fmt.Errorf("status %d, want %d", resp.StatusCode, want)
					}
				}
				if err != nil {
					mu.Lock()
					failed = err
					mu.Unlock()
					return
				}
				local = append(local, time.Since(t0))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if failed != nil {
		tb.Fatal(failed)
	}
	slices.Sort(latencies)
	q := func(p float64) time.Duration { return latencies[int(p*float64(len(latencies)-1))] }
	return loadResult{n: len(latencies), elapsed: elapsed, rps: float64(len(latencies)) / elapsed.Seconds(),
		p50: q(0.50), p99: q(0.99), max: latencies[len(latencies)-1]}
}
