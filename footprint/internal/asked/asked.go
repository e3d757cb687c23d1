// Package asked reads the inputs a rule asks for without requiring them
// (a requirement with a warning: the electronics rule's site electricity,
// red team 25) against the study (docs/integrity.md, red team 87).
//
// A study without such an input is warned; one with a line of it in name
// only was not: the demo laptop with 0.001 kWh of assembly electricity (or
// 10 Wh where 10 kWh were meant) lost the warning that it counts no energy
// of its own factory and gained 0.0006 kgCO2e, against 5.8 for 10 kWh. It
// knows no domain types: footprint feeds it the rule's requirements and
// the result's lines through accessors, and turns the warnings it returns
// into warnings of the result.
package asked

import (
	"fmt"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint/internal/numfmt"
)

// Req is a rule's requirement: its input ("electricity", "product.site")
// and, for an input asked for and not required, the warning a study
// without it gets (EN and ZH; "" for a required input).
type Req struct{ Input, EN, ZH string }

// Warning is a warning of the result: its field, in English and in Chinese.
type Warning struct{ Field, EN, ZH string }

// Missing returns the warning of each input asked for (EN set) that
// provided reports absent.
func Missing[R any](reqs []R, req func(R) Req, provided func(input string) bool) []Warning {
	var ws []Warning
	for _, r := range reqs {
		if q := req(r); q.EN != "" && !provided(q.Input) {
			ws = append(ws, Warning{q.Input, q.EN, q.ZH})
		}
	}
	return ws
}

// Token returns a warning at each input asked for (EN set) whose lines
// (the result's lines at input[i]) give less than limitPct of total: the
// same bound the engine holds a required stage to (the rule's cut-off
// limit ÷ divisor, footprint.TokenStageShareDivisor), so that a line in
// name only does not silence the warning its absence gets. An input with no
// line is Missing's. A warning, as the absence is.
func Token[R, L any](reqs []R, req func(R) Req, lines []L, line func(L) (path string, kg float64), total, cutOffPct float64, divisor int) []Warning {
	limit := cutOffPct / float64(divisor)
	if !(total > 0) || !(limit > 0) {
		return nil
	}
	var ws []Warning
	for _, r := range reqs {
		q := req(r)
		if q.EN == "" {
			continue
		}
		var paths []string
		kg := 0.0
		for _, l := range lines {
			if p, k := line(l); strings.HasPrefix(p, q.Input+"[") {
				paths, kg = append(paths, p), kg+k
			}
		}
		if len(paths) == 0 || kg/total*100 >= limit {
			continue
		}
		sh := num(kg / total * 100)
		ws = append(ws, Warning{q.Input,
			fmt.Sprintf("the rule asks for %s, and its lines (%s) give %s kgCO2e, %s %% of the total, less than %s %% (the cut-off limit ÷ %d): a line in name only does not answer the request (%s)", q.Input, strings.Join(paths, ", "), num(kg), sh, num(limit), divisor, q.EN),
			fmt.Sprintf("规则要求提供 %s,其各行(%s)为 %s kgCO2e,仅占总量的 %s %%,低于 %s %%(截断限值 ÷ %d):徒有其名的行不能满足该要求(%s)", q.Input, strings.Join(paths, ", "), num(kg), sh, num(limit), divisor, q.ZH)})
	}
	return ws
}

// num writes x to four significant figures.
func num(x float64) string { return numfmt.Sig(x, 4) }
