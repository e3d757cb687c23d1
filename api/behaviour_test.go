package api_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/xuri/excelize/v2"
)

// Ensure the OpenAPI document describes exactly the routes the server
// registers (paths and methods), failing on any difference either way, and
// that every route has an access policy.
func TestServer_OpenAPI(t *testing.T) {
	st := newStack(t, nil)
	rec := st.do(t, request{method: "GET", target: "/v1/openapi.json"})
	if rec.Code != 200 {
		t.Fatalf("status=%d", rec.Code)
	}
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.0") {
		t.Fatalf("openapi=%q, want 3.0.x", doc.OpenAPI)
	}
	var documented []string
	for path, item := range doc.Paths {
		for method, op := range item {
			echoPath := path
			for strings.Contains(echoPath, "{") {
				i, j := strings.Index(echoPath, "{"), strings.Index(echoPath, "}")
				echoPath = echoPath[:i] + ":" + echoPath[i+1:j] + echoPath[j+1:]
			}
			documented = append(documented, strings.ToUpper(method)+" "+echoPath)
			if op["responses"] == nil || op["summary"] == "" {
				t.Errorf("%s %s: no responses or summary", method, path)
			}
		}
	}
	slices.Sort(documented)
	routes := st.srv.Routes()
	if !slices.Equal(documented, routes) {
		t.Fatalf("OpenAPI and routes differ\nonly documented: %v\nonly registered: %v", diffList(documented, routes), diffList(routes, documented))
	}
}

