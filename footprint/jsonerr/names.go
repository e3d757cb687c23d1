package jsonerr

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chengdu-pcf/pcf/footprint/bilingual"
	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// namesOptions are encoding/json's semantics but for two rules of the
// study reader (docs/study-format.md): member names match exactly, and a
// name is given once.
var namesOptions = jsonv2.JoinOptions(jsonv1.DefaultOptionsV1(), jsonv2.MatchCaseInsensitiveNames(false),
	jsontext.AllowDuplicateNames(false), jsonv2.RejectUnknownMembers(true),
	jsonv1.ReportErrorsWithLegacySemantics(false)) // errors with their JSON pointer

// NamesZH finds a member given twice or spelled in another case than its
// field's, in a body b encoding/json has decoded into v (a pointer), and
// returns its path as the service names fields ("product_codes[0]") and
// what is wrong with it; empty strings when there is none. encoding/json keeps
// the last of two values silently, and matches "MODEL" to "model", so
// {"name":"A",…,"name":"B"} created what a proxy, an audit log or a
// reviewer reading the first value did not see (red team 35). The body is
// decoded again, into a fresh value of v's type, by encoding/json's rules
// but those two; any other error of that pass is encoding/json's to
// report, which has accepted the body. problemZH is the problem in Chinese.
func NamesZH(b []byte, v any) (field, problem, problemZH string) {
	t := reflect.TypeOf(v)
	if t == nil || t.Kind() != reflect.Pointer {
		return "", "", ""
	}
	err := jsonv2.Unmarshal(b, reflect.New(t.Elem()).Interface(), namesOptions)
	var syn *jsontext.SyntacticError
	var sem *jsonv2.SemanticError
	switch {
	case errors.As(err, &syn) && errors.Is(syn.Err, jsontext.ErrDuplicateName):
		name := truncate(syn.JSONPointer.LastToken())
		return Path(syn.JSONPointer), fmt.Sprintf("member %q is given twice (give each once)", name),
			fmt.Sprintf("字段 %q 出现了两次(每个字段只能给出一次)", name)
	case errors.As(err, &sem) && errors.Is(err, jsonv2.ErrUnknownName):
		name := truncate(sem.JSONPointer.LastToken())
		return Path(sem.JSONPointer), fmt.Sprintf("unknown field %q (member names are case-sensitive)", name),
			fmt.Sprintf("未知字段 %q(字段名区分大小写)", name)
	}
	return "", "", ""
}

// truncate shortens a member name quoted in a message to 64 bytes, cut at
// a character.
func truncate(s string) string { return bilingual.Clip(s, 64) }

// MaxPath is the length of the longest path an error names in full.
const MaxPath = 120

