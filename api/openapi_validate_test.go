package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	legacyrouter "github.com/getkin/kin-openapi/routers/legacy"
)

// The OpenAPI document is checked against real traffic: every request the
// api tests send through doRequest (st.do) and every answer they get is
// validated with kin-openapi (openapi3filter). An accepted request (2xx/3xx)
// must match its operation's parameters and request body; every answer must
// match the documented schema of its status, and the status must be one the
// operation names. The PACT routes follow the PACT spec, not this document
// (they are validated against the official PACT schemas in pact_test.go).

type openAPIChecker struct {
	doc    *openapi3.T
	router routers.Router
}

var loadOpenAPIChecker = sync.OnceValues(func() (*openAPIChecker, error) {
	b, err := json.Marshal(api.OpenAPI())
	if err != nil {
		return nil, err
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(b)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	if err := doc.Validate(loader.Context, openapi3.EnableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("validate: %w", err)
	}
	doc.Servers = nil // match any host
	r, err := legacyrouter.NewRouter(doc)
	if err != nil {
		return nil, err
	}
	for _, ct := range []string{"application/pdf", "image/png", api.MIMEXLSX, "text/html", "application/x-ndjson", "application/cloudevents+json"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.FileBodyDecoder)
	}
	openapi3filter.RegisterBodyDecoder("application/jwk-set+json", openapi3filter.JSONBodyDecoder)
	return &openAPIChecker{doc: doc, router: r}, nil
})

// openAPITraffic records, per operation ID, the statuses of the validated
// answers, for the coverage test.
var openAPITraffic sync.Map // operationID → *sync.Map (status → true)

// checkOpenAPI validates one exchange; it returns "" when it matches the
// document, or what does not, naming the operation.
func checkOpenAPI(r request, rec *httptest.ResponseRecorder) string {
	if r.method == http.MethodHead || r.method == http.MethodOptions {
		return ""
	}
	c, err := loadOpenAPIChecker()
	if err != nil {
		return "OpenAPI document: " + err.Error()
	}
	req := r.httpRequest()
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		// No such route: only an error may answer.
		if rec.Code < 400 {
			return fmt.Sprintf("%s %s: answered %d but is not in the document", r.method, r.target, rec.Code)
		}
		return checkErrorEnvelope(rec)
	}
	op := route.Operation
	if v, ok := op.Extensions["x-validated"].(bool); ok && !v {
		return "" // PACT route
	}
	name := op.OperationID
	ctx := context.Background()
	in := &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true},
	}
	if rec.Code < 400 {
		if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
			return fmt.Sprintf("%s (%s %s): request accepted with %d but does not match the document: %v", name, r.method, r.target, rec.Code, err)
		}
	}
	if rec.Code == http.StatusNotModified {
		return ""
	}
	if op.Responses.Value(strconv.Itoa(rec.Code)) == nil && rec.Code != http.StatusInternalServerError {
		return fmt.Sprintf("%s (%s %s): status %d is not documented: %s", name, r.method, r.target, rec.Code, recBody(rec))
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 rec.Code,
		Header:                 rec.Header(),
		Body:                   io.NopCloser(bytes.NewReader(rec.Body.Bytes())),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		return fmt.Sprintf("%s (%s %s): answer %d does not match the document: %v\nbody: %s", name, r.method, r.target, rec.Code, err, recBody(rec))
	}
	m, _ := openAPITraffic.LoadOrStore(name, &sync.Map{})
	m.(*sync.Map).Store(rec.Code, true)
	return ""
}

func checkErrorEnvelope(rec *httptest.ResponseRecorder) string {
	if !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		return ""
	}
	var e struct {
		Error *struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error == nil || e.Error.Code == "" {
		return fmt.Sprintf("error answer %d is not the error envelope: %s", rec.Code, recBody(rec))
	}
	return ""
}

