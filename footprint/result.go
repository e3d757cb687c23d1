package footprint

import "github.com/chengdu-pcf/pcf/footprint/internal/rating"

// EngineVersion identifies the calculation method. It is part of every
// result, so a result records which engine produced it; it changes whenever
// the same inputs could give a different result.
const EngineVersion = "footprint/9"

// Result is the footprint of a study: the total per declared unit, its
// breakdown by stage and by line, and everything needed to trace each
// kilogram to the factor (code, set version, source) that produced it.
// Calculate returns the same Result, and CanonicalJSON the same bytes, for
// the same study and factor set.
type Result struct {
	// What was calculated.
	EngineVersion   string
	Rule            string
	RuleVersion     string
	Boundary        Boundary
	DeclaredUnit    DeclaredUnit
	ReferencePeriod Period
	FactorSet       string
	ProductName     string
	ProductModel    string

	// Headline: kgCO2e per declared unit. Recycling credits are never
	// netted into it (Credits); neither are exempted items (Exempted).
	KgCO2e  float64
	PerUnit []UnitTotal
	Stages  []StageTotal

	// NotApplicable lists the stages the study declared not applicable,
	// with their reasons, in the rule's stage order: a certificate shows
	// them next to the stage totals.
	NotApplicable []NotApplicableStage

	// Lines is the contribution tree: one root per study line, in study
	// order (bom, packaging, electricity, fuels, transport, use, end of
	// life). Hotspots are the largest leaves.
	Lines    []*Contribution
	Hotspots []*Contribution

	// Assemblies lists the named sub-assemblies that several lines use
	// (a BOM that is a graph, not a tree), each computed once: a line
	// that uses one is a contribution with its Assembly and no children,
	// and its breakdown is here, once, with its uses. Parents come before
	// the sub-assemblies they use. Empty for a tree: a sub-assembly used
	// once is expanded in place.
	Assemblies []*AssemblyBreakdown

	// Separately reported parts (ISO 14067 7.2). The factors carry no
	// fossil/biogenic split: FossilKgCO2e is the total and BiogenicKgCO2e 0,
	// with BiogenicSplitKnown false saying so.
	FossilKgCO2e       float64
	BiogenicKgCO2e     float64
	BiogenicSplitKnown bool
	AircraftKgCO2e     float64 // part of the total from air transport
	PackagingKgCO2e    float64 // part of the total from packaging
	PackagingIncluded  bool

	// Recycling credits, reported apart and never netted (≤ 0).
	Credits       []*Contribution
	CreditsKgCO2e float64

	// Cut-off.
	Exempted        []*ExemptedItem
	ExemptedMassKg  float64
	ExemptedMassPct float64 // of product mass (or of BOM mass when the product mass is unknown)
	ExemptedKgCO2e  float64 // screening estimate of the exempted items
	ExemptedPct     float64 // ExemptedKgCO2e / (KgCO2e + ExemptedKgCO2e), when every item was screened
	ExemptedBasis   string  // "emissions", "mass", or "" when nothing is exempted
	CutOffLimitPct  float64

	// Data quality.
	PrimaryDataSharePct float64
	DQR                 float64 // contribution-weighted PEF DQR, 1 (best) to 5; 0 if nothing is rated
	DQRLevel            string  // excellent, very good, good, fair, poor
	DQRCoveragePct      float64 // share of the total with a rating
	DQRSelfRatedPct     float64 // share of the DQR's weight rated by the study's own dq scores, not its factors' or suppliers' (session 51)

	Uncertainty Uncertainty
	Electricity ElectricitySummary
	Scenarios   []Scenario

	// Traceability.
	Factors   []*FactorUse
	Suppliers []*SupplierUse
	Warnings  []Warning

	// canonical is the result's canonical encoding once it is fixed
	// (Canonicalize, ParseCanonicalResult); nil until then.
	canonical []byte
}

// UnitTotal is the headline total in one reporting unit.
type UnitTotal struct {
	Unit    string  `json:"unit"`
	Basis   string  `json:"basis"`
	LabelEN string  `json:"label_en"`
	LabelZH string  `json:"label_zh"`
	KgCO2e  float64 `json:"kgco2e"`
}

// StageTotal is the total of one life-cycle stage.
type StageTotal struct {
	Code     string  `json:"code"`
	NameEN   string  `json:"name_en"`
	NameZH   string  `json:"name_zh"`
	KgCO2e   float64 `json:"kgco2e"`
	SharePct float64 `json:"share_pct"`
}

// NotApplicableStage is a stage a study declared not applicable.
type NotApplicableStage struct {
	Code   string `json:"code"`
	NameEN string `json:"name_en"`
	NameZH string `json:"name_zh"`
	Reason string `json:"reason"`
}

