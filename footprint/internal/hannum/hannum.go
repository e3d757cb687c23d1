// Package hannum reads a number written in Chinese words in digits: 二十七
// (27), 二十三点八 (23.8), 伍佰伍拾 (550, the financial numerals), 一万零五
// (10005). Package area reads a screen's diagonal with it (二十七英寸) and
// package certification a power in a product's name (五百五十瓦).
package hannum

import (
	"strconv"
	"strings"
)

// Reading says how Digits reads a run of number words: as a figure a unit
// follows, or anywhere in a text.
type Reading int

const (
	// Figure reads a run a unit of length follows (二十七英寸): every run
	// is a number, a unit word with no digit before it is one of it (百
	// 100, 十二 12, 万 10000) and is added (百二十 120), and digit words
	// with no unit are digits in a row (二七 27).
	Figure Reading = iota
	// InText reads a run anywhere in a text, where a number word may be
	// no number (百货, 万能, the 千 of 千瓦): a run of digit words alone
	// (五五〇) is left as it is, for the caller to read digit by digit;
	// one of units alone (千, 万) is none; 百 and 千 multiply a digit only
	// (十 stands alone: 十瓦); a 千 ending the run that multiplies nothing
	// is left after the number (五百五十千瓦: "550千"), and a 两 after 点
	// is left as it is (a decimal digit is never written 两).
	InText
)

// digits and units are the values of the number words, the financial
// numerals (壹, 拾) with them.
var (
	digits = map[rune]int{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
		'壹': 1, '贰': 2, '叁': 3, '肆': 4, '伍': 5, '陆': 6, '柒': 7, '捌': 8, '玖': 9}
	units = map[rune]int{'十': 10, '拾': 10, '百': 100, '佰': 100, '千': 1000, '仟': 1000}
)

// Digits returns the number in Chinese words w in digits, read as how
// says, and w itself when it is none, or is in ASCII digits ("27").
func Digits(w string, how Reading) string {
	if w == "" || w[0] < 0x80 {
		return w
	}
	whole, frac, point := strings.Cut(w, "点")
	if how == InText && (!point && !strings.ContainsFunc(whole, func(r rune) bool { return units[r] > 0 || r == '万' }) ||
		!strings.ContainsFunc(w, func(r rune) bool { _, ok := digits[r]; return ok || units[r] == 10 })) { // 五五〇; 万 alone, 千 of 千瓦
		return w
	}
	total, section, digit, unit := 0, 0, -1, false
	for i, r := range whole {
		d, isDigit := digits[r]
		u := units[r]
		switch {
		case isDigit && how == Figure && digit >= 0 && !unit: // 二七
			digit = digit*10 + d
		case isDigit:
			digit = d
		case u > 0 && (digit >= 0 || u == 10 || how == Figure):
			section, digit, unit = section+max(digit, 1)*u, -1, true
		case u > 0 && (r == '千' || r == '仟') && i == len(whole)-len(string(r)):
			if point {
				return Digits(whole[:i]+"点"+frac, how) + "千"
			}
			return Digits(whole[:i], how) + "千"
		case r == '万':
			n := total + section + max(digit, 0)
			if n == 0 && how == Figure {
				n = 1 // 万 before any digit, as 百
			}
			total, section, digit, unit = n*10000, 0, -1, true
		default:
			return w
		}
	}
	out := strconv.Itoa(total + section + max(digit, 0))
	if point {
		out += "."
		for _, r := range frac {
			if d, ok := digits[r]; ok && (how == Figure || r != '两') {
				out += strconv.Itoa(d)
			} else {
				out += string(r)
			}
		}
	}
	return out
}
