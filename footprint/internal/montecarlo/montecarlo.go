// Package montecarlo propagates lognormal uncertainties to a sum by a
// seeded Latin-hypercube sample: the engine's uncertainty of a total
// (footprint.Uncertainty), deterministic for the same sources.
package montecarlo

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"maps"
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

// Source is one source of uncertainty, with the kgCO2e it contributes to
// the total and its relative 95 % half-width in percent. Sources are
// independent, except those of one Group (Correlate), which move together.
type Source struct {
	Key      string
	Kg       float64
	Pct      float64
	Families []string // the families it is of (Families, Supplier); none = a source of its own
	Group    string   // the group Correlate gives it by its families; "" = a source of its own
}

// Stats is what a sample gives: its root seed (hex), the 2.5 %, 50 % and
// 97.5 % nearest-rank percentiles of the total, and its mean.
type Stats struct {
	Seed                    string
	Low, Median, High, Mean float64
}

// Run propagates the uncertainty of each source to the total. Each
// source's value is multiplied by a lognormal factor with median 1 and
// geometric standard deviation exp(σ), σ = ln(1 + pct/100)/1.96, so that 95 %
// of its values fall within ÷/× (1 + pct/100). The sample is a Latin
// hypercube: each source takes, over the Runs runs, exactly the
// quantiles (i + ½)/runs of its distribution, in a shuffled order. Its
// marginals are exact and it needs no random normal draws, which keeps a
// calculation well under a millisecond. The total is linear in the factor
// values, so a run is Σ kg_s × m_s.
//
// Each source's order comes from a generator of its own, seeded with
// SHA-256(root ‖ its shuffle key), its Group if it has one and else its Key;
// the root seed is a SHA-256 over salt alone (the engine's version). No
// source's value enters any seed, so with the orders fixed every run, and
// every percentile, moves continuously with every source's kgCO2e: a change
// in a value's ninth digit moves the range in about its ninth digit, and a
// tiny source added moves it by about its own size. Red team 88 shopped
// among the samples a seed over every value gave (the demo module's glass
// moved by 10⁻⁹ kg at a time): widths from 44.0 to 51.6 kgCO2e for one
// headline. Sources of one Group take one order: in each run they sit at
// the same quantile of their distributions, so the group moves as one
// source, and one material spread over several factors of it no longer
// cancels its own error. The same sources give the same figures on every
// run, with no global random state. The sources are summed in their order
// (sorted by key, by the caller). table holds multipliers (Table) computed
// before, by uncertainty.
func Run(salt string, sources []Source, table map[float64][]float64) Stats {
	var u Stats
	if len(sources) == 0 {
		return u
	}
	root := sha256.Sum256([]byte(salt))
	u.Seed = hex.EncodeToString(root[:16])

	z := normalQuantiles()
	runs := make([]float64, Runs)
	var perm [Runs]uint16
	var key [sha256.Size + 1 + 64]byte
	copy(key[:], root[:])
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
		rng := newRNG(shuffleSeed(key[:], s))
		// Fisher–Yates shuffle of the quantile indices, two steps a
		// draw: a number in [0, n) from each 32 bits (Lemire's
		// multiply-shift; the bias, below 2⁻³², does not matter here).
		// Position i is final once step i has swapped it, so run i takes
		// its value then.
		perm = identity
		for i := Runs - 1; i > 0; i -= 2 {
			r := rng.next()
			j := int((r >> 32) * uint64(i+1) >> 32)
			perm[i], perm[j] = perm[j], perm[i]
			runs[i] += s.Kg * m[perm[i]]
			j = int((r & math.MaxUint32) * uint64(i) >> 32)
			perm[i-1], perm[j] = perm[j], perm[i-1]
			runs[i-1] += s.Kg * m[perm[i-1]]
		}
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

// identity is the quantile indices in order, each shuffle's start.
var identity = func() (p [Runs]uint16) {
	for i := range p {
		p[i] = uint16(i)
	}
	return p
}()

// Run's shuffle takes its steps two at a time: Runs must be even.
var _ [1 - Runs%2]struct{}

// shuffleSeed returns the seed of s's order: SHA-256(root ‖ 0 ‖ Key) for a
// source of its own, SHA-256(root ‖ 1 ‖ Group) for one of a group with a
// positive kgCO2e and SHA-256(root ‖ 2 ‖ Group) for a negative one (so no
// key can take a group's order, and a credit never takes the order of what
// it credits: moving together, it would cancel its error). buf holds the
// root seed and room after it.
func shuffleSeed(buf []byte, s Source) (uint64, uint64) {
	tag, k := byte(0), s.Key
	if s.Group != "" {
		tag, k = 1, s.Group
		if s.Kg < 0 {
			tag = 2
		}
	}
	b := append(append(buf[:sha256.Size], tag), k...)
	sum := sha256.Sum256(b)
	return binary.BigEndian.Uint64(sum[:8]), binary.BigEndian.Uint64(sum[8:16])
}

// Sorted returns copies of the sources, sorted by key (the order Run sums
// them in, which fixes its rounding), with their groups set (Correlate).
func Sorted(sources map[string]*Source) []Source {
	out := make([]Source, 0, len(sources))
	for _, k := range slices.Sorted(maps.Keys(sources)) {
		out = append(out, *sources[k])
	}
	Correlate(out)
	return out
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
