package footprint_test

import (
	"math"
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
