package api_test

// A walk through the pages as each of their users, at desktop and phone
// widths: the certifier's review of a study drawing the newer review
// warnings, the public verification page in each status, the
// manufacturer's upload refused for the site's region, the regulator's
// flagged certificates and a factor's page.

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
	"github.com/chromedp/chromedp"
)

// Ensure the review page of a study drawing the newer review warnings
// (webWalkStudy; its supplier's record then failing the signature check)
// fits both widths, and a line of the calculation trace leads to the
// warnings about it.
func TestWebBrowser_ReviewWarningsByLine(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		fx := st.seedFixture(t, "")
		sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: webWalkStudy(t, fx.number)}), 201)
		app := st.apply(t, sd.ID)
		st.srv.KeyService = otherKeys{st.srv.KeyService, footprinttest.Key(t, "walk other key", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)).PublicKey()}
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
		buyerID := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: buyerStudy(t, "GEC-WALK-B", fx.number)}), 201).ID
		buyer := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, buyerID), "")), 201)
		st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/withdraw", as: asCert, contentType: "application/json", body: []byte(`{"reasons":["falsified electricity data"]}`)})
		susp := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-WALK-S")), "")), 201)
		st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + susp.CertificateID + "/suspend", as: asCert, contentType: "application/json", body: []byte(`{"reasons":["audit pending"]}`)})
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
		st.srv.KeyService = otherKeys{st.srv.KeyService, footprinttest.Key(t, "walk other key", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)).PublicKey()}
		check("signature", susp.CertificateID, "签名未通过验证", "Signature not verified", "核验的技术细节(英文)", "记录所载,不可依赖")
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
			for deadline := time.Now().Add(30 * time.Second); !evalIn[bool](b, `document.readyState === "complete" && !document.querySelector("#upload")`); {
				if time.Now().After(deadline) {
					t.Fatalf("%s %s: the upload's answer never came", b.vp.Name, tc.name)
				}
				time.Sleep(50 * time.Millisecond)
			}
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
		buyerID := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: buyerStudy(t, "GEC-WALK-B", fx.number)}), 201).ID
		buyer := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, buyerID), "")), 201)
		st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/withdraw", as: asCert, contentType: "application/json", body: []byte(`{"reasons":["falsified electricity data"]}`)})
		b.open("/work/overview")
		b.signIn(st.tokens[asReg], "#by-status")
		b.mustContain(buyer.Number, fx.number, "待复核的证书", "Certificates flagged for review")
		b.checkPage("regulator-overview")
		b.open("/work/certificates?status=valid&flagged=true")
		b.mustContain(buyer.Number, "Valid (flagged upstream)")
		b.checkPage("regulator-flagged")
		b.open("/factors/ELEC-CN-SC-CO2-2023")
		b.mustContain("四川省电力平均二氧化碳排放因子", "CO2 only")
		b.checkPage("regulator-factor")
	})
}
