package footprint

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/internal/jsonenc"
)

// The reference encoding of a result: its wire form (resultWire) through
// encoding/json, as CanonicalJSON was written before it had its own
// encoder. CanonicalJSON must give the same bytes.

func referenceCanonicalJSON(r *Result) ([]byte, error) { return json.Marshal(resultToWire(r)) }

// Codecs written with encoding/json, for the benchmarks that compare the
// choices of issue 8 (docs/BENCHMARKS.md): encoding/json instead of json/v2
// to decode, and instead of the hand-written encoder for CanonicalJSON.
var (
	ReferenceCanonicalJSON = referenceCanonicalJSON

	// ForgetCanonical drops the bytes Canonicalize kept, so that a
	// benchmark can canonicalize the same result again.
	ForgetCanonical = func(r *Result) { r.canonical = nil }

	ParseStudyJSONWithEncodingJSON = func(doc []byte) (*Study, error) {
		var d studyWire
		if err := decodeWithEncodingJSON(doc, &d); err != nil {
			return nil, err
		}
		return d.study()
	}
	ParseResultJSONWithEncodingJSON = func(doc []byte) (*Result, error) {
		var w resultWire
		if err := decodeWithEncodingJSON(doc, &w); err != nil {
			return nil, err
		}
		return w.toDomain()
	}
)

func decodeWithEncodingJSON(doc []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("data after the document")
	}
	return nil
}

// refCF is canonicalFloat as first written.
func refCF(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	return v
}

func contribToWire(c *Contribution) *contribWire {
	w := &contribWire{
		Path: c.Path, Name: c.Name, Kind: c.Kind, Stage: c.Stage, Quantity: refCF(c.Quantity), Unit: c.Unit,
		FactorCode: c.FactorCode, FactorSet: c.FactorSet, FactorValue: refCF(c.FactorValue), FactorUnit: c.FactorUnit,
		Supplier: c.Supplier, Assembly: c.Assembly, KgCO2e: refCF(c.KgCO2e), SharePct: refCF(c.SharePct),
		Primary: c.Primary, DQR: refCF(c.DQR),
	}
	for _, ch := range c.Children {
		w.Children = append(w.Children, contribToWire(ch))
	}
	return w
}

