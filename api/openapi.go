package api

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
)

// operation describes one route for the OpenAPI document. The list is
// written by hand, apart from the routes the server registers, and a test
// compares the two both ways, so the document cannot drift.
type operation struct {
	method, path string // echo syntax (":id")
	tag, summary string
	query        []string // query parameter names: the only ones the route accepts (checkQuery)
	handlerQuery []string // accepted by the route only for its handler to refuse them specifically; not documented
	body         []string // request media types; nil = no body
	optionalBody bool
	status       int    // success status
	produces     string // success media type
}

const (
	mJSON = "application/json"
	mForm = "multipart/form-data"
	mCSV  = "text/csv"
)

var operations = []operation{
	{method: "GET", path: "/healthz", tag: "operations", summary: "Liveness and version (reads nothing)", status: 200, produces: mJSON},
	{method: "GET", path: "/readyz", tag: "operations", summary: "Readiness: 200 when the database answers, 503 unavailable otherwise", status: 200, produces: mJSON},
	{method: "GET", path: "/metrics", tag: "operations", summary: "Prometheus metrics (text format 0.0.4): HTTP, Go runtime, process, build, database size, certificates by status, factor sets", status: 200, produces: "text/plain"},
	{method: "GET", path: "/v1/openapi.json", tag: "operations", summary: "This document", status: 200, produces: mJSON},

	{method: "GET", path: "/v1/factors", tag: "factors", summary: "Search factors", query: []string{"set", "product_code", "product_code_match", "category", "geography", "year", "status", "q", "cursor", "limit"}, status: 200, produces: mJSON},
	{method: "GET", path: "/v1/factors/:code", tag: "factors", summary: "One factor by code", query: []string{"set"}, status: 200, produces: mJSON},
	{method: "GET", path: "/v1/factor-sets", tag: "factors", summary: "Factor sets and their versions", status: 200, produces: mJSON},
	{method: "GET", path: "/v1/factor-sets/:version", tag: "factors", summary: "One factor set", status: 200, produces: mJSON},
	{method: "GET", path: "/v1/factor-sets/:version/export", tag: "factors", summary: "Export a set as CSV or JSON", query: []string{"format"}, status: 200, produces: mCSV},
	{method: "POST", path: "/v1/factor-sets", tag: "factors", summary: "Create a draft factor set {version, based_on, description}", body: []string{mJSON}, status: 201, produces: mJSON},
	{method: "POST", path: "/v1/factor-sets/:version/import", tag: "factors", summary: "Import factors from CSV into a draft set (all or nothing; errors list every bad line; body up to 256 MB; with Accept: application/x-ndjson the answer streams progress lines, then the summary or the error)", body: []string{mCSV, mForm}, status: 200, produces: mJSON},
	{method: "POST", path: "/v1/factor-sets/:version/publish", tag: "factors", summary: "Publish (freeze) a draft set", status: 200, produces: mJSON},

	{method: "POST", path: "/v1/auth/token", tag: "auth", summary: "OAuth2 client-credentials token", handlerQuery: []string{"client_id", "client_secret"}, body: []string{"application/x-www-form-urlencoded"}, status: 200, produces: mJSON},
	{method: "GET", path: "/v1/admin/organizations", tag: "admin", summary: "List organisations", status: 200, produces: mJSON},
	{method: "POST", path: "/v1/admin/organizations", tag: "admin", summary: "Create an organisation {name, role, name_zh, address, approval_number}", body: []string{mJSON}, status: 201, produces: mJSON},
	{method: "POST", path: "/v1/admin/keys", tag: "admin", summary: "Create an API key {org, role?}; the token is shown once", body: []string{mJSON}, status: 201, produces: mJSON},
	{method: "DELETE", path: "/v1/admin/keys/:id", tag: "admin", summary: "Revoke an API key", status: 204},
	{method: "GET", path: "/v1/admin/backup", tag: "admin", summary: "Stream a hot backup of the database (bbolt tx.WriteTo); as sensitive as the database", status: 200, produces: "application/octet-stream"},
	{method: "POST", path: "/v1/admin/signing-keys/rotate", tag: "admin", summary: "Retire the certificate-signing key and create a new one; retired public keys stay published at /v1/keys", status: 201, produces: mJSON},

	{method: "POST", path: "/v1/products", tag: "products", summary: "Register a product", body: []string{mJSON}, status: 201, produces: mJSON},
	{method: "GET", path: "/v1/products", tag: "products", summary: "List products (own; regulator: all)", query: []string{"owner", "product_code", "product_code_match", "offset", "limit"}, status: 200, produces: mJSON},
	{method: "GET", path: "/v1/products/:id", tag: "products", summary: "One product", status: 200, produces: mJSON},

	{method: "POST", path: "/v1/studies", tag: "studies", summary: "Submit a study (JSON) or a BOM (multipart CSV/XLSX); answers with the calculated result", body: []string{mJSON, mForm}, status: 201, produces: mJSON},
	{method: "POST", path: "/v1/calculations", tag: "studies", summary: "Calculate a study (JSON) or a BOM (multipart CSV/XLSX) without storing it; answers with the result", body: []string{mJSON, mForm}, status: 200, produces: mJSON},
	{method: "GET", path: "/v1/studies", tag: "studies", summary: "List studies (own; regulator: all)", query: []string{"owner", "rule", "product_code", "product_code_match", "factor_set", "offset", "limit"}, status: 200, produces: mJSON},
	{method: "GET", path: "/v1/studies/:id", tag: "studies", summary: "One study with its document and result", status: 200, produces: mJSON},
	{method: "GET", path: "/v1/studies/:id/result.csv", tag: "studies", summary: "Result breakdown as CSV", status: 200, produces: mCSV},
	{method: "GET", path: "/v1/studies/:id/result.xlsx", tag: "studies", summary: "Result breakdown as Excel", status: 200, produces: MIMEXLSX},

	{method: "POST", path: "/v1/applications", tag: "certification", summary: "Apply for certification {study_id, certifier, supersedes?}", body: []string{mJSON}, status: 201, produces: mJSON},
	{method: "GET", path: "/v1/applications", tag: "certification", summary: "List applications (own; addressed to the certifier; regulator: all)", query: []string{"status", "study_id", "manufacturer", "certifier"}, status: 200, produces: mJSON},
	{method: "GET", path: "/v1/applications/:id", tag: "certification", summary: "One application with its review (every warning, each supplier certificate and the superseded certificate with their live status) and the study's full calculation trace", status: 200, produces: mJSON},
	{method: "POST", path: "/v1/applications/:id/issue", tag: "certification", summary: "Issue the certificate {signatory?, approval_number?}; answers with its ID", body: []string{mJSON}, optionalBody: true, status: 201, produces: mJSON},
	{method: "POST", path: "/v1/applications/:id/reject", tag: "certification", summary: "Reject with reasons {reasons}", body: []string{mJSON}, status: 200, produces: mJSON},

	{method: "GET", path: "/v1/certificates", tag: "certificates", summary: "List certificates (own; issued by the certifier; regulator: all)", query: []string{"product_code", "product_code_match", "company", "status", "rule", "flagged", "cursor", "limit"}, status: 200, produces: mJSON},
	{method: "GET", path: "/v1/certificates/:id", tag: "certificates", summary: "One certificate with its signed content", status: 200, produces: mJSON},
	{method: "GET", path: "/v1/certificates/:id/certificate.pdf", tag: "certificates", summary: "Certificate PDF (A4, bilingual)", status: 200, produces: "application/pdf"},
	{method: "GET", path: "/v1/certificates/:id/label.pdf", tag: "certificates", summary: "Label PDF (60 × 40 mm)", status: 200, produces: "application/pdf"},
	{method: "GET", path: "/v1/certificates/:id/label.png", tag: "certificates", summary: "Label PNG", status: 200, produces: "image/png"},
	{method: "POST", path: "/v1/certificates/:id/suspend", tag: "certificates", summary: "Suspend {reasons}", body: []string{mJSON}, status: 200, produces: mJSON},
	{method: "POST", path: "/v1/certificates/:id/withdraw", tag: "certificates", summary: "Withdraw {reasons}", body: []string{mJSON}, status: 200, produces: mJSON},
	{method: "POST", path: "/v1/certificates/:id/reinstate", tag: "certificates", summary: "Reinstate a suspended certificate {reasons}", body: []string{mJSON}, status: 200, produces: mJSON},
	{method: "POST", path: "/v1/certificates/:id/review", tag: "certificates", summary: "Review the supplier flags and keep the certificate {reasons}", body: []string{mJSON}, status: 200, produces: mJSON},
	{method: "GET", path: "/v1/certificates/:id/verify", tag: "verification", summary: "Public verification by full ID: live status, key fields, signed content (rate-limited); format=html for the page a person sees", query: []string{"format"}, status: 200, produces: mJSON},
	{method: "GET", path: "/v1/certificates/by-number/:number/verify", tag: "verification", summary: "Public verification by the full certificate number a label prints (no prefixes): the same answer, in the same rate limit; format=html for the page", query: []string{"format"}, status: 200, produces: mJSON},
	{method: "GET", path: "/v1/keys", tag: "verification", summary: "Certificate-verification public keys (JWKS)", status: 200, produces: "application/jwk-set+json"},

	{method: "GET", path: "/v1/certificates/:id/pact", tag: "pact", summary: "One certificate as a PACT ProductFootprint (version=2 for v2.3, 3 for v3.0, the default)", query: []string{"version"}, status: 200, produces: mJSON},
	{method: "POST", path: "/v1/pact/supplier-footprints", tag: "pact", summary: "Upload a supplier's PACT footprint (v2 or v3 JSON) for BOM lines that reference it as pact:<id>; answers 201, or 200 for the same document again", body: []string{mJSON}, status: 201, produces: mJSON},
	{method: "POST", path: "/auth/token", tag: "pact", summary: "PACT Action Authenticate: OAuth2 client credentials by HTTP Basic (HTTPS only)", handlerQuery: []string{"client_id", "client_secret"}, body: []string{"application/x-www-form-urlencoded"}, status: 200, produces: mJSON},
	{method: "GET", path: "/2/footprints", tag: "pact", summary: "PACT v2.3 ListFootprints: limit, $filter, Link pagination (HTTPS only; PACT error format)", query: []string{"limit", "$filter"}, handlerQuery: []string{"offset"}, status: 200, produces: mJSON},
	{method: "GET", path: "/2/footprints/:id", tag: "pact", summary: "PACT v2.3 GetFootprint (HTTPS only; PACT error format)", status: 200, produces: mJSON},
	{method: "POST", path: "/2/events", tag: "pact", summary: "PACT v2.3 Events: CloudEvents in structured mode; RequestCreated is answered asynchronously (HTTPS only)", body: []string{"application/cloudevents+json"}, status: 200},
	{method: "GET", path: "/3/footprints", tag: "pact", summary: "PACT v3.0 ListFootprints: limit, the v3 filters, Link pagination (HTTPS only; PACT error format)", query: []string{"limit", "productId", "companyId", "geography", "classification", "validOn", "validAfter", "validBefore", "status"}, handlerQuery: []string{"offset"}, status: 200, produces: mJSON},
	{method: "GET", path: "/3/footprints/:id", tag: "pact", summary: "PACT v3.0 GetFootprint (HTTPS only; PACT error format)", status: 200, produces: mJSON},
	{method: "POST", path: "/3/events", tag: "pact", summary: "PACT v3.0 Events: CloudEvents in structured mode; RequestCreated is answered asynchronously (HTTPS only)", body: []string{"application/cloudevents+json"}, status: 200},

	{method: "GET", path: "/v1/audit", tag: "audit", summary: "Audit trail, newest first", query: []string{"subject", "actor", "action", "since", "cursor", "limit"}, status: 200, produces: mJSON},
}

