package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
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
	for _, want := range []string{"请求有误", "提交的内容有误", "Something you sent is not valid", "出错字段 Field:", `<span class="mono">[year]</span>`, "详细说明 Details:", `查询参数 year 的值 &#34;abc&#34; 无效。<span class="en" lang="en">invalid value &#34;abc&#34;</span>`} {
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

// Ensure the public registry lists certificates by their public facts,
// finds them by number (its detail page is the verification page),
// product code and holder, filters by live status, answers bad input with
// a 400 page naming the parameter, and shows nothing private: no
// certificate ID, no study, no supplier.
func TestWebCertificates_Registry(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")

	body := mustPage(t, st, "/certificates", 200)
	for _, want := range []string{
		`href="/certificates/` + fx.number + `"`, `data-status="valid"`, "示例组件厂", "kgCO2e/块组件", "HS:854143", "DEMO-M10-54",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("registry lacks %q", want)
		}
	}
	for _, private := range []string{fx.cert, fx.issuedStudy, fx.issuedApp, fx.study, "supplier", "GEC-FX"} {
		if strings.Contains(body, private) {
			t.Errorf("registry shows %q", private)
		}
	}

	// By number, from the home page's box: the verification page.
	rec := getHTML(t, st.srv, "/certificates?q="+strings.ToLower(fx.number))
	if rec.Code != 303 || rec.Header().Get("Location") != "/certificates/"+fx.number {
		t.Fatalf("search by number: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	body = mustPage(t, st, "/certificates/"+fx.number, 200)
	for _, want := range []string{`data-status="valid"`, "有效 · Valid", fx.number, "已验证 Verified", `aria-current="page">证书查询`} {
		if !strings.Contains(body, want) {
			t.Errorf("certificate page lacks %q", want)
		}
	}

	for _, tt := range []struct {
		target string
		found  bool
	}{
		{"/certificates?q=8541", true},
		{"/certificates?q=HS:854143", true},
		{"/certificates?product_code=9403", false},
		{"/certificates?q=示例组件", true},
		{"/certificates?holder=no+such+company", false},
		{"/certificates?status=valid", true},
		{"/certificates?status=suspended", false},
	} {
		body := mustPage(t, st, tt.target, 200)
		if got := strings.Contains(body, `href="/certificates/`+fx.number+`"`); got != tt.found {
			t.Errorf("%s: listed %v, want %v", tt.target, got, tt.found)
		}
		if !tt.found && !strings.Contains(body, "No certificate matches this search") {
			t.Errorf("%s: no word of an empty result", tt.target)
		}
	}

	// The status is live.
	if rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/suspend", as: asCert, contentType: "application/json", body: []byte(`{"reasons":["surveillance audit overdue"]}`)}); rec.Code != 200 {
		t.Fatalf("suspend: %d %s", rec.Code, rec.Body)
	}
	body = mustPage(t, st, "/certificates?status=suspended", 200)
	if !strings.Contains(body, `data-status="suspended"`) || !strings.Contains(body, fx.number) {
		t.Error("suspended certificate not listed as suspended")
	}
	if strings.Contains(mustPage(t, st, "/certificates?status=valid", 200), `href="/certificates/`+fx.number+`"`) {
		t.Error("suspended certificate listed as valid")
	}
	if body := mustPage(t, st, "/certificates/"+fx.number, 200); !strings.Contains(body, "surveillance audit overdue") {
		t.Error("the verification page does not give the reason")
	}

	// Bad input.
	for _, tt := range []struct{ target, field string }{
		{"/certificates?status=lost", "status"},
		{"/certificates?number=CDPCF-12", "number"},
		{"/certificates?product_code=XX:1", ""},
		{"/certificates?cursor=%ZZ", "cursor"},
	} {
		body := mustPage(t, st, tt.target, 400)
		if tt.field != "" && !strings.Contains(body, "["+tt.field+"]") {
			t.Errorf("%s: error page does not name %q", tt.target, tt.field)
		}
	}
	body = mustPage(t, st, "/certificates/CDPCF-2026-999999", 404)
	if !strings.Contains(body, "未找到该编号的证书") {
		t.Error("unknown number: no word that the label may not be genuine")
	}
	mustPage(t, st, "/certificates/not-a-number", 400)
}

// Ensure the registry spends the public-lookup budget, so that it cannot
// be walked faster than the verification endpoints.
func TestWebCertificates_RateLimited(t *testing.T) {
	st := newStack(t, nil)
	api.StopLookupClock(st.srv, time.Now())
	limited := false
	for range 40 {
		rec := getHTML(t, st.srv, "/certificates")
		if rec.Code == 429 {
			limited = true
			if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") || rec.Header().Get("Retry-After") == "" {
				t.Fatalf("429: %v", rec.Header())
			}
			break
		}
	}
	if !limited {
		t.Fatal("40 registry searches in a row were not limited")
	}
}

