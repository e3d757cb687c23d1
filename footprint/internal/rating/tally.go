package rating

// Line is what a line's DQR rates of its figure, and whose scores it is:
// Unrated is the share, 0 to 1, of the line's kgCO2e its DQR does not rate
// (a supplier's DQR rates the part of its figure it covers, red team 51),
// and Self says the DQR is the study's own dq scores for the line, not the
// rating of the factor or supplier footprint it uses.
//
// SelfPart is the share, 0 to 1, of a supplier footprint's own DQR that
// rests on its study's own scores (a certificate of format 8), which the
// line's DQR rests on in that share when the line is not rated by the
// study itself: a supplier certificate rated by its own study passed that
// study's word to the buyer's DQR as if it were the factors' (reviewer 51).
type Line struct {
	Unrated  float64
	Self     bool
	SelfPart float64
}

// Tally sums the DQR of a result over its rated leaves, each weighted by
// the kgCO2e its DQR rates (PEF: contribution-weighted), and the part of
// that weight whose DQR is the study's own scores (Line.Self): a study
// that rates its own lines 1/1/1/1 prints DQR 1.00 "excellent" on the
// strength of its own word, and the certificate says so (session 51).
type Tally struct {
	Kg     float64 // Σ weight of rated leaves: |kgCO2e| × (1 − Unrated)
	Sum    float64 // Σ weight × DQR
	SelfKg float64 // the part of Kg whose DQR is the study's own scores
}

// Add counts a leaf of kg (its absolute value) rated dqr; a leaf with no
// rating (dqr 0) is not counted.
func (t *Tally) Add(kg float64, l Line, dqr float64) {
	if !(dqr > 0) {
		return
	}
	w := kg * (1 - l.Unrated)
	t.Kg += w
	t.Sum += w * dqr
	if l.Self {
		t.SelfKg += w
	} else if l.SelfPart > 0 {
		t.SelfKg += w * min(l.SelfPart, 1)
	}
}

// DQR returns the weighted DQR, 0 when nothing is rated.
func (t *Tally) DQR() float64 {
	if !(t.Kg > 0) {
		return 0
	}
	return t.Sum / t.Kg
}

// SelfPct returns the share, 0 to 100, of the DQR's weight that rests on
// the study's own scores; 0 when nothing is rated or none is the study's.
// It is at most 100 whatever the order of the sums.
func (t *Tally) SelfPct() float64 {
	if !(t.Kg > 0) || !(t.SelfKg > 0) {
		return 0
	}
	return min(t.SelfKg/t.Kg*100, 100)
}
