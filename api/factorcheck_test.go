package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/factorlib"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
	"github.com/chengdu-pcf/pcf/seed"
	"github.com/chengdu-pcf/pcf/seed/cpcd"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// flaggedFactorsCSV returns a factor file of seedtest.FlaggedPV: seven PV
// generation factors, PV-TEST-BAD at CPCD's known-bad value.
func flaggedFactorsCSV(tb testing.TB) []byte {
	tb.Helper()
	fs := seedtest.FlaggedPV(tb)
	var b bytes.Buffer
	if err := tabular.WriteFactorsCSV(&b, fs); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// ackFlaggedBody imports flaggedFactorsCSV into the fixture's draft (as the
// admin) and returns the body acknowledging its flag.
func ackFlaggedBody(tb testing.TB, st *stack, fx fixture) []byte {
	tb.Helper()
	rec := st.do(tb, request{method: "POST", target: "/v1/factor-sets/" + fx.draftSet + "/import", as: asCurator2, contentType: "text/csv", body: flaggedFactorsCSV(tb)}) // another curator imports: the admin reviews (four eyes)
	if rec.Code != 200 {
		tb.Fatalf("import: %d %s", rec.Code, rec.Body)
	}
	return st.reviewBody(tb, fx.draftSet, "test: the value stands", false, "PV-TEST-BAD")
}

type flagData struct {
	Code            string  `json:"code"`
	Value           float64 `json:"value"`
	PeerCount       int     `json:"peer_count"`
	Median          float64 `json:"median"`
	Explanation     string  `json:"explanation"`
	Peers           []struct{ Code string }
	Acknowledgement *struct {
		By   string `json:"by"`
		Note string `json:"note"`
	} `json:"acknowledgement"`
}

// Ensure the import answer shows the plausibility flags with their peers,
// the flags are listed for the curator (and a draft's for no one else),
// publishing is refused with 409 naming the factor until the flag is
// acknowledged, and then goes through.
func TestServer_FactorPlausibilityFlags(t *testing.T) {
	st := newSeededStack(t)
	rec := st.do(t, request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"2026.5"}`)})
	if rec.Code != 201 {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	sum := MustData[struct {
		Added int        `json:"added"`
		Flags []flagData `json:"flags"`
	}](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/import", as: asAdmin, contentType: "text/csv", body: flaggedFactorsCSV(t)}), 200)
	if sum.Added != 7 || len(sum.Flags) != 1 || sum.Flags[0].Code != "PV-TEST-BAD" || sum.Flags[0].PeerCount != 6 || len(sum.Flags[0].Peers) != 6 {
		t.Fatalf("import answer %+v", sum)
	}
	if m := sum.Flags[0].Median; m < 0.03 || m > 0.045 || !strings.Contains(sum.Flags[0].Explanation, "PV-TEST-BAD") {
		t.Errorf("flag %+v", sum.Flags[0])
	}

	// A draft's flags are the admin's to see.
	MustError(t, st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.5/flags", as: asReg}), 404, "not_found")
	flags := MustData[[]flagData](t, st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.5/flags", as: asAdmin}), 200)
	if len(flags) != 1 || flags[0].Acknowledgement != nil {
		t.Fatalf("flags %+v", flags)
	}

	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/publish", as: asAdmin}), 409, "conflict")
	if !strings.Contains(e.Error.Message, "PV-TEST-BAD") || e.Error.Field != "plausibility_flags" {
		t.Fatalf("publish refused with %+v", e)
	}
	// Bad acknowledgements: 400 naming the field, nothing recorded.
	d := `"` + strings.Repeat("0", 64) + `"`
	for _, tt := range []struct{ body, field string }{
		{`{"codes":["PV-TEST-BAD"],"digests":[` + d + `],"note":""}`, "note"},
		{`{"codes":["PV-TEST-0"],"digests":[` + d + `],"note":"x"}`, "codes[0]"},
		{`{"codes":["bad code"],"digests":[` + d + `],"note":"x"}`, "codes[0]"},
		{`{"codes":[],"digests":[],"note":"x"}`, "codes"},
		// A client from before red team 32: codes without what was shown.
		{`{"codes":["PV-TEST-BAD"],"note":"checked"}`, "digests"},
		{`{"codes":["PV-TEST-BAD"],"digests":["1.55"],"note":"checked"}`, "digests[0]"},
		{`{"codes":["PV-TEST-BAD"],"digests":[""],"note":"checked"}`, "digests[0]"},
		// A wrongly typed element is named by its index, as every other.
		{`{"codes":["PV-TEST-BAD"],"digests":[5],"note":"checked"}`, "digests[0]"},
		{`{"codes":["PV-TEST-0","PV-TEST-BAD"],"digests":[` + d + `,{}],"note":"checked"}`, "digests[1]"},
		{`{"codes":["PV-TEST-BAD",7],"digests":[` + d + `],"note":"checked"}`, "codes[1]"},
		{`{"set":true,"set_digest":"abc","note":"checked"}`, "set_digest"},
	} {
		e := MustError(t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/flags/acknowledge", as: asAdmin, contentType: "application/json", body: []byte(tt.body)}), 400, "invalid")
		if e.Error.Field != tt.field {
			t.Errorf("%s: field %q, want %q", tt.body, e.Error.Field, tt.field)
		}
	}
	MustError(t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/publish", as: asAdmin}), 409, "conflict")

	flags = MustData[[]flagData](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/flags/acknowledge", as: asCurator2, contentType: "application/json",
		body: st.reviewBody(t, "2026.5", "checked against the source: the value stands for this test", false, "PV-TEST-BAD")}), 200)
	if len(flags) != 1 || flags[0].Acknowledgement == nil || flags[0].Acknowledgement.By != orgAdmin {
		t.Fatalf("acknowledged %+v", flags)
	}
	set := MustData[struct {
		Status      string `json:"status"`
		FactorCount int    `json:"factor_count"`
	}](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/publish", as: asAdmin}), 200)
	if set.Status != "published" || set.FactorCount != 7 {
		t.Fatalf("published %+v", set)
	}
	// Published, its flags are public, acknowledged.
	flags = MustData[[]flagData](t, st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.5/flags", as: asAnon}), 200)
	if len(flags) != 1 || flags[0].Acknowledgement == nil {
		t.Fatalf("published flags %+v", flags)
	}
}

type searchMeta struct {
	Set    string `json:"set"`
	Count  int    `json:"count"`
	Total  *int   `json:"total"`
	Facets struct {
		Category map[string]int `json:"category"`
	} `json:"facets"`
	NextCursor string `json:"next_cursor"`
}

// Ensure GET /v1/factors?q= searches the seed set in relevance order, with
// synonyms and both languages, the total and counts per category, filters
// and pages; and that without q the listing is as before.
func TestServer_FactorSearch(t *testing.T) {
	st := newSeededStack(t)
	search := func(query url.Values) ([]string, searchMeta) {
		t.Helper()
		rec := st.do(t, request{method: "GET", target: "/v1/factors?" + query.Encode(), as: asAnon})
		var body struct {
			Data []struct{ Code, Category string }
			Meta searchMeta
		}
		if rec.Code != 200 {
			t.Fatalf("%s: %d %s", query.Encode(), rec.Code, rec.Body)
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, f := range body.Data {
			codes = append(codes, f.Code)
		}
		return codes, body.Meta
	}

	// 铝材 is in no seed name: the synonyms find the aluminium factors.
	alu, meta := search(url.Values{"q": {"铝材"}})
	if len(alu) == 0 || meta.Total == nil || *meta.Total != len(alu) || meta.Count != len(alu) {
		t.Fatalf("铝材: %v %+v", alu, meta)
	}
	sum := 0
	for _, n := range meta.Facets.Category {
		sum += n
	}
	if sum != len(alu) {
		t.Errorf("facets %v add up to %d, want %d", meta.Facets.Category, sum, len(alu))
	}
	en, _ := search(url.Values{"q": {"aluminium"}})
	for _, code := range alu {
		if !slices.Contains(en, code) {
			t.Errorf("铝材 finds %s, aluminium does not (%v)", code, en)
		}
	}
	// The exact code first.
	if codes, _ := search(url.Values{"q": {"ELEC-CN-NAT-CF-2024"}}); len(codes) == 0 || codes[0] != "ELEC-CN-NAT-CF-2024" {
		t.Errorf("code search: %v", codes)
	}
	// A category filter narrows the data, not the facets.
	elec, metaE := search(url.Values{"q": {"电"}, "category": {"electricity"}})
	_, metaAll := search(url.Values{"q": {"电"}})
	if len(elec) == 0 || *metaE.Total != metaAll.Facets.Category["electricity"] || !maps.Equal(metaE.Facets.Category, metaAll.Facets.Category) {
		t.Errorf("category filter: %d of %v, facets %v vs %v", *metaE.Total, metaAll.Facets.Category, metaE.Facets.Category, metaAll.Facets.Category)
	}
	// Pages in relevance order.
	all, _ := search(url.Values{"q": {"电"}, "limit": {"1000"}})
	var paged []string
	q := url.Values{"q": {"电"}, "limit": {"7"}}
	for range 100 {
		codes, m := search(q)
		paged = append(paged, codes...)
		if m.NextCursor == "" {
			break
		}
		q.Set("cursor", m.NextCursor)
	}
	if !slices.Equal(paged, all) {
		t.Errorf("pages %v, want %v", paged, all)
	}
	// Without q: code order, no total or facets.
	codes, meta := search(url.Values{"product_code": {"8541"}})
	if len(codes) == 0 || !slices.IsSorted(codes) || meta.Total != nil {
		t.Errorf("listing %v %+v", codes, meta)
	}
}

// Ensure the HTTP client searches and handles flags as the server's own
// service does: the same hits in the same order, the same counts, the
// same flags.
func TestFactorService_SearchAndFlagsOverHTTP(t *testing.T) {
	st, c, local := MustServeStack(t)
	c.Token = st.tokens[asAdmin]
	remote := api.NewFactorService(c)
	ctx := context.Background()
	text := "铝材"
	filter := footprint.FactorFilter{Text: &text, Limit: 2}
	for pages := 0; ; pages++ {
		r1, err1 := local.(factorlib.FactorSearcher).SearchFactors(ctx, filter)
		r2, err2 := remote.SearchFactors(ctx, filter)
		if err1 != nil || err2 != nil || r1.Total != r2.Total || !maps.Equal(r1.Categories, r2.Categories) || r1.NextCursor != r2.NextCursor || len(r1.Hits) != len(r2.Hits) {
			t.Fatalf("page %d:\n%+v %v\n%+v %v", pages, r1, err1, r2, err2)
		}
		for i := range r1.Hits {
			if r1.Hits[i].Factor.Code != r2.Hits[i].Factor.Code {
				t.Fatalf("page %d hit %d: %s, %s", pages, i, r1.Hits[i].Factor.Code, r2.Hits[i].Factor.Code)
			}
		}
		if r1.NextCursor == "" {
			if pages == 0 {
				t.Fatal("want more than one page")
			}
			break
		}
		filter.Cursor = r1.NextCursor
	}

	if err := remote.CreateFactorSet(ctx, &footprint.FactorSet{Version: "2026.6"}); err != nil {
		t.Fatal(err)
	}
	if _, err := remote.ImportFactorsCSV(ctx, "2026.6", bytes.NewReader(flaggedFactorsCSV(t)), "pv.csv", nil); err != nil {
		t.Fatal(err)
	}
	flags, err := remote.FindFactorFlags(ctx, "2026.6")
	if err != nil || len(flags) != 1 || flags[0].Code != "PV-TEST-BAD" || len(flags[0].Peers) != 6 {
		t.Fatalf("flags %+v, %v", flags, err)
	}
	_, err = remote.PublishFactorSet(ctx, "2026.6")
	if footprint.ErrorCode(err) != footprint.ECONFLICT || !strings.Contains(footprint.ErrorMessage(err), "PV-TEST-BAD") {
		t.Fatalf("publish: %v", err)
	}
	c2 := *c
	c2.Token = st.tokens[asCurator2] // another curator reviews (four eyes)
	flags, err = api.NewFactorService(&c2).AcknowledgeFactorFlags(ctx, "2026.6", factorlib.Seen(flags, []string{"PV-TEST-BAD"}), "checked")
	if err != nil || flags[0].Acknowledgement == nil || flags[0].Acknowledgement.Note != "checked" {
		t.Fatalf("acknowledge %+v, %v", flags, err)
	}
	if _, err := remote.PublishFactorSet(ctx, "2026.6"); err != nil {
		t.Fatal(err)
	}
}

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
	return withBOMLines(tb, seedtest.MustMarshal(tb, doc), map[string]any{"name": "Flagged material", "quantity": 0.001, "unit": "kg", "stage": "A1", "factor": flaggedCPCD})
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

	review := st.reviewBody(t, cpcd.SetVersion, "checked against CPCD: the source gives this value per kg", false, flaggedCPCD)
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

// reviewBody returns the body of POST /v1/factor-sets/{set}/flags/acknowledge
// reviewing, with note, the flags of codes in set, each with its digest as
// GET …/flags shows it now (data[].digest; "" for a code without a flag),
// and with whole, the set as a whole with meta.set_review.digest: what a
// reviewer reading the flags now is shown.
func (st *stack) reviewBody(tb testing.TB, set, note string, whole bool, codes ...string) []byte {
	tb.Helper()
	var resp struct {
		Data []struct {
			Code   string `json:"code"`
			Digest string `json:"digest"`
		} `json:"data"`
		Meta struct {
			SetReview *struct {
				Digest string `json:"digest"`
			} `json:"set_review"`
		} `json:"meta"`
	}
	rec := st.do(tb, request{method: "GET", target: "/v1/factor-sets/" + set + "/flags", as: asAdmin})
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); rec.Code != 200 || err != nil {
		tb.Fatalf("flags of %s: %d %s", set, rec.Code, rec.Body)
	}
	digests := make([]string, len(codes))
	for i, code := range codes {
		for _, d := range resp.Data {
			if d.Code == code {
				digests[i] = d.Digest
			}
		}
	}
	req := map[string]any{"codes": append([]string{}, codes...), "digests": digests, "note": note}
	if whole {
		req["set"] = true
		if resp.Meta.SetReview != nil {
			req["set_digest"] = resp.Meta.SetReview.Digest
		}
	}
	b, err := json.Marshal(req)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// swapFlaggedValue has the admin, the author of set, import PV-TEST-BAD
// again at 2000 kgCO2e/kWh over the value a reviewer read (2223.29).
func (st *stack) swapFlaggedValue(tb *testing.T, set string) {
	tb.Helper()
	csv := string(flaggedFactorsCSV(tb))
	swapped := strings.Replace(csv, "2223.29", "2000", 1)
	if swapped == csv {
		tb.Fatal("PV-TEST-BAD at 2223.29 not in the flagged factors' file")
	}
	st.mustDo(tb, request{method: "POST", target: "/v1/factor-sets/" + set + "/import", as: asAdmin, contentType: "text/csv", body: []byte(swapped)})
}

// Red team 32, through the API: a second curator reads the flags of a
// draft (GET …/flags), its author imports another value over the flagged
// factor, and the review sent with the digests read is refused (409
// conflict naming digests[0] and the factor), nothing recorded; read
// again, it goes through. A review of a set as a whole read before an
// author's import is refused the same way, naming set_digest, and the set
// still waits.
func TestRedteam32_APIReviewOfAFlagChangedAfterItWasRead(t *testing.T) {
	st := newSeededStack(t)
	admin := st.signedIn(t, asAdmin)
	admin.newDraft("2026.5")
	st.mustDo(t, request{method: "POST", target: "/v1/factor-sets/2026.5/import", as: asAdmin, contentType: "text/csv", body: flaggedFactorsCSV(t)})
	read := st.reviewBody(t, "2026.5", "2223.29 kgCO2e/kWh: checked against the source", false, "PV-TEST-BAD")
	st.swapFlaggedValue(t, "2026.5")
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/flags/acknowledge", as: asCurator2, contentType: "application/json", body: read}), 409, "conflict")
	if e.Error.Field != "digests[0]" || !strings.Contains(e.Error.Message, "PV-TEST-BAD") || !strings.Contains(e.Error.Message, "now 2000 kgCO2e/kWh") {
		t.Fatalf("review of a flag changed since it was read: %+v", e.Error)
	}
	flags := MustData[[]flagData](t, st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.5/flags", as: asAdmin}), 200)
	if slices.ContainsFunc(flags, func(f flagData) bool { return f.Acknowledgement != nil }) {
		t.Fatalf("the refused review recorded an acknowledgement: %+v", flags)
	}
	MustError(t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/publish", as: asAdmin}), 409, "conflict")
	flags = MustData[[]flagData](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/flags/acknowledge", as: asCurator2, contentType: "application/json",
		body: st.reviewBody(t, "2026.5", "2000 kgCO2e/kWh: checked against the source", false, "PV-TEST-BAD")}), 200)
	if i := slices.IndexFunc(flags, func(f flagData) bool { return f.Code == "PV-TEST-BAD" }); i < 0 || flags[i].Acknowledgement == nil || flags[i].Value != 2000 {
		t.Fatalf("review of the flag as it now is: %+v", flags)
	}

	// The review of a set as a whole.
	st.mustDo(t,
		request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"2026.SC"}`)},
		request{method: "POST", target: "/v1/factor-sets/2026.SC/import", as: asAdmin, contentType: "text/csv", body: flaggedFactorsCSV(t)},
	)
	e = MustError(t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.SC/flags/acknowledge", as: asCurator2, contentType: "application/json",
		body: []byte(`{"set":true,"note":"checked"}`)}), 400, "invalid")
	if e.Error.Field != "set_digest" {
		t.Fatalf("review as a set without its digest: %+v", e.Error)
	}
	read = st.reviewBody(t, "2026.SC", "checked every factor against its source", true)
	st.swapFlaggedValue(t, "2026.SC")
	e = MustError(t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.SC/flags/acknowledge", as: asCurator2, contentType: "application/json", body: read}), 409, "conflict")
	if e.Error.Field != "set_digest" || !strings.Contains(e.Error.Message, "changed since you read it") {
		t.Fatalf("review of a set changed since it was read: %+v", e.Error)
	}
	if m := mustSetReview(t, st, "2026.SC").Meta.SetReview; !m.Pending || m.Review != nil {
		t.Fatalf("set_review after the refused review: %+v", m)
	}
}

