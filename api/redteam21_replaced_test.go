package api_test

import (
	"bytes"
	"strings"
	"testing"
)

// Red team 21 (PACT exchange): suppliers' PACT footprints in a study.

// Attack (a replaced footprint kept in use): PACT 3 has no versions; a
// supplier that changes a footprint publishes a new one under a new id
// that names the old one in precedingPfIds (the service's own refusal of a
// second v3 document under one id says so), and the old one becomes
// Deprecated. A Deprecated footprint is refused at upload ("its owner
// replaced it"), but a footprint stored while it was Active stays usable
// after the manufacturer has stored its replacement: here the
// manufacturer holds the supplier's junction box at 4.2 kgCO2e/kg and the
// footprint that replaces it at 8.4, which names the first in
// precedingPfIds, and a new study still computes, is stored and goes to
// the certifier on the replaced 4.2, with no word in the answer that the
// service's own store says the figure was withdrawn by its owner.
//
// A correct service refuses a new calculation on a PACT footprint that
// another footprint the study's owner stored declares it replaces
// (400 naming the BOM line's supplier and the replacing footprint), as
// it refuses a Deprecated one at upload; nothing is stored.
func TestRedteam21_ReplacedPACTFootprintStillUsed(t *testing.T) {
	st := newSeededStack(t)
	const oldID, newID = "3e0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d", "4e0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	up := func(doc []byte) {
		t.Helper()
		MustData[any](t, st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: doc}), 201)
	}
	up(supplierDoc(oldID, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z"))
	replacing := supplierDoc(newID, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z")
	replacing = bytes.Replace(replacing, []byte(`"4.2"`), []byte(`"8.4"`), -1)
	replacing = bytes.Replace(replacing, []byte(`"status":"Active",`), []byte(`"status":"Active","precedingPfIds":["`+oldID+`"],`), 1)
	if !bytes.Contains(replacing, []byte("precedingPfIds")) {
		t.Fatal("the replacing document names no preceding footprint")
	}
	up(replacing)

	before := st.certs.auditCount()
	rec := st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-RT21-1", "pact:"+oldID, "kg")})
	if rec.Code == 201 {
		t.Fatalf("a study on pact:%s (4.2 kgCO2e/kg) was stored although footprint %s (8.4), stored by the same manufacturer, replaces it: %.300s", oldID, newID, rec.Body)
	}
	e := MustError(t, rec, 400, "invalid")
	if !strings.HasSuffix(e.Error.Field, ".supplier") || !strings.Contains(e.Error.Message, newID) {
		t.Errorf("%+v, want the line's supplier named and the replacing footprint", e.Error)
	}
	if n := st.certs.auditCount(); n != before {
		t.Errorf("audit events %d → %d: something was stored", before, n)
	}
}

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
