package arena

import (
	"strconv"
	"testing"
)

func TestIndexPaths(t *testing.T) {
	// Ensure the paths of a list of lines are prefix[0], prefix[1], … and
	// come from one string of exactly their total length.
	for _, n := range []int{0, 1, 9, 10, 11, 99, 100, 101, 1000, 12345} {
		var a Paths
		a.List("x", -1, "y[", 3) // the arena's first list does not start it
		p := a.List("bom", 3, ".children[", n)
		total := len(p.all)
		size := 0
		for i := range n {
			want := "bom[3].children[" + strconv.Itoa(i) + "]"
			if got := p.Next(); got != want {
				t.Fatalf("n=%d: path %d = %q, want %q", n, i, got, want)
			}
			size += len(want)
		}
		if total != size || len(p.all) != 0 {
			t.Errorf("n=%d: %d bytes for %d of paths, %d left", n, total, size, len(p.all))
		}
	}
}
