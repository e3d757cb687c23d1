package footprint_test

import (
	"bytes"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// closeTo reports whether got equals want to 1e-12 relative: the engine
// computes a shared sub-assembly once and scales it, so it multiplies in
// another order than an expansion or an independent computation.
func closeTo(got, want float64) bool {
	return math.Abs(got-want) <= 1e-12*math.Max(math.Abs(want), 1e-300)
}

func checkClose(t *testing.T, name string, got, want float64) {
	t.Helper()
	if !closeTo(got, want) {
		t.Errorf("%s = %.15g, want %.15g (relative difference %.3g)", name, got, want, (got-want)/want)
	}
}

// sharedStudy returns a pv-module study whose sub-assemblies are shared:
// "cell" is used by "string" (twice, once in stage A3), and "string" by two
// BOM lines in stage A1, one in A2 and two packaging lines; "cell" holds a
// supplier footprint, rated and primary lines and an exempted line, so that
// every total the engine keeps is exercised.
func sharedStudy() *footprint.Study {
	s := pvStudy()
	s.Assemblies = []*footprint.Assembly{
		{ID: "string", Name: "cell string", Amount: 2, Unit: unit("piece"), Lines: []*footprint.BOMLine{
			{Name: "cells", Quantity: 10, Unit: unit("piece"), Assembly: "cell"},
			{Name: "cells made in A3", Quantity: 2, Unit: unit("piece"), Assembly: "cell", Stage: "A3"},
			{Name: "ribbon kit", Quantity: 1, Unit: unit("piece"), Children: []*footprint.BOMLine{
				{Name: "copper ribbon", Quantity: 0.02, Unit: unit("kg"), ScrapPct: 3, Factor: "MAT-CU-CN", Primary: true},
			}},
		}},
		{ID: "cell", Name: "cell", Amount: 1, Unit: unit("piece"), Lines: []*footprint.BOMLine{
			{Name: "wafer cell", Quantity: 1, Unit: unit("piece"), Factor: "PV-CELL-MONO182", Quality: &footprint.DataQuality{TeR: 1, GR: 2, TiR: 1, P: 2}},
			{Name: "silver paste", Quantity: 0.1, Unit: unit("g"), ScrapPct: 10, Factor: "PV-SILVER"},
			{Name: "coating", Quantity: 1, Unit: unit("piece"), Supplier: "SUP-COAT"},
			{Name: "label", Quantity: 0.5, Unit: unit("g"), Exempt: &footprint.Exemption{Reason: "below 1 % of mass", ScreeningFactor: "MAT-PP-CN"}},
		}},
	}
	s.BOM = append(s.BOM,
		&footprint.BOMLine{Name: "strings", Quantity: 6, Unit: unit("piece"), Assembly: "string"},
		&footprint.BOMLine{Name: "spare string", Quantity: 1, Unit: unit("piece"), Assembly: "string"},
		&footprint.BOMLine{Name: "string made in A2", Quantity: 1, Unit: unit("piece"), Assembly: "string", Stage: "A2"},
	)
	s.Packaging = []*footprint.BOMLine{
		{Name: "sample string in the box", Quantity: 1, Unit: unit("piece"), Assembly: "string"},
		{Name: "second sample string", Quantity: 3, Unit: unit("piece"), Assembly: "string"},
		{Name: "carton", Quantity: 1, Unit: unit("kg"), Factor: "MAT-PP-CN"},
	}
	return s
}

// sharedSuppliers are the supplier footprints of sharedStudy: a test
// fixture, not a published value.
func sharedSuppliers() map[string]*footprint.SupplierFootprint {
	return map[string]*footprint.SupplierFootprint{
		"SUP-COAT": {ID: "SUP-COAT", Supplier: "coating maker", DeclaredUnit: unit("piece"), KgCO2e: 0.05,
			Boundary: footprint.BoundaryCradleToGate, IssuedAt: day(2025, 1, 1), Quality: footprint.DataQuality{TeR: 1, GR: 1, TiR: 1, P: 1}},
	}
}

// expandAssemblies returns s with every use of a named sub-assembly
// replaced by inline children: the same bill of materials as a tree.
func expandAssemblies(s *footprint.Study) *footprint.Study {
	byID := map[string]*footprint.Assembly{}
	for _, a := range s.Assemblies {
		byID[a.ID] = a
	}
	var expand func(lines []*footprint.BOMLine, per float64) []*footprint.BOMLine
	expand = func(lines []*footprint.BOMLine, per float64) []*footprint.BOMLine {
		var out []*footprint.BOMLine
		for _, l := range lines {
			x := *l
			x.Quantity = l.Quantity * per
			switch {
			case l.Assembly != "":
				a := byID[l.Assembly]
				x.Assembly, x.Name = "", l.Name
				x.Children = expand(a.Lines, 1/a.Amount)
			case len(l.Children) > 0:
				x.Children = expand(l.Children, 1)
			}
			out = append(out, &x)
		}
		return out
	}
	t := *s
	t.Assemblies = nil
	t.BOM, t.Packaging = expand(s.BOM, 1), expand(s.Packaging, 1)
	return &t
}

func TestCalculate_SharedAssemblyEqualsTree(t *testing.T) {
	// Ensure a BOM whose sub-assemblies are shared (across stages and
	// between the BOM and the packaging) gives the totals of the same BOM
	// written as a tree, while computing each sub-assembly once per stage
	// and kind of line.
	factors, suppliers := MustLoadFactors(t), sharedSuppliers()
	s := sharedStudy()
	got := MustCalculate(t, s, factors, suppliers)
	want := MustCalculate(t, expandAssemblies(s), factors, suppliers)
	if len(want.Assemblies) != 0 {
		t.Fatalf("tree result has %d shared assemblies", len(want.Assemblies))
	}

	checkClose(t, "KgCO2e", got.KgCO2e, want.KgCO2e)
	if len(got.Stages) != len(want.Stages) {
		t.Fatalf("stages = %+v, want %+v", got.Stages, want.Stages)
	}
	for i := range want.Stages {
		checkClose(t, "stage "+want.Stages[i].Code, got.Stages[i].KgCO2e, want.Stages[i].KgCO2e)
	}
	if len(got.Lines) != len(want.Lines) {
		t.Fatalf("%d lines, want %d", len(got.Lines), len(want.Lines))
	}
	for i, w := range want.Lines {
		g := got.Lines[i]
		if g.Path != w.Path {
			t.Fatalf("line %d is %s, want %s", i, g.Path, w.Path)
		}
		checkClose(t, "line "+w.Path, g.KgCO2e, w.KgCO2e)
		checkClose(t, "quantity of "+w.Path, g.Quantity, w.Quantity)
	}
	for i, w := range want.Factors {
		checkClose(t, "factor "+w.Code, got.Factors[i].KgCO2e, w.KgCO2e)
	}
	checkClose(t, "supplier contribution", got.Suppliers[0].Contribution, want.Suppliers[0].Contribution)
	for _, x := range []struct {
		name      string
		got, want float64
	}{
		{"PackagingKgCO2e", got.PackagingKgCO2e, want.PackagingKgCO2e},
		{"PrimaryDataSharePct", got.PrimaryDataSharePct, want.PrimaryDataSharePct},
		{"DQR", got.DQR, want.DQR},
		{"DQRCoveragePct", got.DQRCoveragePct, want.DQRCoveragePct},
		{"ExemptedMassKg", got.ExemptedMassKg, want.ExemptedMassKg},
		{"ExemptedMassPct", got.ExemptedMassPct, want.ExemptedMassPct},
		{"ExemptedKgCO2e", got.ExemptedKgCO2e, want.ExemptedKgCO2e},
		{"ExemptedPct", got.ExemptedPct, want.ExemptedPct},
		// The sample's seed hashes the sources' exact kgCO2e, which differ
		// in the last bits, so the percentiles differ slightly; the mean
		// of the Latin hypercube does not depend on the shuffles.
		{"Uncertainty.MeanKgCO2e", got.Uncertainty.MeanKgCO2e, want.Uncertainty.MeanKgCO2e},
	} {
		checkClose(t, x.name, x.got, x.want)
	}

	// One breakdown per sub-assembly, stage and kind of line used by more
	// than one path (string in A2 is used once: it is expanded in place),
	// parents first.
	var keys []string
	for _, bd := range got.Assemblies {
		keys = append(keys, bd.ID+"/"+bd.Kind+"/"+bd.Stage)
	}
	if got, want := strings.Join(keys, " "), "string/packaging/B1 cell/packaging/A3 cell/packaging/B1 string/bom/A1 cell/bom/A3 cell/bom/A1"; got != want {
		t.Errorf("breakdowns = %s, want %s", got, want)
	}
	bd := breakdown(got, "string", "bom", "A1")
	if bd == nil || len(bd.Uses) != 2 || bd.Uses[0].Path != "bom[2]" || bd.Uses[1].Path != "bom[3]" || bd.Multiplier != 3.5 {
		t.Fatalf("string/bom/A1 = %+v, want uses by bom[2] and bom[3], 7 strings (3.5 × 2) per declared unit", bd)
	}
	if l := findLine(got, "bom[2]"); l == nil || len(l.Children) != 0 || l.Assembly != "string" || !closeTo(l.KgCO2e, 3*bd.KgCO2e) || bd.Uses[0].Multiplier != 3 {
		t.Errorf("bom[2] = %+v, want a use of string without children, 3 × %g kg", l, bd.KgCO2e)
	}
	if l := findLine(got, "bom[4]"); l == nil || len(l.Children) != 3 {
		t.Errorf("bom[4] = %+v, want string in A2 expanded in place", l)
	}
	cell := breakdown(got, "cell", "bom", "A3")
	if cell == nil || len(cell.Uses) != 2 || cell.Uses[0].Path != "assemblies[0].lines[1]" || cell.Uses[0].Multiplier != 2 || cell.Uses[1].Path != "bom[4].lines[1]" {
		t.Fatalf("cell/bom/A3 = %+v, want uses by string's line and by bom[4]'s", cell)
	}
	// 2 cells per 2 strings: 3.5 × 2 in string/bom/A1, and 1 × 2/2 in bom[4].
	checkClose(t, "cell/bom/A3 multiplier", cell.Multiplier, 3.5*2+1)
	// Each kilogram is traced: a leaf of a breakdown times its multiplier,
	// over all breakdowns and the tree's own leaves, gives the total.
	var traced float64
	var leaves func(cs []*footprint.Contribution, m float64)
	leaves = func(cs []*footprint.Contribution, m float64) {
		for _, c := range cs {
			switch {
			case len(c.Children) > 0:
				leaves(c.Children, m)
			case c.Assembly == "":
				traced += m * c.KgCO2e
			}
		}
	}
	leaves(got.Lines, 1)
	for _, bd := range got.Assemblies {
		leaves(bd.Lines, bd.Multiplier)
	}
	checkClose(t, "Σ leaves × multipliers", traced, got.KgCO2e)
}

// breakdown returns the breakdown of a sub-assembly in a result.
func breakdown(r *footprint.Result, id, kind, stage string) *footprint.AssemblyBreakdown {
	for _, bd := range r.Assemblies {
		if bd.ID == id && bd.Kind == kind && bd.Stage == stage {
			return bd
		}
	}
	return nil
}

func TestCalculate_SharedAssemblyDocument(t *testing.T) {
	// Ensure a result with shared sub-assemblies is read back from its
	// canonical bytes as it was, and a tree's result has no "assemblies".
	factors := MustLoadFactors(t)
	r := MustCalculate(t, sharedStudy(), factors, sharedSuppliers())
	b := r.Canonicalize()
	if !bytes.Contains(b, []byte(`"assemblies":[{"id":"string","name":"cell string","kind":"packaging","stage":"B1","amount":2,"unit":"piece","kgco2e":`)) {
		t.Errorf("document has no breakdown of string: %.300s", b[bytes.Index(b, []byte(`"hotspots"`)):])
	}
	back := mustReadBack(t, "shared sub-assemblies", b)
	if len(back.Assemblies) != len(r.Assemblies) || back.Assemblies[0].Uses[0].Path != r.Assemblies[0].Uses[0].Path {
		t.Errorf("assemblies read back = %+v", back.Assemblies)
	}
	tree, err := MustCalculate(t, expandAssemblies(sharedStudy()), factors, sharedSuppliers()).CanonicalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(tree, []byte(`"assemblies"`)) {
		t.Error("a tree's result document has an assemblies list")
	}
}

// independentBOMKg computes the kgCO2e per declared unit of a study's BOM
// straightforwardly, apart from the engine: each named sub-assembly's
// kgCO2e per unit once (memoized), each line its quantity after scrap
// times its factor or its sub-assembly's kgCO2e per unit.
func independentBOMKg(s *footprint.Study, factors map[string]*footprint.Factor) float64 {
	byID := map[string]*footprint.Assembly{}
	for _, a := range s.Assemblies {
		byID[a.ID] = a
	}
	memo := map[string]float64{}
	var linesKg func(lines []*footprint.BOMLine) float64
	perUnit := func(a *footprint.Assembly) float64 {
		kg, ok := memo[a.ID]
		if !ok {
			kg = linesKg(a.Lines) / (a.Amount * a.Unit.ToBase)
			memo[a.ID] = kg
		}
		return kg
	}
	linesKg = func(lines []*footprint.BOMLine) float64 {
		var sum float64
		for _, l := range lines {
			q := l.Quantity / (1 - l.ScrapPct/100) * l.Unit.ToBase
			switch {
			case l.Factor != "":
				f := factors[l.Factor]
				sum += q / f.Unit.Per.ToBase * f.Value * f.Unit.EmittedKg
			case l.Assembly != "":
				sum += q * perUnit(byID[l.Assembly])
			default:
				sum += q / l.Unit.ToBase * linesKg(l.Children)
			}
		}
		return sum
	}
	return linesKg(s.BOM)
}

func TestCalculate_DAGEqualsIndependent(t *testing.T) {
	// Ensure the engine's totals for generated systems of shared
	// sub-assemblies (each used by 3 parents, 8 levels: millions of paths)
	// equal an independent computation to 1e-12, and every kilogram is
	// traced to its breakdown.
	factors := MustLoadFactors(t)
	sizes := []int{100, 1000, 10_000}
	if testing.Short() {
		sizes = sizes[:2]
	}
	for _, n := range sizes {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			s := pvStudy()
			s.BOM = nil
			s.Assemblies, s.BOM = footprinttest.DAG(footprinttest.DAGSeed, n, 8, 3)
			s.BOM = append(s.BOM, cellsLine())
			r := MustCalculate(t, s, factors, nil)
			const other = 20*0.5777 + 12.0/1000*500*0.0978 // pvStudy's electricity and transport
			bom := independentBOMKg(s, factors)
			checkClose(t, "KgCO2e", r.KgCO2e, bom+other)
			checkClose(t, "stage A1", stageKg(r, "A1"), bom)
			var factorSum float64
			for _, f := range r.Factors {
				factorSum += f.KgCO2e
			}
			checkClose(t, "Σ factors", factorSum, r.KgCO2e)
			if len(r.Assemblies) != n {
				t.Errorf("%d breakdowns, want one per assembly (%d)", len(r.Assemblies), n)
			}
			for _, bd := range r.Assemblies {
				if len(bd.Uses) != 3 {
					t.Fatalf("%s has %d uses, want 3", bd.ID, len(bd.Uses))
				}
			}
		})
	}
}

