package api

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
)

// TestOpenAPI_EveryOperationTyped: every operation of the table names its
// types (opTypes), and every opTypes entry is an operation, so a new route
// cannot be documented as an untyped body.
func TestOpenAPI_EveryOperationTyped(t *testing.T) {
	ops := map[string]bool{}
	for _, op := range operations {
		ops[opKey(op)] = true
		if _, ok := opTypes[opKey(op)]; !ok {
			t.Errorf("%s: no opTypes entry", opKey(op))
		}
	}
	for k := range opTypes {
		if !ops[k] {
			t.Errorf("opTypes %s: no such operation", k)
		}
	}
	for k := range opQueryParamSchemas {
		if !ops[k] {
			t.Errorf("opQueryParamSchemas %s: no such operation", k)
		}
	}
	for k := range opExtraErrors {
		if !ops[k] {
			t.Errorf("opExtraErrors %s: no such operation", k)
		}
	}
}

// TestOpenAPI_ExamplesNamed: every example belongs to an operation.
func TestOpenAPI_ExamplesNamed(t *testing.T) {
	ops := map[string]bool{}
	for _, op := range operations {
		ops[opKey(op)] = true
	}
	for _, m := range []map[string]any{opRequestExamples, opResponseExamples} {
		for k := range m {
			if !ops[k] {
				t.Errorf("example for %s: no such operation", k)
			}
		}
	}
}

type genInner struct {
	X int `json:"x"`
}

type genEmbedded struct {
	E string `json:"e"`
}

type genSample struct {
	*genEmbedded
	genInner
	Name    string         `json:"name"`
	Opt     string         `json:"opt,omitempty"`
	Count   int64          `json:"count,string"`
	When    time.Time      `json:"when"`
	ID      uuid.UUID      `json:"id"`
	Raw     []byte         `json:"raw"`
	Tags    map[string]int `json:"tags"`
	Ptr     *float64       `json:"ptr"`
	Child   *genInner      `json:"child,omitempty"`
	List    []genInner     `json:"list"`
	Skip    string         `json:"-"`
	private string         //nolint:unused
	NoTag   bool
	Any     any               `json:"any"`
	Msg     json.RawMessage   `json:"msg,omitempty"`
	Nested  map[string][]bool `json:"nested,omitempty"`
}

// TestSchemaGen_JSONRules: the reflected schema follows encoding/json.
func TestSchemaGen_JSONRules(t *testing.T) {
	g := &schemaGen{components: map[string]any{}, names: map[reflect.Type]string{}}
	ref := g.schema(reflect.TypeFor[genSample]())
	if ref["$ref"] != "#/components/schemas/GenSample" {
		t.Fatalf("ref %v", ref)
	}
	s := g.components["GenSample"].(map[string]any)
	props := s["properties"].(map[string]any)
	want := map[string]string{
		"e": `{"type":"string"}`, "x": `{"format":"int64","type":"integer"}`,
		"name": `{"type":"string"}`, "opt": `{"type":"string"}`, "count": `{"type":"string"}`,
		"when": `{"format":"date-time","type":"string"}`, "id": `{"format":"uuid","type":"string"}`,
		"raw":   `{"format":"byte","nullable":true,"type":"string"}`,
		"tags":  `{"additionalProperties":{"format":"int64","type":"integer"},"nullable":true,"type":"object"}`,
		"ptr":   `{"format":"double","nullable":true,"type":"number"}`,
		"child": `{"allOf":[{"$ref":"#/components/schemas/GenInner"}],"nullable":true}`,
		"list":  `{"items":{"$ref":"#/components/schemas/GenInner"},"nullable":true,"type":"array"}`,
		"NoTag": `{"type":"boolean"}`, "any": `{}`, "msg": `{}`,
		"nested": `{"additionalProperties":{"items":{"type":"boolean"},"nullable":true,"type":"array"},"nullable":true,"type":"object"}`,
	}
	for k, w := range want {
		b, _ := json.Marshal(props[k])
		if string(b) != w {
			t.Errorf("%s: %s, want %s", k, b, w)
		}
	}
	if len(props) != len(want) {
		t.Errorf("properties %d, want %d (Skip and private are not fields)", len(props), len(want))
	}
	// Required: the fields without omitempty, not those of an embedded pointer.
	req, _ := json.Marshal(s["required"])
	if string(req) != `["x","name","count","when","id","raw","tags","ptr","list","NoTag","any"]` {
		t.Errorf("required %s", req)
	}
	if s["additionalProperties"] != false {
		t.Error("unknown properties allowed")
	}
	// Input mode: nothing required, names suffixed.
	in := &schemaGen{input: true, components: map[string]any{}, names: map[reflect.Type]string{}}
	in.schema(reflect.TypeFor[genSample]())
	if is := in.components["GenSampleInput"].(map[string]any); is["required"] != nil {
		t.Errorf("input schema requires %v", is["required"])
	}
}
