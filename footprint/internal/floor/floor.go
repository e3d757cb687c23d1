// Package floor words the warnings of the engine's floors: a supplier
// footprint compared with the study's least-emitting material and with the
// factors of the study's set of its product or of the part it stands for,
// and a study's total compared with the set's factors of the product
// (docs/integrity.md §9; red teams 17, 18 and 44).
//
// It knows no domain types: footprint decides which warning a line earns
// and passes the figures as plain values; it turns each Warning into a
// warning of the result.
package floor

import (
	"cmp"
	"fmt"
	"strconv"

	"github.com/chengdu-pcf/pcf/footprint/internal/numfmt"
)

// Warning is a warning of the result, in English and in Chinese.
type Warning struct{ EN, ZH string }

// Supplier is a supplier footprint as the warnings name it.
type Supplier struct {
	ID     string  // its ID
	KgCO2e float64 // its figure, per its declared unit
	Unit   string  // the symbol of its declared unit
}

// head is how a warning names s, in English and in Chinese.
func (s Supplier) head() (string, string) {
	return fmt.Sprintf("supplier footprint %s (%s kgCO2e/%s)", s.ID, num(s.KgCO2e), s.Unit),
		fmt.Sprintf("供应商足迹 %s(%s kgCO2e/%s)", s.ID, num(s.KgCO2e), s.Unit)
}

// NoMass is the warning of a line of s without a mass, or of a study
// without a material factor per mass: its figure cannot be compared with
// the emissions of the part's materials.
func NoMass(s Supplier) Warning {
	return Warning{
		fmt.Sprintf("supplier footprint %s (%s kgCO2e/%s) is used by a line without a mass (not in a mass unit, no mass_kg, and the supplier states none) or in a study without a material factor per mass, so its figure cannot be compared with the emissions of the part's materials: give mass_kg and check the supplier's figure", s.ID, num(s.KgCO2e), s.Unit),
		fmt.Sprintf("供应商足迹 %s(%s kgCO2e/%s)用于没有质量的行(数量不以质量单位计,没有 mass_kg,供应商也未说明),或研究中没有按质量计的材料因子,因此其数值无法与该部件材料的排放比较:请给出 mass_kg 并核实供应商的数值", s.ID, num(s.KgCO2e), s.Unit),
	}
}

// BelowMaterial is the warning of a line of s that gives kgPerKg kgCO2e per
// kg of its mass, less than least kgCO2e/kg, the study's least-emitting
// material factor code.
func BelowMaterial(s Supplier, kgPerKg float64, code string, least float64) Warning {
	return Warning{
		fmt.Sprintf("supplier footprint %s (%s kgCO2e/%s) gives this line %s kgCO2e per kg of its mass, less than the study's least-emitting material, %s at %s kgCO2e/kg: a part is made of materials, so check the supplier's figure and what the part is made of", s.ID, num(s.KgCO2e), s.Unit, num(numfmt.RoundSig(kgPerKg, 3)), code, num(numfmt.RoundSig(least, 6))),
		fmt.Sprintf("供应商足迹 %s(%s kgCO2e/%s)使本行每 kg 质量计 %s kgCO2e,低于研究中排放最低的材料 %s 的 %s kgCO2e/kg:部件由材料制成,请核实供应商的数值及部件的构成材料", s.ID, num(s.KgCO2e), s.Unit, num(numfmt.RoundSig(kgPerKg, 3)), code, num(numfmt.RoundSig(least, 6))),
	}
}

// BelowSet is the warning of s below every factor of set of its product:
// the lowest, f, is low kgCO2e per its unit.
func BelowSet(s Supplier, set, f string, low float64) Warning {
	head, headZH := s.head()
	return Warning{
		fmt.Sprintf("%s is below every factor of set %s of its product: the lowest, %s, is %s kgCO2e/%s, %s times the supplier's figure; primary data may beat an average, so check the supplier's evidence", head, set, f, num(numfmt.RoundSig(low, 6)), s.Unit, num(numfmt.RoundSig(low/s.KgCO2e, 3))),
		fmt.Sprintf("%s低于因子集 %s 中其产品的所有因子:最低的 %s 为 %s kgCO2e/%s,是供应商数值的 %s 倍;初级数据可能优于平均值,请核实供应商的证据", headZH, set, f, num(numfmt.RoundSig(low, 6)), s.Unit, num(numfmt.RoundSig(low/s.KgCO2e, 3))),
	}
}

