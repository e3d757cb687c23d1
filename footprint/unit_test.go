package footprint_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure conversions within each dimension give the textbook factors.
func TestConvert(t *testing.T) {
	checkConverts(t, []convertCase{
		{"GramsToKilograms", 1500, "g", "kg", 1.5},
		{"TonnesToKilograms", 2.5, "t", "kg", 2500},
		{"KilogramsToTonnes", 250, "kg", "t", 0.25},
		{"WhToKWh", 500, "Wh", "kWh", 0.5},
		{"MWhToKWh", 1.2, "MWh", "kWh", 1200},
		{"KWhToMJ", 1, "kWh", "MJ", 3.6},
		{"GJToKWh", 1, "GJ", "kWh", 1000 / 3.6},
		{"MJToGJ", 1500, "MJ", "GJ", 1.5},
		{"SquareCentimetresToSquareMetres", 20000, "cm²", "m²", 2},
		{"Cm2SpellingToM2", 1, "m2", "cm2", 10000},
		{"LitresToCubicMetres", 250, "L", "m³", 0.25},
		{"NormalCubicMetresToCubicMetres", 3, "Nm3", "m3", 3},
		{"MetresToKilometres", 1500, "m", "km", 1.5},
		{"TonneKilometreSpellings", 7, "t-km", "t·km", 7},
		{"KgKmToTkm", 5000, "kg·km", "tkm", 5},
		{"WpToKWp", 410, "Wp", "kWp", 0.41},
		{"KWcIsKWp", 2, "kWc", "kWp", 2},
		{"MWpToKWp", 0.5, "MWp", "kWp", 500},
		{"PiecesAreUnits", 3, "pcs", "piece", 3},
		{"ChineseCountWord", 2, "块", "piece", 2},
	})
}

// Ensure converting across dimensions is refused with EINVALID naming both
// units, never a silent wrong number.
func TestConvert_ErrCrossDimension(t *testing.T) {
	checkCrossDimensions(t, [][2]string{
		{"kg", "kWh"}, {"kWh", "kWp"}, {"m²", "m³"}, {"km", "t·km"}, {"piece", "kg"}, {"L", "kg"}, {"MJ", "t"},
	})
}

// convertCase is value in unit from, which converts into want in unit to.
type convertCase struct {
	name     string // the subtest's name, before from
	value    float64
	from, to string
	want     float64
}

// checkConverts runs checkConvert on each case, in a subtest named
// name/from.
func checkConverts(t *testing.T, cases []convertCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name+"/"+tt.from, func(t *testing.T) {
			checkConvert(t, tt.value, tt.from, tt.to, tt.want)
		})
	}
}

// checkConvert checks that value from (ParseUnit) converts into want to,
// to nine significant digits.
func checkConvert(t *testing.T, value float64, from, to string, want float64) {
	t.Helper()
	got, err := footprint.Convert(value, unit(from), unit(to))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got-want) > 1e-9*math.Abs(want) {
		t.Errorf("%v %s = %v %s, want %v", value, from, got, to, want)
	}
}

// checkCrossDimensions checks that converting the first unit of each pair
// into the second is refused with EINVALID and a message naming both units.
func checkCrossDimensions(t *testing.T, pairs [][2]string) {
	t.Helper()
	for _, pair := range pairs {
		from, to := unit(pair[0]), unit(pair[1])
		_, err := footprint.Convert(1, from, to)
		if got := footprint.ErrorCode(err); got != footprint.EINVALID {
			t.Errorf("%s→%s: code=%q (%v), want invalid", from.Symbol, to.Symbol, got, err)
		} else if msg := footprint.ErrorMessage(err); !strings.Contains(msg, from.Symbol) || !strings.Contains(msg, to.Symbol) {
			t.Errorf("%s→%s: message %q does not name both units", from.Symbol, to.Symbol, msg)
		}
	}
}

// Ensure unknown units are refused, and case matters where it carries
// meaning (MWh is not mWh).
func TestParseUnit_ErrUnknown(t *testing.T) {
	for _, s := range []string{"", "furlong", "mWh", "kgs of stuff", "KG·KM·H"} {
		if _, err := footprint.ParseUnit(s); footprint.ErrorCode(err) != footprint.EINVALID {
			t.Errorf("ParseUnit(%q): err=%v, want invalid", s, err)
		}
	}
	if u, err := footprint.ParseUnit("Kilogram"); err != nil || u.Symbol != "kg" {
		t.Errorf("ParseUnit(Kilogram) = %v, %v", u, err)
	}
}

