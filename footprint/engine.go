package footprint

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/internal/area"
	"github.com/chengdu-pcf/pcf/footprint/internal/arena"
	"github.com/chengdu-pcf/pcf/footprint/internal/asked"
	"github.com/chengdu-pcf/pcf/footprint/internal/balance"
	"github.com/chengdu-pcf/pcf/footprint/internal/cellrecord"
	"github.com/chengdu-pcf/pcf/footprint/internal/credit"
	"github.com/chengdu-pcf/pcf/footprint/internal/die"
	"github.com/chengdu-pcf/pcf/footprint/internal/fit"
	"github.com/chengdu-pcf/pcf/footprint/internal/floor"
	"github.com/chengdu-pcf/pcf/footprint/internal/fold"
	"github.com/chengdu-pcf/pcf/footprint/internal/fuelunit"
	"github.com/chengdu-pcf/pcf/footprint/internal/gatename"
	"github.com/chengdu-pcf/pcf/footprint/internal/hotspot"
	"github.com/chengdu-pcf/pcf/footprint/internal/instrument"
	"github.com/chengdu-pcf/pcf/footprint/internal/legs"
	"github.com/chengdu-pcf/pcf/footprint/internal/list"
	"github.com/chengdu-pcf/pcf/footprint/internal/montecarlo"
	"github.com/chengdu-pcf/pcf/footprint/internal/narrow"
	"github.com/chengdu-pcf/pcf/footprint/internal/ofcodes"
	"github.com/chengdu-pcf/pcf/footprint/internal/once"
	"github.com/chengdu-pcf/pcf/footprint/internal/overlap"
	"github.com/chengdu-pcf/pcf/footprint/internal/parts"
	"github.com/chengdu-pcf/pcf/footprint/internal/pv"
	"github.com/chengdu-pcf/pcf/footprint/internal/rating"
	"github.com/chengdu-pcf/pcf/footprint/internal/site"
	"github.com/chengdu-pcf/pcf/footprint/internal/subheading"
	"github.com/chengdu-pcf/pcf/footprint/internal/tree"
	"github.com/chengdu-pcf/pcf/footprint/internal/usestage"
	"github.com/chengdu-pcf/pcf/footprint/internal/weigh"
)

// Limits of a bill of materials. They keep a malicious or mistaken study
// from exhausting memory. A named sub-assembly used by several lines is
// computed once (per stage and kind it is used in), so the work and the
// result grow with the lines written, never with the paths through them.
const (
	MaxBOMDepth  = 32        // levels of sub-assemblies
	MaxBOMLines  = 1_000_000 // BOM lines computed: each shared sub-assembly's lines count once
	HotspotCount = 10        // leaves listed in Result.Hotspots
)

// Limits of the numbers of a study (issue 9 item 5). A quantity of 1e308
// or a scrap rate of 99.99999999 % is finite but makes a line infinite, and
// an infinite line is stored as 0; a tiny declared unit divides the total
// into infinity. No product's footprint comes near these limits, so a study
// beyond them is a mistake (or an attempt) and is refused naming its line.
const (
	// MaxQuantity bounds every quantity per declared unit, in the base unit
	// of its dimension (kg, kWh, t·km, m², km, piece, kWp, m³), before and
	// after scrap and parent quantities are applied.
	MaxQuantity = 1e12

	// MaxKgCO2e bounds the kgCO2e of any line, of the total and of every
	// per-unit figure of a result: a million tonnes per declared unit.
	MaxKgCO2e = 1e9

	// MaxScrapPct bounds a scrap rate: above 99 % the gross input would be
	// more than 100 times the net quantity.
	MaxScrapPct = 99

	// MaxLifetimeYears bounds the lifetime of a use profile.
	MaxLifetimeYears = 100

	// MaxSpecificYieldKWhPerKWp bounds the yield of a PV scenario: a kWp
	// cannot give more than one kWh per hour of the year.
	MaxSpecificYieldKWhPerKWp = 8760
)

// Units the engine converts to, from the one unit table.
var (
	unitKWh = MustParseUnit("kWh")
	unitTKm = MustParseUnit("t·km")
	unitWp  = MustParseUnit("Wp")
	unitM2  = MustParseUnit("m²")
	unitPcs = MustParseUnit("piece")
	unitT   = MustParseUnit("t")
	unitKm  = MustParseUnit("km")
)

// Calculate computes the footprint of a study against a snapshot of factors
// (by code, all from the set the study pins) and the supplier footprints it
// references (by ID). It is pure and deterministic: no I/O, no clock, no
// global state, and map iteration order never reaches the result, so the
// same study and factors give the same Result and the same CanonicalJSON.
//
// It returns EINVALID, with the path of the offending input in the error's
// Field (e.g. "bom[3].children[1]"), for a study its rule does not accept
// (one error listing every missing item), a line its factor, supplier or
// sub-assembly does not fit, and any breach of docs/integrity.md's rules:
// the checks are listed there, each with the test that shows it.
//
// Superseded and deprecated factors are not refused: a published set is
// immutable, so a study pinned to it must stay computable. They are listed
// in Result.Warnings, which a certifier sees.
func Calculate(s *Study, factors map[string]*Factor, suppliers map[string]*SupplierFootprint) (*Result, error) {
	if s == nil {
		return nil, Errorf(EINVALID, "study is empty")
	}
	rule, err := ruleByCode(s.Rule)
	if ErrorCode(err) == ENOTFOUND {
		return nil, FieldErrorf(EINVALID, "rule", "%s", ErrorMessage(err))
	} else if err != nil {
		return nil, err
	}
	e := &engine{
		s: s, rule: rule, factors: factors, suppliers: suppliers,
		res:           &Result{},
		contribs:      arena.Block[Contribution]{Limit: 512},
		scale:         1,
		stageIndex:    make(map[string]int, len(rule.Stages)),
		stageKg:       make([]float64, len(rule.Stages)),
		stageOwnKg:    make([]float64, len(rule.Stages)),
		countedStages: make([]bool, len(rule.Stages)),
		entries:       map[string]*factorEntry{},
		factorUse:     map[string]*FactorUse{},
		supplierUse:   map[string]*SupplierUse{},
		sources:       map[string]*mcSource{}, supplierSrc: map[string]*mcSource{}, srcOf: map[*SupplierFootprint]*mcSource{}, supplierMat: map[*SupplierFootprint]credit.Material{},
		warned:     map[string]bool{},
		partKg:     make([]float64, len(rule.RequiredParts)),
		partPieces: make([]float64, len(rule.RequiredParts)),
		partNeeds:  make([]bool, len(rule.RequiredParts)),
		partMade:   make([]string, len(rule.RequiredParts)),
	}
	for i, st := range rule.Stages {
		e.stageIndex[st.Code] = i
	}
	// A stage of transport, energy, use or end of life counts as present
	// by those lines only (red team 8: the front glass in stage A3 stood
	// for transport); one that takes materials, by any.
	e.stageKinds = make([][]LineKind, len(rule.Stages))
	for k, st := range rule.DefaultStages {
		if i, ok := e.stageIndex[st]; ok {
			e.stageKinds[i] = append(e.stageKinds[i], k)
		}
	}
	for i, ks := range e.stageKinds {
		if slices.Contains(ks, KindBOM) || slices.Contains(ks, KindPackaging) {
			e.stageKinds[i] = nil
		}
	}
	if err := e.checkProductScope(); err != nil {
		return nil, err
	} else if msg := site.Region(s.Product.SiteRegion); msg != "" {
		return nil, FieldErrorf(EINVALID, "product.site_region", "%s", msg)
	}
	if missing := e.missing(); len(missing) > 0 {
		return nil, FieldErrorf(EINVALID, rule.unmetField(missing[0]), "study does not meet rule %s: missing %s", rule.Code, strings.Join(missing, "; "))
	}
	warnAll(e, asked.Missing(rule.Requires, askedReq, func(in string) bool { return requirementInputs[in] == nil || requirementInputs[in](s) })...) // red team 25: a computer's own site energy
	if err := e.checkScope(); err != nil {
		return nil, err
	}
	if err := e.checkNotApplicable(); err != nil {
		return nil, err
	}
	if err := e.indexAssemblies(); err != nil {
		return nil, err
	}
	if err := e.inventory(); err != nil {
		return nil, err
	}
	stages, kinds := e.countedLines()
	if err := cmp.Or(e.requirePositive(stages, kinds), e.unusedClaim); err != nil {
		return nil, err
	}
	if err := e.checkMassCoverage(stages); err != nil {
		return nil, err
	}
	if err := e.finish(); err != nil {
		return nil, err
	}
	return e.res, nil
}

// engine holds the state of one calculation.
type engine struct {
	s         *Study
	rule      *Rule
	factors   map[string]*Factor
	suppliers map[string]*SupplierFootprint
	res       *Result

	assemblies map[string]int // assembly ID → index in s.Assemblies
	asmUnits   []asmUnit      // by index in s.Assemblies: its Unit and Amount
	expanded   int            // BOM lines computed, for MaxBOMLines
	refs       []asmRef       // the assemblies' uses of assemblies: assembly i's are refs[refStart[i]:refStart[i+1]]
	refStart   []int
	lineCount  []int      // by assembly: the lines discoverUses counts for one context
	contexts   []*asmNode // by assembly index: its contexts, linked by asmNode.other
	useOrder   []*asmNode // parents before children
	cur        *asmNode   // the context whose lines are being computed
	scale      float64    // units of the line's parent per declared unit: 1 but inside a shared sub-assembly
	touched    int        // what prefetch read

	stageIndex           map[string]int
	lastStage            string // the last stage stage() accepted, and its index
	lastStageIndex       int
	kind                 LineKind     // of the lines being computed
	stageKinds           [][]LineKind // by stage index: the kinds whose lines alone count for it (nil: any)
	kindCounted          bool         // a line of kind has a positive counted leaf
	countedKinds         []LineKind   // kinds with a positive counted leaf
	countedStages        []bool       // by stage index: has a positive counted leaf
	stageKg              []float64
	stageOwnKg           []float64                  // by stage index: of the lines of its kinds (stageKinds)
	entries              map[string]*factorEntry    // checked factors by code
	contribs             arena.Block[Contribution]  // 512 a block at most: a last block of 4,096 would waste up to 1 MB
	kids                 arena.Block[*Contribution] // lists of children (addChild appends at most their capacity)
	paths                arena.Paths
	nodes                arena.Block[asmNode]
	edges                arena.Block[asmRef]
	breakdowns           arena.Block[AssemblyBreakdown]
	uses                 arena.Block[AssemblyUse]
	factorUse            map[string]*FactorUse
	supplierUse          map[string]*SupplierUse
	sources, supplierSrc map[string]*mcSource                   // Monte Carlo inputs by factor or supplier; a supplier's by what its footprint is
	srcOf                map[*SupplierFootprint]*mcSource       // a supplier footprint's, once it is joined (a study may name it on many lines)
	supplierMat          map[*SupplierFootprint]credit.Material // likewise, credit.Of its codes
	figures              montecarlo.ByUnit[Unit]                // the set's factors a certificate is compared with (setFactors), by its declared unit
	warned               map[string]bool
	serials              []GreenClaim // green-power claims so far, with the path of each
	unusedClaim          error        // the first green certificates claimed and not used: refused once the stages are checked (a line of 0 kWh says so first)

	dqr rating.Tally // the rated leaves: their weight, DQR and the study's own share (session 51)

	primaryKg      float64
	bomMassKg      float64  // net mass of BOM leaves (incl. exempted), for the cut-off share
	weighedMassKg  float64  // the part of bomMassKg weighed by a line's declared mass_kg
	unweighed      []string // paths of BOM leaves without a mass, which the mass balance cannot count (red team 59)
	weighedPaths   []string
	padding        weigh.Padding // BOM lines on packaging factors (red team 75)
	parentScrap    bool          // a line with sub-lines has scrap: netBOMKg walks the bill of materials again
	pkgMassKg      float64       // net mass of packaging leaves in a mass unit (incl. exempted), likewise
	pkgExemptKg    float64       // the exempted part of pkgMassKg
	eolMassKg      float64       // mass of end-of-life lines of an end-of-life stage counted in the total (not credits)
	useKg          float64       // the use stage's kgCO2e (red team 82)
	unmassedExempt string        // path of the first exempted line not in a mass unit
	distMassKg     float64       // mass carried by transport legs of a distribution stage
	allLegs        []legs.Stated // every leg, for legs.Warnings (red teams 71, 87)
	bounds         bounds        // what the checks of bounds.go need
	gridCodes      []string
	supplierLines  []supplierLine // for warnSupplierFloors
	partKg         []float64      // by Rule.RequiredParts: kgCO2e per declared unit of its counted lines
	partPieces     []float64      // likewise, the items of them per declared unit; NaN once a line is not in single items
	partNeeds      []bool         // likewise, whether a counted line is of RequiredPart.Needs
	partMade       []string       // likewise, the factor or supplier footprint of a counted line of RequiredPart.MadeFrom (countMade); "-" once one is of none
	partKWp        float64        // kWp per declared unit of the lines of a required part in a power unit, the first's quantity at partKWpPath + ".quantity"
	partM2         float64        // m² per declared unit of them in an area unit or in cells (partKWpOf), for cellrecord
	partKWpPath    string
	partCell       string // the factor of the first line of cells counted in pieces of its own size (Rule.CellM2)
	glass          bool   // a BOM line is of glass (glassCodes): a factor's, or a supplier footprint's (red team 40)
}

// supplierLine is a supplier BOM line: its kgCO2e and mass (0: unknown) per unit of its parent.
type supplierLine struct {
	path, name string // the line's supplier field, its name
	sp         *SupplierFootprint
	kg, massKg float64
	bom        bool // a BOM line (not packaging): it may hold a required part
}

// ISO 14067 stages: transport legs before distribution carry materials to
// the factory, those of distribution the product to its user; end-of-life
// lines of end of life weigh the product, waste of production does not.
const (
	isoRawMaterial, isoProduction = "raw material acquisition", "production"
	isoDistribution, isoEndOfLife = "distribution", "end of life"
)

// missing lists everything the study lacks for its rule: the inputs the rule
// requires, the scope every study needs, and required stages with no line
// (and not declared not applicable).
func (e *engine) missing() []string {
	var out []string
	if e.s.Boundary == "" {
		out = append(out, "boundary")
	}
	if e.s.DeclaredUnit.Unit.IsZero() {
		out = append(out, "declared_unit")
	}
	na := e.notApplicable()
	need := []string{}
	for _, st := range e.rule.Stages {
		if st.Required && st.InBoundary(e.s.Boundary) && !na[st.Code] {
			need = append(need, st.Code)
		}
	}
	stages, _ := e.stagesUsed(false, need)
	return append(out, e.rule.unmet(e.s.Boundary, na, stages, func(input string) bool {
		provided, known := requirementInputs[input]
		return known && provided(e.s)
	}, "", "")...)
}

// notApplicable returns the stages the study declares not applicable (as
// declared: checkNotApplicable checks the declarations).
func (e *engine) notApplicable() map[string]bool {
	if len(e.s.NotApplicable) == 0 {
		return nil
	}
	na := make(map[string]bool, len(e.s.NotApplicable))
	for _, x := range e.s.NotApplicable {
		na[x.Stage] = true
	}
	return na
}

// stagesUsed resolves, without factors, the stage of every line that will
// count in the total, so that missing stages can be listed with the missing
// inputs in one error, and the kinds of line present. With positive, only
// lines with a positive quantity (under parents with positive quantities)
// count: a line of 0 kWh or 0 km is no line (issue 9 item 4). With need
// not nil, it stops walking the bill of materials once every stage in need
// is used: the other stages and the kinds are then incomplete.
func (e *engine) stagesUsed(positive bool, need []string) (map[string]bool, map[LineKind]bool) {
	used, kinds := map[string]bool{}, map[LineKind]bool{}
	done := false // every stage in need is used
	found := func() bool {
		return need != nil && !slices.ContainsFunc(need, func(st string) bool { return !used[st] })
	}
	pos := func(q float64) bool { return !positive || q > 0 }
	byID := e.assemblyIndex()
	type visit struct {
		stage string
		kind  LineKind
	}
	visited := make([][]visit, len(e.s.Assemblies)) // by assembly: the stages and kinds walked
	var lastStage string                            // the stage of the last leaf, already in used
	var walk func(lines []*BOMLine, inherited string, kind LineKind, depth int)
	walk = func(lines []*BOMLine, inherited string, kind LineKind, depth int) {
		if depth > MaxBOMDepth {
			return
		}
		for _, l := range lines {
			if done {
				return
			}
			if l == nil || !pos(l.Quantity) {
				continue
			}
			st := cmp.Or(l.Stage, inherited)
			switch {
			case l.Exempt != nil:
			case len(l.Children) > 0:
				walk(l.Children, st, kind, depth+1)
			case l.Assembly != "":
				if ai, ok := byID[l.Assembly]; ok && pos(e.s.Assemblies[ai].Amount) && !slices.Contains(visited[ai], visit{st, kind}) {
					visited[ai] = append(visited[ai], visit{st, kind})
					walk(e.s.Assemblies[ai].Lines, st, kind, depth+1)
				}
			case st != lastStage || !kinds[kind]:
				used[st], kinds[kind], lastStage = true, true, st
				done = found()
			}
		}
	}
	d := e.rule.DefaultStages
	for _, l := range e.s.Electricity {
		if l != nil && pos(l.Quantity) {
			used[cmp.Or(l.Stage, d[KindElectricity])], kinds[KindElectricity] = true, true
		}
	}
	for _, l := range e.s.Fuels {
		if l != nil && pos(l.Quantity) {
			used[cmp.Or(l.Stage, d[KindFuel])], kinds[KindFuel] = true, true
		}
	}
	for _, l := range e.s.Transport {
		if l != nil && pos(l.Mass.Value) && pos(l.Distance.Value) {
			used[cmp.Or(l.Stage, d[KindTransport])], kinds[KindTransport] = true, true
		}
	}
	if u := e.s.Product.Use; u != nil && pos(u.AnnualKWh) && pos(u.LifetimeYears) {
		used[cmp.Or(u.Stage, d[KindUse])], kinds[KindUse] = true, true
	}
	for _, l := range e.s.EndOfLife {
		if l != nil && pos(l.Quantity) {
			used[cmp.Or(l.Stage, d[KindEndOfLife])], kinds[KindEndOfLife] = true, true
		}
	}
	done = found()
	walk(e.s.Packaging, d[KindPackaging], KindPackaging, 0)
	walk(e.s.BOM, d[KindBOM], KindBOM, 0)
	return used, kinds
}

// countedLines returns the stages and kinds of line that have a leaf with a
// positive quantity counted in the total (count): what stagesUsed(true)
// says before factors are known, less the lines that turned out to be
// recycling credits, which are reported apart.
func (e *engine) countedLines() (map[string]bool, map[LineKind]bool) {
	stages, kinds := make(map[string]bool, len(e.rule.Stages)), make(map[LineKind]bool, len(e.countedKinds))
	for i, ok := range e.countedStages {
		stages[e.rule.Stages[i].Code] = ok
	}
	for _, k := range e.countedKinds {
		kinds[k] = true
	}
	return stages, kinds
}

// requirePositive refuses a study whose required stages or line inputs have no line with a positive quantity, given
// the stages and kinds that have one (Rule.unmet).
func (e *engine) requirePositive(stages map[string]bool, kinds map[LineKind]bool) error {
	out := e.rule.unmet(e.s.Boundary, e.notApplicable(), stages, func(input string) bool {
		kind, isLine := inputKinds[input]
		return !isLine || kinds[kind]
	}, " with a positive quantity", " with a positive quantity counted in the total")
	if len(out) > 0 {
		return FieldErrorf(EINVALID, e.rule.unmetField(out[0]), "study does not meet rule %s: missing %s (a zero quantity or a recycling credit does not count; a stage that does not apply is declared in not_applicable with its reason)", e.rule.Code, strings.Join(out, "; "))
	}
	return nil
}

// MassBalanceFloorPct is the share of the product's mass per declared unit
// that the net mass of the bill of materials must reach. A product is made
// of its materials, so an honest BOM weighs about what the product weighs;
// the rest allows for small unlisted parts and rounding. It is what ties
// the declared unit to the inventory: a BOM for one module under a declared
// unit of 1000 modules (or of 1 kWp for a 400 Wp module) would divide the
// footprint by 1000 (or 2.5), and weighs 0.1 % (40 %) of what it must.
const MassBalanceFloorPct = 90

// MassWeighedWarnPct is the share of the bill of materials' mass, in
// percent, above which the mass weighed by declared mass_kg is a warning
// the certifier reads: below it, declared masses can stretch the declared
// unit by no more than about a fifth.
const MassWeighedWarnPct = 10

// MassCoverageTolerancePct is how far, in percent, the end-of-life lines
// and the distribution legs of a study may fall short of the product's mass
// (rounding of per-unit figures).
const MassCoverageTolerancePct = 1

