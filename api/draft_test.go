package api_test

import (
	"encoding/json"
	"net/url"
	"testing"
)

// Ensure a draft factor set, its factors and its export are visible to
// admins only (issue 9 item 1): every other caller gets the 404 of a set
// that does not exist, word for word, and the list of sets leaves drafts
// out; once published, the set is public.
func TestServer_DraftSetsAdminsOnly(t *testing.T) {
	_, fs := MustOpenSeededFactors(t)
	st := newStack(t, fs)
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
		if rec := st.do(t, request{method: "GET", target: target, as: asAdmin}); rec.Code != 200 {
			t.Errorf("%s as admin: status %d: %s", target, rec.Code, rec.Body)
		}
	}
	if n := len(MustData[[]any](t, st.do(t, request{method: "GET", target: "/v1/factor-sets", as: asAdmin}), 200)); n != 2 {
		t.Errorf("admin sees %d sets, want 2", n)
	}
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.9/publish", as: asAdmin}), 200)
	for _, target := range targets {
		if rec := st.do(t, request{method: "GET", target: target}); rec.Code != 200 {
			t.Errorf("%s after publication: status %d: %s", target, rec.Code, rec.Body)
		}
	}
}
