package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
	"github.com/chengdu-pcf/pcf/seed"
	"github.com/chengdu-pcf/pcf/seed/cpcd"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure "pcf factors search" and "list --q" search names in both
// languages through synonyms, most relevant first, with the total and the
// counts per category.
func TestCLI_FactorsSearch(t *testing.T) {
	db := tempPath(t, "pcf.db")
	// 铝材 is in no seed name: the synonym table finds the aluminium factors.
	code, out, errOut := pcf(t, "factors", "search", "铝材", "--db", db)
	if code != 0 || !strings.Contains(out, "PV-AL-PROFILE") || !strings.Contains(out, "PV-AL-PRIMARY-ELEC") ||
		!strings.Contains(out, "most relevant first") || !strings.Contains(out, "by category: material") {
		t.Fatalf("search 铝材: %d %q %q", code, out, errOut)
	}
	code, out, errOut = pcf(t, "factors", "list", "--q", "aluminium", "--category", "material", "--json", "--db", db)
	if code != 0 {
		t.Fatalf("list --q: %d %q", code, errOut)
	}
	var body struct {
		Data []struct{ Code, Category string }
		Meta struct {
			Total  int
			Facets struct{ Category map[string]int }
		}
	}
	if err := json.Unmarshal([]byte(out), &body); err != nil {
		t.Fatal(err)
	}
	if len(body.Data) == 0 || body.Meta.Total != len(body.Data) || body.Meta.Facets.Category["material"] != len(body.Data) {
		t.Fatalf("list --q --json: %s", out)
	}
	for _, f := range body.Data {
		if f.Category != "material" {
			t.Errorf("%s of category %s", f.Code, f.Category)
		}
	}
	// The exact code first.
	if code, out, _ := pcf(t, "factors", "search", "ELEC-CN-NAT-CF-2024", "--json", "--db", db); code != 0 || !strings.Contains(out, `"data":[{"code":"ELEC-CN-NAT-CF-2024"`) {
		t.Fatalf("code search: %d %s", code, out)
	}
}

// Ensure "pcf factors import" shows the plausibility flags with their
// peers, "publish" is refused while one is not acknowledged, and
// "acknowledge" lets it through.
func TestCLI_FactorsPlausibility(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "pcf.db")
	if code, _, errOut := pcf(t, "factors", "sets", "--db", db); code != 0 { // creates and seeds it
		t.Fatal(errOut)
	}
	// Seven PV generation factors made from the seed's with test values,
	// one at CPCD's known-bad 2,223.29 kgCO2e/kWh.
	rows := seedtest.FlaggedPV(t)
	path := filepath.Join(dir, "pv.csv")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := tabular.WriteFactorsCSV(out, rows); err != nil {
		t.Fatal(err)
	}
	out.Close()

	code, stdout, errOut := pcf(t, "factors", "import", path, "--set", "T.1", "--db", db)
	if code != 0 || !strings.Contains(stdout, "PV-TEST-BAD 2223.29 kgCO2e/kWh is") || !strings.Contains(stdout, "compared to: PV-TEST-") ||
		!strings.Contains(stdout, "1 plausibility flags in set T.1, 1 not acknowledged") {
		t.Fatalf("import: %d %q %q", code, stdout, errOut)
	}
	if code, _, errOut := pcf(t, "factors", "publish", "T.1", "--db", db); code == 0 || !strings.Contains(errOut, "PV-TEST-BAD") || !strings.Contains(errOut, "unacknowledged") {
		t.Fatalf("publish with a flag: %d %q", code, errOut)
	}
	if code, _, errOut := pcf(t, "factors", "acknowledge", "--set", "T.1", "PV-TEST-BAD", "--db", db); code == 0 || !strings.Contains(errOut, "note") {
		t.Fatalf("acknowledge without a note: %d %q", code, errOut)
	}
	if code, stdout, errOut := pcf(t, "factors", "acknowledge", "--set", "T.1", "--note", "checked for the test", "--all", "--db", db); code != 0 || !strings.Contains(stdout, "0 not acknowledged") {
		t.Fatalf("acknowledge: %d %q %q", code, stdout, errOut)
	}
	if code, stdout, errOut := pcf(t, "factors", "publish", "T.1", "--db", db); code != 0 || !strings.Contains(stdout, "published factor set T.1: 7 factors") {
		t.Fatalf("publish: %d %q %q", code, stdout, errOut)
	}
	if code, stdout, _ := pcf(t, "factors", "flags", "--set", "T.1", "--db", db); code != 0 || !strings.Contains(stdout, "checked for the test") {
		t.Fatalf("flags: %d %q", code, stdout)
	}

	// The explicit flag of import --publish: refused without it, published
	// with it, the note recorded.
	if code, _, errOut := pcf(t, "factors", "import", path, "--set", "T.2", "--publish", "--db", db); code == 0 || !strings.Contains(errOut, "PV-TEST-BAD") {
		t.Fatalf("import --publish with a flag: %d %q", code, errOut)
	}
	if code, stdout, errOut := pcf(t, "factors", "publish", "T.2", "--acknowledge-flags", "kept for the test", "--db", db); code != 0 ||
		!strings.Contains(stdout, "acknowledged 1 plausibility flags of T.2") || !strings.Contains(stdout, "published factor set T.2") {
		t.Fatalf("publish --acknowledge-flags: %d %q %q", code, stdout, errOut)
	}
	if code, stdout, errOut := pcf(t, "factors", "import", path, "--set", "T.3", "--publish", "--acknowledge-flags", "kept for the test", "--db", db); code != 0 || !strings.Contains(stdout, "published factor set T.3") {
		t.Fatalf("import --publish --acknowledge-flags: %d %q %q", code, stdout, errOut)
	}
}

