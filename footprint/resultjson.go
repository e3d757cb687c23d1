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
	e := resultEncoder{b: make([]byte, 0, resultSizeHint(r))}
	e.result(r)
	return e.b, nil
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
		e := resultEncoder{b: make([]byte, 0, resultSizeHint(r)), round: true}
		e.result(r)
		r.canonical = e.b
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
		EngineVersion: w.EngineVersion, Rule: w.Rule, RuleVersion: w.RuleVersion, Boundary: w.Boundary,
		ReferencePeriod: w.ReferencePeriod,
		FactorSet:       w.FactorSet, ProductName: w.ProductName, ProductModel: w.ProductModel, KgCO2e: w.KgCO2e,
		PerUnit: w.PerUnit, Stages: w.Stages, NotApplicable: nilIfEmpty(w.NotApplicable),
		FossilKgCO2e: w.Separate.FossilKgCO2e, BiogenicKgCO2e: w.Separate.BiogenicKgCO2e,
		BiogenicSplitKnown: w.Separate.BiogenicSplitKnown, AircraftKgCO2e: w.Separate.AircraftKgCO2e,
		PackagingKgCO2e: w.Separate.PackagingKgCO2e, PackagingIncluded: w.Separate.PackagingIncluded,
		CreditsKgCO2e:  w.Separate.CreditsKgCO2e,
		Exempted:       pointers(w.CutOff.Items),
		ExemptedMassKg: w.CutOff.ExemptedMassKg, ExemptedMassPct: w.CutOff.ExemptedMassPct,
		ExemptedKgCO2e: w.CutOff.ExemptedKgCO2e, ExemptedPct: w.CutOff.ExemptedPct, ExemptedBasis: w.CutOff.Basis,
		CutOffLimitPct:      w.CutOff.LimitPct,
		PrimaryDataSharePct: w.DataQuality.PrimaryDataSharePct, DQR: w.DataQuality.DQR,
		DQRLevel: w.DataQuality.DQRLevel, DQRCoveragePct: w.DataQuality.DQRCoveragePct,
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
// encoding/json would: keep them in step with the tags. With round set
// (Canonicalize) it also sets every number it writes to the number the
// bytes say (CanonicalFloat), and the empty lists of lines to nil, as
// ParseResultJSON reads them back: each number is converted once.
type resultEncoder struct {
	b     []byte
	round bool
}

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
	e.str(`{"format":`, ResultFormat)
	e.str(`,"engine_version":`, r.EngineVersion)
	e.str(`,"rule":`, r.Rule)
	e.str(`,"rule_version":`, r.RuleVersion)
	e.str(`,"boundary":`, string(r.Boundary))
	e.num(`,"declared_unit":{"amount":`, &r.DeclaredUnit.Amount)
	e.str(`,"unit":`, r.DeclaredUnit.Unit.Symbol)
	e.b = append(e.b, `},"reference_period":`...)
	if r.ReferencePeriod.IsZero() {
		e.b = append(e.b, "null"...)
	} else {
		e.b = appendPeriod(e.b, r.ReferencePeriod)
	}
	e.str(`,"factor_set":`, r.FactorSet)
	e.str(`,"product_name":`, r.ProductName)
	e.str(`,"product_model":`, r.ProductModel)
	e.num(`,"kgco2e":`, &r.KgCO2e)

	e.list(`,"per_unit":[`, len(r.PerUnit), func(i int) {
		u := &r.PerUnit[i]
		e.str(`{"unit":`, u.Unit)
		e.str(`,"basis":`, u.Basis)
		e.str(`,"label_en":`, u.LabelEN)
		e.str(`,"label_zh":`, u.LabelZH)
		e.num(`,"kgco2e":`, &u.KgCO2e)
		e.b = append(e.b, '}')
	})
	e.list(`,"stages":[`, len(r.Stages), func(i int) {
		s := &r.Stages[i]
		e.str(`{"code":`, s.Code)
		e.str(`,"name_en":`, s.NameEN)
		e.str(`,"name_zh":`, s.NameZH)
		e.num(`,"kgco2e":`, &s.KgCO2e)
		e.num(`,"share_pct":`, &s.SharePct)
		e.b = append(e.b, '}')
	})
	if len(r.NotApplicable) > 0 {
		e.list(`,"not_applicable":[`, len(r.NotApplicable), func(i int) {
			na := &r.NotApplicable[i]
			e.str(`{"code":`, na.Code)
			e.str(`,"name_en":`, na.NameEN)
			e.str(`,"name_zh":`, na.NameZH)
			e.str(`,"reason":`, na.Reason)
			e.b = append(e.b, '}')
		})
	}
	e.contributions(`,"lines":[`, r.Lines)
	e.list(`,"hotspots":[`, len(r.Hotspots), func(i int) { e.b = jsonenc.AppendString(e.b, r.Hotspots[i].Path) })
	if len(r.Assemblies) > 0 {
		e.list(`,"assemblies":[`, len(r.Assemblies), func(i int) {
			a := r.Assemblies[i]
			e.str(`{"id":`, a.ID)
			e.str(`,"name":`, a.Name)
			e.str(`,"kind":`, a.Kind)
			e.str(`,"stage":`, a.Stage)
			e.num(`,"amount":`, &a.Amount)
			e.str(`,"unit":`, a.Unit)
			e.num(`,"kgco2e":`, &a.KgCO2e)
			e.num(`,"multiplier":`, &a.Multiplier)
			e.num(`,"total_kgco2e":`, &a.TotalKgCO2e)
			e.list(`,"uses":[`, len(a.Uses), func(j int) {
				u := &a.Uses[j]
				e.str(`{"path":`, u.Path)
				e.num(`,"multiplier":`, &u.Multiplier)
				e.num(`,"kgco2e":`, &u.KgCO2e)
				e.b = append(e.b, '}')
			})
			e.contributions(`,"lines":[`, a.Lines)
			e.b = append(e.b, '}')
		})
	}
	e.num(`,"reported_separately":{"fossil_kgco2e":`, &r.FossilKgCO2e)
	e.num(`,"biogenic_kgco2e":`, &r.BiogenicKgCO2e)
	e.boolean(`,"biogenic_split_known":`, r.BiogenicSplitKnown)
	e.num(`,"aircraft_kgco2e":`, &r.AircraftKgCO2e)
	e.num(`,"packaging_kgco2e":`, &r.PackagingKgCO2e)
	e.boolean(`,"packaging_included":`, r.PackagingIncluded)
	e.num(`,"credits_kgco2e":`, &r.CreditsKgCO2e)
	e.contributions(`},"credits":[`, r.Credits)

	e.num(`,"cut_off":{"limit_pct":`, &r.CutOffLimitPct)
	e.str(`,"basis":`, r.ExemptedBasis)
	e.num(`,"exempted_mass_kg":`, &r.ExemptedMassKg)
	e.num(`,"exempted_mass_pct":`, &r.ExemptedMassPct)
	e.num(`,"exempted_kgco2e":`, &r.ExemptedKgCO2e)
	e.num(`,"exempted_pct":`, &r.ExemptedPct)
	e.list(`,"items":[`, len(r.Exempted), func(i int) {
		x := r.Exempted[i]
		e.str(`{"path":`, x.Path)
		e.str(`,"name":`, x.Name)
		e.str(`,"stage":`, x.Stage)
		e.num(`,"quantity":`, &x.Quantity)
		e.str(`,"unit":`, x.Unit)
		e.num(`,"mass_kg":`, &x.MassKg)
		e.str(`,"reason":`, x.Reason)
		e.optStr(`,"screening_factor":`, x.ScreeningFactor)
		e.num(`,"screening_kgco2e":`, &x.ScreeningKgCO2e)
		e.b = append(e.b, '}')
	})

	e.num(`},"data_quality":{"primary_data_share_pct":`, &r.PrimaryDataSharePct)
	e.num(`,"dqr":`, &r.DQR)
	e.str(`,"dqr_level":`, r.DQRLevel)
	e.num(`,"dqr_coverage_pct":`, &r.DQRCoveragePct)

	u := &r.Uncertainty
	e.str(`},"uncertainty":{"method":`, u.Method)
	e.b = append(e.b, `,"runs":`...)
	e.b = strconv.AppendInt(e.b, int64(u.Runs), 10)
	e.str(`,"seed":`, u.Seed)
	e.num(`,"low_kgco2e":`, &u.LowKgCO2e)
	e.num(`,"median_kgco2e":`, &u.MedianKgCO2e)
	e.num(`,"high_kgco2e":`, &u.HighKgCO2e)
	e.num(`,"mean_kgco2e":`, &u.MeanKgCO2e)

	el := &r.Electricity
	e.str(`},"electricity":{"approach":`, el.Approach)
	e.num(`,"kwh":`, &el.KWh)
	e.num(`,"grid_kwh":`, &el.GridKWh)
	e.num(`,"instrument_kwh":`, &el.InstrumentKWh)
	e.list(`,"grid_factors":[`, len(el.GridFactors), func(i int) { e.b = jsonenc.AppendString(e.b, el.GridFactors[i]) })
	e.list(`,"instruments":[`, len(el.Instruments), func(i int) {
		in := &el.Instruments[i]
		e.str(`{"path":`, in.Path)
		e.str(`,"kind":`, string(in.Kind))
		e.str(`,"serial":`, in.Serial)
		e.optStr(`,"serial_last":`, in.SerialLast)
		e.num(`,"mwh":`, &in.MWh)
		e.b = append(e.b, `,"period":`...)
		e.b = appendPeriod(e.b, in.Period)
		e.str(`,"technology":`, in.Technology)
		e.str(`,"factor":`, in.Factor)
		e.str(`,"transmission_factor":`, in.TransmissionFactor)
		e.optStr(`,"delivery":`, in.Delivery)
		e.num(`,"covered_kwh":`, &in.CoveredKWh)
		e.num(`,"unused_mwh":`, &in.UnusedMWh)
		e.b = append(e.b, '}')
	})

	e.list(`},"scenarios":[`, len(r.Scenarios), func(i int) {
		s := &r.Scenarios[i]
		e.str(`{"name":`, s.Name)
		e.str(`,"label_en":`, s.LabelEN)
		e.str(`,"label_zh":`, s.LabelZH)
		e.str(`,"unit":`, s.Unit)
		e.num(`,"kgco2e":`, &s.KgCO2e)
		e.num(`,"lifetime_years":`, &s.LifetimeYears)
		e.num(`,"degradation_pct_per_year":`, &s.DegradationPct)
		e.num(`,"specific_yield_kwh_per_kwp":`, &s.YieldKWhPerKWp)
		e.num(`,"lifetime_kwh":`, &s.LifetimeKWh)
		e.str(`,"source":`, s.Source)
		e.b = append(e.b, '}')
	})
	e.list(`,"factors":[`, len(r.Factors), func(i int) {
		f := r.Factors[i]
		e.str(`{"code":`, f.Code)
		e.str(`,"set":`, f.Set)
		e.str(`,"name_en":`, f.NameEN)
		e.str(`,"name_zh":`, f.NameZH)
		e.str(`,"category":`, string(f.Category))
		e.num(`,"value":`, &f.Value)
		e.str(`,"unit":`, f.Unit)
		e.str(`,"basis":`, string(f.Basis))
		e.str(`,"boundary":`, string(f.Boundary))
		e.str(`,"geography":`, f.Geography)
		e.b = append(e.b, `,"year":`...)
		e.b = strconv.AppendInt(e.b, int64(f.Year), 10)
		e.str(`,"source":{"publisher":`, f.Source.Publisher)
		e.str(`,"document":`, f.Source.Document)
		e.str(`,"date":`, f.Source.Date)
		e.str(`,"locator":`, f.Source.Locator)
		e.str(`},"grade":`, f.Grade)
		e.str(`,"status":`, string(f.Status))
		e.num(`,"uncertainty_pct":`, &f.UncertaintyPct)
		e.num(`,"kgco2e":`, &f.KgCO2e)
		e.b = append(e.b, '}')
	})
	e.list(`,"suppliers":[`, len(r.Suppliers), func(i int) {
		s := r.Suppliers[i]
		e.str(`{"id":`, s.ID)
		e.str(`,"supplier":`, s.Supplier)
		e.str(`,"product":`, s.Product)
		e.num(`,"kgco2e":`, &s.KgCO2e)
		e.str(`,"unit":`, s.Unit)
		e.str(`,"issued_at":`, s.IssuedAt)
		e.str(`,"valid_until":`, s.ValidUntil)
		e.num(`,"uncertainty_pct":`, &s.UncertaintyPct)
		e.num(`,"contribution_kgco2e":`, &s.Contribution)
		e.optStr(`,"pact_spec_version":`, s.PACTSpecVersion)
		if s.PACTVersion != nil {
			e.b = strconv.AppendInt(append(e.b, `,"pact_version":`...), int64(*s.PACTVersion), 10)
		}
		e.b = append(e.b, '}')
	})
	e.list(`,"warnings":[`, len(r.Warnings), func(i int) {
		w := &r.Warnings[i]
		e.str(`{"path":`, w.Path)
		e.str(`,"message":`, w.Message)
		e.optStr(`,"message_zh":`, w.MessageZH)
		e.b = append(e.b, '}')
	})
	e.b = append(e.b, '}')
}

