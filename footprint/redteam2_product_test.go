package footprint_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure a product is not registered under a look-alike of a model: the
// registry keeps one product per owner and model, compared by letters and
// digits, so "DEMO-M10-５４" (full-width digits) registered a second
// DEMO-M10-54 beside the first (the certificate side is
// factordb.TestRedteam2_ModelLookAlikeStartsNoSecondLineage).
func TestRedteam2_ProductModelLookAlike(t *testing.T) {
	for _, model := range []string{"DEMO-M10-５４", "DEMO-M1〇-54", "DEMO一M10一54"} {
		t.Run(model, func(t *testing.T) {
			p := &footprint.ProductRecord{Product: footprint.Product{Name: "PV module", Model: model}}
			if err := p.Validate(); footprint.ErrorField(err) != "model" {
				t.Fatalf("product with model %q: %v, want an error naming model", model, err)
			}
		})
	}
	ok := &footprint.ProductRecord{Product: footprint.Product{Name: "PV module", Model: "光伏组件 LR5-72（双面）"}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
}