// singleReads is the store's study service counting the studies read one
// by one (FindStudyByID).
type singleReads struct {
	*factordb.StudyService
	n atomic.Int64
}

func (s *singleReads) FindStudyByID(ctx context.Context, id string) (*footprint.Study, error) {
	s.n.Add(1)
	return s.StudyService.FindStudyByID(ctx, id)
}

// Ensure the workbench's studies page lists each study with its figure
// from the list's one read, as GET /v1/studies does: it read every listed
// study's document again (up to 50 per page) to show the figure.
func TestWebStudies_FigureFromTheList(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	kg := MustData[studyData](t, st.do(t, request{method: "GET", target: "/v1/studies/" + fx.study, as: asMaker}), 200).KgCO2e
	counted := &singleReads{StudyService: st.studies}
	st.srv.StudyService = counted
	mustWorkPage(t, st.signedIn(t, asMaker).get("/work/studies"), http.StatusOK,
		`href="/work/studies/`+fx.study+`"`, footprint.FormatKgCO2e(*kg))
	if n := counted.n.Load(); n != 0 {
		t.Errorf("the studies page read %d studies one by one, want none (the list has their figures)", n)
	}
}

// Ensure GET /v1/studies shows each study's headline figure and result
// digest, as GET /v1/studies/{id} gives them, and the rest of the single
// read's summary, field for field; not the study document, the result or
// the supplier warnings, which the single read has.
func TestStudyIndex_ShowsTheFigure(t *testing.T) {
	st := newSeededStack(t)
	ids := []string{st.submit(t, "GEC-IDX-1"), st.submit(t, "GEC-IDX-2")}
	list := MustData[[]map[string]json.RawMessage](t, st.do(t, request{method: "GET", target: "/v1/studies", as: asMaker}), 200)
	if len(list) != len(ids) {
		t.Fatalf("%d studies listed, want %d", len(list), len(ids))
	}
	for i, row := range list {
		one := MustData[map[string]json.RawMessage](t, st.do(t, request{method: "GET", target: "/v1/studies/" + ids[i], as: asMaker}), 200)
		for _, k := range []string{"id", "owner", "created_at", "title", "rule", "boundary", "declared_unit", "reference_period", "factor_set", "product", "kg_co2e", "result_digest"} {
			if len(one[k]) == 0 || !bytes.Equal(row[k], one[k]) {
				t.Errorf("study %d: %s listed %s, read alone %s", i, k, row[k], one[k])
			}
		}
		for _, k := range []string{"study", "result", "supplier_warnings"} {
			if row[k] != nil {
				t.Errorf("study %d: the list gives %s", i, k)
			}
		}
	}
}

