package footprint

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/internal/jsondoc"
	"github.com/chengdu-pcf/pcf/footprint/internal/list"
	"github.com/chengdu-pcf/pcf/footprint/internal/montecarlo"
	"github.com/chengdu-pcf/pcf/footprint/internal/subheading"
	"github.com/chengdu-pcf/pcf/footprint/internal/usestage"
	"github.com/chengdu-pcf/pcf/footprint/jsonerr"
	jsonv2 "github.com/go-json-experiment/json"
)

// Study is a product carbon-footprint study: what a manufacturer submits to
// have a footprint calculated (and later certified). It follows the elements
// ISO 14067:2018 clause 6 / GB/T 24067-2024 ask for (reference/standards.md
// §1.2): a declared unit, a boundary, a reference period, an inventory by
// life-cycle stage, and the accounting rule (product category rule) it
// follows. Every emission factor it names comes from one pinned factor set.
//
// The inventory is per declared unit: every quantity in BOM, Electricity,
// Fuels, Transport, Packaging and EndOfLife is the amount for one
// DeclaredUnit.
//
// The json tags are the study document format (docs/study-format.md,
// studyjson.go), which is this struct field for field: the fields are in
// the document's order, which MarshalStudyJSON keeps byte for byte.
type Study struct {
	// Identity, set by StudyService.CreateStudy.
	ID        string    `json:"id,omitempty"`
	Owner     string    `json:"owner,omitempty"` // account that submitted the study
	CreatedAt time.Time `json:"created_at,omitzero"`

	// Goal and scope.
	Title           string       `json:"title,omitempty"`
	Goal            string       `json:"goal,omitempty"` // intended application and audience (ISO 14067 6.3.1)
	Rule            string       `json:"rule"`           // accounting rule code, e.g. "pv-module" (see FindRule)
	Boundary        Boundary     `json:"boundary"`
	DeclaredUnit    DeclaredUnit `json:"declared_unit"`    // null when zero
	ReferencePeriod Period       `json:"reference_period"` // null when zero
	FactorSet       string       `json:"factor_set"`       // factor-set version every factor must come from, e.g. "2026.1"

	// ReferenceOutput is the number of declared units the site produced in
	// the reference period. It is needed only to spread green-power
	// instruments (MWh for the whole site output) over one declared unit.
	ReferenceOutput float64 `json:"reference_output,omitempty"`

	Product Product `json:"product"`

	// Inventory per declared unit.
	BOM         []*BOMLine         `json:"bom"`
	Assemblies  []*Assembly        `json:"assemblies,omitempty"` // reusable named sub-assemblies, referenced by BOMLine.Assembly
	Electricity []*ElectricityLine `json:"electricity,omitempty"`
	Fuels       []*FuelLine        `json:"fuels,omitempty"`
	Transport   []*TransportLeg    `json:"transport,omitempty"`
	Packaging   []*BOMLine         `json:"packaging,omitempty"`
	EndOfLife   []*EndOfLifeLine   `json:"end_of_life,omitempty"`
	PVScenario  *PVScenario        `json:"pv_scenario,omitempty"` // per-kWh scenario inputs for PV modules, optional

	// Sources cites where the study's data come from; Notes is free text.
	Sources []StudySource `json:"sources,omitempty"`
	Notes   string        `json:"notes,omitempty"`

	// NotApplicable declares stages of the rule that do not apply to this
	// product, each with its reason: a required stage needs a line with a
	// positive quantity or such a declaration, which the result carries so
	// that a certificate can show it.
	NotApplicable []StageNotApplicable `json:"not_applicable,omitempty"`

	// Result is the stored result of the study, filled by StudyService
	// reads; Calculate ignores it.
	Result *Result `json:"-"`

	// Document is the study document as stored (MarshalStudyJSON when the
	// study was created), filled by StudyService, so that a stored study
	// is served as it is rather than encoded again. It is not updated when
	// the study is changed; MarshalStudyJSON and Calculate ignore it.
	Document []byte `json:"-"`
}

