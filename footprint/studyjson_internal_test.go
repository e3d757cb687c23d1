package footprint

import (
	"bytes"
	"encoding/json"
	"maps"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

// fillStudy sets every field of v a study document holds (the json:"-"
// fields are left alone) to a value that is not its zero, by reflection, so
// that a field added to the study types without its place in studyEncoder
// makes TestMarshalStudyJSON_Reflect fail. Lists get two elements, down to
// a nesting of three; n numbers the values, so that each field differs.
func fillStudy(v reflect.Value, n *int, depth int) {
	*n++
	floats := []float64{1.5, 1e-7, 2.5e21, -0.000123, 123456789.123, 7, 0.1 + 0.2, -3e-9}
	switch v.Kind() {
	case reflect.String:
		v.SetString([]string{"a<b>&c", "line\n\"q\"\\\t\u2028é\x01", "\xffbad", "plain"}[*n%4] + strings.Repeat("x", *n%3))
	case reflect.Float64:
		v.SetFloat(floats[*n%len(floats)])
	case reflect.Int:
		v.SetInt(int64(*n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fillStudy(v.Elem(), n, depth)
	case reflect.Slice:
		if depth > 3 {
			return
		}
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fillStudy(s.Index(i), n, depth+1)
		}
		v.Set(s)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			cst := time.FixedZone("CST", 8*3600)
			v.Set(reflect.ValueOf(time.Date(2025, time.Month(1+*n%12), 1+*n%28, 10, 0, 0, *n, cst)))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).Tag.Get("json") == "-" {
				continue
			}
			fillStudy(v.Field(i), n, depth)
		}
	default:
		panic("fillStudy: no value for " + v.Type().String())
	}
}

// Ensure MarshalStudyJSON writes what encoding/json writes for the
// study's wire form, byte for byte (stored documents are re-encoded by
// pcf verify and hashed into certificates): a study with every field set,
// the zero study, null and empty lists, negative zeros, deep nesting, and
// the seed studies.
func TestMarshalStudyJSON_Reflect(t *testing.T) {
	var n int
	full := &Study{}
	fillStudy(reflect.ValueOf(full).Elem(), &n, 0)

	nulls := &Study{
		DeclaredUnit: DeclaredUnit{Amount: math.Copysign(0, -1)},
		BOM:          []*BOMLine{nil, {Quantity: math.Copysign(0, -1), ScrapPct: math.Copysign(0, -1), Children: []*BOMLine{}}},
		Assemblies:   []*Assembly{nil, {ID: "a"}, {ID: "b", Lines: []*BOMLine{}}},
		Electricity:  []*ElectricityLine{nil, {Instruments: []*GreenInstrument{nil, {}}}},
		Fuels:        []*FuelLine{nil}, Transport: []*TransportLeg{nil, {}}, EndOfLife: []*EndOfLifeLine{nil},
		Packaging: []*BOMLine{}, Sources: []StudySource{}, Product: Product{ProductCodes: ProductCodes{}, Use: &UseProfile{}},
		PVScenario: &PVScenario{},
	}
	deep := &Study{BOM: []*BOMLine{{Quantity: 1}}}
	for l, i := deep.BOM[0], 0; i < maxStudyEncodeDepth+5; i++ {
		l.Children = []*BOMLine{{Quantity: 2}}
		l = l.Children[0]
	}
	studies := map[string]*Study{"every field": full, "zero": {}, "nulls": nulls, "deep": deep}
	for _, path := range []string{"../seed/studies/pv-module.json", "../seed/studies/laptop.json"} {
		doc, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if studies[path], err = ParseStudyJSON(bytes.NewReader(doc)); err != nil {
			t.Fatal(err)
		}
	}
	for name, s := range studies {
		want, err := marshalStudyReflect(s)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := MarshalStudyJSON(s)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(got, want) {
			i := 0
			for i < min(len(got), len(want)) && got[i] == want[i] {
				i++
			}
			t.Errorf("%s: differs from encoding/json at byte %d:\n got  …%s\n want …%s", name, i, got[max(0, i-80):min(len(got), i+80)], want[max(0, i-80):min(len(want), i+80)])
		}
	}
	if n < 100 {
		t.Fatalf("only %d values filled", n)
	}
}

// Ensure MarshalStudyJSON refuses what encoding/json refuses: a number JSON
// cannot hold, anywhere, and a cycle of lines.
func TestMarshalStudyJSON_ErrLikeReflect(t *testing.T) {
	cycle := &BOMLine{Quantity: 1}
	cycle.Children = []*BOMLine{cycle}
	for name, s := range map[string]*Study{
		"reference output": {ReferenceOutput: math.NaN()},
		"declared unit":    {DeclaredUnit: DeclaredUnit{Amount: math.Inf(1)}},
		"mass":             {Product: Product{MassKg: math.Inf(-1)}},
		"child":            {BOM: []*BOMLine{{Children: []*BOMLine{{Quantity: math.NaN()}}}}},
		"instrument":       {Electricity: []*ElectricityLine{{Instruments: []*GreenInstrument{{MWh: math.NaN()}}}}},
		"transport":        {Transport: []*TransportLeg{{Distance: Quantity{Value: math.Inf(1)}}}},
		"cycle":            {BOM: []*BOMLine{cycle}},
	} {
		if _, err := marshalStudyReflect(s); err == nil {
			t.Fatalf("%s: encoding/json took it", name)
		}
		if b, err := MarshalStudyJSON(s); err == nil {
			t.Errorf("%s: MarshalStudyJSON = %s, want an error", name, b)
		}
	}
}

