package factorlib_test

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
)

// plausibilityFactor returns a valid factor of category cat with value v in
// unit.
func plausibilityFactor(code string, cat footprint.Category, v float64, unit string) *footprint.Factor {
	u, err := footprint.ParseFactorUnit(unit)
	if err != nil {
		panic(err)
	}
	return &footprint.Factor{
		Code: code, NameEN: code, Category: cat, Value: v,
		Unit: u, Boundary: footprint.BoundaryCradleToGate,
		Geography: "CN", Year: 2024, Source: footprint.Source{Publisher: "test"}, Status: footprint.StatusActive,
	}
}

func flaggedCodes(flags []factorlib.PlausibilityFlag) []string {
	var out []string
	for _, fl := range flags {
		out = append(out, fl.Code)
	}
	return out
}

// Ensure a factor far outside its peers (same category, class and unit
// dimension) is flagged with the statistic and the peers it was compared
// to, and that honest spreads, small groups, other units and credits are
// not.
func TestCheckPlausibility(t *testing.T) {
	pv := func(code string, v float64, unit string) *footprint.Factor {
		f := plausibilityFactor(code, footprint.CategoryElectricity, v, unit)
		f.ElectricityRole, f.Boundary = footprint.GenerationRole("pv"), footprint.BoundaryLifeCycle
		return f
	}
	grid := func(code string, v float64) *footprint.Factor {
		f := plausibilityFactor(code, footprint.CategoryElectricity, v, "kgCO2e/kWh")
		f.ElectricityRole, f.Boundary = footprint.ElectricityRoleGridMix, footprint.BoundaryLifeCycle
		return f
	}
	pvPeers := []*footprint.Factor{
		pv("PV-1", 0.02, "kgCO2e/kWh"), pv("PV-2", 0.03, "kgCO2e/kWh"), pv("PV-3", 0.035, "kgCO2e/kWh"),
		pv("PV-4", 0.04, "kgCO2e/kWh"), pv("PV-5", 0.05, "kgCO2e/kWh"), pv("PV-6", 45, "kgCO2e/MWh"),
	}

	t.Run("OutlierFlaggedWithPeers", func(t *testing.T) {
		bad := pv("PV-BAD", 2223.29, "kgCO2e/kWh")
		flags := factorlib.CheckPlausibility(append(slices.Clone(pvPeers), bad))
		if got, want := flaggedCodes(flags), []string{"PV-BAD"}; !slices.Equal(got, want) {
			t.Fatalf("flagged %v, want %v", got, want)
		}
		fl := flags[0]
		if fl.PeerCount != 6 || len(fl.Peers) != 6 {
			t.Errorf("peers: count %d, listed %d, want 6 and 6", fl.PeerCount, len(fl.Peers))
		}
		for _, p := range fl.Peers {
			if !strings.HasPrefix(p.Code, "PV-") || p.Code == "PV-BAD" {
				t.Errorf("peer %s listed", p.Code)
			}
		}
		// The MWh peer is compared per kWh: the range is 0.02 to 0.05.
		if fl.Low != 0.02 || math.Abs(fl.High-0.05) > 1e-12 {
			t.Errorf("range %g to %g, want 0.02 to 0.05", fl.Low, fl.High)
		}
		if fl.Decades < 4.5 || fl.Decades > 5.5 || fl.RobustZ() < factorlib.PlausibilityZ {
			t.Errorf("decades %g, z %g", fl.Decades, fl.RobustZ())
		}
		if fl.GroupUnit != "kgCO2e/kWh" || !strings.Contains(fl.Group, "generation:pv") {
			t.Errorf("group %q unit %q", fl.Group, fl.GroupUnit)
		}
		if !strings.Contains(fl.Explanation, "PV-BAD") || !strings.Contains(fl.Explanation, "above the median") {
			t.Errorf("explanation %q", fl.Explanation)
		}
	})
	t.Run("LowOutlierFlagged", func(t *testing.T) {
		// A value per kWh filed as per MWh: a thousand times too small.
		flags := factorlib.CheckPlausibility(append(slices.Clone(pvPeers), pv("PV-LOW", 0.00004, "kgCO2e/kWh")))
		if got := flaggedCodes(flags); !slices.Equal(got, []string{"PV-LOW"}) || flags[0].Decades > -2 {
			t.Fatalf("flagged %v", got)
		}
	})
	t.Run("OtherClassesAreNoPeers", func(t *testing.T) {
		// Grid factors are 20 times PV generation: not its peers.
		fs := slices.Clone(pvPeers)
		for i, v := range []float64{0.5777, 0.6205, 0.55, 0.48, 0.9} {
			fs = append(fs, grid(fmt.Sprintf("GRID-%d", i), v))
		}
		if flags := factorlib.CheckPlausibility(fs); len(flags) != 0 {
			t.Fatalf("flagged %v", flaggedCodes(flags))
		}
	})
	t.Run("TightGroupTwiceTheMedian", func(t *testing.T) {
		// MAD 0: the z-score alone would flag 1.2; the decade floor does not.
		fs := []*footprint.Factor{grid("G-1", 0.6), grid("G-2", 0.6), grid("G-3", 0.6), grid("G-4", 0.6), grid("G-5", 1.2)}
		if flags := factorlib.CheckPlausibility(fs); len(flags) != 0 {
			t.Fatalf("flagged %v", flaggedCodes(flags))
		}
		// 60 times the median is flagged, with an infinite z-score.
		fs[4] = grid("G-5", 36)
		flags := factorlib.CheckPlausibility(fs)
		if got := flaggedCodes(flags); !slices.Equal(got, []string{"G-5"}) || !math.IsInf(flags[0].RobustZ(), 1) {
			t.Fatalf("flagged %v", got)
		}
	})
	t.Run("SmallGroupNotChecked", func(t *testing.T) {
		fs := append(slices.Clone(pvPeers[:3]), pv("PV-BAD", 2223.29, "kgCO2e/kWh"))
		if flags := factorlib.CheckPlausibility(fs); len(flags) != 0 {
			t.Fatalf("a group of %d flagged %v", len(fs), flaggedCodes(flags))
		}
	})
	t.Run("MassUnitsCompared", func(t *testing.T) {
		// Steel per tonne and per kg are peers once converted; a per-kg
		// value a thousand times too large is flagged.
		var fs []*footprint.Factor
		for i, v := range []float64{1.9, 2.1, 2.3} {
			fs = append(fs, plausibilityFactor(fmt.Sprintf("STEEL-KG-%d", i), footprint.CategoryMaterial, v, "kgCO2e/kg"))
		}
		for i, v := range []float64{2000, 2200} {
			fs = append(fs, plausibilityFactor(fmt.Sprintf("STEEL-T-%d", i), footprint.CategoryMaterial, v, "kgCO2e/t"))
		}
		if flags := factorlib.CheckPlausibility(fs); len(flags) != 0 {
			t.Fatalf("flagged %v", flaggedCodes(flags))
		}
		fs = append(fs, plausibilityFactor("STEEL-BAD", footprint.CategoryMaterial, 2100, "kgCO2e/kg"))
		if got := flaggedCodes(factorlib.CheckPlausibility(fs)); !slices.Equal(got, []string{"STEEL-BAD"}) {
			t.Fatalf("flagged %v", got)
		}
	})
	t.Run("CreditsIgnored", func(t *testing.T) {
		fs := slices.Clone(pvPeers)
		f := pv("PV-CREDIT", -3000, "kgCO2e/kWh")
		fs = append(fs, f)
		if flags := factorlib.CheckPlausibility(fs); len(flags) != 0 {
			t.Fatalf("flagged %v", flaggedCodes(flags))
		}
	})
}

