package footprint

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/internal/jsondoc"
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
	if err := documentError(jsondoc.DecodeFast(r, MaxStudyJSONBytes, "study", &d, studyOptions, decodeStudyFast)); err != nil {
		return nil, err
	}
	return d.study()
}

// decodeStudyFast decodes a study document into d as json/v2 does with
// studyOptions, but reads the lines of the BOM and the packaging itself,
// without json/v2's reflection and its look-up of the options' functions
// for every value: they are most of a document and were most of its
// decoding time (docs/BENCHMARKS.md, "Durable submissions, session 20").
// The decoder checks the whole document as json/v2 does (syntax, UTF-8,
// duplicate names) and decodes the study's other fields, as it would; the
// lines are then read from their checked bytes (lineScanner). At anything
// it does not read itself (a null, a name it does not know, a value of
// another kind, a number or unit that does not parse, invalid JSON) it
// reports false, and ParseStudyJSON decodes the document with json/v2
// alone, which reads it or words the error. TestParseStudyJSON_Fast and
// FuzzParseStudyJSON check that both agree.
func decodeStudyFast(data []byte, d *studyWire) bool {
	dec := studyDecoders.Get().(*jsontext.Decoder)
	defer studyDecoders.Put(dec)
	dec.Reset(bytes.NewBuffer(data), studyOptions)
	defer dec.Reset(noReader) // keep nothing of data
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return false
	}
	s := &d.Study
	var sc lineScanner
	for dec.PeekKind() == '"' {
		// The name's bytes, valid until the next read; json/v2 matches
		// an escaped name unescaped: the slow way reads it.
		name, err := dec.ReadValue()
		if err != nil || bytes.IndexByte(name, '\\') >= 0 {
			return false
		}
		var v any
		switch string(name[1 : len(name)-1]) {
		case "bom", "packaging":
			bom := name[1] == 'b'
			raw, err := dec.ReadValue()
			if err != nil {
				return false
			}
			sc.b, sc.i = raw, 0
			lines, ok := sc.lines()
			if !ok || sc.skipSpace() != 0 {
				return false
			}
			if bom {
				s.BOM = lines
			} else {
				s.Packaging = lines
			}
			continue
		case "format":
			v = &d.Format
		case "id":
			v = &s.ID
		case "owner":
			v = &s.Owner
		case "created_at":
			v = &s.CreatedAt
		case "title":
			v = &s.Title
		case "goal":
			v = &s.Goal
		case "rule":
			v = &s.Rule
		case "boundary":
			v = &s.Boundary
		case "declared_unit":
			v = &s.DeclaredUnit
		case "reference_period":
			v = &s.ReferencePeriod
		case "factor_set":
			v = &s.FactorSet
		case "reference_output":
			v = &s.ReferenceOutput
		case "product":
			v = &s.Product
		case "assemblies":
			v = &s.Assemblies
		case "electricity":
			v = &s.Electricity
		case "fuels":
			v = &s.Fuels
		case "transport":
			v = &s.Transport
		case "end_of_life":
			v = &s.EndOfLife
		case "pv_scenario":
			v = &s.PVScenario
		case "sources":
			v = &s.Sources
		case "notes":
			v = &s.Notes
		case "not_applicable":
			v = &s.NotApplicable
		default:
			return false
		}
		if jsonv2.UnmarshalDecode(dec, v) != nil {
			return false
		}
	}
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '}' {
		return false
	}
	_, err := dec.ReadToken()
	return err == io.EOF
}

// studyDecoders holds the decoders of decodeStudyFast; noReader is what a
// decoder holds in the pool (it is never read).
var (
	studyDecoders = sync.Pool{New: func() any { return new(jsontext.Decoder) }}
	noReader      = bytes.NewReader(nil)
)

