package api

import (
	"fmt"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
)

// shortPeriodWarnings is the review warning, at reference_period, of a
// study whose reference period is shorter than a year (red team 91). The
// engine takes a period of at most a year (a longer one counts years of
// green-power instruments for one) and any shorter, so a study may state
// the month its green power was delivered, or its best yield: the demo
// module's plant with its 1,000 MWh of green certificates generated in
// June 2025, studied for June alone (41,096 modules, 266 MWh of the batch
// claimed, 6.47 of its 6.483 kWh a module), was issued at 147.89 kgCO2e
// where its year (500,000 modules, the 1,000 MWh covering 2 of its 6.483
// kWh a module) gives 150.10, with no word of the period.
// PEF's TiR rates company data 1 for the most recent annual period
// (reference/standards.md §5.1), and ISO 14067 asks for the period the
// footprint is representative of (§1.2, time boundary): the certifier is
// told the period is not a year, and when the study claims green-power
// instruments, that they are spread over that period's output only. A
// warning, not a refusal: a new product may have only months of data.
func shortPeriodWarnings(st *footprint.Study) []reviewWarning {
	p := st.ReferencePeriod
	if p.IsZero() || !p.End.Before(p.Start.AddDate(1, 0, -1)) {
		return nil
	}
	days := int(p.End.Sub(p.Start).Hours()/24) + 1
	args := []any{p, days, p.Start.AddDate(1, 0, -1).Format(time.DateOnly)}
	en := fmt.Sprintf("the reference period %[1]s is %[2]d days, shorter than a year (a year from its start ends on %[3]s): PEF's TiR rates company data best for the most recent annual period, and the footprint stands for the product as the period made it; "+
		"a part of a year may be the season of the best yield, the least scrap or the most green power; check that the period represents the production, or ask for a study of a year", args...)
	zh := fmt.Sprintf("数据期间 %[1]s 共 %[2]d 天，短于一年（自起始日起一年止于 %[3]s）：PEF 的时间代表性（TiR）以最近一个年度期间的企业数据为最佳，且碳足迹代表该期间生产的产品；"+
		"一年中的部分时段可能是良率最高、废品最少或绿电最多的季节；请核实该期间能代表产品的生产，或要求提供一年期间的研究", args...)
	if claimsInstruments(st) {
		en += "; the study's green-power instruments are spread over that period's output (reference_output) alone: check that they were generated in it, and what share of the year's electricity they would cover"
		zh += "；本研究的绿电凭证仅按该期间的产量（reference_output）分摊：请核实其电量发自该期间，以及其可覆盖全年用电的比例"
	}
	return []reviewWarning{{Path: "reference_period", Message: en, MessageZH: zh}}
}
