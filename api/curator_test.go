package api_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/chengdu-pcf/pcf/seed/cpcd"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// The curator role (access.RoleCurator): factor sets and nothing else.
// Before it, curating factor sets took the admin role, whose key also mints
// any organisation's key (a certifier's, then certificates), rotates the
// signing key and downloads backups (docs/integrity.md).

// auditEvent is an audit event as GET /v1/audit answers it.
type auditEvent struct {
	Actor   string `json:"actor"`
	Role    string `json:"role"`
	KeyID   string `json:"key_id"`
	Action  string `json:"action"`
	Subject string `json:"subject"`
}

// Ensure a curator's key creates a draft set, sees it (and previews a
// study on it) while others do not, imports into it and publishes it,
// each recorded as the curator's.
func TestCurator_CuratesFactorSets(t *testing.T) {
	st := newSeededStack(t)
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets", as: asCurator, contentType: "application/json",
		body: []byte(`{"version":"2026.2","based_on":"2026.1","description":"curated edition"}`)}), 201)
	MustData[any](t, st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.2", as: asCurator}), 200)
	MustError(t, st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.2", as: asMaker}), 404, "not_found")

	rows, code, value := seedRows(t, st)
	changed := slices.Clone(rows[1])
	changed[value] = "123.5"
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.2/import", as: asCurator,
		contentType: "text/csv", body: csvFile(rows[0], changed)}), 200)
	got := MustData[struct {
		Value float64 `json:"value"`
	}](t, st.do(t, request{method: "GET", target: "/v1/factors/" + url.PathEscape(rows[1][code]) + "?set=2026.2", as: asCurator}), 200)
	if got.Value != 123.5 {
		t.Fatalf("draft value %v, want 123.5", got.Value)
	}

	// A study on the draft: previewed by the curator, a set that does not
	// exist for a manufacturer.
	study := []byte(strings.Replace(string(pvStudy(t, "GEC-CURATOR-1")), `"factor_set": "2026.1"`, `"factor_set": "2026.2"`, 1))
	if !strings.Contains(string(study), `"2026.2"`) {
		t.Fatal("demo study does not pin 2026.1")
	}
	if r := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/calculations", as: asCurator, contentType: "application/json", body: study}), 200); r.KgCO2e == nil || *r.KgCO2e <= 0 {
		t.Fatalf("curator preview on the draft %+v", r)
	}
	MustError(t, st.do(t, request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json", body: study}), 400, "invalid")

	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.2/publish", as: asCurator}), 200)
	if s := MustData[struct {
		Status string `json:"status"`
	}](t, st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.2", as: asMaker}), 200); s.Status != "published" {
		t.Fatalf("status %q after the curator's publish", s.Status)
	}

	events := MustData[[]auditEvent](t, st.do(t, request{method: "GET", target: "/v1/audit?subject=factor-set/2026.2", as: asReg}), 200)
	var actions []string
	for _, ev := range events {
		if ev.Actor != orgCurator || ev.Role != "curator" {
			t.Errorf("event %+v: want the curator's", ev)
		}
		actions = append(actions, ev.Action)
	}
	for _, want := range []string{"factor-set.create", "factor-set.import", "factor-set.publish"} {
		if !slices.Contains(actions, want) {
			t.Errorf("no %s event among %v", want, actions)
		}
	}
}

// Ensure a curator's key is refused (403 forbidden) every operator route —
// above all minting a certifier's key or organisation, which would let it
// issue certificates — and the manufacturer's and certifier's work, and
// that a refusal writes nothing: no key, no organisation, no audit event.
// An admin's key still does each of them.
func TestCurator_NoOperatorRoutes(t *testing.T) {
	st := newSeededStack(t)
	st.srv.CertificateRenderer = fakeRenderer{}
	fx := st.seedFixture(t, "")
	refused := []request{
		{method: "POST", target: "/v1/admin/keys", contentType: "application/json", body: []byte(`{"org":"` + orgCertifier + `"}`)},
		{method: "POST", target: "/v1/admin/keys", contentType: "application/json", body: []byte(`{"org":"Rogue Certification","role":"certifier"}`)},
		{method: "POST", target: "/v1/admin/organizations", contentType: "application/json", body: []byte(`{"name":"Rogue Certification Two","role":"certifier"}`)},
		{method: "GET", target: "/v1/admin/organizations"},
		{method: "DELETE", target: "/v1/admin/keys/" + strings.Split(st.tokens[asCert], "_")[1]},
		{method: "POST", target: "/v1/admin/signing-keys/rotate"},
		{method: "GET", target: "/v1/admin/backup"},
		{method: "POST", target: "/v1/studies", contentType: "application/json", body: pvStudy(t, "GEC-CURATOR-2")},
		{method: "POST", target: "/v1/products", contentType: "application/json", body: []byte(`{"name":"Module","model":"C-1","product_codes":["HS:854143"]}`)},
		{method: "POST", target: "/v1/applications/" + fx.app + "/issue", contentType: "application/json", body: st.issueReq(t, fx.app, "").body},
		{method: "POST", target: "/v1/certificates/" + fx.cert + "/withdraw", contentType: "application/json", body: []byte(`{"reasons":["no"]}`)},
		{method: "GET", target: "/v1/studies/" + fx.study},
		{method: "GET", target: "/v1/audit"},
		{method: "GET", target: "/v1/audit?subject=certificate/" + fx.cert},
	}
	before := st.certs.auditCount()
	for _, r := range refused {
		r.as = asCurator
		e := MustError(t, st.do(t, r), 403, "forbidden")
		if e.Error.Message == "" {
			t.Errorf("%s %s: a refusal without a message", r.method, r.target)
		}
	}
	if n := st.certs.auditCount(); n != before {
		t.Fatalf("refused requests wrote %d audit events", n-before)
	}
	orgs := MustData[[]struct {
		Name string `json:"name"`
	}](t, st.do(t, request{method: "GET", target: "/v1/admin/organizations", as: asAdmin}), 200)
	for _, o := range orgs {
		if strings.HasPrefix(o.Name, "Rogue") {
			t.Fatalf("a refused request created organisation %q", o.Name)
		}
	}
	if rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert, as: asCert}); rec.Code != 200 {
		t.Fatalf("the certifier's key after the curator's refused revoke: %d", rec.Code)
	}

	// The admin still does each.
	for _, r := range []request{
		{method: "POST", target: "/v1/admin/keys", contentType: "application/json", body: []byte(`{"org":"` + orgCertifier + `"}`)},
		{method: "POST", target: "/v1/admin/keys", contentType: "application/json", body: []byte(`{"org":"` + orgCurator + `"}`)},
		{method: "POST", target: "/v1/admin/organizations", contentType: "application/json", body: []byte(`{"name":"Second Curation Office","role":"curator"}`)},
		{method: "POST", target: "/v1/admin/signing-keys/rotate"},
		{method: "POST", target: "/v1/factor-sets", contentType: "application/json", body: []byte(`{"version":"2026.3","based_on":"2026.1"}`)},
	} {
		r.as = asAdmin
		if rec := st.do(t, r); rec.Code != 201 {
			t.Fatalf("admin %s %s: %d %s", r.method, r.target, rec.Code, rec.Body)
		}
	}
	if rec := st.do(t, request{method: "GET", target: "/v1/admin/backup", as: asAdmin}); rec.Code != 200 {
		t.Fatalf("admin backup: %d", rec.Code)
	}
}

