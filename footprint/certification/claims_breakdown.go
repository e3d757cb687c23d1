package certification

// Session 56: a statement of where the product's own footprint comes from
// ("示例组件 碳足迹一半以上来自硅料", "more than half of its footprint comes
// from the cells", "硅料占碳足迹的一半以上", "the cells account for 60% of
// its footprint") holds an emission word and a share, which
// emissionShareRe reads as a ratio to something, and ratioRe read "half
// of its footprint" as "half the footprint" of a standard product. It
// compares nothing: the share is of this product's footprint, and the
// words after it say which part of this product it comes from. Such a
// breakdown is left out (breakdownRe) before those patterns and every
// comparison pattern that reads a text with its honest phrases left out
// (textForms.leftOut) read it again; "碳足迹只有隆基一半", "half the
// footprint of LONGi" and "比行业平均低一半" hold no breakdown's words, and
// are read as before.
var breakdownRe = mustPattern(
	// the footprint, then a share of it and where the share comes from ("碳足迹一半以上来自硅料", "碳排放约60%源于电池片")
	hanOwnEmission + `(中|里|当中|之中)?的?\s*` + breakdownHanShare + `\s*(都|均)?` + hanSource +
		// a share of the footprint, then where it comes from ("一半以上的碳足迹来自硅料", "六成碳足迹来自硅料"); not
		// after a word of less or a copula, where the share is a comparison's ("比隆基低一半以上的碳足迹")
		`|(^|[^低少减降小优于比为是及仅只])` + breakdownHanShare + `\s*的?\s*` + hanOwnEmission + `\s*(都|均)?` + hanSource +
		// a part's share of the footprint ("硅料占碳足迹的一半以上", "硅料贡献了一半以上的碳足迹")
		`|(占|贡献)了?\s*` + hanOwnEmission + `(总量)?的?\s*` + breakdownHanShare +
		`|贡献了?\s*` + breakdownHanShare + `\s*的?\s*` + hanOwnEmission +
		// in English: a share of its footprint and where it comes from ("more than half of its footprint comes from
		// the cells"), or a part's share of it ("the cells account for more than half of its footprint")
		// (with no space needed: the compact form drops them)
		`|` + breakdownEnShare + `\s*of\s*` + enOwnEmission + `\s*((comes?|came|arises?|stems?|originates?|results?|derives?|is|are|was|were)\s*(from|due\s*to|attributable\s*to|caused\s*by)|(arises?|originates?|occurs?)\s*(in|during))` +
		`|(accounts?\s*for|makes?\s*up|contributes?|represents?|(is|are)\s*responsible\s*for)\s*` + breakdownEnShare + `\s*of\s*` + enOwnEmission)

// The parts of breakdownRe: the product's own footprint or emissions, a
// share of it with the words around a share (约, 以上; more than, over),
// and the words of where it comes from.
const (
	hanOwnEmission    = `(本产品|该产品|产品|本组件|组件)?的?(碳足迹|碳排放量?|排放量?|温室气体排放量?)`
	breakdownHanShare = `(约|近|超过|逾|达|大约|将近|接近|有)?\s*(` + hanShare + `|一半|半数|大半|过半|[一二三四五六七八九十]+分之[一二三四五六七八九十]+)\s*(以上|多|左右|出头|上下)?`
	hanSource         = `(来自于?|源自|来源于|源于|产生于|出自|发生在|发生于|集中在|集中于|归因于|由)`
	breakdownEnShare  = `((more|less|fewer)\s*than|over|about|around|nearly|almost|roughly|approximately|some|at\s*least|close\s*to)?\s*(` + enShare + `|most|the\s*majority|a\s*majority|(two|three|four)[\s-]*(thirds|quarters|fifths))`
	enOwnEmission     = `(the\s*|its\s*|this\s*|our\s*)?((product|module|panel|device)('s|’s|s')?\s*)?(carbon[\s-]*footprint|footprint|((carbon|ghg|co2|greenhouse[\s-]*gas)\s*)?emissions)`
)
