package api_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Ensure a certifier sees that the factors a study's figure rests on were
// lowered by its set, and when one key made both curators' keys (red team
// 46). The operator minted two curator keys (two organisations); with the
// first it lowered PV-CELL-MONO182 (1.59 → 0.159 kgCO2e/piece) and
// ELEC-CN-NAT-CF-2024 (0.5777 → 0.0577 kgCO2e/kWh) in set 2026.2 based on
// 2026.1, with the second it reviewed the change flags (four eyes counts
// the two keys as two curators), and published. The demo module pinned to
// 2026.2 came to the certifier at 77.7 kgCO2e instead of 157.3 with a
// review that named nothing of it. Now the review warns at each line's
// factor field (code factor_lowered_in_set), with both values, the
// author's key, the reviewer and note, and the admin's key that made both.
func TestRedteam46_LoweredFactorNamedInTheReview(t *testing.T) {
	st := newSeededStack(t)
	app, adminKey, authorKey := st.lowerWithTwoMintedCurators(t)
	v := st.review(t, app)
	want := map[string]string{
		"PV-CELL-MONO182":     "lowered in set 2026.2 from 1.59 kgCO2e/piece in set 2026.1 to 0.159 kgCO2e/piece (90.0 % lower)",
		"ELEC-CN-NAT-CF-2024": "lowered in set 2026.2 from 0.5777 kgCO2e/kWh in set 2026.1 to 0.0577 kgCO2e/kWh (90.0 % lower)",
	}
	for _, w := range v.Review.Warnings {
		for code, words := range want {
			if w.Code != "factor_lowered_in_set" || !strings.Contains(w.Message, "Factor "+code+" ") {
				continue
			}
			delete(want, code)
			for _, s := range []string{words, "made by API key " + authorKey, "reviewed by Curation Office B", "checked against the 2026 grid report",
				"both made with API key " + adminKey} {
				if !strings.Contains(w.Message, s) {
					t.Errorf("warning on %s: %q does not say %q", code, w.Message, s)
				}
			}
			for _, s := range []string{"研究所用因子 " + code + " ", "变更者:API key " + authorKey, "Curation Office B", "checked against the 2026 grid report", "由 API 密钥 " + adminKey + " 创建"} {
				if !strings.Contains(w.MessageZH, s) {
					t.Errorf("warning on %s: Chinese %q does not say %q", code, w.MessageZH, s)
				}
			}
			if code == "PV-CELL-MONO182" && !strings.HasPrefix(w.Path, "bom[") {
				t.Errorf("warning on %s at %q, want the line's field", code, w.Path)
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("the review names no lowering of %v: %+v", want, v.Review.Warnings)
	}
}

// lowerWithTwoMintedCurators is red team 46's operator: it mints two
// curator keys with the admin's key, lowers PV-CELL-MONO182 and
// ELEC-CN-NAT-CF-2024 tenfold in set 2026.2 based on 2026.1 with the
// first, reviews the change flags with the second and publishes; the
// manufacturer applies for the demo module pinned to 2026.2. It returns
// the application and the admin's and the author's key IDs.
func (st *stack) lowerWithTwoMintedCurators(t *testing.T) (app, adminKey, authorKey string) {
	t.Helper()
	adminKey = strings.Split(st.tokens[asAdmin], "_")[1]
	for as, org := range map[string]string{"curA": "Curation Office A", "curB": "Curation Office B"} {
		st.tokens[as] = MustData[struct {
			Token string `json:"token"`
		}](t, st.do(t, request{method: "POST", target: "/v1/admin/keys", as: asAdmin, contentType: "application/json",
			body: []byte(`{"org":"` + org + `","role":"curator"}`)}), 201).Token
	}
	authorKey = strings.Split(st.tokens["curA"], "_")[1]
	var rogue strings.Builder
	for i, l := range strings.Split(strings.TrimRight(seedExport(t, st), "\n"), "\n") {
		switch {
		case i == 0:
			rogue.WriteString(l + "\n")
		case strings.HasPrefix(l, "PV-CELL-MONO182,"):
			rogue.WriteString(strings.Replace(l, ",1.59,kgCO2e/piece,", ",0.159,kgCO2e/piece,", 1) + "\n")
		case strings.HasPrefix(l, "ELEC-CN-NAT-CF-2024,"):
			rogue.WriteString(strings.Replace(l, ",0.5777,kgCO2e/kWh,", ",0.0577,kgCO2e/kWh,", 1) + "\n")
		}
	}
	st.mustDo(t,
		request{method: "POST", target: "/v1/factor-sets", as: "curA", contentType: "application/json", body: []byte(`{"version":"2026.2","based_on":"2026.1"}`)},
		request{method: "POST", target: "/v1/factor-sets/2026.2/import", as: "curA", contentType: "text/csv", body: []byte(rogue.String())},
	)
	st.mustDo(t,
		request{method: "POST", target: "/v1/factor-sets/2026.2/flags/acknowledge", as: "curB", contentType: "application/json",
			body: st.reviewBody(t, "2026.2", "checked against the 2026 grid report", false, "ELEC-CN-NAT-CF-2024", "PV-CELL-MONO182")},
		request{method: "POST", target: "/v1/factor-sets/2026.2/publish", as: "curA"},
	)
	study := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: pinnedStudy(t, "GEC-RT46-2", "2026.2")}), 201)
	return st.apply(t, study.ID), adminKey, authorKey
}

// Ensure the certifier's workbench shows red team 46's two findings in
// Chromium at both widths: the review page of an application on a set
// whose curators' keys one admin key made names the lowered factors and
// that key; a certifier key the admin made for the body is refused at
// sign-in with the bilingual words of key_awaits_organisation.
func TestRedteam46_WebBrowser(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		app, adminKey, _ := st.lowerWithTwoMintedCurators(t)
		b.signIn(st.tokens[asCert], "#applications")
		b.open("/work/applications/" + app)
		b.mustContain("lowered in set 2026.2 from 1.59 kgCO2e/piece", "降为 0.159 kgCO2e/piece", "both made with API key "+adminKey)
		b.checkPage("redteam46-review-lowered")
		b.signOut()

		minted := MustData[struct {
			Token string `json:"token"`
		}](t, st.do(t, request{method: "POST", target: "/v1/admin/keys", as: asAdmin, contentType: "application/json",
			body: []byte(`{"org":"` + orgCertifier + `"}`)}), 201).Token
		b.open("/sign-in")
		b.do(chromedp.SetValue(chromedp.CSS("#api_key"), minted), chromedp.Click(chromedp.CSS("#signin-submit")), chromedp.WaitVisible(chromedp.CSS("p.msg.error")))
		b.dropConsole("status of 401")
		b.mustContain("须由贵机构的一把现有密钥确认", "one of your organisation's keys must confirm it")
		b.checkPage("redteam46-signin-key-awaits")
	})
}
