package api

// The pages for people (issue 12): server-rendered, bilingual zh/en,
// usable without JavaScript, in the same binary as the JSON API. Pages call
// the same footprint services as the JSON handlers, through the same access
// policy (api/policy.go); no page has a second path to the data.
//
// Layout: api/web*.go hold the page handlers; api/web/templates holds one
// layout (layout.html) and one file per page, each defining the blocks
// "title" and "main"; api/web/static holds the one stylesheet, served under
// a name that carries its content hash so it can be cached for ever.
//
// Page routes are listed in the route table like every route
// (api/policy.go, pageRoutes), but not in the OpenAPI document (which
// describes the API for programs) nor in Server.Routes; PageRoutes lists
// them. A page ignores query parameters it does not take (apps append their
// own to shared links) and checks those it takes itself.

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/labstack/echo/v4"
)

//go:embed web/templates/*.html web/static/*
var webFS embed.FS

// pageCSP is the Content-Security-Policy of every page: nothing inline, no
// script at all, styles and images from this origin only, forms that post
// back here only, and no framing (clickjacking).
const pageCSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// asset is an embedded static file served under a hashed name.
type asset struct {
	name        string // hashed name, e.g. "site.3f1c2a54e8.css"
	contentType string
	body        []byte
}

// assets maps the hashed name to the file; assetPaths maps the plain name
// ("site.css") to its URL path, for the templates.
var assets, assetPaths = loadAssets()

func loadAssets() (map[string]asset, map[string]string) {
	byName, paths := map[string]asset{}, map[string]string{}
	entries, err := fs.ReadDir(webFS, "web/static")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		b, err := webFS.ReadFile("web/static/" + e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(b)
		base, ext, _ := strings.Cut(e.Name(), ".")
		hashed := base + "." + hex.EncodeToString(sum[:5]) + "." + ext
		ct := map[string]string{"css": "text/css; charset=utf-8", "svg": "image/svg+xml", "csv": "text/csv; charset=utf-8", "json": "application/json"}[ext]
		if ct == "" {
			ct = "application/octet-stream"
		}
		byName[hashed] = asset{name: hashed, contentType: ct, body: b}
		paths[e.Name()] = "/assets/" + hashed
	}
	return byName, paths
}

// pageFuncs are the functions every page template may call.
// Dates and times are China Standard Time, as the documents print them.
var pageFuncs = template.FuncMap{
	"asset":    func(name string) string { return assetPaths[name] },
	"date":     func(t time.Time) string { return t.In(certification.ChinaTime).Format("2006-01-02") },
	"datetime": func(t time.Time) string { return t.In(certification.ChinaTime).Format("2006-01-02 15:04:05") },
	"datep": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.In(certification.ChinaTime).Format("2006-01-02")
	},
	"kg":        footprint.FormatKgCO2e,
	"kgdown":    func(x float64) string { return certification.FormatKgOutward(x, false) },
	"kgup":      func(x float64) string { return certification.FormatKgOutward(x, true) },
	"negative":  func(x *float64) bool { return x != nil && *x < 0 },
	"pct":       footprint.FormatSharePct,
	"num":       num,
	"hasPrefix": strings.HasPrefix,
	"term":      term,
	"actionZH":  actionZH,
	"status":    statusTerm,
	"q": func(score int) string { // a data-quality score; 0 is unrated
		if score == 0 {
			return "–"
		}
		return strconv.Itoa(score)
	},
	"cutOffBasis": func(basis string) string {
		if b, ok := cutOffBases[basis]; ok {
			return b
		}
		return basis
	},
}

// pageTemplates holds each page, parsed with the layout: name → template.
var pageTemplates = parsePages()

func parsePages() map[string]*template.Template {
	layout := template.Must(template.New("layout.html").Funcs(pageFuncs).ParseFS(webFS, "web/templates/layout.html"))
	names, err := fs.Glob(webFS, "web/templates/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*template.Template{}
	for _, path := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(path, "web/templates/"), ".html")
		if name == "layout" {
			continue
		}
		out[name] = template.Must(template.Must(layout.Clone()).ParseFS(webFS, path))
	}
	return out
}

// layoutData is what the layout receives: the page's own data in Page,
// with what every page shows around it.
type layoutData struct {
	Name      string            // the page template's name
	Nav       string            // the nav item to mark as current
	Principal *access.Principal // the signed-in caller, nil for anyone
	Now       time.Time
	Page      any
}

