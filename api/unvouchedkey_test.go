// Tests of what a recovery key no former key vouched for did: its issues
// and status changes marked wherever a certificate is read.

package api_test

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/access"
)

// rt48Verify is what the red team 48 tests read of a public verification.
type rt48Verify struct {
	Status         string `json:"status"`
	SupplierAlerts []struct {
		Code, Key string
	} `json:"supplier_alerts"`
}

// rt48Alert returns the key of the alert code among alerts, "" if none.
func rt48Alert(alerts []struct{ Code, Key string }, code string) string {
	for _, a := range alerts {
		if a.Code == code {
			return a.Key
		}
	}
	return ""
}

// Ensure a status change made with a recovery key no former key vouched
// for is marked in public, as an issue with one is (red team 48, open
// item 1): the operator who revoked a body's keys and made one in their
// place could otherwise withdraw or suspend the body's certificates, or
// reinstate one the body suspended, and the public saw the body's act.
// The verification (JSON and page) carries status_key_unvouched naming
// the key, with a status worded so; the registry's list and the
// regulator's JSON list mark a certificate the recovery key issued, as
// its verification does; once the body vouches for the key, the marks go.
func TestRedteam48_UnvouchedKeyStatusChangeIsMarked(t *testing.T) {
	st := newSeededStack(t)
	withdrawn := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-RT48-W")), "")), 201).CertificateID
	reinstated := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-RT48-R")), "")), 201).CertificateID
	decide := func(id, action string) {
		t.Helper()
		st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + id + "/" + action, as: asCert, contentType: "application/json",
			body: []byte(`{"reasons":["RT48 ` + action + `"]}`)})
	}
	decide(reinstated, "suspend") // by the body's own key

	former := strings.Split(st.tokens[asCert], "_")[1]
	formerToken := st.tokens[asCert]
	st.mustDo(t, request{method: "DELETE", target: "/v1/admin/keys/" + former, as: asAdmin})
	recovery, token := st.mintCertKey(t, orgCertifier)
	st.tokens[asCert] = token
	decide(withdrawn, "withdraw")
	decide(reinstated, "reinstate")
	issued := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-RT48-I")), "")), 201).CertificateID

	verify := func(id string) rt48Verify {
		return MustData[rt48Verify](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + id + "/verify"}), 200)
	}
	for _, tt := range []struct {
		id, status string
		page       []string
	}{
		{withdrawn, "withdrawn", []string{"撤销(撤销密钥未经机构担保)", "Withdrawn (with a key not vouched for)"}},
		{reinstated, "valid", []string{"有效(恢复或复核密钥未经机构担保)", "Valid on record (reinstated or reviewed with a key not vouched for)"}},
	} {
		v := verify(tt.id)
		if v.Status != tt.status || rt48Alert(v.SupplierAlerts, "status_key_unvouched") != recovery.ID || rt48Alert(v.SupplierAlerts, "issuing_key_unvouched") != "" {
			t.Errorf("verification of a certificate the recovery key set %s: %+v, want status_key_unvouched naming %s only", tt.status, v, recovery.ID)
		}
		page := newWebUser(t, st.srv).get("/v1/certificates/" + tt.id + "/verify").Body.String()
		for _, w := range append(tt.page, `id="unvouched-status-key-alert"`, "the body may not have set this status", recovery.ID) {
			if !strings.Contains(page, w) {
				t.Errorf("verification page of the %s certificate lacks %q", tt.status, w)
			}
		}
	}

	mustWorkPage(t, st.signedIn(t, asCert).get("/work/certificates/"+withdrawn), http.StatusOK, `id="unvouched-status-key"`, recovery.ID, "Status set with a key the certification body has not vouched for")

	// The lists: the public registry and the regulator's JSON list.
	for _, tt := range []struct{ status, want string }{{"valid", "有效(签发密钥未经机构担保)"}, {"valid", "有效(恢复或复核密钥未经机构担保)"}, {"withdrawn", "撤销(撤销密钥未经机构担保)"}} {
		if page := newWebUser(t, st.srv).get("/certificates?status=" + tt.status).Body.String(); !strings.Contains(page, tt.want) {
			t.Errorf("registry of %s certificates lacks %q", tt.status, tt.want)
		}
	}
	list := MustData[[]struct {
		ID        string `json:"id"`
		KeyAlerts []struct {
			Code, Key string
		} `json:"key_alerts"`
	}](t, st.do(t, request{method: "GET", target: "/v1/certificates", as: asReg}), 200)
	found := 0
	for _, c := range list {
		switch c.ID {
		case issued:
			found++
			if rt48Alert(c.KeyAlerts, "issuing_key_unvouched") != recovery.ID {
				t.Errorf("regulator's list: %+v, want issuing_key_unvouched naming %s", c, recovery.ID)
			}
		case withdrawn:
			found++
			if rt48Alert(c.KeyAlerts, "status_key_unvouched") != recovery.ID {
				t.Errorf("regulator's list: %+v, want status_key_unvouched naming %s", c, recovery.ID)
			}
		}
	}
	if found != 2 {
		t.Fatalf("regulator's list holds %d of the 2 certificates", found)
	}

	st.mustDo(t, request{method: "POST", target: "/v1/org/keys/" + recovery.ID + "/vouch", as: asCert, contentType: "application/json",
		body: []byte(`{"former_token":"` + formerToken + `"}`)})
	for _, id := range []string{withdrawn, reinstated, issued} {
		if v := verify(id); len(v.SupplierAlerts) != 0 {
			t.Errorf("after the vouch: %+v, want no alert", v)
		}
	}
}

