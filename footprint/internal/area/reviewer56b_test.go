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
