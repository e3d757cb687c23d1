package certification

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Session 56: a share or a ratio standing beside another company's name
// with nothing between ("Demo module LONGi 80%", "80% JinkoSolar",
// "LONGi ½", "LONGi 0.8") states the product as a share of that company's
// product, a comparison this certificate does not make; sessions 55 and
// 55b left it accepted because the check holds no list of company names
// (claims_rivals.go: no list of competitors can be closed, so the
// patterns read a comparison's construction, and a name by its form).
//
// It still holds none. What the check reads as a name here is what
// nameTimesEndRe reads ("LONGi twice"), narrowed to the form a datasheet's
// words seldom have: a Latin word in mixed case, a small letter and a
// capital past its first letter (LONGi, JinkoSolar, TrinaSolar, iPhone),
// not an acronym (PERC, BYD, NTSC: all capitals) nor a capitalised word
// (Jinko, Efficiency). The name is the product's own, and the share its
// own figure, when it is the text's first word or a word of the
// manufacturer's name ("LONGi Hi-MO 9" by LONGi Green Energy); a measure,
// a unit, a part or a cell or battery technology (SoC, sRGB, mAh,
// TOPCon, LiFePO4: mixedCaseTermRe, compositionRe, propertyRe, countedRe,
// scoreLabelHonestRe) is no name; and a share naming its property in its
// clause ("TOPCon 25% efficiency") is the product's (propertyNamed).
// Chinese names ("隆基80%") stay open: a run of hanzi before a share is as
// often a material's ("棉80%").
var (
	// nameShareAfterRe is a mixed-case word and a share, a fraction or a
	// decimal ratio below one after it, ending its clause ("LONGi 80%",
	// "LONGi ½", "LONGi 0.8", "LONGi/2" is ratioTimes'); nameShareBeforeRe
	// the same before it, with a sign of a share ("80% LONGi", "½ LONGi"):
	// a decimal before a word is a quantity and its unit ("0,43 kWp"), and
	// "0.8 LONGi" stays open.
	nameShareAfterRe  = regexp.MustCompile(`(^|[^A-Za-z0-9])(?P<name>[A-Za-z][A-Za-z0-9]*)\s*(` + nameShare + `)` + clauseEndRe)
	nameShareBeforeRe = regexp.MustCompile(`(^|[^A-Za-z0-9.,/⁄])(` + nameSign + `)\s*(?P<name>[A-Za-z][A-Za-z0-9]*)` + clauseEndRe)
	// mixedCaseTermRe are the words in mixed case that name a measure, a
	// unit or a technology of a product, not a company: battery states
	// and chemistries, cell technologies, energy and charge units, colour
	// spaces, network words.
	mixedCaseTermRe = regexp.MustCompile(`(?i)^(soc|soh|dod|srgb|adobergb|dcip3|mah|ah|wh|kwh|mwh|gwh|mw|kw|gw|wp|kwp|mwp|gwp|kva|mva|kvar|mpa|kpa|gpa|ml|dl|kn|mv|kv|ma|db|dbm|hz|khz|mhz|ghz|kb|mb|gb|tb|kbps|mbps|gbps|topcon|perc|hjt|ibc|tbc|hpbc|lifepo4|lfp|nmc|nca|nimh|nicd|lipo|liion|gan|sic|poe|wifi|lte|oled|amoled|qled|hdr|ppi|fps|rpm|ipx?[0-9]*|pm[0-9.]*|ph|ppm|rh|pcie|usb|nvme|macos|ios|iot|mppt)$`)
)

// nameShare is a share in figures, a fraction or a decimal below one;
// nameSign a share or a fraction only. A share in words stands apart from
// the word before it: "OneSourcePlus5Percent" is an identifier.
const (
	nameShare = nameSign + `|0[.,][0-9]+`
	nameSign  = `[0-9]+([.,][0-9]+)?\s*(%|‰|‱)|[0-9]+([.,][0-9]+)?\s+(?i:percent|per\s*cent|pct)|[0-9]+\s*⁄\s*[0-9]+`
)

// checkNamedShares returns EINVALID naming the field for a product's name
// (name, name_zh) that holds a share or a ratio beside another company's
// name (namedShare), and the word read as that name: an honest applicant
// whose share is a fibre's or a feature's ("80% PrimaLoft") learns which
// word to say the share is of (reviewer 56d).
func checkNamedShares(st *footprint.Study) error {
	for _, f := range [...]struct{ field, text string }{{"product.name", st.Product.Name}, {"product.name_zh", st.Product.NameZH}} {
		if name := namedShare(f.text, st.Product.Manufacturer); name != "" {
			return footprint.FieldErrorf(footprint.EINVALID, f.field,
				"%s 不得在其他公司的名称旁写明比例或倍数（LONGi 80%%、80%% JinkoSolar、LONGi ½）：读者会当作本产品与该公司产品的比较，本证书不作比较；此处读作公司名称的是“%s”；若比例是本产品自身的数值，请写明是什么（TOPCon 25%% efficiency）。%s may not state a share or a ratio beside another company's name (LONGi 80%%, 80%% JinkoSolar, LONGi ½): it reads as a comparison of the product with that company's, which this certificate does not make; the word read as a company's name is %q; if the share is the product's own figure, say what it is of (TOPCon 25%% efficiency) (%q)",
				f.field, name, f.field, name, f.text)
		}
	}
	return nil
}

// namedShare returns the first mixed-case name in text, in its NFKC form
// with its case, beside which a share stands (nameShareAfterRe,
// nameShareBeforeRe), that is neither the product's own (the text's first
// word, a word of manufacturer) nor a measure, a unit or a technology, and
// whose clause names no property; "" for none.
func namedShare(text, manufacturer string) string {
	if !strings.ContainsAny(text, "0123456789０１２３４５６７８９½⅓¼⅔¾⅕⅘") {
		return "" // most names hold no share (BenchmarkCheckPrintable)
	}
	s := text
	if !norm.NFKC.IsNormalString(text) {
		s = norm.NFKC.String(text)
	}
	first := ""
	if words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }); len(words) > 0 {
		first = strings.ToLower(words[0])
	}
	// the manufacturer's letters and digits, joined: "DemoSolar" is the name of "Demo Solar Co."
	own := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, strings.ToLower(norm.NFKC.String(manufacturer)))
	lower := lowerASCII(s)
	named := func(re *regexp.Regexp) string {
		group := re.SubexpIndex("name")
		for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
			name := s[m[2*group]:m[2*group+1]]
			low := strings.ToLower(name)
			if !mixedCase(name) || low == first || len(low) > 2 && strings.Contains(own, low) || mixedCaseTermRe.MatchString(name) ||
				compositionRe.MatchString(low) || propertyRe.MatchString(low) || countedRe.MatchString(name) || scoreLabelHonestRe.MatchString(low) {
				continue
			}
			start := m[0]
			if m[2] >= 0 {
				start = m[3] // the character before the match is not its own
			}
			if !propertyNamed(lower[:start], lower[start:m[1]], lower[m[1]:]) {
				return name
			}
		}
		return ""
	}
	if name := named(nameShareAfterRe); name != "" {
		return name
	}
	return named(nameShareBeforeRe)
}

// mixedCase reports whether a Latin word holds a small letter and a
// capital past its first letter: LONGi, JinkoSolar, iPhone; not PERC,
// Jinko or cotton.
func mixedCase(w string) bool {
	_, size := utf8.DecodeRuneInString(w)
	return strings.IndexFunc(w, unicode.IsLower) >= 0 && strings.IndexFunc(w[size:], unicode.IsUpper) >= 0
}
