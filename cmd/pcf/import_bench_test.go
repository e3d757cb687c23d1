package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/tabular"
)

// importBenchRows is the size of the import benchmark (issue 13: 100,000
// rows took 2 min 56 s and 518 MB).
const importBenchRows = 100_000

// BenchmarkFactorsImport measures "pcf factors import" of a
// 100,000-row factor file (writeSyntheticFactors: the seed set's rows with
// changed codes, about 60 MB) into a new draft set: parse, check, write
// and index, in process, on the database file ("file") and through a
// running pcf serve ("server": upload, the server's import and the
// progress stream, client and server in one process). Each iteration
// starts from a fresh database. Besides time it reports the peak of the
// Go heap during the import (sampled every 10 ms) and the peak resident
// set of the whole benchmark process so far (getrusage), in MB. Run it
// with -benchtime=1x.
func BenchmarkFactorsImport(b *testing.B) {
	big := filepath.Join(b.TempDir(), "big.csv")
	writeSyntheticFactors(b, big, importBenchRows)
	want := "imported " + strconv.Itoa(importBenchRows) + " factors"

	b.Run("file", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			db := filepath.Join(b.TempDir(), "pcf.db")
			if code, _, errOut := runCLI("factors", "list", "--db", db, "--limit", "1"); code != 0 { // creates and seeds it
				b.Fatal(errOut)
			}
			b.StartTimer()
			peak := sampleHeap()
			code, out, errOut := runCLI("factors", "import", big, "--set", "B.1", "--db", db)
			reportPeaks(b, peak())
			if code != 0 || !strings.Contains(out, want) {
				b.Fatalf("import: %d %q %q", code, out, errOut)
			}
		}
	})
	b.Run("server", func(b *testing.B) {
		b.Setenv("PCF_SERVER", "")
		b.Setenv("PCF_ADMIN_TOKEN", "")
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			m := NewMain(io.Discard, io.Discard)
			m.Config.DBPath = filepath.Join(b.TempDir(), "pcf.db")
			m.Config.Init, m.Config.Addr = true, "127.0.0.1:0"
			if err := m.Run(context.Background()); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			peak := sampleHeap()
			code, out, errOut := runCLI("factors", "import", big, "--set", "B.1", "--db", m.Config.DBPath)
			reportPeaks(b, peak())
			b.StopTimer()
			if err := m.Close(); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if code != 0 || !strings.Contains(out, want) {
				b.Fatalf("import: %d %q %q", code, out, errOut)
			}
		}
	})
}

// runCLI runs the CLI in process, as pcf does for a testing.T.
func runCLI(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// sampleHeap samples the bytes of live and not yet swept heap objects every
// 10 ms until the function it returns is called, which returns the peak.
func sampleHeap() func() uint64 {
	const name = "/memory/classes/heap/objects:bytes"
	runtime.GC()
	sample := []metrics.Sample{{Name: name}}
	var (
		mu   sync.Mutex
		peak uint64
		stop = make(chan struct{})
		done = make(chan struct{})
	)
	read := func() {
		metrics.Read(sample)
		mu.Lock()
		peak = max(peak, sample[0].Value.Uint64())
		mu.Unlock()
	}
	go func() {
		defer close(done)
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				read()
			}
		}
	}()
	return func() uint64 {
		close(stop)
		<-done
		read()
		return peak
	}
}

// reportPeaks reports the peak heap of an import and the process's peak
// resident set so far.
func reportPeaks(b *testing.B, heap uint64) {
	b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MB")
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		b.ReportMetric(float64(ru.Maxrss)/(1<<10), "peak-RSS-MB") // Maxrss is in KB on Linux
	}
}

// TestWriteSyntheticFactors writes the benchmark's 100,000-row file to the
// path in $PCF_SYNTHETIC_FACTORS, for measuring a real pcf process with
// /usr/bin/time -v (docs/BENCHMARKS.md), and checks that it reads as that
// many factors. Without the variable it is skipped.
func TestWriteSyntheticFactors(t *testing.T) {
	path := os.Getenv("PCF_SYNTHETIC_FACTORS")
	if path == "" {
		t.Skip("set PCF_SYNTHETIC_FACTORS=FILE.csv to write the benchmark's factor file")
	}
	writeSyntheticFactors(t, path, importBenchRows)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fr := tabular.NewFactorReader(f, filepath.Base(path))
	n := 0
	for {
		if _, err := fr.Next(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != importBenchRows {
		t.Fatalf("%s holds %d factors, want %d", path, n, importBenchRows)
	}
}