// parseStudySlow is ParseStudyJSON without decodeStudyFast: json/v2 alone.
func parseStudySlow(doc []byte) (*Study, error) {
	var d studyWire
	if err := decodeJSON(bytes.NewReader(doc), MaxStudyJSONBytes, "study", &d, studyOptions); err != nil {
		return nil, err
	}
	return d.study()
}

// ParseStudyJSONAgrees reports how ParseStudyJSON and json/v2 alone
// (parseStudySlow) differ on doc: "" when both read the same study or
// refuse it with the same error (FuzzParseStudyJSON).
var ParseStudyJSONAgrees = func(doc []byte) string {
	fast, errFast := ParseStudyJSON(bytes.NewReader(doc))
	slow, errSlow := parseStudySlow(doc)
	switch {
	case (errFast == nil) != (errSlow == nil):
		return "ParseStudyJSON: " + errString(errFast) + "; json/v2: " + errString(errSlow)
	case errFast != nil && errFast.Error() != errSlow.Error():
		return "ParseStudyJSON: " + errFast.Error() + "; json/v2: " + errSlow.Error()
	case !reflect.DeepEqual(fast, slow):
		a, _ := marshalStudyReflect(fast)
		b, _ := marshalStudyReflect(slow)
		return "studies differ:\n" + string(a) + "\n" + string(b)
	}
	return ""
}

func errString(err error) string {
	if err == nil {
		return "no error"
	}
	return err.Error()
}

