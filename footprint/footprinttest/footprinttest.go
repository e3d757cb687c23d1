// Package footprinttest gives the tests of package footprint and of its
// subpackages the test factor snapshot, footprint/testdata/factors.csv, so
// that each does not read it with its own copy of the same code.
package footprinttest

import (
	"bytes"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/internal/errzh"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
)

// Set is the factor-set version of the test snapshot, as in the seed.
const Set = "2026.1"

// Factors returns the test factor snapshot: footprint/testdata/factors.csv,
// the 118 rows of reference/factors.csv in the factor CSV format (values,
// units, sources and grades unchanged; categories mapped to the domain's),
// stamped with set Set as a FactorService would, by code.
func Factors(tb testing.TB) map[string]*footprint.Factor {
	tb.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		tb.Fatal("footprinttest: no source path")
	}
	f := Open(tb, filepath.Join(filepath.Dir(file), "..", "testdata", "factors.csv"))
	list, err := tabular.ReadFactorsCSV(f, "factors.csv")
	if err != nil {
		tb.Fatal(err)
	}
	m := make(map[string]*footprint.Factor, len(list))
	for _, x := range list {
		x.Set = Set
		m[x.Code] = x
	}
	return m
}

// ReportCPU reports the process CPU time per operation since start (a
// ProcessCPU reading) as "cpu-ns/op", if the platform tells it.
func ReportCPU(b *testing.B, start time.Duration) {
	if start == 0 || b.N == 0 {
		return
	}
	b.ReportMetric(float64(ProcessCPU()-start)/float64(b.N), "cpu-ns/op")
}

// Bench times op, failing the benchmark on its first error, and reports
// the allocations and the process CPU time per operation.
func Bench(b *testing.B, op func() error) {
	b.Helper()
	b.ReportAllocs()
	start := ProcessCPU()
	for b.Loop() {
		if err := op(); err != nil {
			b.Fatal(err)
		}
	}
	ReportCPU(b, start)
}

// English returns the English of a bilingual message s (of each line of
// it), failing tb unless every line says it in Chinese, then in English,
// as the service's messages do (footprint/internal/errzh).
func English(tb testing.TB, s string) string {
	tb.Helper()
	en, ok := errzh.English(s)
	if !ok {
		tb.Errorf("message %q does not say it in Chinese, then in English, on every line", s)
	}
	return en
}

// CheckInvalid fails the test unless err is an EINVALID error that names
// field and whose message contains message.
func CheckInvalid(tb testing.TB, err error, field, message string) {
	tb.Helper()
	if got, want := footprint.ErrorCode(err), footprint.EINVALID; got != want {
		tb.Fatalf("code = %q (%v), want %q", got, err, want)
	}
	if got := footprint.ErrorField(err); got != field {
		tb.Errorf("field = %q, want %q (%v)", got, field, err)
	}
	if got := footprint.ErrorMessage(err); !strings.Contains(got, message) {
		tb.Errorf("message = %q, want it to contain %q", got, message)
	}
}

// BOMSheet is a BOM table (tabular.BOMColumns) read as text, a header row
// and then lines, as the workbook sheet "BOM" a spreadsheet would hold:
// numbers as numbers, text as text.
func BOMSheet(rows [][]string) tabular.Sheet {
	cells := make([][]any, len(rows))
	for i, r := range rows {
		cells[i] = make([]any, len(r))
		for j, v := range r {
			cells[i][j] = v
			if x, err := strconv.ParseFloat(v, 64); err == nil && i > 0 {
				cells[i][j] = x
			}
		}
	}
	return tabular.Sheet{Name: "BOM", Header: true, Rows: cells}
}

// FactorsCSVRoundTrip writes factors with tabular.WriteFactorsCSV and reads
// them back with tabular.ReadFactorsCSV, returning what it read and the CSV.
func FactorsCSVRoundTrip(tb testing.TB, factors []*footprint.Factor) (back []*footprint.Factor, csv []byte) {
	tb.Helper()
	var buf bytes.Buffer
	if err := tabular.WriteFactorsCSV(&buf, factors); err != nil {
		tb.Fatal(err)
	}
	back, err := tabular.ReadFactorsCSV(bytes.NewReader(buf.Bytes()), "factors.csv")
	if err != nil {
		tb.Fatalf("%v\n%s", err, buf.Bytes())
	}
	return back, buf.Bytes()
}

// CountExemptedInFull turns every exempted line of s with a screening
// factor into a line counted at that factor, so that a red-team study's
// own lever is not hidden by the cut-off limit (its total falls, so the
// exempted share rises above the limit before the lever is judged).
func CountExemptedInFull(s *footprint.Study) {
	var count func(ls []*footprint.BOMLine)
	count = func(ls []*footprint.BOMLine) {
		for _, l := range ls {
			if l.Exempt != nil && l.Exempt.ScreeningFactor != "" {
				l.Factor, l.Exempt = l.Exempt.ScreeningFactor, nil
			}
			count(l.Children)
		}
	}
	count(s.BOM)
	count(s.Packaging)
}
