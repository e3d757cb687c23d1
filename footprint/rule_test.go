package footprint_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

func TestRules(t *testing.T) {
	// Ensure the embedded rules load and state what the issue asks of each:
	// declared units, boundary, stages, cut-off, requirements, electricity
	// as life-cycle CO2e and a 2-year certificate validity.
	var codes []string
	for _, r := range builtinRules(t) {
		codes = append(codes, r.Code)
	}
	if got, want := strings.Join(codes, ","), "display,electronics,pv-module"; got != want {
		t.Fatalf("rule codes = %q, want %q", got, want)
	}
	for _, tt := range []struct {
		code     string
		units    string
		boundary footprint.Boundary
		stages   string
		perUnits string
		requires string
		perKWh   bool
	}{
		{"pv-module", "piece,kWp", footprint.BoundaryCradleToGate, "A1,A2,A3,B1,B2", "piece,kWp,m²", "product.rated_power_wp", true},
		{"electronics", "piece", footprint.BoundaryCradleToGrave, "raw-materials,production,distribution,use,end-of-life", "piece", "product.use", false},
		{"display", "piece,m²", footprint.BoundaryCradleToGrave, "raw-materials,production,distribution,use,end-of-life", "piece,m²", "product.active_area_m2", false},
	} {
		t.Run(tt.code, func(t *testing.T) {
			r, err := footprint.FindRule(tt.code)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(r.DeclaredUnits, ","); got != tt.units {
				t.Errorf("declared units = %q, want %q", got, tt.units)
			}
			if r.Boundaries[0] != tt.boundary {
				t.Errorf("boundary = %q, want %q", r.Boundaries[0], tt.boundary)
			}
			var stages, units, requires []string
			for _, s := range r.Stages {
				stages = append(stages, s.Code)
			}
			for _, p := range r.PerUnits {
				units = append(units, p.Unit)
			}
			for _, q := range r.Requires {
				requires = append(requires, q.Input)
			}
			if got := strings.Join(stages, ","); got != tt.stages {
				t.Errorf("stages = %q, want %q", got, tt.stages)
			}
			if got := strings.Join(units, ","); got != tt.perUnits {
				t.Errorf("per units = %q, want %q", got, tt.perUnits)
			}
			if !strings.Contains(strings.Join(requires, ","), tt.requires) {
				t.Errorf("requires = %v, want %s", requires, tt.requires)
			}
			if got := r.GHGBasis[footprint.CategoryElectricity]; len(got) != 1 || got[0] != footprint.BasisCO2e {
				t.Errorf("electricity basis = %v, want [CO2e]", got)
			}
			if r.CertificateValidityYears != 2 || r.CutOffPct != 5 || r.PerKWhScenario != tt.perKWh || r.ZeroEmissionInstruments {
				t.Errorf("validity %d, cut-off %v, per kWh %v, zero instruments %v", r.CertificateValidityYears, r.CutOffPct, r.PerKWhScenario, r.ZeroEmissionInstruments)
			}
		})
	}
}

func TestFindRule_ReturnsCopy(t *testing.T) {
	// Ensure a caller cannot change a built-in rule through FindRule.
	r, _ := footprint.FindRule("pv-module")
	r.Stages[0].Required = false
	r.GHGBasis[footprint.CategoryElectricity] = []footprint.GHGBasis{footprint.BasisCO2}
	code := r.ProductCodes[0]
	r.ProductCodes[0] = "HS:99"
	again, _ := footprint.FindRule("pv-module")
	if !again.Stages[0].Required || again.GHGBasis[footprint.CategoryElectricity][0] != footprint.BasisCO2e || again.ProductCodes[0] != code {
		t.Fatal("the built-in rule changed")
	}
	if _, err := footprint.FindRule("nope"); footprint.ErrorCode(err) != footprint.ENOTFOUND {
		t.Errorf("FindRule(nope) = %v, want ENOTFOUND", err)
	}
}