// Ensure GET /v1/applications pages as the certificate list does: limit
// (1 to 1000, 50 by default) and cursor, meta.next_cursor and a Link to
// the next page, the pages together the whole list in its order (oldest
// first) with no application twice; and a bad limit or cursor is refused
// as the certificate list refuses it (400 invalid, naming the parameter).
func TestApplicationIndex_Pages(t *testing.T) {
	st := newSeededStack(t)
	var want []string
	for _, serial := range []string{"GEC-PAGE-1", "GEC-PAGE-2", "GEC-PAGE-3", "GEC-PAGE-4", "GEC-PAGE-5"} {
		want = append(want, st.apply(t, st.submit(t, serial)))
	}
	type page struct {
		Data []appData `json:"data"`
		Meta struct {
			NextCursor string `json:"next_cursor"`
			Count      int    `json:"count"`
		} `json:"meta"`
	}
	list := func(query string) (page, string) {
		t.Helper()
		rec := st.do(t, request{method: "GET", target: "/v1/applications?" + query, as: asCert})
		var p page
		if rec.Code != 200 {
			t.Fatalf("%s: status %d: %s", query, rec.Code, rec.Body)
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		return p, rec.Header().Get("Link")
	}
	all, _ := list("")
	var ids []string
	for _, a := range all.Data {
		ids = append(ids, a.ID)
	}
	if !slices.Equal(ids, want) || all.Meta.NextCursor != "" {
		t.Fatalf("the whole list %v (next %q), want %v", ids, all.Meta.NextCursor, want)
	}
	for _, q := range []string{"limit=2", "limit=2&status=pending"} {
		var got []string
		query := q
		for n := 0; ; n++ {
			p, link := list(query)
			if p.Meta.Count != len(p.Data) || len(p.Data) > 2 || n > 3 {
				t.Fatalf("%s: page %d of %d applications, count %d", query, n, len(p.Data), p.Meta.Count)
			}
			for _, a := range p.Data {
				got = append(got, a.ID)
			}
			if p.Meta.NextCursor == "" {
				if link != "" {
					t.Errorf("%s: a last page links to %s", query, link)
				}
				break
			}
			query = q + "&cursor=" + url.QueryEscape(p.Meta.NextCursor)
			if !strings.Contains(link, "cursor="+url.QueryEscape(p.Meta.NextCursor)) || !strings.Contains(link, `rel="next"`) {
				t.Errorf("%s: Link %q does not lead to the next page", q, link)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: pages %v, want %v", q, got, want)
		}
	}
	for _, q := range []string{"limit=-1", "limit=1001", "limit=two", "cursor=not-a-cursor", "cursor=" + strings.Repeat("A", 40)} {
		field, _, _ := strings.Cut(q, "=")
		for _, target := range []string{"/v1/applications?", "/v1/certificates?"} {
			e := MustError(t, st.do(t, request{method: "GET", target: target + q, as: asCert}), 400, "invalid")
			if e.Error.Field != field {
				t.Errorf("%s%s: %+v, want field %s", target, q, e.Error, field)
			}
		}
	}
}

// Ensure the errors a person reads on the workbench's forms say it in
// Chinese and in English (one message, Chinese first, as the service's
// bilingual errors do): the reasons of a certificate's status change, a
// status change its status does not allow, the application and issue
// forms, the forms that confirm or vouch for an API key, a form field
// given twice and the study upload form (the sign-in page words its
// errors itself).
func TestWorkForms_ErrorsInChineseAndEnglish(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	certifier, maker := st.signedIn(t, asCert), st.signedIn(t, asMaker)
	reasons := func(r string) url.Values { return url.Values{"csrf_token": {certifier.csrf}, "reasons": {r}} }
	issue := func(digest string) url.Values {
		return url.Values{"csrf_token": {certifier.csrf}, "signatory": {"Wang Li"}, "review_digest": {digest}}
	}
	apply := func(study, body string) url.Values {
		return url.Values{"csrf_token": {maker.csrf}, "study_id": {study}, "certifier": {body}}
	}
	twice := reasons("one")
	twice.Add("reasons", "two")
	cert := "/work/certificates/" + fx.cert
	digest := MustData[struct {
		Review struct {
			Digest string `json:"digest"`
		} `json:"review"`
	}](t, st.do(t, request{method: "GET", target: "/v1/applications/" + fx.app, as: asCert}), 200).Review.Digest
	longSignatory := issue(digest)
	longSignatory.Set("signatory", strings.Repeat("W", 101))
	for _, tt := range []struct {
		name   string
		u      *webUser
		target string
		form   url.Values
		status int
		zh, en string
	}{
		{"FieldTwice", certifier, cert + "/withdraw", twice, http.StatusBadRequest, "表单中 reasons 出现了 2 次,只能给出一次", "the form gives reasons 2 times: give it once"},
		{"NoReason", certifier, cert + "/withdraw", reasons(" \n "), http.StatusBadRequest, "至少须给出一条理由", "at least one reason is required"},
		{"LongReason", certifier, cert + "/suspend", reasons(strings.Repeat("理", 1001)), http.StatusBadRequest, "第 1 条理由须为 1 至 1000 个字符", "reason 1 must be 1-1000 characters"},
		{"ReinstateValid", certifier, cert + "/reinstate", reasons("restored"), http.StatusConflict, "不能把状态为“有效”的证书改为“有效”", "cannot change a valid certificate to valid"},
		{"ReviewUnflagged", certifier, cert + "/review", reasons("checked"), http.StatusConflict, "没有待复核的供应商标记", "has no supplier flags to review"},
		{"IssueNoDigest", certifier, "/work/applications/" + fx.app + "/issue", issue(""), http.StatusBadRequest, "须给出签发前所阅读审核的摘要", "review_digest is required"},
		{"IssueBadDigest", certifier, "/work/applications/" + fx.app + "/issue", issue("abc"), http.StatusBadRequest, "须为 review.digest 的 32 位十六进制数字", "must be the 32 hexadecimal digits"},
		{"IssueStaleDigest", certifier, "/work/applications/" + fx.app + "/issue", issue(strings.Repeat("0", 32)), http.StatusConflict, "当前审核的摘要", "is not that of the review of application"},
		{"IssueLongSignatory", certifier, "/work/applications/" + fx.app + "/issue", longSignatory, http.StatusBadRequest, "授权签字人(signatory)超过 100 个字符", "signatory is longer than 100 characters"},
		{"IssueDecided", certifier, "/work/applications/" + fx.issuedApp + "/issue", issue(strings.Repeat("0", 32)), http.StatusConflict, "已有决定(issued)", "is already issued"},
		{"ApplyNoStudy", maker, "/work/applications", apply("", orgCertifier), http.StatusBadRequest, "须填写研究编号", "study_id is required"},
		{"ApplyNoCertifier", maker, "/work/applications", apply(fx.study, ""), http.StatusBadRequest, "须填写认证机构", "certifier (the organisation name of a certification body) is required"},
		{"ApplyBadStudyID", maker, "/work/applications", apply("not-a-uuid", orgCertifier), http.StatusBadRequest, "编号 \"not-a-uuid\" 无效", "invalid ID \"not-a-uuid\""},
		{"ApplyPending", maker, "/work/applications", apply(fx.study, orgCertifier), http.StatusConflict, "已有一份待审核的认证申请", "already has a pending application"},
		{"ApplyUnknownCertifier", maker, "/work/applications", apply(fx.issuedStudy, "No Such Body"), http.StatusNotFound, "没有名为 \"No Such Body\" 的认证机构", "certifier \"No Such Body\" not found"},
		{"ConfirmUnknownKey", certifier, "/work/keys/nokey/confirm", url.Values{"csrf_token": {certifier.csrf}}, http.StatusNotFound, "贵机构没有 API 密钥", "your organisation has no api key"},
		{"VouchNoToken", certifier, "/work/keys/nokey/vouch", url.Values{"csrf_token": {certifier.csrf}}, http.StatusBadRequest, "请给出贵机构在此之前持有的一把密钥的令牌", "give the token of a key your organisation held before this one"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			mustWorkPage(t, tt.u.post(tt.target, tt.form), tt.status, pageText.Replace(tt.zh), pageText.Replace(tt.en))
		})
	}
	// The study upload form, with no file.
	mustWorkPage(t, maker.upload("/work/studies", maker.csrf), http.StatusBadRequest, "请选择研究文件(.json)或物料清单文件", "choose a study document (.json) or a BOM file")
}

// Ensure the error page in Chromium, at both widths, shows a bilingual
// error's Chinese with its English beneath (span.en), under a label that
// no longer calls it English.
func TestWorkForms_ErrorPageInBrowser(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		b.signIn(st.tokens[asCert], "#applications")
		b.open("/work/certificates/not-a-uuid")
		b.dropConsole("status of 400")
		zh, en := b.text("#error p.msg"), b.text("#error p.msg .en")
		if !strings.HasPrefix(zh, "详细说明 Details: 编号 \"not-a-uuid\" 无效") || !strings.HasPrefix(en, "invalid ID \"not-a-uuid\": want a UUID") || hasHan(en) {
			t.Errorf("%s: message %q, its English %q: want the Chinese, then the English alone beneath", b.vp.Name, zh, en)
		}
		b.checkPage("errzh-error-page")
	})
}

