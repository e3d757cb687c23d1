// Red team 61, the regulator: answers a regulator relies on being
// complete and right (lists, queues, filters).

package api_test

import (
	"net/url"
	"strings"
	"testing"
)

// regulatorLists reports whether the regulator's GET /v1/certificates with
// query lists certificate id.
func regulatorLists(t *testing.T, st *stack, query, id string) bool {
	t.Helper()
	rows := MustData[[]struct {
		ID string `json:"id"`
	}](t, st.do(t, request{method: "GET", target: "/v1/certificates?limit=1000&" + query, as: asReg}), 200)
	for _, r := range rows {
		if r.ID == id {
			return true
		}
	}
	return false
}

// regulatorRefused checks that the regulator's GET target is refused 400
// invalid naming field, in Chinese and English, with a message holding
// every one of words: never an empty 200.
func regulatorRefused(t *testing.T, st *stack, target, field string, words ...string) {
	t.Helper()
	rec := st.do(t, request{method: "GET", target: target, as: asReg})
	if rec.Code == 200 {
		t.Errorf("GET %s: 200 %.200s, want 400 naming %s", target, rec.Body, field)
		return
	}
	e := MustError(t, rec, 400, "invalid")
	ok := e.Error.Field == field && strings.Contains(e.Error.Message, "。")
	for _, w := range words {
		ok = ok && strings.Contains(e.Error.Message, w)
	}
	if !ok {
		t.Errorf("GET %s: %+v, want 400 naming %s, in Chinese and English, saying %q", target, e.Error, field, words)
	}
}

// Ensure a valid certificate its verification marks issuing_key_unvouched
// or status_key_unvouched is in the flagged queue (GET
// /v1/certificates?flagged=true, the certifier's and the regulator's
// queue, which the regulator's overview lists), as one marked for a key
// reported compromised is (red team 55): it is treated as a flagged one
// everywhere else (red team 49: no documents, no PACT footprint, no
// supplier), but the queue read only supplier flags, a restored copy, a
// PACT change and a compromised key, so that the operator's certificate
// issued with a recovery key in a body's name was listed under
// flagged=false, and the regulator's queue never showed it. Once the body
// vouches for the key, it leaves the queue.
func TestRedteam61_UnvouchedKeyCertificateIsInTheFlaggedQueue(t *testing.T) {
	st := newSeededStack(t)
	reinstated := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-RT61-R")), "")), 201).CertificateID
	genuine := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-RT61-G")), "")), 201).CertificateID
	st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + reinstated + "/suspend", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["RT61 suspended by the body"]}`)})

	formerToken := st.tokens[asCert]
	st.mustDo(t, request{method: "DELETE", target: "/v1/admin/keys/" + strings.Split(formerToken, "_")[1], as: asAdmin})
	recovery, token := st.mintCertKey(t, orgCertifier)
	st.tokens[asCert] = token
	issued := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-RT61-I")), "")), 201).CertificateID
	st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + reinstated + "/reinstate", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["RT61 reinstated with the recovery key"]}`)})

	for _, tt := range []struct {
		name, id string
		flagged  bool
	}{{"issued with the recovery key", issued, true}, {"reinstated with the recovery key", reinstated, true}, {"issued by the body's own key", genuine, false}} {
		if got := regulatorLists(t, st, "flagged=true", tt.id); got != tt.flagged {
			t.Errorf("certificate %s: in GET /v1/certificates?flagged=true: %t, want %t", tt.name, got, tt.flagged)
		}
		if got := regulatorLists(t, st, "flagged=false", tt.id); got == tt.flagged {
			t.Errorf("certificate %s: in GET /v1/certificates?flagged=false: %t, want %t", tt.name, got, !tt.flagged)
		}
	}

	// The regulator's overview lists them, each with its status in the
	// verification's words.
	page := st.signedIn(t, asReg).get("/work/overview").Body.String()
	flaggedList := page[strings.Index(page, `id="flagged"`):]
	for _, tt := range []struct{ id, words string }{{issued, "有效(签发密钥未经机构担保)"}, {reinstated, "有效(恢复或复核密钥未经机构担保)"}} {
		i := strings.Index(flaggedList, "/work/certificates/"+tt.id)
		if i < 0 {
			t.Errorf("the overview's flagged list lacks %s", tt.id)
			continue
		}
		if entry := flaggedList[i:]; !strings.Contains(entry[:min(len(entry), 600)], tt.words) {
			t.Errorf("the overview's flagged entry of %s does not say %s:\n%.600s", tt.id, tt.words, entry)
		}
	}

	st.mustDo(t, request{method: "POST", target: "/v1/org/keys/" + recovery.ID + "/vouch", as: asCert, contentType: "application/json",
		body: []byte(`{"former_token":"` + formerToken + `"}`)})
	for _, id := range []string{issued, reinstated} {
		if regulatorLists(t, st, "flagged=true", id) || !regulatorLists(t, st, "flagged=false", id) {
			t.Errorf("certificate %s: still in the flagged queue after the body vouched for the key", id)
		}
	}
}

