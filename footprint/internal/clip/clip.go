// Package clip shortens client input quoted back in a message.
package clip

import "unicode/utf8"

// Bytes returns s cut to at most n bytes at a character boundary, with
// "…" after it when anything was cut, so that a message quoting a long
// input never splits a character (a split one reads as "有\xe6" under %q).
func Bytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