// Ensure each class of bad input gets its status and code, and never a
// 500: unknown routes, wrong methods, oversized bodies, malformed JSON,
// unknown fields, wrong types, wrong content types, bad tokens, bad IDs.
func TestServer_ErrorClasses(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json",
		body: []byte(`{"version":"2099.1","based_on":"2026.1"}`)}), 201) // a draft to import into
	factorCSV := oneFactorCSV(t, st, fx)
	big := bytes.Repeat([]byte(" "), 9<<20)
	for _, tt := range []struct {
		name  string
		req   request
		token string // overrides the role's token
		chunk bool   // send without Content-Length
		code  string
		field string
		msg   string // substring of the message
	}{
		{name: "UnknownRoute", req: request{method: "GET", target: "/v1/nothing"}, code: "not_found"},
		{name: "UnknownRouteAuthenticated", req: request{method: "GET", target: "/v1/admin/nothing", as: asAdmin}, code: "not_found"},
		{name: "WrongMethod", req: request{method: "DELETE", target: "/v1/studies", as: asMaker}, code: "method_not_allowed"},
		{name: "WrongMethodAnonymous", req: request{method: "PUT", target: "/v1/certificates/" + fx.cert + "/verify"}, code: "method_not_allowed"},
		{name: "TooLarge", req: request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: big}, code: "too_large"},
		{name: "TooLargeChunked", req: request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: big}, chunk: true, code: "too_large"},
		{name: "TooLargeMultipartChunked", req: request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "multipart/form-data; boundary=x", body: append([]byte("--x\r\nContent-Disposition: form-data; name=\"bom\"; filename=\"b.csv\"\r\n\r\n"), big...)}, chunk: true, code: "too_large"},
		{name: "MalformedJSON", req: request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json", body: []byte(`{"study_id":`)}, code: "invalid", msg: "malformed JSON"},
		{name: "SyntaxError", req: request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json", body: []byte(`{"study_id" 1}`)}, code: "invalid", msg: "offset"},
		{name: "TrailingData", req: request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json", body: []byte(`{"study_id":"x"} {}`)}, code: "invalid", msg: "after the end"},
		{name: "EmptyBody", req: request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json"}, code: "invalid", msg: "empty"},
		{name: "MultipartEmpty", req: request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "multipart/form-data; boundary=zz"}, code: "invalid", field: "bom", msg: `want the file in the part "bom"`},
		{name: "MultipartNoBoundary", req: request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "multipart/form-data; boundary=zz", body: []byte("level,description\n")}, code: "invalid", field: "bom", msg: `want the file in the part "bom"`},
		{name: "MultipartCutOff", req: request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "multipart/form-data; boundary=zz", body: []byte("--zz\r\nContent-Disposition: form-data; name=\"bom\"; filename=\"b.csv\"\r\n\r\nlevel,description\n")}, code: "invalid", field: "bom", msg: `want the file in the part "bom"`},
		{name: "ImportMultipartEmpty", req: request{method: "POST", target: "/v1/factor-sets/2026.1/import", as: asAdmin, contentType: "multipart/form-data; boundary=zz"}, code: "invalid", field: "file", msg: `want the file in the part "file"`},
		{name: "ImportMultipartCutOff", req: request{method: "POST", target: "/v1/factor-sets/2099.1/import", as: asAdmin, contentType: "multipart/form-data; boundary=zz", body: append([]byte("--zz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.csv\"\r\n\r\n"), factorCSV[:len(factorCSV)-5]...)}, code: "invalid", field: "file", msg: `part "file"`},
		{name: "NullBody", req: request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json", body: []byte(`null`)}, code: "invalid", msg: "must be a JSON object, not null"},
		{name: "NullOptionalBody", req: request{method: "POST", target: "/v1/applications/" + fx.app + "/issue", as: asCert, contentType: "application/json", body: []byte(" null ")}, code: "invalid", msg: "must be a JSON object, not null"},
		{name: "NullStudy", req: request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: []byte(`null`)}, code: "invalid", msg: "study document must be a JSON object, not null"},
		{name: "DeepArraysInLine", req: request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: deepLine(t, strings.Repeat("[", 10_000)+strings.Repeat("]", 10_000))}, code: "invalid", msg: "bom[0].children[0].scrap_pct[0][0]"},
		{name: "DeepObjectsInLine", req: request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json", body: deepLine(t, strings.Repeat(`{"a":`, 10_000)+"1"+strings.Repeat("}", 10_000))}, code: "invalid", msg: "bom[0].children[0].scrap_pct.a.a"},
		{name: "DeepChildren", req: request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json", body: []byte(`{"bom":` + strings.Repeat(`[{"quantity":1,"unit":"piece","children":`, 4000) + `[{"quantity":1}]` + strings.Repeat(`}]`, 4000) + `}`)}, code: "invalid", field: "bom[0]" + strings.Repeat(".children[0]", 12) + "… (depth 8003)"},
		{name: "LongUnknownField", req: request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json", body: []byte(`{"` + strings.Repeat("x", 20_000) + `":1}`)}, code: "invalid", msg: "unknown field"},
		{name: "NullCalculation", req: request{method: "POST", target: "/v1/calculations", as: asMaker, contentType: "application/json", body: []byte("null\n")}, code: "invalid", msg: "study document must be a JSON object, not null"},
		{name: "UnknownField", req: request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json", body: []byte(`{"study_id":"` + fx.study + `","certifier":"x","urgent":true}`)}, code: "invalid", field: "urgent"},
		{name: "UnknownFieldTypo", req: request{method: "POST", target: "/v1/certificates/" + fx.cert + "/suspend", as: asCert, contentType: "application/json", body: []byte(`{"reason":["x"]}`)}, code: "invalid", field: "reason"},
		{name: "WrongType", req: request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json", body: []byte(`{"study_id":5}`)}, code: "invalid", field: "study_id", msg: "want a string"},
		{name: "MissingReasons", req: request{method: "POST", target: "/v1/applications/" + fx.app + "/reject", as: asCert, contentType: "application/json", body: []byte(`{"reasons":[]}`)}, code: "invalid", field: "reasons"},
		{name: "WrongContentType", req: request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "text/plain", body: []byte(`{}`)}, code: "unsupported_media_type"},
		{name: "NoContentType", req: request{method: "POST", target: "/v1/applications", as: asMaker, body: []byte(`{}`)}, code: "unsupported_media_type"},
		{name: "StudyWrongContentType", req: request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "text/xml", body: []byte(`<study/>`)}, code: "unsupported_media_type"},
		{name: "ImportWrongContentType", req: request{method: "POST", target: "/v1/factor-sets/2026.1/import", as: asAdmin, contentType: "application/json", body: []byte(`{}`)}, code: "unsupported_media_type"},
		{name: "StudyBadUnit", req: request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: bytes.Replace(pvStudy(t, "GEC-E-1"), []byte(`"unit": "kg", "scrap_pct": 2.4`), []byte(`"unit": "kgs", "scrap_pct": 2.4`), 1)}, code: "invalid", field: "bom[0].children[0].unit"},
		{name: "StudyUnknownField", req: request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: bytes.Replace(pvStudy(t, "GEC-E-2"), []byte(`"goal"`), []byte(`"gaol"`), 1)}, code: "invalid", field: "gaol"},
		{name: "StudyUnknownFactor", req: request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: bytes.Replace(pvStudy(t, "GEC-E-3"), []byte(`"MAT-CU-CN"`), []byte(`"MAT-UNOBTAINIUM"`), 1)}, code: "invalid", msg: "MAT-UNOBTAINIUM"},
		{name: "StudyDoubleGreenClaim", req: request{method: "POST", target: "/v1/studies", as: asOther, contentType: "application/json", body: pvStudy(t, "GEC-FX-1")}, code: "conflict", msg: "GEC-FX-1"},
		{name: "BadToken", req: request{method: "GET", target: "/v1/factors"}, token: "nope", code: "unauthorized"},
		{name: "BadScheme", req: request{method: "GET", target: "/v1/studies"}, token: "-", code: "unauthorized", field: "Authorization"},
		{name: "BadStudyID", req: request{method: "GET", target: "/v1/studies/123", as: asMaker}, code: "invalid", field: "id"},
		{name: "UnknownStudy", req: request{method: "GET", target: "/v1/studies/3f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80", as: asMaker}, code: "not_found"},
		{name: "VerifyPrefix", req: request{method: "GET", target: "/v1/certificates/" + fx.cert[:8] + "/verify"}, code: "invalid", field: "id"},
		{name: "VerifyUpperCase", req: request{method: "GET", target: "/v1/certificates/" + strings.ToUpper(fx.cert) + "/verify"}, code: "invalid", field: "id"},
		{name: "VerifyNoHyphens", req: request{method: "GET", target: "/v1/certificates/" + strings.ReplaceAll(fx.cert, "-", "") + "/verify"}, code: "invalid", field: "id"},
		{name: "VerifyURN", req: request{method: "GET", target: "/v1/certificates/urn:uuid:" + fx.cert + "/verify"}, code: "invalid", field: "id"},
		{name: "VerifyBraces", req: request{method: "GET", target: "/v1/certificates/%7B" + fx.cert + "%7D/verify"}, code: "invalid", field: "id"},
		{name: "VerifyUnknown", req: request{method: "GET", target: "/v1/certificates/3f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80/verify"}, code: "not_found"},
		{name: "BadSince", req: request{method: "GET", target: "/v1/audit?since=yesterday", as: asReg}, code: "invalid", field: "since"},
		{name: "BadCertStatus", req: request{method: "GET", target: "/v1/certificates?status=revoked", as: asReg}, code: "invalid", field: "status"},
		{name: "CertCursorUndecodable", req: request{method: "GET", target: "/v1/certificates?cursor=%ZZ", as: asReg}, code: "invalid", field: "cursor", msg: "cursor"},
		{name: "CertCursorMalformed", req: request{method: "GET", target: "/v1/certificates?cursor=!!!", as: asReg}, code: "invalid", field: "cursor", msg: "cursor"},
		{name: "CertCursorNotANumber", req: request{method: "GET", target: "/v1/certificates?cursor=Zm9v", as: asReg}, code: "invalid", field: "cursor", msg: "cursor"},
		{name: "FactorCursorUndecodable", req: request{method: "GET", target: "/v1/factors?cursor=%ZZ"}, code: "invalid", field: "cursor", msg: "cursor"},
		{name: "FactorCursorMalformed", req: request{method: "GET", target: "/v1/factors?cursor=!!!"}, code: "invalid", field: "cursor", msg: "cursor"},
		{name: "AuditCursorUndecodable", req: request{method: "GET", target: "/v1/audit?cursor=%ZZ", as: asReg}, code: "invalid", field: "cursor", msg: "cursor"},
		{name: "AuditCursorMalformed", req: request{method: "GET", target: "/v1/audit?cursor=!!!", as: asReg}, code: "invalid", field: "cursor", msg: "cursor"},
		{name: "UndecodableName", req: request{method: "GET", target: "/v1/factors?%ZZ=1"}, code: "invalid", field: "%ZZ"},
		{name: "SemicolonSeparator", req: request{method: "GET", target: "/v1/factors?year=2023;limit=5"}, code: "invalid", field: "year"},
		{name: "UnknownCertifier", req: request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json", body: []byte(`{"study_id":"` + fx.issuedStudy + `","certifier":"Nobody"}`)}, code: "not_found"},
		{name: "ApplyToManufacturer", req: request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json", body: []byte(`{"study_id":"` + fx.issuedStudy + `","certifier":"` + orgMaker2 + `"}`)}, code: "not_found"},
		{name: "IssueTwice", req: request{method: "POST", target: "/v1/applications/" + fx.issuedApp + "/issue", as: asCert}, code: "conflict"},
		{name: "IssueWithStudyID", req: request{method: "POST", target: "/v1/applications/" + fx.app + "/issue", as: asCert, contentType: "application/json", body: []byte(`{"study_id":"` + fx.study + `"}`)}, code: "invalid", field: "study_id"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			token := st.tokens[tt.req.as]
			if tt.token != "" {
				token = tt.token
			}
			var body io.Reader
			if tt.req.body != nil {
				body = bytes.NewReader(tt.req.body)
			}
			req := httptest.NewRequest(tt.req.method, tt.req.target, body)
			if tt.chunk {
				req.ContentLength = -1
			}
			if tt.req.contentType != "" {
				req.Header.Set("Content-Type", tt.req.contentType)
			}
			switch token {
			case "":
			case "-":
				req.Header.Set("Authorization", "Basic Zm9vOmJhcg==")
			default:
				req.Header.Set("Authorization", "Bearer "+token)
			}
			rec := httptest.NewRecorder()
			st.srv.ServeHTTP(rec, req)
			status := map[string]int{"not_found": 404, "method_not_allowed": 405, "too_large": 413, "invalid": 400,
				"unsupported_media_type": 415, "unauthorized": 401, "conflict": 409}[tt.code]
			e := MustError(t, rec, status, tt.code)
			if tt.field != "" && e.Error.Field != tt.field {
				t.Errorf("field=%q, want %q (%s)", e.Error.Field, tt.field, e.Error.Message)
			}
			if !strings.Contains(e.Error.Message, tt.msg) {
				t.Errorf("message %.300q does not mention %q", e.Error.Message, tt.msg)
			}
			if len(e.Error.Message) > 1000 || len(e.Error.Field) > 200 {
				t.Errorf("message of %d bytes, field of %d: want a short answer (%.300s…)", len(e.Error.Message), len(e.Error.Field), rec.Body)
			}
		})
	}
}

