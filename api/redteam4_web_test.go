package api_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var previewInput = regexp.MustCompile(`name="preview" value="([^"]+)"`)

// Ensure the curator's import imports the file whose preview the page
// showed. Before, the session kept the latest preview only, and the
// import form of an earlier preview (another tab) imported the later
// file: a curator who checked file A's changes and flags and pressed
// "Import these factors" on A's page got file B's values into the draft.
// Now that form is refused (400, field preview), nothing is imported and
// the later preview stays to be imported from its own page.
func TestRedteam4_CuratorImportsThePreviewedFile(t *testing.T) {
	st := newSeededStack(t)
	admin := st.signedIn(t, asAdmin)
	if rec := admin.post("/work/factor-sets", url.Values{"csrf_token": {admin.csrf}, "version": {"2026.2"}, "based_on": {"2026.1"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("create: %d %.600s", rec.Code, rec.Body)
	}
	rec := st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.1/export?format=csv"})
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\ufeff"))).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("export: %v, %d rows", err, len(rows))
	}
	code, value := slices.Index(rows[0], "code"), slices.Index(rows[0], "value")
	file := func(v string) []byte {
		row := slices.Clone(rows[1])
		row[value] = v
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.WriteAll([][]string{rows[0], row})
		return b.Bytes()
	}
	preview := func(v string) string {
		rec := admin.upload("/work/factor-sets/2026.2/preview", admin.csrf, formFile{"file", "edition-" + v + ".csv", file(v)})
		mustWorkPage(t, rec, http.StatusOK, v)
		m := previewInput.FindStringSubmatch(rec.Body.String())
		if m == nil {
			t.Fatalf("preview of %s: the import form names no preview", v)
		}
		return m[1]
	}
	valueNow := func() float64 {
		return MustData[struct {
			Value float64 `json:"value"`
		}](t, st.do(t, request{method: "GET", target: "/v1/factors/" + rows[1][code] + "?set=2026.2", as: asAdmin}), 200).Value
	}
	before := valueNow()
	a := preview("123.5")
	b := preview("0.0012")
	rec = admin.post("/work/factor-sets/2026.2/import", url.Values{"csrf_token": {admin.csrf}, "preview": {a}})
	mustWorkPage(t, rec, http.StatusBadRequest, "preview")
	if v := valueNow(); v != before {
		t.Fatalf("the form of preview A imported %v", v)
	}
	if rec := admin.post("/work/factor-sets/2026.2/import", url.Values{"csrf_token": {admin.csrf}, "preview": {b}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("import from B's page: %d %.600s", rec.Code, rec.Body)
	}
	if v := valueNow(); v != 0.0012 {
		t.Fatalf("imported %v, want B's 0.0012", v)
	}
}
