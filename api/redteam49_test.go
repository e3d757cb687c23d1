package api_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

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

// Ensure a certificate whose record fails the server's own signature check
// (edited in the database, or its key lost) is given as no document (red
// team 49). Its verification page says "签名未通过验证 Signature not
// verified", the registry withholds it, its PACT footprint is not stated
// and the workbench offers no document of it; yet GET …/label.pdf rendered
// the record as it stands, a label printing whatever the edited record
// says, for the product.
func TestRedteam49_DocumentsOfARecordFailingItsSignature(t *testing.T) {
	st := newRenderingStack(t)
	fx := st.seedFixture(t, "")
	st.srv.KeyService = otherKeys{st.srv.KeyService, footprinttest.Key(t, "redteam49 other key", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)).PublicKey()}
	for _, doc := range []string{"certificate.pdf", "label.pdf", "label.png"} {
		rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/" + doc, as: asMaker})
		if rec.Code != 409 {
			t.Errorf("%s of a record failing its signature check: %d (%d bytes of %s), want 409", doc, rec.Code, rec.Body.Len(), rec.Header().Get("Content-Type"))
			continue
		}
		if e := MustError(t, rec, 409, "conflict"); e.Error.Field != "signature" || !strings.Contains(e.Error.Message, "签名未通过验证") {
			t.Errorf("%s of a record failing its signature check: %+v, want 409 naming signature, in both languages", doc, e.Error)
		}
	}
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

// Ensure the workbench offers only the documents the service gives: a
// withdrawn certificate's PDF (it prints its status), never its label,
// which answered 409 from the page's own button and the list's link
// (session 40).
func TestWorkCertificate_NoLabelLinkForACertificateThatGivesNone(t *testing.T) {
	st := newRenderingStack(t)
	fx := st.seedFixture(t, "")
	st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/withdraw", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["S40 falsified data"]}`)})
	u := st.signedIn(t, asMaker)
	if body := u.get("/work/certificates/" + fx.cert).Body.String(); !strings.Contains(body, `id="download-cert"`) || strings.Contains(body, `id="download-label"`) {
		t.Error("workbench page of a withdrawn certificate: want its certificate PDF and no label")
	}
	if body := u.get("/work/certificates").Body.String(); !strings.Contains(body, fx.cert+"/certificate.pdf") || strings.Contains(body, fx.cert+"/label.pdf") {
		t.Error("workbench list: want the withdrawn certificate's PDF and no label link")
	}
	if rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/label.pdf", as: asMaker}); rec.Code != 409 {
		t.Errorf("label of a withdrawn certificate: %d, want 409 (the premise)", rec.Code)
	}
}

// rowOf returns the table row of page that links to certificate id, "" if
// none.
func rowOf(page, id string) string {
	i := strings.Index(page, "/work/certificates/"+id+`"`)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(page[:i], "<tr")
	end := strings.Index(page[i:], "</tr>")
	if start < 0 || end < 0 {
		return ""
	}
	return page[start : i+end]
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