func recBody(rec *httptest.ResponseRecorder) string {
	b := rec.Body.Bytes()
	if len(b) > 400 {
		return string(b[:400]) + "…"
	}
	return string(b)
}

// TestOpenAPI_DocumentValid loads the served document with kin-openapi and
// validates it (schemas, references, examples against their schemas).
func TestOpenAPI_DocumentValid(t *testing.T) {
	c, err := loadOpenAPIChecker()
	if err != nil {
		t.Fatal(err)
	}
	// Every non-PACT JSON success answer has a real schema, not {"data":{}}.
	for path, item := range c.doc.Paths.Map() {
		for method, op := range item.Operations() {
			if v, ok := op.Extensions["x-validated"].(bool); ok && !v {
				continue
			}
			for code, resp := range op.Responses.Map() {
				if code[0] != '2' || resp.Value.Content == nil {
					continue
				}
				mt := resp.Value.Content.Get("application/json")
				if mt == nil {
					continue
				}
				s := mt.Schema.Value
				if s.Type == nil && len(s.Properties) == 0 && len(s.AllOf) == 0 {
					t.Errorf("%s %s %s: JSON answer has no schema", method, path, code)
				}
			}
		}
	}
}

// TestOpenAPI_CheckerCatchesDrift shows the validation fails on an answer
// that is not the documented one.
func TestOpenAPI_CheckerCatchesDrift(t *testing.T) {
	st := newStack(t, nil)
	rec := st.do(t, request{method: "GET", target: "/healthz"})
	if msg := checkOpenAPI(request{method: "GET", target: "/healthz"}, rec); msg != "" {
		t.Fatalf("real answer refused: %s", msg)
	}
	for _, bad := range []string{`{"version":"1"}`, `{"status":"ok","version":"1","extra":1}`, `{"status":1,"version":"1"}`} {
		fake := httptest.NewRecorder()
		fake.Header().Set("Content-Type", "application/json")
		fake.WriteHeader(200)
		fake.WriteString(bad)
		if msg := checkOpenAPI(request{method: "GET", target: "/healthz"}, fake); msg == "" {
			t.Errorf("answer %s passed validation", bad)
		}
	}
	fake := httptest.NewRecorder()
	fake.Header().Set("Content-Type", "application/json")
	fake.WriteHeader(418)
	fake.WriteString(`{"error":{"code":"invalid","message":"x"}}`)
	if msg := checkOpenAPI(request{method: "GET", target: "/v1/factor-sets"}, fake); !strings.Contains(msg, "not documented") {
		t.Errorf("undocumented status: %q", msg)
	}
	// A request the document refuses but the server accepted.
	ok := httptest.NewRecorder()
	ok.Header().Set("Content-Type", "application/json")
	ok.WriteHeader(200)
	ok.WriteString(`{"data":[]}`)
	if msg := checkOpenAPI(request{method: "GET", target: "/v1/products?limit=x"}, ok); !strings.Contains(msg, "request accepted") {
		t.Errorf("bad parameter accepted: %q", msg)
	}
}

// TestOpenAPI_RealTrafficCoverage runs the walkthrough, the supply chain
// and the role matrix (unless it ran in full earlier in this process;
// all validated by doRequest) and reports which
// operations got a validated success answer; every non-PACT operation the
// walkthrough and matrix reach must have been validated.
func TestOpenAPI_RealTrafficCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the walkthrough and the matrix again")
	}
	t.Run("walkthrough", TestWalkthrough)
	t.Run("supply-chain", TestServer_SupplyChain)
	t.Run("decisions", TestServer_DecisionsAtomicWithAudit)
	if roleMatrixPassed.Load() {
		t.Log("the role matrix ran in full and passed earlier in this process: its traffic is recorded")
	} else {
		t.Run("matrix", TestServer_RoleMatrix)
	}
	t.Run("compromised key", TestSigningKeyCompromised) // the matrix knows no key ID
	t.Run("recovery key", TestOrgKeyVouch_API)          // the matrix has no recovery key
	c, err := loadOpenAPIChecker()
	if err != nil {
		t.Fatal(err)
	}
	var covered, missing []string
	for path, item := range c.doc.Paths.Map() {
		for method, op := range item.Operations() {
			if v, ok := op.Extensions["x-validated"].(bool); ok && !v {
				continue
			}
			success := false
			if m, ok := openAPITraffic.Load(op.OperationID); ok {
				m.(*sync.Map).Range(func(k, _ any) bool {
					if k.(int) < 300 {
						success = true
					}
					return true
				})
			}
			if success {
				covered = append(covered, method+" "+path)
			} else {
				missing = append(missing, method+" "+path)
			}
		}
	}
	sort.Strings(missing)
	t.Logf("%d operations validated with a success answer from real traffic; without: %v", len(covered), missing)
	if len(missing) > 0 {
		t.Errorf("operations with no validated success answer: %v", missing)
	}
}