// Ensure a curator reads the audit trail of a factor set and nothing else
// of it: GET /v1/audit and the audit page with subject=factor-set/<version>
// answer; without a subject, or with another, 403 naming subject.
func TestCurator_AuditOfFactorSetsOnly(t *testing.T) {
	st := newSeededStack(t)
	st.srv.CertificateRenderer = fakeRenderer{}
	fx := st.seedFixture(t, "2026.4") // a draft another curator created
	events := MustData[[]auditEvent](t, st.do(t, request{method: "GET", target: "/v1/audit?subject=factor-set/2026.4", as: asCurator}), 200)
	if len(events) == 0 || events[0].Action != "factor-set.create" || events[0].Subject != "factor-set/2026.4" {
		t.Fatalf("the draft's trail: %+v", events)
	}
	for _, q := range []string{"", "?action=key.create", "?actor=" + url.QueryEscape(orgAdmin), "?subject=certificate/" + fx.cert, "?subject=key/x", "?subject=factor-set"} {
		e := MustError(t, st.do(t, request{method: "GET", target: "/v1/audit" + q, as: asCurator}), 403, "forbidden")
		if e.Error.Field != "subject" || !strings.Contains(e.Error.Message, "factor-set/") {
			t.Errorf("audit%s: %+v, want the field subject and the way out", q, e.Error)
		}
	}
	// The regulator and the admin still read the whole trail.
	for _, as := range []string{asReg, asAdmin} {
		if n := len(MustData[[]auditEvent](t, st.do(t, request{method: "GET", target: "/v1/audit?subject=certificate/" + fx.cert, as: as}), 200)); n == 0 {
			t.Errorf("%s: no events of the certificate", as)
		}
	}

	u := st.signedIn(t, asCurator)
	mustWorkPage(t, u.get("/work/audit?subject=factor-set/2026.4"), http.StatusOK, "factor-set.create")
	mustWorkPage(t, u.get("/work/audit"), http.StatusForbidden)
	mustWorkPage(t, u.get("/work/audit?subject=certificate/"+fx.cert), http.StatusForbidden)
}

