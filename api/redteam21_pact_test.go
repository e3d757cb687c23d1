package api_test

import (
	"bytes"
	"strings"
	"testing"
)

// Red team 21 (PACT exchange): suppliers' PACT footprints in a study.

// Attack (a Deprecated footprint through the upload route): the member
// names of a JSON document are case sensitive, encoding/json's matching
// is not and keeps the last member it meets (footprint/pact
// TestRedteam21_SupplierDocumentReadOtherwiseThanItSays). The supplier's
// Deprecated junction box, uploaded with `"Status":"Active"` appended
// after its `"status":"Deprecated"`, is stored (201) and a study computes
// on it; the stored document, which the certifier is told to check with
// the supplier, says Deprecated to every PACT reader.
//
// A correct service refuses it at upload (400 naming
// pact_footprint.status, or the ambiguous member), as it refuses the same
// document without the appended member; nothing is stored.
func TestRedteam21_DeprecatedPACTFootprintUnderCaseVariantStatus(t *testing.T) {
	st := newSeededStack(t)
	const id = "5e0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	doc := supplierDoc(id, "Deprecated", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z")
	MustError(t, st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: doc}), 400, "invalid")
	forged := bytes.Replace(doc, []byte(`"status":"Deprecated",`), []byte(`"status":"Deprecated","Status":"Active",`), 1)
	if bytes.Equal(forged, doc) {
		t.Fatal("the document has no status member to follow")
	}
	before := st.certs.auditCount()
	rec := st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: forged})
	if rec.Code < 400 {
		used := st.do(t, request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json",
			body: studyWithSupplierLine(t, "GEC-RT21-2", "pact:"+id, "kg")})
		t.Fatalf("a Deprecated footprint with \"Status\":\"Active\" appended was stored (%d) and a calculation on it answered %d: %.200s", rec.Code, used.Code, used.Body)
	}
	if e := MustError(t, rec, 400, "invalid"); !strings.HasPrefix(e.Error.Field, "pact_footprint") {
		t.Errorf("%+v, want a pact_footprint field named", e.Error)
	}
	if n := st.certs.auditCount(); n != before {
		t.Errorf("audit events %d → %d: something was stored", before, n)
	}
}
