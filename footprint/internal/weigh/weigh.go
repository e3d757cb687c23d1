// Package weigh checks that the lines of a sub-assembly weigh what it does
// (docs/integrity.md, red teams 24 and 50).
//
// It knows nothing of the domain: footprint feeds it each line's quantity
// and mass per unit, and words its refusal as an error of the study, so
// that this bookkeeping does not count among the domain's lines.
package weigh

import "fmt"

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

// Refusal returns the field and the message that refuse lines weighing
// less than the sub-assembly, amount and unit as printed, whose lines are
// field: a line without a mass is named first, by its mass_kg, since it
// may weigh the rest; with every line weighed, the lines. Red team 50:
// one line without a mass ended the check, so a frame line of 1.58 kg
// whose lines were 0.6 kg of aluminium and 0.000001 of a piece counted
// 0.6 kg of aluminium, 8 % off the demo module, silently.
func (w Lines) Refusal(field, amount, unit, kg string) (string, string) {
	if w.unweighed > 0 {
		return fmt.Sprintf("%s[%d].mass_kg", field, w.unweighed-1), fmt.Sprintf("子装配的各行应与其本身等重:%[1]s %[2]s 的各行中有质量的仅重 %[3]s kg,而此行没有质量(数量不以质量单位计,也没有 mass_kg),无从核对其余质量;请给出其 mass_kg(该行一个单位的净质量),或列出其余部分(低于截断限值的可作为取舍项)。The lines of %[1]s %[2]s with a mass weigh %[3]s kg, and this line has none (not in a mass unit, no mass_kg), so nothing checks the rest: a sub-assembly is made of its lines, so they weigh what it does; give its mass_kg (the net mass of one unit of the line), or list the rest (exempted, if below the cut-off)", amount, unit, kg)
	}
	return field, fmt.Sprintf("the lines of %s %s weigh %s kg: a sub-assembly is made of its lines, so they weigh what it does; list the rest (exempted, if below the cut-off)", amount, unit, kg)
}
