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
	"unicode/utf16"
	"unicode/utf8"
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
	buf := jsonBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= maxPooledBuffer {
			jsonBuffers.Put(buf)
		}
	}()
	if _, err := buf.ReadFrom(io.LimitReader(r, MaxStudyJSONBytes+1)); err != nil {
		return nil, fmt.Errorf("read study: %w", err)
	}
	data := buf.Bytes()
	if len(data) > MaxStudyJSONBytes {
		return nil, Errorf(EINVALID, "study document is larger than %d bytes", MaxStudyJSONBytes)
	}
	// The strings of the study are slices of this one copy of the
	// document (the buffer goes back to the pool).
	d := wireDecoders.Get().(*wireDecoder)
	defer d.release()
	d.s = string(data)
	if w, ok := d.document(); ok {
		return w.toDomain() // keeps nothing of the wire form but strings
	}
	// Anything the fast decoder does not take, encoding/json decides, with
	// its error messages.
	w, err := decodeStudyWire(data)
	if err != nil {
		return nil, err
	}
	return w.toDomain()
}

// decodeStudyWire decodes a study document with encoding/json.
func decodeStudyWire(data []byte) (*studyWire, error) {
	var w studyWire
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return nil, jsonErrorAt(err, data, dec.InputOffset())
	}
	if dec.More() {
		return nil, Errorf(EINVALID, "study document has data after its end")
	}
	return &w, nil
}

// jsonBuffers holds the read buffers of ParseStudyJSON and
// ParseResultJSON: reading a document into a fresh, growing slice cost more
// than decoding it. Buffers above maxPooledBuffer are left to the garbage
// collector.
var jsonBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxPooledBuffer = 1 << 20

// jsonError turns an encoding/json error into an EINVALID naming the field.
func jsonError(err error) error { return jsonErrorAt(err, nil, -1) }

func jsonErrorAt(err error, data []byte, offset int64) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		// Offset counts the bytes read, the offending one included.
		return FieldErrorf(EINVALID, position(data, max(0, syn.Offset-1)), "invalid JSON: %s", syn.Error())
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = position(data, typ.Offset)
		}
		return FieldErrorf(EINVALID, field, "want %s, got JSON %s", typ.Type, typ.Value)
	case errors.Is(err, io.EOF):
		return Errorf(EINVALID, "empty document")
	case errors.Is(err, io.ErrUnexpectedEOF):
		// Name where it stopped: a truncated upload shows up here.
		return FieldErrorf(EINVALID, position(data, int64(len(data))), "document ends early")
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		where := position(data, offset)
		return FieldErrorf(EINVALID, name, "unknown field (near %s)", where)
	}
	return Errorf(EINVALID, "invalid JSON: %s", err)
}

// position returns "line L, column C" of a byte offset, or "offset N" when
// the document is not at hand.
func position(data []byte, offset int64) string {
	if data == nil || offset < 0 || offset > int64(len(data)) {
		return "offset " + strconv.FormatInt(offset, 10)
	}
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d", line, col)
}

// Wire types. Domain types carry no tags (STYLE.md §2.2); these map the
// documented JSON format explicitly.

type studyWire struct {
	Format          string             `json:"format,omitempty"`
	ID              string             `json:"id,omitempty"`
	Owner           string             `json:"owner,omitempty"`
	CreatedAt       string             `json:"created_at,omitempty"`
	Title           string             `json:"title,omitempty"`
	Goal            string             `json:"goal,omitempty"`
	Rule            string             `json:"rule"`
	Boundary        string             `json:"boundary"`
	DeclaredUnit    *declaredUnitWire  `json:"declared_unit"`
	ReferencePeriod *periodWire        `json:"reference_period"`
	FactorSet       string             `json:"factor_set"`
	ReferenceOutput float64            `json:"reference_output,omitempty"`
	Product         productWire        `json:"product"`
	BOM             []*bomLineWire     `json:"bom"`
	Assemblies      []*assemblyWire    `json:"assemblies,omitempty"`
	Electricity     []*electricityWire `json:"electricity,omitempty"`
	Fuels           []*fuelWire        `json:"fuels,omitempty"`
	Transport       []*transportWire   `json:"transport,omitempty"`
	Packaging       []*bomLineWire     `json:"packaging,omitempty"`
	EndOfLife       []*endOfLifeWire   `json:"end_of_life,omitempty"`
	PVScenario      *pvScenarioWire    `json:"pv_scenario,omitempty"`
	Sources         []sourceWire       `json:"sources,omitempty"`
	Notes           string             `json:"notes,omitempty"`

	// Added by issue 9 (integrity rules); the fast decoder and encoder do
	// not know these fields yet, so documents using them take
	// encoding/json (see extendedFields).
	NotApplicable []notApplicableWire `json:"not_applicable,omitempty"`
}

type notApplicableWire struct {
	Stage  string `json:"stage"`
	Reason string `json:"reason"`
}

type declaredUnitWire struct {
	Amount float64 `json:"amount"`
	Unit   string  `json:"unit"`
}

type periodWire struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

type productWire struct {
	Name           string   `json:"name,omitempty"`
	NameZH         string   `json:"name_zh,omitempty"`
	Model          string   `json:"model,omitempty"`
	Manufacturer   string   `json:"manufacturer,omitempty"`
	Site           string   `json:"site,omitempty"`
	ProductCodes   []string `json:"product_codes,omitempty"`
	GTIN           string   `json:"gtin,omitempty"`
	MassKg         float64  `json:"mass_kg,omitempty"`
	RatedPowerWp   float64  `json:"rated_power_wp,omitempty"`
	AreaM2         float64  `json:"area_m2,omitempty"`
	CellTechnology string   `json:"cell_technology,omitempty"`
	ActiveAreaM2   float64  `json:"active_area_m2,omitempty"`
	Use            *useWire `json:"use,omitempty"`
}

type useWire struct {
	AnnualKWh     float64 `json:"annual_kwh"`
	LifetimeYears float64 `json:"lifetime_years"`
	Country       string  `json:"country,omitempty"`
	Factor        string  `json:"factor"`
	Stage         string  `json:"stage,omitempty"`
	Notes         string  `json:"notes,omitempty"`
}

type qualityWire struct {
	TeR int `json:"ter"`
	GR  int `json:"gr"`
	TiR int `json:"tir"`
	P   int `json:"p"`
}

type bomLineWire struct {
	Name     string         `json:"name,omitempty"`
	Quantity *float64       `json:"quantity"`
	Unit     string         `json:"unit"`
	ScrapPct float64        `json:"scrap_pct,omitempty"`
	Stage    string         `json:"stage,omitempty"`
	Primary  bool           `json:"primary,omitempty"`
	Quality  *qualityWire   `json:"dq,omitempty"`
	Factor   string         `json:"factor,omitempty"`
	Assembly string         `json:"assembly,omitempty"`
	Children []*bomLineWire `json:"children,omitempty"`
	Supplier string         `json:"supplier,omitempty"`
	Exempt   *exemptWire    `json:"exempt,omitempty"`
	Notes    string         `json:"notes,omitempty"`
}

type exemptWire struct {
	Reason          string `json:"reason"`
	ScreeningFactor string `json:"screening_factor,omitempty"`
}

type assemblyWire struct {
	ID     string         `json:"id"`
	Name   string         `json:"name,omitempty"`
	Amount float64        `json:"amount,omitempty"`
	Unit   string         `json:"unit"`
	Lines  []*bomLineWire `json:"lines"`
}

type electricityWire struct {
	Name        string            `json:"name,omitempty"`
	Quantity    *float64          `json:"quantity"`
	Unit        string            `json:"unit"`
	Stage       string            `json:"stage,omitempty"`
	Factor      string            `json:"factor"`
	Primary     bool              `json:"primary,omitempty"`
	Quality     *qualityWire      `json:"dq,omitempty"`
	Instruments []*instrumentWire `json:"instruments,omitempty"`
	Notes       string            `json:"notes,omitempty"`
	Geography   string            `json:"geography,omitempty"` // issue 9
}

