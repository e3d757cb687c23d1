// Package jsonerr words what encoding/json says of a malformed document the
// way a client of the service reads it: by the member at fault and the JSON
// type it wants, never by the server's Go types. encoding/json's own text
// prints them ("cannot unmarshal number into Go struct field .pf.pcf of
// type struct { GeographyCountry string "json:\"geographyCountry\"" }"),
// which told a PACT partner abroad the layout of the server's structs (red
// team 19). The API's binder, the PACT parsers and the certificate decoder
// word their errors here.
package jsonerr

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Text returns err, an error of encoding/json decoding a document, in
// words, and the path of the member at fault ("" when it names none), with
// prefix (the document's own path in a larger one, "data"; "" for none)
// before it. The text does not repeat the path: a caller whose errors do
// not carry a field puts it in the message (Message).
func Text(err error, prefix string) (text, field string) {
	var syn *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF):
		return "the document is empty (want a JSON object)", prefix
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "malformed JSON: the document ends early", prefix
	case errors.As(err, &syn):
		return fmt.Sprintf("malformed JSON at offset %d: %s", syn.Offset, strings.TrimPrefix(syn.Error(), "json: ")), prefix
	}
	if want, got, member, ok := mismatch(err); ok {
		if field = join(prefix, member); field == "" {
			return fmt.Sprintf("malformed JSON: want %s, got %s", TypeName(want), got), ""
		}
		return fmt.Sprintf("want %s, got %s", TypeName(want), got), field
	}
	if name, ok := unknownField(err); ok {
		return fmt.Sprintf("unknown field %q", name), join(prefix, name)
	}
	// What is left (a value a type's UnmarshalJSON refused) names no Go
	// type: encoding/json passes that error's own text through.
	return "malformed JSON: " + strings.TrimPrefix(err.Error(), "json: "), prefix
}

// mismatch returns, for a value of the wrong JSON type (encoding/json's
// UnmarshalTypeError or json/v2's SemanticError), the Go type wanted, what
// was found ("number", "number 1.5") and the member's path.
func mismatch(err error) (want, got, member string, ok bool) {
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return typ.Type.String(), typ.Value, typ.Field, true
	}
	if sem, ok := semanticType(err); ok {
		return sem.GoType.String(), kindName(sem.JSONKind), Path(sem.JSONPointer), true
	}
	return "", "", "", false
}

// unknownField returns the member name of encoding/json's unknown-field
// error (DisallowUnknownFields), valid UTF-8 and at most 64 characters: a
// client's key, echoed, is bounded.
func unknownField(err error) (string, bool) {
	name, ok := strings.CutPrefix(err.Error(), "json: unknown field ")
	if !ok {
		return "", false
	}
	name = strings.ToValidUTF8(strings.Trim(name, `"`), "")
	if r := []rune(name); len(r) > 64 {
		name = string(r[:64])
	}
	return name, true
}

// TextZH is Text's text in Chinese, for a person who reads Chinese: what
// is wrong and, when Text names a member, that member by its path (field,
// as Text returned it), since a Chinese message stands on its own. A
// value a type's UnmarshalJSON refused is "malformed JSON" in Chinese; the
// English text (Text) says more.
func TextZH(err error, field string) string {
	var syn *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF):
		return "文档为空(须为 JSON 对象)"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "JSON 格式错误:文档不完整"
	case errors.As(err, &syn):
		return fmt.Sprintf("JSON 格式错误(第 %d 字节处)", syn.Offset)
	}
	if want, got, _, ok := mismatch(err); ok {
		if field == "" {
			return fmt.Sprintf("JSON 格式错误:须为%s,收到的是%s", typeNameZH(want), valueZH(got))
		}
		return fmt.Sprintf("字段 %s 须为%s,收到的是%s", field, typeNameZH(want), valueZH(got))
	}
	if name, ok := unknownField(err); ok {
		return fmt.Sprintf("未知字段 %q", name)
	}
	return "JSON 格式错误"
}

// typeNameZH is TypeName in Chinese.
func typeNameZH(goType string) string {
	return map[string]string{"a string": "字符串", "true or false": "true 或 false", "an array": "数组",
		"an integer": "整数", "a number": "数字", "an object": "对象"}[TypeName(goType)]
}

// valueZH names in Chinese what encoding/json says it found
// (UnmarshalTypeError.Value): a JSON type, and for a number that does not
// fit, the number ("number 1.5").
func valueZH(value string) string {
	kind, rest, _ := strings.Cut(value, " ")
	zh, ok := map[string]string{"string": "字符串", "number": "数字", "bool": "true 或 false", "array": "数组", "object": "对象", "null": "null"}[kind]
	if !ok {
		return value
	}
	if rest != "" {
		return zh + " " + rest
	}
	return zh
}

// Message is Text's text after what, with the path of the member at
// fault when there is one: "malformed footprint fragment: data.pf.pcf:
// want an object, got number".
func Message(what string, err error, prefix string) (message, field string) {
	text, field := Text(err, prefix)
	if field != "" && field != prefix {
		return what + ": " + field + ": " + text, field
	}
	return what + ": " + text, field
}

func join(prefix, field string) string {
	switch {
	case prefix == "":
		return field
	case field == "":
		return prefix
	case strings.HasPrefix(field, "["): // an element of the document, "data[0]"
		return prefix + field
	}
	return prefix + "." + field
}

// TypeName names a Go type the way a JSON client thinks of it.
func TypeName(goType string) string {
	switch {
	case goType == "string":
		return "a string"
	case goType == "bool":
		return "true or false"
	case strings.HasPrefix(goType, "[]"):
		return "an array"
	case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "uint"):
		return "an integer"
	case strings.HasPrefix(goType, "float"):
		return "a number"
	}
	return "an object"
}

// semanticType returns json/v2's error of a JSON value of a kind its Go
// type does not take ("cannot unmarshal JSON number into Go
// []certification.jwk"), whose text names the server's Go types, as
// encoding/json's UnmarshalTypeError does (red team 19).
func semanticType(err error) (*jsonv2.SemanticError, bool) {
	sem, ok := errors.AsType[*jsonv2.SemanticError](err)
	return sem, ok && sem.GoType != nil && sem.JSONKind != 0 && sem.Err == nil
}

// kindName names a JSON kind as encoding/json's UnmarshalTypeError.Value
// does ("number", "string", …).
func kindName(k jsontext.Kind) string {
	switch k {
	case '"':
		return "string"
	case '0':
		return "number"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	case '{':
		return "object"
	case '[':
		return "array"
	}
	return k.String()
}