// Ensure the marks of a status set with an unvouched key read in Chromium
// at desktop and phone widths: the verification page, the registry's list
// and the body's workbench page of the certificate; no console error, no
// sideways overflow, Chinese drawn.
func TestRedteam48_UnvouchedStatusKeyBrowser(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-RT48-WEB")), "")), 201).CertificateID
		for _, k := range MustData[[]access.APIKey](t, st.do(t, request{method: "GET", target: "/v1/org/keys", as: asCert}), 200) {
			st.mustDo(t, request{method: "DELETE", target: "/v1/admin/keys/" + k.ID, as: asAdmin})
		}
		recovery, token := st.mintCertKey(t, orgCertifier)
		st.tokens[asCert] = token
		st.setStatus(t, cert, "withdraw", "RT48 withdrawn with a recovery key")
		b.open("/v1/certificates/" + cert + "/verify")
		b.mustContain("撤销(撤销密钥未经机构担保)", "Status set with a key not vouched for by the certification body", recovery.ID)
		b.checkPage("rt48-verify-status-key")
		b.open("/certificates?status=withdrawn")
		b.mustContain("撤销(撤销密钥未经机构担保)")
		b.checkPage("rt48-registry-status-key")
		b.signIn(token, "#keys-unvouched")
		b.open("/work/certificates/" + cert)
		b.mustContain("状态由未经担保的密钥变更", recovery.ID)
		b.checkPage("rt48-work-status-key")
	})
}

