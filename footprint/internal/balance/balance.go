// Package balance words the warnings of the mass balance of a study: a
// product lighter than its bill of materials, a bill of materials weighed
// mostly by the masses the study declares, transport legs before
// distribution that carry too little of it, exempted items heavier than
// the cut-off, and a required stage whose lines are there in name only (docs/integrity.md §9).
//
// It knows no domain types: footprint decides when a study earns a warning
// and passes the figures as plain values; it turns each Warning into a
// warning of the result.
package balance

import (
	"fmt"
	"strconv"

	"github.com/chengdu-pcf/pcf/footprint/internal/numfmt"
)

// Warning is a warning of the result, in English and in Chinese.
type Warning struct{ EN, ZH string }

// Lighter is the warning of a product of mass kg per declared unit, less
// than the bomKg net mass of its bill of materials.
func Lighter(mass, bomKg float64) Warning {
	return Warning{
		fmt.Sprintf("the product weighs %s kg per declared unit (product.mass_kg × pieces), less than the %s kg net mass of its bill of materials, and the end-of-life lines and distribution legs need account only for the product's mass: check the mass, and that the bill of materials holds only what the product is made of", num(numfmt.RoundSig(mass, 6)), num(numfmt.RoundSig(bomKg, 6))),
		fmt.Sprintf("产品每声明单位质量为 %s kg(product.mass_kg × 件数),小于其物料清单的净质量 %s kg,而废弃处置行和分销运输段只需涵盖产品的质量:请核实该质量,并核实物料清单只包含构成产品的物料", num(numfmt.RoundSig(mass, 6)), num(numfmt.RoundSig(bomKg, 6))),
	}
}

// Weighed is the warning of weighedKg of the bill of materials' bomKg per
// declared unit du weighed by the mass_kg the study declares on the lines
// paths (as a message lists them).
func Weighed(weighedKg, bomKg float64, paths, du string) Warning {
	return Warning{
		fmt.Sprintf("%s kg of the bill of materials' %s kg per declared unit (%s %%) is weighed by the mass_kg the study declares (%s), not by quantities in a mass unit: these masses tie the declared unit (%s) to the inventory; check them against the parts", num(numfmt.RoundSig(weighedKg, 6)), num(numfmt.RoundSig(bomKg, 6)), num(numfmt.RoundSig(weighedKg/bomKg*100, 3)), paths, du),
		fmt.Sprintf("每声明单位物料清单 %[2]s kg 中有 %[1]s kg(%[3]s %%)的质量来自研究声明的 mass_kg(%[4]s),而非以质量单位计的数量:这些质量把声明单位(%[5]s)与清单数据联系起来;请对照零部件核实", num(numfmt.RoundSig(weighedKg, 6)), num(numfmt.RoundSig(bomKg, 6)), num(numfmt.RoundSig(weighedKg/bomKg*100, 3)), paths, du),
	}
}

// Inbound is the warning of the transport legs before distribution, paths
// (as a message lists them), that carry kg per declared unit of the bill
// of materials' bomKg.
func Inbound(paths string, kg, bomKg float64) Warning {
	return Warning{
		fmt.Sprintf("the transport legs before distribution (%s) carry %s kg per declared unit, %s %% of the bill of materials' %s kg: every material reaches the factory, so check that the legs account for all of it", paths, num(numfmt.RoundSig(kg, 6)), num(numfmt.RoundSig(kg/bomKg*100, 3)), num(numfmt.RoundSig(bomKg, 6))),
		fmt.Sprintf("分销前的运输段(%s)每声明单位运输 %s kg,占物料清单 %s kg 的 %s %%:所有物料都要运到工厂,请核实这些运输段涵盖了全部物料", paths, num(numfmt.RoundSig(kg, 6)), num(numfmt.RoundSig(bomKg, 6)), num(numfmt.RoundSig(kg/bomKg*100, 3))),
	}
}

// TokenStage is the warning of required stage code (nameEN, nameZH) whose
// lines, paths (as a message lists them), make sharePct % of the total,
// less than limitPct, the cut-off limit ÷ divisor.
func TokenStage(code, nameEN, nameZH, paths string, sharePct, limitPct float64, divisor int) Warning {
	return Warning{
		fmt.Sprintf("stage %s (%s) is required and its lines (%s) make %s %% of the total, less than %s %% (the cut-off limit ÷ %d): check that they hold the stage's whole inventory", code, nameEN, paths, num(numfmt.RoundSig(sharePct, 3)), num(limitPct), divisor),
		fmt.Sprintf("阶段 %s(%s)为必需阶段,其各行(%s)仅占总量的 %s %%,低于 %s %%(截断限值 ÷ %d):请核实这些行包含该阶段的全部清单数据", code, nameZH, paths, num(numfmt.RoundSig(sharePct, 3)), num(limitPct), divisor),
	}
}

// Exempted is the warning of exempted items of massPct % of the product's
// mass, over the cut-off limit cutOffPct, that their screening factors
// codes (as a message lists them) put at emPct % of emissions.
func Exempted(massPct, cutOffPct float64, codes string, emPct float64) Warning {
	return Warning{
		fmt.Sprintf("exempted items are %s %% of product mass, over the %s %% cut-off limit, while their screening estimate (%s) puts them at %s %% of emissions: the share rests on the screening factors; check each against the material it stands for", num(numfmt.RoundSig(massPct, 3)), num(cutOffPct), codes, num(numfmt.RoundSig(emPct, 3))),
		fmt.Sprintf("取舍项占产品质量的 %s %%,超过 %s %% 的截断限值,而其筛选估算(%s)为排放的 %s %%:该比例取决于筛选因子;请逐项对照其所代表的材料核实", num(numfmt.RoundSig(massPct, 3)), num(cutOffPct), codes, num(numfmt.RoundSig(emPct, 3))),
	}
}

// num writes x as footprint's messages write a number.
func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