// Ensure the workbench's list of studies shows each study's footprint, to
// its holder and to a regulator: the column was headed kgCO2e and empty on
// every row (the list reads studies without their results).
func TestWebStudies_ListShowsFootprint(t *testing.T) {
	st := newSeededStack(t)
	rec := st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: pvStudy(t, "GEC-UX-LIST")})
	want := footprint.FormatKgCO2e(*MustData[studyData](t, rec, 201).KgCO2e)
	cell := regexp.MustCompile(`<td class="num" data-label="碳足迹 kgCO2e"><div>([^<]*)</div></td>`)
	for _, as := range []string{asMaker, asReg} {
		body := st.signedIn(t, as).get("/work/studies").Body.String()
		m := cell.FindAllStringSubmatch(body, -1)
		if len(m) != 1 || m[0][1] != want {
			t.Errorf("%s: footprint cells %q, want one of %q", as, m, want)
		}
	}
}

// Ensure the codes a page shows from the API's vocabulary (a factor's
// boundary, transport mode and waste treatment, a study's boundary, its
// electricity approach and data-quality level, a factor's status change
// between sets, a supplier certificate's new status) read in Chinese and
// English: they were the API's English words alone ("cradle-to-gate",
// "mixed", "(good)", "active → deprecated", "→ suspended").
func TestWebPages_TermsInBothLanguages(t *testing.T) {
	st := newSeededStack(t)
	publishEdition(t, st)
	fx := st.seedFixture(t, "")
	// A certificate of orgMaker2 built on fx.cert, which is then suspended:
	// the regulator's overview lists it flagged.
	st.issueBuyer(t, asOther, "GEC-UX-TERMS", fx.number)
	st.setStatus(t, fx.cert, "suspend", "surveillance audit overdue")
	anon := newWebUser(t, st.srv)
	for _, page := range []struct {
		name string
		user *webUser
		path string
		want []string
	}{
		{"factor", anon, "/factors/PV-AL-PRIMARY-ELEC", []string{"<dd>摇篮到大门 cradle-to-gate</dd>"}},
		{"transport factor", anon, "/factors/TR-ROAD-DIESEL-HEAVY", []string{"<dd>公路 road</dd>", "<dd>摇篮到坟墓 cradle-to-grave</dd>"}},
		{"end-of-life factor", anon, "/factors/EOL-MSW-LANDFILL-CN", []string{"<dd>填埋 landfill</dd>", "<dd>废弃处理过程 end-of-life treatment</dd>"}},
		{"diff", anon, "/factor-sets/diff?from=2026.2&to=2026.3", []string{"状态 status 有效 Active → 已弃用 Deprecated"}},
		{"study", st.signedIn(t, asMaker), "/work/studies/" + fx.study, []string{"<dd>摇篮到大门 cradle-to-gate</dd>",
			"<dd>电网电力与绿色电力 grid and green power</dd>", " (良好 good)</dd>"}},
		{"overview", st.signedIn(t, asReg), "/work/overview", []string{"</a> → 暂停 Suspended ("}},
	} {
		rec := page.user.get(page.path)
		if rec.Code != 200 {
			t.Fatalf("%s: %d", page.name, rec.Code)
		}
		for _, w := range page.want {
			if !strings.Contains(rec.Body.String(), w) {
				t.Errorf("%s page lacks %q", page.name, w)
			}
		}
	}
}

