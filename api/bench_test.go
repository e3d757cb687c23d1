package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// study100 returns the demo PV module study with a flat BOM of n lines
// cycling through the demo's material factors, and no green-power
// instrument (so that any number of copies can be stored).
func studyLines(tb testing.TB, n int) []byte {
	tb.Helper()
	doc := mustDoc(tb, pvStudy(tb, "unused"))
	materials := []string{"PV-GLASS-FLOAT", "PV-AL-PROFILE", "MAT-CU-CN"}
	// The lines weigh what the product weighs (a study's bill of materials
	// describes the whole declared unit), in shares of 1 to 7.
	mass, _ := doc["product"].(map[string]any)["mass_kg"].(float64)
	shares := 0
	for i := range n {
		shares += i%7 + 1
	}
	bom := make([]any, n)
	for i := range bom {
		q := 0.01 * float64(i%7+1)
		if mass > 0 {
			q = mass * float64(i%7+1) / float64(shares)
		}
		bom[i] = map[string]any{"name": fmt.Sprintf("part %d", i), "quantity": q, "unit": "kg", "factor": materials[i%len(materials)], "stage": "A1"}
	}
	// The first line is the module's cells, the part the pv-module rule
	// requires (counted in pieces, so outside the mass shares above).
	bom[0] = map[string]any{"name": "cells", "quantity": 60, "unit": "piece", "factor": "PV-CELL-MONO182", "stage": "A1"}
	doc["bom"] = bom
	delete(doc["electricity"].([]any)[0].(map[string]any), "instruments")
	return seedtest.MustMarshal(tb, doc)
}

// benchRequest measures the request r through ServeHTTP, which must answer
// want, reporting allocations and CPU time per request.
func benchRequest(b *testing.B, st *stack, r request, want int) {
	b.Helper()
	b.ReportAllocs()
	start := processCPU()
	for b.Loop() {
		if rec := st.do(b, r); rec.Code != want {
			b.Fatalf("status=%d: %s", rec.Code, rec.Body)
		}
	}
	reportCPU(b, start)
}

// BenchmarkServer_IssueCertificate measures POST /v1/applications/{id}/issue
// through ServeHTTP: reading the study, assembling and signing the
// certificate, and storing it with its audit record. Each iteration issues
// one pending application prepared before the timer.
func BenchmarkServer_IssueCertificate(b *testing.B) {
	st := newSeededStack(b)
	studyID := MustData[studyData](b, st.do(b, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: studyLines(b, 100)}), 201).ID
	cert := "" // each certificate supersedes the one before
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		app := st.applySuperseding(b, studyID, cert)
		b.StartTimer()
		rec := st.do(b, st.issueReq(b, app, ""))
		if rec.Code != 201 {
			b.Fatalf("status=%d: %s", rec.Code, rec.Body)
		}
		b.StopTimer()
		var out struct{ Data issueData }
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			b.Fatal(err)
		}
		cert = out.Data.CertificateID
		b.StartTimer()
	}
}

// BenchmarkServer_StudyCreate measures POST /v1/studies with a study of n
// BOM lines through ServeHTTP.
func BenchmarkServer_StudyCreate(b *testing.B) {
	_, fs := MustOpenSeededFactors(b)
	for _, n := range []int{10, 100} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			st := newStack(b, fs)
			benchRequest(b, st, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: studyLines(b, n)}, 201)
		})
	}
}

// BenchmarkServer_FactorByProductCode measures GET /v1/factors?product_code=
// through ServeHTTP.
func BenchmarkServer_FactorByProductCode(b *testing.B) {
	st := newSeededStack(b)
	b.ReportAllocs()
	for b.Loop() {
		rec := st.do(b, request{method: "GET", target: "/v1/factors?product_code=8541"})
		if rec.Code != 200 {
			b.Fatalf("status=%d", rec.Code)
		}
	}
}

// BenchmarkServer_Calculation measures POST /v1/calculations with a study
// of n BOM lines through ServeHTTP: read the study, calculate, encode the
// result; nothing is stored.
func BenchmarkServer_Calculation(b *testing.B) {
	st := newSeededStack(b)
	for _, n := range []int{10, 100} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			benchRequest(b, st, request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json", body: studyLines(b, n)}, 200)
		})
	}
}

