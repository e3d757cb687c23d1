package api_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chromedp/chromedp"
)

// Ensure a certification body's register shows on its keys page and its
// issue form offers the registered signatories in Chromium at desktop and
// phone widths (web45): the section and the choice fit the screen, and a
// name picked from the choice issues the certificate; a body
// without a register is told it has none.
func TestWebBrowser_Web45Register(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		st.srv.CertificateRenderer = fakeRenderer{}
		fx := st.seedFixture(t, "")
		MustData[access.Organization](t, st.do(t, registerReq(orgCertifier, `{"signatories":["Wang Li","欧阳文华","Alexandra Montgomery-Whitfield"],"scope":["pv-module","display"]}`)), 200)
		b.open("/work/keys")
		b.signIn(st.tokens[asCert], "#register")
		b.mustContain("授权签字人与批准范围", "Authorised signatories and approval scope", "欧阳文华", "Alexandra Montgomery-Whitfield", "pv-module", "display", "as filed with CNCA")
		b.checkPage("web45-keys-register")

		b.open("/work/applications/" + fx.app)
		b.do(chromedp.WaitVisible(chromedp.CSS("select#signatory")))
		if n := evalIn[int](b, `document.querySelectorAll("select#signatory option[value]:not([value=''])").length`); n != 3 {
			t.Errorf("the issue form offers %d signatories, want the register's 3", n)
		}
		b.checkPage("web45-issue-form")
		b.do(chromedp.SetValue(chromedp.CSS("#signatory"), "欧阳文华"),
			chromedp.Click(chromedp.CSS("#issue-submit")), chromedp.WaitVisible(chromedp.CSS("#cert-number")))
		b.mustContain("证书已签发", "The certificate was issued.")
		b.signOut()

		// A body without a register is told so.
		b.signIn(st.tokens[asCert2], "#applications")
		b.open("/work/keys")
		b.mustContain("No authorised signatories are registered")
		b.checkPage("web45-keys-none")
	})
}
