package footprint

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

// wireDocs are study documents for the comparison of the fast decoder with
// encoding/json: each entry says whether the fast decoder takes it.
var wireDocs = []struct {
	name string
	doc  string
	fast bool
}{
	{"Minimal", `{"rule":"pv-module"}`, true},
	{"Empty", `{}`, true},
	{"WhiteSpace", " \t\r\n{ \"rule\" : \"x\" , \"bom\" : [ ] }\n ", true},
	{"Lines", `{"bom":[{"name":"a","quantity":1.5e-3,"unit":"kg","factor":"F","scrap_pct":2,"primary":true,"dq":{"ter":1,"gr":2,"tir":3,"p":4}},null,{"quantity":-0,"unit":"piece","children":[{"quantity":0,"unit":"kg","exempt":{"reason":"r","screening_factor":"S"}}]}]}`, true},
	{"Nulls", `{"title":null,"declared_unit":null,"reference_period":null,"product":null,"bom":null,"sources":[null,{"title":"t"}],"reference_output":null,"pv_scenario":null}`, true},
	{"NullInsideLine", `{"bom":[{"quantity":null,"unit":null,"primary":null,"dq":null,"children":null,"exempt":null}]}`, true},
	{"EmptyLists", `{"bom":[],"assemblies":[],"electricity":[],"fuels":[],"transport":[],"packaging":[],"end_of_life":[],"sources":[],"product":{"product_codes":[]}}`, true},
	{"ProductCodes", `{"product":{"product_codes":["HS:854143",null,"8541"],"use":{"annual_kwh":20,"lifetime_years":5,"country":"CN","factor":"E","stage":"C","notes":"n"}}}`, true},
	{"Escapes", `{"title":"a\"b\\c\/d\b\f\n\r\t\u00e9\u4e2d\ud83d\ude00","notes":"\ud800 alone","goal":"\udc00\u0041 and \ud800\ud800"}`, true},
	{"EscapedKey", `{"r\u0075le":"pv-module"}`, true},
	{"UTF8", `{"title":"示例单晶硅光伏组件 m² · ½"}`, true},
	{"Numbers", `{"reference_output":1E+2,"product":{"mass_kg":0.0,"area_m2":-12.5e-01,"rated_power_wp":1e308}}`, true},
	{"Everything", `{"format":"pcf-study/1","id":"i","owner":"o","created_at":"2026-01-01T00:00:00Z","assemblies":[{"id":"k","name":"kit","amount":2,"unit":"piece","lines":[{"quantity":1,"unit":"kg","assembly":"x","supplier":"s","notes":"n","stage":"A1"}]}],"electricity":[{"name":"e","quantity":1,"unit":"kWh","stage":"B","factor":"F","primary":false,"dq":{"p":1},"instruments":[{"kind":"green-certificate","serial":"S","mwh":1,"period":{"start":"2025-01-01","end":"2025-12-31"},"technology":"pv","factor":"G","transmission_factor":"T"},null],"notes":"n"}],"fuels":[{"name":"f","quantity":2,"unit":"kg","stage":"s","combustion_factor":"C","upstream_factor":"U","primary":true,"dq":{"gr":3},"notes":"n"}],"transport":[{"name":"t","mass":{"value":1,"unit":"kg"},"distance":{"value":null,"unit":"km"},"mode":"road","factor":"F","stage":"s","primary":true,"dq":null,"notes":"n"}],"packaging":[{"quantity":1,"unit":"kg","factor":"P"}],"end_of_life":[{"name":"x","quantity":1,"unit":"kg","treatment":"recycling","factor":"F","stage":"C","primary":true,"dq":{"ter":5},"notes":"n"}],"pv_scenario":{"lifetime_years":30,"degradation_pct_per_year":0.5,"specific_yield_kwh_per_kwp":1100,"source":"s"},"sources":[{"title":"t","publisher":"p","date":"d","locator":"l","used_for":"u"}],"notes":"n","goal":"g","title":"t","boundary":"b","factor_set":"2026.1","declared_unit":{"amount":1,"unit":"piece"},"reference_period":{"start":"a","end":"b"}}`, true},

	// encoding/json decides these.
	{"CaseInsensitiveKey", `{"Rule":"pv-module"}`, false},
	{"UnknownKey", `{"colour":"green"}`, false},
	{"DuplicateKey", `{"rule":"a","rule":"b"}`, false},
	{"DuplicateObject", `{"product":{"name":"a"},"product":{"model":"b"}}`, false},
	{"WrongType", `{"bom":[{"quantity":"12","unit":"kg"}]}`, false},
	{"FloatInInt", `{"bom":[{"quantity":1,"unit":"kg","dq":{"ter":1.0}}]}`, false},
	{"OutOfRange", `{"reference_output":1e400}`, false},
	{"InvalidUTF8", "{\"title\":\"\xff\"}", false},
	{"ControlCharacter", "{\"title\":\"a\tb\"}", false},
	{"BadEscape", `{"title":"\x41"}`, false},
	{"LeadingZero", `{"reference_output":01}`, false},
	{"TrailingComma", `{"rule":"a",}`, false},
	{"TrailingData", `{"rule":"a"} {}`, false},
	{"TrailingBrace", `{"rule":"a"}}`, false},
	{"TopLevelNull", `null`, false},
	{"TopLevelArray", `[]`, false},
	{"Truncated", `{"bom":[{"quantity":1`, false},
	{"BadLiteral", `{"bom":[{"quantity":1,"unit":"kg","primary":tru}]}`, false},
	{"Blank", ``, false},
}

