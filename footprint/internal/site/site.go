// Package site holds a study to the place its site says it is in
// (docs/integrity.md, red team 51): a factor set may hold provincial grid
// mixes (CPCD's 四川省电网碳足迹排放因子, geography CN-SC), and a line's
// geography is the study's word, so a plant in one province could take a
// cleaner province's grid. A factor finer than a country therefore needs
// the study's site_region (ISO 3166-2), the site's own electricity must be
// of that region, and the review is told when the site's address does not
// name it.
//
// It knows no domain types: footprint feeds it the region, the site's text
// and each electricity factor's geography and place, and turns what it
// returns into an error or a warning of the study.
package site

import (
	"fmt"
	"regexp"
	"strings"
)

// subdivision is a province-level subdivision of China: its ISO 3166-2:CN
// code (the letter codes of the 2017 edition, as the factor sets use, e.g.
// CN-SC) and the names an address writes it by, in Chinese and in English
// (ISO 3166-2:CN's subdivision names, short forms without 省/市/自治区).
type subdivision struct{ code, zh, en, en2 string }

// cn is ISO 3166-2:CN (province, municipality, autonomous region, special
// administrative region).
var cn = []subdivision{
	{"CN-AH", "安徽", "Anhui", ""}, {"CN-BJ", "北京", "Beijing", ""}, {"CN-CQ", "重庆", "Chongqing", ""},
	{"CN-FJ", "福建", "Fujian", ""}, {"CN-GD", "广东", "Guangdong", ""}, {"CN-GS", "甘肃", "Gansu", ""},
	{"CN-GX", "广西", "Guangxi", ""}, {"CN-GZ", "贵州", "Guizhou", ""}, {"CN-HA", "河南", "Henan", ""},
	{"CN-HB", "湖北", "Hubei", ""}, {"CN-HE", "河北", "Hebei", ""}, {"CN-HI", "海南", "Hainan", ""},
	{"CN-HK", "香港", "Hong Kong", "Xianggang"}, {"CN-HL", "黑龙江", "Heilongjiang", ""}, {"CN-HN", "湖南", "Hunan", ""},
	{"CN-JL", "吉林", "Jilin", ""}, {"CN-JS", "江苏", "Jiangsu", ""}, {"CN-JX", "江西", "Jiangxi", ""},
	{"CN-LN", "辽宁", "Liaoning", ""}, {"CN-MO", "澳门", "Macao", "Macau"}, {"CN-NM", "内蒙古", "Inner Mongolia", "Nei Mongol"},
	{"CN-NX", "宁夏", "Ningxia", ""}, {"CN-QH", "青海", "Qinghai", ""}, {"CN-SC", "四川", "Sichuan", ""},
	{"CN-SD", "山东", "Shandong", ""}, {"CN-SH", "上海", "Shanghai", ""}, {"CN-SN", "陕西", "Shaanxi", ""},
	{"CN-SX", "山西", "Shanxi", ""}, {"CN-TJ", "天津", "Tianjin", ""}, {"CN-TW", "台湾", "Taiwan", ""},
	{"CN-XJ", "新疆", "Xinjiang", ""}, {"CN-XZ", "西藏", "Tibet", "Xizang"}, {"CN-YN", "云南", "Yunnan", ""},
	{"CN-ZJ", "浙江", "Zhejiang", ""},
}

// iso3166_2 is the form of an ISO 3166-2 subdivision code: a country's two
// letters, a hyphen and one to three letters or digits.
var iso3166_2 = regexp.MustCompile(`^[A-Z]{2}-[A-Z0-9]{1,3}$`)

// Region returns why region, a study's product.site_region, is refused:
// not an ISO 3166-2 subdivision code, or a code of China that ISO
// 3166-2:CN does not list (a grid region such as CN-SW is no place a site
// is in). "" when it is empty or sound.
func Region(region string) string {
	r := strings.ToUpper(strings.TrimSpace(region))
	switch {
	case r == "":
		return ""
	case !iso3166_2.MatchString(r):
		return fmt.Sprintf("生产场地所在地区 %q 不是 ISO 3166-2 的地区代码(如 CN-SC,四川)。site_region %q is not an ISO 3166-2 subdivision code (e.g. CN-SC, Sichuan): the province or state the site is in", r, r)
	case strings.HasPrefix(r, "CN-") && find(r) == nil:
		return fmt.Sprintf("生产场地所在地区 %q 不在 ISO 3166-2:CN 的省级行政区中(电网区域不是场地所在地)。site_region %q is no province-level subdivision of ISO 3166-2:CN (a grid region is not a place a site is in)", r, r)
	}
	return ""
}

func find(code string) *subdivision {
	for i := range cn {
		if cn[i].code == code {
			return &cn[i]
		}
	}
	return nil
}

// Finding is what Check finds: a refusal or a warning at Field ("" = the
// input that gives the line's place, its geography).
type Finding struct {
	Field  string
	EN, ZH string
	Refuse bool
}