// BenchmarkServer_StudyView measures GET /v1/studies/{id} of a stored study
// of n BOM lines through ServeHTTP: the summary, the study document and
// the result.
func BenchmarkServer_StudyView(b *testing.B) {
	st := newSeededStack(b)
	for _, n := range []int{10, 100} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			id := MustData[studyData](b, st.do(b, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: studyLines(b, n)}), 201).ID
			benchRequest(b, st, request{method: "GET", target: "/v1/studies/" + id, as: asMaker}, 200)
		})
	}
}

// BenchmarkServer_StudyCreateHTTP measures durable study submissions (POST
// /v1/studies, the 100-line study of the load test) from concurrent
// clients over loopback HTTP, with the middleware and logging of pcf serve
// (loadHTTP). It reports the throughput as req/s (issue 14 item 4: at
// least 1,500 with 8 clients on 2 cores).
func BenchmarkServer_StudyCreateHTTP(b *testing.B) {
	_, fs := MustOpenSeededFactors(b)
	for _, clients := range []int{1, 8} {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) {
			st := newStack(b, fs)
			body := studyLines(b, 100)
			loadHTTP(b, st, clients, func(base string) (*http.Request, error) {
				req, err := http.NewRequest("POST", base+"/v1/studies", bytes.NewReader(body))
				if err != nil {
					return nil, err
				}
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+st.tokens[asMaker])
				return req, nil
			}, http.StatusCreated)
		})
	}
}

// BenchmarkServer_CertificateDocumentHTTP measures downloads of a
// certificate's PDF documents (GET /v1/certificates/{id}/certificate.pdf
// and label.pdf, rendered by the labels package) by its manufacturer from
// 8 clients over loopback HTTP (loadHTTP), issue 14 item 5: at least 5,000
// req/s. The documents of the certificate's state are rendered once (by
// the warm-up request) and then served from the server's cache.
func BenchmarkServer_CertificateDocumentHTTP(b *testing.B) {
	st := newRenderingStack(b)
	fx := st.seedFixture(b, "")
	for _, doc := range []string{"certificate.pdf", "label.pdf"} {
		b.Run(fmt.Sprintf("doc=%s/clients=8", doc), func(b *testing.B) {
			loadHTTP(b, st, 8, func(base string) (*http.Request, error) {
				req, err := http.NewRequest("GET", base+"/v1/certificates/"+fx.cert+"/"+doc, nil)
				if err != nil {
					return nil, err
				}
				req.Header.Set("Authorization", "Bearer "+st.tokens[asMaker])
				return req, nil
			}, http.StatusOK)
		})
	}
}

// loadHTTP serves st's server on a loopback port, with the middleware and
// logging of pcf serve (text log lines formatted, then dropped), and sends
// b.N requests made by newRequest (given the server's base URL) from
// clients goroutines, each with its own keep-alive connection, failing on
// any status but want. Client and server share the process and its cores,
// as in the load test. It reports the throughput as req/s and the
// process's CPU time per request (client included).
func loadHTTP(b *testing.B, st *stack, clients int, newRequest func(base string) (*http.Request, error), want int) {
	b.Helper()
	st.srv.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := st.srv.Open("127.0.0.1:0"); err != nil {
		b.Fatal(err)
	}
	defer st.srv.Close(context.Background())
	base := "http://" + st.srv.Addr().String()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}, Timeout: time.Minute}
	defer client.CloseIdleConnections()
	send := func() error {
		req, err := newRequest(base)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			return err
		}
		if resp.StatusCode != want {
			return fmt.Errorf("status %d, want %d", resp.StatusCode, want)
		}
		return nil
	}
	if err := send(); err != nil { // warm the connection and the caches
		b.Fatal(err)
	}
	var next atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	start, cpu := time.Now(), processCPU()
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for range clients {
		wg.Go(func() {
			for next.Add(1) <= int64(b.N) {
				if err := send(); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	close(errs)
	if err := <-errs; err != nil {
		b.Fatal(err)
	}
	reportCPU(b, cpu)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
}

// processCPU and reportCPU are footprinttest's CPU-time reading and
// "cpu-ns/op" report, under the names the benchmarks here use.
var (
	processCPU = footprinttest.ProcessCPU
	reportCPU  = footprinttest.ReportCPU
)