// flaggedCPCDStudy writes the demo PV study pinned to the CPCD set with
// CPCD factors and CPCD-01344X0052017A (556.1 kgCO2e/kg, flagged) on line
// bom[3], and returns its path.
func flaggedCPCDStudy(t *testing.T) string {
	t.Helper()
	doc := cpcdYunnanDoc(t)
	doc["bom"] = append(doc["bom"].([]any),
		map[string]any{"name": "Flagged material", "quantity": 0.001, "unit": "kg", "stage": "A1", "factor": "CPCD-01344X0052017A"})
	return writeFile(t, t.TempDir(), "flagged.json", seedtest.MustMarshal(t, doc))
}

// Ensure pcf calc warns about a CPCD factor whose flag no curator
// reviewed (the flag, its value, the peers' median), pcf factors flags
// says the loader's acknowledgements are not reviews, and pcf factors
// acknowledge reviews a flag of the published CPCD set, after which calc
// no longer warns.
func TestCLI_ReviewCPCDFlag(t *testing.T) {
	db := tempPath(t, "pcf.db")
	study := flaggedCPCDStudy(t)
	code, out, errOut := pcf(t, "calc", study, "--db", db)
	if code != 0 || !strings.Contains(out, "warning: bom[3].factor: factor CPCD-01344X0052017A has a plausibility flag that no curator has reviewed: 556.1 kgCO2e/kg") ||
		!strings.Contains(out, "median 1.7 kgCO2e/kg") || !strings.Contains(out, "\n  警告: 因子 CPCD-01344X0052017A 的合理性提示尚未经管理员审核:556.1 kgCO2e/kg 是") {
		t.Fatalf("calc: %d %q %q", code, out, errOut)
	}
	code, out, _ = pcf(t, "factors", "flags", "--set", cpcd.SetVersion, "--db", db)
	if code != 0 || !strings.Contains(out, "NOT REVIEWED (loader)") || !strings.Contains(out, "acknowledged by the loader only, not reviewed by a curator") {
		t.Fatalf("flags: %d %q", code, out[max(0, len(out)-600):])
	}
	code, out, errOut = pcf(t, "factors", "acknowledge", "--set", cpcd.SetVersion, "--note", "checked against CPCD 01344X0052017A", "CPCD-01344X0052017A", "--db", db)
	if code != 0 || !strings.Contains(out, "reviewed by a curator") {
		t.Fatalf("acknowledge: %d %q %q", code, out[max(0, len(out)-600):], errOut)
	}
	code, out, _ = pcf(t, "calc", study, "--db", db)
	if code != 0 || strings.Contains(out, "plausibility flag") {
		t.Fatalf("calc after the review: %d %q", code, out)
	}
}