// Covers reports whether a factor of geography outer describes electricity
// used in place: the same code, or a country or region that contains it by
// its ISO 3166-2 prefix ("CN" covers "CN-SC"). Comparison ignores case. A
// global or multi-country factor ("GLO", "EU") covers no place: the grid of
// a place is its own.
func Covers(outer, place string) bool {
	o, p := strings.ToUpper(strings.TrimSpace(outer)), strings.ToUpper(strings.TrimSpace(place))
	return o != "" && p != "" && (o == p || strings.HasPrefix(p, o+"-"))
}

// Check judges one electricity factor, of geography factorGeo, used in
// place (a line's geography) by a line of the site's own production stage
// (production) or of its suppliers' (raw-material stage), against the
// study's site region and the site's text; home is the country a study is
// taken to be made in when it says nothing (footprint.DefaultGeography):
//
//   - a factor of any other place than home (a province or grid region,
//     CN-SC or CN-SW; another country; a multi-country grid, EU) needs the
//     region, else the study says nothing machine-readable of where the
//     factory is (refused at product.site_region);
//   - the site's own electricity is used at the site: with a region, a
//     production line's place is the region or the country holding it
//     (refused at the line's geography otherwise); a raw-material line's
//     place may be a supplier's, warned so that the certifier checks it;
//   - with a region, the review is warned when the site's text names
//     neither its Chinese nor its English name.
func Check(region, siteText, factorGeo, place, home string, production bool) []Finding {
	r := strings.ToUpper(strings.TrimSpace(region))
	if r == "" {
		if !strings.EqualFold(strings.TrimSpace(factorGeo), home) {
			return []Finding{{Field: "product.site_region", Refuse: true,
				ZH: fmt.Sprintf("所用电力因子的地理范围为 %s,而非 %s 全国,而研究未给出生产场地所在的省级地区:请在 product.site_region 中填写 ISO 3166-2 代码(如 CN-SC),以便核对所用电网与场地。", factorGeo, home),
				EN: fmt.Sprintf("an electricity factor of %s, not of the whole of %s, is used, and the study does not say where its site is: give product.site_region, the ISO 3166-2 code of the site's province or state (e.g. CN-SC), so that the grid of the place can be checked against the site", factorGeo, home)}}
		}
		return nil
	}
	var out []Finding
	if !Covers(place, r) && !Covers(r, place) {
		if production {
			return []Finding{{Refuse: true,
				ZH: fmt.Sprintf("生产阶段的电力在生产场地使用:场地位于 %s(product.site_region),而此行的用电地为 %s。", r, place),
				EN: fmt.Sprintf("electricity of the production stage is used at the site, in %s (product.site_region), not in %s: a line's geography is the site's region or its country", r, place)}}
		}
		out = append(out, Finding{
			ZH: fmt.Sprintf("此行电力的用电地为 %s,不在生产场地所在地区 %s:请核实这是供应商的用电,且其所在地有证据。", place, r),
			EN: fmt.Sprintf("this line's electricity is used in %s, not in the site's region %s: check that it is a supplier's and the evidence of where the supplier is", place, r)})
	}
	s := find(r)
	name, nameZH := r, r
	if s != nil {
		name, nameZH = fmt.Sprintf("%s (%s, %s)", r, s.en, s.zh), fmt.Sprintf("%s(%s)", r, s.zh)
	}
	var others, othersZH []string // a street may bear a province's name (上海四川北路): the certifier reads which is the site's
	for i := range cn {
		if o := &cn[i]; o != s && names(siteText, o) {
			others, othersZH = append(others, o.code+" ("+o.en+")"), append(othersZH, o.code+"("+o.zh+")")
		}
	}
	switch {
	case s == nil || !names(siteText, s):
		out = append(out, Finding{Field: "product.site",
			ZH: fmt.Sprintf("product.site_region 称生产场地位于 %s,而场地描述(product.site)未写明该地区:请核对场地地址与所用电网因子的地区。", nameZH),
			EN: fmt.Sprintf("product.site_region places the site in %s, which the site's text (product.site) does not name: check the site's address against the region of the grid factor it uses", name)})
	case len(others) > 0:
		out = append(out, Finding{Field: "product.site",
			ZH: fmt.Sprintf("product.site_region 称生产场地位于 %s,而场地描述(product.site)还写有 %s:请核对场地实际所在的地区与所用电网因子的地区。", nameZH, strings.Join(othersZH, "、")),
			EN: fmt.Sprintf("product.site_region places the site in %s, and the site's text (product.site) names %s too: check which region the site is in against the region of the grid factor it uses", name, strings.Join(others, ", "))})
	}
	return out
}

// names reports whether the site's text names subdivision s, by its
// Chinese or an English name (case and spaces ignored).
func names(text string, s *subdivision) bool {
	t := strings.ToLower(strings.Join(strings.Fields(text), ""))
	for _, n := range []string{s.zh, s.en, s.en2} {
		if n != "" && strings.Contains(t, strings.ToLower(strings.ReplaceAll(n, " ", ""))) {
			return true
		}
	}
	return false
}
