package footprint

import "testing"

// LoadTestFactors returns the test factor snapshot (testdata/factors.csv,
// set 2026.1). The external tests set it (engine_test.go): they may import
// the factor CSV reader of footprint/tabular, which imports this package,
// while this package's own tests may not.
var LoadTestFactors func(tb testing.TB) map[string]*Factor
