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

// Ensure a study whose numbers overflow (issue 9 item 5) is refused with 400
// naming the line on both POST /v1/calculations and POST /v1/studies, and
// that nothing is stored: before, the preview answered 500 and the
// submission was stored with 201 and a total of 0. The same holds for a
// generation factor in the grid slot (item 2) and a zero quantity in a
// required stage (item 4): the engine refuses them for every caller.
func TestServer_IntegrityRefusedAndNothingStored(t *testing.T) {
	st := newSeededStack(t)
	body := pvStudy(t, "GEC-INTEGRITY-1")
	for _, tt := range []struct {
		name, old, new, field, message string
	}{
		{"HugeQuantity", `"quantity": 54,`, `"quantity": 1e308,`, "bom[1].quantity", "out of range"},
		{"ScrapAlmostAll", `"scrap_pct": 2.4,`, `"scrap_pct": 99.99999999,`, "bom[0].children[0].scrap_pct", "scrap rate"},
		{"TinyDeclaredUnit", `"declared_unit": {"amount": 1,`, `"declared_unit": {"amount": 5e-324,`, "declared_unit.amount", "out of range"},
		{"GenerationAsGrid", `"factor": "ELEC-CN-NAT-CF-2024"`, `"factor": "ELEC-CN-GEN-HYDRO-CF-2024"`, "electricity[0].factor", "generation"},
		{"ZeroModuleLineElectricity", `"quantity": 6.483,`, `"quantity": 0,`, "electricity", "stage B2"},
		// A one-module BOM under a declared unit of 1000 modules: 0.150
		// kgCO2e per piece was certifiable.
		{"InflatedDeclaredUnit", `"declared_unit": {"amount": 1,`, `"declared_unit": {"amount": 1000,`, "declared_unit", "the bill of materials weighs 25.8573 kg per declared unit"}, // 25.1978 before the demo weighed its cells (red team 81)
		{"PerKWpWithPerModuleBOM", `"declared_unit": {"amount": 1, "unit": "piece"}`, `"declared_unit": {"amount": 1, "unit": "kWp"}`, "declared_unit", "less than 90 %"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if !bytes.Contains(body, []byte(tt.old)) {
				t.Fatalf("demo study has no %s", tt.old)
			}
			bad := bytes.Replace(body, []byte(tt.old), []byte(tt.new), 1)
			before := st.certs.auditCount()
			for _, target := range []string{"/v1/calculations", "/v1/studies"} {
				e := MustError(t, st.do(t, request{method: "POST", target: target, as: asMaker, contentType: "application/json", body: bad}), 400, "invalid")
				if e.Error.Field != tt.field || !strings.Contains(e.Error.Message, tt.message) {
					t.Errorf("%s: error %+v, want field %q and a message with %q", target, e.Error, tt.field, tt.message)
				}
			}
			if n := len(MustData[[]struct{}](t, st.do(t, request{method: "GET", target: "/v1/studies", as: asReg}), 200)); n != 0 {
				t.Fatalf("a refused study was stored (%d studies)", n)
			}
			if got := st.certs.auditCount(); got != before {
				t.Fatalf("a refused study wrote %d audit events", got-before)
			}
		})
	}
	// The unchanged study is stored, with the serial the refusals never
	// claimed.
	MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: body}), 201)
}

// Ensure POST /v1/calculations and POST /v1/studies answer the same study
// with the same summary and result, byte for byte, apart from what a
// preview by definition lacks: the stored study's id and created_at, which
// the preview leaves out rather than printing an empty ID and a zero time
// (issue 9 item 10). Before, the preview's kg_co2e had a floating-point
// tail (…00000000002) where the stored one was rounded as the result is.
func TestServer_PreviewSummaryEqualsStored(t *testing.T) {
	st := newSeededStack(t)
	body := pvStudy(t, "GEC-SUMMARY-1")
	preview := st.do(t, request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json", body: body})
	MustData[studyData](t, preview, 200)
	stored := st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: body})
	sd := MustData[studyData](t, stored, 201)

	var head struct {
		Data map[string]json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(preview.Body.Bytes(), &head); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "created_at"} {
		if v, ok := head.Data[k]; ok {
			t.Errorf("preview has %s = %s, want it left out", k, v)
		}
	}
	if err := json.Unmarshal(stored.Body.Bytes(), &head); err != nil {
		t.Fatal(err)
	}
	// The stored answer without its id and created_at members is the
	// preview.
	want := stored.Body.Bytes()
	for _, k := range []string{"id", "created_at"} {
		member := append(append([]byte(`"`+k+`":`), head.Data[k]...), ',')
		if !bytes.Contains(want, member) {
			t.Fatalf("stored answer without %s", member)
		}
		want = bytes.Replace(want, member, nil, 1)
	}
	if !bytes.Equal(preview.Body.Bytes(), want) {
		t.Fatalf("preview and stored study differ:\npreview %.400s\nstored  %.400s", preview.Body, want)
	}
	if sd.ID == "" {
		t.Fatal("stored study without an id")
	}
}
