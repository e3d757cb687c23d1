package tree_test

import (
	"slices"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/internal/tree"
)

type line struct {
	use  bool
	kids []*line
}

func TestPosition(t *testing.T) {
	ls := []*line{
		{kids: []*line{{use: true}, nil, {kids: []*line{{use: true}}}}},
		{use: true},
	}
	kids := func(l *line) []*line { return l.kids }
	use := func(l *line) bool { return l.use }
	for n, want := range [][]int{{0, 0}, {0, 2, 0}, {1}, nil} {
		if got := tree.Position(ls, n, kids, use); !slices.Equal(got, want) {
			t.Errorf("Position(%d) = %v, want %v", n, got, want)
		}
	}
}
