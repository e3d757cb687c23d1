package certification

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Session 55: what session 54 (claims5) left open of the comparisons with
// another product, and the other ways found to write one.
//
// Read as comparisons now: a multiplier in words before a name, a word
// starting with a capital or a hanzi ("twice LONGi", "thrice Jinko":
// wholeTimesAfterRe; "sent twice was answered" is a sentence) or with an owner ("half
// Jinko's", "LONGi's half": halfOwnerRe), "as green as LONGi"
// (asGreenAs), a division ("LONGi ÷ 2": ratioTimes), a decimal multiplier
// joined to a name ("0.8×LONGi"), the n-ary times sign ⨉, a signed share
// after "less" or in words ("LONGi less 20%", "LONGi minus twenty
// percent": signedShareRe), the Arabic percent sign ٪ (claimForms), half
// of a name in Chinese with no 的 ("只有隆基一半", "隆基二分之一": hanHalfRe),
// a name less a share ("隆基减20%", "隆基少20%": hanCutRe), and a table of
// scores with no colon where one entry is the product's own ("LONGi 100,
// Demo 80", "隆基 100 本产品 80": ownScoreboard).
//
// Still accepted: a share, a fraction or a decimal beside a name with
// nothing between ("LONGi 80%", "隆基80%", "½ LONGi", "0.8 LONGi"). The
// check holds no list of other companies' names (claims_rivals.go: no list
// of competitors can be closed), so it cannot tell "LONGi 80%" from "Demo
// module 21.5%" or "棉80%". Session 56 reads it beside a name in mixed
// case (claims_names.go: "Demo module LONGi 80%"); "隆基80%" stays open.

// asGreenAs is an equal or a multiple of another's greenness: "as green as
// LONGi", "twice as clean as Jinko", "2x as low-carbon as".
const asGreenAs = `((twice|thrice|half|[0-9]+([.,][0-9]+)?\s*(x|times))\s+)?as\s+(green|clean|eco[\s-]*friendly|low[\s-]*carbon|sustainable|good` +
	`|climate[\s-]*friendly|planet[\s-]*friendly|environment(al(ly)?)?[\s-]*friendly|carbon[\s-]*neutral|low[\s-]*emissions?|ecological)\s+as` // session 55b

var (
	// hanHalfRe is half of what stands right before it, with no 的
	// ("只有隆基一半", "隆基一半", "隆基二分之一"), ending its clause or before
	// 的 ("隆基一半的碳"): session 54 read 一半 only after 的 ("隆基的一半") or
	// beside an emission word. Half of a part, the words after it naming
	// what ("铝材一半为再生铝"), is no comparison.
	// Session 55b: and more or less than half ("隆基一半多", "隆基一半以内"), ending
	// the clause ("铝材一半多为再生铝", "碳足迹一半以上来自硅料" are a part's share).
	hanHalfRe = mustPattern(`([^\P{Han}占]|[a-z0-9])\s*(一半|半数|二分之一)($|[，,。；;\s)）!！?？…]|的|都|不|左右|以下|(以内|以上|出头|多)($|[，,。；;\s)）!！?？…]))`)
	// hanCutRe is a name less a share ("隆基减20%", "隆基少20%", "隆基低两成"),
	// a comparison with no 比 or 较 before it; a verb of two characters
	// before the share (减少, 降低, 下降, 衰减) is no name's (hanCutExcept).
	// halfOwnerRe is half, twice or double an owner's, or an owner's half
	// ("half Jinko's", "LONGi's half"), as possessiveShareRe reads "50%
	// Jinko's": a pattern of its own, so that the words' needs (half, "108
	// half-cells" of the demo module) do not run possessiveShareRe's share
	// in words (BenchmarkCheckPrintable).
	halfOwnerRe = mustPattern(`(^|[^a-z])(half|twice|double)\s+[a-z\p{Han}][a-z0-9\p{Han}-]*('s|’s|s')($|[^a-z])|[a-z\p{Han}]('s|’s|s')\s*(half|double)($|[^a-z-])`)
	// hanCopulaShareRe is a share of what stands between it and a word of
	// being only or equal ("相当于隆基八成", "只及隆基80%", "仅有隆基七成"),
	// with no 的 between.
	hanCopulaShareRe = mustPattern(`(相当于|只及|仅及|只有|仅有|不及)[^，,。；;\s的]{1,12}?(` + hanShare + `|一半|半数)`)
	hanCutRe         = mustPattern(`[\p{Han}a-z0-9](减|少|低|降)了?\s*(约|近)?\s*(` + hanShare + `)`)
)

