package api_test

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// Ensure a draft factor set, its factors and its export are visible to
// admins only (issue 9 item 1): every other caller gets the 404 of a set
// that does not exist, word for word, and the list of sets leaves drafts
// out; once published, the set is public.
func TestServer_DraftSetsAdminsOnly(t *testing.T) {
	st := newSeededStack(t)
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json",
		body: []byte(`{"version":"2026.9","based_on":"2026.1"}`)}), 201)
	// A cursor into the draft, as an admin paging through it holds one.
	rec := st.do(t, request{method: "GET", target: "/v1/factors?set=2026.9&limit=1", as: asAdmin})
	MustData[[]any](t, rec, 200)
	var meta struct {
		NextCursor string `json:"next_cursor"`
	}
	var page jsonBody[[]any]
	if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(page.Meta, &meta); err != nil || meta.NextCursor == "" {
		t.Fatalf("no cursor into the draft: %s (%v)", page.Meta, err)
	}
	targets := []string{
		"/v1/factor-sets/2026.9",
		"/v1/factors?set=2026.9",
		"/v1/factors?cursor=" + url.QueryEscape(meta.NextCursor),
		"/v1/factors/ELEC-CN-NAT-CF-2024?set=2026.9",
		"/v1/factors/NO-SUCH-FACTOR?set=2026.9", // not "factor … not found in set 2026.9"
		"/v1/factor-sets/2026.9/export",
		"/v1/factor-sets/2026.9/export?format=json",
	}
	absent := MustError(t, st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.77"}), 404, "not_found")
	for _, as := range []string{"", asMaker, asCert, asReg} {
		for _, target := range targets {
			e := MustError(t, st.do(t, request{method: "GET", target: target, as: as}), 404, "not_found")
			if e.Error.Message != `factor set "2026.9" not found` {
				t.Errorf("%s as %q: message %q", target, as, e.Error.Message)
			}
		}
		for _, set := range MustData[[]struct{ Version string }](t, st.do(t, request{method: "GET", target: "/v1/factor-sets", as: as}), 200) {
			if set.Version == "2026.9" {
				t.Errorf("the list of sets shows the draft to %q", as)
			}
		}
	}
	if absent.Error.Message != `factor set "2026.77" not found` {
		t.Fatalf("a missing set: %q", absent.Error.Message)
	}
	for _, target := range targets {
		want := 200
		if strings.Contains(target, "NO-SUCH") {
			want = 404
		}
		if rec := st.do(t, request{method: "GET", target: target, as: asAdmin}); rec.Code != want {
			t.Errorf("%s as admin: status %d: %s", target, rec.Code, rec.Body)
		}
	}
	if n := len(MustData[[]any](t, st.do(t, request{method: "GET", target: "/v1/factor-sets", as: asAdmin}), 200)); n != 2 {
		t.Errorf("admin sees %d sets, want 2", n)
	}
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.9/publish", as: asAdmin}), 200)
	for _, target := range targets {
		if strings.Contains(target, "NO-SUCH") {
			continue
		}
		if rec := st.do(t, request{method: "GET", target: target}); rec.Code != 200 {
			t.Errorf("%s after publication: status %d: %s", target, rec.Code, rec.Body)
		}
	}
}

// draftStudy is the demo study pinned to draft set 2026.9 (a copy of the
// seed set).
func draftStudy(tb testing.TB, st *stack, serial string) []byte {
	tb.Helper()
	MustData[any](tb, st.do(tb, request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json",
		body: []byte(`{"version":"2026.9","based_on":"2026.1"}`)}), 201)
	body := pvStudy(tb, serial)
	if !bytes.Contains(body, []byte(`"factor_set": "2026.1"`)) {
		tb.Fatal("demo study does not pin 2026.1")
	}
	return bytes.Replace(body, []byte(`"factor_set": "2026.1"`), []byte(`"factor_set": "2026.9"`), 1)
}

// Ensure a study pinned to a draft set is never stored (issue 9 item 1):
// POST /v1/studies answers 400 naming factor_set and writes nothing, while
// an admin may preview it (POST /v1/calculations). Anyone else previewing
// it gets the answer of a set that does not exist, since drafts are
// visible to admins only.
func TestServer_DraftSetStudies(t *testing.T) {
	st := newSeededStack(t)
	body := draftStudy(t, st, "GEC-DRAFT-STUDY-1")
	before := st.certs.auditCount()
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: body}), 400, "invalid")
	if e.Error.Field != "factor_set" || !strings.Contains(e.Error.Message, "draft") || !strings.Contains(e.Error.Message, "publish") {
		t.Fatalf("error %+v: want field factor_set and a message naming the draft and the way out", e.Error)
	}
	if n := len(MustData[[]struct{}](t, st.do(t, request{method: "GET", target: "/v1/studies", as: asReg}), 200)); n != 0 {
		t.Fatalf("a study against a draft was stored (%d studies)", n)
	}
	if got := st.certs.auditCount(); got != before {
		t.Fatalf("a refused study wrote %d audit events", got-before)
	}
	// The admin previews against the draft.
	if got := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/calculations", as: asAdmin, contentType: "application/json", body: body}), 200); got.KgCO2e == nil || *got.KgCO2e <= 0 {
		t.Fatalf("admin preview %+v", got)
	}
	// Others: the draft does not exist for them.
	for _, as := range []string{asMaker, asCert, asReg} {
		e := MustError(t, st.do(t, request{method: "POST", target: "/v1/calculations", as: as, contentType: "application/json", body: body}), 400, "invalid")
		if e.Error.Field != "factor_set" || e.Error.Message != `factor set "2026.9" not found` {
			t.Errorf("preview as %s: %+v", as, e.Error)
		}
	}
	// The same study on the published set is stored.
	MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: pvStudy(t, "GEC-DRAFT-STUDY-1")}), 201)
}