// resultToWire maps a Result to its canonical wire form. Slices are never
// nil, so an empty list encodes as [] rather than null.
func resultToWire(r *Result) *refResultWire {
	w := &refResultWire{
		Format: ResultFormat, EngineVersion: r.EngineVersion, Rule: r.Rule, RuleVersion: r.RuleVersion,
		Boundary:     string(r.Boundary),
		DeclaredUnit: declaredUnitWire{Amount: refCF(r.DeclaredUnit.Amount), Unit: r.DeclaredUnit.Unit.Symbol},
		FactorSet:    r.FactorSet, ProductName: r.ProductName, ProductModel: r.ProductModel,
		KgCO2e:  refCF(r.KgCO2e),
		PerUnit: []unitTotalWire{}, Stages: []stageTotalWire{}, Lines: []*contribWire{}, Hotspots: []string{},
		Credits: []*contribWire{}, Scenarios: []scenarioWire{}, Factors: []factorUseWire{},
		Suppliers: []supplierUseWire{}, Warnings: []warningWire{},
		Separate: separateWire{
			FossilKgCO2e: refCF(r.FossilKgCO2e), BiogenicKgCO2e: refCF(r.BiogenicKgCO2e), BiogenicSplitKnown: r.BiogenicSplitKnown,
			AircraftKgCO2e: refCF(r.AircraftKgCO2e), PackagingKgCO2e: refCF(r.PackagingKgCO2e), PackagingIncluded: r.PackagingIncluded,
			CreditsKgCO2e: refCF(r.CreditsKgCO2e),
		},
		CutOff: refCutOffWire{
			LimitPct: refCF(r.CutOffLimitPct), Basis: r.ExemptedBasis, ExemptedMassKg: refCF(r.ExemptedMassKg),
			ExemptedMassPct: refCF(r.ExemptedMassPct), ExemptedKgCO2e: refCF(r.ExemptedKgCO2e), ExemptedPct: refCF(r.ExemptedPct),
			Items: []exemptedWire{},
		},
		DataQuality: dataQualityWire{
			PrimaryDataSharePct: refCF(r.PrimaryDataSharePct), DQR: refCF(r.DQR), DQRLevel: r.DQRLevel, DQRCoveragePct: refCF(r.DQRCoveragePct),
		},
		Uncertainty: uncertaintyWire{
			Method: r.Uncertainty.Method, Runs: r.Uncertainty.Runs, Seed: r.Uncertainty.Seed,
			LowKgCO2e: refCF(r.Uncertainty.LowKgCO2e), MedianKgCO2e: refCF(r.Uncertainty.MedianKgCO2e),
			HighKgCO2e: refCF(r.Uncertainty.HighKgCO2e), MeanKgCO2e: refCF(r.Uncertainty.MeanKgCO2e),
		},
		Electricity: electricitySumWire{
			Approach: r.Electricity.Approach, KWh: refCF(r.Electricity.KWh), GridKWh: refCF(r.Electricity.GridKWh),
			InstrumentKWh: refCF(r.Electricity.InstrumentKWh), GridFactors: append([]string{}, r.Electricity.GridFactors...),
			Instruments: []instrumentUsed{},
		},
	}
	if !r.ReferencePeriod.IsZero() {
		p := periodToWire(r.ReferencePeriod)
		w.ReferencePeriod = &p
	}
	for _, u := range r.PerUnit {
		w.PerUnit = append(w.PerUnit, unitTotalWire{Unit: u.Unit, Basis: u.Basis, LabelEN: u.LabelEN, LabelZH: u.LabelZH, KgCO2e: refCF(u.KgCO2e)})
	}
	for _, s := range r.Stages {
		w.Stages = append(w.Stages, stageTotalWire{Code: s.Code, NameEN: s.NameEN, NameZH: s.NameZH, KgCO2e: refCF(s.KgCO2e), SharePct: refCF(s.SharePct)})
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
	for _, a := range r.Assemblies {
		aw := &assemblyBreakdownWire{
			ID: a.ID, Name: a.Name, Kind: a.Kind, Stage: a.Stage, Amount: refCF(a.Amount), Unit: a.Unit,
			KgCO2e: refCF(a.KgCO2e), Multiplier: refCF(a.Multiplier), TotalKgCO2e: refCF(a.TotalKgCO2e),
			Uses: []assemblyUseWire{}, Lines: []*contribWire{},
		}
		for _, u := range a.Uses {
			aw.Uses = append(aw.Uses, assemblyUseWire{Path: u.Path, Multiplier: refCF(u.Multiplier), KgCO2e: refCF(u.KgCO2e)})
		}
		for _, c := range a.Lines {
			aw.Lines = append(aw.Lines, contribToWire(c))
		}
		w.Assemblies = append(w.Assemblies, aw)
	}
	for _, x := range r.Exempted {
		w.CutOff.Items = append(w.CutOff.Items, exemptedWire{
			Path: x.Path, Name: x.Name, Stage: x.Stage, Quantity: refCF(x.Quantity), Unit: x.Unit, MassKg: refCF(x.MassKg),
			Reason: x.Reason, ScreeningFactor: x.ScreeningFactor, ScreeningKgCO2e: refCF(x.ScreeningKgCO2e),
		})
	}
	for _, in := range r.Electricity.Instruments {
		w.Electricity.Instruments = append(w.Electricity.Instruments, instrumentUsed{
			Path: in.Path, Kind: string(in.Kind), Serial: in.Serial, SerialLast: in.SerialLast, MWh: refCF(in.MWh), Period: periodToWire(in.Period),
			Technology: in.Technology, Factor: in.Factor, TransmissionFactor: in.TransmissionFactor,
			CoveredKWh: refCF(in.CoveredKWh), UnusedMWh: refCF(in.UnusedMWh),
		})
	}
	for _, s := range r.Scenarios {
		w.Scenarios = append(w.Scenarios, scenarioWire{
			Name: s.Name, LabelEN: s.LabelEN, LabelZH: s.LabelZH, Unit: s.Unit, KgCO2e: refCF(s.KgCO2e),
			LifetimeYears: refCF(s.LifetimeYears), DegradationPct: refCF(s.DegradationPct), YieldKWhPerKWp: refCF(s.YieldKWhPerKWp),
			LifetimeKWh: refCF(s.LifetimeKWh), Source: s.Source,
		})
	}
	for _, f := range r.Factors {
		w.Factors = append(w.Factors, factorUseWire{
			Code: f.Code, Set: f.Set, NameEN: f.NameEN, NameZH: f.NameZH, Category: string(f.Category),
			Value: refCF(f.Value), Unit: f.Unit, Basis: string(f.Basis), Boundary: string(f.Boundary),
			Geography: f.Geography, Year: f.Year, Source: sourceUsed(f.Source), Grade: f.Grade,
			Status: string(f.Status), UncertaintyPct: refCF(f.UncertaintyPct), KgCO2e: refCF(f.KgCO2e),
		})
	}
	for _, s := range r.Suppliers {
		w.Suppliers = append(w.Suppliers, supplierUseWire{
			ID: s.ID, Supplier: s.Supplier, Product: s.Product, KgCO2e: refCF(s.KgCO2e), Unit: s.Unit,
			IssuedAt: s.IssuedAt, ValidUntil: s.ValidUntil, UncertaintyPct: refCF(s.UncertaintyPct), Contribution: refCF(s.Contribution),
			PACTSpecVersion: s.PACTSpecVersion, PACTVersion: s.PACTVersion,
		})
	}
	for _, wn := range r.Warnings {
		w.Warnings = append(w.Warnings, warningWire(wn))
	}
	return w
}

func TestCanonicalJSON_MatchesEncodingJSON(t *testing.T) {
	// Ensure the canonical encoder writes the bytes encoding/json writes
	// for the wire form, for calculated results and for results with every
	// kind of string and number.
	for _, r := range demoResults(t) {
		checkCanonicalJSON(t, r)
	}
	checkCanonicalJSON(t, &Result{})
	for _, s := range []string{"", "plain", `quote " backslash \ slash /`, "<b>&amp;</b>", "\x00\x01\x1f\b\f\n\r\t\x7f",
		"示例 m² · ½ 😀", "\u2028\u2029", "bad \xff\xfe utf-8 \xe4\xb8", "\xed\xa0\x80 surrogate"} {
		checkCanonicalJSON(t, stringResult(s))
	}
	for _, x := range []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1.0 / 3, 1e-6, 9.99999999999e-7, 1e-7, 123456789012345, 1e20, 1e21, 9.999999999999e20, -2.5e-300, math.MaxFloat64, math.SmallestNonzeroFloat64, math.NaN(), math.Inf(1), math.Inf(-1)} {
		checkCanonicalJSON(t, floatResult(x))
	}
}

