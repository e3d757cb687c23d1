package footprint_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
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
	for _, n := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			r := MustCalculate(b, benchStudy(n), factors, nil)
			b.ReportAllocs()
			start := processCPU()
			for b.Loop() {
				if _, err := encode(r); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, start)
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
	for _, n := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			doc, err := MustCalculate(b, benchStudy(n), factors, nil).CanonicalJSON()
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(doc)))
			b.ReportAllocs()
			start := processCPU()
			for b.Loop() {
				if _, err := decode(doc); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, start)
		})
	}
}
