package api

import "testing"

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
