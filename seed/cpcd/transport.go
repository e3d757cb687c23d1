package cpcd

import (
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
)

// transportModes gives a freight factor (per unit of transport work) the
// mode a transport leg matches it by (docs/integrity.md §5), only where the
// row's CPC class and its name say the same mode. CPCD's class alone is
// not enough: it files diesel and electric locomotives under 6511 (road
// freight), passenger ferries and yachts under 6521 (sea freight), and a
// battery-electric truck under 6513 (pipelines). A row whose class and name
// disagree, or whose name says neither, gets no mode: no leg takes it until
// a curator classifies it.
var transportModes = []struct {
	class string   // CPC Ver. 2.1 class
	mode  string   // footprint.Mode…
	words []string // words of the name that say the same mode
}{
	{"6511", footprint.ModeRoad, []string{"货车", "公路", "自卸车"}},
	{"6512", footprint.ModeRail, []string{"铁路", "列车", "机车"}},
	{"6521", footprint.ModeSea, []string{"货船", "集装箱船", "油轮", "液货船", "化学品运输船", "液化气体运输船", "液体运输船",
		"冷藏运输船", "滚装船", "车辆运输船", "杂货船", "普通货物船", "远洋航运"}},
	{"6522", footprint.ModeInlandWaterway, []string{"内河", "水运", "水路", "货船", "集装箱船"}},
	{"6531", footprint.ModeAir, []string{"航空", "飞机"}},
}

// transportMode returns the mode of a transport factor, "" if its class and
// name do not agree on one.
func transportMode(cpc string, f *footprint.Factor) string {
	if f.Category != footprint.CategoryTransport || f.Unit.Per.Dim != footprint.DimTransportWork {
		return ""
	}
	for _, m := range transportModes {
		if !strings.HasPrefix(cpc, m.class) {
			continue
		}
		for _, w := range m.words {
			if strings.Contains(f.NameZH, w) {
				return m.mode
			}
		}
	}
	return ""
}
