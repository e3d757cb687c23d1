package footprint

import (
	"context"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/internal/list"
)

// Category groups factors by what they describe.
type Category string

// Factor categories.
const (
	CategoryElectricity Category = "electricity"
	CategoryFuel        Category = "fuel"
	CategoryMaterial    Category = "material"
	CategoryComponent   Category = "component"
	CategoryProduct     Category = "product" // a whole product (e.g. a PV module per kWp), usable as a BOM line
	CategoryTransport   Category = "transport"
	CategoryPackaging   Category = "packaging"
	CategoryEndOfLife   Category = "end_of_life"
	CategoryThreshold   Category = "threshold" // a regulatory limit, not an emission factor; never used in a calculation
)

// Categories lists every valid category in display order.
var Categories = []Category{
	CategoryElectricity, CategoryFuel, CategoryMaterial, CategoryComponent, CategoryProduct,
	CategoryTransport, CategoryPackaging, CategoryEndOfLife, CategoryThreshold,
}

// Boundary is the life-cycle boundary a factor or study covers.
type Boundary string

// Boundaries.
const (
	BoundaryCradleToGate  Boundary = "cradle-to-gate"
	BoundaryCradleToGrave Boundary = "cradle-to-grave"
	BoundaryGateToGate    Boundary = "gate-to-gate"
	BoundaryGateToGrave   Boundary = "gate-to-grave" // CPCD 大门到坟墓: from the factory gate to disposal
	BoundaryCombustion    Boundary = "combustion"    // direct (tank-to-wheel, stack) emissions only
	BoundaryLifeCycle     Boundary = "life-cycle"    // electricity carbon-footprint factors: fuel supply, generation, T&D
	BoundaryEndOfLife     Boundary = "end-of-life"   // waste treatment processes
	BoundaryUnspecified   Boundary = "unspecified"
)

// Boundaries lists every valid boundary.
var Boundaries = []Boundary{
	BoundaryCradleToGate, BoundaryCradleToGrave, BoundaryGateToGate, BoundaryCombustion,
	BoundaryLifeCycle, BoundaryEndOfLife, BoundaryUnspecified, BoundaryGateToGrave,
}

// ElectricityRole says what an electricity factor describes, and so which
// slot of a study may use it (docs/integrity.md). PRODUCT.md principle 4 and
// reference/factors.md §1 separate the life-cycle CO2e family meant for
// product footprints (a grid consumption mix, one generation technology at
// the busbar, transmission and distribution) from MEE's CO2-only grid
// factors for organisational accounting; a slot that takes any CO2e
// electricity factor lets a hydro generation factor pass as the grid and cut
// a line by 97 % (issue 9).
//
// Only electricity factors have a role. An electricity factor with no role
// ("") was stored before roles existed: it is refused in every slot until a
// curator (or, for the seed set, seed.Load) classifies it.
type ElectricityRole string

// Electricity roles. A generation role is ElectricityRoleGeneration followed
// by a technology of GenerationTechnologies, e.g. "generation:pv".
const (
	// ElectricityRoleGridMix is the life-cycle CO2e factor of the electricity
	// consumed from a grid: the consumption mix including fuel supply,
	// generation and transmission and distribution (电力平均碳足迹因子, e.g.
	// ELEC-CN-NAT-CF-2024). The grid slot of an electricity line and the use
	// stage take only this role.
	ElectricityRoleGridMix ElectricityRole = "grid-mix"

	// ElectricityRoleGeneration prefixes the role of the life-cycle CO2e
	// factor of one generation technology at the power-plant busbar (主要发电
	// 类型电力碳足迹因子, e.g. ELEC-CN-GEN-PV-CF-2024), without transmission and
	// distribution. It enters a study only through a green-power instrument.
	ElectricityRoleGeneration ElectricityRole = "generation:"

	// ElectricityRoleTD is a transmission-and-distribution life-cycle factor
	// including line losses (输配电碳足迹因子(含线损)): what grid-delivered
	// green power adds to its busbar generation factor. Instruments take it
	// as their transmission factor.
	ElectricityRoleTD ElectricityRole = "td"

	// ElectricityRoleTDExclLosses is a T&D factor without line losses
	// (输配电碳足迹因子(不含线损)). The engine applies a generation factor to the
	// delivered kWh without grossing it up for losses, so no slot takes it:
	// it would drop the losses (GB/T 24067 counts generation including T&D
	// losses, reference/standards.md §1).
	ElectricityRoleTDExclLosses ElectricityRole = "td-excl-losses"

	// ElectricityRoleGridCO2 is one of MEE's CO2-only electricity factors
	// (average, residual mix or fossil; national, regional or provincial):
	// for organisational (Scope 2) accounting, never in a product footprint.
	ElectricityRoleGridCO2 ElectricityRole = "grid-co2"

	// ElectricityRoleNone is an electricity factor no slot takes.
	ElectricityRoleNone ElectricityRole = "none"
)

