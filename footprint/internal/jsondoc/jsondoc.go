// Package jsondoc reads the JSON documents of the footprint package (study,
// rule and result documents) with github.com/go-json-experiment/json
// (json/v2), strictly, and words what is wrong with one the way every other
// check of a document does: by the field's path with indices
// ("bom[1].quantity") or, for a syntax error, by line and column.
//
// It knows nothing of the domain: footprint turns an *Error into its
// EINVALID, so that this plumbing does not count among the domain's lines.
package jsondoc

import (
	"bytes"
	"encoding"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/jsonerr"
	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Strict are the options of every document: unknown members are refused.
// json/v2's defaults are strict otherwise: duplicate keys and invalid UTF-8
// are refused, keys match exactly. json/v2 decodes a study in about half the
// CPU time encoding/json takes (docs/BENCHMARKS.md), and its errors carry
// the JSON path of the offending value.
var Strict = jsonv2.RejectUnknownMembers(true)

// Error is what is wrong with a document. Field is the path of the value
// ("bom[1].quantity"), or "line L, column C", or "" for the whole document.
// Err, if set, is what json/v2 gave as the cause of a value's refusal: the
// error of the value's own parser (an UnmarshalText or UnmarshalJSON
// method), which the caller may prefer to Message, naming a field relative
// to Field (JoinField).
// MessageZH is Message in Chinese, naming the field (or the line and
// column) itself, since a Chinese message stands on its own.
type Error struct {
	Field     string
	Message   string
	MessageZH string
	Err       error
}

func (e *Error) Error() string {
	if e.Field == "" {
		return e.Message
	}
	return e.Field + ": " + e.Message
}

// Text is the message as a person reads it: Chinese, then English, in
// one message as the service's bilingual errors are ("字段 rule 须为字符串,
// 收到的是 JSON 数字。want a string, got JSON number (line 1, column 8)"); the
// English alone when there is no Chinese.
func (e *Error) Text() string {
	if e.MessageZH == "" {
		return e.Message
	}
	return e.MessageZH + "。" + e.Message
}

// zh sets the Chinese of e.
func (e *Error) zh(format string, args ...any) *Error {
	e.MessageZH = fmt.Sprintf(format, args...)
	return e
}

// documentZH names a document (Decode's what) in Chinese.
func documentZH(what string) string {
	if zh, ok := map[string]string{"study": "研究", "result": "结果", "rule": "规则", "PACT footprint": "PACT 足迹"}[what]; ok {
		return zh
	}
	return what
}

func (e *Error) Unwrap() error { return e.Err }

func errorf(field, format string, args ...any) *Error {
	return &Error{Field: field, Message: fmt.Sprintf(format, args...)}
}

// buffers holds the read buffers of Decode: reading a document into a
// fresh, growing slice cost more than decoding it. Buffers above
// maxPooledBuffer are left to the garbage collector.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxPooledBuffer = 1 << 20

// Decode reads one JSON document of at most limit bytes (0: no limit) from
// r into v with opts (Strict, or options that include it), refusing data
// after the document. A document that is too large or cannot be decoded is
// an *Error; what names the document ("study") in its message. A read
// error is returned wrapped.
func Decode(r io.Reader, limit int64, what string, v any, opts jsonv2.Options) error {
	buf := buffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= maxPooledBuffer {
			buffers.Put(buf)
		}
	}()
	if limit > 0 {
		r = io.LimitReader(r, limit+1)
	}
	if _, err := buf.ReadFrom(r); err != nil {
		return fmt.Errorf("read %s: %w", what, err)
	}
	data := buf.Bytes()
	if limit > 0 && int64(len(data)) > limit {
		return errorf("", "%s document is larger than %d bytes", what, limit).zh("%s文档超过 %d 字节", documentZH(what), limit)
	}
	if string(bytes.TrimSpace(data)) == "null" {
		// json/v2 reads null into a struct as "nothing to set", which
		// would pass as a document with every field left out.
		return errorf("", "%s document must be a JSON object, not null", what).zh("%s文档须为 JSON 对象,不能是 null", documentZH(what))
	}
	// v keeps nothing of data: strings are copied out.
	if err := jsonv2.Unmarshal(data, v, opts); err != nil {
		return Explain(err, data, what)
	}
	return nil
}