// deepLine is the demo study with value in place of its first line's
// scrap_pct.
func deepLine(tb testing.TB, value string) []byte {
	return bytes.Replace(pvStudy(tb, "GEC-E-DEEP"), []byte(`"scrap_pct": 2.4`), []byte(`"scrap_pct": `+value), 1)
}

// Ensure no write route answers 500 to garbage, and that a rejected write
// changes nothing (no audit event, no study, no application).
func TestServer_GarbageNeverInternal(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "g1")
	garbage := [][]byte{nil, []byte("{"), []byte("[]"), []byte("null"), []byte(`{"x":1}`), []byte("\x00\xff\xfe"),
		[]byte(`{"reasons":[1e999]}`), []byte(`{"study_id":"` + strings.Repeat("a", 5000) + `"}`), []byte(`"string"`)}
	types := []string{"application/json", "text/csv", "multipart/form-data; boundary=zz", "application/x-www-form-urlencoded", ""}
	studies, _, _ := st.studies.FindStudies(t.Context(), footprint.StudyFilter{})
	nStudies := len(studies)
	for _, row := range matrix {
		method, _, _ := strings.Cut(row.route, " ")
		if method == "GET" {
			continue
		}
		target := strings.NewReplacer("{product}", fx.product, "{study}", fx.study, "{app}", fx.app,
			"{cert}", fx.cert, "{draft}", fx.draftSet).Replace(row.target)
		as := asAdmin
		for r := range row.want {
			as = r
		}
		if _, ok := row.want[asCert]; ok {
			as = asCert
		}
		for _, body := range garbage {
			for _, ct := range types {
				if (target == "/v1/studies" || target == "/v1/products") && ct == "application/json" && body != nil && bytes.Equal(body, []byte(`{"x":1}`)) {
					continue
				}
				n := st.certs.auditCount()
				rec := st.do(t, request{method: method, target: target, as: as, contentType: ct, body: body})
				if rec.Code >= 500 {
					t.Errorf("%s %s (%s, %q): status %d: %s", method, target, ct, body, rec.Code, rec.Body)
				}
				if rec.Code >= 400 && st.certs.auditCount() != n {
					t.Errorf("%s %s (%s, %q): refused with %d but wrote an audit event", method, target, ct, body, rec.Code)
				}
			}
		}
	}
	studies, _, _ = st.studies.FindStudies(t.Context(), footprint.StudyFilter{})
	if len(studies) != nStudies {
		t.Errorf("studies %d → %d after garbage", nStudies, len(studies))
	}
}

