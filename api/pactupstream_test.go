package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/factordb/factordbtest"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
	bolt "go.etcd.io/bbolt"
)

// supplierDocV2 is a supplier's PACT v2 footprint of a component per
// kilogram in the given version (test data for a fictitious supplier).
func supplierDocV2(id string, version int, figure string) []byte {
	return []byte(`{"id":"` + id + `","specVersion":"2.3.0","version":` + strconv.Itoa(version) + `,"created":"2025-01-15T00:00:00Z","status":"Active",
 "validityPeriodStart":"2025-01-01T00:00:00Z","validityPeriodEnd":"2027-12-31T00:00:00Z",
 "companyName":"Frame Supplier Ltd","productNameCompany":"AF-1 aluminium frame",
 "pcf":{"declaredUnit":"kilogram","pCfExcludingBiogenic":"` + figure + `","characterizationFactors":"AR6","ipccCharacterizationFactorsSources":["AR6"],
  "referencePeriodStart":"2024-01-01T00:00:00Z","referencePeriodEnd":"2025-01-01T00:00:00Z"}}`)
}

// Ensure the footprint of a certificate whose study used suppliers' PACT
// footprints names them (issue 11: "its certificate, result and PACT
// output name that footprint"): in a data-model extension with our
// dataSchema (pact.UpstreamSchemaPath), each by id, specVersion and (v2)
// version, as the certificate signed them, in /2 and /3 alike, valid
// against the official schemas and the extension's own schema. Which
// suppliers a product has is the holder's private data, so only the
// organisation the holder shared the footprint with receives it.
func TestPACT_FootprintNamesSupplierPACTFootprints(t *testing.T) {
	h := newPACTHost(t)
	st := h.st
	spec := MustPACTSpec(t)
	const idV2, idV3 = "1d0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d", "2d0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	for _, doc := range [][]byte{supplierDocV2(idV2, 4, "8.1"), supplierDocV2(idV2, 5, "8.0"), supplierDoc(idV3, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z")} {
		st.storeSupplierDoc(t, doc)
	}
	var lines []map[string]any
	for _, ref := range []string{idV2, idV3} {
		lines = append(lines, map[string]any{"name": "Supplier part " + ref[:2], "quantity": 0.1, "unit": "kg", "stage": "A1", "supplier": "pact:" + ref})
	}
	_, cert := h.issue(t, withBOMLines(t, pactStudy(t, "GEC-P-UP", "MOD-UP", true), lines...), "")
	want := []pact.UpstreamFootprint{{ID: idV2, SpecVersion: "2.3.0", Version: ptr(5)}, {ID: idV3, SpecVersion: "3.0.0"}}

	otherKey := st.MustAddOrganization(t, access.Organization{Name: "Other Buyer", Role: access.RolePartner})
	buyer, other := h.token(t), h.tokenFor(t, otherKey)
	leaks := func(body []byte) bool {
		return bytes.Contains(body, []byte(pact.UpstreamSchemaPath)) || bytes.Contains(body, []byte(idV2)) || bytes.Contains(body, []byte(idV3))
	}
	// Not shared: nobody's PACT view names the suppliers' footprints.
	for _, v := range []string{"2", "3"} {
		if _, _, body := h.get(t, buyer, "/"+v+"/footprints/"+cert); leaks(body) {
			t.Fatalf("v%s: the footprint names its suppliers' footprints before any share", v)
		}
	}
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/certificates/" + cert + "/pact/shares", as: asMaker, contentType: "application/json",
		body: []byte(`{"partner":"Buyer GmbH"}`)}), 201)

	schema := mustCompileSchema(t, "https://pcf.test/supplier-footprints.json", pact.UpstreamSchema)
	for _, v := range []int{2, 3} {
		p := pactRoot(v) + "/footprints"
		status, _, body := h.get(t, buyer, p+"/"+cert)
		if status != 200 {
			t.Fatalf("v%d: %d %s", v, status, truncateBody(body))
		}
		MustValidateJSON(t, spec[v].get, body)
		var got *pact.Extension
		for _, e := range footprintExtensions(t, body)[cert] {
			if strings.HasSuffix(e.DataSchema, pact.UpstreamSchemaPath) {
				got = &e
			}
		}
		if got == nil || !strings.HasPrefix(got.DataSchema, testBaseURL) || got.SpecVersion != pact.ExtensionSpecVersion {
			t.Fatalf("v%d: extensions %+v, want one naming the suppliers' footprints", v, footprintExtensions(t, body)[cert])
		}
		data, _ := json.Marshal(got.Data)
		MustValidateJSON(t, schema, data)
		var d pact.UpstreamFootprints
		if err := json.Unmarshal(data, &d); err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(d.Footprints, want, func(a, b pact.UpstreamFootprint) bool {
			return a.ID == b.ID && a.SpecVersion == b.SpecVersion && (a.Version == nil) == (b.Version == nil) && (a.Version == nil || *a.Version == *b.Version)
		}) {
			t.Fatalf("v%d: names %s, want %+v", v, data, want)
		}
		status, _, body = h.get(t, buyer, p)
		if status != 200 {
			t.Fatalf("v%d list: %d", v, status)
		}
		MustValidateJSON(t, spec[v].list, body)
		if !bytes.Contains(body, []byte(pact.UpstreamSchemaPath)) {
			t.Fatalf("v%d list: the shared footprint does not name its suppliers' footprints", v)
		}
		// Another partner gets the public facts only.
		for _, path := range []string{p, p + "/" + cert} {
			if _, _, body := h.get(t, other, path); leaks(body) {
				t.Fatalf("v%d %s: another partner sees the suppliers' footprints", v, path)
			}
		}
	}
	// The schema the extension names is served, publicly.
	rec := st.do(t, request{method: "GET", target: pact.UpstreamSchemaPath})
	if rec.Code != 200 || rec.Body.String() != pact.UpstreamSchema {
		t.Fatalf("schema: %d", rec.Code)
	}
}

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
	// Its figures all 0.1: a footprint whose fossil emissions are above its
	// figure is refused at upload (TestRedteam16_PACTFiguresContradictHeadline).
	flattering := bytes.ReplaceAll(real, []byte(`"4.2"`), []byte(`"0.1"`))
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

// Ensure a manufacturer cannot stand an edited copy of one of this
// service's own certificates in for the certificate, as a supplier's PACT
// footprint. Every certificate is a PACT footprint (GET /3/footprints/{id},
// its id the certificate's); a manufacturer took the footprint of a
// withdrawn supplier certificate, set its status back to Active and its
// figure to a tenth, and uploaded it (POST /v1/pact/supplier-footprints:
// 201). A study could then name it as pact:<id>, and the certifier's
// review showed an "active" supplier footprint with the small figure:
// nothing said that the service itself holds that footprint as a
// withdrawn certificate with another figure. A supplier's own certified
// product is referenced as a certificate (by ID or number), whose signed
// figure and live status the calculation reads.
func TestRedteam5_OwnCertificateNotUploadedAsPACTFootprint(t *testing.T) {
	h := newPACTHost(t)
	tok := h.token(t)
	for _, name := range []string{"A", "F"} { // valid; withdrawn
		id := h.certs[name]
		rec := h.uploadEditedCopy(t, tok, id, "", nil)
		e := MustError(t, rec, 409, "conflict")
		if e.Error.Field != "pact_footprint.id" || !strings.Contains(e.Error.Message, "certificate") || !strings.Contains(e.Error.Message, id) {
			t.Errorf("%s: field %q message %q; want pact_footprint.id, naming the certificate and saying to reference it", name, e.Error.Field, e.Error.Message)
		}
	}
}