// Product describes the product a study is about. Its JSON form is the
// "product" object of the study format (docs/study-format.md), the body of
// POST /v1/products and the product part of the stored record; it is the
// same field for field in all three, so one tagged type serves.
type Product struct {
	Name         string       `json:"name,omitempty"`
	NameZH       string       `json:"name_zh,omitempty"`
	Model        string       `json:"model,omitempty"`
	Manufacturer string       `json:"manufacturer,omitempty"`
	Site         string       `json:"site,omitempty"`        // production site (plant and address)
	SiteRegion   string       `json:"site_region,omitempty"` // ISO 3166-2 code of the site's province (CN-SC): needed by a factor finer than a country
	ProductCodes ProductCodes `json:"product_codes,omitempty"`
	GTIN         string       `json:"gtin,omitempty"`
	MassKg       float64      `json:"mass_kg,omitempty"` // mass of one piece

	// PV modules.
	RatedPowerWp   float64 `json:"rated_power_wp,omitempty"`  // rated power at STC, per piece
	AreaM2         float64 `json:"area_m2,omitempty"`         // module area, per piece
	CellTechnology string  `json:"cell_technology,omitempty"` // e.g. "mono-Si PERC", "TOPCon"

	// Displays.
	ActiveAreaM2 float64 `json:"active_area_m2,omitempty"` // active (viewable) area, per piece

	// Electronics: the use stage.
	Use *UseProfile `json:"use,omitempty"`
}

// StageNotApplicable declares a stage of the rule not applicable to the product, with the reason a certifier
// reads (e.g. "every input is made on this site").
type StageNotApplicable struct {
	Stage  string `json:"stage"` // stage code of the rule
	Reason string `json:"reason"`
}

// DefaultGeography is the place where electricity is used when a study does
// not say: China, where the scheme certifies. A site (or a country of use)
// elsewhere must be named, so that its grid factor can be checked.
const DefaultGeography = "CN"

// UseProfile is the use-stage scenario of an electrical product: annual
// energy × lifetime × the grid life-cycle factor of the country of use
// (reference/standards.md §3.2, TCO / ITU-T L.1410 style).
type UseProfile struct {
	AnnualKWh     float64          `json:"annual_kwh"`
	LifetimeYears float64          `json:"lifetime_years"`
	Country       string           `json:"country,omitempty"` // country of use (ISO 3166-1, not a subdivision), e.g. "CN"; "" = DefaultGeography
	Factor        string           `json:"factor"`            // grid-mix life-cycle factor code covering that country
	Stage         string           `json:"stage,omitempty"`   // stage code; "" = the rule's use stage
	Notes         string           `json:"notes,omitempty"`
	EnergySource  *UseEnergySource `json:"energy_source,omitempty"` // the measurement AnnualKWh is of; nil: an estimate, warned (red team 56b)
}

// UseEnergySource is a measurement of a product's annual energy: Kind one of energy-star-tec, eu-energy-label, test-report.
type UseEnergySource = usestage.EnergySource

// DeclaredUnit is the unit the inventory and the headline result refer to, e.g. 1 piece or 1 kWp.
type DeclaredUnit struct {
	Amount float64 `json:"amount"`
	Unit   Unit    `json:"unit"`
}

// MarshalJSON writes {"amount":1,"unit":"piece"}, or null for the zero
// DeclaredUnit (a study that does not declare one).
func (d DeclaredUnit) MarshalJSON() ([]byte, error) {
	if d == (DeclaredUnit{}) {
		return []byte("null"), nil
	}
	type plain DeclaredUnit // without this method
	return json.Marshal(plain(d))
}

// String returns e.g. "1 piece".
func (d DeclaredUnit) String() string {
	return formatNumber(d.Amount) + " " + d.Unit.Symbol
}

// Period is a span of whole days; Start and End are both included and are
// midnight UTC.
type Period struct {
	Start time.Time
	End   time.Time
}

