package area

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Screen is what a product's name states of its screens: the largest
// diagonal, how many screens, and the ratio of their sides or their round
// shape.
type Screen struct {
	Size
	Count     int     // the screens the name states, 1 when it states no count
	CountText string  // the words stating the count, "" when none
	Ratio     float64 // the long side over the short one the name states (16:9 is 1.778), 0 when none
	RatioText string  // as the name writes it
	Round     string  // the words stating a round screen ("round AMOLED", 圆屏), "" when none
}

// EachM2 returns the largest area one screen of sc can have: that of the
// square of its diagonal (Size.MaxM2), or where the name states the
// ratio r of the sides, the rectangle's: w = r·h and w² + h² = d² give
// h² = d²/(1 + r²) and w·h = d²·r/(1 + r²), which is d²/2 at r = 1 and
// less at every other ratio (1 + r² − 2r = (r − 1)² > 0).
//
// A round screen's size is its diameter, and a circle holds more than any
// rectangle of that diagonal: π·d²/4, against the square's d²/2 (the
// isodiametric inequality: no figure of diameter d holds more). A name
// stating a round screen is bounded at the circle's area.
func (sc Screen) EachM2() float64 {
	if sc.Round != "" {
		d := sc.M()
		return math.Pi * d * d / 4
	}
	if !(sc.Ratio > 0) {
		return sc.Size.MaxM2()
	}
	d := sc.M()
	return d * d * sc.Ratio / (1 + sc.Ratio*sc.Ratio)
}

// MaxM2 returns the largest area the screens of sc can have together:
// Count screens of at most the largest diagonal each.
func (sc Screen) MaxM2() float64 { return float64(sc.Count) * sc.EachM2() }

// Read returns what text states of its screens, and whether it states a
// diagonal (Largest); without one, it bounds nothing.
//
// A count multiplies the bound, so it is read only as the product's own
// screens: a count word joined to a screen's (count), or a digit joined by
// a times sign to the largest diagonal (times); a count of a feature, of
// another product or of a part is not. What a name's count lets an
// applicant declare more than the product has is what a larger diagonal
// would: each is printed in the name on the certificate, where a reader
// takes the screens' number and size from (a single 27-inch screen named
// "dual-screen" may declare twice its square's 0.2440 m²), and each name
// stating a diagonal bounds on its own, so the count must stand in each.
func Read(text string) (Screen, bool) {
	text = norm(text) // once, for Largest and the words around the size
	s, ok := Largest(text)
	if !ok {
		return Screen{}, false
	}
	sc := Screen{Size: s, Count: 1}
	if s.Times > 1 {
		sc.Count, sc.CountText = s.Times, s.TimesText
	}
	if n, t := count(text, s); n > sc.Count {
		sc.Count, sc.CountText = n, t
	}
	if n, t := grid(text, s); n > sc.Count {
		sc.Count, sc.CountText = n, t
	}
	sc.Ratio, sc.RatioText = ratio(text, sc.Count)
	sc.Round = round(text, s)
	return sc, true
}

// countRe finds words stating two or three screens of the product: a
// count word joined to a screen's, perhaps through their size ("dual-screen",
// "dual OLED", "twin displays", "dual 14-inch screens", 双屏, 两块屏幕,
// 双面屏, 三屏, 双12英寸屏), perhaps through a resolution's name ("dual 4K
// displays", 双4K屏: session 55, refused before as one screen). A bare
// count word ("dual-band", 双核, "Zenbook Duo") states no screen.
var countRe = regexp.MustCompile(`(?i)\b(dual|twin|two|double|triple|three|tri)[-‐‑–\s]?(?:\d+(?:\.\d+)?\s*[-‐‑–]?\s*(?:inch|"|″)[-‐‑–\s]?)?(?:(?:[1-9](?:\.\d)?k|(?:u|f|w?q)hd\+?)[-‐‑–\s]?)?(?:(?:oled|amoled|lcd|touch)[-‐‑–\s]?)?(?:screens?|displays?|touch ?screens?|oled|amoled|lcd|monitors?|panels?)\b|(双|雙|两|兩|三)(?:块|塊|个|個|片)?(?:\d+(?:\.\d+)?\s*(?:英寸|英吋|吋|寸))?(?:[1-9]K)?面?(?:触控|觸控|触摸|觸摸|OLED|AMOLED|LCD)?(?:屏幕|螢幕|显示屏|顯示屏|显示器|顯示器|屏)`)