// Ensure an edited copy of this service's own PACT footprint of a
// certificate is not stored as a supplier's under another id (red team 7:
// the id check above was all there was). Rival Co. took Demo Module Co.'s
// footprint of CDPCF-2026-000001, gave it a fresh id, set it Active at a
// tenth of its figure, and stored it; the certifier's review then showed
// it as Demo Module Co.'s footprint. A document that states itself as this
// service's footprint is refused (400, naming the field) by each mark on
// its own, A valid and F withdrawn alike: a certificate number of this
// service in any text (comment, verification comments, an extension's
// data; in any case), a certificate's ID (its verification URL, under any
// host; precedingPfIds), or a company or product identifier naming a
// holder of this service's certificates or a model it certified, as this
// service writes them (under any host). The same copy without them, naming
// the supplier's own company and product, is stored: a supplier's
// footprint is whatever its supplier states.
func TestRedteam7_OwnCertificateNotUploadedUnderAnotherID(t *testing.T) {
	h := newPACTHost(t)
	tok := h.token(t)
	for i, name := range []string{"A", "F"} { // valid; withdrawn
		id := h.certs[name]
		var number string
		strip := func(fp map[string]any) {
			if number == "" {
				number = regexp.MustCompile(`CDPCF-[0-9]{4}-[0-9]{6}`).FindString(fp["comment"].(string))
			}
			fp["comment"] = "Supplier's own footprint."
			fp["companyIds"] = []string{"urn:pact:supplier.example:company-id:1"}
			fp["productIds"] = []string{"urn:pact:supplier.example:product-id:JB-1"}
			delete(fp["pcf"].(map[string]any), "verification")
		}
		for j, c := range []struct {
			name, field string
			edit        func(fp map[string]any) // after strip; nil: the whole copy
		}{
			{"the whole copy", "pact_footprint.comment", nil},
			{"number and verification URL in the comment", "pact_footprint.comment", func(fp map[string]any) {
				fp["comment"] = "Certificate " + number + ", verify at https://pcf.example.cn/v1/certificates/" + id + "/verify."
			}},
			{"number in lower case", "pact_footprint.comment", func(fp map[string]any) { fp["comment"] = "see " + strings.ToLower(number) }},
			{"verification URL under another host", "pact_footprint.comment", func(fp map[string]any) {
				fp["comment"] = "https://verify.example/v1/certificates/" + strings.ToUpper(id) + "/verify"
			}},
			{"number in the verification comments", "pact_footprint.pcf.verification.comments", func(fp map[string]any) {
				fp["pcf"].(map[string]any)["verification"] = map[string]any{"providerName": "Demo Certification Centre", "comments": "Certificate " + number + "."}
			}},
			{"number in an extension", "pact_footprint.extensions[0].data.certificate", func(fp map[string]any) {
				fp["extensions"] = []any{map[string]any{"specVersion": "2.0.0", "dataSchema": "https://supplier.example/details.json", "data": map[string]any{"certificate": number}}}
			}},
			{"certificate as precedingPfIds", "pact_footprint.precedingPfIds[0]", func(fp map[string]any) { fp["precedingPfIds"] = []string{id} }},
			{"holder's company id", "pact_footprint.companyIds[1]", func(fp map[string]any) {
				fp["companyIds"] = []string{"urn:pact:supplier.example:company-id:1", "urn:pact:pcf.example.cn:company-id:Demo%20Module%20Co."}
			}},
			{"holder's company id under another host", "pact_footprint.companyIds[0]", func(fp map[string]any) {
				fp["companyIds"] = []string{"URN:PACT:other.example:company-id:Demo Module Co."}
			}},
			{"certified model's product id", "pact_footprint.productIds[0]", func(fp map[string]any) {
				fp["productIds"] = []string{"urn:pact:other.example:product-id:Demo%20Module%20Co.:MOD-" + name}
			}},
		} {
			rec := h.uploadEditedCopy(t, tok, id, fmt.Sprintf("7e5e0000-0000-4000-8000-0000000%02d%03d", i, j), func(fp map[string]any) {
				if c.edit != nil {
					strip(fp)
					c.edit(fp)
				}
			})
			e := MustError(t, rec, 400, "invalid")
			if e.Error.Field != c.field || !strings.Contains(e.Error.Message, "reference the certificate itself") {
				t.Errorf("%s, %s: field %q message %q; want %s, saying to reference the certificate", name, c.name, e.Error.Field, e.Error.Message, c.field)
			}
		}
		// Without the marks: the supplier's own statement, stored.
		rec := h.uploadEditedCopy(t, tok, id, fmt.Sprintf("7e5e0000-0000-4000-8000-0000000%02d999", i), strip)
		MustData[any](t, rec, 201)
	}
}

// uploadEditedCopy reads certificate id's footprint from /3/footprints,
// sets it Active at 1 kgCO2e (under newID, unless ""), applies edit
// (unless nil), and uploads it as orgMaker's supplier footprint.
func (h *pactHost) uploadEditedCopy(t *testing.T, tok, id, newID string, edit func(fp map[string]any)) *httptest.ResponseRecorder {
	t.Helper()
	status, _, body := h.get(t, tok, "/3/footprints/"+id)
	if status != 200 {
		t.Fatalf("%s: GET /3/footprints: %d %s", id, status, truncateBody(body))
	}
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	fp := doc["data"].(map[string]any)
	if newID != "" {
		fp["id"] = newID
	}
	fp["status"] = "Active"
	// The figures it includes and that include it with it: a footprint
	// whose fossil emissions are above its figure is refused at upload
	// whoever's it is (TestRedteam16_PACTFiguresContradictHeadline).
	for _, k := range []string{"pcfExcludingBiogenicUptake", "pcfIncludingBiogenicUptake", "fossilGhgEmissions"} {
		fp["pcf"].(map[string]any)[k] = "1"
	}
	if edit != nil {
		edit(fp)
	}
	forged, err := json.Marshal(fp)
	if err != nil {
		t.Fatal(err)
	}
	return h.st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: forged})
}

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

	// The certifier opening the application still sees why.
	st.mustRefuseChangedSupplier(t, late, app, fmt.Sprintf("pact:%s (4.2) although pact:%s (8.4), stored by the same manufacturer, replaces it", oldID, newID),
		[]string{"pact:" + oldID, "is replaced by pact:" + newID + ", stored on ", "已被"},
		"is replaced by pact:"+newID)
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

// mustRefuseChangedSupplier checks that studies calculated on a supplier
// footprint that changed since (as described by on) are neither applied for
// nor issued: the application of study late and the issue of application
// app, applied for before the change, are each refused
// (mustRefuseSupplierLine, the message holding each of want); and that the
// certifier reviewing app is still warned, by a message holding each of
// warning.
func (st *stack) mustRefuseChangedSupplier(t *testing.T, late, app, on string, want []string, warning ...string) {
	t.Helper()
	st.mustRefuseSupplierLine(t, "application", request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + late + `","certifier":"` + orgCertifier + `"}`)}, on, want...)
	st.mustRefuseSupplierLine(t, "issue", st.issueReq(t, app, ""), on, want...)
	warned := false
	for _, w := range st.review(t, app).Review.Warnings {
		warned = warned || !slices.ContainsFunc(warning, func(x string) bool { return !strings.Contains(w.Message, x) })
	}
	if !warned {
		t.Errorf("the review of an application on %s does not warn: no warning holds %q", on, warning)
	}
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