// Ensure a review that lets a flagged certificate stand, made with a
// recovery key no former key vouched for, is marked as a status change is
// (red team 48, found while closing open item 1): a buyer's certificate is
// flagged when its supplier certificate is suspended; the operator, with
// the body's recovery key, reviews the flag away, and the certificate
// read as plainly valid. Its verification now carries
// status_key_unvouched and its page says the review may not be the body's.
func TestRedteam48_UnvouchedKeyReviewIsMarked(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	buyer := st.issueBuyer(t, asOther, "GEC-RT48-REV", fx.number).CertificateID
	st.setStatus(t, fx.cert, "suspend", "RT48 surveillance audit overdue")
	former := strings.Split(st.tokens[asCert], "_")[1]
	st.mustDo(t, request{method: "DELETE", target: "/v1/admin/keys/" + former, as: asAdmin})
	recovery, token := st.mintCertKey(t, orgCertifier)
	st.tokens[asCert] = token
	st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + buyer + "/review", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["RT48 reviewed with a recovery key"]}`)})
	v := MustData[rt48Verify](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + buyer + "/verify"}), 200)
	if v.Status != "valid" || rt48Alert(v.SupplierAlerts, "status_key_unvouched") != recovery.ID {
		t.Errorf("verification of a certificate reviewed with the recovery key: %+v, want status_key_unvouched naming %s", v, recovery.ID)
	}
	page := newWebUser(t, st.srv).get("/v1/certificates/" + buyer + "/verify").Body.String()
	for _, w := range []string{"有效(恢复或复核密钥未经机构担保)", "reinstated or reviewed with a key not vouched for", `id="unvouched-status-key-alert"`} {
		if !strings.Contains(page, w) {
			t.Errorf("verification page lacks %q", w)
		}
	}
}

// Ensure a certificate voided by its replacement is marked when the
// replacement was issued with a recovery key no former key vouched for
// (red team 48): the replacement's own issue event is its own, so the
// replaced certificate read as plainly superseded, and another body's
// recovery key (a manufacturer may have its certificate reissued
// elsewhere) voided a genuine certificate of this body unmarked.
func TestRedteam48_SupersededByUnvouchedKeyIsMarked(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	former := strings.Split(st.tokens[asCert2], "_")[1]
	st.mustDo(t, request{method: "DELETE", target: "/v1/admin/keys/" + former, as: asAdmin})
	recovery, token := st.mintCertKey(t, orgCert2)
	st.tokens[asCert2] = token
	succ := reissueElsewhere(t, st, fx).CertificateID
	v := MustData[rt48Verify](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/verify"}), 200)
	if v.Status != "superseded" || rt48Alert(v.SupplierAlerts, "status_key_unvouched") != recovery.ID {
		t.Errorf("verification of a certificate replaced by one the recovery key issued: %+v, want status_key_unvouched naming %s", v, recovery.ID)
	}
	page := newWebUser(t, st.srv).get("/v1/certificates/" + fx.cert + "/verify").Body.String()
	for _, w := range []string{"已被替代(替代证书的签发密钥未经机构担保)", "Superseded (by a certificate issued with a key not vouched for)", `id="unvouched-status-key-alert"`, recovery.ID} {
		if !strings.Contains(page, w) {
			t.Errorf("verification page lacks %q", w)
		}
	}
	if v := MustData[rt48Verify](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + succ + "/verify"}), 200); rt48Alert(v.SupplierAlerts, "issuing_key_unvouched") != recovery.ID {
		t.Errorf("verification of the replacement: %+v, want issuing_key_unvouched", v)
	}
}

// rt49ApplyAtCert2 has orgMaker apply for a new study's certificate at
// orgCert2 and returns the application.
func rt49ApplyAtCert2(t *testing.T, st *stack, serial string) string {
	t.Helper()
	return MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + st.submit(t, serial) + `","certifier":"` + orgCert2 + `"}`)}), 201).ID
}

// rt49IssueAtCert2 issues application app as orgCert2, after reading it.
func rt49IssueAtCert2(t *testing.T, st *stack, app string) issueData {
	t.Helper()
	v := MustData[appData](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert2}), 200)
	return MustData[issueData](t, st.do(t, request{method: "POST", target: "/v1/applications/" + app + "/issue", as: asCert2, contentType: "application/json",
		body: []byte(`{"signatory":"Zhang San","review_digest":"` + v.Review.Digest + `"}`)}), 201)
}

