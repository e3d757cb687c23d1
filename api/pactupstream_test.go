package api_test

import (
	"bytes"
	"encoding/json"
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
		MustData[any](t, st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: doc}), 201)
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
		p := "/" + string(rune('0'+v)) + "/footprints"
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
