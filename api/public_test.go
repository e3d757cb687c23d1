package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure only a valid certificate gives a printable label: the label PDF
// and PNG of a suspended, withdrawn, superseded or expired certificate
// answer 409 naming the status, while its certificate PDF is rendered with
// the live status (issue 10 item 3).
func TestServer_LabelOnlyWhenValid(t *testing.T) {
	st := newSeededStack(t)
	st.srv.CertificateRenderer = fakeRenderer{}
	fx := st.seedFixture(t, "")
	get := func(id, doc string) *httptest.ResponseRecorder {
		return st.do(t, request{method: "GET", target: "/v1/certificates/" + id + "/" + doc, as: asMaker})
	}
	post := func(id, action, reason string) {
		t.Helper()
		if rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + id + "/" + action, as: asCert, contentType: "application/json",
			body: []byte(`{"reasons":["` + reason + `"]}`)}); rec.Code != 200 {
			t.Fatalf("%s: %d %s", action, rec.Code, rec.Body)
		}
	}
	expect := func(id, status string) {
		t.Helper()
		for _, doc := range []string{"label.pdf", "label.png"} {
			rec := get(id, doc)
			if status == "valid" {
				if rec.Code != 200 {
					t.Fatalf("%s of a valid certificate: %d %s", doc, rec.Code, rec.Body)
				}
				continue
			}
			e := MustError(t, rec, 409, "conflict")
			if e.Error.Field != "status" || !strings.Contains(e.Error.Message, " is "+status+":") ||
				!strings.Contains(e.Error.Message, "的状态为"+certification.StatusZH(certification.CertificateStatus(status))+":") {
				t.Errorf("%s of a %s certificate: %+v, want the status named", doc, status, e.Error)
			}
		}
		rec := get(id, "certificate.pdf")
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), " "+status+" "+testBaseURL+"/v1/certificates/"+id+"/verify") {
			t.Fatalf("certificate.pdf of a %s certificate: %d %q, want the live status passed to the renderer", status, rec.Code, rec.Body)
		}
	}

	expect(fx.cert, "valid")
	post(fx.cert, "suspend", "surveillance audit overdue")
	expect(fx.cert, "suspended")
	post(fx.cert, "reinstate", "audit passed")
	expect(fx.cert, "valid")
	next := st.supersede(t, fx.issuedStudy, fx.cert, `{"signatory":"Zhang San"}`)
	expect(fx.cert, "superseded")
	expect(next.CertificateID, "valid")
	post(next.CertificateID, "withdraw", "false declaration")
	expect(next.CertificateID, "withdrawn")

	third := MustData[issueData](t, st.do(t, st.issueReq(t, fx.app, "")), 201).CertificateID
	expect(third, "valid")
	st.clock.t.Add(int64(2*366*24*time.Hour + time.Hour))
	expect(third, "expired")
}

// forgedHost sends a request as a forger would, naming another host in
// every header a server might take its own address from.
func forgedHost(st *stack, r request) *httptest.ResponseRecorder {
	req := httptest.NewRequest(r.method, r.target, strings.NewReader(string(r.body)))
	req.Host = "evil.example"
	req.Header.Set("X-Forwarded-Proto", "http")
	req.Header.Set("X-Forwarded-Host", "evil.example")
	req.Header.Set("Forwarded", "host=evil.example;proto=http")
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	if tok := st.tokens[r.as]; tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	rec := httptest.NewRecorder()
	st.srv.ServeHTTP(rec, req)
	return rec
}

