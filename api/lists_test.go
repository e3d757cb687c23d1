// Tests of the list routes and their queries: empty and scoped lists, the
// regulator's list by company, product-code queries; red team 61 (the
// regulator: answers it relies on being complete and right).

package api_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure the list routes that answer a store's list as it is (answerList)
// answer [] for none, not null, and the caller's organisation's keys only
// on GET /v1/org/keys.
func TestListRoutes_EmptyAndScoped(t *testing.T) {
	st := newSeededStack(t)
	rec := st.do(t, request{method: "GET", target: "/v1/admin/keys/restored", as: asAdmin})
	if got := strings.TrimSpace(rec.Body.String()); rec.Code != http.StatusOK || got != `{"data":[]}` {
		t.Fatalf("GET /v1/admin/keys/restored with none: %d %s, want 200 {\"data\":[]}", rec.Code, got)
	}
	for as, org := range map[string]string{asCert: orgCertifier, asCert2: orgCert2} {
		keys := MustData[[]access.APIKey](t, st.do(t, request{method: "GET", target: "/v1/org/keys", as: as}), http.StatusOK)
		if len(keys) == 0 {
			t.Fatalf("GET /v1/org/keys as %s: no key", as)
		}
		for _, k := range keys {
			if k.Org != org {
				t.Errorf("GET /v1/org/keys as %s: key %s of %q, want %q's only", as, k.ID, k.Org, org)
			}
		}
	}
	orgs := MustData[[]access.Organization](t, st.do(t, request{method: "GET", target: "/v1/admin/organizations", as: asAdmin}), http.StatusOK)
	names := map[string]bool{}
	for _, o := range orgs {
		names[o.Name] = true
	}
	for _, want := range []string{orgMaker, orgCertifier, orgCert2, orgRegulator, orgAdmin, orgCurator} {
		if !names[want] {
			t.Errorf("GET /v1/admin/organizations: %q missing from %v", want, names)
		}
	}
}

// Attack (a certificate hidden from the regulator's list by company, red
// team 47): a manufacturer names itself on its product in full-width
// letters and traditional characters ("ＳＵＮＲＩＳＥ　Ｓｏｌａｒ 日昇電子"),
// which print as "SUNRISE Solar 日昇電子". GET /v1/certificates?company=
// compared lower-cased text, so the regulator's list for "Sunrise Solar",
// "sunrise-solar" or "日昇电子" was empty (200, no certificate) although
// the certificate prints that name.
//
// A correct service lists it for any spelling of the same letters, and
// answers 400 naming company for a query with no letter or digit, which
// would otherwise list every certificate.
func TestRedteam47_RegulatorListByCompanyWrittenOtherwise(t *testing.T) {
	st := newSeededStack(t)
	doc := mustDoc(t, pvStudy(t, "GEC-RT47-CO"))
	doc["product"].(map[string]any)["manufacturer"] = "ＳＵＮＲＩＳＥ　Ｓｏｌａｒ 日昇電子"
	id := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: seedtest.MustMarshal(t, doc)}), 201).ID
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, id), "")), 201).Number
	for _, q := range []string{"Sunrise Solar", "sunrise-solar", "SUNRISESOLAR", "日昇电子", "日昇電子"} {
		got := MustData[[]struct {
			Number string `json:"number"`
		}](t, st.do(t, request{method: "GET", target: "/v1/certificates?company=" + url.QueryEscape(q), as: asReg}), 200)
		if !slices.ContainsFunc(got, func(c struct {
			Number string `json:"number"`
		}) bool {
			return c.Number == cert
		}) {
			t.Errorf("company=%s: %v, want %s, whose product names its manufacturer %q", q, got, cert, "ＳＵＮＲＩＳＥ　Ｓｏｌａｒ 日昇電子")
		}
	}
	e := MustError(t, st.do(t, request{method: "GET", target: "/v1/certificates?company=" + url.QueryEscape("（-）"), as: asReg}), 400, "invalid")
	if e.Error.Field != "company" || !strings.Contains(e.Error.Message, "公司名称") {
		t.Errorf("company=（-）: %+v, want 400 naming company", e.Error)
	}
}

