package api_test

import (
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

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

// Ensure an application the service refuses (a certifier misspelt, a bad
// certificate ID to replace) answers on the study's own page, with the
// error above the form and the form filled in as it was sent, so the
// manufacturer corrects one field and sends it again: it was an error page
// whose only link led to the home page, and what was typed was lost. A
// form naming no study the caller may see still gets the error page.
func TestWebApply_ErrorKeepsTheForm(t *testing.T) {
	st := newSeededStack(t)
	study := st.submit(t, "GEC-UX-APPLY")
	u := st.signedIn(t, asMaker)
	for _, tt := range []struct {
		name   string
		form   url.Values
		status int
		want   []string
	}{
		{"UnknownCertifier", url.Values{"certifier": {"Demo Certfication Centre"}}, http.StatusNotFound,
			[]string{"申请未提交", "The application was not sent", "没有名为", "[certifier]", `value="Demo Certfication Centre"`}},
		{"BadSupersedes", url.Values{"certifier": {orgCertifier}, "supersedes": {"CDPCF-1"}}, http.StatusBadRequest,
			[]string{"申请未提交", "提交的内容有误", "[supersedes]", `value="` + orgCertifier + `"`, `value="CDPCF-1"`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			u.get("/work/studies/" + study) // a fresh CSRF token
			tt.form.Set("csrf_token", u.csrf)
			tt.form.Set("study_id", study)
			rec := u.post("/work/applications", tt.form)
			mustWorkPage(t, rec, tt.status, append(tt.want, `id="study-id">`+study+`<`, `id="apply-error" role="alert"`,
				`<form method="post" action="/work/applications#apply">`)...) // the answer opens at the form, not a screen above it
			if i, j := strings.Index(rec.Body.String(), `id="apply-error"`), strings.Index(rec.Body.String(), `id="apply-submit"`); i < 0 || j < i {
				t.Errorf("the error is not above the form's button")
			}
		})
	}
	// Another's study: the error page, naming nothing of the study.
	other := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asOther, contentType: "application/json", body: pvStudy(t, "GEC-UX-APPLY-2")}), 201).ID
	u.get("/work/studies")
	rec := u.post("/work/applications", url.Values{"csrf_token": {u.csrf}, "study_id": {other}, "certifier": {orgCertifier}})
	mustWorkPage(t, rec, http.StatusNotFound, `id="error"`)
	if strings.Contains(rec.Body.String(), `id="study-id"`) {
		t.Error("another manufacturer's study shown on a refused application")
	}
	if apps := MustData[[]appData](t, st.do(t, request{method: "GET", target: "/v1/applications", as: asMaker}), 200); len(apps) != 0 {
		t.Fatalf("refused forms created %d applications", len(apps))
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
		mustWorkPage(t, rec, http.StatusBadRequest, "[version]", `<a href="/work">返回工作台 <span class="en">Back to the workbench</span></a>`)
		return rec.Body.String()
	}
	back := `<a href="/work/factor-sets" id="error-back">返回表单修改 <span class="en">Back to the form, to correct it</span></a>`
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

// Ensure a factor set's workbench page, draft or published, leads to the
// set's factors (the search reads drafts for a curator): the page counted
// them and listed none, and no link led to them.
func TestWebFactorSet_LinksToItsFactors(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "2026.9")
	u := st.signedIn(t, asAdmin)
	for _, set := range []string{"2026.1", fx.draftSet} {
		mustWorkPage(t, u.get("/work/factor-sets/"+set), http.StatusOK,
			`<a href="/factors?set=`+set+`" id="set-factors">浏览本集因子 <span class="en">Browse the factors of this set</span></a>`)
		if rec := u.get("/factors?set=" + set); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `href="/factors/ELEC-BATT-LFP-CATHODE?set=`+set+`"`) {
			t.Errorf("set %s: the link's search answers %d without the set's factors", set, rec.Code)
		}
	}
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

// Ensure a factor set's workbench page leads to the set's audit trail, the
// one a curator may read (subject=factor-set/<version>): no page linked
// to it, and the bare audit page answers a curator 403.
func TestWebFactorSet_LinksToItsAuditTrail(t *testing.T) {
	st := newSeededStack(t)
	for _, as := range []string{asCurator, asAdmin} {
		u := st.signedIn(t, as)
		link := `/work/audit?subject=factor-set/2026.1`
		mustWorkPage(t, u.get("/work/factor-sets/2026.1"), http.StatusOK,
			`<a href="`+link+`" id="set-audit">本集审计记录 <span class="en">The set's audit trail</span></a>`)
		mustWorkPage(t, u.get(link), http.StatusOK, "factor-set/2026.1")
	}
}