// IsZero reports whether the period is unset.
func (p Period) IsZero() bool { return p.Start.IsZero() && p.End.IsZero() }

// Overlaps reports whether two periods share at least one day.
func (p Period) Overlaps(q Period) bool {
	return !p.Start.After(q.End) && !q.Start.After(p.End)
}

// String returns "2025-01-01/2025-12-31".
func (p Period) String() string {
	return p.Start.Format(time.DateOnly) + "/" + p.End.Format(time.DateOnly)
}

// MarshalJSON writes {"start":"2025-01-01","end":"2025-12-31"}, a period's
// form in every document, or null for the zero Period.
func (p Period) MarshalJSON() ([]byte, error) {
	if p.IsZero() {
		return []byte("null"), nil
	}
	return appendPeriod(make([]byte, 0, 40), p), nil
}

// UnmarshalJSON reads what MarshalJSON writes; null leaves p as it is. It
// returns EINVALID naming start or end for a date that is not YYYY-MM-DD,
// and naming no field for a period that ends before it starts.
func (p *Period) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var w struct {
		Start string `json:"start"`
		End   string `json:"end"`
	}
	if err := jsonv2.Unmarshal(b, &w, jsondoc.Strict); err != nil {
		if sem, ok := errors.AsType[*jsonv2.SemanticError](err); ok && errors.Is(err, jsonv2.ErrUnknownName) {
			return FieldErrorf(EINVALID, jsonerr.Path(sem.JSONPointer), "unknown field")
		}
		return Errorf(EINVALID, `want {"start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}`)
	}
	start, err := time.Parse(time.DateOnly, w.Start)
	if err != nil {
		return FieldErrorf(EINVALID, "start", "want a date YYYY-MM-DD, got %q", w.Start)
	}
	end, err := time.Parse(time.DateOnly, w.End)
	if err != nil {
		return FieldErrorf(EINVALID, "end", "want a date YYYY-MM-DD, got %q", w.End)
	}
	if end.Before(start) {
		return Errorf(EINVALID, "period ends before it starts")
	}
	*p = Period{Start: start, End: end}
	return nil
}

// BOMLine is one line of a bill of materials (or of packaging): a quantity of
// something, with its scrap rate, life-cycle stage and data quality. It
// references exactly one of: a factor code, a named sub-assembly, inline
// children, a supplier's certified footprint, or an exemption (a cut-off
// item with a reason).
type BOMLine struct {
	Name     string  `json:"name,omitempty"`
	Quantity float64 `json:"quantity"` // net quantity in the finished product, per parent unit
	Unit     Unit    `json:"unit"`
	// ScrapPct is the share of the input lost as production scrap, in
	// percent: the gross input is Quantity / (1 − ScrapPct/100). It is the
	// complement of a manufacturing yield (yield 97.6 % → scrap 2.4 %).
	ScrapPct float64 `json:"scrap_pct,omitempty"`
	// MassKg is the net mass of one unit of a line not in a mass unit (a
	// part in pieces, a sheet in m²), in kg, optional: it weighs the line
	// for the mass balance of the declared unit (checkMassCoverage).
	MassKg  float64      `json:"mass_kg,omitempty"`
	Stage   string       `json:"stage,omitempty"`   // stage code of the rule; "" = the parent's, or the rule's default
	Primary bool         `json:"primary,omitempty"` // site-specific (primary) data rather than secondary data
	Quality *DataQuality `json:"dq,omitempty"`

	// What the line is: exactly one of these.
	Factor   string     `json:"factor,omitempty"`   // emission factor code
	Assembly string     `json:"assembly,omitempty"` // ID of a named sub-assembly in Study.Assemblies
	Children []*BOMLine `json:"children,omitempty"` // inline sub-assembly, quantities per one Unit of this line
	Supplier string     `json:"supplier,omitempty"` // ID of a supplier's certified footprint
	Exempt   *Exemption `json:"exempt,omitempty"`   // cut-off item: excluded from the total, listed apart

	Notes string `json:"notes,omitempty"`
}

