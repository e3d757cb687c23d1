package area

import "testing"

// Reviewer 56b (the flatterer): session 56 read another device's size
// named after its feature word ("可外接27英寸显示器", "drives 32-inch
// external monitors") as not the product's; a Chinese name says it in the
// other order as often, the screens' noun between the feature word and
// the size ("外接显示器27英寸", "支持显示器：32英寸"), and the 27 inches
// bounded a 14-inch laptop at 0.2440 m², 3.6 times its 14-inch square's
// 0.0678. Honest names with a screens' noun before their own size keep
// it.
func TestReviewer56b_OtherDevicesSizeAfterItsNoun(t *testing.T) {
	for _, tt := range []struct {
		name string
		want float64
	}{
		{"示例14英寸笔记本 外接显示器27英寸", 14},
		{"示例14英寸笔记本，支持显示器：32英寸", 14},
		{"示例14英寸笔记本 可接外部屏幕 27英寸", 14},
		{"示例14英寸笔记本 扩展显示屏27英寸", 14},
		// honest: the product's own screen named before its size
		{"示例显示器27英寸", 27},
		{"示例便携显示器 15.6英寸", 15.6},
		{"示例触摸屏 21.5英寸 一体机", 21.5},
	} {
		sc, ok := Read(tt.name)
		if !ok || sc.Figure != tt.want {
			t.Errorf("Read(%q) = %v inches (%v), want %v", tt.name, sc.Figure, ok, tt.want)
		}
	}
}

// Reviewer 56b (the honest applicant): session 56 reads a Chinese count of
// screens only where the whole compound after it is listed (ownAfterZH);
// cash registers and scales sold as two-screen ones name their system,
// their trade or their touch panel between the count and the noun
// (双屏安卓收银机, 双屏Windows收银机, 双屏餐饮收银机, 双屏超市收银机, 双屏触屏收银机,
// 双屏电容屏收银机, 双屏收银秤), and a two-screen laptop or reader its kind
// (双屏二合一笔记本, 双屏墨水屏阅读器): each was read as one screen, and an
// honest declaration of both screens' area refused. A compound ending in
// another thing stays one screen (双屏安卓主机, 双屏Windows系统).
func TestReviewer56b_ChineseCountThroughSystemAndTrade(t *testing.T) {
	for _, tt := range []struct {
		name string
		want int
	}{
		{"示例15.6英寸双屏安卓收银机", 2},
		{"示例15.6英寸双屏Windows收银机", 2},
		{"示例15.6英寸双屏win10收银机", 2},
		{"示例15.6英寸双屏餐饮收银机", 2},
		{"示例15.6英寸双屏超市收银机", 2},
		{"示例15.6英寸双屏零售收银机", 2},
		{"示例15.6英寸双屏触屏收银机", 2},
		{"示例15.6英寸双屏电容屏收银机", 2},
		{"示例15.6英寸双屏收银秤", 2},
		{"示例14英寸双屏二合一笔记本", 2},
		{"示例13.3英寸双屏墨水屏阅读器", 2},
		// not the product's screens
		{"示例15.6英寸双屏安卓主机", 1},
		{"示例15.6英寸 双屏Windows系统", 1},
		{"示例27英寸显示器 双屏安卓", 1},
		{"示例27英寸显示器 双屏餐饮", 1},
	} {
		if sc, ok := Read(tt.name); !ok || sc.Count != tt.want {
			t.Errorf("Read(%q).Count = %d (%v), want %d", tt.name, sc.Count, ok, tt.want)
		}
	}
}

// Reviewer 56b (the honest applicant): the English count is read where
// the word after it is listed (ownAfter); the Chinese list has 点餐, 售票,
// 售货, 自助 and the English had "self-service", "cash" and "point" but not
// their kin, so a two-screen kiosk named in English (dual-screen ordering
// kiosk, dual-screen self-checkout kiosk, dual-screen ticketing machine,
// dual-screen vending machine) was one screen, and its honest two-screen
// area refused. Read only with a kiosk's noun after them: "dual-screen
// checkout support" and "dual display ordering app" stay one.
func TestReviewer56b_EnglishCountThroughKioskKinds(t *testing.T) {
	for _, tt := range []struct {
		name string
		want int
	}{
		{"Demo 21.5-inch dual-screen ordering kiosk", 2},
		{"Demo 21.5-inch dual-screen self-ordering kiosk", 2},
		{"Demo 15.6-inch dual-screen self-checkout kiosk", 2},
		{"Demo 15.6-inch dual screen checkout terminal", 2},
		{"Demo 21.5-inch dual-screen ticketing machine", 2},
		{"Demo 21.5-inch dual-screen vending machine", 2},
		{"Demo 15.6-inch dual-screen payment terminal", 2},
		{"Demo 15.6-inch monitor, dual-screen checkout support", 1},
		{"Demo 15.6-inch monitor, dual display ordering app", 1},
	} {
		if sc, ok := Read(tt.name); !ok || sc.Count != tt.want {
			t.Errorf("Read(%q).Count = %d (%v), want %d", tt.name, sc.Count, ok, tt.want)
		}
	}
}