// Ensure the regulator's application list by manufacturer or certifier
// finds an organisation by any name it prints, as the certificate list's
// company filter does (red team 47) and as organisation names are told
// apart (its Chinese name, case, spacing, punctuation, full-width forms):
// GET /v1/applications?manufacturer=示例组件厂, the holder's Chinese name,
// answered an empty list while it had applications, and so did "DEMO
// MODULE CO" (red team 61). A name that is no organisation's still finds
// nothing.
func TestRedteam61_ApplicationListFindsTheHolderByAnyName(t *testing.T) {
	st := newSeededStack(t)
	mine := []string{st.apply(t, st.submit(t, "GEC-RT61-A1")), st.apply(t, st.submit(t, "GEC-RT61-A2"))}
	_, other := st.applyAsOther(t, pvStudy(t, "GEC-RT61-A3"))
	ids := func(query string) []string {
		t.Helper()
		apps := MustData[[]struct {
			ID string `json:"id"`
		}](t, st.do(t, request{method: "GET", target: "/v1/applications?" + query, as: asReg}), 200)
		var out []string
		for _, a := range apps {
			out = append(out, a.ID)
		}
		return out
	}
	want := strings.Join(mine, " ")
	if got := strings.Join(ids("manufacturer="+url.QueryEscape(orgMaker)), " "); got != want {
		t.Fatalf("applications of %s: %s, want %s", orgMaker, got, want)
	}
	for _, name := range []string{"示例组件厂", "DEMO MODULE CO", "Ｄｅｍｏ Ｍｏｄｕｌｅ Ｃｏ．", " demo  module co. "} {
		if got := strings.Join(ids("manufacturer="+url.QueryEscape(name)), " "); got != want {
			t.Errorf("GET /v1/applications?manufacturer=%s: %q, want the applications of %s, %q", name, got, orgMaker, want)
		}
	}
	all := strings.Join(append(mine, other), " ")
	for _, name := range []string{"demo certification centre", "DEMO CERTIFICATION CENTRE."} {
		if got := strings.Join(ids("certifier="+url.QueryEscape(name)), " "); got != all {
			t.Errorf("GET /v1/applications?certifier=%s: %q, want %q", name, got, all)
		}
	}
	if got := ids("manufacturer=" + url.QueryEscape("Demo Module")); len(got) != 0 {
		t.Errorf("GET /v1/applications?manufacturer=Demo Module (no organisation's name): %q, want none", got)
	}

	// The lists of studies and products by owner, the same way.
	st.mustDo(t, request{method: "POST", target: "/v1/products", as: asMaker, contentType: "application/json",
		body: []byte(`{"name":"Demo mono-Si PV module","model":"DEMO-RT61","manufacturer":"Demo Module Co.","site":"Chengdu","product_codes":["HS:854143"],"mass_kg":25.857}`)})
	for _, list := range []string{"/v1/studies", "/v1/products"} {
		count := func(owner string) int {
			t.Helper()
			return len(MustData[[]struct {
				ID string `json:"id"`
			}](t, st.do(t, request{method: "GET", target: list + "?owner=" + url.QueryEscape(owner), as: asReg}), 200))
		}
		want := count(orgMaker)
		if want == 0 {
			t.Fatalf("GET %s?owner=%s: none", list, orgMaker)
		}
		for _, name := range []string{"示例组件厂", "DEMO MODULE CO"} {
			if got := count(name); got != want {
				t.Errorf("GET %s?owner=%s: %d, want the %d of %s", list, name, got, want, orgMaker)
			}
		}
		if got := count("Demo Module"); got != 0 {
			t.Errorf("GET %s?owner=Demo Module (no organisation's name): %d, want none", list, got)
		}
	}

	// The audit trail by actor, the same way.
	events := func(actor string) int {
		t.Helper()
		return len(MustData[[]struct {
			ID string `json:"id"`
		}](t, st.do(t, request{method: "GET", target: "/v1/audit?limit=1000&actor=" + url.QueryEscape(actor), as: asReg}), 200))
	}
	if n := events(orgMaker); n == 0 {
		t.Fatalf("GET /v1/audit?actor=%s: none", orgMaker)
	} else if got := events("示例组件厂"); got != n {
		t.Errorf("GET /v1/audit?actor=示例组件厂: %d events, want the %d of %s", got, n, orgMaker)
	}
}