// Exemption marks a BOM line as cut off: it is not counted in the total but
// listed, with its reason, among the exempted items. A screening factor, if
// given, estimates what the line would have added so that the exempted share
// can be stated in emissions (ISO 14067 6.3.4: the effect of exclusions is
// assessed).
type Exemption struct {
	Reason          string `json:"reason"`
	ScreeningFactor string `json:"screening_factor,omitempty"` // factor code used for the estimate only, optional
}

// Assembly is a named, reusable sub-assembly. BOM lines reference it by ID;
// its lines are per Amount × Unit of the assembly (usually 1 piece).
type Assembly struct {
	ID     string     `json:"id"`
	Name   string     `json:"name,omitempty"`
	Amount float64    `json:"amount,omitempty"` // 0 in a document: 1
	Unit   Unit       `json:"unit"`
	Lines  []*BOMLine `json:"lines"`
}

// ElectricityLine is electricity used per declared unit, by default from the
// grid at a life-cycle factor. Green-power instruments (绿证 green
// certificates, 绿电 green power trading) claimed for the line cover part of
// it; the remainder uses the grid factor.
type ElectricityLine struct {
	Name        string             `json:"name,omitempty"`
	Quantity    float64            `json:"quantity"`
	Unit        Unit               `json:"unit"`
	Stage       string             `json:"stage,omitempty"`
	Factor      string             `json:"factor"` // grid-mix life-cycle (CO2e) factor for the part not covered by instruments
	Primary     bool               `json:"primary,omitempty"`
	Quality     *DataQuality       `json:"dq,omitempty"`
	Instruments []*GreenInstrument `json:"instruments,omitempty"`
	Notes       string             `json:"notes,omitempty"`
	// Geography is where the electricity is used: an ISO 3166 country or
	// subdivision code ("CN", "CN-SC") or a grid region of the factor set;
	// "" = DefaultGeography. The grid factor, and the generation and T&D
	// factors of its instruments, must cover it (site.Covers).
	Geography string `json:"geography,omitempty"`
}

// FuelLine is a fuel burnt per declared unit, with its combustion factor and
// the factor of its upstream supply chain.
type FuelLine struct {
	Name             string       `json:"name,omitempty"`
	Quantity         float64      `json:"quantity"`
	Unit             Unit         `json:"unit"`
	Stage            string       `json:"stage,omitempty"`
	CombustionFactor string       `json:"combustion_factor"`
	UpstreamFactor   string       `json:"upstream_factor,omitempty"` // optional; a warning says when it is missing
	Primary          bool         `json:"primary,omitempty"`
	Quality          *DataQuality `json:"dq,omitempty"`
	Notes            string       `json:"notes,omitempty"`
}

// Transport modes. Air transport is reported separately (ISO 14067 7.2).
const (
	ModeRoad           = "road"
	ModeRail           = "rail"
	ModeSea            = "sea"
	ModeInlandWaterway = "inland-waterway"
	ModeAir            = "air"
)

// TransportModes lists the accepted transport modes.
var TransportModes = []string{ModeRoad, ModeRail, ModeSea, ModeInlandWaterway, ModeAir}

// TransportLeg is one transport leg per declared unit: mass × distance gives
// the transport work in t·km, times the mode's factor.
type TransportLeg struct {
	Name     string       `json:"name,omitempty"`
	Mass     Quantity     `json:"mass"` // mass carried per declared unit
	Distance Quantity     `json:"distance"`
	Mode     string       `json:"mode"`
	Factor   string       `json:"factor"`
	Stage    string       `json:"stage,omitempty"`
	Primary  bool         `json:"primary,omitempty"`
	Quality  *DataQuality `json:"dq,omitempty"`
	Notes    string       `json:"notes,omitempty"`
}

// End-of-life treatments.
const (
	TreatmentLandfill     = "landfill"
	TreatmentIncineration = "incineration"
	TreatmentRecycling    = "recycling"
)

