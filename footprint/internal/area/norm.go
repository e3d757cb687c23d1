package area

import (
	"strings"
	"unicode"

	"github.com/chengdu-pcf/pcf/footprint/internal/fold"
)

// norm folds the spellings of a name that a reader reads alike and the
// reading here did not: full-width forms (fold.Width: ２７ｉｎｃｈ); a
// decimal digit of any script as its ASCII digit ("𝟐𝟕-inch", in
// mathematical bold, or ٢٧); a space of any kind as a space (27 inch with
// a no-break space or a thin space); a dash of any kind, or the minus
// sign, as a hyphen (27—inch, 27−inch); and invisible format characters
// left out (a zero-width space, a soft hyphen: "27\u200b-inch"). Each of
// these left a name stating its diagonal unread before session 56, its
// area unbounded (a warning only), or read a smaller figure
// ("2\u200b7-inch" as 7 inches).
func norm(text string) string {
	text = fold.Width(text)
	if !strings.ContainsFunc(text, odd) {
		return text
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r < 0x80:
			return r
		case unicode.Is(unicode.Cf, r):
			return -1
		case unicode.Is(unicode.Zs, r):
			return ' '
		case r == '−' || unicode.Is(unicode.Pd, r) && r != '‐' && r != '‑' && r != '–' && r != '〜' && r != '～':
			return '-'
		case unicode.Is(unicode.Nd, r):
			return '0' + digit(r)
		}
		return r
	}, text)
}

// odd reports whether r is one norm changes.
func odd(r rune) bool {
	return r >= 0x80 && (unicode.In(r, unicode.Cf, unicode.Zs, unicode.Nd) || r == '−' || unicode.Is(unicode.Pd, r) && r != '‐' && r != '‑' && r != '–' && r != '〜' && r != '～')
}

// digit returns the value of the decimal digit r: Unicode assigns each
// script's digits 0 to 9 in a row, and unicode.Nd's ranges are runs of
// such rows, each starting at a 0.
func digit(r rune) rune {
	for _, rg := range unicode.Nd.R16 {
		if lo, hi := rune(rg.Lo), rune(rg.Hi); r >= lo && r <= hi {
			return (r - lo) % 10
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if lo, hi := rune(rg.Lo), rune(rg.Hi); r >= lo && r <= hi {
			return (r - lo) % 10
		}
	}
	return 0
}
