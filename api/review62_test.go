package api_test

import "testing"

// Ensure the review names a new model of the holder's product whose figure
// per kWp falls 10 % or more below the holder's certificate while its
// figure per piece does not (red team 62): the demo module certified at
// 150.1 kgCO2e a module, 346.2 per kWp of its 433.6 Wp, then the same
// module as a new model stating 495 Wp (303.2 per kWp, 12.4 % less; 25.35
// %, under the record efficiency the engine warns above) was reviewed
// without a word, since figures were compared per piece, the first unit
// both state, only. The same holds for the certificate an application
// supersedes (certification.FigureDrop and LineageDrop, which the lineage
// uses too).
func TestRedteam62_NewModelAtAHigherRatedPowerThroughTheAPI(t *testing.T) {
	st := newSeededStack(t)
	old := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submitPV(t, "GEC-RT62-1", 1, nil)), "")), 201)
	rated := func(doc map[string]any) { doc["product"].(map[string]any)["rated_power_wp"] = 495.0 }
	v := st.review(t, st.apply(t, st.submitPV(t, "GEC-RT62-2", 1, rated)))
	if got := reviewWarningsWith(v, "product.model", old.Number, "per kWp of rated power", "12.4 % less", "under a new model"); len(got) != 1 {
		t.Fatalf("a new model at 495 Wp, 12.4 %% less per kWp than %s: %d warnings naming it (%+v)", old.Number, len(got), v.Review.Warnings)
	}
	// Control: at 440 Wp (1.5 % less per kWp) nothing is named.
	rated440 := func(doc map[string]any) { doc["product"].(map[string]any)["rated_power_wp"] = 440.0 }
	v = st.review(t, st.apply(t, st.submitPV(t, "GEC-RT62-3", 1, rated440)))
	if got := reviewWarningsWith(v, "product.model", old.Number); len(got) != 0 {
		t.Fatalf("a new model at 440 Wp is named: %+v", got)
	}
}