type instrumentWire struct {
	Kind               string     `json:"kind"`
	Serial             string     `json:"serial"`
	MWh                float64    `json:"mwh"`
	Period             periodWire `json:"period"`
	Technology         string     `json:"technology,omitempty"`
	Factor             string     `json:"factor,omitempty"`
	TransmissionFactor string     `json:"transmission_factor,omitempty"`
	Delivery           string     `json:"delivery,omitempty"` // issue 9
}

type fuelWire struct {
	Name             string       `json:"name,omitempty"`
	Quantity         *float64     `json:"quantity"`
	Unit             string       `json:"unit"`
	Stage            string       `json:"stage,omitempty"`
	CombustionFactor string       `json:"combustion_factor"`
	UpstreamFactor   string       `json:"upstream_factor,omitempty"`
	Primary          bool         `json:"primary,omitempty"`
	Quality          *qualityWire `json:"dq,omitempty"`
	Notes            string       `json:"notes,omitempty"`
}

type quantityWire struct {
	Value *float64 `json:"value"`
	Unit  string   `json:"unit"`
}

type transportWire struct {
	Name     string       `json:"name,omitempty"`
	Mass     quantityWire `json:"mass"`
	Distance quantityWire `json:"distance"`
	Mode     string       `json:"mode"`
	Factor   string       `json:"factor"`
	Stage    string       `json:"stage,omitempty"`
	Primary  bool         `json:"primary,omitempty"`
	Quality  *qualityWire `json:"dq,omitempty"`
	Notes    string       `json:"notes,omitempty"`
}

type endOfLifeWire struct {
	Name      string       `json:"name,omitempty"`
	Quantity  *float64     `json:"quantity"`
	Unit      string       `json:"unit"`
	Treatment string       `json:"treatment"`
	Factor    string       `json:"factor"`
	Stage     string       `json:"stage,omitempty"`
	Primary   bool         `json:"primary,omitempty"`
	Quality   *qualityWire `json:"dq,omitempty"`
	Notes     string       `json:"notes,omitempty"`
}

type pvScenarioWire struct {
	LifetimeYears          float64 `json:"lifetime_years"`
	DegradationPctPerYear  float64 `json:"degradation_pct_per_year"`
	SpecificYieldKWhPerKWp float64 `json:"specific_yield_kwh_per_kwp"`
	Source                 string  `json:"source,omitempty"`
}

type sourceWire struct {
	Title     string `json:"title"`
	Publisher string `json:"publisher,omitempty"`
	Date      string `json:"date,omitempty"`
	Locator   string `json:"locator,omitempty"`
	UsedFor   string `json:"used_for,omitempty"`
}

// wireDecoder decodes a study document into the wire types in one pass and
// without reflection: encoding/json cost most of a study request's CPU
// time. It takes only documents that encoding/json decodes without
// complaint and that it decodes the same way: valid JSON, keys spelled
// exactly as in the tags, each key once per object, values of the field's
// JSON type, numbers in range, valid UTF-8, at most maxWireDepth levels.
// On anything else it gives up and ParseStudyJSON falls back to
// encoding/json, so the outcome (result or error) never depends on which
// decoder ran. studyjson_internal_test.go checks the two agree.
type wireDecoder struct {
	s     string // the whole document
	i     int    // read position
	depth int

	lines    block[bomLineWire]
	floats   block[float64]
	contribs block[contribWire]
}

// maxWireDepth bounds the nesting the fast decoder follows; deeper
// documents go to encoding/json (whose own limit is 10,000 levels).
const maxWireDepth = 100

// wireDecoders keeps decoders with their blocks of wire lines: the wire
// form is garbage once mapped to a Study, and a study has one wire line per
// BOM line.
var wireDecoders = sync.Pool{New: func() any { return new(wireDecoder) }}

// maxPooledWireLines bounds the wire lines a pooled decoder keeps.
const maxPooledWireLines = 4096

// release clears the decoder (its blocks must not keep a document alive)
// and returns it to wireDecoders.
func (d *wireDecoder) release() {
	d.s, d.i, d.depth = "", 0, 0
	d.lines.reset()
	d.floats.reset()
	d.contribs.reset()
	if d.lines.cap() <= maxPooledWireLines && d.floats.cap() <= 4*maxPooledWireLines && d.contribs.cap() <= maxPooledWireLines {
		wireDecoders.Put(d)
	}
}

// block allocates values of T in chunks that reset makes reusable.
type block[T any] struct {
	chunks [][]T
	chunk  int // chunk values come from
	used   int // values used in it
}

func (b *block[T]) new() *T {
	if b.chunk == len(b.chunks) {
		size := 16
		if n := len(b.chunks); n > 0 {
			size = min(2*len(b.chunks[n-1]), 256)
		}
		b.chunks = append(b.chunks, make([]T, size))
	}
	c := b.chunks[b.chunk]
	p := &c[b.used]
	if b.used++; b.used == len(c) {
		b.chunk, b.used = b.chunk+1, 0
	}
	return p
}

// reset zeroes the values handed out and makes them available again.
func (b *block[T]) reset() {
	for _, c := range b.chunks[:b.chunk] {
		clear(c)
	}
	if b.chunk < len(b.chunks) {
		clear(b.chunks[b.chunk][:b.used])
	}
	b.chunk, b.used = 0, 0
}

// cap returns the number of values the block holds.
func (b *block[T]) cap() int {
	n := 0
	for _, c := range b.chunks {
		n += len(c)
	}
	return n
}

// document decodes the whole document: one object and white space.
func (d *wireDecoder) document() (*studyWire, bool) {
	w := &studyWire{}
	d.ws()
	if d.i >= len(d.s) || d.s[d.i] != '{' || !d.study(w) {
		return nil, false
	}
	d.ws()
	return w, d.i == len(d.s)
}

func (d *wireDecoder) ws() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// consume skips white space and consumes c if it comes next.
func (d *wireDecoder) consume(c byte) bool {
	d.ws()
	if d.i < len(d.s) && d.s[d.i] == c {
		d.i++
		return true
	}
	return false
}

// null consumes a null literal if one comes next. A null leaves a field as
// it is (its zero value: no key comes twice) or sets a pointer or slice to
// nil, as in encoding/json.
func (d *wireDecoder) null() bool {
	d.ws()
	if strings.HasPrefix(d.s[d.i:], "null") {
		d.i += 4
		return true
	}
	return false
}

// object decodes an object, calling field for each key with the read
// position at the value. field returns false for a key it does not know.
func (d *wireDecoder) object(field func(key string) bool) bool {
	if !d.consume('{') {
		return false
	}
	if d.depth++; d.depth > maxWireDepth {
		return false
	}
	var seen [32]string // no wire type has more fields
	var hashes uint64   // keyHash bits of seen, to skip most comparisons
	n := 0
	if !d.consume('}') {
		for {
			d.ws()
			key, ok := d.scanString()
			if !ok || n == len(seen) {
				return false
			}
			if h := keyHash(key); hashes&h == 0 {
				hashes |= h
			} else {
				for _, k := range seen[:n] {
					if k == key {
						return false
					}
				}
			}
			seen[n] = key
			n++
			if !d.consume(':') {
				return false
			}
			d.ws()
			if !field(key) {
				return false
			}
			if d.consume(',') {
				continue
			}
			if d.consume('}') {
				break
			}
			return false
		}
	}
	d.depth--
	return true
}

// keyHash returns one of 64 bits for a key; keys with different bits
// differ.
func keyHash(key string) uint64 {
	h := uint(len(key))
	if len(key) > 0 {
		h = h*31 + uint(key[0])*7 + uint(key[len(key)-1])
	}
	return 1 << (h & 63)
}

// list decodes an array, calling elem for each element with the read
// position at it. null is a nil list and [] an empty one, as in
// encoding/json.
func (d *wireDecoder) list(elem func() bool) (isNull, ok bool) {
	if d.null() {
		return true, true
	}
	if !d.consume('[') {
		return false, false
	}
	if d.depth++; d.depth > maxWireDepth {
		return false, false
	}
	if !d.consume(']') {
		for {
			d.ws()
			if !elem() {
				return false, false
			}
			if d.consume(',') {
				continue
			}
			if d.consume(']') {
				break
			}
			return false, false
		}
	}
	d.depth--
	return false, true
}