var pathParamRe = regexp.MustCompile(`:([a-z_]+)`)

// openAPIPath turns "/v1/studies/:id" into "/v1/studies/{id}".
func openAPIPath(p string) string { return pathParamRe.ReplaceAllString(p, "{$1}") }

// OpenAPI returns the OpenAPI 3.0 document of the API.
func OpenAPI() map[string]any { return openAPIDoc() }

var openAPIDoc = sync.OnceValue(func() map[string]any {
	errSchema := map[string]any{"$ref": "#/components/schemas/Error"}
	errResp := map[string]any{"description": "error", "content": map[string]any{mJSON: map[string]any{"schema": errSchema}}}
	paths := map[string]any{}
	for _, op := range operations {
		item, _ := paths[openAPIPath(op.path)].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[openAPIPath(op.path)] = item
		}
		o := map[string]any{
			"operationId": operationID(op),
			"tags":        []string{op.tag},
			"summary":     op.summary,
		}
		isPublic, allowed, _ := Access(op.method, op.path)
		if isPublic {
			o["security"] = []any{}
			o["x-roles"] = []string{"public"}
		} else {
			var rs []string
			for _, r := range allowed {
				rs = append(rs, string(r))
			}
			o["x-roles"] = rs
			o["description"] = "Roles: " + strings.Join(rs, ", ") + "."
		}
		var params []any
		for _, m := range pathParamRe.FindAllStringSubmatch(op.path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		for _, q := range op.query {
			params = append(params, map[string]any{"name": q, "in": "query", "schema": map[string]any{"type": "string"}})
		}
		if len(params) > 0 {
			o["parameters"] = params
		}
		if len(op.body) > 0 {
			content := map[string]any{}
			for _, mt := range op.body {
				content[mt] = map[string]any{"schema": map[string]any{"type": "object"}}
				if mt == mCSV {
					content[mt] = map[string]any{"schema": map[string]any{"type": "string"}}
				}
			}
			o["requestBody"] = map[string]any{"required": !op.optionalBody, "content": content}
		}
		ok := map[string]any{"description": http.StatusText(op.status)}
		if op.produces != "" {
			schema := map[string]any{"type": "object", "properties": map[string]any{"data": map[string]any{}}}
			if op.produces != mJSON || op.path == "/healthz" || op.path == "/v1/openapi.json" {
				schema = map[string]any{"type": "string"}
			}
			ok["content"] = map[string]any{op.produces: map[string]any{"schema": schema}}
		}
		o["responses"] = map[string]any{itoa(op.status): ok, "default": errResp}
		item[strings.ToLower(op.method)] = o
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title":       "Chengdu product carbon-footprint factor database and labelling service",
			"version":     "1",
			"description": "成都市产品碳足迹因子数据库与标识认证公共服务平台 API. Successful JSON bodies are {\"data\": …}; errors are {\"error\": {\"code\", \"message\", \"field\"}}. Every GET route also answers HEAD. Unknown query parameters are refused (400 invalid, naming the parameter). See docs/api.md.",
		},
		"servers":  []any{map[string]any{"url": "/"}},
		"security": []any{map[string]any{"bearer": []string{}}},
		"paths":    paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer", "description": "An API key (pcf keys create) or an OAuth2 access token"},
				"oauth2": map[string]any{"type": "oauth2", "flows": map[string]any{"clientCredentials": map[string]any{"tokenUrl": "/v1/auth/token", "scopes": map[string]any{}}}},
			},
			"schemas": map[string]any{
				"Error": map[string]any{
					"type":     "object",
					"required": []string{"error"},
					"properties": map[string]any{"error": map[string]any{
						"type":     "object",
						"required": []string{"code", "message"},
						"properties": map[string]any{
							"code":    map[string]any{"type": "string", "enum": []string{"invalid", "unauthorized", "forbidden", "not_found", "conflict", "not_implemented", "internal", codeMethodNotAllowed, codeTooLarge, codeUnsupportedMediaType, codeRateLimited, codeUnavailable}},
							"message": map[string]any{"type": "string"},
							"field":   map[string]any{"type": "string"},
							"details": map[string]any{"type": "array", "items": map[string]any{"type": "object", "properties": map[string]any{"field": map[string]any{"type": "string"}, "message": map[string]any{"type": "string"}}}},
						},
					}},
				},
			},
		},
	}
})

// operationID derives a stable operation ID, e.g. "getV1StudiesId".
func operationID(op operation) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(op.method))
	for _, part := range strings.FieldsFunc(op.path, func(r rune) bool { return r == '/' || r == '-' || r == '.' || r == ':' || r == '_' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

var openAPIJSON = sync.OnceValues(func() ([]byte, error) { return json.Marshal(openAPIDoc()) })

func (s *Server) handleOpenAPI(c echo.Context) error {
	b, err := openAPIJSON()
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, b)
}
