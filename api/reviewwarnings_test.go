// Tests of the warnings of the certifier's review: their wording in both
// languages, their place on the page, and what each names.

package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/token"
	"html"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
	"github.com/chromedp/chromedp"
	"github.com/google/uuid"
)

// pageText is s as html/template writes it in a page's text.
var pageText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "'", "&#39;", `"`, "&#34;", "+", "&#43;")

// Ensure the certifier reads every warning of the review in Chinese and in
// English: the engine's (message_zh beside message in GET
// /v1/applications/{id}, as the result stores them) and the review's own
// (the reference period older than a certificate's validity), and the
// workbench page shows each Chinese first, its English beneath.
func TestReview_WarningsInChineseAndEnglish(t *testing.T) {
	st := newSeededStack(t)
	// An instrument whose period starts a month before the reference
	// period: an engine warning (only the share inside counts).
	b := bytes.Replace(pvStudy(t, "GEC-WARNZH-1"), []byte(`"period": {"start": "2025-01-01"`), []byte(`"period": {"start": "2024-12-01"`), 1)
	_, app := st.applyAsOther(t, b)
	// In 2028 the data (2025) are older than a certificate's validity.
	st.clock.t.Store(time.Date(2028, 1, 2, 8, 0, 0, 0, time.UTC).UnixNano())

	han := func(s string) bool {
		return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
	}
	var engine, own *reviewWarning
	v := st.review(t, app)
	for i, w := range v.Review.Warnings {
		switch {
		case strings.HasPrefix(w.Message, "instrument "):
			engine = &v.Review.Warnings[i]
		case w.Path == "reference_period":
			own = &v.Review.Warnings[i]
		}
	}
	if engine == nil || own == nil {
		t.Fatalf("review warnings %+v: want the instrument's and the reference period's", v.Review.Warnings)
	}
	for _, tt := range []struct {
		w      *reviewWarning
		zh, en string
	}{
		{engine, "绿电凭证 ", "31 of the 396 days of its period"},
		{own, "数据期间 ", "more than a certificate's validity under rule pv-module ago (2 years)"},
	} {
		if !strings.HasPrefix(tt.w.MessageZH, tt.zh) || !strings.Contains(tt.w.Message, tt.en) || han(tt.w.Message) {
			t.Errorf("warning at %s: message_zh %q, message %q: want Chinese starting %q, and English only with %q", tt.w.Path, tt.w.MessageZH, tt.w.Message, tt.zh, tt.en)
		}
		if !strings.Contains(tt.w.MessageZH, "2025") {
			t.Errorf("warning at %s: the Chinese %q does not give the year its English gives", tt.w.Path, tt.w.MessageZH)
		}
	}
	// Every warning of the result has its Chinese in the review.
	for _, w := range v.Review.Warnings {
		if !han(w.MessageZH) && !han(w.Message) {
			t.Errorf("warning at %s has no Chinese: %q", w.Path, w.Message)
		}
	}

	page := st.signedIn(t, asCert).get("/work/applications/" + app)
	mustWorkPage(t, page, 200,
		pageText.Replace(engine.MessageZH)+`<span class="en" lang="en">`+pageText.Replace(engine.Message)+`</span>`,
		pageText.Replace(own.MessageZH)+`<span class="en" lang="en">`+pageText.Replace(own.Message)+`</span>`)
}

// hasHan reports whether s holds a Han character.
func hasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}

// quotedOrBracketed are the parts of an English message that quote data
// ("R36", (示例组件厂)): a name may be Chinese in an English message (the
// engine's give a part's Chinese name in brackets after its English).
var quotedOrBracketed = regexp.MustCompile(`"[^"]*"|\([^()]*\)`)

// checkWire fails tb unless every warning of the review gives its English
// in message, with no Chinese in it outside the data it quotes or names in
// brackets, and its Chinese in message_zh: every test reading a review
// through MustData checks it, so the scenarios of each kind of warning the
// review tests build check it too.
func (v appReview) checkWire(tb testing.TB) {
	tb.Helper()
	if v.Review == nil {
		return
	}
	for _, w := range v.Review.Warnings {
		en := w.Message
		for prev := ""; prev != en; { // brackets in brackets: (电池片(或其硅片))
			prev, en = en, quotedOrBracketed.ReplaceAllString(en, "")
		}
		if !hasHan(w.MessageZH) || hasHan(en) || strings.TrimSpace(w.Message) == "" {
			tb.Errorf("review warning at %s (code %q): message_zh %q, message %q: want its Chinese in message_zh and its English only in message", w.Path, w.Code, w.MessageZH, w.Message)
		}
	}
}

// Ensure the certifier's review page in Chromium, at both widths, shows
// each warning, the review's own as the engine's, in Chinese with its
// English beneath (span.en, a block of its own): red team 46's lowered
// factors (a long warning, with the key that made both curators' keys)
// and data older than a certificate's validity, beside the result's.
func TestReview_WarningsSplitInBrowser(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		app, _, _ := st.lowerWithTwoMintedCurators(t)
		st.clock.t.Store(time.Date(2028, 1, 2, 8, 0, 0, 0, time.UTC).UnixNano())
		b.signIn(st.tokens[asCert], "#applications")
		b.open("/work/applications/" + app)
		type item struct{ ZH, EN string }
		items := evalIn[[]item](b, `[...document.querySelectorAll("ul.warnings li")].map(li => {
			const c = li.cloneNode(true), en = c.querySelector(".en");
			for (const x of c.querySelectorAll(".mono, .en")) x.remove();
			return {ZH: c.textContent.trim(), EN: en ? en.textContent : ""};
		})`)
		own := 0
		for _, it := range items {
			if !hasHan(it.ZH) || it.EN == "" || hasHan(it.EN) {
				t.Errorf("%s: warning %q / %q: want its Chinese, then its English alone beneath", b.vp.Name, it.ZH, it.EN)
			}
			if strings.HasPrefix(it.EN, "Factor ") || strings.HasPrefix(it.EN, "the reference period ") {
				own++
			}
		}
		if own < 3 {
			t.Errorf("%s: %d of the review's own warnings on the page, want the two lowered factors and the reference period: %+v", b.vp.Name, own, items)
		}
		b.checkPage("reviewzh-warnings")
	})
}

