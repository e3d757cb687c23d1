package area

import (
	"strings"
	"testing"
)

// Session 55 (area55): a count of the product's own screens only, sizes in
// more languages and "in" before a resolution, a resolution's ratio, and a
// count standing in every name.
//
// Areas: a 27-inch screen's square bound at 27.5 inches is 0.6985²/2 =
// 0.2440 m², its 16:9 bound 0.48790 × 0.42730 = 0.2085 m², a real 27-inch
// 16:9 panel 0.6858² × 0.42730 = 0.2010 m². A 14-inch 16:10 panel is
// 0.3556² × 0.44944 = 0.05683 m² (two: 0.1137); its square bound at 14.5
// inches 0.3683²/2 = 0.06782 m², its 16:10 bound 0.13565 × 0.44944 =
// 0.06097 m². A 32-inch 16:9 panel is 0.8128² × 0.42730 = 0.2823 m², its
// square bound at 32.5 inches 0.8255²/2 = 0.3407 m².

// TestRead_CountOfOwnScreens: a count word joined to a screen word counts
// only where the words after it describe the product's screens, not a
// port, an input, a capability or a connection; and a part's count with
// its size in quotation marks is the part's.
func TestRead_CountOfOwnScreens(t *testing.T) {
	checkCounts(t, []countCase{
		// not the product's screens (each read as 2 before)
		{"Demo 27-inch monitor, dual-screen friendly", 1},
		{"Demo 27-inch monitor, dual display inputs", 1},
		{"Demo 27-inch monitor, dual monitor inputs", 1},
		{"Demo 27-inch monitor, dual Display Port", 1},
		{"Demo 27-inch monitor, dual display capability", 1},
		{"Demo 27-inch monitor with dual displays over USB-C", 1},
		{`Demo 27" monitor, dual 2" OLED displays`, 1},
		{`Demo 27" dual 2" OLED screens`, 1},
		{"示例27英寸显示器 双屏协同", 1},
		{"示例27英寸显示器 双屏接口", 1},
		{"Demo 27-inch monitor, dual displays with DisplayPort", 1},
		// not the product's screens, and not read before either
		{"Demo 14-inch laptop, dual displays via Thunderbolt", 1},
		{"Demo 14-inch laptop, supports dual external displays", 1},
		{"示例14英寸笔记本电脑，支持双屏扩展", 1},
		{"Demo 14-inch laptop, dual-monitor support", 1},
		{"Demo 14-inch laptop, supports dual 4K displays", 1},
		{"Demo 14-inch laptop, dual 4K displays via USB-C", 1},
		{"Dual-core 27-inch monitor", 1},
		{"示例27英寸显示器 双核", 1},
		{"Demo 27-inch monitor, dual-band WiFi, dual speakers", 1},
		{"示例27英寸二合一显示器", 1},
		{"Demo 14-inch 2-in-1 laptop", 1},
		// the product's screens
		{"Demo 14-inch laptop with dual 4K displays", 2}, // refused before: no count read through "4K"
		{"Demo 14-inch dual 4K OLED laptop", 2},
		{"Demo 27-inch dual display", 2},
		{"Demo 15.6-inch dual-screen POS terminal", 2},
		{"Demo 13.3-inch dual-screen laptop, 16:10", 2},
		{"Demo dual-screen 27-inch monitor", 2},
		{"Zenbook Duo 14-inch dual OLED laptop", 2},
		{"Demo laptop with dual 14-inch OLED touchscreens", 2},
		{"示例15.6英寸双屏异显收银机", 2},
		{"Demo 43-inch dual-screen digital signage", 2},
		{"Demo 15.6-inch dual-screen point-of-sale terminal", 2},
		{"Demo 15.6-inch dual display, 1920×1080", 2},
	})
	checkAreas(t, []areaCase{
		{0.4, true, names("Demo 27-inch monitor, dual-screen friendly")},
		{0.4, true, names("Demo 27-inch monitor, dual display inputs")},
		{0.4, true, names("Demo 27-inch monitor, dual Display Port")},
		{0.4, true, names(`Demo 27" monitor, dual 2" OLED displays`)},
		{0.4, true, []Name{{"product.name_zh", "示例27英寸显示器 双屏协同"}}},
	}, "more than a screen of the diagonal", "0.244 m² at 27.5 inches")
	checkAreas(t, []areaCase{
		{0.1137, false, names("Demo 14-inch laptop with dual 4K displays")},
		{0.1357, true, names("Demo 14-inch laptop with dual 4K displays")},
		{0.1137, true, names("Demo 14-inch laptop, dual displays via Thunderbolt")},
	})
}

