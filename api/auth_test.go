package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// Ensure the OAuth2 token endpoint takes credentials from the body (or
// HTTP Basic) only: credentials in the URL are refused, and never logged.
func TestAuthToken_ErrCredentialsInURL(t *testing.T) {
	st := newSeededStack(t)
	var logs bytes.Buffer
	st.srv.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	token := st.tokens[asMaker]
	id := strings.Split(token, "_")[1]

	q := url.Values{"client_id": {id}, "client_secret": {token}}
	rec := st.do(t, request{method: "POST", target: "/v1/auth/token?" + q.Encode(), contentType: "application/x-www-form-urlencoded",
		body: []byte("grant_type=client_credentials")})
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), "invalid_request") {
		t.Fatalf("credentials in the URL: %d %s", rec.Code, rec.Body)
	}
	if strings.Contains(logs.String(), token) {
		t.Fatalf("the secret reached the log: %s", logs.String())
	}

	// In the body they work, and the access token authenticates.
	body := url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {token}}
	rec = st.do(t, request{method: "POST", target: "/v1/auth/token", contentType: "application/x-www-form-urlencoded", body: []byte(body.Encode())})
	var tok struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &tok); rec.Code != 200 || err != nil || tok.ExpiresIn < 3590 || tok.ExpiresIn > 3600 {
		t.Fatalf("credentials in the body: %d %s", rec.Code, rec.Body)
	}
	if got := doRequest(t, st.srv, tok.AccessToken, request{method: "GET", target: "/v1/studies"}); got.Code != 200 {
		t.Fatalf("access token: status %d", got.Code)
	}
}

