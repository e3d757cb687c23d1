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
	factors := MustLoadFactors(b)
	for _, n := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			r := MustCalculate(b, benchStudy(n), factors, nil)
			b.ReportAllocs()
			start := processCPU()
			for b.Loop() {
				if _, err := r.CanonicalJSON(); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, start)
		})
	}
}

// BenchmarkParseResultJSON reads back the stored result of a study whose
// BOM has n lines nested five levels deep (benchStudy), as the study store
// does on every create and read.
func BenchmarkParseResultJSON(b *testing.B) {
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
				if _, err := footprint.ParseResultJSON(bytes.NewReader(doc)); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, start)
		})
	}
}
