package footprint

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strconv"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/internal/jsondoc"
	"github.com/chengdu-pcf/pcf/footprint/internal/jsonenc"
	jsonv2 "github.com/go-json-experiment/json"
)

// ResultFormat is the value of the "format" field of a result document.
const ResultFormat = "pcf-result/1"

// CanonicalJSON returns the canonical encoding of the result: fixed field
// order, no insignificant white space, and every number rounded to 12
// significant figures (far beyond the precision of any factor), so that
// last-bit floating-point differences between CPU architectures do not
// change the bytes. The same study against the same factor set gives the
// same bytes; Digest hashes them.
//
// A result that keeps its encoding (Canonicalize, ParseCanonicalResult)
// returns the kept bytes, which the caller must not change; any other is
// encoded. The bytes are those encoding/json gives for the wire form of the
// result (resultWire, which ParseResultJSON reads): the encoder below
// writes them directly, without reflection, because it runs on every study
// request and takes a third of the time (docs/BENCHMARKS.md).
// resultjson_internal_test.go checks it against encoding/json.
func (r *Result) CanonicalJSON() ([]byte, error) {
	if r.canonical != nil {
		return r.canonical, nil
	}
	e := resultEncoder{jsonenc.Encoder{B: make([]byte, 0, resultSizeHint(r))}}
	e.result(r)
	return e.B, nil
}

// ResultDocumentWire returns a zero result in the wire form CanonicalJSON
// writes (the bytes are those encoding/json gives for it) and
// ParseResultJSON reads, so that the result document can be described by
// reflection (the OpenAPI document of the api package).
func ResultDocumentWire() any { return resultWire{} }

// Canonicalize fixes a final result as it is stored: it encodes it
// (CanonicalJSON), rounds its numbers as the encoding writes them, so that
// the result equals what ParseResultJSON reads back from the bytes, and
// keeps the bytes, which CanonicalJSON and Digest then use without encoding
// again. It returns the bytes. A canonicalized result must not be changed.
func (r *Result) Canonicalize() []byte {
	if r.canonical == nil {
		e := resultEncoder{jsonenc.Encoder{B: make([]byte, 0, resultSizeHint(r)), Round: true}}
		e.result(r)
		r.canonical = e.B
		r.dropEmpty()
	}
	return r.canonical
}