// Ensure a curator signs in to the workbench and lands on the factor-set
// pages, creates, imports into and publishes a draft there, and gets 403
// on the manufacturer's, certifier's and regulator's pages.
func TestCurator_Workbench(t *testing.T) {
	st := newSeededStack(t)
	st.srv.CertificateRenderer = fakeRenderer{}
	fx := st.seedFixture(t, "")
	u := newWebUser(t, st.srv)
	u.get("/sign-in")
	if rec := u.post("/sign-in", url.Values{"csrf_token": {u.csrf}, "api_key": {st.tokens[asCurator]}}); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/work" {
		t.Fatalf("sign-in: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if rec := u.get("/work"); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/work/factor-sets" {
		t.Fatalf("/work: %d %q, want 303 to /work/factor-sets", rec.Code, rec.Header().Get("Location"))
	}
	// The curator's navigation leads to the factor sets, the page it is on.
	mustWorkPage(t, u.get("/work/factor-sets"), http.StatusOK, orgCurator, "2026.1",
		`<a href="/work/factor-sets" aria-current="page">因子集管理<span class="en" lang="en">Factor sets</span></a>`)

	u.newDraft("2026.2")
	rows, code, value := seedRows(t, st)
	changed := slices.Clone(rows[1])
	changed[value] = "123.5"
	rec := u.upload("/work/factor-sets/2026.2/preview", u.csrf, formFile{"file", "edition.csv", csvFile(rows[0], changed)})
	mustWorkPage(t, rec, http.StatusOK, `<span id="preview-changed">1</span>`, rows[1][code])
	if rec := u.post("/work/factor-sets/2026.2/import", url.Values{"csrf_token": {u.csrf}, "preview": {previewID(t, rec)}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("import: %d %.600s", rec.Code, rec.Body)
	}
	if v := draftValue(t, st, rows[1][code]); v != 123.5 {
		t.Fatalf("imported value %v, want 123.5", v)
	}
	if rec := u.post("/work/factor-sets/2026.2/publish", url.Values{"csrf_token": {u.csrf}, "confirm": {"2026.2"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("publish: %d %.600s", rec.Code, rec.Body)
	}
	mustWorkPage(t, u.get("/work/factor-sets/2026.2"), http.StatusOK, "已发布 published")

	before := st.certs.auditCount()
	mustWorkPage(t, u.get("/work/studies"), http.StatusForbidden)
	mustWorkPage(t, u.post("/work/studies", url.Values{"csrf_token": {u.csrf}}), http.StatusForbidden)
	mustWorkPage(t, u.get("/work/applications/"+fx.app), http.StatusForbidden)
	mustWorkPage(t, u.post("/work/applications/"+fx.app+"/issue", url.Values{"csrf_token": {u.csrf}}), http.StatusForbidden)
	mustWorkPage(t, u.post("/work/certificates/"+fx.cert+"/withdraw", url.Values{"csrf_token": {u.csrf}, "reasons": {"no"}}), http.StatusForbidden)
	mustWorkPage(t, u.get("/work/overview"), http.StatusForbidden)
	if n := st.certs.auditCount(); n != before {
		t.Fatalf("refused pages wrote %d audit events", n-before)
	}
}

// Ensure the four-eyes rule of flag reviews holds for curator keys the
// admin creates (POST /v1/admin/keys, as pcf keys create does while the
// server runs): the curator who filled a draft cannot review its flags,
// nor can the admin whose key created that curator's key (it has seen
// the token), nor a curator whose key was created by the admin's key when
// the admin filled the draft; another curator's key, created by the same
// admin, reviews. (Two keys with one creator are two people to the rule:
// else no key an admin made could review another's work.)
func TestCurator_FourEyesWithAdminMadeKeys(t *testing.T) {
	st := newSeededStack(t)
	newKey := func(as string) {
		t.Helper()
		k := MustData[struct {
			Role  string `json:"role"`
			Token string `json:"token"`
		}](t, st.do(t, request{method: "POST", target: "/v1/admin/keys", as: asAdmin, contentType: "application/json", body: []byte(`{"org":"` + orgCurator + `"}`)}), 201)
		if k.Role != "curator" {
			t.Fatalf("key of the curators' office has role %q", k.Role)
		}
		st.tokens[as] = k.Token
	}
	newKey("curator-a")
	newKey("curator-b")
	review := func(set, as string) int {
		t.Helper()
		return st.do(t, request{method: "POST", target: "/v1/factor-sets/" + set + "/flags/acknowledge", as: as, contentType: "application/json",
			body: st.reviewBody(t, set, "checked against the source", false, "PV-TEST-BAD")}).Code
	}
	fill := func(set, as string) {
		t.Helper()
		MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets", as: as, contentType: "application/json", body: []byte(`{"version":"` + set + `","based_on":"2026.1"}`)}), 201)
		MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/" + set + "/import", as: as, contentType: "text/csv", body: flaggedFactorsCSV(t)}), 200)
	}

	// Curator A fills a draft.
	fill("2026.5", "curator-a")
	for _, as := range []string{"curator-a", asAdmin} {
		e := MustError(t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/flags/acknowledge", as: as, contentType: "application/json",
			body: st.reviewBody(t, "2026.5", "checked", false, "PV-TEST-BAD")}), 403, "forbidden")
		if e.Error.Field != "reviewer" {
			t.Fatalf("review of curator A's draft as %s: %+v, want the field reviewer", as, e.Error)
		}
	}
	if code := review("2026.5", "curator-b"); code != 200 {
		t.Fatalf("curator B reviews curator A's draft: %d, want 200", code)
	}
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/publish", as: "curator-a"}), 200)

	// The admin fills a draft: neither curator, whose keys its key made,
	// reviews it; the curators' office's own key (made by no key) does.
	fill("2026.6", asAdmin)
	for _, as := range []string{"curator-a", "curator-b"} {
		if code := review("2026.6", as); code != 403 {
			t.Fatalf("review of the admin's draft by %s, whose key the admin's made: %d, want 403", as, code)
		}
	}
	if code := review("2026.6", asCurator); code != 200 {
		t.Fatalf("review of the admin's draft by an unrelated curator key: %d, want 200", code)
	}
}

// Ensure a manufacturer cannot share its PACT footprint's details with a
// curator's organisation, as with the operator's: neither exchanges PACT
// footprints (the PACT routes refuse both).
func TestCurator_NoPACTShare(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	for _, org := range []string{orgCurator, orgAdmin} {
		e := MustError(t, st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/pact/shares", as: asMaker,
			contentType: "application/json", body: []byte(`{"partner":"` + org + `"}`)}), 400, "invalid")
		if e.Error.Field != "partner" {
			t.Fatalf("share with %s: %+v, want the field partner", org, e.Error)
		}
	}
	MustPACTError(t, st.do(t, request{method: "GET", target: "https://pcf.test/3/footprints", as: asCurator}), 403, "AccessDenied")
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/pact/shares", as: asMaker,
		contentType: "application/json", body: []byte(`{"partner":"` + orgRegulator + `"}`)}), 201)
}

// seedExport is set 2026.1's CSV export as an admin reads it.
func seedExport(t *testing.T, st *stack) string {
	t.Helper()
	rec := st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.1/export?format=csv", as: asAdmin})
	if rec.Code != 200 {
		t.Fatalf("export: %d", rec.Code)
	}
	return rec.Body.String()
}

// exemptLine matches the exemption of a line of the demo PV study.
var exemptLine = regexp.MustCompile(`"exempt": \{[^}]*\}`)

// pinnedStudy is the demo PV study with serial pinned to factor set set,
// its exempt (screened) lines given the screening factor
// MAT-PLASTIC-AVG-DESNZ instead.
func pinnedStudy(t *testing.T, serial, set string) []byte {
	t.Helper()
	doc := mustDoc(t, exemptLine.ReplaceAll(pvStudy(t, serial), []byte(`"factor": "MAT-PLASTIC-AVG-DESNZ"`)))
	doc["factor_set"] = set
	return seedtest.MustMarshal(t, doc)
}

