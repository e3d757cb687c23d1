// Tests of API keys: a certification body confirming or vouching for a
// key, a key reported compromised, revoked keys and key rotation.

package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chromedp/chromedp"
)

// mintCertKey makes, with the admin's key (POST /v1/admin/keys), a key of
// the certification body org and returns it with its token.
func (st *stack) mintCertKey(t *testing.T, org string) (access.APIKey, string) {
	t.Helper()
	k := MustData[struct {
		access.APIKey
		Token string `json:"token"`
	}](t, st.do(t, request{method: "POST", target: "/v1/admin/keys", as: asAdmin, contentType: "application/json",
		body: []byte(`{"org":"` + org + `"}`)}), 201)
	return k.APIKey, k.Token
}

// Ensure a certification body that uses the browser sees a key the
// operator made in its name and confirms it there (red team 46 left only
// the JSON API): every page of its workbench says a key waits; its keys
// page lists it, with who made it; the page's form (CSRF-checked)
// confirms it, audited as key.endorse, and the page then shows it
// confirmed and the alert is gone. Another body neither sees the key nor
// confirms it (404, as the API); a manufacturer has no keys page.
func TestWebKeys_BodyConfirmsAWaitingKey(t *testing.T) {
	st := newSeededStack(t)
	body := st.signedIn(t, asCert)
	mustWorkPage(t, body.get("/work/keys"), http.StatusOK, "本机构的 API 密钥", "Your organisation's API keys", strings.Split(st.tokens[asCert], "_")[1], "the key of this session")
	if strings.Contains(body.get("/work/applications").Body.String(), `id="keys-waiting"`) {
		t.Fatal("the workbench says a key waits before any was made")
	}
	minted, token := st.mintCertKey(t, orgCertifier)
	adminKey := strings.Split(st.tokens[asAdmin], "_")[1]
	for _, page := range []string{"/work/applications", "/work/certificates"} {
		mustWorkPage(t, body.get(page), http.StatusOK, `id="keys-waiting"`, "正等待您确认", "A key made in your name waits for your confirmation")
	}
	mustWorkPage(t, body.get("/work/keys"), http.StatusOK, minted.ID, "等待贵机构确认", `id="confirm-`+minted.ID+`"`, adminKey)

	other := st.signedIn(t, asCert2)
	if strings.Contains(other.get("/work/keys").Body.String(), minted.ID) {
		t.Error("another body's keys page lists the key")
	}
	mustWorkPage(t, other.post("/work/keys/"+minted.ID+"/confirm", url.Values{"csrf_token": {other.csrf}}), http.StatusNotFound)
	maker := st.signedIn(t, asMaker)
	mustWorkPage(t, maker.get("/work/keys"), http.StatusForbidden)
	mustWorkPage(t, body.post("/work/keys/"+minted.ID+"/confirm", url.Values{"csrf_token": {"forged"}}), http.StatusForbidden, "security token")
	MustError(t, st.do(t, request{method: "GET", target: "/v1/org/keys", as: "minted"}), http.StatusUnauthorized, "unauthorized")
	st.tokens["minted"] = token
	MustError(t, st.do(t, request{method: "GET", target: "/v1/org/keys", as: "minted"}), http.StatusUnauthorized, access.EKEYAWAITSORG)

	body.get("/work/keys")
	rec := body.post("/work/keys/"+minted.ID+"/confirm", url.Values{"csrf_token": {body.csrf}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/work/keys?done=key-confirmed" {
		t.Fatalf("confirm: %d %q %.400s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	page := body.get("/work/keys?done=key-confirmed")
	mustWorkPage(t, page, http.StatusOK, "密钥已确认", "The key was confirmed", "confirmed by")
	if s := page.Body.String(); strings.Contains(s, `id="confirm-`+minted.ID+`"`) || strings.Contains(s, `id="keys-waiting"`) {
		t.Error("after the confirmation the page still offers to confirm the key, or says a key waits")
	}
	MustData[[]access.APIKey](t, st.do(t, request{method: "GET", target: "/v1/org/keys", as: "minted"}), 200)
	events := MustData[[]access.AuditEvent](t, st.do(t, request{method: "GET", target: "/v1/audit?subject=key/" + minted.ID, as: asAdmin}), 200)
	if len(events) == 0 || events[0].Action != access.AuditKeyEndorse || events[0].KeyID != strings.Split(st.tokens[asCert], "_")[1] {
		t.Errorf("trail of the key %+v, want its confirmation by the body's key", events)
	}
	// The regulator finds the confirmation with the audit page's filter.
	mustWorkPage(t, st.signedIn(t, asReg).get("/work/audit?action=key.endorse"), http.StatusOK, `<option value="key.endorse" selected`, "key/"+minted.ID)
}

// Ensure the operator cannot quietly issue in a body's name by revoking
// every key of the body and minting one in their place (red team 46's
// open item). The new key works (a body that lost its keys is not locked
// out) but is a recovery key, unvouched: a certificate issued with it
// carries the alert issuing_key_unvouched on its public verification (the
// JSON answer and the page) and on the body's workbench, and the body's
// workbench says so on every page; once the body vouches for the key with
// the token of a key it held before (on its keys page), the alert is gone.
func TestWebKeys_RecoveryKeyMarksWhatItIssues(t *testing.T) {
	st := newSeededStack(t)
	former := strings.Split(st.tokens[asCert], "_")[1]
	st.mustDo(t, request{method: "DELETE", target: "/v1/admin/keys/" + former, as: asAdmin})
	recovery, token := st.mintCertKey(t, orgCertifier)
	if !recovery.Recovery || !recovery.Unvouched || recovery.AwaitsOrg {
		t.Fatalf("key made once every key of the body was revoked: %+v, want a recovery key, unvouched", recovery)
	}
	formerToken := st.tokens[asCert]
	st.tokens[asCert] = token // the operator now issues in the body's name
	app := st.apply(t, st.submit(t, "GEC-RT46-REC"))
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201).CertificateID

	type verifyData struct {
		Status         string `json:"status"`
		SupplierAlerts []struct {
			Code, Key string
		} `json:"supplier_alerts"`
	}
	verify := func() verifyData {
		return MustData[verifyData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + cert + "/verify"}), 200)
	}
	if v := verify(); len(v.SupplierAlerts) != 1 || v.SupplierAlerts[0].Code != "issuing_key_unvouched" || v.SupplierAlerts[0].Key != recovery.ID {
		t.Fatalf("public verification of a certificate the recovery key issued: %+v, want the issuing_key_unvouched alert naming %s", v, recovery.ID)
	}
	page := newWebUser(t, st.srv).get("/v1/certificates/" + cert + "/verify")
	for _, w := range []string{`id="unvouched-key-alert"`, "签发密钥未经认证机构确认", "the body may not have issued this certificate", "有效(签发密钥未经机构担保)"} {
		if !strings.Contains(page.Body.String(), w) {
			t.Errorf("verification page lacks %q", w)
		}
	}

	body := st.signedIn(t, asCert)
	mustWorkPage(t, body.get("/work/certificates/"+cert), http.StatusOK, `id="unvouched-key"`, recovery.ID, `id="keys-unvouched"`)
	mustWorkPage(t, body.get("/work/keys"), http.StatusOK, "未经担保 not vouched for", `id="vouch-`+recovery.ID+`"`, "已撤销 revoked")
	mustWorkPage(t, body.post("/work/keys/"+recovery.ID+"/vouch", url.Values{"csrf_token": {body.csrf}, "former_token": {token}}), http.StatusBadRequest, "former_token")
	mustWorkPage(t, body.post("/work/keys/"+recovery.ID+"/confirm", url.Values{"csrf_token": {body.csrf}}), http.StatusBadRequest, "former_token")
	mustWorkPage(t, body.post("/work/keys/"+recovery.ID+"/vouch", url.Values{"csrf_token": {body.csrf}}), http.StatusBadRequest, "former_token")
	if v := verify(); len(v.SupplierAlerts) != 1 {
		t.Fatalf("after refused vouches: %+v", v)
	}
	rec := body.post("/work/keys/"+recovery.ID+"/vouch", url.Values{"csrf_token": {body.csrf}, "former_token": {formerToken}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/work/keys?done=key-vouched" {
		t.Fatalf("vouch: %d %q %.400s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	mustWorkPage(t, body.get("/work/keys?done=key-vouched"), http.StatusOK, "vouched for by", former)
	if v := verify(); len(v.SupplierAlerts) != 0 || v.Status != "valid" {
		t.Errorf("after the body vouched for its key: %+v, want valid, no alert", v)
	}
	if s := body.get("/work/certificates/" + cert).Body.String(); strings.Contains(s, `id="unvouched-key"`) || strings.Contains(s, `id="keys-unvouched"`) {
		t.Error("the workbench still marks the certificate or the key after the vouch")
	}
}

// Ensure a certification body confirms a waiting key and sees a recovery
// key on its workbench in Chromium, at desktop and phone widths: the
// alert on its workbench, its keys page, the confirmation, and the alert
// on the public verification of what the recovery key issued; no console
// error, no sideways overflow, Chinese drawn.
func TestWebKeys_Browser(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		minted, _ := st.mintCertKey(t, orgCertifier)
		b.signIn(st.tokens[asCert], "#keys-waiting")
		b.mustContain("正等待您确认", "A key made in your name waits for your confirmation")
		b.checkPage("keys-waiting-alert")
		b.do(chromedp.Click(chromedp.CSS("#keys-waiting a")), chromedp.WaitVisible(chromedp.CSS("#confirm-"+minted.ID)))
		b.mustContain(minted.ID, "等待贵机构确认", "waits for you")
		b.checkPage("keys-waiting")
		b.do(chromedp.Click(chromedp.CSS("#confirm-" + minted.ID)))
		b.waitLocation("done=key-confirmed")
		b.mustContain("密钥已确认", "The key was confirmed", "confirmed by")
		b.checkPage("keys-confirmed")
		b.signOut()

		// The operator revokes every key of the body and mints one.
		for _, k := range MustData[[]access.APIKey](t, st.do(t, request{method: "GET", target: "/v1/org/keys", as: asCert}), 200) {
			st.mustDo(t, request{method: "DELETE", target: "/v1/admin/keys/" + k.ID, as: asAdmin})
		}
		recovery, token := st.mintCertKey(t, orgCertifier)
		b.signIn(token, "#keys-unvouched")
		b.open("/work/keys")
		b.mustContain("未经担保 not vouched for", "Vouch for this key")
		if b.text("#vouch-"+recovery.ID) == "" {
			t.Error("no vouch button")
		}
		b.checkPage("keys-recovery")

		// What the recovery key issues is marked on the public page.
		formerToken := st.tokens[asCert]
		st.tokens[asCert] = token
		cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-RT46-WEB")), "")), 201).CertificateID
		b.open("/v1/certificates/" + cert + "/verify")
		b.mustContain("签发密钥未经认证机构确认", "Issuing key not vouched for by the certification body", recovery.ID)
		b.checkPage("verify-unvouched-key")

		// The body vouches for it with its first key's token.
		b.open("/work/keys")
		b.do(chromedp.SetValue(chromedp.CSS("#former-"+recovery.ID), formerToken), chromedp.Click(chromedp.CSS("#vouch-"+recovery.ID)))
		b.waitLocation("done=key-vouched")
		b.mustContain("已用贵机构此前的密钥为该恢复密钥担保", "vouched for by")
		b.checkPage("keys-vouched")
		b.open("/v1/certificates/" + cert + "/verify")
		if strings.Contains(b.text("body"), "签发密钥未经认证机构确认") {
			t.Error("the verify page still marks the certificate after the vouch")
		}
	})
}

// Ensure POST /v1/org/keys/{id}/vouch vouches for a recovery key with the
// token of a key the body held before, and only with it: the recovery
// key's own token is 400 naming former_token, another body is 404, and
// once vouched the key is no longer unvouched.
func TestOrgKeyVouch_API(t *testing.T) {
	st := newSeededStack(t)
	former := strings.Split(st.tokens[asCert], "_")[1]
	st.mustDo(t, request{method: "DELETE", target: "/v1/admin/keys/" + former, as: asAdmin})
	recovery, token := st.mintCertKey(t, orgCertifier)
	formerToken := st.tokens[asCert]
	st.tokens[asCert] = token
	vouch := func(as, with string) *httptest.ResponseRecorder {
		return st.do(t, request{method: "POST", target: "/v1/org/keys/" + recovery.ID + "/vouch", as: as, contentType: "application/json",
			body: []byte(`{"former_token":"` + with + `"}`)})
	}
	if e := MustError(t, vouch(asCert, token), http.StatusBadRequest, "invalid"); e.Error.Field != "former_token" {
		t.Errorf("vouched with its own token: %+v, want the field former_token", e)
	}
	MustError(t, vouch(asCert2, formerToken), http.StatusNotFound, "not_found")
	MustError(t, st.do(t, request{method: "POST", target: "/v1/org/keys/" + recovery.ID + "/confirm", as: asCert}), http.StatusBadRequest, "invalid")
	got := MustData[access.APIKey](t, vouch(asCert, formerToken), 200)
	if got.Unvouched || got.EndorsedBy != former || !got.Recovery {
		t.Fatalf("vouched recovery key %+v", got)
	}
}

// kcVerify is what the public verification says of a certificate's status
// and alerts.
type kcVerify struct {
	Status         string `json:"status"`
	SupplierAlerts []struct {
		Code string `json:"code"`
		Key  string `json:"key"`
		AsOf string `json:"as_of"`
	} `json:"supplier_alerts"`
}

// alert returns the key and as_of of alert code, "" if none.
func (v kcVerify) alert(code string) (key, asOf string) {
	for _, a := range v.SupplierAlerts {
		if a.Code == code {
			return a.Key, a.AsOf
		}
	}
	return "", ""
}

// Ensure an API key reported compromised as of a time T (POST
// /v1/admin/keys/{id}/compromised) marks what the key did at or after T,
// and nothing it did before (red team 55, open item 4: a stolen certifier
// key issued genuine certificates, reinstated, reviewed and withdrew
// until it was revoked, and nothing marked what it did; the body found and
// withdrew each by hand). The certifier's key issues certificates A, R and
// W before T and B after it; after T it also reinstates R (suspended
// before T) and withdraws W. Then: B carries issuing_key_compromised, R
// status_key_compromised (both on the verify JSON and page), W withdrawn
// with status_key_compromised; A stays plainly valid with its documents;
// B's documents are refused naming key_alerts; B and R are in the flagged
// queue, A and W are not, until the body acts with a key of its own (B
// withdrawn, R reviewed). The key is revoked. Bad input changes nothing.
func TestKeyCompromised_MarksWhatTheKeyDidSince(t *testing.T) {
	st := newRenderingStack(t)
	stolen := strings.Split(st.tokens[asCert], "_")[1]
	// The body's second key, confirmed by the first before anything.
	second, secondToken := st.mintCertKey(t, orgCertifier)
	st.mustDo(t, request{method: "POST", target: "/v1/org/keys/" + second.ID + "/confirm", as: asCert})

	studies := map[string]string{} // certificate → study
	issue := func(serial string) string {
		study := st.submit(t, serial)
		id := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, study), "")), 201).CertificateID
		studies[id] = study
		return id
	}
	reasons := func(r string) []byte { return []byte(`{"reasons":["` + r + `"]}`) }
	a, r, w := issue("GEC-KC-A"), issue("GEC-KC-R"), issue("GEC-KC-W")
	st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + r + "/suspend", as: asCert, contentType: "application/json", body: reasons("KC audit")})
	appB := st.apply(t, st.submit(t, "GEC-KC-B"))
	since := st.clock.Now() // T: the theft
	issuedB := MustData[issueData](t, st.do(t, st.issueReq(t, appB, "")), 201)
	b := issuedB.CertificateID
	st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + r + "/reinstate", as: asCert, contentType: "application/json", body: reasons("KC thief reinstates")},
		request{method: "POST", target: "/v1/certificates/" + w + "/withdraw", as: asCert, contentType: "application/json", body: reasons("KC thief withdraws")})

	verify := func(id string) kcVerify {
		return MustData[kcVerify](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + id + "/verify"}), 200)
	}
	listed := func(query, id string) bool {
		type row struct {
			ID string `json:"id"`
		}
		rows := MustData[[]row](t, st.do(t, request{method: "GET", target: "/v1/certificates?limit=500&" + query, as: asReg}), 200)
		return slices.ContainsFunc(rows, func(r row) bool { return r.ID == id })
	}
	mark := func(key, body string) *http.Response {
		return st.do(t, request{method: "POST", target: "/v1/admin/keys/" + key + "/compromised", as: asAdmin, contentType: "application/json", body: []byte(body)}).Result()
	}
	nothingMarked := func(when string) {
		t.Helper()
		if v := verify(b); v.Status != "valid" || len(v.SupplierAlerts) != 0 || listed("flagged=true", b) {
			t.Fatalf("%s: certificate B %+v (flagged: %t), want plainly valid", when, v, listed("flagged=true", b))
		}
		if rec := st.do(t, request{method: "GET", target: "/v1/org/keys", as: asCert}); rec.Code != 200 {
			t.Fatalf("%s: the key answers %d, want it still usable", when, rec.Code)
		}
	}

	// Bad input: nothing changes.
	nothingMarked("before any report")
	future := st.clock.Now().Add(time.Hour).Format(time.RFC3339)
	for _, tt := range []struct {
		key, body string
		code      int
		field     string
	}{
		{"no-such-key", `{"since":"` + since.Format(time.RFC3339) + `"}`, 404, "id"},
		{stolen, `{"since":"` + future + `"}`, 400, "since"},
		{stolen, `{"since":"2026-03-02 08:00"}`, 400, "since"},
		{stolen, `{"since":"yesterday"}`, 400, "since"},
		{stolen, `{}`, 400, "since"},
	} {
		rec := st.do(t, request{method: "POST", target: "/v1/admin/keys/" + tt.key + "/compromised", as: asAdmin, contentType: "application/json", body: []byte(tt.body)})
		code := map[int]string{400: "invalid", 404: "not_found"}[tt.code]
		if e := MustError(t, rec, tt.code, code); e.Error.Field != tt.field || !strings.ContainsFunc(e.Error.Message, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("%s %s: %+v, want %d naming %s in both languages", tt.key, tt.body, e.Error, tt.code, tt.field)
		}
		nothingMarked("after " + tt.body)
	}
	// Only an admin reports it.
	MustError(t, st.do(t, request{method: "POST", target: "/v1/admin/keys/" + stolen + "/compromised", as: asCert, contentType: "application/json",
		body: []byte(`{"since":"` + since.Format(time.RFC3339) + `"}`)}), 403, "forbidden")
	nothingMarked("after a certifier's report")

	// The report.
	if res := mark(stolen, `{"since":"`+since.Format(time.RFC3339)+`"}`); res.StatusCode != 200 {
		t.Fatalf("report: %d", res.StatusCode)
	}
	if rec := st.do(t, request{method: "GET", target: "/v1/org/keys", as: asCert}); rec.Code != 401 {
		t.Errorf("the stolen key after the report: %d, want 401 (revoked)", rec.Code)
	}
	st.tokens[asCert] = secondToken
	at := since.UTC().Format(time.RFC3339)

	if v := verify(a); v.Status != "valid" || len(v.SupplierAlerts) != 0 {
		t.Errorf("certificate A, issued before T: %+v, want plainly valid", v)
	}
	if v := verify(b); v.Status != "valid" {
		t.Errorf("certificate B: %+v, want valid on record", v)
	} else if k, asOf := v.alert("issuing_key_compromised"); k != stolen || asOf != at {
		t.Errorf("certificate B, issued after T: alerts %+v, want issuing_key_compromised naming %s as of %s", v.SupplierAlerts, stolen, at)
	}
	if v := verify(r); v.Status != "valid" {
		t.Errorf("certificate R: %+v, want valid", v)
	} else if k, _ := v.alert("status_key_compromised"); k != stolen || len(v.SupplierAlerts) != 1 {
		t.Errorf("certificate R, reinstated after T: alerts %+v, want status_key_compromised alone", v.SupplierAlerts)
	}
	if v := verify(w); v.Status != "withdrawn" {
		t.Errorf("certificate W: %+v, want withdrawn", v)
	} else if k, _ := v.alert("status_key_compromised"); k != stolen {
		t.Errorf("certificate W, withdrawn after T: alerts %+v, want status_key_compromised", v.SupplierAlerts)
	}
	// The verification page, in both languages.
	page := func(id string) string {
		return st.do(t, request{method: "GET", target: "/v1/certificates/" + id + "/verify?format=html"}).Body.String()
	}
	if p := page(b); !strings.Contains(p, `id="compromised-key-alert"`) || !strings.Contains(p, "签发密钥已报告泄露") || !strings.Contains(p, "Issued with a key reported compromised") || !strings.Contains(p, stolen) {
		t.Error("verification page of B: no compromised-key alert in both languages")
	}
	if p := page(r); !strings.Contains(p, `id="compromised-status-key-alert"`) || !strings.Contains(p, "恢复或复核密钥已报告泄露") {
		t.Error("verification page of R: no compromised status-key alert")
	}
	if p := page(w); !strings.Contains(p, "撤销密钥已报告泄露") || !strings.Contains(p, "Withdrawn (with a key reported compromised)") {
		t.Error("verification page of W: its withdrawal is not said to be the compromised key's")
	}
	if p := page(a); strings.Contains(p, "compromised") || strings.Contains(p, "泄露") {
		t.Error("verification page of A, issued before T, speaks of the compromise")
	}

	// Documents: B's refused, A's given.
	for _, doc := range []string{"certificate.pdf", "label.pdf"} {
		if rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + a + "/" + doc, as: asMaker}); rec.Code != 200 {
			t.Errorf("%s of A: %d, want 200", doc, rec.Code)
		}
		for _, id := range []string{b, r} {
			e := MustError(t, st.do(t, request{method: "GET", target: "/v1/certificates/" + id + "/" + doc, as: asMaker}), 409, "conflict")
			if e.Error.Field != "key_alerts" || !strings.Contains(e.Error.Message, stolen) || !strings.Contains(e.Error.Message, "reported compromised") || !strings.Contains(e.Error.Message, "报告泄露") {
				t.Errorf("%s of %s: %+v, want 409 naming key_alerts and the compromised key, in both languages", doc, id, e.Error)
			}
		}
	}

	// No certificate is issued on B as a supplier: the certifier reads why
	// in the review, and the issue is refused.
	_, buyer := st.applyAsOther(t, buyerStudy(t, "GEC-KC-BUY", issuedB.Number))
	review := MustData[struct {
		Review struct {
			Warnings []reviewWarning `json:"warnings"`
		} `json:"review"`
	}](t, st.do(t, request{method: "GET", target: "/v1/applications/" + buyer, as: asCert}), 200)
	if !slices.ContainsFunc(review.Review.Warnings, func(w reviewWarning) bool {
		return strings.HasSuffix(w.Path, ".supplier") && strings.Contains(w.Message, issuedB.Number) && strings.Contains(w.Message, "reported compromised") && strings.Contains(w.MessageZH, "报告泄露")
	}) {
		t.Errorf("review of a study on B: warnings %+v, want one on the supplier line naming B's compromised key in both languages", review.Review.Warnings)
	}
	if e := MustError(t, st.do(t, st.issueReq(t, buyer, "")), 409, "conflict"); e.Error.Field != "suppliers" || !strings.Contains(e.Error.Message, "reported compromised") {
		t.Errorf("issue on B as a supplier: %+v, want 409 naming suppliers and the compromised key", e.Error)
	}

	// The flagged queue.
	for _, tt := range []struct {
		name, id string
		want     bool
	}{{"A", a, false}, {"B", b, true}, {"R", r, true}, {"W", w, false}} {
		if got := listed("flagged=true", tt.id); got != tt.want {
			t.Errorf("certificate %s in the flagged queue: %t, want %t", tt.name, got, tt.want)
		}
	}
	// The body acts with its other key: B withdrawn, R reviewed.
	st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + b + "/withdraw", as: asCert, contentType: "application/json", body: reasons("KC issued by the thief")},
		request{method: "POST", target: "/v1/certificates/" + r + "/review", as: asCert, contentType: "application/json", body: reasons("KC reinstatement confirmed by the body")})
	for _, id := range []string{b, r} {
		if listed("flagged=true", id) {
			t.Errorf("certificate %s still in the flagged queue after its body acted", id)
		}
	}
	if v := verify(r); v.Status != "valid" || len(v.SupplierAlerts) != 0 {
		t.Errorf("certificate R after the body's review: %+v, want plainly valid", v)
	}
	if rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + r + "/certificate.pdf", as: asMaker}); rec.Code != 200 {
		t.Errorf("certificate.pdf of R after the body's review: %d, want 200", rec.Code)
	}
	// The thief's withdrawal of W is undone by the body's reinstatement;
	// the body's own withdrawal of B stays final.
	if rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + w + "/reinstate", as: asCert, contentType: "application/json", body: reasons("KC withdrawn by the thief")}); rec.Code != 200 {
		t.Errorf("the body reinstates W, withdrawn by the stolen key: %d %.300s, want 200", rec.Code, rec.Body)
	}
	if v := verify(w); v.Status != "valid" || len(v.SupplierAlerts) != 0 {
		t.Errorf("certificate W after the body's reinstatement: %+v, want plainly valid", v)
	}
	MustError(t, st.do(t, request{method: "POST", target: "/v1/certificates/" + b + "/reinstate", as: asCert, contentType: "application/json", body: reasons("KC")}), 409, "conflict")
	// W's study is not held as a withdrawn certificate's: the holder
	// applies again on it, superseding W.
	if rec := st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + studies[w] + `","certifier":"` + orgCertifier + `","supersedes":"` + w + `"}`)}); rec.Code != 201 {
		t.Errorf("an application on W's study, superseding W, after the body reinstated it: %d %.300s, want 201", rec.Code, rec.Body)
	}
	// The records agree with the audit trail and the indexes (pcf audit verify --db).
	if err := st.db.Check(); err != nil {
		t.Errorf("database check after the report and the body's decisions: %v", err)
	}
	// A later report keeps the earlier time.
	if res := mark(stolen, `{"since":"`+st.clock.Now().Format(time.RFC3339)+`"}`); res.StatusCode != 200 {
		t.Fatalf("second report: %d", res.StatusCode)
	}
	if _, asOf := verify(b).alert("issuing_key_compromised"); asOf != at {
		t.Errorf("after a later report: as_of %q, want the earlier %s", asOf, at)
	}
}

