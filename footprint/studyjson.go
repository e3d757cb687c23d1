package footprint

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// StudyFormat is the value of the "format" field of a study document.
const StudyFormat = "pcf-study/1"

// MaxStudyJSONBytes is the largest study document ParseStudyJSON reads.
const MaxStudyJSONBytes = 32 << 20

// ParseStudyJSON reads a study in the JSON format of docs/study-format.md.
// Unknown fields are refused. Errors are EINVALID and name the offending
// field, e.g. "bom[3].unit: unknown unit \"kgs\"", or the line and column of
// a syntax error. Units, dates and product codes are parsed; the study's
// content (quantities, factors, the rule's requirements) is checked by
// Calculate.
func ParseStudyJSON(r io.Reader) (*Study, error) {
	var d studyWire
	if err := decodeJSON(r, MaxStudyJSONBytes, "study", &d, studyOptions); err != nil {
		return nil, err
	}
	return d.study()
}

// StudyDocumentWire returns a zero study document in the form
// ParseStudyJSON decodes (and MarshalStudyJSON encodes), so that the format
// can be described by reflection (the OpenAPI document of the api package).
// Its fields follow docs/study-format.md; unknown fields are refused.
func StudyDocumentWire() any { return studyWire{} }

// MarshalStudyJSON encodes a study, compact, in the format ParseStudyJSON
// reads, so that a study can be stored or sent and read back unchanged.
func MarshalStudyJSON(s *Study) ([]byte, error) {
	d := studyWire{Format: StudyFormat, Study: *s}
	d.CreatedAt = d.CreatedAt.UTC()
	d.BOM = nilIfEmpty(d.BOM) // "bom": null, as ParseStudyJSON reads [] (study)
	b, err := json.Marshal(&d)
	if err != nil {
		return nil, fmt.Errorf("encode study: %w", err)
	}
	return b, nil
}

// studyWire is a study document: the Study, whose json tags are the
// format, after the format name, which is the document's and not the
// study's. (Its name gives its OpenAPI component, StudyDocument.)
// Decoding fills a line's quantity with NaN first (studyOptions), so that
// study can tell a quantity left out or null from 0.
type studyWire struct {
	Format string `json:"format,omitempty"`
	Study
}

// studyOptions decode a study document: strictly (strictJSON), with
// encoding/json's rule that null leaves a number or a quantity as it is,
// and with the quantities of every line NaN until the document sets them.
var studyOptions = jsonv2.JoinOptions(strictJSON, jsonv2.WithUnmarshalers(jsonv2.JoinUnmarshalers(
	keepOnNull[float64](), keepOnNull[Quantity](),
	jsonv2.UnmarshalFromFunc(func(_ *jsontext.Decoder, l *BOMLine) error { l.Quantity = math.NaN(); return errors.ErrUnsupported }),
	jsonv2.UnmarshalFromFunc(func(_ *jsontext.Decoder, l *ElectricityLine) error {
		l.Quantity = math.NaN()
		return errors.ErrUnsupported
	}),
	jsonv2.UnmarshalFromFunc(func(_ *jsontext.Decoder, l *FuelLine) error { l.Quantity = math.NaN(); return errors.ErrUnsupported }),
	jsonv2.UnmarshalFromFunc(func(_ *jsontext.Decoder, l *EndOfLifeLine) error {
		l.Quantity = math.NaN()
		return errors.ErrUnsupported
	}),
	jsonv2.UnmarshalFromFunc(func(_ *jsontext.Decoder, l *TransportLeg) error {
		l.Mass.Value, l.Distance.Value = math.NaN(), math.NaN()
		return errors.ErrUnsupported
	}),
)))

// keepOnNull leaves a T as it is when the document has null for it.
func keepOnNull[T any]() *jsonv2.Unmarshalers {
	return jsonv2.UnmarshalFromFunc(func(dec *jsontext.Decoder, _ *T) error {
		if dec.PeekKind() != 'n' {
			return errors.ErrUnsupported
		}
		_, err := dec.ReadToken()
		return err
	})
}

