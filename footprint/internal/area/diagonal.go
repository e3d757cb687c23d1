package area

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// InchM is the international inch in metres, 25.4 mm exactly by
// definition (the international yard and pound agreement of 1959), the
// inch in which a display's size (英寸, 寸, 吋) is stated.
const InchM = 0.0254

// Size is a screen diagonal a product's name states.
type Size struct {
	Inches float64 // the figure, in inches
	Text   string  // as the name writes it
	Half   float64 // half a unit of its last digit: what rounding it to that digit may have taken off
}

// MaxM2 returns the largest area a screen of diagonal s can have: a
// rectangle of diagonal d has sides w and h with w² + h² = d², so its
// area w·h is at most d²/2 (w² + h² ≥ 2wh), reached by a square. The
// diagonal is taken rounded up by half its last digit.
func (s Size) MaxM2() float64 {
	d := (s.Inches + s.Half) * InchM
	return d * d / 2
}

// sizeRe finds a number of inches: digits, perhaps with a decimal point
// (or a comma between digits, as a European name writes 23,8), then,
// perhaps after a space or a hyphen ("27-inch"), the inch in a word or a
// mark (英吋 as Taiwan and Hong Kong write it). "in" alone is not read: it
// is a word of its own ("2-in-1").
var sizeRe = regexp.MustCompile(`(?i)(\d+(?:[.,]\d+)?)\s*[-‐‑–]?\s*(inch(?:es)?\b|英寸|英吋|吋|寸|"|”|″|'')`)

// fullWidth folds full-width digits and the full-width point to ASCII,
// as a Chinese name may write them.
var fullWidth = strings.NewReplacer("０", "0", "１", "1", "２", "2", "３", "3", "４", "4", "５", "5", "６", "6", "７", "7", "８", "8", "９", "9", "．", ".", "＂", `"`)

// Largest returns the largest screen diagonal text states in inches, and
// whether it states one. The largest, so that a part's size beside the
// screen's ("27-inch monitor, 2-inch speakers") never stands for it: a
// larger figure only allows a larger screen.
func Largest(text string) (Size, bool) {
	var best Size
	found := false
	text = fullWidth.Replace(text)
	for _, i := range sizeRe.FindAllStringSubmatchIndex(text, -1) {
		m := []string{text[i[0]:i[1]], text[i[2]:i[3]], text[i[4]:i[5]]}
		if closesQuote(text[:i[0]], m[2]) {
			continue
		}
		num := strings.ReplaceAll(m[1], ",", ".")
		x, err := strconv.ParseFloat(num, 64)
		if err != nil || !(x > 0) {
			continue
		}
		half := 0.5
		if _, frac, ok := strings.Cut(num, "."); ok {
			half = 0.5 * math.Pow(10, -float64(len(frac)))
		}
		if !found || x > best.Inches {
			best, found = Size{Inches: x, Text: strings.TrimSpace(m[0]), Half: half}, true
		}
	}
	return best, found
}

// closesQuote reports whether mark, after a figure and text before it,
// closes a quotation opened before the figure ("示例显示器“星辰2”", `Monitor
// "Series 3"`): a series' name, not inches (reviewer 53: an honest 27-inch
// display of 0.2 m² was refused as a 2-inch one). A name that leaves the
// inch mark out states no diagonal either, so reading none here lets
// through nothing a name could not state without it.
func closesQuote(before, mark string) bool {
	switch mark {
	case "”":
		return strings.Count(before, "“") > strings.Count(before, "”")
	case `"`:
		return strings.Count(before, `"`)%2 == 1
	}
	return false
}

// Name is a field of the product's names, and its text.
type Name struct{ Field, Text string }

// Diagonal returns the field and the bilingual message (Chinese first)
// refusing a display's active area of activeM2 m² larger than any screen
// of the diagonal one of its names states can be (Size.MaxM2); "" when
// none states one, or the area fits. The figure a certificate gives per m²
// of active area divides by it, and the area is printed nowhere beside the
// name a reader takes the screen's size from (red team 91: the demo
// laptop's inventory, its exempted lines counted, as a "27-inch monitor"
// of 0.5 m² was issued at 373 kgCO2e per m² of active area, where a
// 27-inch 16:9 screen's 0.2009 m² gives 929).
func Diagonal(activeM2 float64, names ...Name) (string, string) {
	if !(activeM2 > 0) {
		return "", ""
	}
	for _, n := range names {
		s, ok := Largest(n.Text)
		if !ok || activeM2 <= s.MaxM2() {
			continue
		}
		most, up := num(s.MaxM2()), strconv.FormatFloat(s.Inches+s.Half, 'f', -1, 64)
		return "product.active_area_m2", fmt.Sprintf("有效显示面积 product.active_area_m2 为 %[1]s m²，大于 %[2]s 写明的对角线 %[3]q 的屏幕所能有的面积：对角线为 d 的矩形面积至多 d²/2（正方形），按名称的数字末位进半个单位取 %[4]s 英寸（1 英寸 = 25.4 mm），至多 %[5]s m²；证书的每平方米有效显示面积碳足迹除以此面积，而读者按名称中的尺寸理解屏幕大小：请对照显示器的规格书核实有效显示面积和名称。"+
			"product.active_area_m2 is %[1]s m², more than a screen of the diagonal %[2]s states (%[3]q) can have: a rectangle of diagonal d has an area of at most d²/2 (a square), %[5]s m² at %[4]s inches (the name's figure rounded up by half its last digit; 1 inch = 25.4 mm); the certificate's figure per m² of active area divides by this area, and a reader takes the screen's size from the name: check the active area and the name against the display's specification",
			num(activeM2), n.Field, s.Text, up, most)
	}
	return "", ""
}