func TestCanonicalFloat(t *testing.T) {
	// Ensure numbers are rounded and written as before, over random bit
	// patterns and random magnitudes.
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := range 500_000 {
		var x float64
		switch i % 3 {
		case 0:
			x = math.Float64frombits(rnd.Uint64())
		case 1:
			x = (rnd.Float64() - 0.5) * math.Pow(10, float64(rnd.IntN(640)-320))
		case 2: // already rounded: decimals of up to 12 digits
			x = refCF((rnd.Float64() - 0.5) * math.Pow(10, float64(rnd.IntN(60)-30)))
		}
		want, err := json.Marshal(refCF(x))
		if err != nil {
			t.Fatal(err)
		}
		if got, v := jsonenc.AppendCanonicalFloat(nil, x); string(got) != string(want) || math.Float64bits(v) != math.Float64bits(refCF(x)) {
			t.Fatalf("%v (%#x): got %s (%v), want %s (%v)", x, math.Float64bits(x), got, v, want, refCF(x))
		}
	}
	// Rounding that carries into a new digit, and the edges of fixed
	// notation and of the short way.
	for _, x := range []float64{
		9.9999999999995, 0.99999999999995, 999999999999.5, 9.999999999995e-7, 9.9999999999994e-7,
		1e-6, 1.0000000000001e-6, 9.999999999995e20, 9.9999999999949e20, 1e21, 123456789012, 1234567890123,
		1e-300, 1.0000000000001e-300, 9.99999999999e299, 1e300, 5e-324, 2.2250738585072014e-308, math.MaxFloat64,
		0.1, 0.2, 0.3, 100, -5, 999999999999, 1e12, 1e15, 1e16, 12345.678901234567, -0.000123, 1.5e-7, 2.5e+25,
	} {
		for _, x := range []float64{x, -x, math.Nextafter(x, 0), math.Nextafter(x, math.Inf(1))} {
			want, err := json.Marshal(refCF(x))
			if err != nil {
				t.Fatal(err)
			}
			if got, v := jsonenc.AppendCanonicalFloat(nil, x); string(got) != string(want) || math.Float64bits(v) != math.Float64bits(refCF(x)) {
				t.Errorf("%v (%#x): got %s (%v), want %s (%v)", x, math.Float64bits(x), got, v, want, refCF(x))
			}
		}
	}
}

