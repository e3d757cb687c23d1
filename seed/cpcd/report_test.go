package cpcd_test

import (
	"bytes"
	"os"
	"reflect"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/tabular"
	"github.com/chengdu-pcf/pcf/seed/cpcd"
)

// Ensure the committed import report (docs/cpcd-import-report.csv) is what
// the import of the embedded snapshot reports. Regenerate it with
// `go run ./cmd/pcf factors cpcd --report docs/cpcd-import-report.csv`.
func TestReport_UpToDate(t *testing.T) {
	im, err := cpcd.Factors()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := cpcd.WriteReportCSV(&buf, im.Report); err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("../../docs/cpcd-import-report.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(committed, buf.Bytes()) {
		t.Fatal("docs/cpcd-import-report.csv is out of date: go run ./cmd/pcf factors cpcd --report docs/cpcd-import-report.csv")
	}
}

// Ensure the imported factors survive the factor CSV (what `pcf factors
// cpcd -o` writes and `pcf factors import` reads) unchanged: every new unit
// spelling, boundary, role and CPC code has a canonical text that parses
// back to the same factor.
func TestFactors_FactorCSVRoundTrip(t *testing.T) {
	im, err := cpcd.Factors()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := tabular.WriteFactorsCSV(&buf, im.Factors); err != nil {
		t.Fatal(err)
	}
	back, err := tabular.ReadFactorsCSV(&buf, "cpcd.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(im.Factors) {
		t.Fatalf("%d factors read back, want %d", len(back), len(im.Factors))
	}
	for i, f := range back {
		if !reflect.DeepEqual(f, im.Factors[i]) {
			t.Fatalf("%s read back as\n%+v\nwant\n%+v", f.Code, f, im.Factors[i])
		}
	}
}
