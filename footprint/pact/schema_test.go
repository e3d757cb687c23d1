package pact_test

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/pact/pacttest"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// specDir is the official PACT OpenAPI documents beside the repository
// (../shared/reference/pact-spec, as CI has it).
var specDir = filepath.Join("..", "..", "..", "shared", "reference", "pact-spec")

// pactSchemas are the official schemas, compiled once.
type pactSchemas struct {
	footprint, fulfilled, rejected, published, created, errorBody *jsonschema.Schema
}

// MustSchemas compiles the schemas of spec/v2/openapi.yaml (2.3.3) and
// spec/v3/openapi.yaml (3.0.3) the tests check against (pacttest.Must: it
// skips the test when the documents are not beside the repository).
func MustSchemas(tb testing.TB) map[int]*pactSchemas {
	tb.Helper()
	out := map[int]*pactSchemas{}
	for v, spec := range pacttest.Must(tb, specDir) {
		s := &pactSchemas{}
		for _, x := range []struct {
			dst  **jsonschema.Schema
			name string
		}{
			{&s.footprint, "ProductFootprint"}, {&s.fulfilled, "RequestFulfilledEvent"}, {&s.rejected, "RequestRejectedEvent"},
			{&s.published, "PublishedEvent"}, {&s.created, "RequestCreatedEvent"}, {&s.errorBody, "Error"},
		} {
			var err error
			if *x.dst, err = spec.Schema("#/components/schemas/" + x.name); err != nil {
				tb.Fatal(err)
			}
		}
		out[v] = s
	}
	return out
}

// MustValidate validates a Go value (encoded as JSON) against a schema.
func MustValidate(tb testing.TB, s *jsonschema.Schema, v any) {
	tb.Helper()
	b := seedtest.MustMarshal(tb, v)
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
		b := footprinttest.ReadFile(t, filepath.Join(specDir, name, "get-footprint-response.json"))
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