// Ensure one curator alone cannot lower factors in a newer set and so
// both certify on the lowered values and make the older set's studies
// uncertifiable (red team 13). Set 2026.2, based on the seed set, lowers
// PV-CELL-MONO182 (per piece: never checked against peers) and the grid
// factor ELEC-CN-NAT-CF-2024 (a group of two: too small to check) tenfold.
// Before the fix the set was published with no flag: the honest demo study
// on 2026.1 was refused at application ("corrected in published set
// 2026.2") and the same study pinned to 2026.2 was issued at 77.63 kgCO2e
// instead of 158.27. Now each changed factor carries a change flag: the set
// is published (the change is its author's act), a study may not use the
// changed factors until a second curator reviews the flags, and until then
// the change corrects nothing. Once reviewed, it corrects as before.
func TestRedteam13_OneCuratorsChangeWaitsForASecondCurator(t *testing.T) {
	st := newSeededStack(t)
	export := seedExport(t, st)
	lines := strings.Split(strings.TrimRight(export, "\n"), "\n")
	var rogue bytes.Buffer
	rogue.WriteString(lines[0] + "\n")
	for _, l := range lines[1:] {
		switch {
		case strings.HasPrefix(l, "PV-CELL-MONO182,"):
			rogue.WriteString(strings.Replace(l, ",1.59,kgCO2e/piece,", ",0.159,kgCO2e/piece,", 1) + "\n")
		case strings.HasPrefix(l, "ELEC-CN-NAT-CF-2024,"):
			rogue.WriteString(strings.Replace(l, ",0.5777,kgCO2e/kWh,", ",0.0577,kgCO2e/kWh,", 1) + "\n")
		}
	}
	st.mustDo(t,
		request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"2026.2","based_on":"2026.1"}`)},
		request{method: "POST", target: "/v1/factor-sets/2026.2/import", as: asAdmin, contentType: "text/csv", body: rogue.Bytes()},
		request{method: "POST", target: "/v1/factor-sets/2026.2/publish", as: asAdmin},
	)
	type changeFlag struct {
		Code          string `json:"code"`
		Kind          string `json:"kind"`
		Explanation   string `json:"explanation"`
		ExplanationZH string `json:"explanation_zh"`
		Change        *struct {
			BaseSet   string  `json:"base_set"`
			BaseValue float64 `json:"base_value"`
		} `json:"change"`
	}
	flags := MustData[[]changeFlag](t, st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.2/flags", as: asAdmin}), 200)
	want := map[string]string{
		"ELEC-CN-NAT-CF-2024": "changed from 0.5777 kgCO2e/kWh in set 2026.1 to 0.0577 kgCO2e/kWh in set 2026.2 (−90 %)",
		"PV-CELL-MONO182":     "changed from 1.59 kgCO2e/piece in set 2026.1 to 0.159 kgCO2e/piece in set 2026.2 (−90 %)",
	}
	if len(flags) != len(want) {
		t.Fatalf("flags of 2026.2: %+v, want one change flag for each of %v", flags, want)
	}
	for _, fl := range flags {
		if fl.Kind != "changed" || !strings.Contains(fl.Explanation, want[fl.Code]) || !strings.Contains(fl.ExplanationZH, "2026.1") ||
			fl.Change == nil || fl.Change.BaseSet != "2026.1" {
			t.Errorf("flag %+v: want kind changed saying %q, in Chinese too", fl, want[fl.Code])
		}
	}

	// While the change is unreviewed: the honest study on 2026.1 is
	// applied for and issued; the study pinned to 2026.2 is not stored.
	honest := st.apply(t, st.submit(t, demoSerial))
	MustData[issueData](t, st.do(t, st.issueReq(t, honest, "")), 201)
	// The study pinned to 2026.2 gives its two screened lines the
	// screening factor: on the lowered values their share would exceed the
	// cut-off, and the engine would refuse before the flags are checked.
	pinned := func(serial string) []byte { return pinnedStudy(t, serial, "2026.2") }
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: pinned("GEC-RT13-A")}), 400, "invalid")
	if !strings.HasSuffix(e.Error.Field, ".factor") || !strings.Contains(e.Error.Message, "changed from") {
		t.Fatalf("study on the unreviewed change: %+v", e.Error)
	}

	// The author may not review the change; a second curator does.
	MustError(t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.2/flags/acknowledge", as: asAdmin, contentType: "application/json",
		body: st.reviewBody(t, "2026.2", "my own change", false, "ELEC-CN-NAT-CF-2024", "PV-CELL-MONO182")}), 403, "forbidden")
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.2/flags/acknowledge", as: asCurator2, contentType: "application/json",
		body: st.reviewBody(t, "2026.2", "checked against the 2026 grid report and the cell supplier's EPD", false, "ELEC-CN-NAT-CF-2024", "PV-CELL-MONO182")}), 200)

	// Reviewed, the change corrects 2026.1: a new application on the old
	// values is refused, and a study on 2026.2 is stored.
	id := st.submit(t, "GEC-RT13-B")
	e = MustError(t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + id + `","certifier":"` + orgCertifier + `"}`)}), 400, "invalid")
	if e.Error.Field != "factor_set" || !strings.Contains(e.Error.Message, "corrected in published set 2026.2") {
		t.Fatalf("application on a reviewed correction: %+v", e.Error)
	}
	MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: pinned("GEC-RT13-C")}), 201)
}

// setReviewMeta is meta.set_review of a flags answer.
type setReviewMeta struct {
	Meta struct {
		SetReview *struct {
			Required bool   `json:"required"`
			Reviewed bool   `json:"reviewed"`
			Pending  bool   `json:"pending"`
			Why      string `json:"why"`
			Review   *struct {
				By   string `json:"by"`
				Note string `json:"note"`
			} `json:"review"`
		} `json:"set_review"`
	} `json:"meta"`
}

func mustSetReview(t *testing.T, st *stack, set string) setReviewMeta {
	t.Helper()
	rec := st.do(t, request{method: "GET", target: "/v1/factor-sets/" + set + "/flags", as: asAdmin})
	if rec.Code != 200 {
		t.Fatalf("flags of %s: %d %s", set, rec.Code, rec.Body)
	}
	var m setReviewMeta
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil || m.Meta.SetReview == nil {
		t.Fatalf("flags of %s: %v, meta %s", set, err, rec.Body)
	}
	return m
}