// Ensure factor units parse into basis, numerator scale, activity unit and
// qualifier, and that KgPer converts the activity side.
func TestParseFactorUnit(t *testing.T) {
	for _, tt := range []struct {
		in        string
		canonical string
		basis     footprint.GHGBasis
		kg        float64
		per       string
		qualifier string
	}{
		{"kgCO2e/kWh", "kgCO2e/kWh", footprint.BasisCO2e, 1, "kWh", ""},
		{"kgCO2/kWh", "kgCO2/kWh", footprint.BasisCO2, 1, "kWh", ""},
		{"gCO2e/kWh", "gCO2e/kWh", footprint.BasisCO2e, 1e-3, "kWh", ""},
		{"kgCO2e/t-km", "kgCO2e/t·km", footprint.BasisCO2e, 1, "t·km", ""},
		{"kgCO2/GJ (NCV)", "kgCO2/GJ (NCV)", footprint.BasisCO2, 1, "GJ", "NCV"},
		{"kgCO2e/cm2 die", "kgCO2e/cm² (die)", footprint.BasisCO2e, 1, "cm²", "die"},
		{"kgCO2e/kW", "kgCO2e/kWp", footprint.BasisCO2e, 1, "kWp", ""},
		{"tCO2e/t", "tCO2e/t", footprint.BasisCO2e, 1000, "t", ""},
		{"kgCO2/Nm3", "kgCO2/Nm³", footprint.BasisCO2, 1, "Nm³", ""},
	} {
		t.Run(tt.in, func(t *testing.T) {
			u, err := footprint.ParseFactorUnit(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if u.String() != tt.canonical || u.Basis != tt.basis || u.EmittedKg != tt.kg || u.Per.Symbol != tt.per || u.Qualifier != tt.qualifier {
				t.Fatalf("got %+v (%s)", u, u.String())
			}
		})
	}
	for _, bad := range []string{"kWh", "kgCH4/kWh", "kgCO2e/parsec", "/kWh"} {
		if _, err := footprint.ParseFactorUnit(bad); footprint.ErrorCode(err) != footprint.EINVALID {
			t.Errorf("ParseFactorUnit(%q): err=%v, want invalid", bad, err)
		}
	}

	// 0.5777 kgCO2e/kWh applied to 1 MWh is 577.7 kg; to 3.6 MJ (= 1 kWh)
	// it is 0.5777 kg; to 1 kg it is an error.
	u, _ := footprint.ParseFactorUnit("kgCO2e/kWh")
	if kg, err := u.KgPer(0.5777, footprint.MustParseUnit("MWh")); err != nil || math.Abs(kg-577.7) > 1e-9 {
		t.Errorf("per MWh = %v, %v", kg, err)
	}
	if kg, err := u.KgPer(0.5777, footprint.MustParseUnit("MJ")); err != nil || math.Abs(kg*3.6-0.5777) > 1e-12 {
		t.Errorf("per MJ = %v, %v", kg, err)
	}
	if _, err := u.KgPer(0.5777, footprint.MustParseUnit("kg")); footprint.ErrorCode(err) != footprint.EINVALID {
		t.Errorf("per kg: err=%v, want invalid", err)
	}
	// 42.5 gCO2e/kWh is 0.0425 kg per kWh.
	g, _ := footprint.ParseFactorUnit("gCO2e/kWh")
	if kg, _ := g.KgPer(42.5, footprint.MustParseUnit("kWh")); math.Abs(kg-0.0425) > 1e-12 {
		t.Errorf("gCO2e: %v", kg)
	}
}

// Ensure every unit family as Chinese text writes it (the spellings of the
// CPCD library, docs/cpcd.md) parses to its dimension and converts within
// it by the textbook factor.
func TestConvert_ChineseUnits(t *testing.T) {
	// The name is the unit family.
	checkConverts(t, []convertCase{
		{"mass", 1, "公吨", "千克", 1000},
		{"mass", 2500, "克", "kg", 2.5},
		{"mass", 1, "吨", "t", 1},
		{"mass", 5, "克拉", "g", 1},
		{"energy", 1, "兆瓦时", "千瓦时", 1000},
		{"energy", 1, "吉焦", "兆焦", 1000},
		{"energy", 3600, "kJ", "kWh", 1},
		{"energy", 1, "千卡", "kJ", 4.1868},
		{"energy", 2, "度", "kWh", 2},
		{"volume", 1, "立方米", "升", 1000},
		{"volume", 500, "毫升", "L", 0.5},
		{"volume", 1, "1000L", "m³", 1},
		{"area", 1, "平方千米", "公顷", 100},
		{"area", 1, "公顷", "平方米", 10000},
		{"area", 1, "公亩", "m²", 100},
		{"length", 1, "千米", "米", 1000},
		{"length", 3, "公里", "km", 3},
		{"transport work", 1000, "千克·公里", "公吨·公里", 1},
		{"transport work", 2, "吨公里", "t·km", 2},
		{"person distance", 4, "人·千米", "pkm", 4},
		{"person distance", 1, "人公里", "p·km", 1},
		{"area time", 1, "公顷·年", "平方米·年", 10000},
		{"volume distance", 7, "立方米·千米", "m³·km", 7},
		{"energy distance", 1, "吉焦·千米", "GJ·km", 1},
		{"mass time", 2, "公吨·时", "t·h", 2},
		{"time", 1, "天", "小时", 24},
		{"calendar", 1, "年", "月", 12},
		{"power", 1, "峰值兆瓦", "峰值千瓦", 1000},
		{"power", 1, "兆瓦", "kWp", 1000},
		{"power", 3, "千瓦", "kWp", 3},
		{"reactive power", 1, "千乏", "kvar", 1},
		{"data", 2, "吉字节", "GB", 2},
		{"money", 1, "万元人民币", "元", 10000},
		{"count", 3, "台", "台", 3},
		{"count", 2, "房·晚", "房晚", 2},
		{"count", 1, "个", "piece", 1},
		{"full width", 1, "ｋｇ", "kg", 1},
		{"full width", 1, "ｋＷｈ", "千瓦时", 1},
		{"full width", 2, "公吨・公里", "t·km", 2},
		// ASCII digits for superscripts: normUnit folds them, no alias needed.
		{"superscript", 1, "km2", "km²", 1},
		{"superscript", 1, "m2·year", "m²·year", 1},
		{"superscript", 1, "m3·km", "m³·km", 1},
	})
}

// Ensure units that measure different things never convert: count units of
// different kinds (台 is not 件, 辆 is not 台, neither is a piece), a count
// per time is not a count, person-distance is not transport work, calendar
// months are not hours.
func TestConvert_ChineseUnitsErrDimension(t *testing.T) {
	checkCrossDimensions(t, [][2]string{
		{"台", "件"}, {"辆", "台"}, {"台", "piece"}, {"件", "个"}, {"瓶", "杯"}, {"片", "块"},
		{"头·年", "个·年"}, {"人·次", "人"}, {"房·晚", "晚"}, {"个·年", "个"}, {"件·千米", "件"},
		{"人·千米", "公吨·公里"}, {"公顷·年", "公顷"}, {"立方米·千米", "立方米"}, {"月", "小时"},
		{"年", "天"}, {"千乏", "千瓦"}, {"吉字节", "千克"}, {"万元人民币", "千克"}, {"公吨·时", "公吨"},
	})
}

// Ensure the count units are recognised as counts (a declared unit in 台
// counts pieces of product), and the other dimensions are not.
func TestDimension_IsCount(t *testing.T) {
	for _, s := range []string{"piece", "块", "台", "件", "辆", "房·晚", "头·年"} {
		if u := footprint.MustParseUnit(s); !u.Dim.IsCount() {
			t.Errorf("%s (%s) is not a count", s, u.Dim)
		}
	}
	for _, s := range []string{"kg", "kWh", "人·千米", "公顷·年", "年", "万元人民币"} {
		if u := footprint.MustParseUnit(s); u.Dim.IsCount() {
			t.Errorf("%s (%s) is a count", s, u.Dim)
		}
	}
}

// Ensure each value/unit combination of the CPCD snapshot that names an
// activity unit parses as a factor unit, with its basis and numerator
// scale, and that the canonical text parses back to the same unit (records
// store it). The list is the snapshot's 113 combinations but the one whose
// activity is itself a GHG mass (kgCO2e / kgCO2e), which is refused.
func TestParseFactorUnit_CPCD(t *testing.T) {
	dens := map[string][]string{
		"kgCO2e": {"千克", "公吨", "千瓦时", "立方米", "台", "平方米", "个", "公吨·公里", "人·千米", "房·晚", "件",
			"千米", "吉焦", "毫升", "公顷", "升", "瓶", "米", "部", "辆", "公顷·年", "峰值千瓦", "条", "头·年", "块",
			"片", "包", "小时", "克", "杯", "kJ", "只", "千瓦", "双", "人·次", "人·月", "吉字节", "兆瓦", "册", "千卡",
			"兆瓦时", "桶", "份", "公吨·时", "1000L", "套", "兆焦", "盘", "盒", "公亩", "万元人民币", "晚", "卷",
			"人·年", "峰值兆瓦", "平方米·年", "箱", "千乏", "个·月", "袋", "人", "件·千米"},
		"tCO2e": {"公吨", "兆瓦时", "辆", "平方千米", "平方米", "千米", "台", "个", "万元人民币", "年（四舍五入）",
			"千克", "兆瓦", "千瓦时", "套", "立方米", "公顷", "个·年", "天", "米", "吉焦", "公吨·公里", "峰值千瓦", "月"},
		"gCO2e": {"公吨·公里", "千瓦时", "千米", "千克", "人·千米", "支", "包", "兆焦", "升", "瓶", "公吨", "克",
			"立方米·千米", "颗", "毫升", "杯", "克拉", "册", "张", "桶", "个", "吉焦·千米", "立方米", "平方米", "罐",
			"片", "人·次"},
	}
	n := 0
	for num, list := range dens {
		for _, den := range list {
			n++
			s := num + " / " + den
			u, err := footprint.ParseFactorUnit(s)
			if err != nil {
				t.Errorf("%s: %v", s, err)
				continue
			}
			if u.Basis != footprint.BasisCO2e || u.Emitted != num {
				t.Errorf("%s: basis %s, emitted %s", s, u.Basis, u.Emitted)
			}
			back, err := footprint.ParseFactorUnit(u.String())
			if err != nil || back != u {
				t.Errorf("%s: canonical %q parses to %+v, %v", s, u.String(), back, err)
			}
		}
	}
	if n != 112 {
		t.Errorf("%d combinations, want 112 (113 in the snapshot less kgCO2e / kgCO2e)", n)
	}
	if _, err := footprint.ParseFactorUnit("kgCO2e / kgCO2e"); footprint.ErrorCode(err) != footprint.EINVALID {
		t.Errorf("kgCO2e / kgCO2e: err=%v, want invalid", err)
	}
	// The full-width qualifier of "年（四舍五入）" (rounded) is kept.
	if u, err := footprint.ParseFactorUnit("tCO2e / 年（四舍五入）"); err != nil || u.Per.Symbol != "year" || u.Qualifier != "四舍五入" {
		t.Errorf("年（四舍五入）: %+v, %v", u, err)
	}
}

// Ensure a unit symbol means the same with or without surrounding space.
// ParseUnit's case-insensitive second chance (meant for spelled-out names,
// "Kilogram") was granted by the length of the raw text, so "ML" (the
// megalitre's symbol) was refused while " ML " or "ML\t" from a table cell
// was read as mL, a thousand million times less: 2 ML of process water
// counted as 2 mL.
func TestRedteam2_UnitSpaceChangesNoCase(t *testing.T) {
	for _, s := range []string{" ML ", "ML\t", "  ML"} {
		t.Run(s, func(t *testing.T) {
			if u, err := footprint.ParseUnit(s); err == nil {
				t.Fatalf("%q parsed as %s (%g m³), while ML is refused", s, u.Symbol, u.ToBase)
			}
		})
	}
	if u, err := footprint.ParseUnit(" Kilogram "); err != nil || u.Symbol != "kg" {
		t.Fatalf("Kilogram: %v %v", u, err)
	}
}

// Ensure the upper-case symbols of ERP bills of materials, whose case
// carries no meaning, parse with or without surrounding space (review:
// " KG " and " PCS " were read through the padding the fix above closed),
// while symbols whose case does carry meaning stay refused.
func TestParseUnit_CaseFreeSymbols(t *testing.T) {
	for in, want := range map[string]string{"KG": "kg", " KG ": "kg", "Kg": "kg", "PCS": "piece", " PCS ": "piece", "KM": "km", "M3": "m³"} {
		if u, err := footprint.ParseUnit(in); err != nil || u.Symbol != want {
			t.Errorf("ParseUnit(%q) = %v, %v; want %s", in, u.Symbol, err, want)
		}
	}
	for _, in := range []string{"ML", " MWH ", "MT", " MG "} {
		if u, err := footprint.ParseUnit(in); err == nil {
			t.Errorf("ParseUnit(%q) = %s, want a refusal (case carries meaning)", in, u.Symbol)
		}
	}
}

// Ensure a product counted in its own measure word (1 台 of a laptop) is
// declared per piece of product, as before 台 became a unit of its own: a
// rule's "piece" takes any count unit as declared unit, with the same
// result per piece.
func TestCalculate_DeclaredUnitInCountWord(t *testing.T) {
	piece := seedtest.Calculated(t, "laptop", nil)
	tai := seedtest.Calculated(t, "laptop", func(s *footprint.Study) {
		s.DeclaredUnit = footprint.DeclaredUnit{Amount: 1, Unit: footprint.MustParseUnit("台")}
	})
	if tai.Result.KgCO2e != piece.Result.KgCO2e || len(tai.Result.PerUnit) != len(piece.Result.PerUnit) {
		t.Fatalf("per 台: %v (%d per-unit figures); per piece: %v (%d)", tai.Result.KgCO2e, len(tai.Result.PerUnit), piece.Result.KgCO2e, len(piece.Result.PerUnit))
	}
	for i, u := range tai.Result.PerUnit {
		if u.KgCO2e != piece.Result.PerUnit[i].KgCO2e {
			t.Errorf("per-unit %s: %v, per piece %v", u.Unit, u.KgCO2e, piece.Result.PerUnit[i].KgCO2e)
		}
	}
	// A non-count unit the rule does not list is still refused.
	s := seedtest.Study(t, "laptop")
	s.DeclaredUnit = footprint.DeclaredUnit{Amount: 1, Unit: footprint.MustParseUnit("kg")}
	if _, err := footprint.Calculate(s, seedtest.Factors(t), nil); footprint.ErrorCode(err) != footprint.EINVALID {
		t.Errorf("declared unit kg: err=%v, want invalid", err)
	}
}

// Red team 87 (docs/integrity.md): a transport leg's distance in metres
// where the route is in kilometres. The demo PV module's front glass,
// "Fengyang (Anhui) to Chengdu by heavy truck", 1500 m instead of 1500 km,
// was 147.115708937 kgCO2e instead of 150.099534125 (−2.0 %), and the demo
// laptop's rail leg to Shanghai 2000 米 instead of 2000 km 179.002085404
// instead of 179.028600027, each with no word: a metre is a length unit
// and the leg counted a thousandth of itself. Ensure each is warned at the
// leg's distance unit, bilingual, with the figure it gives and the one it
// would give in kilometres; that the demo studies keep their figures and
// warnings; and that a leg in km is not warned.
func TestRedteam87_TransportLegInMetres(t *testing.T) {
	metre, err := footprint.ParseUnit("m")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, study string
		demoKg, kg  float64
		demoWarns   int
		en, zh      []string
	}{
		{"the PV module's front glass", "pv-module", 150.099534125, 147.115708937, 2,
			[]string{"the leg's distance is stated in m: 1500 m is 1.5 km", "were it 1500 km, the leg would give 2.987 kgCO2e instead of 0.002987"},
			[]string{"该运输段的距离以 m 计:1500 m 即 1.5 km", "若为 1500 km,该运输段为 2.987 kgCO2e,而非 0.002987"}},
		{"the laptop's rail leg", "laptop", 179.028600027, 179.002085404, 3, // red team 56b: the estimated annual energy
			[]string{"2000 m is 2 km", "were it 2000 km, the leg would give 0.02654 kgCO2e instead of 0.00002654"},
			[]string{"2000 m 即 2 km"}},
	} {
		demo, err := footprint.Calculate(seedtest.Study(t, c.study), seedtest.Factors(t), nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !near(demo.KgCO2e, c.demoKg) || len(demo.Warnings) != c.demoWarns {
			t.Errorf("%s in km: %.9f kgCO2e with %d warnings %+v, want %.9f with %d", c.name, demo.KgCO2e, len(demo.Warnings), demo.Warnings, c.demoKg, c.demoWarns)
		}
		s := seedtest.Study(t, c.study)
		s.Transport[0].Distance.Unit = metre
		res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
		if err != nil {
			t.Fatalf("%s in m: %v", c.name, err)
		}
		if !near(res.KgCO2e, c.kg) {
			t.Errorf("%s in m: %.9f kgCO2e, want %.9f", c.name, res.KgCO2e, c.kg)
		}
		if !hasWarning(res, "transport[0].distance.unit", c.en...) {
			t.Errorf("%s in m: no warning at transport[0].distance.unit with %q: %+v", c.name, c.en, res.Warnings)
		}
		for _, w := range res.Warnings {
			if w.Path != "transport[0].distance.unit" {
				continue
			}
			for _, zh := range c.zh {
				if !strings.Contains(w.MessageZH, zh) {
					t.Errorf("%s in m: Chinese %q lacks %q", c.name, w.MessageZH, zh)
				}
			}
		}
		if len(res.Warnings) != c.demoWarns+1 {
			t.Errorf("%s in m: %d warnings, want the demo's %d and the leg's: %+v", c.name, len(res.Warnings), c.demoWarns, res.Warnings)
		}
	}
}

// Red team 87: natural gas in litres where the meter reads cubic metres.
// The demo PV module burning 10 Nm³ of natural gas a module (FUEL-CN-NG,
// with its upstream FUEL-CN-NG-UPSTREAM) is 177.801534125 kgCO2e; the same
// line written as 10 L was 150.127236125 (−15.6 %), warned only that the
// combustion factor counts CO2 alone, which the honest line carries too.
// Ensure the line in litres (or millilitres) is warned at fuels[0].unit,
// bilingual, with what it would give in the factor's unit; and that the
// line in Nm³, and diesel in grams on its per-kg factor, are not.
func TestRedteam87_GasInLitres(t *testing.T) {
	gas := func(t *testing.T, qty float64, unit string) *footprint.Result {
		t.Helper()
		u, err := footprint.ParseUnit(unit)
		if err != nil {
			t.Fatal(err)
		}
		s := seedtest.Study(t, "pv-module")
		comb, up := "FUEL-CN-NG", "FUEL-CN-NG-UPSTREAM"
		if u.Dim == footprint.DimMass {
			comb, up = "FUEL-CN-DIESEL", "FUEL-CN-DIESEL-UPSTREAM"
		}
		s.Fuels = []*footprint.FuelLine{{Name: "fuel for the laminator", Quantity: qty, Unit: u, CombustionFactor: comb, UpstreamFactor: up}}
		res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
		if err != nil {
			t.Fatalf("%g %s: %v", qty, unit, err)
		}
		return res
	}
	honest := gas(t, 10, "Nm³")
	if !near(honest.KgCO2e, 177.801534125) || slices.ContainsFunc(honest.Warnings, func(w footprint.Warning) bool { return w.Path == "fuels[0].unit" }) {
		t.Errorf("10 Nm³: %.9f kgCO2e, warnings %+v; want 177.801534125 and none at fuels[0].unit", honest.KgCO2e, honest.Warnings)
	}
	for _, c := range []struct {
		qty      float64
		unit, en string
		zh       string
	}{
		{10, "L", "the fuel is stated in L and its factor FUEL-CN-NG is per Nm³: 10 L is 0.01 Nm³, a gas is metered in cubic metres, and were it 10 Nm³ the line would give 27.7 kgCO2e instead of 0.0277",
			"该燃料以 L 计,而其因子 FUEL-CN-NG 以 Nm³ 计:10 L 即 0.01 Nm³;气体按立方米计量,若为 10 Nm³,该行为 27.7 kgCO2e,而非 0.0277"},
		{10000, "mL", "10000 mL is 0.01 Nm³", "10000 mL 即 0.01 Nm³"},
	} {
		res := gas(t, c.qty, c.unit)
		if !near(res.KgCO2e, 150.127236125) {
			t.Errorf("%g %s: %.9f kgCO2e, want 150.127236125", c.qty, c.unit, res.KgCO2e)
		}
		if !hasWarning(res, "fuels[0].unit", c.en) {
			t.Errorf("%g %s: no warning at fuels[0].unit with %q: %+v", c.qty, c.unit, c.en, res.Warnings)
		} else if i := slices.IndexFunc(res.Warnings, func(w footprint.Warning) bool { return w.Path == "fuels[0].unit" }); !strings.Contains(res.Warnings[i].MessageZH, c.zh) {
			t.Errorf("%g %s: Chinese %q lacks %q", c.qty, c.unit, res.Warnings[i].MessageZH, c.zh)
		}
	}
	if res := gas(t, 10, "g"); slices.ContainsFunc(res.Warnings, func(w footprint.Warning) bool { return w.Path == "fuels[0].unit" }) {
		t.Errorf("10 g of diesel: warned at fuels[0].unit: %+v", res.Warnings)
	}
}

// Red team 87: the electronics rule asks for the factory's own electricity
// (red team 25) and warns a study without it; a line of it in name only
// silenced the warning. The demo laptop (179.028600027 kgCO2e, warned at
// electricity) with 0.001 kWh of assembly electricity was 179.029177727,
// or with 10 Wh where 10 kWh were meant 179.034377027, each without the
// warning, where 10 kWh give 184.805600027. Ensure such a line, whose
// emissions are less than the rule's cut-off ÷ TokenStageShareDivisor of
// the total (the bound a required stage is held to), is warned at
// electricity, bilingual, quoting the rule's request; and that 10 kWh is
// not.
func TestRedteam87_AskedForElectricityInNameOnly(t *testing.T) {
	for _, c := range []struct {
		qty  float64
		unit string
		kg   float64
		en   []string
		zh   string
	}{
		{0.001, "kWh", 179.029177727, []string{"the rule asks for electricity, and its lines (electricity[0]) give 0.0005777 kgCO2e, 0.0003227 % of the total, less than 0.005 % (the cut-off limit ÷ 1000)", "(the study has no electricity line: the factory's own energy"}, "规则要求提供 electricity,其各行(electricity[0])为 0.0005777 kgCO2e,仅占总量的 0.0003227 %,低于 0.005 %(截断限值 ÷ 1000)"},
		{10, "Wh", 179.034377027, []string{"give 0.005777 kgCO2e, 0.003227 % of the total"}, "(研究没有电力行"},
		{10, "kWh", 184.805600027, nil, ""},
	} {
		u, err := footprint.ParseUnit(c.unit)
		if err != nil {
			t.Fatal(err)
		}
		s := seedtest.Study(t, "laptop")
		s.Electricity = []*footprint.ElectricityLine{{Name: "assembly, soldering and test", Quantity: c.qty, Unit: u, Factor: "ELEC-CN-NAT-CF-2024"}}
		res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
		if err != nil {
			t.Fatalf("%g %s: %v", c.qty, c.unit, err)
		}
		if !near(res.KgCO2e, c.kg) {
			t.Errorf("%g %s: %.9f kgCO2e, want %.9f", c.qty, c.unit, res.KgCO2e, c.kg)
		}
		i := slices.IndexFunc(res.Warnings, func(w footprint.Warning) bool { return w.Path == "electricity" })
		switch {
		case c.en == nil && i >= 0:
			t.Errorf("%g %s: warned at electricity: %+v", c.qty, c.unit, res.Warnings[i])
		case c.en != nil && !hasWarning(res, "electricity", c.en...):
			t.Errorf("%g %s: no warning at electricity with %q: %+v", c.qty, c.unit, c.en, res.Warnings)
		case c.en != nil && !strings.Contains(res.Warnings[i].MessageZH, c.zh):
			t.Errorf("%g %s: Chinese %q lacks %q", c.qty, c.unit, res.Warnings[i].MessageZH, c.zh)
		}
	}
}
