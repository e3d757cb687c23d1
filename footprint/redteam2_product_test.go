package footprint_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure a product is not registered under a model that no certificate
// could carry (footprint.CheckModelCharacters, which the issue runs): a
// look-alike model ("DEMO-M10-５４" in full-width digits) registered, and
// its studies went as far as the issue before being refused. The registry
// itself compares models exactly, so this is consistency, not a second
// lineage (that is factordb.TestRedteam2_ModelLookAlikeStartsNoSecondLineage).
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
