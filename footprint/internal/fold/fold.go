// Package fold folds the spellings of text that must compare equal however
// it is typed: full-width forms as Chinese input methods give them, and
// sub-assembly ids that differ only in case, width or invisible characters.
// footprint.FoldWidth and the engine's sub-assembly id check call it; it
// moved here from the footprint package to make room there (red team 71).
package fold

import (
	"strings"
	"unicode"
)

// Width maps the full-width forms U+FF01–U+FF5E to their ASCII
// counterparts and the ideographic space to a space; other text is returned
// as it is, without allocating.
func Width(s string) string {
	if !strings.ContainsFunc(s, isFullWidth) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFF01 + '!'
		case r == 0x3000:
			return ' '
		}
		return r
	}, s)
}

func isFullWidth(r rune) bool { return (r >= 0xFF01 && r <= 0xFF5E) || r == 0x3000 }

// ID returns the form in which sub-assembly ids must differ: lower
// case, full-width letters and digits as ASCII, without spaces and
// invisible characters.
func ID(id string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return unicode.ToLower(r)
	}, Width(id))
}
