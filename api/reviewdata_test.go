package api_test

import (
	"testing"
)

// Ensure the review tells the certifier when the study applied for has the
// data of the holder's certificate withdrawn for cause (red team: the
// withdrawn study stored again under another model and applied for again
// was reviewed with the withdrawal listed as another record of the
// product, never as the same inventory): the demo module's certificate is
// withdrawn; the same study under a new model name is warned as the same
// data as the withdrawn certificate, naming it and the reason, and the
// review's digest read before the withdrawal no longer issues it (409,
// nothing written). The same study with one BOM quantity changed is not
// the same data.
func TestServer_ReviewSameDataAsAWithdrawnCertificate(t *testing.T) {
	st := newSeededStack(t)
	const reason = "falsified cell purchase records"
	old := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submitPV(t, "GEC-SAME-1", 1, nil)), "")), 201)
	app := st.apply(t, st.submitPV(t, "GEC-SAME-2", 1, nil)) // its own model, the same lines
	changed := st.apply(t, st.submitPV(t, "GEC-SAME-3", 1, func(doc map[string]any) {
		line := doc["bom"].([]any)[1].(map[string]any)
		line["quantity"] = line["quantity"].(float64) + 1
	}))
	if got := reviewWarningsWith(st.review(t, app), "study_id", "same data"); len(got) != 0 {
		t.Fatalf("the holder's certificate %s is valid: %+v", old.Number, got)
	}
	read := st.issueReq(t, app, "")
	st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + old.CertificateID + "/withdraw", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["` + reason + `"]}`)})

	v := st.review(t, app)
	if got := reviewWarningsWith(v, "study_id", "same data as withdrawn certificate "+old.Number, reason, "撤销"); len(got) != 1 {
		t.Fatalf("the withdrawn certificate's data under a new model: no review warning naming %s: %+v", old.Number, v.Review.Warnings)
	}
	before := st.certs.auditCount()
	if e := MustError(t, st.do(t, read), 409, "conflict"); e.Error.Field != "review_digest" {
		t.Fatalf("issue on the review read before the withdrawal: %+v", e)
	}
	if got := st.certs.auditCount(); got != before {
		t.Fatalf("audit events %d → %d after a refused issue", before, got)
	}
	if a := MustData[appData](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert}), 200); a.Status != "pending" {
		t.Fatalf("application %s after a refused issue", a.Status)
	}
	if got := reviewWarningsWith(st.review(t, changed), "study_id", "same data"); len(got) != 0 {
		t.Fatalf("a study with one BOM quantity changed: %+v", got)
	}
}

// Ensure the review tells the certifier when the study applied for has the
// data of the holder's rejected application on another study: the demo
// study is rejected, stored again as model DEMO-M10-54 PLUS and taken to
// another certifier.
func TestServer_ReviewSameDataAsARejectedApplication(t *testing.T) {
	st := newSeededStack(t)
	const reason = "cells figure not supported by evidence"
	v := st.reviewAfterRejection(t, reason, "GEC-SAME-REJ", "DEMO-M10-54 PLUS")
	if got := reviewWarningsWith(v, "study_id", "same data as rejected application", reason, "拒绝"); len(got) != 1 {
		t.Fatalf("the rejected study's data under a new model: no review warning: %+v", v.Review.Warnings)
	}
}
