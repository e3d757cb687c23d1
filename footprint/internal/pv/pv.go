// Package pv words the warnings on a PV module's own figures: a rated
// power and an area that give an efficiency above the record, a mass per
// area below the lightest module known to pass IEC 61215-2 (or below a
// glass module's, for one whose bill of materials holds glass), and a per-kWh
// scenario more favourable than the IEA PVPS Task 12 reference
// (docs/integrity.md §9).
//
// It knows no domain types: footprint decides when a study earns a warning
// and passes the figures and its limits as plain values; it turns each
// Warning into a warning of the result.
package pv

import (
	"cmp"
	"fmt"
	"strconv"

	"github.com/chengdu-pcf/pcf/footprint/internal/numfmt"
)

// Warning is a warning of the result, in English and in Chinese.
type Warning struct{ EN, ZH string }

// Efficiency is the warning of rated power wp Wp on m2 m², a module
// efficiency of eff %, above the record recordPct % of source: the per-kWp
// and per-m² figures divide by the rated power and the area.
func Efficiency(wp, m2, eff, recordPct float64, source string) Warning {
	return Warning{
		fmt.Sprintf("rated power %s Wp on %s m² is a module efficiency of %s %%, above the %s %% of %s: the per-kWp and per-m² figures divide by the rated power and the area; check both against the module's datasheet and nameplate", num(wp), num(m2), num(numfmt.RoundSig(eff, 3)), num(recordPct), source),
		fmt.Sprintf("额定功率 %[1]s Wp、面积 %[2]s m² 对应的组件效率为 %[3]s %%,高于组件效率纪录 %[4]s %%(%[5]s):每 kWp 和每 m² 的结果分别以额定功率和面积为除数;请对照组件的规格书和铭牌核实两者", num(wp), num(m2), num(numfmt.RoundSig(eff, 3)), num(recordPct), source),
	}
}

// Light is the warning of a module of kg kg on m2 m², lighter per m² than
// the lightest kg/m² of a module shown to pass IEC 61215-2: an area
// inflated with the rated power.
func Light(kg, m2 float64, lightest int) Warning {
	return Warning{
		fmt.Sprintf("the module weighs %s kg on %s m², %s kg/m², less than the about %d kg/m² of the lightest crystalline silicon module shown to pass IEC 61215-2 (glass-free; glass modules weigh 10-15 kg/m², Martins et al., IEEE J. Photovoltaics 9(1), 2019): the per-kWp and per-m² figures fall as the area and the rated power rise together; check the area against the module's datasheet", num(kg), num(m2), num(numfmt.RoundSig(kg/m2, 3)), lightest),
		fmt.Sprintf("组件质量 %s kg、面积 %s m²,即 %s kg/m²,低于已证明通过 IEC 61215-2 的最轻晶体硅组件的约 %d kg/m²(无玻璃;有玻璃的组件为 10-15 kg/m²,Martins et al., IEEE J. Photovoltaics 9(1), 2019):面积与额定功率一同增大时,每 kWp 和每 m² 的结果随之降低;请对照组件的规格书核实面积", num(kg), num(m2), num(numfmt.RoundSig(kg/m2, 3)), lightest),
	}
}

// Glass is the warning of a module of kg kg on m2 m² whose bill of
// materials holds glass, lighter per m² than the glass modules' glass
// kg/m²: an area inflated with the rated power.
func Glass(kg, m2 float64, glass int) Warning {
	return Warning{
		fmt.Sprintf("the module weighs %s kg on %s m², %s kg/m², and its bill of materials holds glass: glass modules weigh %d-15 kg/m² (Martins et al., IEEE J. Photovoltaics 9(1), 2019), so the area may be inflated with the rated power, lowering the per-kWp and per-m² figures; check the area against the module's datasheet", num(kg), num(m2), num(numfmt.RoundSig(kg/m2, 3)), glass),
		fmt.Sprintf("组件质量 %s kg、面积 %s m²,即 %s kg/m²,而其物料清单含玻璃:有玻璃的组件为 %d-15 kg/m²(Martins et al., IEEE J. Photovoltaics 9(1), 2019),面积可能与额定功率一同被夸大,从而降低每 kWp 和每 m² 的结果;请对照组件的规格书核实面积", num(kg), num(m2), num(numfmt.RoundSig(kg/m2, 3)), glass),
	}
}

// Lifetime is the warning of a scenario's lifetime of years, longer than
// the reference's ref years; source is the source the scenario gives ("":
// none).
func Lifetime(years float64, ref int, source string) Warning {
	return Warning{
		fmt.Sprintf("a lifetime of %s years is longer than the %d years of the IEA PVPS Task 12 reference scenario: check it against the source the scenario gives (%s)", num(years), ref, cmp.Or(source, "none")),
		fmt.Sprintf("使用寿命 %s 年,长于 IEA PVPS Task 12 参考情景的 %d 年:请对照情景所列来源(%s)核实", num(years), ref, cmp.Or(source, "未给出")),
	}
}

// Degradation is the warning of a scenario's degradation of pct %/year,
// lower than the reference's ref; source as for Lifetime.
func Degradation(pct, ref float64, source string) Warning {
	return Warning{
		fmt.Sprintf("a degradation of %s %%/year is lower than the %s %%/year of the IEA PVPS Task 12 reference scenario: check it against the source the scenario gives (%s)", num(pct), num(ref), cmp.Or(source, "none")),
		fmt.Sprintf("年衰减率 %s %%/年,低于 IEA PVPS Task 12 参考情景的 %s %%/年:请对照情景所列来源(%s)核实", num(pct), num(ref), cmp.Or(source, "未给出")),
	}
}

// Yield is the warning of a scenario's specific yield of kwh kWh/kWp, more
// than the reference's ref: it divides the per-kWh figure; source as for
// Lifetime.
func Yield(kwh float64, ref int, source string) Warning {
	return Warning{
		fmt.Sprintf("a specific yield of %s kWh/kWp is more than the %d kWh/kWp of the IEA PVPS Task 12 reference scenario: it divides the per-kWh figure; check it against the site and the source the scenario gives (%s)", num(kwh), ref, cmp.Or(source, "none")),
		fmt.Sprintf("每千瓦峰值功率的发电量 %s kWh/kWp,高于 IEA PVPS Task 12 参考情景的 %d kWh/kWp:每 kWh 的结果以它为除数;请对照安装地点和情景所列来源(%s)核实", num(kwh), ref, cmp.Or(source, "未给出")),
	}
}

// num writes x as footprint's messages write a number.
func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