// countWords gives each count word its number.
var countWords = map[string]int{"dual": 2, "twin": 2, "two": 2, "double": 2, "双": 2, "雙": 2, "两": 2, "兩": 2, "triple": 3, "three": 3, "tri": 3, "三": 3}

// gridRe finds a grid of panels making one wall ("2×2 video wall", "3x3
// display wall", 2×2拼接屏): one digit a side, as a count is read.
// panelAfter finds, after a diagonal, the panels' word: the diagonal is
// each panel's ("video wall of 55-inch panels", 55英寸液晶拼接屏). In the
// plural, and in Chinese the splicing unit's word: "2×2 video wall,
// 110-inch display" may be the wall's diagonal.
var (
	gridRe     = regexp.MustCompile(`(?i)(?:^|[^\p{Latin}\p{N}.,:×])([1-9])\s*[×x]\s*([1-9])[\s\-‐‑–]*(?:(?:video|display|lcd|led|tiled)[\s\-‐‑–]?walls?\b|拼接屏|拼接墙|拼接大屏|电视墙)`)
	panelAfter = regexp.MustCompile(`(?i)^[\s\-‐‑–]*(?:(?:lcd|led|oled|ips)[\s\-‐‑–]*)?(?:panels|displays|screens|monitors|tiles)\b|^(?:液晶|LCD|LED)?(?:拼接屏|拼接单元|单元)`)
)

// grid returns the panels of a wall text states (gridRe), and its words;
// 0 when none, or when no diagonal of the largest figure is followed by a
// panel's word (panelAfter). A reader of "Demo 110-inch 2×2 video wall"
// may take 110 inches for the wall's diagonal, of four 55-inch panels:
// read as four 110-inch screens, the bound is four times the wall's
// (session 55). A grid that is a feature ("supports 2×2 video wall") is
// none. An honest wall named so is refused as one screen, as before.
func grid(text string, largest Size) (int, string) {
	i := gridRe.FindStringSubmatchIndex(text)
	if i == nil || feature(text, i[2], i[1]) {
		return 0, ""
	}
	for unit, re := range map[string]*regexp.Regexp{"inch": sizeRe, "cm": cmRe} {
		for _, j := range re.FindAllStringSubmatchIndex(text, -1) {
			if s, ok := sizeAt(text, j, unit, false); ok && unit == largest.Unit && s.Figure == largest.Figure && panelAfter.MatchString(text[j[1]:]) {
				return int(text[i[2]]-'0') * int(text[i[4]]-'0'), strings.TrimSpace(text[i[2]:i[1]])
			}
		}
	}
	return 0, ""
}

// featureAfter and featureBefore find, after and before a count of
// screens, the words that make it a feature of another product or of a
// connection ("dual-display support", "dual monitor stand", "supports two
// displays", 支持双屏, 双屏显示器支架, 双屏扩展坞), or of a part of it
// ("dual OLED touch bars", "round LCD strip": reviewer 54), or of a port,
// an input, a capability ("dual display inputs", "dual displays over
// USB-C", "dual-screen friendly", 双屏接口, 双屏协同: session 55): the
// product has one screen, or none. The words are skipped past a comma or
// a bracket ("dual displays (via Thunderbolt)").
var (
	featureAfter  = regexp.MustCompile(`(?i)^[\s\-‐‑–]*(?:supports?|supported|ready|capable|compatible|outputs?|modes?|setups?|stands?|arms?|mounts?|brackets?|kvm|switch(?:es)?|adapters?|docks?|docking|hubs?|cables?|splitters?|extenders?|extension|expansion|via|over|through|external|inputs?|ports?|connect(?:s|ed|ion|ions|ivity|or|ors)?|capab(?:le|ility|ilities)|friendly|(?:touch ?)?(?:bars?|pads?|strips?))\b|^[^\s,，。;；、()（）]{0,4}?(?:支持|输出|输入|扩展|拓展|支架|坞|切换|转换|线|适配|接口|协同|互联|外接|友好)`)
	featureBefore = regexp.MustCompile(`(?i)\b(?:supports?|supported|supporting|for|drives?|driving|connects?|connecting|to|extends?|extending|powers?|powering|runs?|outputs?|external|(?:compatible|works?|pairs?|use|used)\s+with)[\s\-‐‑–]*$|(?:支持|可接|外接|连接|接|驱动|扩展|拓展|带动|输出|可|实现|兼容|适配|用于|配合|搭配|组成|组建|秒变|变身|变成|一键|轻松)\s*$`)
)