// hanCutExcept reports whether a match of hanCutRe starts with a word of
// less, not a name (减少20%, 降低20%, 下降20%, 衰减0.4%), ends a property
// word ("功耗低20%"), or stands in a clause with 比 or 较, a comparison that
// bareCompareRe reads, naming its property or not ("价格比上代低10%").
func hanCutExcept(before, match, _ string) bool {
	r, size := utf8.DecodeRuneInString(match)
	if i := strings.LastIndexAny(before, clauseEnds); i >= 0 {
		before = before[i:]
	}
	// a property the first character ends ("功耗低20%" matched from 耗), or a comparison with 比 or 较
	// in the clause, which bareCompareRe reads with its subject ("价格比上代低10%")
	return strings.ContainsRune("减少降低下衰缩削", r) || propertyEndJoinedRe.MatchString(before+match[:size]) ||
		strings.ContainsAny(before, "比较")
}

// ownScoreEntryRe is an entry of a table of scores with no colon: a label,
// a Latin word of two letters or more or a run of hanzi, and a bare number
// after it in figures (a Chinese numeral is a word of a name: 二合一, 三代)
// or English words, with a colon, an equals sign, spaces or nothing between.
// Session 55b: a score's unit after it ("LONGi 100 pts, Demo 80 pts", "隆基100分，本品80分").
var ownScoreEntryRe = regexp.MustCompile(`([a-z][a-z-]*[a-z]|\p{Han}+)\s*[:：=]?\s*([0-9]+([.,][0-9]+)?(\s*%)?|` + enNumber + `)(\s*(pts|points?|分))?`)

// ownScoreSeparatorRe is what may stand between two entries of a table
// (reviewer 55b: a middle dot, an ampersand, a plus, a tilde or a dash too:
// "LONGi 100 · Demo 80", "LONGi 100 – Demo 80").
// Session 55b: a full stop too ("LONGi 100. Demo 80").
var ownScoreSeparatorRe = regexp.MustCompile(`^[\s,;，；、|/<>＜＞→←⇒·・&＆+＋~～—–.。-]*$`)

// ownLabelRe names the product itself in a table of scores (not "us",
// which folded is the country of a size or a plug: "Running shoe US 10 EU
// 44", reviewer 55b), and wordLabelRe is a word no label is: "2 in 1", "from 0 to 100", "one by
// one".
var (
	ownLabelRe  = regexp.MustCompile(`^(本产品|本品|本组件|本机|我们|我司|ours|our|we)$`)
	ownWordRe   = mustPattern(`本产品|本品|本组件|本机|我们|我司|(^|[^a-z])(ours?|we)($|[^a-z])`)
	wordLabelRe = regexp.MustCompile(`^(in|to|by|of|at|on|for|from|and|or|with|per|up|than|into|over|under|about|is|are|was|be|the|an|as|vs|versus)$`)
)

