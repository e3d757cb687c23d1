package factorlib

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Factor search (issue 15 item 6): Chinese and English names, synonyms,
// relevance order, counts per category, on a library of thousands of
// factors (the curated set and CPCD's 4,290 rows).
//
// Tokens. Chinese is written without spaces, and a dictionary segmenter
// would need a dictionary the project does not have (and would split
// product names such as 多晶硅光伏组件 unpredictably). So a run of Han
// characters is indexed as its single characters and its overlapping
// character bigrams (光伏组件 → 光 伏 组 件 光伏 伏组 组件): a query word of
// two or more characters is looked up by its bigrams, a one-character word
// (铝, 电) by the character. Latin letters and digits form words, lower-cased,
// with a plural "s" or "ies" folded (plastics → plastic); the code is split
// at '-', '_' and '.' as well (ELEC-CN-NAT-CF-2024 → elec cn nat cf 2024).
// Full-width forms (ＭＷ, ５) are folded to ASCII first: CPCD writes both.
//
// Matching. A query is split into words at spaces and punctuation and
// where the script changes ("PV组件" is "pv" and "组件"). A word matches a
// factor when the factor holds its tokens: all of them for one or two
// tokens, two thirds (rounded up) for longer Chinese words, so that
// 光伏发电系统 still finds 光伏电站发电系统. Every word of the query must match
// (AND), through itself or one of its synonyms (SearchSynonyms). Besides,
// a factor whose code or name contains the whole query as written
// (case-insensitive) always matches: what the former substring filter
// found, the search still finds.
//
// Relevance. A word scores the mean inverse document frequency (idf =
// ln(1 + N/df)) over its tokens of the tokens it matched, so rare tokens
// weigh more than common ones (铝 more than 电) and a partly matched word
// less than a whole one; a synonym scores SynonymWeight of that; a factor
// matching a word in several forms (铝材, 原铝 and aluminium) scores the
// best form and a quarter of each further one. On top of the words'
// scores: the query equal to the code (+100) or to a name (+50), contained
// in the code or a name (+1). Ties go to the shorter name (the more
// general factor), then to the code.
//
// A synonym of one Han character (电, 铝) is not used for a longer query
// word: 电力 must not find 电池 (battery) through 电. The other way round it
// serves: 电 finds everything holding 电, and what also holds 电力 or
// "electricity" ranks first.

// SynonymWeight is what a match through a synonym scores, relative to the
// word itself.
const SynonymWeight = 0.8

// SearchSynonyms is the synonym table: each group lists words a query word
// stands for, Chinese and English. A query word equal to one of a group's
// words (after folding) also matches the others. Kept small and
// deliberate: each group is a material, fuel, energy carrier, mode or
// treatment the seed set or CPCD names in more than one way.
var SearchSynonyms = [][]string{
	{"电", "电力", "电能", "供电", "电网", "electricity", "electric power", "grid"},
	{"铝", "铝材", "铝锭", "原铝", "铝合金", "aluminium", "aluminum"},
	{"钢", "钢材", "钢铁", "steel"},
	{"铜", "铜材", "copper"},
	{"水泥", "cement"},
	{"玻璃", "glass"},
	{"塑料", "plastic"},
	{"光伏", "太阳能", "pv", "photovoltaic", "solar"},
	{"硅", "silicon"},
	{"电池", "battery"},
	{"运输", "货运", "transport", "freight"},
	{"公路", "卡车", "货车", "road", "truck", "lorry"},
	{"铁路", "rail", "railway"},
	{"海运", "船运", "sea", "shipping"},
	{"天然气", "natural gas"},
	{"煤", "煤炭", "coal"},
	{"柴油", "diesel"},
	{"汽油", "gasoline", "petrol"},
	{"纸", "纸张", "paper"},
	{"填埋", "landfill"},
	{"焚烧", "incineration"},
	{"回收", "recycling"},
}

// synonyms maps a folded word to the other words of its groups.
var synonyms = func() map[string][]string {
	m := map[string][]string{}
	for _, g := range SearchSynonyms {
		for _, w := range g {
			k := foldText(w)
			for _, o := range g {
				if o != w && !slices.Contains(m[k], o) {
					m[k] = append(m[k], o)
				}
			}
		}
	}
	return m
}()

// FactorSearchResult is one page of a text search of factors.
type FactorSearchResult struct {
	Set        string
	Hits       []FactorHit                // the page, most relevant first
	Total      int                        // factors matching the text and every filter
	Categories map[footprint.Category]int // factors matching the text and every filter but the category
	NextCursor string                     // "" on the last page
}

// FactorHit is a factor a search found and its score.
type FactorHit struct {
	Factor *footprint.Factor
	Score  float64
}

// FactorSearcher is implemented by factor stores that search factor names.
// It is apart from FactorService so that a store without it (a client of
// an older server) still serves factors.
type FactorSearcher interface {
	// SearchFactors returns the factors of filter.Set ("" = the latest
	// published set) whose names or code match filter.Text and that
	// satisfy every other condition of the filter, most relevant first,
	// one page at a time (Cursor, Limit), with the number of matches per
	// category. Returns EINVALID naming "q" for a blank text, or naming
	// the bad filter field or cursor, and ENOTFOUND for an unknown set.
	SearchFactors(ctx context.Context, filter footprint.FactorFilter) (*FactorSearchResult, error)
}