// Ensure a valid certificate its public verification marks
// issuing_key_unvouched or status_key_unvouched (the operator, who revoked
// every key of the certification body and made a recovery key in its
// name, may have issued it or set it valid: "有效(签发密钥未经机构担保)" on
// the page, NOT VALID from pcf verify --server) looks plainly valid
// nowhere else (red team 49). Before, its holder downloaded a certificate
// PDF printing "有效 Valid" and a label for the product, a PACT partner
// read its footprint as Active, and another manufacturer's study naming
// it as a supplier was certified by a genuine body: the buyer's
// certificate carried no alert, so a figure the body may never have
// issued reached a plainly valid certificate. A flagged certificate was
// already kept from all three until its certifier acts; these are kept
// likewise until the body vouches for the key, and then given again.
func TestRedteam49_UnvouchedKeyValidLooksPlainlyValidElsewhere(t *testing.T) {
	st := newRenderingStack(t)
	// Certificate R is issued by the body's own key, and suspended by it.
	reinstated := rt49IssueAtCert2(t, st, rt49ApplyAtCert2(t, st, "GEC-RT49-R")).CertificateID
	st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + reinstated + "/suspend", as: asCert2, contentType: "application/json",
		body: []byte(`{"reasons":["RT49 surveillance audit failed"]}`)})
	app := rt49ApplyAtCert2(t, st, "GEC-RT49-U")

	formerToken := st.tokens[asCert2]
	st.mustDo(t, request{method: "DELETE", target: "/v1/admin/keys/" + strings.Split(formerToken, "_")[1], as: asAdmin})
	recovery, token := st.mintCertKey(t, orgCert2)
	st.tokens[asCert2] = token
	issued := rt49IssueAtCert2(t, st, app)
	st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + reinstated + "/reinstate", as: asCert2, contentType: "application/json",
		body: []byte(`{"reasons":["RT49 reinstated with the recovery key"]}`)})

	for _, tt := range []struct{ id, alert, zh string }{
		{issued.CertificateID, "issuing_key_unvouched", "签发密钥未经机构担保"},
		{reinstated, "status_key_unvouched", "恢复或复核密钥未经机构担保"},
	} {
		v := MustData[rt48Verify](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + tt.id + "/verify"}), 200)
		if v.Status != "valid" || rt48Alert(v.SupplierAlerts, tt.alert) != recovery.ID {
			t.Fatalf("verification: %+v, want valid with %s", v, tt.alert)
		}
		for _, doc := range []string{"certificate.pdf", "label.pdf", "label.png"} {
			rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + tt.id + "/" + doc, as: asMaker})
			if rec.Code != 409 {
				t.Errorf("%s of a certificate with %s: %d (%d bytes of %s), want 409", doc, tt.alert, rec.Code, rec.Body.Len(), rec.Header().Get("Content-Type"))
				continue
			}
			if e := MustError(t, rec, 409, "conflict"); e.Error.Field != "key_alerts" || !strings.Contains(e.Error.Message, tt.zh) ||
				!strings.Contains(e.Error.Message, recovery.ID+", which no former key of its certification body has vouched for") {
				t.Errorf("%s of a certificate with %s: %+v, want 409 naming key_alerts and the key, in both languages", doc, tt.alert, e.Error)
			}
		}
		// The workbench offers no download that would answer 409 (session 40).
		if body := st.signedIn(t, asMaker).get("/work/certificates/" + tt.id).Body.String(); strings.Contains(body, `id="download-cert"`) ||
			strings.Contains(body, `id="download-label"`) || !strings.Contains(body, `id="documents-withheld"`) {
			t.Errorf("workbench page of a certificate with %s: offers its documents, or does not say why it does not", tt.alert)
		} else if strings.Contains(body, `<span class="status ok">有效 Valid</span>`) || !strings.Contains(body, tt.zh) {
			t.Errorf("workbench page of a certificate with %s: its status reads plainly valid, or not in the verification's words (%s)", tt.alert, tt.zh)
		}
		// The list too (session 41: its row read "有效 Valid" with both
		// links, each answering 409).
		list := st.signedIn(t, asMaker).get("/work/certificates").Body.String()
		if strings.Contains(list, tt.id+"/certificate.pdf") || strings.Contains(list, tt.id+"/label.pdf") {
			t.Errorf("workbench list: links to the documents of a certificate with %s", tt.alert)
		}
		if row := rowOf(list, tt.id); !strings.Contains(row, "不提供 not given") || !strings.Contains(row, tt.zh) {
			t.Errorf("workbench list row of a certificate with %s: %s, want its status in the verification's words and 不提供 not given", tt.alert, row)
		}
		if rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + tt.id + "/pact", as: asMaker}); rec.Code != 403 {
			t.Errorf("PACT footprint of a certificate with %s: %d %.200s, want 403 (withheld, as a flagged one)", tt.alert, rec.Code, rec.Body)
		}
	}

	// A genuine body certifies another manufacturer's study on it.
	_, buyer := st.applyAsOther(t, buyerStudy(t, "GEC-RT49-B", issued.Number))
	// Its certifier reads why before it issues: the supplier's key alert,
	// and a warning on the line (session 40; the review showed the
	// supplier as plainly valid).
	v := MustData[struct {
		Review struct {
			Warnings  []reviewWarning `json:"warnings"`
			Suppliers []struct {
				Number    string `json:"number"`
				KeyAlerts []struct {
					Code, Key string
				} `json:"key_alerts"`
			} `json:"suppliers"`
		} `json:"review"`
	}](t, st.do(t, request{method: "GET", target: "/v1/applications/" + buyer, as: asCert}), 200)
	if len(v.Review.Suppliers) != 1 || len(v.Review.Suppliers[0].KeyAlerts) != 1 || v.Review.Suppliers[0].KeyAlerts[0].Code != "issuing_key_unvouched" || v.Review.Suppliers[0].KeyAlerts[0].Key != recovery.ID {
		t.Errorf("review's suppliers %+v, want %s with issuing_key_unvouched naming %s", v.Review.Suppliers, issued.Number, recovery.ID)
	}
	if !slices.ContainsFunc(v.Review.Warnings, func(w reviewWarning) bool {
		return strings.HasSuffix(w.Path, ".supplier") && strings.Contains(w.Message, issued.Number) && strings.Contains(w.Message, recovery.ID) && strings.Contains(w.MessageZH, "未经其认证机构")
	}) {
		t.Errorf("review warnings %+v, want one on the supplier line naming %s and key %s, in both languages", v.Review.Warnings, issued.Number, recovery.ID)
	}
	rec := st.do(t, st.issueReq(t, buyer, ""))
	if rec.Code != 409 {
		t.Fatalf("issue on a supplier certificate issued with an unvouched key: %d %.300s, want 409", rec.Code, rec.Body)
	}
	if e := MustError(t, rec, 409, "conflict"); e.Error.Field != "suppliers" || !strings.Contains(e.Error.Message, issued.Number) || !strings.Contains(e.Error.Message, "签发密钥未经机构担保") {
		t.Errorf("issue on a supplier certificate issued with an unvouched key: %+v, want 409 naming suppliers and %s", e.Error, issued.Number)
	}

	// The body vouches for its key: all is given again.
	st.mustDo(t, request{method: "POST", target: "/v1/org/keys/" + recovery.ID + "/vouch", as: asCert2, contentType: "application/json",
		body: []byte(`{"former_token":"` + formerToken + `"}`)})
	for _, id := range []string{issued.CertificateID, reinstated} {
		for _, doc := range []string{"certificate.pdf", "label.pdf", "/pact"} {
			if rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + id + "/" + strings.TrimPrefix(doc, "/"), as: asMaker}); rec.Code != 200 {
				t.Errorf("%s after the vouch: %d %.200s", doc, rec.Code, rec.Body)
			}
		}
		if body := st.signedIn(t, asMaker).get("/work/certificates/" + id).Body.String(); !strings.Contains(body, `id="download-label"`) || strings.Contains(body, `id="documents-withheld"`) {
			t.Errorf("workbench page of %s after the vouch: no label to download", id)
		}
		if list := st.signedIn(t, asMaker).get("/work/certificates").Body.String(); !strings.Contains(list, id+"/label.pdf") {
			t.Errorf("workbench list after the vouch: no label link for %s", id)
		}
	}
	MustData[issueData](t, st.do(t, st.issueReq(t, buyer, "")), 201)
}