// Ensure the CLI reads, exports, imports, publishes and backs up, and that a
// bad import row is reported with its line and changes nothing.
func TestCLI_FactorsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "pcf.db")

	code, out, errOut := pcf(t, "factors", "show", "ELEC-CN-SC-CO2-2023", "--db", db)
	if code != 0 || !strings.Contains(out, "0.1564 kgCO2/kWh") || !strings.Contains(out, "CO2") {
		t.Fatalf("show: %d %q %q", code, out, errOut)
	}
	if code, out, _ := pcf(t, "factors", "search", "铝", "--db", db); code != 0 || !strings.Contains(out, "PV-AL-PRIMARY-ELEC") {
		t.Fatalf("search: %d %q", code, out)
	}

	// Export the seed set, re-import it as a new set, publish: same content.
	csvPath := filepath.Join(dir, "export.csv")
	if code, _, errOut := pcf(t, "factors", "export", "--db", db, "-o", csvPath); code != 0 {
		t.Fatalf("export: %d %s", code, errOut)
	}
	if code, out, errOut := pcf(t, "factors", "import", csvPath, "--set", "2026.2", "--db", db, "--publish"); code != 0 || !strings.Contains(out, "published factor set 2026.2") {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	// The CLI's changes are audited like the API's: in the store, in the
	// same transaction.
	{
		d, err := factordb.Open(db)
		if err != nil {
			t.Fatal(err)
		}
		subject := "factor-set/2026.2"
		events, _, err := factordb.NewCertificationService(d).FindAuditEvents(context.Background(), access.AuditFilter{Subject: &subject})
		d.Close()
		if err != nil || len(events) != 3 || events[0].Action != access.AuditFactorSetPublish || events[2].Action != access.AuditFactorSetCreate {
			t.Fatalf("audit of the CLI import: %+v %v", events, err)
		}
	}
	reexport := filepath.Join(dir, "reexport.csv")
	if code, _, errOut := pcf(t, "factors", "export", "--set", "2026.2", "--db", db, "-o", reexport); code != 0 {
		t.Fatalf("re-export: %d %s", code, errOut)
	}
	a, _ := os.ReadFile(csvPath)
	b, _ := os.ReadFile(reexport)
	if !bytes.Equal(a, b) || len(a) < 1000 {
		t.Fatalf("export→import→export differs (%d vs %d bytes)", len(a), len(b))
	}

	// A bad row: reported with file and line, and the draft set stays empty.
	lines := strings.Split(strings.TrimRight(string(a), "\n"), "\n")
	bad := strings.Replace(lines[3], ",kgCO2", ",furlongs/kgCO2", 1)
	badCSV := strings.Join([]string{lines[0], lines[1], lines[2], bad}, "\n") + "\n"
	badPath := writeFile(t, dir, "bad.csv", []byte(badCSV))
	code, _, errOut = pcf(t, "factors", "import", badPath, "--set", "2026.3", "--db", db)
	if code != 1 || !strings.Contains(errOut, "bad.csv:4:") {
		t.Fatalf("bad import: %d %q", code, errOut)
	}
	if code, out, _ := pcf(t, "factors", "sets", "--db", db); code != 0 || strings.Contains(out, "2026.3") {
		t.Fatalf("a rejected import created a set: %q", out)
	}

	// Publishing twice is refused: a published set is immutable.
	if code, _, errOut := pcf(t, "factors", "publish", "2026.2", "--db", db); code != 1 || !strings.Contains(errOut, "immutable") {
		t.Fatalf("republish: %d %q", code, errOut)
	}

	// Hot backup opens as a database with the same sets.
	bak := filepath.Join(dir, "backup.db")
	if code, _, errOut := pcf(t, "backup", "--db", db, "-o", bak); code != 0 {
		t.Fatalf("backup: %d %s", code, errOut)
	}
	if code, out, _ := pcf(t, "factors", "sets", "--db", bak); code != 0 || !strings.Contains(out, "2026.2") || !strings.Contains(out, "2026.1") {
		t.Fatalf("backup sets: %q", out)
	}

	if code, _, _ := pcf(t, "factors", "frobnicate"); code != 2 {
		t.Fatalf("unknown subcommand exit %d, want 2", code)
	}
}

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
	big := tempPath(b, "big.csv")
	writeSyntheticFactors(b, big, importBenchRows)
	want := "imported " + strconv.Itoa(importBenchRows) + " factors"

	b.Run("file", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			db := tempPath(b, "pcf.db")
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
			m.Config.DBPath = tempPath(b, "pcf.db")
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
	fr := tabular.NewFactorReader(footprinttest.Open(t, path), filepath.Base(path))
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

// writeSyntheticFactors writes seedtest.SyntheticFactorsCSV of n rows to
// path: the size and content of real rows, no invented factor.
func writeSyntheticFactors(tb testing.TB, path string, n int) {
	tb.Helper()
	if err := os.WriteFile(path, seedtest.SyntheticFactorsCSV(tb, n, nil), 0o600); err != nil {
		tb.Fatal(err)
	}
}

// Ensure a large import shows its progress through every phase, on the
// database file and through a running server (whose progress the CLI
// receives while it uploads), and imports every row; written to a log,
// the progress is in lines, not one line rewritten by carriage returns.
func TestCLI_FactorsImportProgress(t *testing.T) {
	const rows = 12000
	big := tempPath(t, "big.csv")
	writeSyntheticFactors(t, big, rows)
	want := []string{"read 12000 rows", "wrote 12000 factors", "committed 12000 factors"}

	db := tempPath(t, "pcf.db")
	code, out, errOut := pcf(t, "factors", "import", big, "--set", "2026.5", "--db", db)
	if code != 0 || !strings.Contains(out, "imported 12000 factors into 2026.5 (12000 added, 0 replaced; 12000 in set)") {
		t.Fatalf("import on the file: %d %q %q", code, out, errOut)
	}
	for _, w := range append(want, "checked 12000 rows") {
		if !strings.Contains(errOut, w) {
			t.Errorf("progress on the file lacks %q: %q", w, errOut)
		}
	}
	// stderr here is not a terminal (a log): lines of their own, no
	// carriage returns piling the counts up on one line.
	if strings.Contains(errOut, "\r") || !strings.Contains(errOut, "committed 12000 factors…\n") {
		t.Errorf("progress written to a log is not in lines of their own: %q", errOut)
	}

	m := MustRunMain(t)
	t.Setenv("PCF_SERVER", "")
	t.Setenv("PCF_ADMIN_TOKEN", "")
	code, out, errOut = pcf(t, "factors", "import", big, "--set", "2026.5", "--db", m.Config.DBPath)
	if code != 0 || !strings.Contains(out, "imported 12000 factors into 2026.5 (12000 added, 0 replaced; 12000 in set)") {
		t.Fatalf("import through the server: %d %q %q", code, out, errOut)
	}
	for _, w := range want {
		if !strings.Contains(errOut, w) {
			t.Errorf("progress through the server lacks %q: %q", w, errOut)
		}
	}
}

// Ensure "pcf factors acknowledge" reviews the flags as it showed them
// (red team 32): it prints each value it acknowledges and sends back the
// digest it read, so that an author's import landing between its reading
// and its submission makes the review fail (409 naming digests[0]),
// nothing recorded; run again, it shows and reviews the value now there.
func TestCLI_AcknowledgeRefusedWhenTheFlagChangedAfterItWasShown(t *testing.T) {
	m := MustRunMain(t)
	base := "http://" + m.Server.Addr().String()
	t.Setenv("PCF_SERVER", "")
	author, second := curatorKey(t, m, "Curation Office A"), curatorKey(t, m, "Curation Office B")
	ctx := context.Background()
	alice := api.NewFactorService(&api.Client{URL: base, Token: author})
	const set, code = "2026.R", "PV-CELL-MONO182"
	if err := alice.CreateFactorSet(ctx, &footprint.FactorSet{Version: set, BasedOn: seed.SetVersion}); err != nil {
		t.Fatal(err)
	}
	importValue := func(v float64) error {
		f, err := alice.FindFactorByCode(ctx, seed.SetVersion, code)
		if err != nil {
			return err
		}
		f.Value, f.Set = v, set
		var b bytes.Buffer
		if err := tabular.WriteFactorsCSV(&b, []*footprint.Factor{f}); err != nil {
			return err
		}
		_, err = alice.ImportFactorsCSV(ctx, set, &b, "cells.csv", nil)
		return err
	}
	if err := importValue(1.55); err != nil {
		t.Fatal(err)
	}
	// Bob's command goes through a proxy that lets Alice's import of 0.795
	// land after the command read the flags and before its review.
	var swapped atomic.Bool
	target, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	forward := httputil.NewSingleHostReverseProxy(target)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/flags/acknowledge") && swapped.CompareAndSwap(false, true) {
			if err := importValue(0.795); err != nil {
				t.Errorf("Alice's import: %v", err)
			}
		}
		forward.ServeHTTP(w, r)
	}))
	defer proxy.Close()
	t.Setenv("PCF_ADMIN_TOKEN", second)
	code1, out, errOut := pcf(t, "factors", "acknowledge", "--set", set, "--server", proxy.URL, "--seen", readFlags(t, set, base), "--note", "1.55: the supplier's 2025 EPD, checked", code)
	if code1 == 0 || !swapped.Load() || !strings.Contains(errOut, "changed since you read it") || !strings.Contains(errOut, code) {
		t.Fatalf("review of a flag changed after it was shown: %d %q %q", code1, out, errOut)
	}
	if !strings.Contains(out, "reviewing 1 plausibility flags of set "+set) || !strings.Contains(out, "1.55 kgCO2e") {
		t.Errorf("the command did not show the value it acknowledges: %q", out)
	}
	flags, err := alice.FindFactorFlags(ctx, set)
	if err != nil {
		t.Fatal(err)
	}
	for _, fl := range flags {
		if fl.Code == code && (fl.Acknowledgement != nil || fl.Value != 0.795) {
			t.Fatalf("after the refused review: %s at %g, acknowledgement %+v", code, fl.Value, fl.Acknowledgement)
		}
	}
	code1, out, errOut = pcf(t, "factors", "acknowledge", "--set", set, "--server", base, "--seen", readFlags(t, set, base), "--note", "0.795: checked against the supplier's EPD", code)
	if code1 != 0 || !strings.Contains(out, "0.795 kgCO2e") || !strings.Contains(out, "reviewed by a curator") {
		t.Fatalf("review of the flag as it now is: %d %q %q", code1, out, errOut)
	}
}