// Treatments lists the accepted end-of-life treatments.
var Treatments = []string{TreatmentLandfill, TreatmentIncineration, TreatmentRecycling}

// EndOfLifeLine is a waste flow per declared unit and its treatment. A
// negative result (a recycling credit, e.g. EOL-CREDIT-AL-DESNZ) is reported
// among the credits and never netted into the headline total.
type EndOfLifeLine struct {
	Name      string       `json:"name,omitempty"`
	Quantity  float64      `json:"quantity"`
	Unit      Unit         `json:"unit"`
	Treatment string       `json:"treatment"`
	Factor    string       `json:"factor"`
	Stage     string       `json:"stage,omitempty"`
	Primary   bool         `json:"primary,omitempty"`
	Quality   *DataQuality `json:"dq,omitempty"`
	Notes     string       `json:"notes,omitempty"`
}

// PVScenario holds the inputs of the per-kWh scenario of a PV module
// (reference/standards.md §3.1: per kWh only as a labelled scenario with
// lifetime, degradation and yield). Degradation is linear: year y (0-based)
// yields (1 − y·DegradationPctPerYear/100) of the first year.
type PVScenario struct {
	LifetimeYears          float64 `json:"lifetime_years"`
	DegradationPctPerYear  float64 `json:"degradation_pct_per_year"`
	SpecificYieldKWhPerKWp float64 `json:"specific_yield_kwh_per_kwp"` // first-year yield per kWp
	Source                 string  `json:"source,omitempty"`           // where the scenario values come from
}

// StudySource cites a source of a study's data.
type StudySource struct {
	Title     string `json:"title"`
	Publisher string `json:"publisher,omitempty"`
	Date      string `json:"date,omitempty"`
	Locator   string `json:"locator,omitempty"`  // URL, table, repository path
	UsedFor   string `json:"used_for,omitempty"` // which inputs it supports
}

// SupplierFootprint is a supplier's certified footprint of an upstream
// product, used as primary data in a BOM line (the supply-chain tracing of
// the Chengdu plan).
type SupplierFootprint struct {
	ID             string // certificate ID (or number) the BOM line references
	Supplier       string
	Product        string
	ProductCodes   []ProductCode // of Product (a certificate's, PACT's classifications); nil = unknown
	DeclaredUnit   Unit          // the supplier's declared unit, e.g. piece or kg
	KgCO2e         float64       // per one DeclaredUnit
	MassKg         float64       // mass of one DeclaredUnit of the product, if the supplier states it (PACT productMassPerDeclaredUnit); 0 = unknown
	Boundary       Boundary
	FactorSet      string // factor set the supplier's result was computed with, if known
	IssuedAt       time.Time
	ValidUntil     time.Time // zero = IssuedAt + the rule's certificate validity
	Period         Period    // the supplier's own reference period; zero = unknown
	Quality        DataQuality
	UncertaintyPct float64 // relative 95 % half-width; 0 = the supplier default of the Monte Carlo table
	Source         string
	// PrimarySharePct is the share of primary data, 0 to 100, a PACT footprint states (primaryDataShare);
	// nil = not stated. The engine counts a PACT line as primary data by it, and a certificate's as all primary.
	PrimarySharePct          *float64
	DQRUnrated, DQRSelfRated float64 // shares, 0 to 1: of the figure its DQR does not rate (1 − a certificate's dqr_coverage_pct/100; red team 51), of its DQR resting on its own study's scores (dqr_self_rated_pct/100; reviewer 51)
}

