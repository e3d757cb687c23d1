package footprint

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	var w studyWire
	if err := decodeJSON(r, MaxStudyJSONBytes, "study", &w); err != nil {
		return nil, err
	}
	return w.toDomain()
}

// StudyDocumentWire returns a zero study document in the wire form
// ParseStudyJSON decodes (and MarshalStudyJSON encodes), so that the format
// can be described by reflection (the OpenAPI document of the api package).
// Its fields follow docs/study-format.md; unknown fields are refused.
func StudyDocumentWire() any { return studyWire{} }

// MarshalStudyJSON encodes a study, compact, in the format ParseStudyJSON
// reads, so that a study can be stored or sent and read back unchanged.
func MarshalStudyJSON(s *Study) ([]byte, error) {
	b, err := json.Marshal(studyToWire(s))
	if err != nil {
		return nil, fmt.Errorf("encode study: %w", err)
	}
	return b, nil
}

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
// error; what names the document ("study") in the size error.
func decodeJSON(r io.Reader, limit int64, what string, v any) error {
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
	if err := jsonv2.Unmarshal(data, v, strictJSON); err != nil {
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
		if errors.Is(err, jsonv2.ErrUnknownName) {
			return FieldErrorf(EINVALID, pathOf(sem.JSONPointer), "unknown field (near %s)", where)
		}
		want := "a JSON value"
		if t := sem.GoType; t != nil {
			want = map[reflect.Kind]string{reflect.Struct: "a JSON object", reflect.Map: "a JSON object", reflect.Slice: "a JSON array"}[t.Kind()]
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

// position returns "line L, column C" of a byte offset in data.
func position(data []byte, offset int64) string {
	offset = min(max(offset, 0), int64(len(data)))
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

	NotApplicable []notApplicableWire `json:"not_applicable,omitempty"` // issue 9
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
	MassKg   float64        `json:"mass_kg,omitempty"`
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
			Name: l.Name, Quantity: *l.Quantity, Unit: u, ScrapPct: l.ScrapPct, MassKg: l.MassKg, Stage: l.Stage, Primary: l.Primary,
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
			Name: l.Name, Quantity: ptr(l.Quantity), Unit: l.Unit.Symbol, ScrapPct: l.ScrapPct, MassKg: l.MassKg, Stage: l.Stage,
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
