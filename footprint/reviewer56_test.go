package footprint_test

import (
	"testing"
)

// Reviewer 56: fin55 (a78a3531, cea2418c) made a ratio "a:b" followed by a
// camera's word (video, photo, recording, 视频 …) another device's, unless
// a screen's word follows at once (screenAfter: monitor, display, wall …).
// A display's own ratio before its use ("16:9 video conferencing TV",
// 视频会议一体机, "16:9 Video Conference Display", "16:9 photo frame") was
// read on main and is unread since: the bound widens to the square's, and
// the figure per m² of active area divides by up to 18 % more area.
//
// Areas (as TestArea55_Engine): a 65-inch 16:9 panel is (65 × 0.0254)² ×
// (16/9)/(1 + (16/9)²) = 2.72580 × 0.42730 = 1.1647 m²; its bound at 65.5
// inches is 2.76790 × 0.42730 = 1.1827 m² at 16:9, 2.76790/2 = 1.3840 m²
// as a square. A 10.1-inch 16:9 panel is 0.065813 × 0.42730 = 0.02812 m²;
// at 10.15 inches 0.066466 × 0.42730 = 0.02840 m² at 16:9, 0.03323 m² as a
// square. A 27-inch 16:9 panel is 0.2010 m², its bound at 27.5 inches
// 0.2085 m² at 16:9, 0.2440 m² as a square; a 32-inch 16:9 panel 0.2823
// m², at 32.5 inches 0.2912 m² at 16:9, 0.3407 m² as a square.
//
// fin55 also applied featureAfter (words of a connection or a feature
// right after a resolution) to ratios: the 线 of 无线 (wireless), 支架 (a
// stand), KVM before the screen's word unread the product's own 16:9.
func TestReviewer56_DisplaysOwnRatioBeforeItsUse(t *testing.T) {
	for _, c := range []struct {
		name, nameZH string
		m2           float64
		refuse       bool
	}{
		{"Demo 65-inch 16:9 video conferencing TV", "示例65英寸16:9视频会议一体机", 1.38, true},   // accepted since fin55
		{"Demo 65-inch 16:9 Video Conference Display", "示例65英寸16:9视频会议电视", 1.38, true}, // accepted since fin55
		{"Demo 10.1-inch 16:9 photo frame", "示例10.1英寸数码相框", 0.0332, true},              // accepted since fin55
		// a feature word of the product's own before its screen's word (fin55's featureAfter, and the 线 of 无线)
		{"Demo 27-inch wireless monitor", "示例27英寸16:9无线显示器", 0.2439, true}, // accepted since fin55
		{"Demo 27-inch monitor", "示例27英寸16:9升降支架显示器", 0.2439, true},        // accepted since fin55
		{"Demo 32-inch 16:9 KVM monitor", "示例32英寸KVM显示器", 0.3240, true},    // accepted since fin55
		// the honest panels
		{"Demo 65-inch 16:9 video conferencing TV", "示例65英寸16:9视频会议一体机", 1.1647, false},
		{"Demo 65-inch 16:9 Video Conference Display", "示例65英寸16:9视频会议电视", 1.1647, false},
		{"Demo 10.1-inch 16:9 photo frame", "示例10.1英寸数码相框", 0.0281, false},
		{"Demo 27-inch wireless monitor", "示例27英寸16:9无线显示器", 0.2010, false},
		{"Demo 32-inch 16:9 KVM monitor", "示例32英寸KVM显示器", 0.2823, false},
	} {
		_, refused, err := calculateArea(t, area55Display(t, c.name, c.nameZH, c.m2))
		if refused != c.refuse {
			t.Errorf("%q / %q at %g m²: refused %v, want %v (%v)", c.name, c.nameZH, c.m2, refused, c.refuse, err)
		}
	}
}