// formatLiterals are the string literals of a message expression: its
// literals and fmt.Sprintf formats, and those of the variables it names
// (vars: what each variable of the function was assigned).
func formatLiterals(e ast.Expr, vars map[string][]ast.Expr) []string {
	switch x := e.(type) {
	case *ast.BasicLit:
		if s, err := strconv.Unquote(x.Value); err == nil {
			return []string{s}
		}
	case *ast.BinaryExpr:
		return append(formatLiterals(x.X, vars), formatLiterals(x.Y, vars)...)
	case *ast.ParenExpr:
		return formatLiterals(x.X, vars)
	case *ast.CallExpr:
		if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Sprintf" && len(x.Args) > 0 {
			return formatLiterals(x.Args[0], vars)
		}
	case *ast.Ident:
		var out []string
		for _, v := range vars[x.Name] {
			out = append(out, formatLiterals(v, nil)...)
		}
		return out
	}
	return nil
}

func TestReviewWarnings_SourceGivesChineseApart(t *testing.T) {
	// Ensure every review warning the api package builds gives its English
	// in Message, with no Chinese text in its literals or format, and its
	// Chinese in MessageZH, apart (the review's own warnings once said
	// both, Chinese first, in Message): a complement to the scenarios,
	// which check each warning they produce (appReview.checkWire).
	fset := token.NewFileSet()
	sites := 0
	for _, fn := range footprinttest.PackageFuncDecls(t, fset) {
		vars := map[string][]ast.Expr{} // zh := …; zh += …
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == len(as.Rhs) {
				for i, l := range as.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						vars[id.Name] = append(vars[id.Name], as.Rhs[i])
					}
				}
			}
			lit, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			if id, ok := lit.Type.(*ast.Ident); !ok || id.Name != "reviewWarning" {
				return true
			}
			sites++
			pos := fset.Position(lit.Pos())
			fields := map[string]ast.Expr{}
			for _, el := range lit.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if k, ok := kv.Key.(*ast.Ident); ok {
						fields[k.Name] = kv.Value
					}
				}
			}
			en, zh := fields["Message"], fields["MessageZH"]
			if en == nil || zh == nil {
				t.Errorf("%s: review warning without Message and MessageZH both", pos)
				return true
			}
			for _, s := range formatLiterals(en, vars) {
				if hasHan(s) {
					t.Errorf("%s: Message has Chinese text %.40q…: its Chinese goes in MessageZH", pos, s)
				}
			}
			if _, engine := zh.(*ast.SelectorExpr); engine { // a result's warning (w.MessageZH): the footprint package checks them
				return true
			}
			zhs := formatLiterals(zh, vars)
			if !slices.ContainsFunc(zhs, hasHan) {
				t.Errorf("%s: MessageZH has no Chinese text", pos)
			}
			return true
		})
	}
	if sites < 30 {
		t.Errorf("found %d review warnings built, want at least the 30 the review built when they were split", sites)
	}
}

// webWalkStudy is the demo PV study made to draw the newer review
// warnings: its cells (bom[1]) flagged primary with scores better than
// their set factor's (two warnings on the one line), its electricity and
// first transport leg flagged primary on set factors, a site whose text
// names another province than its region, and a supplier certificate
// (number) counted as a tenth of an item.
func webWalkStudy(t *testing.T, number string) []byte {
	t.Helper()
	doc := mustDoc(t, pvStudy(t, "GEC-WALK-1"))
	p := doc["product"].(map[string]any)
	p["site"], p["site_region"] = "上海市四川北路 100 号", "CN-SC"
	bom := doc["bom"].([]any)
	bom[1].(map[string]any)["primary"] = true
	bom[1].(map[string]any)["dq"] = map[string]any{"ter": 1, "gr": 1, "tir": 1, "p": 1}
	doc["electricity"].([]any)[0].(map[string]any)["primary"] = true
	doc["transport"].([]any)[0].(map[string]any)["primary"] = true
	doc["bom"] = append(bom, map[string]any{"name": "supplied part", "quantity": 0.1, "unit": "piece", "stage": "A1", "supplier": number, "mass_kg": 2})
	return seedtest.MustMarshal(t, doc)
}

// htmlText is s as html/template writes it in an element's text.
func htmlText(s string) string {
	return strings.ReplaceAll(html.EscapeString(s), "+", "&#43;")
}

// Ensure the certifier's review page shows each warning once, grouped by
// the line it names, and marks the line in the calculation trace with a
// link to its warnings. The page listed the review's ten warnings as one
// list, the two about bom[1] apart, and the calculation trace below listed
// the result's five of them again: on a phone some 1,800 px repeated, and
// no line of the trace said it was warned about.
func TestWebReview_WarningsOnceByLine(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: webWalkStudy(t, fx.number)}), 201)
	app := st.apply(t, sd.ID)
	v := st.review(t, app)
	cells := reviewWarningsWith(v, "bom[1]", "DQR")
	if len(cells) != 1 || len(reviewWarningsWith(v, "bom[1]")) != 2 {
		t.Fatalf("control: review warnings %+v, want two at bom[1], one of its DQR", v.Review.Warnings)
	}
	page := st.signedIn(t, asCert).get("/work/applications/" + app).Body.String()
	for _, w := range v.Review.Warnings {
		if n := strings.Count(page, htmlText(w.MessageZH)); n != 1 {
			t.Errorf("the review page shows the warning at %s %d times, want once: %s", w.Path, n, w.MessageZH)
		}
	}
	group := regexp.MustCompile(`(?s)<li id="warn-bom-1">(.*?)</ul></li>`).FindStringSubmatch(page)
	if group == nil {
		t.Fatalf("the review page has no group of the warnings about bom[1] (id warn-bom-1)")
	}
	if n := strings.Count(group[1], "<li>"); n != 2 || !strings.Contains(group[1], htmlText(cells[0].MessageZH)) {
		t.Errorf("the group of bom[1] holds %d warnings, want its 2 with its DQR's: %s", n, group[1])
	}
	if !regexp.MustCompile(`<a class="warnmark" href="#warn-bom-1">2 条警告`).MatchString(page) {
		t.Errorf("the calculation trace does not mark bom[1] with its 2 warnings, linked to their group")
	}
	if !strings.Contains(page, "计算给出的 ") {
		t.Errorf("the trace's warnings section does not say the result's warnings are among the review's")
	}
}

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

// rt53Cert is a certificate row of the review (suppliers, supersedes).
type rt53Cert struct {
	Number          string   `json:"number"`
	Status          string   `json:"status"`
	PrimarySharePct *float64 `json:"primary_data_share_pct"`
	KeyAlerts       []struct {
		Code, Key string
	} `json:"key_alerts"`
}

// rt53Review is the review of an application, with its certificate rows.
type rt53Review struct {
	Review struct {
		Digest     string          `json:"digest"`
		Warnings   []reviewWarning `json:"warnings"`
		Suppliers  []rt53Cert      `json:"suppliers"`
		Supersedes *rt53Cert       `json:"supersedes"`
		PACT       []struct {
			Ref             string   `json:"ref"`
			UploadedBy      string   `json:"uploaded_by"`
			PrimarySharePct *float64 `json:"primary_data_share_pct"`
		} `json:"pact_footprints"`
	} `json:"review"`
}

