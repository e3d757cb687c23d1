// Package cellrecord holds a crystalline-silicon module's cells to the
// record efficiency a silicon cell has reached (rt55, session 55,
// docs/integrity.md).
//
// The engine refuses a module whose cells, counted in pieces of the size
// their factor states or in m², give less than its rated power at the
// limiting efficiency of a silicon cell (29.4 %, the rule's
// max_efficiency_pct). Between that limit and what cells reach, a module's
// cell count could fall silently: the demo module (433.6 Wp, 54 cells of
// 182 mm) passed with 45 cells, 150.10 → 135.79 kgCO2e, each cell then
// needing 29.1 %. No certified silicon cell has reached that, and a
// module's cells give at least its rated power, so such a count is warned.
// RecordPct is reported by pv magazine (https://www.apvia.net/article/all-solar-cell-efficiencies-at-a-glance-delayed):
// 27.9 % with the cell's edges masked, 27.7 % on its total area; Version 66
// held LONGi's 27.81 % HIBC cell. The higher figure is taken, so that a
// count the record allows is never warned. It knows no domain types:
// footprint passes the figures as plain values.
package cellrecord

import (
	"fmt"
	"strconv"

	"github.com/chengdu-pcf/pcf/footprint/internal/numfmt"
)

// RecordPct is the highest efficiency a crystalline-silicon cell is
// certified to have reached, as Source states.
const RecordPct = 27.9

// Source is where RecordPct comes from.
const Source = "the silicon cell record, LONGi's back-contact cell certified by ISFH (M. A. Green et al., Solar cell efficiency tables, Version 67, Progress in Photovoltaics)"

// Warning is a warning of the result: its field, in English and in Chinese.
type Warning struct{ Field, EN, ZH string }

// Record returns the warning at field when the lines of a module's cells,
// which give at most kwp kWp per declared unit at limitPct % efficiency,
// m2 m² of it from lines in an area unit or cells in pieces (the rest is
// lines in a power unit, taken at their power), give less than ratedKWp at
// RecordPct: a zero Warning otherwise, or when limitPct is not above
// RecordPct (a rule of another technology).
func Record(kwp, m2, limitPct, ratedKWp float64, field string) Warning {
	if !(m2 > 0) || !(limitPct > RecordPct) || !(ratedKWp > 0) {
		return Warning{}
	}
	atRecord := kwp - m2*limitPct/100 + m2*RecordPct/100 // kW per m² at 1000 W/m², STC
	if atRecord >= ratedKWp*(1-1e-9) {
		return Warning{}
	}
	need := (ratedKWp - (kwp - m2*limitPct/100)) / m2 * 100
	return Warning{field,
		fmt.Sprintf("the cells of the bill of materials cover %s m² per declared unit, which give at most %s kWp at %s %%, %s: less than the module's rated power, %s kWp per declared unit (product.rated_power_wp × pieces), for which each would need %s %% efficiency. A module's cells give at least its rated power: check the number of cells against the module's datasheet", num(numfmt.RoundSig(m2, 6)), num(numfmt.RoundSig(atRecord, 4)), num(RecordPct), Source, num(numfmt.RoundSig(ratedKWp, 6)), num(numfmt.RoundSig(need, 3))),
		fmt.Sprintf("物料清单中的电池片每声明单位面积为 %s m²,按 %s %% 的效率(晶体硅电池效率纪录:%s)至多提供 %s kWp,低于组件的额定功率,即每声明单位 %s kWp(product.rated_power_wp × 件数),每片电池须达到 %s %% 的效率。组件的电池片至少提供其额定功率:请对照组件规格书核实电池片数量", num(numfmt.RoundSig(m2, 6)), num(RecordPct), Source, num(numfmt.RoundSig(atRecord, 4)), num(numfmt.RoundSig(ratedKWp, 6)), num(numfmt.RoundSig(need, 3))),
	}
}

// MaxWaferM is the thickness of the thickest wafers of PV cells, 300 µm,
// the top of the 200-300 µm the list.solar glossary gives
// (https://list.solar/guide/solar-glossary/wafer/); today's are about half
// of it. SiliconKgPerM3 is the density of crystalline silicon, 2.329 g/cm³.
const (
	MaxWaferM      = 300e-6
	SiliconKgPerM3 = 2329
)

// Mass returns the warning at line's mass_kg (line + ".mass_kg", written
// only then: the engine asks it of every line of cells) when a line of
// cells (cell: of the rule's cell codes, a factor's or a supplier
// footprint's) declares massKg kg for one unit of it, m2 m² of cells (a
// piece of the size its factor states, or of the largest wafer; an area
// unit's size), more than silicon wafers of that area and MaxWaferM
// weigh: the declared mass weighs the bill of materials, and a cell of
// twice its mass (the demo's 12.2 g cell at 45 g) let the frame's missing
// kilograms pass the mass balance (rt55, red team 81's open item), as
// cells in m² or from a supplier's footprint did (reviewer 55). A zero
// Warning when m2 or massKg is 0, or not cell.
func Mass(line string, massKg, m2 float64, cell bool) Warning {
	most := m2 * MaxWaferM * SiliconKgPerM3
	if !cell || !(m2 > 0) || !(massKg > most) {
		return Warning{}
	}
	return Warning{line + ".mass_kg",
		fmt.Sprintf("cells of %s m² (one unit of this line) are declared at %s g, more than the %s g a silicon wafer of that area weighs at %s µm, the thickest wafers of PV cells (200-300 µm; today's are about half): mass_kg weighs the bill of materials against the product's mass, so cells declared heavier than they are hide parts left out; check the cells' mass against their datasheet", num(numfmt.RoundSig(m2, 6)), num(numfmt.RoundSig(massKg*1000, 4)), num(numfmt.RoundSig(most*1000, 3)), num(MaxWaferM*1e6)),
		fmt.Sprintf("该行每单位的电池片(面积 %s m²)声明为 %s g,超过该面积、厚度 %s µm(光伏电池最厚的硅片,200-300 µm;如今约为其一半)的硅片的质量 %s g:mass_kg 使物料清单与产品质量相平衡,声明得比实际重的电池片会掩盖遗漏的部件;请对照电池片规格书核实其质量", num(numfmt.RoundSig(m2, 6)), num(numfmt.RoundSig(massKg*1000, 4)), num(MaxWaferM*1e6), num(numfmt.RoundSig(most*1000, 3))),
	}
}

// num writes x as footprint's messages write a number.
func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
