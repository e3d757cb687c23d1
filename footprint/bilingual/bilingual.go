// Package bilingual splits the service's bilingual messages, "中文。English",
// into their two halves, for code that puts each half in its own place (a
// page's two spans, the two halves of another message).
package bilingual

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Halves splits s at a "。" into its Chinese, the "。" included, and its
// English; ok is false, with en s, when s is not so written: no "。",
// nothing after it, an English part that does not start with a Latin
// letter or that holds Chinese outside quotes, or a Chinese part that
// holds none. The "。" is the last outside quotes ("…", “…”, 「…」, 『…』)
// that so splits s, else the last that does: quoted text is an
// applicant's or a document's own and may hold a "。", and a straight
// quote may be an inch mark, pairing with another across the "。".
func Halves(s string) (zh, en string, ok bool) {
	var outside, all []int
	outsideQuotes(s, func(i int, r rune) {
		if r == '。' {
			outside = append(outside, i)
		}
	})
	for i, r := range s {
		if r == '。' {
			all = append(all, i)
		}
	}
	for _, list := range [][]int{outside, all} {
		for k := len(list) - 1; k >= 0; k-- {
			if zh, en, ok := halvesAt(s, list[k]); ok {
				return zh, en, true
			}
		}
	}
	return "", s, false
}

// halvesAt splits s at the "。" at i, if its halves read as Halves wants.
func halvesAt(s string, i int) (zh, en string, ok bool) {
	zh, en = s[:i+len("。")], s[i+len("。"):]
	if en == "" || !unicode.IsLetter(rune(en[0])) || en[0] >= utf8.RuneSelf || strings.ContainsFunc(unquoted(en), IsHan) || !strings.ContainsFunc(zh, IsHan) {
		return "", "", false
	}
	return zh, en, true
}

// IsHan reports whether r is a Chinese character.
func IsHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// closing maps each opening quote to its closing one; '"' closes itself.
var closing = map[rune]rune{'"': '"', '“': '”', '「': '」', '『': '』'}

// unquoted returns s without its quoted text, when its quotes pair up.
func unquoted(s string) string {
	var b strings.Builder
	if !outsideQuotes(s, func(_ int, r rune) { b.WriteRune(r) }) {
		return s
	}
	return b.String()
}

// outsideQuotes calls f with each rune of s outside quotes, and its offset,
// and reports whether the quotes of s pair up. A '"' escaped by a backslash
// inside "…" (a Go-quoted string) does not close it.
func outsideQuotes(s string, f func(i int, r rune)) bool {
	want, escaped := rune(0), false
	for i, r := range s {
		switch {
		case escaped:
			escaped = false
		case r == '\\' && want == '"':
			escaped = true
		case want != 0:
			if r == want {
				want = 0
			}
		case closing[r] != 0:
			want = closing[r]
		default:
			f(i, r)
		}
	}
	return want == 0
}

// Clip returns s cut to at most n bytes at a character boundary, with "…"
// after it when anything was cut: input quoted back in a message (either
// half) never splits a character, which %q would show as "有\xe6".
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
