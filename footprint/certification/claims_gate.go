package certification

import (
	"math"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A pattern is a claim pattern with the strings one of which every match
// of it holds (needs), read from its syntax when it is compiled: a text
// that holds none of them cannot match, and is not run through the
// regular expression. Session 50: the claims check ran some forty large
// expressions over each of a certificate's short texts, 2.7 ms for the
// demo module's, almost all of it in the regexp engine on texts that hold
// no word of any claim; the needs leave the verdicts as they were, since
// a text is only spared an expression that could not match it.
type pattern struct {
	re    *regexp.Regexp
	needs []string // nil: no string is needed (the expression is always run)
	// The needs by their first byte (first), and those of two bytes or more
	// by their first two (byPair): a text is read once, looking up only the
	// needs that start with the bytes at hand, rather than once for each.
	first  [256]uint8 // 1: a need starts with the byte; 2: a need is the byte
	byPair map[uint16][]string
	// pairs has bit b of pairs[a] set when a need starts with the bytes a
	// and b: most pairs of a Chinese text (three bytes a character, the
	// first of them one of a few) start no need, and are passed over
	// without hashing (session 52: the map took half of CheckPrintable's
	// time once the comparison patterns held many Chinese words).
	pairs [256][4]uint64
	// parts are the expression's alternatives at its top level, each a
	// pattern with its own needs, which MatchString runs in turn: a text
	// matches the whole if and only if it matches one of them. Session 56:
	// the comparison patterns are alternations of a dozen forms, which
	// regexp runs as one large machine over every text that holds a need
	// of any form (BenchmarkCheckPrintable_Comparisons); a form is now run
	// only on a text that holds one of its own needs, as a small machine.
	// FindAllStringIndex and ReplaceAllString still run the whole
	// expression, whose leftmost-first matches the verdicts read.
	parts []*pattern
}

// mustPattern compiles expr as regexp.MustCompile does, with its needs.
func mustPattern(expr string) *pattern {
	p := &pattern{re: regexp.MustCompile(expr)}
	if t, err := syntax.Parse(expr, syntax.Perl); err == nil {
		if info := needsOf(t.Simplify()); info.needs != nil && !slices.Contains(info.needs, "") {
			p.needs = shortestNeeds(info.needs)
		}
		if t.Op == syntax.OpAlternate && len(t.Sub) > 1 && len(expr) > minSplit {
			for _, sub := range t.Sub {
				p.parts = append(p.parts, mustPattern(sub.String()))
			}
		}
	}
	p.byPair = map[uint16][]string{}
	for _, n := range p.needs {
		if len(n) == 1 {
			p.first[n[0]] = 2
			continue
		}
		p.first[n[0]] = max(p.first[n[0]], 1)
		k := uint16(n[0])<<8 | uint16(n[1])
		p.byPair[k] = append(p.byPair[k], n)
		p.pairs[n[0]][n[1]>>6] |= 1 << (n[1] & 63)
	}
	return p
}

// shortestNeeds returns needs without the strings that hold another of
// them: a text holding "carbon footprint" holds "carbon".
func shortestNeeds(needs []string) []string {
	slices.Sort(needs)
	needs = slices.Compact(needs)
	return slices.DeleteFunc(slices.Clone(needs), func(n string) bool {
		return slices.ContainsFunc(needs, func(m string) bool { return m != n && strings.Contains(n, m) })
	})
}

// verifyNeeds, set by the package's tests, has every match the needs
// spare checked against the expression: a text a pattern matches that
// holds none of its needs panics, so that every text the tests read
// checks the needs analysis.
var verifyNeeds bool

// may reports whether s holds one of p's needs, or p has none.
func (p *pattern) may(s string) bool {
	if verifyNeeds && !p.mayNeeds(s) && p.re.MatchString(s) {
		panic("certification: pattern " + p.re.String() + " matches " + strconv.Quote(s) + ", which holds none of its needs")
	}
	return p.mayNeeds(s)
}

// mayNeeds reports whether s holds one of p's needs, or p has none,
// reading s once.
func (p *pattern) mayNeeds(s string) bool {
	if p.needs == nil {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch p.first[s[i]] {
		case 0:
			continue
		case 2:
			return true
		}
		if i+1 < len(s) && p.pairs[s[i]][s[i+1]>>6]&(1<<(s[i+1]&63)) != 0 {
			for _, n := range p.byPair[uint16(s[i])<<8|uint16(s[i+1])] {
				if strings.HasPrefix(s[i:], n) {
					return true
				}
			}
		}
	}
	return false
}

// MatchString reports whether s holds a match of p: of one of its parts,
// where it has them.
func (p *pattern) MatchString(s string) bool {
	if !p.may(s) {
		return false
	}
	if p.parts == nil {
		return p.re.MatchString(s)
	}
	any := slices.ContainsFunc(p.parts, func(part *pattern) bool { return part.MatchString(s) })
	if verifyNeeds && any != p.re.MatchString(s) {
		panic("certification: the parts of pattern " + p.re.String() + " read " + strconv.Quote(s) + " otherwise than the whole")
	}
	return any
}

// ReplaceAllString is regexp's ReplaceAllString, which returns s itself
// when p matches nothing in it (read by its parts, MatchString).
func (p *pattern) ReplaceAllString(s, repl string) string {
	if !p.MatchString(s) {
		return s
	}
	return p.re.ReplaceAllString(s, repl)
}

// ReplaceAllStringFunc is regexp's ReplaceAllStringFunc, which returns s
// itself when p matches nothing in it (read by its parts, MatchString).
func (p *pattern) ReplaceAllStringFunc(s string, repl func(string) string) string {
	if !p.MatchString(s) {
		return s
	}
	return p.re.ReplaceAllStringFunc(s, repl)
}

// String returns the expression p was compiled from.
func (p *pattern) String() string { return p.re.String() }

// The limits of the needs analysis: a set of exact strings larger than
// maxExact, or a character class of more than maxClass characters, is
// read as any string.
const (
	maxExact = 256
	maxClass = 16
)

// minSplit is the length of an expression below which it is run whole
// rather than by its parts: a short one is a small machine already.
const minSplit = 400

// needInfo is what needsOf reads from an expression: exact, when not nil,
// is every string it matches (a finite set, "" included when it may match
// nothing); needs, when not nil, strings one of which each of its matches
// holds ("" among them means none is needed).
type needInfo struct {
	exact []string
	needs []string
}

// needsOf returns the needInfo of a simplified expression. It errs only
// towards needing nothing: any node it does not read exactly (a large
// class, any character, case folding, a repetition) matches any string.
func needsOf(re *syntax.Regexp) needInfo {
	anything := needInfo{}
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return exactly([]string{""})
	case syntax.OpLiteral:
		// U+FFFD also matches a byte that is not UTF-8 (reviewer 50)
		if re.Flags&syntax.FoldCase != 0 || slices.Contains(re.Rune, utf8.RuneError) {
			return anything
		}
		return exactly([]string{string(re.Rune)})
	case syntax.OpCharClass:
		var out []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			if hi-lo >= maxClass || len(out) > maxClass || hi >= utf8.RuneError && lo <= utf8.RuneError {
				return anything // U+FFFD also matches a byte that is not UTF-8
			}
			for r := lo; r <= hi; r++ {
				out = append(out, string(r))
			}
		}
		if len(out) == 0 || len(out) > maxClass {
			return anything
		}
		return exactly(out)
	case syntax.OpCapture:
		return needsOf(re.Sub[0])
	case syntax.OpQuest:
		sub := needsOf(re.Sub[0])
		if sub.exact != nil {
			return exactly(append([]string{""}, sub.exact...))
		}
		return anything
	case syntax.OpPlus:
		sub := needsOf(re.Sub[0])
		return needInfo{needs: sub.needs}
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return needInfo{needs: needsOf(re.Sub[0]).needs}
		}
		return anything
	case syntax.OpAlternate:
		var exact, needs []string
		allExact, allNeed := true, true
		for _, sub := range re.Sub {
			info := needsOf(sub)
			allExact = allExact && info.exact != nil
			allNeed = allNeed && info.needs != nil
			exact, needs = append(exact, info.exact...), append(needs, info.needs...)
		}
		switch {
		case allExact && len(exact) <= maxExact:
			return exactly(exact)
		case allNeed:
			return needInfo{needs: needs}
		}
		return anything
	case syntax.OpConcat:
		return concatNeeds(re.Sub)
	}
	return anything // OpAnyChar, OpAnyCharNotNL, OpStar, OpNoMatch
}