// bomRowsFromStudy turns the BOM of a study document into BOM-upload rows
// (header first), walking children as levels.
func bomRowsFromStudy(tb testing.TB, doc map[string]any) [][]string {
	tb.Helper()
	rows := [][]string{{"level", "description", "quantity", "unit", "factor_code", "stage", "scrap_pct", "exempt_reason", "screening_factor", "notes"}}
	num := func(v any) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(v.(float64), 'g', -1, 64)
	}
	str := func(v any) string { s, _ := v.(string); return s }
	var walk func(lines []any, level int)
	walk = func(lines []any, level int) {
		for _, l := range lines {
			m := l.(map[string]any)
			var reason, screening string
			if ex, ok := m["exempt"].(map[string]any); ok {
				reason, screening = str(ex["reason"]), str(ex["screening_factor"])
			}
			rows = append(rows, []string{strconv.Itoa(level), str(m["name"]), num(m["quantity"]), str(m["unit"]), str(m["factor"]),
				str(m["stage"]), num(m["scrap_pct"]), reason, screening, str(m["notes"])})
			if ch, ok := m["children"].([]any); ok {
				walk(ch, level+1)
			}
		}
	}
	walk(doc["bom"].([]any), 1)
	return rows
}

// bomUploadParts is the demo PV study with serial as a BOM upload sends
// it: its BOM as upload rows (header first) and the rest of the study as
// the JSON header.
func bomUploadParts(tb testing.TB, serial string) (rows [][]string, header []byte) {
	tb.Helper()
	doc := mustDoc(tb, pvStudy(tb, serial))
	rows = bomRowsFromStudy(tb, doc)
	delete(doc, "bom")
	header, err := json.Marshal(doc)
	if err != nil {
		tb.Fatal(err)
	}
	return rows, header
}

// multipartBody builds a multipart/form-data body.
func multipartBody(tb testing.TB, files map[string][2]string, fields map[string]string) ([]byte, string) {
	tb.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for name, f := range files {
		fw, err := w.CreateFormFile(name, f[0])
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := fw.Write([]byte(f[1])); err != nil {
			tb.Fatal(err)
		}
	}
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes(), w.FormDataContentType()
}