func TestWireDecoder(t *testing.T) {
	// Ensure the fast study decoder takes ordinary documents and gives
	// exactly what encoding/json gives, and leaves the rest to encoding/json.
	for _, tt := range wireDocs {
		t.Run(tt.name, func(t *testing.T) {
			_, fast := checkWireDecoder(t, []byte(tt.doc))
			if fast != tt.fast {
				t.Errorf("fast decoder took it = %v, want %v", fast, tt.fast)
			}
		})
	}
	for _, path := range []string{"../seed/studies/pv-module.json", "../seed/studies/laptop.json"} {
		doc, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, fast := checkWireDecoder(t, doc); !fast {
			t.Errorf("%s: the fast decoder did not take it", path)
		}
	}
}

func TestWireDecoder_Depth(t *testing.T) {
	// Ensure nesting beyond maxWireDepth goes to encoding/json, and a
	// study nested as deep as Calculate allows does not.
	nested := func(levels int) string {
		return `{"bom":` + strings.Repeat(`[{"quantity":1,"unit":"piece","children":`, levels) + `[]` + strings.Repeat(`}]`, levels) + `}`
	}
	if _, fast := checkWireDecoder(t, []byte(nested(MaxBOMDepth+1))); !fast {
		t.Errorf("%d levels: fast decoder did not take it", MaxBOMDepth+1)
	}
	if _, fast := checkWireDecoder(t, []byte(nested(maxWireDepth))); fast {
		t.Errorf("%d levels: fast decoder took it", maxWireDepth)
	}
}

func FuzzWireDecoder(f *testing.F) {
	for _, tt := range wireDocs {
		f.Add([]byte(tt.doc))
	}
	for _, path := range []string{"../seed/studies/pv-module.json", "../seed/studies/laptop.json"} {
		doc, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(doc)
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		checkWireDecoder(t, doc)
	})
}

// checkWireDecoder decodes doc with both decoders and fails if the fast
// one takes it and gives something else than encoding/json. It also checks
// ParseStudyJSON gives the same study or error as encoding/json followed by
// toDomain.
func checkWireDecoder(t *testing.T, doc []byte) (*studyWire, bool) {
	t.Helper()
	d := wireDecoder{s: string(doc)}
	got, fast := d.document()
	want, err := decodeStudyWire(doc)
	if fast {
		if err != nil {
			t.Fatalf("fast decoder took a document encoding/json refuses (%v):\n%s", err, doc)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("fast decoder gives\n%#v\nencoding/json gives\n%#v\nfor\n%s", got, want, doc)
		}
	}
	if err == nil {
		checkStudyEncoder(t, want)
	}
	study, perr := ParseStudyJSON(strings.NewReader(string(doc)))
	var wantStudy *Study
	var werr error
	if err != nil {
		werr = err
	} else {
		wantStudy, werr = want.toDomain()
	}
	if !reflect.DeepEqual(perr, werr) || !reflect.DeepEqual(study, wantStudy) {
		t.Fatalf("ParseStudyJSON = %v, %v\nwant %v, %v\nfor\n%s", study, perr, wantStudy, werr, doc)
	}
	return got, fast
}