// Ensure the error page of a refused workbench form leads back to the
// page the form is on (the Referer, when it is a workbench page of this
// site), and a signed-in person's error page back to the workbench: its
// one link went to the public home page. A Referer of another site, or
// of a public page, gives no such link.
func TestWebErrorPage_LinksBackToTheForm(t *testing.T) {
	st := newSeededStack(t)
	u := st.signedIn(t, asAdmin)
	post := func(referer string) string {
		u.get("/work/factor-sets") // a fresh CSRF token
		form := url.Values{"csrf_token": {u.csrf}, "version": {"bad version!"}}
		req := httptest.NewRequest("POST", "/work/factor-sets", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "text/html")
		if referer != "" {
			req.Header.Set("Referer", referer)
		}
		rec := u.send(req)
		mustWorkPage(t, rec, http.StatusBadRequest, "[version]", `<a href="/work">返回工作台 <span class="en" lang="en">Back to the workbench</span></a>`)
		return rec.Body.String()
	}
	back := `<a href="/work/factor-sets" id="error-back">返回表单修改 <span class="en" lang="en">Back to the form, to correct it</span></a>`
	if body := post("http://example.com/work/factor-sets?done=created"); !strings.Contains(body, back) {
		t.Errorf("no link back to the form:\n%s", body)
	}
	for _, ref := range []string{"", "https://elsewhere.example/work/factor-sets", "http://example.com/factors", "http://example.com//evil.example/work"} {
		if body := post(ref); strings.Contains(body, `id="error-back"`) {
			t.Errorf("Referer %q: a link back", ref)
		}
	}
	// Anonymous: the home page, as before.
	rec := newWebUser(t, st.srv).get("/factors/NO-SUCH")
	if body := rec.Body.String(); !strings.Contains(body, `<a href="/">返回首页 Back to the home page</a>`) || strings.Contains(body, "返回工作台") {
		t.Errorf("anonymous error page's links:\n%s", body)
	}
}

