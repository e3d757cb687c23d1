package footprint_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

func TestParseStudyJSON_Errors(t *testing.T) {
	// Ensure a bad study document is refused with EINVALID naming the field
	// (or the line and column of a syntax error).
	for _, tt := range []struct {
		name, doc, field, message string
	}{
		{"UnknownField", `{"rule":"pv-module","colour":"green"}`, "colour", "unknown field (near line 1, column"},
		{"UnknownNestedField", `{"rule":"pv-module","bom":[{"quantity":1,"unit":"kg","factr":"X"}]}`, "factr", "unknown field"},
		{"WrongType", `{"rule":"pv-module","bom":[{"quantity":"12","unit":"kg"}]}`, "bom.quantity", "want float64, got JSON string"},
		{"Syntax", "{\n  \"rule\": \"pv-module\",\n  oops\n}", "line 3, column 3", "invalid JSON"},
		{"UnknownUnit", `{"bom":[{"quantity":1,"unit":"kg"},{"quantity":1,"unit":"kgs"}]}`, "bom[1].unit", `unknown unit "kgs"`},
		{"ChildUnit", `{"bom":[{"quantity":1,"unit":"piece","children":[{"quantity":2}]}]}`, "bom[0].children[0].unit", "unit is required"},
		{"MissingQuantity", `{"electricity":[{"unit":"kWh","factor":"E"}]}`, "electricity[0].quantity", "quantity is required"},
		{"BadDate", `{"reference_period":{"start":"2025-13-01","end":"2025-12-31"}}`, "reference_period.start", "want a date YYYY-MM-DD"},
		{"PeriodReversed", `{"reference_period":{"start":"2025-12-31","end":"2025-01-01"}}`, "reference_period", "period ends before it starts"},
		{"BadProductCode", `{"product":{"product_codes":["XX:1"]}}`, "product.product_codes[0]", "unknown scheme"},
		{"InstrumentPeriod", `{"electricity":[{"quantity":1,"unit":"kWh","factor":"E","instruments":[{"kind":"green-certificate","serial":"S","mwh":1,"period":{"start":"2025","end":"2025-12-31"}}]}]}`, "electricity[0].instruments[0].period.start", "want a date"},
		{"Format", `{"format":"pcf-study/9"}`, "format", "unknown format"},
		{"Empty", ``, "", "empty document"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := footprint.ParseStudyJSON(strings.NewReader(tt.doc))
			if got, want := footprint.ErrorCode(err), footprint.EINVALID; got != want {
				t.Fatalf("code = %q (%v), want %q", got, err, want)
			}
			if got := footprint.ErrorField(err); got != tt.field {
				t.Errorf("field = %q, want %q (%v)", got, tt.field, err)
			}
			if got := footprint.ErrorMessage(err); !strings.Contains(got, tt.message) {
				t.Errorf("message = %q, want it to contain %q", got, tt.message)
			}
		})
	}
}

func TestMarshalStudyJSON_RoundTrip(t *testing.T) {
	// Ensure a study written with MarshalStudyJSON reads back equal, for
	// both demo studies and a study with every kind of line.
	s := pvStudy()
	s.ID, s.Owner, s.CreatedAt = "study-1", "maker", day(2026, 2, 1)
	s.ReferenceOutput = 1000
	s.Electricity[0].Instruments = []*footprint.GreenInstrument{{Kind: footprint.InstrumentGreenCertificate, Serial: "GEC-1", MWh: 5, Period: year2025, Technology: "pv", Factor: "ELEC-CN-GEN-PV-CF-2024", TransmissionFactor: "ELEC-CN-TD-LOSS-CF-2024"}}
	s.Fuels = []*footprint.FuelLine{{Name: "gas", Quantity: 1, Unit: unit("Nm³"), CombustionFactor: "FUEL-CN-NG", UpstreamFactor: "FUEL-CN-NG-UPSTREAM"}}
	s.Assemblies = []*footprint.Assembly{{ID: "kit", Name: "kit", Amount: 2, Unit: unit("piece"), Lines: []*footprint.BOMLine{{Quantity: 1, Unit: unit("kg"), Factor: "PV-GLASS-FLOAT", Quality: &footprint.DataQuality{TeR: 1, GR: 2, TiR: 3, P: 4}}}}}
	s.BOM = append(s.BOM, &footprint.BOMLine{Quantity: 1, Unit: unit("piece"), Assembly: "kit"}, &footprint.BOMLine{Quantity: 0.1, Unit: unit("kg"), Exempt: &footprint.Exemption{Reason: "gap", ScreeningFactor: "MAT-PLASTIC-AVG-DESNZ"}})
	s.PVScenario = &footprint.PVScenario{LifetimeYears: 30, DegradationPctPerYear: 0.5, SpecificYieldKWhPerKWp: 1100, Source: "test"}
	s.Sources = []footprint.StudySource{{Title: "t", Publisher: "p", Date: "2024", Locator: "u", UsedFor: "all"}}

	studies := []*footprint.Study{s, MustParseStudyFile(t, "../seed/studies/pv-module.json"), MustParseStudyFile(t, "../seed/studies/laptop.json")}
	for _, want := range studies {
		b, err := footprint.MarshalStudyJSON(want)
		if err != nil {
			t.Fatal(err)
		}
		got, err := footprint.ParseStudyJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("round trip of %q differs:\n%s", want.Title, b)
		}
	}
}

