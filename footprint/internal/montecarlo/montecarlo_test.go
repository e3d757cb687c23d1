package montecarlo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestSelectRank(t *testing.T) {
	// Ensure selectRank finds the value a sort puts at each rank, with
	// everything before it no larger and everything after no smaller, for
	// values with many ties as well as distinct ones.
	rnd := rand.New(rand.NewPCG(1, 2))
	for n := range 500 {
		xs := make([]float64, 1+n%1000)
		for i := range xs {
			if n%2 == 0 {
				xs[i] = float64(rnd.IntN(1 + n%20)) // ties
			} else {
				xs[i] = rnd.NormFloat64()
			}
		}
		sorted := slices.Clone(xs)
		slices.Sort(sorted)
		for _, k := range []int{0, len(xs) / 40, len(xs) / 2, len(xs) - 1 - len(xs)/40, len(xs) - 1} {
			got := slices.Clone(xs)
			selectRank(got, k)
			if got[k] != sorted[k] {
				t.Fatalf("n=%d k=%d: got %v, want %v", len(xs), k, got[k], sorted[k])
			}
			for i, x := range got {
				if (i < k && x > got[k]) || (i > k && x < got[k]) {
					t.Fatalf("n=%d k=%d: xs[%d]=%v on the wrong side of %v", len(xs), k, i, x, got[k])
				}
			}
		}
	}
}

// code is a product code as footprint.ProductCode prints it.
type code string

func (c code) String() string { return string(c) }

// glassSplit is the demo PV module's main sources (kgCO2e and the grade
// table's ±95 % of their factors: cells PV-CELL-MONO182 grade C, frame
// PV-AL-PROFILE and glass grade D) with its 27.69 kgCO2e of front glass
// spread over two float-glass factors, as red team 88 did.
func glassSplit() []Source {
	return []Source{
		{Key: "f:MAT-GLASS-FLAT-CN", Kg: 13.845, Pct: 50},
		{Key: "f:PV-AL-PROFILE", Kg: 30.54, Pct: 50},
		{Key: "f:PV-CELL-MONO182", Kg: 85.86, Pct: 20},
		{Key: "f:PV-GLASS-FLOAT", Kg: 13.845, Pct: 50},
	}
}

// headings are the product codes of the factors above in set 2026.1.
var headings = map[string][]code{
	"f:MAT-GLASS-FLAT-CN": {"HS:7005"},
	"f:PV-GLASS-FLOAT":    {"HS:7005"},
	"f:PV-AL-PROFILE":     {"HS:7604"},
	"f:PV-CELL-MONO182":   {"HS:854142"},
}

// correlate sets each source's Families from its factor's product codes
// (headings; Families) and groups them (Correlate), as footprint does.
func correlate(sources []Source) {
	for i, s := range sources {
		sources[i].Families = Families(strings.TrimPrefix(s.Key, "f:"), headings[s.Key])
	}
	Correlate(sources)
}

func TestRedteam88_OneMaterialOverTwoFactorsMovesAsOne(t *testing.T) {
	// Ensure two sources of one group sit at the same quantile in every
	// run: two float glasses of 1 kgCO2e each give exactly the percentiles
	// of one source of 2 (a single source's percentiles do not depend on
	// its shuffle), where as independent sources their errors cancelled and
	// the range narrowed (red team 88).
	table := Table(50)
	one := Run("rt88\x00", []Source{{Key: "f:PV-GLASS-FLOAT", Kg: 2, Pct: 50}}, table)
	two := []Source{{Key: "f:MAT-GLASS-FLAT-CN", Kg: 1, Pct: 50}, {Key: "f:PV-GLASS-FLOAT", Kg: 1, Pct: 50}}
	independent := Run("rt88\x00", two, table)
	correlate(two)
	grouped := Run("rt88\x00", two, table)
	if got, want := fmt.Sprintf("%.9g %.9g %.9g", grouped.Low, grouped.Median, grouped.High), fmt.Sprintf("%.9g %.9g %.9g", one.Low, one.Median, one.High); got != want {
		t.Errorf("two float glasses of 1 kgCO2e in one group: P2.5, P50, P97.5 %s, want those of one source of 2: %s", got, want)
	}
	if w, w1 := independent.High-independent.Low, one.High-one.Low; !(w < w1) {
		t.Fatalf("independent sources: width %g, not narrower than one source's %g: the case shows nothing", w, w1)
	}
}

