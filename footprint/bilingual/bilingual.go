// Package bilingual splits the service's bilingual messages, "中文。English",
// into their two halves, for code that puts each half in its own place (a
// page's two spans, the two halves of another message).
package bilingual

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Halves splits s at its last "。" outside quotes into its Chinese, the "。"
// included, and its English; ok is false, with en s, when s is not so
// written: no "。", nothing after it, an English part that does not start
// with a Latin letter or that holds Chinese outside quotes, or a Chinese
// part that holds none. Quoted text ("…", “…”, 「…」, 『…』) is an
// applicant's or a document's own and may hold a "。"; where the quotes do
// not pair up, the last "。" is taken.
func Halves(s string) (zh, en string, ok bool) {
	i := lastStop(s)
	if i < 0 {
		return "", s, false
	}
	zh, en = s[:i+len("。")], s[i+len("。"):]
	if en == "" || !unicode.IsLetter(rune(en[0])) || en[0] >= utf8.RuneSelf || strings.ContainsFunc(unquoted(en), IsHan) || !strings.ContainsFunc(zh, IsHan) {
		return "", s, false
	}
	return zh, en, true
}

// IsHan reports whether r is a Chinese character.
func IsHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// closing maps each opening quote to its closing one; '"' closes itself.
var closing = map[rune]rune{'"': '"', '“': '”', '「': '」', '『': '』'}

// lastStop returns the offset of the last "。" of s outside quotes, or of
// its last "。" when the quotes of s do not pair up.
func lastStop(s string) int {
	last := -1
	if !outsideQuotes(s, func(i int, r rune) {
		if r == '。' {
			last = i
		}
	}) || last < 0 {
		return strings.LastIndex(s, "。")
	}
	return last
}

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
