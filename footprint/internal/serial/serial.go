// Package serial reads the serial numbers of green-power instruments the
// way the double-claim register compares them: one form per serial a
// person reads as the same (Key), and the final number of a serial, so
// that a batch of green certificates with consecutive serials can be held
// as a range (Number, Plus, Count).
//
// It knows nothing of the domain: footprint wraps it (NormalizeSerial,
// SerialKey, GreenClaim.Range), so that this arithmetic on codes does not
// count among the domain's lines.
package serial

import (
	"cmp"
	"math"
	"math/big"
	"strings"
)

// MaxLen is the longest serial accepted.
const MaxLen = 128

// Punct lists the punctuation a serial may hold besides letters and digits.
const Punct = "-_./:#"

const digits = "0123456789"

// Normalize returns the form in which serials are shown and first compared:
// trimmed and upper-case, so "gec-001 " and "GEC-001" are the same
// instrument.
func Normalize(serial string) string {
	return strings.ToUpper(strings.TrimSpace(serial))
}

// Key returns the form in which the double-claim register compares
// serials. A person reads a serial as its runs of letters and its numbers,
// so the punctuation a serial may hold (Punct) only separates them: it is
// dropped between two runs of letters and between letters and a number
// ("GEC-DEMO-2025-000001", "GECDEMO-2025-000001", "GEC_DEMO2025-000001"
// and "GECDEMO2025.000001" are one certificate), and none is kept at either
// end ("GEC-001." and "GEC-001#" are GEC-001). Between two numbers it is
// what tells them apart, so any run of it there is one hyphen: "GEC-0-01"
// is 0 then 1 and stays another serial than "GEC-001", and
// "GEC-2025-000001" another than "GEC-2025000001"; "GEC--0/01" is GEC-0-01.
//
// Serials are codes, not words, so the letters that read as digits are
// read as digits (O as 0, I and L as 1: "GEC-2025-IOO" is GEC-2025-100,
// "GEC2O25" GEC2025), and every run of digits is read as a number, without
// its leading zeros ("GEC-2025-000001", "GEC-2025-0000001", "GEC-2025-1"
// and "GEC-2025-OOOOO1" are one certificate).
//
// Whether punctuation stands between two numbers is judged on the serial
// as written (numberAt). Zeros (or O) ending a word are the word's:
// "GEC-DEMO-2025" and "GEC-DEM0-2025" are read as "GEC-DEMO2025" is, and
// "GEC2O25" is read as GEC2025, so the O cannot be the number 0 before
// 2025; it reads as a leading zero of 2025, and the key drops it
// ("GEC-DEMO-2025" is GEC-DEM-2025 to the register: a wider key refuses
// more, it never lets a certificate count twice). A 1 (or I, L) ending a
// word stays a number, so that the number after it keeps its value
// ("GEC-A1-000001" is GEC-A1-1, not GEC-A1000001). What stands alone
// between punctuation is a number ("GEC-O-01" is GEC-0-01). Two readings
// stay apart that a person may take as one (docs/integrity.md §2a):
// "GEC-0-2025" (0, then 2025) and "GEC0-2025" (the word GEC0, then 2025),
// and "GEC-SOL-2025" (the number 1 after SO, then 2025) and "GEC-SOL2025"
// (SO, then 12025): reading either pair as one would join "GEC-0-01" and
// "GEC-001", or part "GEC-A1-000001" and "GEC-A1-1".
//
// A year written together with the number after it is read apart
// (years): a run of five or more digits that begins 20 is a year and a
// number, so "GEC-DEMO-2025000001" is GEC-DEMO-2025-000001 to the register
// (session 30: written so, a batch already claimed counted twice). A wider
// key refuses more: "GEC-2025123" (2,025,123) is GEC-2025-123 too.
//
// The key is only compared, never shown. Changing it needs a new re-key
// marker in factordb's index migrations, so that stored claims move to the
// new key.
func Key(serial string) string {
	isPunct := func(r rune) bool { return strings.ContainsRune(Punct, r) }
	runs := strings.FieldsFunc(Normalize(serial), isPunct)
	var b strings.Builder
	for i, run := range runs {
		if i > 0 && numberAt(runs[i-1], false) && numberAt(run, true) {
			b.WriteByte('-')
		}
		b.WriteString(run)
	}
	return years(numbers(lookAlikes.Replace(b.String())))
}

// years returns key, numbers already without their leading zeros, with
// every number of five digits or more that begins 20 read as a year (its
// first four digits) and the number after it, a hyphen between them: a
// function of the key before it, so that no two serials one before are
// two now.
func years(key string) string {
	return mapNumbers(key, func(run string) string {
		if len(run) >= 5 && strings.HasPrefix(run, "20") {
			return run[:4] + "-" + numbers(run[4:])
		}
		return run
	})
}

