package api_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// rateEveryLine returns the study document b with every BOM, packaging,
// electricity, transport and end-of-life line, at any depth, rated dq
// 1/1/1/1 by the study itself.
func rateEveryLine(t *testing.T, b []byte) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var rate func(v any)
	rate = func(v any) {
		ls, _ := v.([]any)
		for _, l := range ls {
			m := l.(map[string]any)
			m["dq"] = map[string]any{"ter": 1, "gr": 1, "tir": 1, "p": 1}
			rate(m["children"])
		}
	}
	for _, k := range []string{"bom", "packaging", "electricity", "transport", "end_of_life"} {
		rate(doc[k])
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Ensure the service's certificate of a study rated by its own dq scores
// signs and shows the share of its DQR those scores carry (session 51):
// the demo module, every line rated 1/1/1/1 by the study, is issued as a
// format-8 certificate whose data quality reads DQR 1.00 over a share 100 %
// self-rated, in the verify answer and as printed; the same study rated by its
// factors only signs no share (format 7, null). Before the result stored
// the share, the service's certificate said nothing of it.
func TestSession51_ServiceCertificateSignsSelfRatedShare(t *testing.T) {
	st := newRenderingStack(t)
	type dq struct {
		DQR             float64  `json:"dqr"`
		DQRSelfRatedPct *float64 `json:"dqr_self_rated_pct"`
		Printed         string   `json:"printed"`
	}
	type certData struct {
		DataQuality dq `json:"data_quality"`
	}
	for _, tc := range []struct {
		serial string
		rate   bool
	}{{"GEC-S51-SELF", true}, {"GEC-S51-HONEST", false}} {
		study := pvStudy(t, tc.serial)
		if tc.rate {
			study = rateEveryLine(t, study)
		}
		id := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: study}), 201).ID
		issued := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, id), "")), 201)
		c := MustData[certData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + issued.CertificateID + "/verify"}), 200)
		switch {
		case tc.rate && (c.DataQuality.DQRSelfRatedPct == nil || *c.DataQuality.DQRSelfRatedPct != 100):
			t.Errorf("%s: dqr_self_rated_pct %v, want 100", tc.serial, c.DataQuality.DQRSelfRatedPct)
		case tc.rate && (c.DataQuality.DQR != 1 || !strings.Contains(c.DataQuality.Printed, "100 % 为研究自评") || !strings.Contains(c.DataQuality.Printed, "self-rated by the study")):
			t.Errorf("%s: DQR %v printed %q, want DQR 1 and its self-rated share in both languages", tc.serial, c.DataQuality.DQR, c.DataQuality.Printed)
		case !tc.rate && (c.DataQuality.DQRSelfRatedPct != nil || strings.Contains(c.DataQuality.Printed, "自评")):
			t.Errorf("%s: a study rated by its factors only signs a self-rated share: %v, printed %q", tc.serial, *c.DataQuality.DQRSelfRatedPct, c.DataQuality.Printed)
		}
	}
}