// Ensure the demo PV module submitted as a CSV or an Excel BOM (with the
// rest of the study as a JSON part) gives the same footprint as the JSON
// study, and the same breakdown rows; and that a header given as form
// fields works with a registered product.
func TestServer_StudyUpload(t *testing.T) {
	st := newSeededStack(t)
	asJSON := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json", body: pvStudy(t, "GEC-U-0")}), 201)
	wantCSV := st.do(t, request{method: "GET", target: "/v1/studies/" + asJSON.ID + "/result.csv", as: asMaker}).Body.String()

	doc := mustDoc(t, pvStudy(t, "GEC-U-1"))
	rows := bomRowsFromStudy(t, doc)
	delete(doc, "bom")
	var csvBuf bytes.Buffer
	if err := csv.NewWriter(&csvBuf).WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	xlsx, err := api.Workbook(footprinttest.BOMSheet(rows))
	if err != nil {
		t.Fatal(err)
	}

	for i, tt := range []struct {
		name, file, content string
	}{
		{"CSV", "bom.csv", csvBuf.String()},
		{"XLSX", "bom.xlsx", string(xlsx)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// Ensure the upload computes what the JSON study computes.
			in := doc["electricity"].([]any)[0].(map[string]any)["instruments"].([]any)[0].(map[string]any)
			in["serial"], in["serial_last"] = fmt.Sprintf("GEC-U-%d-000001", i+2), fmt.Sprintf("GEC-U-%d-001000", i+2)
			header, _ := json.Marshal(doc)
			body, ct := multipartBody(t, map[string][2]string{"bom": {tt.file, tt.content}}, map[string]string{"study": string(header)})
			got := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: ct, body: body}), 201)
			if *got.KgCO2e != *asJSON.KgCO2e {
				t.Fatalf("kg_co2e=%v, want %v (JSON study)", *got.KgCO2e, *asJSON.KgCO2e)
			}
			gotCSV := st.do(t, request{method: "GET", target: "/v1/studies/" + got.ID + "/result.csv", as: asMaker}).Body.String()
			gotCSV = strings.ReplaceAll(gotCSV, fmt.Sprintf("GEC-U-%d", i+2), "GEC-U-0") // the one intended difference
			if gotCSV != wantCSV {
				t.Fatalf("result.csv differs from the JSON study's:\n%s\nwant\n%s", gotCSV, wantCSV)
			}
		})
	}

	t.Run("FormFieldsAndProduct", func(t *testing.T) {
		// Ensure a header from form fields and a registered product works.
		prod := MustData[struct {
			ID string `json:"id"`
		}](t, st.do(t, request{method: "POST", target: "/v1/products", as: asMaker, contentType: "application/json",
			body: []byte(`{"name":"Laptop","model":"L-1","manufacturer":"Demo","site":"Chengdu","product_codes":["HS:847130"],"mass_kg":1.5,
			"use":{"annual_kwh":30,"lifetime_years":4,"country":"CN","factor":"ELEC-CN-NAT-CF-2024"}}`)}), 201)
		bom := "level,description,quantity,unit,factor_code,stage\n1,Copper,0.1,kg,MAT-CU-CN,\n"
		body, ct := multipartBody(t, map[string][2]string{"bom": {"laptop.csv", bom}}, map[string]string{
			"rule": "electronics", "boundary": "cradle-to-grave", "declared_unit": "1 piece", "factor_set": "2026.1",
			"reference_period": "2025-01-01/2025-12-31", "product_id": prod.ID,
		})
		rec := st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: ct, body: body})
		// The electronics rule needs stages (production, distribution, end of
		// life) that this one-line BOM lacks:
		// the refusal must list only those, so the header fields and the
		// registered product (name, model, codes, use profile) arrived.
		e := MustError(t, rec, 400, "invalid")
		if !strings.Contains(e.Error.Message, "does not meet rule electronics") || strings.Contains(e.Error.Message, "product.") {
			t.Fatalf("form upload not understood: %s", rec.Body)
		}
	})

	t.Run("ErrNonFiniteFormField", func(t *testing.T) {
		// Ensure NaN and infinities in form fields are refused as input,
		// not a 500 when the study is encoded.
		bom := "level,description,quantity,unit,factor_code,stage\n1,Copper,0.1,kg,MAT-CU-CN,\n"
		for field, val := range map[string]string{"product.mass_kg": "Inf", "reference_output": "NaN", "declared_unit": "NaN piece"} {
			body, ct := multipartBody(t, map[string][2]string{"bom": {"x.csv", bom}}, map[string]string{
				"rule": "electronics", "boundary": "cradle-to-grave", "declared_unit": "1 piece", "factor_set": "2026.1",
				"product.name": "Laptop", field: val,
			})
			e := MustError(t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: ct, body: body}), 400, "invalid")
			if e.Error.Field != field {
				t.Errorf("%s=%s: field=%q (%s)", field, val, e.Error.Field, e.Error.Message)
			}
		}
	})

	t.Run("ErrLinePositions", func(t *testing.T) {
		// Ensure BOM problems name the file line and column.
		header, _ := json.Marshal(doc)
		for _, tt := range []struct {
			name, bom, field string
		}{
			{"BadNumber", "level,description,quantity,unit\n1,x,abc,kg\n", "bom.csv:2:quantity"},
			{"NaN", "level,description,quantity,unit\n1,x,NaN,kg\n", "bom.csv:2:quantity"},
			{"Infinity", "level,description,quantity,unit\n1,x,1,kg\n1,y,-Inf,kg\n", "bom.csv:3:quantity"},
			{"UnknownColumn", "level,description,quantity,unit,colour\n1,x,1,kg,red\n", "bom.csv:1:colour"},
			{"MissingUnitColumn", "description,quantity\nx,1\n", "bom.csv:1:unit"},
			{"LevelJump", "level,description,quantity,unit\n1,a,1,kg\n3,b,1,kg\n", "bom.csv:3:level"},
			{"BadUnit", "level,description,quantity,unit,factor_code\n1,a,1,kgs,MAT-CU-CN\n", "bom.csv:2:unit"},
			{"UnitMismatch", "level,description,quantity,unit,factor_code\n1,cells,54,piece,PV-CELL-MONO182\n1,copper,2,kWh,MAT-CU-CN\n", "bom.csv:3"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				body, ct := multipartBody(t, map[string][2]string{"bom": {"bom.csv", tt.bom}}, map[string]string{"study": string(header)})
				e := MustError(t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: ct, body: body}), 400, "invalid")
				if !strings.HasPrefix(e.Error.Field, tt.field) {
					t.Fatalf("field=%q, want %q: %s", e.Error.Field, tt.field, e.Error.Message)
				}
			})
		}
	})

	t.Run("ResultXLSX", func(t *testing.T) {
		// Ensure the workbook holds the CSV's rows, numbers as numbers.
		rec := st.do(t, request{method: "GET", target: "/v1/studies/" + asJSON.ID + "/result.xlsx", as: asMaker})
		if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Fatalf("status=%d type=%q", rec.Code, rec.Header().Get("Content-Type"))
		}
		f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		lines, err := f.GetRows("Lines", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		want, _ := csv.NewReader(strings.NewReader(strings.TrimPrefix(wantCSV, "\ufeff"))).ReadAll()
		if got, want := len(lines), len(want); got != want {
			t.Fatalf("Lines rows=%d, want %d", got, want)
		}
		for i := range want {
			for j := range want[i] {
				g, w := "", want[i][j]
				if j < len(lines[i]) {
					g = lines[i][j]
				}
				if gx, err1 := strconv.ParseFloat(g, 64); err1 == nil {
					if wx, err2 := strconv.ParseFloat(w, 64); err2 == nil && gx == wx {
						continue
					}
				}
				if g != w {
					t.Fatalf("Lines[%d][%d]=%q, want %q", i, j, g, w)
				}
			}
		}
	})
}

// Ensure factor-set administration works over HTTP: create a draft,
// import a CSV (a bad file is refused whole, listing its lines), publish.
func TestServer_FactorSetAdmin(t *testing.T) {
	st := newSeededStack(t)
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/factor-sets", as: asAdmin, contentType: "application/json", body: []byte(`{"version":"2026.2","description":"next"}`)}), 201)
	good := oneFactorCSV(t, st, fixture{})
	lines := strings.SplitN(string(good), "\n", 2)
	bad := lines[0] + "\n" + strings.Replace(lines[1], "ELEC-CN-NAT-CF-2024", "bad code", 1) + strings.Replace(lines[1], "ELEC-CN-NAT-CF-2024", "ALSO BAD", 1)
	rec := st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.2/import", as: asAdmin, contentType: "text/csv", body: []byte(bad)})
	e := MustError(t, rec, 400, "invalid")
	var withDetails struct {
		Error struct {
			Details []struct{ Field, Message string } `json:"details"`
		} `json:"error"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &withDetails); err != nil {
		t.Fatal(err)
	}
	if len(withDetails.Error.Details) != 2 || !strings.HasPrefix(e.Error.Field, "factors.csv:2") || !strings.HasPrefix(withDetails.Error.Details[1].Field, "factors.csv:3") {
		t.Fatalf("want both bad lines listed: %s", rec.Body)
	}
	if set := MustData[struct {
		FactorCount int `json:"factor_count"`
	}](t, st.do(t, request{method: "GET", target: "/v1/factor-sets/2026.2", as: asAdmin}), 200); set.FactorCount != 0 {
		t.Fatalf("a refused import wrote %d factors", set.FactorCount)
	}
	body, ct := multipartBody(t, map[string][2]string{"file": {"one.csv", string(good)}}, nil)
	sum := MustData[struct{ Added, Total int }](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.2/import", as: asAdmin, contentType: ct, body: body}), 200)
	if sum.Added != 1 || sum.Total != 1 {
		t.Fatalf("import summary %+v", sum)
	}
	pub := MustData[struct {
		Status string `json:"status"`
	}](t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.2/publish", as: asAdmin}), 200)
	if pub.Status != "published" {
		t.Fatalf("status=%q", pub.Status)
	}
	MustError(t, st.do(t, request{method: "POST", target: "/v1/factor-sets/2026.2/import", as: asAdmin, contentType: "text/csv", body: good}), 409, "conflict")
	events := MustData[[]struct{ Action, Subject string }](t, st.do(t, request{method: "GET", target: "/v1/audit?subject=factor-set/2026.2", as: asReg}), 200)
	if len(events) != 3 || events[0].Action != access.AuditFactorSetPublish || events[1].Action != access.AuditFactorSetImport ||
		events[2].Action != access.AuditFactorSetCreate {
		t.Fatalf("audit=%+v", events)
	}
}

// Ensure downloads answer 501 until a renderer is wired, and pass the
// verification URL to it when it is.
func TestServer_Documents(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	for _, doc := range []string{"certificate.pdf", "label.pdf", "label.png"} {
		MustError(t, st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/" + doc, as: asMaker}), 501, "not_implemented")
	}
	st.srv.CertificateRenderer = fakeRenderer{}
	st.srv.BaseURL = "https://pcf.example.cn"
	rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/certificate.pdf", as: asMaker})
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/pdf" ||
		!strings.HasSuffix(rec.Body.String(), "valid https://pcf.example.cn/v1/certificates/"+fx.cert+"/verify") {
		t.Fatalf("status=%d type=%q body=%q", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	if cd := rec.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, `inline; filename="CDPCF-`) {
		t.Fatalf("Content-Disposition=%q", cd)
	}
}