// redteam37Set starts a server with two curators' keys, and a draft set
// based on basedOn ("": none) in which the first (Alice) imports the seed
// set's factors at other values; it returns the server's address, Bob's
// key, Alice's service and her import of code at a value.
func redteam37Set(t *testing.T, set, basedOn string) (base, bob string, alice *api.FactorService, importValue func(code string, v float64)) {
	t.Helper()
	m := MustRunMain(t)
	base = "http://" + m.Server.Addr().String()
	t.Setenv("PCF_SERVER", "")
	author, second := curatorKey(t, m, "Curation Office A"), curatorKey(t, m, "Curation Office B")
	ctx := context.Background()
	alice = api.NewFactorService(&api.Client{URL: base, Token: author})
	if err := alice.CreateFactorSet(ctx, &footprint.FactorSet{Version: set, BasedOn: basedOn}); err != nil {
		t.Fatal(err)
	}
	importValue = func(code string, v float64) {
		t.Helper()
		f, err := alice.FindFactorByCode(ctx, seed.SetVersion, code)
		if err != nil {
			t.Fatal(err)
		}
		f.Value, f.Set = v, set
		var b bytes.Buffer
		if err := tabular.WriteFactorsCSV(&b, []*footprint.Factor{f}); err != nil {
			t.Fatal(err)
		}
		if _, err := alice.ImportFactorsCSV(ctx, set, &b, "factors.csv", nil); err != nil {
			t.Fatal(err)
		}
	}
	return base, second, alice, importValue
}

