package footprint

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
)

// ResultFormat is the value of the "format" field of a result document.
const ResultFormat = "pcf-result/1"

// CanonicalJSON returns the canonical encoding of the result: fixed field
// order, no insignificant white space, and every number rounded to 12
// significant figures (far beyond the precision of any factor), so that
// last-bit floating-point differences between CPU architectures do not
// change the bytes. The same study against the same factor set gives the
// same bytes; Digest hashes them.
func (r *Result) CanonicalJSON() ([]byte, error) {
	b, err := json.Marshal(resultToWire(r))
	if err != nil {
		return nil, fmt.Errorf("encode result: %w", err)
	}
	return b, nil
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

// ParseResultJSON reads a result written by CanonicalJSON (a stored
// result). Numbers come back as CanonicalJSON rounded them, so the result
// re-encodes to the same bytes.
func ParseResultJSON(r io.Reader) (*Result, error) {
	var w resultWire
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return nil, jsonError(err)
	}
	if w.Format != ResultFormat {
		return nil, FieldErrorf(EINVALID, "format", "unknown format %q (want %q)", w.Format, ResultFormat)
	}
	return w.toDomain()
}

// canonicalFloat rounds x to 12 significant figures and turns -0 into 0.
func canonicalFloat(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	return v
}

var cf = canonicalFloat

type resultWire struct {
	Format          string             `json:"format"`
	EngineVersion   string             `json:"engine_version"`
	Rule            string             `json:"rule"`
	RuleVersion     string             `json:"rule_version"`
	Boundary        string             `json:"boundary"`
	DeclaredUnit    declaredUnitWire   `json:"declared_unit"`
	ReferencePeriod *periodWire        `json:"reference_period"`
	FactorSet       string             `json:"factor_set"`
	ProductName     string             `json:"product_name"`
	ProductModel    string             `json:"product_model"`
	KgCO2e          float64            `json:"kgco2e"`
	PerUnit         []unitTotalWire    `json:"per_unit"`
	Stages          []stageTotalWire   `json:"stages"`
	Lines           []*contribWire     `json:"lines"`
	Hotspots        []string           `json:"hotspots"` // paths into lines
	Separate        separateWire       `json:"reported_separately"`
	Credits         []*contribWire     `json:"credits"`
	CutOff          cutOffWire         `json:"cut_off"`
	DataQuality     dataQualityWire    `json:"data_quality"`
	Uncertainty     uncertaintyWire    `json:"uncertainty"`
	Electricity     electricitySumWire `json:"electricity"`
	Scenarios       []scenarioWire     `json:"scenarios"`
	Factors         []factorUseWire    `json:"factors"`
	Suppliers       []supplierUseWire  `json:"suppliers"`
	Warnings        []warningWire      `json:"warnings"`
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
	ID             string  `json:"id"`
	Supplier       string  `json:"supplier"`
	Product        string  `json:"product"`
	KgCO2e         float64 `json:"kgco2e"`
	Unit           string  `json:"unit"`
	IssuedAt       string  `json:"issued_at"`
	ValidUntil     string  `json:"valid_until"`
	UncertaintyPct float64 `json:"uncertainty_pct"`
	Contribution   float64 `json:"contribution_kgco2e"`
}

type warningWire struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

func contribToWire(c *Contribution) *contribWire {
	w := &contribWire{
		Path: c.Path, Name: c.Name, Kind: c.Kind, Stage: c.Stage, Quantity: cf(c.Quantity), Unit: c.Unit,
		FactorCode: c.FactorCode, FactorSet: c.FactorSet, FactorValue: cf(c.FactorValue), FactorUnit: c.FactorUnit,
		Supplier: c.Supplier, Assembly: c.Assembly, KgCO2e: cf(c.KgCO2e), SharePct: cf(c.SharePct),
		Primary: c.Primary, DQR: cf(c.DQR),
	}
	for _, ch := range c.Children {
		w.Children = append(w.Children, contribToWire(ch))
	}
	return w
}

func contribFromWire(w *contribWire, index map[string]*Contribution) *Contribution {
	c := &Contribution{
		Path: w.Path, Name: w.Name, Kind: w.Kind, Stage: w.Stage, Quantity: w.Quantity, Unit: w.Unit,
		FactorCode: w.FactorCode, FactorSet: w.FactorSet, FactorValue: w.FactorValue, FactorUnit: w.FactorUnit,
		Supplier: w.Supplier, Assembly: w.Assembly, KgCO2e: w.KgCO2e, SharePct: w.SharePct,
		Primary: w.Primary, DQR: w.DQR,
	}
	if index != nil {
		index[c.Path] = c
	}
	for _, ch := range w.Children {
		c.Children = append(c.Children, contribFromWire(ch, index))
	}
	return c
}

