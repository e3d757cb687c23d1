// Package instrument words the warnings on a green-power instrument a
// study claims: its period partly outside the reference period, energy
// claimed but not used, a supply without transmission and distribution,
// and no generation technology to check its factor against.
//
// It knows no domain types: footprint decides when an instrument earns a
// warning and passes its figures as plain values; it turns each Warning
// into a warning of the result.
package instrument

import (
	"fmt"
	"strconv"

	"github.com/chengdu-pcf/pcf/footprint/internal/numfmt"
)

// Warning is a warning of the result, in English and in Chinese.
type Warning struct{ EN, ZH string }

// Outside is the warning of instrument serial, outside of whose days of
// its period fall outside the reference period ref: only mwh of its total
// MWh count.
func Outside(serial string, outside, days int64, period, ref string, mwh, total float64) Warning {
	return Warning{
		fmt.Sprintf("instrument %s: %d of the %d days of its period %s fall outside the reference period %s; only %s of its %s MWh, the share of its period within the reference period, count", serial, outside, days, period, ref, num(numfmt.RoundSig(mwh, 6)), num(total)),
		fmt.Sprintf("绿电凭证 %s:其期间 %s 的 %d 天中有 %d 天在数据期间 %s 之外;其 %s MWh 中只按期间落在数据期间内的比例计入 %s MWh", serial, period, days, outside, ref, num(total), num(numfmt.RoundSig(mwh, 6))),
	}
}

// Unused is the warning of instrument serial covering more than the line
// uses: unusedMWh are claimed but not used.
func Unused(serial string, unusedMWh float64) Warning {
	return Warning{
		fmt.Sprintf("instrument %s covers more than this line uses; %s MWh are claimed but not used", serial, num(numfmt.RoundSig(unusedMWh, 6))),
		fmt.Sprintf("绿电凭证 %s 覆盖的电量超过本行的用电;%s MWh 已声明但未使用", serial, num(numfmt.RoundSig(unusedMWh, 6))),
	}
}

// Delivery is the warning of instrument serial claimed as delivery supply,
// for which no transmission and distribution is counted.
func Delivery(serial, delivery string) Warning {
	return Warning{fmt.Sprintf("instrument %s is claimed as %s supply: no transmission and distribution is counted; the certifier checks the evidence of the supply", serial, delivery), fmt.Sprintf("绿电凭证 %s 的供电方式声明为 %s:不计输配电;由认证机构核查供电的证据", serial, delivery)}
}

// NoTechnology is the warning of instrument serial that names no
// technology to check its generation factor code (of tech) against.
func NoTechnology(serial, code, tech string) Warning {
	return Warning{fmt.Sprintf("instrument %s names no technology, so nothing checks its generation factor %s (%s) against it: check the instrument's generation type", serial, code, tech), fmt.Sprintf("绿电凭证 %s 未写明发电技术,因此无从核对其发电因子 %s(%s):请核实凭证的发电类型", serial, code, tech)}
}

// num writes x as footprint's messages write a number.
func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