// Broad is the warning of s classified codes (its product codes, as a
// message lists them), broader than the codes of set's factors of products:
// it was compared only with the lowest factor under it, f at low.
func Broad(s Supplier, codes, set, f string, low float64) Warning {
	head, _ := s.head()
	args := []any{head, codes, set, f, num(numfmt.RoundSig(low, 6)), s.Unit, s.ID, num(s.KgCO2e)}
	zh := fmt.Sprintf("供应商足迹 %[7]s(%[8]s kgCO2e/%[6]s)的产品代码(%[2]s)比集 %[3]s 中各产品因子的代码更宽泛,只能与其下最低的因子 %[4]s(%[5]s kgCO2e/%[6]s)比较:请核实其所指产品,并与集中该产品的因子比较。", args...)
	return Warning{zh + fmt.Sprintf("%[1]s is classified %[2]s, broader than the codes of set %[3]s's factors of products, so it was compared only with the lowest factor under it, %[4]s at %[5]s kgCO2e/%[6]s: check what it is of, and its figure against the set's factor of that product", args...), zh}
}

// PartOtherUnit is the warning of s standing for a part rule requires when
// no factor of set of its product is per its unit: of is one per ofUnit.
func PartOtherUnit(s Supplier, rule, set, of, ofUnit string) Warning {
	head, headZH := s.head()
	return Warning{
		fmt.Sprintf("%s stands for a part rule %s requires, and no factor of set %s of its product is per %s to compare it with (%s is per %s): check the supplier's figure against the part's", head, rule, set, s.Unit, of, ofUnit),
		fmt.Sprintf("%s代表规则 %s 要求的部件,而因子集 %s 中其产品的因子没有每 %s 的可与之比较(%s 为每 %s):请对照该部件核实供应商的数值", headZH, rule, set, s.Unit, of, ofUnit),
	}
}

// PartNoCode is the warning of s, which may stand for a part rule requires,
// without an HS or CPC product code to compare it with set's factors of it.
func PartNoCode(s Supplier, rule, set string) Warning {
	head, headZH := s.head()
	return Warning{
		fmt.Sprintf("%s has no HS or CPC product code, so it may stand for a part rule %s requires and cannot be compared with the factors of set %s of that part: check what it is of, and the supplier's figure against the set's factors of it", head, rule, set),
		fmt.Sprintf("%s没有 HS 或 CPC 产品代码,因此可能代表规则 %s 要求的部件,却无法与因子集 %s 中该部件的因子比较:请核实其所指产品,并对照因子集中该部件的因子核实供应商的数值", headZH, rule, set),
	}
}

// PartBelow is the warning of s, which may stand for a part rule requires,
// below every factor of set of that part: the lowest, f, is low.
func PartBelow(s Supplier, rule, set, f string, low float64) Warning {
	head, headZH := s.head()
	return Warning{
		fmt.Sprintf("%s may stand for a part rule %s requires and is below every factor of set %s of that part: the lowest, %s, is %s kgCO2e/%s, %s times the supplier's figure; check the supplier's evidence and what it is of", head, rule, set, f, num(numfmt.RoundSig(low, 6)), s.Unit, num(numfmt.RoundSig(low/s.KgCO2e, 3))),
		fmt.Sprintf("%s可能代表规则 %s 要求的部件,且低于因子集 %s 中该部件的所有因子:最低的 %s 为 %s kgCO2e/%s,是供应商数值的 %s 倍;请核实供应商的证据及其所指产品", headZH, rule, set, f, num(numfmt.RoundSig(low, 6)), s.Unit, num(numfmt.RoundSig(low/s.KgCO2e, 3))),
	}
}

