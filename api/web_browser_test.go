package api_test

import "testing"

// Ensure the home page loads in Chromium at desktop and phone widths with
// its stylesheet (a blocked or missing one is a console error), without
// overflowing a phone's width, and that its factor search box leads to
// the factor search.
func TestWebBrowser_Home(t *testing.T) {
	_, fs := MustOpenSeededFactors(t)
	st := newStack(t, fs)
	base := startWebServer(t, st)
	for _, vp := range viewports {
		t.Run(vp.Name, func(t *testing.T) {
			b := newBrowser(t, base, vp)
			b.open("/")
			b.mustContain("成都市产品碳足迹公共服务平台", "Current factor set", "2026.1")
			if bg := evalIn[string](b, `getComputedStyle(document.querySelector("header.site")).backgroundColor`); bg != "rgb(30, 77, 43)" {
				t.Errorf("header background %q: the stylesheet did not apply", bg)
			}
			b.checkPage("home")
		})
	}
}
