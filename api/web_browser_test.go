package api_test

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/seed/cpcd"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
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

// Ensure a refused factor search shows its error above the form, as
// filled in, at desktop and phone widths (TestWebFactors_RefusedSearchKeepsTheForm).
func TestWebBrowser_FactorSearchRefused(t *testing.T) {
	st := newSeededStack(t)
	inBrowsers(t, st, "/factors?q=%E9%93%9D&product_code=%E5%85%89%E4%BC%8F", func(t *testing.T, b *browser) {
		b.mustContain("请求有误", "Bad request", "[product_code]", "光伏")
		if got := evalIn[string](b, `document.querySelector("#f-q").value + " " + document.activeElement.tagName`); !strings.HasPrefix(got, "铝 ") {
			t.Errorf("%s: the search box holds %q, want 铝", b.vp.Name, got)
		}
		if got := evalIn[string](b, `getComputedStyle(document.querySelector("#f-pc")).borderTopColor`); got != "rgb(179, 38, 30)" {
			t.Errorf("%s: the refused product code's box is drawn in %s, not marked in red", b.vp.Name, got)
		}
		b.dropConsole("status of 400")
		b.checkPage("factors-refused")
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

// Ensure the audit trail fits the screen at desktop and phone widths when
// its events name long unbroken values (a factor set's digest, IDs): the
// table ran 209 px past a 1280 px window, and the page scrolled sideways.
// A long action's code (factor-set.acknowledge-flags, of the CPCD set's
// load), held on one line, ran 15 px past a 390 px phone's.
func TestWebBrowser_AuditTrailFits(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		mustLoadCPCDStack(t, st)
		publishEdition(t, st)
		st.seedFixture(t, "")
		b.open("/work/audit")
		b.signIn(st.tokens[asReg], "#events")
		b.mustContain("factor-set.publish", "certificate.issue", "factor-set.acknowledge-flags")
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

// Ensure the stage chart on a study's page is legible on a phone and at a
// desktop width: its text is drawn at 14 px or more (it was 11 px at
// 390 px: the SVG scales its 12-unit text to the width of the screen), and
// no stage name or figure runs past the picture's edge, where it would be
// cut.
func TestWebBrowser_StageChartLegible(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		id := st.submit(t, "GEC-CHART-"+b.vp.Name)
		b.open("/work/studies/" + id)
		b.signIn(st.tokens[asMaker], "svg.stage-chart")
		got := evalIn[struct {
			PX    float64  `json:"px"`
			Texts int      `json:"texts"`
			Cut   []string `json:"cut"`
		}](b, `(() => {
			const svg = document.querySelector("svg.stage-chart"), vb = svg.viewBox.baseVal, scale = svg.getBoundingClientRect().width / vb.width;
			const out = {px: Infinity, texts: 0, cut: []};
			for (const t of svg.querySelectorAll("text")) {
				out.texts++;
				out.px = Math.min(out.px, parseFloat(getComputedStyle(t).fontSize) * scale);
				const r = t.getBBox();
				if (r.x < -0.5 || r.x + r.width > vb.width + 0.5) out.cut.push(t.textContent + " spans " + Math.round(r.x) + "…" + Math.round(r.x + r.width) + " of " + vb.width);
			}
			return out;
		})()`)
		if got.Texts < 4 {
			t.Fatalf("%s: stage chart with %d texts", b.vp.Name, got.Texts)
		}
		if got.PX < 14 {
			t.Errorf("%s: the stage chart's text is drawn at %.1f px, want 14 px or more", b.vp.Name, got.PX)
		}
		for _, c := range got.Cut {
			t.Errorf("%s: stage chart text cut at the edge: %s", b.vp.Name, c)
		}
		b.checkPage("work-study-chart")
	})
}

// Ensure the review page of a study drawing the newer review warnings
// (webWalkStudy; its supplier's record then failing the signature check)
// fits both widths, and a line of the calculation trace leads to the
// warnings about it.
func TestWebBrowser_ReviewWarningsByLine(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		fx := st.seedFixture(t, "")
		sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: webWalkStudy(t, fx.number)}), 201)
		app := st.apply(t, sd.ID)
		st.failSignatureChecks(t, "walk other key")
		b.open("/work/applications/" + app)
		b.signIn(st.tokens[asCert], "#decide")
		b.mustContain("签名未通过验证", "Signature not verified", "CN-SH", "primaryDataShare", fx.number)
		b.checkPage("review-warnings")
		// A supplier row's labels ("认证的产品 Certifies", "Study lines
		// that take their figure from it") end in a colon: on their
		// line, not starting the next one.
		if stray := evalIn[[]string](b, `(() => {
			const out = [];
			for (const en of document.querySelectorAll("ul.suppliers span.en")) {
				const n = en.nextSibling;
				if (!n || n.nodeType !== 3 || !n.textContent.startsWith(":")) continue;
				const r = document.createRange(); r.setStart(n, 0); r.setEnd(n, 1);
				const rects = en.getClientRects(), last = rects[rects.length - 1];
				if (Math.abs(r.getBoundingClientRect().top - last.top) > 4) out.push(en.textContent);
			}
			return out;
		})()`); len(stray) > 0 {
			t.Errorf("%s: the colon after %q starts a line of its own", b.vp.Name, stray)
		}
		if !evalIn[bool](b, `!!document.querySelector('a.warnmark[href="#warn-bom-1"]') && !!document.querySelector("#warn-bom-1")`) {
			t.Fatalf("%s: the trace's line bom[1] does not link to the warnings about it", b.vp.Name)
		}
		b.do(chromedp.Click(chromedp.CSS(`a.warnmark[href="#warn-bom-1"]`)))
		if in := evalIn[bool](b, `(() => { const r = document.querySelector("#warn-bom-1").getBoundingClientRect(); return location.hash === "#warn-bom-1" && r.top >= 0 && r.top < innerHeight; })()`); !in {
			t.Errorf("%s: following the trace's mark of bom[1] does not show its warnings", b.vp.Name)
		}
		b.signOut()
		b.open("/work/studies/" + sd.ID)
		b.signIn(st.tokens[asMaker], "#study-id")
		if !evalIn[bool](b, `!!document.querySelector("#supplier-warnings")`) {
			t.Errorf("%s: the study page does not warn of its supplier certificate %s, whose record fails the signature check", b.vp.Name, fx.number)
		}
		b.checkPage("study-supplier-warnings")
	})
}

