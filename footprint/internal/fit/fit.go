// Package fit words the warnings on a factor that fits the line using it
// poorly: a year after the study's reference period, a boundary that stops
// at the gate on a bill-of-materials line, and a factor of the set on a
// line flagged primary data (red team 20).
//
// It knows no domain types: footprint decides when a line earns a warning
// and passes the factor's figures as plain values; it turns each Warning
// into a warning of the result.
package fit

import "fmt"

// Warning is a warning of the result, in English and in Chinese.
type Warning struct{ EN, ZH string }

// LaterYear is the warning of factor code of year, after the study's
// reference period, where set may have a factor of the period's own year.
func LaterYear(code string, year int, period, set string) Warning {
	return Warning{fmt.Sprintf("factor %s is of %d, after the study's reference period %s: a factor of the period's own year, where set %s has one, states what was emitted then (China's grid factor falls year by year)", code, year, period, set), fmt.Sprintf("因子 %s 为 %d 年的数据,晚于研究的数据期间 %s:该期间当年的因子(因子集 %s 中如有)才反映当时的排放(中国的电网排放因子逐年下降)", code, year, period, set)}
}

// GateBoundary is the warning of factor code of boundary, which leaves
// out the supply chain before the gate, on a bill-of-materials line.
func GateBoundary(code, boundary string) Warning {
	return Warning{fmt.Sprintf("factor %s is %s: it leaves out the supply chain before the gate, so the line is understated; a BOM line wants a cradle-to-gate factor, as it needs a cradle-to-gate supplier footprint", code, boundary), fmt.Sprintf("因子 %s 的边界为 %s:不含出厂前的供应链,该行排放被低估;物料清单行应采用从摇篮到大门的因子,正如它需要从摇篮到大门的供应商足迹", code, boundary)}
}

// PrimaryOnSet is the warning of a line flagged primary data whose factor,
// code, is the set's: the first such line of a study.
func PrimaryOnSet(code string) Warning {
	return Warning{"the line is flagged primary data, but its emission factor " + code + " is the set's, a database value, not the maker's own: the primary-data share counts the line, though primary data rest on both the activity data and a specific emission factor (PACT primaryDataShare); check the evidence of each material line flagged primary on a set factor (this one the first)", "该行标为初级数据,但其排放因子 " + code + " 取自因子集,是数据库数值,而非生产者自有的数值:初级数据占比计入了该行,但初级数据要求活动数据和特定的排放因子均为初级数据(PACT primaryDataShare);请核实每个标为初级数据、却采用因子集因子的物料行的证据(本行为其中第一行)"}
}
