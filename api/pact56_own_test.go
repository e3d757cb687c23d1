package api_test

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"
)

// Ensure this service's own PACT footprint of a certificate, read from
// /2/footprints/{id} and /3/footprints/{id} and uploaded as a supplier's,
// is refused as the certificate (409 naming pact_footprint.id: reference
// the certificate itself), as it is (its {"data": …} answer) and as the
// bare footprint, in both versions; under another id it is refused by its
// marks (400, naming pact_footprint.comment). The same document with the
// marks taken out, its figures as exported, is stored and reads back as the
// certificate's figure: per piece in PACT 3, per kilogram of module in
// PACT 2 (the certificate's figure over the mass its PACT 3 footprint
// states). Red teams 5 and 7 tried PACT 3 copies at an edited figure only.
func TestPACT56_OwnFootprintReimported(t *testing.T) {
	h := newPACTHost(t)
	tok := h.token(t)
	id := h.certs["A"]
	cert := MustData[certData](t, h.st.do(t, request{method: "GET", target: "/v1/certificates/" + id, as: asMaker}), 200)
	exported := func(version string) ([]byte, map[string]any) {
		t.Helper()
		status, _, body := h.get(t, tok, "/"+version+"/footprints/"+id)
		if status != 200 {
			t.Fatalf("GET /%s/footprints/%s: %d %s", version, id, status, truncateBody(body))
		}
		var answer struct {
			Data map[string]any `json:"data"`
		}
		if err := json.Unmarshal(body, &answer); err != nil {
			t.Fatal(err)
		}
		return body, answer.Data
	}
	_, v3 := exported("3")
	mass, err := strconv.ParseFloat(v3["pcf"].(map[string]any)["productMassPerDeclaredUnit"].(string), 64)
	if err != nil || !(mass > 0) {
		t.Fatalf("v3 productMassPerDeclaredUnit %v", v3["pcf"].(map[string]any)["productMassPerDeclaredUnit"])
	}
	upload := func(doc []byte) request {
		return request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: doc}
	}
	for i, c := range []struct {
		version, unit string
		kg            float64
	}{
		{"2", "kg", cert.KgCO2e / mass}, // v2 has no piece: per kilogram of module
		{"3", "piece", cert.KgCO2e},
	} {
		body, fp := exported(c.version)
		for _, doc := range [][]byte{body, mustJSON(t, fp)} {
			e := MustError(t, h.st.do(t, upload(doc)), 409, "conflict")
			if e.Error.Field != "pact_footprint.id" || !strings.Contains(e.Error.Message, id) || !strings.Contains(e.Error.Message, "reference the certificate itself") {
				t.Errorf("v%s as exported: field %q message %q; want pact_footprint.id naming the certificate", c.version, e.Error.Field, e.Error.Message)
			}
		}
		fp["id"] = "56560000-0000-4000-8000-00000000000" + strconv.Itoa(i)
		e := MustError(t, h.st.do(t, upload(mustJSON(t, fp))), 400, "invalid")
		if e.Error.Field != "pact_footprint.comment" || !strings.Contains(e.Error.Message, "reference the certificate itself") {
			t.Errorf("v%s under another id: field %q message %q; want pact_footprint.comment", c.version, e.Error.Field, e.Error.Message)
		}
		fp["comment"] = "Supplier's own footprint."
		fp["companyIds"] = []string{"urn:pact:supplier.example:company-id:1"}
		fp["productIds"] = []string{"urn:pact:supplier.example:product-id:MOD-A"}
		delete(fp["pcf"].(map[string]any), "assurance")
		delete(fp["pcf"].(map[string]any), "verification")
		got := MustData[struct {
			Unit   string  `json:"declared_unit"`
			KgCO2e float64 `json:"kg_co2e"`
		}](t, h.st.do(t, upload(mustJSON(t, fp))), 201)
		if got.Unit != c.unit || math.Abs(got.KgCO2e-c.kg) > 1e-12*c.kg {
			t.Errorf("v%s re-imported: %v kgCO2e per %s, want the certificate's %v per piece = %v per %s", c.version, got.KgCO2e, got.Unit, cert.KgCO2e, c.kg, c.unit)
		}
	}
}

func mustJSON(tb testing.TB, v any) []byte {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