// Ensure the public verification page says each status in both languages
// in a box a phone shows whole on its first screen.
func TestWebBrowser_VerifyStatuses(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		fx := st.seedFixture(t, "")
		// Flagged: a buyer's certificate on fx's, which is then withdrawn.
		buyer := st.issueBuyer(t, asMaker, "GEC-WALK-B", fx.number)
		st.setStatus(t, fx.cert, "withdraw", "falsified electricity data")
		susp := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-WALK-S")), "")), 201)
		st.setStatus(t, susp.CertificateID, "suspend", "audit pending")
		old := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-WALK-O")), "")), 201)
		sameModel := func(doc map[string]any) { doc["product"].(map[string]any)["model"] = demoModel("GEC-WALK-O") }
		st.supersede(t, st.submitPV(t, "GEC-WALK-N", 1, sameModel), old.CertificateID, "")
		check := func(name, id string, want ...string) {
			t.Helper()
			b.open("/v1/certificates/" + id + "/verify")
			b.mustContain(want...)
			if !evalIn[bool](b, `document.querySelector("#status").getBoundingClientRect().bottom <= innerHeight`) {
				t.Errorf("%s %s: the status box runs past the first screen", b.vp.Name, name)
			}
			b.checkPage("verify-" + name)
		}
		check("valid", old.CertificateID, "已被替代", "Superseded")
		check("flagged", buyer.CertificateID, "有效(供应链待复核)", "Valid (flagged upstream)", "供应链提示", "Supply-chain alert")
		check("withdrawn", fx.cert, "撤销", "Withdrawn", "falsified electricity data")
		check("suspended", susp.CertificateID, "暂停", "Suspended", "audit pending")
		st.failSignatureChecks(t, "walk other key")
		check("signature", susp.CertificateID, "签名未通过验证", "Signature not verified", "不在所给的公钥之中", "not among the", "记录所载,不可依赖")
	})
}

