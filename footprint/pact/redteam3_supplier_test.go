package pact_test

import (
	"bytes"
	"math"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// Ensure a PACT footprint's product mass reaches the engine, per one
// declared unit, so that a study line without mass_kg can still be
// compared with the emissions of that mass of material
// (footprint.TestRedteam3_NegligibleSupplierFootprint): the v3 example-2
// states 9.468 kg for 12 liters. A mass that is not a positive decimal is
// refused, naming the field.
func TestRedteam3_SupplierMassPerUnit(t *testing.T) {
	doc := mustSpecFile(t, "v3/example-2.json")
	s, err := pact.ParseSupplier(doc)
	if err != nil {
		t.Fatal(err)
	}
	if want := 9.468 / 12; math.Abs(s.Footprint.MassKg-want) > 1e-12 {
		t.Fatalf("mass %v kg per %s, want %v", s.Footprint.MassKg, s.Footprint.DeclaredUnit.Symbol, want)
	}
	for _, bad := range []string{`"0"`, `"-1"`, `"1e3"`} {
		_, err := pact.ParseSupplier(bytes.Replace(doc, []byte(`"9.468"`), []byte(bad), 1))
		if footprint.ErrorField(err) != "pact_footprint.pcf.productMassPerDeclaredUnit" {
			t.Errorf("mass %s: %v, want a refusal naming pact_footprint.pcf.productMassPerDeclaredUnit", bad, err)
		}
	}
}