// cpcdRows reads rows of the CPCD snapshot (../shared/reference/cpcd) whose
// unit is per kWh or MWh and whose name matches re, as electricity factors
// of role generation:pv, keeping their value and CPCD product ID (as the
// code). Rows in other units are left out: this test needs no unit system
// beyond the one the engine has.
func cpcdRows(tb testing.TB, re *regexp.Regexp) []*footprint.Factor {
	tb.Helper()
	path := filepath.Join("..", "..", "..", "shared", "reference", "cpcd", "cpcd_catalog.csv")
	f, err := os.Open(path)
	if err != nil {
		tb.Skipf("CPCD snapshot %s not found (CI keeps shared/ beside the repository)", path)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	value := regexp.MustCompile(`^([0-9.]+)\s*(g|kg|t)CO2e\s*/\s*(千瓦时|兆瓦时)$`)
	seen := map[string]bool{}
	var out []*footprint.Factor
	for _, r := range recs[1:] {
		id, name, fp := r[0], r[1], r[3]
		m := value.FindStringSubmatch(fp)
		if m == nil || !re.MatchString(name) || seen[id] {
			continue
		}
		seen[id] = true
		v, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			tb.Fatal(err)
		}
		per := map[string]string{"千瓦时": "kWh", "兆瓦时": "MWh"}[m[3]]
		fac := plausibilityFactor("CPCD-"+id, footprint.CategoryElectricity, v, m[2]+"CO2e/"+per)
		fac.NameZH, fac.ElectricityRole, fac.Boundary = name, footprint.GenerationRole("pv"), footprint.BoundaryLifeCycle
		out = append(out, fac)
	}
	return out
}

