package api_test

import (
	"net/http/httptest"
	"testing"
)

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
