package jsonerr_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/jsonerr"
)

// Ensure every kind of encoding/json error is worded by the member and the
// JSON type, never a Go type, with the path under the prefix.
func TestMessage(t *testing.T) {
	type inner struct {
		Country string `json:"country"`
	}
	var v struct {
		PF struct {
			PCF *inner `json:"pcf"`
		} `json:"pf"`
		N int `json:"n"`
	}
	strict := func(doc string) error {
		dec := json.NewDecoder(strings.NewReader(doc))
		dec.DisallowUnknownFields()
		return dec.Decode(&v)
	}
	for _, tt := range []struct {
		doc, want, field string
	}{
		{`{"pf":{"pcf":5}}`, "bad: data.pf.pcf: want an object, got number", "data.pf.pcf"},
		{`{"n":"x"}`, "bad: data.n: want an integer, got string", "data.n"},
		{`{"pf":[]}`, "bad: data.pf: want an object, got array", "data.pf"},
		{`{"n":1,}`, "bad: malformed JSON at offset 8: invalid character '}' looking for beginning of object key string", "data"},
		{`{"other":1}`, `bad: data.other: unknown field "other"`, "data.other"},
		{`{"n":`, "bad: malformed JSON: the document ends early", "data"},
	} {
		msg, field := jsonerr.Message("bad", strict(tt.doc), "data")
		if msg != tt.want || field != tt.field {
			t.Errorf("%s: %q (field %q), want %q (field %q)", tt.doc, msg, field, tt.want, tt.field)
		}
		if strings.Contains(msg, "Go ") || strings.Contains(msg, "struct") || strings.Contains(msg, "jsonerr_test") {
			t.Errorf("%s: %q names a Go type", tt.doc, msg)
		}
	}
}