// Ensure a verification link or QR code never comes from the request: with
// a configured base URL a forged Host changes nothing, and without one no
// certificate is issued or printed, and nothing is written (issue 10
// item 4).
func TestServer_BaseURLNeverFromRequest(t *testing.T) {
	st := newSeededStack(t)
	st.srv.CertificateRenderer = fakeRenderer{}
	fx := st.seedFixture(t, "")

	t.Run("Configured", func(t *testing.T) {
		issued := MustData[issueData](t, forgedHost(st, st.issueReq(t, fx.app, "")), 201)
		if want := testBaseURL + "/v1/certificates/" + issued.CertificateID + "/verify"; issued.VerifyURL != want {
			t.Fatalf("verify_url=%q, want %q", issued.VerifyURL, want)
		}
		for _, doc := range []string{"certificate.pdf", "label.pdf"} {
			rec := forgedHost(st, request{method: "GET", target: "/v1/certificates/" + issued.CertificateID + "/" + doc, as: asMaker})
			if rec.Code != 200 || !strings.Contains(rec.Body.String(), testBaseURL+"/v1/certificates/") || strings.Contains(rec.Body.String(), "evil.example") {
				t.Fatalf("%s: %d %q", doc, rec.Code, rec.Body)
			}
		}
		for _, html := range []bool{false, true} {
			req := request{method: "GET", target: "/v1/certificates/" + issued.CertificateID + "/verify"}
			if html {
				req.target += "?format=html"
			}
			if rec := forgedHost(st, req); rec.Code != 200 || strings.Contains(rec.Body.String(), "evil.example") {
				t.Fatalf("verify (html %v): %d, names the forged host: %v", html, rec.Code, strings.Contains(rec.Body.String(), "evil.example"))
			}
		}
	})

	t.Run("ErrNoBaseURL", func(t *testing.T) {
		st.srv.BaseURL = ""
		defer func() { st.srv.BaseURL = testBaseURL }()
		app := st.apply(t, st.submit(t, "GEC-NOBASE-1"))
		before := st.certs.auditCount()
		e := MustError(t, forgedHost(st, st.issueReq(t, app, "")), 501, "not_implemented")
		if !strings.Contains(e.Error.Message, "--base-url") {
			t.Errorf("message %q does not say how to configure the base URL", e.Error.Message)
		}
		if got := st.certs.auditCount(); got != before {
			t.Fatalf("audit events %d → %d after a refused issue", before, got)
		}
		if a := MustData[appData](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert}), 200); a.Status != "pending" {
			t.Fatalf("application %s after a refused issue, want pending", a.Status)
		}
		for _, doc := range []string{"certificate.pdf", "label.pdf", "label.png"} {
			MustError(t, forgedHost(st, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/" + doc, as: asMaker}), 501, "not_implemented")
		}
	})
}