// checkMassCoverage refuses token lines that satisfy a stage without accounting for the product: every
// kilogram of the product reaches its user and ends in a treatment, so the end-of-life lines counted in the
// total (recycling credits are reported apart and do not count) and the transport legs of a distribution
// stage must each account for the product's mass per declared unit (Product.MassKg × pieces). Distribution
// legs in sequence each carry the product and legs in parallel carry shares of it, so their masses add up
// to at least the product's either way.
func (e *engine) checkMassCoverage(stages map[string]bool) error {
	pieces, ok := e.piecesPerDeclaredUnit()
	mass := e.s.Product.MassKg * pieces
	unsent := func(f, zh, en string) error { return FieldErrorf(EINVALID, f, "%s。%s", zh, en) } // red team 80: a credit for what no counted line treats
	e.warnInbound()
	net, netWeighed := e.netBOMKg() // red team 75: without the scrap a line with a sub-assembly gives its lines
	if !ok || !(mass > 0) {
		return cmp.Or(e.checkCredits(net), e.bounds.credits.Unsent(MassCoverageTolerancePct, unsent))
	} else if err := e.checkCredits(mass); err != nil {
		return err
	}
	switch u := weigh.Unlisted(net, mass, e.rule.CutOffPct, e.rule.Code, e.unweighed, MassBalanceFloorPct, netWeighed, MassWeighedWarnPct, e.weighedPaths); {
	case e.bomMassKg < mass*MassBalanceFloorPct/100:
		return FieldErrorf(EINVALID, "declared_unit", "the bill of materials weighs %s kg per declared unit (%s = %s pieces of product), less than %d %% of the %s kg those pieces weigh (product.mass_kg × pieces): every quantity of a study is per declared unit, so the bill of materials describes the whole of it; scale it to the declared unit, and weigh lines not in a mass unit with mass_kg (the net mass of one unit of the line)", formatNumber(RoundSig(e.bomMassKg, 6)), e.s.DeclaredUnit, formatNumber(RoundSig(pieces, 6)), MassBalanceFloorPct, formatNumber(RoundSig(mass, 6)))
	case net < mass*MassBalanceFloorPct/100:
		return FieldErrorf(EINVALID, "declared_unit", "the bill of materials holds %s kg per declared unit in the product, less than %d %% of the %s kg of product (product.mass_kg × pieces); it weighs %s kg only with the scrap of its lines with a sub-assembly (scrap_pct: input lost making the product, which the product does not hold, passed to the lines below as a larger quantity): list the parts the product is made of", formatNumber(RoundSig(net, 6)), MassBalanceFloorPct, formatNumber(RoundSig(mass, 6)), formatNumber(RoundSig(e.bomMassKg, 6)))
	case u.EN != "": // parts left out unstated, beyond the cut-off (red team 59)
		e.warn(u.Field, u.EN, u.ZH)
	}
	warnAll(e, e.padding.Beside(mass-net).Finding(mass, e.rule.CutOffPct, e.rule.Code))
	if e.bomMassKg > mass*(1+MassCoverageTolerancePct/100.0) {
		w := balance.Lighter(mass, e.bomMassKg)
		e.warn("product.mass_kg", w.EN, w.ZH)
	}
	if e.weighedMassKg > e.bomMassKg*MassWeighedWarnPct/100 {
		// mass_kg is the manufacturer's word: a cell declared at 480 kg
		// makes a one-module BOM weigh 1000 modules. Show the certifier
		// what ties the declared unit to the inventory.
		w := balance.Weighed(e.weighedMassKg, e.bomMassKg, list.Paths(slices.Compact(slices.Clone(e.weighedPaths))), e.s.DeclaredUnit.String())
		e.warn("declared_unit", w.EN, w.ZH)
	}
	need, na := mass*(1-MassCoverageTolerancePct/100.0), e.notApplicable()
	if slices.ContainsFunc(e.rule.Stages, func(st RuleStage) bool { return st.ISOStage == isoEndOfLife && stages[st.Code] }) && e.eolMassKg < need {
		return FieldErrorf(EINVALID, "end_of_life", "the end-of-life lines counted in the total weigh %s kg per declared unit, less than the product's %s kg (product.mass_kg × pieces per declared unit): every kilogram of the product ends in a treatment, a line of an end-of-life stage (waste of production is not the product's end of life); recycling credits are reported apart and do not count, and lines not in a mass unit cannot be weighed", formatNumber(RoundSig(e.eolMassKg, 6)), formatNumber(RoundSig(mass, 6)))
	}
	if legs.Distributed(e.allLegs) && e.distMassKg < need && !slices.ContainsFunc(e.rule.Stages,
		func(st RuleStage) bool { return st.ISOStage == isoDistribution && na[st.Code] }) {
		return FieldErrorf(EINVALID, "transport", "the distribution legs carry %s kg per declared unit, less than the product's %s kg (product.mass_kg × pieces per declared unit): legs in sequence each carry the product, legs in parallel carry shares of it that add up to all of it", formatNumber(RoundSig(e.distMassKg, 6)), formatNumber(RoundSig(mass, 6)))
	}
	warnAll(e, legs.Warnings(mass, MassCoverageTolerancePct, e.allLegs)...)
	return e.bounds.credits.Unsent(MassCoverageTolerancePct, unsent)
}

// netBOMKg returns what bomMassKg and weighedMassKg count of the product itself: the bill of materials' leaves
// (exempted ones included) and the part of them weighed by mass_kg, without the scrap of any line, which bomLine
// passes to the lines below a line with a sub-assembly as a larger quantity. Red team 75: a pane of glass with 12 %
// scrap weighed 2.7 kg more, where the demo module's frame was left out. Without such scrap (bomLine notes a line
// with sub-lines and scrap in parentScrap), it returns them as they are, without a walk.
func (e *engine) netBOMKg() (kg, weighed float64) {
	if !e.parentScrap { // the walk meets each shared assembly at random places in memory: 9 ms on a DAG of 10,000
		return e.bomMassKg, e.weighedMassKg
	}
	n := len(e.s.Assemblies)
	memo, done := make([]credit.Sum, 2*n), make([]bool, 2*n) // per Amount unit of an assembly, as BOM (k 0) and packaging (k n)
	var walk func(ls []*BOMLine, mult float64, k int) credit.Sum
	walk = func(ls []*BOMLine, mult float64, k int) (s credit.Sum) { // after inventory: no line is nil, too deep or in a cycle
		for _, l := range ls {
			ai, ok := e.assemblies[l.Assembly]
			switch q := l.Quantity * mult; {
			case ok:
				if a := e.s.Assemblies[ai]; !done[k+ai] {
					memo[k+ai], done[k+ai] = walk(a.Lines, 1/a.Amount, k), true
				}
				if qa, err := Convert(q, l.Unit, e.asmUnits[ai].unit); err == nil {
					s.Add(&memo[k+ai], qa)
				}
			case len(l.Children) > 0:
				c := walk(l.Children, q, k)
				s.Add(&c, 1)
			case l.Assembly == "": // each material held at net quantities too, for the credit bound (red team 77)
				s.Leaf(q*l.kgPerUnit(), q*l.MassKg, e.matOf(l), l.Exempt == nil && (k == 0 || l.Unit.Dim == DimMass))
			}
		}
		return s
	}
	b, p := walk(e.s.BOM, 1, 0), walk(e.s.Packaging, 1, n)
	if e.bounds.credits.Restate(&b, &p); b.Kg >= e.bomMassKg*(1-1e-9) {
		return e.bomMassKg, e.weighedMassKg
	}
	return b.Kg, b.Weighed
}

// matOf returns the material a counted leaf line holds: its factor's or its supplier footprint's. A cut-off line
// holds none a credit may claim: its production is not counted (red team 88).
func (e *engine) matOf(l *BOMLine) credit.Material {
	if en := e.entries[l.Factor]; en != nil {
		return en.mat
	} else if sp := e.suppliers[l.Supplier]; sp != nil {
		return credit.Of("", sp.ProductCodes)
	}
	return credit.None
}

// checkNotApplicable checks the stages the study declares not applicable:
// each is a stage of the rule inside the boundary, once, with a reason, and
// has no line with a positive quantity. Each becomes a Result.NotApplicable
// entry and a warning, so that a certifier and the certificate show it.
func (e *engine) checkNotApplicable() error {
	if len(e.s.NotApplicable) == 0 {
		return nil
	}
	positive, _ := e.stagesUsed(true, nil)
	seen := map[string]int{}
	for i, x := range e.s.NotApplicable {
		p := "not_applicable[" + strconv.Itoa(i) + "]"
		st, ok := e.rule.Stage(x.Stage)
		switch {
		case !ok:
			return FieldErrorf(EINVALID, p+".stage", "unknown stage %q for rule %s (want one of %s)", x.Stage, e.rule.Code, e.rule.stageCodes())
		case !st.InBoundary(e.s.Boundary):
			return FieldErrorf(EINVALID, p+".stage", "stage %s (%s) is outside the study boundary %s", st.Code, st.NameEN, e.s.Boundary)
		case strings.TrimSpace(x.Reason) == "":
			return FieldErrorf(EINVALID, p+".reason", "a reason is required: a certificate shows why the stage does not apply")
		case positive[st.Code]:
			return FieldErrorf(EINVALID, p+".stage", "stage %s has a line with a positive quantity: it cannot be declared not applicable", st.Code)
		case st.Required && !st.NotApplicableAllowed:
			return FieldErrorf(EINVALID, p+".stage", "stage %s (%s) cannot be declared not applicable under "+
				"rule %s: every product of the rule's scope has it", st.Code, st.NameEN, e.rule.Code)
		}
		if first, dup := seen[st.Code]; dup {
			return FieldErrorf(EINVALID, p+".stage", "stage %s is declared twice (first at not_applicable[%d])", st.Code, first)
		}
		seen[st.Code] = i
	}
	if e.res == nil {
		return nil
	}
	for _, st := range e.rule.Stages {
		if i, ok := seen[st.Code]; ok {
			x := e.s.NotApplicable[i]
			e.res.NotApplicable = append(e.res.NotApplicable, NotApplicableStage{Code: st.Code, NameEN: st.NameEN, NameZH: st.NameZH, Reason: x.Reason})
		}
	}
	for i, x := range e.s.NotApplicable {
		st, _ := e.rule.Stage(x.Stage)
		e.warn("not_applicable["+strconv.Itoa(i)+"]", fmt.Sprintf("stage %s (%s) is declared not applicable: %s", st.Code, st.NameEN, x.Reason), fmt.Sprintf("阶段 %s(%s)声明为不适用:%s", st.Code, st.NameZH, x.Reason))
	}
	return nil
}

// checkProductScope refuses a study of a product its rule does not cover:
// an HS code outside the rule's product codes, or, for a cradle-to-gate
// study, outside its cradle-to-gate codes. It runs before the study's
// completeness is judged, so that a product under another category's rule
// is told so, not which of that rule's stages it lacks. (A study that gives
// no HS code is refused by checkScope, after the missing inputs.)
func (e *engine) checkProductScope() error {
	s, r := e.s, e.rule
	for _, pc := range s.Product.ProductCodes {
		if pc.Scheme != "HS" {
			continue
		}
		if len(pc.Code) < 6 { // a heading (HS:847) leaves the part its subheading (8471) requires unknown
			return FieldErrorf(EINVALID, "product.product_codes", "product code %s is an HS chapter or "+
				"heading: give the product's HS subheading, 6 digits or more (e.g. HS:847130)", pc)
		}
		if len(r.ProductCodes) > 0 && !hasPrefix(pc, r.ProductCodes) {
			return FieldErrorf(EINVALID, "product.product_codes", "product code %s is outside rule %s (%s), which covers HS codes starting %s: study the product under its own category's rule", pc, r.Code, r.NameEN, strings.Join(r.ProductCodes, ", "))
		}
		if n := narrowestRule(pc); n != nil && n.Code != r.Code { // whose required parts and checks are the product's
			return FieldErrorf(EINVALID, "rule", "product code %s falls under rule %s (%s, HS codes starting %s), narrower than rule %s: a product is studied under the narrowest rule that covers it", pc, n.Code, n.NameEN, strings.Join(n.ProductCodes, ", "), r.Code)
		}
		if s.Boundary == BoundaryCradleToGate && len(r.CradleToGateCodes) > 0 && !hasPrefix(pc, r.CradleToGateCodes) {
			return FieldErrorf(EINVALID, "boundary", "rule %s takes a cradle-to-gate study only of the intermediate products with HS codes starting %s; %s is a finished product, studied %s with its use and end of life", r.Code, strings.Join(r.CradleToGateCodes, ", "), pc, BoundaryCradleToGrave)
		}
	}
	return nil
}

// hasPrefix reports whether product code pc ("HS:852852") starts with one of prefixes (not written: ofcodes.HasPrefix).
func hasPrefix(pc ProductCode, prefixes []string) bool { return ofcodes.Under(pc, prefixes) }

// checkScope validates the goal-and-scope fields.
func (e *engine) checkScope() error {
	s, r := e.s, e.rule
	if !slices.Contains(r.Boundaries, s.Boundary) {
		return FieldErrorf(EINVALID, "boundary", "rule %s does not accept boundary %q (want %s)", r.Code, s.Boundary, list.Join(r.Boundaries))
	}
	if len(r.ProductCodes) > 0 && !slices.ContainsFunc(s.Product.ProductCodes, func(pc ProductCode) bool { return pc.Scheme == "HS" }) {
		return FieldErrorf(EINVALID, "product.product_codes", "rule %s (%s) covers products by HS code (%s): "+
			"give the product's HS code", r.Code, r.NameEN, strings.Join(r.ProductCodes, ", "))
	}
	du := s.DeclaredUnit
	if !(du.Amount > 0) || isNaNOrInf(du.Amount) {
		return FieldErrorf(EINVALID, "declared_unit.amount", "declared unit amount must be a positive number")
	}
	if err := checkRange("declared_unit.amount", "declared unit amount", du.Amount, MaxQuantity/du.Unit.ToBase); err != nil {
		return err
	}
	accepted := false
	for _, u := range r.declaredUnits {
		// A rule's "piece" takes the product's own measure word (1 台 of a
		// computer is one piece of it), not a case or a pair (箱, 双): the
		// result is per one product, and would be labelled per case.
		accepted = accepted || u.Symbol == du.Unit.Symbol || (u.Dim == DimCount && du.Unit.CountsOneItem())
	}
	if !accepted {
		return FieldErrorf(EINVALID, "declared_unit.unit", "rule %s does not accept declared unit %s (want %s)", r.Code, du.Unit.Symbol, strings.Join(r.DeclaredUnits, ", "))
	}
	if p := s.ReferencePeriod; p.End.Before(p.Start) || p.End.After(p.Start.AddDate(1, 0, -1)) {
		// A year of production: a longer period counts years of green-power instruments for one.
		return FieldErrorf(EINVALID, "reference_period", "period %s must end on or after its first day and "+
			"within a year of it (at the latest %s)", p, dateString(p.Start.AddDate(1, 0, -1)))
	}
	if !ValidSetVersion(s.FactorSet) {
		return FieldErrorf(EINVALID, "factor_set", "invalid factor-set version %q", s.FactorSet)
	}
	if s.ReferenceOutput < 0 || isNaNOrInf(s.ReferenceOutput) {
		return FieldErrorf(EINVALID, "reference_output", "reference output must be a positive number")
	}
	if err := checkRange("reference_output", "reference output", s.ReferenceOutput, MaxQuantity); err != nil {
		return err
	}
	if sc := s.PVScenario; sc != nil {
		switch {
		case !r.PerKWhScenario:
			return FieldErrorf(EINVALID, "pv_scenario", "rule %s has no per-kWh scenario", r.Code)
		case !(sc.LifetimeYears >= 1) || sc.LifetimeYears != math.Trunc(sc.LifetimeYears) || sc.LifetimeYears > 100:
			return FieldErrorf(EINVALID, "pv_scenario.lifetime_years", "lifetime must be a whole number of years from 1 to 100")
		case !(sc.DegradationPctPerYear >= 0) || sc.DegradationPctPerYear*(sc.LifetimeYears-1) >= 100:
			return FieldErrorf(EINVALID, "pv_scenario.degradation_pct_per_year", "degradation must be at least 0 and leave a positive yield in the last year")
		case !(sc.SpecificYieldKWhPerKWp > 0) || isNaNOrInf(sc.SpecificYieldKWhPerKWp):
			return FieldErrorf(EINVALID, "pv_scenario.specific_yield_kwh_per_kwp", "specific yield must be a positive number")
		case sc.SpecificYieldKWhPerKWp > MaxSpecificYieldKWhPerKWp:
			return FieldErrorf(EINVALID, "pv_scenario.specific_yield_kwh_per_kwp", "specific yield %s kWh/kWp is out of range (at most %d, the hours of a year)", formatNumber(sc.SpecificYieldKWhPerKWp), MaxSpecificYieldKWhPerKWp)
		}
	}
	p := s.Product
	for _, f := range []struct {
		name string
		v    float64
		base float64 // size of the field's unit in its dimension's base unit
	}{{"mass_kg", p.MassKg, 1}, {"rated_power_wp", p.RatedPowerWp, 1e-3}, {"area_m2", p.AreaM2, 1}, {"active_area_m2", p.ActiveAreaM2, 1}} {
		if f.v < 0 || isNaNOrInf(f.v) {
			return FieldErrorf(EINVALID, "product."+f.name, "%s must be a positive number", f.name)
		}
		if err := checkRange("product."+f.name, f.name, f.v, MaxQuantity/f.base); err != nil {
			return err
		}
	}
	if p.RatedPowerWp > 0 && p.AreaM2 > 0 && p.RatedPowerWp > p.AreaM2*STCIrradianceWPerM2 {
		// The per-kWp figure divides by the rated power: an inflated one makes it smaller. More than the
		// sunlight falling on the module is impossible whatever the technology.
		return FieldErrorf(EINVALID, "product.rated_power_wp", "rated power %s Wp is more than the %s W of sunlight that falls on the module's %s m² at standard test conditions (an efficiency above 100 %%)", formatNumber(p.RatedPowerWp), formatNumber(RoundSig(p.AreaM2*STCIrradianceWPerM2, 6)), formatNumber(p.AreaM2))
	}
	f, msg, w := area.Check(p.ActiveAreaM2, area.Name{Field: "product.name_zh", Text: p.NameZH}, area.Name{Field: "product.name", Text: p.Name})
	if warnAll(e, w); f != "" { // the names read once: a refusal states a diagonal, and warns of none
		return FieldErrorf(EINVALID, f, "%s", msg) // red team 91: a screen larger than the diagonal its name states
	}
	for _, f := range []struct {
		name string
		set  bool
	}{{"rated_power_wp", p.RatedPowerWp > 0}, {"area_m2", p.AreaM2 > 0}, {"cell_technology", hasText(p.CellTechnology)}} {
		if f.set && !slices.ContainsFunc(r.Requires, func(q Requirement) bool { return q.Input == "product."+f.name }) { // a PV module under another rule
			return FieldErrorf(EINVALID, "product."+f.name, "rule %s takes no %s: a product with one is a PV module, studied under its own rule", r.Code, f.name)
		}
	}
	if r.MaxEfficiencyPct > 0 && p.AreaM2 > 0 && p.RatedPowerWp > p.AreaM2*STCIrradianceWPerM2*r.MaxEfficiencyPct/100 {
		return FieldErrorf(EINVALID, "product.rated_power_wp", "rated power %s Wp on %s m² is a module efficiency of %s %%, above the %s %% a module under rule %s can reach, %s: check the rated power and the area against the module's datasheet", formatNumber(p.RatedPowerWp), formatNumber(p.AreaM2), formatNumber(RoundSig(p.RatedPowerWp/p.AreaM2/STCIrradianceWPerM2*100, 3)), formatNumber(r.MaxEfficiencyPct), r.Code, r.MaxEfficiencySource)
	}
	if eff := p.RatedPowerWp / p.AreaM2 / STCIrradianceWPerM2 * 100; r.RecordEfficiencyPct > 0 && p.AreaM2 > 0 && eff > r.RecordEfficiencyPct {
		w := pv.Efficiency(p.RatedPowerWp, p.AreaM2, eff, r.RecordEfficiencyPct, r.RecordEfficiencySource)
		e.warn("product.rated_power_wp", w.EN, w.ZH)
	}
	if r.MaxEfficiencyPct > 0 && p.AreaM2 > 0 && p.MassKg < p.AreaM2*LightestModuleKgPerM2 { // an area inflated with the power
		w := pv.Light(p.MassKg, p.AreaM2, LightestModuleKgPerM2)
		e.warn("product.area_m2", w.EN, w.ZH)
	}
	return nil
}

// LightestModuleKgPerM2 is the mass per m² of the lightest crystalline silicon PV module design known to pass the
// hail and mechanical-load tests of IEC 61215-2:2016, a glass-free one of about 6 kg/m² (A. C. Martins, V. Chapuis,
// A. Virtuani, C. Ballif, IEEE J. Photovoltaics 9(1) 245-251, 2019, doi:10.1109/JPHOTOV.2018.2876934).
const LightestModuleKgPerM2 = 6

// LightestGlassModuleKgPerM2 is the mass per m² glass modules start at (10-15 kg/m², the same source), and glassCodes
// the product codes of glass whose BOM lines, of a factor or a supplier footprint, make a module one: HS 7005 float
// glass, 7007 safety glass, and CPC 3711, where CPCD files its sheet glass (37112-37117: 平板玻璃, 浮法玻璃, 夹层玻璃,
// 钢化玻璃, 建筑玻璃; reference/cpcd/cpcd_catalog.csv), as the pv-module rule takes CPCD's cells by its CPC codes.
const LightestGlassModuleKgPerM2 = 10

var glassCodes = []string{"HS:7005", "HS:7007", "CPC:3711"}

