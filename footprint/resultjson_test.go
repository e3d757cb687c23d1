package footprint_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// BenchmarkCanonicalJSON encodes the result of a study whose BOM has n
// lines nested five levels deep (benchStudy), as every stored or returned
// result is encoded.
func BenchmarkCanonicalJSON(b *testing.B) {
	benchEncodeResult(b, (*footprint.Result).CanonicalJSON)
}

// BenchmarkCanonicalJSONReference encodes the same results with
// encoding/json, the way CanonicalJSON would without its own encoder.
func BenchmarkCanonicalJSONReference(b *testing.B) {
	benchEncodeResult(b, footprint.ReferenceCanonicalJSON)
}

// BenchmarkCanonicalize fixes the same results as a study store does
// before it stores one: encodes each and rounds its numbers to what the
// bytes say (after the first time, numbers already rounded).
func BenchmarkCanonicalize(b *testing.B) {
	benchEncodeResult(b, func(r *footprint.Result) ([]byte, error) {
		footprint.ForgetCanonical(r)
		return r.Canonicalize(), nil
	})
}

func benchEncodeResult(b *testing.B, encode func(*footprint.Result) ([]byte, error)) {
	factors := MustLoadFactors(b)
	benchLines(b, func(b *testing.B, n int) (func() error, int) {
		r := MustCalculate(b, benchStudy(n), factors, nil)
		return func() error { _, err := encode(r); return err }, 0
	})
}

// benchLines runs one sub-benchmark, lines=n, for each of the sizes 10,
// 100 and 1000 of benchStudy: prepare returns the operation to time and the
// bytes it reads (0 when it reads none); each reports its allocations and
// the process CPU time per operation.
func benchLines(b *testing.B, prepare func(b *testing.B, n int) (op func() error, size int)) {
	for _, n := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			op, size := prepare(b, n)
			if size > 0 {
				b.SetBytes(int64(size))
			}
			footprinttest.Bench(b, op)
		})
	}
}

// BenchmarkParseResultJSON reads back the stored result of a study whose
// BOM has n lines nested five levels deep (benchStudy), as the study store
// does on every read.
func BenchmarkParseResultJSON(b *testing.B) {
	benchDecodeResult(b, func(doc []byte) (*footprint.Result, error) { return footprint.ParseResultJSON(bytes.NewReader(doc)) })
}

// BenchmarkParseResultJSONEncodingJSON reads the same results with
// encoding/json instead of json/v2.
func BenchmarkParseResultJSONEncodingJSON(b *testing.B) {
	benchDecodeResult(b, footprint.ParseResultJSONWithEncodingJSON)
}

func benchDecodeResult(b *testing.B, decode func([]byte) (*footprint.Result, error)) {
	factors := MustLoadFactors(b)
	benchLines(b, func(b *testing.B, n int) (func() error, int) {
		doc, err := MustCalculate(b, benchStudy(n), factors, nil).CanonicalJSON()
		if err != nil {
			b.Fatal(err)
		}
		return func() error { _, err := decode(doc); return err }, len(doc)
	})
}

func TestParseResultJSON_Errors(t *testing.T) {
	// Ensure a result document is refused, naming the field, for a null
	// sub-assembly or line of one (TestParseResultJSON_Documents has null
	// lines and credits), and where a part's own parser or the strict
	// decoder refuses it (a period, a unit, an unknown field of a part).
	const f = `{"format":"pcf-result/1",`
	for _, tt := range []struct{ name, doc, field, message string }{
		{"NullAssembly", f + `"assemblies":[null]}`, "assemblies[0]", "a sub-assembly is empty"},
		{"NullAssemblyLine", f + `"assemblies":[{"id":"A","lines":[null]}]}`, "assemblies[0].lines", "a contribution is empty"},
		{"InstrumentPeriod", f + `"electricity":{"instruments":[{"period":{"start":"2025","end":"2025-12-31"}}]}}`,
			"electricity.instruments[0].period.start", "want a date"},
		{"ReferencePeriod", f + `"reference_period":{"start":"2025-12-31","end":"2025-01-01"}}`, "reference_period", "ends before it starts"},
		{"DeclaredUnit", f + `"declared_unit":{"amount":1,"unit":"kgs"}}`, "declared_unit.unit", "kgs"},
		{"UnknownSourceField", f + `"factors":[{"code":"F","source":{"publisher":"P","url":"u"}}]}`, "factors[0].source.url", "unknown"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := footprint.ParseResultJSON(strings.NewReader(tt.doc))
			if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.field ||
				!strings.Contains(footprint.ErrorMessage(err), tt.message) {
				t.Fatalf("err = %v, want EINVALID at %s: …%s…", err, tt.field, tt.message)
			}
		})
	}
}

