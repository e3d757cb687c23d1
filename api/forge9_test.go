package api_test

import (
	"encoding/json"
	"testing"
)

// Red team 9: a certificate whose supplier certificate was suspended is
// flagged upstream: the verify page shows "Valid (flagged upstream)", PACT
// withholds it and pcf verify --server says NOT VALID. Its holder should
// not get a fresh printable label for it until the certifier has reviewed
// the flag, as a suspended certificate gives none (409 naming status).
func TestForge9_LabelOfFlaggedCertificate(t *testing.T) {
	st := newSeededStack(t)
	st.srv.CertificateRenderer = fakeRenderer{}
	fx := st.seedFixture(t, "")
	rec := st.do(t, request{method: "POST", target: "/v1/studies", as: asOther, contentType: "application/json", body: buyerStudy(t, "GEC-FORGE9-1", fx.number)})
	studyID := MustData[studyData](t, rec, 201).ID
	app := MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asOther, contentType: "application/json",
		body: []byte(`{"study_id":"` + studyID + `","certifier":"` + orgCertifier + `"}`)}), 201).ID
	buyer := MustData[issueData](t, st.do(t, request{method: "POST", target: "/v1/applications/" + app + "/issue", as: asCert}), 201)
	if rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/suspend", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["surveillance audit overdue"]}`)}); rec.Code != 200 {
		t.Fatalf("suspend: %d %s", rec.Code, rec.Body)
	}
	v := MustData[struct {
		Status         string            `json:"status"`
		SupplierAlerts []json.RawMessage `json:"supplier_alerts"`
	}](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + buyer.CertificateID + "/verify"}), 200)
	if v.Status != "valid" || len(v.SupplierAlerts) == 0 {
		t.Fatalf("buyer certificate status %q with %d supplier alerts, want valid and flagged", v.Status, len(v.SupplierAlerts))
	}
	for _, doc := range []string{"label.pdf", "label.png"} {
		rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + buyer.CertificateID + "/" + doc, as: asOther})
		if rec.Code == 200 {
			t.Errorf("%s of a certificate flagged upstream: 200, a printable label; want 409 until the certifier reviews the flag", doc)
		}
	}
}
