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
