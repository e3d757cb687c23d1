package api

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
)

// latencyBuckets are the upper bounds, in seconds, of the request-latency
// histogram: from 0.5 ms (a cached factor read) to 10 s (a large upload).
var latencyBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// unmatchedRoute labels requests that matched no route, so that scanners
// probing random paths cannot grow the number of series.
const unmatchedRoute = "unmatched"

// metrics holds the server's Prometheus metrics, written by hand in the
// text exposition format (version 0.0.4) to avoid a client library: request
// counts by route, method and status; a latency histogram by route and
// method; the number of requests in flight.
type metrics struct {
	started  time.Time
	inFlight atomic.Int64

	mu       sync.RWMutex
	requests map[requestKey]*atomic.Uint64
	latency  map[routeKey]*histogram
}

type routeKey struct{ route, method string }

type requestKey struct {
	routeKey
	status int
}

// histogram is a cumulative-at-render latency histogram; counts are per
// bucket (not cumulative) so that observe touches one counter.
type histogram struct {
	counts [15]atomic.Uint64 // len(latencyBuckets)+1: the last is the +Inf bucket
	sumNs  atomic.Uint64
	count  atomic.Uint64
}

func newMetrics(now time.Time) *metrics {
	return &metrics{started: now, requests: map[requestKey]*atomic.Uint64{}, latency: map[routeKey]*histogram{}}
}

func (m *metrics) observe(route, method string, status int, d time.Duration) {
	rk := routeKey{route, method}
	qk := requestKey{rk, status}
	m.mu.RLock()
	c, okC := m.requests[qk]
	h, okH := m.latency[rk]
	m.mu.RUnlock()
	if !okC || !okH {
		m.mu.Lock()
		if c, okC = m.requests[qk]; !okC {
			c = new(atomic.Uint64)
			m.requests[qk] = c
		}
		if h, okH = m.latency[rk]; !okH {
			h = new(histogram)
			m.latency[rk] = h
		}
		m.mu.Unlock()
	}
	c.Add(1)
	secs := d.Seconds()
	i, _ := slices.BinarySearch(latencyBuckets, secs)
	h.counts[i].Add(1)
	h.sumNs.Add(uint64(d.Nanoseconds()))
	h.count.Add(1)
}

// middleware counts every request, including those that end in an error or
// match no route. It hands an error to the error handler itself, so that the
// status it records is the one the client got.
func (s *Server) metricsMiddleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		m := s.metrics
		m.inFlight.Add(1)
		start := time.Now()
		err := next(c)
		if err != nil && !c.Response().Committed {
			c.Error(err)
		}
		route := c.Path()
		if !s.routePaths[route] {
			route = unmatchedRoute
		}
		m.inFlight.Add(-1)
		m.observe(route, c.Request().Method, c.Response().Status, time.Since(start))
		return err
	}
}

func (s *Server) handleMetrics(c echo.Context) error {
	var b bytes.Buffer
	s.metrics.write(&b, s.Now())
	return c.Blob(http.StatusOK, "text/plain; version=0.0.4; charset=utf-8", b.Bytes())
}

func (m *metrics) write(b *bytes.Buffer, now time.Time) {
	m.mu.RLock()
	reqKeys := make([]requestKey, 0, len(m.requests))
	for k := range m.requests {
		reqKeys = append(reqKeys, k)
	}
	latKeys := make([]routeKey, 0, len(m.latency))
	for k := range m.latency {
		latKeys = append(latKeys, k)
	}
	m.mu.RUnlock()
	slices.SortFunc(reqKeys, func(a, b requestKey) int {
		if c := strings.Compare(a.route, b.route); c != 0 {
			return c
		}
		if c := strings.Compare(a.method, b.method); c != 0 {
			return c
		}
		return a.status - b.status
	})
	slices.SortFunc(latKeys, func(a, b routeKey) int {
		if c := strings.Compare(a.route, b.route); c != 0 {
			return c
		}
		return strings.Compare(a.method, b.method)
	})

	b.WriteString("# HELP pcf_http_requests_total HTTP requests by route template, method and status.\n")
	b.WriteString("# TYPE pcf_http_requests_total counter\n")
	for _, k := range reqKeys {
		m.mu.RLock()
		n := m.requests[k].Load()
		m.mu.RUnlock()
		fmt.Fprintf(b, "pcf_http_requests_total{route=%s,method=%s,status=\"%d\"} %d\n", quoteLabel(k.route), quoteLabel(k.method), k.status, n)
	}

	b.WriteString("# HELP pcf_http_request_duration_seconds HTTP request latency by route template and method.\n")
	b.WriteString("# TYPE pcf_http_request_duration_seconds histogram\n")
	for _, k := range latKeys {
		m.mu.RLock()
		h := m.latency[k]
		m.mu.RUnlock()
		labels := "route=" + quoteLabel(k.route) + ",method=" + quoteLabel(k.method)
		var cum uint64
		for i, le := range latencyBuckets {
			cum += h.counts[i].Load()
			fmt.Fprintf(b, "pcf_http_request_duration_seconds_bucket{%s,le=\"%s\"} %d\n", labels, strconv.FormatFloat(le, 'g', -1, 64), cum)
		}
		cum += h.counts[len(latencyBuckets)].Load()
		fmt.Fprintf(b, "pcf_http_request_duration_seconds_bucket{%s,le=\"+Inf\"} %d\n", labels, cum)
		fmt.Fprintf(b, "pcf_http_request_duration_seconds_sum{%s} %s\n", labels, strconv.FormatFloat(float64(h.sumNs.Load())/1e9, 'g', -1, 64))
		fmt.Fprintf(b, "pcf_http_request_duration_seconds_count{%s} %d\n", labels, h.count.Load())
	}

	b.WriteString("# HELP pcf_http_requests_in_flight HTTP requests being served.\n")
	b.WriteString("# TYPE pcf_http_requests_in_flight gauge\n")
	fmt.Fprintf(b, "pcf_http_requests_in_flight %d\n", m.inFlight.Load())

	b.WriteString("# HELP pcf_uptime_seconds Seconds since the server started.\n")
	b.WriteString("# TYPE pcf_uptime_seconds gauge\n")
	fmt.Fprintf(b, "pcf_uptime_seconds %s\n", strconv.FormatFloat(now.Sub(m.started).Seconds(), 'f', 3, 64))
}

// quoteLabel quotes a label value as the exposition format asks: backslash,
// double quote and newline escaped.
func quoteLabel(v string) string {
	v = strings.ReplaceAll(v, `\`, `\\`)
	v = strings.ReplaceAll(v, `"`, `\"`)
	v = strings.ReplaceAll(v, "\n", `\n`)
	return `"` + v + `"`
}