// Contribution kinds.
const (
	ContribMaterial    = "material"
	ContribAssembly    = "assembly"
	ContribSupplier    = "supplier"
	ContribElectricity = "electricity"
	ContribGrid        = "grid"
	ContribInstrument  = "green-power"
	ContribFuel        = "fuel"
	ContribCombustion  = "combustion"
	ContribUpstream    = "upstream"
	ContribTransport   = "transport"
	ContribPackaging   = "packaging"
	ContribUse         = "use"
	ContribEndOfLife   = "end-of-life"
)

// Contribution is one node of the contribution tree: a study line (or a
// part of one) and the kgCO2e per declared unit it contributes. A leaf
// names the factor or supplier footprint behind it; an inner node is the sum
// of its children.
type Contribution struct {
	Path     string  `json:"path"` // where the line is in the study, e.g. "bom[3].children[1]"
	Name     string  `json:"name"`
	Kind     string  `json:"kind"`
	Stage    string  `json:"stage"`
	Quantity float64 `json:"quantity"` // per declared unit, including scrap and parent quantities
	Unit     string  `json:"unit"`

	FactorCode  string  `json:"factor_code,omitempty"`
	FactorSet   string  `json:"factor_set,omitempty"`
	FactorValue float64 `json:"factor_value,omitempty"`
	FactorUnit  string  `json:"factor_unit,omitempty"`
	Supplier    string  `json:"supplier,omitempty"` // supplier footprint ID
	Assembly    string  `json:"assembly,omitempty"` // named sub-assembly ID, for a line that references one

	KgCO2e   float64 `json:"kgco2e"`
	SharePct float64 `json:"share_pct"` // of the headline total
	Primary  bool    `json:"primary"`
	DQR      float64 `json:"dqr"` // PEF DQR of the line (its own scores, else its factor's), 0 = unrated

	dq rating.Line // share of KgCO2e the DQR does not rate (a supplier's DQR rates the part of its figure it covers, red team 51), and whether it is the line's own scores

	Children []*Contribution `json:"children,omitempty"`
}

// AssemblyBreakdown is a named sub-assembly used by several lines,
// computed once for the stage and kind of line (bom or packaging) its lines
// inherit. Its Lines are per Amount Unit of the assembly, with their paths
// in the study (assemblies[i].lines[j]); their SharePct is the share of the
// headline total they give over every use. A line that uses another shared
// sub-assembly is a contribution with that Assembly and no children.
type AssemblyBreakdown struct {
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	Kind        string          `json:"kind"`  // "bom" or "packaging"
	Stage       string          `json:"stage"` // the stage its lines inherit
	Amount      float64         `json:"amount"`
	Unit        string          `json:"unit"`
	KgCO2e      float64         `json:"kgco2e"`       // per Amount Unit
	Multiplier  float64         `json:"multiplier"`   // Amount Units per declared unit, over every use
	TotalKgCO2e float64         `json:"total_kgco2e"` // Multiplier × KgCO2e: its part of the headline total
	Uses        []AssemblyUse   `json:"uses"`
	Lines       []*Contribution `json:"lines"`
}

// AssemblyUse is a line that uses a shared sub-assembly.
type AssemblyUse struct {
	Path       string  `json:"path"`       // the line, in Result.Lines or in another assembly's Lines
	Multiplier float64 `json:"multiplier"` // Amount Units of the assembly per unit of the line's parent (per declared unit in Result.Lines)
	KgCO2e     float64 `json:"kgco2e"`     // Multiplier × the assembly's KgCO2e, as the line shows it
}

// ExemptedItem is a cut-off BOM line.
type ExemptedItem struct {
	Path            string  `json:"path"`
	Name            string  `json:"name"`
	Stage           string  `json:"stage"`
	Quantity        float64 `json:"quantity"`
	Unit            string  `json:"unit"`
	MassKg          float64 `json:"mass_kg"` // 0 when the quantity is not a mass
	Reason          string  `json:"reason"`
	ScreeningFactor string  `json:"screening_factor,omitempty"`
	ScreeningKgCO2e float64 `json:"screening_kgco2e"` // estimate, never part of the total
}

// Uncertainty is the result of the Monte Carlo analysis (montecarlo.go).
type Uncertainty struct {
	Method       string  `json:"method"` // "monte-carlo-lognormal"
	Runs         int     `json:"runs"`
	Seed         string  `json:"seed"`       // hex, the root seed: of the engine version alone (each source's order from it and its key)
	LowKgCO2e    float64 `json:"low_kgco2e"` // 2.5th percentile
	MedianKgCO2e float64 `json:"median_kgco2e"`
	HighKgCO2e   float64 `json:"high_kgco2e"` // 97.5th percentile
	MeanKgCO2e   float64 `json:"mean_kgco2e"`
}

// Electricity approaches.
const (
	ElectricityGrid       = "grid"        // grid life-cycle factors only
	ElectricityGreenPower = "green-power" // all electricity covered by instruments
	ElectricityMixed      = "mixed"       // partly covered by instruments
	ElectricityNone       = "none"        // no electricity lines
)