// pageNav is the nav item each page belongs to.
var pageNav = map[string]string{
	"home": "home", "error": "",
	"factors": "factors", "factor": "factors", "factor-sets": "factors", "factor-diff": "factors",
	"certificates": "certificates", "verify": "certificates",
}

// renderPage renders the page template name with data inside the layout,
// with the security headers every page carries. Unless the handler set
// one, Cache-Control is no-store: a page may show live status.
func (s *Server) renderPage(c echo.Context, status int, name string, data any) error {
	t, ok := pageTemplates[name]
	if !ok {
		return footprint.Errorf(footprint.EINTERNAL, "no page template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", layoutData{
		Name: name, Nav: pageNav[name], Principal: principal(c), Now: s.Now(), Page: data,
	}); err != nil {
		return err
	}
	setPageHeaders(c.Response().Header())
	return c.HTMLBlob(status, showBidiControls(buf.Bytes()))
}

// showBidiControls replaces, in a rendered page, every bidirectional
// embedding, override and isolate character (U+202A–U+202E,
// U+2066–U+2069) with U+FFFD, the replacement character, which shows
// where one stood (red team 31). Escaping leaves them in: they are text.
// But such a character in a study's line name, a supplier's name or a
// curator's factor name turns the text after it around up to the end of
// its paragraph, so that a figure beside the name on the certifier's
// trace, "30.5 kgCO2e · 20.3 %", reads "% 3.02 · e2OCgk 5.03". None is
// needed to write the names of this service's languages (the marks
// U+200E, U+200F and U+061C stay). The page is changed in place: each is
// three bytes in UTF-8, as U+FFFD is, and 0xE2 is only ever a lead byte.
func showBidiControls(b []byte) []byte {
	for i := 0; i+2 < len(b); i++ {
		if b[i] != 0xE2 {
			continue
		}
		if b[i+1] == 0x80 && b[i+2] >= 0xAA && b[i+2] <= 0xAE || b[i+1] == 0x81 && b[i+2] >= 0xA6 && b[i+2] <= 0xA9 {
			b[i], b[i+1], b[i+2] = 0xEF, 0xBF, 0xBD
			i += 2
		}
	}
	return b
}

// strictTransport sets Strict-Transport-Security on every answer when the
// service's address is https: a phone that scanned a genuine label, or a
// browser that opened any page, asks the service over https only from
// then on, so a reader typing its address later ("pcf.example.cn/
// certificates") is not answered over plain http by whoever is on the way,
// at the service's name (red team 89). On every answer, not in renderPage
// alone: the sign-in page, the error page of an unknown address and the
// API reference went without it (reviewer 51). Not includeSubDomains: the
// operator's other hosts are not this service's to decide. Browsers ignore
// it over http.
func (s *Server) strictTransport(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if strings.HasPrefix(strings.ToLower(s.BaseURL), "https://") {
			c.Response().Header().Set("Strict-Transport-Security", "max-age=31536000")
		}
		return next(c)
	}
}