// checkStudyEncoder fails if marshalStudyWire does not write what
// json.Marshal writes, or does not give up where json.Marshal fails.
func checkStudyEncoder(t *testing.T, w *studyWire) {
	t.Helper()
	for _, indent := range []bool{false, true} {
		want, err := json.Marshal(w)
		if indent {
			want, err = json.MarshalIndent(w, "", "  ")
		}
		got, ok := marshalStudyWire(w, indent)
		if ok != (err == nil) {
			t.Fatalf("indent %v: study encoder ok = %v, encoding/json error = %v", indent, ok, err)
		}
		if ok && !bytes.Equal(got, want) {
			t.Fatalf("indent %v: study encoder writes\n%s\nencoding/json writes\n%s", indent, got, want)
		}
	}
}

func TestMarshalStudyJSON_MatchesEncodingJSON(t *testing.T) {
	// Ensure MarshalStudyJSON writes what json.MarshalIndent writes for the
	// wire form, and fails as it fails.
	var studies []*Study
	for _, path := range []string{"../seed/studies/pv-module.json", "../seed/studies/laptop.json"} {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		s, err := ParseStudyJSON(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		studies = append(studies, s)
	}
	day := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	q := &DataQuality{TeR: 1, GR: 2, TiR: 3, P: 4}
	kg := MustParseUnit("kg")
	studies = append(studies, &Study{}, &Study{
		ID: "i", Owner: "o<&>", CreatedAt: day, Title: "t\u2028", Goal: "\x01", Rule: "r", Boundary: "b", FactorSet: "f",
		DeclaredUnit: DeclaredUnit{Amount: 1e-9, Unit: kg}, ReferencePeriod: Period{Start: day, End: day}, ReferenceOutput: 1e21,
		Product: Product{Name: "n", NameZH: "示例", ProductCodes: []ProductCode{{Scheme: "HS", Code: "8541"}}, MassKg: -0.5,
			Use: &UseProfile{AnnualKWh: 1, LifetimeYears: 2, Country: "CN", Factor: "F", Stage: "s", Notes: "n"}},
		BOM: []*BOMLine{{Name: "a", Quantity: 0, Unit: kg, ScrapPct: 1, Stage: "A1", Primary: true, Quality: q, Factor: "F",
			Children: []*BOMLine{{Quantity: 2, Unit: kg, Exempt: &Exemption{Reason: "r"}}}, Supplier: "s", Notes: "n"}, nil},
		Assemblies:  []*Assembly{{ID: "k", Amount: 2, Unit: kg}, nil},
		Electricity: []*ElectricityLine{{Quantity: 1, Unit: kg, Instruments: []*GreenInstrument{{Kind: "k", Period: Period{Start: day, End: day}}, nil}}},
		Fuels:       []*FuelLine{{Quantity: 1, Unit: kg, Quality: q}},
		Transport:   []*TransportLeg{{Mass: Quantity{Value: 1, Unit: kg}, Distance: Quantity{Value: 2, Unit: kg}, Primary: true}},
		Packaging:   []*BOMLine{{Quantity: 1, Unit: kg}},
		EndOfLife:   []*EndOfLifeLine{{Quantity: 1, Unit: kg, Treatment: "landfill"}},
		PVScenario:  &PVScenario{LifetimeYears: 30},
		Sources:     []StudySource{{Title: "t"}, {}},
		Notes:       "n",
	})
	for _, s := range studies {
		checkMarshalStudyJSON(t, s)
		checkStudyEncoder(t, studyToWire(s))
	}
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		s := &Study{BOM: []*BOMLine{{Quantity: bad, Unit: kg}}}
		checkMarshalStudyJSON(t, s)
		if _, err := MarshalStudyJSON(s); err == nil {
			t.Errorf("MarshalStudyJSON(quantity %v) succeeded", bad)
		}
	}
}

func checkMarshalStudyJSON(t *testing.T, s *Study) {
	t.Helper()
	got, err := MarshalStudyJSON(s)
	want, werr := json.MarshalIndent(studyToWire(s), "", "  ")
	if werr == nil {
		want = append(want, '\n')
	} else {
		want, werr = nil, fmt.Errorf("encode study: %w", werr)
	}
	if fmt.Sprint(err) != fmt.Sprint(werr) || !bytes.Equal(got, want) {
		t.Fatalf("MarshalStudyJSON = %s, %v\nwant %s, %v", got, err, want, werr)
	}
}