func (st *stack) rt53Review(t *testing.T, app string) rt53Review {
	t.Helper()
	return MustData[rt53Review](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert}), 200)
}

// rt53Warned reports whether review v warns at a path ending in suffix,
// naming each of words in its English or its Chinese, with both.
func rt53Warned(v rt53Review, suffix string, words ...string) bool {
	return slices.ContainsFunc(v.Review.Warnings, func(w reviewWarning) bool {
		if !strings.HasSuffix(w.Path, suffix) || w.Message == "" || w.MessageZH == "" {
			return false
		}
		for _, word := range words {
			if !strings.Contains(w.Message+"\n"+w.MessageZH, word) {
				return false
			}
		}
		return true
	})
}

// Ensure the certifier's review says when a supplier certificate's record
// fails the service's own signature check (red team 53). A study stored
// before the record was edited reached the review, whose supplier row read
// "valid" with no word of it: the certifier learnt of it only from a
// refusal.
func TestRedteam53_ReviewSaysTheSupplierFailsItsSignature(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	_, buyer := st.applyAsOther(t, buyerStudy(t, "GEC-RT53-B", fx.number))
	if v := st.rt53Review(t, buyer); len(v.Review.Suppliers) != 1 || v.Review.Suppliers[0].Status != "valid" || rt53Warned(v, ".supplier", fx.number, "signature") {
		t.Fatalf("control: review %+v, want the supplier valid and no warning on its line", v.Review)
	} else if p := v.Review.Suppliers[0].PrimarySharePct; p == nil {
		t.Errorf("review's supplier row %+v: no primary_data_share_pct, by which the study's printed share counts its line", v.Review.Suppliers[0])
	}
	// The record no longer verifies against the keys the service holds
	// (as for a record edited in the file, or its key lost).
	st.failSignatureChecks(t, "redteam53 other key")
	v := st.rt53Review(t, buyer)
	if len(v.Review.Suppliers) != 1 || v.Review.Suppliers[0].Status != "signature_invalid" {
		t.Errorf("review's suppliers %+v, want %s as signature_invalid", v.Review.Suppliers, fx.number)
	}
	if !rt53Warned(v, ".supplier", fx.number, "signature check", "签名未通过验证") {
		t.Errorf("review warnings %+v, want one on the supplier line naming %s and its signature, in both languages", v.Review.Warnings, fx.number)
	}
}

// Ensure the review's lineage rows carry key alerts as its supplier rows do
// (red team 53): a certificate the application supersedes, or a peer (the
// holder's valid certificate of another model of the product), issued
// with an API key no former key of its certification body vouched for read
// plainly "valid" in the review, while its verification marks it.
func TestRedteam53_LineageRowsCarryKeyAlerts(t *testing.T) {
	st := newSeededStack(t)
	app := rt49ApplyAtCert2(t, st, "GEC-RT53-L0")
	st.mustDo(t, request{method: "DELETE", target: "/v1/admin/keys/" + strings.Split(st.tokens[asCert2], "_")[1], as: asAdmin})
	recovery, token := st.mintCertKey(t, orgCert2)
	st.tokens[asCert2] = token
	// The holder's study of another model, its electricity a thirtieth of
	// the first's (far below it), at orgCertifier: the peer is named.
	first := MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + st.submitPV(t, "GEC-RT53-L1", 30, nil) + `","certifier":"` + orgCert2 + `"}`)}), 201).ID
	peer := rt49IssueAtCert2(t, st, first)
	issued := rt49IssueAtCert2(t, st, app)

	v := st.rt53Review(t, st.apply(t, st.submitPV(t, "GEC-RT53-L2", 1, nil)))
	if !rt53Warned(v, "product.model", peer.Number, "issuing key not vouched for", "签发密钥未经机构担保") {
		t.Errorf("review warnings %+v, want the peer %s worded as valid with an unvouched issuing key, in both languages", v.Review.Warnings, peer.Number)
	}

	sameModel := func(doc map[string]any) { doc["product"].(map[string]any)["model"] = demoModel("GEC-RT53-L0") }
	successor := st.applySuperseding(t, st.submitPV(t, "GEC-RT53-L3", 1, sameModel), issued.CertificateID)
	v = st.rt53Review(t, successor)
	if s := v.Review.Supersedes; s == nil || len(s.KeyAlerts) != 1 || s.KeyAlerts[0].Code != "issuing_key_unvouched" || s.KeyAlerts[0].Key != recovery.ID {
		t.Errorf("review's supersedes %+v, want %s with issuing_key_unvouched naming %s", s, issued.Number, recovery.ID)
	}
	if !rt53Warned(v, "supersedes", issued.Number, recovery.ID, "未经其认证机构") {
		t.Errorf("review warnings %+v, want one on supersedes naming %s and key %s, in both languages", v.Review.Warnings, issued.Number, recovery.ID)
	}
	// The workbench's review page words the row as its verification does.
	if body := st.signedIn(t, asCert).get("/work/applications/" + successor).Body.String(); !strings.Contains(body, "有效(签发密钥未经机构担保) Valid on record (issuing key not vouched for)") {
		t.Errorf("workbench review page of %s: the superseded certificate %s is not worded as issued with an unvouched key", successor, issued.Number)
	}
}

// Ensure the review warns of an electricity or transport line flagged
// primary that takes its emission factor from the factor set (red team
// 53): the primary-data share counted it in full with no word, though
// primary data rest on both the activity data and a specific emission
// factor (PACT primaryDataShare); red team 20 warned for BOM and packaging
// lines only.
func TestRedteam53_PrimaryFlagOnEnergyAndTransportLines(t *testing.T) {
	st := newSeededStack(t)
	plain := st.rt53Review(t, st.apply(t, st.submitPV(t, "GEC-RT53-P0", 1, nil)))
	if rt53Warned(plain, "electricity[0]") || rt53Warned(plain, "transport[0]") {
		t.Fatalf("control: warnings %+v on lines not flagged primary", plain.Review.Warnings)
	}
	doc := mustDoc(t, pvStudy(t, "GEC-RT53-P1"))
	doc["electricity"].([]any)[0].(map[string]any)["primary"] = true
	doc["transport"].([]any)[0].(map[string]any)["primary"] = true
	id := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: seedtest.MustMarshal(t, doc)}), 201).ID
	v := st.rt53Review(t, st.apply(t, id))
	for _, tt := range []struct{ path, factor string }{
		{"electricity[0]", "ELEC-CN-NAT-CF-2024"},
		{"transport[0]", "TR-ROAD-DIESEL-HEAVY"},
	} {
		if !rt53Warned(v, tt.path, tt.factor, "primary", "初级数据") {
			t.Errorf("review warnings %+v, want one on %s flagged primary on set factor %s, in both languages", v.Review.Warnings, tt.path, tt.factor)
		}
	}
}

