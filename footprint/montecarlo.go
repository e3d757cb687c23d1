package footprint

import (
	"cmp"
	"maps"
	"slices"
	"sync"

	"github.com/chengdu-pcf/pcf/footprint/internal/montecarlo"
)

// MonteCarloRuns is the number of Monte Carlo runs of every calculation.
const MonteCarloRuns = montecarlo.Runs

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
//	supplier certificate of this service             10 %
//	supplier's PACT footprint (uploaded or fetched)  50 %
//
// A supplier footprint without its own uncertainty: a certificate of this
// service, verified here, takes SupplierUncertaintyPct; a PACT document,
// which no one here verified, UngradedUncertaintyPct, no narrower than a
// set's factor it may restate (red team 20).
const (
	SupplierUncertaintyPct = 10.0
	UngradedUncertaintyPct = 50.0
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

// mcSource is a source of uncertainty, a factor (one value: its lines move together) or a supplier footprint.
type mcSource = montecarlo.Source

// gradeMultipliers holds the sample's multipliers for the uncertainties of
// the grade table, computed once.
var gradeMultipliers = sync.OnceValue(func() map[float64][]float64 {
	return montecarlo.Table(append(slices.Collect(maps.Values(gradeUncertaintyPct)), UngradedUncertaintyPct, SupplierUncertaintyPct)...)
})

// families returns the families of factor f (montecarlo.FactorFamilies): the sources of a family move together
// (montecarlo.Correlate; red teams 88, 90, review 52).
func families(f *Factor) []string {
	return montecarlo.FactorFamilies(string(f.Category), string(f.ElectricityRole), f.TransportMode, f.Treatment, f.Code, f.ProductCodes)
}

// monteCarlo propagates each source's uncertainty to the total (montecarlo.Run, seeded by the engine's version alone).
func monteCarlo(sources map[string]*mcSource) Uncertainty {
	u := Uncertainty{Method: "monte-carlo-lhs-lognormal"}
	if len(sources) == 0 {
		return u
	}
	st := montecarlo.Run(EngineVersion, montecarlo.Sorted(sources), gradeMultipliers())
	u.Runs, u.Seed, u.LowKgCO2e, u.MedianKgCO2e, u.HighKgCO2e, u.MeanKgCO2e = MonteCarloRuns, st.Seed, st.Low, st.Median, st.High, st.Mean
	return u
}