// STCIrradianceWPerM2 is the irradiance of the standard test conditions at
// which a PV module's rated power is measured (IEC 60904-3): 1000 W/m².
const STCIrradianceWPerM2 = 1000

// assemblyIndex returns the index of each named sub-assembly by ID (of the
// first, for an ID given twice), built once.
func (e *engine) assemblyIndex() map[string]int {
	if e.assemblies == nil {
		e.assemblies = make(map[string]int, len(e.s.Assemblies))
		e.asmUnits = make([]asmUnit, len(e.s.Assemblies))
		for i := len(e.s.Assemblies) - 1; i >= 0; i-- { // backwards: the first of an ID is written last
			if a := e.s.Assemblies[i]; a != nil {
				e.asmUnits[i] = asmUnit{a.Unit, a.Amount}
				e.assemblies[a.ID] = i
			}
		}
	}
	return e.assemblies
}

// checkLinesWeigh refuses, naming field, the lines of amount units of a
// sub-assembly in a mass unit that weigh less than that, beyond rounding,
// all given in a mass unit or with their mass_kg: they are what it is made
// of (red team 24: 1 kg of frame made of 0.6 kg of aluminium).
func checkLinesWeigh(field func() string, lines []*BOMLine, amount float64, u Unit) error {
	var w weigh.Lines // a line without a mass no longer ends the check (red team 50)
	for i, l := range lines {
		if l == nil {
			return nil // cannot be weighed
		}
		w.Add(i, l.Quantity, l.kgPerUnit())
	}
	if want := amount * u.ToBase; u.Dim == DimMass && len(lines) > 0 && w.Kg < want*(1-MassCoverageTolerancePct/100.0) {
		return FieldErrorf(EINVALID, w.Field(field()), "%s", w.Message(formatNumber(amount), u.Symbol, formatNumber(RoundSig(w.Kg, 6))))
	}
	return nil
}

// kgPerUnit is what one unit of l weighs: a mass unit's kilograms, else its mass_kg (0: unknown).
func (l *BOMLine) kgPerUnit() float64 {
	if l.Unit.Dim == DimMass {
		return l.Unit.ToBase
	}
	return l.MassKg
}

// asmUnit is the unit of a named sub-assembly: its lines are per amount unit.
type asmUnit struct {
	unit   Unit
	amount float64
}

// asmRef is a line that uses a named sub-assembly, as indexAssemblies finds
// it in the assemblies and their inline children (a compact record, so that
// the later passes need not read the study's lines again) and, with to set,
// an edge of the graph of uses (discoverUses), also from the study's lines.
type asmRef struct {
	line  *BOMLine
	stage string   // the nearest stage given on the line or the lines above it, "" = inherited
	to    *asmNode // the context it uses, as an edge of a context (discoverUses); nil if not followed
	m     float64  // Amount units of the used assembly per unit of the lines' parent
	ai    int32    // index of the assembly it uses, -1 if unknown
	depth int32    // levels of inline children above the line, within its assembly (or the study's lines)
	use   bool     // discoverUses follows it: it and the lines above it are plain lines
}

// asmUse returns the index of the sub-assembly line l uses (-1 if there is
// none of its ID) and the Amount units of it that q of the line's unit are
// (0 if the unit does not convert to the assembly's: bomLine names that).
func (e *engine) asmUse(l *BOMLine, q float64) (int32, float64) {
	k, ok := e.assemblies[l.Assembly]
	if !ok {
		return -1, 0
	}
	if a := &e.asmUnits[k]; l.Unit.Symbol == a.unit.Symbol && l.Unit.Dim == a.unit.Dim { // Convert would return q
		return int32(k), q / a.amount
	} else if qa, err := Convert(q, l.Unit, a.unit); err == nil {
		return int32(k), qa / a.amount
	}
	return int32(k), 0
}

// indexAssemblies checks the named sub-assemblies and refuses a cycle
// between them: since the BOM references sub-assemblies by ID, an assembly
// can reach itself (a → b → a), which would expand forever. It reads every
// line of every assembly once, in study order, and records the lines that use another assembly (e.refs): the
// search for cycles and discoverUses work on that record.
func (e *engine) indexAssemblies() error {
	index := e.assemblyIndex()
	e.refStart, e.lineCount = make([]int, len(e.s.Assemblies)+1), make([]int, len(e.s.Assemblies))
	var folded map[string]int // by foldID, only when an id is not in that form
	uses := 0                 // the lines of the assemblies' own lists: room for their uses but in inline children
	for _, a := range e.s.Assemblies {
		if a != nil {
			if uses += len(a.Lines); folded == nil && fold.ID(a.ID) != a.ID {
				folded = make(map[string]int, len(e.s.Assemblies))
			}
		}
	}
	e.refs = make([]asmRef, 0, uses)
	var collect func(ai int, lines []*BOMLine, mult float64, stage string, depth int, use bool)
	collect = func(ai int, lines []*BOMLine, mult float64, stage string, depth int, use bool) {
		if use && depth <= MaxBOMDepth {
			e.lineCount[ai] += len(lines)
		}
		for _, l := range lines {
			if l == nil || l.Assembly == "" && len(l.Children) == 0 { // a leaf: nothing to record
				continue
			}
			plain := use && l.Exempt == nil && l.Factor == "" && l.Supplier == "" && depth <= MaxBOMDepth
			st := cmp.Or(l.Stage, stage)
			q := l.Quantity * mult / (1 - l.ScrapPct/100)
			if l.Assembly != "" {
				k, m := e.asmUse(l, q)
				e.refs = append(e.refs, asmRef{line: l, stage: st, m: m, ai: k, depth: int32(depth), use: plain})
			} else {
				collect(ai, l.Children, q, st, depth+1, plain)
			}
		}
	}
	for i, a := range e.s.Assemblies {
		p := func() string { return "assemblies[" + strconv.Itoa(i) + "]" }
		switch {
		case a == nil:
			return FieldErrorf(EINVALID, p(), "sub-assembly is empty")
		case strings.TrimSpace(a.ID) == "":
			return FieldErrorf(EINVALID, p()+".id", "id is required")
		case a.Unit.IsZero():
			return FieldErrorf(EINVALID, p()+".unit", "unit is required")
		case !(a.Amount > 0) || isNaNOrInf(a.Amount):
			return FieldErrorf(EINVALID, p()+".amount", "amount must be a positive number")
		}
		if err := checkLinesWeigh(func() string { return p() + ".lines" }, a.Lines, a.Amount, a.Unit); err != nil {
			return err
		}
		j, dup := index[a.ID], index[a.ID] != i
		if folded != nil { // or one that reads the same: "ｆrame" beside "frame" (red team 24)
			if j, dup = folded[fold.ID(a.ID)]; !dup {
				folded[fold.ID(a.ID)] = i
			}
		}
		if dup {
			return FieldErrorf(EINVALID, p()+".id", "duplicate sub-assembly id %q (first at assemblies[%d], "+
				"%q): ids must differ in more than case, width or spacing", a.ID, j, e.s.Assemblies[j].ID)
		} else if len(a.Lines) == 0 { // as a line's empty children: a part made to look present (red team 24)
			return FieldErrorf(EINVALID, p()+".lines", "a sub-assembly needs at least one line")
		}
		e.refStart[i] = len(e.refs)
		collect(i, a.Lines, 1, "", 0, true)
	}
	e.refStart[len(e.s.Assemblies)] = len(e.refs)

	// Depth-first search over "assembly references assembly" edges.
	const (
		white = iota
		grey
		black
	)
	color := make([]uint8, len(e.s.Assemblies))
	var stack []int // assemblies being visited
	var visit func(i int) error
	visit = func(i int) error {
		color[i] = grey
		stack = append(stack, i)
		for r := e.refStart[i]; r < e.refStart[i+1]; r++ {
			ref, k := &e.refs[r], int(e.refs[r].ai)
			switch {
			case k < 0:
				return FieldErrorf(EINVALID, e.refPath(i, r-e.refStart[i])+".assembly", "unknown sub-assembly %q", ref.line.Assembly)
			case color[k] == grey:
				var cycle []string
				for _, x := range stack[slices.Index(stack, k):] {
					cycle = append(cycle, e.s.Assemblies[x].ID)
				}
				cycle = append(cycle, ref.line.Assembly)
				return FieldErrorf(EINVALID, e.refPath(i, r-e.refStart[i])+".assembly", "sub-assembly cycle: %s", strings.Join(cycle, " → "))
			case color[k] == white:
				if err := visit(k); err != nil {
					return err
				}
			}
		}
		stack = stack[:len(stack)-1]
		color[i] = black
		return nil
	}
	for i := range e.s.Assemblies {
		if color[i] == white {
			if err := visit(i); err != nil {
				return err
			}
		}
	}
	return nil
}

// refPath names the line of assembly i that is its n-th use of another
// assembly, in the order indexAssemblies records them; it is built only
// for an error.
func (e *engine) refPath(i, n int) string {
	pos := tree.Position(e.s.Assemblies[i].Lines, n, func(l *BOMLine) []*BOMLine { return l.Children }, func(l *BOMLine) bool { return l.Assembly != "" })
	p := "assemblies[" + strconv.Itoa(i) + "].lines"
	for k, j := range pos {
		if k > 0 {
			p += ".children"
		}
		p += "[" + strconv.Itoa(j) + "]"
	}
	return p
}

// inventory computes every line of the study into the contribution tree.
func (e *engine) inventory() error {
	s, d := e.s, e.rule.DefaultStages
	if len(s.Assemblies) > 0 {
		if err := e.discoverUses(); err != nil {
			return err
		}
	}
	for i, lines := range [][]*BOMLine{s.BOM, s.Packaging} {
		kind := [...]LineKind{KindBOM, KindPackaging}[i]
		e.kind, e.kindCounted = kind, false
		paths := e.paths.List("", -1, string(kind)+"[", len(lines))
		for _, l := range lines {
			c, err := e.bomLine(l, paths.Next(), "", 1, d[kind], kind, 0)
			if err != nil {
				return err
			}
			if c != nil && kind == KindPackaging {
				e.res.PackagingKgCO2e += c.KgCO2e
			}
			e.addRoot(c)
		}
	}
	e.res.PackagingIncluded = e.res.PackagingKgCO2e > 0 && e.pkgExemptKg <= e.pkgMassKg*e.rule.CutOffPct/100 // counted, not cut off (red team 20) but for a token line (24)
	// The instruments of every line are checked first, so that a serial claimed on two lines is named as such.
	for i, l := range s.Electricity {
		if l != nil {
			if err := validateInstruments("electricity["+strconv.Itoa(i)+"]", l, s.ReferencePeriod, &e.serials); err != nil {
				return err
			}
		}
	}
	if err := addRoots(e, KindElectricity, "electricity", s.Electricity, e.electricity); err != nil {
		return err
	}
	if err := addRoots(e, KindFuel, "fuels", s.Fuels, e.fuel); err != nil {
		return err
	}
	if err := addRoots(e, KindTransport, "transport", s.Transport, e.transport); err != nil {
		return err
	}
	e.kind, e.kindCounted = KindUse, false
	if s.Product.Use != nil {
		c, err := e.use(s.Product.Use, "product.use")
		if err != nil {
			return err
		}
		e.addRoot(c)
		e.useKg = c.KgCO2e
	}
	e.kind, e.kindCounted = KindEndOfLife, false
	for i, l := range s.EndOfLife {
		if err := e.endOfLife(l, "end_of_life["+strconv.Itoa(i)+"]"); err != nil {
			return err
		}
	}
	return nil
}

// addRoots computes the study's lines of one kind, named list[i], with calc
// and adds each to the result; a nil line is refused as empty.
func addRoots[L comparable](e *engine, kind LineKind, list string, lines []L, calc func(L, string) (*Contribution, error)) error {
	e.kind, e.kindCounted = kind, false
	var empty L
	for i, l := range lines {
		if l == empty {
			return FieldErrorf(EINVALID, at(list, i), "line is empty")
		}
		c, err := calc(l, at(list, i))
		if err != nil {
			return err
		}
		e.addRoot(c)
	}
	return nil
}

func (e *engine) addRoot(c *Contribution) {
	if c != nil {
		e.res.Lines = append(e.res.Lines, c)
	}
}

// stage resolves and checks the stage of a line.
func (e *engine) stage(path, code string, kind LineKind) (string, error) {
	if code == "" {
		code = e.rule.DefaultStages[kind]
	}
	if code == "" {
		return "", FieldErrorf(EINVALID, path+".stage", "a stage is required: rule %s has no default stage for %s lines", e.rule.Code, kind)
	}
	if code == e.lastStage {
		return code, nil
	}
	i, ok := e.stageIndex[code]
	if !ok {
		return "", FieldErrorf(EINVALID, path+".stage", "unknown stage %q for rule %s (want one of %s)", code, e.rule.Code, e.rule.stageCodes())
	}
	if st := e.rule.Stages[i]; !st.InBoundary(e.s.Boundary) {
		return "", FieldErrorf(EINVALID, path+".stage", "stage %s (%s) is outside the study boundary %s", st.Code, st.NameEN, e.s.Boundary)
	}
	e.lastStage, e.lastStageIndex = code, i
	return code, nil
}

// stageFactor checks the quantity q of a line at path and returns its stage (code, or kind's default) and its factor, which field must name (else missing).
func (e *engine) stageFactor(path string, q float64, u Unit, code string, kind LineKind, field, factor string, use factorUse, missing string) (string, *factorEntry, error) {
	if err := checkQuantity(path, q, u); err != nil {
		return "", nil, err
	}
	stage, err := e.stage(path, code, kind)
	if err != nil {
		return "", nil, err
	}
	if factor == "" {
		return "", nil, FieldErrorf(EINVALID, path+field, "%s", missing)
	}
	en, err := e.factor(path+field, factor, use)
	return stage, en, err
}

// checkQuantity refuses a quantity that is negative or not a number.
func checkQuantity(path string, q float64, u Unit) error {
	if isNaNOrInf(q) {
		return FieldErrorf(EINVALID, path+".quantity", "quantity must be a finite number")
	}
	if q < 0 {
		return FieldErrorf(EINVALID, path+".quantity", "quantity %s is negative", formatNumber(q))
	}
	if u.IsZero() {
		return FieldErrorf(EINVALID, path+".unit", "unit is required")
	}
	if q*u.ToBase > MaxQuantity || isNaNOrInf(q*u.ToBase) {
		return FieldErrorf(EINVALID, path+".quantity", "quantity %s %s is out of range (at most %s %s per "+
			"declared unit)", formatNumber(q), u.Symbol, formatNumber(MaxQuantity/u.ToBase), u.Symbol)
	}
	return nil
}

// checkRange refuses x at field when it is not finite or exceeds limit in magnitude; what names the number in the message.
func checkRange(field, what string, x, limit float64) error {
	if isNaNOrInf(x) || math.Abs(x) > limit {
		return FieldErrorf(EINVALID, field, "%s %s is out of range (at most %s)", what, formatNumber(x), formatNumber(limit))
	}
	return nil
}

// checkKg refuses a line whose kgCO2e is not finite or exceeds MaxKgCO2e.
func checkKg(field string, kg float64) error {
	if math.Abs(kg) <= MaxKgCO2e { // false for NaN
		return nil
	}
	return kgError(field, kg)
}

// kgError is checkKg's error.
func kgError(field string, kg float64) error {
	return FieldErrorf(EINVALID, field, "the line's emissions (%s kgCO2e per declared unit) are out of range "+
		"(at most %s): check its quantity, unit and factor", formatNumber(kg), formatNumber(MaxKgCO2e))
}

// factorUse says which factor categories (and, for electricity, which electricity role) a slot of a study accepts.
type factorUse struct {
	bit           uint8 // marks the use as checked in factorEntry.checked
	what          string
	categories    []Category
	allowNegative bool
	slot          electricitySlot
}

// electricitySlot is a place of a study that takes an electricity factor, each of one role (docs/integrity.md).
type electricitySlot uint8

const (
	slotNone       electricitySlot = iota
	slotGrid                       // grid part of an electricity line: grid-mix
	slotUse                        // use stage: grid-mix
	slotGeneration                 // generation of a green-power instrument: generation:<technology>
	slotTD                         // T&D of grid-delivered green power: td
)

var (
	electricity = []Category{CategoryElectricity}

	useMaterial   = factorUse{1, "a BOM", []Category{CategoryMaterial, CategoryComponent, CategoryProduct, CategoryPackaging}, false, slotNone}
	useGrid       = factorUse{2, "an electricity", electricity, false, slotGrid}
	useFuel       = factorUse{4, "a fuel", []Category{CategoryFuel}, false, slotNone}
	useTransport  = factorUse{8, "a transport", []Category{CategoryTransport}, false, slotNone}
	useEndOfLife  = factorUse{16, "an end-of-life", []Category{CategoryEndOfLife}, true, slotNone}
	useUse        = factorUse{32, "a use-stage", electricity, false, slotUse}
	useGeneration = factorUse{64, "a green-power instrument", electricity, false, slotGeneration}
	useTD         = factorUse{128, "a green-power transmission", electricity, false, slotTD}
)

// roleError says why factor f, of the right category and basis, does not fit electricity slot slot, or returns nil.
func roleError(path string, f *Factor, slot electricitySlot) error {
	r := f.ElectricityRole
	if r == "" {
		return FieldErrorf(EINVALID, path, "factor %s has no electricity role (it was stored before roles existed), so no slot takes it: a curator classifies it in a new version of set %s (electricity_role column of the factor CSV; see docs/integrity.md)", f.Code, f.Set)
	}
	switch slot {
	case slotGrid, slotUse:
		if r == ElectricityRoleGridMix {
			return nil
		}
		where := "the grid slot of an electricity line"
		if slot == slotUse {
			where = "the use stage"
		}
		switch {
		case r.IsGeneration():
			return FieldErrorf(EINVALID, path, "factor %s has the role %s (one generation technology at the busbar); %s takes a grid-mix life-cycle factor of the place of use: green power enters only through an instrument (instruments[].factor) that the double-claim register accepts", f.Code, r, where)
		case r == ElectricityRoleTD || r == ElectricityRoleTDExclLosses:
			return FieldErrorf(EINVALID, path, "factor %s has the role %s (transmission and distribution "+
				"only); %s takes a grid-mix life-cycle factor of the place of use", f.Code, r, where)
		}
		return FieldErrorf(EINVALID, path, "factor %s has electricity role %s; %s takes a grid-mix life-cycle factor of the place of use", f.Code, r, where)
	case slotGeneration:
		if r.IsGeneration() {
			return nil
		}
		return FieldErrorf(EINVALID, path, "factor %s has electricity role %s; an instrument's factor is the "+
			"generation life-cycle factor of its technology (role generation:<technology>)", f.Code, r)
	case slotTD:
		switch r {
		case ElectricityRoleTD:
			return nil
		case ElectricityRoleTDExclLosses:
			return FieldErrorf(EINVALID, path, "factor %s is a T&D factor without line losses (%s): the generation factor applies to the delivered kWh, so the transmission factor must include line losses (role %s)", f.Code, r, ElectricityRoleTD)
		}
		return FieldErrorf(EINVALID, path, "factor %s has electricity role %s; a transmission factor is a "+
			"T&D factor including line losses (role %s)", f.Code, r, ElectricityRoleTD)
	}
	return nil
}

// checkPlace refuses a factor whose geography does not cover place, where the electricity is used (placeField
// gives it); in the raw-material and production stages, held to the site too (site.Check, red team 51).
func (e *engine) checkPlace(path string, f *Factor, place, placeField string) error {
	if !site.Covers(f.Geography, place) {
		return FieldErrorf(EINVALID, path, "factor %s is for %s; the electricity is used in %s (a factor must be of the place of use: set %s, or name a factor of that place)", f.Code, f.Geography, place, placeField)
	}
	if iso := e.rule.Stages[e.lastStageIndex].ISOStage; iso == isoRawMaterial || iso == isoProduction {
		for _, x := range site.Check(e.s.Product.SiteRegion, e.s.Product.Site, f.Geography, place, DefaultGeography, iso == isoProduction) {
			if x.Refuse {
				return FieldErrorf(EINVALID, cmp.Or(x.Field, placeField), "%s%s", x.ZH, x.EN)
			}
			e.warn(cmp.Or(x.Field, placeField), x.EN, x.ZH)
		}
	}
	return nil
}

// factorEntry is a factor of the snapshot as one calculation uses it: the
// checks already passed, and what every line using it needs, computed once.
type factorEntry struct {
	f       *Factor
	unit    string // f.Unit.String()
	checked uint8  // factorUse bits already checked
	src     *mcSource
	use     *FactorUse
	dqr     float64 // f.Quality.DQR()
	kgUnit  Unit    // the unit of the last line, and kg per kgUnit
	kg      float64
	part    int             // 1 + the index of the rule's required part the factor is of; 0 = none
	glass   bool            // of glass (glassCodes)
	cellM2  float64         // m² of a piece of it when it is of cells or wafers (cellM2Of); 0 = not
	bomPath string          // the first counted BOM line of it, with a positive quantity (die.Unbased)
	mat     credit.Material // the material a recycling credit of it is for, or a line of it holds
}

