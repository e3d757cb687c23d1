package api_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

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
