package footprint

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

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
	return appendResult(make([]byte, 0, resultSizeHint(r)), r), nil
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
		r.canonical = appendResult(make([]byte, 0, resultSizeHint(r)), r)
		r.round()
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
	if err := jsonv2.Unmarshal(b, &w, strictJSON); err != nil {
		return nil, jsonError(err, b, "result")
	}
	r, err := w.toDomain()
	if err != nil {
		return nil, err
	}
	r.canonical = b
	return r, nil
}

// round rounds every number of the result as CanonicalJSON writes it
// (canonicalFloat) and drops empty lists, as ParseResultJSON reads them
// back.
func (r *Result) round() {
	roundAll(&r.DeclaredUnit.Amount, &r.KgCO2e, &r.FossilKgCO2e, &r.BiogenicKgCO2e, &r.AircraftKgCO2e,
		&r.PackagingKgCO2e, &r.CreditsKgCO2e, &r.ExemptedMassKg, &r.ExemptedMassPct, &r.ExemptedKgCO2e,
		&r.ExemptedPct, &r.CutOffLimitPct, &r.PrimaryDataSharePct, &r.DQR, &r.DQRCoveragePct)
	u := &r.Uncertainty
	roundAll(&u.LowKgCO2e, &u.MedianKgCO2e, &u.HighKgCO2e, &u.MeanKgCO2e)
	el := &r.Electricity
	roundAll(&el.KWh, &el.GridKWh, &el.InstrumentKWh)
	for i := range el.Instruments {
		in := &el.Instruments[i]
		roundAll(&in.MWh, &in.CoveredKWh, &in.UnusedMWh)
	}
	for i := range r.PerUnit {
		roundAll(&r.PerUnit[i].KgCO2e)
	}
	for i := range r.Stages {
		roundAll(&r.Stages[i].KgCO2e, &r.Stages[i].SharePct)
	}
	roundContributions(r.Lines)
	roundContributions(r.Hotspots)
	roundContributions(r.Credits)
	for _, a := range r.Assemblies {
		roundAll(&a.Amount, &a.KgCO2e, &a.Multiplier, &a.TotalKgCO2e)
		for i := range a.Uses {
			roundAll(&a.Uses[i].Multiplier, &a.Uses[i].KgCO2e)
		}
		roundContributions(a.Lines)
		a.Uses, a.Lines = nilIfEmpty(a.Uses), nilIfEmpty(a.Lines)
	}
	for _, x := range r.Exempted {
		roundAll(&x.Quantity, &x.MassKg, &x.ScreeningKgCO2e)
	}
	for i := range r.Scenarios {
		s := &r.Scenarios[i]
		roundAll(&s.KgCO2e, &s.LifetimeYears, &s.DegradationPct, &s.YieldKWhPerKWp, &s.LifetimeKWh)
	}
	for _, f := range r.Factors {
		roundAll(&f.Value, &f.UncertaintyPct, &f.KgCO2e)
	}
	for _, s := range r.Suppliers {
		roundAll(&s.KgCO2e, &s.UncertaintyPct, &s.Contribution)
	}
	r.PerUnit, r.Stages, r.Lines, r.Hotspots = nilIfEmpty(r.PerUnit), nilIfEmpty(r.Stages), nilIfEmpty(r.Lines), nilIfEmpty(r.Hotspots)
	r.Credits, r.Exempted, r.Scenarios, r.Factors = nilIfEmpty(r.Credits), nilIfEmpty(r.Exempted), nilIfEmpty(r.Scenarios), nilIfEmpty(r.Factors)
	r.Suppliers, r.Warnings, r.Assemblies = nilIfEmpty(r.Suppliers), nilIfEmpty(r.Warnings), nilIfEmpty(r.Assemblies)
	el.GridFactors, el.Instruments = nilIfEmpty(el.GridFactors), nilIfEmpty(el.Instruments)
}

func roundContributions(cs []*Contribution) {
	for _, c := range cs {
		roundAll(&c.Quantity, &c.FactorValue, &c.KgCO2e, &c.SharePct, &c.DQR)
		c.Children = nilIfEmpty(c.Children)
		roundContributions(c.Children)
	}
}

func roundAll(xs ...*float64) {
	for _, x := range xs {
		*x = canonicalFloat(*x)
	}
}

func nilIfEmpty[S ~[]E, E any](s S) S {
	if len(s) == 0 {
		return nil
	}
	return s
}

// canonicalFloat rounds x to 12 significant figures and turns -0 into 0.
func canonicalFloat(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	// A stack buffer: the digits never reach the heap.
	var buf [32]byte
	v, _ := strconv.ParseFloat(string(strconv.AppendFloat(buf[:0], x, 'g', 12, 64)), 64)
	return v
}

var cf = canonicalFloat

