package footprint_test

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
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
			if footprint.ErrorField(err) != tt.field || footprint.ErrorMessage(err) != tt.msg {
				t.Errorf("error = %q at %q, want %q at %q", footprint.ErrorMessage(err), footprint.ErrorField(err), tt.msg, tt.field)
			}
		})
	}
}