// Ensure the verification page of a certificate issued with a key after
// the time it was reported compromised, and of one the key withdrew,
// shows the alert in Chromium at desktop and phone widths: no console
// error, no sideways overflow, Chinese drawn.
func TestKeyCompromised_Browser(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		stolen := strings.Split(st.tokens[asCert], "_")[1]
		w := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-KC-WEB-W")), "")), 201).CertificateID
		app := st.apply(t, st.submit(t, "GEC-KC-WEB-B"))
		since := st.clock.Now()
		b2 := MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201).CertificateID
		st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + w + "/withdraw", as: asCert, contentType: "application/json", body: []byte(`{"reasons":["KC thief withdraws"]}`)},
			request{method: "POST", target: "/v1/admin/keys/" + stolen + "/compromised", as: asAdmin, contentType: "application/json", body: []byte(`{"since":"` + since.Format(time.RFC3339) + `"}`)})
		b.open("/v1/certificates/" + b2 + "/verify")
		b.mustContain("有效(签发密钥已报告泄露)", "Issued with a key reported compromised", stolen)
		b.checkPage("verify-compromised-key")
		b.open("/v1/certificates/" + w + "/verify")
		b.mustContain("撤销(撤销密钥已报告泄露)", "Status set with a key reported compromised", stolen)
		b.checkPage("verify-compromised-status-key")
	})
}