// A Deprecated PACT footprint never changes (reference/pact.md): B,
// superseded by C, is served as superseded, version 2, after its certifier
// withdraws it too, in both versions of the API; before, its status
// comment and updated time changed under the same version, so a partner
// holding version 2 would never read the change. The withdrawal reaches
// partners through C, flagged and withheld until its certifier reviews it.
func TestPACT_SupersededThenWithdrawnStaysTheSame(t *testing.T) {
	h := newPACTHost(t)
	tok := h.token(t)
	before := map[string][]byte{}
	for _, v := range []string{"2", "3"} {
		status, _, body := h.get(t, tok, "/"+v+"/footprints/"+h.certs["B"])
		if status != 200 || !bytes.Contains(body, []byte(`"status":"Deprecated"`)) || v == "2" && !bytes.Contains(body, []byte("was superseded on")) {
			t.Fatalf("v%s B before the withdrawal: %d %s", v, status, truncateBody(body))
		}
		before[v] = body
	}
	h.setStatus(t, h.certs["B"], "withdraw")
	for _, v := range []string{"2", "3"} {
		status, _, body := h.get(t, tok, "/"+v+"/footprints/"+h.certs["B"])
		if status != 200 || !bytes.Equal(body, before[v]) {
			t.Errorf("v%s B after its withdrawal: %d\n%s\nwant it unchanged:\n%s", v, status, body, before[v])
		}
		h.getError(t, tok, "/"+v+"/footprints/"+h.certs["C"], 403, "AccessDenied")
	}
}

// Attack (a certificate on an outdated version of a supplier's PACT
// footprint, red team 47): a manufacturer's study uses the supplier's PACT
// v2 footprint in version 1 (4.2 kgCO2e/kg for the frame); the supplier
// corrects it, as PACT v2 updates a footprint, under the same id in
// version 2 (8.4), and the manufacturer stores the update. A replacement
// naming the old footprint in precedingPfIds stopped the certificate (red
// team 21), but the update did not: the application was accepted and the
// certificate issued on 4.2, and the review did not say that version 2
// was stored.
//
// A correct service refuses the application and the issue (409 naming
// the BOM line's supplier, the version used and the later one); nothing
// is written; the review warns; a study calculated now takes version 2
// and is applied for.
func TestRedteam47_CertificateOnAnOutdatedPACTVersion(t *testing.T) {
	st := newSeededStack(t)
	const id = "47a0c6a7-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	st.storeSupplierDoc(t, supplierDocV2(id, 1, "4.2"))
	early, late := st.supplierStudy(t, "GEC-RT47-ISSUE", "pact:"+id), st.supplierStudy(t, "GEC-RT47-APPLY", "pact:"+id)
	app := st.apply(t, early) // before the update
	st.storeSupplierDoc(t, supplierDocV2(id, 2, "8.4"))

	st.mustRefuseChangedSupplier(t, late, app, "version 1 of pact:"+id+" (4.2) although the manufacturer stored version 2 (8.4)",
		[]string{"pact:" + id, "used in version 1 has a later version 2", "更新的版本 2"},
		"has a later version 2", "calculated on version 1")
	// Calculated now, a study takes version 2 and is applied for.
	st.apply(t, st.supplierStudy(t, "GEC-RT47-NEW", "pact:"+id))
}

// Attack (a withdrawn footprint missed by the GTIN a buyer writes, red
// team 47): a certificate names its product's GTIN in 14 digits
// (06901234567892); the certifier withdraws it. A buyer's system asks the
// PACT API for the footprints of the product in its hands by the GTIN
// under the barcode (13 digits) or by its HS code with the tariff's dot
// (8541.43), to learn whether the footprint it holds still stands. v3
// ListFootprints (?productId=, ?classification=) and v2 $filter
// productIds/any answered no footprint at all (200, empty), so the buyer
// kept the withdrawn figure as if nothing had changed.
//
// A correct service finds the footprint, Deprecated, for the same
// numbers written either way.
func TestRedteam47_PACTFootprintByTheGTINWrittenOtherwise(t *testing.T) {
	h := newPACTHost(t)
	doc := mustDoc(t, pactStudy(t, "GEC-P-G", "MOD-G", true))
	doc["product"].(map[string]any)["gtin"] = "06901234567892"
	_, h.certs["G"] = h.issue(t, seedtest.MustMarshal(t, doc), "")
	h.setStatus(t, h.certs["G"], "withdraw")
	tok := h.token(t)
	for _, target := range []string{
		"/3/footprints?productId=urn:gtin:6901234567892",
		"/3/footprints?productId=urn:gtin:06901234567892&status=Deprecated",
		"/3/footprints?classification=" + url.QueryEscape("urn:pact:wcoomd.org:hs-code:8541.43") + "&status=Deprecated&productId=urn:gtin:6901234567892",
		"/2/footprints?$filter=" + url.QueryEscape("productIds/any(p:(p eq 'urn:gtin:6901234567892'))"),
	} {
		status, _, body := h.get(t, tok, target)
		if status != 200 {
			t.Fatalf("%s: %d %s", target, status, body)
		}
		got := ids(t, body)
		sort.Strings(got)
		if !slices.Equal(got, h.want("G")) {
			t.Errorf("%s: %v, want the withdrawn footprint %s", target, got, h.certs["G"])
		}
		if !strings.Contains(string(body), `"status":"Deprecated"`) {
			t.Errorf("%s: %.300s, want it Deprecated", target, body)
		}
	}
}

