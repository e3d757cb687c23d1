package api_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/access"
)

// Ensure an API key revoked after a backup is not active again once the
// backup is restored (docs/integrity.md: "a restore brings back revoked API
// keys"): every key the copy holds answers 401 restored_key, on the API and
// at the token endpoint, the admin's own too, until an admin confirms it
// (on the file, as pcf keys confirm does; then one by one or all at once
// through the admin routes); a key revoked again stays revoked; a key made
// after the restore works. Before, the revoked key read and wrote as its
// organisation again.
func TestRedteam29_RevokedKeyActiveAgainAfterRestore(t *testing.T) {
	ctx := context.Background()
	st := newSeededStack(t)
	st.seedFixture(t, "")
	if _, err := st.keys.ActiveSigningKey(ctx); err != nil {
		t.Fatal(err)
	}
	keyID := func(as string) string { return strings.Split(st.tokens[as], "_")[1] }
	rec := st.do(t, request{method: "GET", target: "/v1/admin/backup", as: asAdmin})
	if rec.Code != http.StatusOK {
		t.Fatalf("backup: %d %s", rec.Code, rec.Body)
	}
	backup := rec.Body.Bytes()
	// After the copy: the other manufacturer's key leaked and was revoked.
	if rec := st.do(t, request{method: "DELETE", target: "/v1/admin/keys/" + keyID(asOther), as: asAdmin}); rec.Code != http.StatusNoContent {
		t.Fatalf("revoke: %d %s", rec.Code, rec.Body)
	}

	srv, db := restoredServer(t, st, backup)
	as := func(who string, r request) *http.Response {
		t.Helper()
		return doRequest(t, srv, st.tokens[who], r).Result()
	}
	products := request{method: "GET", target: "/v1/products"}
	for _, who := range []string{asOther, asMaker} {
		e := MustError(t, doRequest(t, srv, st.tokens[who], products), 401, access.ERESTOREDKEY)
		if !strings.Contains(e.Error.Message, "restored") || !strings.Contains(e.Error.Message, "confirm") {
			t.Errorf("%s's key after the restore: message %q, want it to say the database was restored and the key needs confirming", who, e.Error.Message)
		}
	}
	MustError(t, doRequest(t, srv, st.tokens[asAdmin], request{method: "GET", target: "/v1/admin/keys/restored"}), 401, access.ERESTOREDKEY)
	tokenReq := func(who string) request {
		return request{method: "POST", target: "/v1/auth/token", contentType: "application/x-www-form-urlencoded",
			body: []byte(url.Values{"grant_type": {"client_credentials"}, "client_id": {keyID(who)}, "client_secret": {st.tokens[who]}}.Encode())}
	}
	if rec := doRequest(t, srv, "", tokenReq(asOther)); rec.Code != 401 || !strings.Contains(rec.Body.String(), `"invalid_client"`) || !strings.Contains(rec.Body.String(), access.ERESTOREDKEY) {
		t.Errorf("token for the key revoked after the copy: %d %s, want 401 invalid_client naming %s", rec.Code, rec.Body, access.ERESTOREDKEY)
	}

	// The operator confirms the admin's key on the file (pcf keys
	// confirm), then reads the list.
	if _, err := factordb.NewAuthService(db).ConfirmAPIKey(ctx, keyID(asAdmin)); err != nil {
		t.Fatal(err)
	}
	listed := MustData[[]access.APIKey](t, doRequest(t, srv, st.tokens[asAdmin], request{method: "GET", target: "/v1/admin/keys/restored"}), 200)
	byID := map[string]access.APIKey{}
	for _, k := range listed {
		byID[k.ID] = k
	}
	if k, ok := byID[keyID(asOther)]; !ok || k.Org != orgMaker2 || k.CreatedAt.IsZero() {
		t.Errorf("restored keys %+v: want %s's, with its organisation and creation time", listed, keyID(asOther))
	}
	if _, ok := byID[keyID(asAdmin)]; ok {
		t.Errorf("the confirmed admin key is still listed: %+v", listed)
	}
	// The admin remembers the leak: revoked again, it cannot be confirmed.
	if rec := doRequest(t, srv, st.tokens[asAdmin], request{method: "DELETE", target: "/v1/admin/keys/" + keyID(asOther)}); rec.Code != http.StatusNoContent {
		t.Fatalf("revoke again: %d %s", rec.Code, rec.Body)
	}
	MustError(t, doRequest(t, srv, st.tokens[asAdmin], request{method: "POST", target: "/v1/admin/keys/" + keyID(asOther) + "/confirm"}), 409, "conflict")

	// One by one.
	k := MustData[access.APIKey](t, doRequest(t, srv, st.tokens[asAdmin], request{method: "POST", target: "/v1/admin/keys/" + keyID(asMaker) + "/confirm"}), 200)
	if k.ID != keyID(asMaker) || k.ConfirmedAt.IsZero() {
		t.Errorf("confirmed key %+v", k)
	}
	if r := as(asMaker, products); r.StatusCode != 200 {
		t.Errorf("the confirmed key: %d", r.StatusCode)
	}
	// A person signing in with a key still waiting is told why.
	u := newWebUser(t, srv)
	u.get("/sign-in")
	mustWorkPage(t, u.post("/sign-in", url.Values{"csrf_token": {u.csrf}, "api_key": {st.tokens[asCert]}}), http.StatusUnauthorized, "须经管理员确认", "an admin must confirm this API key")

	// All at once, with reasons.
	all := MustData[struct {
		Confirmed int             `json:"confirmed"`
		Keys      []access.APIKey `json:"keys"`
	}](t, doRequest(t, srv, st.tokens[asAdmin], request{method: "POST", target: "/v1/admin/keys/restored/confirm", contentType: "application/json",
		body: []byte(`{"reasons":["list checked against the revocations after the copy"]}`)}), 200)
	if all.Confirmed == 0 || all.Confirmed != len(all.Keys) {
		t.Errorf("confirm all: %+v", all)
	}
	for _, k := range all.Keys {
		if k.ID == keyID(asOther) || k.ID == keyID(asMaker) {
			t.Errorf("confirm all confirmed %s (revoked, or confirmed already)", k.ID)
		}
	}
	if r := as(asCert, request{method: "GET", target: "/v1/certificates"}); r.StatusCode != 200 {
		t.Errorf("the certifier's key, confirmed with the others: %d", r.StatusCode)
	}
	newWebUser(t, srv).signIn(st.tokens[asCert])
	MustError(t, doRequest(t, srv, st.tokens[asOther], products), 401, "unauthorized")
	if rec := doRequest(t, srv, "", tokenReq(asMaker)); rec.Code != 200 {
		t.Errorf("token for the confirmed key: %d %s", rec.Code, rec.Body)
	}

	// A key made after the restore works at once.
	made := MustData[struct {
		Token string `json:"token"`
	}](t, doRequest(t, srv, st.tokens[asAdmin], request{method: "POST", target: "/v1/admin/keys", contentType: "application/json", body: []byte(`{"org":"` + orgMaker + `"}`)}), 201)
	if r := doRequest(t, srv, made.Token, products); r.Code != 200 {
		t.Errorf("a key made after the restore: %d %s", r.Code, r.Body)
	}
	events := MustData[[]access.AuditEvent](t, doRequest(t, srv, st.tokens[asReg], request{method: "GET", target: "/v1/audit?action=" + access.AuditKeyConfirm}), 200)
	if len(events) != 2+all.Confirmed {
		t.Errorf("%d key.confirm events, want %d", len(events), 2+all.Confirmed)
	}
}
