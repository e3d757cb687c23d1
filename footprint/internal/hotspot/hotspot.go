// Package hotspot keeps the largest contributions of a result, for its
// list of hotspots.
package hotspot

// Insert inserts c into the list top, sorted by before (whether a ranks
// before b), which it keeps at most n long: a selection in O(n·k) instead
// of sorting every leaf.
func Insert[T any](top *[]T, c T, n int, before func(a, b T) bool) {
	t := *top
	if len(t) == n && !before(c, t[len(t)-1]) {
		return
	}
	i := len(t)
	for i > 0 && before(c, t[i-1]) {
		i--
	}
	if len(t) < n {
		var zero T
		t = append(t, zero)
	}
	copy(t[i+1:], t[i:len(t)-1])
	t[i] = c
	*top = t
}