func TestRedteam88_GlassSpreadOverTwoFactorsKeepsItsError(t *testing.T) {
	// Ensure the demo module's glass spread over two float-glass factors
	// keeps the error of one glass: within the group, each run's glass
	// total is 27.69 × one multiplier, whatever the shuffle of the rest.
	sources := glassSplit()
	correlate(sources)
	for _, s := range sources {
		if want := Families("", headings[s.Key])[0]; s.Group != want {
			t.Errorf("%s: group %q, want %q", s.Key, s.Group, want)
		}
	}
	table := Table(20, 50)
	glassOnly := []Source{sources[0], sources[3]}
	st := Run("rt88\x00", glassOnly, table)
	one := Run("rt88\x00", []Source{{Key: "f:PV-GLASS-FLOAT", Kg: 27.69, Pct: 50}}, table)
	if got, want := fmt.Sprintf("%.6g–%.6g", st.Low, st.High), fmt.Sprintf("%.6g–%.6g", one.Low, one.High); got != want {
		t.Errorf("the split glass alone: range %s, want the one glass's %s", got, want)
	}
}

func TestRedteam88_CorrelateGroupsBySign(t *testing.T) {
	// Ensure Correlate gives every source of a group its group, even one
	// alone in it (so that a part on one factor and the same part spread
	// over two take one order), and leaves a source of no group or of no
	// kgCO2e alone; and that Run never gives a credit the order of what it
	// credits: two sources of one group, +1 and −1 kgCO2e at ±50 %, would
	// cancel in every run (a range of zero width) if they took one order.
	group := func(sources []Source) {
		for i, s := range sources {
			if s.Key != "f:E" { // energy, say, of no family
				sources[i].Families = []string{"HS:7601"}
			}
		}
		Correlate(sources)
	}
	for _, tc := range []struct {
		name    string
		sources []Source
		want    []string
	}{
		{"one source", []Source{{Key: "f:A", Kg: 1, Pct: 50}}, []string{"HS:7601"}},
		{"opposite signs", []Source{{Key: "f:A", Kg: 1, Pct: 50}, {Key: "f:B", Kg: -1, Pct: 50}}, []string{"HS:7601", "HS:7601"}},
		{"a zero", []Source{{Key: "f:A", Kg: 1, Pct: 50}, {Key: "f:B", Kg: 0, Pct: 50}}, []string{"HS:7601", ""}},
		{"no group", []Source{{Key: "f:A", Kg: 1, Pct: 50}, {Key: "f:E", Kg: 2, Pct: 20}}, []string{"HS:7601", ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			group(tc.sources)
			for i, s := range tc.sources {
				if s.Group != tc.want[i] {
					t.Errorf("%s: group %q, want %q", s.Key, s.Group, tc.want[i])
				}
			}
		})
	}
	credit := []Source{{Key: "f:A", Kg: 1, Pct: 50}, {Key: "f:B", Kg: -1, Pct: 50}}
	group(credit)
	if st := Run("s", credit, nil); !(st.High-st.Low > 0.5) {
		t.Errorf("+1 and −1 kgCO2e of one group: range %v–%v, the credit cancelling what it credits", st.Low, st.High)
	}
}

func TestRedteam90_Families(t *testing.T) {
	// Ensure a factor's families are the HS chapters of its codes, 72 with
	// 73 and 84 with 85 as one; without an HS code, the families the words
	// of its code name; with neither, Any. Float (7005) and tempered (7007)
	// glass, extrusions (7604) and ingots (7601) are one family each, where
	// a heading (four digits) made two (red team 90).
	for _, tc := range []struct {
		name  string
		codes []code
		want  []string
	}{
		{"MAT-GLASS-FLAT-CN", []code{"HS:7005"}, []string{"HS:70"}},
		{"PV-GLASS-TEMPERED", []code{"HS:700719"}, []string{"HS:70"}},
		{"PV-CELL-MONO182", []code{"HS:854142"}, []string{"HS:84-85"}},
		{"ELEC-MOBO", []code{"HS:847330"}, []string{"HS:84-85"}},
		{"PV-AL-PRIMARY-ELEC", []code{"HS:760110", "HS:7601"}, []string{"HS:76"}},
		{"X", []code{"HS:7005", "HS:700719"}, []string{"HS:70"}},
		{"MAT-STEEL-CR", []code{"HS:7209", "HS:721123", "HS:721129"}, []string{"HS:72-73"}},
		{"X", []code{"HS:7318"}, []string{"HS:72-73"}},
		{"X", []code{"HS:7005", "HS:7604"}, []string{"HS:70", "HS:76"}},
		{"X", []code{"HS:70"}, []string{"HS:70"}},
		{"X", []code{"CPC:46131"}, []string{Any}},
		{"X", []code{"CPC:46131", "HS:7604"}, []string{"HS:76"}},
		{"X", nil, []string{Any}},
		{"MAT-STEEL-AVG", nil, []string{"HS:72-73"}},
		{"ELEC-DISP-GLASS", nil, []string{"HS:70"}},
		{"MAT-PLASTIC-AVG-DESNZ", nil, []string{"HS:39,54-55"}},
		{"PET-FIB-GLASS", []code{"HS:5402"}, []string{"HS:39,54-55"}}, // an HS code, not the words, classifies
		{"ELEC-BATT-LFP-CATHODE", nil, []string{Any}},
		{"", nil, []string{Any}},
	} {
		if got := Families(tc.name, tc.codes); !slices.Equal(got, tc.want) {
			t.Errorf("Families(%q, %v) = %q, want %q", tc.name, tc.codes, got, tc.want)
		}
	}
}

