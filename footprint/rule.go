package footprint

import (
	"bytes"
	"cmp"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/chengdu-pcf/pcf/footprint/internal/narrow"
)

// Rule is an accounting rule (a product category rule): what a study of a product category must
// contain and how its result is reported. Rules are data (footprint/rules/*.json), not code
// branches: the engine reads the stage taxonomy, the declared and reporting units, the cut-off
// limit, the required inputs and the accepted GHG basis of each factor category from the rule. The
// json tags are the format of footprint/rules/*.json (ParseRuleJSON).
type Rule struct {
	Code    string `json:"code"` // e.g. "pv-module"
	Version string `json:"version"`
	NameEN  string `json:"name_en"`
	NameZH  string `json:"name_zh"`
	Scope   string `json:"scope"`
	// ProductCodes are the "HS:" code prefixes of the products the rule
	// covers: a study under the rule gives an HS code, and each of its HS
	// codes starts with one of them. Without it a product could be studied
	// under another category's rule whose boundary drops stages its own
	// rule requires (a laptop as a cradle-to-gate display panel).
	ProductCodes []string `json:"product_codes"`
	// CradleToGateCodes, when set, are the HS prefixes of the products a
	// cradle-to-gate study may cover under the rule: intermediate products
	// (display panels), where a finished product (a monitor) is studied
	// cradle-to-grave, its use and end of life included.
	CradleToGateCodes []string `json:"cradle_to_gate_codes,omitempty"`
	Standards         []string `json:"standards"` // the standards and sector rules it follows

	// RequiredParts are parts every product of the scope is made of: a
	// study needs a counted BOM line of each (docs/integrity.md §9).
	RequiredParts []RequiredPart `json:"required_parts,omitempty"`

	DeclaredUnits []string            `json:"declared_units"` // accepted declared units (unit symbols)
	Boundaries    []Boundary          `json:"boundaries"`     // accepted boundaries
	Stages        []RuleStage         `json:"stages"`
	DefaultStages map[LineKind]string `json:"default_stages"` // stage of a line that names none
	PerUnits      []PerUnit           `json:"per_units"`      // units the result is reported in

	// MaxEfficiencyPct, when set, is the highest efficiency (rated power
	// over STCIrradianceWPerM2 × area) a module of the rule's technology
	// can have, as MaxEfficiencySource states: above it the per-kWp and
	// per-m² figures divide by an inflated rated power or a wrong area.
	MaxEfficiencyPct    float64 `json:"max_efficiency_pct,omitempty"`
	MaxEfficiencySource string  `json:"max_efficiency_source,omitempty"`
	// RecordEfficiencyPct, when set, is the highest efficiency a module of the technology is known to have reached, as
	// RecordEfficiencySource states: above it the rated power is warned, as the per-kWp figure divides by it.
	RecordEfficiencyPct    float64 `json:"record_efficiency_pct,omitempty"`
	RecordEfficiencySource string  `json:"record_efficiency_source,omitempty"`
	// CellCodes are codes of a required part a piece of which is one cell (cells, wafers), of at most
	// MaxCellM2 as MaxCellSource states: with MaxEfficiencyPct, a bound on the power of a count.
	CellCodes     []string `json:"cell_codes,omitempty"`
	MaxCellM2     float64  `json:"max_cell_m2,omitempty"`
	MaxCellSource string   `json:"max_cell_source,omitempty"`
	// CellM2 maps the code of a factor of cells or wafers per piece to the area of its piece, the size its own
	// definition states, as CellM2Source cites (a 182 mm cell is 9.7 Wp at 29.4 %, the largest wafer 14.2 Wp):
	// at most MaxCellM2, which bounds a cell factor without its own area.
	CellM2       map[string]float64 `json:"cell_m2,omitempty"`
	CellM2Source string             `json:"cell_m2_source,omitempty"`

	// CutOffPct is the largest share of exempted (cut-off) items, in
	// percent: of emissions when every exempted line has a screening
	// estimate, otherwise of product mass.
	CutOffPct float64 `json:"cut_off_pct"`

	Requires []Requirement `json:"requires"`

	// GHGBasis lists, per factor category, the GHG bases a factor may have.
	// A category not listed accepts CO2e only. Electricity must be
	// life-cycle CO2e (PRODUCT.md principle 4).
	GHGBasis map[Category][]GHGBasis `json:"ghg_basis"`

	// CertificateValidityYears is how long a certificate (ours, or a
	// supplier's without an explicit end) stays valid: 2 years under the
	// CNCA general rules (2025-03).
	CertificateValidityYears int `json:"certificate_validity_years"`

	// ZeroEmissionInstruments allows green-power instruments without a
	// generation factor to count as zero emissions. No built-in rule does:
	// ISO 14067 counts the life-cycle emissions of the supply.
	ZeroEmissionInstruments bool `json:"zero_emission_instruments"`

	// PerKWhScenario enables the per-kWh scenario of PV modules.
	PerKWhScenario bool `json:"per_kwh_scenario"`

	// FuelUpstreamRequired makes the emissions of a fuel's supply chain part of every fuel and
	// transport line: a fuel line whose combustion factor counts only the burning (boundary
	// combustion) needs an upstream factor, and a transport leg cannot use a factor that counts
	// only the fuel burnt in the vehicle (GB/T 24067-2024 and ISO 14067 count the production and
	// delivery of the energy a product system uses; reference/standards.md §1.2). Every built-in
	// rule sets it: a missing upstream factor is an input error, not a warning.
	FuelUpstreamRequired bool `json:"fuel_upstream_required"`

	declaredUnits []Unit // DeclaredUnits parsed
}

