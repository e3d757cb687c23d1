package api_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// Ensure the curator's workbench creates a draft, previews an import
// without writing anything (one factor changed, one added), imports exactly
// the previewed file, and publishes only when the version is typed to
// confirm; and that the forms need the CSRF token and the admin role.
func TestWebCurator(t *testing.T) {
	st := newSeededStack(t)
	admin := st.signedIn(t, asAdmin)
	maker := st.signedIn(t, asMaker)
	mustWorkPage(t, maker.get("/work/factor-sets"), http.StatusForbidden)
	mustWorkPage(t, maker.post("/work/factor-sets", url.Values{"csrf_token": {maker.csrf}, "version": {"2026.9"}}), http.StatusForbidden)

	mustWorkPage(t, admin.post("/work/factor-sets", url.Values{"version": {"2026.2"}, "based_on": {"2026.1"}}), http.StatusForbidden)
	if rec := admin.post("/work/factor-sets", url.Values{"csrf_token": {admin.csrf}, "version": {"2026.2"}, "based_on": {"2026.1"}, "description": {"test edition"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("create: %d %.600s", rec.Code, rec.Body)
	}
	count := func() int {
		return MustData[struct {
			FactorCount int `json:"factor_count"`
		}](t, st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.2", as: asAdmin}), 200).FactorCount
	}
	before := count()

	// A file of two rows: one factor of the set with a new value, one new.
	rec := st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.1/export?format=csv"})
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\ufeff"))).ReadAll()
	if err != nil || len(rows) < 3 {
		t.Fatalf("export: %v, %d rows", err, len(rows))
	}
	code, value := slices.Index(rows[0], "code"), slices.Index(rows[0], "value")
	changed := slices.Clone(rows[1])
	changed[value] = "123.5"
	added := slices.Clone(rows[2])
	added[code] = "WEB-TEST-NEW-FACTOR"
	var file bytes.Buffer
	w := csv.NewWriter(&file)
	w.WriteAll([][]string{rows[0], changed, added})

	upload := func(token string) *httptest.ResponseRecorder {
		return admin.upload("/work/factor-sets/2026.2/preview", token, formFile{"file", "edition.csv", file.Bytes()})
	}
	mustWorkPage(t, upload("wrong"), http.StatusForbidden)
	mustWorkPage(t, admin.post("/work/factor-sets/2026.2/import", url.Values{"csrf_token": {admin.csrf}}), http.StatusBadRequest, "preview")
	rec = upload(admin.csrf)
	mustWorkPage(t, rec, http.StatusOK, `<span id="preview-added">1</span>`, `<span id="preview-changed">1</span>`, "WEB-TEST-NEW-FACTOR", rows[1][code], "123.5")
	if n := count(); n != before {
		t.Fatalf("the preview wrote: %d factors, want %d", n, before)
	}
	m := previewInput.FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatal("the preview page's import form names no preview")
	}
	// The import confirms that preview: a form without it, or posted to
	// another set, imports nothing and keeps the preview for its own page.
	mustWorkPage(t, admin.post("/work/factor-sets/2026.2/import", url.Values{"csrf_token": {admin.csrf}}), http.StatusBadRequest, "preview")
	mustWorkPage(t, admin.post("/work/factor-sets/2026.1/import", url.Values{"csrf_token": {admin.csrf}, "preview": {m[1]}}), http.StatusBadRequest, "preview")
	if n := count(); n != before {
		t.Fatalf("a form that confirmed no preview imported: %d factors, want %d", n, before)
	}
	if rec := admin.post("/work/factor-sets/2026.2/import", url.Values{"csrf_token": {admin.csrf}, "preview": {m[1]}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("import: %d %.600s", rec.Code, rec.Body)
	}
	if n := count(); n != before+1 {
		t.Fatalf("%d factors after the import, want %d", n, before+1)
	}
	f := MustData[struct {
		Value float64 `json:"value"`
	}](t, st.do(t, request{method: "GET", target: "/v1/factors/" + rows[1][code] + "?set=2026.2", as: asAdmin}), 200)
	if f.Value != 123.5 {
		t.Fatalf("imported value %v, want 123.5", f.Value)
	}
	// The preview is used once.
	mustWorkPage(t, admin.post("/work/factor-sets/2026.2/import", url.Values{"csrf_token": {admin.csrf}, "preview": {m[1]}}), http.StatusBadRequest, "preview")

	mustWorkPage(t, admin.post("/work/factor-sets/2026.2/publish", url.Values{"csrf_token": {admin.csrf}, "confirm": {"2026.1"}}), http.StatusBadRequest, "confirm")
	if rec := admin.post("/work/factor-sets/2026.2/publish", url.Values{"csrf_token": {admin.csrf}, "confirm": {"2026.2"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("publish: %d %.600s", rec.Code, rec.Body)
	}
	mustWorkPage(t, admin.get("/work/factor-sets/2026.2"), http.StatusOK, "已发布 published")
	mustWorkPage(t, upload(admin.csrf), http.StatusConflict)
}
