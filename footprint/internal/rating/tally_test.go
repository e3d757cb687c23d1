package rating

import "testing"

// Ensure the tally weighs each rated leaf by the kgCO2e its DQR rates,
// leaves unrated ones out, and says what share of that weight is the
// study's own scores: none, part (a supplier's line rated by the study
// counts in the share the supplier's DQR covers), or all.
func TestTally(t *testing.T) {
	var none Tally
	if none.DQR() != 0 || none.SelfPct() != 0 {
		t.Errorf("empty tally: DQR %v, self %v", none.DQR(), none.SelfPct())
	}
	var tl Tally
	tl.Add(30, Line{}, 3)                         // a factor's rating
	tl.Add(10, Line{Self: true}, 1)               // the study's own
	tl.Add(20, Line{Unrated: 0.5, Self: true}, 1) // the study's, over the half its supplier's DQR covers
	tl.Add(50, Line{Self: true}, 0)               // unrated: not counted
	wantKg := 30 + 10 + 20*0.5
	if tl.Kg != wantKg {
		t.Fatalf("Kg = %v, want %v", tl.Kg, wantKg)
	}
	if got, want := tl.DQR(), (30*3+10*1+10*1)/wantKg; got != want {
		t.Errorf("DQR = %v, want %v", got, want)
	}
	if got, want := tl.SelfPct(), 20/wantKg*100; got != want {
		t.Errorf("SelfPct = %v, want %v", got, want)
	}
	var all Tally
	all.Add(0.1, Line{Self: true}, 1)
	all.Add(0.2, Line{Self: true}, 2)
	if all.SelfPct() != 100 {
		t.Errorf("all self-rated: SelfPct = %v, want 100", all.SelfPct())
	}
}
