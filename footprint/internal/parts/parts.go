// Package parts words the warnings on the parts a rule requires in a
// study's bill of materials (Rule.RequiredParts): a part a product of the
// rule's own classes need not carry, one counted only through a supplier
// footprint, fewer than one per piece of product, below the cut-off, or
// counted only as what it is made from (docs/integrity.md; red teams 24,
// 40 and 42).
//
// It knows no domain types: footprint decides which warning a part earns
// and passes the rule's code, the part's names and its figures as plain
// values; it turns each Warning into a warning of the result.
package parts

import (
	"fmt"
	"strconv"

	"github.com/chengdu-pcf/pcf/footprint/internal/numfmt"
)

// Warning is a warning of the result, in English and in Chinese.
type Warning struct{ EN, ZH string }

// Absent is the warning of a bill of materials without the part nameEN
// (nameZH) of product codes lack, which rule requires of products of
// forProducts, where the product's codes are pcs: the Chinese first in
// both, as the engine has always written it.
func Absent(nameEN, nameZH, lack, rule, forProducts, pcs string) Warning {
	args := []any{nameZH, lack, rule, forProducts, pcs, nameEN}
	zh := fmt.Sprintf("物料清单中没有计入产品代码为 %[2]s 的%[1]s:规则 %[3]s 要求 %[4]s 类产品计入,本产品的代码(%[5]s)不在其中;请核实产品确实不含%[1]s,并核实其代码与产品名称相符。", args...)
	return Warning{zh + fmt.Sprintf("The bill of materials counts no line of %[6]s of product codes %[2]s: rule %[3]s requires them of products of %[4]s, and the product's codes (%[5]s) are not among them; check that the product carries none, and that its code is the product's, as its name says", args...), zh}
}

// NoFactor is the warning of the part nameEN (nameZH) of product codes
// codes of rule that no line uses a factor of: it is taken to be in a
// supplier footprint of the bill of materials.
func NoFactor(rule, nameEN, nameZH, codes string) Warning {
	return Warning{
		fmt.Sprintf("required part of rule %s: %s (%s): no line uses a factor of them (product codes %s), so they are taken to be in a supplier footprint of the bill of materials (the result's suppliers): check that one is of them and holds all of them", rule, nameEN, nameZH, codes),
		fmt.Sprintf("规则 %s 要求的部件%s:没有一行采用其因子(产品代码 %s),因此视为包含在物料清单的某一供应商足迹中(见结果的供应商):请核实其中确有该部件的足迹,且涵盖全部该部件", rule, nameZH, codes),
	}
}

// FewerThanPieces is the warning of the part nameEN (nameZH) of rule
// counted as n items per declared unit, fewer than the pieces of product.
func FewerThanPieces(rule, nameEN, nameZH string, n, pieces float64) Warning {
	return Warning{
		fmt.Sprintf("required part of rule %s: %s (%s) are counted as %s items per declared unit, fewer than one per piece of product (%s): check their quantity, and any sub-assembly's amount they are counted through, against the product", rule, nameEN, nameZH, num(numfmt.RoundSig(n, 4)), num(pieces)),
		fmt.Sprintf("规则 %s 要求的部件%s每声明单位计 %s 件,少于产品件数(%s),即不足每件产品一件:请对照产品核实其数量,以及计入它所经的子组件的用量", rule, nameZH, num(numfmt.RoundSig(n, 4)), num(pieces)),
	}
}

// BelowCutOff is the warning of the part nameEN (nameZH) of rule that
// counts kg kgCO2e per declared unit of the total, less than the cut-off
// limit cutOffPct % a study may leave out.
func BelowCutOff(rule, nameEN, nameZH string, kg, total, cutOffPct float64) Warning {
	return Warning{
		fmt.Sprintf("required part of rule %s: %s (%s) count %s kgCO2e per declared unit, %s %% of the total, less than the %s %% a study may cut off: check their quantity against the product", rule, nameEN, nameZH, num(numfmt.RoundSig(kg, 4)), num(numfmt.RoundSig(kg/total*100, 3)), num(cutOffPct)),
		fmt.Sprintf("规则 %s 要求的部件%s每声明单位计 %s kgCO2e,占总量的 %s %%,低于研究可截断的 %s %%:请对照产品核实其数量", rule, nameZH, num(numfmt.RoundSig(kg, 4)), num(numfmt.RoundSig(kg/total*100, 3)), num(cutOffPct)),
	}
}

// MadeFrom is the warning of the part nameEN (nameZH) of rule counted
// only as what it is made from, factor m of (ofZH), whose footprint stops
// before it: the study's electricity, kwh kWh per declared unit, must hold
// the making of it.
func MadeFrom(rule, nameEN, nameZH, m, of, ofZH string, kwh float64) Warning {
	return Warning{
		fmt.Sprintf("required part of rule %s: %s (%s) are counted only as what they are made from (%s, %s), whose footprint stops before them: making them of it is then the study's own process, whose energy and materials the study must hold beside the product's; check its electricity, %s kWh per declared unit, against the site's lines that make them", rule, nameEN, nameZH, m, of, num(numfmt.RoundSig(kwh, 6))),
		fmt.Sprintf("规则 %s 要求的部件%s只按其原料(%s,%s)计入,而原料的足迹止于该部件之前:由原料制成该部件即为研究自身的过程,研究须在产品的能耗与物料之外包含该过程的能耗与物料;请对照工厂制造该部件的各行核实其用电,每声明单位 %s kWh", rule, nameZH, m, ofZH, num(numfmt.RoundSig(kwh, 6))),
	}
}

// num writes x as footprint's messages write a number.
func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
