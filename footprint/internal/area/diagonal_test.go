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
		{"Demo monitor ２７ｉｎｃｈ", 27, 0.5, true}, // full-width letters of the unit too (fold.Width)
		{"示例显示器 ２３．８ｉｎ", 23.8, 0.05, true},
		{"示例27英吋显示器", 27, 0.5, true}, // read as no diagonal before
		{"Demo 2-in-1 portable monitor", 0, 0, false},
		{`Demo monitor 27"`, 27, 0.5, true},
		{"Demo monitor 27″", 27, 0.5, true},
		{"Demo 23.8-inch monitor", 23.8, 0.05, true},
		{"Demo 23,8 inch monitor", 23.8, 0.05, true},
		{"Demo 27-inch monitor, 2-inch speakers", 27, 0.5, true},
		{"Demo 1/4-inch mount, 32-inch monitor", 32, 0.5, true},
		{"Demo monitor", 0, 0, false},
		// session 54: "in" as the inch where it cannot be a word of its own
		{"Demo monitor 27 in", 27, 0.5, true}, // ending the name: not read before
		{"Demo 27in monitor", 27, 0.5, true},
		{"Demo 27IN monitor", 27, 0.5, true},
		{"Demo 27 in. monitor", 27, 0.5, true},
		{"Demo 27-in monitor", 27, 0.5, true},
		{"Demo 23.8 in, black", 23.8, 0.05, true},
		{"Demo 2 in 1 portable monitor", 0, 0, false},
		{"Demo 2in1 portable monitor", 0, 0, false},
		{"Demo 2-in-one portable monitor", 0, 0, false},
		{"Demo monitor, 3 in stock", 0, 0, false}, // a preposition: "in" after a space, before a word
		{"Demo 27 in white", 0, 0, false},
		{"Demo 27 inside monitor", 0, 0, false},
		// centimetres are read from a name stating no inches (TestLargest_Centimetres)
		{`Demo 68,6 cm (27") monitor`, 27, 0.5, true},
		{"Demo 27-inch monitor, 150 cm cable", 27, 0.5, true}, // a length beside the inches loosens nothing
		{"Demo 13.3-inch portable monitor, 100 cm cable", 13.3, 0.05, true},
		// not read: a diagonal in the model only
		{"Demo monitor U2723QE", 0, 0, false},
		// in Chinese words (not read before: red team 91's open item)
		{"示例二十七英寸显示器", 27, 0.5, true},
		{"示例二十三点八英寸显示器", 23.8, 0.05, true},
		{"示例十五点六寸笔记本电脑", 15.6, 0.05, true},
		{"示例一百英寸显示器", 100, 0.5, true},
		{"示例一百一十吋显示器", 110, 0.5, true},
		{"示例一百零五英寸显示器", 105, 0.5, true},
		{"示例二七英寸显示器", 27, 0.5, true},
		{"示例三十四英寸带鱼屏", 34, 0.5, true},
		{"示例两寸显示器", 2, 0.5, true},
		{"示例显示器 大尺寸", 0, 0, false},
		{"Demo 65 W monitor", 0, 0, false},
		// reviewer 53: a figure closing a quotation is a series' name, not inches
		{"示例显示器“星辰2”", 0, 0, false},
		{`Demo monitor "Series 3"`, 0, 0, false},
		{"示例显示器“星辰2”27英寸", 27, 0.5, true},
		{`Demo monitor "Pro" 27"`, 27, 0.5, true},
		{"Demo monitor “Pro” 23.8”", 23.8, 0.05, true},
	} {
		s, ok := Largest(c.text)
		if unit := map[bool]string{true: "inch"}[c.ok]; ok != c.ok || s.Figure != c.inches || s.Unit != unit || math.Abs(s.Half-c.half) > 1e-12 {
			t.Errorf("%q: %+v %v, want %g inches (half %g) %v", c.text, s, ok, c.inches, c.half, c.ok)
		}
	}
}