// Ensure the known-bad CPCD row (a PV electricity row of 2,223 kgCO2e/kWh,
// SOURCE.txt) is flagged among the real PV electricity rows of the
// snapshot, with PV peers, and that the official national PV generation
// factors are not.
func TestCheckPlausibility_CPCD(t *testing.T) {
	fs := cpcdRows(t, regexp.MustCompile(`光伏|太阳能`))
	if len(fs) < 10 {
		t.Fatalf("only %d CPCD PV rows per kWh", len(fs))
	}
	flags := factorlib.CheckPlausibility(fs)
	byCode := map[string]factorlib.PlausibilityFlag{}
	for _, fl := range flags {
		byCode[fl.Code] = fl
	}
	bad, ok := byCode["CPCD-17100G0072017A"]
	if !ok {
		t.Fatalf("the 2,223 kgCO2e/kWh row is not flagged; flags: %v", flaggedCodes(flags))
	}
	if bad.Value != 2223.29 || bad.PeerCount != len(fs)-1 || len(bad.Peers) != factorlib.PlausibilityListedPeers {
		t.Errorf("flag %+v", bad)
	}
	if bad.Median < 0.01 || bad.Median > 0.1 {
		t.Errorf("median of the PV rows %g kgCO2e/kWh, want between 0.01 and 0.1", bad.Median)
	}
	for _, p := range bad.Peers {
		if p.Value > 1 && p.Unit == "kgCO2e/kWh" {
			t.Errorf("listed peer %s %g %s is no typical PV value", p.Code, p.Value, p.Unit)
		}
	}
	// 2023 and 2024 national PV generation carbon-footprint factors (0.0545,
	// 0.052) and the core-database solar row (0.04016).
	for _, code := range []string{"CPCD-17100H3562023C", "CPCD-17100E0622024C", "CPCD-17100E0392022C"} {
		if _, ok := byCode[code]; ok {
			t.Errorf("%s flagged", code)
		}
	}
	t.Logf("%d PV rows, %d flagged: %v; the 2,223 row: median %.3g, z %.3g", len(fs), len(flags), flaggedCodes(flags), bad.Median, bad.RobustZ())
}

