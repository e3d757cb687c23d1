package api_test

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
)

// Ensure one lineage per study (issue 9 item 6): a second certificate for a
// study goes through an application that names the current one and
// supersedes it; a withdrawn one is replaced only with a visible link; a
// suspended one is not replaced; a certifier cannot reissue on its own.
func TestServer_OneLineagePerStudy(t *testing.T) {
	_, fs := MustOpenSeededFactors(t)
	st := newStack(t, fs)
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

	// A withdrawn one is replaced by naming it; it stays withdrawn, and
	// both verify pages show the link.
	decide(fx.cert, "withdraw", 200)
	MustError(t, st.do(t, *apply(fx.issuedStudy, "")), 409, "conflict")
	app := MustData[appData](t, st.do(t, *apply(fx.issuedStudy, fx.cert)), 201).ID
	next := MustData[issueData](t, st.do(t, request{method: "POST", target: "/v1/applications/" + app + "/issue", as: asCert}), 201)
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
	_, fs := MustOpenSeededFactors(t)
	st := newStack(t, fs)
	fx := st.seedFixture(t, "")
	supplier := MustData[certData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert, as: asMaker}), 200)

	// orgMaker2 builds on fx.cert: a study, an application, a certificate.
	buyerStudy := func(serial string) string {
		var doc map[string]any
		if err := json.Unmarshal(pvStudy(t, serial), &doc); err != nil {
			t.Fatal(err)
		}
		doc["bom"] = append(doc["bom"].([]any), map[string]any{"name": "supplied junction box", "quantity": 1, "unit": "piece", "stage": "A1", "supplier": supplier.Number})
		body, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		return MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asOther, contentType: "application/json", body: body}), 201).ID
	}
	apply := func(study string) string {
		return MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asOther, contentType: "application/json",
			body: []byte(`{"study_id":"` + study + `","certifier":"` + orgCertifier + `"}`)}), 201).ID
	}
	issue := func(app string) *httptest.ResponseRecorder {
		return st.do(t, request{method: "POST", target: "/v1/applications/" + app + "/issue", as: asCert})
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
	// …and publicly, without naming the supplier.
	verify := st.do(t, request{method: "GET", target: "/v1/certificates/" + buyer + "/verify"})
	if !strings.Contains(verify.Body.String(), `"supplier_alerts":[{"status":"withdrawn"`) ||
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
