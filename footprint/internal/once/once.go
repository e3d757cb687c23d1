// Package once keeps what a calculation works out of a thing a study may
// name on many lines (a supplier footprint: hundreds of references), worked
// out the first time it is asked (session 55).
package once

// Of returns m[k], made by f and kept in m the first time k is asked.
func Of[K comparable, V any](m map[K]V, k K, f func() V) V {
	v, ok := m[k]
	if !ok {
		v = f()
		m[k] = v
	}
	return v
}
