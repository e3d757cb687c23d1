package narrow_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/internal/narrow"
)

// code is a product code as the engine's ProductCode prints it.
type code string

func (c code) String() string { return string(c) }

func TestCells(t *testing.T) {
	// Ensure a product studied under a rule other than the one whose cells
	// its bill of materials counts is warned, naming the lines and that
	// rule, in both languages; and that a product of that rule, a rule
	// without cell codes, or a bill of materials without its cells is not.
	pv := narrow.Rule{Code: "pv-module", NameEN: "Crystalline silicon PV modules", NameZH: "晶体硅光伏组件",
		ProductCodes: []string{"HS:854143", "HS:854140"}, CellCodes: []string{"HS:854142", "HS:381800", "CPC:47150"},
		CellFactors: []string{"PV-CELL-MONO182", "CPCD-47150X0982025C"}}
	display := narrow.Rule{Code: "display", ProductCodes: []string{"HS:8524"}}
	cells := narrow.Line[code]{Path: "bom[1]", Factor: "PV-CELL-MONO182", Codes: []code{"HS:854142"}}
	glass := narrow.Line[code]{Path: "bom[0].children[0]", Factor: "PV-GLASS-FLOAT", Codes: []code{"HS:700719"}}
	for _, tt := range []struct {
		name  string
		rule  string
		codes []code
		rules []narrow.Rule
		lines []narrow.Line[code]
		want  bool
	}{
		{name: "a module coded out of its rule", rule: "electronics", codes: []code{"HS:854149"}, rules: []narrow.Rule{display, pv}, lines: []narrow.Line[code]{glass, cells}, want: true},
		{name: "a module under its rule", rule: "pv-module", codes: []code{"HS:854143"}, rules: []narrow.Rule{display, pv}, lines: []narrow.Line[code]{cells}},
		{name: "a module coded as one under another rule", rule: "electronics", codes: []code{"HS:854140"}, rules: []narrow.Rule{pv}, lines: []narrow.Line[code]{cells}},
		{name: "no cells", rule: "electronics", codes: []code{"HS:854149"}, rules: []narrow.Rule{pv}, lines: []narrow.Line[code]{glass}},
		{name: "a rule without cell codes", rule: "electronics", codes: []code{"HS:847130"}, rules: []narrow.Rule{display}, lines: []narrow.Line[code]{{Path: "bom[0]", Codes: []code{"HS:8524"}}}},
		{name: "a transistor of CPC 47150", rule: "electronics", codes: []code{"HS:847130"}, rules: []narrow.Rule{pv}, lines: []narrow.Line[code]{{Path: "bom[3]", Factor: "CPCD-47150X0012025C", Codes: []code{"CPC:47150"}}}},
		// Reviewer 47: CPCD files its cells under CPC 47150 only; the rule
		// names them among its cell factors (cell_m2).
		{name: "a CPCD cell factor", rule: "electronics", codes: []code{"HS:854149"}, rules: []narrow.Rule{pv}, lines: []narrow.Line[code]{{Path: "bom[1]", Factor: "CPCD-47150X0982025C", Codes: []code{"CPC:47150"}}}, want: true},
		{name: "wafers", rule: "electronics", codes: []code{"HS:850440"}, rules: []narrow.Rule{pv}, lines: []narrow.Line[code]{{Path: "bom[2]", Factor: "PV-WAFER-MONO182", Codes: []code{"HS:381800"}}}, want: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := narrow.Cells(tt.rule, tt.codes, tt.rules, tt.lines)
			if !tt.want {
				if w != (narrow.Warning{}) {
					t.Fatalf("warned: %+v", w)
				}
				return
			}
			line := tt.lines[len(tt.lines)-1]
			if w.Field != "product.product_codes" || !strings.Contains(w.EN, line.Path+" ("+line.Factor+")") || !strings.Contains(w.EN, "rule pv-module (Crystalline silicon PV modules)") ||
				!strings.Contains(w.EN, "coded "+string(tt.codes[0])+" under rule electronics") || strings.Contains(w.EN, glass.Path) ||
				!strings.Contains(w.ZH, "规则 pv-module(晶体硅光伏组件)") || !strings.Contains(w.ZH, "请对照产品名称及其部件核实产品代码") {
				t.Fatalf("got %+v", w)
			}
		})
	}
}
