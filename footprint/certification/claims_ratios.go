package certification

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
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
// module 21.5%" or "棉80%".

// asGreenAs is an equal or a multiple of another's greenness: "as green as
// LONGi", "twice as clean as Jinko", "2x as low-carbon as".
const asGreenAs = `((twice|thrice|half|[0-9]+([.,][0-9]+)?\s*(x|times))\s+)?as\s+(green|clean|eco[\s-]*friendly|low[\s-]*carbon|sustainable|good)\s+as`

var (
	// hanHalfRe is half of what stands right before it, with no 的
	// ("只有隆基一半", "隆基一半", "隆基二分之一"), ending its clause or before
	// 的 ("隆基一半的碳"): session 54 read 一半 only after 的 ("隆基的一半") or
	// beside an emission word. Half of a part, the words after it naming
	// what ("铝材一半为再生铝"), is no comparison.
	hanHalfRe = mustPattern(`[\p{Han}a-z0-9]\s*(一半|半数|二分之一)($|[，,。；;\s)）!！?？…]|的|都|不|左右|以下)`)
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
var ownScoreEntryRe = regexp.MustCompile(`([a-z][a-z-]*[a-z]|\p{Han}+)\s*[:：=]?\s*([0-9]+([.,][0-9]+)?(\s*%)?|` + enNumber + `)`)

// ownScoreSeparatorRe is what may stand between two entries of a table
// (reviewer 55b: a middle dot, an ampersand, a plus, a tilde or a dash too:
// "LONGi 100 · Demo 80", "LONGi 100 – Demo 80").
var ownScoreSeparatorRe = regexp.MustCompile(`^[\s,;，；、|/<>＜＞→←⇒·・&＆+＋~～—–-]*$`)

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
