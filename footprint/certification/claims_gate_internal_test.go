package certification

import (
	"math/rand/v2"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"
)

// Every claim pattern the package's tests run is checked against its
// needs (verifyNeeds): a text it matches that holds none of them fails
// the test that read it.
func init() { verifyNeeds = true }

// VerifyNeeds sets verifyNeeds to on and returns what restores it:
// a benchmark measures the claims check without the test's own check.
func VerifyNeeds(on bool) (restore func()) {
	was := verifyNeeds
	verifyNeeds = on
	return func() { verifyNeeds = was }
}

// Ensure needsOf reads what every match of an expression holds, and
// needs nothing where a match may hold nothing particular.
func TestPatternNeeds(t *testing.T) {
	for _, tc := range []struct {
		expr string
		want []string // nil: none
	}{
		{`carbon[- ]?neutral`, []string{"carbon neutral", "carbon-neutral", "carbonneutral"}},
		{`(^|[^a-z])net[- ]?zero`, []string{"net zero", "net-zero", "netzero"}},
		{`零碳|碳中和`, []string{"碳中和", "零碳"}},
		{`(certified|labell?ed)[\s-]*low[\s-]*carbon`, []string{"certified", "labeled", "labelled"}},
		{`[0-9]+\s*kg`, []string{"kg"}},
		{`a|b*`, nil},
		{`x?`, nil},
		{`.+`, nil},
		{`(?i)carbon`, nil},
		{`[^a-z]valid`, []string{"valid"}},
		{`\bten\b`, []string{"ten"}},
	} {
		p := mustPattern(tc.expr)
		if got := p.needs; !slices.Equal(got, tc.want) {
			t.Errorf("needs of %q = %q, want %q", tc.expr, got, tc.want)
		}
	}
}

// FuzzPatternNeeds checks, on any text, that the claim patterns match no
// text that holds none of their needs.
func FuzzPatternNeeds(f *testing.F) {
	for _, s := range []string{"carbon neutral", "碳足迹A级", "75 kg co2e", "比行业平均低30%", "certified by cqc", "示例组件"} {
		f.Add(s)
	}
	patterns := allPatterns()
	// Reviewer 50: random texts seldom match a claim pattern; seed the
	// fuzzer with texts written from each pattern, which it mutates.
	r := rand.New(rand.NewPCG(50, 52))
	for _, p := range patterns {
		re, err := syntax.Parse(p.re.String(), syntax.Perl)
		if err != nil {
			f.Fatal(err)
		}
		for range 3 {
			var b strings.Builder
			generate(&b, re.Simplify(), r)
			f.Add(b.String())
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range patterns {
			if !p.mayNeeds(s) && p.re.MatchString(s) {
				t.Fatalf("%s matches %q, which holds none of its needs %q", p.re, s, p.needs)
			}
			// session 56: a pattern read by its parts matches where the whole does
			if p.parts != nil && slices.ContainsFunc(p.parts, func(part *pattern) bool { return part.re.MatchString(s) }) != p.re.MatchString(s) {
				t.Fatalf("the parts of %s read %q otherwise than the whole", p.re, s)
			}
		}
	})
}

// allPatterns returns the claim patterns.
func allPatterns() []*pattern {
	return append(slices.Concat(claimRes, shareCompareRes), numberClaimRe, neutralClaimRe, gradeClaimRe, carbonSchemeRe, gradeHonestRe,
		carbonWordRe, massFigureRe, wordFigureRe, emissionFigureRe, statusClaimRe, statusWordRe, partyStatusWordRe, honestRe,
		otherCertRe, otherCertHonestRe, endorseRe, compareRe, rankRe,
		partyCertRe, partyCertBodyRe, reasonCertHonestRe, ratioRe, markRe, ourNumberSerialRe, reasonEndorseHonestRe,
		rivalRe, rivalHonestRe, bareMarkRe, bareMarkHonestRe, markRatingRe, bareCompareRe, propertyRe,
		propertyEndRe, propertyEndJoinedRe, propertyJoinedRe, propertyCopulaRe, emissionShareRe,
		joinedShareRe, rivalVerbRe, instrumentRe, measurandRe, ownWordRe,
		breakdownRe, unanchoredRe) // session 56
}
