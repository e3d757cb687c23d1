// Package credit bounds the recycling credits of a study by material: a
// credit for aluminium may claim at most the aluminium the bill of materials
// holds, not the whole product's mass (red team 75, docs/integrity.md). The
// demo laptop holds 0.534 kg of aluminium; a credit for its whole 2.041 kg
// printed −16.57 kgCO2e of credits instead of −4.34.
//
// It knows no domain types: footprint classifies each factor once (Of),
// feeds the ledger each counted leaf line's net mass (Hold; a line cut off,
// whose production the total leaves out, holds nothing a credit may claim,
// red team 88), each credit line's
// mass (Credit) and the mass each end-of-life line counted in the total
// sends to its treatment (Send) as it computes them, and asks once, after
// the inventory, which credit line goes over a bound (Over, OverMaterial,
// Unsent). No second walk of the bill of materials.
package credit

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint/internal/hscode"
	"github.com/chengdu-pcf/pcf/footprint/internal/numfmt"
)

// Material is a material a recycling credit may be for. None is any other,
// or one the data cannot tell: a credit of None is bounded by the product's
// mass only, as before.
type Material uint8

// The materials the set's credit factors are for (EOL-CREDIT-AL-DESNZ,
// EOL-CREDIT-STEEL-DESNZ, EOL-CREDIT-PLASTIC-DESNZ, EOL-PLASTIC-MECHREC-CN).
const (
	None Material = iota
	Aluminium
	Steel
	Plastics
	count
)

// Name returns the material's name, bilingual ("中文。English", as
// errzh.Split reads it), with what classifies it.
func (m Material) Name() string {
	return [...]string{
		"未分类材料。an unclassified material",
		"铝(HS 第 76 章)。aluminium (HS chapter 76)",
		"钢铁(HS 第 72、73 章)。iron and steel (HS chapters 72, 73)",
		"塑料(HS 第 39 章)。plastics (HS chapter 39)",
	}[m]
}

// chapters maps an HS chapter (the first two digits of an HS code) to its
// material: 76 aluminium and articles thereof; 72 iron and steel, 73
// articles of iron or steel; 39 plastics and articles thereof (HS 2022).
var chapters = map[string]Material{"76": Aluminium, "72": Steel, "73": Steel, "39": Plastics}

// words maps a word of a factor code (between '-', '_' or '.') to its
// material, for a factor with no HS code: the seed set's credit factors
// (EOL-CREDIT-AL-DESNZ) and its generic materials (MAT-STEEL-AVG,
// MAT-STEEL-EAF, MAT-PLASTIC-AVG-DESNZ) carry none (docs/seed.md).
var words = map[string]Material{
	"AL": Aluminium, "ALU": Aluminium, "ALUMINIUM": Aluminium, "ALUMINUM": Aluminium,
	"STEEL": Steel, "PLASTIC": Plastics, "PLASTICS": Plastics,
}

// Of classifies a factor by its code and its product codes ("SCHEME:code";
// a supplier's footprint by its product codes alone, code ""). A factor
// with an HS code is classified by its HS codes alone, each of whose
// chapters must give the same material (HS 5402, PET filament yarn, is
// None whatever its code says); one without, by the words of its code,
// which must name one material. Anything else is None.
func Of[P fmt.Stringer](code string, pcs []P) Material {
	m, hs := None, false
	for _, ch := range hscode.Chapters(pcs) {
		c := chapters[ch]
		if hs && c != m {
			return None
		}
		m, hs = c, true
	}
	if hs {
		return m
	}
	for _, w := range hscode.Words(code) {
		if c := words[w]; c != None && m != None && c != m {
			return None
		} else if c != None {
			m = c
		}
	}
	return m
}

// Ledger collects the credit lines of a calculation and the mass of each
// material its lines hold.
type Ledger struct {
	Paths   []string  // the credit lines in a mass unit, in order
	TotalKg float64   // what they credit, per declared unit
	kg      []float64 // each one's mass
	mat     []Material
	treat   []string // each one's treatment
	held    [count]float64
	pkg     [count]float64 // the part of held the packaging holds
	sent    map[string]*[count]float64
}

// Credit records a credit line at path of kg kilograms of material m, of
// treatment t ("recycling").
func (l *Ledger) Credit(path, t string, kg float64, m Material) {
	l.Paths, l.kg, l.mat, l.treat = append(l.Paths, path), append(l.kg, kg), append(l.mat, m), append(l.treat, t)
	l.TotalKg += kg
}

