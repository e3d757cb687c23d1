// Package hscode reads what a factor is of from its product codes and its
// code: the HS chapters of its codes and the words of its code, which the
// recycling-credit check (package credit) and the Monte Carlo's material
// families (package montecarlo) each map to their own classes.
package hscode

import (
	"fmt"
	"strings"
)

// Chapters returns the HS chapter (the first two digits, HS 2022) of each
// HS code of pcs ("SCHEME:code"), in order; codes of other schemes, and HS
// codes shorter than a chapter, give none.
func Chapters[P fmt.Stringer](pcs []P) []string {
	var out []string
	for _, pc := range pcs {
		if digits, ok := strings.CutPrefix(pc.String(), "HS:"); ok && len(digits) >= 2 {
			out = append(out, digits[:2])
		}
	}
	return out
}

// Words returns the words of a factor code, between '-', '_' and '.'
// ("MAT-STEEL-AVG": MAT, STEEL, AVG), as written.
func Words(code string) []string {
	return strings.FieldsFunc(code, func(r rune) bool { return r == '-' || r == '_' || r == '.' })
}