// decodeList decodes a list of pointers to T; a null element is a nil
// pointer.
func decodeList[T any](d *wireDecoder, dst *[]*T, alloc func() *T, decode func(*wireDecoder, *T) bool) bool {
	out := []*T{}
	isNull, ok := d.list(func() bool {
		if d.null() {
			out = append(out, nil)
			return true
		}
		v := alloc()
		out = append(out, v)
		return decode(d, v)
	})
	if ok && !isNull {
		*dst = out
	}
	return ok
}

// scanString reads a string. Without escapes it is a slice of the
// document.
func (d *wireDecoder) scanString() (string, bool) {
	s := d.s
	if d.i >= len(s) || s[d.i] != '"' {
		return "", false
	}
	start := d.i + 1
	j := start
	for j < len(s) && !stringStop[s[j]] {
		j++
	}
	switch {
	case j >= len(s), s[j] < 0x20:
		return "", false
	case s[j] == '\\':
		return d.unescape(start)
	}
	v := s[start:j]
	if !utf8.ValidString(v) {
		return "", false // encoding/json replaces invalid UTF-8
	}
	d.i = j + 1
	return v, true
}

// stringStop marks the bytes that end the plain part of a string: the
// quote, the backslash and the control characters JSON forbids there.
var stringStop = func() (t [256]bool) {
	for c := range t {
		t[c] = c < 0x20 || c == '"' || c == '\\'
	}
	return t
}()

// unescape decodes a string with escapes, as encoding/json does (unquote),
// including its handling of unpaired UTF-16 surrogates.
func (d *wireDecoder) unescape(start int) (string, bool) {
	s := d.s
	b := make([]byte, 0, 64)
	for j := start; j < len(s); {
		switch c := s[j]; {
		case c == '"':
			if !utf8.Valid(b) {
				return "", false
			}
			d.i = j + 1
			return string(b), true
		case c < 0x20:
			return "", false
		case c != '\\':
			b = append(b, c)
			j++
		case j+1 >= len(s):
			return "", false
		default:
			switch e := s[j+1]; e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r := hex4(s, j)
				if r < 0 {
					return "", false
				}
				j += 6
				if utf16.IsSurrogate(r) {
					if dec := utf16.DecodeRune(r, hex4(s, j)); dec != utf8.RuneError {
						r = dec
						j += 6
					} else {
						r = utf8.RuneError
					}
				}
				b = utf8.AppendRune(b, r)
				continue
			default:
				return "", false
			}
			j += 2
		}
	}
	return "", false
}

