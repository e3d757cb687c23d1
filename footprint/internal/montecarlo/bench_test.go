package montecarlo

import (
	"fmt"
	"testing"
)

// BenchmarkRun measures a sample of n sources of the grade table's
// uncertainties, as the engine passes them (sorted by key, some grouped).
func BenchmarkRun(b *testing.B) {
	pcts := []float64{5, 10, 20, 50, 75}
	table := Table(pcts...)
	for _, n := range []int{10, 100} {
		b.Run(fmt.Sprintf("sources=%d", n), func(b *testing.B) {
			sources := make([]Source, n)
			for i := range sources {
				sources[i] = Source{Key: fmt.Sprintf("f:FACTOR-%04d", i), Kg: float64(1 + i%7), Pct: pcts[i%len(pcts)]}
				if i%3 == 0 {
					sources[i].Group = fmt.Sprintf("HS:%04d\x00+", 7000+i%5)
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				Run("footprint/5", sources, table)
			}
		})
	}
}
