package api_test

import (
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/api"
)

// mustPage fetches target as a browser and checks it is a page with the
// security headers every page carries.
func mustPage(t *testing.T, st *stack, target string, status int) string {
	t.Helper()
	rec := getHTML(t, st.srv, target)
	if rec.Code != status || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("GET %s: %d %q, want %d text/html\n%s", target, rec.Code, rec.Header().Get("Content-Type"), status, rec.Body)
	}
	h := rec.Header()
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "frame-ancestors 'none'", "style-src 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("GET %s: CSP %q lacks %q", target, csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "script-src") && !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("GET %s: CSP %q allows inline code", target, csp)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" || h.Get("Cache-Control") == "" {
		t.Errorf("GET %s: headers %v", target, h)
	}
	body := rec.Body.String()
	if strings.Contains(body, "<script") || strings.Contains(body, " style=") || strings.Contains(body, "<style") {
		t.Errorf("GET %s: inline script or style", target)
	}
	return body
}

// Ensure the home page says what the platform is in both languages, has
// the two search boxes and names the current factor set, inside the
// layout with its stylesheet.
func TestWebHome(t *testing.T) {
	st := newSeededStack(t)
	body := mustPage(t, st, "/", 200)
	for _, want := range []string{
		`<html lang="zh-CN">`, "成都市产品碳足迹公共服务平台", "Chengdu Product Carbon Footprint Platform",
		`action="/factors"`, `action="/certificates"`, `id="current-set"`, `href="/factors?set=2026.1"`,
		`aria-current="page">首页`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("home lacks %q", want)
		}
	}
	css := regexp.MustCompile(`href="(/assets/site\.[0-9a-f]{10}\.css)"`).FindStringSubmatch(body)
	if css == nil {
		t.Fatalf("no hashed stylesheet link in\n%s", body)
	}
	rec := getHTML(t, st.srv, css[1])
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/css") ||
		!strings.Contains(rec.Header().Get("Cache-Control"), "immutable") || !strings.Contains(rec.Body.String(), "header.site") {
		t.Fatalf("stylesheet: %d %v", rec.Code, rec.Header())
	}
	// Another name, an old hash included, is not found.
	if rec := getHTML(t, st.srv, "/assets/site.0000000000.css"); rec.Code != 404 {
		t.Fatalf("unknown asset: %d", rec.Code)
	}
}

// Ensure a browser gets a bilingual page for an error outside the API,
// while the API keeps answering JSON to everyone.
func TestWebErrorPages(t *testing.T) {
	st := newSeededStack(t)
	// Unknown paths under the pages' own: an error page too.
	for _, target := range []string{"/factors/ELEC-CN-NAT-CF-2024/more", "/certificates/x/y", "/assets/", "/factor-sets/x/y"} {
		rec := getHTML(t, st.srv, target)
		if rec.Code/100 != 4 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") || !strings.Contains(rec.Body.String(), `id="error"`) && !strings.Contains(rec.Body.String(), `data-status="error"`) {
			t.Errorf("%s: %d %q", target, rec.Code, rec.Header().Get("Content-Type"))
		}
	}
	body := mustPage(t, st, "/no/such/page", 404)
	for _, want := range []string{"页面不存在", "Page not found", `data-status="404"`, `href="/"`} {
		if !strings.Contains(body, want) {
			t.Errorf("404 page lacks %q", want)
		}
	}
	// A bad input is explained in both languages: what the code means and
	// what to do, the field at fault, then the API's own message (in both
	// languages since session 42; a message in English only is labelled so).
	body = mustPage(t, st, "/factors?year=abc", 400)
	for _, want := range []string{"请求有误", "提交的内容有误", "Something you sent is not valid", "出错字段 Field:", `<span class="mono">[year]</span>`, "详细说明 Details:", `查询参数 year 的值 &#34;abc&#34; 无效。<span class="en">invalid value &#34;abc&#34;</span>`} {
		if !strings.Contains(body, want) {
			t.Errorf("400 page lacks %q", want)
		}
	}
	if body := mustPage(t, st, "/no/such/page", 404); !strings.Contains(body, "找不到该记录") {
		t.Error("404 page lacks its Chinese hint")
	}
	// The API stays JSON, for a browser too.
	rec := getHTML(t, st.srv, "/v1/nothing")
	if rec.Code != 404 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("API 404 for a browser: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	// A program asking for an unknown path gets JSON.
	req := httptest.NewRequest("GET", "/no/such/page", nil)
	req.Header.Set("Accept", "application/json")
	w := httptest.NewRecorder()
	st.srv.ServeHTTP(w, req)
	if w.Code != 404 || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("program 404: %d %q", w.Code, w.Header().Get("Content-Type"))
	}
}

// Ensure every page route is in the access table, kept out of the API's
// route list (and so of the OpenAPI document), and that the public pages
// are public.
func TestWebPageRoutes(t *testing.T) {
	st := newStack(t, nil)
	pages := st.srv.PageRoutes()
	if len(pages) == 0 {
		t.Fatal("no page routes")
	}
	apiRoutes := st.srv.Routes()
	for _, r := range pages {
		method, path, _ := strings.Cut(r, " ")
		isPublic, _, ok := api.Access(method, path)
		if !ok {
			t.Errorf("%s: no access policy", r)
		}
		for _, a := range apiRoutes {
			if a == r {
				t.Errorf("%s listed as an API route", r)
			}
		}
		if (path == "/" || strings.HasPrefix(path, "/assets/")) && !isPublic {
			t.Errorf("%s: not public", r)
		}
	}
}

// Ensure every public page answers a person without a sign-in: never 401
// or 403, and never a 500.
func TestWebPublicPagesAnswerAnyone(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	sample := strings.NewReplacer(":code", "ELEC-CN-NAT-CF-2024", ":number", fx.number, ":file", "site.css")
	for _, r := range st.srv.PageRoutes() {
		method, path, _ := strings.Cut(r, " ")
		if isPublic, _, _ := api.Access(method, path); !isPublic || method != "GET" {
			continue
		}
		target := sample.Replace(path)
		if path == "/factor-sets/diff" {
			target += "?from=2026.1&to=2026.1"
		}
		rec := getHTML(t, st.srv, target)
		if rec.Code == 401 || rec.Code == 403 || rec.Code >= 500 {
			t.Errorf("%s: %d\n%s", target, rec.Code, rec.Body)
		}
	}
}