type resultWire struct {
	Format          string                    `json:"format"`
	EngineVersion   string                    `json:"engine_version"`
	Rule            string                    `json:"rule"`
	RuleVersion     string                    `json:"rule_version"`
	Boundary        string                    `json:"boundary"`
	DeclaredUnit    declaredUnitWire          `json:"declared_unit"`
	ReferencePeriod *periodWire               `json:"reference_period"`
	FactorSet       string                    `json:"factor_set"`
	ProductName     string                    `json:"product_name"`
	ProductModel    string                    `json:"product_model"`
	KgCO2e          float64                   `json:"kgco2e"`
	PerUnit         []unitTotalWire           `json:"per_unit"`
	Stages          []stageTotalWire          `json:"stages"`
	NotApplicable   []resultNotApplicableWire `json:"not_applicable,omitempty"` // only when declared: older results keep their bytes
	Lines           []*contribWire            `json:"lines"`
	Hotspots        []string                  `json:"hotspots"`             // paths into lines
	Assemblies      []*assemblyBreakdownWire  `json:"assemblies,omitempty"` // only for shared sub-assemblies: trees keep their bytes
	Separate        separateWire              `json:"reported_separately"`
	Credits         []*contribWire            `json:"credits"`
	CutOff          cutOffWire                `json:"cut_off"`
	DataQuality     dataQualityWire           `json:"data_quality"`
	Uncertainty     uncertaintyWire           `json:"uncertainty"`
	Electricity     electricitySumWire        `json:"electricity"`
	Scenarios       []scenarioWire            `json:"scenarios"`
	Factors         []factorUseWire           `json:"factors"`
	Suppliers       []supplierUseWire         `json:"suppliers"`
	Warnings        []warningWire             `json:"warnings"`
}

// resultNotApplicableWire is a stage the study declared not applicable
// (Result.NotApplicable).
type resultNotApplicableWire struct {
	Code   string `json:"code"`
	NameEN string `json:"name_en"`
	NameZH string `json:"name_zh"`
	Reason string `json:"reason"`
}

type unitTotalWire struct {
	Unit    string  `json:"unit"`
	Basis   string  `json:"basis"`
	LabelEN string  `json:"label_en"`
	LabelZH string  `json:"label_zh"`
	KgCO2e  float64 `json:"kgco2e"`
}

type stageTotalWire struct {
	Code     string  `json:"code"`
	NameEN   string  `json:"name_en"`
	NameZH   string  `json:"name_zh"`
	KgCO2e   float64 `json:"kgco2e"`
	SharePct float64 `json:"share_pct"`
}

type contribWire struct {
	Path        string         `json:"path"`
	Name        string         `json:"name"`
	Kind        string         `json:"kind"`
	Stage       string         `json:"stage"`
	Quantity    float64        `json:"quantity"`
	Unit        string         `json:"unit"`
	FactorCode  string         `json:"factor_code,omitempty"`
	FactorSet   string         `json:"factor_set,omitempty"`
	FactorValue float64        `json:"factor_value,omitempty"`
	FactorUnit  string         `json:"factor_unit,omitempty"`
	Supplier    string         `json:"supplier,omitempty"`
	Assembly    string         `json:"assembly,omitempty"`
	KgCO2e      float64        `json:"kgco2e"`
	SharePct    float64        `json:"share_pct"`
	Primary     bool           `json:"primary"`
	DQR         float64        `json:"dqr"`
	Children    []*contribWire `json:"children,omitempty"`
}

// assemblyBreakdownWire is a shared sub-assembly's breakdown (AssemblyBreakdown).
type assemblyBreakdownWire struct {
	ID          string            `json:"id"`
	Name        string            `json:"name"`
	Kind        string            `json:"kind"`
	Stage       string            `json:"stage"`
	Amount      float64           `json:"amount"`
	Unit        string            `json:"unit"`
	KgCO2e      float64           `json:"kgco2e"`
	Multiplier  float64           `json:"multiplier"`
	TotalKgCO2e float64           `json:"total_kgco2e"`
	Uses        []assemblyUseWire `json:"uses"`
	Lines       []*contribWire    `json:"lines"`
}

type assemblyUseWire struct {
	Path       string  `json:"path"`
	Multiplier float64 `json:"multiplier"`
	KgCO2e     float64 `json:"kgco2e"`
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
	Items           []exemptedWire `json:"items"`
}

type exemptedWire struct {
	Path            string  `json:"path"`
	Name            string  `json:"name"`
	Stage           string  `json:"stage"`
	Quantity        float64 `json:"quantity"`
	Unit            string  `json:"unit"`
	MassKg          float64 `json:"mass_kg"`
	Reason          string  `json:"reason"`
	ScreeningFactor string  `json:"screening_factor,omitempty"`
	ScreeningKgCO2e float64 `json:"screening_kgco2e"`
}

type dataQualityWire struct {
	PrimaryDataSharePct float64 `json:"primary_data_share_pct"`
	DQR                 float64 `json:"dqr"`
	DQRLevel            string  `json:"dqr_level"`
	DQRCoveragePct      float64 `json:"dqr_coverage_pct"`
}

type uncertaintyWire struct {
	Method       string  `json:"method"`
	Runs         int     `json:"runs"`
	Seed         string  `json:"seed"`
	LowKgCO2e    float64 `json:"low_kgco2e"`
	MedianKgCO2e float64 `json:"median_kgco2e"`
	HighKgCO2e   float64 `json:"high_kgco2e"`
	MeanKgCO2e   float64 `json:"mean_kgco2e"`
}

