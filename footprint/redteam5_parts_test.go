package footprint_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red-team findings, fifth round, on the parts a rule requires.

// Ensure a rule's required part is not satisfied by a supplier footprint
// of another product. Any supplier footprint in the bill of materials
// stood for the PV module's cells: the demo module with its 54 cells
// replaced by one piece of a supplier's footprint of packaging tape (HS
// 391990, 0.05 kgCO2e) passed, with only the warning that the cells "are
// taken to be in a supplier footprint". A supplier footprint now carries
// the product codes of what it is of (a certificate's product codes,
// PACT's productCategoryCpc and productClassifications): one of another
// product does not hold the part, and the study is refused naming bom. A
// footprint that gives no codes (a PACT footprint without
// classifications, a certificate's record as a verifier reads it) still
// may, with the warning the certifier reads, as one whose codes are all in
// a scheme the part is not named in (CNPC).
func TestRedteam5_RequiredPartFromSupplierOfAnotherProduct(t *testing.T) {
	const ref = "cert:CDPCF-2026-000007"
	for _, tt := range []struct {
		name  string
		codes []footprint.ProductCode
		want  bool // accepted, with the supplier warning
	}{
		{"packaging tape", []footprint.ProductCode{{Scheme: "HS", Code: "391990"}}, false},
		{"cells", []footprint.ProductCode{{Scheme: "HS", Code: "854142"}}, true},
		{"cells by CPC", []footprint.ProductCode{{Scheme: "HS", Code: "391990"}, {Scheme: "CPC", Code: "47150"}}, true},
		{"codes unknown", nil, true},
		{"CNPC only", []footprint.ProductCode{{Scheme: "CNPC", Code: "3825"}}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, err := calcSuppliedCells(t, 0, footprint.SupplierFootprint{ID: ref, Product: tt.name, ProductCodes: tt.codes, KgCO2e: 0.05})
			if !tt.want {
				if err == nil {
					t.Fatalf("cells as a supplier footprint of %s: %.1f kgCO2e, no error", tt.name, res.KgCO2e)
				}
				if footprint.ErrorField(err) != "bom" || !strings.Contains(footprint.ErrorMessage(err), "cells") {
					t.Fatalf("refused, but not naming bom and the cells: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(res.Warnings, func(w footprint.Warning) bool {
				return w.Path == "bom" && strings.Contains(w.Message, "required part")
			}) {
				t.Fatalf("cells only in a supplier footprint: no warning: %+v", res.Warnings)
			}
		})
	}
}

// Ensure a supplier certificate's footprint is of the certified product.
func TestRedteam5_CertificateSupplierProductCodes(t *testing.T) {
	c := footprinttest.Certificate()
	sf, err := certification.CertificateSupplierFootprint("cert:"+c.Number, c, "k1")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sf.ProductCodes, c.Product.Codes; !slices.Equal(got, want) || len(want) == 0 {
		t.Fatalf("ProductCodes=%v, want the certificate's %v", got, want)
	}
}

// Ensure a PACT footprint gives the product codes it names: productCategoryCpc
// (v2) and the classification URNs in the forms this service writes.
func TestRedteam5_PACTSupplierProductCodes(t *testing.T) {
	doc := strings.Replace(string(pactSupplierDoc()), `"productNameCompany"`,
		`"productCategoryCpc":"47150","productClassifications":["urn:pact:wcoomd.org:hs-code:854142","urn:pact:example:other:1","urn:cpc:47150"],"productNameCompany"`, 1)
	s, err := pact.ParseSupplier([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := []footprint.ProductCode{{Scheme: "CPC", Code: "47150"}, {Scheme: "HS", Code: "854142"}}
	if got := s.Footprint.ProductCodes; !slices.Equal(got, want) {
		t.Fatalf("ProductCodes=%v, want %v", got, want)
	}
	if s, err := pact.ParseSupplier(pactSupplierDoc()); err != nil || s.Footprint.ProductCodes != nil {
		t.Fatalf("no classification: %v, %v; want no codes", s, err)
	}
}

func pactSupplierDoc() []byte {
	return []byte(`{"id":"6b1f4a2e-4c1d-4a8e-9d0f-3c2b1a0e9f8d","specVersion":"2.3.0","version":1,"created":"2025-01-15T00:00:00Z","status":"Active",
 "companyName":"Cell Co","productNameCompany":"M10 cell",
 "pcf":{"declaredUnit":"piece","pCfExcludingBiogenic":"1.2",
  "referencePeriodStart":"2024-01-01T00:00:00Z","referencePeriodEnd":"2025-01-01T00:00:00Z"}}`)
}

// Ensure a computer does not escape the circuit boards of HS 8471 by its
// HS code. The demo laptop without its boards was refused as HS 847130,
// but passed as HS 847330 ("parts and accessories of the machines of
// heading 8471") and as the bare heading HS 847 or chapter HS 84, which
// the electronics rule (HS:84, HS:85) took: 119 instead of 185 kgCO2e.
// A product is now classified to its HS subheading (6 digits or more),
// and the electrical parts of 8471 machines the rule takes (it requires a
// use stage) have their boards as the machines do.
func TestRedteam5_ComputerBoardsByHSCode(t *testing.T) {
	for _, tt := range []struct{ code, field string }{
		{"847330", "bom"},
		{"847", "product.product_codes"},
		{"84", "product.product_codes"},
	} {
		t.Run(tt.code, func(t *testing.T) {
			s := seedtest.Study(t, "laptop")
			countExemptedInFull(s)
			s.BOM = slices.DeleteFunc(s.BOM, func(l *footprint.BOMLine) bool { return strings.HasPrefix(l.Name, "Circuit boards") })
			s.Product.ProductCodes = []footprint.ProductCode{{Scheme: "HS", Code: tt.code}}
			res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
			if err == nil {
				t.Fatalf("laptop without boards as HS:%s: %.1f kgCO2e, no error", tt.code, res.KgCO2e)
			}
			if got := footprint.ErrorField(err); got != tt.field {
				t.Fatalf("refused naming %q, want %q: %v", got, tt.field, err)
			}
		})
	}
}
