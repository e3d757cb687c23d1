// Package ofcodes reads a supplier footprint's figure against the factors of
// the study's published set of its own product codes: the floor a PACT
// footprint is held to (the engine's supplierFloorOf; red teams 9, 17, 44).
//
// It knows no domain types: a product code is a struct of its scheme and
// code (Code: footprint.ProductCode), and footprint passes the factors,
// each converted to the footprint's declared unit, as plain values.
package ofcodes

import (
	"slices"
	"strings"
)

// Code is a product code: its scheme ("HS") and its digits ("854142"),
// as footprint.ProductCode holds them.
type Code interface{ ~struct{ Scheme, Code string } }

// Lowest returns the lowest factor of the study's set whose product codes in
// holds, in kgCO2e per the footprint's declared unit (code "" when none
// converts to it), and of, one that does not convert ("" when none).
type Lowest[P Code] func(in func(fc P) bool) (code string, low float64, of string)

// Floor returns what a footprint of product codes codes is compared with:
// for each code, the lowest factor (lowest) whose own code holds it (of
// that product, or of a class holding it), or, for a code broader than
// every such factor's (a heading, HS 3902), the lowest of the factors
// within it (broad); f and low, the highest of those, so that another code,
// of a cheaper product, does not choose a lower one; of, a factor of a code
// none of whose factors converts to the footprint's unit ("": none).
func Floor[P Code](codes []P, lowest Lowest[P]) (f string, low float64, of string, broad bool) {
	for _, pc := range codes {
		c, l, o := lowest(func(fc P) bool { return within(pc, fc) })
		wide := c == "" && o == ""
		if wide {
			c, l, o = lowest(func(fc P) bool { return within(fc, pc) })
		}
		switch {
		case c != "" && l > low:
			f, low, broad = c, l, wide
		case c == "" && of == "":
			of = o
		}
	}
	return f, low, of, broad
}

// within reports whether a is of b's class: of b's scheme, its code
// starting with b's. Compared field by field, not as "SCHEME:code"
// strings: Floor compares every code with every factor's, and writing
// two strings a comparison cost an allocation each (session 55).
func within[P Code](a, b P) bool {
	x, y := struct{ Scheme, Code string }(a), struct{ Scheme, Code string }(b)
	return x.Scheme == y.Scheme && strings.HasPrefix(x.Code, y.Code)
}

// HasPrefix reports whether pc written "SCHEME:code" (ProductCode.String)
// starts with prefix (a rule's "HS:8541"), without writing it: the engine
// asks it of every code of every factor and line (session 55).
func HasPrefix[P Code](pc P, prefix string) bool {
	c := struct{ Scheme, Code string }(pc)
	if len(prefix) <= len(c.Scheme) {
		return strings.HasPrefix(c.Scheme, prefix)
	}
	return strings.HasPrefix(prefix, c.Scheme) && prefix[len(c.Scheme)] == ':' && strings.HasPrefix(c.Code, prefix[len(c.Scheme)+1:])
}

// Under reports whether pc starts with one of prefixes (HasPrefix).
func Under[P Code](pc P, prefixes []string) bool {
	return slices.ContainsFunc(prefixes, func(p string) bool { return HasPrefix(pc, p) })
}

// Held is what Floor returns, kept (a study may name one footprint on
// hundreds of lines, and each Floor compares its codes with every factor).
type Held struct {
	F, Of string
	Low   float64
	Broad bool
}