// feature reports whether the words text[start:end] are a feature of
// another product, a connection or a part (featureBefore, featureAfter),
// the words after them read past a comma, a colon or a bracket.
func feature(text string, start, end int) bool {
	return featureBefore.MatchString(text[:start]) || featureAfter.MatchString(text[end:]) ||
		featureAfter.MatchString(strings.TrimLeft(text[end:], " \t,;:(（，；：-‐‑–"))
}

// ownAfter finds, after a count word and a screen word in English, what
// makes them the product's own screens: the end of the name or of a
// clause, "and", the product's noun ("dual-screen laptop", "dual
// OLED POS terminal"), a word of the screens' kind or a size ("dual-screen
// 27-inch monitor"). Any other word may make them a feature, a port or a
// capability ("dual display inputs", "dual Display Port", "dual-screen
// friendly"): the list of such words has no end, and each read as a count
// doubled the bound (session 55), so only these are read. An honest name
// with another word after its count is refused as one screen, and the
// message says what was read; "dual-screen laptop" states it. A kiosk's
// trade before its noun ("dual-screen ordering kiosk", "self-checkout
// terminal", "vending machine") is read with the noun, as 点餐机 is
// (reviewer 56b), never alone ("dual-screen ordering app" states none).
var ownAfter = regexp.MustCompile(`(?i)^(?:\s*$|\s*[,;.:)(\[\]/+&|·•、，。；：（）]|[\s\-‐‑–]+(?:and|\d+(?:[.,]\d+)?\s*[-‐‑–]?\s*(?:inch|in\b|"|″|''|zoll|cm\b)|[1-9](?:\.\d)?k\b|(?:u|f|w?q)hd\b|laptops?|notebooks?|monitors?|displays?|screens?|touch ?screens?|pcs?|computers?|desktops?|workstations?|terminals?|pos|kiosks?|tablets?|phones?|smartphones?|handhelds?|consoles?|devices?|signage|all-in-ones?|aio|e-?readers?|readers?|cash|registers?|machines?|systems?|convertibles?|ultrabooks?|chromebooks?|gaming|portable|foldable|folding|touch|oled|amoled|lcd|led|ips|mini-?led|e-?ink|e-?paper|digital|advertising|interactive|smart|point|players?|self-service|design|edition|model|version|series|(?:self-?)?(?:ordering|checkout|ticketing|vending|payment)[\s\-‐‑–]+(?:kiosks?|terminals?|machines?|stations?|pos)\b)\b)`)

// Count returns the screens the words of text state, as Read reads them,
// in a name that may state no diagonal (none is a part's then, and a
// wall's grid counts its panels); 0 when none.
func Count(text string) int {
	text = norm(text)
	if sc, ok := Read(text); ok {
		return sc.Count
	}
	n := countOf(text, Size{})
	if i := gridRe.FindStringSubmatchIndex(text); i != nil && !feature(text, i[2], i[1]) {
		n = max(n, int(text[i[2]]-'0')*int(text[i[4]]-'0'))
	}
	return n
}

// countOf returns count's number alone.
func countOf(text string, largest Size) int {
	n, _ := count(text, largest)
	return n
}

// dualResolution is a resolution's name of one screen: "dual QHD"
// (5120×1440, two QHD side by side), "dual FHD", "dual UHD" or "dual 4K"
// before a screen's word in the singular ("49-inch 32:9 dual QHD
// monitor", Samsung's Odyssey G9), which read as two screens doubled the
// bound of one (reviewer 55b); "dual 4K displays" and "dual 4K OLED
// laptop" stay two.
var dualResolution = regexp.MustCompile(`(?i)^(?:dual|double)[-‐‑–\s]?(?:[1-9](?:\.\d)?k|(?:u|f|w?q)hd\+?)[-‐‑–\s]?(?:(?:oled|amoled|lcd)[-‐‑–\s]?)?(?:screen|display|monitor|panel)$`)