// RequiredPart is a part of a rule's products: a BOM line (not packaging, not exempted) is of it when its
// factor has a code starting with one of ProductCodes ("HS:854142", CPCD's loose "CPC:47150").
type RequiredPart struct {
	NameEN       string   `json:"name_en"`
	NameZH       string   `json:"name_zh"`
	ForProducts  []string `json:"for_products,omitempty"` // HS prefixes of the products that have it; empty: all
	ProductCodes []string `json:"product_codes"`
	Needs        []string `json:"needs,omitempty"` // of ProductCodes, one a counted line must be of: the boards of "boards and chips"
	// MadeFrom are, of ProductCodes, what the part is made from (wafers, polysilicon): its lines stop before the part,
	// whose making is then the study's own, so a part counted only as them is warned (red team 40).
	MadeFrom []string `json:"made_from,omitempty"`
	// MadeFromFactors are factors of the part's codes that are of what it is made from by their own definition, as
	// MadeFromSource cites, where their codes cannot say: CPCD files its wafers with its cells under CPC 47150
	// (red team 42).
	MadeFromFactors []string `json:"made_from_factors,omitempty"`
	MadeFromSource  string   `json:"made_from_source,omitempty"`
}

// RuleStage is one life-cycle stage of a rule's taxonomy.
type RuleStage struct {
	Code     string `json:"code"` // e.g. "A1", "use"
	NameEN   string `json:"name_en"`
	NameZH   string `json:"name_zh"`
	ISOStage string `json:"iso_stage"` // the ISO 14067 stage it belongs to
	Gate     bool   `json:"gate"`      // inside a cradle-to-gate boundary
	Required bool   `json:"required"`  // a study must have a line in it (when inside its boundary)

	// NotApplicableAllowed says whether a study may declare a required
	// stage not applicable (Study.NotApplicable). A stage every product of
	// the rule's scope has (its materials, its production energy, the use
	// of an electrical product, its end of life) never is: declaring it
	// would drop it from the total on the manufacturer's word. A stage
	// that is not required may always be declared not applicable.
	NotApplicableAllowed bool `json:"not_applicable_allowed,omitempty"`
}

