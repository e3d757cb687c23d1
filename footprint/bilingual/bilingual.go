// Package bilingual splits the service's bilingual messages, "中文。English",
// into their two halves, for code that puts each half in its own place (a
// page's two spans, the two halves of another message).
package bilingual

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Halves splits s at its last "。" into its Chinese, the "。" included, and
// its English; ok is false, with en s, when s is not so written: no "。",
// nothing after it, an English part that does not start with a Latin
// letter or that holds Chinese, or a Chinese part that holds none.
func Halves(s string) (zh, en string, ok bool) {
	i := strings.LastIndex(s, "。")
	if i < 0 {
		return "", s, false
	}
	zh, en = s[:i+len("。")], s[i+len("。"):]
	if en == "" || !unicode.IsLetter(rune(en[0])) || en[0] >= utf8.RuneSelf || strings.ContainsFunc(en, IsHan) || !strings.ContainsFunc(zh, IsHan) {
		return "", s, false
	}
	return zh, en, true
}

// IsHan reports whether r is a Chinese character.
func IsHan(r rune) bool { return unicode.Is(unicode.Han, r) }
