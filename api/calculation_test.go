package api_test

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// Ensure POST /v1/calculations answers with exactly the result a stored
// submission gets, and stores and claims nothing: no study, no audit event,
// and the green-power serial stays free for the real submission.
func TestCalculation_PreviewStoresNothing(t *testing.T) {
	st := newSeededStack(t)
	body := pvStudy(t, "GEC-PREVIEW-1")

	before := st.certs.auditCount()
	type resultOnly struct {
		ID           string          `json:"id"`
		KgCO2e       float64         `json:"kg_co2e"`
		ResultDigest string          `json:"result_digest"`
		Result       json.RawMessage `json:"result"`
	}
	preview := MustData[resultOnly](t, st.do(t, request{method: "POST", target: "/v1/calculations", as: asCert, contentType: "application/json", body: body}), 200)
	if preview.ID != "" || preview.KgCO2e <= 0 || len(preview.Result) == 0 {
		t.Fatalf("preview=%+v", preview)
	}
	if n := len(MustData[[]struct{}](t, st.do(t, request{method: "GET", target: "/v1/studies", as: asReg}), 200)); n != 0 {
		t.Fatalf("a calculation stored %d studies", n)
	}
	if got := st.certs.auditCount(); got != before {
		t.Fatalf("a calculation wrote %d audit events", got-before)
	}

	stored := MustData[resultOnly](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: body}), 201)
	if stored.ResultDigest != preview.ResultDigest || !bytes.Equal(stored.Result, preview.Result) {
		t.Fatalf("stored result differs from the preview: digest %s vs %s", stored.ResultDigest, preview.ResultDigest)
	}

	// Bad input is refused the same way as a submission.
	bad := bytes.Replace(body, []byte(`"PV-AL-PROFILE"`), []byte(`"NO-SUCH-FACTOR"`), 1)
	for _, target := range []string{"/v1/calculations", "/v1/studies"} {
		e := MustError(t, st.do(t, request{method: "POST", target: target, as: asMaker, contentType: "application/json", body: bad}), 400, "invalid")
		if !strings.HasPrefix(e.Error.Field, "bom[") || !strings.Contains(e.Error.Message, "NO-SUCH-FACTOR") {
			t.Errorf("%s: unknown factor reported as %+v, want the BOM line and the code", target, e.Error)
		}
	}
	MustError(t, st.do(t, request{method: "POST", target: "/v1/calculations", contentType: "application/json", body: body}), 401, "unauthorized")
}

// Ensure a study answer, written in parts with its length, has a
// Content-Length that matches what is sent, plain and gzip-compressed.
func TestCalculation_ContentLength(t *testing.T) {
	st := newSeededStack(t)
	body := pvStudy(t, "GEC-LENGTH-1")
	plain := st.do(t, request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json", body: body})
	if plain.Code != 200 || plain.Header().Get("Content-Length") != strconv.Itoa(plain.Body.Len()) || !json.Valid(plain.Body.Bytes()) {
		t.Fatalf("status=%d Content-Length=%q for %d bytes (valid JSON: %v)", plain.Code, plain.Header().Get("Content-Length"), plain.Body.Len(), json.Valid(plain.Body.Bytes()))
	}

	// A calculation answer is never compressed (skipGzip: gzip is for
	// reads); the same document read back as a stored study is, and its
	// length must then be the compressed one's or absent.
	created := st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: pvStudy(t, "GEC-LENGTH-2")})
	if created.Code != 201 {
		t.Fatalf("create: %d %s", created.Code, created.Body)
	}
	var ref struct {
		Data struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if err := json.Unmarshal(created.Body.Bytes(), &ref); err != nil {
		t.Fatal(err)
	}
	view := st.do(t, request{method: "GET", target: "/v1/studies/" + ref.Data.ID, as: asMaker})
	if view.Code != 200 || view.Header().Get("Content-Length") != strconv.Itoa(view.Body.Len()) {
		t.Fatalf("view: status=%d Content-Length=%q for %d bytes", view.Code, view.Header().Get("Content-Length"), view.Body.Len())
	}
	plain = view
	req := httptest.NewRequest("GET", "/v1/studies/"+ref.Data.ID, nil)
	req.Header.Set("Authorization", "Bearer "+st.tokens[asMaker])
	req.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	st.srv.ServeHTTP(rec, req)
	if rec.Code != 200 || rec.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("status=%d Content-Encoding=%q", rec.Code, rec.Header().Get("Content-Encoding"))
	}
	if n := rec.Header().Get("Content-Length"); n != "" && n != strconv.Itoa(rec.Body.Len()) {
		t.Fatalf("gzip: Content-Length=%s for %d bytes sent", n, rec.Body.Len())
	}
	got := footprinttest.Gunzip(t, rec.Body)
	if !bytes.Equal(got, plain.Body.Bytes()) {
		t.Fatalf("gzip body unpacks to %d bytes, plain is %d", len(got), plain.Body.Len())
	}
}
