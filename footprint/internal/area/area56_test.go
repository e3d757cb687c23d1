package area

import (
	"math"
	"strings"
	"testing"
)

// Session 56 (area56): a Chinese count read by the head of its compound,
// another device's ratio or size named after it, and more ways of writing
// a diagonal.
//
// Areas: a 13.3-inch 16:10 panel is (13.3 × 0.0254)² × 1.6/(1 + 1.6²) =
// 0.114122 × 0.449438 = 0.05129 m² (two: 0.1026); its square bound at
// 13.35 inches 0.33909²/2 = 0.05749 m², its 32:9 bound 0.114982 × 0.26063
// = 0.02997 m². A 14-inch 16:10 panel is 0.05683 m², its square bound at
// 14.5 inches 0.06782 m², its 32:9 bound 0.03535 m² (fin55_test.go). A
// 27-inch 16:9 panel is 0.2010 m² (two: 0.4020), a 27-inch square bound
// 0.2440 m² (two: 0.4879), a 32-inch one at 32.5 inches 0.3407 m². A
// 15⅝-inch 16:9 panel is (15.625 × 0.0254)² × 0.42730 = 0.157510 × 0.42730
// = 0.06730 m²; its square bound at 15 11/16 inches (half a sixteenth up)
// is (15.6875 × 0.0254)²/2 = 0.158773/2 = 0.07939 m².

// TestRead_ChineseCountByItsHead: a Chinese count of screens is the
// product's own when the compound after it ends in a thing with screens or
// a screen's word (ownAfterZH), not in a use, a feature or another
// product; and a count word after 可, 实现, 兼容, 秒变 or 一键 is a feature.
// Reviewer 55b found 双屏办公, 可双屏, 双屏联动 and 双屏拼接 read as two
// screens.
func TestRead_ChineseCountByItsHead(t *testing.T) {
	checkCounts(t, []countCase{
		// a use, a feature or another product: each read as 2 before
		{"示例27英寸显示器 双屏办公", 1},
		{"示例27英寸显示器 可双屏", 1},
		{"示例27英寸显示器 双屏联动", 1},
		{"示例27英寸显示器 双屏拼接", 1},
		{"示例27英寸显示器 双屏功能", 1},
		{"示例27英寸显示器，双屏设计", 1},
		{"示例27英寸显示器 双屏HDMI", 1},
		{"示例27英寸显示器 双屏USB3.0", 1},
		{"示例27英寸显示器 双屏主机", 1},
		{"示例27英寸显示器 秒变双屏", 1},
		{"示例27英寸显示器 一键双屏", 1},
		{"示例27英寸显示器 轻松实现双屏", 1},
		{"示例27英寸显示器 兼容双屏", 1},
		{"示例14英寸 双屏 办公", 1},
		{"示例14英寸双屏办公笔记本", 1}, // ambiguous (a laptop for dual-screen office work): refused as one, the message says so
		// read as 1 before too
		{"示例27英寸显示器 双屏显示器支架", 1},
		{"示例14英寸笔记本电脑 双屏扩展坞", 1},
		{"示例27英寸显示器 双屏协同", 1},
		{"示例14英寸双12英寸屏笔记本", 1}, // a part's size (ofPart)
		// the product's own screens
		{"示例14英寸双屏笔记本电脑", 2},
		{"示例15.6英寸双屏异显收银机", 2},
		{"示例27英寸双屏显示器", 2},
		{"华硕灵耀X双屏Pro 14.5英寸笔记本电脑", 2},
		{"示例14英寸 双屏 笔记本", 2},
		{"示例14英寸双屏游戏本", 2},
		{"示例笔记本电脑，14英寸，双屏", 2},
		{"示例14英寸双屏触控笔记本", 2},
		{"示例15.6英寸双屏收银一体机", 2},
		{"示例43英寸双面显示屏广告机", 2},
		{"示例14英寸配有两块屏幕的笔记本电脑", 2},
		{"示例15.6英寸双屏POS机", 2},
		{"示例14英寸双屏OLED笔记本", 2},
		{"示例14英寸 高性能双屏笔记本", 2}, // 能 ends 性能: not a feature word before
		{"示例15.6英寸+10.1英寸双屏收银机", 2},
		{"示例14英寸双4K屏笔记本", 2},
		{"示例27英寸显示器 双屏版", 2}, // the product's edition, as "dual-screen edition"
		// in traditional characters: unread before, the honest product refused as one screen
		{"示例14英寸雙螢幕筆記型電腦", 2},
		{"示例14吋雙屏筆電", 2},
		{"示例14英寸配有兩塊顯示屏的筆電", 2},
		{"示例27英寸顯示器 雙屏辦公", 1},
		// the noun after an English count is another product's (read as 2 before)
		{"Demo 27-inch dual-screen monitor stand", 1},
		{"Demo 14-inch dual-screen laptop stand", 1},
		{"Demo 14-inch dual-screen laptop, supports stylus", 2},
	})
	checkAreas(t, []areaCase{
		{0.4, true, []Name{{"product.name_zh", "示例27英寸显示器 双屏办公"}, {"product.name", "Demo 27-inch monitor, dual screen"}}},
		{0.4, true, []Name{{"product.name_zh", "示例27英寸显示器 可双屏"}, {"product.name", "Demo 27-inch dual-screen monitor"}}},
		{0.4, true, []Name{{"product.name_zh", "示例27英寸显示器 双屏联动"}, {"product.name", "Demo 27-inch dual-screen monitor"}}},
	}, "more than a screen of the diagonal product.name_zh states", "0.244 m² at 27.5 inches")
	checkAreas(t, []areaCase{
		{0.1026, false, []Name{{"product.name_zh", "示例13.3英寸双屏笔记本电脑"}, {"product.name", "Demo 13.3-inch dual-screen laptop"}}},
		{0.1026, false, []Name{{"product.name_zh", "示例13.3英寸双屏游戏本"}, {"product.name", "Demo 13.3-inch dual-screen gaming laptop"}}},
	})
}

