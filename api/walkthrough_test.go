package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// client is a tiny HTTP client for the walk-through: what curl does in
// docs/api.md.
type client struct {
	tb    testing.TB
	base  string
	token string
}

func (c client) call(method, path, contentType string, body []byte) (int, []byte) {
	c.tb.Helper()
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, c.base+path, r)
	if err != nil {
		c.tb.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	status, _, b := footprinttest.Do(c.tb, http.DefaultClient, req)
	return status, b
}

func (c client) data(method, path, contentType string, body []byte, want int, v any) {
	c.tb.Helper()
	status, b := c.call(method, path, contentType, body)
	if status != want {
		c.tb.Fatalf("%s %s: status=%d, want %d: %s", method, path, status, want, b)
	}
	if v == nil {
		return
	}
	if err := json.Unmarshal(b, &struct {
		Data any `json:"data"`
	}{Data: v}); err != nil {
		c.tb.Fatalf("%s %s: %v: %s", method, path, err, b)
	}
}

// Ensure the README walk-through works over real HTTP: a manufacturer
// submits the demo PV module, applies; the certifier reviews the trace and
// issues; a regulator finds the certificate by HS code; anyone verifies it,
// online and offline with the published key; a suspension shows at once and
// is in the audit trail.
func TestWalkthrough(t *testing.T) {
	st := newSeededStack(t)
	ts := httptest.NewServer(st.srv)
	defer ts.Close()
	maker := client{t, ts.URL, st.tokens[asMaker]}
	cert := client{t, ts.URL, st.tokens[asCert]}
	reg := client{t, ts.URL, st.tokens[asReg]}
	anyone := client{t, ts.URL, ""}

	// 1. The manufacturer submits seed/studies/pv-module.json.
	studyDoc, err := os.ReadFile("../seed/studies/pv-module.json")
	if err != nil {
		t.Fatal(err)
	}
	var study studyData
	maker.data("POST", "/v1/studies", "application/json", studyDoc, 201, &study)
	if study.KgCO2e == nil || *study.KgCO2e <= 0 || len(study.Result) == 0 {
		t.Fatalf("study=%+v", study)
	}

	// 2. It applies to the certifier.
	var app appData
	maker.data("POST", "/v1/applications", "application/json",
		[]byte(`{"study_id":"`+study.ID+`","certifier":"`+orgCertifier+`"}`), 201, &app)

	// 3. The certifier finds the application and reviews the full trace.
	var pending []appData
	cert.data("GET", "/v1/applications?status=pending", "", nil, 200, &pending)
	if len(pending) != 1 || pending[0].ID != app.ID {
		t.Fatalf("pending=%+v", pending)
	}
	var review appData
	cert.data("GET", "/v1/applications/"+app.ID, "", nil, 200, &review)
	var trace struct {
		Factors []struct {
			Code   string `json:"code"`
			Source any    `json:"source"`
		} `json:"factors"`
	}
	if review.Study == nil || json.Unmarshal(review.Study.Result, &trace) != nil || len(trace.Factors) == 0 {
		t.Fatalf("review lacks the calculation trace: %+v", review.Study)
	}

	// 4. It issues, naming the review it read; the answer carries the
	// certificate ID.
	var issued issueData
	cert.data("POST", "/v1/applications/"+app.ID+"/issue", "application/json", []byte(`{"signatory":"Zhang San","review_digest":"`+review.Review.Digest+`"}`), 201, &issued)
	if issued.CertificateID == "" || !strings.HasPrefix(issued.Number, "CDPCF-2026-") || issued.KgCO2e != *study.KgCO2e {
		t.Fatalf("issued=%+v", issued)
	}

	// 5. The regulator finds it by HS code (prefix 8541 finds 854143).
	for _, code := range []string{"HS:854143", "8541"} {
		var found []certData
		reg.data("GET", "/v1/certificates?product_code="+code, "", nil, 200, &found)
		if len(found) != 1 || found[0].ID != issued.CertificateID || found[0].Manufacturer != orgMaker {
			t.Fatalf("product_code=%s: %+v", code, found)
		}
	}
	var none []certData
	reg.data("GET", "/v1/certificates?product_code=8471", "", nil, 200, &none)
	if len(none) != 0 {
		t.Fatalf("HS 8471 found %+v", none)
	}

	// 6. Anyone verifies it: online, and offline with the published keys.
	var v verifyData
	anyone.data("GET", "/v1/certificates/"+issued.CertificateID+"/verify", "", nil, 200, &v)
	if v.Status != "valid" || !v.SignatureValid || v.Number != issued.Number {
		t.Fatalf("verify=%+v", v)
	}
	status, jwks := anyone.call("GET", "/v1/keys", "", nil)
	if status != 200 {
		t.Fatalf("keys: %d", status)
	}
	keys := footprinttest.PublicKeys(t, jwks)
	sc, err := certification.ParseSignedCertificate(v.Signed)
	if err != nil {
		t.Fatal(err)
	}
	if err := certification.VerifyCertificate(sc, keys); err != nil {
		t.Fatalf("offline verification: %v", err)
	}
	if got, want := sc.Certificate.KgCO2e, *study.KgCO2e; got != want {
		t.Fatalf("signed kg_co2e=%v, want %v", got, want)
	}

	// 7. A suspension shows at once, and the audit trail has both decisions.
	cert.data("POST", "/v1/certificates/"+issued.CertificateID+"/suspend", "application/json", []byte(`{"reasons":["annual surveillance overdue"]}`), 200, nil)
	anyone.data("GET", "/v1/certificates/"+issued.CertificateID+"/verify", "", nil, 200, &v)
	if v.Status != "suspended" {
		t.Fatalf("status after suspension=%q", v.Status)
	}
	var events []struct {
		Action, Actor, Subject string
	}
	reg.data("GET", "/v1/audit?subject=certificate/"+issued.CertificateID, "", nil, 200, &events)
	if len(events) != 2 || events[0].Action != access.AuditCertificateSuspend || events[1].Action != access.AuditCertificateIssue || events[0].Actor != orgCertifier {
		t.Fatalf("audit=%+v", events)
	}
}