// ComparisonCodes returns the product codes whose factors of the study's set Calculate compares the study's result
// and its supplier footprints with (beside the study's own factors): the product's own codes and its rule's subheadings
// (subheading.Codes), the suppliers' codes and, when there is a supplier, the codes of the rule's required parts. The service and a verifier's recomputation
// pass the set's factors of them (ComparedWith), so that both calculate with the same factors.
func ComparisonCodes(s *Study, suppliers map[string]*SupplierFootprint) []ProductCode {
	codes := slices.Clone(s.Product.ProductCodes)
	for _, id := range slices.Sorted(maps.Keys(suppliers)) {
		codes = append(codes, suppliers[id].ProductCodes...)
	}
	if r, err := ruleByCode(s.Rule); err == nil {
		codes = append(codes, subheading.Codes(r.ProductCodes, s.Product.ProductCodes, ParseProductCode)...)
		for _, p := range r.RequiredParts {
			for _, c := range p.ProductCodes {
				if pc, err := ParseProductCode(c); err == nil && len(suppliers) > 0 {
					codes = append(codes, pc)
				}
			}
		}
	}
	return codes
}

// ComparedWith reports whether factor f is of one of codes as the set's product index finds it: the digits of one of
// its product codes start with those of a code, or are a prefix of them (whatever the scheme).
func ComparedWith(f *Factor, codes []ProductCode) bool {
	return slices.ContainsFunc(f.ProductCodes, func(fc ProductCode) bool {
		return slices.ContainsFunc(codes, func(c ProductCode) bool {
			return strings.HasPrefix(fc.Code, c.Code) || strings.HasPrefix(c.Code, fc.Code)
		})
	})
}

// MaxSuppliers is the most supplier footprints a study references: as many as a certificate lists.
const MaxSuppliers = 50

// ExpiredAt reports whether the footprint may no longer be used at t: it is
// valid until ValidUntil, exclusive (PACT's validityPeriodEnd).
func (f *SupplierFootprint) ExpiredAt(t time.Time) bool { return !t.Before(f.ValidUntil) }

// FactorCodes returns every factor code the study names, sorted and without
// duplicates, so that the service layer can read the whole snapshot in one
// transaction (FactorService.FindFactorsByCodes).
func (s *Study) FactorCodes() []string {
	var codes []string
	add := func(cs ...string) { codes = append(codes, cs...) }
	s.eachBOMLine(func(l *BOMLine) {
		add(l.Factor)
		if l.Exempt != nil {
			add(l.Exempt.ScreeningFactor)
		}
	})
	for _, e := range s.Electricity {
		if e == nil {
			continue
		}
		add(e.Factor)
		for _, in := range e.Instruments {
			if in != nil {
				add(in.Factor, in.TransmissionFactor)
			}
		}
	}
	for _, f := range s.Fuels {
		if f != nil {
			add(f.CombustionFactor, f.UpstreamFactor)
		}
	}
	for _, t := range s.Transport {
		if t != nil {
			add(t.Factor)
		}
	}
	for _, e := range s.EndOfLife {
		if e != nil {
			add(e.Factor)
		}
	}
	if s.Product.Use != nil {
		add(s.Product.Use.Factor)
	}
	return list.Set(codes)
}

// SupplierIDs returns the IDs of every supplier footprint the study
// references, sorted and without duplicates.
func (s *Study) SupplierIDs() []string {
	var ids []string
	s.eachBOMLine(func(l *BOMLine) {
		if l.Supplier != "" { // most lines name none: no slice for them
			ids = append(ids, l.Supplier)
		}
	})
	return list.Set(ids)
}

// eachBOMLine calls fn on every line of the bill of materials, the
// packaging and the assemblies, parents before their children, skipping nil
// lines and assemblies.
func (s *Study) eachBOMLine(fn func(l *BOMLine)) {
	var walk func(lines []*BOMLine)
	walk = func(lines []*BOMLine) {
		for _, l := range lines {
			if l != nil {
				fn(l)
				walk(l.Children)
			}
		}
	}
	walk(s.BOM)
	walk(s.Packaging)
	for _, a := range s.Assemblies {
		if a != nil {
			walk(a.Lines)
		}
	}
}

// PACTSupplierPrefix starts a BOM line's reference to a supplier's PACT
// footprint (footprint/pact) rather than to a supplier certificate.
const PACTSupplierPrefix = "pact:"