// InBoundary reports whether the stage lies inside boundary b.
func (s RuleStage) InBoundary(b Boundary) bool {
	return s.Gate || b == BoundaryCradleToGrave
}

// LineKind names the sections of a study, for default stages.
type LineKind string

// Line kinds.
const (
	KindBOM         LineKind = "bom"
	KindPackaging   LineKind = "packaging"
	KindElectricity LineKind = "electricity"
	KindFuel        LineKind = "fuel"
	KindTransport   LineKind = "transport"
	KindUse         LineKind = "use"
	KindEndOfLife   LineKind = "end_of_life"
)

var lineKinds = []LineKind{KindBOM, KindPackaging, KindElectricity, KindFuel, KindTransport, KindUse, KindEndOfLife}

// Bases of a PerUnit: how many of the unit one piece of product is.
const (
	PerPiece      = "piece"       // 1 piece
	PerRatedPower = "rated_power" // Product.RatedPowerWp / 1000 kWp
	PerArea       = "area"        // Product.AreaM2 m²
	PerActiveArea = "active_area" // Product.ActiveAreaM2 m²
)

var perUnitBases = []string{PerPiece, PerRatedPower, PerArea, PerActiveArea}

// PerUnit is a unit a rule reports results in.
type PerUnit struct {
	Unit    string `json:"unit"`  // symbol, e.g. "kWp"
	Basis   string `json:"basis"` // PerPiece, PerRatedPower, PerArea or PerActiveArea
	LabelEN string `json:"label_en"`
	LabelZH string `json:"label_zh"`

	unit Unit // Unit parsed
}

// Requirement is an input a study must provide; WhenBoundary limits it to
// studies with that boundary.
type Requirement struct {
	Input        string   `json:"input"` // a key of requirementInputs
	WhenBoundary Boundary `json:"when_boundary,omitempty"`
	Warn         string   `json:"warn,omitempty"`    // asked for, not required: the warning a study without it gets
	WarnZH       string   `json:"warn_zh,omitempty"` // Warn in Chinese
}

// requirementInputs lists the inputs a rule can require, each with the test
// of whether a study provides it.
var requirementInputs = map[string]func(s *Study) bool{
	"product.name":            func(s *Study) bool { return hasText(s.Product.Name) || hasText(s.Product.NameZH) },
	"product.model":           func(s *Study) bool { return hasText(s.Product.Model) },
	"product.manufacturer":    func(s *Study) bool { return hasText(s.Product.Manufacturer) },
	"product.site":            func(s *Study) bool { return hasText(s.Product.Site) },
	"product.product_codes":   func(s *Study) bool { return len(s.Product.ProductCodes) > 0 },
	"product.mass_kg":         func(s *Study) bool { return s.Product.MassKg > 0 },
	"product.rated_power_wp":  func(s *Study) bool { return s.Product.RatedPowerWp > 0 },
	"product.area_m2":         func(s *Study) bool { return s.Product.AreaM2 > 0 },
	"product.cell_technology": func(s *Study) bool { return hasText(s.Product.CellTechnology) },
	"product.active_area_m2":  func(s *Study) bool { return s.Product.ActiveAreaM2 > 0 },
	"product.use":             func(s *Study) bool { return s.Product.Use != nil },
	"goal":                    func(s *Study) bool { return hasText(s.Goal) },
	"reference_period":        func(s *Study) bool { return !s.ReferencePeriod.IsZero() },
	"factor_set":              func(s *Study) bool { return hasText(s.FactorSet) },
	"reference_output":        func(s *Study) bool { return s.ReferenceOutput > 0 },
	"electricity":             func(s *Study) bool { return len(s.Electricity) > 0 },
	"transport":               func(s *Study) bool { return len(s.Transport) > 0 },
	"packaging":               func(s *Study) bool { return len(s.Packaging) > 0 },
	"end_of_life":             func(s *Study) bool { return len(s.EndOfLife) > 0 },
}

