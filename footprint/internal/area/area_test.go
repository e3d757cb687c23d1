package area

import (
	"strings"
	"testing"
	"unicode"
)

func TestShort(t *testing.T) {
	panel := Use{Path: "bom[6].supplier", ID: "P", Product: "panel", Codes: "[HS:852411]", M2: 0.05}
	if w := Short(0.5, "product.active_area_m2", nil); w.Field != "" {
		t.Errorf("no uses: %+v", w)
	}
	for _, m2 := range []float64{0.5, 0.496, 0.6} { // 1 % rounding below
		p := panel
		p.M2 = m2
		if w := Short(0.5, "product.active_area_m2", []Use{p}); w.Field != "" {
			t.Errorf("%g m² of 0.5: warned %+v", m2, w)
		}
	}
	w := Short(0.5, "product.active_area_m2", []Use{panel, {Path: "assemblies[0].lines[0].supplier", ID: "Q", M2: 0.2}})
	if w.Field != "bom[6].quantity" || !strings.Contains(w.EN, "count 0.25 m² per declared unit, less than the product's 0.5 m²") || !strings.Contains(w.EN, "Q (\"\", ) at assemblies[0].lines[0].supplier: 0.2 m²") {
		t.Fatalf("0.25 m² of 0.5: %+v", w)
	}
	if !strings.ContainsFunc(w.ZH, func(r rune) bool { return unicode.Is(unicode.Han, r) }) || !strings.Contains(w.ZH, "0.25 m²") {
		t.Errorf("Chinese: %q", w.ZH)
	}
}