// ownScoreboard reports whether folded text is a table of scores with no
// colon (scoreboard reads those with one): two entries or more of a label
// and a bare number, set apart only by spaces or separators, one of whose
// labels is the product's own (本产品, ours …, and in a product's names and
// model, product, the text's first word: "Demo" of "Demo module …", 示例 of
// "示例组件 …") and another a name
// that is not a datasheet's label (scoreLabelHonestRe) nor a property
// (propertyRe): "LONGi 100, Demo 80", "隆基 100 本产品 80", "隆基100，本品80",
// "隆基:100 示例:80". "RTX 4060, GTX 1650" and "Voc 49.6, Isc 14.0" hold no
// label of the product's own.
func ownScoreboard(folded string, product bool) bool {
	trimmed := strings.TrimSpace(folded)
	first := trimmed
	if i := strings.IndexAny(first, " ,;:，；：、|/"); i >= 0 {
		first = first[:i]
	}
	// most texts hold no label of the product's own: neither ownWordRe's words, nor the first word (its
	// first two characters, if Chinese) again (BenchmarkCheckPrintable)
	if again := first; !ownWordRe.MatchString(folded) {
		if r, size := utf8.DecodeRuneInString(first); r >= utf8.RuneSelf {
			_, next := utf8.DecodeRuneInString(first[size:])
			again = first[:size+next]
		}
		if !product || again == "" || !strings.Contains(trimmed[len(first):], again) {
			return false
		}
	}
	own := func(label string) bool { // the first word, or the start of a Chinese one (示例 of 示例组件)
		r, _ := utf8.DecodeRuneInString(label)
		return ownLabelRe.MatchString(label) || product && (label == first || r >= utf8.RuneSelf && strings.HasPrefix(first, label))
	}
	ms := ownScoreEntryRe.FindAllStringSubmatchIndex(folded, -1)
	runOwn, runOther, run := false, false, 0
	for i, m := range ms {
		// the number ends a word: no letter, hanzi or digit, a unit or a word, right after it ("5千瓦时", "16gb")
		if rest := folded[m[1]:]; rest != "" {
			if r, _ := utf8.DecodeRuneInString(rest); unicode.IsLetter(r) || unicode.IsDigit(r) {
				run, runOwn, runOther = 0, false, false
				continue
			}
		}
		if i > 0 && run > 0 && !ownScoreSeparatorRe.MatchString(folded[ms[i-1][1]:m[0]]) {
			run, runOwn, runOther = 0, false, false
		}
		label := folded[m[2]:m[3]]
		switch {
		case wordLabelRe.MatchString(label):
			run, runOwn, runOther = 0, false, false
			continue
		case own(label):
			// the first word and a number starting the text are its name ("Demo 2 in 1", "Demo 5, Demo 3 compatible")
			runOwn = runOwn || strings.TrimSpace(folded[:m[0]]) != ""
		case !scoreLabelHonestRe.MatchString(label) && !propertyRe.MatchString(label):
			runOther = true
		}
		run++
		if run >= 2 && runOwn && runOther {
			return true
		}
	}
	return false
}