// Attack (a supplier's footprint deprecated upstream, red team 47): the
// service fetched Supplier AG's PACT v2 footprint (version 1, Active, 4.2
// kgCO2e/kg) and a study used it. Supplier AG then deprecated it (version
// 2, status Deprecated): the fetch of that document, or its upload, was
// refused (400 naming pact_footprint.status, "ask for the current one"),
// so the service kept only the Active copy, and the study on it was
// applied for and certified (201, 150.94 kgCO2e per module), the review
// saying nothing.
//
// A correct service records the deprecation of a footprint its
// organisation holds (201, deprecated_at), refuses the application and
// the issue (409 naming the line's supplier), warns in the review, and
// refuses a new calculation on it (400 naming the line); a Deprecated
// document of a footprint it does not hold is refused as before, and
// another data owner's or an upload over a fetched footprint does not
// deprecate it.
func TestRedteam47_SupplierFootprintDeprecatedUpstream(t *testing.T) {
	const id = "47f1c6a7-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	doc := func(version int, status string) []byte {
		return bytes.Replace(redteam30DocV2(id, version, "Supplier AG", "urn:pact:supplier.example:company-id:1", "4.2"), []byte(`"status":"Active"`), []byte(`"status":"`+status+`"`), 1)
	}
	var answer atomic.Pointer[[]byte]
	set := func(b []byte) { b = []byte(`{"data":` + string(b) + `}`); answer.Store(&b) }
	set(doc(1, "Active"))
	host := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/auth/token":
			io.WriteString(w, `{"access_token":"t","token_type":"Bearer"}`)
		case "/3/footprints/" + id:
			w.Header().Set("Content-Type", "application/json")
			w.Write(*answer.Load())
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	t.Cleanup(host.Close)
	st := newSeededStack(t)
	st.fetchFrom(t, host, "supplier-ag", id)
	early, late := st.supplierStudy(t, "GEC-RT47-DEP-I", "pact:"+id), st.supplierStudy(t, "GEC-RT47-DEP-A", "pact:"+id)
	app := st.apply(t, early)

	// Not its data owner's word: an upload over the fetched footprint,
	// another company's document; nor a footprint not held.
	upload := func(as string, b []byte) *httptest.ResponseRecorder {
		return st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: as, contentType: "application/json", body: b})
	}
	MustError(t, upload(asMaker, doc(2, "Deprecated")), 409, "conflict")
	other := bytes.Replace(doc(2, "Deprecated"), []byte("Supplier AG"), []byte("Other Supplier Ltd"), 1)
	other = bytes.Replace(other, []byte("company-id:1"), []byte("company-id:7"), 1)
	set(other)
	MustError(t, st.fetchPACT(t, asMaker, "supplier-ag", id), 409, "conflict")
	if e := MustError(t, upload(asOther, doc(2, "Deprecated")), 400, "invalid"); e.Error.Field != "pact_footprint.status" {
		t.Errorf("a Deprecated footprint not held: %+v, want 400 naming pact_footprint.status", e.Error)
	}

	set(doc(2, "Deprecated"))
	got := MustData[struct {
		Version      int     `json:"version"`
		KgCO2e       float64 `json:"kg_co2e"`
		DeprecatedAt string  `json:"deprecated_at"`
	}](t, st.fetchPACT(t, asMaker, "supplier-ag", id), 201)
	if got.DeprecatedAt == "" || got.Version != 1 {
		t.Errorf("fetch of the Deprecated version: %+v, want version 1 held and deprecated_at", got)
	}
	st.mustRefuseChangedSupplier(t, late, app, "pact:"+id+", which Supplier AG deprecated",
		[]string{"pact:" + id, "is Deprecated by its data owner", "弃用"},
		"is Deprecated by its data owner")
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-RT47-DEP-N", "pact:"+id, "kg")}), 400, "invalid")
	if !strings.HasSuffix(e.Error.Field, ".supplier") || !strings.Contains(e.Error.Message, "Deprecated") {
		t.Errorf("a new calculation: %+v, want the line's supplier named", e.Error)
	}
}

// Ensure an issued certificate whose study used a supplier's PACT
// footprint later updated by its data owner says so to those who may read
// the supplier list (red team 48, open item 3): the application and the
// issue refuse such a study, but a certificate issued before said
// nothing. Its JSON (certifier, holder, regulator; one certificate and the
// list) carries supplier_footprint_change naming the BOM line's supplier
// and the versions, the certifier's workbench shows it; the public
// verification does not (the status stands: the figure was right on the
// footprint of its day, and supplier lists are private).
func TestRedteam48_IssuedCertificateLearnsOfPACTUpdate(t *testing.T) {
	st := newSeededStack(t)
	const id = "48a0c6a7-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	st.storeSupplierDoc(t, supplierDocV2(id, 1, "4.2"))
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.supplierStudy(t, "GEC-RT48-PACT", "pact:"+id)), "")), 201).CertificateID
	type change struct {
		ID     string `json:"id"`
		Change *struct {
			Field, Message string
		} `json:"supplier_footprint_change"`
	}
	one := func(as string) change {
		return MustData[change](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + cert, as: as}), 200)
	}
	if c := one(asReg); c.Change != nil {
		t.Fatalf("before the update: %+v, want no change", c.Change)
	}
	st.storeSupplierDoc(t, supplierDocV2(id, 2, "8.4"))
	for _, as := range []string{asReg, asCert, asMaker} {
		c := one(as)
		if c.Change == nil || !strings.HasSuffix(c.Change.Field, ".supplier") || !strings.Contains(c.Change.Message, "pact:"+id) ||
			!strings.Contains(c.Change.Message, "has a later version 2") || !strings.Contains(c.Change.Message, "更新的版本 2") {
			t.Errorf("GET /v1/certificates/{id} as %s after the update: %+v, want supplier_footprint_change naming the line and version 2", as, c.Change)
		}
	}
	listed := false
	for _, c := range MustData[[]change](t, st.do(t, request{method: "GET", target: "/v1/certificates", as: asReg}), 200) {
		listed = listed || c.ID == cert && c.Change != nil
	}
	if !listed {
		t.Error("the regulator's list does not carry the change")
	}
	mustWorkPage(t, st.signedIn(t, asCert).get("/work/certificates/"+cert), http.StatusOK, `id="pact-change"`, "供应商 PACT 足迹已变更", "pact:"+id)
	v := st.do(t, request{method: "GET", target: "/v1/certificates/" + cert + "/verify"})
	if b := v.Body.String(); v.Code != 200 || strings.Contains(b, id) || strings.Contains(b, "supplier_footprint_change") || !strings.Contains(b, `"status":"valid"`) {
		t.Errorf("public verification after the update: %d %.300s, want valid and no word of the supplier", v.Code, b)
	}
}