// bobReadsFlags makes redteam37Set's draft set with Alice's import of
// code at v, and has Bob read its flags (readFlags, his token from then
// on): the file's path and bytes.
func bobReadsFlags(t *testing.T, set, code string, v float64) (base string, alice *api.FactorService, importValue func(string, float64), seenPath string, read []byte) {
	t.Helper()
	base, bob, alice, importValue := redteam37Set(t, set, seed.SetVersion)
	importValue(code, v)
	t.Setenv("PCF_ADMIN_TOKEN", bob)
	seenPath = readFlags(t, set, base)
	read, err := os.ReadFile(seenPath)
	if want := fmt.Sprintf(`"value":%g`, v); err != nil || !strings.Contains(string(read), want) {
		t.Fatalf("Bob reads the flags: %q %v, want %s", read, err, want)
	}
	return base, alice, importValue, seenPath, read
}

// flagOf returns the flag of code in set as the server now has it.
func flagOf(t *testing.T, svc *api.FactorService, set, code string) *factorlib.FactorFlag {
	t.Helper()
	flags, err := svc.FindFactorFlags(context.Background(), set)
	if err != nil {
		t.Fatal(err)
	}
	for _, fl := range flags {
		if fl.Code == code {
			return fl
		}
	}
	t.Fatalf("no flag of %s in %s", code, set)
	return nil
}