func TestParseResultJSON_Parts(t *testing.T) {
	// Ensure the parts of a result document come back as the domain types:
	// a hotspot is the line it names (not a copy), empty lists are nil, a
	// zero instrument period and an unset declared unit are zero.
	doc := `{"format":"pcf-result/1","declared_unit":{"amount":0,"unit":""},"reference_period":null,` +
		`"per_unit":[],"stages":[],"lines":[{"path":"bom[0]","name":"steel","kgco2e":2,"children":[{"path":"bom[0].children[0]","kgco2e":1}]}],` +
		`"hotspots":["bom[0].children[0]"],"credits":[],"cut_off":{"items":[{"path":"bom[1]","mass_kg":0.5}]},` +
		`"electricity":{"grid_factors":[],"instruments":[{"path":"electricity[0]","kind":"green-certificate","period":{"start":"0001-01-01","end":"0001-01-01"}}]},` +
		`"factors":[{"code":"F","source":{"publisher":"P","document":"D","date":"2024","locator":"L"}}],"suppliers":[],"warnings":[]}`
	r, err := footprint.ParseResultJSON(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hotspots) != 1 || r.Hotspots[0] != r.Lines[0].Children[0] {
		t.Errorf("Hotspots = %v, want the line bom[0].children[0] itself", r.Hotspots)
	}
	if r.PerUnit != nil || r.Stages != nil || r.Credits != nil || r.Suppliers != nil || r.Warnings != nil || r.Electricity.GridFactors != nil {
		t.Errorf("empty lists not nil: %+v", r)
	}
	if !r.DeclaredUnit.Unit.IsZero() || !r.ReferencePeriod.IsZero() || !r.Electricity.Instruments[0].Period.IsZero() {
		t.Errorf("declared unit %v, periods %v %v, want zero", r.DeclaredUnit, r.ReferencePeriod, r.Electricity.Instruments[0].Period)
	}
	if len(r.Exempted) != 1 || r.Exempted[0].MassKg != 0.5 || len(r.Factors) != 1 ||
		r.Factors[0].Source != (footprint.Source{Publisher: "P", Document: "D", Date: "2024", Locator: "L"}) {
		t.Errorf("Exempted = %v, Factors = %v", r.Exempted, r.Factors)
	}
}

func TestParseResultJSON_RoundTrip(t *testing.T) {
	// Ensure a stored result (CanonicalJSON) reads back and re-encodes to
	// the same bytes, so a stored digest can be checked.
	for _, name := range []string{"pv-module", "laptop"} {
		r := MustCalculate(t, MustParseStudyFile(t, "../seed/studies/"+name+".json"), MustLoadFactors(t), nil)
		want, err := r.CanonicalJSON()
		if err != nil {
			t.Fatal(err)
		}
		back := mustReadBack(t, name, want)
		if len(back.Hotspots) == 0 || back.Hotspots[0] != findLineIn(back.Lines, back.Hotspots[0].Path) {
			t.Errorf("%s: hotspots do not point into the tree", name)
		}
	}
	if _, err := footprint.ParseResultJSON(strings.NewReader(`{"format":"other"}`)); footprint.ErrorField(err) != "format" {
		t.Errorf("ParseResultJSON(other format) = %v, want a format error", err)
	}
}

// mustReadBack reads the result document b of what back (ParseResultJSON)
// and checks that it re-encodes to b. It returns the result read.
func mustReadBack(t *testing.T, what string, b []byte) *footprint.Result {
	t.Helper()
	back, err := footprint.ParseResultJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if again, err := back.CanonicalJSON(); err != nil || !bytes.Equal(again, b) {
		t.Errorf("%s: result read back encodes to other bytes (%v)", what, err)
	}
	return back
}

func findLineIn(cs []*footprint.Contribution, path string) *footprint.Contribution {
	return findLine(&footprint.Result{Lines: cs}, path)
}