// checkCodes returns EINVALID naming field[i] unless each of codes is a code prefix as the engine compares
// them ("HS:8471"), of HS if hs, within one of within if given: "hs:8471" would match nothing, silently.
func checkCodes(field string, codes []string, hs bool, within []string) error {
	for i, c := range codes {
		pc, err := ParseProductCode(c)
		switch {
		case err != nil || pc.String() != c || hs && pc.Scheme != "HS":
			return FieldErrorf(EINVALID, fmt.Sprintf("%s[%d]", field, i), "product code prefix %q: want e.g. HS:8471 (HS: for a product's codes)", c)
		case within != nil && !hasPrefix(pc, within):
			return FieldErrorf(EINVALID, fmt.Sprintf("%s[%d]", field, i), "%s is outside the rule's product codes %s", c, strings.Join(within, ", "))
		}
	}
	return nil
}

// hasText reports whether s holds more than space.
func hasText(s string) bool { return strings.TrimSpace(s) != "" }

// Stage returns the stage with that code.
func (r *Rule) Stage(code string) (RuleStage, bool) {
	if i := slices.IndexFunc(r.Stages, func(s RuleStage) bool { return s.Code == code }); i >= 0 {
		return r.Stages[i], true
	}
	return RuleStage{}, false
}

// stageCodes lists the codes of the rule's stages, for a message.
func (r *Rule) stageCodes() string {
	codes := make([]string, len(r.Stages))
	for i, st := range r.Stages {
		codes[i] = st.Code
	}
	return strings.Join(codes, ", ")
}

// allows reports whether a factor of category c with basis b may be used.
func (r *Rule) allows(c Category, b GHGBasis) bool {
	bases, ok := r.GHGBasis[c]
	if !ok {
		return b == BasisCO2e
	}
	return slices.Contains(bases, b)
}

// unmet lists what a study with boundary b lacks under the rule: the required inputs for which has
// is false, and the required stages (inside the boundary) that stages does not hold, named with
// inputNote and stageNote. A stage declared not applicable (na) needs no line, and an input of
// lines whose default stage is declared not applicable is not required. The engine asks it twice:
// whether each input and stage is there at all (missing), and whether it has a line with a positive
// quantity (requirePositive).
func (r *Rule) unmet(b Boundary, na, stages map[string]bool, has func(input string) bool, inputNote, stageNote string) []string {
	var out []string
	for _, req := range r.Requires {
		kind, isLine := inputKinds[req.Input]
		if (req.WhenBoundary != "" && req.WhenBoundary != b) || (isLine && na[r.DefaultStages[kind]]) || req.Warn != "" || has(req.Input) {
			continue
		}
		out = append(out, req.Input+inputNote)
	}
	for _, st := range r.Stages {
		if st.Required && st.InBoundary(b) && !na[st.Code] && !stages[st.Code] {
			out = append(out, fmt.Sprintf("a line in stage %s (%s)%s", st.Code, st.NameEN, stageNote))
		}
	}
	return out
}

// unmetField is the field an unmet requirement u (unmet) names: the input,
// or the lines that fill its stage ("a line in stage A1 …": bom; red team 35).
func (r *Rule) unmetField(u string) string {
	code, stage := strings.CutPrefix(u, "a line in stage ")
	if !stage {
		return strings.TrimSuffix(u, " with a positive quantity")
	}
	for _, k := range []LineKind{KindBOM, KindElectricity, KindFuel, KindTransport, KindUse, KindEndOfLife} {
		if st := r.DefaultStages[k]; st != "" && strings.HasPrefix(code, st+" ") {
			return map[LineKind]string{KindBOM: "bom", KindElectricity: "electricity", KindFuel: "fuels",
				KindTransport: "transport", KindUse: "product.use", KindEndOfLife: "end_of_life"}[k]
		}
	}
	return ""
}

