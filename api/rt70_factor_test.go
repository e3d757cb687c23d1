package api_test

import (
	"encoding/json"
	"html"
	"net/url"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/seed/cpcd"
)

// rt70Plausibility is the plausibility of a factor in a factor answer.
type rt70Plausibility struct {
	Flag             string `json:"flag"`
	Reviewed         bool   `json:"reviewed"`
	SetReviewPending bool   `json:"set_review_pending"`
	PreviewsOnly     bool   `json:"previews_only"`
	Explanation      string `json:"explanation"`
	ExplanationZH    string `json:"explanation_zh"`
	Flags            string `json:"flags"`
}

// rt70Factor reads the factor code of a GET /v1/factors/{code} or GET
// /v1/factors answer to target (as anyone), with its Cache-Control.
func rt70Factor(t *testing.T, st *stack, target, code string) (*rt70Plausibility, string) {
	t.Helper()
	rec := st.do(t, request{method: "GET", target: target, as: asAnon})
	if rec.Code != 200 {
		t.Fatalf("GET %s: %d %s", target, rec.Code, rec.Body)
	}
	type factor struct {
		Code         string            `json:"code"`
		Plausibility *rt70Plausibility `json:"plausibility"`
	}
	var one struct{ Data factor }
	var list struct{ Data []factor }
	var found []factor
	if json.Unmarshal(rec.Body.Bytes(), &one) == nil && one.Data.Code != "" {
		found = []factor{one.Data}
	} else if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil {
		t.Fatalf("GET %s: %v", target, err)
	} else {
		found = list.Data
	}
	for _, f := range found {
		if f.Code == code {
			if f.Plausibility == nil {
				t.Fatalf("GET %s: factor %s without plausibility: %s", target, code, rec.Body)
			}
			return f.Plausibility, rec.Header().Get("Cache-Control")
		}
	}
	t.Fatalf("GET %s: no factor %s in %s", target, code, rec.Body)
	return nil, ""
}

// Red team 61 left it: GET /v1/factors and GET /v1/factors/{code} did
// not say that a factor's plausibility flag is unreviewed (the factor is
// for previews only), while the factor pages do, and the answers of a
// published set were cached as immutable for a year, so that a review
// could not have reached a client that had read one. Ensure each factor
// of both answers says whether its flag (or its set's review as a set)
// keeps it to previews, with why in Chinese and English and the link to
// the set's flags; that such an answer is sent for revalidation (no-cache)
// and, once a curator reviewed the flag, says so and is immutable again;
// and that a factor without a flag is immutable as before.
func TestRedteam70_FactorAnswersSayAnUnreviewedFlagIsForPreviewsOnly(t *testing.T) {
	st := newSeededStack(t)
	mustLoadCPCDStack(t, st)
	set := cpcd.SetVersion
	one := "/v1/factors/" + flaggedCPCD + "?set=" + set
	search := "/v1/factors?" + url.Values{"q": {flaggedCPCD}, "set": {set}}.Encode()
	list := "/v1/factors?" + url.Values{"set": {set}, "limit": {"1000"}}.Encode()
	for _, target := range []string{one, search, list} {
		p, cache := rt70Factor(t, st, target, flaggedCPCD)
		if p.Flag != "outlier" || p.Reviewed || !p.PreviewsOnly || p.Flags != "/v1/factor-sets/"+set+"/flags" ||
			!strings.Contains(p.Explanation, "not reviewed by a curator: for previews only") || !strings.Contains(p.ExplanationZH, "仅可用于试算") {
			t.Errorf("GET %s: plausibility %+v, want an unreviewed outlier flag, for previews only, in both languages", target, p)
		}
		if cache != "no-cache" {
			t.Errorf("GET %s: Cache-Control %q with a flag a review will change, want no-cache", target, cache)
		}
	}
	if p, cache := rt70Factor(t, st, "/v1/factors/CPCD-37112X0012018C?set="+set, "CPCD-37112X0012018C"); p.Flag != "none" || p.PreviewsOnly || !strings.Contains(cache, "immutable") {
		t.Errorf("unflagged factor: %+v, Cache-Control %q", p, cache)
	}

	st.mustDo(t, request{method: "POST", target: "/v1/factor-sets/" + set + "/flags/acknowledge", as: asAdmin, contentType: "application/json",
		body: st.reviewBody(t, set, "checked against CPCD row 01344X0052017A", false, flaggedCPCD)})
	for _, target := range []string{one, search} {
		p, cache := rt70Factor(t, st, target, flaggedCPCD)
		if p.Flag != "outlier" || !p.Reviewed || p.PreviewsOnly || p.Explanation != "" {
			t.Errorf("GET %s after the review: %+v", target, p)
		}
		if !strings.Contains(cache, "immutable") {
			t.Errorf("GET %s after the review: Cache-Control %q, want immutable (a review is never undone)", target, cache)
		}
	}
}

