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
// serials: Normalize, with every run of the punctuation a serial may hold
// (Punct) read as one hyphen, and none at either end. A person reads
// "GEC-001.", "GEC-001#", "GEC--001", "GEC/001" and "GEC-001" as one
// certificate, so the register does too; the serial is shown as written
// (Normalize). "GEC-0-01" and "GEC-001" stay two serials.
//
// Serials are codes, not words, so the letters that read as digits are
// read as digits in every run (O as 0, I and L as 1: "GEC-2025-IOO" is
// GEC-2025-100, "GEC2O25" GEC2025), and a run of digits is read as a
// number, without its leading zeros ("GEC-2025-000001", "GEC-2025-0000001",
// "GEC-2025-1" and "GEC-2025-OOOOO1" are one certificate). The key is only
// compared, never shown. Changing it needs a new re-key marker in
// factordb's index migrations, so that stored claims move to the new key.
func Key(serial string) string {
	isPunct := func(r rune) bool { return strings.ContainsRune(Punct, r) }
	runs := strings.FieldsFunc(lookAlikes.Replace(Normalize(serial)), isPunct)
	for i, run := range runs {
		if strings.Trim(run, digits) == "" {
			if run = strings.TrimLeft(run, "0"); run == "" {
				run = "0"
			}
			runs[i] = run
		}
	}
	return strings.Join(runs, "-")
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
// with: "GEC-2025-000100" is GEC-2025- and 100, written with 6 digits.
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