// PartOtherUnitMay is PartOtherUnit for s that may stand for the part: no
// factor of set of that part is per its unit; of is one per ofUnit.
func PartOtherUnitMay(s Supplier, rule, set, of, ofUnit string) Warning {
	head, headZH := s.head()
	return Warning{
		fmt.Sprintf("%s may stand for a part rule %s requires, and no factor of set %s of that part is per %s to compare it with (%s is per %s): check the supplier's figure against the part's", head, rule, set, s.Unit, of, ofUnit),
		fmt.Sprintf("%s可能代表规则 %s 要求的部件,而因子集 %s 中该部件的因子没有每 %s 的可与之比较(%s 为每 %s):请对照该部件核实供应商的数值", headZH, rule, set, s.Unit, of, ofUnit),
	}
}

// Unmatched is the warning of s, of product, whose product codes (codes,
// as a message lists them; "" for none) meet no factor of set per its unit,
// on the line named name: of is a factor of its product per ofUnit that does
// not convert ("": none).
func Unmatched(s Supplier, product, codes, set, of, ofUnit, name string) Warning {
	head, headZH := s.head()
	ofZH := ""
	if of != "" {
		of, ofZH = fmt.Sprintf(" (%s, of its product, is per %s)", of, ofUnit), fmt.Sprintf("(其产品的因子 %s 为每 %s)", of, ofUnit)
	}
	return Warning{
		fmt.Sprintf("%s of %q: its product codes (%s) meet no factor of set %s per %s%s, so its figure was not compared with the set's: check it against the set's factor of what line %q is made of, and the supplier's evidence", head, product, cmp.Or(codes, "none"), set, s.Unit, of, name),
		fmt.Sprintf("%s,产品为 %q:其产品代码(%s)与因子集 %s 中每 %s 的因子均不对应%s,因此其数值未与因子集的比较:请对照因子集中行 %q 所用材料的因子核实,并核实供应商的证据", headZH, product, cmp.Or(codes, "无"), set, s.Unit, ofZH, name),
	}
}

// Through is how ProductBelow names the conversion of a factor per another
// unit the rule reports in: through amount of unit per piece of product.
func Through(amount float64, unit string) (en, zh string) {
	return fmt.Sprintf(", through the product's %s %s per piece", num(amount), unit), fmt.Sprintf("(按产品每件 %s %s 折算)", num(amount), unit)
}

// ProductBelow is the warning of a study whose total kgCO2e per declared
// unit du is below every factor of set of its product (codes, as a message
// lists them): the lowest, f, is low per declared unit, via (viaZH) the
// conversion Through gives, if any.
func ProductBelow(total float64, du, set, codes, f string, low float64, via, viaZH string) Warning {
	return Warning{
		fmt.Sprintf("the study's %s kgCO2e per declared unit (%s) is below every factor of set %s of its product (%s): the lowest, %s, is %s kgCO2e per declared unit%s, and the study's figure %s %% less; check that the bill of materials holds all that the product is made of, processed as far as the product is (not its raw material), and the evidence of the difference",
			num(numfmt.RoundSig(total, 4)), du, set, codes, f, num(numfmt.RoundSig(low, 4)), via, num(numfmt.RoundSig((1-total/low)*100, 2))),
		fmt.Sprintf("研究每声明单位(%s)的结果 %s kgCO2e 低于因子集 %s 中其产品(%s)的所有因子:最低的 %s 为每声明单位 %s kgCO2e%s,研究的数值比它低 %s %%;请核实物料清单包含构成产品的全部物料,其加工程度与产品相同(而不是其原材料),并核实差异的证据", du, num(numfmt.RoundSig(total, 4)), set, codes, f, num(numfmt.RoundSig(low, 4)), viaZH, num(numfmt.RoundSig((1-total/low)*100, 2))),
	}
}

// num writes x as footprint's messages write a number.
func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
