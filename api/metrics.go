package api

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// latencyBuckets are the upper bounds, in seconds, of the request-latency
// histogram: from 0.5 ms (a cached factor read) to 10 s (a large upload).
var latencyBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// unmatchedRoute labels requests that matched no route, so that scanners
// probing random paths cannot grow the number of series.
const unmatchedRoute = "unmatched"

// StoreMetricsTTL is how long the figures read from the store (database
// size, certificates by status, factor sets) are reused between scrapes:
// /metrics is public, and counting certificates reads index keys of all.
const StoreMetricsTTL = 15 * time.Second

// metrics holds the server's Prometheus registry (one per server, not the
// global one, so that several servers can live in one process): HTTP
// request counts and latency by route template, method and status, the
// requests in flight, the Go runtime and the process, the build, and
// figures of the store.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	inFlight prometheus.Gauge
	handler  echo.HandlerFunc
}

func newMetrics(s *Server) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pcf_http_requests_total",
			Help: "HTTP requests by route template, method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "pcf_http_request_duration_seconds",
			Help:    "HTTP request latency by route template, method and status.",
			Buckets: latencyBuckets,
		}, []string{"route", "method", "status"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "pcf_http_requests_in_flight",
			Help: "HTTP requests being served.",
		}),
	}
	m.registry.MustRegister(
		m.requests, m.duration, m.inFlight,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewBuildInfoCollector(),
		&storeCollector{s: s},
	)
	m.handler = echo.WrapHandler(promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{
		ErrorLog:      promLogger{s},
		ErrorHandling: promhttp.ContinueOnError,
		// The server's gzip middleware compresses; twice would garble it.
		DisableCompression: true,
	}))
	return m
}

// metricsMiddleware counts every request, including those that end in an
// error or match no route. It hands an error to the error handler itself, so
// that the status it records is the one the client got.
func (s *Server) metricsMiddleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		m := s.metrics
		m.inFlight.Inc()
		defer m.inFlight.Dec()
		start := time.Now()
		err := next(c)
		if err != nil && !c.Response().Committed {
			c.Error(err)
		}
		route := c.Path()
		if !s.routePaths[route] {
			route = unmatchedRoute
		}
		labels := prometheus.Labels{"route": route, "method": requestMethod(c), "status": strconv.Itoa(c.Response().Status)}
		m.requests.With(labels).Inc()
		m.duration.With(labels).Observe(time.Since(start).Seconds())
		return err
	}
}

func (s *Server) handleMetrics(c echo.Context) error { return s.metrics.handler(c) }

// promLogger sends the metrics handler's errors to the server's log.
type promLogger struct{ s *Server }

func (l promLogger) Println(v ...any) { l.s.Logger.Error("metrics", "err", fmt.Sprint(v...)) }

var (
	buildInfoDesc = prometheus.NewDesc("pcf_build_info",
		"The running pcf build: its version and the Go version that built it.", []string{"version", "goversion"}, nil)
	databaseSizeDesc = prometheus.NewDesc("pcf_database_size_bytes",
		"Size of the data in the database file.", nil, nil)
	certificatesDesc = prometheus.NewDesc("pcf_certificates",
		"Issued certificates by current status (expired is derived from the validity).", []string{"status"}, nil)
	factorSetsDesc = prometheus.NewDesc("pcf_factor_sets",
		"Factor sets by status.", []string{"status"}, nil)
	currentSetDesc = prometheus.NewDesc("pcf_factor_set_current_info",
		"The latest published factor set, which unpinned factor reads use.", []string{"version"}, nil)
)

// certificateStatuses are reported even at zero, so dashboards have series.
var certificateStatuses = []certification.CertificateStatus{
	certification.CertificateValid, certification.CertificateSuspended, certification.CertificateWithdrawn,
	certification.CertificateSuperseded, certification.CertificateExpired,
}

// storeCollector reports the build and figures read from the store at
// scrape time, reusing them for StoreMetricsTTL.
type storeCollector struct {
	s *Server

	mu   sync.Mutex
	at   time.Time // when snap was read; zero = never
	snap storeSnapshot
}

type storeSnapshot struct {
	dbSize        int64
	dbErr         error
	certificates  map[certification.CertificateStatus]int
	certErr       error
	sets          map[footprint.SetStatus]int
	currentSet    string
	setErr        error
	haveDB        bool
	haveCerts     bool
	haveFactorSet bool
}