// resultToWire maps a Result to its canonical wire form. Slices are never
// nil, so an empty list encodes as [] rather than null.
func resultToWire(r *Result) *resultWire {
	w := &resultWire{
		Format: ResultFormat, EngineVersion: r.EngineVersion, Rule: r.Rule, RuleVersion: r.RuleVersion,
		Boundary:     string(r.Boundary),
		DeclaredUnit: declaredUnitWire{Amount: cf(r.DeclaredUnit.Amount), Unit: r.DeclaredUnit.Unit.Symbol},
		FactorSet:    r.FactorSet, ProductName: r.ProductName, ProductModel: r.ProductModel,
		KgCO2e:  cf(r.KgCO2e),
		PerUnit: []unitTotalWire{}, Stages: []stageTotalWire{}, Lines: []*contribWire{}, Hotspots: []string{},
		Credits: []*contribWire{}, Scenarios: []scenarioWire{}, Factors: []factorUseWire{},
		Suppliers: []supplierUseWire{}, Warnings: []warningWire{},
		Separate: separateWire{
			FossilKgCO2e: cf(r.FossilKgCO2e), BiogenicKgCO2e: cf(r.BiogenicKgCO2e), BiogenicSplitKnown: r.BiogenicSplitKnown,
			AircraftKgCO2e: cf(r.AircraftKgCO2e), PackagingKgCO2e: cf(r.PackagingKgCO2e), PackagingIncluded: r.PackagingIncluded,
			CreditsKgCO2e: cf(r.CreditsKgCO2e),
		},
		CutOff: cutOffWire{
			LimitPct: cf(r.CutOffLimitPct), Basis: r.ExemptedBasis, ExemptedMassKg: cf(r.ExemptedMassKg),
			ExemptedMassPct: cf(r.ExemptedMassPct), ExemptedKgCO2e: cf(r.ExemptedKgCO2e), ExemptedPct: cf(r.ExemptedPct),
			Items: []exemptedWire{},
		},
		DataQuality: dataQualityWire{
			PrimaryDataSharePct: cf(r.PrimaryDataSharePct), DQR: cf(r.DQR), DQRLevel: r.DQRLevel, DQRCoveragePct: cf(r.DQRCoveragePct),
		},
		Uncertainty: uncertaintyWire{
			Method: r.Uncertainty.Method, Runs: r.Uncertainty.Runs, Seed: r.Uncertainty.Seed,
			LowKgCO2e: cf(r.Uncertainty.LowKgCO2e), MedianKgCO2e: cf(r.Uncertainty.MedianKgCO2e),
			HighKgCO2e: cf(r.Uncertainty.HighKgCO2e), MeanKgCO2e: cf(r.Uncertainty.MeanKgCO2e),
		},
		Electricity: electricitySumWire{
			Approach: r.Electricity.Approach, KWh: cf(r.Electricity.KWh), GridKWh: cf(r.Electricity.GridKWh),
			InstrumentKWh: cf(r.Electricity.InstrumentKWh), GridFactors: append([]string{}, r.Electricity.GridFactors...),
			Instruments: []instrumentUsed{},
		},
	}
	if !r.ReferencePeriod.IsZero() {
		p := periodToWire(r.ReferencePeriod)
		w.ReferencePeriod = &p
	}
	for _, u := range r.PerUnit {
		w.PerUnit = append(w.PerUnit, unitTotalWire{Unit: u.Unit, Basis: u.Basis, LabelEN: u.LabelEN, LabelZH: u.LabelZH, KgCO2e: cf(u.KgCO2e)})
	}
	for _, s := range r.Stages {
		w.Stages = append(w.Stages, stageTotalWire{Code: s.Code, NameEN: s.NameEN, NameZH: s.NameZH, KgCO2e: cf(s.KgCO2e), SharePct: cf(s.SharePct)})
	}
	for _, c := range r.Lines {
		w.Lines = append(w.Lines, contribToWire(c))
	}
	for _, h := range r.Hotspots {
		w.Hotspots = append(w.Hotspots, h.Path)
	}
	for _, c := range r.Credits {
		w.Credits = append(w.Credits, contribToWire(c))
	}
	for _, x := range r.Exempted {
		w.CutOff.Items = append(w.CutOff.Items, exemptedWire{
			Path: x.Path, Name: x.Name, Stage: x.Stage, Quantity: cf(x.Quantity), Unit: x.Unit, MassKg: cf(x.MassKg),
			Reason: x.Reason, ScreeningFactor: x.ScreeningFactor, ScreeningKgCO2e: cf(x.ScreeningKgCO2e),
		})
	}
	for _, in := range r.Electricity.Instruments {
		w.Electricity.Instruments = append(w.Electricity.Instruments, instrumentUsed{
			Path: in.Path, Kind: string(in.Kind), Serial: in.Serial, MWh: cf(in.MWh), Period: periodToWire(in.Period),
			Technology: in.Technology, Factor: in.Factor, TransmissionFactor: in.TransmissionFactor,
			CoveredKWh: cf(in.CoveredKWh), UnusedMWh: cf(in.UnusedMWh),
		})
	}
	for _, s := range r.Scenarios {
		w.Scenarios = append(w.Scenarios, scenarioWire{
			Name: s.Name, LabelEN: s.LabelEN, LabelZH: s.LabelZH, Unit: s.Unit, KgCO2e: cf(s.KgCO2e),
			LifetimeYears: cf(s.LifetimeYears), DegradationPct: cf(s.DegradationPct), YieldKWhPerKWp: cf(s.YieldKWhPerKWp),
			LifetimeKWh: cf(s.LifetimeKWh), Source: s.Source,
		})
	}
	for _, f := range r.Factors {
		w.Factors = append(w.Factors, factorUseWire{
			Code: f.Code, Set: f.Set, NameEN: f.NameEN, NameZH: f.NameZH, Category: string(f.Category),
			Value: cf(f.Value), Unit: f.Unit, Basis: string(f.Basis), Boundary: string(f.Boundary),
			Geography: f.Geography, Year: f.Year, Source: sourceUsed(f.Source), Grade: f.Grade,
			Status: string(f.Status), UncertaintyPct: cf(f.UncertaintyPct), KgCO2e: cf(f.KgCO2e),
		})
	}
	for _, s := range r.Suppliers {
		w.Suppliers = append(w.Suppliers, supplierUseWire{
			ID: s.ID, Supplier: s.Supplier, Product: s.Product, KgCO2e: cf(s.KgCO2e), Unit: s.Unit,
			IssuedAt: s.IssuedAt, ValidUntil: s.ValidUntil, UncertaintyPct: cf(s.UncertaintyPct), Contribution: cf(s.Contribution),
		})
	}
	for _, wn := range r.Warnings {
		w.Warnings = append(w.Warnings, warningWire(wn))
	}
	return w
}