// Ensure the PACT API, lists and single answers, v2 and v3, does not state
// as Active the footprint of a certificate its body suspended and the
// operator's recovery key reinstated (status_key_unvouched): a buyer's
// system read it Active while the verification page said "有效(恢复或复核
// 密钥未经机构担保)" and pcf verify --server not valid (red team 49).
func TestRedteam49_PACTListsNoUnvouchedReinstatement(t *testing.T) {
	h := newPACTHost(t)
	st, e := h.st, h.certs["E"] // suspended by the body
	st.mustDo(t, request{method: "DELETE", target: "/v1/admin/keys/" + strings.Split(st.tokens[asCert], "_")[1], as: asAdmin})
	_, token := st.mintCertKey(t, orgCertifier)
	st.tokens[asCert] = token
	h.setStatus(t, e, "reinstate")
	tok := h.token(t)
	for _, v := range []string{"2", "3"} {
		if status, _, body := h.get(t, tok, "/"+v+"/footprints/"+e); status == 200 || strings.Contains(string(body), `"Active"`) {
			t.Errorf("GET /%s/footprints/%s: %d %s; want no footprint", v, e, status, truncateBody(body))
		}
		status, _, body := h.get(t, tok, "/"+v+"/footprints")
		if status != 200 {
			t.Fatalf("GET /%s/footprints: %d %s", v, status, truncateBody(body))
		}
		if got := ids(t, body); slices.Contains(got, e) || !slices.Contains(got, h.certs["A"]) {
			t.Errorf("GET /%s/footprints lists %v; want A, not the reinstated E", v, got)
		}
	}
}

