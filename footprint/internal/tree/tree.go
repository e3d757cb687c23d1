// Package tree finds places in the engine's trees of lines, for the
// paths its messages name.
package tree

// Position returns the index at each level (of ls, then of the children
// kids gives, depth first) of the n-th line of ls that is a use; nil if
// there are fewer. A nil line is skipped.
func Position[L any](ls []*L, n int, kids func(*L) []*L, use func(*L) bool) []int {
	var pos []int
	var find func(ls []*L) bool
	find = func(ls []*L) bool {
		for j, l := range ls {
			if l == nil {
				continue
			}
			pos = append(pos, j)
			if use(l) {
				if n == 0 {
					return true
				}
				n--
			}
			if find(kids(l)) {
				return true
			}
			pos = pos[:len(pos)-1]
		}
		return false
	}
	find(ls)
	return pos
}
