package api_test

import (
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