// GenerationTechnologies lists the generation technologies a generation role
// may name: those of the national 2024 electricity carbon-footprint factors
// (reference/factors.md §1).
var GenerationTechnologies = []string{"coal", "gas", "hydro", "nuclear", "wind", "pv", "csp", "biomass"}

// RenewableTechnologies lists the technologies a green-power instrument (绿证,
// 绿电) may be for: renewable generation. Coal, gas and nuclear power carry
// no green certificate.
var RenewableTechnologies = []string{"hydro", "wind", "pv", "csp", "biomass"}

// GenerationRole returns the generation role of a technology, e.g.
// "generation:pv".
func GenerationRole(technology string) ElectricityRole {
	return ElectricityRoleGeneration + ElectricityRole(technology)
}

// Technology returns the technology of a generation role, "" for any other.
func (r ElectricityRole) Technology() string {
	tech, ok := strings.CutPrefix(string(r), string(ElectricityRoleGeneration))
	if !ok {
		return ""
	}
	return tech
}

// IsGeneration reports whether r is a generation role.
func (r ElectricityRole) IsGeneration() bool {
	return strings.HasPrefix(string(r), string(ElectricityRoleGeneration))
}

// ElectricityRoles lists the roles other than generation, in display order.
var ElectricityRoles = []ElectricityRole{
	ElectricityRoleGridMix, ElectricityRoleTD, ElectricityRoleTDExclLosses, ElectricityRoleGridCO2, ElectricityRoleNone,
}

// Valid reports whether r is a known role ("" is not).
func (r ElectricityRole) Valid() bool {
	if r.IsGeneration() {
		return slices.Contains(GenerationTechnologies, r.Technology())
	}
	return slices.Contains(ElectricityRoles, r)
}

// lifeCycle reports whether the role is one of the life-cycle CO2e family.
func (r ElectricityRole) lifeCycle() bool {
	return r == ElectricityRoleGridMix || r == ElectricityRoleTD || r == ElectricityRoleTDExclLosses || r.IsGeneration()
}

// Status is the life-cycle status of a factor within a factor set.
type Status string

// Factor statuses.
const (
	StatusActive     Status = "active"
	StatusDeprecated Status = "deprecated"
	StatusSuperseded Status = "superseded"
)

// Source says where a factor value was published.
type Source struct {
	Publisher string `json:"publisher"` // e.g. "MEE & NBS"
	Document  string `json:"document"`  // title, announcement number
	Date      string `json:"date"`      // publication date as published (YYYY, YYYY-MM or YYYY-MM-DD)
	Locator   string `json:"locator"`   // where to find it: URL, table, dataset ID
}

// DataQuality holds the PEF data-quality ratings of a factor, each 1 (best) to
// 5, 0 when not rated (Commission Recommendation (EU) 2021/2279 Annex I), and
// the confidence grade the reference dataset gives the value.
type DataQuality struct {
	TeR   int    `json:"ter"` // technological representativeness
	GR    int    `json:"gr"`  // geographical representativeness
	TiR   int    `json:"tir"` // time representativeness
	P     int    `json:"p"`   // precision
	Grade string `json:"-"`   // reference confidence grade: A, B, B-UK, C, D, E (factors.md legend); a factor's, not in a study document
}

// DQR returns the PEF data-quality rating (TeR+GR+TiR+P)/4, or 0 if any
// criterion is unrated.
func (q DataQuality) DQR() float64 {
	if q.TeR == 0 || q.GR == 0 || q.TiR == 0 || q.P == 0 {
		return 0
	}
	return float64(q.TeR+q.GR+q.TiR+q.P) / 4
}

// check refuses a score outside the PEF scale, 1 to 5 (0 = unrated), naming
// the field prefix+"ter" ("gr", "tir", "p").
func (q DataQuality) check(prefix string) error {
	for i, v := range [...]int{q.TeR, q.GR, q.TiR, q.P} {
		if v < 0 || v > 5 {
			return FieldErrorf(EINVALID, prefix+[...]string{"ter", "gr", "tir", "p"}[i], "data-quality score %d out of range 1-5 (0 = unrated)", v)
		}
	}
	return nil
}