// count returns the largest count of screens words of text state, and
// the words; 0 when none. A count of screens smaller than the largest
// diagonal (ofPart) is a part's.
func count(text string, largest Size) (int, string) {
	n, words := 0, ""
	for _, i := range countRe.FindAllStringSubmatchIndex(text, -1) {
		w := ""
		if i[2] >= 0 {
			w = strings.ToLower(text[i[2]:i[3]])
		} else {
			w = text[i[4]:i[5]]
		}
		own, noun := ownAfter, 0
		if i[2] < 0 {
			own = ownAfterZH // session 56: a Chinese count is read as an English one is, by what follows it
		}
		if j := own.FindStringIndex(text[i[1]:]); j != nil && i[2] >= 0 {
			noun = j[1] // "dual-screen monitor stand": the noun is the stand's (session 56)
		}
		if feature(text, i[0], i[1]) || !own.MatchString(text[i[1]:]) || noun > 0 && featureAfter.MatchString(text[i[1]+noun:]) ||
			ofPart(text, i[0], i[1], largest, false) ||
			dualResolution.MatchString(text[i[0]:i[1]]) {
			continue
		}
		if c := countWords[w]; c > n {
			n, words = c, text[i[0]:i[1]]
		}
	}
	return n, words
}

// roundRe finds words stating a round screen: a shape's word joined to a
// screen's ("round AMOLED", "circular display", 圆屏, 圆形显示屏); a round
// stand or base is none.
var roundRe = regexp.MustCompile(`(?i)\b(?:round|circular)[-‐‑–\s]?(?:(?:oled|amoled|lcd|tft|touch)[-‐‑–\s]?)?(?:screens?|displays?|touch ?screens?|panels?|oled|amoled|lcd|tft)\b|圆形?(?:触控|触摸|OLED|AMOLED|LCD|TFT)?(?:屏幕|显示屏|屏)`)

// round returns the words of text stating a round screen, "" when none (or
// only as a feature of another product, as count reads a count, or of a
// screen smaller than the largest diagonal, ofPart).
func round(text string, largest Size) string {
	for _, i := range roundRe.FindAllStringIndex(text, -1) {
		if !feature(text, i[0], i[1]) && !ofPart(text, i[0], i[1], largest, true) {
			return text[i[0]:i[1]]
		}
	}
	for unit, re := range map[string]*regexp.Regexp{"inch": sizeRe, "cm": cmRe} {
		for _, j := range re.FindAllStringSubmatchIndex(text, -1) {
			s, ok := sizeAt(text, j, unit, false)
			if k := diameterRe.FindStringIndex(text[:j[0]]); ok && k != nil && unit == largest.Unit && s.Figure == largest.Figure && !otherDevice(text, k[0], j[1]) {
				return text[k[0]:j[1]]
			}
		}
	}
	return ""
}

// diameterRe finds, before a size, the sign or the word of a diameter
// ("Ø1.39\"", "⌀ 1.39-inch", "diameter 35 mm", 直径1.39英寸): the size is a
// round screen's, as "round AMOLED" states (session 56; an honest round
// panel named so was bounded at the square's d²/2 and refused).
var diameterRe = regexp.MustCompile(`(?i)(?:[Ø⌀]|\bdia(?:meter|\.)|直径)\s*[:：]?\s*$`)

// ofPart reports whether the words text[start:end] stating a count of
// screens or a round one are of screens smaller than the largest diagonal:
// a size within them ("two 1.3-inch screens", 双2英寸屏), or, with
// before, just before them ("1.3-inch round AMOLED"), is smaller. A reader
// takes "27-inch monitor with two 1.3-inch screens" for one 27-inch screen
// and two small ones, and a 27-inch display with a 1.3-inch round status
// panel for a rectangle; read as the 27-inch screen's, they doubled its
// bound, or raised it by π/2 (reviewer 54). A count is not read so before
// it: "15.6英寸+10.1英寸双屏" counts both screens, the main one too.
func ofPart(text string, start, end int, largest Size, before bool) bool {
	prefix := len(strings.TrimRight(text[:start], " \t-‐‑–"))
	for unit, re := range map[string]*regexp.Regexp{"inch": sizeRe, "cm": cmRe} {
		for _, i := range re.FindAllStringSubmatchIndex(text, -1) {
			if i[0] >= end || i[0] < start && !(before && i[1] == prefix) {
				continue // neither within the words nor just before them
			}
			// A mark within the words is an inch's: countRe read it as the
			// size of their screens (`27" dual 2" OLED displays`: reviewer 54
			// found the 2" read as closing the quotation 27" opened).
			if s, ok := sizeAt(text, i, unit, i[0] >= start); ok && s.M() < largest.M() {
				return true
			}
		}
	}
	return false
}