// Digest returns the hex SHA-256 of the result's CanonicalJSON.
func (r *Result) Digest() (string, error) {
	b, err := r.CanonicalJSON()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// ParseResultJSON reads a result document written by CanonicalJSON (a
// stored result, or one the API sent). Numbers come back as CanonicalJSON
// rounded them, so the result re-encodes to the same bytes. Unknown fields
// are refused; errors are EINVALID and name the field.
func ParseResultJSON(r io.Reader) (*Result, error) {
	var w resultWire
	if err := decodeJSON(r, 0, "result", &w); err != nil {
		return nil, err
	}
	return w.toDomain()
}

// ParseCanonicalResult reads a result from bytes that are its canonical
// encoding, as a study store wrote them (Canonicalize), and keeps them:
// CanonicalJSON returns b itself, so a stored result is served and hashed
// as stored, never re-encoded. The caller vouches for b and must not change
// it; for other input use ParseResultJSON.
func ParseCanonicalResult(b []byte) (*Result, error) {
	var w resultWire
	if err := jsonv2.Unmarshal(b, &w, jsondoc.Strict); err != nil {
		return nil, documentError(jsondoc.Explain(err, b, "result"))
	}
	r, err := w.toDomain()
	if err != nil {
		return nil, err
	}
	r.canonical = b
	return r, nil
}

// dropEmpty sets the result's empty lists to nil, as ParseResultJSON
// reads them back (Canonicalize: the encoder did it inside lines; the
// hotspots are lines, rounded with them; toDomain: checkContributions did it
// inside lines).
func (r *Result) dropEmpty() {
	for _, a := range r.Assemblies {
		a.Uses, a.Lines = nilIfEmpty(a.Uses), nilIfEmpty(a.Lines)
	}
	el := &r.Electricity
	r.PerUnit, r.Stages, r.Lines, r.Hotspots = nilIfEmpty(r.PerUnit), nilIfEmpty(r.Stages), nilIfEmpty(r.Lines), nilIfEmpty(r.Hotspots)
	r.Credits, r.Exempted, r.Scenarios, r.Factors = nilIfEmpty(r.Credits), nilIfEmpty(r.Exempted), nilIfEmpty(r.Scenarios), nilIfEmpty(r.Factors)
	r.Suppliers, r.Warnings, r.Assemblies = nilIfEmpty(r.Suppliers), nilIfEmpty(r.Warnings), nilIfEmpty(r.Assemblies)
	el.GridFactors, el.Instruments = nilIfEmpty(el.GridFactors), nilIfEmpty(el.Instruments)
}

func nilIfEmpty[S ~[]E, E any](s S) S {
	if len(s) == 0 {
		return nil
	}
	return s
}

// CanonicalFloat is x as a stored result holds it: rounded to 12
// significant figures, -0 (and NaN, ±Inf) as 0. Code outside the package
// compares a figure with a stored result's through it.
func CanonicalFloat(x float64) float64 { return jsonenc.CanonicalFloat(x) }

// resultWire is the result document. Its shape differs from Result's:
// the reported-separately figures, the cut-off and the data quality are
// grouped objects (Result has them flat), hotspots are paths into lines
// (Result points to the contributions), and a declared unit that is not set
// is written {"amount":0,"unit":""} (declaredUnitWire). Its parts are the
// domain types, whose json tags are the format.
type resultWire struct {
	Format          string               `json:"format"`
	EngineVersion   string               `json:"engine_version"`
	Rule            string               `json:"rule"`
	RuleVersion     string               `json:"rule_version"`
	Boundary        Boundary             `json:"boundary"`
	DeclaredUnit    declaredUnitWire     `json:"declared_unit"`
	ReferencePeriod Period               `json:"reference_period"`
	FactorSet       string               `json:"factor_set"`
	ProductName     string               `json:"product_name"`
	ProductModel    string               `json:"product_model"`
	KgCO2e          float64              `json:"kgco2e"`
	PerUnit         []UnitTotal          `json:"per_unit"`
	Stages          []StageTotal         `json:"stages"`
	NotApplicable   []NotApplicableStage `json:"not_applicable,omitempty"` // only when declared: older results keep their bytes
	Lines           []*Contribution      `json:"lines"`
	Hotspots        []string             `json:"hotspots"`             // paths into lines
	Assemblies      []*AssemblyBreakdown `json:"assemblies,omitempty"` // only for shared sub-assemblies: trees keep their bytes
	Separate        separateWire         `json:"reported_separately"`
	Credits         []*Contribution      `json:"credits"`
	CutOff          cutOffWire           `json:"cut_off"`
	DataQuality     dataQualityWire      `json:"data_quality"`
	Uncertainty     Uncertainty          `json:"uncertainty"`
	Electricity     ElectricitySummary   `json:"electricity"`
	Scenarios       []Scenario           `json:"scenarios"`
	Factors         []FactorUse          `json:"factors"`
	Suppliers       []SupplierUse        `json:"suppliers"`
	Warnings        []Warning            `json:"warnings"`
}

// declaredUnitWire is the declared unit of a result, which writes one that
// is not set as {"amount":0,"unit":""}, where a study has null.
type declaredUnitWire struct {
	Amount float64 `json:"amount"`
	Unit   string  `json:"unit"`
}

type separateWire struct {
	FossilKgCO2e       float64 `json:"fossil_kgco2e"`
	BiogenicKgCO2e     float64 `json:"biogenic_kgco2e"`
	BiogenicSplitKnown bool    `json:"biogenic_split_known"`
	AircraftKgCO2e     float64 `json:"aircraft_kgco2e"`
	PackagingKgCO2e    float64 `json:"packaging_kgco2e"`
	PackagingIncluded  bool    `json:"packaging_included"`
	CreditsKgCO2e      float64 `json:"credits_kgco2e"`
}

type cutOffWire struct {
	LimitPct        float64        `json:"limit_pct"`
	Basis           string         `json:"basis"`
	ExemptedMassKg  float64        `json:"exempted_mass_kg"`
	ExemptedMassPct float64        `json:"exempted_mass_pct"`
	ExemptedKgCO2e  float64        `json:"exempted_kgco2e"`
	ExemptedPct     float64        `json:"exempted_pct"`
	Items           []ExemptedItem `json:"items"`
}

type dataQualityWire struct {
	PrimaryDataSharePct float64 `json:"primary_data_share_pct"`
	DQR                 float64 `json:"dqr"`
	DQRLevel            string  `json:"dqr_level"`
	DQRCoveragePct      float64 `json:"dqr_coverage_pct"`
	DQRSelfRatedPct     float64 `json:"dqr_self_rated_pct,omitempty"` // absent when 0, so results stored before keep their bytes
}

// checkContributions checks that no contribution of a tree is null, adding
// every node to index by path if index is not nil (the last of a path
// wins), and returns the list with empty lists nil, as ParseResultJSON
// reads them; false if one is null.
func checkContributions(cs []*Contribution, index map[string]*Contribution) ([]*Contribution, bool) {
	for _, c := range cs {
		if c == nil {
			return nil, false
		}
		if index != nil {
			index[c.Path] = c
		}
		var ok bool
		if c.Children, ok = checkContributions(c.Children, index); !ok {
			return nil, false
		}
	}
	return nilIfEmpty(cs), true
}

// pointers returns pointers to the elements of s, nil if it is empty.
func pointers[E any](s []E) []*E {
	if len(s) == 0 {
		return nil
	}
	ps := make([]*E, len(s))
	for i := range s {
		ps[i] = &s[i]
	}
	return ps
}

// toDomain checks the format and what decoding cannot (null contributions
// and sub-assemblies, hotspots that are not lines), and maps the grouped
// and flattened fields; empty lists are nil.
func (w *resultWire) toDomain() (*Result, error) {
	if w.Format != ResultFormat {
		return nil, FieldErrorf(EINVALID, "format", "unknown format %q (want %q)", w.Format, ResultFormat)
	}
	r := &Result{
		EngineVersion: w.EngineVersion, Rule: w.Rule, RuleVersion: w.RuleVersion, Boundary: w.Boundary, ReferencePeriod: w.ReferencePeriod,
		FactorSet: w.FactorSet, ProductName: w.ProductName, ProductModel: w.ProductModel, KgCO2e: w.KgCO2e,
		PerUnit: w.PerUnit, Stages: w.Stages, NotApplicable: nilIfEmpty(w.NotApplicable),
		FossilKgCO2e: w.Separate.FossilKgCO2e, BiogenicKgCO2e: w.Separate.BiogenicKgCO2e,
		BiogenicSplitKnown: w.Separate.BiogenicSplitKnown, AircraftKgCO2e: w.Separate.AircraftKgCO2e,
		PackagingKgCO2e: w.Separate.PackagingKgCO2e, PackagingIncluded: w.Separate.PackagingIncluded,
		CreditsKgCO2e: w.Separate.CreditsKgCO2e, Exempted: pointers(w.CutOff.Items),
		ExemptedMassKg: w.CutOff.ExemptedMassKg, ExemptedMassPct: w.CutOff.ExemptedMassPct,
		ExemptedKgCO2e: w.CutOff.ExemptedKgCO2e, ExemptedPct: w.CutOff.ExemptedPct, ExemptedBasis: w.CutOff.Basis,
		CutOffLimitPct: w.CutOff.LimitPct, PrimaryDataSharePct: w.DataQuality.PrimaryDataSharePct, DQR: w.DataQuality.DQR,
		DQRLevel: w.DataQuality.DQRLevel, DQRCoveragePct: w.DataQuality.DQRCoveragePct, DQRSelfRatedPct: w.DataQuality.DQRSelfRatedPct,
		Uncertainty: w.Uncertainty, Electricity: w.Electricity, Scenarios: w.Scenarios,
		Factors: pointers(w.Factors), Suppliers: pointers(w.Suppliers), Warnings: w.Warnings,
	}
	if w.DeclaredUnit.Unit != "" {
		r.DeclaredUnit.Amount = w.DeclaredUnit.Amount
		if err := r.DeclaredUnit.Unit.UnmarshalText([]byte(w.DeclaredUnit.Unit)); err != nil {
			return nil, FieldErrorf(EINVALID, "declared_unit.unit", "%s", ErrorMessage(err))
		}
	}
	index := map[string]*Contribution{}
	var ok bool
	if r.Lines, ok = checkContributions(w.Lines, index); !ok {
		return nil, FieldErrorf(EINVALID, "lines", "a contribution is empty")
	}
	for _, p := range w.Hotspots {
		c := index[p]
		if c == nil {
			return nil, FieldErrorf(EINVALID, "hotspots", "hotspot %q is not a line of the result", p)
		}
		r.Hotspots = append(r.Hotspots, c)
	}
	if r.Credits, ok = checkContributions(w.Credits, nil); !ok {
		return nil, FieldErrorf(EINVALID, "credits", "a contribution is empty")
	}
	for i, a := range w.Assemblies {
		if a == nil {
			return nil, FieldErrorf(EINVALID, at("assemblies", i), "a sub-assembly is empty")
		}
		if a.Lines, ok = checkContributions(a.Lines, nil); !ok {
			return nil, FieldErrorf(EINVALID, at("assemblies", i)+".lines", "a contribution is empty")
		}
	}
	r.Assemblies = w.Assemblies
	r.dropEmpty()
	return r, nil
}

// resultEncoder is the canonical encoder. Its methods write the fields of
// the types of the document (resultWire and the domain types it holds) in
// the order and with the omitempty rules of their json tags, exactly as
// encoding/json would: keep them in step with the tags. With Round set
// (Canonicalize) it also sets every number it writes to the number the
// bytes say (CanonicalFloat), and the empty lists of lines to nil, as
// ParseResultJSON reads them back: each number is converted once.
type resultEncoder struct{ jsonenc.Encoder }

// resultSizeHint estimates the encoded size of r from its strings and a
// generous width per number, so that the buffer rarely grows and is rarely
// much too large.
func resultSizeHint(r *Result) int {
	const number = 18 // "-0.000123456789012"
	n := 1500
	var count func(cs []*Contribution)
	count = func(cs []*Contribution) {
		for _, c := range cs { // none is nil: the encoder could not write it
			n += 100 + 4*number + len(c.Path) + len(c.Name) + len(c.Kind) + len(c.Stage) + len(c.Unit)
			if c.FactorCode != "" || c.FactorSet != "" || c.FactorUnit != "" {
				n += 90 + len(c.FactorCode) + len(c.FactorSet) + len(c.FactorUnit)
			}
			if c.Supplier != "" || c.Assembly != "" {
				n += 30 + len(c.Supplier) + len(c.Assembly)
			}
			if len(c.Children) > 0 {
				n += 16
				count(c.Children)
			}
		}
	}
	count(r.Lines)
	count(r.Credits)
	for _, a := range r.Assemblies {
		n += 250 + 60*len(a.Uses) + len(a.ID) + len(a.Name)
		for _, u := range a.Uses {
			n += len(u.Path)
		}
		count(a.Lines)
	}
	for _, f := range r.Factors {
		n += 250 + 3*number + len(f.Code) + len(f.Set) + len(f.NameEN) + len(f.NameZH) + len(f.Unit) + len(f.Geography) +
			len(f.Source.Publisher) + len(f.Source.Document) + len(f.Source.Date) + len(f.Source.Locator) + len(f.Grade)
	}
	for _, w := range r.Warnings {
		n += 30 + len(w.Path) + len(w.Message) + len(w.MessageZH)
	}
	for _, x := range r.Exempted {
		n += 200 + len(x.Path) + len(x.Name) + len(x.Reason)
	}
	return n + 400*(len(r.Stages)+len(r.PerUnit)+len(r.Electricity.Instruments)+len(r.Scenarios)+len(r.Suppliers))
}

func (e *resultEncoder) result(r *Result) {
	e.Str(`{"format":`, ResultFormat)
	e.Str(`,"engine_version":`, r.EngineVersion)
	e.Str(`,"rule":`, r.Rule)
	e.Str(`,"rule_version":`, r.RuleVersion)
	e.Str(`,"boundary":`, string(r.Boundary))
	e.Num(`,"declared_unit":{"amount":`, &r.DeclaredUnit.Amount)
	e.Str(`,"unit":`, r.DeclaredUnit.Unit.Symbol)
	e.B = append(e.B, `},"reference_period":`...)
	if r.ReferencePeriod.IsZero() {
		e.B = append(e.B, "null"...)
	} else {
		e.B = appendPeriod(e.B, r.ReferencePeriod)
	}
	e.Str(`,"factor_set":`, r.FactorSet)
	e.Str(`,"product_name":`, r.ProductName)
	e.Str(`,"product_model":`, r.ProductModel)
	e.Num(`,"kgco2e":`, &r.KgCO2e)

	e.List(`,"per_unit":[`, len(r.PerUnit), func(i int) {
		u := &r.PerUnit[i]
		e.Str(`{"unit":`, u.Unit)
		e.Str(`,"basis":`, u.Basis)
		e.Str(`,"label_en":`, u.LabelEN)
		e.Str(`,"label_zh":`, u.LabelZH)
		e.Num(`,"kgco2e":`, &u.KgCO2e)
		e.B = append(e.B, '}')
	})
	e.List(`,"stages":[`, len(r.Stages), func(i int) {
		s := &r.Stages[i]
		e.Str(`{"code":`, s.Code)
		e.Str(`,"name_en":`, s.NameEN)
		e.Str(`,"name_zh":`, s.NameZH)
		e.Num(`,"kgco2e":`, &s.KgCO2e)
		e.Num(`,"share_pct":`, &s.SharePct)
		e.B = append(e.B, '}')
	})
	if len(r.NotApplicable) > 0 {
		e.List(`,"not_applicable":[`, len(r.NotApplicable), func(i int) {
			na := &r.NotApplicable[i]
			e.Str(`{"code":`, na.Code)
			e.Str(`,"name_en":`, na.NameEN)
			e.Str(`,"name_zh":`, na.NameZH)
			e.Str(`,"reason":`, na.Reason)
			e.B = append(e.B, '}')
		})
	}
	e.contributions(`,"lines":[`, r.Lines)
	e.List(`,"hotspots":[`, len(r.Hotspots), func(i int) { e.B = jsonenc.AppendString(e.B, r.Hotspots[i].Path) })
	if len(r.Assemblies) > 0 {
		e.List(`,"assemblies":[`, len(r.Assemblies), func(i int) {
			a := r.Assemblies[i]
			e.Str(`{"id":`, a.ID)
			e.Str(`,"name":`, a.Name)
			e.Str(`,"kind":`, a.Kind)
			e.Str(`,"stage":`, a.Stage)
			e.Num(`,"amount":`, &a.Amount)
			e.Str(`,"unit":`, a.Unit)
			e.Num(`,"kgco2e":`, &a.KgCO2e)
			e.Num(`,"multiplier":`, &a.Multiplier)
			e.Num(`,"total_kgco2e":`, &a.TotalKgCO2e)
			e.List(`,"uses":[`, len(a.Uses), func(j int) {
				u := &a.Uses[j]
				e.Str(`{"path":`, u.Path)
				e.Num(`,"multiplier":`, &u.Multiplier)
				e.Num(`,"kgco2e":`, &u.KgCO2e)
				e.B = append(e.B, '}')
			})
			e.contributions(`,"lines":[`, a.Lines)
			e.B = append(e.B, '}')
		})
	}
	e.Num(`,"reported_separately":{"fossil_kgco2e":`, &r.FossilKgCO2e)
	e.Num(`,"biogenic_kgco2e":`, &r.BiogenicKgCO2e)
	e.Bool(`,"biogenic_split_known":`, r.BiogenicSplitKnown)
	e.Num(`,"aircraft_kgco2e":`, &r.AircraftKgCO2e)
	e.Num(`,"packaging_kgco2e":`, &r.PackagingKgCO2e)
	e.Bool(`,"packaging_included":`, r.PackagingIncluded)
	e.Num(`,"credits_kgco2e":`, &r.CreditsKgCO2e)
	e.contributions(`},"credits":[`, r.Credits)

	e.Num(`,"cut_off":{"limit_pct":`, &r.CutOffLimitPct)
	e.Str(`,"basis":`, r.ExemptedBasis)
	e.Num(`,"exempted_mass_kg":`, &r.ExemptedMassKg)
	e.Num(`,"exempted_mass_pct":`, &r.ExemptedMassPct)
	e.Num(`,"exempted_kgco2e":`, &r.ExemptedKgCO2e)
	e.Num(`,"exempted_pct":`, &r.ExemptedPct)
	e.List(`,"items":[`, len(r.Exempted), func(i int) {
		x := r.Exempted[i]
		e.Str(`{"path":`, x.Path)
		e.Str(`,"name":`, x.Name)
		e.Str(`,"stage":`, x.Stage)
		e.Num(`,"quantity":`, &x.Quantity)
		e.Str(`,"unit":`, x.Unit)
		e.Num(`,"mass_kg":`, &x.MassKg)
		e.Str(`,"reason":`, x.Reason)
		e.OptStr(`,"screening_factor":`, x.ScreeningFactor)
		e.Num(`,"screening_kgco2e":`, &x.ScreeningKgCO2e)
		e.B = append(e.B, '}')
	})

	e.Num(`},"data_quality":{"primary_data_share_pct":`, &r.PrimaryDataSharePct)
	e.Num(`,"dqr":`, &r.DQR)
	e.Str(`,"dqr_level":`, r.DQRLevel)
	e.Num(`,"dqr_coverage_pct":`, &r.DQRCoveragePct)
	if r.DQRSelfRatedPct != 0 {
		e.Num(`,"dqr_self_rated_pct":`, &r.DQRSelfRatedPct)
	}

	u := &r.Uncertainty
	e.Str(`},"uncertainty":{"method":`, u.Method)
	e.B = append(e.B, `,"runs":`...)
	e.B = strconv.AppendInt(e.B, int64(u.Runs), 10)
	e.Str(`,"seed":`, u.Seed)
	e.Num(`,"low_kgco2e":`, &u.LowKgCO2e)
	e.Num(`,"median_kgco2e":`, &u.MedianKgCO2e)
	e.Num(`,"high_kgco2e":`, &u.HighKgCO2e)
	e.Num(`,"mean_kgco2e":`, &u.MeanKgCO2e)

	el := &r.Electricity
	e.Str(`},"electricity":{"approach":`, el.Approach)
	e.Num(`,"kwh":`, &el.KWh)
	e.Num(`,"grid_kwh":`, &el.GridKWh)
	e.Num(`,"instrument_kwh":`, &el.InstrumentKWh)
	e.List(`,"grid_factors":[`, len(el.GridFactors), func(i int) { e.B = jsonenc.AppendString(e.B, el.GridFactors[i]) })
	e.List(`,"instruments":[`, len(el.Instruments), func(i int) {
		in := &el.Instruments[i]
		e.Str(`{"path":`, in.Path)
		e.Str(`,"kind":`, string(in.Kind))
		e.Str(`,"serial":`, in.Serial)
		e.OptStr(`,"serial_last":`, in.SerialLast)
		e.Num(`,"mwh":`, &in.MWh)
		e.B = append(e.B, `,"period":`...)
		e.B = appendPeriod(e.B, in.Period)
		e.Str(`,"technology":`, in.Technology)
		e.Str(`,"factor":`, in.Factor)
		e.Str(`,"transmission_factor":`, in.TransmissionFactor)
		e.OptStr(`,"delivery":`, in.Delivery)
		e.Num(`,"covered_kwh":`, &in.CoveredKWh)
		e.Num(`,"unused_mwh":`, &in.UnusedMWh)
		e.B = append(e.B, '}')
	})

	e.List(`},"scenarios":[`, len(r.Scenarios), func(i int) {
		s := &r.Scenarios[i]
		e.Str(`{"name":`, s.Name)
		e.Str(`,"label_en":`, s.LabelEN)
		e.Str(`,"label_zh":`, s.LabelZH)
		e.Str(`,"unit":`, s.Unit)
		e.Num(`,"kgco2e":`, &s.KgCO2e)
		e.Num(`,"lifetime_years":`, &s.LifetimeYears)
		e.Num(`,"degradation_pct_per_year":`, &s.DegradationPct)
		e.Num(`,"specific_yield_kwh_per_kwp":`, &s.YieldKWhPerKWp)
		e.Num(`,"lifetime_kwh":`, &s.LifetimeKWh)
		e.Str(`,"source":`, s.Source)
		e.B = append(e.B, '}')
	})
	e.List(`,"factors":[`, len(r.Factors), func(i int) {
		f := r.Factors[i]
		e.Str(`{"code":`, f.Code)
		e.Str(`,"set":`, f.Set)
		e.Str(`,"name_en":`, f.NameEN)
		e.Str(`,"name_zh":`, f.NameZH)
		e.Str(`,"category":`, string(f.Category))
		e.Num(`,"value":`, &f.Value)
		e.Str(`,"unit":`, f.Unit)
		e.Str(`,"basis":`, string(f.Basis))
		e.Str(`,"boundary":`, string(f.Boundary))
		e.Str(`,"geography":`, f.Geography)
		e.B = append(e.B, `,"year":`...)
		e.B = strconv.AppendInt(e.B, int64(f.Year), 10)
		e.Str(`,"source":{"publisher":`, f.Source.Publisher)
		e.Str(`,"document":`, f.Source.Document)
		e.Str(`,"date":`, f.Source.Date)
		e.Str(`,"locator":`, f.Source.Locator)
		e.Str(`},"grade":`, f.Grade)
		e.Str(`,"status":`, string(f.Status))
		e.Num(`,"uncertainty_pct":`, &f.UncertaintyPct)
		e.Num(`,"kgco2e":`, &f.KgCO2e)
		e.B = append(e.B, '}')
	})
	e.List(`,"suppliers":[`, len(r.Suppliers), func(i int) {
		s := r.Suppliers[i]
		e.Str(`{"id":`, s.ID)
		e.Str(`,"supplier":`, s.Supplier)
		e.Str(`,"product":`, s.Product)
		e.Num(`,"kgco2e":`, &s.KgCO2e)
		e.Str(`,"unit":`, s.Unit)
		e.Str(`,"issued_at":`, s.IssuedAt)
		e.Str(`,"valid_until":`, s.ValidUntil)
		e.Num(`,"uncertainty_pct":`, &s.UncertaintyPct)
		e.Num(`,"contribution_kgco2e":`, &s.Contribution)
		e.OptStr(`,"pact_spec_version":`, s.PACTSpecVersion)
		if s.PACTVersion != nil {
			e.B = strconv.AppendInt(append(e.B, `,"pact_version":`...), int64(*s.PACTVersion), 10)
		}
		e.B = append(e.B, '}')
	})
	e.List(`,"warnings":[`, len(r.Warnings), func(i int) {
		w := &r.Warnings[i]
		e.Str(`{"path":`, w.Path)
		e.Str(`,"message":`, w.Message)
		e.OptStr(`,"message_zh":`, w.MessageZH)
		e.B = append(e.B, '}')
	})
	e.B = append(e.B, '}')
}

// contributions writes open (a key and its '[') and a list of
// contributions, [] when there are none.
func (e *resultEncoder) contributions(open string, cs []*Contribution) {
	e.List(open, len(cs), func(i int) { e.contribution(cs[i]) })
}

func (e *resultEncoder) contribution(c *Contribution) {
	e.Str(`{"path":`, c.Path)
	e.Str(`,"name":`, c.Name)
	e.Str(`,"kind":`, c.Kind)
	e.Str(`,"stage":`, c.Stage)
	e.Num(`,"quantity":`, &c.Quantity)
	e.Str(`,"unit":`, c.Unit)
	e.OptStr(`,"factor_code":`, c.FactorCode)
	e.OptStr(`,"factor_set":`, c.FactorSet)
	// omitempty tests the rounded value, as encoding/json saw it: it is 0
	// only for 0 (12 digits of the least float are not 0) and for what
	// CanonicalFloat makes 0.
	if x := c.FactorValue; x != 0 && !isNaNOrInf(x) {
		e.Num(`,"factor_value":`, &c.FactorValue)
	} else if e.Round {
		c.FactorValue = 0
	}
	e.OptStr(`,"factor_unit":`, c.FactorUnit)
	e.OptStr(`,"supplier":`, c.Supplier)
	e.OptStr(`,"assembly":`, c.Assembly)
	e.Num(`,"kgco2e":`, &c.KgCO2e)
	e.Num(`,"share_pct":`, &c.SharePct)
	e.Bool(`,"primary":`, c.Primary)
	e.Num(`,"dqr":`, &c.DQR)
	if len(c.Children) > 0 {
		e.contributions(`,"children":[`, c.Children)
	} else if e.Round {
		c.Children = nil
	}
	e.B = append(e.B, '}')
}

// appendPeriod writes a period's JSON form (Period.MarshalJSON), a zero
// one too ({"start":"0001-01-01",…}, as the result has always written it).
func appendPeriod(b []byte, p Period) []byte {
	var buf [32]byte
	b = append(b, `{"start":`...)
	b = jsonenc.AppendString(b, p.Start.AppendFormat(buf[:0], time.DateOnly))
	b = append(b, `,"end":`...)
	b = jsonenc.AppendString(b, p.End.AppendFormat(buf[:0], time.DateOnly))
	return append(b, '}')
}
