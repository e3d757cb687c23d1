package api_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/seed"
	"github.com/chengdu-pcf/pcf/seed/cpcd"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// flaggedCPCD is a CPCD material factor the plausibility check flags
// (556.1 kgCO2e/kg against a median of 1.7 of its peers), and the CPCD
// library set loads with its flag acknowledged by the loader only.
const flaggedCPCD = "CPCD-01344X0052017A"

// mustLoadCPCDStack publishes the CPCD library into the stack's database
// as pcf serve does at first start.
func mustLoadCPCDStack(tb testing.TB, st *stack) {
	tb.Helper()
	im, err := cpcd.Factors()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := seed.LoadSet(context.Background(), st.srv.FactorService, cpcd.SetVersion, cpcd.SetDescription, im.Factors); err != nil {
		tb.Fatal(err)
	}
}

// flaggedStudyBody is the demo PV study pinned to the CPCD set, with CPCD
// factors, and flaggedCPCD on its line bom[3].
func flaggedStudyBody(tb testing.TB) []byte {
	tb.Helper()
	doc := mustDoc(tb, pvStudy(tb, "GEC-FLAG-1"))
	seedtest.PinToCPCDYunnan(doc)
	return withBOMLines(tb, mustMarshal(tb, doc), map[string]any{"name": "Flagged material", "quantity": 0.001, "unit": "kg", "stage": "A1", "factor": flaggedCPCD})
}

// Ensure, through the API, that a CPCD factor whose flag only the loader
// acknowledged previews with a warning (POST /v1/calculations), is refused
// in a stored study with 400 naming bom[3].factor, and that a curator's
// review of the published set (POST …/flags/acknowledge, admin only) makes
// it usable; the flags answer says which flags are reviewed.
func TestServer_UnreviewedFlag(t *testing.T) {
	st := newSeededStack(t)
	mustLoadCPCDStack(t, st)
	body := flaggedStudyBody(t)

	flagsOf := func() (reviewed map[string]bool, unreviewed int) {
		t.Helper()
		rec := st.do(t, request{method: "GET", target: "/v1/factor-sets/" + cpcd.SetVersion + "/flags", as: asAnon})
		var resp struct {
			Data []struct {
				Code            string `json:"code"`
				Acknowledgement *struct {
					Reviewed bool   `json:"reviewed"`
					Note     string `json:"note"`
				} `json:"acknowledgement"`
			} `json:"data"`
			Meta struct {
				Unreviewed int `json:"unreviewed"`
			} `json:"meta"`
		}
		if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &resp) != nil {
			t.Fatalf("flags: %d %s", rec.Code, rec.Body)
		}
		reviewed = map[string]bool{}
		for _, fl := range resp.Data {
			if fl.Acknowledgement == nil {
				t.Fatalf("flag of %s not acknowledged", fl.Code)
			}
			reviewed[fl.Code] = fl.Acknowledgement.Reviewed
		}
		return reviewed, resp.Meta.Unreviewed
	}
	reviewed, open := flagsOf()
	if r, ok := reviewed[flaggedCPCD]; !ok || r || open != len(reviewed) {
		t.Fatalf("after loading: %s reviewed %v (flagged %v), %d of %d unreviewed", flaggedCPCD, r, ok, open, len(reviewed))
	}

	rec := st.do(t, request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json", body: body})
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "bom[3].factor") || !strings.Contains(rec.Body.String(), "no curator has reviewed") {
		t.Fatalf("preview: %d %s", rec.Code, rec.Body)
	}
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: body}), 400, "invalid")
	if e.Error.Field != "bom[3].factor" || !strings.Contains(e.Error.Message, "a curator must review the flag first") {
		t.Fatalf("store: %+v", e.Error)
	}

	review := []byte(`{"codes":["` + flaggedCPCD + `"],"note":"checked against CPCD: the source gives this value per kg"}`)
	MustError(t, st.do(t, request{method: "POST", target: "/v1/factor-sets/" + cpcd.SetVersion + "/flags/acknowledge", as: asMaker, contentType: "application/json", body: review}), 403, "forbidden")
	rec = st.do(t, request{method: "POST", target: "/v1/factor-sets/" + cpcd.SetVersion + "/flags/acknowledge", as: asAdmin, contentType: "application/json", body: review})
	if rec.Code != 200 {
		t.Fatalf("review of the published set: %d %s", rec.Code, rec.Body)
	}
	if reviewed, n := flagsOf(); !reviewed[flaggedCPCD] || n != open-1 {
		t.Fatalf("after the review: reviewed %v, %d unreviewed", reviewed[flaggedCPCD], n)
	}
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: body}), 201)
	if sd.ID == "" {
		t.Fatalf("study after the review: %+v", sd)
	}
}