// list writes open (a key and its '['), items 0 to n-1 by item, separated
// by commas, and ']'.
func (e *resultEncoder) list(open string, n int, item func(i int)) {
	e.b = append(e.b, open...)
	for i := range n {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		item(i)
	}
	e.b = append(e.b, ']')
}

// contributions writes open (a key and its '[') and a list of
// contributions, [] when there are none.
func (e *resultEncoder) contributions(open string, cs []*Contribution) {
	e.list(open, len(cs), func(i int) { e.contribution(cs[i]) })
}

func (e *resultEncoder) contribution(c *Contribution) {
	e.str(`{"path":`, c.Path)
	e.str(`,"name":`, c.Name)
	e.str(`,"kind":`, c.Kind)
	e.str(`,"stage":`, c.Stage)
	e.num(`,"quantity":`, &c.Quantity)
	e.str(`,"unit":`, c.Unit)
	e.optStr(`,"factor_code":`, c.FactorCode)
	e.optStr(`,"factor_set":`, c.FactorSet)
	// omitempty tests the rounded value, as encoding/json saw it: it is 0
	// only for 0 (12 digits of the least float are not 0) and for what
	// CanonicalFloat makes 0.
	if x := c.FactorValue; x != 0 && !isNaNOrInf(x) {
		e.num(`,"factor_value":`, &c.FactorValue)
	} else if e.round {
		c.FactorValue = 0
	}
	e.optStr(`,"factor_unit":`, c.FactorUnit)
	e.optStr(`,"supplier":`, c.Supplier)
	e.optStr(`,"assembly":`, c.Assembly)
	e.num(`,"kgco2e":`, &c.KgCO2e)
	e.num(`,"share_pct":`, &c.SharePct)
	e.boolean(`,"primary":`, c.Primary)
	e.num(`,"dqr":`, &c.DQR)
	if len(c.Children) > 0 {
		e.contributions(`,"children":[`, c.Children)
	} else if e.round {
		c.Children = nil
	}
	e.b = append(e.b, '}')
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

// optStr is str, for a string that is omitted when empty.
func (e *resultEncoder) optStr(key, s string) {
	if s != "" {
		e.str(key, s)
	}
}

// str writes a key (with its punctuation) and a string.
func (e *resultEncoder) str(key, s string) {
	e.b = jsonenc.AppendString(append(e.b, key...), s)
}

// num writes a key (with its punctuation) and *x rounded by
// CanonicalFloat, and when rounding sets *x to the number written.
func (e *resultEncoder) num(key string, x *float64) {
	var v float64
	e.b, v = jsonenc.AppendCanonicalFloat(append(e.b, key...), *x)
	if e.round {
		*x = v
	}
}

func (e *resultEncoder) boolean(key string, v bool) {
	e.b = strconv.AppendBool(append(e.b, key...), v)
}