// TestDiagonal_CountInEveryName: a count of screens stands only where
// every name states it; a name stating none, with or without a diagonal,
// holds the count of the others to one screen.
func TestDiagonal_CountInEveryName(t *testing.T) {
	checkAreas(t, []areaCase{
		// passed before: the Chinese name, stating no diagonal, bounded nothing
		{0.4, true, []Name{{"product.name_zh", "示例显示器"}, {"product.name", "Demo 27-inch dual-screen monitor"}}},
		{0.1137, true, []Name{{"product.name_zh", "示例笔记本电脑"}, {"product.name", "Zenbook Duo 14-inch dual OLED laptop"}}},
	}, "more than a screen of the diagonal product.name states", "; product.name_zh states no count of screens, and a count of screens stands where every name states it")
	checkAreas(t, []areaCase{
		{0.4, false, []Name{{"product.name_zh", "示例27英寸双屏显示器"}, {"product.name", "Demo 27-inch dual-screen monitor"}}},
		{0.1137, false, []Name{{"product.name_zh", "示例双屏笔记本电脑"}, {"product.name", "Zenbook Duo 14-inch dual OLED laptop"}}},
		{0.1137, false, []Name{{"product.name_zh", "示例笔记本电脑 2×14英寸"}, {"product.name", "Demo dual-screen laptop"}}},
		{0.1137, false, []Name{{"product.name_zh", ""}, {"product.name", "Zenbook Duo 14-inch dual OLED laptop"}}},
		{0.2439, false, []Name{{"product.name_zh", "示例显示器"}, {"product.name", "Demo 27-inch monitor"}}},
	})
	_, msg, _ := Check(0.4, Name{"product.name_zh", "示例显示器"}, Name{"product.name", "Demo 27-inch dual-screen monitor"})
	if !strings.Contains(msg, "0.244 m² at 27.5 inches") || !strings.Contains(msg, "至多 0.244 m²；product.name_zh 未写明屏幕块数，块数须在每个名称中写明；") {
		t.Errorf("count in one name: %q", msg)
	}
}

// TestLargest_MoreWays: the inch in German and other languages, and "in"
// before a resolution ("32 in 4K"); none was read, and a name stating its
// size so was unbounded.
func TestLargest_MoreWays(t *testing.T) {
	for _, c := range []struct {
		text   string
		inches float64
	}{
		{"Demo 27-Zoll Monitor", 27},
		{"Demo 27 Zoll Monitor", 27},
		{"Demo 68,6 cm (27 Zoll) Monitor", 27},
		{"Demo écran 27 pouces", 27},
		{"Demo monitor de 27 pulgadas", 27},
		{"Demo 27インチ モニター", 27},
		{"Demo 27인치 모니터", 27},
		{"Demo 32 in 4K monitor", 32},
		{"Demo 27 in QHD monitor", 27},
		{"Demo 27 in 1440p monitor", 27},
		// read before, kept
		{"示例27寸显示器", 27},
		{"Demo 27\u2033 monitor", 27},
		{"Demo 27'' monitor", 27},
		{"Demo 27 inches monitor", 27},
		{"Demo 27-inch-class monitor", 27},
	} {
		s, ok := Largest(c.text)
		if !ok || s.Unit != "inch" || s.Figure != c.inches {
			t.Errorf("%q: %+v %v, want %g inches", c.text, s, ok, c.inches)
		}
	}
	for _, text := range []string{"Demo 2 in 1 portable monitor", "Demo 27 in white", "Demo monitor, 3 in stock"} {
		if s, ok := Largest(text); ok {
			t.Errorf("%q: read %+v", text, s)
		}
	}
	checkAreas(t, []areaCase{
		{0.5, true, names("Demo 27-Zoll Monitor")},
		{0.5, true, names("Demo 32 in 4K monitor")},
		{0.2010, false, names("Demo 27-Zoll Monitor")},
		{0.2823, false, names("Demo 32 in 4K monitor")},
	})
}

