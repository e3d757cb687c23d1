package api_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/url"
	"strings"
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
