package gatename

import (
	"strings"
	"testing"
	"unicode"
)

type code struct{ Scheme, Code string }

func TestFinished(t *testing.T) {
	// Ensure a cradle-to-gate study under a code of the rule's intermediate
	// products is warned when a name calls the product a monitor or a
	// television and names no panel or module, and not otherwise.
	rule, gateCodes := []string{"HS:8524", "HS:8528", "HS:901380"}, []string{"HS:8524", "HS:901380"}
	panel, monitor := []code{{"HS", "852491"}}, []code{{"HS", "852852"}}
	for _, c := range []struct {
		name  string
		gate  bool
		codes []code
		names []string
		want  string // the word quoted; "" = not warned
	}{
		{"the monitor coded as a panel", true, panel, []string{"Demo LCD monitor", "示例液晶显示器"}, "monitor"},
		{"Chinese only", true, panel, []string{"", "示例液晶显示器"}, "显示器"},
		{"a television", true, panel, []string{"55-inch 4K TV", ""}, "TV"},
		{"电视机", true, panel, []string{"", "55英寸液晶电视机"}, "电视"},
		{"监视器", true, panel, []string{"", "安防监视器"}, "监视器"},
		{"a monitor panel", true, panel, []string{"23.8-inch monitor panel (open cell)", "23.8英寸显示器面板"}, ""},
		{"a TV module", true, panel, []string{"TV module", ""}, ""},
		{"显示器件", true, panel, []string{"", "液晶显示器件"}, ""},
		{"a panel's name", true, panel, []string{"Demo LCD panel", "示例液晶面板"}, ""},
		{"TVS diode-like token", true, panel, []string{"display TVSX", ""}, ""},
		{"cradle to grave", false, panel, []string{"Demo LCD monitor", ""}, ""},
		{"a monitor's code", true, monitor, []string{"Demo LCD monitor", ""}, ""},
	} {
		w := Finished(c.gate, "display", rule, gateCodes, c.codes, c.names...)
		if c.want == "" {
			if w != (Warning{}) {
				t.Errorf("%s: %+v, want none", c.name, w)
			}
			continue
		}
		if w.Field != Path || !strings.Contains(w.EN, `finished display ("`+c.want+`")`) || !strings.Contains(w.EN, "code HS:852491") || !strings.Contains(w.EN, "coded under HS:8528 and studied cradle-to-grave") {
			t.Errorf("%s: %+v, want the word %q, the code and HS:8528", c.name, w, c.want)
		}
		if unicode.Is(unicode.Han, []rune(w.EN)[0]) || !strings.ContainsFunc(w.ZH, func(r rune) bool { return unicode.Is(unicode.Han, r) }) || !strings.Contains(w.ZH, "HS:8528") {
			t.Errorf("%s: %+v, want English in EN and Chinese in ZH", c.name, w)
		}
	}
}