func TestRedteam90_CorrelateJoinsFamilies(t *testing.T) {
	// Ensure sources that share a family, directly or through another
	// source (a factor of two families, the supplier footprints), are one
	// group named by its least family; a source of Any joins every group of
	// a family; a source of none stays alone.
	for _, tc := range []struct {
		name     string
		families [][]string
		want     []string
	}{
		{"apart", [][]string{{"HS:70"}, {"HS:76"}, nil}, []string{"HS:70", "HS:76", ""}},
		{"bridged", [][]string{{"HS:76"}, {"HS:70", "HS:76"}, {"HS:70"}, {"HS:74"}}, []string{"HS:70", "HS:70", "HS:70", "HS:74"}},
		{"suppliers", [][]string{{"HS:84-85", Supplier}, {"HS:70", Supplier}, {"HS:84-85"}, {"HS:74"}}, []string{"HS:70", "HS:70", "HS:70", "HS:74"}},
		{"any", [][]string{{"HS:70"}, {"HS:76"}, SupplierFamilies[code](nil, false, nil, 1, nil), nil}, []string{Any, Any, Any, ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sources := make([]Source, len(tc.families))
			for i, f := range tc.families {
				sources[i] = Source{Key: fmt.Sprint(i), Kg: 1, Pct: 50, Families: f}
			}
			Correlate(sources)
			for i, s := range sources {
				if s.Group != tc.want[i] {
					t.Errorf("source %d of %q: group %q, want %q", i, tc.families[i], s.Group, tc.want[i])
				}
			}
		})
	}
}

func TestRedteam88_SeedIsTheSaltAlone(t *testing.T) {
	// Ensure the root seed is a SHA-256 over the salt alone: no source's
	// key or value reseeds the sample (red team 88 shopped among the
	// samples a seed over every value gave).
	a := Run("footprint/5", glassSplit(), nil)
	s := glassSplit()
	s[1].Kg *= 1 + 1e-9
	s = append(s, Source{Key: "f:TINY", Kg: 1e-6, Pct: 50})
	if b := Run("footprint/5", s, nil); a.Seed != b.Seed {
		t.Errorf("seed %s with other sources, want %s", b.Seed, a.Seed)
	}
	if c := Run("footprint/6", glassSplit(), nil); c.Seed == a.Seed || c == a {
		t.Errorf("another salt gave the same sample: %+v", c)
	}
}

func TestRedteam88_RangeMovesWithTheValues(t *testing.T) {
	// Ensure each source's order is its own: a value moved in its ninth
	// digit moves the percentiles in about their ninth digit, and a tiny
	// source added moves them by no more than its largest multiple, where
	// a seed over every value reseeded the whole sample (percent).
	table := Table(20, 50)
	base := Run("s", glassSplit(), table)
	for i := 1; i <= 20; i++ {
		s := glassSplit()
		s[1].Kg += float64(i) * 1e-9
		st := Run("s", s, table)
		for _, p := range [][2]float64{{st.Low, base.Low}, {st.Median, base.Median}, {st.High, base.High}} {
			if d := math.Abs(p[0]-p[1]) / p[1]; d > 1e-9 {
				t.Fatalf("frame +%d×10⁻⁹ kgCO2e: a percentile moved %.3g relative (%v from %v)", i, d, p[0], p[1])
			}
		}
	}
	tiny := Source{Key: "f:TINY", Kg: 1e-3, Pct: 50}
	st := Run("s", append(glassSplit(), tiny), table)
	maxM := slices.Max(Table(50)[50])
	for _, p := range [][2]float64{{st.Low, base.Low}, {st.Median, base.Median}, {st.High, base.High}} {
		if d := math.Abs(p[0] - p[1]); d > tiny.Kg*maxM {
			t.Errorf("a source of %g kgCO2e added: a percentile moved %g (%v from %v), more than its largest multiple %g", tiny.Kg, d, p[0], p[1], tiny.Kg*maxM)
		}
	}
}