// Ensure the workbench's note of a supplier's PACT footprint changed since
// the issue reads in Chromium at desktop and phone widths.
func TestRedteam48_PACTChangeBrowser(t *testing.T) {
	inFreshBrowsers(t, func(t *testing.T, st *stack, b *browser) {
		const id = "48b0c6a7-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
		st.storeSupplierDoc(t, supplierDocV2(id, 1, "4.2"))
		cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.supplierStudy(t, "GEC-RT48-PACT-WEB", "pact:"+id)), "")), 201).CertificateID
		st.storeSupplierDoc(t, supplierDocV2(id, 2, "8.4"))
		b.signIn(st.tokens[asCert], "#applications")
		b.open("/work/certificates/" + cert)
		b.mustContain("供应商 PACT 足迹已变更", "A supplier's PACT footprint changed since the issue", "pact:"+id)
		b.checkPage("rt48-work-pact-change")
	})
}

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
	// The certifier's workbench offers the review that clears it.
	certifier := st.signedIn(t, asCert)
	mustWorkPage(t, certifier.get("/work/certificates/"+cert), http.StatusOK, `id="pact-change"`, `id="review-submit"`)
	if rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + cert + "/review", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["supplier's version 2 checked: the issued figure stands for its period"]}`)}); rec.Code != http.StatusOK {
		t.Fatalf("the certifier's review of the change: %d %.300s, want 200", rec.Code, rec.Body)
	}
	if listed("flagged=true") || !listed("flagged=false") {
		t.Error("after the certifier's review: still in the flagged queue")
	}
	if page := certifier.get("/work/certificates/" + cert).Body.String(); strings.Contains(page, `id="review-submit"`) || !strings.Contains(page, `id="pact-change"`) {
		t.Error("after the certifier's review: the workbench offers the review again, or no longer says what changed")
	}
}

// Red team 69 (session 45): the PACT exchange both ways.

const rt69Credit, rt69Piece, rt69Twice = "69000001-1d2f-4a3b-9c8d-7e6f5a4b3c2d", "69000002-1d2f-4a3b-9c8d-7e6f5a4b3c2d", "69000003-1d2f-4a3b-9c8d-7e6f5a4b3c2d"

// rt69Credit3 is the junction box's PACT 3 footprint id at figure, stated
// by the CCU credit approach with a credit certification.
func rt69Credit3(id, figure string) []byte {
	return bytes.Replace(footprinttest.SupplierPACT3(id, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", figure),
		[]byte(`"fossilCarbonContent":"0"`), []byte(`"fossilCarbonContent":"0","ccuCarbonContent":"0.3","ccuCalculationApproach":"Credit","ccuCreditCertification":"https://registry.example/ccu/77"`), 1)
}

// Ensure a supplier's PACT 3 footprint by the CCU credit approach
// (ccuCalculationApproach "Credit": its figure nets a credit for captured
// carbon from an external bookkeeping scheme, by an amount the document
// does not state) is refused on upload and on fetch, naming
// pact_footprint.pcf.ccuCalculationApproach in Chinese and English,
// nothing stored; and that one stored before (the store takes it as it
// did) carries a warning, in both languages, on its BOM line in the
// certifier's review of a study calculated before, and is not used by a
// new calculation (400 naming the line: TestPACT2_NewCalculationOnStoredCCUCredit).
// Before, it was uploaded (201), fetched (201) and the review said nothing
// of it (red teams 58 and 64 left it).
func TestRedteam69_CCUCreditFootprint(t *testing.T) {
	st := newSeededStack(t)
	before := st.certs.auditCount()
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: rt69Credit3(rt69Credit, "0.5")}), 400, "invalid")
	if e.Error.Field != "pact_footprint.pcf.ccuCalculationApproach" || !strings.Contains(e.Error.Message, "CCU 抵扣法") || !strings.Contains(e.Error.Message, "cut-off approach") {
		t.Fatalf("upload: %+v, want pact_footprint.pcf.ccuCalculationApproach, in Chinese and English", e.Error)
	}
	if n := st.certs.auditCount(); n != before {
		t.Fatalf("audit events %d → %d: something was stored", before, n)
	}
	// Fetched from the supplier's host: refused likewise.
	ts := newSupplierHost(t, rt69Credit3(rt69Credit, "0.5"))
	st.registerSupplier(t, ts, "ccu-supplier", ts.URL)
	if e := MustError(t, st.fetchPACT(t, asMaker, "ccu-supplier", rt69Credit), 400, "invalid"); e.Error.Field != "pact_footprint.pcf.ccuCalculationApproach" {
		t.Fatalf("fetch: %+v, want pact_footprint.pcf.ccuCalculationApproach", e.Error)
	}
	if n := st.certs.auditCount(); n != before+1 { // the endpoint's registration
		t.Fatalf("audit events %d → %d: want the registration only", before, n)
	}

	// One stored before the check, under a study calculated and applied
	// for before it: the review warns on its line. A new calculation on
	// it is refused (pact2).
	maker := access.NewContextWithPrincipal(context.Background(), &access.Principal{Org: orgMaker, Role: access.RoleManufacturer})
	credit := rt69Credit3(rt69Credit, "0.5")
	if _, _, err := st.certs.SaveSupplierFootprint(maker, bytes.Replace(credit, []byte(`"Credit","ccuCreditCertification":"https://registry.example/ccu/77"`), []byte(`"Cut-off"`), 1), ""); err != nil {
		t.Fatal(err)
	}
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-RT69-1", "pact:"+rt69Credit, "kg")}), 201)
	app := st.apply(t, sd.ID)
	pact2StoreBefore(t, st, rt69Credit, credit)
	line := fmt.Sprintf("bom[%d].supplier", len(mustDoc(t, pvStudy(t, "GEC-RT69-1"))["bom"].([]any)))
	if e := MustError(t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-RT69-1B", "pact:"+rt69Credit, "kg")}), 400, "invalid"); e.Error.Field != line || !strings.Contains(e.Error.Message, `ccuCalculationApproach "Credit"`) {
		t.Fatalf("a new study on it: %+v, want 400 on %s naming the credit approach", e.Error, line)
	}
	v := st.review(t, app)
	got := reviewWarningsWith(v, line, "pact:"+rt69Credit, `ccuCalculationApproach "Credit"`, "https://registry.example/ccu/77", "GB/T 24067", "cut-off approach")
	if len(got) != 1 || !strings.Contains(got[0].MessageZH, "CCU 抵扣法") || !strings.Contains(got[0].MessageZH, "https://registry.example/ccu/77") {
		t.Fatalf("review warnings %+v: want one on %s naming the credit approach, in Chinese and English", v.Review.Warnings, line)
	}
	// A footprint by the cut-off approach is read and warned of as before.
	cut := bytes.Replace(rt69Credit3(rt69Piece, "0.5"), []byte(`"Credit","ccuCreditCertification":"https://registry.example/ccu/77"`), []byte(`"Cut-off"`), 1)
	// A credit certification is a credit, whatever the approach beside it.
	e = MustError(t, st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json",
		body: bytes.Replace(rt69Credit3(rt69Piece, "0.5"), []byte(`"Credit"`), []byte(`"Cut-off"`), 1)}), 400, "invalid")
	if e.Error.Field != "pact_footprint.pcf.ccuCalculationApproach" {
		t.Fatalf("cut-off with a credit certification: %+v", e.Error)
	}
	st.storeSupplierDoc(t, cut)
	sd = MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-RT69-2", "pact:"+rt69Piece, "kg")}), 201)
	v = st.review(t, st.apply(t, sd.ID))
	if got := reviewWarningsWith(v, line, "ccuCalculationApproach"); len(got) != 0 {
		t.Fatalf("cut-off approach warned: %+v", got)
	}
}

// Ensure the upload refuses a PACT 2 document "per piece" (PACT 2's
// declaredUnit has no piece), naming pact_footprint.pcf.declaredUnit;
// before, it was stored and read as PACT 3 reads "piece". The same
// footprint as PACT 3 is stored.
func TestRedteam69_V2PieceUploadRefused(t *testing.T) {
	st := newSeededStack(t)
	v2 := bytes.Replace(footprinttest.SupplierPACT2(rt69Piece, 1, "1.2"), []byte(`"kilogram"`), []byte(`"piece"`), 1)
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: v2}), 400, "invalid")
	if e.Error.Field != "pact_footprint.pcf.declaredUnit" || !strings.Contains(e.Error.Message, "PACT 2 has no declaredUnit \"piece\"") || !strings.Contains(e.Error.Message, "PACT 2 的 declaredUnit 没有") {
		t.Fatalf("%+v, want pact_footprint.pcf.declaredUnit, in Chinese and English", e.Error)
	}
	v3 := bytes.Replace(footprinttest.SupplierPACT3(rt69Piece, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", "1.2"), []byte(`"kilogram"`), []byte(`"piece"`), 1)
	st.storeSupplierDoc(t, v3)
}

// Ensure the upload refuses a document giving the figure's member twice
// in two cases ("pcfExcludingBiogenicUptake" 0.42, then
// "PcfExcludingBiogenicUptake" 42.0, which encoding/json reads), naming
// the member, in Chinese and English, nothing stored. Before, it was
// stored at 0.42 (red team 58 refused it in pcf verify --pact only).
func TestRedteam69_FigureInAnotherCaseRefusedOnUpload(t *testing.T) {
	st := newSeededStack(t)
	doc := bytes.Replace(footprinttest.SupplierPACT3(rt69Twice, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", "0.42"),
		[]byte(`"fossilCarbonContent":"0"`), []byte(`"fossilCarbonContent":"0","PcfExcludingBiogenicUptake":"42.0"`), 1)
	before := st.certs.auditCount()
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: doc}), 400, "invalid")
	if e.Error.Field != "pact_footprint.pcf.PcfExcludingBiogenicUptake" || !strings.Contains(e.Error.Message, "仅大小写不同") || !strings.Contains(e.Error.Message, "encoding/json reads them as one") {
		t.Fatalf("%+v, want the member named, in Chinese and English", e.Error)
	}
	if n := st.certs.auditCount(); n != before {
		t.Fatalf("audit events %d → %d: something was stored", before, n)
	}
	e = MustError(t, st.do(t, request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-RT69-3", "pact:"+rt69Twice, "kg")}), 400, "invalid")
	if !strings.Contains(e.Error.Message, "not found") {
		t.Fatalf("a study naming the refused footprint: %+v", e.Error)
	}
	// Fetched: the same document is refused.
	ts := newSupplierHost(t, doc)
	st.registerSupplier(t, ts, "twice", ts.URL)
	if rec := st.fetchPACT(t, asMaker, "twice", rt69Twice); rec.Code != 400 {
		t.Fatalf("fetch: %d %s, want 400", rec.Code, rec.Body)
	}
}

// Ensure the review warns, in both languages and on the BOM line, of a
// supplier's PACT 2 footprint whose figure including biogenic emissions
// (pCfIncludingBiogenic) is above the figure the study uses
// (pCfExcludingBiogenic, which leaves biogenic CO2 emissions out, where
// GB/T 24067 and ISO 14067 count them). Before, the review showed both
// figures (red team 16) and warned of nothing: a junction box of 2.0
// stating 20.0 including biogenic emissions. One stating less including
// them (a biogenic carbon withdrawal) is not warned of.
func TestRedteam69_V2BiogenicLeftOutWarned(t *testing.T) {
	st := newSeededStack(t)
	const more, less = "69000004-1d2f-4a3b-9c8d-7e6f5a4b3c2d", "69000005-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	v2 := func(id, inc string) []byte {
		return bytes.Replace(footprinttest.SupplierPACT2(id, 1, "2.0"), []byte(`"pCfExcludingBiogenic":"2.0",`), []byte(`"pCfExcludingBiogenic":"2.0","pCfIncludingBiogenic":"`+inc+`",`), 1)
	}
	st.storeSupplierDoc(t, v2(more, "20.0"))
	st.storeSupplierDoc(t, v2(less, "1.5"))
	line := func(ref string) map[string]any {
		return map[string]any{"name": "Frame (supplier's PACT footprint)", "quantity": 0.2, "unit": "kg", "stage": "A1", "supplier": ref}
	}
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: withBOMLines(t, pvStudy(t, "GEC-RT69-5"), line("pact:"+more), line("pact:"+less))}), 201)
	v := st.review(t, st.apply(t, sd.ID))
	n := len(mustDoc(t, pvStudy(t, "GEC-RT69-5"))["bom"].([]any))
	got := reviewWarningsWith(v, fmt.Sprintf("bom[%d].supplier", n), "pact:"+more, "pCfIncludingBiogenic", "20", "900.0 %", "GB/T 24067", "生物源排放")
	if len(got) != 1 {
		t.Fatalf("review warnings %+v: want one on bom[%d].supplier of the biogenic emissions left out", v.Review.Warnings, n)
	}
	if got := reviewWarningsWith(v, fmt.Sprintf("bom[%d].supplier", n+1), "pCfIncludingBiogenic"); len(got) != 0 {
		t.Fatalf("a figure including biogenic below the one used warned: %+v", got)
	}
}

// Ensure a supplier's PACT footprint by the CCU credit approach that the
// service fetched before the check is not applied for: asked again at the
// application (red team 55's re-read), the host's document fails the
// checks, 409 naming the line, in both languages. Before, the host serving
// the same document was "as stored" and the application was made. (The
// study is calculated before the document is stored as the host serves
// it: a new calculation on it is refused since pact2.)
func TestRedteam69_FetchedCCUCreditNotAppliedFor(t *testing.T) {
	st := newSeededStack(t)
	doc := rt69Credit3(rt69Credit, "0.5")
	ts := newSupplierHost(t, doc)
	st.registerSupplier(t, ts, "ccu-supplier", ts.URL)
	maker := access.NewContextWithPrincipal(context.Background(), &access.Principal{Org: orgMaker, Role: access.RoleManufacturer})
	cut := bytes.Replace(doc, []byte(`"Credit","ccuCreditCertification":"https://registry.example/ccu/77"`), []byte(`"Cut-off"`), 1)
	if _, _, err := st.certs.SaveFetchedFootprint(maker, cut, ts.URL+"/3/footprints/"+rt69Credit, "maker"); err != nil {
		t.Fatal(err)
	}
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-RT69-6", "pact:"+rt69Credit, "kg")}), 201)
	pact2StoreBefore(t, st, rt69Credit, doc)
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + sd.ID + `","certifier":"` + orgCertifier + `"}`)}), 409, "conflict")
	line := fmt.Sprintf("bom[%d].supplier", len(mustDoc(t, pvStudy(t, "GEC-RT69-6"))["bom"].([]any)))
	if e.Error.Field != line || !strings.Contains(e.Error.Message, "fails the checks") || !strings.Contains(e.Error.Message, "CCU") || !strings.Contains(e.Error.Message, "不能通过检查") {
		t.Fatalf("%+v, want 409 on %s: the host's document fails the checks (CCU credit), in both languages", e.Error, line)
	}
}