// Session 55b: comparisons still accepted after session 55 and its reviewer.
var (
	// wordTimesNameRe is a multiplier in words before a name that starts
	// with a capital or a hanzi, "the" between or not ("two times LONGi",
	// "three times Jinko", "twice the LONGi"); "two times faster charging"
	// and "twice the battery life of Gen 11" name no one (a small letter).
	// Session 56 (cl56b): any number in words (enNumber: "eleven times
	// LONGi", "twenty-one times LONGi"), not only two to ten; the name is
	// the group named name.
	wordTimesNameRe = regexp.MustCompile(`(^|[^a-zA-Z])((?i:` + enNumber + `)[\s-]+times\s+((?i:the|that\s+of)\s+)?|(?i:twice|thrice)\s+(?i:the|that\s+of)\s+)["'“‘(（「《]?(?P<name>[A-Z\p{Han}][a-zA-Z0-9\p{Han}+._-]*)`)
	// nameTimesEndRe is a name, a capital or a hanzi first, and twice or
	// thrice after it ending its clause ("LONGi twice"); "Tiger Neo twice
	// bifacial" goes on after it. The name must have a capital past its
	// first letter or be Chinese (oddCase): "Rinse twice", "Measure Twice,
	// Cut Once" are a verb's, and "Jinko twice" stays open.
	nameTimesEndRe = regexp.MustCompile(`(^|[^a-zA-Z0-9\p{Han}])([A-Z\p{Han}][a-zA-Z0-9\p{Han}+._-]*)\s+(?i:twice|thrice)` + clauseEndRe)
	// nameLessShareRe is a name less a share ending its clause ("LONGi less
	// 20%"), which rivalHonestRe's bound ("less 2…") leaves out before
	// signedShareRe reads it.
	nameLessShareRe = regexp.MustCompile(`(^|[^a-zA-Z0-9\p{Han}])([A-Z\p{Han}][a-zA-Z0-9\p{Han}+._-]*)\s+less\s+([0-9]+([.,][0-9]+)?|` + enNumber + `)\s*(%|pct|(?i:percent|per\s*cent))` + clauseEndRe)
	// hanHalfSignRe is the sign ½ (NFKC's 1⁄2) joined to a hanzi, ending its
	// clause ("隆基½"); "1½-inch" has a digit before it, and "1/2" with a
	// slash is a pipe's size (球阀1/2), left alone.
	hanHalfSignRe = regexp.MustCompile(`(\p{Han}|\b[A-Z][a-z]*[A-Z][a-zA-Z0-9]*)\s*1⁄2` + clauseEndRe)
	// hanEqualGreenRe is an equal of another's greenness in Chinese: "和隆基一样绿色",
	// "与隆基同等低碳", "媲美隆基的低碳", "比肩隆基的环保", "像隆基一样绿色", "如隆基般低碳",
	// "不亚于隆基的低碳", "对标隆基的低碳", spaces between or not (reviewer 56). "媲美原装" and
	// "比肩旗舰" name no greenness; "比肩隆基" alone stays open (it reads as "比肩旗舰"). 清洁
	// is a cleaner's ("与手洗一样清洁"), and a footprint's method or boundary is no
	// greenness, but a result of its accounting is (hanEqualGreen).
	// Session 56 (cl56b): a space inside the word too ("和隆基一样 低 碳").
	// asLowAsNameRe is an equal of another's carbon, "as low as" and a name
	// starting with a capital or a hanzi ("as low as LONGi", "as little
	// carbon as a LONGi"): session 56; "as low as 0.4%/yr" names a figure,
	// and "As Low As Possible" is a title.
	asLowAsNameRe   = regexp.MustCompile(`(^|[^a-zA-Z])(?i:as\s+(low|little|small|light)(\s+carbon|\s+co2|\s+(a|an)\s+footprint)?\s+as)\s+((?i:a|an|the|half\s+a|half\s+the)\s+)?["'“‘(（「《]?([A-Z\p{Han}][a-zA-Z0-9\p{Han}+._-]*)`)
	hanEqualGreenRe = regexp.MustCompile(`((和|与|跟|同|像|如同|如)[^，,。；;]{1,12}?(一样|同样|同等|相同|一般|相当|般)|(媲美|比肩|堪比|看齐|比得上|不输|不逊于?|不亚于|对标))[^，,。；;]{0,12}?(绿\s*色|低\s*碳|环\s*保|零\s*碳|减\s*碳|碳足迹)`)
	// footprintMethodRe is a footprint's method, boundary or accounting
	// after 碳足迹 (核算方法, 边界, 计算范围, 核算), not a result of it (核算结果,
	// 计算值, 核算数值: reviewer 56d); footprintIncludedRe a stage's
	// emissions included in it (计入, 纳入, 包含, 算入; 在碳足迹中已计算).
	footprintMethodRe   = regexp.MustCompile(`^((核算|计算)?(方法|边界|规则|标准|范围|体系|口径)|(核算|计算)($|[^结值数量水]))`)
	footprintIncludedRe = regexp.MustCompile(`(计入|纳入|包含|包括|算入)[^，,。；;]{0,4}碳足迹$|^(中(已|均|都)?|(已|均|都))(计算|计入|包含)`)
)