// Ensure ParseStudyJSON, which reads the lines of a study itself
// (decodeStudyFast), reads every document as json/v2 alone does, and
// refuses every document json/v2 refuses with the same error: the seed and
// test studies, and the same with a BOM line changed at each edge of what
// the fast reader takes (a null, a missing or repeated or escaped name, a
// value of another kind, a number out of range, an unknown unit, nesting,
// a field json/v2 reads inside a line, invalid UTF-8, the end of the
// document), and documents the fast reader must hand over whole.
func TestParseStudyJSON_Fast(t *testing.T) {
	var docs [][]byte
	for _, path := range []string{"../seed/studies/pv-module.json", "../seed/studies/laptop.json"} {
		doc, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc)
	}
	// The pv-module study as stored, with lines of every kind, nested.
	st, err := ParseStudyJSON(bytes.NewReader(docs[0]))
	if err != nil {
		t.Fatal(err)
	}
	kg, piece := MustParseUnit("kg"), MustParseUnit("piece")
	st.ID, st.Owner, st.CreatedAt = "study-1", "maker", time.Date(2026, 2, 1, 10, 0, 0, 5, time.UTC)
	st.Assemblies = []*Assembly{{ID: "kit", Name: "kit", Amount: 2, Unit: piece, Lines: []*BOMLine{{Quantity: 1, Unit: kg, Factor: "PV-GLASS-FLOAT", Quality: &DataQuality{TeR: 1, GR: 2, TiR: 3, P: 4}}}}}
	st.BOM = append(st.BOM, &BOMLine{Quantity: 1, Unit: piece, Assembly: "kit"},
		&BOMLine{Name: "frame \"A\" <1>", Quantity: 0.1, Unit: kg, ScrapPct: 3, MassKg: 0.1, Stage: "A1", Primary: true, Exempt: &Exemption{Reason: "gap", ScreeningFactor: "MAT-PLASTIC-AVG-DESNZ"}, Notes: "线"},
		&BOMLine{Quantity: 2, Unit: piece, Supplier: "S-1", Children: []*BOMLine{{Quantity: 1e-7, Unit: kg, Factor: "F", Children: []*BOMLine{{Quantity: 3, Unit: kg, Factor: "G"}}}}})
	st.Packaging = []*BOMLine{{Quantity: 0.5, Unit: kg, Factor: "P"}}
	doc, err := MarshalStudyJSON(st)
	if err != nil {
		t.Fatal(err)
	}
	docs = append(docs, doc)
	line := `{"name":"part","quantity":1.25,"unit":"kg","factor":"PV-GLASS-FLOAT","stage":"A1"}`
	lineEdits := []string{
		`{"name":"part","unit":"kg","factor":"F"}`,
		`{"name":"part","quantity":null,"unit":"kg"}`,
		`{"name":null,"quantity":1,"unit":"kg"}`,
		`{"quantity":"1","unit":"kg"}`,
		`{"quantity":1e400,"unit":"kg"}`,
		`{"quantity":-0,"unit":"kg","scrap_pct":2.5,"mass_kg":0.5,"primary":true,"dq":{"ter":1,"gr":2,"tir":3,"p":4},"assembly":"a","supplier":"s","exempt":{"reason":"r","screening_factor":"F"},"notes":"n"}`,
		`{"quantity":1,"unit":"kg","primary":false,"dq":null,"exempt":null}`,
		`{"quantity":1,"unit":"kg","primary":"yes"}`,
		"{ \"quantity\" : 1 ,\n\t\"unit\":\r\"kg\", \"primary\" : true , \"dq\" : { \"ter\" : 2 } , \"children\" : [ { \"quantity\": 2e-3, \"unit\": \"g\", \"primary\": false } ] }",
		`{"quantity":1,"unit":"kg","dq":{"ter":1,"x":2}}`,
		`{"quantity":1,"unit":"kg","exempt":{"reason":"r","y":1}}`,
		`{"quantity":1,"unit":"kg","dq":{"ter":"1"}}`,
		`{"quantity":1,"unit":"kgs"}`,
		`{"quantity":1,"unit":""}`,
		`{"quantity":1,"unit":" KG "}`,
		`{"quantity":1,"unit":"k\u0067"}`,
		`{"quantity":1,"unit":null}`,
		`{"quantity":1,"unit":5}`,
		`{"quantity":1,"unit":"kg","colour":"green"}`,
		`{"\u0071uantity":1,"unit":"kg"}`,
		`{"quantity":1,"quantity":2,"unit":"kg"}`,
		`{"quantity":1,"unit":"kg","name":"caf\u00e9 \"x\" <&>"}`,
		"{\"quantity\":1,\"unit\":\"kg\",\"name\":\"bad \xff\"}",
		`{"quantity":1,"unit":"piece","children":[]}`,
		`{"quantity":1,"unit":"piece","children":null}`,
		`{"quantity":1,"unit":"piece","children":[null]}`,
		`{"quantity":1,"unit":"piece","children":[{"quantity":2,"unit":"kg","children":[{"quantity":3,"unit":"g","factor":"F"}]},{"unit":"kg"}]}`,
		`{"quantity":1,"unit":"piece","children":[{"quantity":2,"unit":"kg"}],"children":[]}`,
		`null`,
		`[]`,
		`{"quantity":1,"unit":"kg"`,
		`{"quantity":1,"unit":"kg",}`,
		`{"quantity":01,"unit":"kg"}`,
	}
	pv := docs[0]
	if !bytes.Contains(pv, []byte(`"bom"`)) {
		t.Fatal("the pv-module seed study has no bom")
	}
	var s map[string]any
	if err := json.Unmarshal(pv, &s); err != nil {
		t.Fatal(err)
	}
	for _, edit := range lineEdits {
		for _, list := range []string{"bom", "packaging"} {
			// The edited line second, after a good one, in the BOM or
			// the packaging of the seed study.
			s2 := maps.Clone(s)
			delete(s2, list)
			head, err := json.Marshal(s2)
			if err != nil {
				t.Fatal(err)
			}
			docs = append(docs, []byte(string(head[:len(head)-1])+`,"`+list+`":[`+line+`,`+edit+`]}`))
		}
	}
	for _, doc := range []string{
		`{}`, `{"bom":[]}`, `{"bom":null}`, `{"bom":[null]}`, `{"bom":{}}`, `{"bom":[]`, `{"bom":[]} {}`, `{"bom":[]}x`,
		`{"rule":"pv-module","rule":"x"}`, `{"r\u0075le":"pv-module"}`, `{"colour":1}`, `[]`, `null`, ``, `{"bom":[],"packaging":[]}`,
		`{"product":{"name":"p","mass":1}}`, `{"electricity":[{"unit":"kWh","factor":"E"}]}`, `{"electricity":[{"quantity":null,"unit":"kWh","factor":"E"}]}`,
		`{"transport":[{"mass":null,"distance":{"value":1,"unit":"km"}}]}`, `{"declared_unit":{"amount":1}}`, `{"reference_output":null}`,
		`{"created_at":"2026-02-01T10:00:00+08:00","format":"pcf-study/1","id":"x","owner":"o"}`, `{"format":"pcf-study/9"}`,
		`{"assemblies":[{"id":"a","unit":"piece","lines":[{"unit":"kg"}]}]}`,
	} {
		docs = append(docs, []byte(doc))
	}
	fast := 0
	for i, doc := range docs {
		if diff := ParseStudyJSONAgrees(doc); diff != "" {
			t.Errorf("%s\n%s", doc, diff)
		}
		var d studyWire
		if decodeStudyFast(doc, &d) {
			fast++
		} else if i < 3 {
			t.Errorf("the fast reader handed over study file %d", i)
		}
	}
	t.Logf("the fast reader read %d of %d documents", fast, len(docs))
}
