package api_test

import (
	"net/http"
	"slices"
	"testing"
)

// Ensure a certificate whose study used a supplier's PACT footprint that
// its data owner updated since is in the regulator's queue of flagged
// certificates (GET /v1/certificates?flagged=true, and the regulator's
// overview page built on the same filter) until its certifier reviews it
// (red team 55, open item 2): red team 48 made its JSON say so, but the
// queue listed supplier certificates' status changes only, so nobody was
// led to it. The review clears it from the queue; it stays valid
// throughout (the figure was right on the footprint of its day).
func TestRedteam55_PACTChangeIsInTheFlaggedQueue(t *testing.T) {
	st := newSeededStack(t)
	const id = "55a0c6a7-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	st.storeSupplierDoc(t, supplierDocV2(id, 1, "4.2"))
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.supplierStudy(t, "GEC-RT55-PACT", "pact:"+id)), "")), 201).CertificateID
	listed := func(query string) bool {
		type row struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		}
		rows := MustData[[]row](t, st.do(t, request{method: "GET", target: "/v1/certificates?limit=500&" + query, as: asReg}), 200)
		return slices.ContainsFunc(rows, func(r row) bool { return r.ID == cert })
	}
	if listed("flagged=true") || !listed("flagged=false") {
		t.Fatal("before the update: the certificate is flagged, want not")
	}
	st.storeSupplierDoc(t, supplierDocV2(id, 2, "8.4"))
	if !listed("flagged=true") {
		t.Error("after the supplier's update: GET /v1/certificates?flagged=true does not list the certificate")
	}
	if listed("flagged=false") {
		t.Error("after the supplier's update: GET /v1/certificates?flagged=false lists the certificate")
	}
	if !listed("flagged=true&status=valid") {
		t.Error("the flagged certificate is not valid any more: it keeps its status")
	}
	if rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + cert + "/review", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["supplier's version 2 checked: the issued figure stands for its period"]}`)}); rec.Code != http.StatusOK {
		t.Fatalf("the certifier's review of the change: %d %.300s, want 200", rec.Code, rec.Body)
	}
	if listed("flagged=true") || !listed("flagged=false") {
		t.Error("after the certifier's review: still in the flagged queue")
	}
}
