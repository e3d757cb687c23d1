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