// lineScanner reads BOM lines from the bytes of a JSON value the decoder
// has checked: valid JSON, valid UTF-8, no duplicate names. It reads the
// fields of a line as json/v2 decodes them into a BOMLine (strings
// unescaped, numbers by strconv.ParseFloat, the unit by Unit.UnmarshalText,
// dq and exempt by json/v2 itself) and fails at anything else: a null, an
// unknown name, a value of another kind, a number out of range, a unit
// that does not parse. It keeps one copy of each short string it reads
// (units, stages, factor codes repeat), as json/v2 does.
type lineScanner struct {
	b    []byte
	i    int
	strs [64]string
}

// skipSpace skips white space and returns the next byte, 0 at the end.
func (s *lineScanner) skipSpace() byte {
	for s.i < len(s.b) {
		switch c := s.b[s.i]; c {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return c
		}
	}
	return 0
}

func (s *lineScanner) eat(c byte) bool {
	if s.skipSpace() == c {
		s.i++
		return true
	}
	return false
}

// lines reads a JSON array of BOM lines ([] as an empty list, as json/v2
// does); a line's quantity is NaN until the line sets it (studyOptions).
func (s *lineScanner) lines() ([]*BOMLine, bool) {
	if !s.eat('[') {
		return nil, false
	}
	if s.eat(']') {
		return []*BOMLine{}, true
	}
	out := make([]*BOMLine, 0, 4)
	for {
		l, ok := s.line()
		if !ok {
			return nil, false
		}
		out = append(out, l)
		if s.eat(',') {
			continue
		}
		return out, s.eat(']')
	}
}

func (s *lineScanner) line() (*BOMLine, bool) {
	if !s.eat('{') {
		return nil, false
	}
	l := &BOMLine{Quantity: math.NaN()}
	if s.eat('}') {
		return l, true
	}
	for {
		name, ok := s.rawString()
		if !ok || !s.eat(':') {
			return nil, false
		}
		switch string(name) {
		case "name":
			l.Name, ok = s.str()
		case "quantity":
			l.Quantity, ok = s.number()
		case "unit":
			var u []byte
			if u, ok = s.rawString(); ok {
				ok = l.Unit.UnmarshalText(u) == nil
			}
		case "scrap_pct":
			l.ScrapPct, ok = s.number()
		case "mass_kg":
			l.MassKg, ok = s.number()
		case "stage":
			l.Stage, ok = s.str()
		case "primary":
			l.Primary, ok = s.boolean()
		case "dq":
			ok = s.object(&l.Quality)
		case "factor":
			l.Factor, ok = s.str()
		case "assembly":
			l.Assembly, ok = s.str()
		case "children":
			l.Children, ok = s.lines()
		case "supplier":
			l.Supplier, ok = s.str()
		case "exempt":
			ok = s.object(&l.Exempt)
		case "notes":
			l.Notes, ok = s.str()
		default:
			return nil, false
		}
		if !ok {
			return nil, false
		}
		if s.eat(',') {
			continue
		}
		return l, s.eat('}')
	}
}

// rawString reads a JSON string and returns its content, unescaped: the
// scanned bytes themselves when it has no escape, valid until the next
// read of the decoder.
func (s *lineScanner) rawString() ([]byte, bool) {
	if s.skipSpace() != '"' {
		return nil, false
	}
	start, escaped := s.i, false
	for s.i++; s.i < len(s.b); s.i++ {
		switch s.b[s.i] {
		case '\\':
			escaped = true
			s.i++
		case '"':
			s.i++
			if !escaped {
				return s.b[start+1 : s.i-1], true
			}
			u, err := jsontext.AppendUnquote(nil, s.b[start:s.i])
			return u, err == nil
		}
	}
	return nil, false
}

// str reads a JSON string into a Go string, one copy per short string.
func (s *lineScanner) str() (string, bool) {
	b, ok := s.rawString()
	if !ok || len(b) > 32 {
		return string(b), ok
	}
	h := uint32(2166136261) // FNV-1a
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	p := &s.strs[h%uint32(len(s.strs))]
	if *p != string(b) {
		*p = string(b)
	}
	return *p, true
}