type electricitySumWire struct {
	Approach      string           `json:"approach"`
	KWh           float64          `json:"kwh"`
	GridKWh       float64          `json:"grid_kwh"`
	InstrumentKWh float64          `json:"instrument_kwh"`
	GridFactors   []string         `json:"grid_factors"`
	Instruments   []instrumentUsed `json:"instruments"`
}

type instrumentUsed struct {
	Path               string     `json:"path"`
	Kind               string     `json:"kind"`
	Serial             string     `json:"serial"`
	MWh                float64    `json:"mwh"`
	Period             periodWire `json:"period"`
	Technology         string     `json:"technology"`
	Factor             string     `json:"factor"`
	TransmissionFactor string     `json:"transmission_factor"`
	Delivery           string     `json:"delivery,omitempty"` // only for on-site and direct-line supply
	CoveredKWh         float64    `json:"covered_kwh"`
	UnusedMWh          float64    `json:"unused_mwh"`
}

type scenarioWire struct {
	Name           string  `json:"name"`
	LabelEN        string  `json:"label_en"`
	LabelZH        string  `json:"label_zh"`
	Unit           string  `json:"unit"`
	KgCO2e         float64 `json:"kgco2e"`
	LifetimeYears  float64 `json:"lifetime_years"`
	DegradationPct float64 `json:"degradation_pct_per_year"`
	YieldKWhPerKWp float64 `json:"specific_yield_kwh_per_kwp"`
	LifetimeKWh    float64 `json:"lifetime_kwh"`
	Source         string  `json:"source"`
}

type factorUseWire struct {
	Code           string     `json:"code"`
	Set            string     `json:"set"`
	NameEN         string     `json:"name_en"`
	NameZH         string     `json:"name_zh"`
	Category       string     `json:"category"`
	Value          float64    `json:"value"`
	Unit           string     `json:"unit"`
	Basis          string     `json:"basis"`
	Boundary       string     `json:"boundary"`
	Geography      string     `json:"geography"`
	Year           int        `json:"year"`
	Source         sourceUsed `json:"source"`
	Grade          string     `json:"grade"`
	Status         string     `json:"status"`
	UncertaintyPct float64    `json:"uncertainty_pct"`
	KgCO2e         float64    `json:"kgco2e"`
}

type sourceUsed struct {
	Publisher string `json:"publisher"`
	Document  string `json:"document"`
	Date      string `json:"date"`
	Locator   string `json:"locator"`
}

type supplierUseWire struct {
	ID              string  `json:"id"`
	Supplier        string  `json:"supplier"`
	Product         string  `json:"product"`
	KgCO2e          float64 `json:"kgco2e"`
	Unit            string  `json:"unit"`
	IssuedAt        string  `json:"issued_at"`
	ValidUntil      string  `json:"valid_until"`
	UncertaintyPct  float64 `json:"uncertainty_pct"`
	Contribution    float64 `json:"contribution_kgco2e"`
	PACTSpecVersion string  `json:"pact_spec_version,omitempty"`
	PACTVersion     *int    `json:"pact_version,omitempty"`
}

type warningWire struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// contributions maps contribution trees, depth first, adding every node
// to index by path if index is not nil (the last of a path wins); false if
// one is null.
func contributions(ws []*contribWire, index map[string]*Contribution) ([]*Contribution, bool) {
	var out []*Contribution
	for _, w := range ws {
		if w == nil {
			return nil, false
		}
		c := &Contribution{
			Path: w.Path, Name: w.Name, Kind: w.Kind, Stage: w.Stage, Quantity: w.Quantity, Unit: w.Unit,
			FactorCode: w.FactorCode, FactorSet: w.FactorSet, FactorValue: w.FactorValue, FactorUnit: w.FactorUnit,
			Supplier: w.Supplier, Assembly: w.Assembly, KgCO2e: w.KgCO2e, SharePct: w.SharePct,
			Primary: w.Primary, DQR: w.DQR,
		}
		if index != nil {
			index[c.Path] = c
		}
		var ok bool
		if c.Children, ok = contributions(w.Children, index); !ok {
			return nil, false
		}
		out = append(out, c)
	}
	return out, true
}