// The same for a set that waits for its review as a set (red team 17: one
// admin key created, filled and published 2026.SC, based on no other): no
// factor of it has a flag, and every one is for previews only until a
// second curator reviews the set. Ensure the factor answers say so, and
// the factor's page too, which said nothing of it.
func TestRedteam70_FactorOfASetWaitingForItsReviewIsForPreviewsOnly(t *testing.T) {
	st := newSeededStack(t)
	export := seedExport(t, st)
	st.mustDo(t,
		request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"2026.SC","description":"Sichuan regional copy of 2026.1"}`)},
		request{method: "POST", target: "/v1/factor-sets/2026.SC/import", as: asAdmin, contentType: "text/csv", body: []byte(export)},
		request{method: "POST", target: "/v1/factor-sets/2026.SC/publish", as: asAdmin},
	)
	const code = "PV-CELL-MONO182"
	one := "/v1/factors/" + code + "?set=2026.SC"
	page := "/factors/" + code + "?set=2026.SC"
	p, cache := rt70Factor(t, st, one, code)
	if p.Flag != "none" || !p.SetReviewPending || !p.PreviewsOnly || !strings.Contains(p.Explanation, "no second curator has reviewed it as a set") || !strings.Contains(p.ExplanationZH, "尚未经另一位管理员整体审核") {
		t.Errorf("factor of a set waiting for its review: %+v", p)
	}
	if cache != "no-cache" {
		t.Errorf("factor of a set waiting for its review: Cache-Control %q, want no-cache", cache)
	}
	body := html.UnescapeString(mustPage(t, st, page, 200))
	for _, want := range []string{`id="value-set-review"`, "尚未经另一位因子管理员整体审核", "No second curator has reviewed this factor set as a whole: this value is for previews only"} {
		if !strings.Contains(body, want) {
			t.Errorf("factor page of a set waiting for its review lacks %q", want)
		}
	}
	if body := html.UnescapeString(mustPage(t, st, "/factors?set=2026.SC", 200)); !strings.Contains(body, `id="set-review-pending"`) || !strings.Contains(body, "its factors are for previews only") {
		t.Errorf("factor search of a set waiting for its review does not say so")
	}

	st.mustDo(t, request{method: "POST", target: "/v1/factor-sets/2026.SC/flags/acknowledge", as: asCurator2, contentType: "application/json",
		body: st.reviewBody(t, "2026.SC", "compared with 2026.1 line by line", true)})
	p, cache = rt70Factor(t, st, one, code)
	if p.SetReviewPending || p.PreviewsOnly || !strings.Contains(cache, "immutable") {
		t.Errorf("after the set's review: %+v, Cache-Control %q", p, cache)
	}
	if body := mustPage(t, st, page, 200); strings.Contains(body, "value-set-review") {
		t.Errorf("factor page after the set's review still says it waits")
	}
	if body := mustPage(t, st, "/factors?set=2026.SC", 200); strings.Contains(body, "set-review-pending") {
		t.Errorf("factor search after the set's review still says it waits")
	}
}

// The label of layout 7 prints the certification body's approval number
// beside its names (what tells two bodies whose names read alike apart);
// the verification page its QR code opens printed the names only, so a
// reader could not compare it. Ensure the page gives the approval number
// the certificate signs.
func TestRedteam70_VerifyPageGivesTheApprovalNumber(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	body := st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/verify?format=html"}).Body.String()
	if !strings.Contains(body, `<th>批准号<br>Approval No.</th><td class="mono nb" id="approval-number">CNCA-R-2026-999</td>`) {
		t.Errorf("verification page lacks the approval number CNCA-R-2026-999:\n%s", body)
	}
}
