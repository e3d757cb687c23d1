package api_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// setReviewMeta is meta.set_review of a flags answer.
type setReviewMeta struct {
	Meta struct {
		SetReview *struct {
			Required bool   `json:"required"`
			Reviewed bool   `json:"reviewed"`
			Pending  bool   `json:"pending"`
			Why      string `json:"why"`
			Review   *struct {
				By   string `json:"by"`
				Note string `json:"note"`
			} `json:"review"`
		} `json:"set_review"`
	} `json:"meta"`
}

func mustSetReview(t *testing.T, st *stack, set string) setReviewMeta {
	t.Helper()
	rec := st.do(t, request{method: "GET", target: "/v1/factor-sets/" + set + "/flags", as: asAdmin})
	if rec.Code != 200 {
		t.Fatalf("flags of %s: %d %s", set, rec.Code, rec.Body)
	}
	var m setReviewMeta
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil || m.Meta.SetReview == nil {
		t.Fatalf("flags of %s: %v, meta %s", set, err, rec.Body)
	}
	return m
}

// Red team 17, end to end (docs/integrity.md §11a, "Sets not based on
// another"): one admin key creates set 2026.SC based on no other, imports
// the seed set's factors with PV-CELL-MONO182 at a tenth (1.59 → 0.159
// kgCO2e/piece) and publishes it; the demo module pinned to it was
// certified at 80.0 instead of 157.3 kgCO2e with an empty review. Now the
// set is not reviewed as a set: the study is refused naming the line's
// factor field; the author, and a key the author's key created, are
// refused as reviewers (403, field reviewer), on the workbench too; a
// second, unrelated curator reviews the set with a note, and the study is
// stored, applied for and issued.
func TestRedteam17_BaselessSetWaitsForASecondCurator(t *testing.T) {
	st := newSeededStack(t)
	export := st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.1/export?format=csv", as: asAdmin})
	if export.Code != 200 {
		t.Fatalf("export: %d", export.Code)
	}
	rogue := strings.Replace(export.Body.String(), ",1.59,kgCO2e/piece,", ",0.159,kgCO2e/piece,", 1)
	if rogue == export.Body.String() {
		t.Fatal("PV-CELL-MONO182 at 1.59 kgCO2e/piece not in the seed export")
	}
	st.mustDo(t,
		request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"2026.SC","description":"Sichuan regional copy of 2026.1"}`)},
		request{method: "POST", target: "/v1/factor-sets/2026.SC/import", as: asAdmin, contentType: "text/csv", body: []byte(rogue)},
		request{method: "POST", target: "/v1/factor-sets/2026.SC/publish", as: asAdmin},
	)
	if m := mustSetReview(t, st, "2026.SC").Meta.SetReview; !m.Required || !m.Pending || m.Reviewed || !strings.Contains(m.Why, "created factor set 2026.SC") {
		t.Fatalf("set_review of 2026.SC: %+v", m)
	}

	// The study pinned to 2026.SC gives its two screened lines the
	// screening factor: at a tenth of the cells their share would exceed
	// the cut-off and the engine would refuse before the check.
	screened := regexp.MustCompile(`"exempt": \{[^}]*\}`)
	pinned := func(serial string) []byte {
		doc := mustDoc(t, screened.ReplaceAll(pvStudy(t, serial), []byte(`"factor": "MAT-PLASTIC-AVG-DESNZ"`)))
		doc["factor_set"] = "2026.SC"
		return seedtest.MustMarshal(t, doc)
	}
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: pinned("GEC-RT17-A")}), 400, "invalid")
	if !strings.HasSuffix(e.Error.Field, ".factor") || !strings.Contains(e.Error.Message, "no second curator has reviewed it as a set") {
		t.Fatalf("study on the unreviewed set: %+v", e.Error)
	}

	// Four eyes: the author's key, and a key it creates, are refused.
	body := func(note string) []byte { return []byte(`{"set":true,"note":"` + note + `"}`) }
	e = MustError(t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.SC/flags/acknowledge", as: asAdmin, contentType: "application/json", body: body("my own copy")}), 403, "forbidden")
	if e.Error.Field != "reviewer" || !strings.Contains(e.Error.Message, "created factor set 2026.SC") {
		t.Fatalf("the author's review: %+v", e.Error)
	}
	minted := MustData[struct {
		Token string `json:"token"`
	}](t, st.do(t, request{method: "POST", target: "/v1/admin/keys", as: asAdmin, contentType: "application/json", body: []byte(`{"org":"` + orgAdmin + `"}`)}), 201)
	st.tokens["minted"] = minted.Token
	e = MustError(t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.SC/flags/acknowledge", as: "minted", contentType: "application/json", body: body("reviewed with a second key")}), 403, "forbidden")
	if e.Error.Field != "reviewer" || !strings.Contains(e.Error.Message, "was created with API key") {
		t.Fatalf("the review by a key the author's key created: %+v", e.Error)
	}
	admin := st.signedIn(t, asAdmin)
	mustWorkPage(t, admin.get("/work/factor-sets/2026.SC"), http.StatusOK, `id="set-review-form"`, "未经整体审核", "not reviewed as a set")
	mustWorkPage(t, admin.post("/work/factor-sets/2026.SC/flags/review", url.Values{"csrf_token": {admin.csrf}, "set": {"1"}, "note": {"my own copy"}}),
		http.StatusForbidden, `id="publish-refused"`, "不能整体审核此因子集", "you may not review the set as a whole")
	MustError(t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.SC/flags/acknowledge", as: asCurator2, contentType: "application/json", body: body(" ")}), 400, "invalid")
	if m := mustSetReview(t, st, "2026.SC").Meta.SetReview; !m.Pending {
		t.Fatalf("set_review after the refusals: %+v", m)
	}

	// A second, unrelated curator reviews the set as a whole.
	const note = "checked every factor against 2026.1 and the EPD of the cell supplier"
	rec := st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.SC/flags/acknowledge", as: asCurator2, contentType: "application/json", body: body(note)})
	var m setReviewMeta
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &m) != nil || m.Meta.SetReview == nil || m.Meta.SetReview.Pending || !m.Meta.SetReview.Reviewed ||
		m.Meta.SetReview.Review == nil || m.Meta.SetReview.Review.Note != note {
		t.Fatalf("the second curator's review: %d %s", rec.Code, rec.Body)
	}
	mustWorkPage(t, admin.get("/work/factor-sets/2026.SC"), http.StatusOK, "已整体审核", "reviewed as a set", note)
	id := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: pinned("GEC-RT17-B")}), 201).ID
	app := st.apply(t, id)
	MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201)
}