func TestCalculate_SharedAssembliesNotExpanded(t *testing.T) {
	// Ensure a BOM whose named sub-assemblies multiply to a million paths
	// (once refused by the expansion cap) is computed with each
	// sub-assembly once.
	s := pvStudy()
	// Level i uses level i+1 ten times: 10^6 lines at the bottom.
	for i := range 6 {
		id := string(rune('a' + i))
		next := string(rune('a' + i + 1))
		var lines []*footprint.BOMLine
		for range 10 {
			if i == 5 {
				lines = append(lines, &footprint.BOMLine{Quantity: 0.001, Unit: unit("kg"), Factor: "PV-GLASS-FLOAT"})
			} else {
				lines = append(lines, &footprint.BOMLine{Quantity: 1, Unit: unit("piece"), Assembly: next})
			}
		}
		s.Assemblies = append(s.Assemblies, &footprint.Assembly{ID: id, Amount: 1, Unit: unit("piece"), Lines: lines})
	}
	s.BOM = append(s.BOM, &footprint.BOMLine{Quantity: 1, Unit: unit("piece"), Assembly: "a"})
	r := MustCalculate(t, s, MustLoadFactors(t), nil)
	checkNear(t, "KgCO2e", r.KgCO2e, pvStudyKg+1e6*0.001*1.36)
	// a is used once, so it is expanded in place; b to f are shared.
	if len(r.Assemblies) != 5 || r.Assemblies[0].ID != "b" || r.Assemblies[4].Multiplier != 1e5 {
		t.Errorf("assemblies = %d, first %s, last multiplier %g; want b to f, f 10^5 times", len(r.Assemblies), r.Assemblies[0].ID, r.Assemblies[len(r.Assemblies)-1].Multiplier)
	}
}