// Ensure every download link of the factor-set list answers its reader: a
// curator signed in to the pages saw a draft with links to the API's
// export (/v1/factor-sets/<draft>/export), which reads an API key, not the
// pages' session, and answered 404 JSON. A draft's download is the search
// page's CSV, which the session reads.
func TestWebFactorSets_DownloadsAnswer(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "2026.9")
	link := regexp.MustCompile(`<td data-label="下载 Download">.*?</td>`)
	href := regexp.MustCompile(`href="([^"]+)"`)
	for _, as := range []string{asAnon, asCurator, asAdmin} {
		u := newWebUser(t, st.srv)
		if as != asAnon {
			u = st.signedIn(t, as)
		}
		body := u.get("/factor-sets").Body.String()
		if draft := strings.Contains(body, ">"+fx.draftSet+"<"); draft != (as != asAnon) {
			t.Fatalf("%s: draft listed %v", as, draft)
		}
		n := 0
		for _, cell := range link.FindAllString(body, -1) {
			for _, m := range href.FindAllStringSubmatch(cell, -1) {
				n++
				target := strings.ReplaceAll(m[1], "&amp;", "&")
				if rec := u.get(target); rec.Code != http.StatusOK {
					t.Errorf("%s: download %s answers %d: %.200s", as, target, rec.Code, rec.Body)
				}
			}
		}
		if n == 0 {
			t.Errorf("%s: no download links", as)
		}
	}
}

// Ensure the audit trail names each action in Chinese, its code beneath,
// in its filter and its table, and that every action the filter offers
// has its words: the page showed the codes alone ("certificate.issue").
func TestWebAudit_ActionsInBothLanguages(t *testing.T) {
	st := newSeededStack(t)
	st.seedFixture(t, "")
	body := st.signedIn(t, asReg).get("/work/audit").Body.String()
	for _, want := range []string{
		`<option value="certificate.issue">签发证书 certificate.issue</option>`,
		`<td data-label="操作 Action"><div>签发证书<span class="en mono nb">certificate.issue</span></div></td>`,
		`<td data-label="操作 Action"><div>提交认证申请<span class="en mono nb">application.create</span></div></td>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("audit page lacks %q", want)
		}
	}
	for _, m := range regexp.MustCompile(`<option value="([^"]+)">([^<]*)</option>`).FindAllStringSubmatch(body, -1) {
		if m[2] == m[1] || !strings.HasSuffix(m[2], " "+m[1]) {
			t.Errorf("action %s offered as %q", m[1], m[2])
		}
	}
}

// Ensure the upload form offers an example BOM (CSV) and study header
// (JSON) to start from, and that they are what the form takes: each,
// downloaded from the page's links, uploads into a calculated study, and
// again (the example claims no green certificate, so a second upload is
// no double claim). The form named the columns nowhere and pointed to a
// file of the source repository (docs/study-format.md).
func TestWebStudyUpload_Examples(t *testing.T) {
	st := newSeededStack(t)
	u := st.signedIn(t, asMaker)
	page := u.get("/work/studies").Body.String()
	var files [2][]byte
	for i, re := range []string{`<a href="(/assets/bom-example\.[0-9a-f]+\.csv)" download="bom-example.csv"`, `<a href="(/assets/study-header-example\.[0-9a-f]+\.json)" download="study-header-example.json"`} {
		m := regexp.MustCompile(re).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("upload form lacks the link %s", re)
		}
		rec := u.get(m[1])
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d", m[1], rec.Code)
		}
		files[i] = rec.Body.Bytes()
	}
	for range 2 {
		u.get("/work/studies") // a fresh CSRF token
		rec := u.upload("/work/studies", u.csrf, formFile{"bom", "bom-example.csv", files[0]}, formFile{"study", "study-header-example.json", files[1]})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("upload of the examples: %d %.600s", rec.Code, rec.Body)
		}
	}
}