// Red team 17, end to end (docs/integrity.md §11a, "Sets not based on
// another"): one admin key creates set 2026.SC based on no other, imports
// the seed set's factors with PV-CELL-MONO182 at a tenth (1.59 → 0.159
// kgCO2e/piece) and publishes it; the demo module pinned to it was
// certified at 80.0 instead of 157.3 kgCO2e with an empty review. Now the
// set is not reviewed as a set: the study is refused naming the line's
// factor field; the author, and a key the author's key created, are
// refused as reviewers (403, field reviewer), on the workbench too; a
// second, unrelated curator reviews the set with a note, and the study is
// stored, applied for and issued.
func TestRedteam17_BaselessSetWaitsForASecondCurator(t *testing.T) {
	st := newSeededStack(t)
	export := seedExport(t, st)
	rogue := strings.Replace(export, ",1.59,kgCO2e/piece,", ",0.159,kgCO2e/piece,", 1)
	if rogue == export {
		t.Fatal("PV-CELL-MONO182 at 1.59 kgCO2e/piece not in the seed export")
	}
	st.mustDo(t,
		request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"2026.SC","description":"Sichuan regional copy of 2026.1"}`)},
		request{method: "POST", target: "/v1/factor-sets/2026.SC/import", as: asAdmin, contentType: "text/csv", body: []byte(rogue)},
		request{method: "POST", target: "/v1/factor-sets/2026.SC/publish", as: asAdmin},
	)
	if m := mustSetReview(t, st, "2026.SC").Meta.SetReview; !m.Required || !m.Pending || m.Reviewed || !strings.Contains(m.Why, "created factor set 2026.SC") {
		t.Fatalf("set_review of 2026.SC: %+v", m)
	}

	// The study pinned to 2026.SC gives its two screened lines the
	// screening factor: at a tenth of the cells their share would exceed
	// the cut-off and the engine would refuse before the check.
	pinned := func(serial string) []byte { return pinnedStudy(t, serial, "2026.SC") }
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: pinned("GEC-RT17-A")}), 400, "invalid")
	if !strings.HasSuffix(e.Error.Field, ".factor") || !strings.Contains(e.Error.Message, "no second curator has reviewed it as a set") {
		t.Fatalf("study on the unreviewed set: %+v", e.Error)
	}

	// Four eyes: the author's key, and a key it creates, are refused.
	body := func(note string) []byte { return st.reviewBody(t, "2026.SC", note, true) }
	e = MustError(t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.SC/flags/acknowledge", as: asAdmin, contentType: "application/json", body: body("my own copy")}), 403, "forbidden")
	if e.Error.Field != "reviewer" || !strings.Contains(e.Error.Message, "created factor set 2026.SC") {
		t.Fatalf("the author's review: %+v", e.Error)
	}
	minted := MustData[struct {
		Token string `json:"token"`
	}](t, st.do(t, request{method: "POST", target: "/v1/admin/keys", as: asAdmin, contentType: "application/json", body: []byte(`{"org":"` + orgAdmin + `"}`)}), 201)
	st.tokens["minted"] = minted.Token
	e = MustError(t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.SC/flags/acknowledge", as: "minted", contentType: "application/json", body: body("reviewed with a second key")}), 403, "forbidden")
	if e.Error.Field != "reviewer" || !strings.Contains(e.Error.Message, "was created with API key") {
		t.Fatalf("the review by a key the author's key created: %+v", e.Error)
	}
	admin := st.signedIn(t, asAdmin)
	mustWorkPage(t, admin.get("/work/factor-sets/2026.SC"), http.StatusOK, `id="set-review-form"`, "未经整体审核", "not reviewed as a set")
	mustWorkPage(t, admin.post("/work/factor-sets/2026.SC/flags/review", admin.reviewForm("/work/factor-sets/2026.SC", url.Values{"csrf_token": {admin.csrf}, "set": {"1"}, "note": {"my own copy"}})),
		http.StatusForbidden, `id="publish-refused"`, "不能整体审核此因子集", "you may not review the set as a whole")
	MustError(t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.SC/flags/acknowledge", as: asCurator2, contentType: "application/json", body: body(" ")}), 400, "invalid")
	if m := mustSetReview(t, st, "2026.SC").Meta.SetReview; !m.Pending {
		t.Fatalf("set_review after the refusals: %+v", m)
	}

	// A second, unrelated curator reviews the set as a whole.
	const note = "checked every factor against 2026.1 and the EPD of the cell supplier"
	rec := st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.SC/flags/acknowledge", as: asCurator2, contentType: "application/json", body: body(note)})
	var m setReviewMeta
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &m) != nil || m.Meta.SetReview == nil || m.Meta.SetReview.Pending || !m.Meta.SetReview.Reviewed ||
		m.Meta.SetReview.Review == nil || m.Meta.SetReview.Review.Note != note {
		t.Fatalf("the second curator's review: %d %s", rec.Code, rec.Body)
	}
	mustWorkPage(t, admin.get("/work/factor-sets/2026.SC"), http.StatusOK, "已整体审核", "reviewed as a set", note)
	id := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: pinned("GEC-RT17-B")}), 201).ID
	app := st.apply(t, id)
	MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201)
}

var previewInput = regexp.MustCompile(`name="preview" value="([^"]+)"`)

// newDraft creates the draft set version, based on 2026.1, through the
// curator's form.
func (u *webUser) newDraft(version string) {
	u.t.Helper()
	if rec := u.post("/work/factor-sets", url.Values{"csrf_token": {u.csrf}, "version": {version}, "based_on": {"2026.1"}}); rec.Code != http.StatusSeeOther {
		u.t.Fatalf("create: %d %.600s", rec.Code, rec.Body)
	}
}

// seedRows returns the rows of set 2026.1's CSV export, header first, and
// the columns of the code and the value.
func seedRows(t *testing.T, st *stack) (rows [][]string, code, value int) {
	t.Helper()
	rec := st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.1/export?format=csv"})
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\ufeff"))).ReadAll()
	if err != nil || len(rows) < 3 {
		t.Fatalf("export: %v, %d rows", err, len(rows))
	}
	return rows, slices.Index(rows[0], "code"), slices.Index(rows[0], "value")
}

// csvFile writes rows as a CSV file.
func csvFile(rows ...[]string) []byte {
	var b bytes.Buffer
	csv.NewWriter(&b).WriteAll(rows)
	return b.Bytes()
}

// draftValue is the value of the factor code in the draft set 2026.2.
func draftValue(t *testing.T, st *stack, code string) float64 {
	t.Helper()
	return MustData[struct {
		Value float64 `json:"value"`
	}](t, st.do(t, request{method: "GET", target: "/v1/factors/" + code + "?set=2026.2", as: asAdmin}), 200).Value
}

