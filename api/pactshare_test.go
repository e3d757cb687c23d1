package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// tokenFor gets a PACT access token with an API key as client credentials.
func (h *pactHost) tokenFor(t *testing.T, key string) string {
	t.Helper()
	saved := h.partner
	defer func() { h.partner = saved }()
	h.partner = key
	return h.token(t)
}

// footprintExtensions returns the extensions of each footprint of a
// {"data": …} body (a list or one footprint), by id.
func footprintExtensions(t *testing.T, body []byte) map[string][]pact.Extension {
	t.Helper()
	type fp struct {
		ID         string           `json:"id"`
		Extensions []pact.Extension `json:"extensions"`
	}
	out := map[string][]pact.Extension{}
	var list struct{ Data []fp }
	if err := json.Unmarshal(body, &list); err == nil {
		for _, f := range list.Data {
			out[f.ID] = f.Extensions
		}
		return out
	}
	var one struct{ Data fp }
	if err := json.Unmarshal(body, &one); err != nil {
		t.Fatalf("footprint body %s: %v", truncateBody(body), err)
	}
	out[one.Data.ID] = one.Data.Extensions
	return out
}

// Ensure a holder's sharing: the footprint's private details reach the
// organisation it was shared with, and only it, from /2 and /3 (list and
// get, valid against the official schemas and the extension's own schema);
// the holder alone can share, list and revoke; revoking stops it; each
// change is in the audit trail.
func TestPACT_HolderSharing(t *testing.T) {
	h := newPACTHost(t)
	spec := MustPACTSpec(t)
	st := h.st
	otherKey := st.MustAddOrganization(t, access.Organization{Name: "Other Buyer", Role: access.RolePartner})
	a := h.certs["A"]
	shares := "/v1/certificates/" + a + "/pact/shares"
	share := func(as, partner string) *httptest.ResponseRecorder {
		return st.do(t, request{method: "POST", target: shares, as: as, contentType: "application/json", body: []byte(`{"partner":"` + partner + `"}`)})
	}
	buyer, other := h.token(t), h.tokenFor(t, otherKey)

	// Nothing shared: every client gets the public facts only.
	for _, tok := range []string{buyer, other} {
		for _, path := range []string{"/2/footprints", "/3/footprints", "/3/footprints/" + a, "/2/footprints/" + a} {
			_, _, body := h.get(t, tok, path)
			for id, ext := range footprintExtensions(t, body) {
				if len(ext) != 0 {
					t.Fatalf("%s: footprint %s has extensions before any share", path, id)
				}
			}
		}
	}

	// Only the holder shares; not with the operator, itself or nobody.
	MustError(t, share(asOther, "Buyer GmbH"), 404, "not_found")
	MustError(t, share(asCert, "Buyer GmbH"), 403, "forbidden")
	MustError(t, share(asMaker, "Nobody Ltd."), 404, "not_found")
	MustError(t, share(asMaker, orgAdmin), 400, "invalid")
	MustError(t, share(asMaker, orgMaker), 400, "invalid")
	before := st.certs.auditCount()
	got := MustData[struct {
		Partner string `json:"partner"`
		Holder  string `json:"holder"`
	}](t, share(asMaker, "Buyer GmbH"), 201)
	if got.Partner != "Buyer GmbH" || got.Holder != orgMaker {
		t.Fatalf("share answer %+v", got)
	}
	MustData[any](t, share(asMaker, "Buyer GmbH"), 200) // again: no change
	if n := st.certs.auditCount(); n != before+1 {
		t.Fatalf("audit events %d → %d, want one for the share", before, n)
	}
	list := MustData[[]struct{ Partner string }](t, st.do(t, request{method: "GET", target: shares, as: asMaker}), 200)
	if len(list) != 1 || list[0].Partner != "Buyer GmbH" {
		t.Fatalf("shares %+v", list)
	}
	MustError(t, st.do(t, request{method: "GET", target: shares, as: asOther}), 404, "not_found")

	// The partner it was shared with sees the details of A, and only of A.
	schema := mustCompileSchema(t, "https://pcf.test/shared.json", pact.SharedSchema)
	for _, v := range []int{2, 3} {
		p := pactRoot(v) + "/footprints"
		status, _, body := h.get(t, buyer, p+"/"+a)
		if status != 200 {
			t.Fatalf("v%d get: %d %s", v, status, body)
		}
		MustValidateJSON(t, spec[v].get, body)
		ext := footprintExtensions(t, body)[a]
		if len(ext) != 1 || !strings.HasSuffix(ext[0].DataSchema, pact.SharedSchemaPath) || !strings.HasPrefix(ext[0].DataSchema, testBaseURL) {
			t.Fatalf("v%d: extensions %+v, want the shared details", v, ext)
		}
		data, _ := json.Marshal(ext[0].Data)
		MustValidateJSON(t, schema, data)
		var d pact.SharedDetails
		if err := json.Unmarshal(data, &d); err != nil || d.Certificate == "" || len(d.Hotspots) == 0 || d.KgCO2e <= 0 {
			t.Fatalf("v%d: shared details %s", v, data)
		}
		status, _, body = h.get(t, buyer, p)
		if status != 200 {
			t.Fatalf("v%d list: %d", v, status)
		}
		MustValidateJSON(t, spec[v].list, body)
		for id, ext := range footprintExtensions(t, body) {
			if (id == a) != (len(ext) == 1) {
				t.Fatalf("v%d list: footprint %s has %d extensions", v, id, len(ext))
			}
		}
		// Another partner sees the public facts only.
		for _, path := range []string{p, p + "/" + a} {
			_, _, body := h.get(t, other, path)
			if bytes.Contains(body, []byte(pact.SharedSchemaPath)) {
				t.Fatalf("v%d %s: another partner sees the shared details", v, path)
			}
		}
	}
	// So does the certificate's own PACT view for anyone else.
	if body := st.do(t, request{method: "GET", target: "/v1/certificates/" + a + "/pact", as: asOther}).Body.Bytes(); bytes.Contains(body, []byte(pact.SharedSchemaPath)) {
		t.Fatal("another manufacturer sees the shared details")
	}

	// Revoking: only the holder; then the partner sees the public facts.
	del := "/v1/certificates/" + a + "/pact/shares/" + url.PathEscape("Buyer GmbH")
	MustError(t, st.do(t, request{method: "DELETE", target: del, as: asOther}), 404, "not_found")
	if rec := st.do(t, request{method: "DELETE", target: del, as: asMaker}); rec.Code != http.StatusNoContent {
		t.Fatalf("revoke: %d %s", rec.Code, rec.Body)
	}
	MustError(t, st.do(t, request{method: "DELETE", target: del, as: asMaker}), 404, "not_found")
	for _, path := range []string{"/3/footprints", "/3/footprints/" + a, "/2/footprints/" + a} {
		if _, _, body := h.get(t, buyer, path); bytes.Contains(body, []byte(pact.SharedSchemaPath)) {
			t.Fatalf("%s: shared details after the share was revoked", path)
		}
	}
	events := MustData[[]access.AuditEvent](t, st.do(t, request{method: "GET", target: "/v1/audit?subject=certificate/" + a, as: asReg}), 200)
	var actions []string
	for _, e := range events {
		if strings.HasPrefix(e.Action, "pact-share.") {
			actions = append(actions, e.Action+" by "+e.Actor+": "+e.Detail)
		}
	}
	if len(actions) != 2 || !strings.HasPrefix(actions[0], pact.AuditShareRevoke+" by "+orgMaker) || !strings.HasPrefix(actions[1], pact.AuditShare+" by "+orgMaker) || !strings.Contains(actions[1], "Buyer GmbH") {
		t.Fatalf("audit trail %q", actions)
	}

	// The schema the extension names is served, publicly.
	rec := st.do(t, request{method: "GET", target: pact.SharedSchemaPath})
	if rec.Code != 200 || !json.Valid(rec.Body.Bytes()) {
		t.Fatalf("schema: %d", rec.Code)
	}
}