// Ensure product-code queries follow one rule on every list that takes
// them (issue 9 item 9; docs/api.md "Product-code queries"):
// product_code=[SCHEME:]digits matches as a prefix by default (and a
// longer code finds its heading of 6 digits or more),
// product_code_match=exact matches the code itself, a scheme when given is
// respected, and a malformed code or match mode is a 400 naming its
// parameter. Before, studies matched exactly, certificates and factors by
// prefix, the scheme was ignored on certificates and factors, and
// product_code_match was ignored on certificates.
func TestServer_ProductCodeQueries(t *testing.T) {
	st := newSeededStack(t)
	st.seedFixture(t, "") // a product and two certified studies, all HS:854143

	lists := []struct {
		path string
		as   string
		all  int // matches of HS:854143
	}{
		{"/v1/factors", "", 7},
		{"/v1/products", asReg, 1},
		{"/v1/certificates", asReg, 1},
		{"/v1/studies", asReg, 2},
	}
	for _, tt := range []struct {
		query string
		all   bool // finds everything coded HS:854143, or nothing
	}{
		{"product_code=8541", true},
		{"product_code=85.41", true},
		{"product_code=HS:8541", true},
		{"product_code=hs:854143", true},
		{"product_code=854143&product_code_match=exact", true},
		{"product_code=HS:854143&product_code_match=exact", true},
		{"product_code=8541&product_code_match=exact", false},
		{"product_code=CNPC:8541", false},
		{"product_code=CNPC:854143&product_code_match=exact", false},
		{"product_code=8543", false},
		// A longer code finds its heading of 6 digits or more (red team 48).
		{"product_code=8541430", true},
		{"product_code=HS:85414300", true},
		{"product_code=8541430&product_code_match=exact", false},
		{"product_code=85414900", false},
	} {
		for _, l := range lists {
			got := len(MustData[[]any](t, st.do(t, request{method: "GET", target: l.path + "?" + tt.query + "&limit=100", as: l.as}), 200))
			want := 0
			if tt.all {
				want = l.all
			}
			if l.path == "/v1/factors" && tt.all && !strings.Contains(tt.query, "854143") {
				want = 9 // the prefix 8541 finds the two HS:854142 factors too
			}
			if got != want {
				t.Errorf("%s?%s: %d, want %d", l.path, tt.query, got, want)
			}
		}
	}
	for _, tt := range []struct{ query, field string }{
		{"product_code=XX:8541", "product_code"},
		{"product_code=85a1", "product_code"},
		{"product_code=8", "product_code"},
		{"product_code=8541&product_code_match=fuzzy", "product_code_match"},
	} {
		for _, l := range lists {
			e := MustError(t, st.do(t, request{method: "GET", target: l.path + "?" + tt.query, as: l.as}), 400, "invalid")
			if e.Error.Field != tt.field {
				t.Errorf("%s?%s: field %q, want %q", l.path, url.PathEscape(tt.query), e.Error.Field, tt.field)
			}
		}
	}
}

// Red team 30: a manufacturer hiding its certificates or products from a
// regulator querying by product code.

// Ensure a regulator's product-code query of a certificate or product
// coded HS:854143 either finds it or is refused naming product_code,
// whatever way the code is written: with dots, spaces, full-width or
// invisible characters, in another case, or a look-alike scheme. Never an
// empty 200, which a regulator would read as "no certificate". (Held: the
// stored codes are digits only, ParseProductCode having removed the dots
// and refused anything else, and the query is read by the same rules.)
func TestRedteam30_ProductCodeWrittenOtherwise(t *testing.T) {
	st := newSeededStack(t)
	st.seedFixture(t, "")
	for _, tt := range []struct {
		code  string
		found bool // else refused
	}{
		{"8541.43", true}, {"HS:8541.43", true}, {"HS:85.41.43", true}, {" hs : 854143 ", true}, {"Hs:8541", true},
		{"hſ:854143", true}, // ſ (U+017F) upper-cases to S: the scheme HS
		{"8541 43", false}, {"HS:8541 43", false}, {"HS 854143", false}, {"８５４１４３", false}, {"HS:８５４１", false},
		{"HS：854143", false}, {"HS:8541\u200b43", false}, {"\u200b8541", false}, {"HS:85４1", false},
	} {
		for _, path := range []string{"/v1/certificates", "/v1/products"} {
			rec := st.do(t, request{method: "GET", target: path + "?product_code=" + url.QueryEscape(tt.code), as: asReg})
			if tt.found {
				if got := MustData[[]any](t, rec, 200); len(got) != 1 {
					t.Errorf("%s?product_code=%q: %d rows, want 1", path, tt.code, len(got))
				}
				continue
			}
			if e := MustError(t, rec, 400, "invalid"); e.Error.Field != "product_code" {
				t.Errorf("%s?product_code=%q: field %q", path, tt.code, e.Error.Field)
			}
		}
	}
}

