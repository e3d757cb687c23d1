package api_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Ensure the whole certification runs through the pages in Chromium, at
// desktop and phone widths, without a console error: a manufacturer signs
// in with a key made in the test, uploads the demo PV study, sees its
// result and applies; a certifier signs in, finds the application in its
// queue, reviews it and issues the certificate; the public verification
// page of the new certificate shows it valid with the certified footprint.
// A regulator's overview and audit trail then show it.
func TestWebBrowser_CertificationFlow(t *testing.T) {
	for _, vp := range viewports {
		t.Run(vp.Name, func(t *testing.T) {
			_, fs := MustOpenSeededFactors(t)
			st := newStack(t, fs)
			st.srv.CertificateRenderer = fakeRenderer{}
			base := startWebServer(t, st)
			// Verification links lead to this server; plain HTTP, so the
			// session cookie is not Secure (and the browser keeps it).
			st.srv.BaseURL = base
			studyFile := filepath.Join(t.TempDir(), "pv-module.json")
			if err := os.WriteFile(studyFile, pvStudy(t, "GEC-WEB-BROWSER-"+strings.ToUpper(vp.Name)), 0o600); err != nil {
				t.Fatal(err)
			}
			b := newBrowser(t, base, vp)

			// Manufacturer: sign in (asked to, on opening a workbench page).
			b.open("/work/studies")
			if loc := b.location(); loc != "/sign-in?next=%2Fwork%2Fstudies" {
				t.Fatalf("not signed in, /work/studies went to %q", loc)
			}
			b.mustContain("登录工作台", "Sign in to your workbench")
			b.checkPage("work-signin")
			b.signIn(st.tokens[asMaker], "#upload")
			b.mustContain(orgMaker, "上传研究", "Upload a study")
			b.checkPage("work-studies-empty")

			// Upload the demo study; the result page.
			b.do(chromedp.SetUploadFiles(chromedp.CSS("#document"), []string{studyFile}),
				chromedp.Click(chromedp.CSS("#upload-submit")), chromedp.WaitVisible(chromedp.CSS("#study-id")))
			b.mustContain("研究已计算并保存", "各阶段排放", "Contribution tree", "Factors used", "Monte Carlo", "kgCO2e")
			if n := evalIn[int](b, `document.querySelectorAll("svg.stage-chart g.stage").length`); n < 2 {
				t.Errorf("stage chart has %d stages", n)
			}
			total := b.text("#total")
			b.checkPage("work-study")

			// Apply to the certifier.
			b.do(chromedp.SetValue(chromedp.CSS("#certifier"), orgCertifier),
				chromedp.Click(chromedp.CSS("#apply-submit")), chromedp.WaitVisible(chromedp.CSS("#app-id")))
			b.mustContain("认证申请已提交", "待审核", "pending", orgCertifier)
			b.checkPage("work-application-manufacturer")
			b.open("/work/applications")
			b.checkPage("work-applications-manufacturer")
			b.signOut()

			// Certifier: the queue, the review, the issue.
			b.signIn(st.tokens[asCert], "#applications")
			b.mustContain("申请队列", "Application queue", orgMaker)
			b.checkPage("work-queue")
			b.do(chromedp.Click(chromedp.CSS("#applications tbody a")), chromedp.WaitVisible(chromedp.CSS("#decide")))
			b.mustContain("审核要点", "Supplier certificates", "Calculation trace", "Warnings", total)
			b.checkPage("work-review")
			b.do(chromedp.SetValue(chromedp.CSS("#signatory"), "Zhang Wei"),
				chromedp.Click(chromedp.CSS("#issue-submit")), chromedp.WaitVisible(chromedp.CSS("#cert-number")))
			b.mustContain("证书已签发", "有效", "Valid")
			number, figure := b.text("#cert-number"), b.text("#cert-footprint")
			if !strings.HasPrefix(number, "CDPCF-") || figure == "" {
				t.Fatalf("certificate %q with footprint %q", number, figure)
			}
			b.checkPage("work-certificate-certifier")
			verify := evalIn[string](b, `document.querySelector("#verify-link").getAttribute("href")`)
			b.open("/work/certificates")
			b.mustContain(number)
			b.checkPage("work-certificates-certifier")
			b.signOut()

			// Anyone: the public verification page.
			b.open(verify)
			b.mustContain(number, "有效", "Valid", figure)
			b.checkPage("work-verify")

			// Regulator: the overview counts it; the audit trail has the issue.
			b.signIn(st.tokens[asReg], "#by-status")
			b.mustContain("监管概览", "valid", "HS:8541")
			b.checkPage("work-overview")
			b.open("/work/audit?action=certificate.issue")
			b.mustContain("certificate.issue", orgCertifier)
			b.checkPage("work-audit")
			b.signOut()
		})
	}
}

// signIn signs in through the form of /sign-in with an API key and waits
// for an element of the role's workbench.
func (b *browser) signIn(key, landing string) {
	b.t.Helper()
	if !strings.HasPrefix(b.location(), "/sign-in") {
		b.open("/sign-in")
	}
	b.do(chromedp.SetValue(chromedp.CSS("#api_key"), key),
		chromedp.Click(chromedp.CSS("#signin-submit")), chromedp.WaitVisible(chromedp.CSS(landing)))
}

// signOut signs out with the workbench's button.
func (b *browser) signOut() {
	b.t.Helper()
	if !strings.HasPrefix(b.location(), "/work") {
		b.open("/work")
	}
	b.do(chromedp.Click(chromedp.CSS("form.signout button")), chromedp.WaitVisible(chromedp.CSS("#signin")))
	b.mustContain("登录工作台")
}
