package certification

import (
	"math/rand/v2"
	"testing"
)

// Ensure markRun, which spares bareMarkRe the texts no mark can stand in,
// holds for every text bareMarkRe matches: texts written at random from
// the marks' letters, the separators and the neighbours that bound a
// token or join it to a code.
func TestMarkRun_HoldsForEveryMatch(t *testing.T) {
	parts := []string{"ce", "ul", "c", "us", "ukca", "ccc", "fcc", "rohs", "a", "l", "s", "2", " ", "-", ".", "_", "/", "(", ")", "·", "组", "ｃ"}
	rng := rand.New(rand.NewPCG(51, 51))
	matched := 0
	for range 200000 {
		var b []byte
		for range 1 + rng.IntN(8) {
			b = append(b, parts[rng.IntN(len(parts))]...)
		}
		s := string(b)
		if bareMarkRe.re.MatchString(s) {
			matched++
			if !markRun(s) {
				t.Fatalf("bareMarkRe matches %q, which markRun passes over", s)
			}
		}
	}
	if matched < 1000 {
		t.Fatalf("only %d of the texts matched bareMarkRe: the test reads too few marks", matched)
	}
}