// Red team 79 (session 47): the PACT exchange both ways.

// Ensure a manufacturer cannot upload a supplier's PACT 3 footprint whose
// figure lies below the aircraft emissions the same document states: the
// junction box at "0.5" kgCO2e/kg with aircraftGhgEmissions "12.0" (air
// freight, in pcfExcludingBiogenicUptake by PACT 3's own definition) was
// stored (201) and the demo PV module with 0.2 kg of it calculated at
// 150.20 kgCO2e, where the document's own aircraft emissions make the
// figure at least 12.0 (152.50 kgCO2e). The refusal is 400, naming the
// figure, in Chinese first; the document stating a figure of 12.0 is
// stored.
func TestRedteam79_UploadedFigureBelowItsAircraftEmissions(t *testing.T) {
	st := newSeededStack(t)
	const id = "79797979-aaaa-4b3b-9c8d-7e6f5a4b3c2d"
	doc := bytes.Replace(footprinttest.SupplierPACT3(id, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", "0.5"),
		[]byte(`"fossilCarbonContent":"0"`), []byte(`"fossilCarbonContent":"0","aircraftGhgEmissions":"12.0"`), 1)
	rec := st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: doc})
	e := MustError(t, rec, 400, "invalid")
	if e.Error.Field != "pact_footprint.pcf.pcfExcludingBiogenicUptake" || !strings.HasPrefix(e.Error.Message, "该足迹的") || !strings.Contains(e.Error.Message, "aircraftGhgEmissions 12.0") {
		t.Fatalf("refusal %+v, want the figure named, in Chinese first, with the aircraft emissions", e)
	}
	fixed := bytes.ReplaceAll(doc, []byte(`"0.5"`), []byte(`"12.0"`))
	st.storeSupplierDoc(t, fixed)
}