// Ensure the review says when a certificate of the holder it compares the
// study with (a peer: the holder's valid certificate of another model of
// the product) fails the service's signature check on record (red team
// 53): its figure, read from the record, decides whether the study's drop
// below it is named, and a record edited to a lower figure in the file
// would hide the drop unsaid.
func TestRedteam53_ReviewSaysAPeerFailsItsSignature(t *testing.T) {
	st := newSeededStack(t)
	peer := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submitPV(t, "GEC-RT53-Q1", 1, nil)), "")), 201)
	app := st.apply(t, st.submitPV(t, "GEC-RT53-Q2", 1, nil))
	if v := st.rt53Review(t, app); rt53Warned(v, "product.model", peer.Number) {
		t.Fatalf("control: warnings %+v name the peer %s at the same figure", v.Review.Warnings, peer.Number)
	}
	st.failSignatureChecks(t, "redteam53 other key")
	if v := st.rt53Review(t, app); !rt53Warned(v, "product.model", peer.Number, "signature check", "签名未通过验证") {
		t.Errorf("review warnings %+v, want one naming the peer %s as failing its signature check, in both languages", v.Review.Warnings, peer.Number)
	}
}

// Ensure the review says that a supplier's PACT footprint the study's
// owner uploaded is the manufacturer's word, and shows the primary-data
// share it states (red team 53). PACT documents are not signed: the
// manufacturer's upload of a junction box at 0.42 kgCO2e/kg stating
// "primaryDataShare" 100 entered the study's figure, and its printed
// primary-data share in full, while the review's row said only
// uploaded_by, with no share and no warning.
func TestRedteam53_UploadedPACTFootprintIsTheManufacturersWord(t *testing.T) {
	st := newSeededStack(t)
	const id = "e53c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	doc := bytes.Replace(footprinttest.SupplierPACT3(id, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", "0.42"),
		[]byte(`"exemptedEmissionsPercent":"0"`), []byte(`"exemptedEmissionsPercent":"0","primaryDataShare":"100"`), 1)
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: doc}), 201)
	line := map[string]any{"name": "Junction box (supplier's PACT footprint)", "quantity": 0.2, "unit": "kg", "stage": "A1", "supplier": "pact:" + id}
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: withBOMLines(t, pvStudy(t, "GEC-RT53-U"), line)}), 201)
	v := st.rt53Review(t, st.apply(t, sd.ID))
	if len(v.Review.PACT) != 1 || v.Review.PACT[0].UploadedBy == "" || v.Review.PACT[0].PrimarySharePct == nil || *v.Review.PACT[0].PrimarySharePct != 100 {
		t.Errorf("review's pact_footprints %+v, want the upload with its primary-data share of 100", v.Review.PACT)
	}
	if !rt53Warned(v, ".supplier", "pact:"+id, "uploaded", "100 %", "上传") {
		t.Errorf("review warnings %+v, want one on the line naming pact:%s as the study owner's upload, its primary-data share, in both languages", v.Review.Warnings, id)
	}
}

// Red team 54 (session 42): the flatterer, through the API.

// rt54Quality is a stored study's data quality, as its certificate prints
// it.
type rt54Quality struct {
	DataQuality struct {
		PrimarySharePct float64 `json:"primary_data_share_pct"`
		DQR             float64 `json:"dqr"`
		DQRCoveragePct  float64 `json:"dqr_coverage_pct"`
	} `json:"data_quality"`
}

// rt54Post stores study document doc as orgMaker and applies for its
// certification; it returns the stored study and the certifier's review.
func (st *stack) rt54Post(t *testing.T, doc map[string]any) (studyData, rt54Quality, appReview) {
	t.Helper()
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: seedtest.MustMarshal(t, doc)}), 201)
	var q rt54Quality
	if err := json.Unmarshal(sd.Result, &q); err != nil {
		t.Fatal(err)
	}
	return sd, q, st.review(t, st.apply(t, sd.ID))
}

// Ensure a line flagged primary data, on a factor of the set, whose own dq
// scores rate it better than its factor is named in the review with both
// ratings, as a line not flagged is (red team 6). The engine skipped the
// rating check for a primary line: the demo module with its cells (on
// PV-CELL-MONO182, rated DQR 2) and its electricity (ELEC-CN-NAT-CF-2024,
// 1.5) flagged primary with invented scores of 1 printed DQR 1.90 instead
// of 2.48 and a primary-data share of 59.0 % instead of 0, and the review
// said only that their primary share rests on set factors, nothing of the
// DQR. A warning, not a refusal, as for the primary flag itself (red teams
// 20 and 53): metered activity data may deserve good scores, and the
// certifier judges the evidence of a specific factor behind them.
func TestRedteam54_PrimaryFlagLiftsTheDQR(t *testing.T) {
	st := newSeededStack(t)
	_, plain, v := st.rt54Post(t, mustDoc(t, pvStudy(t, "GEC-RT54-D0")))
	if len(reviewWarningsWith(v, "bom[1]", "DQR")) != 0 || len(reviewWarningsWith(v, "electricity[0].factor", "DQR")) != 0 {
		t.Fatalf("control: warnings %+v on lines rated as their factors", v.Review.Warnings)
	}
	doc := mustDoc(t, pvStudy(t, "GEC-RT54-D1"))
	for _, l := range []map[string]any{doc["bom"].([]any)[1].(map[string]any), doc["electricity"].([]any)[0].(map[string]any)} {
		l["primary"], l["dq"] = true, map[string]any{"ter": 1, "gr": 1, "tir": 1, "p": 1}
	}
	_, q, v := st.rt54Post(t, doc)
	if !(q.DataQuality.DQR < plain.DataQuality.DQR) || !(q.DataQuality.PrimarySharePct > plain.DataQuality.PrimarySharePct) {
		t.Fatalf("flagged primary, rated 1: DQR %v, primary share %v; want them better than %v and %v (the flag is the lever this test is about)",
			q.DataQuality.DQR, q.DataQuality.PrimarySharePct, plain.DataQuality.DQR, plain.DataQuality.PrimarySharePct)
	}
	for _, tt := range []struct{ path, factor, rating string }{
		{"bom[1]", "PV-CELL-MONO182", "the 2 of"},
		{"electricity[0].factor", "ELEC-CN-NAT-CF-2024", "the 1.5 of"},
	} {
		if len(reviewWarningsWith(v, tt.path, "flagged primary", "DQR 1,", tt.rating, tt.factor, "标为初级数据", "评为 DQR 1")) != 1 {
			t.Errorf("review warnings %+v: want one at %s naming its DQR 1 against %s's rating (%s), flagged primary, in both languages", v.Review.Warnings, tt.path, tt.factor, tt.rating)
		}
	}
}