// TestRead_ResolutionRatio: a resolution states the ratio of the panel's
// sides (square pixels), which bounds at d²·r/(1+r²), never more than the
// square's; a resolution of another product (an output) or a physical size
// in millimetres is none.
func TestRead_ResolutionRatio(t *testing.T) {
	for _, c := range []struct {
		text  string
		ratio float64
	}{
		{"Demo 27-inch 3840×2160 monitor", 16.0 / 9},
		{"Demo 14-inch 2560x1600 laptop", 1.6},
		{"Demo 27-inch monitor 2560 x 1440", 16.0 / 9},
		{"Demo 26.5-inch 1920×1920 monitor", 1},
		{"Demo 27-inch 16:9 monitor, 1920×1200 input", 16.0 / 9}, // an input's is another product's
		{"Demo 13.3-inch laptop, supports 3840×2160 external displays", 0},
		{"Demo 13.3-inch laptop, up to 3840×2160", 0},
		{"Demo 27-inch monitor, 614 x 200 mm", 0},
		{"Demo 27-inch monitor, 614 x 367 x 200 mm", 0},
		{"Demo 27-inch monitor 2560x1440, 2x HDMI", 16.0 / 9},
	} {
		sc, ok := Read(c.text)
		if !ok || sc.Ratio != c.ratio {
			t.Errorf("%q: ratio %g (%q) %v, want %g", c.text, sc.Ratio, sc.RatioText, ok, c.ratio)
		}
	}
	checkAreas(t, []areaCase{
		{0.2439, true, names("Demo 27-inch monitor 2560x1440")}, // passed before, at the square's 0.2440
		{0.0650, true, names("Demo 14-inch 2560x1600 laptop")},
		{0.2010, false, names("Demo 27-inch monitor 2560x1440")},
		{0.0568, false, names("Demo 14-inch 2560x1600 laptop")},
	})
}

// TestRead_VideoWall: a grid of panels ("2×2 video wall of 55-inch
// panels") counts its panels where the diagonal is stated as the panels'
// (followed by a panel's word); a wall's own diagonal beside a grid
// ("110-inch 2×2 video wall") is read as one screen, as a reader may take
// 110 inches for the wall's. A 55-inch 16:9 panel is 1.397² × 0.42730 =
// 0.8339 m² (four: 3.336 m²); the square bound at 55.5 inches is 1.4097²/2
// = 0.9936 m² (four: 3.974 m²).
func TestRead_VideoWall(t *testing.T) {
	checkCounts(t, []countCase{
		{"Demo 2×2 video wall of 55-inch panels", 4},
		{"Demo 3x3 video wall, 55-inch LCD displays", 9},
		{"示例2×2拼接墙，55英寸液晶拼接屏", 4},
		{"Demo 55-inch 2×2 video wall", 1},
		{"Demo 110-inch 2×2 video wall, 55-inch panels", 1},
		{"Demo 27-inch monitor, 2×2 MIMO Wi-Fi", 1},
		{"Demo 55-inch panel, supports 2×2 video wall", 1},
		{"Demo 2×2 video wall, 110-inch display", 1},
		{"示例2×2拼接墙，110英寸显示屏", 1},
	})
	checkAreas(t, []areaCase{
		{3.336, false, names("Demo 2×2 video wall of 55-inch panels")}, // refused before, as one 55-inch screen
		{3.975, true, names("Demo 2×2 video wall of 55-inch panels")},
		{3.336, true, names("Demo 55-inch 2×2 video wall")},
		{3.336, false, []Name{{"product.name_zh", "示例2×2拼接屏"}, {"product.name", "Demo 2×2 video wall of 55-inch panels"}}},
		{3.336, true, []Name{{"product.name_zh", "示例拼接屏"}, {"product.name", "Demo 2×2 video wall of 55-inch panels"}}},
	})
}

