package area

import (
	"math"
	"strings"
	"testing"
	"unicode"
)

func TestLargest(t *testing.T) {
	for _, c := range []struct {
		text   string
		inches float64
		half   float64
		ok     bool
	}{
		{"Demo 27-inch monitor", 27, 0.5, true},
		{"Demo 27 inch monitor", 27, 0.5, true},
		{"Demo 27 Inches monitor", 27, 0.5, true},
		{"示例27英寸显示器", 27, 0.5, true},
		{"示例27寸显示器", 27, 0.5, true},
		{"示例２７吋显示器", 27, 0.5, true},
		{"示例27英吋显示器", 27, 0.5, true}, // read as no diagonal before
		{"Demo 2-in-1 portable monitor", 0, 0, false},
		{`Demo monitor 27"`, 27, 0.5, true},
		{"Demo monitor 27″", 27, 0.5, true},
		{"Demo 23.8-inch monitor", 23.8, 0.05, true},
		{"Demo 23,8 inch monitor", 23.8, 0.05, true},
		{"Demo 27-inch monitor, 2-inch speakers", 27, 0.5, true},
		{"Demo 1/4-inch mount, 32-inch monitor", 32, 0.5, true},
		{"Demo monitor", 0, 0, false},
		{"Demo monitor 27 in", 0, 0, false},
		{"Demo 65 W monitor", 0, 0, false},
		// reviewer 53: a figure closing a quotation is a series' name, not inches
		{"示例显示器“星辰2”", 0, 0, false},
		{`Demo monitor "Series 3"`, 0, 0, false},
		{"示例显示器“星辰2”27英寸", 27, 0.5, true},
		{`Demo monitor "Pro" 27"`, 27, 0.5, true},
		{"Demo monitor “Pro” 23.8”", 23.8, 0.05, true},
	} {
		s, ok := Largest(c.text)
		if ok != c.ok || s.Inches != c.inches || math.Abs(s.Half-c.half) > 1e-12 {
			t.Errorf("%q: %+v %v, want %g inches (half %g) %v", c.text, s, ok, c.inches, c.half, c.ok)
		}
	}
}

func TestDiagonal(t *testing.T) {
	s, _ := Largest("27-inch")
	if got := s.MaxM2(); math.Abs(got-0.6985*0.6985/2) > 1e-12 { // 27.5 × 25.4 mm = 0.6985 m
		t.Errorf("MaxM2 of 27 inches: %g", got)
	}
	names := []Name{{"product.name_zh", "示例显示器"}, {"product.name", "Demo 27-inch monitor"}}
	for _, m2 := range []float64{0, 0.2009, 0.2439} {
		if f, msg := Diagonal(m2, names...); f != "" {
			t.Errorf("%g m²: refused %s %s", m2, f, msg)
		}
	}
	if f, msg := Diagonal(0.5, Name{"product.name", "Demo monitor"}); f != "" {
		t.Errorf("no diagonal: refused %s %s", f, msg)
	}
	f, msg := Diagonal(0.2441, names...)
	zh, en, ok := strings.Cut(msg, "。")
	if f != "product.active_area_m2" || !ok || !strings.Contains(en, "product.active_area_m2 is 0.2441 m², more than a screen of the diagonal product.name states (\"27-inch\") can have") ||
		!strings.Contains(en, "0.244 m² at 27.5 inches") || !strings.ContainsFunc(zh, func(r rune) bool { return unicode.Is(unicode.Han, r) }) || !strings.Contains(zh, "27.5 英寸") {
		t.Errorf("0.2441 m²: %s %q", f, msg)
	}
}
