package api_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// auditHead is the audit trail's head, read as the regulator.
func (st *stack) auditHead(t *testing.T) access.AuditHead {
	t.Helper()
	return MustData[access.AuditHead](t, st.do(t, request{method: "GET", target: "/v1/audit/head", as: asReg}), 200)
}

// Ensure the holder's product taken to two bodies at once under two model
// names with one GTIN is not certified twice (red team 67, reproduced on
// pcf serve): the demo laptop as "DEMO-NB13" with GTIN 06901234567892 to
// orgCertifier and as "NX-1" with the GTIN and 5 % less use-stage energy
// to orgCert2; orgCertifier issued, and orgCert2's review then said
// nothing of the standing certificate (a peer is compared from 10 % down)
// and orgCert2 issued beside it: two valid certificates of one trade item
// at two figures. Now the review warns at supersedes (code
// gtin_certificate_stands, both languages, naming the certificate), and
// the issue is refused 409 naming supersedes, nothing written.
func TestRedteam67_OneGTINTwoBodiesTwoFigures(t *testing.T) {
	st := newSeededStack(t)
	first := st.apply(t, st.submitLaptopGTIN(t, "DEMO-NB13", shopGTIN, 1))
	second := MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + st.submitLaptopGTIN(t, "NX-1", shopGTIN, 0.95) + `","certifier":"` + orgCert2 + `"}`)}), 201).ID
	old := MustData[issueData](t, st.do(t, st.issueReq(t, first, "")), 201)

	v := st.reviewAs(t, asCert2, second)
	var stands []reviewWarning
	for _, w := range v.Review.Warnings {
		if w.Code == "gtin_certificate_stands" && w.Path == "supersedes" && strings.Contains(w.Message, old.Number) && strings.Contains(w.MessageZH, old.Number) &&
			strings.Contains(w.Message, "the issue is refused") && strings.Contains(w.MessageZH, "签发将被拒绝") {
			stands = append(stands, w)
		}
	}
	if len(stands) != 1 {
		t.Fatalf("review of %s beside %s of the same GTIN: %+v", second, old.Number, v.Review.Warnings)
	}
	digest := MustData[struct {
		Review struct{ Digest string } `json:"review"`
	}](t, st.do(t, request{method: "GET", target: "/v1/applications/" + second, as: asCert2}), 200).Review.Digest
	before := st.auditHead(t)
	rec := st.do(t, request{method: "POST", target: "/v1/applications/" + second + "/issue", as: asCert2, contentType: "application/json",
		body: footprinttest.JSONWith(t, `{"signatory":"Zhang San"}`, "review_digest", digest)})
	if e := MustError(t, rec, 409, "conflict"); e.Error.Field != "supersedes" || !strings.Contains(e.Error.Message, old.Number) {
		t.Fatalf("issued beside %s: %+v", old.Number, e)
	}
	if after := st.auditHead(t); after != before {
		t.Fatalf("refused, and the trail moved from %+v to %+v", before, after)
	}
}

// Ensure the review says when an application supersedes a certificate of
// its very study (red team 67): the demo module certified, then the same
// study applied for again superseding it, to be issued just before the
// first expires; the review said nothing, and the new certificate states
// the same data for two years from its own issue. Now a warning at
// supersedes (code same_study_reissue, both languages) names the
// certificate, its validity and the new one's; a successor of another
// study gets none.
func TestRedteam67_SameStudyReissueExtendsValidity(t *testing.T) {
	st := newSeededStack(t)
	study := st.postPV(t, "GEC-RT67-R", demoModel("GEC-RT67-R"), 1, nil).ID
	old := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, study), "")), 201)
	reissues := func(v appReview) []reviewWarning {
		var out []reviewWarning
		for _, w := range v.Review.Warnings {
			if w.Code == "same_study_reissue" && w.Path == "supersedes" && strings.Contains(w.Message, old.Number) && strings.Contains(w.MessageZH, old.Number) &&
				strings.Contains(w.Message, "validity counted afresh") && strings.Contains(w.MessageZH, "有效期重新起算") {
				out = append(out, w)
			}
		}
		return out
	}
	same := st.applySuperseding(t, study, old.CertificateID)
	if got := reissues(st.review(t, same)); len(got) != 1 {
		t.Fatalf("the same study superseding %s: %+v", old.Number, st.review(t, same).Review.Warnings)
	}
	MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications/" + same + "/reject", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["no new data"]}`)}), 200)
	next := st.applySuperseding(t, st.postPV(t, "GEC-RT67-S", demoModel("GEC-RT67-R"), 1.1, nil).ID, old.CertificateID)
	if got := reissues(st.review(t, next)); len(got) != 0 {
		t.Fatalf("another study superseding %s: %+v", old.Number, got)
	}
}

// Ensure the review names the holder's product certified at another body
// meanwhile under another model name (red team 67, reproduced on pcf
// serve): the demo module applied for as "JM-550" to orgCertifier and as
// "KX-900" (the same mass, power, area and cells, less production
// electricity: 147.9 against 151.1 kgCO2e) to orgCert2; while both were
// pending each review named the other (pending_same_product), but once
// orgCertifier issued, orgCert2's review named nothing (a peer is
// compared from 10 % down) and orgCert2 issued beside it. Now it names
// the certificate (code certified_same_product, both languages), and an
// issue on a review read before that certificate was issued is refused
// 409 naming review_digest.
func TestRedteam67_SameProductCertifiedAtAnotherBodyMeanwhile(t *testing.T) {
	st := newSeededStack(t)
	noGreen := func(doc map[string]any) { delete(doc["electricity"].([]any)[0].(map[string]any), "instruments") }
	first := st.apply(t, st.postPV(t, "GEC-RT67-J", "JM-550", 1, noGreen).ID)
	second := MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + st.postPV(t, "GEC-RT67-K", "KX-900", 0.2, noGreen).ID + `","certifier":"` + orgCert2 + `"}`)}), 201).ID
	stale := MustData[struct {
		Review struct{ Digest string } `json:"review"`
	}](t, st.do(t, request{method: "GET", target: "/v1/applications/" + second, as: asCert2}), 200).Review.Digest
	if got := shoppedWarnings(st.reviewAs(t, asCert2, second), "product"); len(got) != 1 {
		t.Fatalf("both pending: %+v", got)
	}
	old := MustData[issueData](t, st.do(t, st.issueReq(t, first, "")), 201)
	v := st.reviewAs(t, asCert2, second)
	var named []reviewWarning
	for _, w := range v.Review.Warnings {
		if w.Code == "certified_same_product" && w.Path == "product" && strings.Contains(w.Message, old.CertificateID) && strings.Contains(w.MessageZH, old.CertificateID) &&
			strings.Contains(w.Message, orgCertifier) && strings.Contains(w.Message, "JM-550") {
			named = append(named, w)
		}
	}
	if len(named) != 1 {
		t.Fatalf("review of KX-900 after %s (JM-550) was issued by %s: %+v", old.Number, orgCertifier, v.Review.Warnings)
	}
	rec := st.do(t, request{method: "POST", target: "/v1/applications/" + second + "/issue", as: asCert2, contentType: "application/json",
		body: footprinttest.JSONWith(t, `{"signatory":"Zhang San"}`, "review_digest", stale)})
	if e := MustError(t, rec, 409, "conflict"); e.Error.Field != "review_digest" {
		t.Fatalf("issued on the review read before %s: %+v", old.Number, e)
	}
}
