package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure the service compares the demo module declared under HS 854140
// (pv-module's HS 2017 subheading) with the set's module factors (HS
// 854143), which it must load for it (footprint.ComparisonCodes): before,
// the preview, and the stored result a certifier reviews, lacked the
// product floor's warning that 150.1 kgCO2e is 19 % below PV-MOD-HJT.
func TestRT55_ModuleUnderItsHS2017CodeInThePreview(t *testing.T) {
	st := newSeededStack(t)
	for _, code := range []string{"HS:854143", "HS:854140"} {
		doc := seedtest.StudyDoc(t, "pv-module")
		doc["product"].(map[string]any)["product_codes"] = []any{code}
		type warning struct{ Path, Message string }
		got := MustData[struct {
			KgCO2e float64 `json:"kg_co2e"`
			Result struct {
				Warnings []warning `json:"warnings"`
			} `json:"result"`
		}](t, st.do(t, request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json", body: seedtest.MustMarshal(t, doc)}), 200)
		found := false
		for _, w := range got.Result.Warnings {
			found = found || w.Path == "product.product_codes" && strings.Contains(w.Message, "PV-MOD-HJT") && strings.Contains(w.Message, "("+code+")")
		}
		if !found {
			b, _ := json.Marshal(got.Result.Warnings)
			t.Errorf("the demo module under %s: %.2f kgCO2e, warnings %s, want the product floor at product.product_codes", code, got.KgCO2e, b)
		}
	}
}