// Attack (red team 37): red team 32 made a review carry the digest of
// what its reviewer was shown, but "pcf factors acknowledge" reads the
// flags itself at the moment it runs and sends back their digests: it
// pins the millisecond between its own reading and its submission, not
// the reviewer's reading. Bob reads Alice's draft with "pcf factors
// flags" (PV-CELL-MONO182 at 1.55), checks the supplier's EPD, Alice
// imports 0.795 meanwhile, and Bob runs "pcf factors acknowledge … CODE":
// 0.795 was recorded as reviewed under Bob's note about 1.55. The same
// for --all and --whole-set.
//
// Safe: through a server, the command reviews what its reviewer read,
// the flags (and set) kept by "pcf factors flags --json" in a file
// (--seen FILE), and a review without it is refused before anything is
// sent; with the file, a flag changed since is refused (409), nothing
// recorded.
func TestRedteam37_CLIReviewCoversWhatTheReviewerRead(t *testing.T) {
	const set, code = "2026.R37", "PV-CELL-MONO182"
	base, alice, importValue, seenPath, _ := bobReadsFlags(t, set, code, 1.55)
	importValue(code, 0.795) // while Bob checks the EPD

	// As documented until now: codes and a note, nothing of what was read.
	rc, out, errOut := pcf(t, "factors", "acknowledge", "--set", set, "--server", base, "--note", "1.55: the supplier's 2025 EPD, checked", code)
	if fl := flagOf(t, alice, set, code); fl.Reviewed() {
		t.Fatalf("a review of what the command read at submission, not of what Bob read: %s at %g reviewed (%d %q %q)", code, fl.Value, rc, out, errOut)
	}
	if rc == 0 || !strings.Contains(errOut, "--seen") {
		t.Errorf("a review through a server without what its reviewer read: %d %q %q", rc, out, errOut)
	}
	rc, out, errOut = pcf(t, "factors", "acknowledge", "--set", set, "--server", base, "--seen", seenPath, "--note", "1.55: the supplier's 2025 EPD, checked", code)
	if rc == 0 || !strings.Contains(errOut, "changed since you read it") || !strings.Contains(out, "1.55") {
		t.Errorf("review of a flag changed after Bob read it: %d %q %q", rc, out, errOut)
	}
	if fl := flagOf(t, alice, set, code); fl.Reviewed() {
		t.Fatalf("%s at %g reviewed though Bob read 1.55", code, fl.Value)
	}
	// Read again, the value now there is what Bob reviews.
	seenPath = readFlags(t, set, base)
	rc, out, errOut = pcf(t, "factors", "acknowledge", "--set", set, "--server", base, "--seen", seenPath, "--note", "0.795: checked against the supplier's EPD", "--all")
	if fl := flagOf(t, alice, set, code); rc != 0 || !fl.Reviewed() || fl.Value != 0.795 || !strings.Contains(out, "0.795") {
		t.Fatalf("review of the flag as read: %d %q %q", rc, out, errOut)
	}
}

// Attack (red team 37): "pcf factors publish V --acknowledge-flags NOTE"
// through a server acknowledges, as a curator's review, every open flag
// the command reads as it runs: flags its user was never shown. Bob,
// who is not an author, publishes Alice's draft that way, having looked
// at it before she imported the plastics at a thousand times their value:
// the outlier is recorded as reviewed by Bob, and the set is published.
//
// Safe: through a server, --acknowledge-flags is refused before anything
// is sent (a curator reviews what was read, with pcf factors acknowledge
// --seen); on the database file its holder, outside four eyes, keeps it.
func TestRedteam37_PublishAcknowledgeFlagsThroughAServerIsNoReview(t *testing.T) {
	const set, code = "2026.R37P", "MAT-PLASTIC-AVG-DESNZ"
	base, bob, alice, importValue := redteam37Set(t, set, seed.SetVersion)
	importValue(code, 3000)
	if fl := flagOf(t, alice, set, code); !fl.IsOutlier() {
		t.Fatalf("setup: %s at 3000 is not an outlier: %+v", code, fl.PlausibilityFlag)
	}
	t.Setenv("PCF_ADMIN_TOKEN", bob)
	rc, out, errOut := pcf(t, "factors", "publish", set, "--server", base, "--acknowledge-flags", "checked last week")
	if fl := flagOf(t, alice, set, code); fl.Acknowledgement != nil {
		t.Fatalf("the outlier %s at %g acknowledged by a command that showed it to nobody first: %+v (%d %q %q)", code, fl.Value, fl.Acknowledgement, rc, out, errOut)
	}
	if rc == 0 || !strings.Contains(errOut, "--seen") {
		t.Errorf("publish --acknowledge-flags through a server: %d %q %q", rc, out, errOut)
	}
	fs, err := alice.FindFactorSetByVersion(context.Background(), set)
	if err != nil {
		t.Fatal(err)
	}
	if fs.Status != footprint.SetDraft {
		t.Errorf("set %s published: %s", set, fs.Status)
	}
}