// ProductCode is a product classification code a factor applies to.
type ProductCode struct {
	Scheme string // "HS" (Harmonized System), "CNPC" (China statistical product classification), "CPC" (UN CPC Ver. 2.1 subclass, as CPCD product IDs begin; docs/cpcd.md)
	Code   string // digits only, e.g. "854142"
}

// String returns "SCHEME:code".
func (p ProductCode) String() string { return p.Scheme + ":" + p.Code }

// Meets reports whether p and o may be of one product: the same scheme, and
// either code starts with the other (HS 85414200 and HS 854142).
func (p ProductCode) Meets(o ProductCode) bool {
	return p.Scheme == o.Scheme && (strings.HasPrefix(p.Code, o.Code) || strings.HasPrefix(o.Code, p.Code))
}

// ProductCodeSchemes lists the accepted product-code schemes.
var ProductCodeSchemes = []string{"HS", "CNPC", "CPC"}

// ParseProductCode parses "HS:854142" (a bare code is taken as HS).
func ParseProductCode(s string) (ProductCode, error) {
	s = strings.TrimSpace(s)
	scheme, code, ok := strings.Cut(s, ":")
	if !ok {
		scheme, code = "HS", s
	}
	scheme = strings.ToUpper(strings.TrimSpace(scheme))
	code = strings.ReplaceAll(strings.TrimSpace(code), ".", "")
	if !slices.Contains(ProductCodeSchemes, scheme) {
		return ProductCode{}, Errorf(EINVALID, "产品代码 %[1]q：未知的代码体系 %[2]q（应为 %[4]s 之一）。product code %[1]q: unknown scheme %[2]q (want one of %[3]s)", s, scheme, strings.Join(ProductCodeSchemes, ", "), strings.Join(ProductCodeSchemes, "、"))
	}
	if !productCodeRe.MatchString(code) {
		return ProductCode{}, Errorf(EINVALID, "产品代码 %[1]q 应为 2 至 12 位数字。product code %[1]q: want 2 to 12 digits", s)
	}
	return ProductCode{Scheme: scheme, Code: code}, nil
}