// Ensure rotating the signing key keeps old certificates verifiable (the
// retired public key stays published) while new certificates are signed
// with the new key.
func TestSigningKeyRotate(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	before := MustData[verifyData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/verify"}), 200)

	rotated := MustData[struct {
		KeyID string `json:"key_id"`
	}](t, st.do(t, request{method: "POST", target: "/v1/admin/signing-keys/rotate", as: asAdmin}), 201)
	if rotated.KeyID == "" || rotated.KeyID == keyIDOf(t, before) {
		t.Fatalf("rotate gave key %q, old key %q", rotated.KeyID, keyIDOf(t, before))
	}

	// The old certificate still verifies; a new one uses the new key.
	if v := MustData[verifyData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/verify"}), 200); !v.SignatureValid || v.Status != "valid" {
		t.Fatalf("old certificate after rotation: %+v", v)
	}
	id := MustData[issueData](t, st.do(t, st.issueReq(t, fx.app, "")), 201).CertificateID
	v := MustData[verifyData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + id + "/verify"}), 200)
	if !v.SignatureValid || keyIDOf(t, v) != rotated.KeyID {
		t.Fatalf("new certificate: signature_valid=%v key=%q, want key %q", v.SignatureValid, keyIDOf(t, v), rotated.KeyID)
	}

	// Both keys are published, the old one marked retired.
	rec := st.do(t, request{method: "GET", target: "/v1/keys"})
	var jwks struct {
		Keys []struct {
			Kid     string `json:"kid"`
			Retired string `json:"retired"`
		} `json:"keys"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &jwks); err != nil {
		t.Fatal(err)
	}
	retired := map[string]bool{}
	for _, k := range jwks.Keys {
		retired[k.Kid] = k.Retired != ""
	}
	if len(jwks.Keys) != 2 || !retired[keyIDOf(t, before)] || retired[rotated.KeyID] {
		t.Fatalf("published keys: %s", rec.Body)
	}

	// Only an admin may rotate.
	MustError(t, st.do(t, request{method: "POST", target: "/v1/admin/signing-keys/rotate", as: asCert}), 403, "forbidden")
}

// keyIDOf reads the key ID from a verify answer.
func keyIDOf(t *testing.T, v verifyData) string {
	t.Helper()
	var env struct {
		KeyID string `json:"key_id"`
	}
	if err := json.Unmarshal(v.Signed, &env); err != nil {
		t.Fatalf("signed envelope: %v", err)
	}
	return env.KeyID
}

// Ensure issues racing key rotations all succeed, signed with the key that
// was active at their issue time: every certificate verifies (none claims an
// issue time after its key's retirement). The store reads the key in the
// issue's own transaction, so a rotation cannot fall in between.
func TestIssue_KeyRotatedMeanwhile(t *testing.T) {
	st := newSeededStack(t)
	const issues, rotations = 6, 3
	apps := make([]string, issues)
	for i := range apps {
		apps[i] = st.apply(t, st.submit(t, fmt.Sprintf("GEC-ROT-%d", i)))
	}
	ids := make([]string, issues)
	var wg sync.WaitGroup
	for i := range apps {
		wg.Go(func() {
			rec := st.do(t, st.issueReq(t, apps[i], ""))
			if rec.Code != 201 {
				t.Errorf("issue %d: %d %s", i, rec.Code, rec.Body)
				return
			}
			var out struct{ Data issueData }
			if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
				t.Error(err)
			}
			ids[i] = out.Data.CertificateID
		})
	}
	for range rotations {
		wg.Go(func() {
			if rec := st.do(t, request{method: "POST", target: "/v1/admin/signing-keys/rotate", as: asAdmin}); rec.Code != 201 {
				t.Errorf("rotate: %d %s", rec.Code, rec.Body)
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	for _, id := range ids {
		if v := MustData[verifyData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + id + "/verify"}), 200); !v.SignatureValid || v.Status != "valid" {
			t.Fatalf("certificate issued across rotations: %+v", v)
		}
	}
}

// Ensure an organisation refused for its name names the
// body member the caller sent, "name", not "org" (a member this route
// refuses as unknown).
func TestServer_OrganizationNameErrorNamesTheField(t *testing.T) {
	st := newSeededStack(t)
	for _, tt := range []struct {
		name, body string
		status     int
		code       string
	}{
		{"Empty", `{"name":"","role":"manufacturer"}`, 400, "invalid"},
		{"Taken", `{"name":"` + orgMaker + `","role":"manufacturer"}`, 409, "conflict"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := MustError(t, st.do(t, request{method: "POST", target: "/v1/admin/organizations", as: asAdmin,
				contentType: "application/json", body: []byte(tt.body)}), tt.status, tt.code)
			if e.Error.Field != "name" {
				t.Fatalf("field=%q, want %q (%s)", e.Error.Field, "name", e.Error.Message)
			}
		})
	}
}

// Ensure the operator cannot register a certification body under an
// approval number that prints as another's: the letter O for a zero, I or
// l for a one, other punctuation between the same letters and digits (red
// team 29). Before, "CNCA-R-2O26-999" beside Demo Certification Centre's
// "CNCA-R-2026-999" was a new number to the approval index (which folds
// width, case, spaces and dashes only), so an admin created "Demo
// Certification Center" with it, and its certificates printed the real
// body's approval number to a reader.
func TestRedteam29_LookAlikeApprovalNumber(t *testing.T) {
	st := newSeededStack(t)
	for i, number := range []string{"CNCA-R-2O26-999", "cnca-r-2o26-999", "CNCA-R-2026-999.", "CNCA R 2026 999", "CNCA/R/2026/999", "CNCA-R-2026-998", "ＣＮＣＡ-Ｒ-２０２６-９９９", "CNCA-R-2026-٩٩٩", "CNCA-R-2O26-99𝟗"} {
		name := "Demo Certification Center " + string(rune('A'+i))
		rec := st.do(t, request{method: "POST", target: "/v1/admin/organizations", as: asAdmin, contentType: "application/json",
			body: []byte(`{"name":"` + name + `","role":"certifier","approval_number":"` + number + `"}`)})
		if rec.Code != 409 {
			t.Errorf("a certifier registered under %q beside CNCA-R-2026-999 (%s) and CNCA-R-2026-998 (%s): status %d %s",
				number, orgCertifier, orgCert2, rec.Code, rec.Body)
			continue
		}
		if e := MustError(t, rec, 409, "conflict"); e.Error.Field != "approval_number" {
			t.Errorf("%q: refused naming %q, want approval_number", number, e.Error.Field)
		}
	}
	// Another number is another number.
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/admin/organizations", as: asAdmin, contentType: "application/json",
		body: []byte(`{"name":"Third Certifier","role":"certifier","approval_number":"CNCA-R-2026-997"}`)}), 201)
}

// TestSigningKeyCompromised: the admin reports the signing key compromised
// (POST /v1/admin/signing-keys/{id}/compromised): it is retired, a new key
// signs, /v1/keys publishes the time, the audit trail has the report, and
// the certificates the service holds still verify in its answers (it
// vouches for what it issued). Another role may not; an unknown key is 404.
func TestSigningKeyCompromised(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	old := keyIDOf(t, MustData[verifyData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/verify"}), 200))
	report := request{method: "POST", target: "/v1/admin/signing-keys/" + old + "/compromised", as: asCert}
	if rec := st.do(t, report); rec.Code != http.StatusForbidden {
		t.Errorf("a certifier reports the key compromised: %d", rec.Code)
	}
	report.as = asAdmin
	got := MustData[struct {
		KeyID       string `json:"key_id"`
		Compromised string `json:"compromised"`
	}](t, st.do(t, report), 200)
	if got.KeyID != old || got.Compromised == "" {
		t.Fatalf("report: %+v", got)
	}
	if rec := st.do(t, request{method: "POST", target: "/v1/admin/signing-keys/0000000000000000/compromised", as: asAdmin}); rec.Code != http.StatusNotFound {
		t.Errorf("an unknown key: %d %s", rec.Code, rec.Body)
	}
	var jwks struct {
		Keys []struct {
			Kid         string `json:"kid"`
			Retired     string `json:"retired"`
			Compromised string `json:"compromised"`
		} `json:"keys"`
	}
	if err := json.Unmarshal(st.do(t, request{method: "GET", target: "/v1/keys"}).Body.Bytes(), &jwks); err != nil {
		t.Fatal(err)
	}
	if len(jwks.Keys) != 2 || jwks.Keys[0].Kid != old || jwks.Keys[0].Retired == "" || jwks.Keys[0].Compromised != got.Compromised || jwks.Keys[1].Compromised != "" {
		t.Errorf("published keys after the report: %+v", jwks.Keys)
	}
	if v := MustData[verifyData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/verify"}), 200); !v.SignatureValid || v.Status != "valid" {
		t.Errorf("a certificate the service holds, signed with the compromised key: %+v", v)
	}
	id := MustData[issueData](t, st.do(t, st.issueReq(t, fx.app, "")), 201).CertificateID
	if v := MustData[verifyData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + id + "/verify"}), 200); keyIDOf(t, v) == old {
		t.Errorf("a certificate issued after the report is signed with the compromised key")
	}
	audit := st.do(t, request{method: "GET", target: "/v1/audit?subject=signing-key/" + old, as: asAdmin})
	if !strings.Contains(audit.Body.String(), "signing-key.compromise") {
		t.Errorf("audit trail of the key: %s", audit.Body)
	}
}

// Ensure the published keys are never served from a cache without asking
// the service: a key rotated or reported compromised must reach a reader at
// once (red team 86: /v1/keys sent no Cache-Control, so a proxy or a client
// could keep a set from before a compromise as long as it liked). The set
// carries an ETag, answers If-None-Match with 304 while it is the same, and
// a changed set gets a new ETag.
func TestServer_KeysRevalidated(t *testing.T) {
	st := newSeededStack(t)
	get := func(ifNoneMatch string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", "/v1/keys", nil)
		if ifNoneMatch != "" {
			req.Header.Set("If-None-Match", ifNoneMatch)
		}
		rec := httptest.NewRecorder()
		st.srv.ServeHTTP(rec, req)
		return rec
	}
	first := st.do(t, request{method: "GET", target: "/v1/keys"})
	etag := first.Header().Get("ETag")
	if first.Code != 200 || etag == "" || first.Header().Get("Cache-Control") != "no-cache" {
		t.Fatalf("GET /v1/keys: status %d, ETag %q, Cache-Control %q; want 200, an ETag and no-cache",
			first.Code, etag, first.Header().Get("Cache-Control"))
	}
	if rec := get(etag); rec.Code != 304 || rec.Body.Len() != 0 {
		t.Fatalf("If-None-Match of the same set: status %d, %d bytes; want 304", rec.Code, rec.Body.Len())
	}
	if rec := st.do(t, request{method: "POST", target: "/v1/admin/signing-keys/rotate", as: asAdmin}); rec.Code != 201 {
		t.Fatalf("rotate: %d %s", rec.Code, rec.Body)
	}
	rec := get(etag)
	if rec.Code != 200 || rec.Header().Get("ETag") == etag || rec.Body.String() == first.Body.String() {
		t.Fatalf("after a rotation, If-None-Match of the old set: status %d, ETag %q (was %q); want 200 with the new set",
			rec.Code, rec.Header().Get("ETag"), etag)
	}
}