// Ensure issue, suspend, withdraw and a superseding issue (audited as a
// reissue) each write exactly one audit event with their change, and that
// refused changes write neither.
func TestServer_DecisionsAtomicWithAudit(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	events := func(subject string) []string {
		t.Helper()
		evs := MustData[[]struct{ Action string }](t, st.do(t, request{method: "GET", target: "/v1/audit?subject=" + subject, as: asReg}), 200)
		var out []string
		for _, e := range evs {
			out = append(out, e.Action)
		}
		return out
	}
	post := func(path, body string, want int) *httptest.ResponseRecorder {
		t.Helper()
		ct := ""
		if body != "" {
			ct = "application/json"
		}
		rec := st.do(t, request{method: "POST", target: path, as: asCert, contentType: ct, body: []byte(body)})
		if rec.Code != want {
			t.Fatalf("POST %s: status=%d, want %d: %s", path, rec.Code, want, rec.Body)
		}
		return rec
	}
	certPath := "/v1/certificates/" + fx.cert
	if got := events("certificate/" + fx.cert); len(got) != 1 || got[0] != access.AuditCertificateIssue {
		t.Fatalf("after issue: %v", got)
	}

	// A certifier without an approval number cannot issue: nothing changes.
	st.tokens["unapproved"] = st.MustAddOrganization(t, access.Organization{Name: "Unapproved Certifier", Role: access.RoleCertifier})
	study := st.submit(t, "GEC-UNAPPROVED-1")
	app := MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + study + `","certifier":"Unapproved Certifier"}`)}), 201).ID
	before := st.certs.auditCount()
	digest := MustData[appData](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: "unapproved"}), 200).Review.Digest
	MustError(t, st.do(t, request{method: "POST", target: "/v1/applications/" + app + "/issue", as: "unapproved", contentType: "application/json", body: []byte(`{"signatory":"Zhang San","review_digest":"` + digest + `"}`)}), 400, "invalid")
	if got := MustData[appData](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: "unapproved"}), 200); got.Status != "pending" || st.certs.auditCount() != before {
		t.Fatalf("a refused issue changed the application (%s) or the audit trail", got.Status)
	}
	post("/v1/applications/"+fx.app+"/issue", string(st.issueReq(t, fx.app, `{"signatory":"Zhang San","approval_number":"CNCA-R-2026-999"}`).body), 201)

	post(certPath+"/suspend", `{"reasons":["surveillance audit pending"]}`, 200)
	post(certPath+"/suspend", `{"reasons":["again"]}`, 409)
	post(certPath+"/reinstate", `{"reasons":["audit passed"]}`, 200)
	re := st.supersede(t, fx.issuedStudy, fx.cert, `{"signatory":"Zhang San","approval_number":"CNCA-R-2026-999"}`)
	if re.Supersedes != fx.cert || re.Revision != 2 {
		t.Fatalf("reissue=%+v", re)
	}
	// Its certifier may still withdraw a superseded certificate for cause
	// (red team 23: a reissue elsewhere shed the withdrawal), and then
	// not reinstate it.
	post(certPath+"/withdraw", `{"reasons":["data falsified, found after the reissue"]}`, 200)
	post(certPath+"/reinstate", `{"reasons":["no"]}`, 409)
	post("/v1/certificates/"+re.CertificateID+"/withdraw", `{"reasons":["product discontinued"]}`, 200)
	post("/v1/certificates/"+re.CertificateID+"/reinstate", `{"reasons":["no"]}`, 409)

	if got, want := events("certificate/"+fx.cert), []string{access.AuditCertificateWithdraw, access.AuditCertificateReinstate, access.AuditCertificateSuspend, access.AuditCertificateIssue}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("old certificate events=%v, want %v", got, want)
	}
	// The successor was flagged when its predecessor was withdrawn.
	if got, want := events("certificate/"+re.CertificateID), []string{access.AuditCertificateWithdraw, access.AuditCertificateFlag, access.AuditCertificateReissue}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("new certificate events=%v, want %v", got, want)
	}
	v := MustData[verifyData](t, st.do(t, request{method: "GET", target: certPath + "/verify"}), 200)
	if v.Status != "withdrawn" {
		t.Fatalf("old certificate verify=%+v", v)
	}
}

