package api_test

import (
	"bytes"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// Ensure the certifier's review of a study calculated on a supplier's
// PACT footprint, when its owner has since stored the footprint that
// replaces it (naming it in precedingPfIds), warns on the BOM line's
// supplier, naming the replacement, and does not warn before (red team
// 21: a new calculation refuses the replaced footprint; a stored study
// keeps its result).
func TestPACT_ReviewWarnsOfReplacedFootprint(t *testing.T) {
	st := newSeededStack(t)
	const oldID, newID = "3f0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d", "4f0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	st.storeSupplierDoc(t, supplierDoc(oldID, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z"))
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-RPL-REVIEW", "pact:"+oldID, "kg")}), 201)
	app := st.apply(t, sd.ID)
	replacedWarnings := func() []reviewWarning {
		t.Helper()
		var out []reviewWarning
		for _, w := range st.review(t, app).Review.Warnings {
			if strings.Contains(w.Message, "precedingPfIds") {
				out = append(out, w)
			}
		}
		return out
	}
	if w := replacedWarnings(); len(w) != 0 {
		t.Fatalf("a warning before any replacement: %+v", w)
	}

	replacing := bytes.Replace(supplierDoc(newID, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z"), []byte(`"status":"Active",`),
		[]byte(`"status":"Active","precedingPfIds":["`+oldID+`"],`), 1)
	st.storeSupplierDoc(t, replacing)
	w := replacedWarnings()
	if len(w) != 1 || !strings.HasSuffix(w[0].Path, ".supplier") ||
		!strings.Contains(w[0].Message, "Supplier's PACT footprint pact:"+oldID+" is replaced by pact:"+newID) || !strings.Contains(w[0].MessageZH, "已被") || !strings.Contains(w[0].MessageZH, "pact:"+newID) {
		t.Errorf("review warnings %+v, want one on the line's supplier naming pact:%s", w, newID)
	}
}

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
	st.storeSupplierDoc(t, supplierDoc(oldID, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z"))
	st.storeSupplierDoc(t, replacingSupplierDoc(t, newID, oldID))

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

// replacingSupplierDoc is supplierDoc(id) at 8.4 kgCO2e/kg naming
// preceding in precedingPfIds.
func replacingSupplierDoc(t *testing.T, id, preceding string) []byte {
	t.Helper()
	doc := supplierDoc(id, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z")
	doc = bytes.Replace(doc, []byte(`"4.2"`), []byte(`"8.4"`), -1)
	doc = bytes.Replace(doc, []byte(`"status":"Active",`), []byte(`"status":"Active","precedingPfIds":["`+preceding+`"],`), 1)
	if !bytes.Contains(doc, []byte("precedingPfIds")) {
		t.Fatal("the replacing document names no preceding footprint")
	}
	return doc
}

// Attack (a certificate on a study stored on a replaced footprint, red
// team 21): a new calculation refuses a supplier's PACT footprint that
// another footprint its owner stored names in precedingPfIds, but a
// study stored on it before the replacement arrived keeps its result.
// The manufacturer applies for it after storing the replacement (8.4
// kgCO2e/kg for the junction box, not 4.2), or applied before and the
// certifier issues after: the certificate states the withdrawn 4.2, and
// only the review's warning said otherwise.
//
// A correct service refuses the application and the issue (409 naming
// the BOM line's supplier and the replacement, as it refuses a supplier
// certificate withdrawn or a PACT footprint expired since the study was
// calculated); nothing is written; the review still warns.
func TestRedteam21_CertificateOnReplacedPACTFootprint(t *testing.T) {
	st := newSeededStack(t)
	const oldID, newID = "3a0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d", "4a0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	st.storeSupplierDoc(t, supplierDoc(oldID, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z"))
	early, late := st.supplierStudy(t, "GEC-RT21-ISSUE", "pact:"+oldID), st.supplierStudy(t, "GEC-RT21-APPLY", "pact:"+oldID)
	app := st.apply(t, early) // before the replacement
	st.storeSupplierDoc(t, replacingSupplierDoc(t, newID, oldID))

	refused := func(what string, req request) {
		t.Helper()
		st.mustRefuseSupplierLine(t, what, req, fmt.Sprintf("pact:%s (4.2) although pact:%s (8.4), stored by the same manufacturer, replaces it", oldID, newID),
			"pact:"+oldID, "is replaced by pact:"+newID+", stored on ", "已被")
	}
	refused("application", request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + late + `","certifier":"` + orgCertifier + `"}`)})
	refused("issue", st.issueReq(t, app, ""))

	// The certifier opening the application still sees why.
	warned := false
	for _, w := range st.review(t, app).Review.Warnings {
		warned = warned || strings.Contains(w.Message, "is replaced by pact:"+newID)
	}
	if !warned {
		t.Error("the review no longer warns of the replaced footprint")
	}
}