// Ensure the diff page asked for without sets (its address typed or cut
// short) leads to the list of sets and its comparison form, not to a 400
// page: half a pair is still a 400 naming the field.
func TestWebFactorDiff_NoSetsLeadsToTheForm(t *testing.T) {
	st := newSeededStack(t)
	rec := newWebUser(t, st.srv).get("/factor-sets/diff")
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/factor-sets#diff-form" {
		t.Errorf("/factor-sets/diff: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	mustWorkPage(t, newWebUser(t, st.srv).get("/factor-sets/diff?from=2026.1"), http.StatusBadRequest, "[to]")
}

// Ensure the regulator's count by product code leads to the certificates
// of that code (the registry's search by product code prefix), as the
// count by status leads to its list: the codes were plain text, a count
// with no way to the certificates it counts.
func TestWebOverview_ProductCountsLink(t *testing.T) {
	st := newSeededStack(t)
	st.seedFixture(t, "")
	reg := st.signedIn(t, asReg)
	link := `/certificates?product_code=HS%3A8541`
	mustWorkPage(t, reg.get("/work/overview"), http.StatusOK, `<a class="mono" href="`+link+`">HS:8541</a>`)
	rec := reg.get(strings.ReplaceAll(link, "%3A", ":"))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "CDPCF-2026-000001") {
		t.Errorf("%s: %d without the certificate", link, rec.Code)
	}
}

// Ensure the new-draft form refuses in the browser the versions the server
// refuses (its pattern matches footprint.ValidSetVersion), so that a bad
// version is told before the form is sent and what was typed stays: it was
// a 400 page.
func TestWebFactorSets_VersionPattern(t *testing.T) {
	st := newSeededStack(t)
	body := st.signedIn(t, asCurator).get("/work/factor-sets").Body.String()
	m := regexp.MustCompile(`<input type="text" id="version" name="version" required class="mono" pattern="([^"]+)" maxlength="32" title="[^"]*[一-龥][^"]*">`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the version input has no pattern and bilingual title")
	}
	pattern := regexp.MustCompile(`^(?:` + html.UnescapeString(m[1]) + `)$`)
	for _, v := range []string{"2026.2", "2026.10", "v1", "a_b-c.d", "bad version!", "-2026", ".1", "", "2026/1", strings.Repeat("9", 32), strings.Repeat("9", 33), "版本"} {
		if got, want := pattern.MatchString(v), footprint.ValidSetVersion(v); got != want {
			t.Errorf("%q: the form's pattern says %v, the server %v", v, got, want)
		}
	}
}

// Ensure a flagged certificate names the supplier certificate that changed
// as a link to its public page, where its status and reason are: it was
// a number to copy by hand.
func TestWebCertFlag_LinksTheSupplier(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	buyer := st.issueBuyer(t, asOther, "GEC-UX-FLAG", fx.number)
	st.setStatus(t, fx.cert, "suspend", "surveillance audit overdue")
	link := `<a class="mono" href="/certificates/` + fx.number + `">` + fx.number + `</a> → 暂停 Suspended`
	mustWorkPage(t, st.signedIn(t, asReg).get("/work/overview"), http.StatusOK, link)
	mustWorkPage(t, st.signedIn(t, asCert).get("/work/certificates/"+buyer.CertificateID), http.StatusOK, link)
}

// Ensure the list of applications leaves out the column that names the
// reader itself (a certifier's queue its own name on every row, a
// manufacturer's list its own): the regulator, who reads every
// organisation's, keeps both.
func TestWebApplications_NoColumnOfTheReader(t *testing.T) {
	st := newSeededStack(t)
	st.seedFixture(t, "")
	for _, tt := range []struct {
		as         string
		maker, crt bool
	}{{asMaker, false, true}, {asCert, true, false}, {asReg, true, true}} {
		body := st.signedIn(t, tt.as).get("/work/applications?status=").Body.String()
		if !strings.Contains(body, `data-label="申请 Application"`) {
			t.Fatalf("%s: no applications listed", tt.as)
		}
		for _, col := range []struct {
			label string
			want  bool
		}{{`data-label="制造商 Manufacturer"`, tt.maker}, {`data-label="认证机构 Certifier"`, tt.crt}} {
			if got := strings.Contains(body, col.label); got != col.want {
				t.Errorf("%s: column %s shown %v, want %v", tt.as, col.label, got, col.want)
			}
		}
	}
}
