package labels_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// pefLevel is the PEF level of an overall DQR (reference/standards.md
// §5.1: ≤1.5 excellent, >1.5–2.0 very good, >2.0–3.0 good, >3.0–4.0 fair,
// >4.0 poor), as an index: 0 is excellent.
func pefLevel(dqr float64) int {
	for i, max := range []float64{1.5, 2, 3, 4} {
		if dqr <= max {
			return i
		}
	}
	return 4
}

var printedDQR = regexp.MustCompile(`DQR (\d+(?:\.\d+)?)`)

// Red team 20: ensure the DQR a certificate prints reads in the PEF level
// of the study's DQR. The certificate prints the DQR with one decimal
// (strconv 'f', 1) beside "PEF：1 最优 best – 5", and the PEF levels
// (reference/standards.md §5.1) break at 1.5, 2.0, 3.0 and 4.0, so rounding
// to one decimal moves a study just above a bound into the better level: a
// study of DQR 2.04, "good" in the result (footprint.Result.DQRLevel),
// prints "DQR 2.0", which the PEF table reads as "very good"; 1.54 ("very
// good") prints "1.5" (excellent), 3.04 (fair) "3.0" (good). A manufacturer
// tunes one line's dq scores to land just above a bound. A correct
// certificate prints a figure that stays in the study's level (two
// decimals, or rounded up, the direction that never flatters) or prints
// the level's words beside it. Fix in labels/certificate.go (the "dqr"
// field); no new cited figure is needed, the levels are in standards.md.
func TestRedteam20_DQRRoundedIntoABetterLevel(t *testing.T) {
	words := map[float64]string{1.501: "DQR 1.51 很好 very good", 1.54: "DQR 1.54 很好 very good", 2.04: "DQR 2.04 良好 good", 3.04: "DQR 3.04 一般 fair", 1.5: "DQR 1.50 优秀 excellent"}
	for _, dqr := range []float64{1.501, 1.54, 2.04, 3.04, 1.5} {
		c := newCertificateV3()
		c.DQR = dqr
		f := signedFixture(t, c)
		text := strings.Join(strings.Fields(pdftotextLayout(t, renderCert(t, f.sc))), " ")
		m := printedDQR.FindStringSubmatch(text)
		if m == nil {
			t.Fatalf("DQR %v: the certificate prints no DQR: %s", dqr, text)
		}
		printed, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text, words[dqr]) { // layout 4: rounded up, the level in words
			t.Errorf("DQR %v: want %q on the certificate: %s", dqr, words[dqr], m[0])
		}
		if pefLevel(printed) < pefLevel(dqr) {
			t.Errorf("study DQR %v (PEF level %d) printed as %q, which reads as level %d, a better one", dqr, pefLevel(dqr), m[0], pefLevel(printed))
		}
	}
}