// Ensure the regulator's overview counts a certificate whose record fails
// the server's signature check under that status, as the lists give it
// (GET /v1/certificates, /work/certificates, the registry: "签名未通过验证
// Signature not verified"), not as valid: the overview read the records
// unchecked and counted a forged one "有效 Valid" while the list its row
// leads to showed it not verified (red team 61).
func TestRedteam61_OverviewCountsAFailedSignatureAsTheListsDo(t *testing.T) {
	st := newSeededStack(t)
	MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-RT61-S")), "")), 201)
	st.failSignatureChecks(t, "rt61-other")
	rows := MustData[[]struct {
		Status string `json:"status"`
	}](t, st.do(t, request{method: "GET", target: "/v1/certificates", as: asReg}), 200)
	if len(rows) != 1 || rows[0].Status != "signature_invalid" {
		t.Fatalf("regulator's list: %+v, want one certificate, signature_invalid", rows)
	}
	page := st.signedIn(t, asReg).get("/work/overview").Body.String()
	i := strings.Index(page, `id="by-status"`)
	if i < 0 {
		t.Fatalf("overview without its status tally:\n%.2000s", page)
	}
	tally := page[i:]
	tally = tally[:strings.Index(tally, "</section>")]
	if strings.Contains(tally, "有效") || !strings.Contains(tally, "签名未通过验证") {
		t.Errorf("overview's status tally counts the certificate failing its signature check as valid, or not as not verified:\n%s", tally)
	}
}

// Ensure an applicant reading its own application (GET
// /v1/applications/{id}, the workbench's application page) is not told of
// another company's pending application, which applications are private
// to (docs/api.md "Public facts"): the review names it to the certifier
// and the regulator (certifier shopping, session 34: "another
// applicant's application, ID, date and body only"), but it gave the
// applicant the same review, so that a manufacturer that applied with a
// competitor's model number learnt that the competitor had applied, to
// which body and on which day (red team 61).
func TestRedteam61_ApplicantIsNotToldOfAnotherCompanysApplication(t *testing.T) {
	st := newSeededStack(t)
	competitor := st.shopApply(t, asMaker, "GEC-RT61-C1", "JM-550", orgCertifier, nil)
	prober := st.shopApply(t, asOther, "GEC-RT61-C2", "jm 55O", orgCert2, heavier)
	for _, as := range []string{asCert2, asReg} {
		if got := shoppedWarnings(st.reviewAs(t, as, prober), "product.model", competitor, "another applicant"); len(got) != 1 {
			t.Fatalf("review of %s as %s: the other company's pending application %s not named", prober, as, competitor)
		}
	}
	rec := st.do(t, request{method: "GET", target: "/v1/applications/" + prober, as: asOther})
	if rec.Code != 200 {
		t.Fatalf("the applicant's own application: %d %s", rec.Code, rec.Body)
	}
	if body := rec.Body.String(); strings.Contains(body, competitor) || strings.Contains(body, "another applicant") || strings.Contains(body, "另一申请方") {
		t.Errorf("the applicant reads another company's pending application %s in its own application's review", competitor)
	}
	if page := st.signedIn(t, asOther).get("/work/applications/" + prober).Body.String(); strings.Contains(page, competitor) || strings.Contains(page, "another applicant") {
		t.Errorf("the applicant's workbench page names another company's pending application %s", competitor)
	}
}

// Ensure a product code typed in full-width characters into the
// registry's one search box, as a Chinese input method in full-width mode
// types it (８５４１４３, ＨＳ：８５４１), finds what the same code in ASCII
// finds: the box took it for a holder's name and answered "no
// certificates" for a heading with certificates (red team 61). The API's
// product_code refuses it, naming product_code (red team 30: never an
// empty 200).
func TestRedteam61_FullWidthProductCodeFindsTheCertificates(t *testing.T) {
	st := newSeededStack(t)
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-RT61-W")), "")), 201)
	for _, q := range []string{"854143", "８５４１４３", "ＨＳ：８５４１", "ｈｓ:8541.43"} {
		if page := newWebUser(t, st.srv).get("/certificates?q=" + url.QueryEscape(q)).Body.String(); !strings.Contains(page, ">"+cert.Number+"</a>") {
			t.Errorf("registry searched for %q: %s not listed", q, cert.Number)
		}
		if rec := st.do(t, request{method: "GET", target: "/v1/certificates?product_code=" + url.QueryEscape(q), as: asReg}); rec.Code == 200 {
			if !regulatorLists(t, st, "product_code="+url.QueryEscape(q), cert.CertificateID) {
				t.Errorf("GET /v1/certificates?product_code=%s: %s not listed", q, cert.Number)
			}
		} else if e := MustError(t, rec, 400, "invalid"); e.Error.Field != "product_code" {
			t.Errorf("GET /v1/certificates?product_code=%s: field %q, want product_code", q, e.Error.Field)
		}
	}
}

