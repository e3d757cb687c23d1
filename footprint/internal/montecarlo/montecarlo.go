// Package montecarlo propagates independent lognormal uncertainties to a
// sum by a seeded Latin-hypercube sample: the engine's uncertainty of a
// total (footprint.Uncertainty), deterministic for the same sources.
package montecarlo

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"math/bits"
	"slices"
	"sync"
)

// Runs is the number of runs of every sample.
const Runs = 1000

const (
	uncertaintyZ95                = 1.959963984540054 // standard normal 97.5 % quantile
	PercentileLow, PercentileHigh = 0.025, 0.975      // the range Stats gives
)

// Source is one independent source of uncertainty, with the kgCO2e it
// contributes to the total and its relative 95 % half-width in percent.
type Source struct {
	Key string
	Kg  float64
	Pct float64
}

// Stats is what a sample gives: its seed (hex), the 2.5 %, 50 % and 97.5 %
// nearest-rank percentiles of the total, and its mean.
type Stats struct {
	Seed                    string
	Low, Median, High, Mean float64
}

// Run propagates the uncertainty of each source to the total. Each
// source's value is multiplied by a lognormal factor with median 1 and
// geometric standard deviation exp(σ), σ = ln(1 + pct/100)/1.96, so that 95 %
// of its values fall within ÷/× (1 + pct/100). The sample is a Latin
// hypercube: each source takes, over the Runs runs, exactly the
// quantiles (i + ½)/runs of its distribution, in an order shuffled
// independently per source. Its marginals are exact and it needs no random
// normal draws, which keeps a calculation well under a millisecond. The
// total is linear in the factor values, so a run is Σ kg_s × m_s.
//
// The shuffles come from a generator seeded with a SHA-256 over salt and
// the sources (sorted by key, by the caller): the same sources give the
// same seed and the same figures on every run, with no global random state.
// table holds multipliers (Table) computed before, by uncertainty.
func Run(salt string, sources []Source, table map[float64][]float64) Stats {
	var u Stats
	if len(sources) == 0 {
		return u
	}
	h := sha256.New()
	h.Write([]byte(salt))
	var buf [8]byte
	for _, s := range sources {
		h.Write([]byte(s.Key))
		h.Write([]byte{0})
		binary.BigEndian.PutUint64(buf[:], math.Float64bits(s.Kg))
		h.Write(buf[:])
		binary.BigEndian.PutUint64(buf[:], math.Float64bits(s.Pct))
		h.Write(buf[:])
	}
	sum := h.Sum(nil)
	u.Seed = hex.EncodeToString(sum[:16])
	rng := newRNG(binary.BigEndian.Uint64(sum[:8]), binary.BigEndian.Uint64(sum[8:16]))

	z := normalQuantiles()
	runs := make([]float64, Runs)
	var perm [Runs]uint16
	multipliers := map[float64][]float64{} // by uncertainty, computed once per calculation
	for _, s := range sources {
		if s.Pct <= 0 || s.Kg == 0 {
			for r := range runs {
				runs[r] += s.Kg
			}
			continue
		}
		m := table[s.Pct]
		if m == nil {
			m = multipliers[s.Pct]
		}
		if m == nil {
			m = lognormalQuantiles(s.Pct, z)
			multipliers[s.Pct] = m
		}
		// Fisher–Yates shuffle of the quantile indices. Position i is
		// final once step i has swapped it, so run i takes its value then.
		for i := range perm {
			perm[i] = uint16(i)
		}
		for i := Runs - 1; i > 0; i-- {
			j := rng.intn(i + 1)
			perm[i], perm[j] = perm[j], perm[i]
			runs[i] += s.Kg * m[perm[i]]
		}
		runs[0] += s.Kg * m[perm[0]]
	}
	var mean float64
	nan := false
	for _, t := range runs {
		mean += t
		nan = nan || math.IsNaN(t)
	}
	low, median, high := nearestRankIndex(len(runs), PercentileLow), nearestRankIndex(len(runs), 0.5), nearestRankIndex(len(runs), PercentileHigh)
	if nan {
		slices.Sort(runs) // NaNs first, where the sort has always put them
	} else {
		// Three order statistics need no full sort: the values are those
		// a sort would put at these ranks.
		selectRank(runs, median)
		selectRank(runs[:median], low)
		selectRank(runs[median+1:], high-median-1)
	}
	u.Low, u.Median, u.High, u.Mean = runs[low], runs[median], runs[high], mean/Runs
	return u
}

