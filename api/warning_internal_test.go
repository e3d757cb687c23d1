package api

import (
	"bytes"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

func TestWorkPage_WarningChineseThenEnglish(t *testing.T) {
	// Ensure the workbench shows a result's warning in Chinese, its
	// English beneath, once each, and a warning of a result calculated
	// before warnings had their Chinese as it was stored, split into its
	// Chinese and English when it held both.
	for _, tt := range []struct {
		name string
		w    footprint.Warning
		want string
	}{
		{"both", footprint.Warning{Path: "bom[0].factor", Message: "factor X is deprecated in set S", MessageZH: "因子 X 在因子集 S 中已弃用"},
			`<li><span class="mono">bom[0].factor</span> 因子 X 在因子集 S 中已弃用<span class="en">factor X is deprecated in set S</span></li>`},
		{"stored before warnings had Chinese", footprint.Warning{Path: "bom[0].factor", Message: "factor X is deprecated in set S"},
			`<li><span class="mono">bom[0].factor</span> factor X is deprecated in set S</li>`},
		{"both in the message, stored before", footprint.Warning{Path: "bom", Message: "物料清单中没有计入电路板。The bill of materials counts no circuit boards"},
			`<li><span class="mono">bom</span> 物料清单中没有计入电路板。<span class="en">The bill of materials counts no circuit boards</span></li>`},
		{"English naming Chinese, stored before", footprint.Warning{Path: "not_applicable[0]", Message: "stage D (beyond) is declared not applicable: 不适用。see the study"},
			`<li><span class="mono">not_applicable[0]</span> stage D (beyond) is declared not applicable: 不适用。see the study</li>`},
		{"both in the message, and its Chinese", footprint.Warning{Path: "bom", Message: "物料清单中没有计入电路板。The bill of materials counts no circuit boards", MessageZH: "物料清单中没有计入电路板。"},
			`<li><span class="mono">bom</span> 物料清单中没有计入电路板。<span class="en">The bill of materials counts no circuit boards</span></li>`},
	} {
		var b bytes.Buffer
		if err := workTemplates["application"].ExecuteTemplate(&b, "warning", newReviewWarning(tt.w)); err != nil {
			t.Fatal(err)
		}
		if got := b.String(); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}
