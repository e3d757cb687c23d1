package api_test

import (
	"strings"
	"testing"
)

// Ensure a withdrawn certificate is not shed by renaming the model. The
// demo module's certificate is withdrawn (its figure unsupported); the same
// study with the model "DEMO-M10-54 PRO" (same holder, product name, codes,
// site, period, mass, power, area and figure) is applied for naming
// nothing, and certified at the same 150.1 kgCO2e as a first certificate:
// the review says nothing of the withdrawal (only the exemption warning the
// demo study always carries).
func TestRedteam9_WithdrawnShedByRenamingTheModel(t *testing.T) {
	st := newSeededStack(t)
	issued := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, demoSerial)), "")), 201)
	if rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + issued.CertificateID + "/withdraw", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["figure not supported by evidence"]}`)}); rec.Code != 200 {
		t.Fatalf("withdraw: %d %s", rec.Code, rec.Body)
	}
	renamed := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: setModel(pvStudy(t, "GEC-RT9-RENAMED"), "DEMO-M10-54 PRO")}), 201)
	rec := st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + renamed.ID + `","certifier":"` + orgCertifier + `"}`)})
	if rec.Code != 201 {
		return // refused: the withdrawal is not shed
	}
	v := st.review(t, MustData[appData](t, rec, 201).ID)
	for _, w := range v.Review.Warnings {
		if strings.Contains(w.Message, issued.Number) {
			return
		}
	}
	t.Fatalf("the withdrawn %s's study under model DEMO-M10-54 PRO: applied for, review without a word of the withdrawal: %+v", issued.Number, v.Review.Warnings)
}

// Ensure a study one certifier rejected is not taken, unseen, to another.
// The demo study's application is rejected by its certifier ("cells
// figure not supported by evidence"); the manufacturer applies for the
// same study to another certifier, whose review shows nothing of the
// rejection (only the exemption warning the demo study always carries),
// and that certifier issues it at 150.1 kgCO2e.
func TestRedteam9_RejectedStudyTakenToAnotherCertifier(t *testing.T) {
	st := newSeededStack(t)
	id := st.submit(t, demoSerial)
	const reason = "cells figure not supported by evidence"
	if rec := st.do(t, request{method: "POST", target: "/v1/applications/" + st.apply(t, id) + "/reject", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["` + reason + `"]}`)}); rec.Code != 200 {
		t.Fatalf("reject: %d %s", rec.Code, rec.Body)
	}
	rec := st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + id + `","certifier":"` + orgCert2 + `"}`)})
	if rec.Code != 201 {
		return // refused: the rejection stands
	}
	app := MustData[appData](t, rec, 201).ID
	v := MustData[appReview](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert2}), 200)
	for _, w := range v.Review.Warnings {
		if strings.Contains(w.Message, reason) || strings.Contains(strings.ToLower(w.Message), "reject") {
			return
		}
	}
	t.Fatalf("a study rejected by %s (%q) applied for to %s: review without a word of it: %+v", orgCertifier, reason, orgCert2, v.Review.Warnings)
}
