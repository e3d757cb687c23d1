package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/access"
)

// Ensure the operator cannot issue in a certification body's name with a
// key it made for the body (red team 46). Before, the admin's
// POST /v1/admin/keys {"org": <an existing certifier>} gave a key that
// read the application's review and issued the certificate, and the body
// could not see that the key existed. Now the key waits: it is refused
// (401 key_awaits_organisation, on the API and at the token endpoint)
// until one of the body's own keys confirms it; the body lists it at
// GET /v1/org/keys; another body or a manufacturer cannot confirm it; once
// confirmed it issues, and the trail names the key that confirmed it.
func TestRedteam46_OperatorMintedCertifierKeyWaitsForTheBody(t *testing.T) {
	st := newSeededStack(t)
	minted := MustData[struct {
		access.APIKey
		Token string `json:"token"`
	}](t, st.do(t, request{method: "POST", target: "/v1/admin/keys", as: asAdmin, contentType: "application/json",
		body: []byte(`{"org":"` + orgCertifier + `"}`)}), 201)
	if !minted.AwaitsOrg {
		t.Fatalf("the admin's key of %s %+v does not wait for the body", orgCertifier, minted.APIKey)
	}
	const asMinted = "minted"
	st.tokens[asMinted] = minted.Token

	app := st.apply(t, st.submit(t, "GEC-RT46-1"))
	for _, r := range []request{
		{method: "GET", target: "/v1/applications/" + app},
		{method: "POST", target: "/v1/applications/" + app + "/issue", contentType: "application/json", body: []byte(`{"signatory":"Zhang San","review_digest":"x"}`)},
	} {
		r.as = asMinted
		e := MustError(t, st.do(t, r), http.StatusUnauthorized, access.EKEYAWAITSORG)
		if !strings.Contains(e.Error.Message, "/v1/org/keys/"+minted.ID+"/confirm") {
			t.Errorf("%s %s: message %q does not say how the key is confirmed", r.method, r.target, e.Error.Message)
		}
	}
	tok := st.do(t, request{method: "POST", target: "/v1/auth/token", contentType: "application/x-www-form-urlencoded",
		body: []byte(url.Values{"grant_type": {"client_credentials"}, "client_id": {minted.ID}, "client_secret": {minted.Token}}.Encode())})
	if tok.Code != http.StatusUnauthorized || !strings.Contains(tok.Body.String(), access.EKEYAWAITSORG) {
		t.Errorf("access token for the waiting key: %d %s", tok.Code, tok.Body)
	}

	// The body sees the key; others cannot confirm it.
	keys := MustData[[]access.APIKey](t, st.do(t, request{method: "GET", target: "/v1/org/keys", as: asCert}), 200)
	var listed bool
	for _, k := range keys {
		if k.Org != orgCertifier {
			t.Errorf("the body's list holds %s's key %s", k.Org, k.ID)
		}
		listed = listed || k.ID == minted.ID && k.Waiting()
	}
	if !listed {
		t.Errorf("the body's keys %+v do not list the waiting key %s", keys, minted.ID)
	}
	confirm := request{method: "POST", target: "/v1/org/keys/" + minted.ID + "/confirm"}
	MustError(t, st.do(t, request{method: confirm.method, target: confirm.target, as: asCert2}), http.StatusNotFound, "not_found")
	MustError(t, st.do(t, request{method: confirm.method, target: confirm.target, as: asMaker}), http.StatusForbidden, "forbidden")
	MustError(t, st.do(t, request{method: confirm.method, target: confirm.target, as: asAdmin}), http.StatusForbidden, "forbidden")
	MustError(t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asMinted}), http.StatusUnauthorized, access.EKEYAWAITSORG)

	// The body confirms it: the key works, and the trail says by whom.
	confirm.as = asCert
	k := MustData[access.APIKey](t, st.do(t, confirm), 200)
	certKey := strings.Split(st.tokens[asCert], "_")[1]
	if k.Waiting() || k.EndorsedBy != certKey {
		t.Fatalf("confirmed key %+v, want it confirmed by %s", k, certKey)
	}
	if rec := st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asMinted}); rec.Code != http.StatusOK {
		t.Fatalf("the confirmed key reads the application: %d %s", rec.Code, rec.Body)
	}
	events := MustData[[]access.AuditEvent](t, st.do(t, request{method: "GET", target: "/v1/audit?subject=key/" + minted.ID, as: asReg}), 200)
	if len(events) != 2 || events[0].Action != access.AuditKeyEndorse || events[0].KeyID != certKey || events[1].Action != access.AuditKeyCreate {
		t.Errorf("the key's trail %+v, want its creation and its confirmation by %s", events, certKey)
	}
}
