// Package seedtest gives tests of other packages the embedded seed factor
// set and the demo studies of seed/studies, ready to calculate, so that each
// package does not build its own copy of the same fixture.
package seedtest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed"
)

// StudyPath returns the path of the demo study seed/studies/<name>.json
// ("pv-module" or "laptop") in the source tree.
func StudyPath(tb testing.TB, name string) string {
	tb.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		tb.Fatal("seedtest: no source path")
	}
	return filepath.Join(filepath.Dir(file), "..", "studies", name+".json")
}

// Factors returns the embedded seed factors by code, each of set
// seed.SetVersion: the snapshot a study pinned to the seed set is
// calculated against.
func Factors(tb testing.TB) map[string]*footprint.Factor {
	tb.Helper()
	all, err := seed.Factors()
	if err != nil {
		tb.Fatal(err)
	}
	factors := make(map[string]*footprint.Factor, len(all))
	for _, f := range all {
		f.Set = seed.SetVersion
		factors[f.Code] = f
	}
	return factors
}

// Study parses the demo study seed/studies/<name>.json.
func Study(tb testing.TB, name string) *footprint.Study {
	tb.Helper()
	f, err := os.Open(StudyPath(tb, name))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	s, err := footprint.ParseStudyJSON(f)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// Calculated parses the demo study name, lets mutate (if not nil) change
// its input, and calculates it against Factors, as StudyService.CreateStudy
// would; the study's Result is set.
func Calculated(tb testing.TB, name string, mutate func(*footprint.Study)) *footprint.Study {
	tb.Helper()
	s := Study(tb, name)
	if mutate != nil {
		mutate(s)
	}
	var err error
	if s.Result, err = footprint.Calculate(s, Factors(tb), nil); err != nil {
		tb.Fatal(err)
	}
	return s
}

// Stored is Calculated with the study ID id and the demo manufacturer as
// owner, as the study store keeps a demo study.
func Stored(tb testing.TB, name, id string, mutate func(*footprint.Study)) *footprint.Study {
	tb.Helper()
	s := Calculated(tb, name, mutate)
	s.ID, s.Owner = id, "Demo Module Co."
	return s
}