// Send records kg kilograms that an end-of-life line counted in the total,
// of the product's end of life, sends to treatment t, on a factor of
// material m (None: any material, as EOL-RECYCLE-DESNZ), and returns kg.
func (l *Ledger) Send(t string, m Material, kg float64) float64 {
	if l.sent == nil {
		l.sent = map[string]*[count]float64{}
	}
	if l.sent[t] == nil {
		l.sent[t] = new([count]float64)
	}
	l.sent[t][m] += kg
	return kg
}

// Hold records kg kilograms of material m that a line of the product or
// its packaging (pkg) holds (net of scrap, per declared unit), when counts.
// The caller holds no exempted line's mass: a credit may not rest on mass
// whose production is not counted (red team 88).
func (l *Ledger) Hold(m Material, kg float64, counts, pkg bool) {
	if counts && kg > 0 {
		l.held[m] += kg
		if pkg {
			l.pkg[m] += kg
		}
	}
}

// Held returns the kilograms of m the lines hold.
func (l *Ledger) Held(m Material) float64 { return l.held[m] }

// Over returns the index of the credit line that takes the credited mass
// over limit, or -1.
func (l *Ledger) Over(limit float64) int {
	var sum float64
	for i, kg := range l.kg {
		if sum += kg; sum > limit {
			return i
		}
	}
	return -1
}

// OverMaterial returns the index of the first credit line of a material
// that takes the mass credited for that material over what the lines hold
// of it by more than tolPct percent (rounding of the masses a study
// states), the material and the mass credited for it in all; -1 if none.
// A credit of None is not bounded here.
func (l *Ledger) OverMaterial(tolPct float64) (i int, m Material, credited float64) {
	var sum [count]float64
	i = -1
	for j, k := range l.mat {
		if sum[k] += l.kg[j]; k != None && i < 0 && sum[k] > l.held[k]*(1+tolPct/100) {
			i, m = j, k
		}
	}
	if i < 0 {
		return -1, None, 0
	}
	return i, m, sum[m]
}

// Sum adds up a walk of the bill of materials at net quantities, without
// the scrap a line with a sub-assembly passes to its lines (red team 77):
// the mass of the product's leaves, the part of it weighed by mass_kg, and
// the mass of each material the leaves hold.
type Sum struct {
	Kg, Weighed float64
	held        [count]float64
}

// Leaf adds a leaf of kg kilograms of material m, weighed kilograms of it
// by mass_kg; its material counts when holds (as for Ledger.Hold).
func (s *Sum) Leaf(kg, weighed float64, m Material, holds bool) {
	s.Kg, s.Weighed = s.Kg+kg, s.Weighed+weighed
	if holds && kg > 0 {
		s.held[m] += kg
	}
}

// Add adds k times t (t per unit of a sub-assembly, k units of it).
func (s *Sum) Add(t *Sum, k float64) {
	s.Kg, s.Weighed = s.Kg+k*t.Kg, s.Weighed+k*t.Weighed
	for m := range s.held {
		s.held[m] += k * t.held[m]
	}
}

// Restate replaces what the lines hold of each material with what the
// walks of the bill of materials and of the packaging hold at net
// quantities: Hold, called as the inventory computes each leaf, takes the
// quantities with the scrap of the lines above, which the product does not
// hold (a 1-piece "kit" line with 50 % scrap doubled its enclosure's
// aluminium, and the credit the bound allowed).
func (l *Ledger) Restate(bom, pkg *Sum) {
	for m := range l.held {
		l.held[m], l.pkg[m] = bom.held[m]+pkg.held[m], pkg.held[m]
	}
}

// Warning is a warning for the engine to give at Field, in English and
// Chinese.
type Warning struct{ Field, EN, ZH string }