func FuzzCanonicalJSON(f *testing.F) {
	f.Add("a<b", "示例", 1.5, -2e-9)
	f.Add("\x00", "\xff", 0.0, 1e21)
	f.Fuzz(func(t *testing.T, s1, s2 string, x1, x2 float64) {
		r := stringResult(s1)
		r.Lines[0].Children[0].Name = s2
		r.Lines[0].Children[0].KgCO2e, r.Lines[0].Children[0].FactorValue = x1, x2
		r.KgCO2e, r.Factors[0].Value = x2, x1
		checkCanonicalJSON(t, r)
		// Canonicalize keeps the same bytes and rounds as it writes.
		want, _ := r.CanonicalJSON()
		if got := r.Canonicalize(); !bytes.Equal(got, want) {
			t.Fatalf("Canonicalize =\n%s\nwant\n%s", got, want)
		}
		leaf := r.Lines[0].Children[0]
		for _, n := range []struct{ got, x float64 }{{leaf.KgCO2e, x1}, {leaf.FactorValue, x2}, {r.KgCO2e, x2}, {r.Factors[0].Value, x1}} {
			if math.Float64bits(n.got) != math.Float64bits(refCF(n.x)) {
				t.Fatalf("Canonicalize rounded %v to %v, want %v", n.x, n.got, refCF(n.x))
			}
		}
	})
}

func checkCanonicalJSON(t *testing.T, r *Result) {
	t.Helper()
	want, err := referenceCanonicalJSON(r)
	if err != nil {
		t.Fatal(err)
	}
	got, err := r.CanonicalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Fatalf("CanonicalJSON differs from encoding/json at byte %d:\ngot  …%s\nwant …%s", i, excerpt(got, i), excerpt(want, i))
	}
}

func excerpt(b []byte, i int) string {
	return string(b[max(0, i-40):min(len(b), i+40)])
}

