package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
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
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.tb.Fatal(err)
	}
	return resp.StatusCode, b
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
	_, fs := MustOpenSeededFactors(t)
	st := newStack(t, fs)
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

	// 4. It issues; the answer carries the certificate ID.
	var issued issueData
	cert.data("POST", "/v1/applications/"+app.ID+"/issue", "application/json", []byte(`{"signatory":"Zhang San"}`), 201, &issued)
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
	keys, err := footprint.ParsePublicKeysJWKS(jwks)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := footprint.ParseSignedCertificate(v.Signed)
	if err != nil {
		t.Fatal(err)
	}
	if err := footprint.VerifyCertificate(sc, keys); err != nil {
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
	if len(events) != 2 || events[0].Action != footprint.AuditCertificateSuspend || events[1].Action != footprint.AuditCertificateIssue || events[0].Actor != orgCertifier {
		t.Fatalf("audit=%+v", events)
	}
}

// Ensure issue, suspend, withdraw and a superseding issue (audited as a
// reissue) each write exactly one audit event with their change, and that
// refused changes write neither.
func TestServer_DecisionsAtomicWithAudit(t *testing.T) {
	_, fs := MustOpenSeededFactors(t)
	st := newStack(t, fs)
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
	if got := events("certificate/" + fx.cert); len(got) != 1 || got[0] != footprint.AuditCertificateIssue {
		t.Fatalf("after issue: %v", got)
	}

	// A certifier without an approval number cannot issue: nothing changes.
	ctx := context.Background()
	if err := st.auth.CreateOrganization(ctx, &footprint.Organization{Name: "Unapproved Certifier", Role: footprint.RoleCertifier}); err != nil {
		t.Fatal(err)
	}
	token, _, err := st.auth.CreateAPIKey(ctx, "Unapproved Certifier")
	if err != nil {
		t.Fatal(err)
	}
	st.tokens["unapproved"] = token
	study := st.submit(t, "GEC-UNAPPROVED-1")
	app := MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + study + `","certifier":"Unapproved Certifier"}`)}), 201).ID
	before := st.certs.auditCount()
	MustError(t, st.do(t, request{method: "POST", target: "/v1/applications/" + app + "/issue", as: "unapproved"}), 400, "invalid")
	if got := MustData[appData](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: "unapproved"}), 200); got.Status != "pending" || st.certs.auditCount() != before {
		t.Fatalf("a refused issue changed the application (%s) or the audit trail", got.Status)
	}
	post("/v1/applications/"+fx.app+"/issue", `{"approval_number":"CNCA-R-2026-999"}`, 201)

	post(certPath+"/suspend", `{"reasons":["surveillance audit pending"]}`, 200)
	post(certPath+"/suspend", `{"reasons":["again"]}`, 409)
	post(certPath+"/reinstate", `{"reasons":["audit passed"]}`, 200)
	re := st.supersede(t, fx.issuedStudy, fx.cert, `{"approval_number":"CNCA-R-2026-999"}`)
	if re.Supersedes != fx.cert || re.Revision != 2 {
		t.Fatalf("reissue=%+v", re)
	}
	post(certPath+"/withdraw", `{"reasons":["superseded certificates are final"]}`, 409)
	post("/v1/certificates/"+re.CertificateID+"/withdraw", `{"reasons":["product discontinued"]}`, 200)
	post("/v1/certificates/"+re.CertificateID+"/reinstate", `{"reasons":["no"]}`, 409)

	if got, want := events("certificate/"+fx.cert), []string{footprint.AuditCertificateReinstate, footprint.AuditCertificateSuspend, footprint.AuditCertificateIssue}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("old certificate events=%v, want %v", got, want)
	}
	if got, want := events("certificate/"+re.CertificateID), []string{footprint.AuditCertificateWithdraw, footprint.AuditCertificateReissue}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("new certificate events=%v, want %v", got, want)
	}
	v := MustData[verifyData](t, st.do(t, request{method: "GET", target: certPath + "/verify"}), 200)
	if v.Status != "superseded" || v.SupersededBy != re.CertificateID {
		t.Fatalf("old certificate verify=%+v", v)
	}
}