// syntheticFactorsCSV is seedtest.SyntheticFactorsCSV: n rows made from
// the seed set's real rows with new codes, bad changing row i if not nil.
var syntheticFactorsCSV = seedtest.SyntheticFactorsCSV

// factorCount is the factor count of set on the stack's server.
func factorCount(tb testing.TB, st *stack, set string) int {
	tb.Helper()
	return MustData[struct {
		FactorCount int `json:"factor_count"`
	}](tb, st.do(tb, request{method: "GET", target: "/v1/factor-sets/" + set, as: asAdmin}), 200).FactorCount // drafts: admins only
}

func TestServer_ImportOverBodyLimit(t *testing.T) {
	// Ensure the import route takes a file larger than the 8 MB every other
	// route takes (about 13,000 rows used to be the most), and that a body
	// over its own limit is refused with a 413 that names the limit, as is
	// a body over 8 MB on another route.
	st := newSeededStack(t)
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"2026.9"}`)}), 201)
	const rows = 15000
	body := syntheticFactorsCSV(t, rows, nil)
	if len(body) <= 8<<20 {
		t.Fatalf("the file is %d bytes, want over 8 MB", len(body))
	}
	sum := MustData[struct{ Added, Total int }](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.9/import", as: asAdmin, contentType: "text/csv", body: body}), 200)
	if sum.Added != rows || sum.Total != rows || factorCount(t, st, "2026.9") != rows {
		t.Fatalf("summary %+v, set count %d, want %d", sum, factorCount(t, st, "2026.9"), rows)
	}

	for _, tt := range []struct {
		target, contentType string
		length              int64
		want                string
	}{
		{"/v1/factor-sets/2026.9/import", "text/csv", api.ImportBodyLimit + 1, "the limit is 256 MB (268435456 bytes)"},
		{"/v1/studies", "application/json", 8<<20 + 1, "the limit is 8MB"},
	} {
		req := httptest.NewRequest("POST", tt.target, strings.NewReader("x"))
		req.ContentLength = tt.length
		req.Header.Set("Content-Type", tt.contentType)
		req.Header.Set("Authorization", "Bearer "+st.tokens[asAdmin])
		rec := httptest.NewRecorder()
		st.srv.ServeHTTP(rec, req)
		if e := MustError(t, rec, 413, "too_large"); !strings.Contains(e.Error.Message, tt.want) {
			t.Errorf("%s: message %q, want it to name the limit (%q)", tt.target, e.Error.Message, tt.want)
		}
	}
}

// gatedReader delivers the first half of a file, then waits until open is
// closed before it delivers the rest: a reader that shows whether the other
// end answers while the upload is still under way.
type gatedReader struct {
	r    *bytes.Reader
	half int64
	open <-chan struct{}
}

func (g *gatedReader) Read(p []byte) (int, error) {
	sent := g.r.Size() - int64(g.r.Len())
	if sent < g.half {
		return g.r.Read(p[:min(int64(len(p)), g.half-sent)])
	}
	select {
	case <-g.open:
	case <-time.After(30 * time.Second):
		return 0, errors.New("the server sent no progress while the upload was under way")
	}
	return g.r.Read(p)
}

func TestFactorService_ImportFactorsCSV(t *testing.T) {
	// Ensure a large factor file imported through a running server streams:
	// the server reports progress while the file is still being uploaded
	// (the reader waits for it half way), then through every phase, and the
	// set holds every row; and that a file with a bad row late in it comes
	// back as its bad lines, with nothing written.
	st, c, _ := MustServeStack(t)
	c.Token = st.tokens[asAdmin]
	remote := api.NewFactorService(c)
	ctx := context.Background()
	for _, v := range []string{"2026.8", "2026.9"} {
		if err := remote.CreateFactorSet(ctx, &footprint.FactorSet{Version: v}); err != nil {
			t.Fatal(err)
		}
	}

	const rows = 12000
	body := syntheticFactorsCSV(t, rows, nil)
	var (
		mu     sync.Mutex
		phases []string
		counts = map[string]int{}
		open   = make(chan struct{})
		once   sync.Once
	)
	progress := func(phase string, n int) {
		mu.Lock()
		defer mu.Unlock()
		if len(phases) == 0 || phases[len(phases)-1] != phase {
			phases = append(phases, phase)
		}
		counts[phase] = n
		once.Do(func() { close(open) })
	}
	sum, err := remote.ImportFactorsCSV(ctx, "2026.9", &gatedReader{r: bytes.NewReader(body), half: int64(len(body) / 2), open: open}, "big.csv", progress)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != rows || sum.Total != rows || factorCount(t, st, "2026.9") != rows {
		t.Fatalf("summary %+v, set count %d, want %d", sum, factorCount(t, st, "2026.9"), rows)
	}
	if counts["read"] != rows || counts["write"] != rows || counts["commit"] != rows {
		t.Errorf("last counts %v, want %d read, written and committed", counts, rows)
	}
	if seen := strings.Join(phases, " "); !strings.HasPrefix(seen, "read") || !strings.Contains(seen, "write") || !strings.HasSuffix(seen, "commit") {
		t.Errorf("phases %q, want read and write interleaved, then commit", seen)
	}

	bad := syntheticFactorsCSV(t, rows, func(i int, row map[string]string) {
		if i == rows-10 {
			row["value"] = "1_000"
		}
	})
	_, err = remote.ImportFactorsCSV(ctx, "2026.8", bytes.NewReader(bad), "bad.csv", nil)
	var list *tabular.Errors
	if !errors.As(err, &list) || len(list.Errors) != 1 || list.Errors[0].Field != fmt.Sprintf("bad.csv:%d:value", rows-10+2) {
		t.Fatalf("bad file: %v", err)
	}
	if n := factorCount(t, st, "2026.8"); n != 0 {
		t.Fatalf("a refused import wrote %d factors", n)
	}
}

func TestServer_ImportMultipart(t *testing.T) {
	// Ensure a multipart upload is streamed from its "file" part, and that
	// a part before it, or a second file after it, is refused naming the
	// part, with nothing written.
	st := newSeededStack(t)
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"2026.9"}`)}), 201)
	file := string(syntheticFactorsCSV(t, 3, nil))
	for _, tt := range []struct {
		name, body, field string
	}{
		{"Second", "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n" + file + "\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.csv\"\r\n\r\n" + file + "\r\n--B--\r\n", "file"},
		{"Before", "--B\r\nContent-Disposition: form-data; name=\"notes\"\r\n\r\nx\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n" + file + "\r\n--B--\r\n", "notes"},
		{"None", "--B--\r\n", "file"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.9/import", as: asAdmin, contentType: "multipart/form-data; boundary=B", body: []byte(tt.body)})
			if e := MustError(t, rec, 400, "invalid"); e.Error.Field != tt.field {
				t.Errorf("field %q, want %q: %s", e.Error.Field, tt.field, rec.Body)
			}
			if n := factorCount(t, st, "2026.9"); n != 0 {
				t.Fatalf("a refused import wrote %d factors", n)
			}
		})
	}
	rec := st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.9/import", as: asAdmin, contentType: "multipart/form-data; boundary=B",
		body: []byte("--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n" + file + "\r\n--B--\r\n")})
	if sum := MustData[struct{ Added int }](t, rec, 200); sum.Added != 3 {
		t.Fatalf("summary %+v", sum)
	}
}