// ElectricityApproaches lists every electricity approach.
var ElectricityApproaches = []string{ElectricityGrid, ElectricityGreenPower, ElectricityMixed, ElectricityNone}

// ElectricitySummary states how electricity was accounted for, as a
// certificate must (reference/standards.md §7.2).
type ElectricitySummary struct {
	Approach      string              `json:"approach"`
	KWh           float64             `json:"kwh"` // per declared unit
	GridKWh       float64             `json:"grid_kwh"`
	InstrumentKWh float64             `json:"instrument_kwh"`
	GridFactors   []string            `json:"grid_factors"`
	Instruments   []ClaimedInstrument `json:"instruments"`
}

// ClaimedInstrument is a green-power instrument as used in a result.
type ClaimedInstrument struct {
	Path               string         `json:"path"`
	Kind               InstrumentKind `json:"kind"`
	Serial             string         `json:"serial"`
	SerialLast         string         `json:"serial_last,omitempty"` // last serial of a batch of green certificates, if named
	MWh                float64        `json:"mwh"`
	Period             Period         `json:"period"`
	Technology         string         `json:"technology"`
	Factor             string         `json:"factor"`
	TransmissionFactor string         `json:"transmission_factor"`
	Delivery           string         `json:"delivery,omitempty"` // "" (grid), DeliveryOnSite or DeliveryDirectLine
	CoveredKWh         float64        `json:"covered_kwh"`        // per declared unit
	UnusedMWh          float64        `json:"unused_mwh"`         // claimed but beyond the line's electricity
}

// Scenario is a labelled alternative figure that is not the headline result,
// such as the per-kWh footprint of a PV module.
type Scenario struct {
	Name           string  `json:"name"`
	LabelEN        string  `json:"label_en"`
	LabelZH        string  `json:"label_zh"`
	Unit           string  `json:"unit"`
	KgCO2e         float64 `json:"kgco2e"` // per Unit
	LifetimeYears  float64 `json:"lifetime_years"`
	DegradationPct float64 `json:"degradation_pct_per_year"`
	YieldKWhPerKWp float64 `json:"specific_yield_kwh_per_kwp"`
	LifetimeKWh    float64 `json:"lifetime_kwh"` // energy per piece over the lifetime
	Source         string  `json:"source"`
}

// FactorUse is a factor the result used, with its provenance, and the
// kgCO2e per declared unit attributed to it in the headline total.
type FactorUse struct {
	Code           string   `json:"code"`
	Set            string   `json:"set"`
	NameEN         string   `json:"name_en"`
	NameZH         string   `json:"name_zh"`
	Category       Category `json:"category"`
	Value          float64  `json:"value"`
	Unit           string   `json:"unit"`
	Basis          GHGBasis `json:"basis"`
	Boundary       Boundary `json:"boundary"`
	Geography      string   `json:"geography"`
	Year           int      `json:"year"`
	Source         Source   `json:"source"`
	Grade          string   `json:"grade"`
	Status         Status   `json:"status"`
	UncertaintyPct float64  `json:"uncertainty_pct"` // as used by the Monte Carlo analysis
	KgCO2e         float64  `json:"kgco2e"`
}

// SupplierUse is a supplier footprint the result used.
type SupplierUse struct {
	ID             string  `json:"id"`
	Supplier       string  `json:"supplier"`
	Product        string  `json:"product"`
	KgCO2e         float64 `json:"kgco2e"` // per the supplier's declared unit
	Unit           string  `json:"unit"`
	IssuedAt       string  `json:"issued_at"`
	ValidUntil     string  `json:"valid_until"`
	UncertaintyPct float64 `json:"uncertainty_pct"`
	Contribution   float64 `json:"contribution_kgco2e"` // kgCO2e per declared unit in the total

	// A supplier's PACT footprint (ID "pact:<id>", issue 11 "In"): the
	// specVersion of the document the calculation read ("2.3.0", "3.0.0")
	// and its version (PACT v2 only: v3 has none, nil). Both are empty for
	// a supplier certificate and in a result calculated before they were
	// recorded, and then absent from its JSON, so that such a result's
	// bytes (and the digests signed over them) stay as they were.
	PACTSpecVersion string `json:"pact_spec_version,omitempty"`
	PACTVersion     *int   `json:"pact_version,omitempty"`
}

// Warning is a remark about the input that did not stop the calculation,
// such as a superseded factor.
type Warning struct {
	Path      string `json:"path"`
	Message   string `json:"message"`              // English (two warnings: Chinese, then English)
	MessageZH string `json:"message_zh,omitempty"` // Chinese; none in a result calculated before warnings had it
}

// DQRLevel returns the PEF quality level of a DQR (Commission Recommendation
// (EU) 2021/2279, reference/standards.md §5.1).
func DQRLevel(dqr float64) string { return rating.Level(dqr) }