// SupplierCertificateRefs returns the references of SupplierIDs that name
// supplier certificates, leaving out PACT footprints ("pact:<id>"): those
// are stored documents with no status and no certificate number.
func (s *Study) SupplierCertificateRefs() []string {
	return slices.DeleteFunc(s.SupplierIDs(), func(ref string) bool { return strings.HasPrefix(ref, PACTSupplierPrefix) })
}

// SupplierPACTRefs returns the references of SupplierIDs that name a
// supplier's PACT footprint ("pact:<id>"), sorted.
func (s *Study) SupplierPACTRefs() []string {
	return slices.DeleteFunc(s.SupplierIDs(), func(ref string) bool { return !strings.HasPrefix(ref, PACTSupplierPrefix) })
}

// StudyFilter selects studies. Nil fields do not filter. Results are ordered
// by creation time, then ID.
type StudyFilter struct {
	Owner            *string
	Rule             *string
	ProductCode      *string // [SCHEME:]digits, a ProductCodeQuery: a prefix of any product code ("8541" finds HS:854143)
	ProductCodeExact bool    // match ProductCode exactly instead of as a prefix
	FactorSet        *string

	Offset int
	Limit  int // 0 = DefaultLimit; capped at MaxLimit
}

// StudyService stores studies with their results.
//
// Issued results never change (PRODUCT.md principle 2): a stored study is
// never recalculated against another factor set; a corrected study is a new
// study.
type StudyService interface {
	// CreateStudy validates the study, reads the factors it names from its pinned set
	// (Study.FactorCodes) and the supplier footprints it references (Study.SupplierIDs), calculates
	// it with Calculate, claims its green-power instruments (Study.GreenClaims, rule of
	// GreenClaim.Conflicts) and stores the study with its result, all in one transaction: on any
	// error nothing is written. It sets s.ID (a new random UUID), s.CreatedAt, s.Result and
	// s.Document and returns the result, canonicalized (Result.Canonicalize) as stored.
	//
	// Returns EINVALID for a study Calculate refuses (bad input, unmet rule,
	// an unknown factor code, named with its line), ENOTFOUND if the pinned
	// factor set or a supplier footprint does not exist (naming it), and
	// ECONFLICT if a green-power instrument serial is already claimed by
	// another study for an overlapping period (naming the serial, not the
	// study that holds it: it may be another organisation's).
	CreateStudy(ctx context.Context, s *Study) (*Result, error)

	// CalculateStudy is CreateStudy without storing or claiming anything:
	// the same reads and Calculate, for a preview. It returns the same
	// errors but ECONFLICT.
	CalculateStudy(ctx context.Context, s *Study) (*Result, error)

	// FindStudyByID returns a study with its stored Result and Document;
	// the result keeps its stored bytes (ParseCanonicalResult). Returns
	// ENOTFOUND if no study has that ID.
	FindStudyByID(ctx context.Context, id string) (*Study, error)

	// FindStudies returns the studies matching the filter as a list shows
	// them (no inventory, Document or Result: FindStudyByID has them) and
	// the total number matching, ignoring Offset and Limit. Returns
	// EINVALID for a negative offset or limit.
	FindStudies(ctx context.Context, filter StudyFilter) ([]*Study, int, error)
}

// SupplierFootprintService finds the certified supplier footprints studies
// reference (implemented by the certificate store).
type SupplierFootprintService interface {
	// FindSupplierFootprints returns the footprints with those IDs as a map
	// by ID. Returns ENOTFOUND naming the first missing ID.
	FindSupplierFootprints(ctx context.Context, ids []string) (map[string]*SupplierFootprint, error)
}

// formatNumber formats x in its shortest exact form ("1", "0.5").
func formatNumber(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// The percentiles of the Monte Carlo range a result gives and a
// certificate states, in percent.
const (
	UncertaintyLowPercentile  = montecarlo.PercentileLow * 100
	UncertaintyHighPercentile = montecarlo.PercentileHigh * 100
)
