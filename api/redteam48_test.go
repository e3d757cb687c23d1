package api_test

import (
	"net/http"
	"slices"
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
		st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + cert + "/withdraw", as: asCert, contentType: "application/json",
			body: []byte(`{"reasons":["RT48 withdrawn with a recovery key"]}`)})
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

// Ensure an issued certificate whose study used a supplier's PACT
// footprint later updated by its data owner says so to those who may read
// the supplier list (red team 48, open item 3): the application and the
// issue refuse such a study, but a certificate issued before said
// nothing. Its JSON (certifier, holder, regulator; one certificate and the
// list) carries supplier_footprint_change naming the BOM line's supplier
// and the versions, the certifier's workbench shows it; the public
// verification does not (the status stands: the figure was right on the
// footprint of its day, and supplier lists are private).
func TestRedteam48_IssuedCertificateLearnsOfPACTUpdate(t *testing.T) {
	st := newSeededStack(t)
	const id = "48a0c6a7-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	st.storeSupplierDoc(t, supplierDocV2(id, 1, "4.2"))
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.supplierStudy(t, "GEC-RT48-PACT", "pact:"+id)), "")), 201).CertificateID
	type change struct {
		ID     string `json:"id"`
		Change *struct {
			Field, Message string
		} `json:"supplier_footprint_change"`
	}
	one := func(as string) change {
		return MustData[change](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + cert, as: as}), 200)
	}
	if c := one(asReg); c.Change != nil {
		t.Fatalf("before the update: %+v, want no change", c.Change)
	}
	st.storeSupplierDoc(t, supplierDocV2(id, 2, "8.4"))
	for _, as := range []string{asReg, asCert, asMaker} {
		c := one(as)
		if c.Change == nil || !strings.HasSuffix(c.Change.Field, ".supplier") || !strings.Contains(c.Change.Message, "pact:"+id) ||
			!strings.Contains(c.Change.Message, "has a later version 2") || !strings.Contains(c.Change.Message, "更新的版本 2") {
			t.Errorf("GET /v1/certificates/{id} as %s after the update: %+v, want supplier_footprint_change naming the line and version 2", as, c.Change)
		}
	}
	listed := false
	for _, c := range MustData[[]change](t, st.do(t, request{method: "GET", target: "/v1/certificates", as: asReg}), 200) {
		listed = listed || c.ID == cert && c.Change != nil
	}
	if !listed {
		t.Error("the regulator's list does not carry the change")
	}
	mustWorkPage(t, st.signedIn(t, asCert).get("/work/certificates/"+cert), http.StatusOK, `id="pact-change"`, "供应商 PACT 足迹已变更", "pact:"+id)
	v := st.do(t, request{method: "GET", target: "/v1/certificates/" + cert + "/verify"})
	if b := v.Body.String(); v.Code != 200 || strings.Contains(b, id) || strings.Contains(b, "supplier_footprint_change") || !strings.Contains(b, `"status":"valid"`) {
		t.Errorf("public verification after the update: %d %.300s, want valid and no word of the supplier", v.Code, b)
	}
}

// Ensure the workbench's note of a supplier's PACT footprint changed since
// the issue reads in Chromium at desktop and phone widths.
func TestRedteam48_PACTChangeBrowser(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		const id = "48b0c6a7-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
		st.storeSupplierDoc(t, supplierDocV2(id, 1, "4.2"))
		cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.supplierStudy(t, "GEC-RT48-PACT-WEB", "pact:"+id)), "")), 201).CertificateID
		st.storeSupplierDoc(t, supplierDocV2(id, 2, "8.4"))
		b.signIn(st.tokens[asCert], "#applications")
		b.open("/work/certificates/" + cert)
		b.mustContain("供应商 PACT 足迹已变更", "A supplier's PACT footprint changed since the issue", "pact:"+id)
		b.checkPage("rt48-work-pact-change")
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
	_, app := st.applyAsOther(t, buyerStudy(t, "GEC-RT48-REV", fx.number))
	buyer := MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201).CertificateID
	st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/suspend", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["RT48 surveillance audit overdue"]}`)})
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