func (w *resultWire) toDomain() (*Result, error) {
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
			InstrumentKWh: w.Electricity.InstrumentKWh, GridFactors: w.Electricity.GridFactors,
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
	for _, c := range w.Lines {
		r.Lines = append(r.Lines, contribFromWire(c, index))
	}
	for _, p := range w.Hotspots {
		c := index[p]
		if c == nil {
			return nil, FieldErrorf(EINVALID, "hotspots", "hotspot %q is not a line of the result", p)
		}
		r.Hotspots = append(r.Hotspots, c)
	}
	for _, c := range w.Credits {
		r.Credits = append(r.Credits, contribFromWire(c, nil))
	}
	for _, x := range w.CutOff.Items {
		r.Exempted = append(r.Exempted, &ExemptedItem{
			Path: x.Path, Name: x.Name, Stage: x.Stage, Quantity: x.Quantity, Unit: x.Unit, MassKg: x.MassKg,
			Reason: x.Reason, ScreeningFactor: x.ScreeningFactor, ScreeningKgCO2e: x.ScreeningKgCO2e,
		})
	}
	for i, in := range w.Electricity.Instruments {
		p, err := in.Period.toDomain("electricity.instruments[" + strconv.Itoa(i) + "].period")
		if err != nil {
			return nil, err
		}
		r.Electricity.Instruments = append(r.Electricity.Instruments, ClaimedInstrument{
			Path: in.Path, Kind: InstrumentKind(in.Kind), Serial: in.Serial, MWh: in.MWh, Period: p,
			Technology: in.Technology, Factor: in.Factor, TransmissionFactor: in.TransmissionFactor,
			CoveredKWh: in.CoveredKWh, UnusedMWh: in.UnusedMWh,
		})
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
		r.Suppliers = append(r.Suppliers, &SupplierUse{
			ID: s.ID, Supplier: s.Supplier, Product: s.Product, KgCO2e: s.KgCO2e, Unit: s.Unit,
			IssuedAt: s.IssuedAt, ValidUntil: s.ValidUntil, UncertaintyPct: s.UncertaintyPct, Contribution: s.Contribution,
		})
	}
	for _, wn := range w.Warnings {
		r.Warnings = append(r.Warnings, Warning(wn))
	}
	return r, nil
}