// Ensure the verification endpoint is rate-limited per client address.
func TestServer_VerifyRateLimit(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	api.StopLookupClock(st.srv, time.Now())
	limited := 0
	for range 60 {
		rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/verify"})
		if rec.Code == http.StatusTooManyRequests {
			MustError(t, rec, 429, "rate_limited")
			limited++
		}
	}
	if limited == 0 {
		t.Fatal("60 verifications in a burst were never limited")
	}
	// A person over the limit gets the bilingual page, not JSON.
	if rec := getHTML(t, st.srv, "/v1/certificates/"+fx.cert+"/verify"); rec.Code != 429 ||
		!strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") || !strings.Contains(rec.Body.String(), "请求过多") {
		t.Fatalf("browser over the limit: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	// Another client is not affected.
	req := httptest.NewRequest("GET", "/v1/certificates/"+fx.cert+"/verify", nil)
	req.RemoteAddr = "198.51.100.7:4000"
	req.Header.Set("X-Forwarded-For", "192.0.2.1") // not trusted: cannot borrow or escape a bucket
	rec := httptest.NewRecorder()
	st.srv.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("other client: status=%d", rec.Code)
	}
}

// Ensure /metrics reports requests by route template (never by raw path),
// method and status, the latency histogram and the in-flight gauge.
func TestServer_Metrics(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	st.do(t, request{method: "GET", target: "/v1/studies/" + fx.study, as: asMaker})
	st.do(t, request{method: "GET", target: "/v1/no/such/" + fx.study})
	rec := st.do(t, request{method: "GET", target: "/metrics"})
	body := rec.Body.String()
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Fatalf("content type %q", ct)
	}
	for _, want := range []string{
		// The Prometheus client writes labels in name order.
		`pcf_http_requests_total{method="GET",route="/v1/studies/:id",status="200"} 1`,
		`pcf_http_requests_total{method="POST",route="/v1/studies",status="201"} 2`,
		`pcf_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`pcf_http_request_duration_seconds_bucket{method="GET",route="/v1/studies/:id",status="200",le="+Inf"} 1`,
		`pcf_http_request_duration_seconds_count{method="GET",route="/v1/studies/:id",status="200"} 1`,
		"# TYPE pcf_http_requests_in_flight gauge\npcf_http_requests_in_flight 1\n",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if strings.Contains(body, fx.study) {
		t.Error("metrics contain a record ID")
	}
}

// Ensure the entities the API shares with the domain and the store come out
// in their documented wire shape: a product flat with its id, owner and
// time and product codes as "SCHEME:code"; an application without
// decided_at and certificate_id while pending, with them once issued; an
// organisation and an audit event with their fields.
func TestServer_EntityShapes(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	keys := func(tb testing.TB, raw json.RawMessage) []string {
		tb.Helper()
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			tb.Fatal(err)
		}
		var out []string
		for k := range m {
			out = append(out, k)
		}
		slices.Sort(out)
		return out
	}

	p := MustData[json.RawMessage](t, st.do(t, request{method: "GET", target: "/v1/products/" + fx.product, as: asMaker}), 200)
	if got, want := keys(t, p), []string{"created_at", "id", "model", "name", "owner", "product_codes"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("product keys %v, want %v: %s", got, want, p)
	}
	if !strings.Contains(string(p), `"product_codes":["HS:854143"]`) || !strings.Contains(string(p), `"owner":"`+orgMaker+`"`) {
		t.Fatalf("product %s", p)
	}

	pending := MustData[json.RawMessage](t, st.do(t, request{method: "GET", target: "/v1/applications?status=pending", as: asMaker}), 200)
	var apps []json.RawMessage
	if err := json.Unmarshal(pending, &apps); err != nil || len(apps) != 1 {
		t.Fatalf("pending applications %s", pending)
	}
	if got, want := keys(t, apps[0]), []string{"certifier", "created_at", "id", "manufacturer", "product", "status", "study_id"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("pending application keys %v, want %v", got, want)
	}
	issued := MustData[json.RawMessage](t, st.do(t, request{method: "GET", target: "/v1/applications/" + fx.issuedApp, as: asCert}), 200)
	if got, want := keys(t, issued), []string{"certificate_id", "certifier", "created_at", "decided_at", "id", "manufacturer", "product", "review", "status", "study", "study_id"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("issued application keys %v, want %v", got, want)
	}
	if !strings.Contains(string(issued), `"certificate_id":"`+fx.cert+`"`) {
		t.Fatalf("issued application %s", issued)
	}

	orgs := MustData[[]json.RawMessage](t, st.do(t, request{method: "GET", target: "/v1/admin/organizations", as: asAdmin}), 200)
	for _, o := range orgs {
		if strings.Contains(string(o), `"name":"`+orgCertifier+`"`) {
			if got, want := keys(t, o), []string{"approval_number", "created_at", "name", "role"}; !reflect.DeepEqual(got, want) {
				t.Fatalf("organisation keys %v, want %v", got, want)
			}
		}
	}

	events := MustData[[]json.RawMessage](t, st.do(t, request{method: "GET", target: "/v1/audit?subject=certificate/" + fx.cert, as: asReg}), 200)
	if len(events) != 1 {
		t.Fatalf("%d events", len(events))
	}
	if got, want := keys(t, events[0]), []string{"action", "actor", "at", "detail", "digest", "id", "key_id", "prev", "role", "seq", "subject"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("audit event keys %v, want %v", got, want)
	}
}

// Ensure a caller cannot set what the service sets (IDs, owners, times,
// statuses) through a body bound into a shared type, and that a bad product
// code is refused naming the field.
func TestServer_BindOnlyWhatCallersSet(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	for _, tt := range []struct {
		name, target, as, body, field string
	}{
		{"ProductID", "/v1/products", asMaker, `{"name":"M","model":"X-1","id":"3f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80"}`, "id"},
		{"ProductOwner", "/v1/products", asMaker, `{"name":"M","model":"X-2","owner":"` + orgMaker2 + `"}`, "owner"},
		{"ProductCreatedAt", "/v1/products", asMaker, `{"name":"M","model":"X-3","created_at":"2020-01-01T00:00:00Z"}`, "created_at"},
		{"ProductBadCode", "/v1/products", asMaker, `{"name":"M","model":"X-4","product_codes":["HS:854143","XX:1"]}`, "product_codes[1]"},
		{"ApplicationManufacturer", "/v1/applications", asMaker, `{"study_id":"` + fx.study + `","certifier":"` + orgCertifier + `","manufacturer":"` + orgMaker2 + `"}`, "manufacturer"},
		{"ApplicationStatus", "/v1/applications", asMaker, `{"study_id":"` + fx.study + `","certifier":"` + orgCertifier + `","status":"issued"}`, "status"},
		{"OrganizationCreatedAt", "/v1/admin/organizations", asAdmin, `{"name":"New Org","role":"manufacturer","created_at":"2020-01-01T00:00:00Z"}`, "created_at"},
		{"IssueNumber", "/v1/applications/" + fx.app + "/issue", asCert, `{"number":"CDPCF-2026-999999"}`, "number"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := MustError(t, st.do(t, request{method: "POST", target: tt.target, as: tt.as, contentType: "application/json", body: []byte(tt.body)}), 400, "invalid")
			if e.Error.Field != tt.field {
				t.Fatalf("field=%q, want %q (%s)", e.Error.Field, tt.field, e.Error.Message)
			}
		})
	}
	if e := MustError(t, st.do(t, request{method: "POST", target: "/v1/products", as: asMaker, contentType: "application/json",
		body: []byte(`{"name":"M","model":"X-4","product_codes":["XX:1"]}`)}), 400, "invalid"); !strings.Contains(e.Error.Message, "XX:1") {
		t.Fatalf("message %q does not name the code", e.Error.Message)
	}
}

// Ensure a page of products or studies says the limit it was cut at:
// the default (footprint.DefaultLimit) when the query gives none, not 0.
func TestServer_OffsetPageMetaLimit(t *testing.T) {
	st := newSeededStack(t)
	st.seedFixture(t, "")
	for _, tt := range []struct {
		target string
		limit  int
	}{
		{"/v1/products", footprint.DefaultLimit}, {"/v1/studies", footprint.DefaultLimit},
		{"/v1/products?limit=7", 7}, {"/v1/studies?limit=7", 7},
	} {
		rec := st.do(t, request{method: "GET", target: tt.target, as: asMaker})
		var body struct {
			Meta struct{ Limit, Count, Total int } `json:"meta"`
		}
		if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &body) != nil || body.Meta.Limit != tt.limit || body.Meta.Count == 0 || body.Meta.Total < body.Meta.Count {
			t.Errorf("%s: %d meta %+v, want limit %d: %s", tt.target, rec.Code, body.Meta, tt.limit, rec.Body)
		}
	}
}

// fakeFactors is an in-memory footprint.FactorService with function hooks.
type fakeFactors struct {
	footprint.FactorService // unimplemented methods panic
	findFactors             func(footprint.FactorFilter) (*footprint.FactorPage, error)
	findByCode              func(set, code string) (*footprint.Factor, error)
}

func (f *fakeFactors) FindFactors(_ context.Context, filter footprint.FactorFilter) (*footprint.FactorPage, error) {
	return f.findFactors(filter)
}

func (f *fakeFactors) FindFactorByCode(_ context.Context, set, code string) (*footprint.Factor, error) {
	return f.findByCode(set, code)
}

// FindFactorSetByVersion knows no set: the caching of pinned reads asks it.
func (f *fakeFactors) FindFactorSetByVersion(_ context.Context, version string) (*footprint.FactorSet, error) {
	return nil, footprint.Errorf(footprint.ENOTFOUND, "factor set %q not found", version)
}

func testFactor() *footprint.Factor {
	return &footprint.Factor{
		Code: "ELEC-TEST", NameEN: "test electricity", NameZH: "测试电力",
		Category: footprint.CategoryElectricity, Value: 0.5,
		Unit:     footprint.FactorUnit{Emitted: "kgCO2e", Basis: footprint.BasisCO2e, EmittedKg: 1, Per: footprint.MustParseUnit("kWh")},
		Boundary: footprint.BoundaryLifeCycle, Geography: "CN", Year: 2024,
		ProductCodes: []footprint.ProductCode{{Scheme: "HS", Code: "271600"}},
		Source:       footprint.Source{Publisher: "test"}, Status: footprint.StatusActive, Set: "2026.1",
	}
}

func newTestServer(fs footprint.FactorService) *api.Server {
	s := api.NewServer()
	s.FactorService = fs
	return s
}

type errorJSON struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field"`
	} `json:"error"`
}