// Ensure the operator cannot issue in a certification body's name with a
// key it made for the body (red team 46). Before, the admin's
// POST /v1/admin/keys {"org": <an existing certifier>} gave a key that
// read the application's review and issued the certificate, and the body
// could not see that the key existed. Now the key waits: it is refused
// (401 key_awaits_organisation, on the API and at the token endpoint)
// until one of the body's own keys confirms it; the body lists it at
// GET /v1/org/keys; another body or a manufacturer cannot confirm it; once
// confirmed it issues, and the trail names the key that confirmed it.
func TestRedteam46_OperatorMintedCertifierKeyWaitsForTheBody(t *testing.T) {
	st := newSeededStack(t)
	minted := MustData[struct {
		access.APIKey
		Token string `json:"token"`
	}](t, st.do(t, request{method: "POST", target: "/v1/admin/keys", as: asAdmin, contentType: "application/json",
		body: []byte(`{"org":"` + orgCertifier + `"}`)}), 201)
	if !minted.AwaitsOrg {
		t.Fatalf("the admin's key of %s %+v does not wait for the body", orgCertifier, minted.APIKey)
	}
	const asMinted = "minted"
	st.tokens[asMinted] = minted.Token

	app := st.apply(t, st.submit(t, "GEC-RT46-1"))
	for _, r := range []request{
		{method: "GET", target: "/v1/applications/" + app},
		{method: "POST", target: "/v1/applications/" + app + "/issue", contentType: "application/json", body: []byte(`{"signatory":"Zhang San","review_digest":"x"}`)},
	} {
		r.as = asMinted
		e := MustError(t, st.do(t, r), http.StatusUnauthorized, access.EKEYAWAITSORG)
		if !strings.Contains(e.Error.Message, "/v1/org/keys/"+minted.ID+"/confirm") {
			t.Errorf("%s %s: message %q does not say how the key is confirmed", r.method, r.target, e.Error.Message)
		}
	}
	tok := st.do(t, request{method: "POST", target: "/v1/auth/token", contentType: "application/x-www-form-urlencoded",
		body: []byte(url.Values{"grant_type": {"client_credentials"}, "client_id": {minted.ID}, "client_secret": {minted.Token}}.Encode())})
	if tok.Code != http.StatusUnauthorized || !strings.Contains(tok.Body.String(), access.EKEYAWAITSORG) {
		t.Errorf("access token for the waiting key: %d %s", tok.Code, tok.Body)
	}

	// The body sees the key; others cannot confirm it.
	keys := MustData[[]access.APIKey](t, st.do(t, request{method: "GET", target: "/v1/org/keys", as: asCert}), 200)
	var listed bool
	for _, k := range keys {
		if k.Org != orgCertifier {
			t.Errorf("the body's list holds %s's key %s", k.Org, k.ID)
		}
		listed = listed || k.ID == minted.ID && k.Waiting()
	}
	if !listed {
		t.Errorf("the body's keys %+v do not list the waiting key %s", keys, minted.ID)
	}
	confirm := request{method: "POST", target: "/v1/org/keys/" + minted.ID + "/confirm"}
	MustError(t, st.do(t, request{method: confirm.method, target: confirm.target, as: asCert2}), http.StatusNotFound, "not_found")
	MustError(t, st.do(t, request{method: confirm.method, target: confirm.target, as: asMaker}), http.StatusForbidden, "forbidden")
	MustError(t, st.do(t, request{method: confirm.method, target: confirm.target, as: asAdmin}), http.StatusForbidden, "forbidden")
	MustError(t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asMinted}), http.StatusUnauthorized, access.EKEYAWAITSORG)

	// The body confirms it: the key works, and the trail says by whom.
	confirm.as = asCert
	k := MustData[access.APIKey](t, st.do(t, confirm), 200)
	certKey := strings.Split(st.tokens[asCert], "_")[1]
	if k.Waiting() || k.EndorsedBy != certKey {
		t.Fatalf("confirmed key %+v, want it confirmed by %s", k, certKey)
	}
	if rec := st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asMinted}); rec.Code != http.StatusOK {
		t.Fatalf("the confirmed key reads the application: %d %s", rec.Code, rec.Body)
	}
	events := MustData[[]access.AuditEvent](t, st.do(t, request{method: "GET", target: "/v1/audit?subject=key/" + minted.ID, as: asReg}), 200)
	if len(events) != 2 || events[0].Action != access.AuditKeyEndorse || events[0].KeyID != certKey || events[1].Action != access.AuditKeyCreate {
		t.Errorf("the key's trail %+v, want its creation and its confirmation by %s", events, certKey)
	}
}