func TestCalculate_LineLimit(t *testing.T) {
	// Ensure a BOM with more lines to compute than MaxBOMLines is refused
	// before anything is computed.
	s := pvStudy()
	leaf := &footprint.BOMLine{Quantity: 0.001, Unit: unit("kg"), Factor: "PV-GLASS-FLOAT"}
	lines := make([]*footprint.BOMLine, footprint.MaxBOMLines)
	for i := range lines {
		lines[i] = leaf
	}
	s.Assemblies = []*footprint.Assembly{{ID: "big", Amount: 1, Unit: unit("piece"), Lines: lines}}
	s.BOM = append(s.BOM, &footprint.BOMLine{Quantity: 1, Unit: unit("piece"), Assembly: "big"})
	_, err := footprint.Calculate(s, MustLoadFactors(t), nil)
	if got := footprint.ErrorMessage(err); footprint.ErrorCode(err) != footprint.EINVALID || !strings.Contains(got, "more than 1000000 lines") {
		t.Fatalf("error = %v, want the line limit", err)
	}
}

func TestCalculate_GoldenShared(t *testing.T) {
	// Ensure a study with shared sub-assemblies gives the recorded result
	// document (review a change with -update in the diff); the api tests
	// validate it against the OpenAPI schema.
	checkGolden(t, MustCalculate(t, sharedStudy(), MustLoadFactors(t), sharedSuppliers()), "shared-assemblies", "TestCalculate_GoldenShared")
}

