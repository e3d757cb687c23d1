package api_test

import (
	"bytes"
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
