package api

import (
	"encoding"
	"encoding/json"
	"go/ast"
	"reflect"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/google/uuid"
)

// schemaGen derives OpenAPI 3.0 schemas from Go types by the rules of
// encoding/json, so the document follows the structs the handlers really
// encode and decode: json tags (names, "-", omitempty, the string option),
// embedded structs inlined, pointers, slices and maps nullable (nil encodes
// as null), time.Time as date-time, uuid.UUID as uuid, []byte as base64.
// Named struct types become components (#/components/schemas/Name).
//
// In input mode (request bodies) no property is required: the handlers
// check presence themselves and say which field is missing; the component
// names get the suffix "Input". Types with their own MarshalJSON are
// described by an entry of schemaOverrides, or as any JSON value.
type schemaGen struct {
	input      bool
	components map[string]any
	names      map[reflect.Type]string
	peer       *schemaGen // the generator of the other mode, for rawFields
}

// rawField describes a json.RawMessage field by the Go type its bytes are
// the JSON form of, reflected in input mode (no property required) or not.
type rawField struct {
	v     any
	input bool
}

var (
	timeType          = reflect.TypeFor[time.Time]()
	uuidType          = reflect.TypeFor[uuid.UUID]()
	rawMessageType    = reflect.TypeFor[json.RawMessage]()
	jsonMarshalerType = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// schemaOverrides describes types whose JSON form is not their Go shape
// (a MarshalJSON of their own), keyed by the type.
var schemaOverrides = map[reflect.Type]map[string]any{
	reflect.TypeFor[footprint.Period](): {
		"type": "object", "nullable": true, "additionalProperties": false, "required": []any{"start", "end"},
		"properties": map[string]any{"start": map[string]any{"type": "string", "format": "date"}, "end": map[string]any{"type": "string", "format": "date"}},
	},
	reflect.TypeFor[footprint.DeclaredUnit](): {
		"type": "object", "nullable": true, "additionalProperties": false,
		"properties": map[string]any{"amount": map[string]any{"type": "number", "format": "double"}, "unit": map[string]any{"type": "string"}},
	},
}

func (g *schemaGen) schema(t reflect.Type) map[string]any {
	if s, ok := schemaOverrides[t]; ok {
		return s
	}
	switch t {
	case timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case uuidType:
		return map[string]any{"type": "string", "format": "uuid"}
	case rawMessageType:
		return map[string]any{}
	}
	if t.Kind() == reflect.Pointer {
		s := g.schema(t.Elem())
		return nullable(s)
	}
	if t.Implements(jsonMarshalerType) || reflect.PointerTo(t).Implements(jsonMarshalerType) {
		return map[string]any{"description": "JSON form of " + t.String()}
	}
	if t.Implements(textMarshalerType) || reflect.PointerTo(t).Implements(textMarshalerType) {
		return map[string]any{"type": "string"}
	}
	switch t.Kind() {
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64, reflect.Uint, reflect.Uint64, reflect.Uintptr:
		return map[string]any{"type": "integer", "format": "int64"}
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return map[string]any{"type": "integer", "format": "int32"}
	case reflect.Float32:
		return map[string]any{"type": "number", "format": "float"}
	case reflect.Float64:
		return map[string]any{"type": "number", "format": "double"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 && !t.Elem().Implements(jsonMarshalerType) && !t.Elem().Implements(textMarshalerType) {
			return map[string]any{"type": "string", "format": "byte", "nullable": true}
		}
		return map[string]any{"type": "array", "items": g.schema(t.Elem()), "nullable": true}
	case reflect.Array:
		return map[string]any{"type": "array", "items": g.schema(t.Elem()), "minItems": t.Len(), "maxItems": t.Len()}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem()), "nullable": true}
	case reflect.Struct:
		if t.Name() == "" {
			return g.structSchema(t)
		}
		name := g.componentName(t)
		if _, ok := g.components[name]; !ok {
			g.components[name] = map[string]any{} // placeholder: recursion
			g.components[name] = g.structSchema(t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{"description": "JSON form of " + t.String()}
}

// nullable marks s as allowing null. A reference cannot carry siblings in
// OpenAPI 3.0, so it is wrapped in allOf.
func nullable(s map[string]any) map[string]any {
	if _, ok := s["$ref"]; ok {
		return map[string]any{"allOf": []any{s}, "nullable": true}
	}
	if len(s) == 0 || s["description"] != nil && s["type"] == nil {
		return s // any value, null included
	}
	c := make(map[string]any, len(s)+1)
	for k, v := range s {
		c[k] = v
	}
	c["nullable"] = true
	return c
}

func (g *schemaGen) componentName(t reflect.Type) string {
	if n, ok := g.names[t]; ok {
		return n
	}
	n := t.Name()
	if i := strings.IndexByte(n, '['); i >= 0 { // generic instance
		n = n[:i]
	}
	n = wireComponentName(t, n)
	n = strings.ToUpper(n[:1]) + n[1:]
	for other, on := range g.names {
		if on == n+g.suffix() && other != t {
			n = pkgBase(t.PkgPath()) + n
		}
	}
	n += g.suffix()
	g.names[t] = n
	return n
}

// wireComponentName names the unexported wire types of the footprint study
// and result documents (footprint.StudyDocumentWire, ResultDocumentWire):
// studyWire is StudyDocument, resultWire is StudyResult, contribWire is
// StudyContrib, and so on, so that they do not take the names of the
// domain types the API also describes. (A study document's parts are the
// domain types themselves: BOMLine, Product, …)
func wireComponentName(t reflect.Type, n string) string {
	if t.PkgPath() != footprintPkgPath || t.Name() == "" || !strings.HasSuffix(n, "Wire") || ast.IsExported(n) {
		return n
	}
	n = strings.TrimSuffix(n, "Wire")
	if n == "study" {
		return "StudyDocument"
	}
	return "Study" + strings.ToUpper(n[:1]) + n[1:]
}

var footprintPkgPath = reflect.TypeFor[footprint.Study]().PkgPath()

func pkgBase(p string) string {
	p = p[strings.LastIndexByte(p, '/')+1:]
	return strings.ToUpper(p[:1]) + p[1:]
}

func (g *schemaGen) suffix() string {
	if g.input {
		return "Input"
	}
	return ""
}

// structSchema is the object schema of struct type t.
func (g *schemaGen) structSchema(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	g.fields(t, props, &required, true)
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 && !g.input {
		s["required"] = required
	}
	return s
}

// fields adds the JSON fields of struct t. req is false below an embedded
// pointer, whose fields are absent when it is nil.
func (g *schemaGen) fields(t reflect.Type, props map[string]any, required *[]string, req bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			embedReq := req
			if ft.Kind() == reflect.Pointer {
				ft, embedReq = ft.Elem(), false
			}
			if ft.Kind() == reflect.Struct && !ft.Implements(jsonMarshalerType) && !reflect.PointerTo(ft).Implements(jsonMarshalerType) {
				g.fields(ft, props, required, embedReq)
				continue
			}
			if !f.IsExported() {
				continue
			}
		} else if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		s := g.schema(f.Type)
		if rf, ok := rawFields[t][name]; ok && f.Type == rawMessageType {
			rg := g
			if rf.input != g.input {
				rg = g.peer
			}
			s = rg.schema(reflect.TypeOf(rf.v))
		}
		if hasOpt(opts, "string") {
			switch f.Type.Kind() {
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
				reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
				reflect.Float32, reflect.Float64, reflect.Bool, reflect.String:
				s = map[string]any{"type": "string"}
			}
		}
		if doc := fieldDoc(t, f); doc != "" {
			s = withDescription(s, doc)
		}
		props[name] = s
		if req && !hasOpt(opts, "omitempty") && !hasOpt(opts, "omitzero") {
			*required = append(*required, name)
		}
	}
}

func withDescription(s map[string]any, d string) map[string]any {
	if _, ok := s["$ref"]; ok {
		return map[string]any{"allOf": []any{s}, "description": d}
	}
	c := make(map[string]any, len(s)+1)
	for k, v := range s {
		c[k] = v
	}
	c["description"] = d
	return c
}

// fieldDoc returns a description of a field: its "doc" struct tag, if any.
func fieldDoc(_ reflect.Type, f reflect.StructField) string { return f.Tag.Get("doc") }

func hasOpt(opts, o string) bool {
	for opts != "" {
		var cur string
		cur, opts, _ = strings.Cut(opts, ",")
		if cur == o {
			return true
		}
	}
	return false
}
