// Package list holds the footprint package's helpers for lists of strings:
// a sorted set, a join of any string type, and a list of paths as a
// message names them.
package list

import (
	"slices"
	"strings"
)

// Set returns ss sorted, without duplicates and empty strings, or nil when
// none is left. It reuses ss.
func Set(ss []string) []string {
	ss = slices.DeleteFunc(ss, func(s string) bool { return s == "" })
	if len(ss) == 0 {
		return nil
	}
	slices.Sort(ss)
	return slices.Compact(ss)
}

// Join joins xs, of any string type, with ", ".
func Join[T ~string](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

// Paths joins up to five paths, then "…".
func Paths(paths []string) string {
	if len(paths) > 5 {
		return strings.Join(paths[:5], ", ") + ", …"
	}
	return strings.Join(paths, ", ")
}