// stringResult returns a result with s in every string field, and
// every list with one element.
func stringResult(s string) *Result {
	leaf := &Contribution{Path: s, Name: s, Kind: s, Stage: s, Unit: s, FactorCode: s, FactorSet: s, FactorValue: 1, FactorUnit: s, Supplier: s, Assembly: s, KgCO2e: 2, SharePct: 3, Primary: true, DQR: 1.5}
	root := &Contribution{Path: s, Name: s, Children: []*Contribution{leaf, {Path: "empty"}}}
	day := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	return &Result{
		EngineVersion: s, Rule: s, RuleVersion: s, Boundary: Boundary(s), DeclaredUnit: DeclaredUnit{Amount: 1, Unit: Unit{Symbol: s}},
		ReferencePeriod: Period{Start: day, End: day.AddDate(1, 0, -1)}, FactorSet: s, ProductName: s, ProductModel: s,
		PerUnit: []UnitTotal{{Unit: s, Basis: s, LabelEN: s, LabelZH: s, KgCO2e: 1}},
		Stages:  []StageTotal{{Code: s, NameEN: s, NameZH: s, KgCO2e: 1, SharePct: 100}},
		Lines:   []*Contribution{root}, Hotspots: []*Contribution{leaf},
		Assemblies: []*AssemblyBreakdown{{ID: s, Name: s, Kind: s, Stage: s, Amount: 1, Unit: s, KgCO2e: 2, Multiplier: 3, TotalKgCO2e: 6,
			Uses: []AssemblyUse{{Path: s, Multiplier: 1, KgCO2e: 2}}, Lines: []*Contribution{{Path: s, Name: s, Assembly: s}}}},
		Credits:       []*Contribution{{Path: s, FactorValue: -1}},
		Exempted:      []*ExemptedItem{{Path: s, Name: s, Stage: s, Unit: s, Reason: s, ScreeningFactor: s}, {Path: s}},
		ExemptedBasis: s, DQRLevel: s,
		Uncertainty: Uncertainty{Method: s, Runs: 1000, Seed: s},
		Electricity: ElectricitySummary{Approach: s, GridFactors: []string{s, s}, Instruments: []ClaimedInstrument{{Path: s, Kind: InstrumentKind(s), Serial: s, SerialLast: s, Period: Period{Start: day, End: day}, Technology: s, Factor: s, TransmissionFactor: s}}},
		Scenarios:   []Scenario{{Name: s, LabelEN: s, LabelZH: s, Unit: s, Source: s}},
		Factors:     []*FactorUse{{Code: s, Set: s, NameEN: s, NameZH: s, Category: Category(s), Unit: s, Basis: GHGBasis(s), Boundary: Boundary(s), Geography: s, Year: -2024, Source: Source{Publisher: s, Document: s, Date: s, Locator: s}, Grade: s, Status: Status(s)}},
		Suppliers:   []*SupplierUse{{ID: s, Supplier: s, Product: s, Unit: s, IssuedAt: s, ValidUntil: s}},
		Warnings:    []Warning{{Path: s, Message: s}},
	}
}

// floatResult returns a result with x in every number field.
func floatResult(x float64) *Result {
	r := stringResult("s")
	r.DeclaredUnit.Amount, r.KgCO2e = x, x
	r.PerUnit[0].KgCO2e, r.Stages[0].KgCO2e, r.Stages[0].SharePct = x, x, x
	c := r.Lines[0].Children[0]
	c.Quantity, c.FactorValue, c.KgCO2e, c.SharePct, c.DQR = x, x, x, x, x
	r.FossilKgCO2e, r.BiogenicKgCO2e, r.AircraftKgCO2e, r.PackagingKgCO2e, r.CreditsKgCO2e = x, x, x, x, x
	r.CutOffLimitPct, r.ExemptedMassKg, r.ExemptedMassPct, r.ExemptedKgCO2e, r.ExemptedPct = x, x, x, x, x
	r.Exempted[0].Quantity, r.Exempted[0].MassKg, r.Exempted[0].ScreeningKgCO2e = x, x, x
	r.PrimaryDataSharePct, r.DQR, r.DQRCoveragePct = x, x, x
	u := &r.Uncertainty
	u.LowKgCO2e, u.MedianKgCO2e, u.HighKgCO2e, u.MeanKgCO2e = x, x, x, x
	e := &r.Electricity
	e.KWh, e.GridKWh, e.InstrumentKWh = x, x, x
	e.Instruments[0].MWh, e.Instruments[0].CoveredKWh, e.Instruments[0].UnusedMWh = x, x, x
	s := &r.Scenarios[0]
	s.KgCO2e, s.LifetimeYears, s.DegradationPct, s.YieldKWhPerKWp, s.LifetimeKWh = x, x, x, x, x
	r.Factors[0].Value, r.Factors[0].UncertaintyPct, r.Factors[0].KgCO2e = x, x, x
	r.Suppliers[0].KgCO2e, r.Suppliers[0].UncertaintyPct, r.Suppliers[0].Contribution = x, x, x
	a := r.Assemblies[0]
	a.Amount, a.KgCO2e, a.Multiplier, a.TotalKgCO2e, a.Uses[0].Multiplier, a.Uses[0].KgCO2e = x, x, x, x, x, x
	a.Lines[0].KgCO2e = x
	return r
}

