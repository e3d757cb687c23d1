package montecarlo

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSelectRank(t *testing.T) {
	// Ensure selectRank finds the value a sort puts at each rank, with
	// everything before it no larger and everything after no smaller, for
	// values with many ties as well as distinct ones.
	rnd := rand.New(rand.NewPCG(1, 2))
	for n := range 500 {
		xs := make([]float64, 1+n%1000)
		for i := range xs {
			if n%2 == 0 {
				xs[i] = float64(rnd.IntN(1 + n%20)) // ties
			} else {
				xs[i] = rnd.NormFloat64()
			}
		}
		sorted := slices.Clone(xs)
		slices.Sort(sorted)
		for _, k := range []int{0, len(xs) / 40, len(xs) / 2, len(xs) - 1 - len(xs)/40, len(xs) - 1} {
			got := slices.Clone(xs)
			selectRank(got, k)
			if got[k] != sorted[k] {
				t.Fatalf("n=%d k=%d: got %v, want %v", len(xs), k, got[k], sorted[k])
			}
			for i, x := range got {
				if (i < k && x > got[k]) || (i > k && x < got[k]) {
					t.Fatalf("n=%d k=%d: xs[%d]=%v on the wrong side of %v", len(xs), k, i, x, got[k])
				}
			}
		}
	}
}