// Ensure the manufacturer's upload refused for the site's region names the
// field and the region, bilingual, at both widths.
func TestWebBrowser_SiteRegionRefusals(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		mustLoadCPCDStack(t, st)
		b.open("/work/studies")
		b.signIn(st.tokens[asMaker], "#upload")
		b.mustContain("product.site_region", "CN-SC")
		b.checkPage("studies-upload")
		for _, tc := range []struct {
			name string
			edit func(doc map[string]any)
			want []string
		}{
			{"grid-region", func(doc map[string]any) { doc["product"].(map[string]any)["site_region"] = "CN-SW" },
				[]string{"[product.site_region]", "CN-SW", "ISO 3166-2:CN", "省级行政区"}},
			{"other-province", func(doc map[string]any) {
				seedtest.PinToCPCDYunnan(doc)
				e := doc["electricity"].([]any)[0].(map[string]any)
				e["geography"], e["factor"] = "CN-SC", "CPCD-17100H1682020A"
			}, []string{"[electricity[0].geography]", "CN-YN", "CN-SC", "生产场地"}},
		} {
			doc := mustDoc(t, pvStudy(t, "GEC-WALK-R"))
			tc.edit(doc)
			file := filepath.Join(t.TempDir(), "study.json")
			if err := os.WriteFile(file, seedtest.MustMarshal(t, doc), 0o600); err != nil {
				t.Fatal(err)
			}
			b.open("/work/studies")
			b.do(chromedp.SetUploadFiles(chromedp.CSS("#document"), []string{file}), chromedp.Click(chromedp.CSS("#upload-submit")))
			b.waitUntil(`document.readyState === "complete" && !document.querySelector("#upload")`, tc.name+": the upload's answer")
			b.mustContain(append(tc.want, "请求有误", "Bad request")...)
			b.dropConsole("400")
			b.checkPage("upload-refused-" + tc.name)
		}
	})
}

// Ensure the regulator's overview and flagged certificates, and a factor's
// page, fit both widths.
func TestWebBrowser_RegulatorFlagged(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		fx := st.seedFixture(t, "")
		buyer := st.issueBuyer(t, asMaker, "GEC-WALK-B", fx.number)
		st.setStatus(t, fx.cert, "withdraw", "falsified electricity data")
		b.open("/work/overview")
		b.signIn(st.tokens[asReg], "#by-status")
		b.mustContain(buyer.Number, fx.number, "待复核的证书", "Certificates flagged for review")
		b.checkPage("regulator-overview")
		b.open("/work/certificates?status=valid&flagged=true")
		b.mustContain(buyer.Number, "Valid (flagged upstream)")
		// The filter's box's word, 待复核, on one line: on a phone its
		// English beside it squeezed it into a column one character wide.
		if lines := evalIn[int](b, `(() => { const l = document.querySelector("label[for=f-flagged]"), w = document.createTreeWalker(l, NodeFilter.SHOW_TEXT);
			for (let n; (n = w.nextNode());) { const i = n.textContent.indexOf("待复核"); if (i < 0) continue;
				const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 3); return new Set([...r.getClientRects()].map(c => Math.round(c.top))).size; }
			return 0; })()`); lines != 1 {
			t.Errorf("%s: the flagged filter's 待复核 runs over %d lines", b.vp.Name, lines)
		}
		b.checkPage("regulator-flagged")
		b.open("/factors/ELEC-CN-SC-CO2-2023")
		b.mustContain("四川省电力平均二氧化碳排放因子", "CO2 only")
		b.checkPage("regulator-factor")
	})
}

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

// Ensure the verification page of a certificate that is not valid says so
// wherever a link makes it open (red team 58). A forger's label prints a
// QR code to the genuine service's page of a withdrawn certificate with a
// fragment: "…/verify#expires" (the row 有效期至 Valid until), or a text
// fragment "#:~:text=Valid%20until". The browser (WeChat's and a phone's
// Chromium, Safari, Firefox) opens it scrolled to that row: the reader
// saw "有效期至 Valid until 2028-…" and "数字签名 Digital signature 已验证
// Verified" on the genuine host, and the red 撤销 Withdrawn box and "not
// valid" beside the figure were above the screen. The status box's
// heading stays on the screen whatever the page is scrolled to.
func TestRedteam58_FragmentScrollsTheStatusAway(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/withdraw", as: asCert,
		contentType: "application/json", body: []byte(`{"reasons":["data falsified"]}`)}), 200)
	base := startWebServer(t, st)
	for _, vp := range viewports {
		t.Run(vp.Name, func(t *testing.T) {
			b := newBrowser(t, base, vp)
			for _, frag := range []string{"#expires", "#certifier", "#:~:text=Valid%20until"} {
				for _, path := range []string{"/v1/certificates/" + fx.cert + "/verify", "/certificates/" + fx.number} {
					b.open(path + frag)
					b.mustContain("撤销 · Withdrawn")
					got := evalIn[string](b, `(() => { const s = document.querySelector("#status-bar"), r = s ? s.getBoundingClientRect() : {};
						return [scrollY > 0, !!s && r.top >= 0 && r.top < innerHeight && r.height > 0 && r.bottom <= innerHeight,
							s ? s.dataset.status + " " + s.innerText : "none"].join(" ") })()`)
					if want := "true true withdrawn 撤销 · Withdrawn"; got != want {
						t.Errorf("%s%s: scrolled, status bar on the screen, status: %q; want %q", path, frag, got, want)
					}
				}
			}
		})
	}
}