// Ensure a signed-in person's role reads in both languages in the header
// and the workbench's bar, and a key's and an audit event's actor's role
// too: they
// were the API's English word ("manufacturer").
func TestWebPages_RoleInBothLanguages(t *testing.T) {
	st := newSeededStack(t)
	st.seedFixture(t, "")
	mustWorkPage(t, st.signedIn(t, asMaker).get("/work/studies"), http.StatusOK,
		`<span class="who">`+orgMaker+` · 制造商 manufacturer</span>`, `<span class="role">制造商 manufacturer</span>`)
	mustWorkPage(t, st.signedIn(t, asCert).get("/work/keys"), http.StatusOK, `<span class="keyrole">认证机构 certifier</span>`)
	mustWorkPage(t, st.signedIn(t, asReg).get("/work/audit?action=certificate.issue"), http.StatusOK,
		`<span class="role">市场监管部门 regulator</span>`, orgCertifier+`<span class="en">认证机构 certifier</span>`)
}

// Ensure every field of every form a role meets has a label of its own
// (label for= its id, or aria-label), for a screen reader: the upload
// form's study document had none (a fieldset's legend names the group,
// not the input).
func TestWebPages_EveryFieldLabelled(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "2026.9")
	anon := newWebUser(t, st.srv)
	field := regexp.MustCompile(`<(input|select|textarea)\b[^>]*>`)
	attr := func(tag, name string) string {
		m := regexp.MustCompile(`\b` + name + `="([^"]*)"`).FindStringSubmatch(tag)
		if m == nil {
			return ""
		}
		return m[1]
	}
	for _, page := range []struct {
		user *webUser
		path string
	}{
		{anon, "/"}, {anon, "/factors"}, {anon, "/factor-sets"}, {anon, "/certificates"}, {anon, "/sign-in"},
		{st.signedIn(t, asMaker), "/work/studies"}, {st.signedIn(t, asMaker), "/work/studies/" + fx.study},
		{st.signedIn(t, asCert), "/work/applications"}, {st.signedIn(t, asCert), "/work/applications/" + fx.app},
		{st.signedIn(t, asCert), "/work/certificates"}, {st.signedIn(t, asCert), "/work/certificates/" + fx.cert},
		{st.signedIn(t, asReg), "/work/audit"}, {st.signedIn(t, asAdmin), "/work/factor-sets"},
		{st.signedIn(t, asAdmin), "/work/factor-sets/" + fx.draftSet},
	} {
		body := page.user.get(page.path).Body.String()
		for _, tag := range field.FindAllString(body, -1) {
			if attr(tag, "type") == "hidden" || attr(tag, "aria-label") != "" {
				continue
			}
			if id := attr(tag, "id"); id == "" || !regexp.MustCompile(`<label\b[^>]*\bfor="`+regexp.QuoteMeta(id)+`"`).MatchString(body) {
				t.Errorf("%s: %s has no label", page.path, tag)
			}
		}
	}
}

