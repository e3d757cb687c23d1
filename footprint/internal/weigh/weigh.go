// Package weigh checks that the lines of a sub-assembly weigh what it does,
// and that a supplier line weighs no more than the supplier's product
// (docs/integrity.md, red teams 24 and 50).
//
// It knows no domain types: footprint feeds it each line's quantity and
// mass per unit, and turns the field and message it returns into an error
// of the study.
package weigh

import (
	"fmt"
	"strconv"
)

// Lines adds up the lines of a sub-assembly, in order.
type Lines struct {
	Kg        float64 // what the weighed lines weigh
	unweighed int     // 1 + the index of the first line without a mass; 0 = none
}

// Add adds line i: qty units of kgPerUnit kilograms each (0: a line
// without a mass, neither in a mass unit nor with a mass_kg).
func (w *Lines) Add(i int, qty, kgPerUnit float64) {
	if kgPerUnit > 0 {
		w.Kg += qty * kgPerUnit
	} else if w.unweighed == 0 {
		w.unweighed = i + 1
	}
}

// Field returns the field that refuses lines weighing less than the
// sub-assembly whose lines are field: a line without a mass, by its
// mass_kg, since it may weigh the rest; with every line weighed, the
// lines. Red team 50: one line without a mass ended the check, so a frame
// line of 1.58 kg whose lines were 0.6 kg of aluminium and 0.000001 of a
// piece counted 0.6 kg of aluminium, 8 % off the demo module, silently.
func (w Lines) Field(field string) string {
	if w.unweighed > 0 {
		return fmt.Sprintf("%s[%d].mass_kg", field, w.unweighed-1)
	}
	return field
}

// Message is the refusal at Field, amount and unit of the sub-assembly and
// kg of its lines as printed.
func (w Lines) Message(amount, unit, kg string) string {
	if w.unweighed > 0 {
		return fmt.Sprintf("子装配的各行应与其本身等重:%[1]s %[2]s 的各行中有质量的仅重 %[3]s kg,而此行没有质量(数量不以质量单位计,也没有 mass_kg),无从核对其余质量;请给出其 mass_kg(该行一个单位的净质量),或列出其余部分(低于截断限值的可作为取舍项)。The lines of %[1]s %[2]s with a mass weigh %[3]s kg, and this line has none (not in a mass unit, no mass_kg), so nothing checks the rest: a sub-assembly is made of its lines, so they weigh what it does; give its mass_kg (the net mass of one unit of the line), or list the rest (exempted, if below the cut-off)", amount, unit, kg)
	}
	return fmt.Sprintf("the lines of %s %s weigh %s kg: a sub-assembly is made of its lines, so they weigh what it does; list the rest (exempted, if below the cut-off)", amount, unit, kg)
}

// TolerancePct is the rounding a declared mass may differ by (footprint's
// MassCoverageTolerancePct).
const TolerancePct = 1

// Supplier returns the field and message that refuse a BOM line at path of
// q units (unit) of supplier footprint id, declared per unit declared: one
// in a unit that does not convert to it (!converts), or one whose declared
// mass_kg (lineKg a unit of the line, 0 when not declared) is more than
// the product the footprint is of weighs (spKg a declared unit, the
// supplier's productMassPerDeclaredUnit; 0 when not stated), qs declared
// units. "" when neither. Red team 50: the bill of materials' mass balance
// takes the line's mass_kg, the emissions are the footprint's: the demo
// module's frame as 0.3 kg per m² of PV-AL-PROFILE and 1 piece of a frame
// maker's footprint at 4.9 kgCO2e "of 2.5 kg" (mass_kg) whose document
// says a piece weighs 0.5 kg was 157.29 → 137.44 kgCO2e, the review
// asking only that the figure be checked against the frame's material.
func Supplier(path, id, unit, declared string, converts bool, q, qs, lineKg, spKg float64) (string, string) {
	switch {
	case !converts:
		return path, fmt.Sprintf("unit %s does not match supplier footprint %s (per %s)", unit, id, declared)
	case lineKg > 0 && spKg > 0 && q > 0 && q*lineKg > qs*spKg*(1+TolerancePct/100.0):
		per := strconv.FormatFloat(qs/q*spKg, 'g', 6, 64)
		return path + ".mass_kg", fmt.Sprintf("本行声明每 %[1]s 重 %[2]s kg(mass_kg),而供应商足迹 %[3]s 所指产品按其 productMassPerDeclaredUnit 每 %[1]s 仅重 %[4]s kg:物料平衡按本行的质量计入,排放却是更轻产品的;请按供应商所述给出该部件的质量,或使用与本行相符的足迹。The line declares %[2]s kg per %[1]s (mass_kg), and supplier footprint %[3]s is of a product of %[4]s kg per %[1]s (its productMassPerDeclaredUnit): the mass balance counts the line's mass, and the emissions are those of the lighter product; give the part's mass as the supplier states it, or use a footprint of what the line is", unit, strconv.FormatFloat(lineKg, 'g', 6, 64), id, per)
	}
	return "", ""
}