// Ensure the public lookup by certificate number gives the same answer as
// the lookup by ID, JSON or page, for full numbers only, within the same
// rate limit (issue 10 item 8, issue 9 item 8).
func TestCertificateVerify_ByNumber(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	api.StopLookupClock(st.srv, time.Now())

	byID := st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/verify"})
	byNumber := st.do(t, request{method: "GET", target: "/v1/certificates/by-number/" + fx.number + "/verify"})
	if byID.Code != 200 || byNumber.Code != 200 || byID.Body.String() != byNumber.Body.String() {
		t.Fatalf("by number %d %s\nby ID %d %s", byNumber.Code, byNumber.Body, byID.Code, byID.Body)
	}
	if v := MustData[verifyData](t, byNumber, 200); v.ID != fx.cert || v.Number != fx.number || !v.SignatureValid {
		t.Fatalf("by number: %+v", v)
	}
	if rec := getHTML(t, st.srv, "/v1/certificates/by-number/"+fx.number+"/verify"); rec.Code != 200 ||
		!strings.Contains(rec.Body.String(), `data-status="valid"`) || !strings.Contains(rec.Body.String(), fx.number) {
		t.Fatalf("page by number: %d", rec.Code)
	}

	// Unknown numbers are not found; anything but a full number is
	// invalid: no prefixes, no other spellings.
	MustError(t, st.do(t, request{method: "GET", target: "/v1/certificates/by-number/CDPCF-2026-999999/verify"}), 404, "not_found")
	if rec := getHTML(t, st.srv, "/v1/certificates/by-number/CDPCF-2026-999999/verify"); rec.Code != 404 || !strings.Contains(rec.Body.String(), "未找到该编号的证书") {
		t.Fatalf("unknown number page: %d", rec.Code)
	}
	for _, bad := range []string{fx.number[:len(fx.number)-1], "CDPCF-2026", "CDPCF", strings.ToLower(fx.number), fx.number + "0000", "CDPCF-2026-%2A"} {
		e := MustError(t, st.do(t, request{method: "GET", target: "/v1/certificates/by-number/" + bad + "/verify"}), 400, "invalid")
		if e.Error.Field != "number" {
			t.Errorf("%q: field %q, want number", bad, e.Error.Field)
		}
	}

	// One budget for both lookups: a client that spent it by number is
	// limited by ID too.
	limited := false
	for range 60 {
		if rec := st.do(t, request{method: "GET", target: "/v1/certificates/by-number/" + fx.number + "/verify"}); rec.Code == 429 {
			MustError(t, rec, 429, "rate_limited")
			limited = true
			break
		}
	}
	if !limited {
		t.Fatal("60 lookups by number in a burst were never limited")
	}
	MustError(t, st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/verify"}), 429, "rate_limited")
}

// buyerStudy returns the demo study with lines that name supplier
// certificates by refs (numbers or IDs).
func buyerStudy(t *testing.T, serial string, refs ...string) []byte {
	t.Helper()
	lines := make([]map[string]any, len(refs))
	for i, ref := range refs {
		lines[i] = suppliedLine(fmt.Sprintf("supplied part %d", i), ref)
	}
	return withBOMLines(t, pvStudy(t, serial), lines...)
}

// Ensure supplier certificates a study names by their sequential number
// are charged to the lookup budget of the verification endpoints, one per
// number, while references by ID (unguessable) are not (issue 9 item 8).
func TestServer_SupplierLookupRateLimit(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	calc := func(body []byte) *httptest.ResponseRecorder {
		return st.do(t, request{method: "POST", target: "/v1/calculations", as: asOther, contentType: "application/json", body: body})
	}
	numbers := func(n int) []string {
		out := []string{fx.number}
		for i := 1; i < n; i++ {
			out = append(out, fmt.Sprintf("CDPCF-2026-%06d", 900000+i))
		}
		return out
	}

	// More numbers than the burst never fit: refused with the way out.
	e := MustError(t, calc(buyerStudy(t, "GEC-L-0", numbers(21)...)), 400, "invalid")
	if e.Error.Field != "bom" || !strings.Contains(e.Error.Message, "certificate ID") {
		t.Fatalf("21 numbers: %+v", e.Error)
	}
	// 15 numbers (14 unknown: the study is refused, the lookups are
	// spent), then 15 more at once do not fit in what is left.
	MustError(t, calc(buyerStudy(t, "GEC-L-1", numbers(15)...)), 400, "invalid")
	rec := calc(buyerStudy(t, "GEC-L-2", numbers(15)...))
	MustError(t, rec, 429, "rate_limited")
	if ra := rec.Header().Get("Retry-After"); ra == "" || ra == "0" {
		t.Fatalf("Retry-After=%q", ra)
	}
	// A study naming the supplier by ID costs nothing, nor do references
	// to PACT footprints (by UUID: these are unknown, the study is refused
	// for that, not rate-limited)…
	if rec := calc(buyerStudy(t, "GEC-L-3", fx.cert)); rec.Code != 200 {
		t.Fatalf("by ID: %d %s", rec.Code, rec.Body)
	}
	var pacts []string
	for i := range 25 {
		pacts = append(pacts, fmt.Sprintf("pact:00000000-0000-4000-8000-%012d", i))
	}
	if e := MustError(t, calc(buyerStudy(t, "GEC-L-4", pacts...)), 400, "invalid"); e.Error.Field == "bom" {
		t.Fatalf("PACT references counted as numbers: %+v", e.Error)
	}
	// …and the verification endpoint shares the spent budget.
	for range 10 {
		if rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/verify"}); rec.Code == 429 {
			return
		}
	}
	t.Fatal("verification was not limited after the supplier lookups spent the budget")
}

