package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

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
		`<a href="/work/factor-sets" aria-current="page">因子集管理<span class="en">Factor sets</span></a>`)

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
