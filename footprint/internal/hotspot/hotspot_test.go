package hotspot

import (
	"slices"
	"testing"
)

func TestInsert(t *testing.T) {
	var top []int
	for _, x := range []int{3, 9, 1, 7, 9, 2, 8} {
		Insert(&top, x, 3, func(a, b int) bool { return a > b })
	}
	if want := []int{9, 9, 8}; !slices.Equal(top, want) {
		t.Errorf("top 3 of 3 9 1 7 9 2 8: %v, want %v", top, want)
	}
	top = nil
	Insert(&top, 5, 3, func(a, b int) bool { return a > b })
	if !slices.Equal(top, []int{5}) {
		t.Errorf("one inserted: %v", top)
	}
}