// Explain turns a json/v2 error about data into an *Error naming the field
// by its path with indices, with the line and column in the message; a
// syntax error names its line and column.
func Explain(err error, data []byte, what string) *Error {
	var syn *jsontext.SyntacticError
	var sem *jsonv2.SemanticError
	switch {
	case errors.As(err, &syn):
		switch {
		case errors.Is(err, io.ErrUnexpectedEOF) && len(bytes.TrimSpace(data)) == 0:
			return errorf("", "empty document").zh("文档为空")
		case errors.Is(err, io.ErrUnexpectedEOF):
			// Name where it stopped: a truncated upload shows up here.
			end := int64(len(data))
			return errorf(position(data, end), "document ends early").zh("文档在%s提前结束", positionZH(data, end))
		case strings.HasSuffix(syn.Err.Error(), "after top-level value"):
			return errorf("", "%s document has data after its end", what).zh("%s文档结束后还有数据", documentZH(what))
		}
		msg := "invalid JSON: " + syn.Err.Error()
		if p := jsonerr.Path(syn.JSONPointer); p != "" {
			msg += " (in " + p + ")"
		}
		return errorf(position(data, syn.ByteOffset), "%s", msg).zh("JSON 格式错误(%s)", positionZH(data, syn.ByteOffset))
	case errors.As(err, &sem):
		where := position(data, sem.ByteOffset)
		switch {
		case errors.Is(err, jsonv2.ErrUnknownName):
			path := jsonerr.Path(sem.JSONPointer)
			return errorf(path, "unknown field (near %s)", where).zh("未知字段 %s(%s附近)", path, positionZH(data, sem.ByteOffset))
		case sem.GoType == timeType && sem.JSONKind == '"':
			v, _ := jsontext.NewDecoder(bytes.NewReader(data[sem.ByteOffset:])).ReadValue()
			path := jsonerr.Path(sem.JSONPointer)
			return errorf(path, "want an RFC 3339 time, got %s", v).zh("字段 %s 须为 RFC 3339 时间,收到的是 %s", path, v)
		}
		want := "a JSON value"
		if t := sem.GoType; t != nil {
			want = map[reflect.Kind]string{reflect.Struct: "a JSON object", reflect.Map: "a JSON object", reflect.Slice: "a JSON array"}[t.Kind()]
			if t == timeType || reflect.PointerTo(t).Implements(textUnmarshalerType) {
				want = "string" // a time, a unit: JSON strings
			}
			if want == "" {
				want = jsonerr.TypeName(t.String()) // a number, a string…: JSON's words, as every decoder's errors (jsonerr)
			}
		}
		got := map[jsontext.Kind]string{'n': "null", 'f': "boolean", 't': "boolean", '"': "string", '0': "number", '{': "object", '[': "array"}[sem.JSONKind]
		gotZH := kindZH[got]
		if sem.JSONKind == '0' && len(sem.JSONValue) > 0 {
			got += " " + string(sem.JSONValue)
			gotZH += " " + string(sem.JSONValue)
		}
		msg := fmt.Sprintf("want %s, got JSON %s", want, got)
		zh := fmt.Sprintf("须为%s,收到的是 JSON %s", spaced(kindZH[want]), gotZH)
		field := jsonerr.Path(sem.JSONPointer)
		if field == "" {
			field, zh = where, positionZH(data, sem.ByteOffset)+zh
		} else {
			msg += " (" + where + ")"
			zh = "字段 " + field + " " + zh
		}
		return &Error{Field: field, Message: msg, MessageZH: zh, Err: sem.Err}
	}
	return errorf("", "invalid JSON: %s", err).zh("JSON 格式错误")
}

// spaced is s after a Chinese word: a space before a Latin word.
func spaced(s string) string {
	if s != "" && s[0] < 0x80 {
		return " " + s
	}
	return s
}

// kindZH names in Chinese what Explain wants and what it got.
var kindZH = map[string]string{
	"a JSON value": "JSON 值", "a JSON object": "JSON 对象", "a JSON array": "JSON 数组", "string": "字符串",
	"a string": "字符串", "true or false": "true 或 false", "an array": "数组", "an integer": "整数", "a number": "数字", "an object": "对象",
	"null": "null", "boolean": "布尔值", "number": "数字", "object": "对象", "array": "数组",
}

var (
	timeType            = reflect.TypeFor[time.Time]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// JoinField joins the path of a value and a field its own parser named:
// "reference_period" and "start", or "product.product_codes" and
// "product_codes[2]" (a parser that names itself).
func JoinField(path, field string) string {
	i := strings.LastIndexByte(path, '.')
	switch last := path[i+1:]; {
	case field == "":
		return path
	case field == last || strings.HasPrefix(field, last+"["):
		return path[:i+1] + field
	case path == "":
		return field
	}
	return path + "." + field
}

// position returns "line L, column C" of a byte offset in data.
func position(data []byte, offset int64) string {
	line, col := lineColumn(data, offset)
	return fmt.Sprintf("line %d, column %d", line, col)
}

// positionZH is position in Chinese: "第 L 行第 C 列".
func positionZH(data []byte, offset int64) string {
	line, col := lineColumn(data, offset)
	return fmt.Sprintf("第 %d 行第 %d 列", line, col)
}

func lineColumn(data []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	return bytes.Count(before, []byte("\n")) + 1, int(offset) - bytes.LastIndexByte(before, '\n')
}
