// Package modelchars finds the characters of a product model that read as
// another letter, digit or dash (footprint.CheckModelCharacters says why;
// moved here to make room in the engine, red team 75). It knows no domain
// types.
package modelchars

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Odd returns the first letter or digit of model that is neither ASCII nor
// a Chinese character, or a Chinese character of hanLookAlikes standing
// next to an ASCII character (0 if none), and whether model holds no
// letter or digit at all.
func Odd(model string) (odd rune, none bool) {
	if !strings.ContainsFunc(model, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return 0, true
	}
	rs := []rune(model)
	beside := func(i int) bool { // an ASCII character next to rs[i]
		return i > 0 && rs[i-1] < utf8.RuneSelf || i+1 < len(rs) && rs[i+1] < utf8.RuneSelf
	}
	for i, r := range rs {
		switch {
		case r < utf8.RuneSelf || !unicode.IsLetter(r) && !unicode.IsNumber(r):
			continue
		case unicode.Is(unicode.Han, r) && unicode.IsLetter(r) && !(strings.ContainsRune(hanLookAlikes, r) && beside(i)):
			continue
		}
		return r, false
	}
	return 0, false
}

// hanLookAlikes are the Chinese characters that read as a Latin letter, a
// digit or punctuation beside them.
const hanLookAlikes = "一丨丶丿乀乁亅口囗工十二丅丫乂匚凵乚乙匸丁冂" // red team 15 added T, Y, X, C, U, L; session 52 Z (or 2), C, T, N
