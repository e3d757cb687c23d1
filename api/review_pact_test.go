package api_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// Ensure the certifier's review of an application shows, beside the
// supplier certificates, every supplier PACT footprint the study uses
// (issue 11 "In": "the certifier sees them"): its id, PACT spec version and
// version, the supplier, product and figure per declared unit; a pact:
// reference is not listed as a supplier certificate that was not found.
func TestServer_ApplicationReview_PACTFootprint(t *testing.T) {
	st := newSeededStack(t)
	const id = "9c0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	// A PACT 2 footprint in its version 2, 4.2 kgCO2e per kilogram (test
	// data for a fictitious supplier).
	doc := footprinttest.SupplierPACT2(id, 2, "4.2")
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: doc}), 201)
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-REVIEW-PACT", "pact:"+id, "kg")}), 201)
	app := st.apply(t, sd.ID)

	v := st.review(t, app)
	if v.Review == nil || len(v.Review.PACT) != 1 {
		t.Fatalf("review %+v", v.Review)
	}
	if len(v.Review.Suppliers) != 0 {
		t.Fatalf("a PACT footprint listed as a supplier certificate: %+v", v.Review.Suppliers)
	}
	p := v.Review.PACT[0]
	if p.Ref != "pact:"+id || p.ID != id || p.SpecVersion != "2.3.0" || p.Version == nil || *p.Version != 2 ||
		p.Supplier != "Supplier AG" || p.Product != "JB-1 junction box" || p.KgCO2e != 4.2 || p.Unit != "kg" || p.Status != "active" {
		t.Fatalf("PACT footprint in the review %+v", p)
	}
	// An uploaded document is the manufacturer's copy: the review says who
	// uploaded it and that no supplier host was asked.
	if p.UploadedBy != orgMaker || p.FetchedFrom != "" {
		t.Fatalf("provenance of an uploaded footprint: uploaded_by %q, fetched_from %q", p.UploadedBy, p.FetchedFrom)
	}

	// The certifier's page shows it too, with the warning that an upload
	// is the manufacturer's copy.
	u := st.signedIn(t, asCert)
	rec := u.get("/work/applications/" + app)
	if rec.Code != 200 {
		t.Fatalf("review page: %d", rec.Code)
	}
	body := rec.Body.String()
	for _, want := range []string{"pact:" + id, "Supplier AG", "PACT 2.3.0 v2", "A copy uploaded by " + orgMaker + ", not fetched from the supplier's host"} {
		if !strings.Contains(body, want) {
			t.Errorf("review page lacks %q", want)
		}
	}
}