// readFlags runs "pcf factors flags --set set --server server --json" as
// a reviewer reads the flags, and returns the file it wrote them to: what
// "pcf factors acknowledge --seen" reviews.
func readFlags(t *testing.T, set, server string) string {
	t.Helper()
	rc, read, errOut := pcf(t, "factors", "flags", "--set", set, "--server", server, "--json")
	if rc != 0 {
		t.Fatalf("factors flags --set %s: %d %q", set, rc, errOut)
	}
	path := filepath.Join(t.TempDir(), "flags.json")
	if err := os.WriteFile(path, []byte(read), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Attack (red team 37): the review of a set as a whole through "pcf
// factors acknowledge --whole-set" read the set's digest as the command
// ran. Bob reads Alice's set based on no other, Alice then imports the
// cells at half their value, and Bob's review as a set covered her import.
//
// Safe: the review covers the state Bob read (--seen), and is refused
// (409, set_digest) when the set changed since; without it, through a
// server, it is refused before anything is sent.
func TestRedteam37_CLIWholeSetReviewCoversWhatTheReviewerRead(t *testing.T) {
	const set, code = "2026.R37S", "PV-CELL-MONO182"
	base, bob, alice, importValue := redteam37Set(t, set, "")
	ctx := context.Background()
	importValue(code, 1.59)
	t.Setenv("PCF_ADMIN_TOKEN", bob)
	seenPath := readFlags(t, set, base)
	importValue(code, 0.795) // while Bob checks the set against its sources
	pending := func() bool {
		t.Helper()
		r, err := alice.FindSetReview(ctx, set)
		if err != nil {
			t.Fatal(err)
		}
		return r.Pending()
	}
	rc, out, errOut := pcf(t, "factors", "acknowledge", "--set", set, "--server", base, "--whole-set", "--note", "1.59: checked against the seed's sources")
	if !pending() {
		t.Fatalf("set %s reviewed as a set with %s at 0.795, which Bob never read (%d %q %q)", set, code, rc, out, errOut)
	}
	if rc == 0 || !strings.Contains(errOut, "--seen") {
		t.Errorf("a review as a set through a server without what its reviewer read: %d %q %q", rc, out, errOut)
	}
	rc, out, errOut = pcf(t, "factors", "acknowledge", "--set", set, "--server", base, "--whole-set", "--seen", seenPath, "--note", "1.59: checked against the seed's sources")
	if rc == 0 || !strings.Contains(errOut, "changed since you read it") || !pending() {
		t.Errorf("review as a set of a set changed after Bob read it: %d %q %q", rc, out, errOut)
	}
}

// Attack (session 33): "pcf factors acknowledge --seen FILE" printed each
// flag's value as the file said and sent the file's digest, which the
// command took as it stood. Alice, the author, imports PV-CELL-MONO182
// at 0.795 and hands Bob the flags file with the value edited to the
// honest-looking 1.55 and the digest left as the server gave it for
// 0.795. Bob's command printed "1.55", the server found the digest of
// the flag as it is, and 0.795 was recorded as reviewed under Bob's note
// about 1.55.
//
// Safe: the command checks that each flag of the file is what its
// digest covers (factorlib.FlagDigest of its set, code, kind, value,
// unit and change) and refuses a file that is not, before anything is
// sent: what it prints is what the review covers.
func TestSession33_SeenFileValueEditedUnderItsDigest(t *testing.T) {
	const set, code = "2026.S33", "PV-CELL-MONO182"
	base, alice, _, seenPath, read := bobReadsFlags(t, set, code, 0.795)
	if err := os.WriteFile(seenPath, bytes.ReplaceAll(read, []byte(`"value":0.795`), []byte(`"value":1.55`)), 0o644); err != nil {
		t.Fatal(err)
	}
	rc, out, errOut := pcf(t, "factors", "acknowledge", "--set", set, "--server", base, "--seen", seenPath, "--note", "1.55: the supplier's 2025 EPD, checked", code)
	if fl := flagOf(t, alice, set, code); fl.Reviewed() {
		t.Fatalf("%s at %g recorded as reviewed under a note about 1.55 (%d %q %q)", code, fl.Value, rc, out, errOut)
	}
	if rc == 0 || !strings.Contains(errOut, code) || !strings.Contains(errOut, "digest") {
		t.Errorf("a flags file whose value is not what its digest covers: %d %q %q", rc, out, errOut)
	}
	// Nor a file listing the flag twice, first at the honest-looking
	// value under a digest of its own, then as the server gave it: a
	// reader of the file reads the first, the command sent the last.
	var doc struct {
		Data []map[string]any `json:"data"`
		Meta json.RawMessage  `json:"meta"`
	}
	if err := json.Unmarshal(read, &doc); err != nil || len(doc.Data) != 1 {
		t.Fatalf("flags file: %d flags, %v", len(doc.Data), err)
	}
	honest := maps.Clone(doc.Data[0])
	honest["value"] = 1.55
	fl := flagOf(t, alice, set, code)
	fl.Value = 1.55
	honest["digest"] = factorlib.FlagDigest(set, &fl.PlausibilityFlag)
	doc.Data = append([]map[string]any{honest}, doc.Data...)
	twice, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(seenPath, twice, 0o644); err != nil {
		t.Fatal(err)
	}
	rc, out, errOut = pcf(t, "factors", "acknowledge", "--set", set, "--server", base, "--seen", seenPath, "--note", "1.55: the supplier's 2025 EPD, checked", code)
	if fl := flagOf(t, alice, set, code); fl.Reviewed() || rc == 0 || !strings.Contains(errOut, "twice") {
		t.Fatalf("a flags file listing %s twice: reviewed %v: %d %q %q", code, fl.Reviewed(), rc, out, errOut)
	}
	// The file as the server gave it reviews what it says.
	seenPath = readFlags(t, set, base)
	rc, out, errOut = pcf(t, "factors", "acknowledge", "--set", set, "--server", base, "--seen", seenPath, "--note", "0.795: checked against the supplier's EPD", code)
	if fl := flagOf(t, alice, set, code); rc != 0 || !fl.Reviewed() || fl.Value != 0.795 {
		t.Fatalf("review of the flag as read: %d %q %q", rc, out, errOut)
	}
	// Without --whole-set the command says it reviews the flags only: it
	// printed "reviewing factor set … as a whole as read, digest " (none).
	if strings.Contains(out, "as a whole") {
		t.Errorf("a review of flags said it reviewed the set as a whole: %q", out)
	}
}

// Ensure a curator reviews a set based on no other as a whole through the
// server with "pcf factors acknowledge --whole-set" (red team 17), and
// "pcf factors flags" says whether the set waits: the curator who created
// it is refused (four eyes), another curator's review is recorded.
func TestFactors_WholeSetReviewThroughTheServer(t *testing.T) {
	m, base := mustServeForCLI(t)
	key := func(org string) string { return curatorKey(t, m, org) }
	author, second := key("Curation Office A"), key("Curation Office B")
	if got, body := call(t, "POST", base+"/v1/factor-sets", author, `{"version":"2026.SC"}`); got != 201 {
		t.Fatalf("curator creates a set based on no other: status %d %s", got, body)
	}
	t.Setenv("PCF_ADMIN_TOKEN", author)
	if code, out, errOut := pcf(t, "factors", "flags", "--set", "2026.SC", "--server", base); code != 0 || !strings.Contains(out, "no second curator has reviewed it as a set") {
		t.Fatalf("factors flags: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := pcf(t, "factors", "acknowledge", "--set", "2026.SC", "--server", base, "--whole-set", "--note", "checked against the seed's sources"); code == 0 || !strings.Contains(errOut, "reviewer") {
		t.Fatalf("the author's review as a set: %d %q", code, errOut)
	}
	t.Setenv("PCF_ADMIN_TOKEN", second)
	code, out, errOut := pcf(t, "factors", "acknowledge", "--set", "2026.SC", "--server", base, "--whole-set", "--seen", readFlags(t, "2026.SC", base), "--note", "checked against the seed's sources")
	if code != 0 || !strings.Contains(out, "was reviewed as a set by") || !strings.Contains(out, "checked against the seed's sources") {
		t.Fatalf("a second curator's review as a set: %d %q %q", code, out, errOut)
	}
	if code, out, _ := pcf(t, "factors", "flags", "--set", "2026.SC", "--server", base, "--json"); code != 0 || !strings.Contains(out, `"reviewed": true`) && !strings.Contains(out, `"reviewed":true`) {
		t.Fatalf("factors flags --json after the review: %d %q", code, out)
	}
}