// Ensure the review page shows a supplier certificate issued with an
// unvouched key in the verification's words and colour, wrapped on a
// phone: its row read "有效 Valid" in green, and the longer wording, once
// given, ran 229 px past a 390 px screen (session 40).
func TestReview_SupplierKeyAlertInBrowser(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		issued := rt49IssueUnvouched(t, st, "GEC-S40-U")
		_, buyer := st.applyAsOther(t, buyerStudy(t, "GEC-S40-B", issued.Number))
		b.signIn(st.tokens[asCert], "#applications")
		b.open("/work/applications/" + buyer)
		got := evalIn[[]string](b, `[...document.querySelectorAll("ul.suppliers .status")].map(s => s.className + "|" + s.textContent)`)
		if want := "status warn|有效(签发密钥未经机构担保) Valid on record (issuing key not vouched for)"; !slices.Equal(got, []string{want}) {
			t.Errorf("%s: supplier status %q, want %q", b.vp.Name, got, want)
		}
		b.checkPage("review-supplier-key-alert")
	})
}

// Ensure the workbench's certificate list words a certificate issued with
// an unvouched key as the verification does, in its alert's colour, and
// that the longer wording fits a phone (session 41: the row read "有效
// Valid" in green, with links answering 409).
func TestWorkCertificates_KeyAlertInBrowser(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		issued := rt49IssueUnvouched(t, st, "GEC-S41-U")
		b.signIn(st.tokens[asMaker], "#upload")
		b.open("/work/certificates")
		got := evalIn[[]string](b, `[...document.querySelectorAll("#certificates tbody tr")].filter(r => r.textContent.includes(`+strconv.Quote(issued.Number)+`)).map(r => r.querySelector(".status").className + "|" + r.querySelector(".status").textContent + "|" + r.querySelectorAll("a[href$='.pdf']").length)`)
		if want := "status warn|有效(签发密钥未经机构担保) Valid on record (issuing key not vouched for)|0"; !slices.Equal(got, []string{want}) {
			t.Errorf("%s: row of %s %q, want %q", b.vp.Name, issued.Number, got, want)
		}
		b.checkPage("certificates-key-alert")
	})
}

// rt49IssueUnvouched issues, at the second certifier, a certificate on a
// study of green certificate serial with a key no former key of the body
// vouched for: the operator revoked the body's key and minted another in
// its name (issuing_key_unvouched).
func rt49IssueUnvouched(t *testing.T, st *stack, serial string) issueData {
	t.Helper()
	app := rt49ApplyAtCert2(t, st, serial)
	st.mustDo(t, request{method: "DELETE", target: "/v1/admin/keys/" + strings.Split(st.tokens[asCert2], "_")[1], as: asAdmin})
	_, token := st.mintCertKey(t, orgCert2)
	st.tokens[asCert2] = token
	return rt49IssueAtCert2(t, st, app)
}