// Ensure one lineage per study (issue 9 item 6): a second certificate for a
// study goes through an application that names the current one and
// supersedes it; a withdrawn one is replaced only with a visible link, from
// a new study of the model (its own study is not certified again); a
// suspended one is not replaced; a certifier cannot reissue on its own.
func TestServer_OneLineagePerStudy(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	apply := func(study, supersedes string) *request {
		body := `{"study_id":"` + study + `","certifier":"` + orgCertifier + `"`
		if supersedes != "" {
			body += `,"supersedes":"` + supersedes + `"`
		}
		return &request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json", body: []byte(body + "}")}
	}
	type lineage struct {
		Status       string `json:"status"`
		Supersedes   string `json:"supersedes"`
		SupersededBy string `json:"superseded_by"`
	}
	verify := func(id string) lineage {
		t.Helper()
		return MustData[lineage](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + id + "/verify"}), 200)
	}

	// The study of fx.cert has a valid certificate: a plain second
	// application is refused, naming what it must supersede.
	e := MustError(t, st.do(t, *apply(fx.issuedStudy, "")), 409, "conflict")
	if e.Error.Field != "supersedes" {
		t.Fatalf("field %q: %s", e.Error.Field, e.Error.Message)
	}
	// A certifier cannot replace a certificate without an application.
	MustError(t, st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/reissue", as: asCert}), 404, "not_found")

	// A suspended certificate is not replaced.
	decide := func(id, action string, want int) {
		t.Helper()
		rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + id + "/" + action, as: asCert, contentType: "application/json", body: []byte(`{"reasons":["test"]}`)})
		if rec.Code != want {
			t.Fatalf("%s: %d %s", action, rec.Code, rec.Body)
		}
	}
	decide(fx.cert, "suspend", 200)
	MustError(t, st.do(t, *apply(fx.issuedStudy, fx.cert)), 409, "conflict")

	// A withdrawn one is replaced by naming it, from a new study of the
	// model (its own study is not certified again); it stays withdrawn,
	// and both verify pages show the link.
	decide(fx.cert, "withdraw", 200)
	MustError(t, st.do(t, *apply(fx.issuedStudy, "")), 409, "conflict")
	if e := MustError(t, st.do(t, *apply(fx.issuedStudy, fx.cert)), 409, "conflict"); e.Error.Field != "study_id" {
		t.Fatalf("field %q: %s", e.Error.Field, e.Error.Message)
	}
	study := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: setModel(pvStudy(t, "GEC-LINEAGE-2"), demoModel("GEC-FX-2"))}), 201).ID // the model of fx.issuedStudy
	app := MustData[appData](t, st.do(t, *apply(study, fx.cert)), 201).ID
	next := MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201)
	if next.Supersedes != fx.cert || next.Revision != 2 {
		t.Fatalf("new certificate %+v", next)
	}
	if v := verify(fx.cert); v.Status != "withdrawn" || v.SupersededBy != next.CertificateID {
		t.Fatalf("withdrawn certificate: %+v", v)
	}
	if v := verify(next.CertificateID); v.Status != "valid" || v.Supersedes != fx.cert {
		t.Fatalf("its successor: %+v", v)
	}
}