// TestOpenAPI_StudySchemaMatchesDecoder: the request body schema of POST
// /v1/studies and /v1/calculations is the study document footprint decodes.
// The example studies validate against it and decode; a document with an
// unknown member or a value of the wrong type, at the top or nested, is
// refused by both.
func TestOpenAPI_StudySchemaMatchesDecoder(t *testing.T) {
	c, err := loadOpenAPIChecker()
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/v1/studies", "/v1/calculations"} {
		op := c.doc.Paths.Find(path).Post
		s := op.RequestBody.Value.Content.Get("application/json").Schema.Value
		for _, f := range []string{"../seed/studies/laptop.json", "../seed/studies/pv-module.json"} {
			checkSchemaAndDecoder(t, path+" "+f, f, s, func(r io.Reader) error { _, err := footprint.ParseStudyJSON(r); return err },
				map[string]func(m map[string]any) (decoderRefuses bool){
					"unknown top member":  func(m map[string]any) bool { m["colour"] = "red"; return true },
					"case-folded member":  func(m map[string]any) bool { m["Rule"] = m["rule"]; delete(m, "rule"); return true },
					"unknown in product":  func(m map[string]any) bool { m["product"].(map[string]any)["colour"] = "red"; return true },
					"unknown in bom line": func(m map[string]any) bool { m["bom"].([]any)[0].(map[string]any)["colour"] = "red"; return true },
					"unknown in dq":       func(m map[string]any) bool { m["declared_unit"].(map[string]any)["per"] = 1; return true },
					"quantity a string":   func(m map[string]any) bool { m["bom"].([]any)[0].(map[string]any)["quantity"] = "12"; return true },
					"bom an object":       func(m map[string]any) bool { m["bom"] = map[string]any{}; return true },
				})
		}
	}
}

// TestOpenAPI_ResultSchemaMatchesEncoder: the "result" of a study answer is
// described by the result's wire form. The golden results validate against
// it and decode; one with an unknown member, or without a member the
// encoder always writes, is refused by the schema (and the unknown member
// by the decoder).
func TestOpenAPI_ResultSchemaMatchesEncoder(t *testing.T) {
	c, err := loadOpenAPIChecker()
	if err != nil {
		t.Fatal(err)
	}
	s := c.doc.Components.Schemas["StudyResult"]
	if s == nil || s.Value == nil {
		t.Fatal("no StudyResult component")
	}
	data := c.doc.Components.Schemas["StudyJSON"]
	if data == nil || data.Value.Properties["result"] == nil || data.Value.Properties["result"].Ref != "#/components/schemas/StudyResult" ||
		data.Value.Properties["study"] == nil || data.Value.Properties["study"].Ref != "#/components/schemas/StudyDocumentInput" {
		t.Fatalf("study answer parts not described: %+v", data)
	}
	for _, f := range []string{"../footprint/testdata/calc/laptop.json", "../footprint/testdata/calc/pv-module.json", "../footprint/testdata/calc/shared-assemblies.json"} {
		checkSchemaAndDecoder(t, f, f, s.Value, func(r io.Reader) error { _, err := footprint.ParseResultJSON(r); return err },
			map[string]func(m map[string]any) (decoderRefuses bool){
				"unknown top member":     func(m map[string]any) bool { m["colour"] = "red"; return true },
				"unknown in a line":      func(m map[string]any) bool { m["lines"].([]any)[0].(map[string]any)["colour"] = "red"; return true },
				"without kgco2e":         func(m map[string]any) bool { delete(m, "kgco2e"); return false },
				"without a line's stage": func(m map[string]any) bool { delete(m["lines"].([]any)[0].(map[string]any), "stage"); return false },
				"kgco2e a string":        func(m map[string]any) bool { m["kgco2e"] = "1"; return true },
			})
	}
}