// Ensure a supplier footprint per item taken as a fraction of an item per
// piece of product is named in the review (red team 54): a certificate
// signs no mass, so a line's mass_kg is the study's word. Another maker's
// module study with a supplied part on the demo module's certificate
// (150.1 kgCO2e per piece), counted as 0.1 piece with mass_kg 2 (the line
// weighing 0.2 kg), was stored at 165.1 kgCO2e instead of 300.2 with no
// word of the line (without mass_kg, only that the line has no mass).
func TestRedteam54_SupplierCountedAsAFractionOfAnItem(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	review := func(serial string, line map[string]any) appReview {
		_, app := st.applyAsOther(t, withBOMLines(t, pvStudy(t, serial), line))
		return st.review(t, app)
	}
	whole := review("GEC-RT54-F0", map[string]any{"name": "supplied part", "quantity": 1, "unit": "piece", "stage": "A1", "supplier": fx.number, "mass_kg": 0.2})
	if w := reviewWarningsWith(whole, "bom[2].supplier", "fewer than one"); len(w) != 0 {
		t.Fatalf("control: one whole item warned: %+v", w)
	}
	for _, tt := range []struct {
		serial, path string
		line         map[string]any
	}{
		{"GEC-RT54-F1", "bom[2].supplier", map[string]any{"name": "supplied part", "quantity": 0.1, "unit": "piece", "stage": "A1", "supplier": fx.number, "mass_kg": 2}},
		{"GEC-RT54-F2", "bom[2].children[0].supplier", map[string]any{"name": "box", "quantity": 1, "unit": "piece", "stage": "A1",
			"children": []any{map[string]any{"name": "supplied part", "quantity": 0.1, "unit": "piece", "supplier": fx.number, "mass_kg": 2}}}},
	} {
		v := review(tt.serial, tt.line)
		if len(reviewWarningsWith(v, tt.path, fx.number, "0.1 of", "fewer than one", "不足一件")) != 1 {
			t.Errorf("%s: review warnings %+v, want one at %s naming %s counted as 0.1 of an item a piece, in both languages", tt.serial, v.Review.Warnings, tt.path, fx.number)
		}
	}
}

// Ensure an exempted line without a screening estimate is named in the
// review (red team 54): without one the cut-off share is judged by mass,
// and a part light in mass and heavy in emissions passes the 5 % limit
// with its effect on the emissions unassessed. The demo laptop with its
// exempted lines counted (drives on ELEC-PSU, the rest on average
// plastics) and 16 cm² of memory dies (ELEC-IC-DIE-MEM, 2.2 kgCO2e/cm²)
// was stored at 220.6 kgCO2e; the same dies exempted as 0.02 kg, "small
// part", with no screening factor, at 185.4 (−16 %), 1.06 % of its mass
// cut off, with no word of the line.
func TestRedteam54_UnscreenedCutOffOfAHeavyPart(t *testing.T) {
	st := newSeededStack(t)
	laptop := func(model string, chips map[string]any) map[string]any {
		doc := seedtest.StudyDoc(t, "laptop")
		doc["product"].(map[string]any)["model"] = model
		bom := doc["bom"].([]any)
		bom[4] = map[string]any{"name": "Drives", "quantity": 0.221, "unit": "kg", "stage": "production", "factor": "ELEC-PSU"}
		bom[5] = map[string]any{"name": "Keyboard and trackpad", "quantity": 0.146, "unit": "kg", "stage": "raw-materials", "factor": "MAT-PLASTIC-AVG-DESNZ"}
		bom[6] = map[string]any{"name": "Other materials", "quantity": 0.185, "unit": "kg", "stage": "raw-materials", "factor": "MAT-PLASTIC-AVG-DESNZ"}
		doc["bom"] = append(bom, chips)
		return doc
	}
	counted, _, v := st.rt54Post(t, laptop("DEMO-NB13 RT54-C", map[string]any{"name": "Memory chips", "quantity": 16, "unit": "cm²", "mass_kg": 0.00125, "stage": "production", "factor": "ELEC-IC-DIE-MEM"}))
	if len(reviewWarningsWith(v, "bom[7]", "screening")) != 0 {
		t.Fatalf("control: warnings %+v on a counted line", v.Review.Warnings)
	}
	// The demo laptop, its exempted lines all screened: none.
	if _, _, v := st.rt54Post(t, seedtest.StudyDoc(t, "laptop")); len(reviewWarningsWith(v, "bom[4]", "no screening estimate")) != 0 {
		t.Fatalf("control: warnings %+v on screened exempted lines", v.Review.Warnings)
	}
	cut, _, v := st.rt54Post(t, laptop("DEMO-NB13 RT54-X", map[string]any{"name": "Memory chips", "quantity": 0.02, "unit": "kg", "stage": "production", "exempt": map[string]any{"reason": "small part"}}))
	if !(*cut.KgCO2e < *counted.KgCO2e) {
		t.Fatalf("exempted: %v kgCO2e, counted %v: want less (the lever this test is about)", *cut.KgCO2e, *counted.KgCO2e)
	}
	if len(reviewWarningsWith(v, "bom[7]", "Memory chips", "no screening estimate", "by mass", "ISO 14067", "没有筛选估算")) != 1 {
		t.Errorf("review warnings %+v, want one at bom[7] naming the unscreened exempted line and ISO 14067's cut-off criteria, in both languages", v.Review.Warnings)
	}
}

// Red team 91 (session 53): the flatterer, on the quantities that divide
// or scale the footprint.

// rt91Monitor is the demo laptop's inventory (its exempted lines counted)
// as a display of the display rule (HS 852852, a monitor) named a 27-inch
// monitor in both languages, of active area m2 per piece, with 2 kWh of
// assembly electricity (the rule requires electricity), model model.
func rt91Monitor(t *testing.T, m2 float64, model string) map[string]any {
	t.Helper()
	doc := mustDoc(t, seedtest.StudyJSON(t, "laptop"))
	countExempted(doc["bom"].([]any))
	doc["rule"] = "display"
	p := doc["product"].(map[string]any)
	p["name"], p["name_zh"], p["model"] = "Demo 27-inch monitor", "示例27英寸显示器", model
	p["product_codes"], p["active_area_m2"] = []any{"HS:852852"}, m2
	doc["electricity"] = []any{map[string]any{"name": "assembly and test", "quantity": 2, "unit": "kWh", "factor": "ELEC-CN-NAT-CF-2024"}}
	return doc
}

