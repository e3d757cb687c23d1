package api_test

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// Ensure the home page loads in Chromium at desktop and phone widths with
// its stylesheet (a blocked or missing one is a console error), without
// overflowing a phone's width, and that its factor search box leads to
// the factor search.
func TestWebBrowser_Home(t *testing.T) {
	st := newSeededStack(t)
	inBrowsers(t, st, "/", func(t *testing.T, b *browser) {
		b.mustContain("成都市产品碳足迹公共服务平台", "Current factor set", "2026.1")
		if bg := evalIn[string](b, `getComputedStyle(document.querySelector("header.site")).backgroundColor`); bg != "rgb(30, 77, 43)" {
			t.Errorf("header background %q: the stylesheet did not apply", bg)
		}
		b.checkPage("home")
	})
}

// Ensure a person can search the factor database in Chromium at desktop
// and phone widths: a search from the home page's box, a filter on the
// search page, a factor's detail page, the set list and a diff, each
// without console errors and without overflowing a phone's width.
func TestWebBrowser_FactorSearch(t *testing.T) {
	st := newSeededStack(t)
	publishEdition(t, st)
	inBrowsers(t, st, "/", func(t *testing.T, b *browser) {
		b.do(
			chromedp.SendKeys(chromedp.CSS("#home-factor-q"), "aluminium"),
			chromedp.Click(chromedp.CSS(`form[action="/factors"] button`)),
			chromedp.WaitVisible(chromedp.CSS("#factors")),
		)
		if loc := b.location(); loc != "/factors?q=aluminium" {
			t.Fatalf("search went to %s", loc)
		}
		b.mustContain("PV-AL-PRIMARY-ELEC", "PV-AL-RECYCLED", "电解铝")
		b.checkPage("factors-search")

		// Narrow by Chinese text and category in the search form.
		b.do(
			chromedp.SetValue(chromedp.CSS("#f-q"), "电解铝"),
			chromedp.SetValue(chromedp.CSS("#f-cat"), "material"),
			chromedp.Click(chromedp.CSS(`#factor-search button[type=submit]`)),
		)
		b.waitLocation("category=material")
		if n := evalIn[int](b, `document.querySelectorAll("#factors tbody tr").length`); n != 1 {
			t.Errorf("电解铝 in materials: %d rows, want 1", n)
		}
		b.do(
			chromedp.Click(chromedp.CSS(`#factors a[href^="/factors/PV-AL-PRIMARY-ELEC?"]`)),
			chromedp.WaitVisible(chromedp.CSS("#factor-value")),
		)
		b.mustContain("20.3", "kgCO2e/kg", "CPCD 41431X0102018C", "History across factor sets")
		b.checkPage("factor")

		b.open("/factors/ELEC-CN-NAT-CF-2024")
		b.mustContain("0.5777", "Grid consumption mix")
		b.checkPage("factor-electricity")

		b.open("/factors")
		b.mustContain("下一页 Next page")
		b.checkPage("factors")

		b.open("/factor-sets")
		b.mustContain("2026.3", "test edition")
		b.checkPage("factor-sets")

		b.open("/factor-sets/diff?from=2026.2&to=2026.3")
		b.mustContain("PV-AL-PRIMARY-ELEC-2", "状态 status 有效 Active → 已弃用 Deprecated")
		b.checkPage("factor-diff")
	})
}

// Ensure the error page is laid out like the others (its own 404 is the
// one console message allowed).
func TestWebBrowser_ErrorPage(t *testing.T) {
	st := newStack(t, nil)
	inBrowsers(t, st, "/no/such/page", func(t *testing.T, b *browser) {
		b.mustContain("页面不存在", "Page not found (404)")
		b.dropConsole("status of 404")
		b.checkPage("error-404")
	})
}

// Ensure a person can look a certificate up in Chromium at desktop and
// phone widths: its number typed into the home page's box leads to its
// verification page with the live status; the registry lists it and
// filters by status.
func TestWebBrowser_CertificateLookup(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	inBrowsers(t, st, "/", func(t *testing.T, b *browser) {
		b.do(
			chromedp.SendKeys(chromedp.CSS("#home-cert-q"), fx.number),
			chromedp.Click(chromedp.CSS(`form[action="/certificates"] button`)),
			chromedp.WaitVisible(chromedp.CSS("#status")),
		)
		if loc := b.location(); loc != "/certificates/"+fx.number {
			t.Fatalf("lookup went to %s", loc)
		}
		if got := evalIn[string](b, `document.querySelector("#status").dataset.status`); got != "valid" {
			t.Errorf("status %q", got)
		}
		b.mustContain("有效 · Valid", fx.number, "已验证 Verified")
		b.checkPage("certificate")

		b.open("/certificates")
		b.mustContain(fx.number, "示例组件厂", "kgCO2e/块组件")
		b.checkPage("certificates")
		b.do(
			chromedp.SetValue(chromedp.CSS("#c-status"), "withdrawn"),
			chromedp.Click(chromedp.CSS(`#certificate-search button[type=submit]`)),
		)
		b.waitLocation("status=withdrawn")
		b.mustContain("No certificate matches this search")
		b.checkPage("certificates-none")
		b.open("/certificates/CDPCF-2026-999999")
		b.mustContain("未找到该编号的证书")
		b.dropConsole("status of 404")
		b.checkPage("certificate-unknown")
	})
}