// Ensure a manufacturer cannot upload a supplier's PACT 3 footprint that
// nets a CCS capture it places outside its own boundary: the junction box
// at "0.5" kgCO2e/kg with fossilGhgEmissions "40.0",
// ccsTechnologicalCO2Capture "-39.5" and ccsTechnologicalCO2CaptureIncluded
// false was stored (201) and the demo PV module with 0.2 kg of it
// calculated at 150.20 kgCO2e, where without the capture the document
// excludes the figure is at least 40.0 (158.10 kgCO2e). The refusal is
// 400, naming the capture, in Chinese first.
func TestRedteam79_UploadedCCSOutsideItsBoundary(t *testing.T) {
	st := newSeededStack(t)
	const id = "79797979-dddd-4b3b-9c8d-7e6f5a4b3c2d"
	doc := bytes.Replace(footprinttest.SupplierPACT3(id, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", "0.5"),
		[]byte(`"fossilGhgEmissions":"0.5"`), []byte(`"fossilGhgEmissions":"40.0","ccsTechnologicalCO2Capture":"-39.5","ccsTechnologicalCO2CaptureIncluded":false`), 1)
	rec := st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: doc})
	e := MustError(t, rec, 400, "invalid")
	if e.Error.Field != "pact_footprint.pcf.ccsTechnologicalCO2Capture" || !strings.HasPrefix(e.Error.Message, "该足迹声明") || !strings.Contains(e.Error.Message, "ccsTechnologicalCO2CaptureIncluded false") {
		t.Fatalf("refusal %+v, want the capture named, in Chinese first", e)
	}
}

// A supplier's PACT footprint stored before today's checks refuse it: in
// the certifier's review and on the certificates issued on it.

// pact2StoreBefore does to stack st's store what a document stored before
// today's checks is: it replaces the stored document of every PACT
// footprint with id by doc (only owner's, when owner is not ""), in a
// copy of the store (its backup), which the stack then serves, as a
// server restarted on it would. The PACT footprint records are plain JSON
// with the document as uploaded.
func pact2StoreBefore(t *testing.T, st *stack, id string, doc []byte, owner ...string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "before.db")
	if _, err := st.db.BackupToFile(path); err != nil {
		t.Fatal(err)
	}
	n := 0
	factordbtest.EditFile(t, path, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("pact_footprints"))
		type kv struct{ k, v []byte }
		var puts []kv
		err := b.ForEach(func(k, v []byte) error {
			var rec map[string]json.RawMessage
			if err := json.Unmarshal(v, &rec); err != nil {
				return err
			}
			if string(rec["id"]) != `"`+id+`"` || len(owner) > 0 && string(rec["owner"]) != `"`+owner[0]+`"` {
				return nil
			}
			rec["document"] = doc
			out, err := json.Marshal(rec)
			puts = append(puts, kv{bytes.Clone(k), out})
			return err
		})
		for _, p := range puts {
			if err := b.Put(p.k, p.v); err != nil {
				return err
			}
		}
		n = len(puts)
		return err
	})
	if n == 0 {
		t.Fatalf("replacing footprint %s: no record", id)
	}
	db, err := factordb.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = st.clock.Now
	sfs := factordb.NewFactorService(db)
	cs := factordb.NewCertificationService(db)
	st.auth, st.studies, st.certs = factordb.NewAuthService(db), factordb.NewStudyService(db, sfs, cs), realCerts{cs}
	st.keys, st.products, st.db = factordb.NewKeyService(db), factordb.NewProductService(db), db
	s := st.srv
	s.FactorService, s.AuthService, s.StudyService = sfs, st.auth, st.studies
	s.CertificationService, s.KeyService, s.ProductService = st.certs, st.keys, st.products
	s.PACTSuppliers, s.Backup = st.certs, db
}

// Ensure the certifier's review of a study on a supplier PACT footprint
// that today's checks refuse (stored before them: here the figure's
// member given again in another case, which red team 69 refuses) shows
// the application, the footprint's row "refused" and a warning on its
// line, in Chinese and English, naming what the checks refuse and that no
// certificate is issued on it; the issue is 409 naming the line, nothing
// written, the application pending. Before, the whole review was a 400
// ("no longer passes the upload checks"): the certifier could not read
// the application, nor tell its applicant why.
func TestPACT2_ReviewShowsStoredFootprintRefused(t *testing.T) {
	st := newSeededStack(t)
	const id = "7f2e8c90-3f4b-4c6d-9e0f-1a2b3c4d5e71"
	good := footprinttest.SupplierPACT3(id, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", "0.42")
	st.storeSupplierDoc(t, good)
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-PACT2-1", "pact:"+id, "kg")}), 201)
	app := st.apply(t, sd.ID)
	line := fmt.Sprintf("bom[%d].supplier", len(mustDoc(t, pvStudy(t, "GEC-PACT2-1"))["bom"].([]any)))

	twice := bytes.Replace(good, []byte(`"fossilCarbonContent":"0"`), []byte(`"fossilCarbonContent":"0","PcfExcludingBiogenicUptake":"42.0"`), 1)
	if !bytes.Contains(twice, []byte("PcfExcludingBiogenicUptake")) {
		t.Fatal("the test document did not change")
	}
	pact2StoreBefore(t, st, id, twice)

	v := st.review(t, app)
	if len(v.Review.PACT) != 1 || v.Review.PACT[0].Ref != "pact:"+id || v.Review.PACT[0].Status != "refused" {
		t.Fatalf("review rows %+v, want pact:%s refused", v.Review.PACT, id)
	}
	got := reviewWarningsWith(v, line, "pact:"+id, "no longer passes today's checks", "no certificate is applied for or issued on it", "PcfExcludingBiogenicUptake")
	if len(got) != 1 || !strings.Contains(got[0].MessageZH, "不能据此申请或签发证书") || !strings.Contains(got[0].MessageZH, "PcfExcludingBiogenicUptake") ||
		strings.ContainsFunc(got[0].Message, isHanRune) {
		t.Fatalf("review warnings %+v: want one on %s naming the check and the refused issue, each language once", v.Review.Warnings, line)
	}

	digest := MustData[appData](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert}), 200).Review.Digest
	before := st.certs.auditCount()
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/applications/" + app + "/issue", as: asCert, contentType: "application/json",
		body: []byte(`{"signatory":"Zhang San","review_digest":"` + digest + `"}`)}), 409, "conflict")
	if e.Error.Field != line || !strings.Contains(e.Error.Message, "PcfExcludingBiogenicUptake") || !strings.Contains(e.Error.Message, "不能据此申请或签发证书") {
		t.Fatalf("issue: %+v, want 409 on %s naming the check, in both languages", e.Error, line)
	}
	if n := st.certs.auditCount(); n != before {
		t.Errorf("audit events %d → %d: something was written", before, n)
	}
	if v := MustData[appData](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert}), 200); v.Status != "pending" {
		t.Errorf("application %s after the refused issue, want pending", v.Status)
	}
}

