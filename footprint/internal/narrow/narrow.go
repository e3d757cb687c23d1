// Package narrow warns of a product studied under a wider rule while its
// bill of materials counts the cells a narrower rule holds its products to
// (docs/integrity.md, red team 77).
//
// A product is studied under the narrowest rule that covers its HS code
// (footprint's narrowestRule), and the code is the study's word. The demo
// PV module (exempted lines counted, 157.29 kgCO2e under rule pv-module)
// coded HS 854149 ("other photosensitive semiconductor devices"), 854142
// (cells not assembled) or 850440 fell under rule electronics, which
// covers HS chapters 84 and 85: with 27 of its 54 cells it was 129.72
// kgCO2e (−17.5 %), with none 86.79 (−45 %), certified with only the
// circuit-board warning every electronic product outside the board-carrying
// classes gets; rule pv-module's checks (the cells held to the module's
// rated power, the cells required, the product floor, the efficiency
// bounds) never ran. A product whose counted lines are another rule's cells
// is warned, naming them and that rule, for the certifier to check its code
// against its parts. A warning, not a refusal: a product of another heading
// may hold a few cells (a solar charger, HS 850440).
//
// It knows no domain types: footprint feeds it the other rules and the
// counted lines, and turns the warning it returns into a warning of the
// result.
package narrow

import (
	"fmt"
	"slices"
	"strings"
)

// Rule is a built-in rule other than the study's.
type Rule struct {
	Code, NameEN, NameZH    string
	ProductCodes, CellCodes []string // prefixes, "SCHEME:digits"
	CellFactors             []string // codes of factors of its cells or wafers (its cell_m2)
}

// Line is a counted line of the bill of materials; P is a product code
// ("SCHEME:digits" as a string).
type Line[P fmt.Stringer] struct {
	Path, Factor string // e.g. "bom[1]", "PV-CELL-MONO182" (a supplier footprint's ID)
	Codes        []P    // the product codes of its factor or footprint
}

// Warning is a warning of the result: its field, in English and in Chinese.
type Warning struct{ Field, EN, ZH string }

// Cells returns the warning at "product.product_codes" for a study under
// rule (its code) of a product of codes (its product codes) when lines of
// its bill of materials are of the cell codes of another of rules whose
// product codes none of codes starts with; the first such rule is named.
// None (Field "") otherwise.
func Cells[P fmt.Stringer](rule string, codes []P, rules []Rule, lines []Line[P]) Warning {
	// In one order, whatever order the lines come in (the engine's
	// factors are a map): a recalculation compares its warnings with
	// the stored result's (review 47).
	lines = slices.SortedFunc(slices.Values(lines), func(a, b Line[P]) int { return strings.Compare(a.Path, b.Path) })
	for _, r := range rules {
		// HS codes only: a CPC class is wider than cells (CPC 47150 holds
		// every diode and transistor, where CPCD files its cells, which
		// the rule names among its cell factors instead: reviewer 47).
		r.CellCodes = slices.DeleteFunc(slices.Clone(r.CellCodes), func(c string) bool { return !strings.HasPrefix(c, "HS:") })
		if r.Code == rule || len(r.CellCodes)+len(r.CellFactors) == 0 || slices.ContainsFunc(codes, func(c P) bool { return prefixed(c, r.ProductCodes) }) {
			continue
		}
		var found []string
		for _, l := range lines {
			if slices.Contains(r.CellFactors, l.Factor) || slices.ContainsFunc(l.Codes, func(c P) bool { return prefixed(c, r.CellCodes) }) {
				found = append(found, fmt.Sprintf("%s (%s)", l.Path, l.Factor))
			}
		}
		if len(found) == 0 {
			continue
		}
		if len(found) > 5 {
			found = append(found[:5], "…")
		}
		own := make([]string, len(codes))
		for i, c := range codes {
			own[i] = c.String()
		}
		list, prods, cells := strings.Join(found, ", "), strings.Join(r.ProductCodes, ", "), strings.Join(r.CellCodes, ", ")
		return Warning{"product.product_codes",
			fmt.Sprintf("the bill of materials counts %s, of the cells or wafers (%s) rule %s (%s) holds its products to, and the product is coded %s under rule %s: a product of HS codes starting %s is studied under rule %s, whose checks of its cells and figures do not run under rule %s; check the product's code against its name and its parts, and study it under rule %s if it is one of them",
				list, cells, r.Code, r.NameEN, strings.Join(own, ", "), rule, prods, r.Code, rule, r.Code),
			fmt.Sprintf("物料清单计入了 %s,属于规则 %s(%s)据以核查其产品的电池片或硅片(%s),而产品以代码 %s 按规则 %s 研究:HS 编码以 %s 开头的产品按规则 %s 研究,其对电池片和数值的核查在规则 %s 下不会进行;请对照产品名称及其部件核实产品代码,如属其产品,请按规则 %s 研究",
				list, r.Code, r.NameZH, cells, strings.Join(own, ", "), rule, prods, r.Code, rule, r.Code)}
	}
	return Warning{}
}

// prefixed reports whether code starts with one of prefixes.
func prefixed[P fmt.Stringer](code P, prefixes []string) bool {
	return slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(code.String(), p) })
}
