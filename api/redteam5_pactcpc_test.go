package api_test

import (
	"strings"
	"testing"
)

// Ensure a holder cannot declare a CPC code for a certificate that is not
// valid. The declaration gives a certificate without its own CPC code a
// PACT v2 footprint it did not have: declared after a withdrawal or a
// replacement, a footprint PACT calls final (Deprecated) gained a v2 form
// and a classification, listed and found by $filter=productCategoryCpc; a
// suspended one, whose footprint is withheld, came back from the
// suspension with a v2 form its certifier never saw. The service answered
// 201 to each.
func TestRedteam5_CPCDeclaredForValidCertificatesOnly(t *testing.T) {
	h := newPACTHost(t)
	tok := h.token(t)
	// Three certificates without a CPC code (the demo study names an HS
	// code only): withdrawn, suspended, and one superseded.
	_, withdrawn := h.issue(t, pactStudy(t, "GEC-P-W5", "MOD-W5", false), "")
	h.setStatus(t, withdrawn, "withdraw")
	_, suspended := h.issue(t, pactStudy(t, "GEC-P-S5", "MOD-S5", false), "")
	h.setStatus(t, suspended, "suspend")
	studyR, replaced := h.issue(t, pactStudy(t, "GEC-P-R5", "MOD-R5", false), "")
	h.certify(t, studyR, replaced)

	for name, id := range map[string]string{"withdrawn": withdrawn, "suspended": suspended, "superseded": replaced} {
		rec := h.st.do(t, request{method: "PUT", target: "/v1/certificates/" + id + "/pact/cpc", as: asMaker,
			contentType: "application/json", body: []byte(`{"cpc":"46"}`)})
		e := MustError(t, rec, 409, "conflict")
		if !strings.Contains(e.Error.Message, name) || !strings.Contains(e.Error.Message, "valid") {
			t.Errorf("%s: message %q, want it to name the status and say only a valid certificate takes a declaration", name, e.Error.Message)
		}
		if status, _, body := h.get(t, tok, "/2/footprints/"+id); status != 404 && status != 403 {
			t.Errorf("%s: GET /2/footprints/%s answered %d after the refused declaration: %s", name, id, status, truncateBody(body))
		}
	}
	// Reinstated, the suspended certificate is valid again and takes one.
	h.setStatus(t, suspended, "reinstate")
	if rec := h.st.do(t, request{method: "PUT", target: "/v1/certificates/" + suspended + "/pact/cpc", as: asMaker,
		contentType: "application/json", body: []byte(`{"cpc":"46"}`)}); rec.Code != 201 {
		t.Fatalf("reinstated: %d %s, want 201", rec.Code, rec.Body)
	}
}