// TestRead_RatioOfAnotherDeviceNamedAfterIt: a ratio followed by another
// device's screens is theirs, through the screens' noun ("32:9 monitors
// supported too", "32:9 monitor compatible"), an adjective before it
// ("supports external 32:9 monitors"), "works with", 兼容, or in the plural
// in the name of one screen ("32:9 monitors too"); fin55 left the first
// open. Each held the 14-inch 16:10 laptop's 0.05683 m² to 32:9's 0.03535.
func TestRead_RatioOfAnotherDeviceNamedAfterIt(t *testing.T) {
	for _, c := range []struct {
		text  string
		ratio float64
		words string
	}{
		// another device's: read as the panel's before
		{"Demo 14-inch laptop, 32:9 monitors supported too", 0, ""},
		{"Demo 14-inch laptop, 32:9 monitors too", 0, ""},
		{"Demo 14-inch laptop, works with 32:9 monitors", 0, ""},
		{"Demo 14-inch laptop with 32:9 monitor support", 0, ""},
		{"Demo 14-inch laptop, external 32:9 monitors", 0, ""},
		{"Demo 14-inch laptop, 32:9 ultrawide monitors supported", 0, ""},
		{"Demo 14-inch laptop, 32:9 monitor compatible", 0, ""},
		{"Demo 14-inch laptop, supports external 32:9 monitors", 0, ""},
		{"示例14英寸笔记本电脑，兼容32:9显示器", 0, ""},
		{"Demo 14-inch laptop, 3840x2160 monitors too", 0, ""},
		// another device's, not read before either
		{"示例14英寸笔记本电脑，32:9显示器也支持", 0, ""},
		// the product's own
		{"Demo 14-inch laptop, 16:10, 32:9 monitors supported too", 1.6, "16:10"},
		{"Demo 27-inch 16:9 monitor", 16.0 / 9, "16:9"},
		{"Demo 27-inch 16:9 display, supports HDR", 16.0 / 9, "16:9"},
		{"Demo 2×2 video wall of 16:9 55-inch panels", 16.0 / 9, "16:9"}, // in the plural, of a product of four screens
		{"Demo 2× 27-inch 16:9 monitors", 16.0 / 9, "16:9"},
		// in the plural in the name of one screen: not read (read before); the square's bound, as a name stating no ratio
		{"Demo 2×2 video wall of 55-inch 16:9 panels", 0, ""},   // the grid is not read (no panels' word after the diagonal)
		{"Demo 14-inch laptop with dual 16:10 displays", 0, ""}, // no count read through a ratio
		{"Demo 49-inch 32:9 monitor", 32.0 / 9, "32:9"},
	} {
		sc, ok := Read(c.text)
		if !ok || math.Abs(sc.Ratio-c.ratio) > 1e-12 || sc.RatioText != c.words {
			t.Errorf("%q: ratio %g (%q) %v, want %g (%q)", c.text, sc.Ratio, sc.RatioText, ok, c.ratio, c.words)
		}
	}
	checkAreas(t, []areaCase{
		{0.05683, false, names("Demo 14-inch laptop, 32:9 monitors supported too")}, // refused before
		{0.05683, false, names("Demo 14-inch laptop, 32:9 monitors too")},           // refused before
		{0.06790, true, names("Demo 14-inch laptop, 32:9 monitors supported too")},  // over the square's 0.06782
	}, "d²/2")
}