// A display's active area, which the certificate's figure per m² of
// active area divides by, is bounded by nothing but itself (red team 62's
// open item). Red team 91: the demo laptop's inventory as a "27-inch
// monitor" (示例27英寸显示器) of 0.5 m² was stored, applied for and issued
// at 186.60 kgCO2e a piece and 373.21 per m² of active area, where a
// 27-inch screen of 16:9 has 0.2009 m² (928.84 per m², 2.5 times as much)
// and no 27-inch screen of any shape more than 0.2352 m², a square.
// Ensure the service refuses the study when it is stored, naming
// product.active_area_m2, Chinese first, once the area is more than a
// screen of the diagonal the name states can have (its figure rounded up
// by half its last digit: 27.5 inches, 0.2440 m²), and that the honest
// monitor is stored and issued with its figure per m².
func TestRedteam91_ActiveAreaLargerThanTheNamedDiagonal(t *testing.T) {
	st := newSeededStack(t)
	id, res := rt77Store(t, st, rt91Monitor(t, 0.2009, "DEMO-MON27-A"))
	if got := fmt.Sprintf("%.2f %.2f", res.KgCO2e, res.perM2()); got != "186.60 928.84" {
		t.Errorf("the honest monitor is %s kgCO2e a piece and per m², want 186.60 928.84", got)
	}
	if is := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, id), "")), 201); fmt.Sprintf("%.2f", is.KgCO2e) != "186.60" {
		t.Errorf("the honest monitor issued at %v kgCO2e", is.KgCO2e)
	}
	// 0.2440 m² is the most a screen of 27.5 inches has: stored.
	if _, res := rt77Store(t, st, rt91Monitor(t, 0.2439, "DEMO-MON27-B")); fmt.Sprintf("%.1f", res.perM2()) != "765.1" {
		t.Errorf("the monitor at 0.2439 m² gives %v kgCO2e per m²", res.perM2())
	}
	for _, c := range []struct {
		m2    float64
		field string
		name  func(p map[string]any)
	}{
		{0.5, "product.name_zh", nil},
		{0.25, "product.name_zh", nil},
		{0.5, "product.name", func(p map[string]any) { p["name_zh"] = "示例显示器" }},
		{0.5, "product.name", func(p map[string]any) { p["name_zh"], p["name"] = "示例显示器", `Demo monitor 27"` }},
		{0.5, "product.name_zh", func(p map[string]any) { p["name_zh"] = "示例２７吋显示器" }},
	} {
		doc := rt91Monitor(t, c.m2, "DEMO-MON27-C")
		if c.name != nil {
			c.name(doc["product"].(map[string]any))
		}
		e := MustError(t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
			body: seedtest.MustMarshal(t, doc)}), 400, "invalid")
		zh, en, ok := strings.Cut(e.Error.Message, "。")
		if e.Error.Field != "product.active_area_m2" || !ok || !strings.Contains(zh, "有效显示面积") || !strings.Contains(en, "a rectangle of diagonal d has an area of at most d²/2") ||
			!strings.Contains(en, "more than a screen of the diagonal "+c.field+" states") || !strings.Contains(en, "0.244 m² at 27.5 inches") {
			t.Errorf("%g m², %s: %+v", c.m2, c.field, e.Error)
		}
	}
	// A name stating no diagonal bounds nothing: stored, and the result
	// warns at product.active_area_m2 in both languages that no name states
	// the diagonal (session 54), so the certifier checks the area against
	// the display's specification; the honest 27-inch monitor is not warned.
	doc := rt91Monitor(t, 0.5, "DEMO-MON27-D")
	p := doc["product"].(map[string]any)
	p["name"], p["name_zh"] = "Demo monitor", "示例显示器"
	_, res = rt77Store(t, st, doc)
	if fmt.Sprintf("%.2f", res.perM2()) != "373.21" {
		t.Errorf("the monitor naming no diagonal gives %v kgCO2e per m²", res.perM2())
	}
	en := []string{"product.active_area_m2 is 0.5 m², and no name (product.name_zh, product.name) states the screen's diagonal", "check it against the display's specification"}
	if ws := rt77Find(res.Warnings, "product.active_area_m2", en, []string{"均未写明屏幕对角线", "规格书"}); len(ws) != 1 {
		t.Errorf("the monitor naming no diagonal: %d warnings at product.active_area_m2 of %+v", len(ws), res.Warnings)
	}
	if _, res := rt77Store(t, st, rt91Monitor(t, 0.2009, "DEMO-MON27-E")); len(rt77Find(res.Warnings, "product.active_area_m2", nil, nil)) != 0 {
		t.Errorf("the 27-inch monitor is warned that its names state no diagonal: %+v", res.Warnings)
	}
}

// reviewWarningsAt returns the warnings at path of the review of
// application app, read as its certifier.
func (st *stack) reviewWarningsAt(tb testing.TB, app, path string) []reviewWarning {
	tb.Helper()
	var ws []reviewWarning
	for _, w := range st.review(tb, app).Review.Warnings {
		if w.Path == path {
			ws = append(ws, w)
		}
	}
	return ws
}

// perM2 returns the figure per m² of a stored result, or −1 when it gives
// none.
func (r rt77Result) perM2() float64 {
	for _, u := range r.PerUnit {
		if u.Unit == "m²" {
			return u.KgCO2e
		}
	}
	return -1
}

// rt91Module is the demo module as model model, stating a reference output
// of output modules.
func rt91Module(t *testing.T, model string, output float64) map[string]any {
	t.Helper()
	doc := mustDoc(t, seedtest.StudyJSON(t, "pv-module"))
	doc["product"].(map[string]any)["model"], doc["reference_output"] = model, output
	return doc
}