// timesBefore and timesAfter find a number of screens joined by a times
// sign to a diagonal, before it ("2× 14-inch", "2 x 27\"") or after it
// ("14\" ×2"): one digit, so that a resolution's figure (2560×1440) is
// never read as one. A capital X is a series' letter ("Pro 2X", "27-inch
// X2"), and so is a small x after the diagonal: a reader takes neither for
// a count, so neither is read as one.
var (
	timesBefore = regexp.MustCompile(`(?:^|[^\p{L}\p{N}.,:×])([1-9])\s*[×x]\s*$`)
	timesAfter  = regexp.MustCompile(`^\s*×\s*([1-9])(?:$|[^\p{L}\p{N}.,:×])`)
)

// times returns the number of screens joined to a diagonal by a times
// sign, before and after being the texts around the diagonal, and how many
// bytes of each state it; 0 when none.
func times(before, after string) (n, nBefore, nAfter int) {
	if i := timesBefore.FindStringSubmatchIndex(before); i != nil {
		return int(before[i[2]] - '0'), len(before) - i[2], 0
	}
	if i := timesAfter.FindStringSubmatchIndex(after); i != nil {
		return int(after[i[2]] - '0'), 0, i[3]
	}
	return 0, 0, 0
}

// plusRe finds, ending a text, a diagonal joined to the next by a plus:
// "27+", `27" + `, "27英寸＋".
var plusRe = regexp.MustCompile(`(?i)(?:^|[^\p{Latin}\p{N}.,:×])(\d+(?:\.\d+)?)\s*(?:[-‐‑–]?\s*(?:inch(?:es)?|in|"|″|''|英寸|英吋|吋|寸)\s*)?[+＋]\s*$`)

// plus returns the screens a diagonal of figure fig states with the equal
// figures joined to it by a plus before it ("27+27 inch", `27"+27"`,
// 27英寸+27英寸: two 27-inch screens, refused before as one), and how many
// bytes of before state them; 0 when none. Only equal figures: "15.6英寸
// +10.1英寸" read as two 15.6-inch screens would allow more than the two
// stated (its count word, 双屏, states two of the largest, session 55's
// reading), and a part's size joined so ("27-inch + 2-inch speaker") would
// double the screen's bound.
func plus(before, fig string) (n, nBefore int) {
	rest := before
	for n = 1; n < 9; n++ {
		i := plusRe.FindStringSubmatchIndex(rest)
		if i == nil || rest[i[2]:i[3]] != fig {
			break
		}
		rest = rest[:i[2]]
	}
	if n < 2 {
		return 0, 0
	}
	return n, len(before) - len(rest)
}

// ratioRe finds a ratio of two figures ("16:9", "16：10", "16∶9", "2.39:1").
var ratioRe = regexp.MustCompile(`(\d+(?:\.\d+)?)\s*[:：∶]\s*(\d+(?:\.\d+)?)`)

// pluralAfter finds screens in the plural after a ratio or a resolution
// ("32:9 monitors too", "works with 3840×2160 displays"): in the name of
// a product of one screen (screens, Read's count), they are other
// devices', and the ratio or resolution theirs (session 56: "Demo 14-inch
// laptop, 32:9 monitors too" held the laptop's 16:10 panel of 0.0568 m² to
// 32:9's 0.0354 m²). In the name of several ("2×2 video wall of 16:9
// panels", "dual 16:9 displays") they are the product's.
var pluralAfter = regexp.MustCompile(`(?i)^[\s\-‐‑–]*(?:(?:external|ultra-?wide|super-?wide|curved|gaming|[1-9]k|(?:u|f|w?q)hd\+?|oled|lcd|ips)[\s\-‐‑–]+)*(?:monitors|displays|screens|tvs|televisions|panels)\b`)