// Ensure nothing private of another organisation reaches a manufacturer
// through an error message or a public answer: not the study that holds a
// green-power serial, not the study, BOM or suppliers behind a public
// certificate (issue 9 item 8; docs/api.md, "Public facts").
func TestServer_NoPrivateLeaks(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	owner := MustData[certData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert, as: asMaker}), 200)
	var private []string // what orgMaker keeps to itself
	private = append(private, fx.study, fx.issuedStudy, fx.app, fx.issuedApp)
	var doc struct {
		BOM []struct {
			Name string `json:"name"`
		} `json:"bom"`
	}
	if err := json.Unmarshal(pvStudy(t, "X"), &doc); err != nil || len(doc.BOM) == 0 {
		t.Fatalf("demo study: %v", err)
	}
	for _, l := range doc.BOM {
		private = append(private, l.Name)
	}
	leaks := func(what, body string, private []string) {
		t.Helper()
		for _, p := range private {
			if strings.Contains(body, p) {
				t.Errorf("%s leaks %q: %s", what, p, body)
			}
		}
	}

	// A double claim of orgMaker's green certificate by another
	// manufacturer: refused, without naming the study that holds it.
	rec := st.do(t, request{method: "POST", target: "/v1/studies", as: asOther, contentType: "application/json", body: pvStudy(t, "GEC-FX-2")})
	e := MustError(t, rec, 409, "conflict")
	if !strings.Contains(e.Error.Message, "GEC-FX-2") {
		t.Errorf("message %q does not name the serial", e.Error.Message)
	}
	leaks("double-claim 409", rec.Body.String(), private)

	// orgMaker's certificate becomes a supplier of orgMaker2: orgMaker2's
	// result names the supplier certificate, nothing behind it.
	rec = st.do(t, request{method: "POST", target: "/v1/studies", as: asOther, contentType: "application/json", body: buyerStudy(t, "GEC-B-1", fx.number)})
	if rec.Code != 201 {
		t.Fatalf("buyer study: %d %s", rec.Code, rec.Body)
	}
	leaks("buyer's study", rec.Body.String(), private[:4])
	buyerStudyID := MustData[studyData](t, rec, 201).ID
	buyerApp := MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asOther, contentType: "application/json",
		body: []byte(`{"study_id":"` + buyerStudyID + `","certifier":"` + orgCertifier + `"}`)}), 201).ID
	buyer := MustData[issueData](t, st.do(t, st.issueReq(t, buyerApp, "")), 201)
	// A withdrawn supplier: the refusal names the supplier certificate
	// (a public fact), not its study.
	rec = st.do(t, request{method: "POST", target: "/v1/calculations", as: asOther, contentType: "application/json", body: buyerStudy(t, "GEC-B-2", fx.number)})
	if rec.Code != 200 {
		t.Fatalf("preview: %d %s", rec.Code, rec.Body)
	}
	leaks("buyer's preview", rec.Body.String(), private[:4])

	// The public answers about orgMaker2's certificate: not its BOM lines
	// or its supplier list, and no study ID but, inside the signed content
	// (the certificate as printed), the reference to its own study.
	buyerPrivate := []string{buyerApp, fx.cert, fx.number, "supplied part 0", fx.study, fx.issuedStudy}
	unsigned := func(target string) string {
		var v map[string]json.RawMessage
		if err := json.Unmarshal(st.do(t, request{method: "GET", target: target}).Body.Bytes(), &struct {
			Data *map[string]json.RawMessage `json:"data"`
		}{&v}); err != nil {
			t.Fatal(err)
		}
		delete(v, "signed")
		b, _ := json.Marshal(v)
		return string(b)
	}
	for _, target := range []string{"/v1/certificates/" + buyer.CertificateID + "/verify", "/v1/certificates/by-number/" + buyer.Number + "/verify"} {
		leaks(target, st.do(t, request{method: "GET", target: target}).Body.String(), buyerPrivate)
		leaks(target+" outside the signed content", unsigned(target), []string{buyerStudyID})
		leaks(target+" page", getHTML(t, st.srv, target).Body.String(), append(buyerPrivate, buyerStudyID))
	}
	for _, target := range []string{"/v1/certificates/" + fx.cert + "/verify", "/v1/certificates/by-number/" + owner.Number + "/verify"} {
		leaks(target+" outside the signed content", unsigned(target), private)
		leaks(target+" page", getHTML(t, st.srv, target).Body.String(), private)
	}
}