// checkSchemaAndDecoder checks the JSON document in file f against the
// schema s and the decoder parse: both accept it; the schema refuses each
// mutation of it, and so does the decoder where the mutation says it must.
func checkSchemaAndDecoder(t *testing.T, label, f string, s *openapi3.Schema, parse func(io.Reader) error, mutations map[string]func(m map[string]any) (decoderRefuses bool)) {
	t.Helper()
	raw, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := parse(bytes.NewReader(raw)); err != nil {
		t.Fatalf("%s: decoder refuses it: %v", f, err)
	}
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if err := s.VisitJSON(doc); err != nil {
		t.Errorf("%s: schema refuses it: %v", label, err)
	}
	for name, mutate := range mutations {
		m := mustDoc(t, raw)
		refuses := mutate(m)
		b, _ := json.Marshal(m)
		if err := parse(bytes.NewReader(b)); refuses && err == nil {
			t.Errorf("%s %s: decoder accepts it", f, name)
		}
		var doc any
		_ = json.Unmarshal(b, &doc)
		if err := s.VisitJSON(doc); err == nil {
			t.Errorf("%s %s: schema accepts it", label, name)
		}
	}
}

// TestDocsPage checks the API reference page: served to anyone as HTML
// under a CSP, with no script and no external asset, listing every
// operation of the document and every schema, with typed parameters and
// bilingual headings.
func TestDocsPage(t *testing.T) {
	st := newStack(t, nil)
	rec := st.do(t, request{method: "GET", target: "/v1/docs"})
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("status=%d content type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") {
		t.Errorf("CSP %q", csp)
	}
	page := rec.Body.String()
	if strings.Contains(strings.ToLower(page), "<script") {
		t.Error("page has a script")
	}
	if m := regexp.MustCompile(`(?i)(src|href)="(https?:)?//`).FindString(page); m != "" {
		t.Errorf("page loads an external asset: %s", m)
	}
	text := html.UnescapeString(page)
	for _, want := range []string{"API 参考 · API reference", "参数 · Parameters", "响应 · Responses", "数据结构 · Schemas", "错误 · Errors", "证书 · certificates"} {
		if !strings.Contains(text, want) {
			t.Errorf("page lacks heading %q", want)
		}
	}
	doc := api.OpenAPI()
	for path, item := range doc["paths"].(map[string]any) {
		for method := range item.(map[string]any) {
			if !strings.Contains(text, strings.ToUpper(method)+"</span> "+path) {
				t.Errorf("page lacks %s %s", strings.ToUpper(method), path)
			}
		}
	}
	for name := range doc["components"].(map[string]any)["schemas"].(map[string]any) {
		if !strings.Contains(text, `id="schema-`+name+`"`) {
			t.Errorf("page lacks schema %s", name)
		}
	}
	// Typed parameters and the fields of a reflected schema appear.
	for _, want := range []string{"<code>limit (query)</code></td><td class=\"mono\">integer", "<code>flagged (query)</code></td><td class=\"mono\">boolean", "<code>kg_co2e</code>"} {
		if !strings.Contains(text, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}