func TestCalculate_MissingItemsAllListed(t *testing.T) {
	// Ensure a study missing what its rule requires is refused with every
	// missing item listed in one error.
	s := pvStudy()
	s.Product.RatedPowerWp = 0
	s.Product.AreaM2 = 0
	s.Product.Site = ""
	s.Electricity = nil
	s.Transport = nil
	_, err := footprint.Calculate(s, MustLoadFactors(t), nil)
	if got, want := footprint.ErrorCode(err), footprint.EINVALID; got != want {
		t.Fatalf("code = %q, want %q (%v)", got, want, err)
	}
	want := "study does not meet rule pv-module: missing product.site; product.rated_power_wp; product.area_m2; electricity; " +
		"a line in stage A3 (transport (inbound and in-plant)); a line in stage B2 (energy (module production))"
	if got := footprinttest.English(t, footprint.ErrorMessage(err)); got != want {
		t.Errorf("message =\n%q\nwant\n%q", got, want)
	}
}

func TestCalculate_MissingBoundaryAndUse(t *testing.T) {
	// Ensure scope items every study needs are listed with the rule's own.
	s := electronicsStudy()
	s.Boundary = ""
	s.Product.Use = nil
	s.EndOfLife = nil
	_, err := footprint.Calculate(s, MustLoadFactors(t), nil)
	want := "study does not meet rule electronics: missing boundary; product.use; end_of_life"
	if got := footprinttest.English(t, footprint.ErrorMessage(err)); got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
}

func TestParseRuleJSON_Errors(t *testing.T) {
	// Ensure a malformed rule is refused naming the field.
	valid := `{"code":"x","version":"1","declared_units":["piece"],"boundaries":["cradle-to-gate"],` +
		`"stages":[{"code":"A","gate":true}],"certificate_validity_years":2%s}`
	for _, tt := range []struct {
		name, extra, field string
	}{
		{"OK", ``, ""},
		{"CO2Electricity", `,"ghg_basis":{"electricity":["CO2e","CO2"]}`, "ghg_basis.electricity"},
		{"UnknownCategory", `,"ghg_basis":{"widgets":["CO2e"]}`, "ghg_basis.widgets"},
		{"UnknownDefaultStage", `,"default_stages":{"bom":"Z"}`, "default_stages.bom"},
		{"UnknownInput", `,"requires":[{"input":"product.colour"}]`, "requires[0].input"},
		{"UnknownBasis", `,"per_units":[{"unit":"kg","basis":"mass"}]`, "per_units[0].basis"},
		{"UnknownField", `,"colour":"green"`, "colour"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := footprint.ParseRuleJSON(strings.NewReader(strings.Replace(valid, "%s", tt.extra, 1)))
			if got := footprint.ErrorField(err); got != tt.field || (tt.field == "" && err != nil) {
				t.Errorf("field = %q (%v), want %q", got, err, tt.field)
			}
		})
	}
}

func TestCalculate_RuleAndCycle(t *testing.T) {
	// Ensure Calculate refuses what the rule requires and a sub-assembly
	// cycle, and accepts a complete study. (Study.Validate, these checks
	// without factors, had no caller outside tests.)
	factors := MustLoadFactors(t)
	validate := func(s *footprint.Study) error { _, err := footprint.Calculate(s, factors, nil); return err }
	if err := validate(pvStudy()); err != nil {
		t.Fatalf("valid study: %v", err)
	}
	s := pvStudy()
	s.Product.AreaM2 = 0
	if got, want := footprinttest.English(t, footprint.ErrorMessage(validate(s))), "study does not meet rule pv-module: missing product.area_m2"; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
	s = pvStudy()
	s.Assemblies = []*footprint.Assembly{{ID: "x", Amount: 1, Unit: unit("piece"), Lines: []*footprint.BOMLine{{Quantity: 1, Unit: unit("piece"), Assembly: "x"}}}}
	if got, want := footprint.ErrorField(validate(s)), "assemblies[0].lines[0].assembly"; got != want {
		t.Errorf("field = %q, want %q", got, want)
	}
}

