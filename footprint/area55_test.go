package footprint_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// area55Display is red team 91's monitor in the engine: the demo laptop's
// inventory with its exempted lines counted, under the display rule (HS
// 852852), 2 kWh of assembly electricity, named name and nameZH, of active
// area m2.
func area55Display(t *testing.T, name, nameZH string, m2 float64) *footprint.Study {
	t.Helper()
	s := countedStudy(t, "laptop")
	s.Rule, s.Product.ProductCodes, s.Product.ActiveAreaM2 = "display", []footprint.ProductCode{{Scheme: "HS", Code: "852852"}}, m2
	s.Product.Name, s.Product.NameZH = name, nameZH
	s.Electricity = []*footprint.ElectricityLine{{Name: "assembly and test", Quantity: 2, Unit: unit("kWh"), Factor: "ELEC-CN-NAT-CF-2024"}}
	return s
}

// calculateArea calculates display study s and reports whether it was
// refused at product.active_area_m2 (the bound of the screens its names
// state); any other error ends the test.
func calculateArea(t *testing.T, s *footprint.Study) (res *footprint.Result, refused bool, err error) {
	t.Helper()
	res, err = footprint.Calculate(s, seedtest.Factors(t), nil)
	var fe *footprint.Error
	refused = errors.As(err, &fe) && fe.Field == "product.active_area_m2"
	if err != nil && !refused {
		t.Fatalf("%q / %q at %g m²: %v", s.Product.Name, s.Product.NameZH, s.Product.ActiveAreaM2, err)
	}
	return res, refused, err
}

// TestArea55_Engine: session 55's readings of a display's names, end to
// end: footprint.Calculate refuses at product.active_area_m2 the areas
// more than the screens the names state can have, and issues the honest
// products' figures per m² of active area. Areas as in
// internal/area/area55_test.go: a 27-inch screen's square bound 0.2440
// m², 16:9 bound 0.2085 m², a real 27-inch 16:9 panel 0.2010 m²; two
// 14-inch 16:10 panels 0.1137 m²; a 32-inch 16:9 panel 0.2823 m²; four
// 55-inch 16:9 panels 3.336 m².
func TestArea55_Engine(t *testing.T) {
	for _, c := range []struct {
		name, nameZH string
		m2           float64
		refuse       bool
	}{
		// a count that is no screen of the product's, in both names (passed before)
		{"Demo 27-inch monitor, dual display inputs", "示例27英寸显示器 双屏接口", 0.4, true},
		{"Demo 27-inch monitor, dual-screen friendly", "示例27英寸显示器 双屏协同", 0.4, true},
		{"Demo 27-inch monitor, dual Display Port", "示例27英寸显示器 双屏接口", 0.4, true},
		{"Demo 27-inch monitor, dual-screen collaboration", "示例27英寸显示器 双屏协同", 0.4, true},
		{`Demo 27" monitor, dual 2" OLED displays`, "示例双屏显示器", 0.4, true},
		// a count in one name only: refused before where the other states a diagonal
		{"Demo 27-inch monitor, dual display inputs", "示例27英寸显示器", 0.4, true},
		// a count in one name, beside a name stating no diagonal (passed before)
		{"Demo 27-inch dual-screen monitor", "示例显示器", 0.4, true},
		// a size not read before: unbounded
		{"Demo 27-Zoll Monitor", "示例显示器", 0.5, true},
		{"Demo 32 in 4K monitor", "示例显示器", 0.5, true},
		// a resolution's ratio (passed before, at the square's bound)
		{"Demo 27-inch monitor 2560x1440", "示例27英寸显示器", 0.2439, true},
		// honest products
		{"Demo 27-Zoll Monitor", "示例显示器", 0.2010, false},
		{"Demo 32 in 4K monitor", "示例显示器", 0.2823, false},
		{"Demo 27-inch monitor 2560x1440", "示例27英寸显示器", 0.2010, false},
		{"Demo 14-inch laptop with dual 4K displays", "示例14英寸双屏笔记本电脑", 0.1137, false},               // refused before
		{"Demo 2×2 video wall of 55-inch panels", "示例2×2拼接墙，55英寸液晶拼接屏", 3.336, false},               // refused before
		{"Demo 27-inch dual-screen monitor", "示例27英寸双屏显示器", 0.4, false},                             // area54's accepted gain, kept
		{"Demo 14-inch laptop, dual displays via Thunderbolt", "示例14英寸笔记本电脑，支持双屏扩展", 0.0568, false}, // one 14-inch 16:10 panel
	} {
		s := area55Display(t, c.name, c.nameZH, c.m2)
		res, refused, err := calculateArea(t, s)
		got := "refused"
		if !refused {
			got = fmt.Sprintf("%.1f kgCO2e a piece", res.KgCO2e)
			for _, u := range res.PerUnit {
				if u.Basis == footprint.PerActiveArea {
					got += fmt.Sprintf(", %.0f per m²", u.KgCO2e)
				}
			}
		} else if !strings.Contains(err.Error(), "product.active_area_m2") {
			t.Errorf("%q: %v", c.name, err)
		}
		t.Logf("%s / %s at %g m²: %s", c.name, c.nameZH, c.m2, got)
		if refused != c.refuse {
			t.Errorf("%q / %q at %g m²: refused %v, want %v (%v)", c.name, c.nameZH, c.m2, refused, c.refuse, err)
		}
	}
}
