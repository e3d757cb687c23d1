package footprint_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// TestArea56_DemoLaptop: session 56's readings of a display's names on the
// demo laptop (179.028600027 kgCO2e a piece), whose active_area_m2 the
// bound checks under its own rule: footprint.Calculate refuses at
// product.active_area_m2 the areas more than the screens the names state
// can have, and accepts the honest ones unchanged. Areas as in
// internal/area/area56_test.go: a 13.3-inch 16:10 panel 0.05129 m² (two:
// 0.1026), its square bound at 13.35 inches 0.05749 m², its 32:9 bound
// 0.02997 m²; a 27-inch 16:9 panel 0.2010 m² (two: 0.4020); a 15⅝-inch
// 16:9 panel 0.06730 m², its square bound 0.07939 m².
func TestArea56_DemoLaptop(t *testing.T) {
	for _, c := range []struct {
		name, nameZH string
		m2           float64
		refuse       bool
	}{
		// a count in Chinese that is a use or a feature (passed before)
		{"Demo 13.3-inch laptop, dual screen", "示例13.3英寸笔记本电脑 双屏办公", 0.1, true},
		{"Demo 13.3-inch laptop, dual screen", "示例13.3英寸笔记本电脑 可双屏", 0.1, true},
		{"Demo 13.3-inch laptop, dual screen", "示例13.3英寸笔记本电脑 双屏联动", 0.1, true},
		// another device's size (passed before, at a 32-inch screen's 0.3407 m²)
		{"Demo 13.3-inch laptop, drives 32-inch external monitors", "示例13.3英寸笔记本电脑，支持外接32英寸显示器", 0.3, true},
		// a diagonal unread before: unbounded, a warning only
		{`Demo 15⅝" laptop`, "示例15⅝英寸笔记本电脑", 0.3, true},
		{"Demo thirteen-inch laptop", "示例13〃笔记本电脑", 0.3, true},
		{"Demo 13′′ laptop", "示例13“笔记本电脑", 0.3, true},
		{"Demo 13\u00a0inch laptop", "示例𝟏𝟑英寸笔记本电脑", 0.3, true},        // a no-break space; mathematical bold digits
		{"Demo 13\u200b-inch laptop", "示例13\u200b英寸笔记本电脑", 0.3, true}, // a zero-width space
		// honest products
		{"Demo 13.3-inch dual-screen laptop", "示例13.3英寸双屏笔记本电脑", 0.1026, false},
		{"Demo 13.3-inch laptop, 32:9 monitors supported too", "示例13.3英寸笔记本电脑，兼容32:9显示器", 0.05129, false}, // refused before, at 32:9's 0.02997
		{"Demo 13.3-inch laptop, drives 32-inch external monitors", "示例13.3英寸笔记本电脑，支持外接32英寸显示器", 0.05129, false},
		{`Demo 15 5/8" laptop`, "示例15⅝英寸笔记本电脑", 0.06730, false},          // refused before, at 8.5 inches' 0.02331
		{"Demo 27+27 inch monitors", "示例27英寸＋27英寸显示器", 0.4020, false},    // refused before, as one 27-inch screen
		{"Demo 13-inch laptop computer", "示例13英寸便携式计算机", 0.05129, false}, // the demo's own names, under a 13-inch square's 0.05879: unchanged
	} {
		s := seedtest.Study(t, "laptop")
		s.Product.Name, s.Product.NameZH, s.Product.ActiveAreaM2 = c.name, c.nameZH, c.m2
		res, refused, err := calculateArea(t, s)
		got := "refused"
		if !refused {
			if math.Abs(res.KgCO2e-179.028600027) > 1e-6 {
				t.Errorf("%q: %v kgCO2e a piece, want the demo laptop's 179.028600027", c.name, res.KgCO2e)
			}
			got = fmt.Sprintf("%.4f kgCO2e a piece, %.0f per m² of the area declared", res.KgCO2e, res.KgCO2e/c.m2)
			for _, w := range res.Warnings {
				if w.Path == "product.active_area_m2" {
					got += " (warned: no diagonal read)"
				}
			}
		} else if !strings.Contains(err.Error(), "有效显示面积 product.active_area_m2") {
			t.Errorf("%q: %v", c.name, err)
		}
		t.Logf("%s / %s at %g m²: %s", c.name, c.nameZH, c.m2, got)
		if refused != c.refuse {
			t.Errorf("%q / %q at %g m²: refused %v, want %v (%v)", c.name, c.nameZH, c.m2, refused, c.refuse, err)
		}
	}
}
