package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/api"
)

// Ensure no route of the policy table takes a revoked key, nor an access
// token issued to it before the revocation (red team 56, the insider: a
// key revoked, its holder trying every route). Every route a role may
// call answers 401 to that role's revoked key and to its token. Held on
// the base (authentication is one middleware for every route); the test
// pins it for each route of the matrix, which covers every registered
// route (TestServer_RoleMatrixCoversRoutes).
func TestRedteam56_RevokedKeyRefusedOnEveryRoute(t *testing.T) {
	st := newSeededStack(t)
	st.srv.CertificateRenderer = fakeRenderer{}
	fx := st.seedFixture(t, "rt56")
	ctx := context.Background()
	access := map[string]string{}
	for _, role := range matrixRoles[1:] {
		token := st.tokens[role]
		id := strings.Split(token, "_")[1]
		at, _, err := st.auth.IssueAccessToken(ctx, id, token, api.AccessTokenTTL)
		if err != nil {
			t.Fatalf("%s: %v", role, err)
		}
		access[role] = at
	}
	// Every call is prepared while the keys work (a row's body may need
	// a request of its own), then sent after the revocations.
	type call struct {
		route, role, method, target, contentType string
		body                                     []byte
	}
	var calls []call
	for _, row := range matrix {
		if anon, ok := row.want[asAnon]; ok && anon != 401 {
			continue // public, or a PACT v2 route answering 400
		}
		method, _, _ := strings.Cut(row.route, " ")
		var body []byte
		if row.body != nil { // once per row: some bodies make a record first
			body = row.body(t, st, fx)
		}
		for _, role := range matrixRoles[1:] {
			if _, ok := row.want[role]; !ok {
				continue // refused to the role anyway
			}
			calls = append(calls, call{route: row.route, role: role, method: method, target: row.url(st, fx), contentType: row.contentType, body: body})
		}
	}
	for _, role := range matrixRoles[1:] {
		if err := st.auth.RevokeAPIKey(ctx, strings.Split(st.tokens[role], "_")[1]); err != nil {
			t.Fatalf("revoke %s: %v", role, err)
		}
	}
	n := 0
	for _, c := range calls {
		before := st.certs.auditCount()
		for what, token := range map[string]string{"revoked key": st.tokens[c.role], "its access token": access[c.role]} {
			n++
			rec := doRequest(t, st.srv, token, request{method: c.method, target: c.target, contentType: c.contentType, body: c.body})
			if rec.Code != 401 {
				t.Errorf("%s as %s with the %s: status=%d, want 401: %.200s", c.route, c.role, what, rec.Code, rec.Body)
			}
		}
		if got := st.certs.auditCount(); got != before {
			t.Errorf("%s as %s: audit events %d → %d after refused requests", c.route, c.role, before, got)
		}
	}
	if n < 150 {
		t.Fatalf("only %d requests: the matrix lost its routes", n)
	}
	t.Logf("%d requests refused", n)
}

// Ensure the admin's rotation with the clock set back is refused, 409,
// naming the clock in both languages, and the certificate issued before
// still verifies (red team 56). Before, the rotation retired the active key
// before the certificate it had signed: the verification answered
// signature_valid false for a genuine certificate.
func TestRedteam56_RotationWithTheClockSetBackRefused(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "rt56c")
	st.clock.t.Add(int64(-30 * 24 * time.Hour))
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/admin/signing-keys/rotate", as: asAdmin}), 409, "conflict")
	if !strings.Contains(e.Error.Message, "系统时钟早于审计记录") || !strings.Contains(e.Error.Message, "set the clock right") {
		t.Errorf("message %q: want the clock named, in Chinese and English", e.Error.Message)
	}
	v := MustData[struct {
		Status         string `json:"status"`
		SignatureValid bool   `json:"signature_valid"`
	}](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/verify"}), 200)
	if v.Status != "valid" || !v.SignatureValid {
		t.Errorf("the certificate after the refused rotation: %+v, want valid with a valid signature", v)
	}
}

// Ensure the report of the active signing key as compromised, with the
// clock set back before the key's creation, is refused as a rotation is,
// 409 naming the clock in both languages, and succeeds once the clock is
// right (red team 56). Before, it answered 500 "internal error": the
// emergency route failed without saying why.
func TestRedteam56_CompromiseReportWithTheClockSetBack(t *testing.T) {
	st := newSeededStack(t)
	st.seedFixture(t, "rt56k")
	k, err := st.keys.ActiveSigningKey(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	report := request{method: "POST", target: "/v1/admin/signing-keys/" + k.ID + "/compromised", as: asAdmin}
	st.clock.t.Add(int64(-30 * 24 * time.Hour))
	e := MustError(t, st.do(t, report), 409, "conflict")
	if !strings.Contains(e.Error.Message, "系统时钟早于审计记录") || !strings.Contains(e.Error.Message, "set the clock right") {
		t.Errorf("message %q: want the clock named, in Chinese and English", e.Error.Message)
	}
	st.clock.t.Add(int64(31 * 24 * time.Hour))
	if rec := st.do(t, report); rec.Code != 200 {
		t.Errorf("the report with the clock right: %d %s", rec.Code, rec.Body)
	}
}
