package cellrecord

import "testing"

// TestReviewer56e_RealNamesReadAsStated: module names as makers write
// them (reviewer 56e read rev56c's size rule as an honest applicant):
// the cell size beside the count (182, 210, "210R") is never read as the
// count, and the count is read as the name states it. Names that state
// their count in words the rule does not read ("72片" without 电池,
// "66版型") state nothing, and so warn nothing.
func TestReviewer56e_RealNamesReadAsStated(t *testing.T) {
	for _, c := range []struct {
		name  string
		cells float64 // full cells, from the name's own words
	}{
		{"Trina Vertex S+ 144 half-cut cells", 144 / 2},
		{"LONGi Hi-MO 6 182mm 144 cells", 144 / 2},
		{"M10 182 108 half-cells", 108 / 2},
		{"通威 210-66版型 132半片", 132 / 2},
		{"N-type 182-72 144 half cut", 144 / 2},
		{"66 cells (132 half-cells)", 132 / 2},
		{"晶澳 DeepBlue 4.0 Pro 72片", 0},
		{"通威 210 66版型", 0},
		{"Tongwei TNC 2.0 210R-66", 0},
		{"182 片电池", 0},
	} {
		if got, words := Stated(c.name); got != c.cells {
			t.Errorf("Stated(%q) = %v (%q), want %v", c.name, got, words, c.cells)
		}
	}
}
