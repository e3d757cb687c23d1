package api_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"
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
		pageText.Replace(engine.MessageZH)+`<span class="en">`+pageText.Replace(engine.Message)+`</span>`,
		pageText.Replace(own.MessageZH)+`<span class="en">`+pageText.Replace(own.Message)+`</span>`)
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