// Ensure a product-code query by a longer national code finds what was
// declared under its 6-digit HS heading (red team 48, open item 4): a
// regulator querying HS:85414300 (China's 8-digit tariff line) or a
// 10-digit code under it found no certificate of HS:854143, nor its
// factors; a heading shorter than 6 digits (HS:8541) is not taken for it,
// exact mode finds the code itself only, and the reverse (854143 finds
// 85414300) holds as before. A malformed code is refused in both
// languages, naming product_code.
func TestRedteam48_ProductCodeFindsItsHeading(t *testing.T) {
	st := newSeededStack(t)
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-RT48-HS")), "")), 201).CertificateID
	certs := func(query string) []string {
		var ids []string
		for _, c := range MustData[[]struct {
			ID string `json:"id"`
		}](t, st.do(t, request{method: "GET", target: "/v1/certificates?" + query, as: asReg}), 200) {
			ids = append(ids, c.ID)
		}
		return ids
	}
	for _, tt := range []struct {
		query string
		found bool
	}{
		{"product_code=HS:85414300", true},
		{"product_code=85414300", true},
		{"product_code=HS:8541430090", true},
		{"product_code=HS:854143", true},
		{"product_code=HS:8541", true},
		{"product_code=HS:85414300&product_code_match=exact", false},
		{"product_code=HS:85414900", false},
		{"product_code=CNPC:85414300", false},
		{"product_code=HS:85414300&status=valid", true},
	} {
		if got := slices.Contains(certs(tt.query), cert); got != tt.found {
			t.Errorf("GET /v1/certificates?%s finds the certificate of HS:854143: %v, want %v", tt.query, got, tt.found)
		}
	}
	factors := MustData[[]struct {
		Code string `json:"code"`
	}](t, st.do(t, request{method: "GET", target: "/v1/factors?product_code=HS:85414300", as: asReg}), 200)
	if !slices.ContainsFunc(factors, func(f struct {
		Code string `json:"code"`
	}) bool {
		return f.Code == "PV-MOD-HJT"
	}) {
		t.Errorf("GET /v1/factors?product_code=HS:85414300: %+v, want PV-MOD-HJT (HS:854143)", factors)
	}
	number := MustData[struct {
		Number string `json:"number"`
	}](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + cert, as: asReg}), 200).Number
	if page := newWebUser(t, st.srv).get("/certificates?q=HS:85414300").Body.String(); !strings.Contains(page, number) {
		t.Error("the registry's search for HS:85414300 does not list the certificate of HS:854143")
	}
	for _, q := range []string{"product_code=XX:8541", "product_code=HS:85A1", "product_code=8541&product_code_match=fuzzy"} {
		e := MustError(t, st.do(t, request{method: "GET", target: "/v1/certificates?" + q, as: asReg}), http.StatusBadRequest, "invalid")
		if !strings.HasPrefix(e.Error.Field, "product_code") || !strings.ContainsFunc(e.Error.Message, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
			t.Errorf("%s: %+v, want a bilingual message naming product_code", q, e.Error)
		}
	}
}

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
	// Nor does the review's digest tell it: it covers the warning, and the
	// applicant reading it before and after the competitor applied learnt
	// that something it is not shown had changed.
	if d := MustData[struct {
		Review struct {
			Digest string `json:"digest"`
		} `json:"review"`
	}](t, rec, 200).Review.Digest; d != "" {
		t.Errorf("the applicant reads the review's digest %q, which changes when another company applies", d)
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

// Ensure a certificate number typed into the registry's one search box in
// full-width characters, as a Chinese input method in full-width mode types
// it (CDPCF－2026－000001, ＣＤＰＣＦ-2026-000001), leads to its
// verification page as the same number in ASCII does: the box took it for
// a holder's name and answered "no certificate matches", which a person
// checking a genuine label reads as "not registered".
func TestWebRegistry_FullWidthNumberFindsTheCertificate(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	full := func(s string) string {
		out := []rune{}
		for _, r := range s {
			if r == '-' {
				r = '－'
			}
			out = append(out, r)
		}
		return string(out)
	}
	for _, q := range []string{fx.number, full(fx.number), "ＣＤＰＣＦ" + fx.number[5:], "cdpcf" + fx.number[5:]} {
		for _, box := range []string{"q", "number"} { // the home page's box, the registry's number field
			rec := newWebUser(t, st.srv).get("/certificates?" + box + "=" + url.QueryEscape(q))
			if got, want := rec.Header().Get("Location"), "/certificates/"+fx.number; rec.Code != 303 || got != want {
				t.Errorf("registry searched for %s=%q: %d to %q, want 303 to %q", box, q, rec.Code, got, want)
			}
		}
	}
}