func do(t *testing.T, s http.Handler, method, target string) (*httptest.ResponseRecorder, errorJSON) {
	t.Helper()
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	var e errorJSON
	if rec.Code >= 400 {
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Fatalf("%s %s: error content type %q, want JSON", method, target, ct)
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
			t.Fatalf("%s %s: error body %q: %v", method, target, rec.Body.String(), err)
		}
	}
	return rec, e
}

// Ensure every class of error leaves as JSON with the right status and code,
// and that internal details never reach the client.
func TestServer_Errors(t *testing.T) {
	fs := &fakeFactors{
		findFactors: func(f footprint.FactorFilter) (*footprint.FactorPage, error) {
			return &footprint.FactorPage{Set: "2026.1"}, nil
		},
		findByCode: func(set, code string) (*footprint.Factor, error) {
			switch code {
			case "MISSING":
				return nil, footprint.Errorf(footprint.ENOTFOUND, "factor %q not found", code)
			case "BOOM":
				return nil, errors.New("bolt: page 42 corrupt at /var/lib/secret")
			}
			return testFactor(), nil
		},
	}
	s := newTestServer(fs)
	for _, tt := range []struct {
		name, method, target string
		status               int
		code, field          string
	}{
		{"UnknownRoute", "GET", "/v1/nothing", 404, "not_found", ""},
		{"WrongMethod", "DELETE", "/v1/factors", 405, "method_not_allowed", ""},
		{"NotFound", "GET", "/v1/factors/MISSING", 404, "not_found", ""},
		{"BadCode", "GET", "/v1/factors/bad%20code", 400, "invalid", "code"},
		{"BadYear", "GET", "/v1/factors?year=abc", 400, "invalid", "year"},
		{"BadLimit", "GET", "/v1/factors?limit=-1", 400, "invalid", "limit"},
		{"HugeLimit", "GET", "/v1/factors?limit=100000", 400, "invalid", "limit"},
		{"BadCategory", "GET", "/v1/factors?category=unobtainium", 400, "invalid", "category"},
		{"BadStatus", "GET", "/v1/factors?status=zombie", 400, "invalid", "status"},
		{"BadProductCode", "GET", "/v1/factors?product_code=85x1", 400, "invalid", "product_code"},
		{"BadMatch", "GET", "/v1/factors?product_code=85&product_code_match=fuzzy", 400, "invalid", "product_code_match"},
		{"Internal", "GET", "/v1/factors/BOOM", 500, "internal", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec, e := do(t, s, tt.method, tt.target)
			if got, want := rec.Code, tt.status; got != want {
				t.Fatalf("status=%d, want %d (body %s)", got, want, rec.Body)
			}
			if got, want := e.Error.Code, tt.code; got != want {
				t.Errorf("code=%q, want %q", got, want)
			}
			if got, want := e.Error.Field, tt.field; got != want {
				t.Errorf("field=%q, want %q", got, want)
			}
			if e.Error.Message == "" {
				t.Error("empty message")
			}
			if strings.Contains(rec.Body.String(), "secret") || strings.Contains(rec.Body.String(), "bolt") {
				t.Errorf("internal detail leaked: %s", rec.Body)
			}
		})
	}
}

