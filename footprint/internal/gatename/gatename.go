// Package gatename reads a cradle-to-gate study's product names against the
// intermediate product its code says it is (red team 56b).
//
// Rule display takes a cradle-to-gate study only of the intermediate
// products its cradle_to_gate_codes name (display panels and modules, HS
// 8524), and a finished monitor or television (HS 8528) is studied
// cradle-to-grave with its use and end of life. The code is the applicant's
// word: the demo laptop's inventory as a monitor named "Demo LCD monitor",
// "示例液晶显示器", coded HS 852491 (a panel module), its use and end of
// life dropped, was certified at 91.96 kgCO2e instead of 188.34 cradle to
// grave (−51 %), with no word but the area's. The certificate prints the
// name and the boundary, and a reader who sees a monitor named reads the
// monitor's footprint. Finished warns when a name calls the product a
// finished display and names no panel or module. It knows no domain types.
package gatename

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint/internal/ofcodes"
)

// Warning is a warning of the result at a path of the study (Field), in
// English and in Chinese.
type Warning struct{ Field, EN, ZH string }

// Path is the study's path Finished warns at.
const Path = "product.product_codes"

var (
	// finishedRe matches a word naming a finished display: a monitor or a
	// television. 显示器件 (a display device, a component) is no monitor.
	finishedRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}])(monitors?|televisions?|tvs?)(?:$|[^\p{L}\p{N}])|(显示器)(?:$|[^件])|(监视器)|(电视)`)
	// partRe matches a word naming an intermediate product of a display:
	// a name with one ("monitor panel", "电视面板", "TV module") is a
	// panel's, and is left alone.
	partRe = regexp.MustCompile(`(?i)(^|[^\p{L}])(panels?|modules?|open[- ]cells?|cells?|substrates?|glass|backlights?|lcms?)($|[^\p{L}])|面板|模组|模块|屏|基板|玻璃|背光|开放式单元`)
)

// Finished returns a warning at Path when gate (the study is
// cradle-to-gate), a code of codes is under gateCodes (the rule's
// intermediate products), and a name calls the product a finished display
// with no word of a panel or module; the zero Warning otherwise. The English
// message quotes the first name's word, the Chinese the last's (names are
// given English first). ruleCodes
// are the rule's product codes: those not among gateCodes are the finished
// products' the message names.
func Finished[P ofcodes.Code](gate bool, rule string, ruleCodes, gateCodes []string, codes []P, names ...string) Warning {
	if !gate || len(gateCodes) == 0 {
		return Warning{}
	}
	var code string
	for _, pc := range codes {
		if ofcodes.Under(pc, gateCodes) {
			c := struct{ Scheme, Code string }(pc)
			code = c.Scheme + ":" + c.Code
			break
		}
	}
	if code == "" {
		return Warning{}
	}
	var words []string // of each name that calls the product finished
	for _, n := range names {
		if partRe.MatchString(n) {
			return Warning{}
		}
		if m := finishedRe.FindStringSubmatch(n); m != nil {
			words = append(words, strings.Join(m[1:], "")) // the one group that matched
		}
	}
	if len(words) == 0 {
		return Warning{}
	}
	var finished []string
	for _, c := range ruleCodes {
		if !slices.Contains(gateCodes, c) {
			finished = append(finished, c)
		}
	}
	fin := strings.Join(finished, ", ")
	return Warning{
		Field: Path,
		EN: fmt.Sprintf("the product's name calls it a finished display (%q) and names no panel or module, while its code %s is of an intermediate product that rule %s takes cradle-to-gate: the certificate would print the name of a finished product beside a figure that leaves out its use and end of life. A finished monitor or television is coded under %s and studied cradle-to-grave; check the code against the product",
			words[0], code, rule, fin),
		ZH: fmt.Sprintf("产品名称称其为成品显示设备(%q),且未提及面板或模组,而其产品代码 %s 属于规则 %s 按摇篮到大门研究的中间产品:证书将在成品的名称旁印出不含其使用和废弃处置的数值。成品显示器或电视归入 %s,按摇篮到坟墓研究;请对照产品核实其代码",
			words[len(words)-1], code, rule, fin),
	}
}
