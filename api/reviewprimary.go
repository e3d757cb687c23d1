package api

import (
	"fmt"
	"slices"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
)

// primaryEnergyKinds are the kinds of line whose primary flag the engine
// does not warn of (it warns, once a study, of a BOM or packaging line
// flagged primary on a set factor: red team 20): electricity, fuels,
// transport, the use stage and end of life.
var primaryEnergyKinds = []string{footprint.ContribElectricity, footprint.ContribFuel, footprint.ContribTransport, footprint.ContribUse, footprint.ContribEndOfLife}

// primaryOnSetFactorWarnings are the review warnings of result r's
// electricity, fuel, transport, use and end-of-life lines flagged primary
// whose emissions come, in part or whole, from a factor of the study's set
// (red team 53). The printed primary-data share counts such a line in
// full, with no warning of the engine; but primary data rest on both the
// activity data and a specific emission factor (PACT primaryDataShare;
// /work/shared/reference/standards.md §4.3), and a set's grid, fuel,
// transport or treatment factor is a database value, however well the
// quantity was metered. A certifier decides on the evidence (a supplier-
// specific factor stands behind a contractual instrument, say), so the
// share is not changed: each line is named, with the part of the total and
// of the share it gives. The stored result is read as it is, so a study
// stored before this check is warned of too.
func primaryOnSetFactorWarnings(r *footprint.Result) []reviewWarning {
	if r == nil {
		return nil
	}
	var out []reviewWarning
	for _, c := range r.Lines {
		if !c.Primary || !slices.Contains(primaryEnergyKinds, c.Kind) {
			continue
		}
		var codes []string
		pct := 0.0
		var walk func(*footprint.Contribution)
		walk = func(c *footprint.Contribution) {
			if len(c.Children) > 0 {
				for _, ch := range c.Children {
					walk(ch)
				}
				return
			}
			if c.Primary && c.FactorCode != "" && c.Supplier == "" {
				pct += c.SharePct
				if !slices.Contains(codes, c.FactorCode) {
					codes = append(codes, c.FactorCode)
				}
			}
		}
		walk(c)
		if len(codes) == 0 {
			continue
		}
		what := "its emission factor " + codes[0] + " is"
		if len(codes) > 1 {
			what = "its emission factors " + strings.Join(codes, ", ") + " are"
		}
		args := []any{c.Path, c.Name, what, r.PrimaryDataSharePct, pct, strings.Join(codes, "、")}
		out = append(out, reviewWarning{Path: c.Path,
			Message:   fmt.Sprintf("line %[1]s (%[2]q) is flagged primary data, but %[3]s the factor set's, database values, not specific to the maker or its supplier: the printed primary-data share of %.1[4]f %% counts in full the %.1[5]f %% of the total it gives through them, though primary data rest on both the activity data and a specific emission factor (PACT primaryDataShare); check the evidence of a specific factor (a supplier's own, or one a contractual instrument stands behind), or ask for the line without the flag", args...),
			MessageZH: fmt.Sprintf("行 %[1]s(%[2]q)标为初级数据,但其排放因子 %[6]s 取自因子集,是数据库数值,而非生产者或其供应商特定的数值:证书所印的初级数据占比 %.1[4]f %% 将其经由这些因子占总量的 %.1[5]f %% 全部计入,但初级数据要求活动数据和特定的排放因子均为初级数据(PACT primaryDataShare);请核实特定排放因子的证据(供应商自有的因子,或有合同工具支持的因子),或要求去掉该行的初级数据标记", args...)})
	}
	return out
}