func TestServer_ImportProgressStream(t *testing.T) {
	// Ensure a client that asks for NDJSON gets progress lines and, last,
	// the outcome: the summary, or the error with every bad line, as an
	// error answer would have it.
	st, c, _ := MustServeStack(t)
	for _, v := range []string{"2026.8", "2026.9"} {
		MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"` + v + `"}`)}), 201)
	}
	post := func(set string, body []byte) []string {
		req, err := http.NewRequest("POST", c.URL+"/v1/factor-sets/"+set+"/import", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "text/csv")
		req.Header.Set("Accept", "application/x-ndjson")
		req.Header.Set("Authorization", "Bearer "+st.tokens[asAdmin])
		status, hdr, b := footprinttest.Do(t, http.DefaultClient, req)
		if status != 200 || hdr.Get("Content-Type") != "application/x-ndjson" {
			t.Fatalf("status %d, type %q", status, hdr.Get("Content-Type"))
		}
		return strings.Split(strings.TrimSpace(string(b)), "\n")
	}
	lines := post("2026.9", syntheticFactorsCSV(t, 6000, nil))
	if !strings.HasPrefix(lines[0], `{"progress":{"phase":"read","count":1000}}`) ||
		lines[len(lines)-1] != `{"data":{"set":"2026.9","added":6000,"replaced":0,"total":6000}}` {
		t.Fatalf("lines %q", lines)
	}
	lines = post("2026.8", syntheticFactorsCSV(t, 6000, func(i int, row map[string]string) {
		if i == 5000 || i == 5500 {
			row["unit"] = "furlongs"
		}
	}))
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, `{"error":{"code":"invalid","message":"文件中有 2 处问题，第一处：`) || !strings.Contains(last, `。2 problems in the file; the first: `) ||
		!strings.Contains(last, `"field":"factors.csv:5002:unit"`) || !strings.Contains(last, `"field":"factors.csv:5502:unit"`) {
		t.Fatalf("last line %q", last)
	}
	if n := factorCount(t, st, "2026.8"); n != 0 {
		t.Fatalf("a refused import wrote %d factors", n)
	}
}

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