func (sc *storeCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{buildInfoDesc, databaseSizeDesc, certificatesDesc, factorSetsDesc, currentSetDesc} {
		ch <- d
	}
}

func (sc *storeCollector) Collect(ch chan<- prometheus.Metric) {
	ch <- prometheus.MustNewConstMetric(buildInfoDesc, prometheus.GaugeValue, 1, cmp.Or(sc.s.Version, "dev"), runtime.Version())
	snap := sc.read()
	if snap.haveDB {
		if snap.dbErr != nil {
			ch <- prometheus.NewInvalidMetric(databaseSizeDesc, snap.dbErr)
		} else {
			ch <- prometheus.MustNewConstMetric(databaseSizeDesc, prometheus.GaugeValue, float64(snap.dbSize))
		}
	}
	if snap.haveCerts {
		if snap.certErr != nil {
			ch <- prometheus.NewInvalidMetric(certificatesDesc, snap.certErr)
		} else {
			for _, st := range certificateStatuses {
				ch <- prometheus.MustNewConstMetric(certificatesDesc, prometheus.GaugeValue, float64(snap.certificates[st]), string(st))
			}
		}
	}
	if snap.haveFactorSet {
		if snap.setErr != nil {
			ch <- prometheus.NewInvalidMetric(factorSetsDesc, snap.setErr)
		} else {
			for _, st := range []footprint.SetStatus{footprint.SetDraft, footprint.SetPublished} {
				ch <- prometheus.MustNewConstMetric(factorSetsDesc, prometheus.GaugeValue, float64(snap.sets[st]), string(st))
			}
			if snap.currentSet != "" {
				ch <- prometheus.MustNewConstMetric(currentSetDesc, prometheus.GaugeValue, 1, snap.currentSet)
			}
		}
	}
}

// read returns the store figures, reading them again once StoreMetricsTTL
// has passed. Concurrent scrapes wait for one read.
func (sc *storeCollector) read() storeSnapshot {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if !sc.at.IsZero() && time.Since(sc.at) < StoreMetricsTTL {
		return sc.snap
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s := sc.s
	var snap storeSnapshot
	if s.Database != nil {
		snap.haveDB = true
		snap.dbSize, snap.dbErr = s.Database.Size()
	}
	if s.CertificationService != nil {
		snap.haveCerts = true
		snap.certificates, snap.certErr = countCertificates(ctx, s.CertificationService, s.Now())
	}
	if s.FactorService != nil {
		snap.haveFactorSet = true
		snap.sets, snap.currentSet, snap.setErr = factorSetFigures(ctx, s.FactorService)
	}
	sc.snap, sc.at = snap, time.Now()
	return snap
}

// certificateCounter counts certificates by status from indexes
// (factordb's CertificationService has it).
type certificateCounter interface {
	CountCertificates(ctx context.Context, now time.Time) (map[certification.CertificateStatus]int, error)
}

// countCertificates counts all certificates by their status at now: from
// the store's indexes where it can, else a page at a time (decoding every
// certificate, minutes at a million).
func countCertificates(ctx context.Context, svc certification.CertificationService, now time.Time) (map[certification.CertificateStatus]int, error) {
	if cc, ok := svc.(certificateCounter); ok {
		return cc.CountCertificates(ctx, now)
	}
	out := map[certification.CertificateStatus]int{}
	for rec, err := range certification.AllCertificates(ctx, svc, certification.CertificateFilter{Limit: footprint.MaxLimit}) {
		if err != nil {
			return nil, fmt.Errorf("count certificates: %w", err)
		}
		out[rec.Certificate().StatusAt(rec.Status, now)]++
	}
	return out, nil
}

// factorSetFigures counts the factor sets by status and names the latest
// published one: the set a factor read without "set" is served from.
func factorSetFigures(ctx context.Context, svc footprint.FactorService) (map[footprint.SetStatus]int, string, error) {
	sets, err := svc.FindFactorSets(ctx)
	if err != nil {
		return nil, "", fmt.Errorf("read factor sets: %w", err)
	}
	out := map[footprint.SetStatus]int{}
	for _, fs := range sets {
		out[fs.Status]++
	}
	if out[footprint.SetPublished] == 0 {
		return out, "", nil
	}
	page, err := svc.FindFactors(ctx, footprint.FactorFilter{Limit: 1})
	if err != nil {
		return nil, "", fmt.Errorf("read the latest factor set: %w", err)
	}
	return out, page.Set, nil
}
