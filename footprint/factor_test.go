package footprint_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure a factor's product codes and geography are accepted only in the
// canonical form stores index and queries use.
func TestFactor_Validate_Canonical(t *testing.T) {
	base := func() *footprint.Factor {
		return &footprint.Factor{
			Code: "TEST-1", NameEN: "test", Category: footprint.CategoryMaterial, Value: 1,
			Unit:     footprint.FactorUnit{Emitted: "kgCO2e", Basis: footprint.BasisCO2e, EmittedKg: 1, Per: footprint.MustParseUnit("kg")},
			Boundary: footprint.BoundaryCradleToGate, Geography: "CN", Year: 2024,
			ProductCodes: []footprint.ProductCode{{Scheme: "HS", Code: "8541"}},
			Source:       footprint.Source{Publisher: "test"}, Status: footprint.StatusActive,
		}
	}
	if err := base().Validate(); err != nil {
		t.Fatalf("canonical factor: %v", err)
	}
	for _, tt := range []struct {
		name  string
		edit  func(*footprint.Factor)
		field string
	}{
		{"LowerCaseScheme", func(f *footprint.Factor) { f.ProductCodes[0].Scheme = "hs" }, "product_codes"},
		{"DottedCode", func(f *footprint.Factor) { f.ProductCodes[0].Code = "85.41" }, "product_codes"},
		{"PaddedGeography", func(f *footprint.Factor) { f.Geography = " CN-SC" }, "geography"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := base()
			tt.edit(f)
			err := f.Validate()
			if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.field {
				t.Fatalf("err=%v (field %q), want invalid %s", err, footprint.ErrorField(err), tt.field)
			}
		})
	}
}