// numberAt reports whether run, a serial's text between punctuation, ends
// (start: starts) in a number rather than in letters. A digit 2 to 9 is a
// number; a letter other than O, I and L is not. A 0 or 1 (or O, I, L, which
// read as them) is read by what stands next to the run of them: a number
// beside a digit 2 to 9 ("2O25", "A20"), and a number when the whole run is
// of them ("0", "IOO"). Beside a letter, at the start of a run it is the
// word's ("0AK"); at the end, zeros are the word's ("DEMO", "DEM0"): folded
// onto the number after them, they are leading zeros of it, which the key
// drops, so the number keeps its value. A 1 there stays a number ("A1",
// "SOL", "M10"): folded onto "000001" it would make it 1000001, and
// "A1-000001" and "A1-1", one certificate, would be two.
func numberAt(run string, start bool) bool {
	ambiguous := func(c byte) bool { return strings.IndexByte("01OIL", c) >= 0 }
	one := false
	for j := range len(run) {
		i := len(run) - 1 - j
		if start {
			i = j
		}
		c := run[i]
		if !ambiguous(c) {
			return '2' <= c && c <= '9' || !start && one
		}
		one = one || c == '1' || c == 'I' || c == 'L'
	}
	return true
}

// numbers returns key with every run of digits without its leading zeros
// (a run of zeros is 0).
func numbers(key string) string {
	return mapNumbers(key, func(run string) string {
		if run = strings.TrimLeft(run, "0"); run == "" {
			return "0"
		}
		return run
	})
}

// mapNumbers returns key with every run of digits replaced by f(run).
func mapNumbers(key string, f func(run string) string) string {
	var b strings.Builder
	for i := 0; i < len(key); {
		j := i
		for j < len(key) && '0' <= key[j] && key[j] <= '9' {
			j++
		}
		if j == i {
			b.WriteByte(key[i])
			i++
			continue
		}
		b.WriteString(f(key[i:j]))
		i = j
	}
	return b.String()
}

// lookAlikes reads the letters of a serial that look like digits as those
// digits.
var lookAlikes = strings.NewReplacer("O", "0", "I", "1", "L", "1")

// Valid reports whether a normalised serial holds only ASCII upper-case
// letters, digits and Punct. The double-claim register compares serials as
// Normalize writes them (trimmed, upper-case): "GEC-001" written with a
// full-width letter, a non-breaking hyphen, a zero-width space or a
// doubled inner space would otherwise be another serial to the register
// while naming the same certificate to a person.
func Valid(serial string) bool {
	return len(serial) <= MaxLen && !strings.ContainsFunc(serial, func(c rune) bool {
		return !('A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.ContainsRune(Punct, c))
	})
}

// Number splits the key of serial (Key) into the text before its final run
// of digits and that run read as a number, without leading zeros ("" if
// the key ends in a letter), and returns how many digits the run is written
// with: "GEC-2025-000100" is GEC2025- and 100, written with 6 digits.
func Number(serial string) (prefix, n string, width int) {
	key := Key(serial)
	prefix = strings.TrimRight(key, digits)
	if n = strings.TrimLeft(key[len(prefix):], "0"); n == "" && len(prefix) < len(key) {
		n = "0"
	}
	written := strings.TrimRight(lookAlikes.Replace(Normalize(serial)), Punct)
	return prefix, n, len(written) - len(strings.TrimRight(written, digits))
}

// Compare compares two numbers as Number returns them ("" first).
func Compare(a, b string) int { return cmp.Or(cmp.Compare(len(a), len(b)), strings.Compare(a, b)) }

// Plus returns number n plus k rounded up, for a finite k ≥ 0.
func Plus(n string, k float64) string {
	x, ok := new(big.Int).SetString(n, 10)
	if !ok || !(k > 0) || math.IsInf(k, 0) {
		return n
	}
	more, _ := big.NewFloat(math.Ceil(k)).Int(nil)
	return x.Add(x, more).String()
}

// Count returns how many numbers first to last are (last - first + 1; 0
// or less if last comes before first, 0 if either is not a number).
func Count(first, last string) float64 {
	f, ok1 := new(big.Int).SetString(first, 10)
	l, ok2 := new(big.Int).SetString(last, 10)
	if !ok1 || !ok2 {
		return 0
	}
	n, _ := new(big.Float).SetInt(l.Sub(l, f)).Float64()
	return n + 1
}