// Ensure the audit trail of a certificate is found by the number its
// label prints as by its ID, and that a subject naming a certificate,
// application or study by anything but its canonical ID is refused naming
// subject, never answered with an empty trail: a regulator reading
// GET /v1/audit?subject=certificate/CDPCF-2026-000001 (the number off the
// label) or the ID in upper case was told the certificate had no events
// (red team 61).
func TestRedteam61_AuditSubjectByNumberOrRefused(t *testing.T) {
	st := newSeededStack(t)
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-RT61-AU")), "")), 201)
	events := func(subject string) []string {
		t.Helper()
		evs := MustData[[]struct {
			ID string `json:"id"`
		}](t, st.do(t, request{method: "GET", target: "/v1/audit?subject=" + url.QueryEscape(subject), as: asReg}), 200)
		var out []string
		for _, e := range evs {
			out = append(out, e.ID)
		}
		return out
	}
	want := strings.Join(events("certificate/"+cert.CertificateID), " ")
	if want == "" {
		t.Fatal("no events of the certificate by its ID")
	}
	if got := strings.Join(events("certificate/"+cert.Number), " "); got != want {
		t.Errorf("GET /v1/audit?subject=certificate/%s: %q, want the certificate's events %q", cert.Number, got, want)
	}
	for _, subject := range []string{"certificate/" + strings.ToUpper(cert.CertificateID), "certificate/CDPCF-2026-1", "application/x", "study/" + strings.ToUpper(cert.CertificateID)} {
		regulatorRefused(t, st, "/v1/audit?subject="+url.QueryEscape(subject), "subject")
	}
	if got := len(events("certificate/CDPCF-2026-999999")); got != 0 {
		t.Errorf("GET /v1/audit?subject=certificate/CDPCF-2026-999999 (no such certificate): %d events", got)
	}
}

// Ensure GET /v1/applications?study_id= takes a study's ID in its
// canonical form only, as a path ID, and refuses any other spelling naming
// study_id: the ID in upper case (as some tools print UUIDs) answered an
// empty list, which a regulator reads as "never applied for" (red team
// 61).
func TestRedteam61_ApplicationListByStudyRefusesAnotherSpelling(t *testing.T) {
	st := newSeededStack(t)
	study := st.submit(t, "GEC-RT61-SI")
	app := st.apply(t, study)
	apps := MustData[[]struct {
		ID string `json:"id"`
	}](t, st.do(t, request{method: "GET", target: "/v1/applications?study_id=" + study, as: asReg}), 200)
	if len(apps) != 1 || apps[0].ID != app {
		t.Fatalf("applications of study %s: %+v, want %s", study, apps, app)
	}
	for _, id := range []string{strings.ToUpper(study), "{" + study + "}", study[:8]} {
		regulatorRefused(t, st, "/v1/applications?study_id="+url.QueryEscape(id), "study_id")
	}
}

// Ensure a certificate or study list by a rule the service does not have
// is refused naming rule, never answered with an empty list: the
// certificate list gives each certificate's rule as "pv-module v1", and
// GET /v1/certificates?rule=pv-module%20v1 (that value copied) or a
// misspelt code answered no certificates, which a regulator reads as none
// certified under the rule (red team 61).
func TestRedteam61_UnknownRuleRefused(t *testing.T) {
	st := newSeededStack(t)
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-RT61-RU")), "")), 201)
	if !regulatorLists(t, st, "rule=pv-module", cert.CertificateID) {
		t.Fatal("GET /v1/certificates?rule=pv-module does not list the certificate")
	}
	for _, path := range []string{"/v1/certificates", "/v1/studies"} {
		for _, rule := range []string{"pv-module v1", "pv-modul", "PV-MODULE"} {
			regulatorRefused(t, st, path+"?rule="+url.QueryEscape(rule), "rule", "pv-module") // the rules there are
		}
	}
}