var (
	productCodeRe = regexp.MustCompile(`^[0-9]{2,12}$`)
	factorCodeRe  = regexp.MustCompile(`^[A-Z0-9][A-Z0-9._-]{0,63}$`)
	setVersionRe  = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$`)
)

// ValidFactorCode reports whether code is a well-formed factor code:
// upper-case letters, digits, '.', '_' and '-', at most 64 characters.
func ValidFactorCode(code string) bool { return factorCodeRe.MatchString(code) }

// ValidSetVersion reports whether v is a well-formed factor-set version such as
// "2026.1".
func ValidSetVersion(v string) bool { return setVersionRe.MatchString(v) }

// Factor is an emission factor: the emitted mass of CO2e (or CO2) per unit of
// an activity, with everything needed to trace it (PRODUCT.md principle 1).
// A factor belongs to a factor set; within a published set it never changes.
type Factor struct {
	// Identity
	Code   string // stable key across sets, e.g. "ELEC-CN-NAT-CF-2024"
	NameZH string
	NameEN string

	// Value
	Category Category
	Value    float64    // in Unit
	Unit     FactorUnit // e.g. kgCO2e per kWh; Unit.Basis tells CO2e from CO2-only
	Boundary Boundary

	// ElectricityRole is what an electricity factor describes (grid mix,
	// one generation technology, T&D, CO2-only organisational factor); it
	// decides which slot of a study may use the factor. "" for factors of
	// other categories, and for electricity factors stored before roles
	// existed (refused in every slot).
	ElectricityRole ElectricityRole

	// TransportMode is the mode of a transport factor (ModeRoad, ModeSea,
	// …): a transport leg takes only a factor of its own mode, so that a
	// road leg cannot use a sea factor a fifteenth as large. "" for factors
	// of other categories, and for transport factors stored before modes
	// existed (refused by every leg until classified, docs/integrity.md).
	TransportMode string

	// Treatment is the end-of-life treatment of an end-of-life factor
	// (TreatmentLandfill, TreatmentIncineration, TreatmentRecycling): an
	// end-of-life line takes only a factor of its own treatment. "" for
	// factors of other categories, and for end-of-life factors stored before
	// treatments existed (refused until classified).
	Treatment string

	// Scope
	Geography    string        // "CN", "CN-SC", "CN-SW" (grid region), "GLO", "GB", …
	Year         int           // reference year of the data
	ProductCodes []ProductCode // products this factor describes

	// Provenance
	Source         Source
	Licence        string
	Quality        DataQuality
	UncertaintyPct float64 // relative 95 % half-width in percent; 0 = derive from the quality grade
	Notes          string

	// Status within its set
	Status       Status
	SupersededBy string // code of the replacing factor when Status is superseded

	// Set is the version of the factor set this factor was read from. It is
	// not part of the factor's content: a FactorService fills it on every
	// read (FindFactorByCode, FindFactorsByCodes, …) so that the engine can
	// refuse a factor from a set other than the one a study pins.
	Set string
}

// Validate returns EINVALID, naming the field, if the factor is incomplete or
// inconsistent.
func (f *Factor) Validate() error {
	switch {
	case !ValidFactorCode(f.Code):
		return FieldErrorf(EINVALID, "code", "invalid factor code %q (upper-case letters, digits, '.', '_', '-')", f.Code)
	case strings.TrimSpace(f.NameEN) == "" && strings.TrimSpace(f.NameZH) == "":
		return FieldErrorf(EINVALID, "name_en", "a Chinese or English name is required")
	case !slices.Contains(Categories, f.Category):
		return FieldErrorf(EINVALID, "category", "unknown category %q", f.Category)
	case math.IsNaN(f.Value) || math.IsInf(f.Value, 0):
		return FieldErrorf(EINVALID, "value", "value must be a finite number")
	case f.Unit.IsZero():
		return FieldErrorf(EINVALID, "unit", "unit is required")
	case !slices.Contains(Boundaries, f.Boundary):
		return FieldErrorf(EINVALID, "boundary", "unknown boundary %q", f.Boundary)
	case strings.TrimSpace(f.Geography) == "":
		return FieldErrorf(EINVALID, "geography", "geography is required")
	case strings.TrimSpace(f.Geography) != f.Geography:
		return FieldErrorf(EINVALID, "geography", "geography %q has surrounding space", f.Geography)
	case f.Year < 1900 || f.Year > 2100:
		return FieldErrorf(EINVALID, "year", "year %d out of range 1900-2100", f.Year)
	case strings.TrimSpace(f.Source.Publisher) == "" && strings.TrimSpace(f.Source.Document) == "":
		return FieldErrorf(EINVALID, "source", "a source (publisher or document) is required")
	case f.UncertaintyPct < 0 || f.UncertaintyPct > 1000 || math.IsNaN(f.UncertaintyPct):
		return FieldErrorf(EINVALID, "uncertainty_pct", "uncertainty must be between 0 and 1000 percent")
	case !slices.Contains(Statuses, f.Status):
		return FieldErrorf(EINVALID, "status", "unknown status %q", f.Status)
	case f.Status == StatusSuperseded && !ValidFactorCode(f.SupersededBy):
		return FieldErrorf(EINVALID, "superseded_by", "a superseded factor must name the factor that replaces it")
	case f.Status != StatusSuperseded && f.SupersededBy != "":
		return FieldErrorf(EINVALID, "superseded_by", "superseded_by is set but status is %q", f.Status)
	case f.SupersededBy == f.Code:
		return FieldErrorf(EINVALID, "superseded_by", "a factor cannot supersede itself")
	}
	if err := f.validateRole(); err != nil {
		return err
	}
	switch {
	case f.TransportMode != "" && f.Category != CategoryTransport:
		return FieldErrorf(EINVALID, "transport_mode", "only a transport factor has a transport mode (category is %s)", f.Category)
	case f.TransportMode != "" && !slices.Contains(TransportModes, f.TransportMode):
		return FieldErrorf(EINVALID, "transport_mode", "unknown transport mode %q (want one of %s)", f.TransportMode, strings.Join(TransportModes, ", "))
	case f.Treatment != "" && f.Category != CategoryEndOfLife:
		return FieldErrorf(EINVALID, "treatment", "only an end-of-life factor has a treatment (category is %s)", f.Category)
	case f.Treatment != "" && !slices.Contains(Treatments, f.Treatment):
		return FieldErrorf(EINVALID, "treatment", "unknown treatment %q (want one of %s)", f.Treatment, strings.Join(Treatments, ", "))
	}
	if err := f.Quality.check("dq_"); err != nil {
		return err
	}
	for _, pc := range f.ProductCodes {
		p, err := ParseProductCode(pc.String())
		if err != nil {
			return FieldErrorf(EINVALID, "product_codes", "%s", ErrorMessage(err))
		}
		// Stores index the code as given and queries normalise theirs, so
		// only the canonical form (upper-case scheme, digits only) is
		// accepted: "hs:85.41" would be stored where "8541" never finds it.
		if p != pc {
			return FieldErrorf(EINVALID, "product_codes", "product code %q: write it as %s", pc.String(), p.String())
		}
	}
	return nil
}

// validateRole checks the electricity role against the rest of the factor:
// only electricity factors have one, and a role of the life-cycle family is
// a life-cycle CO2e factor per unit of energy, a CO2-only role a CO2 factor.
// An electricity factor without a role is valid (a set stored before roles
// existed must stay readable) but no slot of a study takes it.
func (f *Factor) validateRole() error {
	r := f.ElectricityRole
	switch {
	case r == "":
		return nil
	case !r.Valid():
		return FieldErrorf(EINVALID, "electricity_role", "unknown electricity role %q (want %s or generation:<%s>)", r,
			list.Join(ElectricityRoles), strings.Join(GenerationTechnologies, "|"))
	case f.Category != CategoryElectricity:
		return FieldErrorf(EINVALID, "electricity_role", "only an electricity factor has an electricity role (category is %s)", f.Category)
	case r.lifeCycle() && f.Unit.Basis != BasisCO2e:
		return FieldErrorf(EINVALID, "electricity_role", "role %s needs a CO2e factor; %s counts %s only", r, f.Code, f.Unit.Basis)
	case r.lifeCycle() && f.Boundary != BoundaryLifeCycle:
		return FieldErrorf(EINVALID, "electricity_role", "role %s needs boundary %s (fuel supply, generation, T&D); %s is %s", r, BoundaryLifeCycle, f.Code, f.Boundary)
	case r.lifeCycle() && f.Unit.Per.Dim != DimEnergy:
		return FieldErrorf(EINVALID, "electricity_role", "role %s needs a factor per unit of energy; %s is per %s", r, f.Code, f.Unit.Per.Symbol)
	case r == ElectricityRoleGridCO2 && f.Unit.Basis != BasisCO2:
		return FieldErrorf(EINVALID, "electricity_role", "role %s is for CO2-only factors; %s counts %s", r, f.Code, f.Unit.Basis)
	}
	return nil
}

// SetStatus is the state of a factor set.
type SetStatus string

// Factor-set states. A draft may be changed; a published set is immutable.
const (
	SetDraft     SetStatus = "draft"
	SetPublished SetStatus = "published"
)

// FactorSet is a versioned collection of factors. Once published it is
// immutable (PRODUCT.md principle 2): studies pin a set version and recompute
// identically against it forever.
type FactorSet struct {
	Version     string // e.g. "2026.1"
	Description string
	BasedOn     string // version of the set this one was started from, if any
	Status      SetStatus
	CreatedAt   time.Time
	PublishedAt time.Time // zero while draft
	FactorCount int
	Digest      string // hex SHA-256 over the canonical content of the set, fixed at publication
}

// FactorFilter selects factors. Nil fields do not filter. Results are ordered
// by factor code; Cursor is the opaque NextCursor of a previous page.
type FactorFilter struct {
	Set              string  // set version; "" = the latest published set
	ProductCode      *string // [SCHEME:]digits, a ProductCodeQuery
	ProductCodeExact bool    // match ProductCode exactly instead of as a prefix (HS 8541 finds 854142)
	Category         *Category
	Geography        *string
	Year             *int
	Status           *Status
	Text             *string // case-insensitive substring of the Chinese or English name, or the code

	Cursor string
	Limit  int // 0 = DefaultLimit; capped at MaxLimit
}

// Statuses lists every factor status.
var Statuses = []Status{StatusActive, StatusDeprecated, StatusSuperseded}

// Validate returns EINVALID, naming the query parameter, for a malformed
// product code, an unknown category or an unknown status. A blank product
// code does not filter.
func (f *FactorFilter) Validate() error {
	if _, err := NewProductCodeQuery(f.ProductCode, f.ProductCodeExact); err != nil {
		return err
	}
	if f.Category != nil && !slices.Contains(Categories, *f.Category) {
		return FieldErrorf(EINVALID, "category", "unknown category %q", *f.Category)
	}
	if f.Status != nil && !slices.Contains(Statuses, *f.Status) {
		return FieldErrorf(EINVALID, "status", "unknown status %q", *f.Status)
	}
	return nil
}

// Page sizes for factor queries.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

// FactorPage is one page of a factor query.
type FactorPage struct {
	Factors    []*Factor
	Set        string // the set version the page was read from
	NextCursor string // "" on the last page
}

// ImportSummary reports what an import did.
type ImportSummary struct {
	Set      string
	Added    int
	Replaced int
	Total    int // factors in the set afterwards
}

// FactorService stores factor sets and answers factor queries.
type FactorService interface {
	// FindFactorByCode returns the factor with that code in set version set
	// ("" = latest published). Returns ENOTFOUND if the set or the factor does
	// not exist.
	FindFactorByCode(ctx context.Context, set, code string) (*Factor, error)

	// FindFactorsByCodes returns the factors with those codes in one set, as a
	// map by code, reading them in one transaction (the engine's snapshot).
	// A code the set does not hold is absent from the map, not an error:
	// Calculate reports it with the path of the line that names it. Returns
	// ENOTFOUND if the set does not exist.
	FindFactorsByCodes(ctx context.Context, set string, codes []string) (map[string]*Factor, error)

	// FindFactors returns one page of factors matching the filter. Returns
	// ENOTFOUND for an unknown set and EINVALID for a malformed cursor or
	// filter.
	FindFactors(ctx context.Context, filter FactorFilter) (*FactorPage, error)

	// FindFactorSets returns every factor set, oldest first.
	FindFactorSets(ctx context.Context) ([]*FactorSet, error)

	// FindFactorSetByVersion returns one set. Returns ENOTFOUND if absent.
	FindFactorSetByVersion(ctx context.Context, version string) (*FactorSet, error)

	// CreateFactorSet creates a draft set. If set.BasedOn names an existing
	// set, the draft starts as a copy of its factors. Returns EINVALID for a
	// malformed version, ECONFLICT if the version exists, ENOTFOUND if
	// BasedOn does not exist.
	CreateFactorSet(ctx context.Context, set *FactorSet) error

	// ImportFactors adds or replaces factors in a draft set, atomically: every
	// factor is validated first and on any error nothing is written. Returns
	// ENOTFOUND for an unknown set, ECONFLICT if the set is published, and
	// EINVALID naming the first bad factor.
	ImportFactors(ctx context.Context, set string, factors []*Factor) (*ImportSummary, error)

	// PublishFactorSet freezes a draft set. Every superseded factor must name
	// a factor present in the set. Returns ENOTFOUND, ECONFLICT if already
	// published, EINVALID if the set is empty or inconsistent.
	PublishFactorSet(ctx context.Context, version string) (*FactorSet, error)

	// ExportFactorSet returns every factor of a set ordered by code.
	// Returns ENOTFOUND for an unknown set.
	ExportFactorSet(ctx context.Context, version string) ([]*Factor, error)
}

// FactorClass is what a factor describes beyond its category, which decides
// the slots of a study that take it: the electricity role of an electricity
// factor, the transport mode of a transport factor, the treatment of an
// end-of-life factor. Factors stored before these attributes existed have
// none (docs/integrity.md).
type FactorClass struct {
	ElectricityRole ElectricityRole
	TransportMode   string
	Treatment       string
}

// Class returns the factor's class.
func (f *Factor) Class() FactorClass {
	return FactorClass{ElectricityRole: f.ElectricityRole, TransportMode: f.TransportMode, Treatment: f.Treatment}
}

// FactorClassifier is implemented by factor stores that can migrate
// factors stored before electricity roles, transport modes and end-of-life
// treatments existed (docs/integrity.md). It is apart from FactorService so
// that a client of a remote store need not offer it; seed.Load uses it when
// the store has it.
type FactorClassifier interface {
	// ClassifyFactors gives factors of a set the class attributes classes
	// names for their code that they lack (an attribute stored empty, before
	// it existed), in a draft or a published set, atomically, and returns
	// how many factors it changed. It is the one change a published set
	// accepts: it fills in what a factor describes and never changes a
	// value, and an attribute already set is kept. A published set's Digest
	// is recomputed over the classified factors. Returns ENOTFOUND for an
	// unknown set or code, EINVALID for an attribute the factor cannot have
	// (Factor.Validate), and ECONFLICT for a factor that already has
	// another value of an attribute.
	ClassifyFactors(ctx context.Context, set string, classes map[string]FactorClass) (int, error)
}

// AuditFactorSetClassify is the audit action of
// FactorClassifier.ClassifyFactors.
const AuditFactorSetClassify = "factor-set.classify"
