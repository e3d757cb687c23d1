package api_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure the ways a holder can break the lineage on purpose to have the
// demo module's smaller output (154,250 modules, 147.889423914 kgCO2e,
// against 150.099534125 at 500,000) certified without the comparison with
// its certified study stay refused or named (rv56, as a flatterer): a new
// model name, a changed GTIN under the same model, the old certificate
// withdrawn first (under a new model, and superseding it), and the laptop
// applied for twice, the first issued on a review read before the second
// was made. (Past the walk's 64 certificates:
// TestReview_EarlierWalkStoppedAtTheLimitNamed.)
func TestRV56_LineageBrokenOnPurpose(t *testing.T) {
	applyCode := func(st *stack, studyID, sup string) (int, string) {
		rec := st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker,
			contentType: "application/json", body: []byte(`{"study_id":"` + studyID + `","certifier":"` + orgCertifier + `","supersedes":"` + sup + `"}`)})
		return rec.Code, rec.Body.String()
	}
	certify := func(st *stack, model string) issueData {
		a, _ := rt77Store(t, st, rt91Module(t, model, 500000))
		return MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, a), "")), 201)
	}
	// A new model name, no supersedes: the green certificates are the
	// certified study's (checkBindingClaims).
	st := newSeededStack(t)
	certify(st, "DEMO-M10-RV56X")
	c, _ := rt77Store(t, st, rt91Module(t, "DEMO-M10-RV56Y", 154250))
	if code, body := applyCode(st, c, ""); code != 409 || !strings.Contains(body, "already claimed by another study") {
		t.Errorf("a new model name at 154,250 modules: %d %s, want 409, the instruments claimed", code, body)
	}
	// A changed GTIN, the same model: the model's certificate is to be
	// superseded.
	d := rt91Module(t, "DEMO-M10-RV56X", 154250)
	d["product"].(map[string]any)["gtin"] = "06901234567892"
	c, _ = rt77Store(t, st, d)
	if code, body := applyCode(st, c, ""); code != 409 || !strings.Contains(body, "supersedes") {
		t.Errorf("a changed GTIN at 154,250 modules: %d %s, want 409 naming supersedes", code, body)
	}
	// The certificate withdrawn first: under a new model the instruments
	// are still claimed; superseding it, the output is compared.
	st = newSeededStack(t)
	a := certify(st, "DEMO-M10-RV56W")
	st.setStatus(t, a.CertificateID, "withdraw", "test")
	c, _ = rt77Store(t, st, rt91Module(t, "DEMO-M10-RV56V", 154250))
	if code, body := applyCode(st, c, ""); code != 409 || !strings.Contains(body, "already claimed by another study") {
		t.Errorf("withdrawn, a new model name at 154,250 modules: %d %s, want 409, the instruments claimed", code, body)
	}
	c, _ = rt77Store(t, st, rt91Module(t, "DEMO-M10-RV56W", 154250))
	if ws := st.reviewWarningsAt(t, st.applySuperseding(t, c, a.CertificateID), "reference_output"); len(ws) != 1 || !strings.Contains(ws[0].Message, "stated 500000") {
		t.Errorf("withdrawn, superseded at 154,250 modules: warnings at reference_output %+v, want the comparison with 500,000", ws)
	}
	// Twins: the laptop's second application made after the first's
	// review was read; the first's issue on that reading is refused.
	st = newSeededStack(t)
	doc := mustDoc(t, seedtest.StudyJSON(t, "laptop"))
	doc["product"].(map[string]any)["model"] = "LAPTOP-RV56"
	l, _ := rt77Store(t, st, doc)
	certL := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, l), "")), 201)
	b1, _ := rt77Store(t, st, doc)
	first := st.issueReq(t, st.applySuperseding(t, b1, certL.CertificateID), "")
	b2, _ := rt77Store(t, st, doc)
	st.applySuperseding(t, b2, certL.CertificateID)
	if rec := st.do(t, first); rec.Code != 409 || !strings.Contains(rec.Body.String(), "review_digest") {
		t.Errorf("the first twin issued on a review read before the second was made: %d %s, want 409 naming review_digest", rec.Code, rec.Body)
	}
}
