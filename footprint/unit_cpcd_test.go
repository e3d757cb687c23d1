package footprint_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure every unit family as Chinese text writes it (the spellings of the
// CPCD library, docs/cpcd.md) parses to its dimension and converts within
// it by the textbook factor.
func TestConvert_ChineseUnits(t *testing.T) {
	// The name is the unit family.
	for _, tt := range []convertCase{
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
	} {
		t.Run(tt.name+"/"+tt.from, func(t *testing.T) {
			checkConvert(t, tt.value, tt.from, tt.to, tt.want)
		})
	}
}

// Ensure units that measure different things never convert: count units of
// different kinds (台 is not 件, 辆 is not 台, neither is a piece), a count
// per time is not a count, person-distance is not transport work, calendar
// months are not hours.
func TestConvert_ChineseUnitsErrDimension(t *testing.T) {
	for _, pair := range [][2]string{
		{"台", "件"}, {"辆", "台"}, {"台", "piece"}, {"件", "个"}, {"瓶", "杯"}, {"片", "块"},
		{"头·年", "个·年"}, {"人·次", "人"}, {"房·晚", "晚"}, {"个·年", "个"}, {"件·千米", "件"},
		{"人·千米", "公吨·公里"}, {"公顷·年", "公顷"}, {"立方米·千米", "立方米"}, {"月", "小时"},
		{"年", "天"}, {"千乏", "千瓦"}, {"吉字节", "千克"}, {"万元人民币", "千克"}, {"公吨·时", "公吨"},
	} {
		from, err := footprint.ParseUnit(pair[0])
		if err != nil {
			t.Errorf("ParseUnit(%q): %v", pair[0], err)
			continue
		}
		to, err := footprint.ParseUnit(pair[1])
		if err != nil {
			if footprint.ErrorCode(err) != footprint.EINVALID {
				t.Errorf("ParseUnit(%q): %v", pair[1], err)
			}
			continue // an unknown unit converts into nothing either
		}
		checkCrossDimension(t, from, to)
	}
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