// TestReviewer55b_ResolutionNamesAndCameras: "dual QHD" before a screen's
// word in the singular names one screen's resolution (5120×1440, a 49-inch
// 32:9 monitor's), not two screens; and a camera's resolution is not the
// screen's ratio.
//
// Areas: a 49-inch 32:9 panel is 1.2446² × 3.5556/(1 + 3.5556²) = 1.5490 ×
// 0.26063 = 0.4037 m², its bound at 49.5 inches 1.2573² × 0.26063 = 0.4120
// m² (two: 0.8240). A 13.3-inch 16:10 panel is 0.33782² × 0.44944 = 0.05129
// m²; its 16:9 bound at 13.35 inches 0.33909² × 0.42730 = 0.04913 m², its
// square bound 0.33909²/2 = 0.05749 m².
func TestReviewer55b_ResolutionNamesAndCameras(t *testing.T) {
	for _, c := range []struct {
		text  string
		count int
		ratio string
	}{
		{"Samsung Odyssey G9 49-inch 32:9 dual QHD monitor", 1, "32:9"}, // read as 2 on area55
		{"Demo 49-inch dual FHD display, 32:9", 1, "32:9"},
		{"Demo 57-inch dual UHD monitor", 1, ""},
		{"Demo 14-inch laptop with dual 4K displays", 2, ""},
		{"Demo 14-inch dual 4K OLED laptop", 2, ""},
		{"Demo 13.3-inch laptop, 1920x1080 webcam", 1, ""}, // read as 16:9 on area55
		{"Demo 13.3-inch laptop, webcam 1920x1080", 1, ""},
		{"示例13.3英寸笔记本电脑 摄像头1920x1080", 1, ""},
		{"Demo 13.3-inch laptop 2560x1600, 1920x1080 webcam", 1, "2560x1600"},
		{"Demo 15.6-inch FHD 1920x1080 IPS laptop", 1, "1920x1080"},
	} {
		sc, ok := Read(c.text)
		if !ok || sc.Count != c.count || sc.RatioText != c.ratio {
			t.Errorf("%q: %d screens (%q), ratio %q, %v; want %d, %q", c.text, sc.Count, sc.CountText, sc.RatioText, ok, c.count, c.ratio)
		}
	}
	checkAreas(t, []areaCase{
		{0.8, true, names("Samsung Odyssey G9 49-inch 32:9 dual QHD monitor")},
		{0.4037, false, names("Samsung Odyssey G9 49-inch 32:9 dual QHD monitor")},
		{0.05129, false, names("Demo 13.3-inch laptop, 1920x1080 webcam")},
		{0.05129, true, names("Demo 13.3-inch laptop, 1920x1080")},
	})
}

// countCase is a product's name and the count of the product's own
// screens Read finds in it.
type countCase struct {
	text  string
	count int
}

// checkCounts reads each case's name and fails unless it reads the
// case's count of screens.
func checkCounts(t *testing.T, cases []countCase) {
	t.Helper()
	for _, c := range cases {
		sc, ok := Read(c.text)
		if !ok || sc.Count != c.count {
			t.Errorf("%q: %d screens (%q) %v, want %d", c.text, sc.Count, sc.CountText, ok, c.count)
		}
	}
}
