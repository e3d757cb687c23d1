package api_test

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/seed/cpcd"
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
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		st.srv.CertificateRenderer = fakeRenderer{}
		studyFile := filepath.Join(t.TempDir(), "pv-module.json")
		if err := os.WriteFile(studyFile, pvStudy(t, "GEC-WEB-BROWSER-"+strings.ToUpper(b.vp.Name)), 0o600); err != nil {
			t.Fatal(err)
		}

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
		b.open("/certificates/" + number) // the registry's page of it
		b.mustContain(number, "有效", "Valid", figure)

		// Regulator: the overview counts it; the audit trail has the issue.
		b.signIn(st.tokens[asReg], "#by-status")
		b.mustContain("监管概览", "有效 Valid", "HS:8541")
		b.checkPage("work-overview")
		b.open("/work/audit?action=certificate.issue")
		b.mustContain("certificate.issue", orgCertifier, "审计链头", "Head of the audit chain", "Head (seq:digest)")
		b.checkPage("work-audit")
		b.signOut()
	})
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

// Ensure the curator's workbench works in Chromium at both widths: start a
// draft, preview an import (one factor changed, one added), import it.
func TestWebBrowser_Curator(t *testing.T) {
	st := newSeededStack(t)
	base := startWebServer(t, st)
	st.srv.BaseURL = base
	rec := st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.1/export?format=csv"})
	lines := strings.SplitN(strings.TrimPrefix(rec.Body.String(), "\ufeff"), "\n", 4)
	file := filepath.Join(t.TempDir(), "edition.csv")
	// The second factor of the set again, under a new code: one added.
	head, row := lines[0], lines[2]
	code, _, _ := strings.Cut(row, ",")
	if err := os.WriteFile(file, []byte(head+"\n"+strings.Replace(row, code, "WEB-NEW-"+code, 1)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for i, vp := range viewports {
		t.Run(vp.Name, func(t *testing.T) {
			version := []string{"2026.7", "2026.8"}[i]
			b := newBrowser(t, base, vp)
			b.open("/sign-in")
			b.signIn(st.tokens[asAdmin], "#new-set")
			b.mustContain("因子集管理", "2026.1")
			b.checkPage("work-factorsets")
			b.do(chromedp.SetValue(chromedp.CSS("#version"), version), chromedp.SetValue(chromedp.CSS("#based_on"), "2026.1"),
				chromedp.SetValue(chromedp.CSS("#description"), "browser test edition"),
				chromedp.Click(chromedp.CSS("#create-submit")), chromedp.WaitVisible(chromedp.CSS("#import")))
			b.mustContain("草稿因子集已创建", version, "草稿 draft")
			b.checkPage("work-factorset-draft")
			b.do(chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{file}),
				chromedp.Click(chromedp.CSS("#preview-submit")), chromedp.WaitVisible(chromedp.CSS("#preview")))
			if added, changed := b.text("#preview-added"), b.text("#preview-changed"); added != "1" || changed != "0" {
				t.Errorf("preview: %s added, %s changed; want 1 and 0", added, changed)
			}
			b.mustContain("WEB-NEW-" + code)
			b.checkPage("work-import-preview")
			count := b.text("#set-count")
			b.do(chromedp.Click(chromedp.CSS("#import-submit")), chromedp.WaitVisible(chromedp.CSS("p.flash")))
			b.mustContain("因子已导入草稿")
			if after := b.text("#set-count"); after == count {
				t.Errorf("factor count %s unchanged by the import", after)
			}
			b.signOut()
		})
	}
}

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
		b.mustContain("已由因子管理员审核", "checked against CPCD")
		b.checkPage("factor-flag-reviewed")
	})
}