// Ensure no route of the policy table takes a revoked key, nor an access
// token issued to it before the revocation (red team 56, the insider: a
// key revoked, its holder trying every route). Every route a role may
// call answers 401 to that role's revoked key and to its token. Held on
// the base (authentication is one middleware for every route); the test
// pins it for each route of the matrix, which covers every registered
// route (TestServer_RoleMatrixCoversRoutes).
func TestRedteam56_RevokedKeyRefusedOnEveryRoute(t *testing.T) {
	st := newSeededStack(t)
	st.srv.CertificateRenderer = fakeRenderer{}
	fx := st.seedFixture(t, "rt56")
	ctx := context.Background()
	access := map[string]string{}
	for _, role := range matrixRoles[1:] {
		token := st.tokens[role]
		id := strings.Split(token, "_")[1]
		at, _, err := st.auth.IssueAccessToken(ctx, id, token, api.AccessTokenTTL)
		if err != nil {
			t.Fatalf("%s: %v", role, err)
		}
		access[role] = at
	}
	// Every call is prepared while the keys work (a row's body may need
	// a request of its own), then sent after the revocations.
	type call struct {
		route, role, method, target, contentType string
		body                                     []byte
	}
	var calls []call
	for _, row := range matrix {
		if anon, ok := row.want[asAnon]; ok && anon != 401 {
			continue // public, or a PACT v2 route answering 400
		}
		method, _, _ := strings.Cut(row.route, " ")
		var body []byte
		if row.body != nil { // once per row: some bodies make a record first
			body = row.body(t, st, fx)
		}
		for _, role := range matrixRoles[1:] {
			if _, ok := row.want[role]; !ok {
				continue // refused to the role anyway
			}
			calls = append(calls, call{route: row.route, role: role, method: method, target: row.url(st, fx), contentType: row.contentType, body: body})
		}
	}
	for _, role := range matrixRoles[1:] {
		if err := st.auth.RevokeAPIKey(ctx, strings.Split(st.tokens[role], "_")[1]); err != nil {
			t.Fatalf("revoke %s: %v", role, err)
		}
	}
	n := 0
	for _, c := range calls {
		before := st.certs.auditCount()
		for what, token := range map[string]string{"revoked key": st.tokens[c.role], "its access token": access[c.role]} {
			n++
			rec := doRequest(t, st.srv, token, request{method: c.method, target: c.target, contentType: c.contentType, body: c.body})
			if rec.Code != 401 {
				t.Errorf("%s as %s with the %s: status=%d, want 401: %.200s", c.route, c.role, what, rec.Code, rec.Body)
			}
		}
		if got := st.certs.auditCount(); got != before {
			t.Errorf("%s as %s: audit events %d → %d after refused requests", c.route, c.role, before, got)
		}
	}
	if n < 150 {
		t.Fatalf("only %d requests: the matrix lost its routes", n)
	}
	t.Logf("%d requests refused", n)
}