func TestCalculate_AssemblyErrors(t *testing.T) {
	// Ensure malformed sub-assemblies are refused naming them, by
	// Calculate and Validate alike, never with a panic.
	for _, tt := range []struct {
		name       string
		assemblies []*footprint.Assembly
		field, msg string
	}{
		{"Nil", []*footprint.Assembly{nil}, "assemblies[0]", "sub-assembly is empty"},
		{"Duplicate", []*footprint.Assembly{
			{ID: "x", Amount: 1, Unit: unit("piece"), Lines: []*footprint.BOMLine{{Quantity: 1, Unit: unit("kg"), Factor: "PV-GLASS-FLOAT"}}},
			{ID: "x", Amount: 1, Unit: unit("piece")},
		}, "assemblies[1].id", `duplicate sub-assembly id "x" (first at assemblies[0], "x"): ids must differ in more than case, width or spacing`},
		{"ReadsTheSame", []*footprint.Assembly{ // red team 24: a full-width ｆ beside the ASCII one
			{ID: "x", Amount: 1, Unit: unit("piece"), Lines: []*footprint.BOMLine{{Quantity: 1, Unit: unit("kg"), Factor: "PV-GLASS-FLOAT"}}},
			{ID: "Ｘ ", Amount: 1, Unit: unit("piece"), Lines: []*footprint.BOMLine{{Quantity: 1, Unit: unit("kg"), Factor: "PV-GLASS-FLOAT"}}},
		}, "assemblies[1].id", `duplicate sub-assembly id "Ｘ " (first at assemblies[0], "x"): ids must differ in more than case, width or spacing`},
		{"NoLines", []*footprint.Assembly{{ID: "x", Amount: 1, Unit: unit("piece"), Lines: []*footprint.BOMLine{}}}, "assemblies[0].lines", "a sub-assembly needs at least one line"},
		{"UsedByNoLine", []*footprint.Assembly{
			{ID: "x", Amount: 1, Unit: unit("piece"), Lines: []*footprint.BOMLine{{Quantity: 1, Unit: unit("kg"), Factor: "PV-GLASS-FLOAT"}}},
			{ID: "decoy", Amount: 1, Unit: unit("piece"), Lines: []*footprint.BOMLine{{Quantity: 1, Unit: unit("kg"), Factor: "PV-GLASS-FLOAT"}}},
		}, "assemblies[1].id", `sub-assembly "decoy" is used by no line of the bill of materials or packaging: remove it`},
		{"CycleThroughChildren", []*footprint.Assembly{
			{ID: "x", Amount: 1, Unit: unit("piece"), Lines: []*footprint.BOMLine{{Quantity: 1, Unit: unit("piece"), Assembly: "y"}}},
			{ID: "y", Amount: 1, Unit: unit("piece"), Lines: []*footprint.BOMLine{
				{Quantity: 1, Unit: unit("kg"), Factor: "PV-GLASS-FLOAT"},
				{Quantity: 1, Unit: unit("piece"), Children: []*footprint.BOMLine{{Quantity: 1, Unit: unit("kg"), Factor: "PV-GLASS-FLOAT"}, {Quantity: 1, Unit: unit("piece"), Assembly: "x"}}},
			}},
		}, "assemblies[1].lines[1].children[1].assembly", "sub-assembly cycle: x → y → x"},
		{"UnknownInSearchOrder", []*footprint.Assembly{ // x's sub-assembly z is searched before y
			{ID: "x", Amount: 1, Unit: unit("piece"), Lines: []*footprint.BOMLine{{Quantity: 1, Unit: unit("piece"), Assembly: "z"}}},
			{ID: "y", Amount: 1, Unit: unit("piece"), Lines: []*footprint.BOMLine{{Quantity: 1, Unit: unit("piece"), Assembly: "nope-y"}}},
			{ID: "z", Amount: 1, Unit: unit("piece"), Lines: []*footprint.BOMLine{
				{Quantity: 1, Unit: unit("piece"), Children: []*footprint.BOMLine{{Quantity: 1, Unit: unit("kg"), Factor: "PV-GLASS-FLOAT"}, {Quantity: 1, Unit: unit("piece"), Assembly: "nope-z"}}},
			}},
		}, "assemblies[2].lines[0].children[1].assembly", `unknown sub-assembly "nope-z"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := pvStudy()
			s.Assemblies = tt.assemblies
			s.BOM = append(s.BOM, &footprint.BOMLine{Quantity: 1, Unit: unit("piece"), Assembly: "x"})
			_, err := footprint.Calculate(s, MustLoadFactors(t), nil)
			if footprint.ErrorField(err) != tt.field || footprinttest.English(t, footprint.ErrorMessage(err)) != tt.msg {
				t.Errorf("error = %q at %q, want %q at %q", footprint.ErrorMessage(err), footprint.ErrorField(err), tt.msg, tt.field)
			}
		})
	}
}

// Red team 24: the bill of materials as a graph and its arithmetic (named
// sub-assemblies, units, scrap, packaging, credits, cut-off) and the
// breakdown a reviewer is shown. Each test fails while its hole is open:
// it states the flattering figure the engine accepts and what should
// happen instead. The seed factor set only; no factor value is invented.

// rt24Calculate calculates s against the seed factor set.
func rt24Calculate(t *testing.T, s *footprint.Study) (*footprint.Result, error) {
	t.Helper()
	return footprint.Calculate(s, seedtest.Factors(t), nil)
}

// rt24RefusedOrWarned reports whether err refuses the study naming a field
// that starts with one of paths, or res warns at such a path with a
// message containing msg. A refusal naming another field fails the test.
func rt24RefusedOrWarned(t *testing.T, res *footprint.Result, err error, msg string, paths ...string) bool {
	t.Helper()
	under := func(p string) bool {
		return slices.ContainsFunc(paths, func(x string) bool { return strings.HasPrefix(p, x) })
	}
	if err != nil {
		if !under(footprint.ErrorField(err)) {
			t.Fatalf("refused, but not naming %v: %v", paths, err)
		}
		return true
	}
	return slices.ContainsFunc(res.Warnings, func(w footprint.Warning) bool {
		return under(w.Path) && strings.Contains(w.Message, msg)
	})
}

// Ensure a line in a mass unit cannot stand for more than its sub-assembly
// weighs. A line's quantity says how many kilograms of the part the product
// holds, and its sub-assembly's lines are the net materials of one unit of
// it (docs/study-format.md: children per one unit of the line; a named
// sub-assembly's lines per amount × unit), so one kilogram of frame is made
// of a kilogram of materials. Nothing compares them: the demo module's
// aluminium frame written as its PV_ICE figure, 1.57996 kg per m² (3.085 kg
// a module, the line a reviewer reads), using a sub-assembly "frame" of
// amount 1 kg whose only line is 0.6 kg of PV-AL-PROFILE, makes the
// module 137.9 kgCO2e instead of 150.1 (−8.1 %), accepted with only the
// demo's own cut-off warning. The bill of materials then weighs 23.9 kg of
// the module's 25.857 (92.6 %), inside the mass balance's 10 % allowance
// for unlisted parts, so the declared-unit check cannot see it; the line
// that hides it is the one whose mass is stated twice. The same holds with
// inline children per kg of the line. What should happen: a line in a mass
// unit whose lines are all weighed (mass units or mass_kg) and weigh, per
// unit of it, less than that unit (net, beyond rounding) is refused naming
// the line's quantity or the assembly's amount (e.g. "bom[0].children[1]:
// 1 kg of sub-assembly frame holds 0.6 kg of lines"), and warned when some
// of its lines cannot be weighed.
func TestRedteam24_SubAssemblyLighterThanItsLine(t *testing.T) {
	frame := func(s *footprint.Study) *footprint.BOMLine { return s.BOM[0].Children[1] }
	honest, err := rt24Calculate(t, seedtest.Study(t, "pv-module"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		change func(s *footprint.Study)
	}{
		{"named sub-assembly of 1 kg holding 0.6 kg", func(s *footprint.Study) {
			s.Assemblies = []*footprint.Assembly{{ID: "frame", Name: "Aluminium frame", Amount: 1, Unit: unit("kg"), Lines: []*footprint.BOMLine{
				{Name: "aluminium profile", Quantity: 0.6, Unit: unit("kg"), Factor: "PV-AL-PROFILE"},
			}}}
			l := frame(s)
			l.Factor, l.Assembly = "", "frame"
		}},
		{"inline children of 0.6 kg per kg", func(s *footprint.Study) {
			l := frame(s)
			l.Factor = ""
			l.Children = []*footprint.BOMLine{{Name: "aluminium profile", Quantity: 0.6, Unit: unit("kg"), Factor: "PV-AL-PROFILE"}}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := seedtest.Study(t, "pv-module")
			tc.change(s)
			if l := frame(s); l.Quantity != 1.57996 || l.Unit.Symbol != "kg" {
				t.Fatalf("the frame line is %g %s, want the demo's 1.57996 kg per m²", l.Quantity, l.Unit.Symbol)
			}
			res, err := rt24Calculate(t, s)
			if rt24RefusedOrWarned(t, res, err, "weigh", "bom[0].children[1]", "assemblies[0]") {
				return
			}
			t.Errorf("the frame line says %g kg a module and its sub-assembly holds 60 %% of it: %.1f kgCO2e accepted (honest %.1f, %.1f %%), warnings %v; want a refusal or a warning naming the line",
				1.57996*1.952748, res.KgCO2e, honest.KgCO2e, (res.KgCO2e/honest.KgCO2e-1)*100, res.Warnings)
		})
	}
}

// Ensure the result's table of lines (tabular.ResultRows: the CSV of
// `pcf calc --format csv` and `GET /v1/studies/{id}/result.csv`, the Lines
// sheet of result.xlsx) traces every kilogram to its factor, as
// docs/study-format.md says the result does. A named sub-assembly used by
// more than one line is computed once and each use is a leaf of `lines`
// without children; its lines are only in the result's `assemblies`, which
// neither the table nor the workbench's contribution tree (api/webwork_
// view.go treeNodes, the certifier's application page) shows. The demo
// module (its encapsulant and backsheet counted at MAT-PLASTIC-AVG-DESNZ:
// 157.3 kgCO2e) with its frame as a sub-assembly "frame" (1 kg of
// PV-AL-RECYCLED, recycled aluminium, per kg) used by two lines, the long
// and the short rails (0.9 and 0.67996 kg per m², the demo's 1.57996
// together), is 129.0 kgCO2e (−18.0 %): the table's rows for the rails
// carry no factor code, no factor value and a quantity in kg, so a
// reviewer reading the table or the tree sees "Aluminium frame, long
// sides, 1.78 kg, 1.28 kgCO2e" and never which factor made it; the factor
// choice (recycled aluminium for a primary frame) is the certifier's to
// judge (docs/integrity.md §10), and only the per-factor list says that
// PV-AL-RECYCLED was used somewhere. What should happen: the table (and
// the workbench tree) lists the lines of each shared sub-assembly with
// their factor, quantity and kgCO2e over every use (e.g. rows
// assemblies[0].lines[0] times the multiplier, in a section of their own,
// or the uses expanded), so that every factor's kilograms are on a row
// that names it.
func TestRedteam24_SharedSubAssemblyRowsNameNoFactor(t *testing.T) {
	counted := func() *footprint.Study { // the encapsulant and backsheet counted, not exempted
		s := seedtest.Study(t, "pv-module")
		for _, k := range s.BOM[0].Children[2:4] {
			k.Factor, k.Exempt = "MAT-PLASTIC-AVG-DESNZ", nil
		}
		return s
	}
	honest, err := rt24Calculate(t, counted())
	if err != nil {
		t.Fatal(err)
	}
	s := counted()
	s.Assemblies = []*footprint.Assembly{{ID: "frame", Name: "Aluminium frame profile", Amount: 1, Unit: unit("kg"), Lines: []*footprint.BOMLine{
		{Name: "aluminium profile", Quantity: 1, Unit: unit("kg"), Factor: "PV-AL-RECYCLED"},
	}}}
	kids := s.BOM[0].Children
	rails := []*footprint.BOMLine{
		{Name: "Aluminium frame, long sides", Quantity: 0.9, Unit: unit("kg"), ScrapPct: 1, Assembly: "frame"},
		{Name: "Aluminium frame, short sides", Quantity: 0.67996, Unit: unit("kg"), ScrapPct: 1, Assembly: "frame"},
	}
	s.BOM[0].Children = append(append(slices.Clone(kids[:1]), rails...), kids[2:]...)
	res, err := rt24Calculate(t, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Assemblies) != 1 {
		t.Fatalf("%d shared breakdowns, want the frame's", len(res.Assemblies))
	}
	rows := tabular.ResultRows(res)
	var sum float64
	var unnamed []string
	used := map[string]bool{}
	for _, row := range rows { // a breakdown may come in a section of its own: any row names a factor
		if code := row[5].(string); code != "" {
			used[code] = true
		}
		if row[11] != "total" {
			continue
		}
		kg, _ := row[9].(float64)
		sum += kg
		if row[5].(string) == "" && kg != 0 {
			unnamed = append(unnamed, row[0].(string))
		}
	}
	if math.Abs(sum-res.KgCO2e) > 1e-6*res.KgCO2e {
		t.Errorf("the table's rows add up to %g, the total is %g", sum, res.KgCO2e)
	}
	var missing []string
	for _, f := range res.Factors {
		if f.KgCO2e > 0 && !used[f.Code] {
			missing = append(missing, f.Code)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%.1f kgCO2e accepted (honest %.1f): the table's rows %v carry kgCO2e without a factor code, and no row names %v; want the table to trace every kilogram to the factor (or supplier) it comes from",
			res.KgCO2e, honest.KgCO2e, unnamed, missing)
	}
}

// Ensure a named sub-assembly cannot make a part look present with
// nothing in it. An inline sub-assembly with no children is refused ("a
// line needs one of factor, assembly, children, supplier or exempt"), but a
// named one with no lines is accepted, and the line that uses it is listed
// in the result as a part of the product at 0 kgCO2e. The demo module,
// whose study says its junction box, cables and connectors are not
// included, gets a line "Junction box with cables and connectors, 1
// piece" using an assembly "jbox" with `"lines": []`: 150.1 kgCO2e as
// before, no warning, and a reviewer reading the lines or the tree sees
// the junction box accounted for (docs/integrity.md: nothing "left out or
// made to look present"). What should happen: a named sub-assembly with no
// lines is refused (400) naming assemblies[i].lines, as an inline one is;
// a part not accounted for is an exempted line with its reason.
func TestRedteam24_EmptyNamedSubAssembly(t *testing.T) {
	jbox := &footprint.BOMLine{Name: "Junction box with cables and connectors", Quantity: 1, Unit: unit("piece")}

	// Held: the same line with empty inline children is refused.
	s := seedtest.Study(t, "pv-module")
	inline := *jbox
	inline.Children = []*footprint.BOMLine{}
	s.BOM = append(s.BOM, &inline)
	if res, err := rt24Calculate(t, s); err == nil {
		t.Fatalf("a line with no children and nothing else: %.1f kgCO2e accepted", res.KgCO2e)
	}

	s = seedtest.Study(t, "pv-module")
	s.Assemblies = []*footprint.Assembly{{ID: "jbox", Name: "junction box", Amount: 1, Unit: unit("piece"), Lines: []*footprint.BOMLine{}}}
	named := *jbox
	named.Assembly = "jbox"
	s.BOM = append(s.BOM, &named)
	res, err := rt24Calculate(t, s)
	if rt24RefusedOrWarned(t, res, err, "no lines", "assemblies[0]", "bom[2]") {
		return
	}
	l := findLineIn(res.Lines, "bom[2]")
	t.Errorf("a junction box line using a sub-assembly with no lines: accepted at %.1f kgCO2e, the line listed as %+v, warnings %v; want a refusal naming assemblies[0].lines",
		res.KgCO2e, l, res.Warnings)
}

// rackStudy adds to s a packaging line of one returnable transport rack
// weighed by the mass_kg the study declares, at the seed's mono wafer
// factor per piece (the cheapest factor per piece of the set, 1.32
// kgCO2e), which nothing weighs: docs/integrity.md §9 bounds the declared
// mass_kg of BOM lines with a warning, not that of packaging lines.
func rackStudy(s *footprint.Study, kg float64) {
	s.Packaging = append(s.Packaging, &footprint.BOMLine{Name: "returnable transport rack (share per unit)", Quantity: 1, Unit: unit("piece"), MassKg: kg, Factor: "PV-WAFER-MONO182"})
}

// Ensure recycling credits stay bounded by what the product and its
// packaging weigh (docs/integrity.md §9: "500 kg of aluminium credited for
// a 2 kg laptop", closed: "the credit lines in a mass unit may claim at most
// the product's mass per declared unit plus its packaging's"). The
// packaging's mass is whatever mass_kg a packaging line declares, and a
// packaging line's declared mass, unlike a BOM line's, is never warned: the
// demo laptop with a packaging line "returnable transport rack, 1 piece,
// mass_kg 500" (PV-WAFER-MONO182, 1.32 kgCO2e) and an end-of-life line of
// 500 kg of aluminium at EOL-CREDIT-AL-DESNZ shows credits of −4,064.7
// kgCO2e beside a total of 180.3 (−2,254 % of it), accepted without a
// warning: the closed hole, reopened. What should happen: credits are
// bounded by masses the study weighs in mass units (not by a declared
// mass_kg), or the study is refused naming the credit line's quantity
// (end_of_life[3].quantity) as before; and a packaging line's declared
// mass_kg above the product's mass is warned (packaging[0].mass_kg) as the
// BOM's is (declared_unit).
func TestRedteam24_CreditsBeyondTheProductThroughPackagingMass(t *testing.T) {
	s := seedtest.Study(t, "laptop")
	rackStudy(s, 500)
	s.EndOfLife = append(s.EndOfLife, &footprint.EndOfLifeLine{Name: "aluminium recycled", Quantity: 500, Unit: unit("kg"), Treatment: "recycling", Factor: "EOL-CREDIT-AL-DESNZ"})
	res, err := rt24Calculate(t, s)
	if rt24RefusedOrWarned(t, res, err, "", "end_of_life[3]", "packaging[0]") {
		return
	}
	t.Errorf("credits of %.1f kgCO2e (%.0f %% of the total %.1f) for a %g kg laptop, accepted: warnings %v; want a refusal naming end_of_life[3].quantity or a warning on packaging[0].mass_kg",
		res.CreditsKgCO2e, res.CreditsKgCO2e/res.KgCO2e*100, res.KgCO2e, s.Product.MassKg, res.Warnings)
}

// Ensure a heavy part screened away at a cheap factor stays visible to the
// certifier when the study declares heavy packaging. Red team 2's warning
// (docs/integrity.md §7: exempted items more than the cut-off limit by
// mass, while their screening estimate puts them under it) divides the
// exempted mass by the product's mass plus its packaging's, and the
// packaging's mass is a packaging line's declared mass_kg; red team 8 took
// packaging out of the denominator for the share by mass only (a refusal),
// not for this warning. The demo module with its encapsulant and backsheet
// counted (MAT-PLASTIC-AVG-DESNZ, honest 157.3 kgCO2e) and its aluminium
// frame exempted, screened as recycled aluminium (PV-AL-RECYCLED), is
// 126.7 kgCO2e with the warning (frame 11.9 % of the product's mass, 1.74
// % of emissions); adding a packaging line "returnable transport rack, 1
// piece, mass_kg 100" (PV-WAFER-MONO182, 1.32 kgCO2e) makes it 128.1
// kgCO2e (−18.6 %) with the frame stated as 2.45 % of the mass and no
// warning at all. What should happen: the warning weighs the BOM's
// exempted mass against the product's mass alone (as red team 8's
// refusal does), and warns at "bom" here as without the rack.
func TestRedteam24_PackagingMassSilencesTheScreenedCutOffWarning(t *testing.T) {
	study := func(rack bool) *footprint.Study {
		s := seedtest.Study(t, "pv-module")
		kids := s.BOM[0].Children
		for _, k := range kids[2:4] { // encapsulant and backsheet, counted
			k.Factor, k.Exempt = "MAT-PLASTIC-AVG-DESNZ", nil
		}
		kids[1].Factor = ""
		kids[1].Exempt = &footprint.Exemption{Reason: "frame of recycled aluminium, screened", ScreeningFactor: "PV-AL-RECYCLED"}
		if rack {
			rackStudy(s, 100)
		}
		return s
	}
	const msg = "of product mass"
	plain, err := rt24Calculate(t, study(false))
	if err != nil {
		t.Fatal(err)
	}
	if !hasWarning(plain, "bom", msg) { // held: red team 2's warning
		t.Fatalf("the frame screened as recycled aluminium, without a rack: %.1f kgCO2e, no warning on bom: %v", plain.KgCO2e, plain.Warnings)
	}
	res, err := rt24Calculate(t, study(true))
	if err != nil {
		if footprint.ErrorField(err) != "bom" {
			t.Fatalf("refused, but not naming bom: %v", err)
		}
		return // refused: fine
	}
	if !hasWarning(res, "bom", msg) {
		t.Errorf("with a declared 100 kg rack: %.1f kgCO2e (%.1f without the rack), the frame stated as %.2f %% of the mass and %.2f %% of emissions, no warning on bom; want the warning, the frame being %.1f %% of the product's mass",
			res.KgCO2e, plain.KgCO2e, res.ExemptedMassPct, res.ExemptedPct, plain.ExemptedMassPct)
	}
}

// Ensure "packaging: included" (Result.PackagingIncluded: the certificate's
// packaging field, PACT's packagingEmissionsIncluded) is not said of
// packaging that is cut off but for a token line. Red team 20 closed the
// case where every packaging line is exempted ("included" only when a
// packaging line is counted). One gram of counted packaging reopens it:
// the demo laptop with its 0.6 kg corrugated carton exempted (screened at
// PKG-BOARD-CN) beside a counted 1 g paper label at PKG-BOARD-CN (0.0004
// kgCO2e) is 179.0 kgCO2e and states its packaging included, with 99.8 %
// of the packaging's mass cut off, and no warning at packaging. What
// should happen: "included" only when the counted packaging lines account
// for the packaging (at least the exempted packaging's mass, or all but
// the rule's cut-off share of it), or a warning at packaging saying how
// much of it is cut off.
func TestRedteam24_PackagingIncludedByATokenLine(t *testing.T) {
	s := seedtest.Study(t, "laptop")
	s.Packaging = []*footprint.BOMLine{
		{Name: "corrugated carton", Quantity: 0.6, Unit: unit("kg"), Exempt: &footprint.Exemption{Reason: "below the cut-off", ScreeningFactor: "PKG-BOARD-CN"}},
		{Name: "paper label", Quantity: 1, Unit: unit("g"), Factor: "PKG-BOARD-CN"},
	}
	res, err := rt24Calculate(t, s)
	if err != nil {
		return // refused
	}
	if !res.PackagingIncluded || slices.ContainsFunc(res.Warnings, func(w footprint.Warning) bool { return strings.HasPrefix(w.Path, "packaging") }) {
		return
	}
	t.Errorf("a 0.6 kg carton cut off beside a 1 g label: %.1f kgCO2e, packaging included %v with %.4f kgCO2e of packaging counted, no warning at packaging: %v",
		res.KgCO2e, res.PackagingIncluded, res.PackagingKgCO2e, res.Warnings)
}

// rt24NewWarnings returns the warnings of res that base does not have, the
// figures in their messages aside (a lower total restates base's cut-off
// share).
func rt24NewWarnings(base, res *footprint.Result) []footprint.Warning {
	key := func(w footprint.Warning) string {
		return w.Path + "\x00" + strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' || r == '.' {
				return -1
			}
			return r
		}, w.Message)
	}
	var out []footprint.Warning
	for _, w := range res.Warnings {
		if !slices.ContainsFunc(base.Warnings, func(b footprint.Warning) bool { return key(b) == key(w) }) {
			out = append(out, w)
		}
	}
	return out
}

// Ensure a part a rule requires, counted in pieces of a factor per piece,
// is not counted as a fraction of one per product without a word. The
// electronics rule requires the circuit boards of a computer (required_parts:
// HS 847330, 8534, 8542) and warns only when they count for less than its
// cut-off share of the total (5 %). The demo laptop counts its logic board
// as 1 piece of ELEC-MOBO (66.1 kgCO2e a board); written as a named
// sub-assembly "boards" of amount 5 pieces whose line reads "Main logic
// board (PCBA), 1 piece, ELEC-MOBO", used by the line "Circuit boards (178
// g), 1 piece" (or, plainly, as 0.2 piece of the board), the laptop is
// 126.1 kgCO2e instead of 179.0 (−29.5 %); the boards' 13.2 kgCO2e are 10.5
// % of the lowered total, so no warning, and a reader of the study sees 1
// board used once and an assembly line of 1 piece. (For cells, the rule's
// power bound ties the pieces to the product; for boards nothing does.)
// What should happen: a line of a required part counted in single pieces
// (a factor per piece) that gives less than one piece per piece of product
// (pieces per declared unit, over every use of its sub-assemblies) is
// warned, naming the line and the pieces per product, so that the
// certifier checks a scaled proxy; or refused, as cells below the module's
// power are.
func TestRedteam24_RequiredPartAsAFractionOfAPiece(t *testing.T) {
	base, err := rt24Calculate(t, seedtest.Study(t, "laptop"))
	if err != nil {
		t.Fatal(err)
	}
	boards := func(s *footprint.Study) *footprint.BOMLine { return s.BOM[3] }
	for _, tc := range []struct {
		name   string
		change func(s *footprint.Study)
	}{
		{"sub-assembly of 5 pieces holding 1 board", func(s *footprint.Study) {
			b := boards(s)
			s.Assemblies = append(s.Assemblies, &footprint.Assembly{ID: "boards", Name: "circuit boards", Amount: 5, Unit: unit("piece"), Lines: b.Children})
			b.Children, b.Assembly = nil, "boards"
		}},
		{"0.2 piece of the board", func(s *footprint.Study) { boards(s).Children[0].Quantity = 0.2 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := seedtest.Study(t, "laptop")
			if b := boards(s); !strings.HasPrefix(b.Name, "Circuit boards") || len(b.Children) != 1 || b.Children[0].Factor != "ELEC-MOBO" || b.Children[0].Quantity != 1 {
				t.Fatalf("the demo laptop's bom[3] is %+v, want its circuit boards of 1 ELEC-MOBO", b)
			}
			tc.change(s)
			res, err := rt24Calculate(t, s)
			if err != nil {
				if f := footprint.ErrorField(err); !strings.HasPrefix(f, "bom") && !strings.HasPrefix(f, "assemblies") {
					t.Fatalf("refused, but not naming the boards: %v", err)
				}
				return
			}
			if n := rt24NewWarnings(base, res); len(n) > 0 {
				return
			}
			t.Errorf("the laptop's logic board counted as %.2f piece per laptop: %.1f kgCO2e (honest %.1f, %.1f %%), no new warning (%v); want a warning naming the board line",
				findLine(res, "bom[3]").KgCO2e/66.1, res.KgCO2e, base.KgCO2e, (res.KgCO2e/base.KgCO2e-1)*100, res.Warnings)
		})
	}
}

// Ensure a study cannot show one sub-assembly and compute another. Named
// sub-assemblies are matched by their exact id, and an id is refused only
// when blank or given twice: "frame" and "ｆrame" (a full-width f) are two
// assemblies, and an assembly no line uses is accepted without a word. The
// demo module (encapsulant and backsheet counted: 157.3 kgCO2e) whose study
// defines a sub-assembly "frame" of 1 kg of PV-AL-PROFILE per kg, the one
// a reader of the study document finds, and a second "ｆrame" of
// PV-AL-RECYCLED per kg, which the frame line uses ("assembly": "ｆrame"),
// is 129.0 kgCO2e (−18.0 %), accepted with no warning: the decoy stays in
// the stored study, out of the result. Serials were closed to look-alikes
// (docs/integrity.md §9); ids were not. What should happen: an assembly id
// that equals another after folding (trimmed, case, NFKC: full-width and
// compatibility forms) is refused naming assemblies[i].id, ids being held
// to letters, digits and -_. as serials are; and an assembly no line uses
// is refused (or warned) naming it, as a study holds only what it counts.
func TestRedteam24_LookAlikeSubAssemblyBesideADecoy(t *testing.T) {
	s := seedtest.Study(t, "pv-module")
	kids := s.BOM[0].Children
	for _, k := range kids[2:4] { // encapsulant and backsheet, counted
		k.Factor, k.Exempt = "MAT-PLASTIC-AVG-DESNZ", nil
	}
	honest, err := rt24Calculate(t, s)
	if err != nil {
		t.Fatal(err)
	}
	profile := func(code string) []*footprint.BOMLine {
		return []*footprint.BOMLine{{Name: "aluminium extrusion profile", Quantity: 1, Unit: unit("kg"), Factor: code}}
	}
	s.Assemblies = []*footprint.Assembly{
		{ID: "frame", Name: "Aluminium frame", Amount: 1, Unit: unit("kg"), Lines: profile("PV-AL-PROFILE")},
		{ID: "ｆrame", Name: "Aluminium frame", Amount: 1, Unit: unit("kg"), Lines: profile("PV-AL-RECYCLED")},
	}
	kids[1].Factor, kids[1].Assembly = "", "ｆrame"
	res, err := rt24Calculate(t, s)
	if rt24RefusedOrWarned(t, res, err, "", "assemblies", "bom[0].children[1]") {
		return
	}
	t.Errorf("sub-assemblies \"frame\" (PV-AL-PROFILE, unused) and \"ｆrame\" (PV-AL-RECYCLED, used): %.1f kgCO2e accepted (honest %.1f), warnings %v; want the look-alike id or the unused assembly refused or warned",
		res.KgCO2e, honest.KgCO2e, res.Warnings)
}