// Strict-Transport-Security (red team 89, reviewer 51).

// checkHSTS checks that each target, read as a browser reads it, tells the
// browser to ask the service over https only for a year.
func checkHSTS(t *testing.T, st *stack, targets ...string) {
	t.Helper()
	for _, target := range targets {
		rec := getHTML(t, st.srv, target)
		if got := rec.Header().Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=31536000") {
			t.Errorf("%s: %d, Strict-Transport-Security %q, want max-age=31536000", target, rec.Code, got)
		}
	}
}

// Red team 89 (the forger, with a place on the reader's network: a café's
// Wi-Fi, a hotel's): a label's QR code leads to the service's https
// address, but a reader who later types the address to look a number up
// ("pcf.example.cn/certificates") asks http first, and whoever is on the
// way answers with a page of its own at the service's name, "valid" for any
// number (an HTTPS downgrade). The verification page told browsers nothing
// to prevent it: no Strict-Transport-Security. Ensure the verification
// page, found, not found or malformed, sends it when the service's public
// address is https, so that a phone that scanned one genuine label asks
// the service over https only for a year; and none in local mode (plain
// http), where it would mean nothing.
func TestRedteam89_VerifyPageStrictTransportSecurity(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	if !strings.HasPrefix(st.srv.BaseURL, "https://") {
		t.Fatalf("stack base %q, want https", st.srv.BaseURL)
	}
	checkHSTS(t, st,
		"/v1/certificates/"+fx.cert+"/verify",
		"/v1/certificates/00000000-0000-4000-8000-000000000000/verify",
		"/v1/certificates/not-an-id/verify",
		"/v1/certificates/by-number/CDPCF-2026-999999/verify",
		"/certificates/CDPCF-2026-000001", // the lookup a reader types a number into leads here
		"/certificates/CDPCF-2026-999999",
		"/",             // the home page and the lookup form: every page, not only the verdict's
		"/certificates", //
	)
	st.srv.BaseURL = "http://127.0.0.1:8080" // local mode
	if got := getHTML(t, st.srv, "/v1/certificates/"+fx.cert+"/verify").Header().Get("Strict-Transport-Security"); got != "" {
		t.Errorf("plain http base: Strict-Transport-Security %q, want none", got)
	}
}

// Reviewer 51: red team 89's Strict-Transport-Security was set by
// renderPage only, so the pages rendered otherwise went without it: the
// work area's sign-in page (where a password is typed), a page of an
// unknown address (the error page a mistyped or forged link shows) and
// the API reference. A reader who first opened one of them was not told
// to ask the service over https only. Ensure every HTML page sends it
// when the service's address is https.
func TestReviewer51_StrictTransportSecurityOnEveryPage(t *testing.T) {
	st := newSeededStack(t)
	checkHSTS(t, st, "/work", "/work/studies", "/no-such-page", "/v1/docs")
}
