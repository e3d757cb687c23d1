// Package pacttest compiles the schemas of the official PACT OpenAPI
// documents (v2.3.3 and v3.0.3, ../shared/reference/pact-spec beside the
// repository) for the tests of the PACT exchange: footprint/pact's (the
// documents it writes) and api's (what the PACT host answers). Test
// support only: no production package imports it.
package pacttest

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"sigs.k8s.io/yaml"
)

// Spec is one version's OpenAPI document, compiled on demand.
type Spec struct {
	c    *jsonschema.Compiler
	base string
}

// Schema compiles the schema at ref, a JSON pointer into the document
// ("#/components/schemas/Error").
func (s *Spec) Schema(ref string) (*jsonschema.Schema, error) { return s.c.Compile(s.base + ref) }

var (
	once  sync.Once
	specs map[int]*Spec
	err   error
)

// Must returns the documents of PACT 2 and 3 in dir (the pact-spec
// directory), read once, with santhosh-tekuri/jsonschema (JSON Schema
// 2020-12, the dialect of OpenAPI 3.1; formats asserted). It skips the
// test when dir is not there (the documents are beside the repository,
// as CI has them), and fails it when they do not compile.
func Must(tb testing.TB, dir string) map[int]*Spec {
	tb.Helper()
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		tb.Skip("PACT OpenAPI documents ../shared/reference/pact-spec not found beside the repository")
	}
	once.Do(func() { specs, err = load(dir) })
	if err != nil {
		tb.Fatal(err)
	}
	return specs
}

func load(dir string) (map[int]*Spec, error) {
	out := map[int]*Spec{}
	for _, v := range []int{2, 3} {
		name := map[int]string{2: "v2", 3: "v3"}[v]
		b, err := os.ReadFile(filepath.Join(dir, name, "openapi.yaml"))
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
		repair(doc)
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft2020)
		c.AssertFormat()
		base := "https://pact.example/" + name + "/openapi.json"
		if err := c.AddResource(base, doc); err != nil {
			return nil, err
		}
		out[v] = &Spec{c: c, base: base}
	}
	return out, nil
}

// repair mends two defects of the official v3 document that make its
// event schemas invalid JSON Schema, without changing what they require:
// "properties" objects holding a "$ref" string (meant to merge BaseEvent's
// properties, which the event's own top-level $ref to BaseEvent already
// applies), and "description" keywords holding a $ref object instead of a
// string (annotations only). Nothing else is touched.
func repair(v any) {
	switch x := v.(type) {
	case map[string]any:
		if p, ok := x["properties"].(map[string]any); ok {
			if _, isString := p["$ref"].(string); isString {
				delete(p, "$ref")
			}
		}
		if d, ok := x["description"]; ok {
			if _, isString := d.(string); !isString {
				delete(x, "description")
			}
		}
		for _, e := range x {
			repair(e)
		}
	case []any:
		for _, e := range x {
			repair(e)
		}
	}
}