// ratio returns the ratio of the sides text states, as the long side over
// the short one, and as text writes it; 0 when it states none. Of several,
// the one nearest a square, which allows the most area: a figure read as a
// ratio that is none can then only refuse, never allow more than the
// square. A whole number to 1 ("1000:1", "1:3000") is a contrast ratio,
// not read; a figure inside a longer one (a time, 12:30:00) neither. A
// resolution states a ratio too (resolutionRe).
func ratio(text string, screens int) (float64, string) {
	best, words := 0.0, ""
	for _, i := range ratioRe.FindAllStringSubmatchIndex(text, -1) {
		if i[0] > 0 && strings.ContainsAny(text[i[0]-1:i[0]], "0123456789.:：") || i[1] < len(text) && strings.ContainsAny(text[i[1]:i[1]+1], "0123456789.:：") ||
			another(text, i[0], i[1]) || screens <= 1 && pluralAfter.MatchString(text[i[1]:]) {
			continue
		}
		a, b := text[i[2]:i[3]], text[i[4]:i[5]]
		if a != b && (a == "1" && !strings.Contains(b, ".") || b == "1" && !strings.Contains(a, ".")) {
			continue
		}
		x, _ := strconv.ParseFloat(a, 64)
		y, _ := strconv.ParseFloat(b, 64)
		if !(x > 0 && y > 0) {
			continue
		}
		r := max(x, y) / min(x, y)
		if best == 0 || r < best {
			best, words = r, text[i[0]:i[1]]
		}
	}
	for _, i := range resolutionRe.FindAllStringSubmatchIndex(text, -1) {
		if i[0] > 0 && strings.ContainsAny(text[i[0]-1:i[0]], "0123456789.,×xX*") || notResolution.MatchString(text[i[1]:]) || another(text, i[0], i[1]) ||
			screens <= 1 && pluralAfter.MatchString(text[i[1]:]) {
			continue
		}
		x, _ := strconv.ParseFloat(text[i[2]:i[3]], 64)
		y, _ := strconv.ParseFloat(text[i[4]:i[5]], 64)
		if r := max(x, y) / min(x, y); x > 0 && y > 0 && (best == 0 || r < best) {
			best, words = r, text[i[0]:i[1]]
		}
	}
	return best, words
}

// another reports whether the ratio or the resolution text[start:end]
// states is another device's: a feature of another product or a
// connection ("supports 32:9 monitors", "up to 3840×2160", "1920×1200
// input": featureBefore, featureAfter) or a camera's ("1920x1080 webcam":
// cameraAfter, cameraBefore). Read as the product's own, a wider ratio
// than the panel's narrowed the bound and refused an honest product: "Demo
// 14-inch laptop, supports 32:9 monitors" held a 14-inch 16:10 panel's
// 0.0568 m² to 32:9's 0.0354 m² (reviewer 55b left it open: resolutions
// were checked so, "a:b" ratios not). Only the words right next to it
// count, not past a comma as a count's do (feature): a ratio not read
// allows the square's area, so "27-inch monitor 16:9, supports HDR" would
// lose the 16:9 its reader takes the panel for. For the same reason a
// camera's word followed by a screen's ("16:9 video monitor", "video
// wall", "photo editing monitor", 视频显示器) names the product's kind, and
// the ratio before it is read.
func another(text string, start, end int) bool {
	if otherDevice(text, start, end) || cameraBefore.MatchString(text[:start]) {
		return true
	}
	j := cameraAfter.FindStringIndex(text[end:])
	return j != nil && !screenAfter.MatchString(text[end+j[1]:])
}

// otherDevice reports whether the size or ratio text[start:end] states is
// another device's, by the words right next to it (featureBefore,
// featureAfter), read also past the screens' noun and its adjectives it
// qualifies: "32:9 monitors supported too", "32-inch monitor support",
// "supports external 32:9 monitors", "works with 32:9 monitors", 兼容32:9显示器
// (session 56). Only the words next to it count, not past a comma
// (another).
func otherDevice(text string, start, end int) bool {
	before := otherBefore.ReplaceAllString(text[:start], "")
	past := false // past the screens' noun, a feature's word is another device's
	if j := otherAfter.FindStringIndex(text[end:]); j != nil {
		past = featureAfter.MatchString(text[end+j[1]:])
	}
	return featureBefore.MatchString(text[:start]) || featureNotOwn(text[end:]) ||
		featureBefore.MatchString(before) || past
}

// featureNotOwn reports whether after, the words after a size or a ratio,
// open with a feature's or a connection's (featureAfter) that is not the
// product's own kind of screen: "16:9 KVM monitor", 16:9升降支架显示器 and
// 16:9无线显示器 (the 线 of 无线) name the product's screen, and its ratio
// is read; unread, it allowed the square's area, 18 % more than 16:9's
// (reviewer 56).
func featureNotOwn(after string) bool {
	j := featureAfter.FindStringIndex(after)
	return j != nil && !screenAfter.MatchString(after[j[1]:])
}