// OnPackaging returns a warning, at the path of the credit line named, in
// English and Chinese, when the credits of a material claim more of it than
// the bill of materials holds, by more than tolPct percent, and rest on the
// packaging's (red team 78: 1.5 kg of secondary aluminium packaging, 1.08
// kgCO2e in the total, let the demo laptop's aluminium credit claim 2 kg,
// −4.34 → −16.24 kgCO2e). Field "" if none.
func (l *Ledger) OnPackaging(tolPct float64) Warning {
	var sum, total [count]float64
	for j, m := range l.mat {
		total[m] += l.kg[j]
	}
	for j, m := range l.mat {
		if sum[m] += l.kg[j]; m == None || l.pkg[m] == 0 || sum[m] <= (l.held[m]-l.pkg[m])*(1+tolPct/100) {
			continue
		}
		f := func(x float64) string { return strconv.FormatFloat(numfmt.RoundSig(x, 6), 'g', -1, 64) }
		zhName, enName, _ := strings.Cut(m.Name(), "。")
		bom, pkg := f(l.held[m]-l.pkg[m]), f(l.pkg[m])
		return Warning{l.Paths[j] + ".quantity", fmt.Sprintf("the recycling credits for %s claim %s kg per declared unit, more than the %s kg of it the bill of materials holds: they rest on the %s kg of it the packaging lines hold; check that the packaging is of that material, of that mass, and is recycled, and that the credit is shown as the packaging's", enName, f(total[m]), bom, pkg),
			fmt.Sprintf("%s的回收抵扣声明每声明单位 %s kg，超过物料清单所含该材料的 %s kg：其依据是包装行所含该材料的 %s kg；请核实包装确为该材料、质量属实并被回收，且该抵扣作为包装的抵扣列示", zhName, f(total[m]), bom, pkg)}
	}
	return Warning{}
}

// treatmentsZH gives each treatment its Chinese.
var treatmentsZH = map[string]string{"recycling": "回收", "incineration": "焚烧", "landfill": "填埋"}

// Unsent returns refuse's error, at the quantity of the credit line named,
// in Chinese and English, for the first credit line that takes the credits
// of its treatment over the mass the end-of-life lines counted in the total
// send to that treatment (Send), by more than tolPct percent; nil if none.
// Red team 78 found the credit's own treatment line unbounded: the demo
// laptop's aluminium credit claimed 2 kg where its recycling line
// (EOL-RECYCLE-DESNZ, 4.7 gCO2e/kg) sends 0.534 kg, a credit for recycling
// that no line counted in the total performs.
//
// A credit of a material pairs with the lines of its treatment on a factor
// of that material or of none (any material); one of None with any line of
// its treatment. The credits of each set of materials must fit in the
// lines they may pair with, and all credits in all lines (Hall's
// condition), so that no kilogram a line sends is counted for two credits
// (the laptop's 0.534 kg to recycling for an aluminium credit of 0.534 kg
// and a plastics credit of 0.331 kg).
func (l *Ledger) Unsent(tolPct float64, refuse func(field, zh, en string) error) error {
	credited := map[string]*[count]float64{}
	for j, m := range l.mat {
		t := l.treat[j]
		if credited[t] == nil {
			credited[t] = new([count]float64)
		}
		c, s := credited[t], l.sent[t]
		if s == nil {
			s = new([count]float64)
		}
		c[m] += l.kg[j]
		// Bit k of set is material k; None's bit means every material.
		for set := 1; set < 1<<count; set++ {
			var kg, sent float64
			var zh, en []string
			skip := false
			for k := None; k < count; k++ {
				in := set&1 != 0 || set&(1<<k) != 0
				if set&(1<<k) != 0 && c[k] == 0 {
					skip = true // a set with a material of no credit is weaker than the one without it
				}
				if in {
					kg += c[k]
				}
				if in || k == None {
					sent += s[k]
				}
				if in && c[k] > 0 {
					z, e, _ := strings.Cut(k.Name(), "。")
					zh, en = append(zh, z), append(en, e)
				}
			}
			if skip || kg <= sent*(1+tolPct/100) {
				continue
			}
			f := func(x float64) string { return strconv.FormatFloat(numfmt.RoundSig(x, 6), 'g', -1, 64) }
			tzh := cmp.Or(treatmentsZH[t], t)
			return refuse(l.Paths[j]+".quantity",
				fmt.Sprintf("%s的%s抵扣声明每声明单位 %s kg，超过计入总量的废弃处置行送去%s的 %s kg（处置方式为%s、以质量单位计、属于产品废弃处置阶段、因子为该材料或不分材料的行；单独报告的抵扣本身不送出任何质量），超出逾 %v %%：抵扣只能针对计入总量的处置行所处置的材料；请按实际送去%s的质量填写该处置行，或减少抵扣", strings.Join(zh, "、"), tzh, f(kg), tzh, f(sent), tzh, tolPct, tzh),
				fmt.Sprintf("the %s credits for %s claim %s kg per declared unit, more than the %s kg the end-of-life lines counted in the total send to %s (lines of that treatment in a mass unit, in an end-of-life stage of the product, on a factor of that material or of any material; a credit, reported apart, sends nothing itself), by more than %v %%: a credit is only for material that a line counted in the total treats; state that line at the mass it sends to %s, or lower the credit", t, strings.Join(en, " and "), f(kg), f(sent), t, tolPct, t))
		}
	}
	return nil
}
