package footprint

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/chengdu-pcf/pcf/footprint/internal/jsondoc"
	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
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
func ParseStudyJSON(r io.Reader) (*Study, error) { return parseStudy(r, studyOptions) }

// ParseStoredStudyJSON is ParseStudyJSON for a document the service
// stored, which a check added since may refuse: data-quality scores are
// not held to the PEF scale, so that a study stored before stays readable
// (an application for it reads it again with ParseStudyJSON).
func ParseStoredStudyJSON(r io.Reader) (*Study, error) { return parseStudy(r, studyDecodeOptions()) }

func parseStudy(r io.Reader, opts jsonv2.Options) (*Study, error) {
	var d studyWire
	if err := decodeJSON(r, MaxStudyJSONBytes, "study", &d, opts); err != nil {
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

// studyOptions decode a study document: strictly (jsondoc.Strict), with
// encoding/json's rule that null leaves a value as it is (json/v1's merge
// semantics), and with the quantities of every line NaN until set.
var studyOptions = studyDecodeOptions(jsonv2.UnmarshalFromFunc(func(dec *jsontext.Decoder, q *DataQuality) error { // a line's own scores, on the PEF scale
	type dqScores DataQuality // decoded as usual, then checked
	return cmp.Or(jsonv2.UnmarshalDecode(dec, (*dqScores)(q)), q.check(""))
}))

func studyDecodeOptions(more ...*jsonv2.Unmarshalers) jsonv2.Options {
	return jsonv2.JoinOptions(jsondoc.Strict, jsonv1.MergeWithLegacySemantics(true), jsonv2.WithUnmarshalers(jsonv2.JoinUnmarshalers(append(more,
		nanQuantity(func(l *BOMLine) *float64 { return &l.Quantity }),
		nanQuantity(func(l *ElectricityLine) *float64 { return &l.Quantity }),
		nanQuantity(func(l *FuelLine) *float64 { return &l.Quantity }),
		nanQuantity(func(l *EndOfLifeLine) *float64 { return &l.Quantity }),
		jsonv2.UnmarshalFromFunc(func(_ *jsontext.Decoder, l *TransportLeg) error {
			l.Mass.Value, l.Distance.Value = math.NaN(), math.NaN()
			return errors.ErrUnsupported
		}))...)))
}

// nanQuantity sets a line's quantity (at q) to NaN before the line decodes.
func nanQuantity[L any](q func(*L) *float64) *jsonv2.Unmarshalers {
	return jsonv2.UnmarshalFromFunc(func(_ *jsontext.Decoder, l *L) error { *q(l) = math.NaN(); return errors.ErrUnsupported })
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
		if err := cmp.Or(checkLine(p+".mass", false, math.IsNaN(t.Mass.Value), t.Mass.Unit.IsZero()),
			checkLine(p+".distance", false, math.IsNaN(t.Distance.Value), t.Distance.Unit.IsZero())); err != nil {
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

// decodeJSON reads one JSON document of at most limit bytes (0: no limit)
// from r into v, refusing unknown fields and data after the document
// (jsondoc.Decode). Errors are EINVALID naming the field, or the line and
// column of a syntax error; what names the document ("study") in the size
// error. opts, if given, replace jsondoc.Strict (and so include it).
func decodeJSON(r io.Reader, limit int64, what string, v any, opts ...jsonv2.Options) error {
	o := jsondoc.Strict
	if len(opts) > 0 {
		o = jsonv2.JoinOptions(opts...)
	}
	return documentError(jsondoc.Decode(r, limit, what, v, o))
}

// documentError turns a *jsondoc.Error into an EINVALID naming its field;
// where a value's own parser refused it (a unit, a period, product codes),
// its message, naming the field relative to the value. Other errors (a
// failed read) pass unchanged.
func documentError(err error) error {
	de, ok := errors.AsType[*jsondoc.Error](err)
	if !ok {
		return err
	}
	if fe, ok := errors.AsType[*Error](de.Err); ok {
		return FieldErrorf(EINVALID, jsondoc.JoinField(de.Field, fe.Field), "%s", fe.Message)
	}
	return FieldErrorf(EINVALID, de.Field, "%s", de.Text())
}