// study checks what decoding cannot: the format, lines that are null or
// lack their quantity or unit. It gives an assembly without an amount the
// amount 1, and empty lists as nil, as a study built in Go has them.
func (d *studyWire) study() (*Study, error) {
	if d.Format != "" && d.Format != StudyFormat {
		return nil, FieldErrorf(EINVALID, "format", "unknown format %q (want %q)", d.Format, StudyFormat)
	}
	s := &d.Study
	if s.DeclaredUnit.Amount != 0 && s.DeclaredUnit.Unit.IsZero() {
		return nil, FieldErrorf(EINVALID, "declared_unit.unit", "unit is required")
	}
	var err error
	if s.BOM, err = checkBOMLines("bom", s.BOM); err != nil {
		return nil, err
	}
	if s.Packaging, err = checkBOMLines("packaging", s.Packaging); err != nil {
		return nil, err
	}
	for i, a := range s.Assemblies {
		p := at("assemblies", i)
		switch {
		case a == nil:
			return nil, FieldErrorf(EINVALID, p, "sub-assembly is empty")
		case a.Unit.IsZero():
			return nil, FieldErrorf(EINVALID, p+".unit", "unit is required")
		case a.Amount == 0:
			a.Amount = 1
		}
		if a.Lines, err = checkBOMLines(p+".lines", a.Lines); err != nil {
			return nil, err
		}
	}
	for i, e := range s.Electricity {
		p := at("electricity", i)
		if err := checkLine(p, e == nil, e != nil && math.IsNaN(e.Quantity), e != nil && e.Unit.IsZero()); err != nil {
			return nil, err
		}
		for j, in := range e.Instruments {
			if in == nil {
				return nil, FieldErrorf(EINVALID, at(p+".instruments", j), "instrument is empty")
			}
		}
		e.Instruments = nilIfEmpty(e.Instruments)
	}
	for i, f := range s.Fuels {
		if err := checkLine(at("fuels", i), f == nil, f != nil && math.IsNaN(f.Quantity), f != nil && f.Unit.IsZero()); err != nil {
			return nil, err
		}
	}
	for i, t := range s.Transport {
		p := at("transport", i)
		if t == nil {
			return nil, FieldErrorf(EINVALID, p, "leg is empty")
		}
		if err := checkLine(p+".mass", false, math.IsNaN(t.Mass.Value), t.Mass.Unit.IsZero()); err != nil {
			return nil, err
		}
		if err := checkLine(p+".distance", false, math.IsNaN(t.Distance.Value), t.Distance.Unit.IsZero()); err != nil {
			return nil, err
		}
	}
	for i, e := range s.EndOfLife {
		if err := checkLine(at("end_of_life", i), e == nil, e != nil && math.IsNaN(e.Quantity), e != nil && e.Unit.IsZero()); err != nil {
			return nil, err
		}
	}
	s.Assemblies, s.Electricity, s.Fuels = nilIfEmpty(s.Assemblies), nilIfEmpty(s.Electricity), nilIfEmpty(s.Fuels)
	s.Transport, s.EndOfLife = nilIfEmpty(s.Transport), nilIfEmpty(s.EndOfLife)
	s.Sources, s.NotApplicable = nilIfEmpty(s.Sources), nilIfEmpty(s.NotApplicable)
	return s, nil
}

// checkLine returns the error of a line of a document at path that is
// null, or lacks its quantity or its unit.
func checkLine(path string, null, noQuantity, noUnit bool) error {
	switch {
	case null:
		return FieldErrorf(EINVALID, path, "line is empty")
	case noQuantity:
		return FieldErrorf(EINVALID, path+".quantity", "quantity is required")
	case noUnit:
		return FieldErrorf(EINVALID, path+".unit", "unit is required")
	}
	return nil
}

// checkBOMLines checks BOM lines and their children (checkLine) and returns
// them, nil if there are none; their paths, path[i], are built only for an
// error.
func checkBOMLines(path string, lines []*BOMLine) ([]*BOMLine, error) {
	for i, l := range lines {
		if l == nil || math.IsNaN(l.Quantity) || l.Unit.IsZero() {
			return nil, checkLine(at(path, i), l == nil, l != nil && math.IsNaN(l.Quantity), true)
		}
		if len(l.Children) > 0 {
			var err error
			if l.Children, err = checkBOMLines(at(path, i)+".children", l.Children); err != nil {
				return nil, err
			}
		}
	}
	return nilIfEmpty(lines), nil
}