// previewID is the preview the import form of a preview page names.
func previewID(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	m := previewInput.FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatal("the preview page's import form names no preview")
	}
	return m[1]
}

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
	rows, code, value := seedRows(t, st)
	changed := slices.Clone(rows[1])
	changed[value] = "123.5"
	added := slices.Clone(rows[2])
	added[code] = "WEB-TEST-NEW-FACTOR"
	file := csvFile(rows[0], changed, added)

	upload := func(token string) *httptest.ResponseRecorder {
		return admin.upload("/work/factor-sets/2026.2/preview", token, formFile{"file", "edition.csv", file})
	}
	mustWorkPage(t, upload("wrong"), http.StatusForbidden)
	mustWorkPage(t, admin.post("/work/factor-sets/2026.2/import", url.Values{"csrf_token": {admin.csrf}}), http.StatusBadRequest, "preview")
	rec := upload(admin.csrf)
	mustWorkPage(t, rec, http.StatusOK, `<span id="preview-added">1</span>`, `<span id="preview-changed">1</span>`, "WEB-TEST-NEW-FACTOR", rows[1][code], "123.5")
	if n := count(); n != before {
		t.Fatalf("the preview wrote: %d factors, want %d", n, before)
	}
	preview := previewID(t, rec)
	// The import confirms that preview: a form without it, or posted to
	// another set, imports nothing and keeps the preview for its own page.
	mustWorkPage(t, admin.post("/work/factor-sets/2026.2/import", url.Values{"csrf_token": {admin.csrf}}), http.StatusBadRequest, "preview")
	mustWorkPage(t, admin.post("/work/factor-sets/2026.1/import", url.Values{"csrf_token": {admin.csrf}, "preview": {preview}}), http.StatusBadRequest, "preview")
	if n := count(); n != before {
		t.Fatalf("a form that confirmed no preview imported: %d factors, want %d", n, before)
	}
	if rec := admin.post("/work/factor-sets/2026.2/import", url.Values{"csrf_token": {admin.csrf}, "preview": {preview}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("import: %d %.600s", rec.Code, rec.Body)
	}
	if n := count(); n != before+1 {
		t.Fatalf("%d factors after the import, want %d", n, before+1)
	}
	if v := draftValue(t, st, rows[1][code]); v != 123.5 {
		t.Fatalf("imported value %v, want 123.5", v)
	}
	// The preview is used once.
	mustWorkPage(t, admin.post("/work/factor-sets/2026.2/import", url.Values{"csrf_token": {admin.csrf}, "preview": {preview}}), http.StatusBadRequest, "preview")

	mustWorkPage(t, admin.post("/work/factor-sets/2026.2/publish", url.Values{"csrf_token": {admin.csrf}, "confirm": {"2026.1"}}), http.StatusBadRequest, "confirm")
	if rec := admin.post("/work/factor-sets/2026.2/publish", url.Values{"csrf_token": {admin.csrf}, "confirm": {"2026.2"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("publish: %d %.600s", rec.Code, rec.Body)
	}
	mustWorkPage(t, admin.get("/work/factor-sets/2026.2"), http.StatusOK, "已发布 published")
	mustWorkPage(t, upload(admin.csrf), http.StatusConflict)
}

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
	admin.newDraft("2026.2")
	rows, code, value := seedRows(t, st)
	file := func(v string) []byte {
		row := slices.Clone(rows[1])
		row[value] = v
		return csvFile(rows[0], row)
	}
	preview := func(v string) string {
		rec := admin.upload("/work/factor-sets/2026.2/preview", admin.csrf, formFile{"file", "edition-" + v + ".csv", file(v)})
		mustWorkPage(t, rec, http.StatusOK, v)
		return previewID(t, rec)
	}
	valueNow := func() float64 { return draftValue(t, st, rows[1][code]) }
	before := valueNow()
	a := preview("123.5")
	b := preview("0.0012")
	mustWorkPage(t, admin.post("/work/factor-sets/2026.2/import", url.Values{"csrf_token": {admin.csrf}, "preview": {a}}), http.StatusBadRequest, "preview")
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

// Ensure the curator who filled a draft cannot review its plausibility
// flags through the API or the workbench (four eyes): 403 "forbidden"
// naming the reviewer, on the page the reason in both languages, nothing
// recorded; another curator's review goes through.
func TestFactorFlags_FourEyes(t *testing.T) {
	st := newSeededStack(t)
	admin := st.signedIn(t, asAdmin)
	admin.newDraft("2026.5")
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/import", as: asAdmin, contentType: "text/csv", body: flaggedFactorsCSV(t)}), 200)
	body := st.reviewBody(t, "2026.5", "I checked my own import", false, "PV-TEST-BAD")

	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/flags/acknowledge", as: asAdmin, contentType: "application/json", body: body}), 403, "forbidden")
	if e.Error.Field != "reviewer" || !strings.Contains(e.Error.Message, "another curator") {
		t.Fatalf("refusal %+v", e.Error)
	}
	rec := admin.post("/work/factor-sets/2026.5/flags/review", admin.reviewForm("/work/factor-sets/2026.5", url.Values{"csrf_token": {admin.csrf}, "code": {"PV-TEST-BAD"}, "note": {"I checked my own import"}}))
	// The outlier, and the six other factors the draft adds to its base (flagged added since red team 16).
	mustWorkPage(t, rec, http.StatusForbidden, `id="publish-refused"`, "请由另一位因子管理员审核", "Another curator must review them", `id="review-form"`, `<span id="flags-unreviewed">7</span>`)
	flags := MustData[[]flagData](t, st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.5/flags", as: asAdmin}), 200)
	if len(flags) != 7 || slices.ContainsFunc(flags, func(f flagData) bool { return f.Acknowledgement != nil }) {
		t.Fatalf("flags after the refusals: %+v", flags)
	}
	MustError(t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/publish", as: asAdmin}), 409, "conflict")

	MustData[[]flagData](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/flags/acknowledge", as: asCurator2, contentType: "application/json",
		body: st.reviewBody(t, "2026.5", "checked against the source", false, "PV-TEST-BAD")}), 200)
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.5/publish", as: asAdmin}), 200)
}

// Ensure the curator's workbench shows plausibility flags: the import
// preview lists the flags the set would have, with their peers; the draft
// page lists them with a review form (CSRF, a required note); publishing a
// draft with an open flag answers 409 with the reason in both languages on
// the set's page, not an error page; after the review it publishes.
func TestWebCurator_DraftFlags(t *testing.T) {
	st := newSeededStack(t)
	admin := st.signedIn(t, asAdmin)
	admin.newDraft("2026.5")
	preview := admin.upload("/work/factor-sets/2026.5/preview", admin.csrf, formFile{"file", "flagged.csv", flaggedFactorsCSV(t)})
	mustWorkPage(t, preview, http.StatusOK, `id="preview-flags"`, "PV-TEST-BAD", "2223.29", "PV-TEST-3")
	if rec := admin.post("/work/factor-sets/2026.5/import", url.Values{"csrf_token": {admin.csrf}, "preview": {previewID(t, preview)}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("import: %d %.600s", rec.Code, rec.Body)
	}
	mustWorkPage(t, admin.get("/work/factor-sets/2026.5"), http.StatusOK, `id="flag-list"`, `value="PV-TEST-BAD"`, `<span id="flags-unacknowledged">1</span>`, "PV-TEST-3")

	rec := admin.post("/work/factor-sets/2026.5/publish", url.Values{"csrf_token": {admin.csrf}, "confirm": {"2026.5"}})
	mustWorkPage(t, rec, http.StatusConflict, `id="publish-refused"`, "未发布:1 个合理性提示尚未经因子管理员确认", "Not published: 1 plausibility flags are not acknowledged", `id="review-form"`)

	mustWorkPage(t, admin.post("/work/factor-sets/2026.5/flags/review", url.Values{"csrf_token": {"wrong"}, "code": {"PV-TEST-BAD"}, "note": {"checked"}}), http.StatusForbidden)
	mustWorkPage(t, admin.post("/work/factor-sets/2026.5/flags/review", admin.reviewForm("/work/factor-sets/2026.5", url.Values{"csrf_token": {admin.csrf}, "code": {"PV-TEST-BAD"}})), http.StatusBadRequest, "note")
	curator2 := st.signedIn(t, asCurator2) // four eyes: not the importer
	if rec := curator2.post("/work/factor-sets/2026.5/flags/review", curator2.reviewForm("/work/factor-sets/2026.5", url.Values{"csrf_token": {curator2.csrf}, "code": {"PV-TEST-BAD"}, "note": {"checked against the source for the test"}})); rec.Code != http.StatusSeeOther {
		t.Fatalf("review: %d %.600s", rec.Code, rec.Body)
	}
	// The six factors the draft adds stay unreviewed (flagged added, they do not hold publication back).
	mustWorkPage(t, admin.get("/work/factor-sets/2026.5?done=reviewed"), http.StatusOK, "合理性提示已审核", `<span id="flags-unreviewed">6</span>`, "checked against the source for the test")
	if rec := admin.post("/work/factor-sets/2026.5/publish", url.Values{"csrf_token": {admin.csrf}, "confirm": {"2026.5"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("publish after the review: %d %.600s", rec.Code, rec.Body)
	}
}

// Ensure a published set's page lists its unreviewed flags with the same
// review form, a review takes the factor off the list and leaves the set's
// digest as it was, and only an admin may review.
func TestWebCurator_PublishedFlags(t *testing.T) {
	st := newSeededStack(t)
	mustLoadCPCDStack(t, st)
	admin := st.signedIn(t, asAdmin)
	maker := st.signedIn(t, asMaker)
	digest := func() string {
		return MustData[struct {
			Digest string `json:"digest"`
		}](t, st.do(t, request{method: "GET", target: "/v1/factor-sets/" + cpcd.SetVersion}), 200).Digest
	}
	before := digest()
	page := "/work/factor-sets/" + cpcd.SetVersion
	mustWorkPage(t, admin.get(page), http.StatusOK, `id="review-form"`, `value="`+flaggedCPCD+`"`, "acknowledged by the loader only, not reviewed", "556.1")
	mustWorkPage(t, maker.post(page+"/flags/review", url.Values{"csrf_token": {maker.csrf}, "code": {flaggedCPCD}, "note": {"x"}}), http.StatusForbidden)
	if rec := admin.post(page+"/flags/review", admin.reviewForm(page, url.Values{"csrf_token": {admin.csrf}, "code": {flaggedCPCD}, "note": {"checked against CPCD"}})); rec.Code != http.StatusSeeOther {
		t.Fatalf("review: %d %.600s", rec.Code, rec.Body)
	}
	rec := admin.get(page)
	mustWorkPage(t, rec, http.StatusOK, `id="review-form"`)
	if strings.Contains(rec.Body.String(), `value="`+flaggedCPCD+`"`) {
		t.Errorf("the reviewed flag is still listed for review")
	}
	if after := digest(); after != before || before == "" {
		t.Errorf("digest %s after the review, %s before", after, before)
	}
}

// Ensure the curator's workbench shows a change of a set based on another
// as a flag, before the import (the preview) and after it (the set's page,
// with the review form), in both languages, and the factor's public page
// says what changed: the grid factor lowered tenfold in draft 2026.2.
func TestWebCurator_ChangeFlags(t *testing.T) {
	st := newSeededStack(t)
	admin := st.signedIn(t, asAdmin)
	admin.newDraft("2026.2")
	rows, code, value := seedRows(t, st)
	var grid []string
	for _, r := range rows[1:] {
		if r[code] == "ELEC-CN-NAT-CF-2024" {
			grid = slices.Clone(r)
			grid[value] = "0.0577"
		}
	}
	const en, zh = "changed from 0.5777 kgCO2e/kWh in set 2026.1 to 0.0577 kgCO2e/kWh in set 2026.2 (−90 %)", "由因子集 2026.1 的 0.5777 kgCO2e/kWh 改为因子集 2026.2 的 0.0577 kgCO2e/kWh(−90 %)"
	preview := admin.upload("/work/factor-sets/2026.2/preview", admin.csrf, formFile{"file", "grid.csv", csvFile(rows[0], grid)})
	mustWorkPage(t, preview, http.StatusOK, `id="preview-flags"`, "ELEC-CN-NAT-CF-2024", en, zh)
	if rec := admin.post("/work/factor-sets/2026.2/import", url.Values{"csrf_token": {admin.csrf}, "preview": {previewID(t, preview)}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("import: %d %.600s", rec.Code, rec.Body)
	}
	// Unreviewed, not holding publication back.
	mustWorkPage(t, admin.get("/work/factor-sets/2026.2"), http.StatusOK, `value="ELEC-CN-NAT-CF-2024"`, en, zh,
		`<span id="flags-unreviewed">1</span>`, `<span id="flags-unacknowledged">0</span>`)
	rec := admin.get("/factors/ELEC-CN-NAT-CF-2024?set=2026.2")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `id="flag-change"`) || !strings.Contains(rec.Body.String(), en) {
		t.Fatalf("factor page: %d %.2000s", rec.Code, rec.Body)
	}
}

// hiddenDigestRe finds the hidden fields of the workbench's review forms
// that carry what the page showed: digest.CODE of each flag listed, and
// set_digest of the set.
var hiddenDigestRe = regexp.MustCompile(`name="(digest\.[^"]+|set_digest)" value="([0-9a-f]{64})"`)

// reviewForm returns form with the hidden digest fields of the review
// forms on the workbench page page, as u reads it now: what a browser
// sends back with the form.
func (u *webUser) reviewForm(page string, form url.Values) url.Values {
	u.t.Helper()
	rec := u.get(page)
	if rec.Code != http.StatusOK {
		u.t.Fatalf("%s: %d %.600s", page, rec.Code, rec.Body)
	}
	for _, m := range hiddenDigestRe.FindAllStringSubmatch(rec.Body.String(), -1) {
		form.Set(m[1], m[2])
	}
	return form
}

// Red team 32, on the workbench: the review forms carry what the page
// showed (digest.CODE of each flag, set_digest), so a curator who read the
// page before the author imported another value is refused (409, the
// set's page again with the reason in both languages and the value now
// there), nothing recorded.
func TestRedteam32_WorkbenchReviewOfAFlagChangedAfterItWasShown(t *testing.T) {
	st := newSeededStack(t)
	admin := st.signedIn(t, asAdmin)
	admin.newDraft("2026.5")
	st.mustDo(t, request{method: "POST", target: "/v1/factor-sets/2026.5/import", as: asAdmin, contentType: "text/csv", body: flaggedFactorsCSV(t)})
	curator2 := st.signedIn(t, asCurator2)
	form := curator2.reviewForm("/work/factor-sets/2026.5", url.Values{"csrf_token": {curator2.csrf}, "code": {"PV-TEST-BAD"}, "note": {"2223.29: checked against the source"}})
	if form.Get("digest.PV-TEST-BAD") == "" {
		t.Fatalf("the review form carries no digest of the flag shown: %v", form)
	}
	st.swapFlaggedValue(t, "2026.5")
	rec := curator2.post("/work/factor-sets/2026.5/flags/review", form)
	mustWorkPage(t, rec, http.StatusConflict,
		`id="publish-refused"`, "您勾选的提示(或整个因子集)已与您看到的不同", "is no longer what you were shown", "now 2000 kgCO2e/kWh", `id="review-form"`)
	// Each language only its own words: the store's bilingual refusal was
	// put whole after the page's English, so the English span carried the
	// Chinese, and the Chinese said none of it (h-left).
	m := refusedRe.FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatalf("no refusal in its two languages: %.2000s", rec.Body)
	}
	zh, en := html.UnescapeString(m[1]), html.UnescapeString(m[2])
	if strings.ContainsFunc(en, func(r rune) bool { return unicode.Is(unicode.Han, r) }) || !strings.Contains(en, "the flag of PV-TEST-BAD in set 2026.5 changed since you read it") {
		t.Errorf("English %q, want the store's English and no Chinese", en)
	}
	if !strings.Contains(zh, "因子 PV-TEST-BAD（因子集 2026.5）的合理性提示在您阅读之后已有变化") || strings.Contains(zh, "changed since") {
		t.Errorf("Chinese %q, want the store's Chinese and no English", zh)
	}
	flags := MustData[[]flagData](t, st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.5/flags", as: asAdmin}), 200)
	if slices.ContainsFunc(flags, func(f flagData) bool { return f.Acknowledgement != nil }) {
		t.Fatalf("the refused review recorded an acknowledgement: %+v", flags)
	}
	// A form without the digests (a page from before) is refused too.
	mustWorkPage(t, curator2.post("/work/factor-sets/2026.5/flags/review", url.Values{"csrf_token": {curator2.csrf}, "code": {"PV-TEST-BAD"}, "note": {"checked"}}), http.StatusBadRequest, "digests[0]")

	// The review of a set as a whole, from its page.
	st.mustDo(t,
		request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"2026.SC"}`)},
		request{method: "POST", target: "/v1/factor-sets/2026.SC/import", as: asAdmin, contentType: "text/csv", body: flaggedFactorsCSV(t)},
	)
	form = curator2.reviewForm("/work/factor-sets/2026.SC", url.Values{"csrf_token": {curator2.csrf}, "set": {"1"}, "note": {"checked every factor against its source"}})
	if form.Get("set_digest") == "" {
		t.Fatalf("the set review form carries no digest of the set shown: %v", form)
	}
	st.swapFlaggedValue(t, "2026.SC")
	mustWorkPage(t, curator2.post("/work/factor-sets/2026.SC/flags/review", form), http.StatusConflict, `id="publish-refused"`, "is no longer what you were shown")
	if m := mustSetReview(t, st, "2026.SC").Meta.SetReview; !m.Pending || m.Review != nil {
		t.Fatalf("set_review after the refused review: %+v", m)
	}
}

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
			if e.Error.Message != `因子集 "2026.9" 不存在。factor set "2026.9" not found` {
				t.Errorf("%s as %q: message %q", target, as, e.Error.Message)
			}
		}
		for _, set := range MustData[[]struct{ Version string }](t, st.do(t, request{method: "GET", target: "/v1/factor-sets", as: as}), 200) {
			if set.Version == "2026.9" {
				t.Errorf("the list of sets shows the draft to %q", as)
			}
		}
	}
	if absent.Error.Message != `因子集 "2026.77" 不存在。factor set "2026.77" not found` {
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
		if e.Error.Field != "factor_set" || e.Error.Message != `因子集 "2026.9" 不存在。factor set "2026.9" not found` {
			t.Errorf("preview as %s: %+v", as, e.Error)
		}
	}
	// The same study on the published set is stored.
	MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: pvStudy(t, "GEC-DRAFT-STUDY-1")}), 201)
}

// refusedRe is the workbench's refusal on a factor set's page: its
// Chinese, then its English in a span of its own.
var refusedRe = regexp.MustCompile(`(?s)id="publish-refused"[^>]*>(.*?)<span class="en" lang="en">(.*?)</span></p>`)