// factor looks up and checks a factor for a line at path. The checks that
// depend on the factor alone run once per calculation, those that depend on
// the kind of line once per kind; warnings about a factor (superseded,
// deprecated, CO2 only) name the first line that uses it.
func (e *engine) factor(path, code string, use factorUse) (*factorEntry, error) {
	en := e.entries[code]
	if en == nil {
		f := e.factors[code]
		switch {
		case f == nil:
			return nil, FieldErrorf(EINVALID, path, "unknown factor code %q (not in the factor snapshot of set %s)", code, e.s.FactorSet)
		case f.Set != e.s.FactorSet:
			return nil, FieldErrorf(EINVALID, path, "factor %s is from factor set %q; the study pins set %q", code, f.Set, e.s.FactorSet)
		case f.Category == CategoryThreshold:
			return nil, FieldErrorf(EINVALID, path, "factor %s is a regulatory threshold, not an emission factor", code)
		case isNaNOrInf(f.Value) || f.Unit.IsZero():
			return nil, FieldErrorf(EINVALID, path, "factor %s has no usable value", code)
		}
		en = &factorEntry{f: f, unit: f.Unit.String(), dqr: f.Quality.DQR(), part: e.partOf(f),
			glass: slices.ContainsFunc(f.ProductCodes, func(pc ProductCode) bool { return hasPrefix(pc, glassCodes) }), cellM2: e.cellM2Of(f), mat: credit.Of(f.Code, f.ProductCodes)}
		e.entries[code] = en
		switch f.Status {
		case StatusSuperseded:
			e.warn(path, fmt.Sprintf("factor %s is superseded by %s in set %s", code, f.SupersededBy, f.Set),
				fmt.Sprintf("因子 %s 在因子集 %s 中已被 %s 替代", code, f.Set, f.SupersededBy))
		case StatusDeprecated:
			e.warn(path, fmt.Sprintf("factor %s is deprecated in set %s", code, f.Set), fmt.Sprintf("因子 %s 在因子集 %s 中已弃用", code, f.Set))
		}
		if f.Unit.Basis == BasisCO2 {
			e.warn(path, fmt.Sprintf("factor %s counts CO2 only (%s): other greenhouse gases are not included", code, en.unit), fmt.Sprintf("因子 %s 仅计 CO2(%s):未包括其他温室气体", code, en.unit))
		}
		if end := e.s.ReferencePeriod.End; !end.IsZero() && f.Year > end.Year() { // red team 27: 2024's lower grid factor for 2023's power
			w := fit.LaterYear(code, f.Year, e.s.ReferencePeriod.String(), f.Set)
			e.warn(path, w.EN, w.ZH)
		}
	}
	if en.checked&use.bit != 0 {
		return en, nil
	}
	f := en.f
	switch {
	case !slices.Contains(use.categories, f.Category):
		return nil, FieldErrorf(EINVALID, path, "factor %s is of category %s; %s line needs a factor of category %s", code, f.Category, use.what, list.Join(use.categories))
	case !e.rule.allows(f.Category, f.Unit.Basis):
		if f.Category == CategoryElectricity {
			return nil, FieldErrorf(EINVALID, path, "factor %s is a CO2-only grid factor (%s); rule %s needs a life-cycle CO2e factor for electricity (a carbon-footprint factor such as ELEC-CN-NAT-CF-2024)", code, en.unit, e.rule.Code)
		}
		return nil, FieldErrorf(EINVALID, path, "factor %s counts %s only (%s); rule %s needs %s for %s factors", code, f.Unit.Basis, en.unit, e.rule.Code, list.Join(e.rule.GHGBasis[f.Category]), f.Category)
	case f.Value < 0 && !use.allowNegative:
		return nil, FieldErrorf(EINVALID, path, "factor %s is negative (a credit); credits are allowed only in end-of-life lines", code)
	case use.bit == useMaterial.bit && f.Unit.Per.Dim == DimEnergy && !isBattery(f):
		return nil, FieldErrorf(EINVALID, path, "factor %s is per %s: a BOM or packaging line counts parts, and a part per unit of energy only as a battery's capacity (product codes %s); energy a plant uses is an electricity or fuel line, and a footprint per kWh a system generates is no part", code, f.Unit.Per.Symbol, strings.Join(batteryCodes, ", "))
	}
	if use.bit == useMaterial.bit && (f.Boundary == BoundaryGateToGate || f.Boundary == BoundaryGateToGrave) {
		w := fit.GateBoundary(code, string(f.Boundary))
		e.warn(path, w.EN, w.ZH)
	}
	if use.slot != slotNone {
		if err := roleError(path, f, use.slot); err != nil {
			return nil, err
		}
	}
	en.checked |= use.bit
	if en.use == nil {
		en.use = &FactorUse{
			Code: f.Code, Set: f.Set, NameEN: f.NameEN, NameZH: f.NameZH, Category: f.Category,
			Value: f.Value, Unit: en.unit, Basis: f.Unit.Basis, Boundary: f.Boundary,
			Geography: f.Geography, Year: f.Year, Source: f.Source, Grade: f.Quality.Grade,
			Status: f.Status, UncertaintyPct: factorUncertaintyPct(f),
		}
		e.factorUse[code] = en.use
	}
	return en, nil
}

// warn records a warning once per path and message, en in English and zh in Chinese.
func (e *engine) warn(path, en, zh string) {
	key := path + "\x00" + en
	if e.warned[key] {
		return
	}
	e.warned[key] = true
	e.res.Warnings = append(e.res.Warnings, Warning{Path: path, Message: en, MessageZH: zh})
}

// warnAll records each warning an internal package returns, those with a field (red team 87: room for fuelunit).
func warnAll[W ~struct{ Field, EN, ZH string }](e *engine, ws ...W) {
	for _, w := range ws {
		if v := struct{ Field, EN, ZH string }(w); v.Field != "" {
			e.warn(v.Field, v.EN, v.ZH)
		}
	}
}

// askedReq is q as package asked reads it (red team 87: an asked-for input in name only).
func askedReq(q Requirement) asked.Req { return asked.Req{Input: q.Input, EN: q.Warn, ZH: q.WarnZH} }

// EN returns the warning's English: Message without the Chinese two warnings write before it there.
func (w Warning) EN() string { return strings.TrimPrefix(w.Message, w.MessageZH) }

// kgPer converts a factor to kg per unit u, or names the mismatch.
func kgPer(path string, f *Factor, u Unit) (float64, error) {
	k, err := f.Unit.KgPer(f.Value, u)
	if err != nil {
		return 0, FieldErrorf(EINVALID, path, "unit %s does not match factor %s (per %s)", u.Symbol, f.Code, f.Unit.Per.Symbol)
	}
	return k, nil
}

// factorLeaf fills c as a leaf of a factor and counts it in the total.
func (e *engine) factorLeaf(c *Contribution, path string, en *factorEntry, u Unit, q *DataQuality) error {
	f := en.f
	if u != en.kgUnit { // lines of one factor are mostly in one unit
		k, err := kgPer(path, f, u)
		if err != nil {
			return err
		}
		en.kgUnit, en.kg = u, k
	}
	c.FactorCode, c.FactorSet, c.FactorValue, c.FactorUnit = f.Code, f.Set, f.Value, en.unit
	c.KgCO2e = c.Quantity * en.kg
	if kg := c.KgCO2e * e.scale; !(math.Abs(kg) <= MaxKgCO2e) { // checkKg, inline
		return kgError(path, kg)
	}
	e.rate(c, path, q, en.dqr)
	if c.Primary && (e.kind == KindBOM || e.kind == KindPackaging) && !e.warned["primary"] { // red team 20, once a study
		e.warned["primary"] = true
		w := fit.PrimaryOnSet(f.Code)
		e.warn(path, w.EN, w.ZH)
	}
	if en.src == nil {
		en.src = e.source("f:"+f.Code, factorUncertaintyPct(f), families(f)...)
	}
	e.count(c, en.src)
	en.use.KgCO2e += c.KgCO2e * e.scale
	return nil
}

// source returns the Monte Carlo source with that key, creating it.
func (e *engine) source(key string, uncertaintyPct float64, labels ...string) *mcSource {
	src := e.sources[key]
	if src == nil {
		src = &mcSource{Key: key, Pct: uncertaintyPct, Families: labels}
		e.sources[key] = src
	}
	return src
}

// count adds a headline leaf to the stage totals, the data-quality
// statistics and the Monte Carlo inputs, times e.scale: a leaf of a shared
// sub-assembly is computed once, per unit of it, and counted for all its
// uses at once.
func (e *engine) count(c *Contribution, src *mcSource) {
	kg := c.KgCO2e * e.scale
	i := e.lastStageIndex
	if c.Stage != e.lastStage {
		i = e.stageIndex[c.Stage]
	}
	e.stageKg[i] += kg
	own := e.stageKinds[i] == nil || slices.Contains(e.stageKinds[i], e.kind)
	if own {
		e.stageOwnKg[i] += kg
	}
	if c.Quantity > 0 && e.scale > 0 {
		e.countedStages[i] = e.countedStages[i] || own
		if !e.kindCounted {
			e.kindCounted, e.countedKinds = true, append(e.countedKinds, e.kind)
		}
	}
	if c.Primary {
		e.primaryKg += kg
	}
	e.dqr.Add(math.Abs(kg), c.dq, c.DQR)
	src.Kg += kg
}

// rate sets c.DQR: the line's own DQR if rated, else dqr (its factor's or
// supplier's). A line rated above its data is warned (rating.Warning).
func (e *engine) rate(c *Contribution, path string, q *DataQuality, dqr float64) {
	if c.DQR = dqr; q == nil || !(q.DQR() > 0) {
		return
	}
	if c.DQR, c.dq.Self = q.DQR(), true; (c.Primary && dqr == 0) || (dqr != 0 && c.DQR >= dqr) {
		return
	}
	var buf [64]byte // the key of e.warned, without an allocation per line rated when no warning is due
	of := append(append(buf[:0], "factor "...), c.FactorCode...)
	if c.Supplier != "" {
		of = append(append(buf[:0], "supplier footprint "...), c.Supplier...)
	}
	if dqr != 0 || !e.warned[string(of)] { // of data without a rating: once a factor
		e.warned[string(of)] = dqr == 0
		w := rating.Warning(formatNumber(c.DQR), formatNumber(dqr), string(of), dqr != 0, c.Primary) // a primary line on a set factor too (red team 54)
		e.warn(path, w.EN, w.ZH)
	}
}

// bomLine computes one BOM (or packaging) line and, recursively, its
// sub-assembly. path names the line's place in the expanded tree; defPath,
// if not "", the place where the line is written in the study (inside
// assemblies[i]), which error messages use. mult is the number of parent
// units per declared unit.
func (e *engine) bomLine(l *BOMLine, path, defPath string, mult float64, inherited string, kind LineKind, depth int) (*Contribution, error) {
	if defPath == "" {
		defPath = path
	}
	if l == nil {
		return nil, FieldErrorf(EINVALID, defPath, "line is empty")
	}
	if e.expanded++; e.expanded > MaxBOMLines {
		return nil, FieldErrorf(EINVALID, defPath, "the bill of materials has more than %d lines (a shared sub-assembly's lines count once per stage it is used in)", MaxBOMLines)
	}
	if depth > MaxBOMDepth {
		return nil, FieldErrorf(EINVALID, defPath, "sub-assemblies are nested deeper than %d levels", MaxBOMDepth)
	}
	if n := b2i(l.Factor != "") + b2i(l.Assembly != "") + b2i(len(l.Children) > 0) + b2i(l.Supplier != "") + b2i(l.Exempt != nil); n != 1 {
		return nil, lineRefsError(l, defPath)
	}
	// The common case inline: checkQuantity passes a quantity that passes
	// this, and names the error of one that does not.
	if q := l.Quantity; !(q >= 0) || l.Unit.IsZero() || !(q*l.Unit.ToBase <= MaxQuantity) {
		if err := checkQuantity(defPath, q, l.Unit); err != nil {
			return nil, err
		}
	}
	if !(l.ScrapPct >= 0 && l.ScrapPct < 100) {
		return nil, FieldErrorf(EINVALID, defPath+".scrap_pct", "scrap rate must be at least 0 and below 100 percent")
	}
	if l.ScrapPct > MaxScrapPct {
		return nil, FieldErrorf(EINVALID, defPath+".scrap_pct", "scrap rate %s %% is out of range: above %d %% the gross input would be more than 100 times the net quantity", formatNumber(l.ScrapPct), MaxScrapPct)
	}
	stage := cmp.Or(l.Stage, inherited)
	if stage == "" || stage != e.lastStage { // else stage() accepted it already
		var err error
		if stage, err = e.stage(defPath, stage, kind); err != nil {
			return nil, err
		}
	}
	net := l.Quantity * mult
	q := net / (1 - l.ScrapPct/100)
	if qd := q * e.scale; isNaNOrInf(qd*l.Unit.ToBase) || qd*l.Unit.ToBase > MaxQuantity {
		return nil, FieldErrorf(EINVALID, defPath+".quantity", "the quantity per declared unit, %s %s after parent quantities and scrap (over every use of a shared sub-assembly), is out of range (at most %s %s)", formatNumber(qd), l.Unit.Symbol, formatNumber(MaxQuantity/l.Unit.ToBase), l.Unit.Symbol)
	}
	c := e.contribs.One()
	c.Path, c.Name, c.Stage, c.Quantity, c.Unit, c.Primary = path, l.Name, stage, q, l.Unit.Symbol, l.Primary
	isLeaf := len(l.Children) == 0 && l.Assembly == ""
	e.parentScrap = e.parentScrap || !isLeaf && l.ScrapPct > 0
	if l.MassKg != 0 {
		switch {
		case !isLeaf:
			return nil, FieldErrorf(EINVALID, defPath+".mass_kg", "a line with a sub-assembly is weighed by its own lines: give mass_kg on those")
		case l.Unit.Dim == DimMass:
			return nil, FieldErrorf(EINVALID, defPath+".mass_kg", "the line is in %s, a mass unit, which weighs it already", l.Unit.Symbol)
		case !(l.MassKg > 0) || l.MassKg > MaxQuantity || isNaNOrInf(net*l.MassKg):
			return nil, FieldErrorf(EINVALID, defPath+".mass_kg", "mass of one %s must be a positive number of kilograms, at most %s", l.Unit.Symbol, formatNumber(MaxQuantity))
		}
	}
	m := l.kgPerUnit()
	if isLeaf {
		switch kind {
		case KindBOM:
			e.bomMassKg += net * e.scale * m
			switch {
			case l.MassKg > 0:
				e.weighedMassKg += net * e.scale * m
				e.weighedPaths = append(e.weighedPaths, defPath)
			case m == 0:
				e.unweighed = append(e.unweighed, defPath)
			}
		case KindPackaging:
			if l.Unit.Dim == DimMass { // a declared mass_kg raised the bounds for free (red team 24)
				e.pkgMassKg += net * e.scale * m
			}
		}
	}

	switch {
	case l.Exempt != nil:
		return nil, e.exempt(l, c, defPath, net, m)

	case l.Factor != "":
		c.Kind = ContribMaterial
		if kind == KindPackaging {
			c.Kind = ContribPackaging
		}
		f, err := e.factor(defPath, l.Factor, useMaterial)
		if err != nil {
			return nil, err
		}
		err = e.factorLeaf(c, defPath, f, l.Unit, l.Quality)
		e.bounds.credits.Hold(f.mat, net*e.scale*m, kind == KindBOM || l.Unit.Dim == DimMass, kind == KindPackaging)
		if e.glass = e.glass || f.glass && kind == KindBOM && net > 0; kind == KindBOM && f.f.Category == CategoryPackaging {
			e.padding.Add(defPath, f.f.Code, net*e.scale*m)
		}
		if kind == KindBOM && net > 0 && f.bomPath == "" {
			f.bomPath = defPath
		}
		if f.part > 0 && kind == KindBOM { // of a required part
			e.partKg[f.part-1] += c.KgCO2e * e.scale
			e.partNeeds[f.part-1] = e.partNeeds[f.part-1] || (RequiredPart{ProductCodes: e.rule.RequiredParts[f.part-1].Needs}).has(f.f.ProductCodes)
			e.countMade(f.part-1, f.f.ProductCodes, f.f.Code)
			if e.partPieces[f.part-1] += net * e.scale; !l.Unit.CountsOneItem() {
				e.partPieces[f.part-1] = math.NaN()
			}
			if kwp, m2 := e.partKWpOf(l.Unit, f.cellM2); kwp > 0 { // checkRequiredParts
				e.partKWp, e.partM2 = e.partKWp+q*e.scale*kwp, e.partM2+q*e.scale*m2
				e.partKWpPath = cmp.Or(e.partKWpPath, defPath)                   // + ".quantity" where read: not a string a line
				warnAll(e, cellrecord.Mass(defPath, l.MassKg, m2, f.cellM2 > 0)) // in pieces or m² (reviewer 55)
				if _, own := e.rule.CellM2[f.f.Code]; own && e.partCell == "" && l.Unit.CountsOneItem() {
					e.partCell = f.f.Code // its size is named in checkRequiredParts' message
				}
			}
		}
		return c, err

	case l.Supplier != "":
		// A part at a power is cells, whatever codes a verifier may not see; one that may hold the part (codes of it, or
		// unknown, as a verifier sees a certificate's) in m² or pieces counts as cells (a module's certificate too: it gives
		// no more power per piece than a cell is known to). Its product does not say the cell's size: the largest wafer's.
		if sp := e.suppliers[l.Supplier]; kind == KindBOM && sp != nil && (l.Unit.Dim == DimPower || e.holdsPart(sp)) {
			if kwp, m2 := e.partKWpOf(l.Unit, e.rule.MaxCellM2); kwp > 0 {
				e.partKWp, e.partM2 = e.partKWp+q*e.scale*kwp, e.partM2+q*e.scale*m2
				e.partKWpPath = cmp.Or(e.partKWpPath, defPath) // + ".quantity" where read: not a string a line
				warnAll(e, cellrecord.Mass(defPath, l.MassKg, m2, slices.ContainsFunc(sp.ProductCodes, func(pc ProductCode) bool { return hasPrefix(pc, e.rule.CellCodes) })))
			}
		}
		if sp := e.suppliers[l.Supplier]; kind == KindBOM && sp != nil && net > 0 && slices.ContainsFunc(
			sp.ProductCodes, func(pc ProductCode) bool { return hasPrefix(pc, glassCodes) }) {
			e.glass = true // a glass maker's footprint hid the module's glass from the area's warning (red team 40)
		}
		return c, e.supplierLeaf(c, l, defPath, m, kind)

	case l.Assembly != "":
		n := e.nextUse(l, stage, kind)
		ai, ok := 0, n != nil
		if ok {
			ai = n.key.ai
		} else if ai, ok = e.assemblies[l.Assembly]; !ok {
			return nil, FieldErrorf(EINVALID, defPath+".assembly", "unknown sub-assembly %q", l.Assembly)
		}
		u := e.asmUnits[ai].unit // not the assembly itself: one memory read fewer for a shared one
		qa, err := Convert(q, l.Unit, u)
		if err != nil {
			return nil, FieldErrorf(EINVALID, defPath, "unit %s does not match sub-assembly %s (per %s)", l.Unit.Symbol, l.Assembly, u.Symbol)
		}
		c.Kind = ContribAssembly
		if n != nil && n.paths > 1 {
			bd, err := e.breakdown(n, depth+1)
			if err != nil {
				return nil, err
			}
			c.Assembly = bd.ID
			if c.Name == "" {
				c.Name = bd.Name
			}
			m := qa / bd.Amount
			c.KgCO2e = m * bd.KgCO2e
			bd.Uses = append(bd.Uses, AssemblyUse{Path: path, Multiplier: m, KgCO2e: c.KgCO2e})
			return c, nil
		}
		a := e.s.Assemblies[ai]
		c.Assembly = a.ID
		if c.Name == "" {
			c.Name = a.Name
		}
		c.Children = e.kids.Take(len(a.Lines))
		paths := e.paths.List(path, -1, ".lines[", len(a.Lines))
		defPaths := e.paths.List("assemblies", ai, ".lines[", len(a.Lines))
		saved := e.cur
		e.cur = n
		for _, cl := range a.Lines {
			ch, err := e.bomLine(cl, paths.Next(), defPaths.Next(), qa/a.Amount, stage, kind, depth+1)
			if err != nil {
				return nil, err
			}
			c.addChild(ch)
		}
		e.cur = saved
		return c, nil

	default: // inline children, per one unit of this line
		if err := checkLinesWeigh(func() string { return defPath + ".children" }, l.Children, 1, l.Unit); err != nil {
			return nil, err
		}
		c.Kind = ContribAssembly
		c.Children = e.kids.Take(len(l.Children))
		paths := e.paths.List(path, -1, ".children[", len(l.Children))
		for j, cl := range l.Children {
			cdef := ""
			if defPath != path {
				cdef = defPath + ".children[" + strconv.Itoa(j) + "]"
			}
			ch, err := e.bomLine(cl, paths.Next(), cdef, q, stage, kind, depth+1)
			if err != nil {
				return nil, err
			}
			c.addChild(ch)
		}
		return c, nil
	}
}

// asmContext is a named sub-assembly as a calculation uses it: its lines
// inherit a stage and a kind of line (BOM or packaging) from the line that
// uses it, so an assembly used under two stages is computed once for each.
type asmContext struct {
	ai    int
	stage string
	kind  LineKind
}

// asmNode is a sub-assembly context in the graph of uses.
type asmNode struct {
	key   asmContext
	bd    *AssemblyBreakdown // once computed, if shared
	edges []asmRef           // the uses in its own lines, in study order
	next  int                // the edge of the next use bomLine meets
	uses  int                // edges to it
	total float64            // its Amount units per declared unit, over every path
	paths int                // paths to it from the study's lines, counted up to 2
	depth int                // the deepest level its lines are at
	other *asmNode           // the assembly's other contexts
}

