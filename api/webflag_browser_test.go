package api_test

import (
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/chengdu-pcf/pcf/seed/cpcd"
)

// Ensure, in Chromium at desktop and phone widths, that a reader sees a
// CPCD factor's plausibility flag (marker in the search, section on the
// factor's page) and a curator reviews it on the published set's
// workbench page with a note; the factor's page then says a curator
// reviewed it. No console error, no sideways overflow.
func TestWebBrowser_ReviewFlag(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		mustLoadCPCDStack(t, st)
		b.open("/factors?" + url.Values{"q": {"01344X005"}, "set": {cpcd.SetVersion}}.Encode())
		b.mustContain(flaggedCPCD, "合理性提示", "not reviewed")
		b.checkPage("factors-flag")
		b.do(chromedp.Click(chromedp.CSS(`#factors a.flag`)), chromedp.WaitVisible(chromedp.CSS("#plausibility-flag")))
		b.mustContain("Plausibility flag", "556.1", "Not reviewed by a curator")
		b.checkPage("factor-flag")

		b.open("/work/factor-sets/" + cpcd.SetVersion)
		b.signIn(st.tokens[asAdmin], "#review-form")
		b.mustContain("合理性提示", "acknowledged by the loader only")
		b.checkPage("work-flags")
		b.do(
			chromedp.Click(chromedp.CSS(`#flag-`+flaggedCPCD)),
			chromedp.SendKeys(chromedp.CSS("#review-note"), "checked against CPCD"),
			chromedp.Click(chromedp.CSS("#review-submit")),
		)
		b.waitLocation("done=reviewed")
		b.mustContain("合理性提示已审核")

		b.open("/factors/" + flaggedCPCD + "?set=" + cpcd.SetVersion)
		b.mustContain("已由管理员审核", "checked against CPCD")
		b.checkPage("factor-flag-reviewed")
	})
}