// setPageHeaders sets the security headers of a page.
func setPageHeaders(h http.Header) {
	if h.Get(echo.HeaderCacheControl) == "" {
		h.Set(echo.HeaderCacheControl, "no-store")
	}
	h.Set("Content-Security-Policy", pageCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
}

// errorPage is the data of the error page.
type errorPage struct {
	Status           int
	TitleZH, TitleEN string
	HintZH, HintEN   string // what the error's code means and what to do, in both languages
	Message          string // the client-safe message of the error, as the API gives it (English, or after MessageZH)
	MessageZH        string // its Chinese, when the message says it first ("中文。English": splitBilingual)
	MessageHasZH     bool   // the message has Chinese text that is not split off (English first, Chinese in brackets)
	Field            string
	Details          []errorDetail // every bad line of an upload, as the API lists them
	Back             string        // a refused form's page (formPage), to correct it; "" for none
}

// pageErrorTitles words the statuses a person may meet.
var pageErrorTitles = map[int][2]string{
	http.StatusBadRequest:          {"请求有误", "Bad request"},
	http.StatusUnauthorized:        {"请先登录", "Sign-in required"},
	http.StatusForbidden:           {"无权访问", "Not allowed"},
	http.StatusNotFound:            {"页面不存在", "Page not found"},
	http.StatusMethodNotAllowed:    {"不支持的请求方法", "Method not allowed"},
	http.StatusTooManyRequests:     {"请求过多,请稍后再试", "Too many requests; try again shortly"},
	http.StatusNotImplemented:      {"此功能未启用", "Not available on this server"},
	http.StatusServiceUnavailable:  {"服务暂不可用", "Service unavailable"},
	http.StatusInternalServerError: {"服务器内部错误", "Internal error"},
}

// pageErrorHints say, in both languages, what an error's code means to the
// person who met it and what to do. The message that follows is the API's
// own, in English: it names the value and the rule it broke, and the field
// marks where.
var pageErrorHints = map[string][2]string{
	footprint.EINVALID:        {"提交的内容有误：请按下方说明修改标出的字段后重试，未作任何更改。", "Something you sent is not valid: correct the field marked below and try again. Nothing was changed."},
	footprint.ECONFLICT:       {"与记录的当前状态冲突（已存在，或已被他人更改）：请刷新后重试，未作任何更改。", "It conflicts with the record as it stands (it exists already, or it changed meanwhile): reload and try again. Nothing was changed."},
	footprint.ENOTFOUND:       {"找不到该记录，或您无权查看。", "There is no such record, or it is not visible to you."},
	footprint.EFORBIDDEN:      {"您的角色无权执行此操作。", "Your role may not do this."},
	footprint.EUNAUTHORIZED:   {"请先登录，或重新登录后重试。", "Sign in, or sign in again, and retry."},
	access.ERESTOREDKEY:       {"本服务的数据已从备份副本恢复：此 API 密钥须经管理员确认后方可使用。", "The service's database was restored from a copy: an admin must confirm this API key before it is used again."},
	access.EKEYAWAITSORG:      {"此 API 密钥创建时贵机构已持有其他有效密钥：须由贵机构的一把现有密钥确认后方可使用。", "This API key was made while your organisation held another usable key: one of your organisation's keys must confirm it before it is used."},
	footprint.ENOTIMPLEMENTED: {"本服务器未启用此功能。", "This server does not offer this."},
	footprint.EINTERNAL:       {"服务器内部出错，未作任何更改：请稍后重试；如仍出错，请联系服务运营方。", "The server failed. Nothing was changed: try again later, and if it fails again, tell the service's operator."},
	codeMethodNotAllowed:      {"此地址不接受这种请求：请从页面上的链接或按钮进入。", "This address does not take this kind of request: use the links and buttons of the pages."},
	codeTooLarge:              {"提交的内容过大：请缩小文件或拆分后重试，未作任何更改。", "What you sent is too large: send a smaller file, or split it, and try again. Nothing was changed."},
	codeUnsupportedMediaType:  {"不支持此文件或内容类型：请按页面说明的格式提交。", "This type of file or content is not accepted: send it in a format the page names."},
	codeRateLimited:           {"请求过于频繁：请稍候再试。", "Too many requests: wait a little and try again."},
	codeUnavailable:           {"服务暂时不可用：请稍后重试。", "The service is unavailable for now: try again later."},
}

// recordCheckHint is ECONFLICT's hint where a record the service holds fails
// its own check (the error's field "signature": a certificate's record
// edited, or holding another's signed content): the conflict hint's "reload
// and try again" cannot help there (reviewer 56e).
var recordCheckHint = [2]string{"本服务存储的记录未通过服务的核验：重试无济于事，请勿依赖该记录，并将此页告知服务运营方。未作任何更改。", "A record this service holds fails the service's own check: trying again will not help; do not rely on it, and tell the service's operator what this page says. Nothing was changed."}

// newErrorPage words an error for a person: the error page's data, which a
// page that answers a refused form above it (the study's, for an
// application) shows the same way.
func newErrorPage(status int, body errorBody) errorPage {
	titles, ok := pageErrorTitles[status]
	if !ok {
		titles = [2]string{"出错了", http.StatusText(status)}
	}
	hint := pageErrorHints[body.Code]
	if body.Code == footprint.ECONFLICT && body.Field == "signature" {
		hint = recordCheckHint // reloading cannot mend a record that fails the service's check
	}
	p := errorPage{Status: status, TitleZH: titles[0], TitleEN: titles[1], HintZH: hint[0], HintEN: hint[1], Message: body.Message, Field: body.Field, Details: body.Details}
	if status >= 500 || strings.EqualFold(body.Message, http.StatusText(status)) {
		p.Message = "" // internal, or no more than the title says
	}
	if zh, en, ok := splitBilingual(p.Message); ok {
		p.MessageZH, p.Message = zh, en
	}
	p.MessageHasZH = p.MessageZH == "" && strings.ContainsFunc(p.Message, isHan)
	return p
}

// formPage is the workbench page a refused form was sent from, to lead the
// person back to it: the path of the Referer of a POST, when it is a
// workbench page of this site (the pages send it: Referrer-Policy
// same-origin), "" otherwise.
func formPage(c echo.Context) string {
	req := c.Request()
	if req.Method != http.MethodPost {
		return ""
	}
	ref, err := url.Parse(req.Referer())
	if err != nil || ref.Host != req.Host || ref.Path != "/work" && !strings.HasPrefix(ref.Path, "/work/") {
		return ""
	}
	if p := safeNext(ref.Path); p == ref.Path {
		return p
	}
	return ""
}

// renderErrorPage answers an error as a bilingual page. The message is the
// one the JSON answer would give (client-safe; internal errors say no more
// than "internal error").
func (s *Server) renderErrorPage(c echo.Context, status int, body errorBody) error {
	t, ok := pageTemplates["error"]
	if !ok {
		return c.String(status, body.Message)
	}
	p := newErrorPage(status, body)
	p.Back = formPage(c)
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", layoutData{Name: "error", Principal: principal(c), Now: s.Now(), Page: p}); err != nil {
		return err
	}
	setPageHeaders(c.Response().Header())
	if isHEAD(c) {
		return c.NoContent(status)
	}
	return c.HTMLBlob(status, showBidiControls(buf.Bytes()))
}