// Attack (a replaced footprint uploaded after its replacement, red team
// 21): the manufacturer stores the supplier's replacing footprint (8.4
// kgCO2e/kg, naming the old one in precedingPfIds) and then uploads the
// old one (4.2), still Active in an export taken before. It was stored
// (201) without a word, as if it were current, and refused only when a
// calculation read it.
//
// A correct service refuses it at upload, 400 naming pact_footprint.id
// and the replacement; nothing is stored. Another organisation's
// replacement does not count: footprints are per owner.
func TestRedteam21_ReplacedPACTFootprintUploadedAfterReplacement(t *testing.T) {
	st := newSeededStack(t)
	const oldID, newID = "3b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d", "4b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	old := supplierDoc(oldID, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z")
	st.storeSupplierDoc(t, replacingSupplierDoc(t, newID, oldID))

	ts := newSupplierHost(t, old) // the supplier's host still serves it
	st.registerSupplier(t, ts, "jb-supplier", ts.URL)

	refused := func(what string, rec *httptest.ResponseRecorder) {
		t.Helper()
		if rec.Code < 400 {
			t.Errorf("%s: pact:%s was stored (%d) although pact:%s, which the manufacturer stored, replaces it: %.300s", what, oldID, rec.Code, newID, rec.Body)
			return
		}
		e := MustError(t, rec, 400, "invalid")
		if e.Error.Field != "pact_footprint.id" || !strings.Contains(e.Error.Message, "replaced by pact:"+newID+", stored on ") {
			t.Errorf("%s: %+v, want pact_footprint.id and the replacement named", what, e.Error)
		}
	}
	before := st.certs.auditCount()
	refused("upload", st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: old}))
	refused("fetch", st.fetchPACT(t, asMaker, "jb-supplier", oldID))
	if n := st.certs.auditCount(); n != before {
		t.Errorf("audit events %d → %d: something was stored", before, n)
	}
	// Another organisation stored no replacement: its upload is stored.
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asOther, contentType: "application/json", body: old}), 201)
}

// mustRefuseSupplierLine checks that req, an application or an issue of a
// study on supplier footprint (as described by on), is refused: 409
// conflict naming a BOM line's supplier, its message holding each of
// want, nothing written.
func (st *stack) mustRefuseSupplierLine(t *testing.T, what string, req request, on string, want ...string) {
	t.Helper()
	before := st.certs.auditCount()
	rec := st.do(t, req)
	if rec.Code < 400 {
		t.Errorf("%s: %d on a study calculated on %s: %.300s", what, rec.Code, on, rec.Body)
		return
	}
	e := MustError(t, rec, 409, "conflict")
	if !strings.HasSuffix(e.Error.Field, ".supplier") || slices.ContainsFunc(want, func(w string) bool { return !strings.Contains(e.Error.Message, w) }) {
		t.Errorf("%s: %+v, want the line's supplier named and %q", what, e.Error, want)
	}
	if n := st.certs.auditCount(); n != before {
		t.Errorf("%s: audit events %d → %d: something was written", what, before, n)
	}
}

// supplierStudy stores the demo PV study (own serial) with a BOM line on
// supplier footprint ref, in kilograms, as the manufacturer, and returns
// its ID.
func (st *stack) supplierStudy(t *testing.T, serial, ref string) string {
	t.Helper()
	return MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, serial, ref, "kg")}), 201).ID
}
