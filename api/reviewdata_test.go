package api_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/seed/seedtest"
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
	// One transport distance nudged (80 → 80.0001 km): the same printed
	// figure, which escaped a comparison to 1e-9 (red team).
	nudged := st.apply(t, st.submitPV(t, "GEC-SAME-4", 1, func(doc map[string]any) {
		distance := doc["transport"].([]any)[2].(map[string]any)["distance"].(map[string]any)
		distance["value"] = distance["value"].(float64) + 0.0001
	}))
	// The front glass +5 %: one source changed, the total by less.
	glass := st.apply(t, st.submitPV(t, "GEC-SAME-5", 1, func(doc map[string]any) {
		line := doc["bom"].([]any)[0].(map[string]any)["children"].([]any)[0].(map[string]any)
		line["quantity"] = line["quantity"].(float64) * 1.05
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
	for name, id := range map[string]string{"one BOM quantity changed": changed, "its front glass +5 %": glass} {
		if got := reviewWarningsWith(st.review(t, id), "study_id", "same data"); len(got) != 0 {
			t.Fatalf("a study with %s: %+v", name, got)
		}
	}
	if got := reviewWarningsWith(st.review(t, nudged), "study_id", "same data as withdrawn certificate "+old.Number, "or within 1 % of it", reason); len(got) != 1 {
		t.Fatalf("the withdrawn certificate's data with one distance 0.0001 km longer: no review warning naming %s", old.Number)
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

// Ensure the same data are told under another product too: the demo
// laptop (HS 847130) is certified and withdrawn; the same study as model
// NB13-X under HS 847141, another product under the electronics rule of
// chapters, is none of the holder's records of the product, so the
// withdrawal changed nothing in its review but this warning: the digest
// read before it no longer issues.
func TestServer_ReviewSameDataUnderAnotherProduct(t *testing.T) {
	st := newSeededStack(t)
	submit := func(model, code string) string { return st.submitLaptop(t, model, code) }
	old := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, submit("DEMO-NB13", "HS:847130")), "")), 201)
	app := st.apply(t, submit("NB13-X", "HS:847141"))
	read := st.issueReq(t, app, "")
	st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + old.CertificateID + "/withdraw", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["falsified meter readings"]}`)})
	if v := st.review(t, app); len(reviewWarningsWith(v, "study_id", "same data as withdrawn certificate "+old.Number, "falsified meter readings")) != 1 {
		t.Fatalf("the withdrawn laptop's data under HS 847141: no review warning naming %s: %+v", old.Number, v.Review.Warnings)
	}
	if e := MustError(t, st.do(t, read), 409, "conflict"); e.Error.Field != "review_digest" {
		t.Fatalf("issue on the review read before the withdrawal: %+v", e)
	}
}

// Ensure the review names a withdrawn certificate of another holder whose
// data the study has (red team 18): the demo module certified for Demo
// Module Co. and withdrawn for falsified data, then its study stored by
// Other Maker Ltd. (a company registered anew by the same people) under
// another model and green-certificate batch and applied for: the review
// compared the holder's own certificates only and said nothing. A study of
// other data by the other holder gets no such warning.
func TestServer_ReviewSameDataAsAnotherHoldersWithdrawnCertificate(t *testing.T) {
	st := newSeededStack(t)
	const reason = "falsified cell purchase records"
	old := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submitPV(t, "GEC-XH-1", 1, nil)), "")), 201)
	st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + old.CertificateID + "/withdraw", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["` + reason + `"]}`)})

	_, app := st.applyAsOther(t, pvStudy(t, "GEC-XH-2"))
	v := st.review(t, app)
	if got := reviewWarningsWith(v, "study_id", "same data as withdrawn certificate "+old.Number, "another holder, "+orgMaker, reason, "另一持证方"); len(got) != 1 {
		t.Fatalf("another holder's withdrawn certificate's data: no review warning naming %s: %+v", old.Number, v.Review.Warnings)
	}
	doc := mustDoc(t, pvStudy(t, "GEC-XH-3"))
	line := doc["bom"].([]any)[0].(map[string]any)["children"].([]any)[0].(map[string]any)
	line["quantity"] = line["quantity"].(float64) * 1.05 // the front glass +5 %: other data
	_, other := st.applyAsOther(t, seedtest.MustMarshal(t, doc))
	if got := reviewWarningsWith(st.review(t, other), "study_id", "same data"); len(got) != 0 {
		t.Fatalf("other data of the other holder: %+v", got)
	}
}

// Ensure the review names a rejected application of another applicant, or
// of the holder under an unrelated product code, whose data the study has
// (red team 18): the demo module's application rejected, then its data
// applied for by Other Maker Ltd. under another model; and the demo
// laptop (HS 847130) rejected, then applied for again by its holder as
// HS 847141, which the review's rejections by product did not reach under
// a rule of chapters. Another applicant's rejection is named by ID and
// certifier, never its holder or reasons (a rejection is not public).
func TestServer_ReviewSameDataAsARejectionElsewhere(t *testing.T) {
	st := newSeededStack(t)
	const reason = "cells figure not supported by evidence"
	reject := func(app string) {
		st.mustDo(t, request{method: "POST", target: "/v1/applications/" + app + "/reject", as: asCert, contentType: "application/json",
			body: []byte(`{"reasons":["` + reason + `"]}`)})
	}
	rejected := st.apply(t, st.submitPV(t, "GEC-RJ-1", 1, nil))
	reject(rejected)
	_, app := st.applyAsOther(t, pvStudy(t, "GEC-RJ-2"))
	v := st.review(t, app)
	if got := reviewWarningsWith(v, "study_id", "same data as rejected application "+rejected+" of another applicant", "rejected by "+orgCertifier, "另一申请方"); len(got) != 1 {
		t.Fatalf("another applicant's rejected data: no review warning naming %s: %+v", rejected, v.Review.Warnings)
	}
	if got := reviewWarningsWith(v, "study_id", reason); len(got) != 0 {
		t.Fatalf("another applicant's rejection reasons shown: %+v", got)
	}

	submit := func(model, code string) string { return st.submitLaptop(t, model, code) }
	laptop := st.apply(t, submit("DEMO-NB13", "HS:847130"))
	reject(laptop)
	again := st.apply(t, submit("NB13-X", "HS:847141"))
	if got := reviewWarningsWith(st.review(t, again), "study_id", "same data as rejected application "+laptop+" (study", "of the holder", reason); len(got) != 1 {
		t.Fatalf("the holder's rejected laptop under another code: no review warning naming %s", laptop)
	}
}

// submitLaptop posts the demo laptop study as model under product code
// code, as orgMaker, and returns its ID.
func (st *stack) submitLaptop(t *testing.T, model, code string) string {
	t.Helper()
	doc := seedtest.StudyDoc(t, "laptop")
	product := doc["product"].(map[string]any)
	product["model"], product["product_codes"] = model, []any{code}
	return MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: seedtest.MustMarshal(t, doc)}), 201).ID
}