// Ensure a type error inside an array names the element by its index, at
// any depth and in arrays of arrays and of objects, under the prefix; a
// member outside arrays, a map's value and an embedded struct's member
// keep the path encoding/json names; other errors pass as they are.
func TestLocate(t *testing.T) {
	type line struct {
		Code string  `json:"code"`
		Qty  float64 `json:"qty"`
	}
	type Embedded struct {
		Note string `json:"note"`
	}
	type doc struct {
		Digests []string          `json:"digests"`
		BOM     []line            `json:"bom"`
		Grid    [][]int           `json:"grid"`
		Small   []int8            `json:"small"`
		Lines   map[string][]line `json:"lines"`
		Counts  map[string]int    `json:"counts"`
		One     *line             `json:"one"`
		Nested  struct {
			BOM []line `json:"bom"`
		} `json:"nested"`
		Embedded
	}
	for _, tt := range []struct {
		doc, want, field string
	}{
		{`{"digests":[5]}`, "bad: data.digests[0]: want a string, got number", "data.digests[0]"},
		{`{"digests":["a","b",true]}`, "bad: data.digests[2]: want a string, got bool", "data.digests[2]"},
		{`{"digests":5}`, "bad: data.digests: want an array, got number", "data.digests"},
		{`{"bom":[{"code":"A","qty":1},{"code":"B","qty":"2"}]}`, "bad: data.bom[1].qty: want a number, got string", "data.bom[1].qty"},
		{`{"bom":[{"code":"A"},7]}`, "bad: data.bom[1]: want an object, got number", "data.bom[1]"},
		{`{"grid":[[1],[2,"x"]]}`, "bad: data.grid[1][1]: want an integer, got string", "data.grid[1][1]"},
		{`{"lines":{"k":[{"qty":1},{"qty":[]}]}}`, "bad: data.lines.k[1].qty: want a number, got array", "data.lines.k[1].qty"},
		{`{"counts":{"k":"x"}}`, "bad: data.counts.k: want an integer, got string", "data.counts.k"},
		{`{"one":{"qty":"x"}}`, "bad: data.one.qty: want a number, got string", "data.one.qty"},
		{`{"small":[1,300]}`, "bad: data.small[1]: want an integer, got number 300", "data.small[1]"},
		{`{"note":5}`, "bad: data.note: want a string, got number", "data.note"},
		{`{"nested":{"bom":[{},{"code":1}]}}`, "bad: data.nested.bom[1].code: want a string, got number", "data.nested.bom[1].code"},
		{`{"digests":["a"],"bom":[{"qty":1}],"other":1}`, `bad: data.other: unknown field "other"`, "data.other"},
		{`{"digests":[1,}`, "bad: malformed JSON at offset 15: invalid character '}' looking for beginning of value", "data"},
	} {
		var v doc
		dec := json.NewDecoder(strings.NewReader(tt.doc))
		dec.DisallowUnknownFields()
		err := jsonerr.Locate(dec.Decode(&v), []byte(tt.doc), &v)
		msg, field := jsonerr.Message("bad", err, "data")
		if msg != tt.want || field != tt.field {
			t.Errorf("%s: %q (field %q), want %q (field %q)", tt.doc, msg, field, tt.want, tt.field)
		}
	}
	// A document that is an array names its element alone.
	var list []int
	err := json.Unmarshal([]byte(`[1,"x"]`), &list)
	if _, field := jsonerr.Text(jsonerr.Locate(err, []byte(`[1,"x"]`), &list), ""); field != "[1]" {
		t.Errorf(`[1,"x"]: field %q, want [1]`, field)
	}
	if _, field := jsonerr.Text(jsonerr.Locate(err, []byte(`[1,"x"]`), &list), "data"); field != "data[1]" {
		t.Errorf(`[1,"x"] under data: field %q, want data[1]`, field)
	}
	var codes []string
	err = json.Unmarshal([]byte(`["a",5]`), &codes)
	if got := jsonerr.Element(err, []byte(`["a",5]`), &codes); got != "[1]" {
		t.Errorf(`Element of ["a",5]: %q, want [1]`, got)
	}
	err = json.Unmarshal([]byte(`{"a":1}`), &codes)
	if got := jsonerr.Element(err, []byte(`{"a":1}`), &codes); got != "" {
		t.Errorf(`Element of {"a":1} (the array itself): %q, want none`, got)
	}
	if err := jsonerr.Locate(nil, nil, &list); err != nil {
		t.Errorf("no error located as %v", err)
	}
}

// Ensure OneReading finds a member given twice, or beside its name in
// another case as encoding/json folds it, in any object of a document, and
// nothing in a document every reader reads alike (red team 58).
func TestOneReading(t *testing.T) {
	for _, tc := range []struct{ doc, field, name string }{
		{`{"data":{"study":{"title":"A"}},"DATA":{"study":{"title":"B"}}}`, "DATA", `"DATA" is given beside "data"`},
		{`{"data":{"study":{"title":"A"},"Study":{"title":"B"}}}`, "data.Study", `"Study" is given beside "study"`},
		{`{"data":{"ſtudy":1,"study":2}}`, "data.study", `"study" is given beside "ſtudy"`},
		{`{"data":{"study":1},"data":{"study":2}}`, "data", `"data" is given twice`},
		{`{"suppliers":[{"ref":"a","kg_co2e":1,"KG_CO2E":2}]}`, "suppliers[0].KG_CO2E", `"KG_CO2E" is given beside "kg_co2e"`},
		{`{"a":"A","b":"a","list":[{"a":1},{"a":2}],"o":{"a":{"a":1}},"k":"K"}`, "", ""},
		{`{"a":`, "", ""}, // not JSON: its reader says so
		{`[1,"a","A"]`, "", ""},
	} {
		field, problem, zh := jsonerr.OneReading([]byte(tc.doc))
		if field != tc.field || !strings.Contains(problem, tc.name) || (tc.name != "") != (zh != "") {
			t.Errorf("%s: %q, %q, %q; want %q, a problem with %q", tc.doc, field, problem, zh, tc.field, tc.name)
		}
	}
}