// A successor spreading its lineage's green-power instruments over a
// smaller output for the same period. Red team 91: the demo module,
// certified with its 1,000 MWh of green certificates over 500,000 modules
// (2 kWh of its 6.483 a module covered), superseded for the same 2025 by
// the same study stating 154,250 modules: the certificates cover 6.48298 of
// its 6.483 kWh, 150.10 → 147.89 kgCO2e (−1.5 %, under the lineage's 10 % warning),
// issued on a review saying nothing of it. Ensure the review warns at
// reference_output, in both languages, naming both outputs and the kWh
// covered; that a successor stating the same output, or a larger one, is
// not warned; and that the issue stays the certifier's decision.
func TestRedteam91_SuccessorSpreadsInstrumentsOverASmallerOutput(t *testing.T) {
	st := newSeededStack(t)
	id, _ := rt77Store(t, st, rt91Module(t, "DEMO-M10-54", 500000))
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, id), "")), 201)
	for _, c := range []struct {
		output float64
		kg     string
		warned bool
	}{
		{500000, "150.10", false},
		{600000, "150.26", false},
		{154250, "147.89", true},
	} {
		id, res := rt77Store(t, st, rt91Module(t, "DEMO-M10-54", c.output))
		app := st.applySuperseding(t, id, cert.CertificateID)
		ws := st.reviewWarningsAt(t, app, "reference_output")
		switch {
		case !c.warned && len(ws) != 0:
			t.Errorf("%g modules: warned %+v", c.output, ws)
		case c.warned && (len(ws) != 1 ||
			!strings.Contains(ws[0].Message, "The study states a reference output of 154250 declared units for 2025-01-01/2025-12-31, where the study of certificate "+cert.Number+" it supersedes stated 500000") ||
			!strings.Contains(ws[0].Message, "here 6.48298 kWh per 1 piece, where they covered 2)") || !strings.Contains(ws[0].MessageZH, "产量越小")):
			t.Errorf("%g modules: the review's warnings at reference_output %+v, want one", c.output, ws)
		}
		if got := fmt.Sprintf("%.2f", res.KgCO2e); got != c.kg {
			t.Errorf("%g modules: stored at %s kgCO2e, want %s", c.output, got, c.kg)
		}
		if c.warned {
			if is := MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201); fmt.Sprintf("%.2f", is.KgCO2e) != c.kg {
				t.Errorf("issued at %v kgCO2e", is.KgCO2e)
			}
		} else {
			MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications/" + app + "/reject", as: asCert, contentType: "application/json",
				body: []byte(`{"reasons":["test"]}`)}), 200)
		}
	}
}

// rt91June is the demo module as model model, its plant's 1,000 MWh of
// green certificates generated in June 2025, studied for the year (500,000
// modules, the whole batch over them) or for June alone (41,096 modules,
// the 266 MWh of the batch its 6.483 kWh a module need).
func rt91June(t *testing.T, model string, june bool) map[string]any {
	t.Helper()
	doc := rt91Module(t, model, 500000)
	in := doc["electricity"].([]any)[0].(map[string]any)["instruments"].([]any)[0].(map[string]any)
	in["period"] = map[string]any{"start": "2025-06-01", "end": "2025-06-30"}
	if june {
		doc["reference_period"], doc["reference_output"] = map[string]any{"start": "2025-06-01", "end": "2025-06-30"}, 41096
		in["mwh"], in["serial_last"] = 266, "GEC-DEMO-2025-000266"
	}
	return doc
}

// A reference period of the month the green power was delivered. Red team
// 91: the demo module's plant with its 1,000 MWh of green certificates
// generated in June 2025 gives 150.10 kgCO2e for 2025 (the batch covering
// 2 of its 6.483 kWh a module); studied for June alone it was issued at
// 147.89, its instruments covering 6.47 of the 6.483 kWh, on a review
// saying nothing of the period. Ensure the review warns at
// reference_period, in both languages, for a period shorter than a year,
// naming the instruments spread over that period's output, and not for the
// year; the issue stays the certifier's decision.
func TestRedteam91_ReferencePeriodOfTheMonthOfGreenPower(t *testing.T) {
	for _, c := range []struct {
		june bool
		kg   string
	}{{false, "150.10"}, {true, "147.89"}} {
		st := newSeededStack(t) // each holds the batch
		id, res := rt77Store(t, st, rt91June(t, fmt.Sprint("DEMO-M10-54-", c.june), c.june))
		if got := fmt.Sprintf("%.2f", res.KgCO2e); got != c.kg {
			t.Errorf("june %v: stored at %s kgCO2e, want %s", c.june, got, c.kg)
		}
		app := st.apply(t, id)
		ws := st.reviewWarningsAt(t, app, "reference_period")
		switch {
		case !c.june && len(ws) != 0:
			t.Errorf("the year: warned %+v", ws)
		case c.june && (len(ws) != 1 || !strings.Contains(ws[0].Message, "the reference period 2025-06-01/2025-06-30 is 30 days, shorter than a year") ||
			!strings.Contains(ws[0].Message, "green-power instruments are spread over that period's output (reference_output) alone") ||
			!strings.HasPrefix(ws[0].MessageZH, "数据期间 2025-06-01/2025-06-30 共 30 天，短于一年")):
			t.Errorf("June: the review's warnings at reference_period %+v, want one", ws)
		}
		if is := MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201); fmt.Sprintf("%.2f", is.KgCO2e) != c.kg {
			t.Errorf("june %v: issued at %v kgCO2e", c.june, is.KgCO2e)
		}
	}
}

// Ensure the successor-output warning names an output smaller than the
// predecessor's only when it can change the printed figure (the
// certificate's, the label's and the verification page's rounding,
// footprint.FormatKgCO2e): it fired on any smaller output, one module
// fewer of 500,000 (2 millionths of a kWh a module) as loudly as red team
// 91's 154,250. Each smaller output is checked against what it does to
// the printed figure: warned exactly when that differs from the
// predecessor's, naming in both languages what the figure could print
// at the predecessor's output (here the predecessor's own "150").
func TestReview_SuccessorOutputWarnedWhenItCanChangeThePrintedFigure(t *testing.T) {
	st := newSeededStack(t)
	id, base := rt77Store(t, st, rt91Module(t, "DEMO-M10-54", 500000))
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, id), "")), 201)
	printed := footprint.FormatKgCO2e(base.KgCO2e)
	for _, c := range []struct {
		output float64
		warned bool
	}{
		{499999, false}, // one module fewer
		{400000, false}, // 149.85: "150", as the predecessor's 150.10
		{350000, false}, // 149.68: "150"
		{300000, true},  // 149.44: "149"
		{154250, true},  // red team 91's: 147.89, "148"
	} {
		id, res := rt77Store(t, st, rt91Module(t, "DEMO-M10-54", c.output))
		if moved := footprint.FormatKgCO2e(res.KgCO2e) != printed; moved != c.warned {
			t.Fatalf("%g modules: printed %s against the predecessor's %s: the case's premise does not hold", c.output, footprint.FormatKgCO2e(res.KgCO2e), printed)
		}
		app := st.applySuperseding(t, id, cert.CertificateID)
		ws := st.reviewWarningsAt(t, app, "reference_output")
		switch {
		case !c.warned && len(ws) != 0:
			t.Errorf("%g modules (%s kgCO2e printed, as the predecessor's): warned %+v", c.output, footprint.FormatKgCO2e(res.KgCO2e), ws)
		case c.warned && (len(ws) != 1 || !strings.Contains(ws[0].Message, "the printed "+footprint.FormatKgCO2e(res.KgCO2e)+" could read up to "+printed) ||
			!strings.Contains(ws[0].MessageZH, "印制的 "+footprint.FormatKgCO2e(res.KgCO2e)+" 可至 "+printed)):
			t.Errorf("%g modules (%s kgCO2e printed, the predecessor's %s): warnings %+v, want one naming the shift", c.output, footprint.FormatKgCO2e(res.KgCO2e), printed, ws)
		}
		MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications/" + app + "/reject", as: asCert, contentType: "application/json",
			body: []byte(`{"reasons":["test"]}`)}), 200)
	}
}