// Ensure the certificate PDF of a certificate that is not valid carries its
// status on every page when rendered by the real renderer (issue 10 item
// 3), read back with pdftotext.
func TestServer_CertificatePDFStatusOnEveryPage(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	st := newRenderingStack(t)
	fx := st.seedFixture(t, "")
	st.setStatus(t, fx.cert, "withdraw", "false declaration")
	out := st.certificatePDFText(t, fx.cert)
	pages := strings.Split(strings.TrimRight(out, "\f\n"), "\f")
	if len(pages) == 0 || pages[0] == "" {
		t.Fatalf("no text in the certificate PDF")
	}
	for i, p := range pages {
		if !strings.Contains(p, "撤销") || !strings.Contains(p, "withdrawn") {
			t.Errorf("page %d does not show the status:\n%s", i+1, p)
		}
	}
	MustError(t, st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/label.pdf", as: asMaker}), 409, "conflict")
}

// Ensure the public verify endpoint reports every live status — valid,
// suspended, superseded, withdrawn and expired — with a signature that
// still checks.
func TestCertificateVerify_EveryStatus(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	verify := func(id string) verifyData {
		t.Helper()
		return MustData[verifyData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + id + "/verify"}), 200)
	}
	decide := func(id, action, body string) *issueData {
		t.Helper()
		var out issueData
		rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + id + "/" + action, as: asCert, contentType: "application/json", body: []byte(body)})
		if rec.Code/100 != 2 {
			t.Fatalf("%s: %d %s", action, rec.Code, rec.Body)
		}
		return &out
	}
	check := func(id, want string) verifyData {
		t.Helper()
		v := verify(id)
		if v.Status != want || !v.SignatureValid {
			t.Fatalf("verify %s: status=%q signature_valid=%v, want %q and a valid signature", id, v.Status, v.SignatureValid, want)
		}
		return v
	}

	check(fx.cert, "valid")
	decide(fx.cert, "suspend", `{"reasons":["surveillance audit overdue"]}`)
	check(fx.cert, "suspended")
	decide(fx.cert, "reinstate", `{"reasons":["audit passed"]}`)
	check(fx.cert, "valid")

	re := st.supersede(t, fx.issuedStudy, fx.cert, `{"signatory":"Zhang San"}`)
	if v := check(fx.cert, "superseded"); v.SupersededBy != re.CertificateID {
		t.Fatalf("superseded_by=%q, want %q", v.SupersededBy, re.CertificateID)
	}
	check(re.CertificateID, "valid")
	decide(re.CertificateID, "withdraw", `{"reasons":["product discontinued"]}`)
	check(re.CertificateID, "withdrawn")

	// A third certificate, read after its two-year validity: expired is
	// derived from the expiry date, never stored.
	study := st.submit(t, "GEC-EXPIRY-1")
	app := st.apply(t, study)
	id := MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201).CertificateID
	check(id, "valid")
	st.clock.t.Add(int64(2*366*24*time.Hour + time.Hour))
	check(id, "expired")
	// A withdrawn certificate stays withdrawn after its expiry.
	check(re.CertificateID, "withdrawn")
}

// Ensure the public verification answer does not say "status": "valid"
// for a certificate whose record fails the server's own signature check
// (its record edited in the database, or its key lost). The answer read
// "status":"valid" beside "signature_valid":false: a buyer's system that
// reads status alone was told the certificate is valid. The page said
// "签名未通过验证 Signature not verified"; the JSON now says so in status.
func TestRedteam6_VerifyStatusNeedsItsSignature(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	st.failSignatureChecks(t, "redteam6 other key")
	for _, target := range []string{"/v1/certificates/" + fx.cert + "/verify", "/v1/certificates/by-number/" + fx.number + "/verify"} {
		v := MustData[struct {
			Status         string `json:"status"`
			RecordedStatus string `json:"recorded_status"`
			SignatureValid bool   `json:"signature_valid"`
			SignatureError string `json:"signature_error"`
		}](t, st.do(t, request{method: "GET", target: target}), 200)
		if v.Status != "signature_invalid" || v.RecordedStatus != "valid" || v.SignatureValid || v.SignatureError == "" {
			t.Errorf("%s: status %q, recorded_status %q, signature_valid %v, signature_error %q; want signature_invalid, valid, false and the error",
				target, v.Status, v.RecordedStatus, v.SignatureValid, v.SignatureError)
		}
		// The page says the same.
		if body := getHTML(t, st.srv, target).Body.String(); !strings.Contains(body, `data-status="signature_invalid"`) ||
			!strings.Contains(body, "签名未通过验证 · Signature not verified") || strings.Contains(body, "有效 · Valid") {
			t.Errorf("%s page does not warn:\n%s", target, body)
		}
	}
}

