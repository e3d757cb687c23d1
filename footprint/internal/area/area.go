// Package area checks that the supplier footprints per area of a product of
// a study's own rule (a display's panel, or the product itself bought in)
// count at least the area the product has per declared unit
// (docs/integrity.md, red team 62).
//
// It knows no domain types: footprint feeds it each such footprint as the
// study counts it, and turns the field and messages it returns into a
// warning of the result.
package area

import (
	"fmt"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint/internal/numfmt"
)

// Use is a supplier footprint per area of a product of the study's rule,
// as the study counts it.
type Use struct {
	Path    string  // the supplier field of its first line, e.g. "bom[6].supplier"
	ID      string  // the footprint's ID
	Product string  // what it is of, as the supplier names it
	Codes   string  // its product codes, as a message lists them
	M2      float64 // m² of it per declared unit, over every line (scrap, parents and uses included)
}

// TolerancePct is the rounding by which the area counted may fall short of
// the product's (footprint's MassCoverageTolerancePct).
const TolerancePct = 1

// Warning is a warning of the result: its field, in English and in Chinese.
type Warning struct{ Field, EN, ZH string }

// Short returns the warning on uses when
// they count, together, less than need m² per declared unit: the area
// field basis (product.active_area_m2, product.area_m2) gives a piece of
// product, times the pieces a declared unit is. A display's panel, or the
// product bought in whole, is of at least the product's area: a panel
// maker's certificate per m² of active area taken at a tenth of the
// monitor's took nine tenths of the panel off (red team 62), as cells below
// a module's rated power would (red team 9). The field is the first use's
// quantity; none (Field "") when the uses count enough, or there are none.
func Short(need float64, basis string, uses []Use) Warning {
	got := 0.0
	for _, u := range uses {
		got += u.M2
	}
	if len(uses) == 0 || !(need > 0) || got >= need*(1-TolerancePct/100.0) {
		return Warning{}
	}
	var list, listZH []string
	for _, u := range uses {
		list = append(list, fmt.Sprintf("%s (%q, %s) at %s: %s m²", u.ID, u.Product, u.Codes, u.Path, num(u.M2)))
		listZH = append(listZH, fmt.Sprintf("%s(%q,%s)位于 %s:%s m²", u.ID, u.Product, u.Codes, u.Path, num(u.M2)))
	}
	field := strings.TrimSuffix(uses[0].Path, ".supplier") + ".quantity"
	en := fmt.Sprintf("the supplier footprints per area of a product of the study's own rule (its display panel, or the product itself bought in) count %s m² per declared unit, less than the product's %s m² per declared unit (%s × pieces): %s; a product's panel, or the product, is at least as large as the product, and a certificate signs no mass (a line's mass_kg is the study's word): check the quantity, and any sub-assembly's amount it is counted through, against the product",
		num(got), num(need), basis, strings.Join(list, "; "))
	zh := fmt.Sprintf("研究按面积计入的本规则产品的供应商足迹(其显示面板,或整件购入的产品本身)每声明单位共 %s m²,少于产品每声明单位的 %s m²(%s × 件数):%s;产品的面板或产品本身至少与产品一样大,且证书不签署质量(行的 mass_kg 是研究自己的说法):请对照产品核实其数量,以及计入它所经的子组件的用量",
		num(got), num(need), basis, strings.Join(listZH, ";"))
	return Warning{field, en, zh}
}

// num writes x to four significant figures, as a message prints an area.
func num(x float64) string { return numfmt.Sig(x, 4) }