// Ensure the review reads the study of the certificate an application
// supersedes in the snapshot of its other records
// (certification.ReviewRecords.SupersededStudy, FindReviewRecords' one
// transaction): the successor-output warning read it with a
// FindStudyByID of its own, another state of the store than the one the
// review's State names. An application superseding none reads none.
func TestReview_SupersededStudyInTheRecordsSnapshot(t *testing.T) {
	st := newSeededStack(t)
	ctx := context.Background()
	first, _ := rt77Store(t, st, rt91Module(t, "DEMO-M10-54", 500000))
	firstApp := st.apply(t, first)
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, firstApp, "")), 201)
	second, _ := rt77Store(t, st, rt91Module(t, "DEMO-M10-54", 154250))
	app := st.applySuperseding(t, second, cert.CertificateID)
	records := func(appID, studyID string) *certification.ReviewRecords {
		t.Helper()
		a, err := st.certs.FindApplicationByID(ctx, uuid.MustParse(appID))
		if err != nil {
			t.Fatal(err)
		}
		s, err := st.studies.FindStudyByID(ctx, studyID)
		if err != nil {
			t.Fatal(err)
		}
		r, err := st.certs.FindReviewRecords(ctx, a, s)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if got := records(app, second).SupersededStudy; got == nil || got.ID != first || got.ReferenceOutput != 500000 || got.Result == nil {
		t.Errorf("the records of an application superseding %s: SupersededStudy %+v, want study %s (500000 modules, with its result)", cert.Number, got, first)
	}
	if got := records(firstApp, first).SupersededStudy; got != nil {
		t.Errorf("the records of an application superseding none: SupersededStudy %s, want none", got.ID)
	}
}

// Ensure the successor-output warning's bound takes the grid factor of a
// line the instruments cover whole (reviewer 54): its grid contribution
// charges no kWh, so the bound read only the other lines' grids, and a
// study whose instruments cover all of a line on ELEC-CN-NAT-CF-2023
// (0.6205 kgCO2e/kWh), with a little electricity on ELEC-CN-NAT-CF-2024
// (0.5777) beside it, partly covered by a green certificate of its own, was bounded at 0.5777 a kWh where the instruments
// (hydro on the site, 0.0141) had taken up to 0.6064 a kWh off it. Here
// the successor states 154,200 modules against the predecessor's 160,000
// for the same 2025 (ratio 0.96375): its 1,000 MWh cover all 6.483 kWh of
// the line, 0.235 kWh a module more than at 160,000, bounded at 0.1358
// kgCO2e where the same study at 160,000 modules prints a figure higher
// by 0.1425 (0.235 × 0.6064), across the rounding of the printed figure:
// no warning. The figure is set just under that rounding's boundary by the
// other line's kWh.
func TestReview_SuccessorOutputBoundReadsAWholeCoveredLinesGrid(t *testing.T) {
	st := newSeededStack(t)
	doc := func(output, other float64) map[string]any {
		d := rt91Module(t, "DEMO-M10-R54", output)
		l := d["electricity"].([]any)[0].(map[string]any)
		l["factor"] = "ELEC-CN-NAT-CF-2023"
		in := l["instruments"].([]any)[0].(map[string]any)
		in["technology"], in["factor"], in["delivery"] = "hydro", "ELEC-CN-GEN-HYDRO-CF-2024", "on-site"
		delete(in, "transmission_factor")
		d["electricity"] = append(d["electricity"].([]any), map[string]any{"name": "Office electricity", "quantity": other, "unit": "kWh", "stage": l["stage"], "factor": "ELEC-CN-NAT-CF-2024",
			"instruments": []any{map[string]any{"kind": "green-certificate", "serial": "GEC-DEMO-2025-002001", "mwh": 1, "period": in["period"], "technology": "pv",
				"factor": "ELEC-CN-GEN-PV-CF-2024", "transmission_factor": "ELEC-CN-TD-LOSS-CF-2024"}}})
		return d
	}
	const pred, succ = 160000.0, 154200.0
	_, probe := rt77Store(t, st, doc(succ, 0.01))
	// The figure is linear in the other line's grid kWh (over the 0.0065
	// kWh a module its 1 MWh covers), at 0.5777 kgCO2e each.
	_, probe2 := rt77Store(t, st, doc(succ, 0.02))
	perKWh := (probe2.KgCO2e - probe.KgCO2e) / 0.01
	boundary := math.Floor(probe.KgCO2e+0.5) + 0.5 // where FormatKgCO2e's last digit (a kg here) turns
	for boundary-0.139 < probe.KgCO2e {
		boundary++
	}
	other := 0.01 + (boundary-0.139-probe.KgCO2e)/perKWh
	id, res := rt77Store(t, st, doc(succ, other))
	_, atPred := rt77Store(t, st, doc(pred, other))
	if footprint.FormatKgCO2e(res.KgCO2e) == footprint.FormatKgCO2e(atPred.KgCO2e) {
		t.Fatalf("the premise: the successor prints %s (%.4f), the same study at the predecessor's output %s (%.4f): the smaller output does not change the printed figure",
			footprint.FormatKgCO2e(res.KgCO2e), res.KgCO2e, footprint.FormatKgCO2e(atPred.KgCO2e), atPred.KgCO2e)
	}
	predID, _ := rt77Store(t, st, doc(pred, other))
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, predID), "")), 201)
	ws := st.reviewWarningsAt(t, st.applySuperseding(t, id, cert.CertificateID), "reference_output")
	if len(ws) != 1 || !strings.Contains(ws[0].Message, "the printed "+footprint.FormatKgCO2e(res.KgCO2e)+" could read up to "+footprint.FormatKgCO2e(atPred.KgCO2e)) {
		t.Errorf("a successor printing %s (%.4f) where its study at the predecessor's output prints %s (%.4f): warnings %+v, want one naming the shift",
			footprint.FormatKgCO2e(res.KgCO2e), res.KgCO2e, footprint.FormatKgCO2e(atPred.KgCO2e), atPred.KgCO2e, ws)
	}
}