// discoverUses builds the graph of sub-assembly uses (one node per context,
// one edge per line that uses one, so linear in the lines written) and
// gives each context its total multiplier and its number of paths. A
// context with one path is a tree and is expanded in place, as it always
// was; one with more is shared and computed once (breakdown). Invalid lines
// are skipped here: bomLine reports them. It refuses, before anything is
// computed, a BOM of more than MaxBOMLines lines to compute. Only the
// study's own lists are read here; the assemblies' uses come from e.refs.
func (e *engine) discoverUses() error {
	e.contexts = make([]*asmNode, len(e.s.Assemblies))
	post := make([]*asmNode, 0, len(e.s.Assemblies))
	root := &asmNode{total: 1, paths: 1, edges: make([]asmRef, 0, len(e.s.BOM)+len(e.s.Packaging))}
	lines := 0
	// open returns the node of a context, creating it and, depth first,
	// the contexts it uses.
	var open func(ai int, st string, kind LineKind) *asmNode
	open = func(ai int, st string, kind LineKind) *asmNode {
		key := asmContext{ai, st, kind}
		if n := e.context(key); n != nil {
			return n
		}
		refs := e.refs[e.refStart[ai]:e.refStart[ai+1]] // all known: indexAssemblies passed
		n := e.nodes.One()
		n.key, n.other = key, e.contexts[ai]
		e.contexts[ai] = n
		if lines <= MaxBOMLines {
			lines += e.lineCount[ai]
			n.edges = refs // the first context's edges are its assembly's uses, their targets set in place
			if n.other != nil {
				n.edges = append(e.edges.Take(len(refs)), refs...)
			}
			for i := range n.edges {
				if r := &n.edges[i]; r.use {
					rst, to := cmp.Or(r.stage, st), e.contexts[r.ai]
					if to == nil || to.key.stage != rst || to.key.kind != kind { // else open would find it first
						to = open(int(r.ai), rst, kind)
					}
					r.to = to
				}
			}
		}
		post = append(post, n)
		return n
	}
	var walk func(lines []*BOMLine, inherited string, kind LineKind, mult float64, depth int)
	walk = func(ls []*BOMLine, inherited string, kind LineKind, mult float64, depth int) {
		if depth > MaxBOMDepth || lines > MaxBOMLines {
			return
		}
		lines += len(ls)
		for _, l := range ls {
			if l == nil || l.Exempt != nil || l.Factor != "" || l.Supplier != "" {
				continue
			}
			st := cmp.Or(l.Stage, inherited)
			q := l.Quantity * mult / (1 - l.ScrapPct/100)
			if l.Assembly == "" {
				walk(l.Children, st, kind, q, depth+1)
				continue
			}
			if k, m := e.asmUse(l, q); k >= 0 {
				root.edges = append(root.edges, asmRef{line: l, to: open(int(k), st, kind), m: m, depth: int32(depth)})
			}
		}
	}
	d := e.rule.DefaultStages
	walk(e.s.BOM, d[KindBOM], KindBOM, 1, 0)
	walk(e.s.Packaging, d[KindPackaging], KindPackaging, 1, 0)
	if lines > MaxBOMLines {
		return FieldErrorf(EINVALID, "bom", "the bill of materials has more than %d lines (a shared sub-assembly's lines count once per stage it is used in)", MaxBOMLines)
	}
	if i := slices.Index(e.contexts, nil); i >= 0 { // a decoy beside the one the lines use (red team 24)
		return FieldErrorf(EINVALID, "assemblies["+strconv.Itoa(i)+"].id", "sub-assembly %q is used by no "+
			"line of the bill of materials or packaging: remove it", e.s.Assemblies[i].ID)
	}
	// Reverse post-order puts every parent before its children.
	e.useOrder = append(make([]*asmNode, 0, len(post)+1), root)
	for i := len(post) - 1; i >= 0; i-- {
		e.useOrder = append(e.useOrder, post[i])
	}
	for _, n := range e.useOrder {
		for _, ed := range n.edges {
			if to := ed.to; to != nil {
				to.uses++
				to.total += ed.m * n.total
				to.paths = min(2, to.paths+n.paths)
				to.depth = max(to.depth, n.depth+int(ed.depth)+1)
			}
		}
	}
	e.useOrder, e.cur = e.useOrder[1:], root
	return nil
}

// context returns the node of a sub-assembly context, nil if none.
func (e *engine) context(key asmContext) *asmNode {
	n := e.contexts[key.ai]
	for n != nil && n.key != key {
		n = n.other
	}
	return n
}

// nextUse returns the context of line l's use of a sub-assembly: bomLine
// meets the uses in the order discoverUses recorded them, so no look-up is
// needed. It looks the context up when the order does not hold, and
// returns nil for an unknown assembly.
func (e *engine) nextUse(l *BOMLine, stage string, kind LineKind) *asmNode {
	if cur := e.cur; cur != nil && cur.next < len(cur.edges) {
		ed := &cur.edges[cur.next]
		if cur.next++; ed.line == l && ed.to != nil && ed.to.key.stage == stage && ed.to.key.kind == kind {
			return ed.to
		}
	}
	if e.contexts == nil {
		return nil
	}
	ai, ok := e.assemblies[l.Assembly]
	if !ok {
		return nil
	}
	return e.context(asmContext{ai, stage, kind})
}

// breakdown computes a shared sub-assembly once: its lines per Amount
// units, counted in the totals times the number of those per declared unit
// (e.scale). Its uses are added by the lines that use it.
func (e *engine) breakdown(n *asmNode, depth int) (*AssemblyBreakdown, error) {
	if n.bd != nil {
		return n.bd, nil
	}
	a := e.s.Assemblies[n.key.ai]
	bd := e.breakdowns.One()
	*bd = AssemblyBreakdown{
		ID: a.ID, Name: a.Name, Kind: string(n.key.kind), Stage: n.key.stage,
		Amount: a.Amount, Unit: a.Unit.Symbol, Multiplier: n.total,
		Uses: e.uses.Take(n.uses), Lines: e.kids.Take(len(a.Lines)),
	}
	saved, savedCur := e.scale, e.cur
	e.scale, e.cur = n.total, n
	e.prefetch(a.Lines, n.edges)
	paths := e.paths.List("assemblies", n.key.ai, ".lines[", len(a.Lines))
	for _, l := range a.Lines {
		c, err := e.bomLine(l, paths.Next(), "", 1, n.key.stage, n.key.kind, max(depth, n.depth))
		if err != nil {
			return nil, err
		}
		if c != nil {
			bd.Lines = append(bd.Lines, c)
			bd.KgCO2e += c.KgCO2e
		}
	}
	e.scale, e.cur = saved, savedCur
	bd.TotalKgCO2e = n.total * bd.KgCO2e
	n.bd = bd
	return bd, nil
}