// inputKinds maps the required inputs that are lines of a study to their
// kind.
var inputKinds = map[string]LineKind{
	"electricity": KindElectricity, "transport": KindTransport, "packaging": KindPackaging,
	"end_of_life": KindEndOfLife, "product.use": KindUse,
}

// clone returns a deep copy, so that callers cannot change the built-in
// rules.
func (r *Rule) clone() *Rule {
	c := *r
	c.ProductCodes, c.CradleToGateCodes, c.Standards = slices.Clone(r.ProductCodes), slices.Clone(r.CradleToGateCodes), slices.Clone(r.Standards)
	c.DeclaredUnits = slices.Clone(r.DeclaredUnits)
	c.declaredUnits = slices.Clone(r.declaredUnits)
	c.Boundaries = slices.Clone(r.Boundaries)
	c.Stages = slices.Clone(r.Stages)
	c.PerUnits = slices.Clone(r.PerUnits)
	c.Requires = slices.Clone(r.Requires)
	c.CellCodes, c.CellM2 = slices.Clone(r.CellCodes), maps.Clone(r.CellM2)
	c.RequiredParts = slices.Clone(r.RequiredParts)
	for i, p := range c.RequiredParts {
		c.RequiredParts[i].ProductCodes, c.RequiredParts[i].ForProducts = slices.Clone(p.ProductCodes), slices.Clone(p.ForProducts)
		c.RequiredParts[i].Needs, c.RequiredParts[i].MadeFrom, c.RequiredParts[i].MadeFromFactors = slices.Clone(p.Needs), slices.Clone(p.MadeFrom), slices.Clone(p.MadeFromFactors)
	}
	c.DefaultStages = maps.Clone(r.DefaultStages)
	c.GHGBasis = make(map[Category][]GHGBasis, len(r.GHGBasis))
	for k, v := range r.GHGBasis {
		c.GHGBasis[k] = slices.Clone(v)
	}
	return &c
}

//go:embed rules/*.json
var ruleFiles embed.FS

// builtinRules parses the embedded rules once. The result is read-only.
var builtinRules = sync.OnceValues(func() (map[string]*Rule, error) {
	rules := map[string]*Rule{}
	names, err := fs.Glob(ruleFiles, "rules/*.json")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		b, err := ruleFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		r, err := ParseRuleJSON(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("rule %s: %w", name, err)
		}
		if _, dup := rules[r.Code]; dup {
			return nil, fmt.Errorf("rule %s: duplicate code %q", name, r.Code)
		}
		rules[r.Code] = r
	}
	return rules, nil
})

// FindRule returns a copy of the built-in rule with that code. Returns
// ENOTFOUND for an unknown code.
func FindRule(code string) (*Rule, error) {
	r, err := ruleByCode(code)
	if err != nil {
		return nil, err
	}
	return r.clone(), nil
}

// ruleByCode returns the shared, read-only built-in rule.
func ruleByCode(code string) (*Rule, error) {
	rules, err := builtinRules()
	if err != nil {
		return nil, fmt.Errorf("load rules: %w", err)
	}
	r, ok := rules[code]
	if !ok {
		return nil, Errorf(ENOTFOUND, "unknown accounting rule %q (want one of %s)", code, strings.Join(slices.Sorted(maps.Keys(rules)), ", "))
	}
	return r, nil
}

// narrowestRule returns the built-in rule with the longest product code pc starts with; nil for none.
func narrowestRule(pc ProductCode) (narrowest *Rule) {
	rules, _ := builtinRules()
	longest := 0
	for _, code := range slices.Sorted(maps.Keys(rules)) {
		for _, p := range rules[code].ProductCodes {
			if strings.HasPrefix(pc.String(), p) && len(p) > longest {
				narrowest, longest = rules[code], len(p)
			}
		}
	}
	return narrowest
}

