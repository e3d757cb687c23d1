package footprint_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure the factors a rule names as what a required part is made from
// (made_from_factors: CPCD's wafers, under CPC 47150 with its cells) are
// factors of the part, wafers by their own names, cited by the rule's
// source (a rule naming them without it is refused:
// TestParseRuleJSON_CellM2).
func TestRedteam42_MadeFromFactorsAreWafersByTheirNames(t *testing.T) {
	rule, err := footprint.FindRule("pv-module")
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]*footprint.Factor{}
	for _, f := range seedtest.CPCD(t).Factors {
		all[f.Code] = f
	}
	p := rule.RequiredParts[0]
	if len(p.MadeFromFactors) == 0 {
		t.Fatal("the pv-module rule names no factor the cells are made from")
	}
	for _, code := range p.MadeFromFactors {
		f, ok := all[code]
		switch {
		case !ok:
			t.Errorf("made_from_factors names %s, in neither set", code)
		case !slices.ContainsFunc(f.ProductCodes, func(pc footprint.ProductCode) bool {
			return slices.ContainsFunc(p.ProductCodes, func(c string) bool { return strings.HasPrefix(pc.String(), c) })
		}):
			t.Errorf("made_from_factors names %s, not of the part's codes (%v)", code, f.ProductCodes)
		case !strings.Contains(f.NameZH, "硅片") || strings.Contains(f.NameZH, "电池"):
			t.Errorf("made_from_factors names %s, %s: not a wafer by its name", code, f.NameZH)
		case !strings.Contains(p.MadeFromSource, strings.TrimPrefix(code, "CPCD-")):
			t.Errorf("made_from_source does not cite %s", code)
		}
	}
}