// builtinRules returns the built-in rules, one for each file of
// footprint/rules (which the package embeds), ordered by code.
func builtinRules(t *testing.T) []*footprint.Rule {
	t.Helper()
	names, err := filepath.Glob("rules/*.json")
	if err != nil || len(names) == 0 {
		t.Fatalf("rule files: %v, %v", names, err)
	}
	var rules []*footprint.Rule
	for _, name := range names {
		parsed, err := footprint.ParseRuleJSON(footprinttest.Open(t, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		r, err := footprint.FindRule(parsed.Code)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		rules = append(rules, r)
	}
	slices.SortFunc(rules, func(a, b *footprint.Rule) int { return strings.Compare(a.Code, b.Code) })
	return rules
}

// Ensure a product is not certified under another product category's
// rule. A study chooses its rule freely and no rule says which products it
// covers, so the demo laptop (HS:847130, the electronics rule:
// cradle-to-grave, use stage included) studied under the display rule as
// a cradle-to-gate "panel" drops its use, distribution and end of life and
// goes from 185 to 89 kgCO2e (-52 %) with no error and no warning; its
// certificate names the laptop's HS code next to the display rule. The
// same holds for any product under any rule whose boundary and declared
// unit it can meet.
func TestRedteam2_RuleCoversTheProduct(t *testing.T) {
	t.Run("laptop-as-display-panel", func(t *testing.T) {
		s := countedStudy(t, "laptop") // honest but for its rule
		s.Rule, s.Boundary = "display", footprint.BoundaryCradleToGate
		s.Product.ActiveAreaM2 = 0.05
		s.Product.Use, s.EndOfLife, s.Transport = nil, nil, nil
		res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
		checkRefused(t, fmt.Sprintf("product %v (%s) under rule %s, %s", s.Product.ProductCodes, s.Product.Name, s.Rule, s.Boundary), res, err, "product.product_codes", "")
	})
}

// Ensure a product under another category's rule is told so first, not
// which of that rule's stages its lines miss: the demo PV module under the
// display rule was refused for its stages (checked by hand, 2026-12-02).
func TestRule_ProductScopeBeforeCompleteness(t *testing.T) {
	s := seedtest.Study(t, "pv-module")
	s.Rule, s.Boundary, s.Product.ActiveAreaM2 = "display", footprint.BoundaryCradleToGate, 1
	res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
	checkRefused(t, "PV module under the display rule", res, err, "product.product_codes", "")
}

// Ensure a finished display product is not studied as a panel (review):
// the display rule's scope says cradle-to-gate for panels and
// cradle-to-grave for monitors, but any of its codes took either boundary,
// so the demo laptop recoded as a monitor (HS:852852) went from 185 to 89
// kgCO2e cradle-to-gate.
func TestRedteam2_MonitorIsNoPanel(t *testing.T) {
	s := countedStudy(t, "laptop")
	s.Rule, s.Boundary = "display", footprint.BoundaryCradleToGate
	s.Product.ActiveAreaM2 = 0.05
	s.Product.ProductCodes = []footprint.ProductCode{{Scheme: "HS", Code: "852852"}}
	s.Product.Use, s.EndOfLife, s.Transport = nil, nil, nil
	res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
	checkRefused(t, "monitor cradle-to-gate under rule display", res, err, "boundary", "")
}

// Ensure a rule's product codes are in the form the engine compares. A
// board requirement written "for_products": ["hs:8471"] (or "8471")
// parsed, and matched no product: every computer was studied without
// its boards. Product codes, cradle-to-gate codes and a part's codes are
// now each a product code prefix "SCHEME:digits" (HS for a product), a
// part's products and the cradle-to-gate codes within the rule's.
func TestRedteam5_RuleProductCodes(t *testing.T) {
	b := footprinttest.ReadFile(t, "rules/electronics.json")
	doc := string(b)
	if _, err := footprint.ParseRuleJSON(strings.NewReader(doc)); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ old, new, field string }{
		{`"for_products": ["HS:8471"`, `"for_products": ["hs:8471"`, "required_parts[0].for_products[0]"},
		{`"for_products": ["HS:8471"`, `"for_products": ["8471"`, "required_parts[0].for_products[0]"},
		{`"for_products": ["HS:8471"`, `"for_products": ["HS:9471"`, "required_parts[0].for_products[0]"},
		{`"for_products": ["HS:8471"`, `"for_products": ["CPC:4521"`, "required_parts[0].for_products[0]"},
		{`"product_codes": ["HS:847330"`, `"product_codes": ["HS:8473.30 "`, "required_parts[0].product_codes[0]"},
		{`"product_codes": ["HS:84", "HS:85"]`, `"product_codes": ["HS:84", "HS 85"]`, "product_codes[1]"},
		{`"product_codes": ["HS:84", "HS:85"]`, `"product_codes": ["HS:84", "HS:85"], "cradle_to_gate_codes": ["HS:90"]`, "cradle_to_gate_codes[0]"},
	} {
		t.Run(tt.new, func(t *testing.T) {
			if !strings.Contains(doc, tt.old) {
				t.Fatalf("rule has no %s", tt.old)
			}
			_, err := footprint.ParseRuleJSON(strings.NewReader(strings.Replace(doc, tt.old, tt.new, 1)))
			if got := footprint.ErrorField(err); footprint.ErrorCode(err) != footprint.EINVALID || got != tt.field {
				t.Fatalf("error %v naming %q, want EINVALID naming %s", err, got, tt.field)
			}
		})
	}
}

// Red team 10: a PV module (HS 854143) studied under the electronics rule
// (chapters 84 and 85) needed no cells, no cell power, no efficiency
// limit: the demo module without its cells was certified at 75.5 kgCO2e
// against 157.3 under pv-module, superseding the honest certificate. A
// product is studied under the narrowest rule covering its HS code; the
// same holds for a monitor under electronics rather than display.
func TestRedteam10_ProductUnderABroaderRule(t *testing.T) {
	runIntegrityCases(t, []integrityCase{
		{
			name: "PVModuleUnderElectronics", study: pvStudy,
			change: func(s *footprint.Study) { s.Rule, s.Boundary = "electronics", footprint.BoundaryCradleToGrave },
			field:  "rule", message: "product code HS:854143 falls under rule pv-module",
		},
		{
			name: "MonitorUnderElectronics", study: electronicsStudy,
			change: func(s *footprint.Study) {
				s.Product.ProductCodes = []footprint.ProductCode{{Scheme: "HS", Code: "852852"}}
			},
			field: "rule", message: "product code HS:852852 falls under rule display",
		},
	})
}

// Red team 10: a display panel studied cradle-to-gate without any
// electricity: the display rule did not require the production energy of
// a panel line, a large part of a panel's footprint. It does now.
func TestRedteam10_DisplayWithoutElectricity(t *testing.T) {
	runIntegrityCases(t, []integrityCase{{
		name: "PanelWithoutElectricity", study: electronicsStudy,
		change: func(s *footprint.Study) {
			s.Rule, s.Boundary = "display", footprint.BoundaryCradleToGate
			s.Product.Use, s.Transport, s.EndOfLife, s.Electricity = nil, nil, nil, nil
			s.Product.ActiveAreaM2, s.Product.ProductCodes = 0.2, []footprint.ProductCode{{Scheme: "HS", Code: "852411"}}
		},
		field: "electricity", message: "missing electricity",
	}})
}

// Red team 11: a PV module declared under an HS code of another rule:
// 854140, the HS 2017 subheading that held PV modules, or 854149 and
// 854190, went under electronics without cells (57.6 kgCO2e cradle-to-grave
// against 143.5 cradle-to-gate under pv-module). 854140 is pv-module's
// too, and a rule that takes no rated power, module area or cell
// technology refuses a study that gives one.
func TestRedteam11_PVModuleUnderAnotherCode(t *testing.T) {
	asElectronics := func(code string) func(s *footprint.Study) {
		return func(s *footprint.Study) {
			s.Rule, s.Boundary = "electronics", footprint.BoundaryCradleToGrave
			s.Product.ProductCodes = []footprint.ProductCode{{Scheme: "HS", Code: code}}
			s.Transport[0].Mass.Value = 15 // the whole module to its user
			s.Product.Use = &footprint.UseProfile{AnnualKWh: 1, LifetimeYears: 1, Country: "CN", Factor: "ELEC-CN-NAT-CF-2023"}
			s.EndOfLife = []*footprint.EndOfLifeLine{{Name: "landfill", Quantity: 15, Unit: unit("kg"), Treatment: footprint.TreatmentLandfill, Factor: "EOL-MSW-LANDFILL-CN"}}
		}
	}
	runIntegrityCases(t, []integrityCase{
		{name: "HS2017", study: pvStudy, change: asElectronics("854140"), field: "rule", message: "falls under rule pv-module"},
		{name: "OtherPhotosensitive", study: pvStudy, change: asElectronics("854149"), field: "product.rated_power_wp", message: "rule electronics takes no rated_power_wp"},
		{name: "Parts", study: pvStudy, change: asElectronics("854190"), field: "product.rated_power_wp", message: "a product with one is a PV module"},
	})
}

// cpcdFactor returns the factor of the embedded CPCD set with that code.
func cpcdFactor(t *testing.T, code string) *footprint.Factor {
	t.Helper()
	im := seedtest.CPCD(t)
	i := slices.IndexFunc(im.Factors, func(f *footprint.Factor) bool { return f.Code == code })
	if i < 0 {
		t.Fatalf("no factor %s in the CPCD set", code)
	}
	return im.Factors[i]
}

// statedSize finds a piece's size in a factor's name: "182mm×182mm",
// "182 mm×182 mm", "182x182 mm".
var statedSize = regexp.MustCompile(`(\d+(?:\.\d+)?)\s*(?:mm)?\s*[×xX]\s*(\d+(?:\.\d+)?)\s*mm`)

// Ensure the rule's areas of a piece are the sizes the factors' own
// definitions state, and that every factor of cells or wafers per piece in
// the seed set and the CPCD set whose name states a size has its area: no
// size is made up, none left at the largest wafer's. A factor whose name
// states none (no such cell factor is in either set now) keeps the largest
// wafer.
func TestRedteam18_CellSizesAreTheFactorsOwn(t *testing.T) {
	rule, err := footprint.FindRule("pv-module")
	if err != nil {
		t.Fatal(err)
	}
	isCell := func(f *footprint.Factor) bool {
		return f.Unit.Per.CountsOneItem() && slices.ContainsFunc(f.ProductCodes, func(pc footprint.ProductCode) bool {
			return slices.ContainsFunc(rule.CellCodes, func(c string) bool { return strings.HasPrefix(pc.String(), c) })
		})
	}
	all := map[string]*footprint.Factor{}
	for _, f := range seedtest.Factors(t) {
		all[f.Code] = f
	}
	for _, f := range seedtest.CPCD(t).Factors {
		all[f.Code] = f
	}
	sized := 0
	for code, f := range all {
		m2, own := rule.CellM2[code]
		if !isCell(f) {
			if own {
				t.Errorf("cell_m2 gives %s, not a factor of cells or wafers per piece (%s, %v)", code, f.Unit, f.ProductCodes)
			}
			continue
		}
		m := statedSize.FindStringSubmatch(f.NameZH + " " + f.NameEN)
		if m == nil {
			if own {
				t.Errorf("cell_m2 gives %s %v m², but its name states no size: %s %s", code, m2, f.NameZH, f.NameEN)
			}
			continue
		}
		a, _ := strconv.ParseFloat(m[1], 64)
		b, _ := strconv.ParseFloat(m[2], 64)
		switch id := strings.TrimPrefix(code, "CPCD-"); {
		case !own:
			t.Errorf("%s (%s) states its size, %s mm × %s mm, and cell_m2 has no area of it", code, f.NameZH, m[1], m[2])
		case math.Abs(m2-a*b/1e6) > 1e-12:
			t.Errorf("cell_m2 gives %s %v m², its name %s states %v m²", code, m2, f.NameZH, a*b/1e6)
		case !strings.Contains(rule.CellM2Source, id):
			t.Errorf("cell_m2_source does not cite %s", id)
		default:
			sized++
		}
	}
	if sized != len(rule.CellM2) {
		t.Errorf("%d of the %d factors of cell_m2 checked against their names: some are in neither set", sized, len(rule.CellM2))
	}
}

// Ensure a rule's area of a piece is refused when it is not a positive
// area at most the largest wafer's (which would loosen the bound), or has
// no source; so are the factors a part is made from without theirs.
func TestParseRuleJSON_CellM2(t *testing.T) {
	b := footprinttest.ReadFile(t, "rules/pv-module.json")
	for _, tt := range []struct {
		name   string
		change func(map[string]any)
		field  string
	}{
		{"as built", func(map[string]any) {}, ""},
		{"larger than the largest wafer", func(r map[string]any) { r["cell_m2"].(map[string]any)["PV-CELL-MONO182"] = 0.05 }, "cell_m2.PV-CELL-MONO182"},
		{"zero", func(r map[string]any) { r["cell_m2"].(map[string]any)["PV-CELL-MONO182"] = 0 }, "cell_m2.PV-CELL-MONO182"},
		{"no source", func(r map[string]any) { delete(r, "cell_m2_source") }, "cell_m2_source"},
		{"wafers by factor without their source", func(r map[string]any) {
			delete(r["required_parts"].([]any)[0].(map[string]any), "made_from_source")
		}, "required_parts[0].made_from_source"},
	} {
		var r map[string]any
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatal(err)
		}
		tt.change(r)
		doc, _ := json.Marshal(r)
		_, err := footprint.ParseRuleJSON(bytes.NewReader(doc))
		if tt.field == "" && err != nil || tt.field != "" && footprint.ErrorField(err) != tt.field {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

// Ensure the circuit boards a rule requires cannot be met by the bare dies
// of an integrated circuit. The electronics rule asks for "circuit boards
// (the printed circuit board assembly, or its boards and integrated
// circuits)" and takes a line of any factor of HS 847330, 8534 or 8542 for
// it. The demo laptop's boards, the only board factor of the set
// (ELEC-MOBO, 66.1 kgCO2e a board, HS 847330), are 36.9 % of its 179.0
// kgCO2e. Written instead as 6 cm² of ELEC-IC-DIE-CPU (1.97 kgCO2e per cm²
// of die, HS 854231), the laptop is 124.7 kgCO2e (−30.3 %), with no new
// warning: the required part is met by a die, the red team 24 warning on a
// fraction of a board counts single items only (a line in cm² is not one,
// so partPieces is NaN and the comparison false), and the dies are 9.5 %
// of the lowered total, above the 5 % below which the part is warned. The
// factor's own notes (seed/data/factors.csv, reference/factors.csv) say
// what the die area leaves out: "Plus 9.14 kgCO2e fixed per CPU package
// (base)", and the board itself (no per-m² PCB factor in the set) is not
// there at all. No bound on a laptop's die area is in reference/, so the
// engine cannot weigh 6 cm² against the product; but it can tell a die
// from a board.
//
// What should happen: the rule's own words are "the printed circuit board
// assembly, OR its boards AND integrated circuits": HS 847330 alone, or
// 8534 together with 8542. RequiredPart.ProductCodes is one any-of list,
// so 8542 alone (dies, or ICs) meets it. The part should take groups
// (any of [847330], [8534 and 8542]) and refuse, or at least warn at bom
// naming the part, a study whose lines of it are integrated circuits
// without a board (here a die-area factor, the die's manufacture only).
// No figure is needed. The gap: checkRequiredParts (footprint/engine.go)
// tests only that the part's lines are > 0 kgCO2e, fewer than one item
// (pieces only: partPieces is NaN for a cm² line), or below the cut-off
// share; electronics.json and display.json list the codes as one set.
func TestRedteam25_CircuitBoardsAsABareDie(t *testing.T) {
	honest, err := footprint.Calculate(seedtest.Study(t, "laptop"), seedtest.Factors(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	s := seedtest.Study(t, "laptop")
	b := s.BOM[3]
	if !strings.HasPrefix(b.Name, "Circuit boards") || len(b.Children) != 1 || b.Children[0].Factor != "ELEC-MOBO" {
		t.Fatalf("the demo laptop's bom[3] is %+v, want its circuit boards of 1 ELEC-MOBO", b)
	}
	b.Children = []*footprint.BOMLine{{Name: "CPU and memory dies", Quantity: 6, Unit: unit("cm²"), Factor: "ELEC-IC-DIE-CPU"}}
	res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
	if err != nil {
		if f := footprint.ErrorField(err); !strings.HasPrefix(f, "bom") {
			t.Fatalf("refused, but not naming the boards: %v", err)
		}
		return
	}
	for _, w := range rt24NewWarnings(honest, res) {
		if strings.HasPrefix(w.Path, "bom") && (strings.Contains(w.Message, "die") || strings.Contains(w.Message, "circuit board")) {
			return
		}
	}
	t.Errorf("the laptop's circuit boards as 6 cm² of CPU die (ELEC-IC-DIE-CPU): %.1f kgCO2e (honest %.1f with ELEC-MOBO, %.1f %%), the dies %.1f %% of the total; no warning that a die is not a board (new warnings %v)",
		res.KgCO2e, honest.KgCO2e, (res.KgCO2e/honest.KgCO2e-1)*100, findLine(res, "bom[3]").KgCO2e/res.KgCO2e*100, rt24NewWarnings(honest, res))
}

// Ensure the boards are not met by a supplier's footprint of chips either:
// the laptop's logic board as a PACT footprint of integrated circuits (HS
// 854231) satisfied the part as "supplied", so the needs check never ran.
func TestRequiredPart_BoardsNotMetByASupplierOfChips(t *testing.T) {
	s := seedtest.Study(t, "laptop")
	const ref = "pact:7d0c1e9a-2b3c-4d5e-8f90-a1b2c3d4e5f6"
	s.BOM[3].Children = []*footprint.BOMLine{{Name: "CPU package", Quantity: 1, Unit: unit("piece"), Supplier: ref}}
	sp := &footprint.SupplierFootprint{ID: ref, Supplier: "Chip Co", Product: "CPU", ProductCodes: []footprint.ProductCode{{Scheme: "HS", Code: "854231"}},
		DeclaredUnit: unit("piece"), KgCO2e: 12, Boundary: footprint.BoundaryCradleToGate,
		IssuedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), ValidUntil: time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)}
	_, err := footprint.Calculate(s, seedtest.Factors(t), map[string]*footprint.SupplierFootprint{ref: sp})
	if footprint.ErrorField(err) != "bom" || !strings.Contains(footprint.ErrorMessage(err), "HS:847330") {
		t.Errorf("the laptop's boards as a supplier footprint of chips: %v, want refused naming bom and the board codes", err)
	}
}

// Ensure a computer's footprint holds the energy of the site that makes
// it. The display and pv-module rules require an electricity line (red
// team 10 closed a display panel without one); the electronics rule does
// not ({"input": "electricity"} is in display.json's requires, not in
// electronics.json's). Its production stage, required, is filled by the
// purchased parts a study places in it (the demo laptop's LCD, battery and
// board lines, stage "production"), so a computer maker leaves out its own
// assembly, soldering, test and burn-in energy without a word: the demo
// laptop, made at "Chengdu, Sichuan, China (demo site)", is accepted with
// "Electricity 电力: none" and no warning, and PACT exports it with the
// default geography as its place of production (pact.productionGeography:
// no electricity line). ISO 14067 6.3.5 asks for site-specific data for
// the processes under the organisation's control (reference/standards.md,
// "Data and data quality (6.3.5)"); the certifier's review does not say
// that none is there. How much this hides the reference does not say (no
// laptop assembly energy in reference/), so no figure is proposed here.
//
// What should happen: under the electronics rule a study without an
// electricity (or fuel) line in a production stage is refused naming
// electricity, as under display, or at least warned at electricity for
// the certifier ("no energy of the production site"). The demo laptop
// then needs its assembly energy, from a cited source, or the warning.
func TestRedteam25_ComputerWithoutItsOwnSiteEnergy(t *testing.T) {
	s := seedtest.Study(t, "laptop")
	if len(s.Electricity) != 0 || len(s.Fuels) != 0 {
		t.Fatalf("the demo laptop has %d electricity and %d fuel lines, want none", len(s.Electricity), len(s.Fuels))
	}
	res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
	if err != nil {
		if f := footprint.ErrorField(err); !strings.HasPrefix(f, "electricity") && !strings.HasPrefix(f, "fuel") {
			t.Fatalf("refused, but not naming the site's energy: %v", err)
		}
		return
	}
	for _, w := range res.Warnings {
		if strings.HasPrefix(w.Path, "electricity") || strings.HasPrefix(w.Path, "fuel") {
			return
		}
	}
	t.Errorf("the demo laptop without any energy of its production site: certified at %.1f kgCO2e with %.1f in stage production, all of it purchased parts; no refusal or warning naming electricity (warnings %v)",
		res.KgCO2e, stageKg(res, "production"), res.Warnings)
}

// Ensure a buyer reading the PACT export of a cradle-to-grave computer is
// told which of its stages the manufacturer declared not applicable. The
// electronics and display rules let a study declare its distribution
// stage not applicable (not_applicable_allowed), with a reason the
// certificate prints (Certificate.NotApplicable, "stages not applicable").
// The PACT footprint does not: its boundaryProcessesDescription
// (pact.boundaryText) says "Cradle-to-grave (GB/T 24067-2024 / ISO
// 14067:2018)" and lists "distribution distribution 0" among the stages,
// and neither its comment nor any other field names the declaration or
// its reason. The demo laptop with its two distribution legs dropped and
// distribution declared not applicable ("sold ex-works") is certified at
// 178.9 kgCO2e instead of 179.0; for a laptop flown to its market the
// legs left out are what an air leg costs (TR-AIR-CN, 0.921 kgCO2e per
// t·km, against rail's), and the buyer's system reads a full
// cradle-to-grave footprint whose distribution was measured at zero.
//
// What should happen: a footprint of a certificate with stages declared
// not applicable says so in boundaryProcessesDescription (each stage's
// code and name "declared not applicable: <reason>", instead of a 0
// among the measured stages), as the certificate and the verify page do.
func TestRedteam25_PACTBoundaryHidesAStageDeclaredNotApplicable(t *testing.T) {
	const reason = "sold ex-works: the buyer collects the laptops at the factory gate"
	s := seedtest.Stored(t, "laptop", uuid.NewString(), func(s *footprint.Study) {
		s.Transport = nil
		s.NotApplicable = []footprint.StageNotApplicable{{Stage: "distribution", Reason: reason}}
	})
	if len(s.Result.NotApplicable) != 1 {
		t.Fatalf("the study's result declares %d stages not applicable, want distribution", len(s.Result.NotApplicable))
	}
	issued := time.Date(2026, 3, 2, 8, 30, 15, 0, time.UTC)
	in := footprinttest.CertificateInput(s, uuid.New(), "CDPCF-2026-000025", issued, "ab")
	sc := footprinttest.Sign(t, footprinttest.NewCertificate(t, in), footprinttest.Key(t, "", issued))
	rec := &certification.CertificateRecord{Signed: sc, Status: certification.CertificateValid, StatusChangedAt: issued, Manufacturer: "Demo Notebook Co.", Certifier: "Demo Certification Centre"}
	if na := rec.Certificate().NotApplicable; len(na) != 1 || na[0].Reason != reason {
		t.Fatalf("the certificate states %+v, want distribution not applicable with its reason", na)
	}
	facts, err := pact.FactsFromStudy(rec.Certificate(), s)
	if err != nil {
		t.Fatal(err)
	}
	f, err := pact.New(rec, facts, pact.Options{Issuer: "pcf.example.cn", BaseURL: "https://pcf.example.cn"})
	if err != nil {
		t.Fatal(err)
	}
	v3 := f.V3()
	b, err := json.Marshal(v3)
	if err != nil {
		t.Fatal(err)
	}
	if text := string(b); strings.Contains(text, "not applicable") || strings.Contains(text, "ex-works") {
		return
	}
	t.Errorf("PACT v3 footprint of the laptop with distribution declared not applicable (%s kgCO2e): boundaryProcessesDescription %q, comment %q; nothing says distribution was declared not applicable (%q), which the certificate prints",
		v3.PCF.PcfExcludingBiogenicUptake, v3.PCF.BoundaryProcessesDescription, v3.Comment, reason)
}