// nameComparison55b reports whether text, in its NFKC form with its case,
// holds one of session 55b's comparisons with a name: a multiplier in words
// (wordTimesNameRe, nameTimesEndRe), a name less a share (nameLessShareRe),
// ½ joined to a hanzi (hanHalfSignRe) or an equal of its greenness in
// Chinese (hanEqualGreenRe). A name that is a property ("Power twice") or
// a counted part ("three times USB") is none.
func nameComparison55b(text string) bool {
	// most texts hold none of the words, and most are in NFKC already (BenchmarkCheckPrintable)
	s := text
	if !norm.NFKC.IsNormalString(text) {
		s = norm.NFKC.String(text)
	}
	if !strings.ContainsAny(s, "⁄和与跟同媲比堪看像如亚对") && !strings.Contains(s, "不输") && !strings.Contains(s, "不逊") && !containsFoldASCII(s, "twice") && !containsFoldASCII(s, "thrice") &&
		!containsFoldASCII(s, "times") && !containsFoldASCII(s, "less") && !containsFoldASCII(s, " as ") {
		return false
	}
	// a name before twice has a capital past its first letter or is Chinese ("LONGi twice", "BYD
	// twice", "隆基 twice"): a word of a title or a sentence's first is a verb as well ("Rinse twice")
	oddCase := func(name string) bool {
		r, size := utf8.DecodeRuneInString(name)
		return unicode.Is(unicode.Han, r) || strings.IndexFunc(name[size:], unicode.IsUpper) >= 0
	}
	// a title's words each start with a capital ("Twice The Fun", "Measure Twice, Cut Once"): no name
	titled := func(words string) bool {
		for _, w := range strings.Fields(words) {
			if r, _ := utf8.DecodeRuneInString(w); unicode.IsLower(r) {
				return false
			}
		}
		return true
	}
	named := func(re *regexp.Regexp, group int, before bool) bool {
		for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
			start, end := m[2*group], m[2*group+1]
			name := strings.ToLower(s[start:end])
			if before && titled(s[m[3]:start]) || re == nameTimesEndRe && (titled(s[end:m[1]]) || !oddCase(s[start:end])) {
				continue
			}
			if len(name) > 1 && !countedRe.MatchString(name) && !timesWordRe.MatchString(name) && !propertyRe.MatchString(name) {
				return true
			}
		}
		return false
	}
	return named(wordTimesNameRe, wordTimesNameRe.SubexpIndex("name"), true) || named(nameTimesEndRe, 2, false) || named(nameLessShareRe, 2, false) || named(asLowAsNameRe, 6, true) ||
		hanHalfSignRe.MatchString(s) || hanEqualGreen(s)
}

// containsFoldASCII reports whether s holds word (in lower case), its ASCII
// letters in either case.
func containsFoldASCII(s, word string) bool {
	for i := 0; i+len(word) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(word)], word) {
			return true
		}
	}
	return false
}

// hanEqualGreen: hanEqualGreenRe, but not a footprint's method or boundary
// a text says it shares (与ISO14067相同的碳足迹核算方法), nor a stage's
// emissions included in it as another's are (同样计入碳足迹, 一样纳入碳足迹,
// 一样在碳足迹中已计算). A result of the footprint's accounting shared
// (与隆基相同的碳足迹核算结果), and a word after another greenness word
// (与隆基一样低碳方法), are an equal of the other's (reviewer 56d).
func hanEqualGreen(s string) bool {
	for _, m := range hanEqualGreenRe.FindAllStringIndex(s, -1) {
		whole, rest := s[m[0]:m[1]], s[m[1]:]
		if strings.HasSuffix(whole, "碳足迹") && (footprintMethodRe.MatchString(rest) || footprintIncludedRe.MatchString(whole) || footprintIncludedRe.MatchString(rest)) {
			continue
		}
		return true
	}
	return false
}
