package certification

import (
	"math/rand/v2"
	"regexp/syntax"
	"strings"
	"testing"
	"unicode"
)

// Reviewer 50: the fuzz test's random texts rarely match a claim pattern,
// so they rarely test the needs. Ensure every claim pattern's needs hold
// on texts written from the pattern itself: each pattern's syntax is
// walked to write texts it may match (a class's characters, a case-folded
// letter in any of its cases, U+FFFD as a byte that is not UTF-8, a
// repetition 0 to 3 times past its minimum), each set among other text and
// cut or changed a byte at a time, and wherever the expression matches a
// text, the text holds one of the pattern's needs.
func TestPatternNeedsGenerated(t *testing.T) {
	r := rand.New(rand.NewPCG(50, 50))
	filler := []string{"", " ", "示例组件", "Demo PV module ", "x", "\xff", "-", "碳", "co2", "中"}
	const perPattern = 400
	checked := 0
	for _, p := range allPatterns() {
		re, err := syntax.Parse(p.re.String(), syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		re = re.Simplify()
		for range perPattern {
			var b strings.Builder
			b.WriteString(filler[r.IntN(len(filler))])
			generate(&b, re, r)
			b.WriteString(filler[r.IntN(len(filler))])
			s := b.String()
			for _, v := range variants(s, r) {
				if p.re.MatchString(v) {
					checked++
					if !p.mayNeeds(v) {
						t.Errorf("%s matches %q, which holds none of its needs %q", p.re, v, p.needs)
					}
				}
			}
		}
	}
	if checked < perPattern*len(allPatterns())/2 {
		t.Errorf("only %d generated texts matched their patterns", checked)
	}
}

// variants returns s, and s with a byte cut, a byte changed and the text
// upper-cased.
func variants(s string, r *rand.Rand) []string {
	out := []string{s, strings.ToUpper(s)}
	if len(s) > 0 {
		i := r.IntN(len(s))
		out = append(out, s[:i]+s[i+1:], s[:i]+string(rune('a'+r.IntN(26)))+s[i+1:])
	}
	return out
}

// generate writes to b a text re may match.
func generate(b *strings.Builder, re *syntax.Regexp, r *rand.Rand) {
	switch re.Op {
	case syntax.OpLiteral:
		for _, c := range re.Rune {
			if re.Flags&syntax.FoldCase != 0 {
				for n := r.IntN(3); n > 0; n-- {
					c = unicode.SimpleFold(c)
				}
			}
			b.WriteRune(c)
		}
	case syntax.OpCharClass:
		if len(re.Rune) == 0 {
			return
		}
		i := 2 * r.IntN(len(re.Rune)/2)
		lo, hi := re.Rune[i], re.Rune[i+1]
		c := lo + rune(r.Int64N(int64(hi-lo)+1))
		switch {
		case c == unicode.ReplacementChar:
			b.WriteString("\xff")
		case c >= 0xd800 && c <= 0xdfff, c > unicode.MaxRune:
			b.WriteRune(lo)
		default:
			b.WriteRune(c)
		}
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		b.WriteRune([]rune("a碳 0\xff")[r.IntN(5)])
	case syntax.OpCapture:
		generate(b, re.Sub[0], r)
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		lo, hi := 0, 3
		switch re.Op {
		case syntax.OpPlus:
			lo = 1
		case syntax.OpQuest:
			hi = 1
		case syntax.OpRepeat:
			lo, hi = re.Min, re.Max
			if hi < 0 {
				hi = lo + 3
			}
		}
		for n := lo + r.IntN(hi-lo+1); n > 0; n-- {
			generate(b, re.Sub[0], r)
		}
	case syntax.OpAlternate:
		generate(b, re.Sub[r.IntN(len(re.Sub))], r)
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			generate(b, sub, r)
		}
	}
}

// Ensure the needs analysis holds for the features of the regexp syntax a
// claim pattern may come to use, besides those the patterns use now: case
// folding, Unicode classes, word boundaries and anchors, bounded
// repetitions, alternation with an empty branch, nested groups, and U+FFFD,
// which the regexp package matches at a byte that is not UTF-8 (reviewer
// 50: a literal U+FFFD was read as needing its three bytes, and
// "a\xff" matched `a\x{FFFD}` holding none of them).
func TestPatternNeedsFeatures(t *testing.T) {
	r := rand.New(rand.NewPCG(50, 51))
	for _, tc := range []struct {
		expr  string
		texts []string
	}{
		{`a\x{FFFD}`, []string{"a\xff", "a\xe7\xa2", "a\uFFFD"}},
		{`碳\x{FFFD}?中和`, []string{"碳\xff中和", "碳中和"}},
		{`(x|\x{FFFD})y`, []string{"\xffy"}},
		{`[\x{FFF0}-\x{FFFF}]z`, []string{"\xffz"}},
		{`(?i)carbon neutral`, []string{"CARBON NEUTRAL", "carbon neutra\u212a"}},
		{`(?i:k)g co2`, []string{"\u212ag co2", "Kg co2"}},
		{`\p{Han}{2}足迹`, []string{"碳足足迹"}},
		{`\bten\b|\Bx{0,3}y`, []string{"ten", "ay"}},
		{`^(a(b(c|)d)?e)+$`, []string{"ae", "abde", "abcde"}},
		{`(co2){0,2}e`, []string{"e"}},
		{`(?s)a.b`, []string{"a\nb"}},
		{`(?m)^碳$`, []string{"x\n碳\ny"}},
		{`[^a-z]net[- ]?zero`, []string{" netzero"}},
	} {
		p := mustPattern(tc.expr)
		re, err := syntax.Parse(tc.expr, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		texts := tc.texts
		for range 300 {
			var b strings.Builder
			generate(&b, re.Simplify(), r)
			texts = append(texts, variants(b.String(), r)...)
		}
		for _, s := range texts {
			if p.re.MatchString(s) && !p.mayNeeds(s) {
				t.Errorf("%s matches %q, which holds none of its needs %q", tc.expr, s, p.needs)
			}
		}
	}
}