// TestLargest_Centimetres: a diagonal in centimetres, from a name stating
// no inches (session 54; none was read before). A centimetre figure that
// is no diagonal is read too where the name states no other: the reading
// then refuses a display it should not (the last case, a bound of 0.135²/2
// = 0.0091 m²), and the message names what it read.
func TestLargest_Centimetres(t *testing.T) {
	for _, c := range []struct {
		text string
		cm   float64
		half float64
	}{
		{"Demo 68.6 cm monitor", 68.6, 0.05},
		{"Demo 68,6cm monitor", 68.6, 0.05},
		{"Demo 68.6-cm monitor", 68.6, 0.05},
		{"示例68.6厘米显示器", 68.6, 0.05},
		{"示例６８．６ｃｍ显示器", 68.6, 0.05},
		{"示例69公分显示器", 69, 0.5},
		{"Demo monitor, 13 cm stand", 13, 0.5},
	} {
		s, ok := Largest(c.text)
		if !ok || s.Unit != "cm" || s.Figure != c.cm || math.Abs(s.Half-c.half) > 1e-12 {
			t.Errorf("%q: %+v %v, want %g cm (half %g)", c.text, s, ok, c.cm, c.half)
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
		if f, msg, _ := Check(m2, names...); f != "" {
			t.Errorf("%g m²: refused %s %s", m2, f, msg)
		}
	}
	if f, msg, _ := Check(0.5, Name{"product.name", "Demo monitor"}); f != "" {
		t.Errorf("no diagonal: refused %s %s", f, msg)
	}
	f, msg, _ := Check(0.2441, names...)
	zh, en, ok := strings.Cut(msg, "。")
	if f != "product.active_area_m2" || !ok || !strings.Contains(en, "product.active_area_m2 is 0.2441 m², more than a screen of the diagonal product.name states (\"27-inch\") can have") ||
		!strings.Contains(en, "0.244 m² at 27.5 inches") || !strings.ContainsFunc(zh, func(r rune) bool { return unicode.Is(unicode.Han, r) }) || !strings.Contains(zh, "27.5 英寸") {
		t.Errorf("0.2441 m²: %s %q", f, msg)
	}

	// A 27-inch 16:9 screen named in centimetres, "68.6 cm" (27 × 2.54 =
	// 68.58): sides 68.58·16/√337 and 68.58·9/√337 cm, 0.2010 m²; the bound
	// at 68.65 cm, 0.6865²/2 = 0.2356 m².
	cm := []Name{{"product.name", "Demo 68.6 cm monitor"}}
	if f, msg, _ := Check(0.2010, cm...); f != "" {
		t.Errorf("68.6 cm at 0.2010 m²: refused %s", msg)
	}
	if f, msg, _ := Check(0.2357, cm...); f != "product.active_area_m2" || !strings.Contains(msg, "0.2356 m² at 68.65 cm (the name's figure rounded up by half its last digit)") || !strings.Contains(msg, "68.65 厘米") {
		t.Errorf("68.6 cm at 0.2357 m²: %s %q", f, msg)
	}
	// In Chinese words: a 27-inch 16:9 screen's 0.2010 m² passes, red team
	// 91's 0.5 m² is refused (it passed, the name read as stating none).
	han := []Name{{"product.name_zh", "示例二十七英寸显示器"}, {"product.name", "Demo monitor"}}
	if f, msg, _ := Check(0.2010, han...); f != "" {
		t.Errorf("二十七英寸 at 0.2010 m²: refused %s", msg)
	}
	if f, msg, _ := Check(0.5, han...); f != "product.active_area_m2" || !strings.Contains(msg, `product.name_zh states ("二十七英寸")`) || !strings.Contains(msg, "0.244 m² at 27.5 inches") {
		t.Errorf("二十七英寸 at 0.5 m²: %s %q", f, msg)
	}
}

// A display whose names state no diagonal is warned at
// product.active_area_m2, naming the fields read; one name stating a
// diagonal (in any form Read reads), or no area, is not warned.
func TestUnstated(t *testing.T) {
	none := []Name{{"product.name_zh", "示例显示器"}, {"product.name", "Demo monitor"}}
	_, _, w := Check(0.5, none...)
	if w.Field != "product.active_area_m2" || !strings.Contains(w.EN, "0.5 m², and no name (product.name_zh, product.name) states the screen's diagonal") ||
		!strings.Contains(w.ZH, "名称（product.name_zh、product.name）均未写明屏幕对角线") {
		t.Errorf("no diagonal: %+v", w)
	}
	for _, names := range [][]Name{
		{{"product.name_zh", "示例27英寸显示器"}, {"product.name", "Demo monitor"}},
		{{"product.name_zh", "示例显示器"}, {"product.name", "Demo 68.6 cm monitor"}},
		{{"product.name_zh", "示例二十七英寸显示器"}, {"product.name", "Demo monitor"}},
	} {
		if _, _, w := Check(0.2009, names...); w.Field != "" {
			t.Errorf("%v: warned %+v", names, w)
		}
	}
	if _, _, w := Check(0, none...); w.Field != "" {
		t.Errorf("no area: warned %+v", w)
	}
}

// TestRead_Count: the screens a name states, and the words that state
// none (a feature of a connection or of another product, a part's count).
func TestRead_Count(t *testing.T) {
	for _, c := range []struct {
		text  string
		count int
		words string
	}{
		{"Zenbook Duo 14-inch dual OLED laptop", 2, "dual OLED"},
		{"Demo 13.3-inch dual-screen laptop", 2, "dual-screen"},
		{"Demo 13.3-inch Dual Screen laptop", 2, "Dual Screen"},
		{"Demo 14-inch laptop with twin touchscreens", 2, "twin touchscreens"},
		{"Demo 15.6-inch two-display workstation", 2, "two-display"},
		{"Demo 15.6-inch tri-screen laptop", 3, "tri-screen"},
		{`Demo laptop 2× 14" OLED`, 2, `2× 14"`},
		{"Demo laptop 2 x 14-inch", 2, "2 x 14-inch"},
		{`Demo laptop 14" ×2`, 2, `14" ×2`},
		{"示例14英寸双屏笔记本电脑", 2, "双屏"},
		{"示例15.6英寸双屏异显收银机", 2, "双屏"},
		{"示例14英寸笔记本电脑，两块触控屏幕", 2, "两块触控屏幕"},
		{"示例43英寸双面显示屏", 2, "双面显示屏"},
		{"示例14英寸三屏笔记本电脑", 3, "三屏"},
		{"示例笔记本电脑 2×14英寸", 2, "2×14英寸"},
		{"示例双12英寸屏笔记本电脑", 2, "双12英寸屏"},
		{"Demo laptop with dual 14-inch OLED touchscreens", 2, "dual 14-inch OLED touchscreens"},
		// no count: a feature, another product, a part, a bare word, a resolution
		{"Demo 14-inch laptop", 1, ""},
		{"Zenbook Duo 14-inch OLED laptop", 1, ""},
		{"Demo 27-inch monitor, dual-display support", 1, ""},
		{"Demo 27-inch monitor for dual monitor setups", 1, ""},
		{"Demo 27-inch monitor, supports two displays", 1, ""},
		{"Demo 14-inch laptop, drives dual displays", 1, ""},
		{"Demo 27-inch monitor with dual screen KVM", 1, ""},
		{"Demo 27-inch monitor, dual-band Wi-Fi, dual speakers", 1, ""},
		{"Demo 27-inch monitor, 2× 3-inch speakers", 1, ""},
		{"Demo 27-inch monitor 2560x1440", 1, ""},
		{"Demo 27-inch X2 monitor", 1, ""}, // a series' name
		{"Demo 27-inch x2 monitor", 1, ""},
		{"Demo Pro 2X 27-inch monitor", 1, ""},
		{"Demo 27-inch monitor 2560 x 1440, 2x HDMI", 1, ""},
		{"示例27英寸显示器，支持双屏", 1, ""},
		{"示例27英寸显示器 可接双屏", 1, ""},
		{"示例27英寸双屏显示器支架", 1, ""},
		{"示例14英寸笔记本电脑 双屏扩展坞", 1, ""},
		{"示例27英寸显示器 双核", 1, ""},
	} {
		sc, ok := Read(c.text)
		if !ok || sc.Count != c.count || sc.CountText != c.words {
			t.Errorf("%q: %d screens (%q) %v, want %d (%q)", c.text, sc.Count, sc.CountText, ok, c.count, c.words)
		}
	}
	if sc, ok := Read("Demo dual-screen laptop"); ok {
		t.Errorf("no diagonal: read %+v", sc)
	}
}

// TestRead_Ratio: the ratio of the sides a name states, the one nearest a
// square of several, and the figures that are no aspect ratio.
func TestRead_Ratio(t *testing.T) {
	for _, c := range []struct {
		text  string
		ratio float64
		words string
	}{
		{"Demo 27-inch 16:9 monitor", 16.0 / 9, "16:9"},
		{"Demo 34-inch 21:9 monitor", 21.0 / 9, "21:9"},
		{"示例23.8英寸16：9显示器", 16.0 / 9, "16:9"}, // quoted as read: folded to ASCII (fold.Width), as the diagonal is
		{"示例23.8英寸16∶9显示器", 16.0 / 9, "16∶9"},
		{"Demo 24-inch 16:10 monitor", 1.6, "16:10"},
		{"Demo 26.5-inch 1:1 monitor", 1, "1:1"},
		{"Demo 100-inch 2.39:1 display", 2.39, "2.39:1"},
		{"Demo 27-inch 16:9 monitor, 1000:1 contrast", 16.0 / 9, "16:9"},
		{"Demo 27-inch monitor 16:9 / 21:9", 16.0 / 9, "16:9"},
		{"Demo 27-inch monitor, 3000:1 contrast", 0, ""},
		{"Demo 27-inch monitor, 1:1000", 0, ""},
		{"Demo 27-inch monitor 12:30:00", 0, ""},
		{"Demo 27-inch monitor", 0, ""},
	} {
		sc, ok := Read(c.text)
		if !ok || math.Abs(sc.Ratio-c.ratio) > 1e-12 || sc.RatioText != c.words {
			t.Errorf("%q: ratio %g (%q) %v, want %g (%q)", c.text, sc.Ratio, sc.RatioText, ok, c.ratio, c.words)
		}
	}
}

// areaCase is an active area and whether Diagonal should refuse it under
// names.
type areaCase struct {
	m2     float64
	refuse bool
	names  []Name
}

// checkAreas runs Diagonal on each case, and the refusal message must
// contain each of want's texts.
func checkAreas(t *testing.T, cases []areaCase, want ...string) {
	t.Helper()
	for _, c := range cases {
		f, msg, _ := Check(c.m2, c.names...)
		if (f != "") != c.refuse {
			t.Errorf("%g m² under %q: refused %v, want %v (%s)", c.m2, c.names, f != "", c.refuse, msg)
		}
		for _, w := range want {
			if f != "" && !strings.Contains(msg, w) {
				t.Errorf("%g m² under %q: %q lacks %q", c.m2, c.names, msg, w)
			}
		}
	}
}

// names gives each text as the product's name.
func names(texts ...string) []Name {
	var ns []Name
	for _, s := range texts {
		ns = append(ns, Name{"product.name", s})
	}
	return ns
}

// TestDiagonal_DualScreens: a product of two screens whose active area
// counts both was refused, as one screen (reviewer 53).
//
// Two 14.0-inch 16:10 panels (the Zenbook Duo's): d = 14 × 0.0254 =
// 0.3556 m, d² = 0.12645 m², each d²·1.6/(1 + 1.6²) = 0.12645 × 0.44944 =
// 0.05683 m², both 0.1137 m². One screen's bound at 14.5 inches, 0.3683²/2
// = 0.06782 m²; two, 0.1356 m².
// Two 15.6-inch 16:9 panels (a cashier's and a customer's): d = 0.39624 m,
// each 0.15701 × 16·9/(16² + 9²) = 0.15701 × 0.42730 = 0.06709 m², both
// 0.1342 m²; one screen's bound at 15.65 inches, 0.39751²/2 = 0.07901 m².
// Two 13.3-inch 16:10 panels: d = 0.33782 m, each 0.11412 × 0.44944 =
// 0.05129 m², both 0.1026 m²; with the ratio named, the bound at 13.35
// inches is 2 × 0.33909² × 0.44944 = 2 × 0.05168 = 0.1034 m².
func TestDiagonal_DualScreens(t *testing.T) {
	checkAreas(t, []areaCase{
		{0.1137, false, names("Zenbook Duo 14-inch dual OLED laptop")},
		{0.1137, false, []Name{{"product.name_zh", "示例14英寸双屏笔记本电脑"}, {"product.name", `Demo laptop 2× 14" OLED`}}},
		{0.1342, false, []Name{{"product.name_zh", "示例15.6英寸双屏异显收银机"}}},
		{0.1026, false, names("Demo 13.3-inch dual-screen laptop, 16:10")},
		{0.1356, false, names("Zenbook Duo 14-inch dual OLED laptop")},
		{0.1357, true, names("Zenbook Duo 14-inch dual OLED laptop")},
		{0.1035, true, names("Demo 13.3-inch dual-screen laptop, 16:10")},
	}, "2 screens (", "2 × ", "2 块（")
	// Each name bounds on its own: a count in one is no count in the other.
	checkAreas(t, []areaCase{
		{0.1137, true, []Name{{"product.name_zh", "示例14英寸笔记本电脑"}, {"product.name", "Zenbook Duo 14-inch dual OLED laptop"}}},
	}, "more than a screen of the diagonal product.name_zh states")
	// The flatterer: a count that states a feature, a part's or another
	// product's is no count; a 27-inch screen's square bound is 0.2440 m²
	// (0.6985²/2).
	checkAreas(t, []areaCase{
		{0.4, true, names("Demo 27-inch monitor, dual-display support")},
		{0.4, true, names("Demo 27-inch monitor, 2× 3-inch speakers")},
		{0.4, true, names("Demo 27-inch monitor, dual-band Wi-Fi")},
		{0.4, true, []Name{{"product.name_zh", "示例27英寸显示器，支持双屏"}}},
	}, "more than a screen of the diagonal", "0.244 m² at 27.5 inches")
	// What a count gains him, on a product of one screen: the bound times
	// the count (0.6985²/2 = 0.24395 m²: twice, 0.48790; three times,
	// 0.73185), in every name stating a diagonal, printed on the
	// certificate as a reader takes the product's screens from it.
	checkAreas(t, []areaCase{
		{0.4879, false, names("Demo 27-inch dual-screen monitor")},
		{0.4880, true, names("Demo 27-inch dual-screen monitor")},
		{0.7318, false, names("Demo 27-inch triple-screen monitor")},
		{0.7319, true, names("Demo 27-inch triple-screen monitor")},
	})
}

// TestDiagonal_AspectRatio: a name stating the ratio of the sides bounds
// the area at the rectangle's, d²·r/(1 + r²), not the square's d²/2.
//
// 27-inch 16:9: d = 0.6858 m, 0.47032 × 0.42730 = 0.2010 m²; the bound at
// 27.5 inches, 0.48790 × 0.42730 = 0.2085 m² (the square's, 0.2440).
// 34-inch 3440×1440, named 21:9: r = 43/18 = 2.3889, d = 0.8636 m, 0.74580
// × 2.3889/(1 + 2.3889²) = 0.74580 × 0.35619 = 0.2656 m²; the bound at 34.5
// inches and 21:9, 0.76790 × 0.36207 = 0.2780 m²: a panel wider than its
// named ratio has less area than the bound.
// 49-inch 32:9 (5120×1440): d = 1.2446 m, 1.54903 × 3.5556/(1 + 3.5556²)
// = 1.54903 × 0.26063 = 0.4037 m²; the bound at 49.5 inches, 1.58080 ×
// 0.26063 = 0.4120 m².
// 23.8-inch 16:9: d = 0.60452 m, 0.36544 × 0.42730 = 0.1562 m²; the bound
// at 23.85 inches, 0.36698 × 0.42730 = 0.1568 m².
// 24-inch 16:10 (1920×1200): d = 0.6096 m, 0.37161 × 0.44944 = 0.1670 m²;
// the bound at 24.5 inches, 0.38726 × 0.44944 = 0.1740 m².
// 26.5-inch 1:1 (1920×1920): d = 0.6731 m, 0.45306/2 = 0.2265 m²; the
// bound at 26.55 inches, 0.67437²/2 = 0.2274 m².
func TestDiagonal_AspectRatio(t *testing.T) {
	checkAreas(t, []areaCase{
		{0.2010, false, names("Demo 27-inch 16:9 monitor")},
		{0.2656, false, names("Demo 34-inch 21:9 monitor")},
		{0.4037, false, names("Demo 49-inch 32:9 monitor")},
		{0.1562, false, []Name{{"product.name_zh", "示例23.8英寸16：9显示器"}}},
		{0.1670, false, names("Demo 24-inch 16:10 monitor")},
		{0.2265, false, names("Demo 26.5-inch 1:1 monitor")},
		{0.2010, false, names("Demo 27-inch 16:9 monitor, 1000:1 contrast")},
		{0.1137, false, names("Zenbook Duo 14-inch dual OLED laptop, 16:10")},
		{0.2439, false, names("Demo 27-inch monitor")}, // no ratio named: the square's bound
		{0.2439, false, names("Demo 27-inch monitor, 3000:1 contrast")},
	})
	// The flatterer's 21 % more area on a 27-inch 16:9 (0.2439 against
	// 0.2010) is refused where the name states the ratio.
	checkAreas(t, []areaCase{
		{0.2439, true, names("Demo 27-inch 16:9 monitor")},
		{0.2086, true, names("Demo 27-inch 16:9 monitor")},
		{0.2782, true, names("Demo 34-inch 21:9 monitor")},
		{0.1569, true, []Name{{"product.name_zh", "示例23.8英寸16：9显示器"}}},
	}, "d²·r/(1+r²)", "长边为短边 r 倍")
	checkAreas(t, []areaCase{{0.2086, true, names("Demo 27-inch 16:9 monitor")}}, `("16:9", r = 1.778)`, "0.2085 m² at 27.5 inches")
}

// TestDiagonal_RoundScreen: a round screen's size is its diameter, and the
// circle holds more than the square of that diagonal; an honest round
// panel was refused against the square's bound.
//
// A 1.39-inch round AMOLED panel (a watch's): d = 1.39 × 0.0254 = 0.035306
// m, π·d²/4 = 0.785398 × 0.0012465 = 0.0009790 m²; the square's bound at
// 1.395 inches, 0.035433²/2 = 0.0006278 m²; the circle's, 0.785398 ×
// 0.0012555 = 0.0009861 m².
// A 27-inch monitor on a round stand is no round screen: 0.2440 m² at most.
func TestDiagonal_RoundScreen(t *testing.T) {
	checkAreas(t, []areaCase{
		{0.000979, false, names("Demo 1.39-inch round AMOLED panel")},
		{0.000979, false, []Name{{"product.name_zh", "示例1.39英寸圆形AMOLED屏"}}},
		{0.000979, false, []Name{{"product.name_zh", "示例1.39英寸圆屏"}}},
		{0.000987, true, names("Demo 1.39-inch round AMOLED panel")},
	}, "πd²/4", "0.0009861 m² at 1.395 inches")
	checkAreas(t, []areaCase{
		{0.000979, true, names("Demo 1.39-inch AMOLED panel")},
		{0.3, true, names("Demo 27-inch monitor, round stand")},
		{0.3, true, names("Demo 27-inch monitor for round displays")},
	}, "d²/2 (a square)")
	// What the word gains a flatterer on a rectangle: the circle's π/4 of
	// d² over the square's 1/2, 57 %, printed in the name (27 inches:
	// 0.785398 × 0.6985² = 0.3832 m², against a 16:9 screen's 0.2010).
	checkAreas(t, []areaCase{
		{0.3831, false, names("Demo 27-inch round display")},
		{0.3833, true, names("Demo 27-inch round display")},
	})
}

// TestDiagonal_PartsCountAndShape: a count or a round shape stated of
// screens smaller than the largest diagonal, within its words or just
// before them, or of a part (touch bars, pads, strips), is that part's, not
// the product's screen's (reviewer 54). A reader takes "27-inch monitor
// with two 1.3-inch screens" for one 27-inch screen; read as the 27-inch
// screen's, the count doubled its bound (0.4879 m² passed), and a 1.3-inch
// round status panel raised it to the circle's 0.3832 m² (0.3831 passed).
// The 27-inch square's bound is 0.6985²/2 = 0.2440 m².
func TestDiagonal_PartsCountAndShape(t *testing.T) {
	for _, c := range []struct {
		text  string
		count int
		round string
	}{
		{"Demo 27-inch monitor with two 1.3-inch screens", 1, ""},
		{"示例27英寸显示器，双2英寸屏", 1, ""},
		{"Demo 14-inch laptop, dual 2.5-inch OLED touchpads", 1, ""},
		{"Demo 27-inch monitor with dual OLED touch bars", 1, ""},
		{"Demo 27-inch monitor with 1.3-inch round AMOLED status panel", 1, ""},
		{"示例27英寸显示器，附1.3英寸圆屏", 1, ""},
		{"Demo 27-inch monitor with 3.4 cm round LCD", 1, ""},
		// the product's own: the size is the largest
		{"Demo laptop with dual 14-inch OLED touchscreens", 2, ""},
		{"示例双12英寸屏笔记本电脑", 2, ""},
		{"示例15.6英寸+10.1英寸双屏收银机", 2, ""}, // both screens, the main one too
		{"Demo 1.39-inch round AMOLED panel", 1, "round AMOLED panel"},
		{"Demo 1.39-inch smartwatch, 1.39-inch round AMOLED", 1, "round AMOLED"},
	} {
		sc, ok := Read(c.text)
		if !ok || sc.Count != c.count || sc.Round != c.round {
			t.Errorf("%q: %d screens (%q), round %q, %v; want %d, round %q", c.text, sc.Count, sc.CountText, sc.Round, ok, c.count, c.round)
		}
	}
	checkAreas(t, []areaCase{
		{0.4879, true, names("Demo 27-inch monitor with two 1.3-inch screens")},
		{0.4879, true, []Name{{"product.name_zh", "示例27英寸显示器，双2英寸屏"}}},
		{0.4879, true, names("Demo 27-inch monitor with dual OLED touch bars")},
		{0.3831, true, names("Demo 27-inch monitor with 1.3-inch round AMOLED status panel")},
		{0.3831, true, []Name{{"product.name_zh", "示例27英寸显示器，附1.3英寸圆屏"}}},
	}, "more than a screen of the diagonal", "0.244 m² at 27.5 inches")
	checkAreas(t, []areaCase{
		{0.2439, false, names("Demo 27-inch monitor with two 1.3-inch screens")},
		{0.1137, false, names("Demo laptop with dual 14-inch OLED touchscreens")},
		// a POS terminal of a 15.6-inch 16:9 screen (0.39624² × 0.42730 =
		// 0.06709 m²) and a 10.1-inch 16:10 one (0.25654² × 0.44944 =
		// 0.02958 m²): 0.0967 m², within twice the 15.6-inch square's
		{0.0967, false, []Name{{"product.name_zh", "示例15.6英寸+10.1英寸双屏收银机"}}},
	})
}