// apiPrefixes start the paths of the API for programs (every route the
// OpenAPI document lists), whose errors stay JSON even for a browser (a
// person opening /v1/factors sees the JSON).
var apiPrefixes = []string{"/v1/", "/2/", "/3/", "/auth/", "/healthz", "/readyz", "/metrics"}

// wantsErrorPage reports whether an error should be answered as a page: on
// a page route, or on an unknown path outside the API asked for by a
// browser.
func (s *Server) wantsErrorPage(c echo.Context) bool {
	if s.pages[c.Request().Method+" "+c.Path()] {
		return true
	}
	p := c.Request().URL.Path
	for _, prefix := range apiPrefixes {
		if strings.HasPrefix(p, prefix) || p == strings.TrimSuffix(prefix, "/") {
			return false
		}
	}
	return strings.Contains(c.Request().Header.Get(echo.HeaderAccept), "text/html")
}

// PageRoutes lists the page routes as "METHOD path".
func (s *Server) PageRoutes() []string {
	return slices.Sorted(maps.Keys(s.pages))
}

// handleAsset serves an embedded file by its hashed name, cached for ever:
// a changed file gets a new name.
func (s *Server) handleAsset(c echo.Context) error {
	a, ok := assets[c.Param("file")]
	if !ok {
		return footprint.Errorf(footprint.ENOTFOUND, "no such file")
	}
	h := c.Response().Header()
	h.Set(echo.HeaderCacheControl, cacheImmutable)
	h.Set("X-Content-Type-Options", "nosniff")
	return c.Blob(http.StatusOK, a.contentType, a.body)
}

// homePage is the data of the home page.
type homePage struct {
	Set *footprint.FactorSet // the latest published factor set; nil when none is
}

// handleHomePage shows what the platform is, the search boxes and the
// current factor set.
func (s *Server) handleHomePage(c echo.Context) error {
	var p homePage
	if s.FactorService != nil {
		set, err := s.latestPublishedSet(c)
		if err != nil {
			return err
		}
		p.Set = set
	}
	return s.renderPage(c, http.StatusOK, "home", p)
}

// latestPublishedSet returns the newest published factor set, nil if none.
func (s *Server) latestPublishedSet(c echo.Context) (*footprint.FactorSet, error) {
	sets, err := s.FactorService.FindFactorSets(c.Request().Context())
	if err != nil {
		return nil, err
	}
	var latest *footprint.FactorSet
	for _, fs := range sets {
		if fs.Status == footprint.SetPublished && (latest == nil || !fs.PublishedAt.Before(latest.PublishedAt)) {
			latest = fs
		}
	}
	return latest, nil
}
