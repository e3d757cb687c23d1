package api_test

import (
	"encoding/json"
	"testing"

	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Red team 54 (session 42): the flatterer, through the API.

// rt54Quality is a stored study's data quality, as its certificate prints
// it.
type rt54Quality struct {
	DataQuality struct {
		PrimarySharePct float64 `json:"primary_data_share_pct"`
		DQR             float64 `json:"dqr"`
		DQRCoveragePct  float64 `json:"dqr_coverage_pct"`
	} `json:"data_quality"`
}

// rt54Post stores study document doc as orgMaker and applies for its
// certification; it returns the stored study and the certifier's review.
func (st *stack) rt54Post(t *testing.T, doc map[string]any) (studyData, rt54Quality, appReview) {
	t.Helper()
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: seedtest.MustMarshal(t, doc)}), 201)
	var q rt54Quality
	if err := json.Unmarshal(sd.Result, &q); err != nil {
		t.Fatal(err)
	}
	return sd, q, st.review(t, st.apply(t, sd.ID))
}

// Ensure a line flagged primary data, on a factor of the set, whose own dq
// scores rate it better than its factor is named in the review with both
// ratings, as a line not flagged is (red team 6). The engine skipped the
// rating check for a primary line: the demo module with its cells (on
// PV-CELL-MONO182, rated DQR 2) and its electricity (ELEC-CN-NAT-CF-2024,
// 1.5) flagged primary with invented scores of 1 printed DQR 1.90 instead
// of 2.48 and a primary-data share of 59.0 % instead of 0, and the review
// said only that their primary share rests on set factors, nothing of the
// DQR. A warning, not a refusal, as for the primary flag itself (red teams
// 20 and 53): metered activity data may deserve good scores, and the
// certifier judges the evidence of a specific factor behind them.
func TestRedteam54_PrimaryFlagLiftsTheDQR(t *testing.T) {
	st := newSeededStack(t)
	_, plain, v := st.rt54Post(t, mustDoc(t, pvStudy(t, "GEC-RT54-D0")))
	if len(reviewWarningsWith(v, "bom[1]", "DQR")) != 0 || len(reviewWarningsWith(v, "electricity[0].factor", "DQR")) != 0 {
		t.Fatalf("control: warnings %+v on lines rated as their factors", v.Review.Warnings)
	}
	doc := mustDoc(t, pvStudy(t, "GEC-RT54-D1"))
	for _, l := range []map[string]any{doc["bom"].([]any)[1].(map[string]any), doc["electricity"].([]any)[0].(map[string]any)} {
		l["primary"], l["dq"] = true, map[string]any{"ter": 1, "gr": 1, "tir": 1, "p": 1}
	}
	_, q, v := st.rt54Post(t, doc)
	if !(q.DataQuality.DQR < plain.DataQuality.DQR) || !(q.DataQuality.PrimarySharePct > plain.DataQuality.PrimarySharePct) {
		t.Fatalf("flagged primary, rated 1: DQR %v, primary share %v; want them better than %v and %v (the flag is the lever this test is about)",
			q.DataQuality.DQR, q.DataQuality.PrimarySharePct, plain.DataQuality.DQR, plain.DataQuality.PrimarySharePct)
	}
	for _, tt := range []struct{ path, factor, rating string }{
		{"bom[1]", "PV-CELL-MONO182", "the 2 of"},
		{"electricity[0].factor", "ELEC-CN-NAT-CF-2024", "the 1.5 of"},
	} {
		if len(reviewWarningsWith(v, tt.path, "flagged primary", "DQR 1,", tt.rating, tt.factor, "标为初级数据", "评为 DQR 1")) != 1 {
			t.Errorf("review warnings %+v: want one at %s naming its DQR 1 against %s's rating (%s), flagged primary, in both languages", v.Review.Warnings, tt.path, tt.factor, tt.rating)
		}
	}
}