func TestRedteam88_GroupOfOneIsTheSplitGroup(t *testing.T) {
	// Ensure a part on one factor of a heading and the same part spread
	// over two factors of it with the same uncertainty give the same
	// range: both take the group's one order.
	one := []Source{
		{Key: "f:PV-AL-PROFILE", Kg: 30.54, Pct: 50},
		{Key: "f:PV-CELL-MONO182", Kg: 85.86, Pct: 20},
		{Key: "f:PV-GLASS-FLOAT", Kg: 27.69, Pct: 50},
	}
	correlate(one)
	split := glassSplit()
	correlate(split)
	a, b := Run("s", one, nil), Run("s", split, nil)
	for _, p := range [][2]float64{{a.Low, b.Low}, {a.Median, b.Median}, {a.High, b.High}, {a.Mean, b.Mean}} {
		if d := math.Abs(p[0]-p[1]) / p[0]; d > 1e-12 {
			t.Errorf("one glass %v, split glass %v: %.3g relative apart", p[0], p[1], d)
		}
	}
}

func TestReview52_OneMaterialOverTwoChapters(t *testing.T) {
	// Ensure chapters that hold one material are one family: PET resin
	// (3907, MAT-PET-DESNZ) and polyester yarn (5402, MAT-PET-FIB-CN),
	// staple fibre (5503), average plastics of no code; pulp (4703) and
	// board (4804). Apart, a study splitting 20 kg of PET over the two
	// factors narrowed the demo module's range 14 % (review 52).
	for _, group := range [][]string{
		{"HS:390761", "HS:5402", "HS:5503", "MAT-PLASTIC-AVG-DESNZ"},
		{"HS:4703", "HS:480411", "HS:4819"},
	} {
		var first []string
		for i, c := range group {
			var codes []code
			name := c
			if strings.HasPrefix(c, "HS:") {
				codes, name = []code{code(c)}, "X"
			}
			got := Families(name, codes)
			if i == 0 {
				first = got
			} else if !slices.Equal(got, first) {
				t.Errorf("Families(%q, %v) = %q, want %q (as %s)", name, codes, got, first, group[0])
			}
		}
	}
}

func TestReview52_FactorFamilies(t *testing.T) {
	// Ensure an energy, transport or end-of-life factor's family is its
	// kind (an electricity role, a transport mode, a treatment; every fuel
	// one), never its HS code, and a source of Any (a material of no known
	// kind) joins none of them: one kWh of the grid or one leg of a trip
	// written over two factors of its kind was two independent sources
	// (review 52).
	for _, tc := range []struct {
		category, role, mode, treatment, code string
		codes                                 []code
		want                                  []string
	}{
		{"electricity", "grid-mix", "", "", "ELEC-CN-NAT-CF-2024", []code{"HS:271600"}, []string{"electricity:grid-mix"}},
		{"electricity", "generation:pv", "", "", "PV-ELEC-MONO-EU-IEA", []code{"HS:271600"}, []string{"electricity:generation:pv"}},
		{"transport", "", "road", "", "TR-ROAD-DIESEL-HEAVY", nil, []string{"transport:road"}},
		{"fuel", "", "", "", "FUEL-CN-DIESEL", []code{"HS:271019"}, []string{"fuel"}},
		{"end_of_life", "", "", "landfill", "EOL-MSW-LANDFILL-CN", nil, []string{"end_of_life:landfill"}},
		{"product", "", "", "", "PV-MOD-TOPCON", []code{"HS:854143"}, []string{"HS:84-85"}},
		{"material", "", "", "", "PV-GLASS-FLOAT", []code{"HS:7005"}, []string{"HS:70"}},
		{"threshold", "", "", "", "PV-CRE-PPE2-THRESH", []code{"HS:854143"}, nil},
	} {
		if got := FactorFamilies(tc.category, tc.role, tc.mode, tc.treatment, tc.code, tc.codes); !slices.Equal(got, tc.want) {
			t.Errorf("FactorFamilies(%q, %q, %q, %q, %q) = %q, want %q", tc.category, tc.role, tc.mode, tc.treatment, tc.code, got, tc.want)
		}
	}
	sources := []Source{
		{Key: "a", Kg: 1, Pct: 50, Families: []string{"HS:70"}},
		{Key: "b", Kg: 1, Pct: 50, Families: []string{Any}},
		{Key: "c", Kg: 1, Pct: 50, Families: []string{"electricity:grid-mix"}},
		{Key: "d", Kg: 1, Pct: 50, Families: []string{"electricity:grid-mix"}},
	}
	Correlate(sources)
	if got, want := []string{sources[0].Group, sources[1].Group, sources[2].Group, sources[3].Group}, []string{Any, Any, "electricity:grid-mix", "electricity:grid-mix"}; !slices.Equal(got, want) {
		t.Errorf("groups %q, want %q", got, want)
	}
}
