//go:build benchfixture || loadtest

package api_test

import (
	"os"
	"strconv"
	"testing"
)

// envInt reads a test's integer setting from the environment variable
// name, def when it is not set; it fails unless the value is in [lo, hi].
// (Only the tagged benchmarks and load test take settings.)
func envInt(tb testing.TB, name string, def, lo, hi int) int {
	tb.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		tb.Fatalf("%s=%q: want %d-%d", name, s, lo, hi)
	}
	return n
}
