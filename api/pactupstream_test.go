package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// supplierDocV2 is a supplier's PACT v2 footprint of a component per
// kilogram in the given version (test data for a fictitious supplier).
func supplierDocV2(id string, version int, figure string) []byte {
	return []byte(`{"id":"` + id + `","specVersion":"2.3.0","version":` + strconv.Itoa(version) + `,"created":"2025-01-15T00:00:00Z","status":"Active",
 "validityPeriodStart":"2025-01-01T00:00:00Z","validityPeriodEnd":"2027-12-31T00:00:00Z",
 "companyName":"Frame Supplier Ltd","productNameCompany":"AF-1 aluminium frame",
 "pcf":{"declaredUnit":"kilogram","pCfExcludingBiogenic":"` + figure + `",
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