// at is the path of element i of the list at path.
func at(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// Documents are decoded with github.com/go-json-experiment/json (json/v2):
// it decodes a study in about half the CPU time encoding/json takes
// (docs/BENCHMARKS.md), and its errors carry the JSON path of the offending
// value. Its defaults are strict: duplicate keys and invalid UTF-8 are
// refused, keys match exactly.
var strictJSON = jsonv2.RejectUnknownMembers(true)

// jsonBuffers holds the read buffers of decodeJSON: reading a document into
// a fresh, growing slice cost more than decoding it. Buffers above
// maxPooledBuffer are left to the garbage collector.
var jsonBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxPooledBuffer = 1 << 20

// decodeJSON reads one JSON document of at most limit bytes (0: no limit)
// from r into v, refusing unknown fields and data after the document.
// Errors are EINVALID naming the field, or the line and column of a syntax
// error; what names the document ("study") in the size error. opts, if
// given, replace strictJSON (and so include it).
func decodeJSON(r io.Reader, limit int64, what string, v any, opts ...jsonv2.Options) error {
	buf := jsonBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= maxPooledBuffer {
			jsonBuffers.Put(buf)
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
		return Errorf(EINVALID, "%s document is larger than %d bytes", what, limit)
	}
	// v keeps nothing of data: strings are copied out.
	o := strictJSON
	if len(opts) > 0 {
		o = jsonv2.JoinOptions(opts...)
	}
	if err := jsonv2.Unmarshal(data, v, o); err != nil {
		return jsonError(err, data, what)
	}
	return nil
}

// jsonError turns a json/v2 error about data into an EINVALID naming the
// field by its path with indices ("bom[1].quantity"), as every other check
// of a document does, with the line and column in the message; a syntax
// error names its line and column.
func jsonError(err error, data []byte, what string) error {
	var syn *jsontext.SyntacticError
	var sem *jsonv2.SemanticError
	switch {
	case errors.As(err, &syn):
		switch {
		case errors.Is(err, io.ErrUnexpectedEOF) && len(bytes.TrimSpace(data)) == 0:
			return Errorf(EINVALID, "empty document")
		case errors.Is(err, io.ErrUnexpectedEOF):
			// Name where it stopped: a truncated upload shows up here.
			return FieldErrorf(EINVALID, position(data, int64(len(data))), "document ends early")
		case strings.HasSuffix(syn.Err.Error(), "after top-level value"):
			return Errorf(EINVALID, "%s document has data after its end", what)
		}
		msg := "invalid JSON: " + syn.Err.Error()
		if p := pathOf(syn.JSONPointer); p != "" {
			msg += " (in " + p + ")"
		}
		return FieldErrorf(EINVALID, position(data, syn.ByteOffset), "%s", msg)
	case errors.As(err, &sem):
		where := position(data, sem.ByteOffset)
		var fe *Error
		switch {
		case errors.Is(err, jsonv2.ErrUnknownName):
			return FieldErrorf(EINVALID, pathOf(sem.JSONPointer), "unknown field (near %s)", where)
		case errors.As(sem.Err, &fe):
			// A value's own parser refused it (a unit, a period, product
			// codes), naming the field relative to the value.
			return FieldErrorf(EINVALID, joinField(pathOf(sem.JSONPointer), fe.Field), "%s", fe.Message)
		case sem.GoType == timeType && sem.JSONKind == '"':
			v, _ := jsontext.NewDecoder(bytes.NewReader(data[sem.ByteOffset:])).ReadValue()
			return FieldErrorf(EINVALID, pathOf(sem.JSONPointer), "want an RFC 3339 time, got %s", v)
		}
		want := "a JSON value"
		if t := sem.GoType; t != nil {
			want = map[reflect.Kind]string{reflect.Struct: "a JSON object", reflect.Map: "a JSON object", reflect.Slice: "a JSON array"}[t.Kind()]
			if t == timeType || reflect.PointerTo(t).Implements(textUnmarshalerType) {
				want = "string" // a time, a unit: JSON strings
			}
			if want == "" {
				want = t.String() // float64, string… as encoding/json said
			}
		}
		got := map[jsontext.Kind]string{'n': "null", 'f': "boolean", 't': "boolean", '"': "string", '0': "number", '{': "object", '[': "array"}[sem.JSONKind]
		if sem.JSONKind == '0' && len(sem.JSONValue) > 0 {
			got += " " + string(sem.JSONValue)
		}
		msg := fmt.Sprintf("want %s, got JSON %s", want, got)
		field := pathOf(sem.JSONPointer)
		if field == "" {
			field = where
		} else {
			msg += " (" + where + ")"
		}
		return FieldErrorf(EINVALID, field, "%s", msg)
	}
	return Errorf(EINVALID, "invalid JSON: %s", err)
}

var (
	timeType            = reflect.TypeFor[time.Time]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// pathOf writes a JSON pointer as a field path, "bom[0].quantity", the
// way every other error of a study names its field.
func pathOf(p jsontext.Pointer) string {
	var b strings.Builder
	for tok := range p.Tokens() {
		if _, err := strconv.Atoi(tok); err == nil {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
}

// joinField joins the path of a value and a field its own parser named:
// "reference_period" and "start", or "product.product_codes" and
// "product_codes[2]" (a parser that names itself).
func joinField(path, field string) string {
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
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d", line, col)
}

// The result document (resultjson.go) still has its own forms of a declared
// unit and a period, the study's before study documents were decoded into
// the domain types; these go when it does the same.

type declaredUnitWire struct {
	Amount float64 `json:"amount"`
	Unit   string  `json:"unit"`
}

type periodWire struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

func (w periodWire) toDomain(path string) (Period, error) {
	p, err := parsePeriod(w.Start, w.End)
	var fe *Error
	if errors.As(err, &fe) {
		return Period{}, FieldErrorf(EINVALID, joinField(path, fe.Field), "%s", fe.Message)
	}
	return p, nil
}

func periodToWire(p Period) periodWire {
	return periodWire{Start: p.Start.Format(time.DateOnly), End: p.End.Format(time.DateOnly)}
}

func parseUnitAt(path, s string) (Unit, error) {
	var u Unit
	if err := u.UnmarshalText([]byte(s)); err != nil {
		return Unit{}, FieldErrorf(EINVALID, path, "%s", ErrorMessage(err))
	}
	return u, nil
}