// number reads a JSON number (not null, not a string) as json/v2 reads a
// float64: strconv.ParseFloat, out of range refused.
func (s *lineScanner) number() (float64, bool) {
	if c := s.skipSpace(); c != '-' && (c < '0' || c > '9') {
		return 0, false
	}
	start := s.i
	for s.i < len(s.b) && strings.IndexByte("0123456789+-.eE", s.b[s.i]) >= 0 {
		s.i++
	}
	x, err := strconv.ParseFloat(string(s.b[start:s.i]), 64)
	return x, err == nil
}

func (s *lineScanner) boolean() (bool, bool) {
	switch s.skipSpace() {
	case 't':
		s.i += len("true") // checked by the decoder
		return true, true
	case 'f':
		s.i += len("false")
		return false, true
	}
	return false, false
}

// object decodes a JSON object (not null) into *v with json/v2 and
// studyOptions, as the decoding of the whole line would.
func (s *lineScanner) object(v any) bool {
	if s.skipSpace() != '{' {
		return false
	}
	start, depth := s.i, 0
	for ; s.i < len(s.b); s.i++ {
		switch s.b[s.i] {
		case '"':
			if _, ok := s.rawString(); !ok {
				return false
			}
			s.i-- // at the closing quote
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				s.i++
				return jsonv2.Unmarshal(s.b[start:s.i], v, studyOptions) == nil
			}
		}
	}
	return false
}

// StudyDocumentWire returns a zero study document in the form
// ParseStudyJSON decodes (and MarshalStudyJSON encodes), so that the format
// can be described by reflection (the OpenAPI document of the api package).
// Its fields follow docs/study-format.md; unknown fields are refused.
func StudyDocumentWire() any { return studyWire{} }

// MarshalStudyJSON encodes a study, compact, in the format ParseStudyJSON
// reads, so that a study can be stored or sent and read back unchanged.
// The bytes are those encoding/json gives for the studyWire of the study
// (marshalStudyReflect): stored documents, and the study digests of
// certificates, are re-encoded byte for byte. studyEncoder writes them
// without reflection, in a fifth of the time.
func MarshalStudyJSON(s *Study) ([]byte, error) {
	e := studyEncoder{b: encodeBuffers.Get().(*[]byte)}
	defer func() {
		if cap(*e.b) <= maxPooledEncodeBuffer {
			encodeBuffers.Put(e.b)
		}
	}()
	*e.b = (*e.b)[:0]
	e.study(s)
	switch {
	case e.deep:
		return marshalStudyReflect(s) // see studyEncoder.deep
	case e.err != nil:
		return nil, fmt.Errorf("encode study: %w", e.err)
	}
	return bytes.Clone(*e.b), nil
}

// marshalStudyReflect is MarshalStudyJSON by encoding/json: the reference
// of studyEncoder.
func marshalStudyReflect(s *Study) ([]byte, error) {
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
	if i := badBOMLine(lines); i >= 0 {
		l := lines[i]
		if l == nil || math.IsNaN(l.Quantity) || l.Unit.IsZero() {
			return nil, checkLine(at(path, i), l == nil, l != nil && math.IsNaN(l.Quantity), true)
		}
		_, err := checkBOMLines(at(path, i)+".children", l.Children) // the fault is below
		return nil, err
	}
	return nilIfEmpty(lines), nil
}

// badBOMLine returns the index of the first of lines that is null, lacks
// its quantity or its unit, or has such a line among its children, in the
// order checkBOMLines reports them; -1 if there is none.
func badBOMLine(lines []*BOMLine) int {
	for i, l := range lines {
		if l == nil || math.IsNaN(l.Quantity) || l.Unit.IsZero() || badBOMLine(l.Children) >= 0 {
			return i
		}
	}
	return -1
}