// Ensure the periodic re-read of fetched footprints goes on past one that
// today's checks refuse (stored before them: orgMaker2's copy of a v2
// footprint, whose figure's member is given again in another case): the
// pass asks the host for the other certificates' footprints, without
// error. Before, the refusal of that one stopped the pass for every
// certificate (RecheckPACTHosts returned it).
func TestPACT2_RecheckGoesPastStoredFootprintRefused(t *testing.T) {
	const id = "7f2e8c90-3f4b-4c6d-9e0f-1a2b3c4d5e72"
	doc := supplierDocV2(id, 1, "4.2")
	_, ts := newWatchedHost(t, id, doc)
	st := newSeededStack(t)
	st.fetchFrom(t, ts, "frames", id)
	MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.supplierStudy(t, "GEC-PACT2-W1", "pact:"+id)), "")), 201)
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/pact/endpoints", as: asOther, contentType: "application/json",
		body: []byte(`{"name":"frames","url":"` + ts.URL + `","client_id":"other","client_secret":"s3cret"}`)}), 201)
	MustData[any](t, st.fetchPACT(t, asOther, "frames", id), 201)
	_, app := st.applyAsOther(t, studyWithSupplierLine(t, "GEC-PACT2-W2", "pact:"+id, "kg"))
	MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201)

	twice := bytes.Replace(doc, []byte(`"pCfExcludingBiogenic":"4.2"`), []byte(`"pCfExcludingBiogenic":"4.2","PCfExcludingBiogenic":"42.0"`), 1)
	if bytes.Equal(twice, doc) {
		t.Fatal("the test document did not change")
	}
	pact2StoreBefore(t, st, id, twice, orgMaker2)
	res, err := st.srv.RecheckPACTHosts(context.Background())
	if err != nil || res.Asked != 1 || res.Errors != 0 {
		t.Fatalf("RecheckPACTHosts: %+v, %v; want orgMaker's footprint asked for, without error", res, err)
	}
}

func isHanRune(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }

// Ensure a certificate issued on a supplier PACT footprint whose stored
// document today's checks refuse is flagged as one whose supplier
// footprint changed: a fetched one whose figure's member is given again in
// another case (which the periodic re-read passes over, as it has no
// figure to compare with its host's) and an uploaded one stated by the CCU
// credit approach (no host to ask), each stored before the check. Its JSON
// (holder, certifier, regulator) carries supplier_footprint_change naming
// the line and the check, in both languages; the flagged queue lists it;
// the certifier's workbench shows it; the public verification says
// nothing of the supplier (supplier lists are private). A certificate on
// the same footprint as another owner stored it, which passes, is not
// flagged. Before, both stayed valid and unflagged.
func TestPACT3_RefusedFootprintFlagsCertificates(t *testing.T) {
	const fetched, uploaded = "7f2e8c90-3f4b-4c6d-9e0f-1a2b3c4d5e81", "69000081-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	doc := supplierDocV2(fetched, 1, "4.2")
	_, ts := newWatchedHost(t, fetched, doc)
	st := newSeededStack(t)
	st.fetchFrom(t, ts, "frames", fetched)
	sound := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.supplierStudy(t, "GEC-PACT3-W1", "pact:"+fetched)), "")), 201).CertificateID
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/pact/endpoints", as: asOther, contentType: "application/json",
		body: []byte(`{"name":"frames","url":"` + ts.URL + `","client_id":"other","client_secret":"s3cret"}`)}), 201)
	MustData[any](t, st.fetchPACT(t, asOther, "frames", fetched), 201)
	_, app := st.applyAsOther(t, studyWithSupplierLine(t, "GEC-PACT3-W2", "pact:"+fetched, "kg"))
	onFetched := MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201).CertificateID

	credit := rt69Credit3(uploaded, "0.5")
	st.storeSupplierDoc(t, bytes.Replace(credit, []byte(`"Credit","ccuCreditCertification":"https://registry.example/ccu/77"`), []byte(`"Cut-off"`), 1))
	onUploaded := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.supplierStudy(t, "GEC-PACT3-U1", "pact:"+uploaded)), "")), 201).CertificateID

	twice := bytes.Replace(doc, []byte(`"pCfExcludingBiogenic":"4.2"`), []byte(`"pCfExcludingBiogenic":"4.2","PCfExcludingBiogenic":"42.0"`), 1)
	if bytes.Equal(twice, doc) {
		t.Fatal("the test document did not change")
	}
	pact2StoreBefore(t, st, fetched, twice, orgMaker2)
	pact2StoreBefore(t, st, uploaded, credit)
	if res, err := st.srv.RecheckPACTHosts(context.Background()); err != nil || res.Errors != 0 {
		t.Fatalf("RecheckPACTHosts: %+v, %v; want no error", res, err)
	}

	type change struct {
		ID     string `json:"id"`
		Change *struct {
			Field, Message string
		} `json:"supplier_footprint_change"`
	}
	for _, tc := range []struct {
		name, cert, holder, ref string
		want                    []string
	}{
		{"fetched", onFetched, asOther, "pact:" + fetched, []string{"PCfExcludingBiogenic"}},
		{"uploaded", onUploaded, asMaker, "pact:" + uploaded, []string{`ccuCalculationApproach "Credit"`, "CCU 抵扣法", "cut-off approach"}},
	} {
		for _, as := range []string{asReg, asCert, tc.holder} {
			c := MustData[change](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + tc.cert, as: as}), 200)
			want := append([]string{tc.ref, "不能据此申请或签发证书", "no certificate is applied for or issued on it"}, tc.want...)
			if c.Change == nil || !strings.HasSuffix(c.Change.Field, ".supplier") {
				t.Errorf("%s, as %s: %+v, want supplier_footprint_change naming the line", tc.name, as, c.Change)
				continue
			}
			for _, w := range want {
				if !strings.Contains(c.Change.Message, w) {
					t.Errorf("%s, as %s: %q lacks %q", tc.name, as, c.Change.Message, w)
				}
			}
		}
		v := st.do(t, request{method: "GET", target: "/v1/certificates/" + tc.cert + "/verify"})
		if b := v.Body.String(); v.Code != 200 || strings.Contains(b, strings.TrimPrefix(tc.ref, "pact:")) || strings.Contains(b, "supplier_footprint_change") || !strings.Contains(b, `"status":"valid"`) {
			t.Errorf("%s: public verification %d %.300s, want valid and no word of the supplier", tc.name, v.Code, b)
		}
	}
	queue := map[string]bool{}
	for _, c := range MustData[[]change](t, st.do(t, request{method: "GET", target: "/v1/certificates?flagged=true", as: asReg}), 200) {
		queue[c.ID] = true
	}
	if !queue[onFetched] || !queue[onUploaded] || queue[sound] {
		t.Errorf("flagged queue %v: want %s and %s, not %s", queue, onFetched, onUploaded, sound)
	}
	if c := MustData[change](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + sound, as: asReg}), 200); c.Change != nil {
		t.Errorf("the certificate on the footprint as it passes: %+v, want no change", c.Change)
	}
	mustWorkPage(t, st.signedIn(t, asCert).get("/work/certificates/"+onUploaded), http.StatusOK, `id="pact-change"`, "pact:"+uploaded, "CCU", "no longer passes the service's checks", "已不能通过本服务现行的检查")
}
