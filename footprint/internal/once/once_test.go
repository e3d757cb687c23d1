package once_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/internal/once"
)

func TestOf(t *testing.T) {
	// Ensure f is asked once a key, a zero value kept as any other, and
	// each key keeps its own.
	m, asked := map[string]int{}, 0
	f := func(v int) func() int { return func() int { asked++; return v } }
	for _, c := range []struct {
		k         string
		v, want   int
		wantAsked int
	}{
		{"a", 0, 0, 1},
		{"a", 5, 0, 1},
		{"b", 7, 7, 2},
		{"b", 9, 7, 2},
		{"a", 3, 0, 2},
	} {
		if got := once.Of(m, c.k, f(c.v)); got != c.want || asked != c.wantAsked {
			t.Errorf("Of(%q) = %d after %d askings, want %d after %d", c.k, got, asked, c.want, c.wantAsked)
		}
	}
}
