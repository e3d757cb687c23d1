package area

import (
	"math"
	"testing"
)

// TestRead_RatioOfAnotherDevice: a ratio "a:b" of another device ("supports
// 32:9 monitors", "up to 32:9", a webcam's 4:3) is not the panel's, as a
// resolution of one was not already (reviewer 55b left it open); the
// product's own ratio still narrows the bound, and neither a feature word
// past a comma nor a camera's word naming the product's kind ("video
// monitor") unreads a ratio or a resolution.
//
// Areas: a 14-inch 16:10 panel is (14 × 0.0254)² × 1.6/(1 + 1.6²) =
// 0.12645 × 0.44944 = 0.05683 m²; read at 32:9 its bound at 14.5 inches was
// 0.3683² × 3.5556/(1 + 3.5556²) = 0.13564 × 0.26063 = 0.03535 m², its
// square bound is 0.13564/2 = 0.06782 m². A 27-inch screen's 16:9 bound at
// 27.5 inches is 0.48790 × 0.42730 = 0.2085 m², its square bound 0.2440 m².
// A 34-inch 21:9 panel is 0.8636² × 2.3333/(1 + 2.3333²) = 0.74581 ×
// 0.36207 = 0.2700 m²; at 34.5 inches its 21:9 bound is 0.8763² × 0.36207
// = 0.2780 m², its 16:9 bound 0.76790 × 0.42730 = 0.3281 m².
func TestRead_RatioOfAnotherDevice(t *testing.T) {
	for _, c := range []struct {
		text  string
		ratio float64
		words string
	}{
		// another device's: read as the panel's before
		{"Demo 14-inch laptop, supports 32:9 monitors", 0, ""},
		{"Demo 14-inch laptop, drives 32:9 external monitors", 0, ""},
		{"Demo 14-inch laptop, up to 32:9", 0, ""},
		{"Demo 14-inch laptop, 21:9 output", 0, ""},
		{"Demo 14-inch laptop, 21:9 input", 0, ""},
		{"示例14英寸笔记本电脑，支持32:9显示器", 0, ""},
		{"Demo 13.3-inch laptop, 4:3 webcam", 0, ""},
		{"Demo 13.3-inch laptop, camera 4:3", 0, ""},
		// the product's own
		{"Demo 14-inch laptop, 16:10, supports 32:9 monitors", 1.6, "16:10"},
		{"Demo 34-inch 21:9 monitor, 16:9 mode", 21.0 / 9, "21:9"}, // a mode's 16:9, squarer, widened the bound before
		{"Demo 27-inch 16:9 monitor", 16.0 / 9, "16:9"},
		{"Demo 27-inch monitor 16:9, supports HDR", 16.0 / 9, "16:9"},
		{"Demo 27-inch monitor 2560x1440, supports HDR", 16.0 / 9, "2560x1440"}, // unread before, through the comma
		// a camera's word followed by a screen's: the product's kind
		{"Demo 27-inch 16:9 video monitor", 16.0 / 9, "16:9"},
		{"Demo 27-inch 16:9 photo editing monitor", 16.0 / 9, "16:9"},
		{"示例27英寸16:9视频显示器", 16.0 / 9, "16:9"},
		{"Demo 27-inch 4:3 video conferencing display", 4.0 / 3, "4:3"},
		{"Demo 27-inch 2560x1440 video monitor", 16.0 / 9, "2560x1440"}, // unread before, as a camera's
		{"Demo 27-inch 16:9 monitor, 1920x1080 video input", 16.0 / 9, "16:9"},
	} {
		sc, ok := Read(c.text)
		if !ok || math.Abs(sc.Ratio-c.ratio) > 1e-12 || sc.RatioText != c.words {
			t.Errorf("%q: ratio %g (%q) %v, want %g (%q)", c.text, sc.Ratio, sc.RatioText, ok, c.ratio, c.words)
		}
	}
	checkAreas(t, []areaCase{
		{0.05683, false, names("Demo 14-inch laptop, supports 32:9 monitors")}, // refused before, at 32:9's 0.03535
		{0.06790, true, names("Demo 14-inch laptop, supports 32:9 monitors")},  // over the square's 0.06782
	}, "d²/2")
	checkAreas(t, []areaCase{
		{0.2439, true, names("Demo 27-inch 16:9 monitor")},
		{0.2439, true, names("Demo 27-inch monitor 16:9, supports HDR")},
		{0.2439, true, names("Demo 27-inch 16:9 video monitor")},
	}, `"16:9"`, "0.2085 m²")
	checkAreas(t, []areaCase{
		{0.3000, true, names("Demo 34-inch 21:9 monitor, 16:9 mode")}, // accepted before, at 16:9's 0.3281
		{0.2700, false, names("Demo 34-inch 21:9 monitor, 16:9 mode")},
	}, `"21:9"`, "0.278 m²")
	checkAreas(t, []areaCase{
		{0.2439, true, names("Demo 27-inch monitor 2560x1440, supports HDR")}, // accepted before, at the square's 0.2440
		{0.2010, false, names("Demo 27-inch monitor 2560x1440, supports HDR")},
	}, `"2560x1440"`, "0.2085 m²")
}