// Ensure the supply chain holds over the API (issue 9 item 7): a supplier
// certificate issued in 2026 for 2025 data serves a 2025 study; no
// certificate is issued on a withdrawn supplier certificate; and a
// certificate issued on one that is withdrawn afterwards is flagged for its
// certifier (record, queue, audit) and on its public verify page, without
// naming the supplier, until the certifier reviews it.
func TestServer_SupplyChain(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	supplier := MustData[certData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert, as: asMaker}), 200)

	// orgMaker2 builds on fx.cert: a study, an application, a certificate.
	buyerStudy := func(serial string) string {
		body := withBOMLines(t, pvStudy(t, serial), suppliedLine("supplied junction box", supplier.Number))
		return MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asOther, contentType: "application/json", body: body}), 201).ID
	}
	apply := func(study string) string {
		return MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asOther, contentType: "application/json",
			body: []byte(`{"study_id":"` + study + `","certifier":"` + orgCertifier + `"}`)}), 201).ID
	}
	issue := func(app string) *httptest.ResponseRecorder {
		return st.do(t, st.issueReq(t, app, ""))
	}
	buyer := MustData[issueData](t, issue(apply(buyerStudy("GEC-BUY-1"))), 201).CertificateID
	pending := apply(buyerStudy("GEC-BUY-2"))

	rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/withdraw", as: asCert, contentType: "application/json", body: []byte(`{"reasons":["data falsified"]}`)})
	if rec.Code != 200 {
		t.Fatalf("withdraw: %d %s", rec.Code, rec.Body)
	}

	// No new certificate on the withdrawn supplier certificate.
	if e := MustError(t, issue(pending), 409, "conflict"); !strings.Contains(e.Error.Message, supplier.Number) {
		t.Fatalf("message %q", e.Error.Message)
	}

	// The certificate issued on it is flagged where its certifier looks…
	type flagged struct {
		ID            string `json:"id"`
		SupplierFlags []struct {
			Number string `json:"number"`
			Status string `json:"status"`
		} `json:"supplier_flags"`
	}
	got := MustData[flagged](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + buyer, as: asCert}), 200)
	if len(got.SupplierFlags) != 1 || got.SupplierFlags[0].Number != supplier.Number || got.SupplierFlags[0].Status != "withdrawn" {
		t.Fatalf("flags %+v", got)
	}
	queue := MustData[[]flagged](t, st.do(t, request{method: "GET", target: "/v1/certificates?flagged=true", as: asCert}), 200)
	if len(queue) != 1 || queue[0].ID != buyer {
		t.Fatalf("queue %+v", queue)
	}
	events := MustData[[]struct{ Action string }](t, st.do(t, request{method: "GET", target: "/v1/audit?subject=certificate/" + buyer, as: asReg}), 200)
	if len(events) == 0 || events[0].Action != "certificate.flag" {
		t.Fatalf("events %+v", events)
	}
	// …and publicly, without naming the supplier, its status or the
	// time it changed (red team 19).
	verify := st.do(t, request{method: "GET", target: "/v1/certificates/" + buyer + "/verify"})
	if !strings.Contains(verify.Body.String(), `"supplier_alerts":[{"code":"supplier_changed","review":"pending"}]`) ||
		strings.Contains(verify.Body.String(), supplier.Number) || strings.Contains(verify.Body.String(), fx.cert) {
		t.Fatalf("verify %s", verify.Body)
	}

	// The certifier reviews and keeps it: the flag goes, with a record.
	rec = st.do(t, request{method: "POST", target: "/v1/certificates/" + buyer + "/review", as: asCert, contentType: "application/json", body: []byte(`{"reasons":["the junction box is below the cut-off"]}`)})
	if rec.Code != 200 {
		t.Fatalf("review: %d %s", rec.Code, rec.Body)
	}
	if got := MustData[flagged](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + buyer, as: asCert}), 200); len(got.SupplierFlags) != 0 {
		t.Fatalf("flags after review %+v", got)
	}
	if strings.Contains(st.do(t, request{method: "GET", target: "/v1/certificates/" + buyer + "/verify"}).Body.String(), "supplier_alerts") {
		t.Fatal("the public alert stays after the review")
	}
}