// Ensure electricity factors without a role (stored before roles existed)
// are not compared, their peers being unknown, and that the same factors
// with a role are.
func TestCheckPlausibility_Unclassified(t *testing.T) {
	var fs []*footprint.Factor
	for i, v := range []float64{0.02, 0.03, 0.04, 0.05, 0.045, 0.5777, 0.6205, 0.924, 2223.29} {
		f := plausibilityFactor(fmt.Sprintf("E-%d", i), footprint.CategoryElectricity, v, "kgCO2e/kWh")
		f.Boundary = footprint.BoundaryLifeCycle
		fs = append(fs, f)
	}
	if flags := factorlib.CheckPlausibility(fs); len(flags) != 0 {
		t.Fatalf("flagged %v", flaggedCodes(flags))
	}
	for _, f := range fs {
		f.ElectricityRole = footprint.ElectricityRoleNone
	}
	if got := flaggedCodes(factorlib.CheckPlausibility(fs)); !slices.Equal(got, []string{"E-8"}) {
		t.Fatalf("with a role: flagged %v, want [E-8]", got)
	}
}

// Ensure a flag's digest changes with what a review of it holds for (the
// set, the code, the kind, the value, the unit, the change) and with
// nothing else (the peers' statistic), and Seen pairs codes with the
// digests read, "" for a code without a flag.
func TestFlagDigest(t *testing.T) {
	base := factorlib.PlausibilityFlag{Code: "PV-CELL-MONO182", Value: 1.55, Unit: "kgCO2e/piece", Kind: factorlib.FlagChanged,
		Change: &factorlib.FactorChange{Set: "2026.R", BaseSet: "2026.1", BaseValue: 1.59, BaseUnit: "kgCO2e/piece", Status: footprint.StatusActive}}
	want := factorlib.FlagDigest("2026.R", &base)
	if len(want) != 64 {
		t.Fatalf("digest %q", want)
	}
	for _, tt := range []struct {
		name   string
		set    string
		change func(fl *factorlib.PlausibilityFlag)
		same   bool
	}{
		{"Same", "2026.R", func(*factorlib.PlausibilityFlag) {}, true},
		{"PeersStatistic", "2026.R", func(fl *factorlib.PlausibilityFlag) { fl.Median, fl.PeerCount, fl.Explanation = 3, 9, "other words" }, true},
		{"Set", "2026.S", func(*factorlib.PlausibilityFlag) {}, false},
		{"Code", "2026.R", func(fl *factorlib.PlausibilityFlag) { fl.Code = "PV-CELL-MONO210" }, false},
		{"Value", "2026.R", func(fl *factorlib.PlausibilityFlag) { fl.Value = 0.795 }, false},
		{"Unit", "2026.R", func(fl *factorlib.PlausibilityFlag) { fl.Unit = "kgCO2e/kWp" }, false},
		{"Kind", "2026.R", func(fl *factorlib.PlausibilityFlag) { fl.Kind = factorlib.FlagOutlier }, false},
		{"BaseValue", "2026.R", func(fl *factorlib.PlausibilityFlag) { fl.Change.BaseValue = 1.6 }, false},
		{"Source", "2026.R", func(fl *factorlib.PlausibilityFlag) {
			fl.Change.Fields = []factorlib.FieldChange{{Field: "source", Base: "CPCD", Now: "an EPD"}}
		}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fl := base
			ch := *base.Change
			fl.Change = &ch
			tt.change(&fl)
			if got := factorlib.FlagDigest(tt.set, &fl); (got == want) != tt.same {
				t.Errorf("digest %s, base %s: same %v, want %v", got, want, got == want, tt.same)
			}
		})
	}
	flags := []*factorlib.FactorFlag{{PlausibilityFlag: base, Digest: want}}
	if got, wantSeen := factorlib.Seen(flags, []string{"PV-1", "PV-CELL-MONO182"}), []factorlib.SeenFlag{{Code: "PV-1"}, {Code: "PV-CELL-MONO182", Digest: want}}; !slices.Equal(got, wantSeen) {
		t.Errorf("Seen = %+v, want %+v", got, wantSeen)
	}
}
