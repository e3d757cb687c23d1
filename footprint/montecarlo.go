package footprint

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"maps"
	"math"
	"math/bits"
	"slices"
	"sync"
)

// MonteCarloRuns is the number of Monte Carlo runs of every calculation.
const MonteCarloRuns = 1000

// Uncertainty defaults. A factor's UncertaintyPct (relative 95 % half-width)
// is used when it is set; otherwise its reference confidence grade
// (factors.md legend) gives one from this table, a project convention
// (not a value from a standard) ordered like the grades:
//
//	grade  meaning                                  ±95 %
//	A      official value read from the annex         5 %
//	B      official value, cross-checked             10 %
//	B-UK   official UK value used as a proxy         20 %
//	C      CPCD core database                        20 %
//	D      literature or a single secondary source   50 %
//	E      our own estimate                          75 %
//	(none) ungraded                                  50 %
//
// A supplier's certified footprint without its own uncertainty uses
// SupplierUncertaintyPct.
const (
	SupplierUncertaintyPct        = 10.0
	UngradedUncertaintyPct        = 50.0
	uncertaintyZ95                = 1.959963984540054 // standard normal 97.5 % quantile
	percentileLow, percentileHigh = 0.025, 0.975
)

// GradeUncertaintyPct returns the default relative 95 % half-width, in
// percent, for a confidence grade (table above).
func GradeUncertaintyPct(grade string) float64 {
	return cmp.Or(gradeUncertaintyPct[grade], UngradedUncertaintyPct)
}

// gradeUncertaintyPct is the table above, by grade.
var gradeUncertaintyPct = map[string]float64{"A": 5, "B": 10, "B-UK": 20, "C": 20, "D": 50, "E": 75}

func factorUncertaintyPct(f *Factor) float64 {
	if f.UncertaintyPct > 0 {
		return f.UncertaintyPct
	}
	return GradeUncertaintyPct(f.Quality.Grade)
}

// mcSource is one independent source of uncertainty: a factor (all lines
// using it move together, since it is one value) or a supplier footprint,
// with the kgCO2e it contributes to the total.
type mcSource struct {
	key string
	kg  float64
	pct float64
}

// monteCarlo propagates the uncertainty of each source to the total. Each
// source's value is multiplied by a lognormal factor with median 1 and
// geometric standard deviation exp(σ), σ = ln(1 + pct/100)/1.96, so that 95 %
// of its values fall within ÷/× (1 + pct/100). The sample is a Latin
// hypercube: each source takes, over the MonteCarloRuns runs, exactly the
// quantiles (i + ½)/runs of its distribution, in an order shuffled
// independently per source. Its marginals are exact and it needs no random
// normal draws, which keeps a calculation well under a millisecond. The
// total is linear in the factor values, so a run is Σ kg_s × m_s.
//
// The shuffles come from a generator seeded with a SHA-256 over the factor
// set and the sources (sorted by key): the same study gives the same seed
// and the same figures on every run, with no global random state.
func monteCarlo(set string, sources []mcSource) Uncertainty {
	u := Uncertainty{Method: "monte-carlo-lhs-lognormal"}
	if len(sources) == 0 {
		return u
	}
	h := sha256.New()
	h.Write([]byte(EngineVersion + "\x00" + set + "\x00"))
	var buf [8]byte
	for _, s := range sources {
		h.Write([]byte(s.key))
		h.Write([]byte{0})
		binary.BigEndian.PutUint64(buf[:], math.Float64bits(s.kg))
		h.Write(buf[:])
		binary.BigEndian.PutUint64(buf[:], math.Float64bits(s.pct))
		h.Write(buf[:])
	}
	sum := h.Sum(nil)
	u.Seed = hex.EncodeToString(sum[:16])
	rng := newRNG(binary.BigEndian.Uint64(sum[:8]), binary.BigEndian.Uint64(sum[8:16]))

	z := normalQuantiles()
	runs := make([]float64, MonteCarloRuns)
	var perm [MonteCarloRuns]uint16
	multipliers := map[float64][]float64{} // by uncertainty, computed once per calculation
	for _, s := range sources {
		if s.pct <= 0 || s.kg == 0 {
			for r := range runs {
				runs[r] += s.kg
			}
			continue
		}
		m := gradeMultipliers()[s.pct]
		if m == nil {
			m = multipliers[s.pct]
		}
		if m == nil {
			m = lognormalQuantiles(s.pct, z)
			multipliers[s.pct] = m
		}
		// Fisher–Yates shuffle of the quantile indices. Position i is
		// final once step i has swapped it, so run i takes its value then.
		for i := range perm {
			perm[i] = uint16(i)
		}
		for i := MonteCarloRuns - 1; i > 0; i-- {
			j := rng.intn(i + 1)
			perm[i], perm[j] = perm[j], perm[i]
			runs[i] += s.kg * m[perm[i]]
		}
		runs[0] += s.kg * m[perm[0]]
	}
	var mean float64
	nan := false
	for _, t := range runs {
		mean += t
		nan = nan || math.IsNaN(t)
	}
	u.Runs = MonteCarloRuns
	low, median, high := nearestRankIndex(len(runs), percentileLow), nearestRankIndex(len(runs), 0.5), nearestRankIndex(len(runs), percentileHigh)
	if nan {
		slices.Sort(runs) // NaNs first, where the sort has always put them
	} else {
		// Three order statistics need no full sort: the values are those
		// a sort would put at these ranks.
		selectRank(runs, median)
		selectRank(runs[:median], low)
		selectRank(runs[median+1:], high-median-1)
	}
	u.LowKgCO2e, u.MedianKgCO2e, u.HighKgCO2e = runs[low], runs[median], runs[high]
	u.MeanKgCO2e = mean / MonteCarloRuns
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

// gradeMultipliers holds lognormalQuantiles for the uncertainties of the
// grade table, computed once; the tables are never modified.
var gradeMultipliers = sync.OnceValue(func() map[float64][]float64 {
	z := normalQuantiles()
	m := map[float64][]float64{}
	for _, pct := range append(slices.Collect(maps.Values(gradeUncertaintyPct)), UngradedUncertaintyPct, SupplierUncertaintyPct) {
		m[pct] = lognormalQuantiles(pct, z)
	}
	return m
})

// normalQuantiles returns the standard normal quantiles Φ⁻¹((i + ½)/runs),
// computed once; the table is never modified.
var normalQuantiles = sync.OnceValue(func() []float64 {
	z := make([]float64, MonteCarloRuns)
	for i := range z {
		z[i] = math.Sqrt2 * math.Erfinv(2*(float64(i)+0.5)/MonteCarloRuns-1)
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
