// Package rating words the engine's warnings on a line's own data-quality
// scores (its dq, a PEF DQR) against the rating of the data it uses (its
// factor's or supplier footprint's): secondary data have the quality of
// their dataset, and a line flagged primary data on a factor of the set is
// no better (red team 54). It knows no domain types: footprint feeds it
// the two ratings as printed and what the line uses, and warns with what
// it returns.
package rating

import (
	"fmt"
	"strings"
)

// Message is a warning in English (EN) and in Chinese (ZH).
type Message struct{ EN, ZH string }

// Warning returns the warning, in English and in Chinese, on a line that
// rates its data DQR line, better than the rating factor of of (a "factor
// CODE" or a "supplier footprint ID"); rated is false when of has no
// rating. primary says the line is flagged primary data: its scores then
// rate an emission factor that is the set's, a database value, which
// primary data would not use (PACT primaryDataShare), and the printed DQR
// counts them over the line's whole share.
func Warning(line, factor, of string, rated, primary bool) Message {
	ofZH := strings.NewReplacer("supplier footprint ", "供应商足迹 ", "factor ", "因子 ").Replace(of)
	switch {
	case !rated:
		return Message{fmt.Sprintf("the line rates its data DQR %s, and %s it uses has no rating: secondary data have the quality of their dataset, which no one rated; check the dq scores of the lines on it (this one the first)", line, of),
			fmt.Sprintf("该行将其数据评为 DQR %s,而其所用%s 没有质量评级:次级数据的质量即其数据集的质量,而该数据集无人评级;请核实使用它的各行的 dq 评分(本行为其中第一行)", line, ofZH)}
	case primary:
		return Message{fmt.Sprintf("the line is flagged primary data and rates its data DQR %s, better than the %s of %s it uses: that factor is the set's, a database value, not the maker's own, and the printed DQR counts the line's own scores over all it gives; check the evidence of a specific factor behind the scores, or ask for the line rated as its factor", line, factor, of),
			fmt.Sprintf("该行标为初级数据,并将其数据评为 DQR %s,优于其所用%s 的 %s:该因子取自因子集,是数据库数值,而非生产者自有的数值,而证书所印的 DQR 按该行自评的分数计入其全部排放;请核实评分背后特定排放因子的证据,或要求该行按其因子评级", line, ofZH, factor)}
	}
	return Message{fmt.Sprintf("the line rates its data DQR %s, better than the %s of %s it uses, and is not primary data: secondary data have the quality of their dataset; check the line's dq scores", line, factor, of),
		fmt.Sprintf("该行将其数据评为 DQR %s,优于其所用%s 的 %s,却不是初级数据:次级数据的质量即其数据集的质量;请核实该行的 dq 评分", line, ofZH, factor)}
}

// Level returns the PEF quality level of a DQR (Commission Recommendation
// (EU) 2021/2279, reference/standards.md §5.1): "" for 0 (unrated),
// "excellent", "very good", "good", "fair" or "poor".
func Level(dqr float64) string {
	for _, l := range levels {
		if dqr <= l.max {
			return l.name
		}
	}
	return "poor"
}

// levels are the upper bounds of the levels better than poor.
var levels = []struct {
	max  float64
	name string
}{{0, ""}, {1.5, "excellent"}, {2, "very good"}, {3, "good"}, {4, "fair"}}
