package api

import (
	"fmt"
	"strconv"

	"github.com/chengdu-pcf/pcf/footprint"
)

// unscreenedCutOffWarnings are the review warnings of study st's exempted
// (cut-off) lines that carry no screening estimate (red team 54). Without
// one the cut-off share is judged by mass (docs/integrity.md §7), and a
// part light in mass and heavy in emissions passes the limit unassessed:
// the demo laptop with 16 cm² of memory dies (ELEC-IC-DIE-MEM, 35.2
// kgCO2e, 16 % of its 220.6) exempted as 0.02 kg, "small part", was stored
// at 185.4 kgCO2e, 1 % of its mass cut off, with no word. ISO 14067's
// cut-off criteria (GB/T 24067) ask for the effect of the exclusions to be
// assessed (reference/standards.md §1.2), which a share by mass does not
// do; a share by mass is still the rule's (a screening factor may not
// exist), so the certifier, who judges whether an exclusion is
// significant, is told of each such line.
func unscreenedCutOffWarnings(st *footprint.Study) []reviewWarning {
	r := st.Result
	if r == nil || r.ExemptedBasis != "mass" {
		return nil
	}
	var out []reviewWarning
	for _, x := range r.Exempted {
		if x == nil || x.ScreeningFactor != "" {
			continue
		}
		args := []any{x.Path, x.Name, strconv.FormatFloat(x.Quantity, 'g', -1, 64), x.Unit, strconv.FormatFloat(footprint.RoundSig(r.ExemptedMassPct, 3), 'g', -1, 64)}
		out = append(out, reviewWarning{Path: x.Path,
			Message:   fmt.Sprintf("exempted line %[1]s (%[2]q, %[3]s %[4]s) carries no screening estimate, so the cut-off share is judged by mass (the exempted lines weigh %[5]s %% of the product) and the line's effect on the emissions is not assessed, as ISO 14067's cut-off criteria (GB/T 24067) ask: a part light in mass may weigh heavily in emissions (integrated circuits, cells); check what the line is, and ask for a screening factor (exempt.screening_factor) or the line counted", args...),
			MessageZH: fmt.Sprintf("取舍行 %[1]s(%[2]q,%[3]s %[4]s)没有筛选估算,因此截断比例按质量判断(取舍项占产品质量的 %[5]s %%),该行对排放的影响未经评估,而 ISO 14067(GB/T 24067)的取舍准则要求评估排除项的影响:质量很小的部件可能排放很大(如集成电路、电池片);请核实该行是什么,并要求给出筛选因子(exempt.screening_factor)或计入该行", args...)})
	}
	return out
}
