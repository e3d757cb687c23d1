package pact_test

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/google/uuid"
)

func mustSpecFile(t *testing.T, name string) []byte {
	t.Helper()
	MustSchemas(t) // skips when the documents are not beside the repository
	b, err := os.ReadFile(filepath.Join(specDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Ensure the official examples and our own footprints read as supplier
// footprints: the v3 figure per declaredUnitAmount becomes per one unit,
// v2 keeps its figure per unit, the PACT units map to the engine's, and
// the validity and reference period carry over (the period's exclusive
// end becoming an inclusive last day).
func TestParseSupplier(t *testing.T) {
	for _, tt := range []struct {
		name    string
		doc     []byte
		unit    string
		kg      float64
		version int
		until   string
		period  string
	}{
		{"v3 example-1", mustSpecFile(t, "v3/example-1.json"), "kg", 0.384, 0, "2027-12-31", "2024-01-01/2024-12-30"},
		{"v3 example-2 (12 liters)", mustSpecFile(t, "v3/example-2.json"), "L", 5.14 / 12, 0, "2027-12-31", "2024-01-01/2024-12-30"},
		{"v2 response envelope", mustSpecFile(t, "v2/get-footprint-response.json"), "L", 1.63, 1, "2024-12-31", "2021-01-01/2021-12-31"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := pact.ParseSupplier(tt.doc)
			if err != nil {
				t.Fatal(err)
			}
			f := s.Footprint
			if f.DeclaredUnit.Symbol != tt.unit || math.Abs(f.KgCO2e-tt.kg) > 1e-12 || s.Version != tt.version {
				t.Errorf("unit %s kg %v version %d, want %s %v %d", f.DeclaredUnit.Symbol, f.KgCO2e, s.Version, tt.unit, tt.kg, tt.version)
			}
			if got := f.ValidUntil.Format(time.DateOnly); got != tt.until {
				t.Errorf("valid until %s, want %s", got, tt.until)
			}
			if got := f.Period.String(); got != tt.period {
				t.Errorf("period %s, want %s", got, tt.period)
			}
			if f.ID != "pact:"+s.ID.String() || f.Boundary != footprint.BoundaryCradleToGate || f.Supplier == "" || f.Product == "" {
				t.Errorf("footprint %+v", f)
			}
		})
	}
	// Our own footprints read back to the certificate's figure per unit.
	st := MustDemoStudy(t, "pv-module", withCPC)
	fp := MustFootprint(t, MustRecord(t, st, uuid.Nil, certification.CertificateValid), st)
	v2, v3 := MustEncode(t, fp, nil)
	for name, w := range map[string]any{"v2": v2, "v3": v3} {
		b, _ := json.Marshal(w)
		s, err := pact.ParseSupplier(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		per := fp.KgCO2e
		if name == "v2" {
			per = fp.KgCO2e / fp.MassKg // stated per kilogram in v2
		}
		if math.Abs(s.Footprint.KgCO2e-per) > 1e-9*per {
			t.Errorf("%s: %v per %s, want %v", name, s.Footprint.KgCO2e, s.Footprint.DeclaredUnit.Symbol, per)
		}
	}
}

// Ensure what a BOM line cannot use is refused, naming the field: a
// Deprecated footprint, an unknown version or status, a unit the engine
// cannot convert, a negative or non-decimal figure, a missing period.
func TestParseSupplier_Errors(t *testing.T) {
	base := mustSpecFile(t, "v3/example-1.json")
	edit := func(f func(m map[string]any)) []byte {
		var m map[string]any
		if err := json.Unmarshal(base, &m); err != nil {
			t.Fatal(err)
		}
		f(m)
		b, _ := json.Marshal(m)
		return b
	}
	pcf := func(m map[string]any) map[string]any { return m["pcf"].(map[string]any) }
	for _, tt := range []struct {
		name, field string
		doc         []byte
	}{
		{"deprecated", "pact_footprint.status", edit(func(m map[string]any) { m["status"] = "Deprecated" })},
		{"status", "pact_footprint.status", edit(func(m map[string]any) { m["status"] = "Draft" })},
		{"spec 1", "pact_footprint.specVersion", edit(func(m map[string]any) { m["specVersion"] = "1.0.0" })},
		{"id", "pact_footprint.id", edit(func(m map[string]any) { m["id"] = "urn:gtin:1" })},
		{"unit", "pact_footprint.pcf.declaredUnit", edit(func(m map[string]any) { pcf(m)["declaredUnitOfMeasurement"] = "megabit second" })},
		{"amount", "pact_footprint.pcf.declaredUnitAmount", edit(func(m map[string]any) { pcf(m)["declaredUnitAmount"] = "0" })},
		{"negative", "pact_footprint.pcf.pcfExcludingBiogenicUptake", edit(func(m map[string]any) { pcf(m)["pcfExcludingBiogenicUptake"] = "-1" })},
		{"zero", "pact_footprint.pcf.pcfExcludingBiogenicUptake", edit(func(m map[string]any) { pcf(m)["pcfExcludingBiogenicUptake"] = "0.000" })},
		{"exponent", "pact_footprint.pcf.pcfExcludingBiogenicUptake", edit(func(m map[string]any) { pcf(m)["pcfExcludingBiogenicUptake"] = "1e3" })},
		{"number", "pact_footprint", edit(func(m map[string]any) { pcf(m)["pcfExcludingBiogenicUptake"] = 0.384 })},
		{"period", "pact_footprint.pcf.referencePeriodEnd", edit(func(m map[string]any) { delete(pcf(m), "referencePeriodEnd") })},
		{"validity", "pact_footprint.validityPeriodEnd", edit(func(m map[string]any) { m["validityPeriodEnd"] = "2020-01-01T00:00:00Z" })},
		{"not JSON", "pact_footprint", []byte(`[`)},
		{"null", "pact_footprint", []byte(" null ")},
	} {
		_, err := pact.ParseSupplier(tt.doc)
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.field {
			t.Errorf("%s: err %v (field %q), want EINVALID on %s", tt.name, err, footprint.ErrorField(err), tt.field)
		}
	}
	if !bytes.Contains(base, []byte(`"Active"`)) {
		t.Fatal("example is not Active")
	}
}

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

// Ensure a PACT footprint is not used past what PACT allows, whatever
// validity its document states: validityPeriodEnd is at most three years
// after referencePeriodEnd (PACT §6, reference/pact.md). A manufacturer
// whose supplier footprint of 2024 expired uploaded it again under a new
// id (or, v2, a higher version) with a validityPeriodEnd of 2099, and every
// new calculation and issue took it as valid.
func TestReview_PACTValidityAtMostThreeYears(t *testing.T) {
	doc := footprinttest.SupplierPACT3("8a2e1f4c-0a9b-4f6e-9c1d-5b7a3e2d1f00", "Active", "2025-01-01T00:00:00Z", "2099-01-01T00:00:00Z", "4.2")
	s, err := pact.ParseSupplier(doc)
	if err != nil {
		t.Fatal(err)
	}
	// referencePeriodEnd 2025-01-01 + 3 years
	if want := time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC); !s.Footprint.ValidUntil.Equal(want) {
		t.Fatalf("valid until %s, want %s", s.Footprint.ValidUntil, want)
	}
}

// Ensure a PACT footprint gives the product codes it names: productCategoryCpc
// (v2) and the classification URNs in the forms this service writes.
func TestRedteam5_PACTSupplierProductCodes(t *testing.T) {
	doc := bytes.Replace(pactSupplierDoc(), []byte(`"productNameCompany"`),
		[]byte(`"productCategoryCpc":"47150","productClassifications":["urn:pact:wcoomd.org:hs-code:854142","urn:pact:example:other:1","urn:cpc:47150"],"productNameCompany"`), 1)
	s, err := pact.ParseSupplier(doc)
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

// pactSupplierDoc is a v2 supplier footprint of cells that names no
// product classification.
func pactSupplierDoc() []byte {
	return []byte(`{"id":"6b1f4a2e-4c1d-4a8e-9d0f-3c2b1a0e9f8d","specVersion":"2.3.0","version":1,"created":"2025-01-15T00:00:00Z","status":"Active",
 "companyName":"Cell Co","productNameCompany":"M10 cell",
 "pcf":{"declaredUnit":"piece","pCfExcludingBiogenic":"1.2",
  "referencePeriodStart":"2024-01-01T00:00:00Z","referencePeriodEnd":"2025-01-01T00:00:00Z"}}`)
}
