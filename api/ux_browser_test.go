package api_test

import (
	"testing"
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