// Red team 9: a certificate whose supplier certificate was suspended is
// flagged upstream: the verify page shows "Valid (flagged upstream)", PACT
// withholds it and pcf verify --server says NOT VALID. Its holder should
// not get a fresh printable label for it until the certifier has reviewed
// the flag, as a suspended certificate gives none (409 naming status).
func TestForge9_LabelOfFlaggedCertificate(t *testing.T) {
	st := newSeededStack(t)
	st.srv.CertificateRenderer = fakeRenderer{}
	fx := st.seedFixture(t, "")
	buyer := st.issueBuyer(t, asOther, "GEC-FORGE9-1", fx.number)
	docs := []string{"label.pdf", "label.png", "certificate.pdf"}
	get := func(doc string) *httptest.ResponseRecorder {
		return st.do(t, request{method: "GET", target: "/v1/certificates/" + buyer.CertificateID + "/" + doc, as: asOther})
	}
	for _, doc := range docs { // cached before the flag appears
		if rec := get(doc); rec.Code != 200 {
			t.Fatalf("%s before the flag: %d %s", doc, rec.Code, rec.Body)
		}
	}
	st.setStatus(t, fx.cert, "suspend", "surveillance audit overdue")
	v := MustData[struct {
		Status         string            `json:"status"`
		SupplierAlerts []json.RawMessage `json:"supplier_alerts"`
	}](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + buyer.CertificateID + "/verify"}), 200)
	if v.Status != "valid" || len(v.SupplierAlerts) == 0 {
		t.Fatalf("buyer certificate status %q with %d supplier alerts, want valid and flagged", v.Status, len(v.SupplierAlerts))
	}
	for _, doc := range docs {
		rec := get(doc)
		if rec.Code == 200 {
			t.Errorf("%s of a certificate flagged upstream: 200, a printable label; want 409 until the certifier reviews the flag", doc)
		}
		if e := MustError(t, rec, 409, "conflict"); e.Error.Field != "supplier_flags" {
			t.Errorf("%s: field %q, want supplier_flags", doc, e.Error.Field)
		} else if zh, _, _ := strings.Cut(e.Error.Message, "。"); strings.Contains(zh, "flagged upstream") || !strings.Contains(e.Error.Message, "供应链提示：其所依赖的一张供应商证书状态已变更") {
			// The reason in each half's language: the Chinese half quoted
			// it in English, Chinese in brackets.
			t.Errorf("%s: %q, want the reason in Chinese in the Chinese half", doc, e.Error.Message)
		}
	}
	if rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + buyer.CertificateID + "/review", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["the supplier's suspension does not touch this batch"]}`)}); rec.Code != 200 {
		t.Fatalf("review: %d %s", rec.Code, rec.Body)
	}
	for _, doc := range docs {
		if rec := get(doc); rec.Code != 200 {
			t.Errorf("%s once the flag is reviewed: %d %s", doc, rec.Code, rec.Body)
		}
	}
}

// Ensure the public lookup by number refuses what is not a number as
// printed in both languages (red team 55): a number typed in lower case,
// with a Cyrillic С or full-width digits (a Chinese input method's), or
// with a zero-width character, is not another certificate's, and the
// answer said so in English only.
func TestRedteam55_NumberLookupRefusesLookAlikesInBothLanguages(t *testing.T) {
	st := newSeededStack(t)
	for _, n := range []string{"cdpcf-2026-000001", "СDPCF-2026-000001", "CDPCF-2026-00000１", "CDPCF-2026-000001\u200b", "CDPCF‐2026-000001"} {
		e := MustError(t, st.do(t, request{method: "GET", target: "/v1/certificates/by-number/" + url.PathEscape(n) + "/verify"}), http.StatusBadRequest, "invalid")
		if e.Error.Field != "number" || !strings.Contains(e.Error.Message, "证书编号") || !strings.Contains(e.Error.Message, "invalid certificate number") {
			t.Errorf("%q: %+v, want 400 naming number in Chinese and English", n, e.Error)
		}
	}
}