// Ensure the admin's rotation with the clock set back is refused, 409,
// naming the clock in both languages, and the certificate issued before
// still verifies (red team 56). Before, the rotation retired the active key
// before the certificate it had signed: the verification answered
// signature_valid false for a genuine certificate.
func TestRedteam56_RotationWithTheClockSetBackRefused(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "rt56c")
	st.clock.t.Add(int64(-30 * 24 * time.Hour))
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/admin/signing-keys/rotate", as: asAdmin}), 409, "conflict")
	if !strings.Contains(e.Error.Message, "系统时钟早于审计记录") || !strings.Contains(e.Error.Message, "set the clock right") {
		t.Errorf("message %q: want the clock named, in Chinese and English", e.Error.Message)
	}
	v := MustData[struct {
		Status         string `json:"status"`
		SignatureValid bool   `json:"signature_valid"`
	}](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/verify"}), 200)
	if v.Status != "valid" || !v.SignatureValid {
		t.Errorf("the certificate after the refused rotation: %+v, want valid with a valid signature", v)
	}
}

// Ensure the report of the active signing key as compromised, with the
// clock set back before the key's creation, is refused as a rotation is,
// 409 naming the clock in both languages, and succeeds once the clock is
// right (red team 56). Before, it answered 500 "internal error": the
// emergency route failed without saying why.
func TestRedteam56_CompromiseReportWithTheClockSetBack(t *testing.T) {
	st := newSeededStack(t)
	st.seedFixture(t, "rt56k")
	k, err := st.keys.ActiveSigningKey(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	report := request{method: "POST", target: "/v1/admin/signing-keys/" + k.ID + "/compromised", as: asAdmin}
	st.clock.t.Add(int64(-30 * 24 * time.Hour))
	e := MustError(t, st.do(t, report), 409, "conflict")
	if !strings.Contains(e.Error.Message, "系统时钟早于审计记录") || !strings.Contains(e.Error.Message, "set the clock right") {
		t.Errorf("message %q: want the clock named, in Chinese and English", e.Error.Message)
	}
	st.clock.t.Add(int64(31 * 24 * time.Hour))
	if rec := st.do(t, report); rec.Code != 200 {
		t.Errorf("the report with the clock right: %d %s", rec.Code, rec.Body)
	}
}
