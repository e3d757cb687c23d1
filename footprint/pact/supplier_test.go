package pact_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"path/filepath"
	"slices"
	"strings"
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
	b := footprinttest.ReadFile(t, filepath.Join(specDir, name))
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
		{"unit", "pact_footprint.pcf.declaredUnitOfMeasurement", edit(func(m map[string]any) { pcf(m)["declaredUnitOfMeasurement"] = "megabit second" })},
		{"amount", "pact_footprint.pcf.declaredUnitAmount", edit(func(m map[string]any) { pcf(m)["declaredUnitAmount"] = "0" })},
		{"negative", "pact_footprint.pcf.pcfExcludingBiogenicUptake", edit(func(m map[string]any) { pcf(m)["pcfExcludingBiogenicUptake"] = "-1" })},
		{"zero", "pact_footprint.pcf.pcfExcludingBiogenicUptake", edit(func(m map[string]any) { pcf(m)["pcfExcludingBiogenicUptake"] = "0.000" })},
		{"exponent", "pact_footprint.pcf.pcfExcludingBiogenicUptake", edit(func(m map[string]any) { pcf(m)["pcfExcludingBiogenicUptake"] = "1e3" })},
		{"number", "pact_footprint.pcf.pcfExcludingBiogenicUptake", edit(func(m map[string]any) { pcf(m)["pcfExcludingBiogenicUptake"] = 0.384 })},
		{"period", "pact_footprint.pcf.referencePeriodEnd", edit(func(m map[string]any) { delete(pcf(m), "referencePeriodEnd") })},
		{"validity", "pact_footprint.validityPeriodEnd", edit(func(m map[string]any) { m["validityPeriodEnd"] = "2020-01-01T00:00:00Z" })},
		{"not JSON", "pact_footprint", []byte(`[`)},
		{"null", "pact_footprint", []byte(" null ")},
	} {
		_, err := pact.ParseSupplier(tt.doc)
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.field {
			t.Errorf("%s: err %v (field %q), want EINVALID on %s", tt.name, err, footprint.ErrorField(err), tt.field)
		}
		// Only a document refused for its status alone is the data owner's deprecation, which a store records.
		if _, dep := errors.AsType[*pact.DeprecatedError](err); dep != (tt.name == "deprecated") {
			t.Errorf("%s: read as a deprecation: %v", tt.name, dep)
		}
	}
	// A Deprecated document refused for another field first is no deprecation (red team 47's first reading
	// looked at the status apart from the refusal, so this one was stored as one).
	bad := edit(func(m map[string]any) { m["status"], m["specVersion"] = "Deprecated", "9.0.0" })
	if _, err := pact.ParseSupplier(bad); footprint.ErrorField(err) != "pact_footprint.specVersion" {
		t.Errorf("deprecated with an unknown specVersion: %v", err)
	} else if _, dep := errors.AsType[*pact.DeprecatedError](err); dep {
		t.Error("deprecated with an unknown specVersion: read as a deprecation")
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
// product classification, per kilogram (PACT 2 has no piece: red team 69).
func pactSupplierDoc() []byte {
	return []byte(`{"id":"6b1f4a2e-4c1d-4a8e-9d0f-3c2b1a0e9f8d","specVersion":"2.3.0","version":1,"created":"2025-01-15T00:00:00Z","status":"Active",
 "companyName":"Cell Co","productNameCompany":"M10 cell",
 "pcf":{"declaredUnit":"kilogram","pCfExcludingBiogenic":"1.2",
  "referencePeriodStart":"2024-01-01T00:00:00Z","referencePeriodEnd":"2025-01-01T00:00:00Z"}}`)
}

// withPCF is doc with edit applied to its pcf object.
func withPCF(t *testing.T, doc []byte, edit func(pcf map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(doc, &m); err != nil {
		t.Fatal(err)
	}
	edit(m["pcf"].(map[string]any))
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// setPCF is doc with the pcf members kv (name, value, …) set.
func setPCF(t *testing.T, doc []byte, kv ...any) []byte {
	t.Helper()
	return withPCF(t, doc, func(pcf map[string]any) {
		for i := 0; i < len(kv); i += 2 {
			pcf[kv[i].(string)] = kv[i+1]
		}
	})
}

// Ensure a PACT footprint whose own figures contradict the one a study
// uses is refused at upload, naming that figure's field and the one it
// contradicts (red team 16: a v3 footprint of "2.0" kgCO2e/kg stating
// fossilGhgEmissions "20.0" took the demo PV module from 158.27 to 133.96
// kgCO2e with no warning): the figure excluding biogenic (uptake) includes
// the fossil emissions (v2), less only the removals and CO2 capture the
// document states (v3); a v3 figure including biogenic uptake is never
// above it; exemptedEmissionsPercent is at most 5 in PACT 2 and a
// percentage in PACT 3; the figures are Decimals of the spec's sign. Each
// figure is compared as rounded to its last decimal place.
func TestRedteam16_PACTFiguresContradictHeadline(t *testing.T) {
	const id = "8a2e1f4c-0a9b-4f6e-9c1d-5b7a3e2d1f00"
	v3 := footprinttest.SupplierPACT3(id, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", "2.0")
	v2 := footprinttest.SupplierPACT2(id, 1, "2.0")
	set := func(doc []byte, kv ...any) []byte { return setPCF(t, doc, kv...) }
	const head3, head2 = "pact_footprint.pcf.pcfExcludingBiogenicUptake", "pact_footprint.pcf.pCfExcludingBiogenic"
	for _, tt := range []struct {
		name, field, names string
		doc                []byte
	}{
		{"v3 fossil above the figure", head3, "fossilGhgEmissions 20.0", set(v3, "fossilGhgEmissions", "20.0")},
		{"v3 fossil above the figure less the removals stated", head3, "technologicalCO2Removals -10", set(v3, "fossilGhgEmissions", "20.0", "technologicalCO2Removals", "-10")},
		{"v3 fossil beyond rounding", head3, "fossilGhgEmissions 2.06", set(v3, "fossilGhgEmissions", "2.06")},
		{"v2 fossil above the figure", head2, "fossilGhgEmissions 20.0", set(v2, "fossilGhgEmissions", "20.0")},
		{"v2 removals are not v3's", head2, "fossilGhgEmissions 20.0", set(v2, "fossilGhgEmissions", "20.0", "technologicalCO2Removals", "-18")},
		{"v3 including uptake above the figure", head3, "pcfIncludingBiogenicUptake 20.0", set(v3, "pcfIncludingBiogenicUptake", "20.0")},
		{"v3 exempted above 100", "pact_footprint.pcf.exemptedEmissionsPercent", "100", set(v3, "exemptedEmissionsPercent", "101")},
		{"v3 exempted negative", "pact_footprint.pcf.exemptedEmissionsPercent", "100", set(v3, "exemptedEmissionsPercent", "-1")},
		{"v3 exempted not a decimal", "pact_footprint.pcf.exemptedEmissionsPercent", "100", set(v3, "exemptedEmissionsPercent", "45%")},
		{"v2 exempted above 5", "pact_footprint.pcf.exemptedEmissionsPercent", "currently 5", set(v2, "exemptedEmissionsPercent", 45)},
		{"v2 exempted not a number", "pact_footprint.pcf.exemptedEmissionsPercent", "from 0 to 5", set(v2, "exemptedEmissionsPercent", true)},
		{"fossil negative", "pact_footprint.pcf.fossilGhgEmissions", "≥ 0", set(v3, "fossilGhgEmissions", "-1")},
		{"fossil exponent", "pact_footprint.pcf.fossilGhgEmissions", "≥ 0", set(v2, "fossilGhgEmissions", "2e1")},
		{"removal positive", "pact_footprint.pcf.technologicalCO2Removals", "≤ 0", set(v3, "technologicalCO2Removals", "18")},
		{"v2 including not a decimal", "pact_footprint.pcf.pCfIncludingBiogenic", "must be a decimal", set(v2, "pCfIncludingBiogenic", "twenty")},
	} {
		_, err := pact.ParseSupplier(tt.doc)
		if msg := footprint.ErrorMessage(err); footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.field || !strings.Contains(msg, tt.names) {
			t.Errorf("%s: err %v (field %q), want EINVALID on %s naming %q", tt.name, err, footprint.ErrorField(err), tt.field, tt.names)
		}
	}

	// What does not contradict the figure is read, per one declared unit.
	per2 := func(x float64) *float64 { x /= 2; return &x }
	pct := func(x float64) *float64 { return &x }
	for _, tt := range []struct {
		name                 string
		doc                  []byte
		fossil, incl, exempt *float64
		removals             float64
		boundary             string
	}{
		// v3 nets the removals it states (Methodology 3.3.1); the review shows them.
		{"v3 removals netted", set(v3, "declaredUnitAmount", "2", "fossilGhgEmissions", "20.0", "technologicalCO2Removals", "-10.0", "ccsTechnologicalCO2Capture", "-8.0", "landManagementBiogenicCO2Removals", "0"),
			per2(20), per2(2), pct(0), -9, ""},
		{"v3 rounding", set(v3, "fossilGhgEmissions", "2.04", "pcfIncludingBiogenicUptake", "2.04"), pct(2.04), pct(2.04), pct(0), 0, ""},
		// Above the rule's cut-off but within PACT 3: the review warns.
		{"v3 exempted 45", set(v3, "exemptedEmissionsPercent", "45", "boundaryProcessesDescription", " extrusion and anodising only "), pct(2), pct(2), pct(45), 0, "extrusion and anodising only"},
		// Biogenic emissions the figure excludes: legitimate in v2 (the
		// spec's own example states 1.63 excluding, 1.85 including).
		{"v2 including biogenic above", set(v2, "pCfIncludingBiogenic", "20.0", "fossilGhgEmissions", "1.5", "exemptedEmissionsPercent", 5), pct(1.5), pct(20), pct(5), 0, ""},
		{"v2 nothing stated", v2, nil, nil, nil, 0, ""},
	} {
		s, err := pact.ParseSupplier(tt.doc)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		eq := func(a, b *float64) bool { return (a == nil && b == nil) || (b != nil && eqKg(a, *b)) }
		if !eq(s.FossilKgCO2e, tt.fossil) || !eq(s.IncludingBiogenicKgCO2e, tt.incl) || !eq(s.ExemptedPct, tt.exempt) || s.RemovalsKgCO2e != tt.removals || s.BoundaryProcesses != tt.boundary {
			t.Errorf("%s: fossil %v including %v exempted %v removals %v boundary %q", tt.name, s.FossilKgCO2e, s.IncludingBiogenicKgCO2e, s.ExemptedPct, s.RemovalsKgCO2e, s.BoundaryProcesses)
		}
	}
	// The official examples read: v3 example-2 per liter of its 12.
	s, err := pact.ParseSupplier(mustSpecFile(t, "v3/example-2.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !eqKg(s.FossilKgCO2e, 4.78/12) || !eqKg(s.IncludingBiogenicKgCO2e, -14.22/12) || !eqKg(s.ExemptedPct, 0) || !strings.HasPrefix(s.BoundaryProcesses, "1) Material acquisition") {
		t.Fatalf("v3 example-2: %+v", s)
	}
}

// eqKg reports whether a is stated and within rounding of want.
func eqKg(a *float64, want float64) bool { return a != nil && math.Abs(*a-want) < 1e-12 }

// Red team 21 (PACT exchange): a supplier's PACT footprint that reads one
// way to every PACT reader and another way to the service.
//
// Attack (case-variant member names): JSON member names are case
// sensitive (RFC 8259; PACT's OpenAPI names "status" and
// "pCfExcludingBiogenic", nothing else), but encoding/json, which
// ParseSupplier decodes with, matches a member to a field ignoring case
// and keeps the last one it meets. So a document that carries
// `"status":"Deprecated"` and, after it, `"Status":"Active"` is a
// Deprecated footprint to the supplier, to the WBCSD tools (TypeScript,
// `doc.status`) and to anyone who reads it, and an Active one to the
// service, which refuses Deprecated footprints at upload precisely
// because "its owner replaced it". The same with the figure: a v2
// document stating `"pCfExcludingBiogenic":"20.0"` then
// `"PCfExcludingBiogenic":"2.0"` is the supplier's 20.0 to every reader
// and 2.0 in the study, the certificate and its supplier list (pcf verify
// reads it with the same parser, so the recomputation agrees with the
// service, not with the document). A manufacturer who forwards the
// supplier's genuine document with one member appended, or a supplier's
// host that serves it, gets a replaced footprint, or a tenth of its
// figure, into a certificate while the document, compared member by member
// with the supplier's, still says what the supplier said.
//
// Attack (envelope beside a footprint): ParseSupplier takes a "data"
// object as GetFootprint's envelope and reads it instead of the document,
// without asking whether the document is a footprint itself. A document
// that is the supplier's Deprecated footprint (id, status, figure 20.0)
// with a "data" member holding an Active one of 2.0 is read as the
// latter.
//
// A correct parser reads PACT's members by their exact names and refuses
// a document with a member that differs from one only by case (ambiguous:
// readers disagree), and refuses a document that is both a footprint and
// an envelope; failing that, it reads exactly what PACT readers read
// (Deprecated: refused; the figure 20.0).
func TestRedteam21_SupplierDocumentReadOtherwiseThanItSays(t *testing.T) {
	const id = "7c1f4a2e-4c1d-4a8e-9d0f-3c2b1a0e9f8d"
	base := footprinttest.SupplierPACT2(id, 1, "20.0")
	replace := func(old, new string) []byte {
		t.Helper()
		if !bytes.Contains(base, []byte(old)) {
			t.Fatalf("the base document has no %s", old)
		}
		return bytes.Replace(base, []byte(old), []byte(new), 1)
	}
	envelope := func() []byte {
		active := footprinttest.SupplierPACT2(id, 2, "2.0")
		var top map[string]any
		if err := json.Unmarshal(replace(`"status":"Active"`, `"status":"Deprecated"`), &top); err != nil {
			t.Fatal(err)
		}
		top["data"] = json.RawMessage(active)
		b, err := json.Marshal(top)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, tc := range []struct {
		name string
		doc  []byte
	}{
		{"Deprecated, then Status Active", replace(`"status":"Active"`, `"status":"Deprecated","Status":"Active"`)},
		{"20.0, then PCfExcludingBiogenic 2.0", replace(`"pCfExcludingBiogenic":"20.0"`, `"pCfExcludingBiogenic":"20.0","PCfExcludingBiogenic":"2.0"`)},
		{"a Deprecated footprint with an Active one in data", envelope()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// What a PACT reader that matches names exactly sees.
			var plain struct{ Status string }
			var m map[string]json.RawMessage
			if err := json.Unmarshal(tc.doc, &m); err != nil {
				t.Fatal(err)
			}
			_ = json.Unmarshal(m["status"], &plain.Status)
			var pcf map[string]json.RawMessage
			_ = json.Unmarshal(m["pcf"], &pcf)
			var figure string
			_ = json.Unmarshal(pcf["pCfExcludingBiogenic"], &figure)

			s, err := pact.ParseSupplier(tc.doc)
			if err != nil {
				return // refused: the document is ambiguous
			}
			if plain.Status != "Active" {
				t.Errorf("accepted as Active (%v kgCO2e/kg) a document whose status member says %q", s.Footprint.KgCO2e, plain.Status)
			}
			if figure != "20.0" || s.Footprint.KgCO2e != 20.0 {
				t.Errorf("the document states pCfExcludingBiogenic %q; the service reads %v kgCO2e/kg", figure, s.Footprint.KgCO2e)
			}
		})
	}
}

// Ensure a PACT 3 footprint whose figure leaves out emissions its own
// formula adds is refused at upload, naming the figure and the terms
// (red team 64): pcfExcludingBiogenicUptake SHALL be fossilGhgEmissions +
// landUseChangeGhgEmissions + landManagementBiogenicCO2Emissions + the
// removals and capture + biogenicNonCO2Emissions (v3 openapi.yaml,
// x-comment), and packaging's emissions are in it when the document says
// they are included. A junction box at "0.5" kgCO2e/kg stating 40 kg of
// land-use change emissions, 3 of land-management biogenic CO2 and 2 of
// biogenic non-CO2 per kg was read as 0.5: the demo PV module with 0.2 kg
// of it 159.2 → 150.2 kgCO2e. The terms are PositiveOrZeroDecimals: a
// negative one would lower the bound.
func TestRedteam64_PACT3FigureBelowItsOwnFormula(t *testing.T) {
	const id = "8a2e1f4c-0a9b-4f6e-9c1d-5b7a3e2d1f00"
	v3 := footprinttest.SupplierPACT3(id, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", "0.5")
	v2 := footprinttest.SupplierPACT2(id, 1, "0.5")
	set := func(doc []byte, kv ...any) []byte { return setPCF(t, doc, kv...) }
	const head = "pact_footprint.pcf.pcfExcludingBiogenicUptake"
	for _, tt := range []struct {
		name, field, names string
		doc                []byte
	}{
		{"land-use change", head, "landUseChangeGhgEmissions 40.0", set(v3, "landUseChangeGhgEmissions", "40.0")},
		{"all three", head, "fossilGhgEmissions 0.5 + landUseChangeGhgEmissions 40.0 + landManagementBiogenicCO2Emissions 3.0 + biogenicNonCO2Emissions 2.0",
			set(v3, "landUseChangeGhgEmissions", "40.0", "landManagementBiogenicCO2Emissions", "3.0", "biogenicNonCO2Emissions", "2.0")},
		{"biogenic non-CO2 beyond rounding", head, "biogenicNonCO2Emissions 0.3", set(v3, "biogenicNonCO2Emissions", "0.3")},
		{"land management less the removals stated", head, "technologicalCO2Removals -1.0", set(v3, "landManagementBiogenicCO2Emissions", "5.0", "technologicalCO2Removals", "-1.0")},
		{"packaging included", head, "packagingGhgEmissions 3.0", set(v3, "packagingEmissionsIncluded", true, "packagingGhgEmissions", "3.0")},
		{"land-use change negative", "pact_footprint.pcf.landUseChangeGhgEmissions", "≥ 0", set(v3, "landUseChangeGhgEmissions", "-1")},
		{"biogenic non-CO2 not a decimal", "pact_footprint.pcf.biogenicNonCO2Emissions", "≥ 0", set(v3, "biogenicNonCO2Emissions", "2e1")},
		{"packaging negative", "pact_footprint.pcf.packagingGhgEmissions", "≥ 0", set(v3, "packagingEmissionsIncluded", true, "packagingGhgEmissions", "-1")},
	} {
		_, err := pact.ParseSupplier(tt.doc)
		msg := footprint.ErrorMessage(err)
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.field || !strings.Contains(msg, tt.names) {
			t.Errorf("%s: err %v (field %q), want EINVALID on %s naming %q", tt.name, err, footprint.ErrorField(err), tt.field, tt.names)
		} else if en := footprinttest.English(t, msg); strings.ContainsFunc(en, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
			t.Errorf("%s: the English half of %q holds Chinese", tt.name, msg)
		}
	}

	// What agrees with the formula is read: the terms within the figure,
	// removals netting them, rounding, packaging not included, and v2,
	// which has none of these terms.
	for _, tt := range []struct {
		name string
		doc  []byte
	}{
		{"terms within the figure", set(v3, "pcfExcludingBiogenicUptake", "45.5", "pcfIncludingBiogenicUptake", "45.5", "landUseChangeGhgEmissions", "40.0", "landManagementBiogenicCO2Emissions", "3.0", "biogenicNonCO2Emissions", "2.0")},
		{"removals netting them", set(v3, "landUseChangeGhgEmissions", "40.0", "technologicalCO2Removals", "-40.0")},
		{"rounding", set(v3, "biogenicNonCO2Emissions", "0.04")},
		{"zeros", set(v3, "landUseChangeGhgEmissions", "0", "biogenicNonCO2Emissions", "0.0")},
		{"packaging not included", set(v3, "packagingEmissionsIncluded", false, "packagingGhgEmissions", "3.0")},
		{"packaging within", set(v3, "packagingEmissionsIncluded", true, "packagingGhgEmissions", "0.5")},
		{"v2 has no such terms", set(v2, "landUseChangeGhgEmissions", "40.0", "biogenicNonCO2Emissions", "-2")},
	} {
		if _, err := pact.ParseSupplier(tt.doc); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	// The official v3 examples agree with their formula.
	for _, f := range []string{"v3/example-1.json", "v3/example-2.json", "v3/get-footprint-response.json"} {
		if _, err := pact.ParseSupplier(mustSpecFile(t, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// Ensure the prose of a v2 footprint stated per kilogram says what its
// figures are per (red team 64): v2 has no piece, so the demo module's
// footprint is per kilogram (pCfExcludingBiogenic 5.805, unitaryProductAmount
// 25.857), while boundaryProcessesDescription listed "kgCO2e per declared
// unit: A1 raw materials and processing 144.199" and
// uncertaintyAssessmentDescription "95 % interval 128.1 to 177.7 kgCO2e per
// declared unit": per kilogram, to a v2 reader, 25 times the footprint. The
// v3 footprint, per piece, is per its declared unit indeed.
func TestRedteam64_V2ProseIsPerTheUnitItStates(t *testing.T) {
	s := MustDemoStudy(t, "pv-module", withCPC)
	rec := MustRecord(t, s, uuid.Nil, certification.CertificateValid)
	v2, v3 := MustEncode(t, MustFootprint(t, rec, s), MustSchemas(t))
	mass := pact.Decimal(s.Product.MassKg)
	if v2.PCF.DeclaredUnit != "kilogram" || v2.PCF.UnitaryProductAmount != mass {
		t.Fatalf("v2 declared unit %q × %s, want kilogram × %s", v2.PCF.DeclaredUnit, v2.PCF.UnitaryProductAmount, mass)
	}
	for what, text := range map[string]string{"boundaryProcessesDescription": v2.PCF.BoundaryProcessesDescription, "uncertaintyAssessmentDescription": v2.PCF.UncertaintyAssessmentDescription} {
		if text == "" || strings.Contains(text, "per declared unit") || !strings.Contains(text, "kgCO2e per "+mass+" kilogram (unitaryProductAmount") {
			t.Errorf("v2 %s = %q: want its figures stated per %s kilogram, the unitaryProductAmount", what, text, mass)
		}
	}
	if text := v3.PCF.BoundaryProcessesDescription; !strings.Contains(text, "kgCO2e per declared unit") {
		t.Errorf("v3 boundaryProcessesDescription = %q: want per declared unit (1 piece)", text)
	}
}