// at is the path of element i of the list at path.
func at(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// strictJSON are the options of every document (jsondoc.Strict).
var strictJSON = jsondoc.Strict

// decodeJSON reads one JSON document of at most limit bytes (0: no limit)
// from r into v, refusing unknown fields and data after the document
// (jsondoc.Decode). Errors are EINVALID naming the field, or the line and
// column of a syntax error; what names the document ("study") in the size
// error. opts, if given, replace strictJSON (and so include it).
func decodeJSON(r io.Reader, limit int64, what string, v any, opts ...jsonv2.Options) error {
	o := strictJSON
	if len(opts) > 0 {
		o = jsonv2.JoinOptions(opts...)
	}
	return documentError(jsondoc.Decode(r, limit, what, v, o))
}

// jsonError turns a json/v2 error about data into an EINVALID naming the
// field (jsondoc.Explain).
func jsonError(err error, data []byte, what string) error {
	return documentError(jsondoc.Explain(err, data, what))
}

// documentError turns a *jsondoc.Error into an EINVALID naming its field;
// where a value's own parser refused it (a unit, a period, product codes),
// its message, naming the field relative to the value. Other errors (a
// failed read) pass unchanged.
func documentError(err error) error {
	var de *jsondoc.Error
	if !errors.As(err, &de) {
		return err
	}
	if fe := (*Error)(nil); errors.As(de.Err, &fe) {
		return FieldErrorf(EINVALID, jsondoc.JoinField(de.Field, fe.Field), "%s", fe.Message)
	}
	return FieldErrorf(EINVALID, de.Field, "%s", de.Message)
}

// The result document (resultjson.go) writes a declared unit that is not
// set as {"amount":0,"unit":""}, where a study has null: its own form.

type declaredUnitWire struct {
	Amount float64 `json:"amount"`
	Unit   string  `json:"unit"`
}

func parseUnitAt(path, s string) (Unit, error) {
	var u Unit
	if err := u.UnmarshalText([]byte(s)); err != nil {
		return Unit{}, FieldErrorf(EINVALID, path, "%s", ErrorMessage(err))
	}
	return u, nil
}

// encodeBuffers holds the scratch buffers of MarshalStudyJSON and
// encodeResult; the document is copied out at its size. Buffers above
// maxPooledEncodeBuffer are left to the garbage collector.
var encodeBuffers = sync.Pool{New: func() any { return new([]byte) }}

const maxPooledEncodeBuffer = 1 << 20

// maxStudyEncodeDepth is the nesting of BOM lines studyEncoder writes
// itself; deeper (a study built in Go: ParseStudyJSON refuses documents
// nested so deep), or a cycle, is left to encoding/json, which writes the
// one and refuses the other.
const maxStudyEncodeDepth = 1000

// studyEncoder writes a study document as encoding/json writes a studyWire:
// the fields of each type in the order of their json tags, with their
// omitempty and omitzero rules, numbers as appendJSONFloat, strings as
// appendJSONString (HTML-safe), a nil pointer or slice without omitempty
// as null, and the MarshalJSON and MarshalText forms of DeclaredUnit,
// Period, Unit and ProductCode. Keep it in step with the tags:
// TestMarshalStudyJSON_Reflect compares it with encoding/json on a study
// with every field set.
type studyEncoder struct {
	b     *[]byte
	first bool  // no field written yet in the object being written
	err   error // a number JSON cannot hold
	deep  bool  // BOM lines nested beyond maxStudyEncodeDepth
}

func (e *studyEncoder) study(s *Study) {
	e.open()
	e.str("format", StudyFormat)
	e.strOmit("id", s.ID)
	e.strOmit("owner", s.Owner)
	if !s.CreatedAt.IsZero() {
		e.key("created_at")
		b, err := s.CreatedAt.UTC().AppendText(append(*e.b, '"'))
		if err != nil {
			e.fail(err)
			return
		}
		*e.b = append(b, '"')
	}
	e.strOmit("title", s.Title)
	e.strOmit("goal", s.Goal)
	e.str("rule", s.Rule)
	e.str("boundary", string(s.Boundary))
	e.key("declared_unit")
	if s.DeclaredUnit == (DeclaredUnit{}) {
		e.null()
	} else {
		e.open()
		e.num("amount", s.DeclaredUnit.Amount)
		e.str("unit", s.DeclaredUnit.Unit.Symbol)
		e.close()
	}
	e.period("reference_period", s.ReferencePeriod)
	e.str("factor_set", s.FactorSet)
	e.numOmit("reference_output", s.ReferenceOutput)
	e.key("product")
	e.product(&s.Product)
	e.key("bom")
	if len(s.BOM) == 0 {
		e.null() // nilIfEmpty, as ParseStudyJSON reads [] (study)
	} else {
		e.bomLines(s.BOM, 0)
	}
	if len(s.Assemblies) > 0 {
		e.key("assemblies")
		e.list(len(s.Assemblies), func(i int) bool { return s.Assemblies[i] == nil }, func(i int) { e.assembly(s.Assemblies[i]) })
	}
	if len(s.Electricity) > 0 {
		e.key("electricity")
		e.list(len(s.Electricity), func(i int) bool { return s.Electricity[i] == nil }, func(i int) { e.electricity(s.Electricity[i]) })
	}
	if len(s.Fuels) > 0 {
		e.key("fuels")
		e.list(len(s.Fuels), func(i int) bool { return s.Fuels[i] == nil }, func(i int) { e.fuel(s.Fuels[i]) })
	}
	if len(s.Transport) > 0 {
		e.key("transport")
		e.list(len(s.Transport), func(i int) bool { return s.Transport[i] == nil }, func(i int) { e.transport(s.Transport[i]) })
	}
	if len(s.Packaging) > 0 {
		e.key("packaging")
		e.bomLines(s.Packaging, 0)
	}
	if len(s.EndOfLife) > 0 {
		e.key("end_of_life")
		e.list(len(s.EndOfLife), func(i int) bool { return s.EndOfLife[i] == nil }, func(i int) { e.endOfLife(s.EndOfLife[i]) })
	}
	if p := s.PVScenario; p != nil {
		e.key("pv_scenario")
		e.open()
		e.num("lifetime_years", p.LifetimeYears)
		e.num("degradation_pct_per_year", p.DegradationPctPerYear)
		e.num("specific_yield_kwh_per_kwp", p.SpecificYieldKWhPerKWp)
		e.strOmit("source", p.Source)
		e.close()
	}
	if len(s.Sources) > 0 {
		e.key("sources")
		e.list(len(s.Sources), func(int) bool { return false }, func(i int) {
			src := &s.Sources[i]
			e.open()
			e.str("title", src.Title)
			e.strOmit("publisher", src.Publisher)
			e.strOmit("date", src.Date)
			e.strOmit("locator", src.Locator)
			e.strOmit("used_for", src.UsedFor)
			e.close()
		})
	}
	e.strOmit("notes", s.Notes)
	if len(s.NotApplicable) > 0 {
		e.key("not_applicable")
		e.list(len(s.NotApplicable), func(int) bool { return false }, func(i int) {
			e.open()
			e.str("stage", s.NotApplicable[i].Stage)
			e.str("reason", s.NotApplicable[i].Reason)
			e.close()
		})
	}
	e.close()
}

func (e *studyEncoder) product(p *Product) {
	e.open()
	e.strOmit("name", p.Name)
	e.strOmit("name_zh", p.NameZH)
	e.strOmit("model", p.Model)
	e.strOmit("manufacturer", p.Manufacturer)
	e.strOmit("site", p.Site)
	if len(p.ProductCodes) > 0 {
		e.key("product_codes")
		e.list(len(p.ProductCodes), func(int) bool { return false }, func(i int) {
			*e.b = appendJSONString(*e.b, p.ProductCodes[i].String())
		})
	}
	e.strOmit("gtin", p.GTIN)
	e.numOmit("mass_kg", p.MassKg)
	e.numOmit("rated_power_wp", p.RatedPowerWp)
	e.numOmit("area_m2", p.AreaM2)
	e.strOmit("cell_technology", p.CellTechnology)
	e.numOmit("active_area_m2", p.ActiveAreaM2)
	if u := p.Use; u != nil {
		e.key("use")
		e.open()
		e.num("annual_kwh", u.AnnualKWh)
		e.num("lifetime_years", u.LifetimeYears)
		e.strOmit("country", u.Country)
		e.str("factor", u.Factor)
		e.strOmit("stage", u.Stage)
		e.strOmit("notes", u.Notes)
		e.close()
	}
	e.close()
}

// bomLines writes a list of BOM lines nested depth deep.
func (e *studyEncoder) bomLines(lines []*BOMLine, depth int) {
	if depth > maxStudyEncodeDepth {
		e.deep = true
		return
	}
	e.list(len(lines), func(i int) bool { return lines[i] == nil }, func(i int) { e.bomLine(lines[i], depth) })
}

func (e *studyEncoder) bomLine(l *BOMLine, depth int) {
	e.open()
	e.strOmit("name", l.Name)
	e.num("quantity", l.Quantity)
	e.str("unit", l.Unit.Symbol)
	e.numOmit("scrap_pct", l.ScrapPct)
	e.numOmit("mass_kg", l.MassKg)
	e.strOmit("stage", l.Stage)
	e.boolOmit("primary", l.Primary)
	e.quality(l.Quality)
	e.strOmit("factor", l.Factor)
	e.strOmit("assembly", l.Assembly)
	if len(l.Children) > 0 {
		e.key("children")
		e.bomLines(l.Children, depth+1)
	}
	e.strOmit("supplier", l.Supplier)
	if x := l.Exempt; x != nil {
		e.key("exempt")
		e.open()
		e.str("reason", x.Reason)
		e.strOmit("screening_factor", x.ScreeningFactor)
		e.close()
	}
	e.strOmit("notes", l.Notes)
	e.close()
}

func (e *studyEncoder) assembly(a *Assembly) {
	e.open()
	e.str("id", a.ID)
	e.strOmit("name", a.Name)
	e.numOmit("amount", a.Amount)
	e.str("unit", a.Unit.Symbol)
	e.key("lines")
	if a.Lines == nil {
		e.null()
	} else {
		e.bomLines(a.Lines, 0)
	}
	e.close()
}

func (e *studyEncoder) electricity(l *ElectricityLine) {
	e.open()
	e.strOmit("name", l.Name)
	e.num("quantity", l.Quantity)
	e.str("unit", l.Unit.Symbol)
	e.strOmit("stage", l.Stage)
	e.str("factor", l.Factor)
	e.boolOmit("primary", l.Primary)
	e.quality(l.Quality)
	if len(l.Instruments) > 0 {
		e.key("instruments")
		e.list(len(l.Instruments), func(i int) bool { return l.Instruments[i] == nil }, func(i int) {
			in := l.Instruments[i]
			e.open()
			e.str("kind", string(in.Kind))
			e.str("serial", in.Serial)
			e.num("mwh", in.MWh)
			e.period("period", in.Period)
			e.strOmit("technology", in.Technology)
			e.strOmit("factor", in.Factor)
			e.strOmit("transmission_factor", in.TransmissionFactor)
			e.strOmit("delivery", in.Delivery)
			e.close()
		})
	}
	e.strOmit("notes", l.Notes)
	e.strOmit("geography", l.Geography)
	e.close()
}

func (e *studyEncoder) fuel(l *FuelLine) {
	e.open()
	e.strOmit("name", l.Name)
	e.num("quantity", l.Quantity)
	e.str("unit", l.Unit.Symbol)
	e.strOmit("stage", l.Stage)
	e.str("combustion_factor", l.CombustionFactor)
	e.strOmit("upstream_factor", l.UpstreamFactor)
	e.boolOmit("primary", l.Primary)
	e.quality(l.Quality)
	e.strOmit("notes", l.Notes)
	e.close()
}

func (e *studyEncoder) transport(l *TransportLeg) {
	e.open()
	e.strOmit("name", l.Name)
	e.quantity("mass", l.Mass)
	e.quantity("distance", l.Distance)
	e.str("mode", l.Mode)
	e.str("factor", l.Factor)
	e.strOmit("stage", l.Stage)
	e.boolOmit("primary", l.Primary)
	e.quality(l.Quality)
	e.strOmit("notes", l.Notes)
	e.close()
}

func (e *studyEncoder) endOfLife(l *EndOfLifeLine) {
	e.open()
	e.strOmit("name", l.Name)
	e.num("quantity", l.Quantity)
	e.str("unit", l.Unit.Symbol)
	e.str("treatment", l.Treatment)
	e.str("factor", l.Factor)
	e.strOmit("stage", l.Stage)
	e.boolOmit("primary", l.Primary)
	e.quality(l.Quality)
	e.strOmit("notes", l.Notes)
	e.close()
}

func (e *studyEncoder) quantity(key string, q Quantity) {
	e.key(key)
	e.open()
	e.num("value", q.Value)
	e.str("unit", q.Unit.Symbol)
	e.close()
}

// quality writes a line's "dq", left out when nil (Grade is not in a
// study document).
func (e *studyEncoder) quality(q *DataQuality) {
	if q == nil {
		return
	}
	e.key("dq")
	e.open()
	e.int("ter", q.TeR)
	e.int("gr", q.GR)
	e.int("tir", q.TiR)
	e.int("p", q.P)
	e.close()
}

// period writes a Period as Period.MarshalJSON does: null when zero.
func (e *studyEncoder) period(key string, p Period) {
	e.key(key)
	if p.IsZero() {
		e.null()
		return
	}
	e.open()
	e.key("start")
	*e.b = append(p.Start.AppendFormat(append(*e.b, '"'), time.DateOnly), '"')
	e.key("end")
	*e.b = append(p.End.AppendFormat(append(*e.b, '"'), time.DateOnly), '"')
	e.close()
}

// list writes an array of n elements: null for those null says, else by
// elem.
func (e *studyEncoder) list(n int, null func(i int) bool, elem func(i int)) {
	*e.b = append(*e.b, '[')
	for i := range n {
		if i > 0 {
			*e.b = append(*e.b, ',')
		}
		if null(i) {
			e.null()
		} else {
			elem(i)
		}
	}
	*e.b = append(*e.b, ']')
	e.first = false
}

func (e *studyEncoder) open() {
	*e.b = append(*e.b, '{')
	e.first = true
}

func (e *studyEncoder) close() {
	*e.b = append(*e.b, '}')
	e.first = false
}

func (e *studyEncoder) null() { *e.b = append(*e.b, "null"...) }

// key writes the key of the next field of an object, after a comma unless
// it is the first.
func (e *studyEncoder) key(k string) {
	b := *e.b
	if !e.first {
		b = append(b, ',')
	}
	e.first = false
	b = append(b, '"')
	b = append(b, k...)
	*e.b = append(b, '"', ':')
}

func (e *studyEncoder) str(key, s string) {
	e.key(key)
	*e.b = appendJSONString(*e.b, s)
}

func (e *studyEncoder) strOmit(key, s string) {
	if s != "" {
		e.str(key, s)
	}
}

func (e *studyEncoder) num(key string, x float64) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		e.fail(&json.UnsupportedValueError{Str: strconv.FormatFloat(x, 'g', -1, 64)})
		return
	}
	e.key(key)
	*e.b = appendJSONFloat(*e.b, x)
}

// numOmit writes x unless it is 0 (omitempty: -0 too; NaN is not empty,
// and fails).
func (e *studyEncoder) numOmit(key string, x float64) {
	if x != 0 {
		e.num(key, x)
	}
}

func (e *studyEncoder) int(key string, n int) {
	e.key(key)
	*e.b = strconv.AppendInt(*e.b, int64(n), 10)
}

func (e *studyEncoder) boolOmit(key string, v bool) {
	if v {
		e.key(key)
		*e.b = append(*e.b, "true"...)
	}
}

func (e *studyEncoder) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}