// TestLargest_AnotherDevicesSize: a size of another device ("drives
// 32-inch external monitors", 支持外接32英寸显示器) is not the screen's where
// the name states one of its own; read as the largest, it bounded a
// 14-inch laptop at a 32-inch screen's 0.3407 m², five times its own
// square's 0.06782. A name stating no size but another device's is
// bounded by it, as before.
func TestLargest_AnotherDevicesSize(t *testing.T) {
	for _, c := range []struct {
		text   string
		inches float64
	}{
		{"Demo 14-inch laptop, drives 32-inch external monitors", 14}, // 32 before
		{"Demo 14-inch laptop, supports 32-inch monitors", 14},
		{"示例14英寸笔记本电脑，支持外接32英寸显示器", 14},
		{"Demo 14-inch laptop, up to 49-inch monitors supported", 14},
		{"Demo 14-inch laptop, 32-inch monitors supported too", 14},
		{"Demo 14-inch laptop, works with 32-inch monitors", 14},
		// kept
		{"Demo LCD panel for 27-inch monitors", 27},
		{"Demo 27-inch monitor, 2-inch speakers", 27},
		{"Demo 27-inch 4K monitor", 27},
		{"Demo 15.6-inch portable monitor, USB-C input", 15.6},
		{"Demo 32-inch 4K monitor, drives a 27-inch second screen", 32},
	} {
		s, ok := Largest(c.text)
		if !ok || s.Unit != "inch" || s.Figure != c.inches {
			t.Errorf("%q: %+v %v, want %g inches", c.text, s, ok, c.inches)
		}
	}
	checkAreas(t, []areaCase{
		{0.3, true, names("Demo 14-inch laptop, drives 32-inch external monitors")}, // passed before, under 0.3407
		{0.3, true, []Name{{"product.name_zh", "示例14英寸笔记本电脑，支持外接32英寸显示器"}}},
		{0.05683, false, names("Demo 14-inch laptop, drives 32-inch external monitors")},
	}, "0.06782 m² at 14.5 inches")
}

// TestLargest_Session56Ways: diagonals written in ways a reader reads as
// inches and Largest did not: unread (the area unbounded, a warning only)
// or read smaller than written (an honest display refused).
func TestLargest_Session56Ways(t *testing.T) {
	for _, c := range []struct {
		text   string
		inches float64
		half   float64
	}{
		// unread before
		{`Demo 15⅝" laptop`, 15.625, 0.0625},
		{`Demo 15 ½" laptop`, 15.5, 0.25},
		{"Demo thirteen-inch laptop", 13, 0.5},
		{"Demo twenty-seven-inch monitor", 27, 0.5},
		{"Demo Twenty Seven Inch Monitor", 27, 0.5},
		{"示例贰拾柒英寸显示器", 27, 0.5},
		{"Demo 27′′ monitor", 27, 0.5},
		{"Demo 27’’ monitor", 27, 0.5},
		{"Demo 27〃 monitor", 27, 0.5},
		{"Demo 13“ laptop", 13, 0.5},
		{"示例13“笔记本电脑", 13, 0.5},
		{"Demo 27ｲﾝﾁ monitor", 27, 0.5},
		{"Demo 𝟐𝟕-inch monitor", 27, 0.5}, // mathematical bold digits
		{"Demo ٢٧ inch monitor", 27, 0.5}, // Arabic-Indic digits
		{"Demo 27\u00a0inch monitor", 27, 0.5},
		{"Demo 27\u2009\" monitor", 27, 0.5},
		{"Demo 27\u200b-inch monitor", 27, 0.5},
		{"Demo 27\u00ad-inch monitor", 27, 0.5},
		{"Demo 27—inch monitor", 27, 0.5},
		{"Demo 27−inch monitor", 27, 0.5},
		// read smaller before
		{"Demo 2\u200b7-inch monitor", 27, 0.5}, // 7 inches before
		{`Demo 15 5/8" laptop`, 15.625, 0.0625}, // 8 inches before
		{"Demo 15-5/8 inch laptop", 15.625, 0.0625},
		{"示例卅二寸显示器", 32, 0.5}, // 2 inches before
		{"示例廿七寸显示器", 27, 0.5}, // 7 inches before
		{`Demo 27"+27" monitors`, 27, 0.5},
		// read before, kept
		{"Demo 1/4-inch mount, 32-inch monitor", 32, 0.5},
		{`Demo 1920x1080/27" monitor`, 27, 0.5},
		{"Demo ２７ｉｎｃｈ monitor", 27, 0.5},
		{"示例三十二英寸显示器", 32, 0.5},
		{"Demo 15.6 in. laptop", 15.6, 0.05},
		{"Demo 15.6'' laptop", 15.6, 0.05},
		{`Demo monitor "Pro" 27"`, 27, 0.5},
	} {
		s, ok := Largest(c.text)
		if !ok || s.Unit != "inch" || s.Figure != c.inches || math.Abs(s.Half-c.half) > 1e-12 {
			t.Errorf("%q: %+v %v, want %g inches (half %g)", c.text, s, ok, c.inches, c.half)
		}
	}
	for _, text := range []string{
		"Demo 13“Pro” laptop", "示例显示器“2代”", // a quotation opened
		"Demo two in one monitor", "Demo 27 in one box", "Demo 2 in 1 portable monitor", "Demo someone inch",
		"Demo 2560x1440 monitor", "Demo QHD monitor", // a resolution states no size
	} {
		if s, ok := Largest(text); ok {
			t.Errorf("%q: read %+v", text, s)
		}
	}
	checkAreas(t, []areaCase{
		{0.3, true, names(`Demo 15⅝" laptop`)}, // unbounded before
		{0.06730, false, names(`Demo 15⅝" laptop`)},
		{0.06730, false, names(`Demo 15 5/8" laptop`)}, // refused before, at 8.5 inches' 0.02331
		{0.5, true, names("Demo twenty-seven-inch monitor")},
		{0.5, true, names("Demo 27〃 monitor")},
		{0.5, true, names("Demo 27′′ monitor")},
		{0.5, true, names("Demo 27\u00a0inch monitor")},
		{0.5, true, names("Demo 𝟐𝟕-inch monitor")},
		{0.5, true, []Name{{"product.name_zh", "示例卅二寸显示器"}}},
	})
	_, msg, _ := Check(0.3, names(`Demo 15⅝" laptop`)...)
	if !strings.Contains(msg, "0.07939 m² at 15.6875 inches") {
		t.Errorf("15⅝: %q", msg)
	}
}