// prefetch reads what computing a shared sub-assembly's lines will read
// at scattered places in memory (the lines, the contexts their uses lead
// to, those contexts' units, breakdowns and next use) in one loop of
// independent loads, so that the cache misses overlap instead of coming
// one after another as bomLine meets them. It keeps what it read in
// e.touched, so that the loads are not left out.
func (e *engine) prefetch(lines []*BOMLine, edges []asmRef) {
	var x int
	for _, l := range lines {
		if l != nil { // the three cache lines of a line that bomLine reads
			x += len(l.Name) + len(l.Stage) + len(l.Supplier)
		}
	}
	for i := range edges {
		if to := edges[i].to; to != nil {
			x += to.paths + len(e.asmUnits[to.key.ai].unit.Symbol)
			if bd := to.bd; bd != nil && len(bd.Uses) < cap(bd.Uses) {
				x += len(bd.Uses[:len(bd.Uses)+1][len(bd.Uses)].Path)
			}
		}
	}
	e.touched += x
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// lineRefsError says which references a BOM line has, when it has not
// exactly one.
func lineRefsError(l *BOMLine, defPath string) error {
	names, refs := []string{"factor", "assembly", "children", "supplier", "exempt"}, []string(nil)
	for i, set := range []bool{l.Factor != "", l.Assembly != "", len(l.Children) > 0, l.Supplier != "", l.Exempt != nil} {
		if set {
			refs = append(refs, names[i])
		}
	}
	if len(refs) == 0 {
		return FieldErrorf(EINVALID, defPath, "a line needs one of factor, assembly, children, supplier or exempt")
	}
	return FieldErrorf(EINVALID, defPath, "a line needs exactly one of factor, assembly, children, supplier or exempt (has %s)", strings.Join(refs, ", "))
}

func (c *Contribution) addChild(ch *Contribution) {
	if ch != nil {
		c.Children = append(c.Children, ch)
		c.KgCO2e += ch.KgCO2e
	}
}

// exempt records a cut-off line.
func (e *engine) exempt(l *BOMLine, c *Contribution, defPath string, net, m float64) error {
	if strings.TrimSpace(l.Exempt.Reason) == "" {
		return FieldErrorf(EINVALID, defPath+".exempt.reason", "an exempted line needs a reason")
	}
	x := &ExemptedItem{Path: c.Path, Name: l.Name, Stage: c.Stage, Quantity: c.Quantity * e.scale, Unit: c.Unit, Reason: l.Exempt.Reason}
	switch {
	case m > 0: // in a mass unit, or weighed by the study as in the mass balance
		if x.MassKg = net * e.scale * m; e.kind == KindPackaging {
			e.pkgExemptKg += x.MassKg
		}
	case l.Exempt.ScreeningFactor != "":
		// Without a mass the cut-off's share by mass cannot count it,
		// and the warning on screened exemptions heavier than the limit
		// would not see it.
		e.warn(defPath+".exempt", "this exempted line has no mass (not in a mass unit, no mass_kg), so the cut-off's share by mass leaves it out: give its mass_kg", "该取舍项没有质量(数量不以质量单位计,也没有 mass_kg),按质量计算的取舍比例未计入它:请给出其 mass_kg")
	}
	if code := l.Exempt.ScreeningFactor; code != "" {
		p := defPath + ".exempt.screening_factor"
		en, err := e.factor(p, code, useMaterial)
		if err != nil {
			return err
		}
		en.bomPath = cmp.Or(en.bomPath, p) // a die's screening estimate leaves its package out too (red team 71)
		k, err := kgPer(p, en.f, l.Unit)
		if err != nil {
			return err
		}
		x.ScreeningFactor, x.ScreeningKgCO2e = code, x.Quantity*k
		if err := checkKg(p, x.ScreeningKgCO2e); err != nil {
			return err
		}
	} else if l.Unit.Dim != DimMass {
		return FieldErrorf(EINVALID, defPath+".exempt", "an exempted line needs a mass unit or a screening factor, so that its share can be stated")
	}
	if l.Unit.Dim != DimMass && e.unmassedExempt == "" {
		e.unmassedExempt = defPath
	}
	e.res.Exempted = append(e.res.Exempted, x)
	return nil
}

// supplierLeaf fills c from a supplier's certified footprint.
func (e *engine) supplierLeaf(c *Contribution, l *BOMLine, defPath string, m float64, kind LineKind) error {
	sp := e.suppliers[l.Supplier]
	if sp == nil {
		return FieldErrorf(EINVALID, defPath+".supplier", "unknown supplier footprint %q", l.Supplier)
	}
	if isNaNOrInf(sp.KgCO2e) || sp.KgCO2e < 0 || sp.DeclaredUnit.IsZero() {
		return FieldErrorf(EINVALID, defPath+".supplier", "supplier footprint %s has no usable value", sp.ID)
	}
	if sp.KgCO2e == 0 {
		return FieldErrorf(EINVALID, defPath+".supplier", "supplier footprint %s is 0 kgCO2e: no product is made without emissions, so it cannot stand for one", sp.ID)
	}
	if sp.Boundary != BoundaryCradleToGate {
		return FieldErrorf(EINVALID, defPath+".supplier", "supplier footprint %s is %s; a BOM line needs a cradle-to-gate footprint (a gate-to-gate one leaves out the part's materials)", sp.ID, cmp.Or(string(sp.Boundary), "of unknown boundary"))
	}
	if d := sp.DeclaredUnit.Dim; d == DimEnergy || d == DimTransportWork {
		return FieldErrorf(EINVALID, defPath+".supplier", "supplier footprint %s is per %s: energy and transport go on an electricity, fuel or transport line, where their role, place, T&D and green-power claims are checked, not on a BOM line", sp.ID, sp.DeclaredUnit.Symbol)
	}
	if sp.IssuedAt.IsZero() {
		return FieldErrorf(EINVALID, defPath+".supplier", "supplier footprint %s has no issue date", sp.ID)
	}
	// A certificate speaks for its own reference period from its start, not only from its issue date:
	// data for 2025 certified in 2026 serve a 2025 study (issue 9 item 7).
	valid := Period{Start: sp.IssuedAt, End: sp.ValidUntil}
	if !sp.Period.Start.IsZero() && sp.Period.Start.Before(valid.Start) {
		valid.Start = sp.Period.Start
	}
	if valid.End.IsZero() {
		// CNCA general rules: certificates are valid 2 years.
		valid.End = sp.IssuedAt.AddDate(e.rule.CertificateValidityYears, 0, 0)
	}
	if !e.s.ReferencePeriod.IsZero() && !valid.Overlaps(e.s.ReferencePeriod) {
		return FieldErrorf(EINVALID, defPath+".supplier", "supplier certificate %s is valid %s, outside the reference period %s", sp.ID, valid, e.s.ReferencePeriod)
	}
	qs, err := Convert(c.Quantity, l.Unit, sp.DeclaredUnit)
	if f, msg := weigh.Supplier(defPath, sp.ID, l.Unit.Symbol, sp.DeclaredUnit.Symbol, err == nil, c.Quantity, qs, l.MassKg, sp.MassKg); f != "" {
		return FieldErrorf(EINVALID, f, "%s", msg)
	}
	c.Kind, c.Supplier = ContribSupplier, sp.ID
	e.bounds.credits.Hold(once.Of(e.supplierMat, sp, func() credit.Material { return credit.Of("", sp.ProductCodes) }), c.Quantity*(1-l.ScrapPct/100)*e.scale*m, kind == KindBOM || l.Unit.Dim == DimMass, kind == KindPackaging)
	c.FactorSet, c.FactorValue, c.FactorUnit = sp.FactorSet, sp.KgCO2e, "kgCO2e/"+sp.DeclaredUnit.Symbol
	c.KgCO2e = qs * sp.KgCO2e
	if err := checkKg(defPath, c.KgCO2e*e.scale); err != nil {
		return err
	}
	// Rated as its supplier rated it, in the share its DQR covers; never the buyer's primary data (red team 51).
	c.dq.Unrated, c.dq.SelfPart, c.Primary = min(max(sp.DQRUnrated, 0), 1), min(max(sp.DQRSelfRated, 0), 1), false
	e.rate(c, defPath, l.Quality, sp.Quality.DQR())
	// A certificate of this service is primary data in the share it signs (red team 50; in full when its supplier list
	// predates it). A PACT document, uploaded or fetched and verified by no one
	// here, is so only by the primaryDataShare it states, and not at all when it states none (red team 20).
	share, pactDoc := 1.0, strings.HasPrefix(sp.ID, PACTSupplierPrefix)
	if pactDoc || sp.PrimarySharePct != nil {
		if share = 0; sp.PrimarySharePct != nil && *sp.PrimarySharePct >= 0 && *sp.PrimarySharePct <= 100 {
			share = *sp.PrimarySharePct / 100
		}
	}
	c.Primary = share == 1
	sl := supplierLine{path: defPath + ".supplier", name: l.Name, sp: sp, kg: c.KgCO2e, massKg: c.Quantity * m, bom: kind == KindBOM}
	if sp.MassKg > 0 && !isNaNOrInf(sp.MassKg) { // the supplier's mass, if more: a tiny mass_kg lifts any figure per kg
		sl.massKg = max(sl.massKg, qs*sp.MassKg)
	}
	e.supplierLines = append(e.supplierLines, sl)
	pct := sp.UncertaintyPct
	if pct <= 0 && pactDoc {
		pct = UngradedUncertaintyPct // no evidence a set's factor lacks: no narrower (montecarlo.go)
	} else if pct <= 0 {
		pct = SupplierUncertaintyPct
	}
	src := e.srcOf[sp] // its pct and families are sp's alone: joined again, they change nothing (session 55)
	if src == nil {
		k := strings.Join([]string{sp.Supplier, sp.Product, sp.DeclaredUnit.Symbol, formatNumber(sp.KgCO2e), sp.Period.String()}, "\x00") // one footprint named two ways (its number in another case, its ID) is one source, not two whose errors cancel (red team 33)
		if src = e.supplierSrc[k]; src == nil {
			src = e.source("s:"+sp.ID, pct) // named by its first reference, as before
		}
		e.supplierSrc[k], e.srcOf[sp] = src, src
		// The widest its references give; a certificate's signed HS families if its figure is of them, and those of the
		// factors of its figure (a PACT document's, and one's far from its codes' factors: Any, session 54), each reference's.
		src.Pct, src.Families = max(src.Pct, pct), montecarlo.SupplierFamilies(src.Families, !pactDoc, sp.ProductCodes, sp.KgCO2e, func() []montecarlo.Figure { return e.figures.Of(sp.DeclaredUnit, e.setFactors) })
	}
	e.count(c, src)
	if !c.Primary {
		e.primaryKg += c.KgCO2e * e.scale * share // count adds a primary line's whole kg
	}
	u := e.supplierUse[sp.ID]
	if u == nil {
		u = &SupplierUse{
			ID: sp.ID, Supplier: sp.Supplier, Product: sp.Product, KgCO2e: sp.KgCO2e, Unit: sp.DeclaredUnit.Symbol, IssuedAt: dateString(sp.IssuedAt), ValidUntil: dateString(valid.End),
			UncertaintyPct: pct}
		e.supplierUse[sp.ID] = u
	}
	u.Contribution += c.KgCO2e * e.scale
	return nil
}

// batteryCodes are the product codes of batteries: the only parts a BOM line counts per unit of energy (capacity).
var batteryCodes = []string{"HS:8506", "HS:8507", "CPC:4641", "CPC:4642"}

// isBattery reports whether f is of batteries only: it has product codes, each a battery code.
func isBattery(f *Factor) bool {
	return len(f.ProductCodes) > 0 && !slices.ContainsFunc(f.ProductCodes, func(pc ProductCode) bool { return !hasPrefix(pc, batteryCodes) })
}

// partOf returns 1 + the index of the rule's required part f is of, or 0. A factor per unit of energy is of none, nor
// one with a battery code other than per unit of power: CPCD files its PERC cells (per kWp) under CPC 46410 with its
// batteries (per kg, per kWh).
func (e *engine) partOf(f *Factor) int {
	battery := slices.ContainsFunc(f.ProductCodes, func(pc ProductCode) bool { return hasPrefix(pc, batteryCodes) })
	if f.Unit.Per.Dim == DimEnergy || battery && f.Unit.Per.Dim != DimPower {
		return 0
	}
	return 1 + slices.IndexFunc(e.rule.RequiredParts, func(p RequiredPart) bool { return p.has(f.ProductCodes) })
}

// partKWpOf returns the most kWp one unit u of a line of a required part gives: its power in a power unit; in an
// area unit, or in single pieces of cells of cellM2 m² each (cellM2Of), what that area (m2) gives at the rule's highest
// efficiency; 0 when u says nothing of it.
func (e *engine) partKWpOf(u Unit, cellM2 float64) (kwp, m2 float64) {
	switch kwpPerM2 := e.rule.MaxEfficiencyPct / 100 * STCIrradianceWPerM2 / 1000; {
	case u.Dim == DimPower:
		return u.ToBase, 0
	case u.Dim == DimArea:
		return u.ToBase * kwpPerM2, u.ToBase
	case u.CountsOneItem() && cellM2 > 0:
		return u.ToBase * cellM2 * kwpPerM2, u.ToBase * cellM2
	}
	return 0, 0
}

// cellM2Of returns the area of a piece of f when it is of cells or wafers (the rule's CellCodes): the size its own
// definition states (the rule's CellM2, by code); for one without its own area, the largest wafer's (MaxCellM2), as
// its size is unknown. 0 when f is of neither.
func (e *engine) cellM2Of(f *Factor) float64 {
	if !slices.ContainsFunc(f.ProductCodes, func(pc ProductCode) bool { return hasPrefix(pc, e.rule.CellCodes) }) {
		return 0
	}
	if m2, ok := e.rule.CellM2[f.Code]; ok {
		return m2
	}
	return e.rule.MaxCellM2
}

// has reports whether one of codes is of the part.
func (p RequiredPart) has(codes []ProductCode) bool {
	return slices.ContainsFunc(codes, func(pc ProductCode) bool { return hasPrefix(pc, p.ProductCodes) })
}

// mayHold reports whether a supplier footprint of codes may hold the part: one of them is of it, or
// none is in a scheme the part is named in (codes unknown, or CNPC only), so nothing says it is not.
func (p RequiredPart) mayHold(codes []ProductCode) bool {
	return p.has(codes) || !slices.ContainsFunc(codes, func(pc ProductCode) bool {
		return slices.ContainsFunc(p.ProductCodes, func(c string) bool { return strings.HasPrefix(c, pc.Scheme+":") })
	})
}

// countMade records, for required part i, a counted line of codes: named
// by name if it is of what the part is made from (MadeFrom, or a factor of
// MadeFromFactors by its code), else "-", the part itself (partMade).
func (e *engine) countMade(i int, codes []ProductCode, name string) {
	if made, p := &e.partMade[i], e.rule.RequiredParts[i]; (RequiredPart{ProductCodes: p.MadeFrom}).has(codes) || slices.Contains(p.MadeFromFactors, name) {
		*made = cmp.Or(*made, name)
	} else {
		*made = "-"
	}
}

// checkRequiredParts refuses a study without a counted BOM line of each part its rule requires: a
// supplier footprint that may hold it (mayHold) counts, warned, as a part under the cut-off limit is.
// The most power lines of a part in a power, area or piece unit give (partKWpOf) is at least the
// module's rated power.
func (e *engine) checkRequiredParts(total float64) error {
	r := e.rule
	if pieces, _ := e.piecesPerDeclaredUnit(); e.partKWp > 0 && e.partKWp < e.s.Product.RatedPowerWp/1000*pieces*(1-1e-12) {
		each := r.MaxCellSource
		if e.partCell != "" {
			each = fmt.Sprintf("of %s at most %s m², the size its own definition states; any other %s", e.partCell, formatNumber(r.CellM2[e.partCell]), r.MaxCellSource)
		}
		return FieldErrorf(EINVALID, e.partKWpPath+".quantity", "the lines of the required part give at most %s kWp per declared unit, less than the module's rated power, %s kWp per declared unit (product.rated_power_wp × pieces): a line in a power unit gives its power; one in an area unit, or of cells or wafers counted in pieces (each %s), at most what that area gives at %s %% efficiency; a module's cells give at least its rated power, so list all of them", formatNumber(RoundSig(e.partKWp, 6)), formatNumber(RoundSig(e.s.Product.RatedPowerWp/1000*pieces, 6)), each, formatNumber(r.MaxEfficiencyPct))
	}
	pieces, _ := e.piecesPerDeclaredUnit()
	warnAll(e, cellrecord.Record(e.partKWp, e.partM2, r.MaxEfficiencyPct, e.s.Product.RatedPowerWp/1000*pieces, e.partKWpPath+".quantity"), cellrecord.Named(e.partKWp, e.partM2, r.MaxEfficiencyPct, r.CellM2[e.partCell], pieces, e.partCell, e.partKWpPath+".quantity", e.s.Product.Name, e.s.Product.NameZH)) // rt55, rt56
	for i, p := range r.RequiredParts {
		suppliedOf := func(q RequiredPart) bool {
			return slices.ContainsFunc(e.supplierLines, func(sl supplierLine) bool { return sl.bom && q.mayHold(sl.sp.ProductCodes) })
		}
		supplied := suppliedOf(p)
		switch codes := strings.Join(p.ProductCodes, ", "); {
		case len(p.ForProducts) > 0 && !slices.ContainsFunc(e.s.Product.ProductCodes, func(pc ProductCode) bool { return pc.Scheme == "HS" && hasPrefix(pc, p.ForProducts) }):
			// not a product that always has the part; one without it is named (red team 42: the demo laptop without
			// its board as parts of radio apparatus, HS 852990, 185.4 → 119.3, or as an LCD device, 901380, → 24.1)
			// (or with a bare die for it: 6 cm² of ELEC-IC-DIE-CPU, → 131.2), as the cases below refuse the others
			lack := codes
			if !(e.partKg[i] > 0) && !supplied || len(p.Needs) > 0 && !e.partNeeds[i] && !suppliedOf(RequiredPart{ProductCodes: p.Needs}) {
				if e.partKg[i] > 0 || supplied {
					lack = strings.Join(p.Needs, ", ")
				}
				pcs := strings.Trim(fmt.Sprint(e.s.Product.ProductCodes), "[]")
				w := parts.Absent(p.NameEN, p.NameZH, lack, r.Code, strings.Join(p.ForProducts, ", "), pcs)
				e.warn("bom", w.EN, w.ZH)
			}
		case !(e.partKg[i] > 0) && !supplied:
			return FieldErrorf(EINVALID, "bom", "rule %s (%s) requires %s (%s) in the bill of materials: a counted line with a factor or a supplier footprint of them (product codes %s); the bill of materials has none (exempted lines, packaging and supplier footprints of other products do not count)", r.Code, r.NameEN, p.NameEN, p.NameZH, codes)
		// red team 25: a bare CPU die for the boards, as a line or a supplier's footprint
		case len(p.Needs) > 0 && !e.partNeeds[i] && !suppliedOf(RequiredPart{ProductCodes: p.Needs}):
			return FieldErrorf(EINVALID, "bom", "rule %s (%s) requires %s (%s): a counted line of product codes %s, or a supplier footprint of them; the lines of the part are of its other codes only", r.Code, r.NameEN, p.NameEN, p.NameZH, strings.Join(p.Needs, ", "))
		case !(e.partKg[i] > 0):
			w := parts.NoFactor(r.Code, p.NameEN, p.NameZH, codes)
			e.warn("bom", w.EN, w.ZH)
		case pieces > 0 && e.partPieces[i] < pieces*(1-1e-9): // red team 24: a fifth of a board
			w := parts.FewerThanPieces(r.Code, p.NameEN, p.NameZH, e.partPieces[i], pieces)
			e.warn("bom", w.EN, w.ZH)
		case total > 0 && e.partKg[i] < total*r.CutOffPct/100:
			w := parts.BelowCutOff(r.Code, p.NameEN, p.NameZH, e.partKg[i], total, r.CutOffPct)
			e.warn("bom", w.EN, w.ZH)
		}
		for _, sl := range e.supplierLines { // a supplier's footprint of polysilicon for the cells, as a factor's: 157.3 → 91.2
			if sl.bom && p.has(sl.sp.ProductCodes) && e.partMade[i] != "-" { // once "-", countMade leaves it: its name unwritten
				e.countMade(i, sl.sp.ProductCodes, "supplier footprint "+sl.sp.ID+" at "+sl.path)
			}
		}
		if m := e.partMade[i]; m != "" && m != "-" { // red team 40: the module's cells as 0.66 kg of polysilicon, 157.3 → 94.1
			of, ofZH := "product codes "+strings.Join(p.MadeFrom, ", "), "产品代码 "+strings.Join(p.MadeFrom, ", ")
			if slices.Contains(p.MadeFromFactors, m) { // red team 42: as 54 of CPCD's wafers, CPC 47150 as its cells, 163.2 → 148.7
				of, ofZH = p.MadeFromSource, p.MadeFromSource
			}
			w := parts.MadeFrom(r.Code, p.NameEN, p.NameZH, m, of, ofZH, e.res.Electricity.KWh)
			e.warn("bom", w.EN, w.ZH)
		}
	}
	return nil
}

// warnSupplierFloors warns of a supplier line below its mass of the study's least-emitting material,
// or without a mass: warnings, as a part may be of another material (docs/integrity.md §9).
func (e *engine) warnSupplierFloors() {
	least, code := math.Inf(1), ""
	for c, en := range e.entries {
		f := en.f
		if k := f.Value * f.Unit.EmittedKg / f.Unit.Per.ToBase; f.Category == CategoryMaterial && f.Unit.Per.Dim == DimMass && k > 0 && (k < least || k == least && c < code) {
			least, code = k, c
		}
	}
	floors := map[[2]any]ofcodes.Held{} // supplierFloorOf's of a footprint on a BOM line or not, once each
	for _, sl := range e.supplierLines {
		sup := floor.Supplier{ID: sl.sp.ID, KgCO2e: sl.sp.KgCO2e, Unit: sl.sp.DeclaredUnit.Symbol}
		switch {
		case sl.massKg <= 0 || code == "":
			w := floor.NoMass(sup)
			e.warn(sl.path, w.EN, w.ZH)
		case sl.kg < sl.massKg*least:
			w := floor.BelowMaterial(sup, sl.kg/sl.massKg, code, least)
			e.warn(sl.path, w.EN, w.ZH)
		}
		if !strings.HasPrefix(sl.sp.ID, PACTSupplierPrefix) {
			continue // certificates: their codes are signed in the supplier list from format 9 on only (session 53); not held to their codes' floor yet
		}
		h := once.Of(floors, [2]any{sl.sp, sl.bom}, func() (h ofcodes.Held) { h.F, h.Low, h.Of, h.Broad = e.supplierFloorOf(sl); return h })
		f, low, of, broad, pf, plow, pof := h.F, h.Low, h.Of, h.Broad, "", 0.0, "" // pf…: none of its product, the part's (red team 17: CPC only)
		if f == "" && sl.bom {
			pf, plow, pof = e.lowestFactorOf(sl.sp.DeclaredUnit, func(f *Factor) bool {
				return slices.ContainsFunc(e.rule.RequiredParts, func(p RequiredPart) bool { return p.mayHold(sl.sp.ProductCodes) && p.has(f.ProductCodes) })
			})
		}
		switch part := sl.bom && e.holdsPart(sl.sp); {
		case f != "" && sl.sp.KgCO2e < low:
			w := floor.BelowSet(sup, e.s.FactorSet, f, low)
			e.warn(sl.path, w.EN, w.ZH)
		case f != "" && broad: // with the cheapest product of a class its code names (red team 44: a frame coded HS 76)
			w := floor.Broad(sup, strings.Trim(fmt.Sprint(sl.sp.ProductCodes), "[]"), e.s.FactorSet, f, low)
			e.warn(sl.path, w.EN, w.ZH)
		case f != "": // compared, not below
		case of != "" && part: // a required part per another unit than the set's factors of it
			w := floor.PartOtherUnit(sup, e.rule.Code, e.s.FactorSet, of, e.factors[of].Unit.Per.Symbol)
			e.warn(sl.path, w.EN, w.ZH)
		case part && !slices.ContainsFunc(sl.sp.ProductCodes, func(pc ProductCode) bool { return pc.Scheme == "HS" || pc.Scheme == "CPC" }):
			w := floor.PartNoCode(sup, e.rule.Code, e.s.FactorSet)
			e.warn(sl.path, w.EN, w.ZH)
		case pf != "" && sl.sp.KgCO2e < plow:
			w := floor.PartBelow(sup, e.rule.Code, e.s.FactorSet, pf, plow)
			e.warn(sl.path, w.EN, w.ZH)
		case pf != "": // compared with the part's factors, not below
		case pof != "":
			w := floor.PartOtherUnitMay(sup, e.rule.Code, e.s.FactorSet, pof, e.factors[pof].Unit.Per.Symbol)
			e.warn(sl.path, w.EN, w.ZH)
		default: // compared with nothing of the set (red team 18: a frame under its PACT v2 CPC code, the set's factors under HS)
			ofUnit := ""
			if of != "" {
				ofUnit = e.factors[of].Unit.Per.Symbol
			}
			w := floor.Unmatched(sup, sl.sp.Product, strings.Trim(fmt.Sprint(sl.sp.ProductCodes), "[]"), e.s.FactorSet, of, ofUnit, sl.name)
			e.warn(sl.path, w.EN, w.ZH)
		}
	}
}

// supplierFloorOf returns what supplier line sl's PACT footprint is compared with (ofcodes.Floor, with lowestFactorOf):
// the highest, over its product codes, of the lowest factor passed to Calculate of the study's set of each. On a BOM
// line, a footprint of a rule's required part is compared by the codes a line of the part must be of (Needs), else the
// part's. Red team 44 had the module's cells also coded as float glass, 0.66 kg at 2 kgCO2e/kg, compared with the
// glass, the laptop's board also coded as a CPU die compared with the die, and the module's frame coded HS 76 with
// recycled ingot.
func (e *engine) supplierFloorOf(sl supplierLine) (f string, low float64, of string, broad bool) {
	codes := sl.sp.ProductCodes
parts:
	for _, p := range e.rule.RequiredParts {
		for _, part := range [][]string{p.Needs, p.ProductCodes} {
			if pc := slices.DeleteFunc(slices.Clone(codes), func(pc ProductCode) bool { return !hasPrefix(pc, part) }); sl.bom && len(pc) > 0 {
				codes = pc
				break parts
			}
		}
	}
	return ofcodes.Floor(codes, func(in func(fc ProductCode) bool) (string, float64, string) {
		return e.lowestFactorOf(sl.sp.DeclaredUnit, func(f *Factor) bool { return slices.ContainsFunc(f.ProductCodes, in) })
	})
}

// setFactors returns the factors of the study's set passed to Calculate (no threshold) that convert to u, per u, that
// SupplierFamilies compares a certificate's figure with (session 54; once a unit: figures); a verifier passes the same (ComparisonCodes).
func (e *engine) setFactors(u Unit) (out []montecarlo.Figure) {
	for _, f := range e.factors {
		if f != nil && f.Set == e.s.FactorSet && f.Category != CategoryThreshold && f.Unit.Per.Dim == u.Dim { // KgPer's error otherwise, unwritten
			if k, err := f.Unit.KgPer(f.Value, u); err == nil {
				out = append(out, montecarlo.Figure{Kg: k, Pct: factorUncertaintyPct(f), Families: families(f)})
			}
		}
	}
	return out
}

// meetsAny reports whether a code of a and one of b may be of one product (ProductCode.Meets).
func meetsAny(a, b []ProductCode) bool {
	return slices.ContainsFunc(a, func(x ProductCode) bool { return slices.ContainsFunc(b, x.Meets) })
}

// warnProductFloor warns of a study whose total per declared unit is below every factor of its set of the product
// itself (its codes meet the factor's: meetsAny) in the declared unit: the set's figure of the product is what a study
// of it is checked against (red team 18: a PV cell of metallurgical silicon under electronics at 0.17 kgCO2e, where
// the set's cell is 1.59); a rule of subheadings is one product (rt55, session 55). A warning: primary data may beat an average.
func (e *engine) warnProductFloor(total float64) {
	du, ofIt := e.s.DeclaredUnit, func(f *Factor) bool {
		return meetsAny(f.ProductCodes, e.s.Product.ProductCodes) || subheading.Same(e.rule.ProductCodes, e.s.Product.ProductCodes, f.ProductCodes)
	}
	f, low, _ := e.lowestFactorOf(du.Unit, ofIt)
	low, via, viaZH := low*du.Amount, "", ""
	// A factor per another unit the rule reports in (kWp, m²) is compared through what one piece is of it: a module
	// declared per piece escaped the set's factors per kWp (red team 44: issued 38 % below them, warned per kWp).
	pieces, ok := e.piecesPerDeclaredUnit()
	for _, pu := range e.rule.PerUnits {
		amount, unit := e.perPiece(pu.Basis)
		c, l, _ := e.lowestFactorOf(unit, ofIt)
		if ok && amount > 0 && c != "" && (f == "" || l*amount*pieces < low*(1-1e-9)) {
			f, low = c, l*amount*pieces
			via, viaZH = floor.Through(amount, unit.Symbol)
		}
	}
	if f != "" && total < low {
		w := floor.ProductBelow(total, du.String(), e.s.FactorSet, strings.Trim(fmt.Sprint(e.s.Product.ProductCodes), "[]"), f, low, via, viaZH)
		e.warn("product.product_codes", w.EN, w.ZH)
	}
}

// holdsPart reports whether supplier footprint sp may hold a part the rule requires (RequiredPart.mayHold).
func (e *engine) holdsPart(sp *SupplierFootprint) bool {
	return slices.ContainsFunc(e.rule.RequiredParts, func(p RequiredPart) bool { return p.mayHold(sp.ProductCodes) })
}

// lowestFactorOf returns the lowest emission factor passed to Calculate of the study's set that ofIt holds of sp's
// product (e.g. a product code of one meets one of the other: ProductCode.Meets) that converts to sp's declared unit, in kgCO2e per
// that unit ("": none); of is such a factor that does not convert, if any.
func (e *engine) lowestFactorOf(u Unit, ofIt func(f *Factor) bool) (code string, low float64, of string) {
	for c, f := range e.factors {
		if f == nil || f.Set != e.s.FactorSet || f.Category == CategoryThreshold || !ofIt(f) {
			continue
		}
		if f.Unit.Per.Dim != u.Dim { // KgPer's one error (Convert's), not written: 2,000 factors a calculation
			of = cmp.Or(min(of, c), c)
		} else if k, err := f.Unit.KgPer(f.Value, u); err == nil && k > 0 && (code == "" || k < low || k == low && c < code) {
			code, low = c, k
		}
	}
	return code, low, of
}

func dateString(t time.Time) string { return t.Format(time.DateOnly) }

// electricity computes one electricity line: the part covered by green-power
// instruments at the instruments' factors, the remainder at the grid factor.
// Every factor must be of its slot's role and cover the place where the
// electricity is used (the line's geography, DefaultGeography if none).
func (e *engine) electricity(l *ElectricityLine, path string) (*Contribution, error) {
	stage, grid, err := e.stageFactor(path, l.Quantity, l.Unit, l.Stage, KindElectricity, ".factor", l.Factor,
		useGrid, "a grid-mix life-cycle factor is required for the electricity not covered by instruments")
	if err != nil {
		return nil, err
	}
	if iso := e.rule.Stages[e.lastStageIndex].ISOStage; iso != isoRawMaterial && iso != isoProduction {
		return nil, FieldErrorf(EINVALID, path+".stage", "stage %s is the product's %s: an electricity line is energy the manufacturer and its suppliers consume making it, which their green-power instruments may cover; the use stage's electricity is product.use's (annual kWh × lifetime, at the grid mix of the country of use), and distribution and end of life count by their transport and treatment lines", stage, iso)
	}
	place := cmp.Or(l.Geography, DefaultGeography)
	if err := e.checkPlace(path+".factor", grid.f, place, path+".geography"); err != nil {
		return nil, err
	}
	if _, err := kgPer(path, grid.f, l.Unit); err != nil {
		return nil, err
	}
	kwh, err := Convert(l.Quantity, l.Unit, unitKWh)
	if err != nil {
		return nil, FieldErrorf(EINVALID, path+".unit", "unit %s is not an energy unit", l.Unit.Symbol)
	}
	sum := &e.res.Electricity
	sum.KWh += kwh
	e.gridCodes = append(e.gridCodes, grid.f.Code)

	c := &Contribution{Path: path, Name: l.Name, Kind: ContribElectricity, Stage: stage, Quantity: l.Quantity, Unit: l.Unit.Symbol, Primary: l.Primary}
	if len(l.Instruments) == 0 {
		sum.GridKWh += kwh
		return c, e.factorLeaf(c, path, grid, l.Unit, l.Quality)
	}
	if !(e.s.ReferenceOutput > 0) {
		return nil, FieldErrorf(EINVALID, "reference_output", "reference_output (declared units produced in "+
			"the reference period) is required to spread green-power instruments over one declared unit")
	}
	remaining := kwh
	for j, in := range l.Instruments {
		p := path + ".instruments[" + strconv.Itoa(j) + "]"
		// Only the share of the instrument's period inside the reference
		// period counts (ISO 14067 6.4.9.4: an instrument matches the time
		// of the consumption it covers): a certificate of 2024 that
		// overlaps a 2025 study by one day covers one day's worth.
		mwh := in.MWh
		if inside, days := overlap.Days(in.Period.Start, in.Period.End, e.s.ReferencePeriod.Start, e.s.ReferencePeriod.End); inside < days {
			mwh = in.MWh * float64(inside) / float64(days)
			w := instrument.Outside(NormalizeSerial(in.Serial), days-inside, days, in.Period.String(), e.s.ReferencePeriod.String(), mwh, in.MWh)
			e.warn(p, w.EN, w.ZH)
		}
		perDU := mwh * 1000 / e.s.ReferenceOutput
		if isNaNOrInf(perDU) || perDU > MaxQuantity {
			return nil, FieldErrorf(EINVALID, "reference_output", "reference output %s spreads instrument %s to %s kWh per declared unit, which is out of range (at most %s)", formatNumber(e.s.ReferenceOutput), NormalizeSerial(in.Serial), formatNumber(perDU), formatNumber(MaxQuantity))
		}
		covered := min(perDU, remaining)
		remaining -= covered
		claimed := ClaimedInstrument{
			Path: p, Kind: in.Kind, Serial: NormalizeSerial(in.Serial), SerialLast: NormalizeSerial(in.SerialLast), MWh: in.MWh, Period: in.Period,
			Technology: in.Technology, Factor: in.Factor, TransmissionFactor: in.TransmissionFactor, Delivery: in.Delivery,
			CoveredKWh: covered, UnusedMWh: (perDU - covered) * e.s.ReferenceOutput / 1000,
		}
		// A green certificate is one MWh, claimed once in the register: a
		// whole one claimed and not used would be kept from every other
		// company (a batch of a billion squats a series), so it is refused.
		if mwh := func(x float64) string { return strconv.FormatFloat(math.Round(x*1000)/1000, 'f', -1, 64) }; in.Kind == InstrumentGreenCertificate && claimed.UnusedMWh >= 1 {
			e.unusedClaim = cmp.Or(e.unusedClaim, error(FieldErrorf(EINVALID, p+".mwh", "green certificates %s: %s of the %s MWh claimed are not used by this line: claim only the certificates it uses, each claimed is kept from every other company", in.claim("", "").Name(), mwh(claimed.UnusedMWh), mwh(in.MWh))))
		} else if claimed.UnusedMWh > 0 {
			w := instrument.Unused(claimed.Serial, claimed.UnusedMWh)
			e.warn(p, w.EN, w.ZH)
		}
		sum.Instruments = append(sum.Instruments, claimed)
		sum.InstrumentKWh += covered

		node := &Contribution{Path: p, Name: string(in.Kind) + " " + claimed.Serial, Kind: ContribInstrument,
			Stage: stage, Quantity: covered, Unit: unitKWh.Symbol, Primary: l.Primary}
		if in.Technology != "" {
			node.Name += " (" + in.Technology + ")"
		}
		gridDelivered := in.Delivery == "" || in.Delivery == DeliveryGrid
		gen := node
		if gridDelivered {
			gen = &Contribution{Path: p + ".generation", Name: node.Name + " generation", Kind: ContribInstrument, Stage: stage, Quantity: covered, Unit: unitKWh.Symbol, Primary: l.Primary}
		}
		if in.Factor == "" {
			if !e.rule.ZeroEmissionInstruments {
				return nil, FieldErrorf(EINVALID, p+".factor", "a generation life-cycle factor is required: rule %s does not count green power as zero (ISO 14067 6.4.9.4: life-cycle emissions of the supply)", e.rule.Code)
			}
			e.count(gen, e.source("zero", 0))
		} else {
			f, err := e.factor(p+".factor", in.Factor, useGeneration)
			if err != nil {
				return nil, err
			}
			if err := e.checkGeneration(p, in, f.f, place, path+".geography"); err != nil {
				return nil, err
			}
			if err := e.factorLeaf(gen, p+".factor", f, unitKWh, l.Quality); err != nil {
				return nil, err
			}
		}
		switch {
		case gridDelivered && in.TransmissionFactor == "":
			return nil, FieldErrorf(EINVALID, p+".transmission_factor", "a transmission and distribution factor is required for green power delivered through the grid (a T&D factor including line losses, role %s, e.g. ELEC-CN-TD-LOSS-CF-2024); power generated on the site or brought by a private line says so with delivery %q or %q", ElectricityRoleTD, DeliveryOnSite, DeliveryDirectLine)
		case gridDelivered:
			td := &Contribution{Path: p + ".transmission", Name: node.Name + " transmission and distribution", Kind: ContribInstrument, Stage: stage, Quantity: covered, Unit: unitKWh.Symbol, Primary: l.Primary}
			f, err := e.factor(p+".transmission_factor", in.TransmissionFactor, useTD)
			if err != nil {
				return nil, err
			}
			if err := e.checkPlace(p+".transmission_factor", f.f, place, path+".geography"); err != nil {
				return nil, err
			}
			if err := e.factorLeaf(td, p+".transmission_factor", f, unitKWh, l.Quality); err != nil {
				return nil, err
			}
			node.addChild(gen)
			node.addChild(td)
		case in.TransmissionFactor != "":
			return nil, FieldErrorf(EINVALID, p+".transmission_factor", "instrument %s is %s supply, which does not pass through the grid: remove the transmission factor, or set delivery %q", claimed.Serial, in.Delivery, DeliveryGrid)
		default:
			w := instrument.Delivery(claimed.Serial, in.Delivery)
			e.warn(p, w.EN, w.ZH)
		}
		c.addChild(node)
	}
	sum.GridKWh += remaining
	g := &Contribution{Path: path + ".grid", Name: "grid electricity", Kind: ContribGrid, Stage: stage, Quantity: remaining, Unit: unitKWh.Symbol, Primary: l.Primary}
	if err := e.factorLeaf(g, path+".factor", grid, unitKWh, l.Quality); err != nil {
		return nil, err
	}
	c.addChild(g)
	return c, nil
}

// checkGeneration checks the generation factor f of instrument in (already
// of a generation role): it covers the place of use, is renewable, and is
// of the technology the instrument states.
func (e *engine) checkGeneration(p string, in *GreenInstrument, f *Factor, place, placeField string) error {
	if err := e.checkPlace(p+".factor", f, place, placeField); err != nil {
		return err
	}
	tech := f.ElectricityRole.Technology()
	if !slices.Contains(RenewableTechnologies, tech) {
		return FieldErrorf(EINVALID, p+".factor", "factor %s is for %s generation; green-power instruments "+
			"are for renewable generation (%s)", f.Code, tech, strings.Join(RenewableTechnologies, ", "))
	}
	if in.Technology != "" && !strings.EqualFold(strings.TrimSpace(in.Technology), tech) {
		return FieldErrorf(EINVALID, p+".technology", "technology %s does not match factor %s (%s)", in.Technology, f.Code, f.ElectricityRole)
	} else if in.Technology == "" { // any renewable factor would pass: the lowest, hydro, for a PV certificate
		w := instrument.NoTechnology(NormalizeSerial(in.Serial), f.Code, tech)
		e.warn(p+".technology", w.EN, w.ZH)
	}
	return nil
}

// fuel computes a fuel line: combustion plus upstream supply. The
// combustion factor counts either the burning only (boundary combustion),
// and then the upstream factor counts the fuel's supply chain (boundary
// cradle-to-gate), or the full chain (boundary life-cycle or
// cradle-to-grave), and then there is no upstream factor. Under a rule with
// FuelUpstreamRequired (every built-in rule) a burning-only factor without
// an upstream factor is an error, not a warning.
func (e *engine) fuel(l *FuelLine, path string) (*Contribution, error) {
	stage, comb, err := e.stageFactor(path, l.Quantity, l.Unit, l.Stage, KindFuel, ".combustion_factor", l.CombustionFactor, useFuel, "a combustion factor is required")
	if err != nil {
		return nil, err
	}
	var up *factorEntry
	switch b := comb.f.Boundary; {
	case b != BoundaryCombustion && b != BoundaryLifeCycle && b != BoundaryCradleToGrave:
		return nil, FieldErrorf(EINVALID, path+".combustion_factor", "factor %s is %s, not a combustion factor: the combustion slot takes a factor of the burning (boundary %s) or of the fuel's full chain (%s or %s)", comb.f.Code, b, BoundaryCombustion, BoundaryLifeCycle, BoundaryCradleToGrave)
	case b != BoundaryCombustion && l.UpstreamFactor != "":
		return nil, FieldErrorf(EINVALID, path+".upstream_factor", "combustion factor %s is %s: it includes "+
			"the fuel's supply chain, which the upstream factor would count twice", comb.f.Code, b)
	case b != BoundaryCombustion:
	case l.UpstreamFactor == "" && e.rule.FuelUpstreamRequired:
		return nil, FieldErrorf(EINVALID, path+".upstream_factor", "an upstream factor is required: combustion factor %s counts only the burning, and rule %s counts the fuel's supply chain too (GB/T 24067, see docs/integrity.md); or use a full-chain factor (boundary %s)", comb.f.Code, e.rule.Code, BoundaryLifeCycle)
	case l.UpstreamFactor == "":
		e.warn(path+".upstream_factor", "no upstream factor: the emissions of the fuel's supply chain are not included", "没有上游因子:未计入燃料供应链的排放")
	default:
		if up, err = e.factor(path+".upstream_factor", l.UpstreamFactor, useFuel); err != nil {
			return nil, err
		}
		if up.f.Boundary != BoundaryCradleToGate {
			return nil, FieldErrorf(EINVALID, path+".upstream_factor", "factor %s is %s, not an upstream factor: the upstream slot takes the fuel's supply chain (boundary %s)", up.f.Code, up.f.Boundary, BoundaryCradleToGate)
		}
		if !oneProduct(comb.f.ProductCodes, up.f.ProductCodes) { // diesel burnt at raw coal's factor
			return nil, FieldErrorf(EINVALID, path+".upstream_factor", "factor %s is of %s and combustion factor %s of %s: a fuel line burns the fuel it supplies", up.f.Code, up.f.ProductCodes, comb.f.Code, comb.f.ProductCodes)
		}
	}
	c := &Contribution{Path: path, Name: l.Name, Kind: ContribFuel, Stage: stage, Quantity: l.Quantity, Unit: l.Unit.Symbol, Primary: l.Primary}
	for _, p := range []struct {
		suffix, field, kind string
		f                   *factorEntry
	}{
		{".combustion", ".combustion_factor", ContribCombustion, comb},
		{".upstream", ".upstream_factor", ContribUpstream, up},
	} {
		if p.f == nil {
			continue
		}
		leaf := &Contribution{Path: path + p.suffix, Name: l.Name + " " + p.kind, Kind: p.kind, Stage: stage, Quantity: l.Quantity, Unit: l.Unit.Symbol, Primary: l.Primary}
		if err := e.factorLeaf(leaf, path+p.field, p.f, l.Unit, l.Quality); err != nil {
			return nil, err
		}
		c.addChild(leaf)
	}
	warnAll(e, fuelunit.Small(path+".unit", l.Quantity, l.Unit.Symbol, string(l.Unit.Dim), l.Unit.ToBase,
		comb.f.Code, comb.f.Unit.Per.Symbol, string(comb.f.Unit.Per.Dim), comb.f.Unit.Per.ToBase, c.KgCO2e))
	return c, nil
}

// oneProduct reports whether product codes a and b may be of one product: a code of each in a scheme both use
// starts with the other, or they share no scheme (nothing says they differ).
func oneProduct(a, b []ProductCode) bool {
	shared := false
	for _, x := range a {
		for _, y := range b {
			if x.Meets(y) {
				return true
			}
			shared = shared || x.Scheme == y.Scheme
		}
	}
	return !shared
}

// transport computes a transport leg in t·km.
func (e *engine) transport(l *TransportLeg, path string) (*Contribution, error) {
	if err := checkQuantity(path+".mass", l.Mass.Value, l.Mass.Unit); err != nil {
		return nil, err
	}
	if err := checkQuantity(path+".distance", l.Distance.Value, l.Distance.Unit); err != nil {
		return nil, err
	}
	t, err := l.Mass.In(unitT)
	if err != nil {
		return nil, FieldErrorf(EINVALID, path+".mass.unit", "unit %s is not a mass unit", l.Mass.Unit.Symbol)
	}
	km, err := l.Distance.In(unitKm)
	if err != nil {
		return nil, FieldErrorf(EINVALID, path+".distance.unit", "unit %s is not a length unit", l.Distance.Unit.Symbol)
	}
	if err := checkRange(path, "transport work (t·km)", t*km, MaxQuantity); err != nil {
		return nil, err
	}
	if !slices.Contains(TransportModes, l.Mode) {
		return nil, FieldErrorf(EINVALID, path+".mode", "unknown transport mode %q (want one of %s)", l.Mode, strings.Join(TransportModes, ", "))
	}
	fp := path + ".factor"
	stage, f, err := e.stageFactor(path, t*km, unitTKm, l.Stage, KindTransport, ".factor", l.Factor, useTransport, "a transport factor is required")
	if err != nil {
		return nil, err
	}
	if err := e.checkTransportFactor(fp, f.f, l.Mode); err != nil {
		return nil, err
	}
	c := &Contribution{Path: path, Name: l.Name, Kind: ContribTransport, Stage: stage, Quantity: t * km, Unit: unitTKm.Symbol, Primary: l.Primary}
	if err := e.factorLeaf(c, fp, f, unitTKm, l.Quality); err != nil {
		return nil, err
	}
	if l.Mode == ModeAir {
		e.res.AircraftKgCO2e += c.KgCO2e
	}
	iso := e.rule.Stages[e.stageIndex[stage]].ISOStage
	e.allLegs = append(e.allLegs, legs.Stated{Leg: legs.Leg{Path: path, Kg: t * 1000, KgCO2e: c.KgCO2e},
		Dist: iso == isoDistribution, Distance: l.Distance.Value, Km: km, Unit: l.Distance.Unit.Symbol})
	switch iso {
	case isoDistribution:
		e.distMassKg += t * 1000
	case isoRawMaterial, isoProduction:
		e.bounds.inboundKg += t * 1000
		e.bounds.inbound = append(e.bounds.inbound, path)
	}
	return c, nil
}

// checkTransportFactor refuses a transport factor f for a leg of mode mode
// when it is of another mode (a sea factor is a fifteenth of a road one),
// has no mode (stored before modes existed), or counts only the fuel burnt
// in the vehicle where the rule needs the fuel's upstream too.
func (e *engine) checkTransportFactor(path string, f *Factor, mode string) error {
	switch {
	case f.TransportMode == "":
		return FieldErrorf(EINVALID, path, "factor %s has no transport mode (it was stored before modes existed), so no leg takes it: a curator classifies it in a new version of set %s (transport_mode column of the factor CSV; see docs/integrity.md)", f.Code, f.Set)
	case f.TransportMode != mode:
		return FieldErrorf(EINVALID, path, "factor %s is for %s transport; the leg's mode is %s: a leg takes only a factor of its own mode", f.Code, f.TransportMode, mode)
	case e.rule.FuelUpstreamRequired && f.Boundary == BoundaryCombustion:
		return FieldErrorf(EINVALID, path, "factor %s counts only the fuel burnt in the vehicle (boundary %s, tank-to-wheel); rule %s counts the fuel's supply chain too: use a factor that includes it", f.Code, f.Boundary, e.rule.Code)
	}
	return nil
}

// use computes the use stage: annual energy × lifetime × grid factor of the country of use, of one piece, × the pieces of the declared unit.
func (e *engine) use(u *UseProfile, path string) (*Contribution, error) {
	pieces, ok := e.piecesPerDeclaredUnit()
	kwh := u.AnnualKWh * u.LifetimeYears * pieces
	switch {
	case !ok:
		return nil, FieldErrorf(EINVALID, path, "the use profile is of one piece of product, and the declared unit %s does not say how many pieces it is: give the product's figure the declared unit is of", e.s.DeclaredUnit)
	case !(u.AnnualKWh >= 0) || isNaNOrInf(u.AnnualKWh):
		return nil, FieldErrorf(EINVALID, path+".annual_kwh", "annual energy must be a number not below 0")
	case u.AnnualKWh > MaxQuantity:
		return nil, FieldErrorf(EINVALID, path+".annual_kwh", "annual energy %s kWh is out of range (at most %s)", formatNumber(u.AnnualKWh), formatNumber(MaxQuantity))
	case !(u.LifetimeYears > 0) || isNaNOrInf(u.LifetimeYears):
		return nil, FieldErrorf(EINVALID, path+".lifetime_years", "lifetime must be a positive number of years")
	case u.LifetimeYears > MaxLifetimeYears:
		return nil, FieldErrorf(EINVALID, path+".lifetime_years", "lifetime %s years is out of range (at most %d)", formatNumber(u.LifetimeYears), MaxLifetimeYears)
	case u.Country != "" && (len(u.Country) != 2 || strings.Trim(strings.ToUpper(u.Country), "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != ""):
		return nil, FieldErrorf(EINVALID, path+".country", "the country of use must be a country (ISO "+
			"3166-1, e.g. CN), not %q: a product sold in a country is used on that country's grid", u.Country)
	case kwh > MaxQuantity: // of every piece of the declared unit
		return nil, FieldErrorf(EINVALID, path+".annual_kwh", "lifetime energy %s kWh is out of range (at most %s)", formatNumber(kwh), formatNumber(MaxQuantity))
	}
	stage, f, err := e.stageFactor(path, kwh, unitKWh, u.Stage, KindUse, ".factor", u.Factor, useUse, "the grid-mix life-cycle factor of the country of use is required")
	if err != nil {
		return nil, err
	}
	if err := e.checkPlace(path+".factor", f.f, cmp.Or(u.Country, DefaultGeography), path+".country"); err != nil {
		return nil, err
	}
	c := &Contribution{Path: path, Name: usestage.Name(u.AnnualKWh, u.LifetimeYears, pieces, u.Country), Kind: ContribUse, Stage: stage, Quantity: kwh, Unit: unitKWh.Symbol}
	return c, e.factorLeaf(c, path+".factor", f, unitKWh, nil)
}

// endOfLife computes a waste line; a credit goes to Result.Credits.
func (e *engine) endOfLife(l *EndOfLifeLine, path string) error {
	if l == nil {
		return FieldErrorf(EINVALID, path, "line is empty")
	}
	if !slices.Contains(Treatments, l.Treatment) {
		return FieldErrorf(EINVALID, path+".treatment", "unknown treatment %q (want one of %s)", l.Treatment, strings.Join(Treatments, ", "))
	}
	stage, en, err := e.stageFactor(path, l.Quantity, l.Unit, l.Stage, KindEndOfLife, ".factor", l.Factor, useEndOfLife, "an end-of-life factor is required")
	if err != nil {
		return err
	}
	f := en.f
	switch f.Treatment {
	case "":
		return FieldErrorf(EINVALID, path+".factor", "factor %s has no treatment (it was stored before treatments existed), so no end-of-life line takes it: a curator classifies it in a new version of set %s (treatment column of the factor CSV; see docs/integrity.md)", f.Code, f.Set)
	case l.Treatment:
	default:
		return FieldErrorf(EINVALID, path+".factor", "factor %s is for %s; the line's treatment is %s: an "+
			"end-of-life line takes only a factor of its own treatment", f.Code, f.Treatment, l.Treatment)
	}
	c := &Contribution{Path: path, Name: l.Name, Kind: ContribEndOfLife, Stage: stage, Quantity: l.Quantity, Unit: l.Unit.Symbol, Primary: l.Primary}
	if f.Value >= 0 {
		e.addRoot(c)
		if l.Unit.Dim == DimMass && e.rule.Stages[e.lastStageIndex].ISOStage == isoEndOfLife { // the product's, not production scrap (red team 33)
			e.eolMassKg += e.bounds.credits.Send(l.Treatment, en.mat, l.Quantity*l.Unit.ToBase) // what a credit of its treatment pairs with (red team 80)
		}
		return e.factorLeaf(c, path+".factor", en, l.Unit, l.Quality)
	}
	// A recycling credit: reported apart, never netted into the total.
	k, err := kgPer(path+".factor", f, l.Unit)
	if err != nil {
		return err
	}
	c.FactorCode, c.FactorSet, c.FactorValue, c.FactorUnit = f.Code, f.Set, f.Value, en.unit
	c.KgCO2e = c.Quantity * k
	if err := checkKg(path+".factor", c.KgCO2e); err != nil {
		return err
	}
	e.rate(c, path, l.Quality, f.Quality.DQR())
	if l.Unit.Dim == DimMass {
		e.bounds.credits.Credit(path, l.Treatment, l.Quantity*l.Unit.ToBase, en.mat)
	}
	e.res.Credits = append(e.res.Credits, c)
	e.res.CreditsKgCO2e += c.KgCO2e
	return nil
}

// finish derives the totals, shares, per-unit figures, scenarios, quality statistics and uncertainty, and checks the cut-off limit.
func (e *engine) finish() error {
	s, r, res := e.s, e.rule, e.res
	res.EngineVersion = EngineVersion
	res.Rule, res.RuleVersion = r.Code, r.Version
	res.Boundary, res.DeclaredUnit, res.ReferencePeriod, res.FactorSet = s.Boundary, s.DeclaredUnit, s.ReferencePeriod, s.FactorSet
	res.ProductName, res.ProductModel = cmp.Or(s.Product.Name, s.Product.NameZH), s.Product.Model
	res.CutOffLimitPct = r.CutOffPct

	var total float64
	var largest *Contribution
	for _, c := range res.Lines {
		total += c.KgCO2e
		if largest == nil || math.Abs(c.KgCO2e) > math.Abs(largest.KgCO2e) {
			largest = c
		}
	}
	if isNaNOrInf(total) || math.Abs(total) > MaxKgCO2e {
		return FieldErrorf(EINVALID, largest.Path, "the total, %s kgCO2e per declared unit, is out of range "+
			"(at most %s); its largest line is this one", formatNumber(total), formatNumber(MaxKgCO2e))
	}
	res.KgCO2e = total
	res.FossilKgCO2e, res.BiogenicKgCO2e, res.BiogenicSplitKnown = total, 0, false

	for i, st := range r.Stages {
		if !st.InBoundary(s.Boundary) {
			continue
		}
		res.Stages = append(res.Stages, StageTotal{Code: st.Code, NameEN: st.NameEN, NameZH: st.NameZH, KgCO2e: e.stageKg[i], SharePct: share(e.stageKg[i], total)})
	}
	e.warnTokenStages(total)
	warnAll(e, asked.Token(r.Requires, askedReq, res.Lines, func(c *Contribution) (string, float64) { return c.Path, c.KgCO2e }, total, r.CutOffPct, TokenStageShareDivisor)...)
	if u := s.Product.Use; u != nil { // red team 82: a use stage of the size of a cut-off
		warnAll(e, usestage.SmallAt(e.useKg, total, r.CutOffPct, TokenStageShareDivisor, r.Code, u.AnnualKWh, u.LifetimeYears))
		warnAll(e, usestage.Unsourced(u.EnergySource, e.useKg, total, r.Code, u.AnnualKWh, u.LifetimeYears)) // red team 56b
	}
	warnAll(e, gatename.Finished(s.Boundary == BoundaryCradleToGate, r.Code, r.ProductCodes, r.CradleToGateCodes, s.Product.ProductCodes, s.Product.Name, s.Product.NameZH)) // red team 56b
	e.warnSupplierFloors()
	e.warnProductFloor(total)
	var chips []die.Line[ProductCode] // factors per die area, and what may count their packages (red team 71)
	for _, en := range e.entries {
		if u := en.f.Unit; en.bomPath != "" && (u.Per.CountsOneItem() || u.Per.Dim == DimArea && strings.EqualFold(u.Qualifier, "die")) {
			chips = append(chips, die.Line[ProductCode]{Path: en.bomPath, Factor: en.f.Code, Codes: en.f.ProductCodes, Note: en.f.Notes, Die: u.Per.Dim == DimArea, Items: float64(b2i(u.Per.CountsOneItem())) * en.use.KgCO2e / (en.f.Value * u.EmittedKg) * u.Per.ToBase})
		}
	}
	for id, u := range e.supplierUse {
		if sp := e.suppliers[id]; sp != nil && sp.DeclaredUnit.CountsOneItem() {
			chips = append(chips, die.Line[ProductCode]{Supplier: id, Codes: sp.ProductCodes, Items: u.Contribution / sp.KgCO2e * sp.DeclaredUnit.ToBase})
		}
	}
	pieces, _ := e.piecesPerDeclaredUnit()
	warnAll(e, die.Unbased(chips, pieces)...)
	var cells []narrow.Line[ProductCode] // red team 77: another rule's cells counted under this one
	for _, en := range e.entries {
		if en.bomPath != "" {
			cells = append(cells, narrow.Line[ProductCode]{Path: en.bomPath, Factor: en.f.Code, Codes: en.f.ProductCodes})
		}
	}
	for _, sl := range e.supplierLines {
		if sl.bom {
			cells = append(cells, narrow.Line[ProductCode]{Path: sl.path, Factor: sl.sp.ID, Codes: sl.sp.ProductCodes})
		}
	}
	warnAll(e, narrow.Cells(e.rule.Code, e.s.Product.ProductCodes, narrowRules(), cells))
	if p := e.s.Product; e.glass && e.rule.MaxEfficiencyPct > 0 && p.MassKg >= p.AreaM2*LightestModuleKgPerM2 && p.MassKg < p.AreaM2*LightestGlassModuleKgPerM2 {
		w := pv.Glass(p.MassKg, p.AreaM2, LightestGlassModuleKgPerM2)
		e.warn("product.area_m2", w.EN, w.ZH)
	}
	if err := e.checkRequiredParts(total); err != nil {
		return err
	}
	top := make([]*Contribution, 0, HotspotCount)
	var fin finiteLines // checked while the shares are set, reported by checkFinite
	for _, c := range res.Lines {
		setShares(c, total, &top, &fin.lines)
	}
	for _, c := range res.Credits {
		c.SharePct = share(c.KgCO2e, total)
	}
	res.Hotspots = top
	for _, n := range e.useOrder {
		if bd := n.bd; bd != nil {
			res.Assemblies = append(res.Assemblies, bd)
			var err error
			for _, c := range bd.Lines {
				scaleShares(c, bd.Multiplier, total, &err)
			}
			if err != nil && fin.assembly == nil {
				fin.assembly, fin.at = err, len(res.Assemblies)-1
			}
		}
	}

	res.PrimaryDataSharePct = share(e.primaryKg, total)
	if e.dqr.Kg > 0 {
		res.DQR, res.DQRSelfRatedPct = e.dqr.DQR(), e.dqr.SelfPct()
		res.DQRLevel = DQRLevel(res.DQR)
		res.DQRCoveragePct = share(e.dqr.Kg, total)
	}

	// Electricity approach.
	el := &res.Electricity
	slices.Sort(e.gridCodes)
	el.GridFactors = slices.Compact(e.gridCodes)
	switch {
	case len(s.Electricity) == 0:
		el.Approach = ElectricityNone
	case el.InstrumentKWh == 0:
		el.Approach = ElectricityGrid
	case el.GridKWh == 0:
		el.Approach = ElectricityGreenPower
	default:
		el.Approach = ElectricityMixed
	}

	// Per-unit totals.
	pieces, ok := e.piecesPerDeclaredUnit()
	if ok {
		perPiece := total / pieces
		if err := checkRange(perPieceField(e.s.DeclaredUnit), "the footprint per piece (total ÷ pieces per declared unit), in kgCO2e,", perPiece, MaxKgCO2e); err != nil {
			return err
		}
		for _, pu := range r.PerUnits {
			amount, unit := e.perPiece(pu.Basis)
			if !(amount > 0) {
				e.warn("product", fmt.Sprintf("no result %s: the product does not give its %s", pu.LabelEN,
					pu.Basis), fmt.Sprintf("没有%s的结果:产品未给出其 %s", pu.LabelZH, pu.Basis))
				continue
			}
			puUnit := pu.unit
			n, err := Convert(amount, unit, puUnit)
			if err != nil {
				return fmt.Errorf("rule %s per unit %s: %w", r.Code, pu.Unit, err)
			}
			if err := checkRange(basisField(pu.Basis), "the footprint "+pu.LabelEN, perPiece/n, MaxKgCO2e); err != nil {
				return err
			}
			res.PerUnit = append(res.PerUnit, UnitTotal{Unit: puUnit.Symbol, Basis: pu.Basis, LabelEN: pu.LabelEN, LabelZH: pu.LabelZH, KgCO2e: perPiece / n})
		}
		if sc := s.PVScenario; sc != nil && s.Product.RatedPowerWp > 0 {
			e.warnScenario(sc)
			// Linear degradation: Σ_{y=0}^{L-1} (1 − y·d) = L − d·L(L−1)/2.
			L, d := sc.LifetimeYears, sc.DegradationPctPerYear/100
			kwh := s.Product.RatedPowerWp / 1000 * sc.SpecificYieldKWhPerKWp * (L - d*L*(L-1)/2)
			if err := checkRange("product.rated_power_wp", "the footprint per kWh generated (scenario)", perPiece/kwh, MaxKgCO2e); err != nil {
				return err
			}
			res.Scenarios = append(res.Scenarios, Scenario{
				Name:    "pv-per-kwh",
				LabelEN: "per kWh generated (scenario, not the declared result)",
				LabelZH: "每千瓦时发电量(情景,非声明结果)",
				Unit:    unitKWh.Symbol, KgCO2e: perPiece / kwh,
				LifetimeYears: L, DegradationPct: sc.DegradationPctPerYear, YieldKWhPerKWp: sc.SpecificYieldKWhPerKWp,
				LifetimeKWh: kwh, Source: sc.Source,
			})
		}
	}

	// Cut-off.
	if len(res.Exempted) > 0 {
		screened := true
		for _, x := range res.Exempted {
			res.ExemptedMassKg += x.MassKg
			res.ExemptedKgCO2e += x.ScreeningKgCO2e
			screened = screened && x.ScreeningFactor != ""
		}
		// Exempted lines may be packaging, so the denominator is the
		// product's mass plus its packaging's; packaging does not dilute
		// the product's own share, prodPct (red teams 8 and 24: a rack).
		bomDenom := e.bomMassKg + e.pkgMassKg
		massDenom := bomDenom
		if ok && s.Product.MassKg > 0 {
			massDenom = s.Product.MassKg*pieces + e.pkgMassKg
		}
		res.ExemptedMassPct = share(res.ExemptedMassKg, massDenom)
		prod := min(massDenom, bomDenom) - e.pkgMassKg
		prodPct := share(res.ExemptedMassKg-e.pkgExemptKg, prod)
		if screened {
			res.ExemptedBasis = "emissions"
			res.ExemptedPct = share(res.ExemptedKgCO2e, total+res.ExemptedKgCO2e)
			if res.ExemptedPct > r.CutOffPct {
				return FieldErrorf(EINVALID, "bom", "exempted items are %s %% of emissions (screening estimate), over the %s %% cut-off limit of rule %s", formatNumber(RoundSig(res.ExemptedPct, 3)), formatNumber(r.CutOffPct), r.Code)
			}
			if max(res.ExemptedMassPct, prodPct) > r.CutOffPct {
				// The share in emissions rests on the screening factors,
				// which the study chooses: a cheap one screens a heavy
				// part away. Show the certifier what the mass says.
				codes := make([]string, len(res.Exempted))
				for i, x := range res.Exempted {
					codes[i] = x.ScreeningFactor
				}
				w := balance.Exempted(max(res.ExemptedMassPct, prodPct), r.CutOffPct, strings.Join(list.Set(codes), ", "), res.ExemptedPct)
				e.warn("bom", w.EN, w.ZH)
			}
		} else {
			res.ExemptedBasis = "mass"
			if e.unmassedExempt != "" {
				// A line in pieces or m² has no mass to state a share by.
				return FieldErrorf(EINVALID, e.unmassedExempt+".exempt", "this exempted line is not in a mass unit, so its share cannot be stated by mass, and other exempted lines have no screening factor: give every exempted line a screening factor, so that the share is stated in emissions")
			}
			if res.ExemptedMassPct > r.CutOffPct {
				return FieldErrorf(EINVALID, "bom", "exempted items are %s %% of product mass, over the %s %% cut-off limit of rule %s (give screening factors to state the share in emissions)", formatNumber(RoundSig(res.ExemptedMassPct, 3)), formatNumber(r.CutOffPct), r.Code)
			}
			// The declared product mass is the manufacturer's word: a mass
			// larger than the BOM's mass lines account for would make the
			// exempted share look smaller, so the share is judged against
			// the lesser of the two (issue 9).
			if bomDenom < massDenom {
				res.ExemptedMassPct = share(res.ExemptedMassKg, bomDenom)
				if res.ExemptedMassPct > r.CutOffPct {
					return FieldErrorf(EINVALID, "bom", "exempted items are %s %% of the mass the bill of materials accounts for (%s kg per declared unit in lines with a mass unit, with packaging), over the %s %% cut-off limit of rule %s; the declared product mass (%s kg per declared unit) is larger than the BOM shows, so the share is not judged against it (give the BOM's lines in mass units, or screening factors to state the share in emissions)",
						formatNumber(RoundSig(res.ExemptedMassPct, 3)), formatNumber(RoundSig(bomDenom, 6)), formatNumber(r.CutOffPct), r.Code, formatNumber(RoundSig(massDenom, 6)))
				}
			}
			if prodPct > r.CutOffPct {
				return FieldErrorf(EINVALID, "bom", "exempted items of the bill of materials are %s %% of the product's %s kg per declared unit, without its packaging, over the %s %% cut-off limit of rule %s (give screening factors to state the share in emissions)", formatNumber(RoundSig(prodPct, 3)), formatNumber(RoundSig(prod, 6)), formatNumber(r.CutOffPct), r.Code)
			}
		}
	}
	e.padding.Stacked(res.ExemptedBasis, res.ExemptedPct, res.ExemptedMassPct, s.Product.MassKg*pieces, r.CutOffPct, r.Code, e.unweighed, e.warn) // red team 80: the exempted share beside the mass in no line and the padding

	// Traceability lists, in a fixed order.
	if n := len(e.supplierUse); n > MaxSuppliers {
		return FieldErrorf(EINVALID, "bom", "the study references %d supplier footprints; a certificate lists at most %d", n, MaxSuppliers)
	}
	for _, code := range slices.Sorted(maps.Keys(e.factorUse)) {
		res.Factors = append(res.Factors, e.factorUse[code])
	}
	var panels []area.Use // supplier footprints per area of a product of the rule's own: a display's panel (red team 62)
	for _, id := range slices.Sorted(maps.Keys(e.supplierUse)) {
		u := e.supplierUse[id]
		res.Suppliers = append(res.Suppliers, u)
		i := slices.IndexFunc(e.supplierLines, func(sl supplierLine) bool { return sl.sp.ID == id && sl.bom })
		if i < 0 || !(u.KgCO2e > 0) || e.supplierLines[i].sp.DeclaredUnit.Dim != DimArea {
			continue
		}
		if sp := e.supplierLines[i].sp; slices.ContainsFunc(sp.ProductCodes, func(pc ProductCode) bool { return hasPrefix(pc, e.rule.ProductCodes) }) {
			panels = append(panels, area.Use{Path: e.supplierLines[i].path, ID: id, Product: sp.Product,
				Codes: fmt.Sprint(sp.ProductCodes), M2: u.Contribution / u.KgCO2e * sp.DeclaredUnit.ToBase})
		}
	}
	for _, pu := range e.rule.PerUnits {
		amount, _ := e.perPiece(pu.Basis)
		if pieces, ok := e.piecesPerDeclaredUnit(); ok && pu.unit.Dim == DimArea && pu.Basis != PerPiece && amount > 0 && len(panels) > 0 {
			warnAll(e, area.Short(amount*pieces, basisField(pu.Basis), panels))
		}
	}

	res.Uncertainty = monteCarlo(e.sources)
	return checkFinite(res, fin)
}

// namedNumber is a number of a result with the name an error gives it.
type namedNumber struct {
	field string
	x     float64
}

// finiteLines is what setShares and scaleShares found for checkFinite:
// the first line of Result.Lines with a number out of range, and the first
// of the shared sub-assemblies' lines, in Result.Assemblies[at].
type finiteLines struct {
	lines, assembly error
	at              int
}

// checkLineFinite is checkFinite for one contribution.
func checkLineFinite(c *Contribution) error {
	// A sum of finite numbers is finite but when it overflows, and a sum
	// with a NaN or an infinity is not: s−s is 0 exactly when s is finite.
	if s := c.Quantity + c.FactorValue + c.KgCO2e + c.SharePct + c.DQR; s-s == 0 {
		if math.Abs(c.KgCO2e) <= MaxKgCO2e { // checkKg, inline
			return nil
		}
		return kgError(c.Path, c.KgCO2e)
	}
	for _, x := range [...]float64{c.Quantity, c.FactorValue, c.KgCO2e, c.SharePct, c.DQR} {
		if isNaNOrInf(x) {
			return FieldErrorf(EINVALID, c.Path, "the line gives a number out of range (%s)", formatNumber(x))
		}
	}
	return checkKg(c.Path, c.KgCO2e)
}

// outOfRange is checkFinite's error for a result figure.
func outOfRange(what string, x float64) error {
	return Errorf(EINVALID, "the result's %s is out of range (%s): check the study's quantities", what, formatNumber(x))
}

// perPieceField names the input that makes the footprint per piece: the
// declared unit, or the product figure a declared unit in kWp or m² is
// divided by.
func perPieceField(du DeclaredUnit) string {
	if du.Unit.Dim.IsCount() {
		return "declared_unit.amount"
	}
	return "declared_unit"
}

// basisField names the product field a per-unit figure divides by.
func basisField(basis string) string {
	switch basis {
	case PerRatedPower:
		return "product.rated_power_wp"
	case PerArea:
		return "product.area_m2"
	case PerActiveArea:
		return "product.active_area_m2"
	}
	return "declared_unit.amount"
}

// checkFinite is the last guard of Calculate: every number of a result is
// finite, and every kgCO2e within MaxKgCO2e. The checks at each line name
// the line first; this catches whatever they miss (a sum of many lines, a
// share, a statistic), naming the contribution or the result field, so that
// no caller ever stores or signs an infinite or NaN figure.
func checkFinite(res *Result, fin finiteLines) error {
	if fin.lines != nil {
		return fin.lines
	}
	for _, c := range res.Credits {
		if err := checkLineFinite(c); err != nil {
			return err
		}
	}
	for i, bd := range res.Assemblies {
		if fin.assembly != nil && i == fin.at {
			return fin.assembly
		}
		if isNaNOrInf(bd.TotalKgCO2e) || isNaNOrInf(bd.Multiplier) {
			return outOfRange("sub-assembly "+bd.ID, bd.TotalKgCO2e)
		}
	}
	fixed := [...]namedNumber{
		{"total", res.KgCO2e}, {"fossil", res.FossilKgCO2e}, {"biogenic", res.BiogenicKgCO2e},
		{"aircraft", res.AircraftKgCO2e}, {"packaging", res.PackagingKgCO2e}, {"credits", res.CreditsKgCO2e},
		{"exempted mass", res.ExemptedMassKg}, {"exempted mass share", res.ExemptedMassPct},
		{"exempted emissions", res.ExemptedKgCO2e}, {"exempted share", res.ExemptedPct},
		{"primary data share", res.PrimaryDataSharePct}, {"DQR", res.DQR}, {"DQR coverage", res.DQRCoveragePct},
		{"uncertainty", res.Uncertainty.LowKgCO2e}, {"uncertainty", res.Uncertainty.MedianKgCO2e},
		{"uncertainty", res.Uncertainty.HighKgCO2e}, {"uncertainty", res.Uncertainty.MeanKgCO2e},
		{"electricity", res.Electricity.KWh}, {"electricity", res.Electricity.GridKWh}, {"electricity", res.Electricity.InstrumentKWh},
	}
	for _, n := range fixed {
		if isNaNOrInf(n.x) {
			return outOfRange(n.field, n.x)
		}
	}
	if i := slices.IndexFunc(res.Stages, func(st StageTotal) bool { return isNaNOrInf(st.KgCO2e) || isNaNOrInf(st.SharePct) }); i >= 0 {
		return outOfRange("stage "+res.Stages[i].Code, res.Stages[i].KgCO2e)
	}
	if i := slices.IndexFunc(res.PerUnit, func(pu UnitTotal) bool { return isNaNOrInf(pu.KgCO2e) }); i >= 0 {
		return outOfRange("figure per "+res.PerUnit[i].Unit, res.PerUnit[i].KgCO2e)
	}
	if i := slices.IndexFunc(res.Scenarios, func(sc Scenario) bool { return isNaNOrInf(sc.KgCO2e) || isNaNOrInf(sc.LifetimeKWh) }); i >= 0 {
		return outOfRange("scenario "+res.Scenarios[i].Name, res.Scenarios[i].KgCO2e)
	}
	if i := slices.IndexFunc(res.Electricity.Instruments, func(in ClaimedInstrument) bool { return isNaNOrInf(in.CoveredKWh) || isNaNOrInf(in.UnusedMWh) }); i >= 0 {
		return outOfRange("instrument at "+res.Electricity.Instruments[i].Path, res.Electricity.Instruments[i].CoveredKWh)
	}
	if i := slices.IndexFunc(res.Exempted, func(x *ExemptedItem) bool { return isNaNOrInf(x.Quantity) || isNaNOrInf(x.ScreeningKgCO2e) }); i >= 0 {
		return outOfRange("exempted line "+res.Exempted[i].Path, res.Exempted[i].ScreeningKgCO2e)
	}
	if i := slices.IndexFunc(res.Factors, func(f *FactorUse) bool { return isNaNOrInf(f.KgCO2e) }); i >= 0 {
		return outOfRange("factor "+res.Factors[i].Code, res.Factors[i].KgCO2e)
	}
	if i := slices.IndexFunc(res.Suppliers, func(sp *SupplierUse) bool { return isNaNOrInf(sp.Contribution) }); i >= 0 {
		return outOfRange("supplier footprint "+res.Suppliers[i].ID, res.Suppliers[i].Contribution)
	}
	return nil
}

// piecesPerDeclaredUnit returns how many pieces of product one declared
// unit is.
func (e *engine) piecesPerDeclaredUnit() (float64, bool) {
	du := e.s.DeclaredUnit
	if du.Unit.Dim.IsCount() {
		return du.Amount * du.Unit.ToBase, true
	}
	for _, pu := range e.rule.PerUnits {
		u := pu.unit
		if u.Dim != du.Unit.Dim {
			continue
		}
		amount, unit := e.perPiece(pu.Basis)
		if !(amount > 0) {
			return 0, false
		}
		n, err := Convert(du.Amount, du.Unit, unit)
		if err != nil {
			return 0, false
		}
		return n / amount, true
	}
	return 0, false
}

// perPiece returns how much of a basis one piece of product is.
func (e *engine) perPiece(basis string) (float64, Unit) {
	p := e.s.Product
	switch basis {
	case PerRatedPower:
		return p.RatedPowerWp, unitWp
	case PerArea:
		return p.AreaM2, unitM2
	case PerActiveArea:
		return p.ActiveAreaM2, unitM2
	}
	return 1, unitPcs
}

// setShares sets SharePct on c and its descendants, keeps the
// HotspotCount largest leaves in top, largest first (ties by path), and
// sets *err to the first line with a number out of range (checkLineFinite),
// in the order of the tree.
func setShares(c *Contribution, total float64, top *[]*Contribution, err *error) {
	c.SharePct = share(c.KgCO2e, total)
	if *err == nil {
		*err = checkLineFinite(c)
	}
	if len(c.Children) == 0 {
		if t := *top; len(t) < HotspotCount || hotter(c, t[len(t)-1]) { // hotspot.Insert's test, inline
			hotspot.Insert(top, c, HotspotCount, hotter)
		}
		return
	}
	for _, ch := range c.Children {
		setShares(ch, total, top, err)
	}
}

// scaleShares sets SharePct on the lines of a shared sub-assembly: the
// share of the total the line gives over every use, m of the assembly's
// Amount units per declared unit; *err as for setShares.
func scaleShares(c *Contribution, m, total float64, err *error) {
	c.SharePct = share(m*c.KgCO2e, total)
	if *err == nil {
		*err = checkLineFinite(c)
	}
	for _, ch := range c.Children {
		scaleShares(ch, m, total, err)
	}
}

// hotter reports whether a ranks before b among hotspots.
func hotter(a, b *Contribution) bool {
	if a.KgCO2e != b.KgCO2e {
		return a.KgCO2e > b.KgCO2e
	}
	return a.Path < b.Path
}

// share returns part/whole in percent, 0 if whole is not positive.
func share(part, whole float64) float64 {
	if !(whole > 0) {
		return 0
	}
	return part / whole * 100
}

func isNaNOrInf(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) }
