package api_test

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// Ensure an organisation's PACT footprint upload never supplies another
// organisation's study (issue 11 "In", cross-tenant): with only the other
// manufacturer's document stored under the id, the study's calculation
// is a 400 naming the BOM line and the reference; the study's owner can
// then upload its own document with that id (201, not 409), its study
// computes with its own figure, and the certifier's review shows the
// owner's document.
func TestPACT_SupplierFootprintsPerOrganisation(t *testing.T) {
	st := newSeededStack(t)
	const id = "5c0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	up := func(as string, doc []byte) int {
		return st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: as, contentType: "application/json", body: doc}).Code
	}
	real := supplierDoc(id, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z")
	flattering := bytes.Replace(real, []byte(`"pcfExcludingBiogenicUptake":"4.2"`), []byte(`"pcfExcludingBiogenicUptake":"0.1"`), 1)
	if bytes.Equal(real, flattering) {
		t.Fatal("test data: the figure was not replaced")
	}
	if code := up(asOther, flattering); code != 201 {
		t.Fatalf("the other manufacturer's upload: %d", code)
	}

	body := studyWithSupplierLine(t, "GEC-OWN-1", "pact:"+id, "kg")
	var doc struct {
		BOM []any `json:"bom"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	line := "bom[" + strconv.Itoa(len(doc.BOM)-1) + "].supplier"
	for _, target := range []string{"/v1/calculations", "/v1/studies"} {
		e := MustError(t, st.do(t, request{method: "POST", target: target, as: asMaker, contentType: "application/json", body: body}), 400, "invalid")
		if e.Error.Field != line || !strings.Contains(e.Error.Message, "pact:"+id) || !strings.Contains(e.Error.Message, "not found") {
			t.Fatalf("%s with only another organisation's footprint: %+v, want not found on %s", target, e.Error, line)
		}
	}

	if code := up(asMaker, real); code != 201 {
		t.Fatalf("the owner's own upload after the other's: %d, want 201", code)
	}
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: body}), 201)
	if sup := mustResultSuppliers(t, sd); len(sup) != 1 || sup[0].KgCO2e != 4.2 || sup[0].PACTSpecVersion != "3.0.0" {
		t.Fatalf("result suppliers %+v, want the owner's 4.2 of PACT 3.0.0", sup)
	}
	v := st.review(t, st.apply(t, sd.ID))
	if v.Review == nil || len(v.Review.PACT) != 1 || v.Review.PACT[0].KgCO2e != 4.2 || v.Review.PACT[0].UploadedBy != orgMaker || v.Review.PACT[0].Status != "active" {
		t.Fatalf("the certifier's review %+v, want the owner's document", v.Review)
	}
}