func TestStudy_FactorCodes(t *testing.T) {
	// Ensure FactorCodes lists every factor a study names, sorted, once, so
	// one FindFactorsByCodes call fetches the whole snapshot.
	s := MustParseStudyFile(t, "../seed/studies/pv-module.json")
	want := []string{
		"ELEC-CN-GEN-PV-CF-2024", "ELEC-CN-NAT-CF-2024", "ELEC-CN-TD-LOSS-CF-2024", "MAT-CU-CN",
		"MAT-PLASTIC-AVG-DESNZ", "PV-AL-PROFILE", "PV-CELL-MONO182", "PV-GLASS-FLOAT",
		"TR-ROAD-DIESEL-HEAVY", "TR-ROAD-DIESEL-LIGHT", "TR-ROAD-DIESEL-MED",
	}
	if got := s.FactorCodes(); !reflect.DeepEqual(got, want) {
		t.Errorf("FactorCodes = %v, want %v", got, want)
	}
	// Calculating with exactly that snapshot works.
	all := MustLoadFactors(t)
	snapshot := map[string]*footprint.Factor{}
	for _, c := range want {
		snapshot[c] = all[c]
	}
	MustCalculate(t, s, snapshot, nil)

	l := electronicsStudy()
	l.BOM = append(l.BOM, &footprint.BOMLine{Quantity: 1, Unit: unit("piece"), Supplier: "S-2"}, &footprint.BOMLine{Quantity: 1, Unit: unit("piece"), Children: []*footprint.BOMLine{{Quantity: 1, Unit: unit("piece"), Supplier: "S-1"}, {Quantity: 1, Unit: unit("piece"), Supplier: "S-2"}}})
	if got, want := l.SupplierIDs(), []string{"S-1", "S-2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("SupplierIDs = %v, want %v", got, want)
	}
}

// benchStudyJSON returns benchStudy(n) as a compact study document, the
// form a client posts to the API.
func benchStudyJSON(tb testing.TB, n int) []byte {
	tb.Helper()
	doc, err := footprint.MarshalStudyJSON(benchStudy(n))
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, doc); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkParseStudyJSON reads the document of a study whose BOM has n
// lines nested five levels deep (benchStudy), as POST /v1/studies does.
func BenchmarkParseStudyJSON(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			doc := benchStudyJSON(b, n)
			b.SetBytes(int64(len(doc)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := footprint.ParseStudyJSON(bytes.NewReader(doc)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkMarshalStudyJSON writes the document of a study whose BOM has n
// lines nested five levels deep (benchStudy), as the study store does for
// every study it stores.
func BenchmarkMarshalStudyJSON(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			s := benchStudy(n)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := footprint.MarshalStudyJSON(s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Ensure a truncated document is refused with the place where it stops.
func TestParseStudyJSON_ErrTruncated(t *testing.T) {
	_, err := footprint.ParseStudyJSON(strings.NewReader("{\n  \"rule\":"))
	if got, want := footprint.ErrorCode(err), footprint.EINVALID; got != want {
		t.Fatalf("code=%q, want %q (%v)", got, want, err)
	}
	if got, want := footprint.ErrorField(err), "line 2, column 10"; got != want {
		t.Fatalf("field=%q, want %q (%v)", got, want, err)
	}
}