// TestRead_EqualSizesJoinedByPlus: equal diagonals joined by a plus state
// that many screens ("27+27 inch", `27"+27"`, 27英寸+27英寸); unequal
// ones, or a part's, state none.
func TestRead_EqualSizesJoinedByPlus(t *testing.T) {
	checkCounts(t, []countCase{
		{"Demo 27+27 inch monitors", 2},
		{`Demo 27"+27" monitors`, 2},
		{"示例27英寸＋27英寸显示器", 2},
		{"Demo 24+24+24 inch monitors", 3},
		{"Demo 27-inch + 2-inch monitor", 1},
		{"示例15.6英寸+10.1英寸收银机", 1},
		{"Demo 2+27-inch monitor", 1},
	})
	checkAreas(t, []areaCase{
		{0.4020, false, []Name{{"product.name_zh", "示例27英寸＋27英寸显示器"}, {"product.name", "Demo 27+27 inch monitors"}}}, // refused before
		{0.4880, true, []Name{{"product.name_zh", "示例27英寸＋27英寸显示器"}, {"product.name", "Demo 27+27 inch monitors"}}},
	})
}

// TestDiagonal_DiameterSign: a size after a diameter's sign or word
// ("Ø1.39\"", "⌀ 1.39-inch", 直径1.39英寸) is a round screen's, bounded at
// the circle's π·d²/4 as "round AMOLED" is; an honest 1.39-inch round
// panel of π/4 × (1.39 × 0.0254)² = 0.000979 m² named so was refused at
// the square's 0.0006278 m². A part's diameter, or a stand's, is none.
func TestDiagonal_DiameterSign(t *testing.T) {
	for _, c := range []struct{ text, round string }{
		{`Demo Ø1.39" AMOLED display`, `Ø1.39"`},
		{"Demo ⌀ 1.39-inch AMOLED", "⌀ 1.39-inch"},
		{"示例直径1.39英寸AMOLED屏", "直径1.39英寸"},
		{"Demo 1.39-inch round AMOLED", "round AMOLED"},
		{`Demo 27-inch monitor, Ø 2" speaker`, ""},
		{"Demo 27-inch monitor, stand Ø 27 cm", ""},
		{"Demo 1.39-inch AMOLED", ""},
	} {
		if sc, ok := Read(c.text); !ok || sc.Round != c.round {
			t.Errorf("%q: round %q %v, want %q", c.text, sc.Round, ok, c.round)
		}
	}
	checkAreas(t, []areaCase{
		{0.000979, false, names(`Demo Ø1.39" AMOLED display`)}, // refused before
		{0.000979, false, []Name{{"product.name_zh", "示例直径1.39英寸AMOLED屏"}}},
		{0.000979, true, names("Demo 1.39-inch AMOLED")},
		{0.3, true, names("Demo 27-inch monitor, stand Ø 27 cm")},
	})
}
