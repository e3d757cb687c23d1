package api_test

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// Ensure the audit trail fits the screen at desktop and phone widths when
// its events name long unbroken values (a factor set's digest, IDs): the
// table ran 209 px past a 1280 px window, and the page scrolled sideways.
func TestWebBrowser_AuditTrailFits(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		publishEdition(t, st)
		st.seedFixture(t, "")
		b.open("/work/audit")
		b.signIn(st.tokens[asReg], "#events")
		b.mustContain("factor-set.publish", "certificate.issue")
		b.checkPage("work-audit-all")
	})
}

// Ensure a result table's labels fit their column when its rows are cards
// (a phone): the factor sets' "发布日期 Published" ran into the date beside
// it, the cell's no-wrap rule holding its label on one line too.
func TestWebBrowser_CardLabelsFit(t *testing.T) {
	st := newSeededStack(t)
	publishEdition(t, st)
	inBrowsers(t, st, "/factor-sets", func(t *testing.T, b *browser) {
		b.mustContain("2026.3")
		b.checkPage("factor-sets-cards")
	})
}

// Ensure Chromium takes the new-draft form's version pattern (an invalid
// pattern is ignored) and refuses a bad version before sending the form.
func TestWebBrowser_VersionPattern(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		b.open("/work/factor-sets")
		b.signIn(st.tokens[asCurator], "#new-set")
		for v, bad := range map[string]bool{"bad version!": true, "2026.5": false} {
			b.do(chromedp.SetValue(chromedp.CSS("#version"), v))
			if got := evalIn[bool](b, `document.querySelector("#version").validity.patternMismatch`); got != bad {
				t.Errorf("%q: pattern mismatch %v, want %v", v, got, bad)
			}
		}
		b.checkPage("work-factorsets-curator")
	})
}
