package certification

import (
	"strings"
)

// Session 53: the letters reading (readsAsLetters) and the model check
// (modelchars.Odd) read one table of the characters the certificate font
// prints as Latin letters and digits, modelchars.PrintedLetters, which
// now holds 彐 (E), 几 (N), 卩 (P) and 乛 (7) besides session 52's: "C彐"
// and "NET ZE彐O", "几ET ZERO", "卩CF 75 kg" were read by neither.

// Session 52: 乙, 匸, 丁 and 冂 joined printedLetters: hanzi that the
// certificate font draws as a Latin letter or a digit, past red team 74's
// strokes, bars and boxes. UTS #39's confusables (14.0.0) give no hanzi a
// Latin target but 〇 (O); they map the Kangxi radicals and the CJK strokes
// onto these hanzi, which NFKC does too for the radicals, so it is the
// hanzi that print. Each was read by no pattern: "Demo Module NET 乙ERO",
// "匸ARBON NEUTRAL", "75 kg CO乙e", "CDPCF-乙0乙6-000001". Like the rest of
// printedLetters they are read as letters only beside a Latin letter or a
// digit (readsAsLetters): among Chinese characters they are Chinese (乙醇,
// 丁苯橡胶).

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