// mustLoadTestFactors reads testdata/factors.csv as set 2026.1.
func mustLoadTestFactors(tb testing.TB) map[string]*Factor {
	tb.Helper()
	return LoadTestFactors(tb)
}

func TestCanonicalize(t *testing.T) {
	// Ensure a canonicalized result keeps the bytes it would encode to and
	// equals, number for number, the result read back from them, as a
	// stored result does.
	for _, r := range demoResults(t) {
		checkCanonicalize(t, r)
	}
	for _, x := range []float64{0, math.Copysign(0, -1), 1.0 / 3, -2.5e-300, 9.9999999999995, 1e21, math.NaN(), math.Inf(-1)} {
		r := floatResult(x)
		r.DeclaredUnit.Unit = MustParseUnit("piece")
		checkCanonicalize(t, r)
	}
	checkCanonicalize(t, &Result{PerUnit: []UnitTotal{}, Lines: []*Contribution{{Children: []*Contribution{}}}, Electricity: ElectricitySummary{GridFactors: []string{}}})
}

// checkCanonicalize canonicalizes r and compares it with the result read
// back from its bytes.
func checkCanonicalize(t *testing.T, r *Result) {
	t.Helper()
	want, err := referenceCanonicalJSON(r)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Canonicalize(); !bytes.Equal(got, want) {
		t.Fatalf("Canonicalize =\n%s\nwant\n%s", got, want)
	}
	if got, err := r.CanonicalJSON(); err != nil || &got[0] != &r.canonical[0] {
		t.Fatalf("CanonicalJSON of a canonicalized result encodes again (%v)", err)
	}
	back, err := ParseCanonicalResult(want)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r, back) {
		t.Fatalf("canonicalized result differs from the one read back:\n%+v\n%+v", r, back)
	}
}

