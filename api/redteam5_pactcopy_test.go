package api_test

import (
	"encoding/json"
	"strings"
	"testing"
)

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
		status, _, body := h.get(t, tok, "/3/footprints/"+id)
		if status != 200 {
			t.Fatalf("%s: GET /3/footprints: %d %s", name, status, truncateBody(body))
		}
		var doc map[string]any
		if err := json.Unmarshal(body, &doc); err != nil {
			t.Fatal(err)
		}
		fp := doc["data"].(map[string]any)
		fp["status"] = "Active"
		fp["pcf"].(map[string]any)["pcfExcludingBiogenicUptake"] = "1"
		forged, err := json.Marshal(fp)
		if err != nil {
			t.Fatal(err)
		}
		rec := h.st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: forged})
		e := MustError(t, rec, 409, "conflict")
		if e.Error.Field != "pact_footprint.id" || !strings.Contains(e.Error.Message, "certificate") || !strings.Contains(e.Error.Message, id) {
			t.Errorf("%s: field %q message %q; want pact_footprint.id, naming the certificate and saying to reference it", name, e.Error.Field, e.Error.Message)
		}
	}
}
