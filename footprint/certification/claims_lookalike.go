package certification

import (
	"maps"
	"strings"
)

// Session 52: hanzi that the certificate font draws as a Latin letter or
// a digit, past red team 74's strokes, bars and boxes (printedLetters).
// UTS #39's confusables (14.0.0) give no hanzi a Latin target but 〇 (O);
// they map the Kangxi radicals and the CJK strokes onto these hanzi, which
// NFKC does too for the radicals, so it is the hanzi that print. Each was
// read by no pattern: "Demo Module NET 乙ERO", "匸ARBON NEUTRAL", "75 kg
// CO乙e", "CDPCF-乙0乙6-000001". Like printedLetters they are read as
// letters only beside a Latin letter or a digit (readsAsLetters): among
// Chinese characters they are Chinese (乙醇, 丁苯橡胶).
var hanLetters = map[rune]rune{
	'乙': 'Z', // U+4E59, a Z with a tail; a 2 too, beside a digit or after CO (readHanTwo)
	'匸': 'C', // U+5338, 匚 (read as C) with a stroke over it; ⼖ KANGXI RADICAL HIDING ENCLOSURE's target
	'丁': 'T', // U+4E01, a T with a hooked stem
	'冂': 'N', // U+5182, an n drawn square
}

// printedLetters reads hanLetters too: they are the characters of the
// same kind.
func init() { maps.Copy(printedLetters, hanLetters) }

// readHanTwo returns lower-case s with 乙 read as the 2 a reader takes it
// for where it stands as a digit: beside a digit, or beside another 乙
// that does ("CDPCF-乙0乙6", "乙乙0"), or after co ("co乙e", CO2e).
func readHanTwo(s string) string {
	if !strings.Contains(s, "乙") {
		return s
	}
	rs := []rune(s)
	digit := func(i int) bool { return i >= 0 && i < len(rs) && '0' <= rs[i] && rs[i] <= '9' }
	for changed := true; changed; {
		changed = false
		for i, r := range rs {
			if r == '乙' && (digit(i-1) || digit(i+1) || i >= 2 && rs[i-2] == 'c' && rs[i-1] == 'o') {
				rs[i], changed = '2', true
			}
		}
	}
	return string(rs)
}