// narrowRules returns the built-in rules as narrow.Cells reads them, made once.
var narrowRules = sync.OnceValue(func() (out []narrow.Rule) {
	rules, _ := builtinRules()
	for _, r := range slices.SortedFunc(maps.Values(rules), func(a, b *Rule) int { return cmp.Compare(a.Code, b.Code) }) {
		out = append(out, narrow.Rule{Code: r.Code, NameEN: r.NameEN, NameZH: r.NameZH, ProductCodes: r.ProductCodes, CellCodes: r.CellCodes, CellFactors: slices.Sorted(maps.Keys(r.CellM2))})
	}
	return out
})

// ParseRuleJSON reads and validates one accounting rule in the format of
// footprint/rules/*.json. Unknown fields are refused; errors are EINVALID
// and name the field.
func ParseRuleJSON(r io.Reader) (*Rule, error) {
	rule := &Rule{DefaultStages: map[LineKind]string{}, GHGBasis: map[Category][]GHGBasis{}}
	if err := decodeJSON(r, 0, "rule", rule); err != nil {
		return nil, err
	}
	if strings.TrimSpace(rule.Code) == "" {
		return nil, FieldErrorf(EINVALID, "code", "code is required")
	}
	err := cmp.Or(checkCodes("product_codes", rule.ProductCodes, true, nil), checkCodes("cradle_to_gate_codes", rule.CradleToGateCodes, true, rule.ProductCodes))
	for i, p := range rule.RequiredParts {
		f := fmt.Sprintf("required_parts[%d]", i)
		if !hasText(p.NameEN) || !hasText(p.NameZH) || len(p.ProductCodes) == 0 {
			err = cmp.Or(err, error(FieldErrorf(EINVALID, f, "a required part needs names in English and Chinese and product code prefixes such as HS:854142")))
		}
		err = cmp.Or(err, checkCodes(f+".product_codes", p.ProductCodes, false, nil), checkCodes(f+".for_products", p.ForProducts, true, rule.ProductCodes), checkCodes(f+".needs", p.Needs, false, p.ProductCodes), checkCodes(f+".made_from", p.MadeFrom, false, p.ProductCodes))
		if len(p.MadeFromFactors) > 0 && !hasText(p.MadeFromSource) {
			err = cmp.Or(err, error(FieldErrorf(EINVALID, f+".made_from_source", "factors named in made_from_factors need the source that says what they are of")))
		}
	}
	if err != nil {
		return nil, err
	}
	for i, u := range rule.DeclaredUnits {
		unit, err := ParseUnit(u)
		if err != nil {
			return nil, FieldErrorf(EINVALID, fmt.Sprintf("declared_units[%d]", i), "%s", ErrorMessage(err))
		}
		rule.declaredUnits = append(rule.declaredUnits, unit)
	}
	if len(rule.DeclaredUnits) == 0 {
		return nil, FieldErrorf(EINVALID, "declared_units", "at least one declared unit is required")
	}
	for i, b := range rule.Boundaries {
		if !slices.Contains(Boundaries, b) {
			return nil, FieldErrorf(EINVALID, fmt.Sprintf("boundaries[%d]", i), "unknown boundary %q", b)
		}
	}
	if len(rule.Boundaries) == 0 {
		return nil, FieldErrorf(EINVALID, "boundaries", "at least one boundary is required")
	}
	for i, s := range rule.Stages {
		if s.Code == "" {
			return nil, FieldErrorf(EINVALID, fmt.Sprintf("stages[%d].code", i), "code is required")
		}
		if j := slices.IndexFunc(rule.Stages, func(o RuleStage) bool { return o.Code == s.Code }); j < i {
			return nil, FieldErrorf(EINVALID, fmt.Sprintf("stages[%d].code", i), "duplicate stage %q", s.Code)
		}
	}
	if len(rule.Stages) == 0 {
		return nil, FieldErrorf(EINVALID, "stages", "at least one stage is required")
	}
	for _, k := range slices.Sorted(maps.Keys(rule.DefaultStages)) {
		if !slices.Contains(lineKinds, k) {
			return nil, FieldErrorf(EINVALID, "default_stages."+string(k), "unknown line kind %q", k)
		}
		if _, ok := rule.Stage(rule.DefaultStages[k]); !ok {
			return nil, FieldErrorf(EINVALID, "default_stages."+string(k), "unknown stage %q", rule.DefaultStages[k])
		}
	}
	for i, p := range rule.PerUnits {
		unit, err := ParseUnit(p.Unit)
		if err != nil {
			return nil, FieldErrorf(EINVALID, fmt.Sprintf("per_units[%d].unit", i), "%s", ErrorMessage(err))
		}
		if !slices.Contains(perUnitBases, p.Basis) {
			return nil, FieldErrorf(EINVALID, fmt.Sprintf("per_units[%d].basis", i), "unknown basis %q (want one of %s)", p.Basis, strings.Join(perUnitBases, ", "))
		}
		rule.PerUnits[i].Unit, rule.PerUnits[i].unit = unit.Symbol, unit
	}
	if math.IsNaN(rule.CutOffPct) || rule.CutOffPct < 0 || rule.CutOffPct > 100 {
		return nil, FieldErrorf(EINVALID, "cut_off_pct", "cut-off limit must be between 0 and 100 percent")
	}
	for i, req := range rule.Requires {
		if _, ok := requirementInputs[req.Input]; !ok {
			return nil, FieldErrorf(EINVALID, fmt.Sprintf("requires[%d].input", i), "unknown input %q", req.Input)
		}
		if req.WhenBoundary != "" && !slices.Contains(Boundaries, req.WhenBoundary) {
			return nil, FieldErrorf(EINVALID, fmt.Sprintf("requires[%d].when_boundary", i), "unknown boundary %q", req.WhenBoundary)
		}
		if (req.Warn == "") != (req.WarnZH == "") {
			return nil, FieldErrorf(EINVALID, fmt.Sprintf("requires[%d].warn_zh", i), "a warning needs both warn (English) and warn_zh (Chinese)")
		}
	}
	for _, k := range slices.Sorted(maps.Keys(rule.GHGBasis)) {
		if !slices.Contains(Categories, k) {
			return nil, FieldErrorf(EINVALID, "ghg_basis."+string(k), "unknown factor category %q", k)
		}
		for _, b := range rule.GHGBasis[k] {
			if b != BasisCO2e && b != BasisCO2 {
				return nil, FieldErrorf(EINVALID, "ghg_basis."+string(k), "unknown GHG basis %q", b)
			}
		}
		if len(rule.GHGBasis[k]) == 0 {
			delete(rule.GHGBasis, k) // no bases listed: CO2e only, as for a category not listed
		}
	}
	if b := rule.GHGBasis[CategoryElectricity]; len(b) > 0 && slices.Contains(b, BasisCO2) {
		// PRODUCT.md principle 4: a product footprint never uses the
		// CO2-only (organisational) grid factors.
		return nil, FieldErrorf(EINVALID, "ghg_basis.electricity", "electricity must be life-cycle CO2e")
	}
	if rule.CertificateValidityYears <= 0 {
		return nil, FieldErrorf(EINVALID, "certificate_validity_years", "certificate validity must be at least one year")
	}
	if len(rule.CellM2) > 0 && !hasText(rule.CellM2Source) {
		return nil, FieldErrorf(EINVALID, "cell_m2_source", "the areas of cell_m2 need the source of each size")
	}
	for _, code := range slices.Sorted(maps.Keys(rule.CellM2)) {
		// A piece larger than the largest wafer would loosen the bound a count of it is held to.
		if m2 := rule.CellM2[code]; !(m2 > 0) || m2 > rule.MaxCellM2 {
			return nil, FieldErrorf(EINVALID, "cell_m2."+code, "the area of a piece of %s must be a positive "+
				"number of m², at most max_cell_m2 (%s)", code, formatNumber(rule.MaxCellM2))
		}
	}
	return rule, nil
}
