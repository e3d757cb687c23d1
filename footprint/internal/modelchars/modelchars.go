// Package modelchars finds the characters of a product model that read as
// another letter, digit or dash (footprint.CheckModelCharacters says why;
// moved here to make room in the engine, red team 75), and holds the table
// of the characters the certificate font draws as a Latin letter or digit
// (PrintedLetters), which the model check and the claims check both read.
// It knows no domain types.
package modelchars

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Odd returns the first letter or digit of model that is neither ASCII nor
// a Chinese character, or a Chinese character that reads as a Latin
// letter, a digit or punctuation (PrintedLetters, hanStrokes) standing next
// to an ASCII character (0 if none), and whether model holds no letter or
// digit at all.
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
		case unicode.Is(unicode.Han, r) && unicode.IsLetter(r) && !(lookAlike(r) && beside(i)):
			continue
		}
		return r, false
	}
	return 0, false
}

// lookAlike reports whether Chinese character r reads as a Latin letter, a
// digit or punctuation beside them.
func lookAlike(r rune) bool {
	_, letter := PrintedLetters[r]
	return letter || strings.ContainsRune(hanStrokes, r)
}

// hanStrokes are the Chinese characters that read as a dash, a dot, a
// slash or a sign beside Latin letters and digits (red team 15), besides
// those of PrintedLetters.
const hanStrokes = "一丶丿乀乁十二"

// PrintedLetters are the characters the certificate font draws as a
// stroke, a bar, a box or a letter's shape, with the Latin letter or digit
// a reader takes each for beside a Latin letter or digit (red team 74:
// "VAL丨D", "75 kg C口2e"; red team 15: 丅 丫 乂 匚 凵 乚 in models; session
// 52: 乙 as Z, 匸 as C, 丁 as T, 冂 as N). A bar reads as |, which the claim
// patterns read as i between letters (red team 45).
//
// Session 53: 彐 (a reversed E), 几 (an n), 卩 (a P) and 乛 (a 7): each is
// a GBK hanzi the font prints (U+4E00–9FA5), and UTS #39 gives none of them
// a Latin target, as it gives none of the hanzi above ("NET ZE彐O", "几ET
// ZERO", "卩CF 75 kg", "C彐" for the CE mark). Among Chinese characters
// they are Chinese (茶几, 几乎): the readers read them only beside a Latin
// letter or digit.
var PrintedLetters = map[rune]rune{
	'丨': '|', '亅': '|', '¦': '|', '‖': '|', '工': 'I', '口': 'O', '囗': 'O', '〇': 'O',
	'乚': 'L', '匚': 'C', '凵': 'U', '丅': 'T', '丫': 'Y', '乂': 'X',
	'乙': 'Z', '匸': 'C', '丁': 'T', '冂': 'N',
	'彐': 'E', '几': 'N', '卩': 'P', '乛': '7',
}