// hex4 returns the rune of a \uXXXX escape at s[j:], or -1.
func hex4(s string, j int) rune {
	if j+6 > len(s) || s[j] != '\\' || s[j+1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range []byte(s[j+2 : j+6]) {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// scanNumber reads a number in JSON syntax and returns its text.
func (d *wireDecoder) scanNumber() (string, bool) {
	s, i := d.s, d.i
	digits := func() bool {
		start := i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		return i > start
	}
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && '1' <= s[i] && s[i] <= '9':
		digits()
	default:
		return "", false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if !digits() {
			return "", false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if !digits() {
			return "", false
		}
	}
	text := s[d.i:i]
	d.i = i
	return text, true
}

func (d *wireDecoder) str(dst *string) bool {
	if d.null() {
		return true
	}
	v, ok := d.scanString()
	*dst = v
	return ok
}

func (d *wireDecoder) float(dst *float64) bool {
	if d.null() {
		return true
	}
	text, ok := d.scanNumber()
	if !ok {
		return false
	}
	v, err := strconv.ParseFloat(text, 64)
	*dst = v
	return err == nil
}

func (d *wireDecoder) floatPtr(dst **float64) bool {
	if d.null() {
		return true
	}
	v := d.floats.new()
	*dst = v
	return d.float(v)
}

func (d *wireDecoder) integer(dst *int) bool {
	if d.null() {
		return true
	}
	text, ok := d.scanNumber()
	if !ok {
		return false
	}
	v, err := strconv.ParseInt(text, 10, 64)
	*dst = int(v)
	return err == nil && int64(int(v)) == v
}

func (d *wireDecoder) boolean(dst *bool) bool {
	switch {
	case d.null():
	case strings.HasPrefix(d.s[d.i:], "true"):
		*dst = true
		d.i += 4
	case strings.HasPrefix(d.s[d.i:], "false"):
		*dst = false
		d.i += 5
	default:
		return false
	}
	return true
}

func (d *wireDecoder) stringList(dst *[]string) bool {
	out := []string{}
	isNull, ok := d.list(func() bool {
		var v string
		ok := d.str(&v)
		out = append(out, v)
		return ok
	})
	if ok && !isNull {
		*dst = out
	}
	return ok
}

// Struct decoders: one case per field of the wire type, keys as in its
// tags. A value-typed struct field ignores null, as encoding/json does.

func (d *wireDecoder) study(w *studyWire) bool {
	return d.object(func(key string) bool {
		switch key {
		case "format":
			return d.str(&w.Format)
		case "id":
			return d.str(&w.ID)
		case "owner":
			return d.str(&w.Owner)
		case "created_at":
			return d.str(&w.CreatedAt)
		case "title":
			return d.str(&w.Title)
		case "goal":
			return d.str(&w.Goal)
		case "rule":
			return d.str(&w.Rule)
		case "boundary":
			return d.str(&w.Boundary)
		case "declared_unit":
			return decodePtr(d, &w.DeclaredUnit, (*wireDecoder).declaredUnit)
		case "reference_period":
			return decodePtr(d, &w.ReferencePeriod, (*wireDecoder).period)
		case "factor_set":
			return d.str(&w.FactorSet)
		case "reference_output":
			return d.float(&w.ReferenceOutput)
		case "product":
			return d.product(&w.Product)
		case "bom":
			return decodeList(d, &w.BOM, d.lines.new, (*wireDecoder).bomLine)
		case "assemblies":
			return decodeList(d, &w.Assemblies, newValue, (*wireDecoder).assembly)
		case "electricity":
			return decodeList(d, &w.Electricity, newValue, (*wireDecoder).electricity)
		case "fuels":
			return decodeList(d, &w.Fuels, newValue, (*wireDecoder).fuel)
		case "transport":
			return decodeList(d, &w.Transport, newValue, (*wireDecoder).transport)
		case "packaging":
			return decodeList(d, &w.Packaging, d.lines.new, (*wireDecoder).bomLine)
		case "end_of_life":
			return decodeList(d, &w.EndOfLife, newValue, (*wireDecoder).endOfLife)
		case "pv_scenario":
			return decodePtr(d, &w.PVScenario, (*wireDecoder).pvScenario)
		case "sources":
			return decodeValues(d, &w.Sources, (*wireDecoder).source)
		case "notes":
			return d.str(&w.Notes)
		}
		return false
	})
}

func newValue[T any]() *T { return new(T) }

// decodePtr decodes an optional object: null is nil.
func decodePtr[T any](d *wireDecoder, dst **T, decode func(*wireDecoder, *T) bool) bool {
	if d.null() {
		*dst = nil
		return true
	}
	v := new(T)
	*dst = v
	return decode(d, v)
}

func (d *wireDecoder) declaredUnit(w *declaredUnitWire) bool {
	return d.null() || d.object(func(key string) bool {
		switch key {
		case "amount":
			return d.float(&w.Amount)
		case "unit":
			return d.str(&w.Unit)
		}
		return false
	})
}

func (d *wireDecoder) period(w *periodWire) bool {
	return d.null() || d.object(func(key string) bool {
		switch key {
		case "start":
			return d.str(&w.Start)
		case "end":
			return d.str(&w.End)
		}
		return false
	})
}

func (d *wireDecoder) product(w *productWire) bool {
	return d.null() || d.object(func(key string) bool {
		switch key {
		case "name":
			return d.str(&w.Name)
		case "name_zh":
			return d.str(&w.NameZH)
		case "model":
			return d.str(&w.Model)
		case "manufacturer":
			return d.str(&w.Manufacturer)
		case "site":
			return d.str(&w.Site)
		case "product_codes":
			return d.stringList(&w.ProductCodes)
		case "gtin":
			return d.str(&w.GTIN)
		case "mass_kg":
			return d.float(&w.MassKg)
		case "rated_power_wp":
			return d.float(&w.RatedPowerWp)
		case "area_m2":
			return d.float(&w.AreaM2)
		case "cell_technology":
			return d.str(&w.CellTechnology)
		case "active_area_m2":
			return d.float(&w.ActiveAreaM2)
		case "use":
			return decodePtr(d, &w.Use, (*wireDecoder).use)
		}
		return false
	})
}

func (d *wireDecoder) use(w *useWire) bool {
	return d.null() || d.object(func(key string) bool {
		switch key {
		case "annual_kwh":
			return d.float(&w.AnnualKWh)
		case "lifetime_years":
			return d.float(&w.LifetimeYears)
		case "country":
			return d.str(&w.Country)
		case "factor":
			return d.str(&w.Factor)
		case "stage":
			return d.str(&w.Stage)
		case "notes":
			return d.str(&w.Notes)
		}
		return false
	})
}

func (d *wireDecoder) quality(w *qualityWire) bool {
	return d.null() || d.object(func(key string) bool {
		switch key {
		case "ter":
			return d.integer(&w.TeR)
		case "gr":
			return d.integer(&w.GR)
		case "tir":
			return d.integer(&w.TiR)
		case "p":
			return d.integer(&w.P)
		}
		return false
	})
}

func (d *wireDecoder) bomLine(w *bomLineWire) bool {
	return d.null() || d.object(func(key string) bool {
		switch key {
		case "name":
			return d.str(&w.Name)
		case "quantity":
			return d.floatPtr(&w.Quantity)
		case "unit":
			return d.str(&w.Unit)
		case "scrap_pct":
			return d.float(&w.ScrapPct)
		case "stage":
			return d.str(&w.Stage)
		case "primary":
			return d.boolean(&w.Primary)
		case "dq":
			return decodePtr(d, &w.Quality, (*wireDecoder).quality)
		case "factor":
			return d.str(&w.Factor)
		case "assembly":
			return d.str(&w.Assembly)
		case "children":
			return decodeList(d, &w.Children, d.lines.new, (*wireDecoder).bomLine)
		case "supplier":
			return d.str(&w.Supplier)
		case "exempt":
			return decodePtr(d, &w.Exempt, (*wireDecoder).exempt)
		case "notes":
			return d.str(&w.Notes)
		}
		return false
	})
}

func (d *wireDecoder) exempt(w *exemptWire) bool {
	return d.null() || d.object(func(key string) bool {
		switch key {
		case "reason":
			return d.str(&w.Reason)
		case "screening_factor":
			return d.str(&w.ScreeningFactor)
		}
		return false
	})
}

func (d *wireDecoder) assembly(w *assemblyWire) bool {
	return d.null() || d.object(func(key string) bool {
		switch key {
		case "id":
			return d.str(&w.ID)
		case "name":
			return d.str(&w.Name)
		case "amount":
			return d.float(&w.Amount)
		case "unit":
			return d.str(&w.Unit)
		case "lines":
			return decodeList(d, &w.Lines, d.lines.new, (*wireDecoder).bomLine)
		}
		return false
	})
}

func (d *wireDecoder) electricity(w *electricityWire) bool {
	return d.null() || d.object(func(key string) bool {
		switch key {
		case "name":
			return d.str(&w.Name)
		case "quantity":
			return d.floatPtr(&w.Quantity)
		case "unit":
			return d.str(&w.Unit)
		case "stage":
			return d.str(&w.Stage)
		case "factor":
			return d.str(&w.Factor)
		case "primary":
			return d.boolean(&w.Primary)
		case "dq":
			return decodePtr(d, &w.Quality, (*wireDecoder).quality)
		case "instruments":
			return decodeList(d, &w.Instruments, newValue, (*wireDecoder).instrument)
		case "notes":
			return d.str(&w.Notes)
		}
		return false
	})
}

func (d *wireDecoder) instrument(w *instrumentWire) bool {
	return d.null() || d.object(func(key string) bool {
		switch key {
		case "kind":
			return d.str(&w.Kind)
		case "serial":
			return d.str(&w.Serial)
		case "mwh":
			return d.float(&w.MWh)
		case "period":
			return d.period(&w.Period)
		case "technology":
			return d.str(&w.Technology)
		case "factor":
			return d.str(&w.Factor)
		case "transmission_factor":
			return d.str(&w.TransmissionFactor)
		}
		return false
	})
}

func (d *wireDecoder) fuel(w *fuelWire) bool {
	return d.null() || d.object(func(key string) bool {
		switch key {
		case "name":
			return d.str(&w.Name)
		case "quantity":
			return d.floatPtr(&w.Quantity)
		case "unit":
			return d.str(&w.Unit)
		case "stage":
			return d.str(&w.Stage)
		case "combustion_factor":
			return d.str(&w.CombustionFactor)
		case "upstream_factor":
			return d.str(&w.UpstreamFactor)
		case "primary":
			return d.boolean(&w.Primary)
		case "dq":
			return decodePtr(d, &w.Quality, (*wireDecoder).quality)
		case "notes":
			return d.str(&w.Notes)
		}
		return false
	})
}

func (d *wireDecoder) quantity(w *quantityWire) bool {
	return d.null() || d.object(func(key string) bool {
		switch key {
		case "value":
			return d.floatPtr(&w.Value)
		case "unit":
			return d.str(&w.Unit)
		}
		return false
	})
}

func (d *wireDecoder) transport(w *transportWire) bool {
	return d.null() || d.object(func(key string) bool {
		switch key {
		case "name":
			return d.str(&w.Name)
		case "mass":
			return d.quantity(&w.Mass)
		case "distance":
			return d.quantity(&w.Distance)
		case "mode":
			return d.str(&w.Mode)
		case "factor":
			return d.str(&w.Factor)
		case "stage":
			return d.str(&w.Stage)
		case "primary":
			return d.boolean(&w.Primary)
		case "dq":
			return decodePtr(d, &w.Quality, (*wireDecoder).quality)
		case "notes":
			return d.str(&w.Notes)
		}
		return false
	})
}

func (d *wireDecoder) endOfLife(w *endOfLifeWire) bool {
	return d.null() || d.object(func(key string) bool {
		switch key {
		case "name":
			return d.str(&w.Name)
		case "quantity":
			return d.floatPtr(&w.Quantity)
		case "unit":
			return d.str(&w.Unit)
		case "treatment":
			return d.str(&w.Treatment)
		case "factor":
			return d.str(&w.Factor)
		case "stage":
			return d.str(&w.Stage)
		case "primary":
			return d.boolean(&w.Primary)
		case "dq":
			return decodePtr(d, &w.Quality, (*wireDecoder).quality)
		case "notes":
			return d.str(&w.Notes)
		}
		return false
	})
}

func (d *wireDecoder) pvScenario(w *pvScenarioWire) bool {
	return d.null() || d.object(func(key string) bool {
		switch key {
		case "lifetime_years":
			return d.float(&w.LifetimeYears)
		case "degradation_pct_per_year":
			return d.float(&w.DegradationPctPerYear)
		case "specific_yield_kwh_per_kwp":
			return d.float(&w.SpecificYieldKWhPerKWp)
		case "source":
			return d.str(&w.Source)
		}
		return false
	})
}

// decodeValues decodes a list of T; a null element is a zero T.
func decodeValues[T any](d *wireDecoder, dst *[]T, decode func(*wireDecoder, *T) bool) bool {
	out := []T{}
	isNull, ok := d.list(func() bool {
		var v T
		ok := decode(d, &v)
		out = append(out, v)
		return ok
	})
	if ok && !isNull {
		*dst = out
	}
	return ok
}

func (d *wireDecoder) source(w *sourceWire) bool {
	return d.null() || d.object(func(key string) bool {
		switch key {
		case "title":
			return d.str(&w.Title)
		case "publisher":
			return d.str(&w.Publisher)
		case "date":
			return d.str(&w.Date)
		case "locator":
			return d.str(&w.Locator)
		case "used_for":
			return d.str(&w.UsedFor)
		}
		return false
	})
}

// toDomain maps the wire form to a Study, parsing units, dates and codes.
func (w *studyWire) toDomain() (*Study, error) {
	if w.Format != "" && w.Format != StudyFormat {
		return nil, FieldErrorf(EINVALID, "format", "unknown format %q (want %q)", w.Format, StudyFormat)
	}
	s := &Study{
		ID: w.ID, Owner: w.Owner, Title: w.Title, Goal: w.Goal, Rule: w.Rule,
		Boundary: Boundary(w.Boundary), FactorSet: w.FactorSet, ReferenceOutput: w.ReferenceOutput,
		Notes: w.Notes,
	}
	var err error
	if w.CreatedAt != "" {
		if s.CreatedAt, err = time.Parse(time.RFC3339, w.CreatedAt); err != nil {
			return nil, FieldErrorf(EINVALID, "created_at", "want an RFC 3339 time, got %q", w.CreatedAt)
		}
	}
	if w.DeclaredUnit != nil {
		u, err := parseUnitAt("declared_unit.unit", w.DeclaredUnit.Unit)
		if err != nil {
			return nil, err
		}
		s.DeclaredUnit = DeclaredUnit{Amount: w.DeclaredUnit.Amount, Unit: u}
	}
	if w.ReferencePeriod != nil {
		if s.ReferencePeriod, err = w.ReferencePeriod.toDomain("reference_period"); err != nil {
			return nil, err
		}
	}
	if s.Product, err = w.Product.toDomain(); err != nil {
		return nil, err
	}
	if s.BOM, err = bomLinesToDomain("bom", w.BOM); err != nil {
		return nil, err
	}
	if s.Packaging, err = bomLinesToDomain("packaging", w.Packaging); err != nil {
		return nil, err
	}
	for i, a := range w.Assemblies {
		p := "assemblies[" + strconv.Itoa(i) + "]"
		if a == nil {
			return nil, FieldErrorf(EINVALID, p, "sub-assembly is empty")
		}
		unit, err := parseUnitAt(p+".unit", a.Unit)
		if err != nil {
			return nil, err
		}
		lines, err := bomLinesToDomain(p+".lines", a.Lines)
		if err != nil {
			return nil, err
		}
		amount := a.Amount
		if amount == 0 {
			amount = 1
		}
		s.Assemblies = append(s.Assemblies, &Assembly{ID: a.ID, Name: a.Name, Amount: amount, Unit: unit, Lines: lines})
	}
	for i, e := range w.Electricity {
		p := "electricity[" + strconv.Itoa(i) + "]"
		if e == nil {
			return nil, FieldErrorf(EINVALID, p, "line is empty")
		}
		q, u, err := quantityAt(p, e.Quantity, e.Unit)
		if err != nil {
			return nil, err
		}
		line := &ElectricityLine{Name: e.Name, Quantity: q, Unit: u, Stage: e.Stage, Factor: e.Factor, Geography: e.Geography, Primary: e.Primary, Quality: e.Quality.toDomain(), Notes: e.Notes}
		for j, in := range e.Instruments {
			ip := p + ".instruments[" + strconv.Itoa(j) + "]"
			if in == nil {
				return nil, FieldErrorf(EINVALID, ip, "instrument is empty")
			}
			period, err := in.Period.toDomain(ip + ".period")
			if err != nil {
				return nil, err
			}
			line.Instruments = append(line.Instruments, &GreenInstrument{
				Kind: InstrumentKind(in.Kind), Serial: in.Serial, MWh: in.MWh, Period: period,
				Technology: in.Technology, Factor: in.Factor, TransmissionFactor: in.TransmissionFactor, Delivery: in.Delivery,
			})
		}
		s.Electricity = append(s.Electricity, line)
	}
	for i, f := range w.Fuels {
		p := "fuels[" + strconv.Itoa(i) + "]"
		if f == nil {
			return nil, FieldErrorf(EINVALID, p, "line is empty")
		}
		q, u, err := quantityAt(p, f.Quantity, f.Unit)
		if err != nil {
			return nil, err
		}
		s.Fuels = append(s.Fuels, &FuelLine{Name: f.Name, Quantity: q, Unit: u, Stage: f.Stage, CombustionFactor: f.CombustionFactor, UpstreamFactor: f.UpstreamFactor, Primary: f.Primary, Quality: f.Quality.toDomain(), Notes: f.Notes})
	}
	for i, t := range w.Transport {
		p := "transport[" + strconv.Itoa(i) + "]"
		if t == nil {
			return nil, FieldErrorf(EINVALID, p, "leg is empty")
		}
		mq, mu, err := quantityAt(p+".mass", t.Mass.Value, t.Mass.Unit)
		if err != nil {
			return nil, err
		}
		dq, du, err := quantityAt(p+".distance", t.Distance.Value, t.Distance.Unit)
		if err != nil {
			return nil, err
		}
		s.Transport = append(s.Transport, &TransportLeg{
			Name: t.Name, Mass: Quantity{Value: mq, Unit: mu}, Distance: Quantity{Value: dq, Unit: du},
			Mode: t.Mode, Factor: t.Factor, Stage: t.Stage, Primary: t.Primary, Quality: t.Quality.toDomain(), Notes: t.Notes,
		})
	}
	for i, e := range w.EndOfLife {
		p := "end_of_life[" + strconv.Itoa(i) + "]"
		if e == nil {
			return nil, FieldErrorf(EINVALID, p, "line is empty")
		}
		q, u, err := quantityAt(p, e.Quantity, e.Unit)
		if err != nil {
			return nil, err
		}
		s.EndOfLife = append(s.EndOfLife, &EndOfLifeLine{Name: e.Name, Quantity: q, Unit: u, Treatment: e.Treatment, Factor: e.Factor, Stage: e.Stage, Primary: e.Primary, Quality: e.Quality.toDomain(), Notes: e.Notes})
	}
	if sc := w.PVScenario; sc != nil {
		s.PVScenario = &PVScenario{LifetimeYears: sc.LifetimeYears, DegradationPctPerYear: sc.DegradationPctPerYear, SpecificYieldKWhPerKWp: sc.SpecificYieldKWhPerKWp, Source: sc.Source}
	}
	for _, src := range w.Sources {
		s.Sources = append(s.Sources, StudySource(src))
	}
	for _, x := range w.NotApplicable {
		s.NotApplicable = append(s.NotApplicable, StageNotApplicable(x))
	}
	return s, nil
}

func (w periodWire) toDomain(path string) (Period, error) {
	start, err := time.Parse(time.DateOnly, w.Start)
	if err != nil {
		return Period{}, FieldErrorf(EINVALID, path+".start", "want a date YYYY-MM-DD, got %q", w.Start)
	}
	end, err := time.Parse(time.DateOnly, w.End)
	if err != nil {
		return Period{}, FieldErrorf(EINVALID, path+".end", "want a date YYYY-MM-DD, got %q", w.End)
	}
	if end.Before(start) {
		return Period{}, FieldErrorf(EINVALID, path, "period ends before it starts")
	}
	return Period{Start: start, End: end}, nil
}

func (w *productWire) toDomain() (Product, error) {
	p := Product{
		Name: w.Name, NameZH: w.NameZH, Model: w.Model, Manufacturer: w.Manufacturer, Site: w.Site,
		GTIN: w.GTIN, MassKg: w.MassKg, RatedPowerWp: w.RatedPowerWp, AreaM2: w.AreaM2,
		CellTechnology: w.CellTechnology, ActiveAreaM2: w.ActiveAreaM2,
	}
	for i, c := range w.ProductCodes {
		pc, err := ParseProductCode(c)
		if err != nil {
			return Product{}, FieldErrorf(EINVALID, "product.product_codes["+strconv.Itoa(i)+"]", "%s", ErrorMessage(err))
		}
		p.ProductCodes = append(p.ProductCodes, pc)
	}
	if u := w.Use; u != nil {
		p.Use = &UseProfile{AnnualKWh: u.AnnualKWh, LifetimeYears: u.LifetimeYears, Country: u.Country, Factor: u.Factor, Stage: u.Stage, Notes: u.Notes}
	}
	return p, nil
}

func (q *qualityWire) toDomain() *DataQuality {
	if q == nil {
		return nil
	}
	return &DataQuality{TeR: q.TeR, GR: q.GR, TiR: q.TiR, P: q.P}
}

func parseUnitAt(path, s string) (Unit, error) {
	if strings.TrimSpace(s) == "" {
		return Unit{}, FieldErrorf(EINVALID, path, "unit is required")
	}
	u, err := ParseUnit(s)
	if err != nil {
		return Unit{}, FieldErrorf(EINVALID, path, "%s", ErrorMessage(err))
	}
	return u, nil
}

func quantityAt(path string, q *float64, unit string) (float64, Unit, error) {
	if q == nil {
		return 0, Unit{}, FieldErrorf(EINVALID, path+".quantity", "quantity is required")
	}
	u, err := parseUnitAt(path+".unit", unit)
	return *q, u, err
}

// bomLinesToDomain maps BOM lines; their paths, path[i], are built only
// for an error.
func bomLinesToDomain(path string, lines []*bomLineWire) ([]*BOMLine, error) {
	if len(lines) == 0 {
		return nil, nil
	}
	out := make([]*BOMLine, len(lines))
	slab := make([]BOMLine, len(lines))
	for i, l := range lines {
		var u Unit
		ok := l != nil && l.Quantity != nil
		if ok {
			var err error
			u, err = ParseUnit(l.Unit)
			ok = err == nil
		}
		if !ok {
			p := path + "[" + strconv.Itoa(i) + "]"
			if l == nil {
				return nil, FieldErrorf(EINVALID, p, "line is empty")
			}
			_, _, err := quantityAt(p, l.Quantity, l.Unit)
			return nil, err
		}
		var children []*BOMLine
		if len(l.Children) > 0 {
			var err error
			if children, err = bomLinesToDomain(path+"["+strconv.Itoa(i)+"].children", l.Children); err != nil {
				return nil, err
			}
		}
		line := &slab[i]
		*line = BOMLine{
			Name: l.Name, Quantity: *l.Quantity, Unit: u, ScrapPct: l.ScrapPct, Stage: l.Stage, Primary: l.Primary,
			Quality: l.Quality.toDomain(), Notes: l.Notes, Factor: l.Factor, Assembly: l.Assembly,
			Children: children, Supplier: l.Supplier,
		}
		if l.Exempt != nil {
			line.Exempt = &Exemption{Reason: l.Exempt.Reason, ScreeningFactor: l.Exempt.ScreeningFactor}
		}
		out[i] = line
	}
	return out, nil
}

// MarshalStudyJSON encodes a study in the format ParseStudyJSON reads,
// indented, so that a study can be stored or sent and read back unchanged.
func MarshalStudyJSON(s *Study) ([]byte, error) {
	w := studyToWire(s)
	b, ok := []byte(nil), false
	if !w.extendedFields() {
		b, ok = marshalStudyWire(w, true)
	}
	if !ok {
		// A number JSON cannot hold: encoding/json says which.
		var err error
		if b, err = json.MarshalIndent(w, "", "  "); err != nil {
			return nil, fmt.Errorf("encode study: %w", err)
		}
	}
	return append(b, '\n'), nil
}

// studyToWire maps a study to its wire form.
func studyToWire(s *Study) *studyWire {
	w := &studyWire{
		Format: StudyFormat, ID: s.ID, Owner: s.Owner, Title: s.Title, Goal: s.Goal, Rule: s.Rule,
		Boundary: string(s.Boundary), FactorSet: s.FactorSet, ReferenceOutput: s.ReferenceOutput,
		Notes: s.Notes,
	}
	if !s.CreatedAt.IsZero() {
		w.CreatedAt = s.CreatedAt.UTC().Format(time.RFC3339Nano)
	}
	if !s.DeclaredUnit.Unit.IsZero() || s.DeclaredUnit.Amount != 0 {
		w.DeclaredUnit = &declaredUnitWire{Amount: s.DeclaredUnit.Amount, Unit: s.DeclaredUnit.Unit.Symbol}
	}
	if !s.ReferencePeriod.IsZero() {
		pw := periodToWire(s.ReferencePeriod)
		w.ReferencePeriod = &pw
	}
	p := s.Product
	w.Product = productWire{
		Name: p.Name, NameZH: p.NameZH, Model: p.Model, Manufacturer: p.Manufacturer, Site: p.Site,
		GTIN: p.GTIN, MassKg: p.MassKg, RatedPowerWp: p.RatedPowerWp, AreaM2: p.AreaM2,
		CellTechnology: p.CellTechnology, ActiveAreaM2: p.ActiveAreaM2,
	}
	for _, pc := range p.ProductCodes {
		w.Product.ProductCodes = append(w.Product.ProductCodes, pc.String())
	}
	if u := p.Use; u != nil {
		w.Product.Use = &useWire{AnnualKWh: u.AnnualKWh, LifetimeYears: u.LifetimeYears, Country: u.Country, Factor: u.Factor, Stage: u.Stage, Notes: u.Notes}
	}
	w.BOM = bomLinesToWire(s.BOM)
	w.Packaging = bomLinesToWire(s.Packaging)
	for _, a := range s.Assemblies {
		if a != nil {
			w.Assemblies = append(w.Assemblies, &assemblyWire{ID: a.ID, Name: a.Name, Amount: a.Amount, Unit: a.Unit.Symbol, Lines: bomLinesToWire(a.Lines)})
		}
	}
	for _, e := range s.Electricity {
		if e == nil {
			continue
		}
		ew := &electricityWire{Name: e.Name, Quantity: ptr(e.Quantity), Unit: e.Unit.Symbol, Stage: e.Stage, Factor: e.Factor, Geography: e.Geography, Primary: e.Primary, Quality: qualityToWire(e.Quality), Notes: e.Notes}
		for _, in := range e.Instruments {
			if in != nil {
				ew.Instruments = append(ew.Instruments, &instrumentWire{
					Kind: string(in.Kind), Serial: in.Serial, MWh: in.MWh, Period: periodToWire(in.Period),
					Technology: in.Technology, Factor: in.Factor, TransmissionFactor: in.TransmissionFactor, Delivery: in.Delivery,
				})
			}
		}
		w.Electricity = append(w.Electricity, ew)
	}
	for _, f := range s.Fuels {
		if f != nil {
			w.Fuels = append(w.Fuels, &fuelWire{Name: f.Name, Quantity: ptr(f.Quantity), Unit: f.Unit.Symbol, Stage: f.Stage, CombustionFactor: f.CombustionFactor, UpstreamFactor: f.UpstreamFactor, Primary: f.Primary, Quality: qualityToWire(f.Quality), Notes: f.Notes})
		}
	}
	for _, t := range s.Transport {
		if t != nil {
			w.Transport = append(w.Transport, &transportWire{
				Name: t.Name, Mass: quantityWire{Value: ptr(t.Mass.Value), Unit: t.Mass.Unit.Symbol},
				Distance: quantityWire{Value: ptr(t.Distance.Value), Unit: t.Distance.Unit.Symbol},
				Mode:     t.Mode, Factor: t.Factor, Stage: t.Stage, Primary: t.Primary, Quality: qualityToWire(t.Quality), Notes: t.Notes,
			})
		}
	}
	for _, e := range s.EndOfLife {
		if e != nil {
			w.EndOfLife = append(w.EndOfLife, &endOfLifeWire{Name: e.Name, Quantity: ptr(e.Quantity), Unit: e.Unit.Symbol, Treatment: e.Treatment, Factor: e.Factor, Stage: e.Stage, Primary: e.Primary, Quality: qualityToWire(e.Quality), Notes: e.Notes})
		}
	}
	if sc := s.PVScenario; sc != nil {
		w.PVScenario = &pvScenarioWire{LifetimeYears: sc.LifetimeYears, DegradationPctPerYear: sc.DegradationPctPerYear, SpecificYieldKWhPerKWp: sc.SpecificYieldKWhPerKWp, Source: sc.Source}
	}
	for _, src := range s.Sources {
		w.Sources = append(w.Sources, sourceWire(src))
	}
	for _, x := range s.NotApplicable {
		w.NotApplicable = append(w.NotApplicable, notApplicableWire(x))
	}
	return w
}

// extendedFields reports whether the wire form uses a field the hand-written
// encoder (marshalStudyWire) does not write yet: MarshalStudyJSON then
// leaves the document to encoding/json, so that no field is dropped from a
// stored study.
func (w *studyWire) extendedFields() bool {
	if len(w.NotApplicable) > 0 {
		return true
	}
	for _, e := range w.Electricity {
		if e == nil {
			continue
		}
		if e.Geography != "" {
			return true
		}
		for _, in := range e.Instruments {
			if in != nil && in.Delivery != "" {
				return true
			}
		}
	}
	return false
}

func ptr[T any](v T) *T { return &v }

func periodToWire(p Period) periodWire {
	return periodWire{Start: p.Start.Format(time.DateOnly), End: p.End.Format(time.DateOnly)}
}

func qualityToWire(q *DataQuality) *qualityWire {
	if q == nil {
		return nil
	}
	return &qualityWire{TeR: q.TeR, GR: q.GR, TiR: q.TiR, P: q.P}
}

func bomLinesToWire(lines []*BOMLine) []*bomLineWire {
	var out []*bomLineWire
	for _, l := range lines {
		if l == nil {
			continue
		}
		lw := &bomLineWire{
			Name: l.Name, Quantity: ptr(l.Quantity), Unit: l.Unit.Symbol, ScrapPct: l.ScrapPct, Stage: l.Stage,
			Primary: l.Primary, Quality: qualityToWire(l.Quality), Factor: l.Factor, Assembly: l.Assembly,
			Children: bomLinesToWire(l.Children), Supplier: l.Supplier, Notes: l.Notes,
		}
		if l.Exempt != nil {
			lw.Exempt = &exemptWire{Reason: l.Exempt.Reason, ScreeningFactor: l.Exempt.ScreeningFactor}
		}
		out = append(out, lw)
	}
	return out
}

// studyEncoder writes the wire form of a study as json.Marshal does, or
// with indent as json.MarshalIndent(w, "", "  ") does, without reflection.
// It gives up (ok false) on a number JSON cannot hold (NaN, ±Inf), which
// MarshalStudyJSON leaves to encoding/json for its error.
// studyjson_internal_test.go checks it against encoding/json.
type studyEncoder struct {
	b      []byte
	ok     bool
	indent bool
	depth  int
}

// newline starts a line at the current depth, when indenting.
func (e *studyEncoder) newline() {
	if e.indent {
		e.b = append(e.b, '\n')
		for range e.depth {
			e.b = append(e.b, ' ', ' ')
		}
	}
}

// key writes a key, after a comma unless it is the first of its object.
func (e *studyEncoder) key(first bool, k string) {
	if !first {
		e.b = append(e.b, ',')
	}
	e.newline()
	e.b = append(e.b, '"')
	e.b = append(e.b, k...)
	e.b = append(e.b, '"', ':')
	if e.indent {
		e.b = append(e.b, ' ')
	}
}

func (e *studyEncoder) str(s string) { e.b = appendJSONString(e.b, s) }

func (e *studyEncoder) float(x float64) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		e.ok = false
		x = 0
	}
	e.b = appendJSONFloat(e.b, x)
}

func (e *studyEncoder) floatPtr(x *float64) {
	if x == nil {
		e.b = append(e.b, "null"...)
		return
	}
	e.float(*x)
}

// objectWriter writes the fields of one object; the …Omit methods skip an
// empty value, as the omitempty option does.
type objectWriter struct {
	e     *studyEncoder
	first bool
}

func (e *studyEncoder) object() objectWriter {
	e.b = append(e.b, '{')
	e.depth++
	return objectWriter{e: e, first: true}
}

func (o *objectWriter) key(k string) *studyEncoder {
	o.e.key(o.first, k)
	o.first = false
	return o.e
}

func (o *objectWriter) str(k, v string) { o.key(k).str(v) }

func (o *objectWriter) strOmit(k, v string) {
	if v != "" {
		o.str(k, v)
	}
}

func (o *objectWriter) float(k string, v float64) { o.key(k).float(v) }

func (o *objectWriter) floatOmit(k string, v float64) {
	if v != 0 {
		o.float(k, v)
	}
}

func (o *objectWriter) boolOmit(k string, v bool) {
	if v {
		e := o.key(k)
		e.b = append(e.b, "true"...)
	}
}

func (o *objectWriter) int(k string, v int) {
	e := o.key(k)
	e.b = strconv.AppendInt(e.b, int64(v), 10)
}

func (o *objectWriter) end() {
	o.e.depth--
	if !o.first {
		o.e.newline()
	}
	o.e.b = append(o.e.b, '}')
}

// encodeList writes a list: null for nil, as encoding/json writes a nil
// slice.
func encodeList[T any](e *studyEncoder, list []T, elem func(*studyEncoder, T)) {
	if list == nil {
		e.b = append(e.b, "null"...)
		return
	}
	e.b = append(e.b, '[')
	e.depth++
	for i, v := range list {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.newline()
		elem(e, v)
	}
	e.depth--
	if len(list) > 0 {
		e.newline()
	}
	e.b = append(e.b, ']')
}

// encodePtr writes null for a nil pointer, else the value.
func encodePtr[T any](e *studyEncoder, v *T, encode func(*studyEncoder, *T)) {
	if v == nil {
		e.b = append(e.b, "null"...)
		return
	}
	encode(e, v)
}

func (e *studyEncoder) study(w *studyWire) {
	o := e.object()
	o.strOmit("format", w.Format)
	o.strOmit("id", w.ID)
	o.strOmit("owner", w.Owner)
	o.strOmit("created_at", w.CreatedAt)
	o.strOmit("title", w.Title)
	o.strOmit("goal", w.Goal)
	o.str("rule", w.Rule)
	o.str("boundary", w.Boundary)
	encodePtr(o.key("declared_unit"), w.DeclaredUnit, (*studyEncoder).declaredUnit)
	encodePtr(o.key("reference_period"), w.ReferencePeriod, (*studyEncoder).period)
	o.str("factor_set", w.FactorSet)
	o.floatOmit("reference_output", w.ReferenceOutput)
	o.key("product").product(&w.Product)
	encodeList(o.key("bom"), w.BOM, (*studyEncoder).bomLine)
	if len(w.Assemblies) > 0 {
		encodeList(o.key("assemblies"), w.Assemblies, (*studyEncoder).assembly)
	}
	if len(w.Electricity) > 0 {
		encodeList(o.key("electricity"), w.Electricity, (*studyEncoder).electricity)
	}
	if len(w.Fuels) > 0 {
		encodeList(o.key("fuels"), w.Fuels, (*studyEncoder).fuel)
	}
	if len(w.Transport) > 0 {
		encodeList(o.key("transport"), w.Transport, (*studyEncoder).transport)
	}
	if len(w.Packaging) > 0 {
		encodeList(o.key("packaging"), w.Packaging, (*studyEncoder).bomLine)
	}
	if len(w.EndOfLife) > 0 {
		encodeList(o.key("end_of_life"), w.EndOfLife, (*studyEncoder).endOfLife)
	}
	if w.PVScenario != nil {
		o.key("pv_scenario").pvScenario(w.PVScenario)
	}
	if len(w.Sources) > 0 {
		encodeList(o.key("sources"), w.Sources, (*studyEncoder).source)
	}
	o.strOmit("notes", w.Notes)
	o.end()
}

func (e *studyEncoder) declaredUnit(w *declaredUnitWire) {
	o := e.object()
	o.float("amount", w.Amount)
	o.str("unit", w.Unit)
	o.end()
}

func (e *studyEncoder) period(w *periodWire) {
	o := e.object()
	o.str("start", w.Start)
	o.str("end", w.End)
	o.end()
}

func (e *studyEncoder) product(w *productWire) {
	o := e.object()
	o.strOmit("name", w.Name)
	o.strOmit("name_zh", w.NameZH)
	o.strOmit("model", w.Model)
	o.strOmit("manufacturer", w.Manufacturer)
	o.strOmit("site", w.Site)
	if len(w.ProductCodes) > 0 {
		encodeList(o.key("product_codes"), w.ProductCodes, (*studyEncoder).str)
	}
	o.strOmit("gtin", w.GTIN)
	o.floatOmit("mass_kg", w.MassKg)
	o.floatOmit("rated_power_wp", w.RatedPowerWp)
	o.floatOmit("area_m2", w.AreaM2)
	o.strOmit("cell_technology", w.CellTechnology)
	o.floatOmit("active_area_m2", w.ActiveAreaM2)
	if w.Use != nil {
		u := w.Use
		uo := o.key("use").object()
		uo.float("annual_kwh", u.AnnualKWh)
		uo.float("lifetime_years", u.LifetimeYears)
		uo.strOmit("country", u.Country)
		uo.str("factor", u.Factor)
		uo.strOmit("stage", u.Stage)
		uo.strOmit("notes", u.Notes)
		uo.end()
	}
	o.end()
}

func (e *studyEncoder) quality(o *objectWriter, q *qualityWire) {
	if q == nil {
		return
	}
	qo := o.key("dq").object()
	qo.int("ter", q.TeR)
	qo.int("gr", q.GR)
	qo.int("tir", q.TiR)
	qo.int("p", q.P)
	qo.end()
}

func (e *studyEncoder) bomLine(w *bomLineWire) {
	if w == nil {
		e.b = append(e.b, "null"...)
		return
	}
	o := e.object()
	o.strOmit("name", w.Name)
	o.key("quantity").floatPtr(w.Quantity)
	o.str("unit", w.Unit)
	o.floatOmit("scrap_pct", w.ScrapPct)
	o.strOmit("stage", w.Stage)
	o.boolOmit("primary", w.Primary)
	e.quality(&o, w.Quality)
	o.strOmit("factor", w.Factor)
	o.strOmit("assembly", w.Assembly)
	if len(w.Children) > 0 {
		encodeList(o.key("children"), w.Children, (*studyEncoder).bomLine)
	}
	o.strOmit("supplier", w.Supplier)
	if x := w.Exempt; x != nil {
		xo := o.key("exempt").object()
		xo.str("reason", x.Reason)
		xo.strOmit("screening_factor", x.ScreeningFactor)
		xo.end()
	}
	o.strOmit("notes", w.Notes)
	o.end()
}

func (e *studyEncoder) assembly(w *assemblyWire) {
	if w == nil {
		e.b = append(e.b, "null"...)
		return
	}
	o := e.object()
	o.str("id", w.ID)
	o.strOmit("name", w.Name)
	o.floatOmit("amount", w.Amount)
	o.str("unit", w.Unit)
	encodeList(o.key("lines"), w.Lines, (*studyEncoder).bomLine)
	o.end()
}

func (e *studyEncoder) electricity(w *electricityWire) {
	if w == nil {
		e.b = append(e.b, "null"...)
		return
	}
	o := e.object()
	o.strOmit("name", w.Name)
	o.key("quantity").floatPtr(w.Quantity)
	o.str("unit", w.Unit)
	o.strOmit("stage", w.Stage)
	o.str("factor", w.Factor)
	o.boolOmit("primary", w.Primary)
	e.quality(&o, w.Quality)
	if len(w.Instruments) > 0 {
		encodeList(o.key("instruments"), w.Instruments, (*studyEncoder).instrument)
	}
	o.strOmit("notes", w.Notes)
	o.end()
}

func (e *studyEncoder) instrument(w *instrumentWire) {
	if w == nil {
		e.b = append(e.b, "null"...)
		return
	}
	o := e.object()
	o.str("kind", w.Kind)
	o.str("serial", w.Serial)
	o.float("mwh", w.MWh)
	o.key("period").period(&w.Period)
	o.strOmit("technology", w.Technology)
	o.strOmit("factor", w.Factor)
	o.strOmit("transmission_factor", w.TransmissionFactor)
	o.end()
}

func (e *studyEncoder) fuel(w *fuelWire) {
	if w == nil {
		e.b = append(e.b, "null"...)
		return
	}
	o := e.object()
	o.strOmit("name", w.Name)
	o.key("quantity").floatPtr(w.Quantity)
	o.str("unit", w.Unit)
	o.strOmit("stage", w.Stage)
	o.str("combustion_factor", w.CombustionFactor)
	o.strOmit("upstream_factor", w.UpstreamFactor)
	o.boolOmit("primary", w.Primary)
	e.quality(&o, w.Quality)
	o.strOmit("notes", w.Notes)
	o.end()
}

func (e *studyEncoder) quantity(w *quantityWire) {
	o := e.object()
	o.key("value").floatPtr(w.Value)
	o.str("unit", w.Unit)
	o.end()
}

func (e *studyEncoder) transport(w *transportWire) {
	if w == nil {
		e.b = append(e.b, "null"...)
		return
	}
	o := e.object()
	o.strOmit("name", w.Name)
	o.key("mass").quantity(&w.Mass)
	o.key("distance").quantity(&w.Distance)
	o.str("mode", w.Mode)
	o.str("factor", w.Factor)
	o.strOmit("stage", w.Stage)
	o.boolOmit("primary", w.Primary)
	e.quality(&o, w.Quality)
	o.strOmit("notes", w.Notes)
	o.end()
}

func (e *studyEncoder) endOfLife(w *endOfLifeWire) {
	if w == nil {
		e.b = append(e.b, "null"...)
		return
	}
	o := e.object()
	o.strOmit("name", w.Name)
	o.key("quantity").floatPtr(w.Quantity)
	o.str("unit", w.Unit)
	o.str("treatment", w.Treatment)
	o.str("factor", w.Factor)
	o.strOmit("stage", w.Stage)
	o.boolOmit("primary", w.Primary)
	e.quality(&o, w.Quality)
	o.strOmit("notes", w.Notes)
	o.end()
}

func (e *studyEncoder) pvScenario(w *pvScenarioWire) {
	o := e.object()
	o.float("lifetime_years", w.LifetimeYears)
	o.float("degradation_pct_per_year", w.DegradationPctPerYear)
	o.float("specific_yield_kwh_per_kwp", w.SpecificYieldKWhPerKWp)
	o.strOmit("source", w.Source)
	o.end()
}

func (e *studyEncoder) source(w sourceWire) {
	o := e.object()
	o.str("title", w.Title)
	o.strOmit("publisher", w.Publisher)
	o.strOmit("date", w.Date)
	o.strOmit("locator", w.Locator)
	o.strOmit("used_for", w.UsedFor)
	o.end()
}

// marshalStudyWire returns json.Marshal(w), or with indent
// json.MarshalIndent(w, "", "  "), or false where encoding/json would
// fail.
func marshalStudyWire(w *studyWire, indent bool) ([]byte, bool) {
	size := 2048
	var count func(lines []*bomLineWire)
	count = func(lines []*bomLineWire) {
		for _, l := range lines {
			if l != nil {
				size += 200 + len(l.Name) + len(l.Notes)
				count(l.Children)
			}
		}
	}
	count(w.BOM)
	count(w.Packaging)
	e := studyEncoder{b: make([]byte, 0, size), ok: true, indent: indent}
	e.study(w)
	return e.b, e.ok
}