// mustCompileSchema compiles the JSON Schema src, known by the URL name.
func mustCompileSchema(tb testing.TB, name, src string) *jsonschema.Schema {
	tb.Helper()
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(src))
	if err != nil {
		tb.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(name, doc); err != nil {
		tb.Fatal(err)
	}
	s, err := c.Compile(name)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// Ensure a share is revoked by the partner's name escaped otherwise than
// Go escapes it: encodeURIComponent escapes "&" (which Go leaves), and %48
// is "H"; echo then hands the handler the raw parameter.
func TestPACT_RevokeShareEscapedName(t *testing.T) {
	h := newPACTHost(t)
	st := h.st
	if err := st.auth.CreateOrganization(context.Background(), &access.Organization{Name: "Smith & Sons", Role: access.RolePartner}); err != nil {
		t.Fatal(err)
	}
	a := h.certs["A"]
	for _, tt := range []struct{ partner, escaped string }{{"Smith & Sons", "Smith%20%26%20Sons"}, {"Buyer GmbH", "Buyer%20Gmb%48"}} {
		MustData[any](t, st.do(t, request{method: "POST", target: "/v1/certificates/" + a + "/pact/shares", as: asMaker, contentType: "application/json",
			body: []byte(`{"partner":"` + tt.partner + `"}`)}), 201)
		del := "/v1/certificates/" + a + "/pact/shares/" + tt.escaped
		if rec := st.do(t, request{method: "DELETE", target: del, as: asMaker}); rec.Code != http.StatusNoContent {
			t.Fatalf("revoke %s: %d %s", tt.escaped, rec.Code, rec.Body)
		}
		MustError(t, st.do(t, request{method: "DELETE", target: del, as: asMaker}), 404, "not_found")
	}
	shares := MustData[[]any](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + a + "/pact/shares", as: asMaker}), 200)
	if len(shares) != 0 {
		t.Fatalf("shares left: %v", shares)
	}
}

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