// otherBefore finds the adjectives before a size or a ratio that qualify
// another device's screens ("external", "ultrawide", "up to"), or in
// Chinese the screens' noun the size follows (外接显示器27英寸, 支持显示器：
// 32英寸: reviewer 56b; the feature word before the noun says whose), and
// otherAfter the screens' noun after it, with adjectives and in the
// plural: past them, featureBefore and featureAfter find whose they are.
var (
	otherBefore = regexp.MustCompile(`(?i)(?:\b(?:external|additional|extra|second|secondary|ultra-?wide|super-?wide|curved|gaming|large|larger|bigger)[\s\-‐‑–]+)+$|(?:外部|额外)?(?:显示器|显示屏|屏幕|电视|屏)[\s:：]*$|(?:外接|外部|额外)$`)
	otherAfter  = regexp.MustCompile(`(?i)^[\s\-‐‑–]*(?:(?:external|ultra-?wide|super-?wide|curved|gaming|[1-9]k|(?:u|f|w?q)hd\+?)[\s\-‐‑–]+)*(?:monitors?|displays?|screens?|tvs?|televisions?|panels?)\b|^(?:显示器|显示屏|屏幕|电视|屏)`)
)

// screenAfter finds, after a camera's or a feature's word, a screen's,
// perhaps through its use: the product is a screen for video or photos
// ("video conferencing TV", 视频会议一体机, "photo frame").
var screenAfter = regexp.MustCompile(`(?i)^[\s\-‐‑–]*(?:(?:editing|conferenc(?:e|ing)|production|broadcast|surveillance|security)[\s\-‐‑–]*)?(?:monitors?|displays?|screens?|walls?|panels?|signage|players?|tvs?|televisions?|frames?)\b|^(?:会议)?(?:显示器|显示屏|监视器|拼接屏|屏|墙|一体机|电视|相框)`)

// resolutionRe finds a resolution, "3840×2160", "2560 x 1440": pixels
// across by pixels down, each of three to five digits. A panel's pixels
// are square, so its resolution states the ratio of its sides as "16:9"
// does (session 55), and bounds each screen at d²·r/(1+r²), at most the
// square's d²/2 (Screen.EachM2): read as a ratio, a resolution can only
// narrow the bound, and a flatterer gains nothing by stating one. A
// panel of pixels wider than tall (a 1024×768 plasma of 16:9) states a
// squarer ratio than it has, which allows more, not less; one of pixels
// taller than wide would be refused, and none is sold that this reading
// knows of. The resolution of another product or a connection ("supports
// 3840×2160 external displays", "up to 3840×2160", "1920×1200 input") is
// not read (another), nor a size in a unit ("614 x 367 mm", notResolution)
// or one of three figures (a box's "614 x 367 x 200").
//
// A camera's resolution ("1920x1080 webcam", "camera 4000x3000", 摄像头
// 1920x1080) is not the screen's either: a 13.3-inch 16:10 laptop's 0.0513
// m² named with its webcam's 1920x1080 was held to 16:9's 0.0491 m² and
// refused (reviewer 55b).
var (
	cameraAfter   = regexp.MustCompile(`(?i)^[\s\-‐‑–]*(?:(?:front|rear|selfie|ir|hd|fhd)[\s\-‐‑–]*)?(?:cameras?|webcams?|video|recording|photos?|sensors?)\b|^\s*(?:摄像|录像|视频|拍照|前置|后置)`)
	cameraBefore  = regexp.MustCompile(`(?i)\b(?:cameras?|webcams?|video|recording|photos?|sensors?)[\s:：,，\-‐‑–]*$|(?:摄像头|录像|视频|拍照)[\s:：,，]*$`)
	resolutionRe  = regexp.MustCompile(`(\d{3,5})\s*[×xX*]\s*(\d{3,5})`)
	notResolution = regexp.MustCompile(`(?i)^(?:[.,]?\d|\s*[×xX*]\s*\d|\s*(?:(?:mm|cm|m|in|inch(?:es)?)\b|"|″)|\s*(?:毫米|厘米|米|英寸))`)
)