// Ensure query parameters reach the service as a typed filter.
func TestServer_FactorIndexFilter(t *testing.T) {
	var got footprint.FactorFilter
	fs := &fakeFactors{findFactors: func(f footprint.FactorFilter) (*footprint.FactorPage, error) {
		got = f
		return &footprint.FactorPage{Set: "2026.1", Factors: []*footprint.Factor{testFactor()}, NextCursor: "abc"}, nil
	}}
	s := newTestServer(fs)
	rec, _ := do(t, s, "GET", "/v1/factors?set=2026.1&product_code=HS:8541&product_code_match=exact&category=electricity&geography=CN-SC&year=2023&status=active&q=%E7%94%B5&limit=7&cursor=xyz")
	if rec.Code != 200 {
		t.Fatalf("status=%d: %s", rec.Code, rec.Body)
	}
	if got.Set != "2026.1" || *got.ProductCode != "HS:8541" || !got.ProductCodeExact || *got.Category != footprint.CategoryElectricity ||
		*got.Geography != "CN-SC" || *got.Year != 2023 || *got.Status != footprint.StatusActive || *got.Text != "电" ||
		got.Limit != 7 || got.Cursor != "xyz" {
		t.Fatalf("filter=%+v", got)
	}
	var body struct {
		Data []api.FactorJSON `json:"data"`
		Meta struct {
			Set        string `json:"set"`
			NextCursor string `json:"next_cursor"`
		} `json:"meta"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if len(body.Data) != 1 || body.Data[0].Unit != "kgCO2e/kWh" || body.Data[0].GHGBasis != "CO2e" || body.Data[0].ProductCodes[0] != "HS:271600" {
		t.Fatalf("data=%+v", body.Data)
	}
	if body.Meta.NextCursor != "abc" || !strings.Contains(rec.Header().Get("Link"), "cursor=abc") {
		t.Fatalf("meta=%+v link=%q", body.Meta, rec.Header().Get("Link"))
	}
}

// Ensure /healthz answers without any service.
func TestServer_Health(t *testing.T) {
	rec, _ := do(t, newTestServer(nil), "GET", "/healthz")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"ok"`) {
		t.Fatalf("status=%d body=%s", rec.Code, rec.Body)
	}
}
