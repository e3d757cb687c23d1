package pact_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"sigs.k8s.io/yaml"
)

// specDir is the official PACT OpenAPI documents beside the repository
// (../shared/reference/pact-spec, as CI has it).
var specDir = filepath.Join("..", "..", "..", "shared", "reference", "pact-spec")

// pactSchemas are the official schemas, compiled once.
type pactSchemas struct {
	footprint, fulfilled, rejected, published, created, errorBody *jsonschema.Schema
}

var (
	schemasOnce sync.Once
	schemas     map[int]*pactSchemas
	schemasErr  error
)

// MustSchemas compiles the schemas of spec/v2/openapi.yaml (2.3.3) and
// spec/v3/openapi.yaml (3.0.3) with santhosh-tekuri/jsonschema (JSON Schema
// 2020-12, the dialect of OpenAPI 3.1, formats asserted). It skips the test
// when the documents are not beside the repository.
func MustSchemas(tb testing.TB) map[int]*pactSchemas {
	tb.Helper()
	if _, err := os.Stat(specDir); errors.Is(err, os.ErrNotExist) {
		tb.Skip("PACT OpenAPI documents ../shared/reference/pact-spec not found beside the repository")
	}
	schemasOnce.Do(func() { schemas, schemasErr = compileSchemas() })
	if schemasErr != nil {
		tb.Fatal(schemasErr)
	}
	return schemas
}

func compileSchemas() (map[int]*pactSchemas, error) {
	out := map[int]*pactSchemas{}
	for _, v := range []int{2, 3} {
		name := map[int]string{2: "v2", 3: "v3"}[v]
		b, err := os.ReadFile(filepath.Join(specDir, name, "openapi.yaml"))
		if err != nil {
			return nil, err
		}
		j, err := yaml.YAMLToJSON(b)
		if err != nil {
			return nil, err
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
		if err != nil {
			return nil, err
		}
		repairSpec(doc)
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft2020)
		c.AssertFormat()
		url := "https://pact.example/" + name + "/openapi.json"
		if err := c.AddResource(url, doc); err != nil {
			return nil, err
		}
		s := &pactSchemas{}
		for _, x := range []struct {
			dst  **jsonschema.Schema
			name string
		}{
			{&s.footprint, "ProductFootprint"}, {&s.fulfilled, "RequestFulfilledEvent"}, {&s.rejected, "RequestRejectedEvent"},
			{&s.published, "PublishedEvent"}, {&s.created, "RequestCreatedEvent"}, {&s.errorBody, "Error"},
		} {
			if *x.dst, err = c.Compile(url + "#/components/schemas/" + x.name); err != nil {
				return nil, err
			}
		}
		out[v] = s
	}
	return out, nil
}

// repairSpec mends two defects of the official v3 document that make its
// event schemas invalid JSON Schema, without changing what they require:
// "properties" objects holding a "$ref" string (meant to merge BaseEvent's
// properties, which the event's own top-level $ref to BaseEvent already
// applies), and "description" keywords holding a $ref object instead of a
// string (annotations only). Nothing else is touched.
func repairSpec(v any) {
	switch x := v.(type) {
	case map[string]any:
		if p, ok := x["properties"].(map[string]any); ok {
			if _, isString := p["$ref"].(string); isString {
				delete(p, "$ref")
			}
		}
		if _, ok := x["description"]; ok {
			if _, isString := x["description"].(string); !isString {
				delete(x, "description")
			}
		}
		for _, e := range x {
			repairSpec(e)
		}
	case []any:
		for _, e := range x {
			repairSpec(e)
		}
	}
}

// MustValidate validates a Go value (encoded as JSON) against a schema.
func MustValidate(tb testing.TB, s *jsonschema.Schema, v any) {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		tb.Fatal(err)
	}
	if err := s.Validate(inst); err != nil {
		tb.Fatalf("%s\ndoes not validate: %v", b, err)
	}
}

// Ensure the schemas are strict enough to catch what they must: the
// official examples validate, and a footprint with a number where a
// Decimal string belongs, or without a required field, does not.
func TestSchemas_Examples(t *testing.T) {
	sch := MustSchemas(t)
	for v, name := range map[int]string{2: "v2", 3: "v3"} {
		b, err := os.ReadFile(filepath.Join(specDir, name, "get-footprint-response.json"))
		if err != nil {
			t.Fatal(err)
		}
		var resp struct {
			Data map[string]any `json:"data"`
		}
		if err := json.Unmarshal(b, &resp); err != nil {
			t.Fatal(err)
		}
		MustValidate(t, sch[v].footprint, resp.Data)
		bad := map[string]any{}
		for k, x := range resp.Data {
			bad[k] = x
		}
		pcf := map[string]any{}
		for k, x := range resp.Data["pcf"].(map[string]any) {
			pcf[k] = x
		}
		bad["pcf"] = pcf
		pcf["fossilGhgEmissions"] = 1.5 // a number, not a Decimal string
		if err := validate(sch[v].footprint, bad); err == nil {
			t.Errorf("%s: a numeric fossilGhgEmissions validates", name)
		}
		pcf["fossilGhgEmissions"] = "1.5"
		delete(bad, "productIds")
		if err := validate(sch[v].footprint, bad); err == nil {
			t.Errorf("%s: a footprint without productIds validates", name)
		}
	}
}

func validate(s *jsonschema.Schema, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return err
	}
	return s.Validate(inst)
}