// exactly returns the needInfo of an expression matching the strings in
// exact only.
func exactly(exact []string) needInfo {
	slices.Sort(exact)
	exact = slices.Compact(exact)
	return needInfo{exact: exact, needs: exact}
}

// concatNeeds returns the needInfo of a concatenation: its exact strings
// where each part's are known and few; else the best of what a match
// needs, each part's needs and the strings each run of exact parts
// spells, since a match holds a match of each part.
func concatNeeds(subs []*syntax.Regexp) needInfo {
	var best []string
	consider := func(needs []string) {
		if needs != nil && !slices.Contains(needs, "") && (best == nil || better(needs, best)) {
			best = needs
		}
	}
	run := []string{""}
	whole := true
	for _, sub := range subs {
		info := needsOf(sub)
		consider(info.needs)
		if info.exact != nil && len(run)*len(info.exact) <= maxExact {
			run = cross(run, info.exact)
			continue
		}
		whole = false
		consider(run)
		run = []string{""}
		if info.exact != nil {
			run = info.exact
		}
	}
	if whole {
		return exactly(run)
	}
	consider(run)
	return needInfo{needs: best}
}

// better reports whether needs a is more selective than b: its shortest
// string is longer, or as long and it has fewer. A string of ASCII marks,
// digits and spaces counts as empty: most texts hold a comma, a point or a
// digit (session 53: "[0-9]*[.,][0-9]+\s*(x|×|times)" needed "." or ","
// rather than x, ×, times, and ran on nearly every name).
func better(a, b []string) bool {
	short := func(s []string) int {
		n := math.MaxInt
		for _, x := range s {
			if strings.ContainsFunc(x, func(r rune) bool { return r >= utf8.RuneSelf || unicode.IsLetter(r) }) {
				n = min(n, len(x))
			} else {
				n = 0
			}
		}
		return n
	}
	if sa, sb := short(a), short(b); sa != sb {
		return sa > sb
	}
	return len(a) < len(b)
}

// cross returns each string of a followed by each of b.
func cross(a, b []string) []string {
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return out
}