func TestParseResultJSON_Documents(t *testing.T) {
	// Ensure result documents are read or refused as a whole, and only
	// ParseCanonicalResult keeps the bytes.
	for _, tt := range []struct {
		name string
		doc  string
		ok   bool
	}{
		{"Minimal", `{"format":"pcf-result/1"}`, true},
		{"Nulls", `{"format":"pcf-result/1","reference_period":null,"lines":null,"per_unit":[null],"declared_unit":null,"uncertainty":{"runs":null},"factors":[{"source":null}]}`, true},
		{"EmptyLists", `{"format":"pcf-result/1","lines":[],"hotspots":[],"credits":[],"electricity":{"grid_factors":[],"instruments":[]}}`, true},
		{"Hotspot", `{"format":"pcf-result/1","lines":[{"path":"a","children":[{"path":"b"}]}],"hotspots":["b"]}`, true},
		{"NullLine", `{"format":"pcf-result/1","lines":[null]}`, false},
		{"NullChild", `{"format":"pcf-result/1","lines":[{"path":"a","children":[null]}]}`, false},
		{"NullCredit", `{"format":"pcf-result/1","credits":[null]}`, false},
		{"UnknownHotspot", `{"format":"pcf-result/1","lines":[{"path":"a"}],"hotspots":["b"]}`, false},
		{"OtherFormat", `{"format":"other"}`, false},
		{"UnknownKey", `{"format":"pcf-result/1","colour":1}`, false},
		{"FloatRuns", `{"format":"pcf-result/1","uncertainty":{"runs":1.5}}`, false},
		{"TrailingData", `{"format":"pcf-result/1"} trailing`, false},
		{"Empty", ``, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseResultJSON(strings.NewReader(tt.doc))
			if !tt.ok {
				if ErrorCode(err) != EINVALID {
					t.Fatalf("err = %v, want EINVALID", err)
				}
				if _, err := ParseCanonicalResult([]byte(tt.doc)); ErrorCode(err) != EINVALID {
					t.Fatalf("ParseCanonicalResult: err = %v, want EINVALID", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.canonical != nil {
				t.Fatal("ParseResultJSON kept the bytes")
			}
			if r, err = ParseCanonicalResult([]byte(tt.doc)); err != nil || string(r.canonical) != tt.doc {
				t.Fatalf("ParseCanonicalResult did not keep the bytes (%v)", err)
			}
		})
	}
}

// demoResults returns the results of the demo studies.
func demoResults(tb testing.TB) []*Result {
	tb.Helper()
	factors := mustLoadTestFactors(tb)
	var out []*Result
	for _, name := range []string{"pv-module", "laptop"} {
		f, err := os.Open(filepath.Join("..", "seed", "studies", name+".json"))
		if err != nil {
			tb.Fatal(err)
		}
		s, err := ParseStudyJSON(f)
		f.Close()
		if err != nil {
			tb.Fatal(err)
		}
		r, err := Calculate(s, factors, nil)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// The result document's wire types as they were before the result decoded
// into the domain types: an independent statement of its shape, which
// resultToWire fills and encoding/json encodes for the reference encoding.

type periodWire struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

func periodToWire(p Period) periodWire {
	return periodWire{Start: p.Start.Format(time.DateOnly), End: p.End.Format(time.DateOnly)}
}

type refResultWire struct {
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
	CutOff          refCutOffWire             `json:"cut_off"`
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

type refCutOffWire struct {
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
	SerialLast         string     `json:"serial_last,omitempty"` // only for a batch of green certificates named by its range
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
	Path      string `json:"path"`
	Message   string `json:"message"`
	MessageZH string `json:"message_zh,omitempty"`
}

// Ensure a supplier entry of a PACT footprint records the document's spec
// version and version (issue 11 "In": "the result records the footprint's
// id and version"): written by the canonical encoder as encoding/json
// writes the wire form (a v2 version 0 included, a v3 footprint without a
// version), read back unchanged, and absent from an entry without them,
// so that results calculated before keep their bytes.
func TestCanonicalJSON_PACTSupplierVersions(t *testing.T) {
	zero, three := 0, 3
	r := &Result{Suppliers: []*SupplierUse{
		{ID: "pact:5b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d", KgCO2e: 4.2, Unit: "kg", PACTSpecVersion: "2.3.0", PACTVersion: &zero},
		{ID: "pact:6b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d", KgCO2e: 1, Unit: "kg", PACTSpecVersion: "2.3.0", PACTVersion: &three},
		{ID: "pact:7b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d", KgCO2e: 1, Unit: "kg", PACTSpecVersion: "3.0.0"},
		{ID: "CDPCF-2026-000001", KgCO2e: 2, Unit: "piece"},
	}}
	checkCanonicalJSON(t, r)
	b, err := r.CanonicalJSON()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"contribution_kgco2e":0,"pact_spec_version":"2.3.0","pact_version":0}`,
		`"contribution_kgco2e":0,"pact_spec_version":"2.3.0","pact_version":3}`,
		`"contribution_kgco2e":0,"pact_spec_version":"3.0.0"}`,
		`"id":"CDPCF-2026-000001","supplier":"","product":"","kgco2e":2,"unit":"piece","issued_at":"","valid_until":"","uncertainty_pct":0,"contribution_kgco2e":0}`,
	} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("the result lacks %s:\n%s", want, b)
		}
	}
	back, err := ParseCanonicalResult(b)
	if err != nil {
		t.Fatal(err)
	}
	got := back.Suppliers
	if len(got) != 4 || got[0].PACTVersion == nil || *got[0].PACTVersion != 0 || *got[1].PACTVersion != 3 ||
		got[2].PACTSpecVersion != "3.0.0" || got[2].PACTVersion != nil || got[3].PACTSpecVersion != "" || got[3].PACTVersion != nil {
		t.Fatalf("read back %+v %+v %+v %+v", got[0], got[1], got[2], got[3])
	}
	again, err := back.CanonicalJSON()
	if err != nil || !bytes.Equal(again, b) {
		t.Fatalf("re-encoded differently (%v):\n%s\n%s", err, again, b)
	}
}
