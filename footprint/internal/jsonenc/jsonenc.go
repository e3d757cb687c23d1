// Package jsonenc writes the numbers and strings of a canonical JSON
// document (the footprint package's result) byte for byte as encoding/json
// writes them, numbers rounded to 12 significant figures, without its
// reflection. It moved out of the footprint package unchanged but for
// exported names.
package jsonenc

import (
	"bytes"
	"math"
	"strconv"
	"unicode/utf8"
)

// CanonicalFloat is x rounded to 12 significant figures, -0 (and NaN,
// ±Inf) as 0 (footprint.CanonicalFloat).
func CanonicalFloat(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	// A stack buffer: the digits never reach the heap.
	var buf [32]byte
	v, _ := strconv.ParseFloat(string(strconv.AppendFloat(buf[:0], x, 'g', 12, 64)), 64)
	return v
}

// AppendCanonicalFloat writes AppendFloat(b, CanonicalFloat(x)) with
// one conversion instead of three, and returns CanonicalFloat(x) too. The
// 12 significant digits of x are the shortest digits of CanonicalFloat(x):
// a decimal of up to 15 significant digits comes back unchanged from a
// float64 in the normal range, and no shorter decimal lies within the
// float's rounding interval. So the digits only need placing as
// encoding/json places them. Outside 1e-300 to 1e300 (near subnormals,
// where fewer digits are exact) it takes the long way.
func AppendCanonicalFloat(b []byte, x float64) ([]byte, float64) {
	abs := math.Abs(x)
	if abs < 1e12 && x == math.Trunc(x) {
		// A whole number of at most 12 digits (or ±0) is its own rounding:
		// float64(n) is x, and 0 for -0.
		n := int64(x)
		return strconv.AppendInt(b, n, 10), float64(n)
	}
	if !(abs > 1e-300 && abs < 1e300) {
		v := CanonicalFloat(x)
		return AppendFloat(b, v), v
	}
	// e is "-d.dddddddddddde±XX": the sign, 12 digits, the exponent.
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], x, 'e', 11, 64)
	if e[0] == '-' {
		b = append(b, '-')
		e = e[1:]
	}
	var digits [12]byte
	digits[0] = e[0]
	copy(digits[1:], e[2:13])
	d := bytes.TrimRight(digits[:], "0") // the first digit is not 0
	exp := 0
	for _, c := range e[15:] {
		exp = exp*10 + int(c-'0')
	}
	if e[14] == '-' {
		exp = -exp
	}
	v := math.Copysign(decimalValue(d, exp, e), x)
	if exp < -6 || exp >= 21 {
		// encoding/json's exponent notation, rare in a result: the shortest
		// digits of v are d, so AppendFloat writes them (the sign is
		// written already).
		return AppendFloat(b, math.Abs(v)), v
	}
	// Fixed notation: point after exp+1 digits, with at most 5 zeros
	// before the digits (exp ≥ -6) or 20 after them (exp < 21).
	const zeros = "00000000000000000000"
	point := exp + 1
	switch {
	case point <= 0:
		b = append(append(b, "0."...), zeros[:-point]...)
		return append(b, d...), v
	case point >= len(d):
		return append(append(b, d...), zeros[:point-len(d)]...), v
	}
	b = append(append(b, d[:point]...), '.')
	return append(b, d[point:]...), v
}

// pow10 are the powers of ten a float64 holds exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// decimalValue returns the float64 nearest the decimal d[0].d[1:] × 10^exp
// (at most 12 digits, no sign), as strconv.ParseFloat of text (the same
// number) would: the digits as an integer are below 2⁵³, so when the power
// of ten is exact too, one multiplication or division is correctly rounded
// (strconv's own fast path); else it parses.
func decimalValue(d []byte, exp int, text []byte) float64 {
	var m int64
	for _, c := range d {
		m = m*10 + int64(c-'0')
	}
	switch p := exp - (len(d) - 1); {
	case p >= 0 && p < len(pow10):
		return float64(m) * pow10[p]
	case p < 0 && -p < len(pow10):
		return float64(m) / pow10[-p]
	}
	v, _ := strconv.ParseFloat(string(text), 64)
	return v
}

// AppendFloat writes a finite number as encoding/json does: like
// ECMAScript, the shortest form, in exponent notation below 1e-6 and from
// 1e21 on, with exponents unpadded.
func AppendFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 → e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// htmlSafe[c]: AppendString writes the byte c as it is.
var htmlSafe = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// shortEscape[c]: AppendString writes the ASCII byte c as \ and this
// byte, or as \u00XX where it is 0.
var shortEscape = [utf8.RuneSelf]byte{'\\': '\\', '"': '"', '\b': 'b', '\f': 'f', '\n': 'n', '\r': 'r', '\t': 't'}

// AppendString writes s as a JSON string the way encoding/json.Marshal
// does: <, > and & escaped as \u003c, \u003e, \u0026 (HTML-safe), control
// characters as \n, \t… or \u00XX, U+2028 and U+2029 escaped, and invalid
// UTF-8 replaced by \ufffd.
func AppendString[S []byte | string](b []byte, s S) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if htmlSafe[c] { // the common case: one test
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			if esc := shortEscape[c]; esc != 0 {
				b = append(b, '\\', esc)
			} else {
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		n := min(len(s)-i, utf8.UTFMax)
		r, size := utf8.DecodeRuneInString(string(s[i : i+n]))
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			if r == utf8.RuneError {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			}
			start = i + size
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// Encoder writes a canonical JSON document: a caller's methods write its
// fields in the order and with the omitempty rules of their json tags, each
// key with its punctuation (`,"name":`) through these. With Round set it
// also sets every number it writes to the number the bytes say
// (CanonicalFloat), so that a document read back equals the one written.
type Encoder struct {
	B     []byte // the document written so far
	Round bool   // set each number written to what the bytes say
}

// List writes open (a key and its '['), items 0 to n-1 by item, separated
// by commas, and ']'.
func (e *Encoder) List(open string, n int, item func(i int)) {
	e.B = append(e.B, open...)
	for i := range n {
		if i > 0 {
			e.B = append(e.B, ',')
		}
		item(i)
	}
	e.B = append(e.B, ']')
}

// OptStr is Str, for a string that is omitted when empty.
func (e *Encoder) OptStr(key, s string) {
	if s != "" {
		e.Str(key, s)
	}
}

// Str writes a key (with its punctuation) and a string.
func (e *Encoder) Str(key, s string) {
	e.B = AppendString(append(e.B, key...), s)
}

// Num writes a key (with its punctuation) and *x rounded by
// CanonicalFloat, and when rounding sets *x to the number written.
func (e *Encoder) Num(key string, x *float64) {
	var v float64
	e.B, v = AppendCanonicalFloat(append(e.B, key...), *x)
	if e.Round {
		*x = v
	}
}

// Bool writes a key (with its punctuation) and a boolean.
func (e *Encoder) Bool(key string, v bool) {
	e.B = strconv.AppendBool(append(e.B, key...), v)
}