// toDomain checks the format and maps the result.
func (w *resultWire) toDomain() (*Result, error) {
	if w.Format != ResultFormat {
		return nil, FieldErrorf(EINVALID, "format", "unknown format %q (want %q)", w.Format, ResultFormat)
	}
	r := &Result{
		EngineVersion: w.EngineVersion, Rule: w.Rule, RuleVersion: w.RuleVersion, Boundary: Boundary(w.Boundary),
		FactorSet: w.FactorSet, ProductName: w.ProductName, ProductModel: w.ProductModel, KgCO2e: w.KgCO2e,
		FossilKgCO2e: w.Separate.FossilKgCO2e, BiogenicKgCO2e: w.Separate.BiogenicKgCO2e,
		BiogenicSplitKnown: w.Separate.BiogenicSplitKnown, AircraftKgCO2e: w.Separate.AircraftKgCO2e,
		PackagingKgCO2e: w.Separate.PackagingKgCO2e, PackagingIncluded: w.Separate.PackagingIncluded,
		CreditsKgCO2e:  w.Separate.CreditsKgCO2e,
		ExemptedMassKg: w.CutOff.ExemptedMassKg, ExemptedMassPct: w.CutOff.ExemptedMassPct,
		ExemptedKgCO2e: w.CutOff.ExemptedKgCO2e, ExemptedPct: w.CutOff.ExemptedPct, ExemptedBasis: w.CutOff.Basis,
		CutOffLimitPct:      w.CutOff.LimitPct,
		PrimaryDataSharePct: w.DataQuality.PrimaryDataSharePct, DQR: w.DataQuality.DQR,
		DQRLevel: w.DataQuality.DQRLevel, DQRCoveragePct: w.DataQuality.DQRCoveragePct,
		Uncertainty: Uncertainty(w.Uncertainty),
		Electricity: ElectricitySummary{
			Approach: w.Electricity.Approach, KWh: w.Electricity.KWh, GridKWh: w.Electricity.GridKWh,
			InstrumentKWh: w.Electricity.InstrumentKWh, GridFactors: nilIfEmpty(w.Electricity.GridFactors),
		},
	}
	if w.DeclaredUnit.Unit != "" {
		u, err := parseUnitAt("declared_unit.unit", w.DeclaredUnit.Unit)
		if err != nil {
			return nil, err
		}
		r.DeclaredUnit = DeclaredUnit{Amount: w.DeclaredUnit.Amount, Unit: u}
	}
	if w.ReferencePeriod != nil {
		p, err := w.ReferencePeriod.toDomain("reference_period")
		if err != nil {
			return nil, err
		}
		r.ReferencePeriod = p
	}
	for _, u := range w.PerUnit {
		r.PerUnit = append(r.PerUnit, UnitTotal(u))
	}
	for _, s := range w.Stages {
		r.Stages = append(r.Stages, StageTotal(s))
	}
	index := map[string]*Contribution{}
	var ok bool
	if r.Lines, ok = contributions(w.Lines, index); !ok {
		return nil, FieldErrorf(EINVALID, "lines", "a contribution is empty")
	}
	for _, p := range w.Hotspots {
		c := index[p]
		if c == nil {
			return nil, FieldErrorf(EINVALID, "hotspots", "hotspot %q is not a line of the result", p)
		}
		r.Hotspots = append(r.Hotspots, c)
	}
	if r.Credits, ok = contributions(w.Credits, nil); !ok {
		return nil, FieldErrorf(EINVALID, "credits", "a contribution is empty")
	}
	for i, a := range w.Assemblies {
		p := "assemblies[" + strconv.Itoa(i) + "]"
		if a == nil {
			return nil, FieldErrorf(EINVALID, p, "a sub-assembly is empty")
		}
		bd := &AssemblyBreakdown{
			ID: a.ID, Name: a.Name, Kind: a.Kind, Stage: a.Stage, Amount: a.Amount, Unit: a.Unit,
			KgCO2e: a.KgCO2e, Multiplier: a.Multiplier, TotalKgCO2e: a.TotalKgCO2e,
		}
		for _, u := range a.Uses {
			bd.Uses = append(bd.Uses, AssemblyUse(u))
		}
		if bd.Lines, ok = contributions(a.Lines, nil); !ok {
			return nil, FieldErrorf(EINVALID, p+".lines", "a contribution is empty")
		}
		r.Assemblies = append(r.Assemblies, bd)
	}
	for _, x := range w.CutOff.Items {
		item := ExemptedItem(x)
		r.Exempted = append(r.Exempted, &item)
	}
	for i, in := range w.Electricity.Instruments {
		p, err := in.Period.toDomain("electricity.instruments[" + strconv.Itoa(i) + "].period")
		if err != nil {
			return nil, err
		}
		r.Electricity.Instruments = append(r.Electricity.Instruments, ClaimedInstrument{
			Path: in.Path, Kind: InstrumentKind(in.Kind), Serial: in.Serial, MWh: in.MWh, Period: p,
			Technology: in.Technology, Factor: in.Factor, TransmissionFactor: in.TransmissionFactor,
			Delivery: in.Delivery, CoveredKWh: in.CoveredKWh, UnusedMWh: in.UnusedMWh,
		})
	}
	for _, na := range w.NotApplicable {
		r.NotApplicable = append(r.NotApplicable, NotApplicableStage(na))
	}
	for _, s := range w.Scenarios {
		r.Scenarios = append(r.Scenarios, Scenario(s))
	}
	for _, f := range w.Factors {
		r.Factors = append(r.Factors, &FactorUse{
			Code: f.Code, Set: f.Set, NameEN: f.NameEN, NameZH: f.NameZH, Category: Category(f.Category),
			Value: f.Value, Unit: f.Unit, Basis: GHGBasis(f.Basis), Boundary: Boundary(f.Boundary),
			Geography: f.Geography, Year: f.Year, Source: Source(f.Source), Grade: f.Grade,
			Status: Status(f.Status), UncertaintyPct: f.UncertaintyPct, KgCO2e: f.KgCO2e,
		})
	}
	for _, s := range w.Suppliers {
		use := SupplierUse(s)
		r.Suppliers = append(r.Suppliers, &use)
	}
	for _, wn := range w.Warnings {
		r.Warnings = append(r.Warnings, Warning(wn))
	}
	return r, nil
}