// SearchIndex is an inverted index of the names and codes of one set's
// factors. It is immutable once built and safe for concurrent use.
type SearchIndex struct {
	docs     []searchDoc
	postings map[string][]int32 // token → ascending doc numbers
	pool     sync.Pool          // *searchScratch
}

type searchDoc struct {
	f         *footprint.Factor
	text      []string // folded code, Chinese and English name: for phrase matches
	joined    string   // the three joined by NUL, which no query holds: one search for "contains"
	nameRunes int
	rank      int32 // place in the order of ties: shorter names first, then by code
}

// NewSearchIndex indexes factors. The index keeps the pointers: the
// factors must not change afterwards.
func NewSearchIndex(factors []*footprint.Factor) *SearchIndex {
	ix := &SearchIndex{docs: make([]searchDoc, 0, len(factors)), postings: map[string][]int32{}}
	var toks []string
	for _, f := range factors {
		if f == nil {
			continue
		}
		n := int32(len(ix.docs))
		text := []string{foldText(f.Code), foldText(f.NameZH), foldText(f.NameEN)}
		ix.docs = append(ix.docs, searchDoc{
			f:         f,
			text:      text,
			joined:    strings.Join(text, "\x00"),
			nameRunes: utf8.RuneCountInString(f.NameZH) + utf8.RuneCountInString(f.NameEN),
		})
		toks = toks[:0]
		for _, s := range []string{f.Code, f.NameZH, f.NameEN} {
			toks = appendTokens(toks, foldText(s), true)
		}
		slices.Sort(toks)
		for _, t := range slices.Compact(toks) {
			ix.postings[t] = append(ix.postings[t], n)
		}
	}
	order := make([]int32, len(ix.docs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		da, db := &ix.docs[a], &ix.docs[b]
		return cmp.Or(cmp.Compare(da.nameRunes, db.nameRunes), strings.Compare(da.f.Code, db.f.Code))
	})
	for r, d := range order {
		ix.docs[d].rank = int32(r)
	}
	return ix
}

// Search returns the factors matching text (see the comment at the top of
// this file) for which keep (nil: all) returns true, most relevant first.
// A blank text matches nothing.
func (ix *SearchIndex) Search(text string, keep func(*footprint.Factor) bool) []FactorHit {
	// NUL separates the fields of searchDoc.joined: no query holds one.
	q := foldText(strings.TrimSpace(strings.ReplaceAll(text, "\x00", "")))
	if q == "" {
		return nil
	}
	words := queryWords(q)
	sc := ix.scratch()
	defer ix.release(sc)
	score, matched, best, sum, altScore := sc.score, sc.matched, sc.best, sc.sum, sc.acc
	for _, w := range words {
		touched := sc.word[:0]
		for i, alt := range append([]string{w}, synonyms[w]...) {
			weight := 1.0
			if i > 0 {
				// A one-character synonym is too broad to stand for a
				// longer word: 电 is in 电池 and 电子, 铝 in 含铝 compounds.
				if isHanWord(alt) && utf8.RuneCountInString(alt) == 1 {
					continue
				}
				weight = SynonymWeight
			}
			for _, d := range ix.matchWord(alt, sc) {
				s := weight * altScore[d]
				altScore[d] = 0
				if sum[d] == 0 {
					touched = append(touched, d)
				}
				sum[d] += s
				best[d] = math.Max(best[d], s)
			}
		}
		for _, d := range touched {
			// The best form, and a quarter of each further one.
			if matched[d] == 0 {
				sc.touched = append(sc.touched, d)
			}
			score[d] += best[d] + (sum[d]-best[d])/4
			matched[d]++
			best[d], sum[d] = 0, 0
		}
		sc.word = touched
	}
	var hits []int32
	for d := range ix.docs {
		doc := &ix.docs[d]
		all := len(words) > 0 && int(matched[d]) == len(words)
		bonus := phraseBonus(doc, q)
		if !all && bonus == 0 {
			continue
		}
		if keep != nil && !keep(doc.f) {
			continue
		}
		if matched[d] == 0 {
			sc.touched = append(sc.touched, int32(d))
		}
		score[d] += bonus
		hits = append(hits, int32(d))
	}
	slices.SortFunc(hits, func(a, b int32) int {
		if c := cmp.Compare(score[b], score[a]); c != 0 {
			return c
		}
		return cmp.Compare(ix.docs[a].rank, ix.docs[b].rank)
	})
	out := make([]FactorHit, len(hits))
	for i, d := range hits {
		out[i] = FactorHit{Factor: ix.docs[d].f, Score: score[d]}
	}
	return out
}

