package cpcd

import (
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Electricity rows (CPC 17100 per unit of energy) are of two families that
// must never be mixed (PRODUCT.md principle 4, docs/integrity.md); CPCD
// writes both in "kgCO2e", so the family is read from the row's name, which
// says it:
//
//   - a name with 二氧化碳 ("…电力平均二氧化碳排放因子", MEE & NBS) is a CO2-only
//     factor: basis CO2, role grid-co2, for organisational accounting;
//   - a grid average named 碳足迹 ("全国电力平均碳足迹因子", "…省电网碳足迹排放
//     因子") is a life-cycle CO2e factor of the electricity consumed: role
//     grid-mix, boundary life-cycle;
//   - "主要发电类型电力碳足迹因子-<technology>" is the life-cycle factor of
//     one generation technology: role generation:<technology>;
//   - "输配电碳足迹因子" with or without line losses: td or td-excl-losses;
//   - any other electricity row (a grid "排放因子" that names neither family,
//     a CDM baseline, one plant or one technology from the literature) gets
//     role none: no slot of a study takes it until a curator classifies it.
//
// A life-cycle role needs boundary life-cycle (footprint.Factor.Validate);
// the CPCD boundary is kept in the notes. Geography is the place the name
// gives: a province (ISO 3166-2:CN), a grid region (the codes of the
// curated set, docs/seed.md), or the country.

// provinces maps the names CPCD uses to ISO 3166-2:CN codes (the letter
// codes of the 2017 edition, as the curated set uses CN-SC).
var provinces = []struct{ name, code string }{
	{"黑龙江", "CN-HL"}, {"内蒙古", "CN-NM"}, // before the two-character names they contain none of
	{"北京", "CN-BJ"}, {"天津", "CN-TJ"}, {"河北", "CN-HE"}, {"山西", "CN-SX"}, {"辽宁", "CN-LN"},
	{"吉林", "CN-JL"}, {"上海", "CN-SH"}, {"江苏", "CN-JS"}, {"浙江", "CN-ZJ"}, {"安徽", "CN-AH"},
	{"福建", "CN-FJ"}, {"江西", "CN-JX"}, {"山东", "CN-SD"}, {"河南", "CN-HA"}, {"湖北", "CN-HB"},
	{"湖南", "CN-HN"}, {"广东", "CN-GD"}, {"广西", "CN-GX"}, {"海南", "CN-HI"}, {"重庆", "CN-CQ"},
	{"四川", "CN-SC"}, {"贵州", "CN-GZ"}, {"云南", "CN-YN"}, {"西藏", "CN-XZ"}, {"陕西", "CN-SN"},
	{"甘肃", "CN-GS"}, {"青海", "CN-QH"}, {"宁夏", "CN-NX"}, {"新疆", "CN-XJ"}, {"台湾", "CN-TW"},
	{"香港", "CN-HK"}, {"澳门", "CN-MO"},
}

// regions maps the grid regions to the codes of the curated set.
var regions = []struct{ name, code string }{
	{"华北", "CN-N"}, {"东北", "CN-NE"}, {"华东", "CN-E"}, {"华中", "CN-C"}, {"西北", "CN-NW"},
	{"南方", "CN-S"}, {"西南", "CN-SW"},
}

// technologies maps the generation types of 主要发电类型电力碳足迹因子.
var technologies = []struct{ name, tech string }{
	{"燃煤", "coal"}, {"燃气", "gas"}, {"水力", "hydro"}, {"核能", "nuclear"}, {"风力", "wind"},
	{"光伏", "pv"}, {"光热", "csp"}, {"生物质", "biomass"},
}

// geography returns the place an electricity row's name gives, "" if none.
func geography(name string) string {
	for _, p := range provinces {
		if strings.Contains(name, p.name) {
			return p.code
		}
	}
	for _, r := range regions {
		if strings.Contains(name, r.name) {
			return r.code
		}
	}
	if strings.Contains(name, "全国") {
		return "CN"
	}
	return ""
}

// classifyElectricity gives an electricity factor its geography, GHG basis,
// role and (for a life-cycle role) boundary, and returns the notes that
// record what CPCD wrote.
func classifyElectricity(f *footprint.Factor, cpcdBoundary string) []string {
	name := f.NameZH
	if geo := geography(name); geo != "" {
		f.Geography = geo
	}
	lifeCycle := func(role footprint.ElectricityRole) []string {
		f.ElectricityRole = role
		f.Boundary = footprint.BoundaryLifeCycle
		return []string{"life-cycle CO2e electricity factor (碳足迹); CPCD boundary " + strings.TrimSpace(cpcdBoundary)}
	}
	gridAverage := strings.Contains(name, "电力平均") || strings.Contains(name, "电网")
	switch {
	case strings.Contains(name, "二氧化碳"):
		co2, err := footprint.ParseFactorUnit(strings.TrimSuffix(f.Unit.Emitted, "e") + "/" + f.Unit.Per.Symbol)
		if err != nil { // cannot happen: the unit parsed with CO2e
			f.ElectricityRole = footprint.ElectricityRoleNone
			return nil
		}
		co2.Qualifier = f.Unit.Qualifier
		f.Unit = co2
		f.ElectricityRole = footprint.ElectricityRoleGridCO2
		return []string{"CO2-only grid factor (二氧化碳排放因子, MEE & NBS): CPCD writes the unit as " + f.Unit.Emitted + "e; for organisational accounting, never in a product footprint"}
	case strings.Contains(name, "输配电碳足迹因子"):
		if strings.Contains(name, "不含线损") {
			return lifeCycle(footprint.ElectricityRoleTDExclLosses)
		}
		if strings.Contains(name, "含线损") {
			return lifeCycle(footprint.ElectricityRoleTD)
		}
	case strings.Contains(name, "主要发电类型电力碳足迹因子"):
		for _, t := range technologies {
			if strings.Contains(name, t.name) {
				return lifeCycle(footprint.GenerationRole(t.tech))
			}
		}
	case strings.Contains(name, "碳足迹") && gridAverage:
		return lifeCycle(footprint.ElectricityRoleGridMix)
	}
	f.ElectricityRole = footprint.ElectricityRoleNone
	return []string{"electricity role none: the row names no family this import recognises (docs/cpcd.md); a curator classifies it"}
}