// Canonical encoder. Each append function writes the fields of one wire
// type in its declaration order, with its omitempty rules, exactly as
// encoding/json would: keep them in step with the wire types above.

// resultSizeHint estimates the encoded size of r from its strings and a
// generous width per number, so that the buffer rarely grows and is rarely
// much too large.
func resultSizeHint(r *Result) int {
	const number = 18 // "-0.000123456789012"
	n := 1500
	var count func(cs []*Contribution)
	count = func(cs []*Contribution) {
		for _, c := range cs {
			if c == nil {
				continue
			}
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
		n += 30 + len(w.Path) + len(w.Message)
	}
	for _, x := range r.Exempted {
		n += 200 + len(x.Path) + len(x.Name) + len(x.Reason)
	}
	return n + 400*(len(r.Stages)+len(r.PerUnit)+len(r.Electricity.Instruments)+len(r.Scenarios)+len(r.Suppliers))
}

func appendResult(b []byte, r *Result) []byte {
	b = append(b, `{"format":`...)
	b = appendJSONString(b, ResultFormat)
	b = appendStringField(b, `,"engine_version":`, r.EngineVersion)
	b = appendStringField(b, `,"rule":`, r.Rule)
	b = appendStringField(b, `,"rule_version":`, r.RuleVersion)
	b = appendStringField(b, `,"boundary":`, string(r.Boundary))
	b = appendFloatField(b, `,"declared_unit":{"amount":`, r.DeclaredUnit.Amount)
	b = appendStringField(b, `,"unit":`, r.DeclaredUnit.Unit.Symbol)
	b = append(b, `},"reference_period":`...)
	if r.ReferencePeriod.IsZero() {
		b = append(b, "null"...)
	} else {
		b = appendPeriod(b, r.ReferencePeriod)
	}
	b = appendStringField(b, `,"factor_set":`, r.FactorSet)
	b = appendStringField(b, `,"product_name":`, r.ProductName)
	b = appendStringField(b, `,"product_model":`, r.ProductModel)
	b = appendFloatField(b, `,"kgco2e":`, r.KgCO2e)

	b = append(b, `,"per_unit":[`...)
	for i, u := range r.PerUnit {
		b = appendComma(b, i)
		b = appendStringField(b, `{"unit":`, u.Unit)
		b = appendStringField(b, `,"basis":`, u.Basis)
		b = appendStringField(b, `,"label_en":`, u.LabelEN)
		b = appendStringField(b, `,"label_zh":`, u.LabelZH)
		b = appendFloatField(b, `,"kgco2e":`, u.KgCO2e)
		b = append(b, '}')
	}
	b = append(b, `],"stages":[`...)
	for i, s := range r.Stages {
		b = appendComma(b, i)
		b = appendStringField(b, `{"code":`, s.Code)
		b = appendStringField(b, `,"name_en":`, s.NameEN)
		b = appendStringField(b, `,"name_zh":`, s.NameZH)
		b = appendFloatField(b, `,"kgco2e":`, s.KgCO2e)
		b = appendFloatField(b, `,"share_pct":`, s.SharePct)
		b = append(b, '}')
	}
	b = append(b, ']')
	if len(r.NotApplicable) > 0 {
		b = append(b, `,"not_applicable":[`...)
		for i, na := range r.NotApplicable {
			b = appendComma(b, i)
			b = appendStringField(b, `{"code":`, na.Code)
			b = appendStringField(b, `,"name_en":`, na.NameEN)
			b = appendStringField(b, `,"name_zh":`, na.NameZH)
			b = appendStringField(b, `,"reason":`, na.Reason)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"lines":`...)
	b = appendContributions(b, r.Lines)
	b = append(b, `,"hotspots":[`...)
	for i, h := range r.Hotspots {
		b = appendComma(b, i)
		b = appendJSONString(b, h.Path)
	}
	b = append(b, ']')
	if len(r.Assemblies) > 0 {
		b = append(b, `,"assemblies":[`...)
		for i, a := range r.Assemblies {
			b = appendComma(b, i)
			b = appendStringField(b, `{"id":`, a.ID)
			b = appendStringField(b, `,"name":`, a.Name)
			b = appendStringField(b, `,"kind":`, a.Kind)
			b = appendStringField(b, `,"stage":`, a.Stage)
			b = appendFloatField(b, `,"amount":`, a.Amount)
			b = appendStringField(b, `,"unit":`, a.Unit)
			b = appendFloatField(b, `,"kgco2e":`, a.KgCO2e)
			b = appendFloatField(b, `,"multiplier":`, a.Multiplier)
			b = appendFloatField(b, `,"total_kgco2e":`, a.TotalKgCO2e)
			b = append(b, `,"uses":[`...)
			for j, u := range a.Uses {
				b = appendComma(b, j)
				b = appendStringField(b, `{"path":`, u.Path)
				b = appendFloatField(b, `,"multiplier":`, u.Multiplier)
				b = appendFloatField(b, `,"kgco2e":`, u.KgCO2e)
				b = append(b, '}')
			}
			b = append(b, `],"lines":`...)
			b = appendContributions(b, a.Lines)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = appendFloatField(b, `,"reported_separately":{"fossil_kgco2e":`, r.FossilKgCO2e)
	b = appendFloatField(b, `,"biogenic_kgco2e":`, r.BiogenicKgCO2e)
	b = appendBoolField(b, `,"biogenic_split_known":`, r.BiogenicSplitKnown)
	b = appendFloatField(b, `,"aircraft_kgco2e":`, r.AircraftKgCO2e)
	b = appendFloatField(b, `,"packaging_kgco2e":`, r.PackagingKgCO2e)
	b = appendBoolField(b, `,"packaging_included":`, r.PackagingIncluded)
	b = appendFloatField(b, `,"credits_kgco2e":`, r.CreditsKgCO2e)
	b = append(b, `},"credits":`...)
	b = appendContributions(b, r.Credits)

	b = appendFloatField(b, `,"cut_off":{"limit_pct":`, r.CutOffLimitPct)
	b = appendStringField(b, `,"basis":`, r.ExemptedBasis)
	b = appendFloatField(b, `,"exempted_mass_kg":`, r.ExemptedMassKg)
	b = appendFloatField(b, `,"exempted_mass_pct":`, r.ExemptedMassPct)
	b = appendFloatField(b, `,"exempted_kgco2e":`, r.ExemptedKgCO2e)
	b = appendFloatField(b, `,"exempted_pct":`, r.ExemptedPct)
	b = append(b, `,"items":[`...)
	for i, x := range r.Exempted {
		b = appendComma(b, i)
		b = appendStringField(b, `{"path":`, x.Path)
		b = appendStringField(b, `,"name":`, x.Name)
		b = appendStringField(b, `,"stage":`, x.Stage)
		b = appendFloatField(b, `,"quantity":`, x.Quantity)
		b = appendStringField(b, `,"unit":`, x.Unit)
		b = appendFloatField(b, `,"mass_kg":`, x.MassKg)
		b = appendStringField(b, `,"reason":`, x.Reason)
		if x.ScreeningFactor != "" {
			b = appendStringField(b, `,"screening_factor":`, x.ScreeningFactor)
		}
		b = appendFloatField(b, `,"screening_kgco2e":`, x.ScreeningKgCO2e)
		b = append(b, '}')
	}

	b = appendFloatField(b, `]},"data_quality":{"primary_data_share_pct":`, r.PrimaryDataSharePct)
	b = appendFloatField(b, `,"dqr":`, r.DQR)
	b = appendStringField(b, `,"dqr_level":`, r.DQRLevel)
	b = appendFloatField(b, `,"dqr_coverage_pct":`, r.DQRCoveragePct)

	u := &r.Uncertainty
	b = appendStringField(b, `},"uncertainty":{"method":`, u.Method)
	b = append(b, `,"runs":`...)
	b = strconv.AppendInt(b, int64(u.Runs), 10)
	b = appendStringField(b, `,"seed":`, u.Seed)
	b = appendFloatField(b, `,"low_kgco2e":`, u.LowKgCO2e)
	b = appendFloatField(b, `,"median_kgco2e":`, u.MedianKgCO2e)
	b = appendFloatField(b, `,"high_kgco2e":`, u.HighKgCO2e)
	b = appendFloatField(b, `,"mean_kgco2e":`, u.MeanKgCO2e)

	el := &r.Electricity
	b = appendStringField(b, `},"electricity":{"approach":`, el.Approach)
	b = appendFloatField(b, `,"kwh":`, el.KWh)
	b = appendFloatField(b, `,"grid_kwh":`, el.GridKWh)
	b = appendFloatField(b, `,"instrument_kwh":`, el.InstrumentKWh)
	b = append(b, `,"grid_factors":[`...)
	for i, g := range el.GridFactors {
		b = appendComma(b, i)
		b = appendJSONString(b, g)
	}
	b = append(b, `],"instruments":[`...)
	for i, in := range el.Instruments {
		b = appendComma(b, i)
		b = appendStringField(b, `{"path":`, in.Path)
		b = appendStringField(b, `,"kind":`, string(in.Kind))
		b = appendStringField(b, `,"serial":`, in.Serial)
		b = appendFloatField(b, `,"mwh":`, in.MWh)
		b = append(b, `,"period":`...)
		b = appendPeriod(b, in.Period)
		b = appendStringField(b, `,"technology":`, in.Technology)
		b = appendStringField(b, `,"factor":`, in.Factor)
		b = appendStringField(b, `,"transmission_factor":`, in.TransmissionFactor)
		if in.Delivery != "" {
			b = appendStringField(b, `,"delivery":`, in.Delivery)
		}
		b = appendFloatField(b, `,"covered_kwh":`, in.CoveredKWh)
		b = appendFloatField(b, `,"unused_mwh":`, in.UnusedMWh)
		b = append(b, '}')
	}

	b = append(b, `]},"scenarios":[`...)
	for i, s := range r.Scenarios {
		b = appendComma(b, i)
		b = appendStringField(b, `{"name":`, s.Name)
		b = appendStringField(b, `,"label_en":`, s.LabelEN)
		b = appendStringField(b, `,"label_zh":`, s.LabelZH)
		b = appendStringField(b, `,"unit":`, s.Unit)
		b = appendFloatField(b, `,"kgco2e":`, s.KgCO2e)
		b = appendFloatField(b, `,"lifetime_years":`, s.LifetimeYears)
		b = appendFloatField(b, `,"degradation_pct_per_year":`, s.DegradationPct)
		b = appendFloatField(b, `,"specific_yield_kwh_per_kwp":`, s.YieldKWhPerKWp)
		b = appendFloatField(b, `,"lifetime_kwh":`, s.LifetimeKWh)
		b = appendStringField(b, `,"source":`, s.Source)
		b = append(b, '}')
	}
	b = append(b, `],"factors":[`...)
	for i, f := range r.Factors {
		b = appendComma(b, i)
		b = appendStringField(b, `{"code":`, f.Code)
		b = appendStringField(b, `,"set":`, f.Set)
		b = appendStringField(b, `,"name_en":`, f.NameEN)
		b = appendStringField(b, `,"name_zh":`, f.NameZH)
		b = appendStringField(b, `,"category":`, string(f.Category))
		b = appendFloatField(b, `,"value":`, f.Value)
		b = appendStringField(b, `,"unit":`, f.Unit)
		b = appendStringField(b, `,"basis":`, string(f.Basis))
		b = appendStringField(b, `,"boundary":`, string(f.Boundary))
		b = appendStringField(b, `,"geography":`, f.Geography)
		b = append(b, `,"year":`...)
		b = strconv.AppendInt(b, int64(f.Year), 10)
		b = appendStringField(b, `,"source":{"publisher":`, f.Source.Publisher)
		b = appendStringField(b, `,"document":`, f.Source.Document)
		b = appendStringField(b, `,"date":`, f.Source.Date)
		b = appendStringField(b, `,"locator":`, f.Source.Locator)
		b = appendStringField(b, `},"grade":`, f.Grade)
		b = appendStringField(b, `,"status":`, string(f.Status))
		b = appendFloatField(b, `,"uncertainty_pct":`, f.UncertaintyPct)
		b = appendFloatField(b, `,"kgco2e":`, f.KgCO2e)
		b = append(b, '}')
	}
	b = append(b, `],"suppliers":[`...)
	for i, s := range r.Suppliers {
		b = appendComma(b, i)
		b = appendStringField(b, `{"id":`, s.ID)
		b = appendStringField(b, `,"supplier":`, s.Supplier)
		b = appendStringField(b, `,"product":`, s.Product)
		b = appendFloatField(b, `,"kgco2e":`, s.KgCO2e)
		b = appendStringField(b, `,"unit":`, s.Unit)
		b = appendStringField(b, `,"issued_at":`, s.IssuedAt)
		b = appendStringField(b, `,"valid_until":`, s.ValidUntil)
		b = appendFloatField(b, `,"uncertainty_pct":`, s.UncertaintyPct)
		b = appendFloatField(b, `,"contribution_kgco2e":`, s.Contribution)
		if s.PACTSpecVersion != "" {
			b = appendStringField(b, `,"pact_spec_version":`, s.PACTSpecVersion)
		}
		if s.PACTVersion != nil {
			b = strconv.AppendInt(append(b, `,"pact_version":`...), int64(*s.PACTVersion), 10)
		}
		b = append(b, '}')
	}
	b = append(b, `],"warnings":[`...)
	for i, w := range r.Warnings {
		b = appendComma(b, i)
		b = appendStringField(b, `{"path":`, w.Path)
		b = appendStringField(b, `,"message":`, w.Message)
		b = append(b, '}')
	}
	return append(b, "]}"...)
}

// appendContributions writes a list of contributions (contribWire), [] when
// there are none.
func appendContributions(b []byte, cs []*Contribution) []byte {
	b = append(b, '[')
	for i, c := range cs {
		b = appendComma(b, i)
		b = appendContribution(b, c)
	}
	return append(b, ']')
}

func appendContribution(b []byte, c *Contribution) []byte {
	b = appendStringField(b, `{"path":`, c.Path)
	b = appendStringField(b, `,"name":`, c.Name)
	b = appendStringField(b, `,"kind":`, c.Kind)
	b = appendStringField(b, `,"stage":`, c.Stage)
	b = appendFloatField(b, `,"quantity":`, c.Quantity)
	b = appendStringField(b, `,"unit":`, c.Unit)
	if c.FactorCode != "" {
		b = appendStringField(b, `,"factor_code":`, c.FactorCode)
	}
	if c.FactorSet != "" {
		b = appendStringField(b, `,"factor_set":`, c.FactorSet)
	}
	// omitempty tests the rounded value, as encoding/json saw it.
	if cf(c.FactorValue) != 0 {
		b = appendFloatField(b, `,"factor_value":`, c.FactorValue)
	}
	if c.FactorUnit != "" {
		b = appendStringField(b, `,"factor_unit":`, c.FactorUnit)
	}
	if c.Supplier != "" {
		b = appendStringField(b, `,"supplier":`, c.Supplier)
	}
	if c.Assembly != "" {
		b = appendStringField(b, `,"assembly":`, c.Assembly)
	}
	b = appendFloatField(b, `,"kgco2e":`, c.KgCO2e)
	b = appendFloatField(b, `,"share_pct":`, c.SharePct)
	b = appendBoolField(b, `,"primary":`, c.Primary)
	b = appendFloatField(b, `,"dqr":`, c.DQR)
	if len(c.Children) > 0 {
		b = append(b, `,"children":`...)
		b = appendContributions(b, c.Children)
	}
	return append(b, '}')
}

// appendPeriod writes a periodWire.
func appendPeriod(b []byte, p Period) []byte {
	var buf [32]byte
	b = append(b, `{"start":`...)
	b = appendJSONString(b, p.Start.AppendFormat(buf[:0], time.DateOnly))
	b = append(b, `,"end":`...)
	b = appendJSONString(b, p.End.AppendFormat(buf[:0], time.DateOnly))
	return append(b, '}')
}

func appendComma(b []byte, i int) []byte {
	if i > 0 {
		b = append(b, ',')
	}
	return b
}

// appendStringField writes a key (with its punctuation) and a string.
func appendStringField(b []byte, key, s string) []byte {
	return appendJSONString(append(b, key...), s)
}

// appendFloatField writes a key (with its punctuation) and a number rounded
// by canonicalFloat.
func appendFloatField(b []byte, key string, x float64) []byte {
	return appendCanonicalFloat(append(b, key...), x)
}

// appendCanonicalFloat writes appendJSONFloat(b, canonicalFloat(x)) with
// one conversion instead of three. The 12 significant digits of x are the
// shortest digits of canonicalFloat(x): a decimal of up to 15 significant
// digits comes back unchanged from a float64 in the normal range, and no
// shorter decimal lies within the float's rounding interval. So the digits
// only need placing as encoding/json places them. Outside 1e-300 to 1e300
// (near subnormals, where fewer digits are exact) it takes the long way.
func appendCanonicalFloat(b []byte, x float64) []byte {
	abs := math.Abs(x)
	if abs < 1e12 && x == math.Trunc(x) {
		// A whole number of at most 12 digits (or ±0) is its own rounding.
		return strconv.AppendInt(b, int64(x), 10)
	}
	if !(abs > 1e-300 && abs < 1e300) {
		return appendJSONFloat(b, canonicalFloat(x))
	}
	// e is "-d.dddddddddddde±XX": the sign, 12 digits, the exponent.
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], x, 'e', 11, 64)
	if e[0] == '-' {
		b = append(b, '-')
		e = e[1:]
	}
	var digits [12]byte
	digits[0] = e[0]
	copy(digits[1:], e[2:13])
	n := len(digits)
	for n > 1 && digits[n-1] == '0' {
		n--
	}
	d := digits[:n]
	exp := 0
	for _, c := range e[15:] {
		exp = exp*10 + int(c-'0')
	}
	if e[14] == '-' {
		exp = -exp
	}

	// encoding/json: exponent notation below 1e-6 and from 1e21 on,
	// exponent without leading zeros.
	if exp < -6 || exp >= 21 {
		b = append(b, d[0])
		if len(d) > 1 {
			b = append(b, '.')
			b = append(b, d[1:]...)
		}
		b = append(b, 'e')
		if exp < 0 {
			b = append(b, '-')
			exp = -exp
		} else {
			b = append(b, '+')
		}
		return strconv.AppendInt(b, int64(exp), 10)
	}
	// Fixed notation: point after exp+1 digits.
	point := exp + 1
	switch {
	case point <= 0:
		b = append(b, '0', '.')
		for range -point {
			b = append(b, '0')
		}
		return append(b, d...)
	case point >= len(d):
		b = append(b, d...)
		for range point - len(d) {
			b = append(b, '0')
		}
		return b
	}
	b = append(b, d[:point]...)
	b = append(b, '.')
	return append(b, d[point:]...)
}

func appendBoolField(b []byte, key string, v bool) []byte {
	b = append(b, key...)
	return strconv.AppendBool(b, v)
}

// appendJSONFloat writes a finite number as encoding/json does: like
// ECMAScript, the shortest form, in exponent notation below 1e-6 and from
// 1e21 on, with exponents unpadded.
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 → e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// appendJSONString writes s as a JSON string the way encoding/json.Marshal
// does: <, > and & escaped as \u003c, \u003e, \u0026 (HTML-safe), control
// characters as \n, \t… or \u00XX, U+2028 and U+2029 escaped, and invalid
// UTF-8 replaced by \ufffd.
func appendJSONString[S []byte | string](b []byte, s S) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		n := min(len(s)-i, utf8.UTFMax)
		r, size := utf8.DecodeRuneInString(string(s[i : i+n]))
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
