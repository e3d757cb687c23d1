package api_test

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/api"
)

// TestDocsPage checks the API reference page: served to anyone as HTML
// under a CSP, with no script and no external asset, listing every
// operation of the document and every schema, with typed parameters and
// bilingual headings.
func TestDocsPage(t *testing.T) {
	st := newStack(t, nil)
	rec := st.do(t, request{method: "GET", target: "/v1/docs"})
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("status=%d content type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") {
		t.Errorf("CSP %q", csp)
	}
	page := rec.Body.String()
	if strings.Contains(strings.ToLower(page), "<script") {
		t.Error("page has a script")
	}
	if m := regexp.MustCompile(`(?i)(src|href)="(https?:)?//`).FindString(page); m != "" {
		t.Errorf("page loads an external asset: %s", m)
	}
	text := html.UnescapeString(page)
	for _, want := range []string{"API 参考 · API reference", "参数 · Parameters", "响应 · Responses", "数据结构 · Schemas", "错误 · Errors", "证书 · certificates"} {
		if !strings.Contains(text, want) {
			t.Errorf("page lacks heading %q", want)
		}
	}
	doc := api.OpenAPI()
	for path, item := range doc["paths"].(map[string]any) {
		for method := range item.(map[string]any) {
			if !strings.Contains(text, strings.ToUpper(method)+"</span> "+path) {
				t.Errorf("page lacks %s %s", strings.ToUpper(method), path)
			}
		}
	}
	for name := range doc["components"].(map[string]any)["schemas"].(map[string]any) {
		if !strings.Contains(text, `id="schema-`+name+`"`) {
			t.Errorf("page lacks schema %s", name)
		}
	}
	// Typed parameters and the fields of a reflected schema appear.
	for _, want := range []string{"<code>limit (query)</code></td><td class=\"mono\">integer", "<code>flagged (query)</code></td><td class=\"mono\">boolean", "<code>kg_co2e</code>"} {
		if !strings.Contains(text, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}