// searchScratch holds the per-document arrays of a search, kept between
// searches (a sync.Pool) and cleared where a search wrote: a search over
// 5,000 factors then allocates no arrays of 5,000.
type searchScratch struct {
	score, best, sum, acc []float64
	matched, count        []int32 // query words a doc matched; tokens of one word it holds
	touched, word, alt    []int32 // docs with a score; docs one word, one form touched
}

func (ix *SearchIndex) scratch() *searchScratch {
	if sc, ok := ix.pool.Get().(*searchScratch); ok {
		return sc
	}
	n := len(ix.docs)
	return &searchScratch{
		score: make([]float64, n), best: make([]float64, n), sum: make([]float64, n), acc: make([]float64, n),
		matched: make([]int32, n), count: make([]int32, n),
	}
}

func (ix *SearchIndex) release(sc *searchScratch) {
	for _, d := range sc.touched {
		sc.score[d], sc.matched[d] = 0, 0
	}
	sc.touched = sc.touched[:0]
	ix.pool.Put(sc)
}

// matchWord returns the docs that match word w (a query word or a
// synonym, folded), adding to acc[d] the idf of the tokens each matched.
func (ix *SearchIndex) matchWord(w string, sc *searchScratch) []int32 {
	acc, count := sc.acc, sc.count
	toks := appendTokens(nil, w, false)
	slices.Sort(toks)
	toks = slices.Compact(toks)
	if len(toks) == 0 {
		return nil
	}
	need := len(toks)
	if need > 2 && isHanWord(w) {
		need = (2*len(toks) + 2) / 3
	}
	seen := sc.alt[:0]
	n := float64(len(ix.docs))
	for _, t := range toks {
		ps := ix.postings[t]
		if len(ps) == 0 {
			continue
		}
		idf := math.Log(1 + n/float64(len(ps)))
		for _, d := range ps {
			if count[d] == 0 {
				seen = append(seen, d)
			}
			count[d]++
			acc[d] += idf
		}
	}
	sc.alt = seen
	var out []int32
	for _, d := range seen {
		if int(count[d]) >= need {
			out = append(out, d)
			acc[d] /= float64(len(toks)) // the mean: long words do not outweigh short ones
		} else {
			acc[d] = 0
		}
		count[d] = 0
	}
	slices.Sort(out)
	return out
}

// phraseBonus is what the whole query q (folded) earns a document beyond
// its words: equal to the code (100) or a name (50), so that these come
// first; contained in the code or a name (1), so that the words in the
// order written beat the same words apart.
func phraseBonus(doc *searchDoc, q string) float64 {
	code, zh, en := doc.text[0], doc.text[1], doc.text[2]
	switch {
	case code == q:
		return 100
	case zh == q || en == q:
		return 50
	case strings.Contains(doc.joined, q):
		return 1
	}
	return 0
}

// foldText lower-cases s and folds full-width forms to ASCII (ＭＷ → mw,
// the ideographic space to a space).
func foldText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\u3000':
			return ' '
		case r >= '\uFF01' && r <= '\uFF5E':
			r -= 0xFEE0
		}
		return unicode.ToLower(r)
	}, s)
}

// isHan reports whether r is a Chinese character.
func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

func isHanWord(w string) bool {
	for _, r := range w {
		if !isHan(r) {
			return false
		}
	}
	return w != ""
}

// queryWords splits a folded query into words: runs of Han characters and
// runs of letters and digits; each distinct word once. A multi-word
// synonym ("natural gas") is kept as one word when the query is exactly it.
func queryWords(q string) []string {
	if _, ok := synonyms[q]; ok && strings.Contains(q, " ") {
		return []string{q}
	}
	var words []string
	forEachRun(q, func(run string, _ bool) {
		if !slices.Contains(words, run) {
			words = append(words, run)
		}
	})
	return words
}

// forEachRun calls fn with each maximal run of Han characters (han true)
// or of other letters and digits in s.
func forEachRun(s string, fn func(run string, han bool)) {
	start, startHan := -1, false
	for i, r := range s {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		han := word && isHan(r)
		if start >= 0 && (!word || han != startHan) {
			fn(s[start:i], startHan)
			start = -1
		}
		if word && start < 0 {
			start, startHan = i, han
		}
	}
	if start >= 0 {
		fn(s[start:], startHan)
	}
}

// appendTokens appends the tokens of folded text s: for a Han run its
// bigrams, and its characters when indexing (all) or when the run is one
// character; for a run of letters and digits the word, its plural folded.
func appendTokens(toks []string, s string, all bool) []string {
	forEachRun(s, func(run string, han bool) {
		if !han {
			toks = append(toks, stem(run))
			return
		}
		var prev string
		for i, r := range run {
			c := run[i : i+utf8.RuneLen(r)]
			if all || utf8.RuneCountInString(run) == 1 {
				toks = append(toks, c)
			}
			if prev != "" {
				toks = append(toks, prev+c)
			}
			prev = c
		}
	})
	return toks
}

// stem folds an English plural: batteries → battery, plastics → plastic;
// "glass" and "gas" stay.
func stem(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us"):
		return w[:len(w)-1]
	}
	return w
}
