package footprint_test

import (
	"bytes"
	"fmt"
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