// selectRank reorders xs (no NaNs) so that xs[k] holds the value a sort
// would put there, nothing larger before it and nothing smaller after it
// (Hoare's selection; the middle pivot suits the random totals it gets).
func selectRank(xs []float64, k int) {
	for lo, hi := 0, len(xs)-1; lo < hi; {
		p, i, j := xs[lo+(hi-lo)/2], lo, hi
		for i <= j {
			for xs[i] < p {
				i++
			}
			for xs[j] > p {
				j--
			}
			if i <= j {
				xs[i], xs[j], i, j = xs[j], xs[i], i+1, j-1
			}
		}
		// xs[lo..j] ≤ p ≤ xs[i..hi], and xs[j+1..i-1] = p.
		if k > j && k < i {
			return
		} else if k <= j {
			hi = j
		} else {
			lo = i
		}
	}
}

// lognormalQuantiles returns the multipliers exp(σ·z_i) of a lognormal with
// median 1 and a 95 % half-width of pct percent.
func lognormalQuantiles(pct float64, z []float64) []float64 {
	sigma := math.Log1p(pct/100) / uncertaintyZ95
	m := make([]float64, len(z))
	for i := range m {
		m[i] = math.Exp(sigma * z[i])
	}
	return m
}

// Table returns lognormalQuantiles for each of pcts, to be computed once
// and passed to Run; the tables are never modified.
func Table(pcts ...float64) map[float64][]float64 {
	z := normalQuantiles()
	m := map[float64][]float64{}
	for _, pct := range pcts {
		m[pct] = lognormalQuantiles(pct, z)
	}
	return m
}

// normalQuantiles returns the standard normal quantiles Φ⁻¹((i + ½)/runs),
// computed once; the table is never modified.
var normalQuantiles = sync.OnceValue(func() []float64 {
	z := make([]float64, Runs)
	for i := range z {
		z[i] = math.Sqrt2 * math.Erfinv(2*(float64(i)+0.5)/Runs-1)
	}
	return z
})

// nearestRankIndex returns the index of the p-quantile of n sorted values
// by the nearest-rank method.
func nearestRankIndex(n int, p float64) int {
	i := int(math.Ceil(p*float64(n))) - 1
	return max(0, min(i, n-1))
}

// rng is xoshiro256** seeded through SplitMix64: small, fast, and its output
// is fixed by its definition, unlike a library generator whose stream may
// change between Go releases.
type rng struct {
	s [4]uint64
}

func newRNG(a, b uint64) *rng {
	r := &rng{}
	x := a ^ (b * 0x9e3779b97f4a7c15)
	for i := range r.s {
		x += 0x9e3779b97f4a7c15
		z := x
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
		z = (z ^ (z >> 27)) * 0x94d049bb133111eb
		r.s[i] = z ^ (z >> 31)
	}
	return r
}

func (r *rng) next() uint64 {
	s := &r.s
	result := bits.RotateLeft64(s[1]*5, 7) * 9
	t := s[1] << 17
	s[2] ^= s[0]
	s[3] ^= s[1]
	s[1] ^= s[2]
	s[0] ^= s[3]
	s[2] ^= t
	s[3] = bits.RotateLeft64(s[3], 45)
	return result
}

// intn returns a number in [0, n) (Lemire's multiply-shift; the bias,
// below 2⁻³², does not matter here).
func (r *rng) intn(n int) int {
	return int((r.next() >> 32) * uint64(n) >> 32)
}