// Path writes a JSON pointer as a field path, "bom[0].quantity", the way
// every other error of a document names its field. A path longer than
// MaxPath (a document nested thousands of levels deep, a key of a
// thousand characters) is named by its first levels and its depth,
// "bom[0].scrap_pct[0][0]… (depth 10002)", so that the error stays
// readable.
func Path(p jsontext.Pointer) string {
	var b strings.Builder
	depth, cut := 0, 0
	for tok := range p.Tokens() {
		if depth++; b.Len() <= MaxPath {
			cut = b.Len()
		}
		if _, err := strconv.Atoi(tok); err == nil {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	if b.Len() <= MaxPath {
		return b.String()
	}
	s := b.String()
	if cut == 0 { // one long name: its first characters
		for cut = MaxPath; !utf8.RuneStart(s[cut]); cut-- {
		}
	}
	return fmt.Sprintf("%s… (depth %d)", s[:cut], depth)
}

// locateOptions are encoding/json's semantics, with errors that carry
// their JSON pointer.
var locateOptions = jsonv2.JoinOptions(jsonv1.DefaultOptionsV1(), jsonv1.ReportErrorsWithLegacySemantics(false))

// Locate returns err, encoding/json's error decoding document b into v (a
// pointer), with the member of a type error named by its path with the
// index of each array element and the key of each map on the way,
// "digests[0]" or "bom[2].quantity", where encoding/json names the array
// only ("digests", "bom.quantity"): a message names the field, and an
// element is a field of its own. The document is decoded again, into a
// fresh value of v's type, by json/v2 with encoding/json's semantics,
// whose errors carry the JSON pointer; its path is taken only for a value
// of the JSON kind encoding/json refused, and holding the last member
// encoding/json named (whose path also names an embedded struct by its Go
// field, and no map key). Any other error is returned as it is.
func Locate(err error, b []byte, v any) error {
	var typ *json.UnmarshalTypeError
	t := reflect.TypeOf(v)
	if !errors.As(err, &typ) || t == nil || t.Kind() != reflect.Pointer {
		return err
	}
	var sem *jsonv2.SemanticError
	kind, _, _ := strings.Cut(typ.Value, " ") // "number 300" of an overflow
	if !errors.As(jsonv2.Unmarshal(b, reflect.New(t.Elem()).Interface(), locateOptions), &sem) || jsonKinds[sem.JSONKind] != kind {
		return err
	}
	last := typ.Field[strings.LastIndexByte(typ.Field, '.')+1:]
	found := last == ""
	for tok := range sem.JSONPointer.Tokens() {
		found = found || tok == last
	}
	if !found {
		return err
	}
	located := *typ
	located.Field = Path(sem.JSONPointer)
	return &located
}

// jsonKinds are encoding/json's words (UnmarshalTypeError.Value) for the
// kinds of JSON value.
var jsonKinds = map[jsontext.Kind]string{'"': "string", '0': "number", 't': "bool", 'f': "bool", '[': "array", '{': "object", 'n': "null"}

// Element returns the index path of the element a type error in
// document b, an array decoded into v, is at, "[1]" or "[1][0]" (Locate);
// "" for any other error. A type whose UnmarshalJSON reads an array
// appends it to its own field: product_codes[1].
func Element(err error, b []byte, v any) string {
	var typ *json.UnmarshalTypeError
	if errors.As(Locate(err, b, v), &typ) && strings.HasPrefix(typ.Field, "[") {
		return typ.Field
	}
	return ""
}

// OneReading finds, in a JSON document b, a member given twice in one
// object, or beside another whose name is its own in another case
// ("data" and "DATA", "study" and "ſtudy", as encoding/json folds them),
// and returns its path and what is wrong with it, in English and in
// Chinese; "", "", "" when there is none, or when b is not JSON (the
// document's own reader says so). encoding/json matches names whatever
// their case and keeps the last; jq, a browser, Python and json/v2 read
// names exactly, and some the first of two: a file holding both is read as
// one document by one program and as another by the next (red team 58: a
// study file recomputed as the certified study and read by its buyer as
// another). A file meant to be checked by one program and read by a
// person is refused rather than read one of the two ways.
func OneReading(b []byte) (field, problem, problemZH string) {
	dec := jsontext.NewDecoder(bytes.NewReader(b)) // a name given twice is a syntactic error
	var names []map[string]string                  // per open object: folded name → name
	for {
		tok, err := dec.ReadToken()
		var syn *jsontext.SyntacticError
		switch {
		case errors.As(err, &syn) && errors.Is(syn.Err, jsontext.ErrDuplicateName):
			name := truncate(syn.JSONPointer.LastToken())
			return Path(syn.JSONPointer), fmt.Sprintf("member %q is given twice: the file is read one way by one program and another way by the next (give each member once)", name),
				fmt.Sprintf("字段 %q 出现了两次:不同程序会读出不同的内容(每个字段只能给出一次)", name)
		case err != nil: // the end, or not JSON
			return "", "", ""
		}
		switch tok.Kind() {
		case '{':
			names = append(names, map[string]string{})
		case '[':
			names = append(names, nil)
		case '}', ']':
			names = names[:len(names)-1]
		case '"':
			kind, n := dec.StackIndex(dec.StackDepth())
			if kind != '{' || n%2 == 0 { // a value, not a name
				break
			}
			name, key := tok.String(), foldName(tok.String())
			if other, ok := names[len(names)-1][key]; ok {
				p := dec.StackPointer()
				return Path(p), fmt.Sprintf("member %q is given beside %q: encoding/json reads them as one, other programs as two, so the file is read one way by one program and another way by the next (give each member once, in lower case)", truncate(name), truncate(other)),
					fmt.Sprintf("字段 %q 与 %q 仅大小写不同:有的程序将二者读作同一字段,有的读作两个,不同程序会读出不同的内容(每个字段只给出一次,使用小写)", truncate(name), truncate(other))
			}
			names[len(names)-1][key] = name
		}
	}
}

// foldName returns s with each letter as the least of the letters
// Unicode's simple case folding makes it equal to, so that two names are
// equal under strings.EqualFold (as encoding/json matches them) exactly
// when their foldName are equal.
func foldName(s string) string {
	return strings.Map(func(r rune) rune {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		return least
	}, s)
}
