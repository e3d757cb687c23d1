package api

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/chengdu-pcf/pcf/footprint/access"
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
	{method: "GET", path: "/v1/docs", tag: "operations", summary: "The API reference page for people (HTML, bilingual; rendered from this document)", status: 200, produces: "text/html"},

	{method: "GET", path: "/v1/factors", tag: "factors", summary: "List factors by filters, in code order; with q, a text search of names and codes (Chinese and English, synonyms) in relevance order, with the total and counts per category. Each factor says whether its plausibility flag, or its set's review as a set, keeps it to previews (plausibility.previews_only); an answer holding such a factor is sent with no-cache, not as immutable, since a curator's review changes it", query: []string{"set", "product_code", "product_code_match", "category", "geography", "year", "status", "q", "cursor", "limit"}, status: 200, produces: mJSON},
	{method: "GET", path: "/v1/factors/:code", tag: "factors", summary: "One factor by code, with whether its plausibility flag, or its set's review as a set, keeps it to previews (plausibility.previews_only; no-cache while it does, since a curator's review changes it)", query: []string{"set"}, status: 200, produces: mJSON},
	{method: "GET", path: "/v1/factor-sets", tag: "factors", summary: "Factor sets and their versions", status: 200, produces: mJSON},
	{method: "GET", path: "/v1/factor-sets/:version", tag: "factors", summary: "One factor set", status: 200, produces: mJSON},
	{method: "GET", path: "/v1/factor-sets/:version/export", tag: "factors", summary: "Export a set as CSV or JSON", query: []string{"format"}, status: 200, produces: mCSV},
	{method: "POST", path: "/v1/factor-sets", tag: "factors", summary: "Create a draft factor set {version, based_on, description}", body: []string{mJSON}, status: 201, produces: mJSON},
	{method: "POST", path: "/v1/factor-sets/:version/import", tag: "factors", summary: "Import factors from CSV into a draft set (all or nothing; errors list every bad line; body up to 256 MB; with Accept: application/x-ndjson the answer streams progress lines, then the summary or the error)", body: []string{mCSV, mForm}, status: 200, produces: mJSON},
	{method: "POST", path: "/v1/factor-sets/:version/publish", tag: "factors", summary: "Publish (freeze) a draft set; refused (409, field plausibility_flags, naming the factors) while an outlier flag is not acknowledged (change flags wait for their review after publication)", status: 200, produces: mJSON},
	{method: "GET", path: "/v1/factor-sets/:version/flags", tag: "factors", summary: "Plausibility flags of a set: factors far outside their peers (same category, class and unit; log10 median/MAD; kind outlier), and in a set based on another the factors it changes (kind changed) or adds without peers to compare (kind added), each with its peers or change and its acknowledgement", status: 200, produces: mJSON},
	{method: "POST", path: "/v1/factor-sets/:version/flags/acknowledge", tag: "factors", summary: "Review the flags of factors whose values stand {codes, digests, note}, each as it was shown (digests: data[].digest of GET .../flags; without them 400 naming digests, and 409 conflict naming digests[i] when the flag changed since: nothing reviewed), and with set true and set_digest (meta.set_review.digest) the set as a whole (a set based on no other that a curator filled: meta.set_review; 409 naming set_digest when its factors changed since), as a curator who did not create, import into or classify the set (four eyes: 403 forbidden, field reviewer), in a draft or a published set (changes no value; makes the factors certifiable); answers with every flag of the set and its review as a set", body: []string{mJSON}, status: 200, produces: mJSON},

	{method: "POST", path: "/v1/auth/token", tag: "auth", summary: "OAuth2 client-credentials token", handlerQuery: []string{"client_id", "client_secret"}, body: []string{"application/x-www-form-urlencoded"}, status: 200, produces: mJSON},
	{method: "GET", path: "/v1/admin/organizations", tag: "admin", summary: "List organisations", status: 200, produces: mJSON},
	{method: "POST", path: "/v1/admin/organizations", tag: "admin", summary: "Create an organisation {name, role, name_zh, address, approval_number, signatories, scope}: a certifier's signatories are its register of authorised signatories, and an issue naming another is 400 naming signatory; its scope, the codes of the rules it is approved for: an application to it, or an issue, of a study under another rule is 409 naming certifier", body: []string{mJSON}, status: 201, produces: mJSON},
	{method: "PUT", path: "/v1/admin/organizations/:name/register", tag: "admin", summary: "Change a certification body's register {signatories, scope}, from its CNCA file (staff changed, approval extended or narrowed): both lists are required and replace those on record ([] for none: not checked), each checked as at its creation (400 invalid naming signatories[i], scope[i], or the missing list); audited as organization.register with the new lists; later issues and applications are checked against it. 404 for an unknown organisation, 409 naming org for one that is not a certifier; nothing written on refusal, nor for the register as recorded", body: []string{mJSON}, status: 200, produces: mJSON},
	{method: "POST", path: "/v1/admin/keys", tag: "admin", summary: "Create an API key {org, role?}; the token is shown once", body: []string{mJSON}, status: 201, produces: mJSON},
	{method: "DELETE", path: "/v1/admin/keys/:id", tag: "admin", summary: "Revoke an API key", status: 204},
	{method: "POST", path: "/v1/admin/keys/:id/compromised", tag: "admin", summary: "Report an API key compromised (stolen or leaked) as of a time {since: RFC 3339, not in the future}; revokes it if it is not revoked yet; audited as key.revoke and key.compromise. Every certificate it issued at or after since carries issuing_key_compromised, and one whose latest status change (reinstatement, review, suspension, withdrawal, replacement) it made at or after since carries status_key_compromised, on public verification; such a certificate valid on record gives no documents and is in the flagged queue until its body reissues or withdraws it, or sets its status again with a key of its own. A withdrawal it made at or after since is undone by the body's POST /v1/certificates/{id}/reinstate. Marking it again keeps the earlier time. 400 naming since; 404 for an unknown key", body: []string{mJSON}, status: 200, produces: mJSON},
	{method: "GET", path: "/v1/admin/keys/restored", tag: "admin", summary: "After a restore of the database from a copy: the API keys it brought back, refused (restored_key) until an admin confirms them, with their organisation and creation time", status: 200, produces: mJSON},
	{method: "POST", path: "/v1/admin/keys/:id/confirm", tag: "admin", summary: "After a restore: confirm one API key the copy held (a key revoked stays revoked); audited as key.confirm", status: 200, produces: mJSON},
	{method: "POST", path: "/v1/admin/keys/restored/confirm", tag: "admin", summary: "After a restore: confirm every API key GET /v1/admin/keys/restored lists {reasons}, each audited as key.confirm; answers them", body: []string{mJSON}, status: 200, produces: mJSON},
	{method: "GET", path: "/v1/org/keys", tag: "auth", summary: "A certification body's own API keys, revoked ones too, by creation, each with recovery and unvouched (made once every key of the body was revoked, and no former key vouched for it, or confirmed by such a key) and awaits_org (made while the body held another usable key: refused, key_awaits_organisation, until one of its keys confirms it) and endorsed_by / endorsed_at: how a body sees a key the operator made in its name", status: 200, produces: mJSON},
	{method: "GET", path: "/v1/org/register", tag: "auth", summary: "A certification body's own register {org, signatories, scope, held}, as the operator recorded it from its CNCA file: the authorised signatories an issue names one of, the codes of the rules it is approved to certify ([] for none: not checked), and held, true after a restore from a copy until the operator states the register again (its issues are refused 409 naming signatory until then). Read-only: only the operator changes it (PUT /v1/admin/organizations/{name}/register)", status: 200, produces: mJSON},
	{method: "POST", path: "/v1/org/keys/:id/confirm", tag: "auth", summary: "A certification body confirms, with one of its own keys, a key of its organisation that waits (awaits_org); audited as key.endorse; a key that does not wait is answered as it is; an unvouched recovery key is 400 naming former_token (see …/vouch); another organisation's key is 404", status: 200, produces: mJSON},
	{method: "POST", path: "/v1/org/keys/:id/vouch", tag: "auth", summary: "A certification body vouches for its recovery key (recovery: made once every key of the body was revoked; unvouched until then, and what it issues carries the issuing_key_unvouched alert on public verification) with {former_token}, the token of a key it held before, revoked or not; audited as key.endorse; 400 naming former_token for a token that is not such a key's or a key that is no recovery key; another organisation's key is 404", body: []string{mJSON}, status: 200, produces: mJSON},
	{method: "GET", path: "/v1/admin/backup", tag: "admin", summary: "Stream a copy of the database without private signing keys or PACT client secrets (a restored copy verifies, and signs with a new key); audited as database.backup; still as sensitive as every organisation's data", status: 200, produces: "application/octet-stream"},
	{method: "POST", path: "/v1/admin/signing-keys/rotate", tag: "admin", summary: "Retire the certificate-signing key and create a new one; retired public keys stay published at /v1/keys", status: 201, produces: mJSON},
	{method: "POST", path: "/v1/admin/signing-keys/:id/compromised", tag: "admin", summary: "Report a signing key compromised (its private half stolen or leaked): retired if active, published with the time; certificates it signed are vouched for by this service only, which holds them", status: 200, produces: mJSON},

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
	{method: "GET", path: "/v1/applications", tag: "certification", summary: "List applications (own; addressed to the certifier; regulator: all), oldest first, paged by cursor", query: []string{"status", "study_id", "manufacturer", "certifier", "cursor", "limit"}, status: 200, produces: mJSON},
	{method: "GET", path: "/v1/applications/:id", tag: "certification", summary: "One application with its review (every warning, each supplier certificate and the superseded certificate with their live status) and the study's full calculation trace", status: 200, produces: mJSON},
	{method: "POST", path: "/v1/applications/:id/issue", tag: "certification", summary: "Issue the certificate {signatory, review_digest, approval_number?}; answers with its ID", body: []string{mJSON}, optionalBody: true, status: 201, produces: mJSON},
	{method: "POST", path: "/v1/applications/:id/reject", tag: "certification", summary: "Reject with reasons {reasons}", body: []string{mJSON}, status: 200, produces: mJSON},

	{method: "GET", path: "/v1/certificates", tag: "certificates", summary: "List certificates (own; issued by the certifier; regulator: all)", query: []string{"product_code", "product_code_match", "company", "status", "rule", "flagged", "cursor", "limit"}, status: 200, produces: mJSON},
	{method: "GET", path: "/v1/certificates/:id", tag: "certificates", summary: "One certificate with its signed content", status: 200, produces: mJSON},
	{method: "GET", path: "/v1/certificates/:id/certificate.pdf", tag: "certificates", summary: "Certificate PDF (A4, bilingual)", status: 200, produces: "application/pdf"},
	{method: "GET", path: "/v1/certificates/:id/label.pdf", tag: "certificates", summary: "Label PDF (60 × 40 mm)", status: 200, produces: "application/pdf"},
	{method: "GET", path: "/v1/certificates/:id/label.png", tag: "certificates", summary: "Label PNG", status: 200, produces: "image/png"},
	{method: "POST", path: "/v1/certificates/:id/suspend", tag: "certificates", summary: "Suspend {reasons}", body: []string{mJSON}, status: 200, produces: mJSON},
	{method: "POST", path: "/v1/certificates/:id/withdraw", tag: "certificates", summary: "Withdraw {reasons}", body: []string{mJSON}, status: 200, produces: mJSON},
	{method: "POST", path: "/v1/certificates/:id/reinstate", tag: "certificates", summary: "Reinstate a suspended certificate {reasons}, or one withdrawn with an API key at or after the time it was reported compromised as of (status_key_compromised; not superseded before)", body: []string{mJSON}, status: 200, produces: mJSON},
	{method: "POST", path: "/v1/certificates/:id/review", tag: "certificates", summary: "Review the supplier flags and keep the certificate {reasons}", body: []string{mJSON}, status: 200, produces: mJSON},
	{method: "POST", path: "/v1/certificates/restored/confirm", tag: "certificates", summary: "After a restore of the service's records: confirm the status of every valid certificate the caller issued that is still the restored copy's {reasons}; answers how many", body: []string{mJSON}, status: 200, produces: mJSON},
	{method: "GET", path: "/v1/certificates/:id/verify", tag: "verification", summary: "Public verification by full ID: live status, key fields, signed content (rate-limited); format=html for the page a person sees", query: []string{"format"}, status: 200, produces: mJSON},
	{method: "GET", path: "/v1/certificates/by-number/:number/verify", tag: "verification", summary: "Public verification by the full certificate number a label prints (no prefixes): the same answer, in the same rate limit; format=html for the page", query: []string{"format"}, status: 200, produces: mJSON},
	{method: "GET", path: "/v1/keys", tag: "verification", summary: "Certificate-verification public keys (JWKS)", status: 200, produces: "application/jwk-set+json"},

	{method: "GET", path: "/v1/certificates/:id/pact", tag: "pact", summary: "One certificate as a PACT ProductFootprint (version=2 for v2.3, 3 for v3.0, the default)", query: []string{"version"}, status: 200, produces: mJSON},
	{method: "POST", path: "/v1/pact/supplier-footprints", tag: "pact", summary: "Upload a supplier's PACT footprint (v2 or v3 JSON) for BOM lines that reference it as pact:<id>; answers 201, or 200 for the same document again", body: []string{mJSON}, status: 201, produces: mJSON},
	{method: "GET", path: "/v1/certificates/:id/pact/shares", tag: "pact", summary: "The organisations the holder shares this footprint's private details with", status: 200, produces: mJSON},
	{method: "POST", path: "/v1/certificates/:id/pact/shares", tag: "pact", summary: "Share this footprint's private details (suppliers, hotspots, data quality) with an organisation {partner}; it then receives them from /2 and /3; 201, or 200 when already shared", body: []string{mJSON}, status: 201, produces: mJSON},
	{method: "DELETE", path: "/v1/certificates/:id/pact/shares/:partner", tag: "pact", summary: "Stop sharing this footprint's private details with an organisation", status: 204},
	{method: "PUT", path: "/v1/certificates/:id/pact/cpc", tag: "pact", summary: "Declare, once, the UN CPC code of the certificate's product {cpc}: PACT v2 requires it (productCategoryCpc) and the footprint says the holder declared it; 201, or 200 for the same code again, 409 for another or for a certificate that is not valid", body: []string{mJSON}, status: 201, produces: mJSON},
	{method: "GET", path: "/v1/pact/extensions/shared-details.json", tag: "pact", summary: "JSON Schema of the shared details (the dataSchema of the PACT extension)", status: 200, produces: "application/schema+json"},
	{method: "GET", path: "/v1/pact/extensions/supplier-footprints.json", tag: "pact", summary: "JSON Schema of the suppliers' PACT footprints a shared footprint names (the dataSchema of that PACT extension)", status: 200, produces: "application/schema+json"},
	{method: "GET", path: "/v1/pact/endpoints", tag: "pact", summary: "The caller's suppliers' PACT hosts (never their secrets)", status: 200, produces: mJSON},
	{method: "POST", path: "/v1/pact/endpoints", tag: "pact", summary: "Register or update a supplier's PACT host {name, url, client_id, client_secret}; the url must be on the server's allow-list; the secret is never shown again", body: []string{mJSON}, status: 201, produces: mJSON},
	{method: "POST", path: "/v1/pact/endpoints/:name/fetch", tag: "pact", summary: "Fetch a footprint {id} from the supplier's PACT host (/auth/token, then /3/footprints/{id}, else /2) and store it for BOM lines pact:<id>; 201, or 200 for the same document again", body: []string{mJSON}, status: 201, produces: mJSON},
	{method: "POST", path: "/auth/token", tag: "pact", summary: "PACT Action Authenticate: OAuth2 client credentials by HTTP Basic (HTTPS only)", handlerQuery: []string{"client_id", "client_secret"}, body: []string{"application/x-www-form-urlencoded"}, status: 200, produces: mJSON},
	{method: "GET", path: "/2/footprints", tag: "pact", summary: "PACT v2.3 ListFootprints: limit, $filter, Link pagination (HTTPS only; PACT error format)", query: []string{"limit", "$filter"}, handlerQuery: []string{"offset", "cursor"}, status: 200, produces: mJSON},
	{method: "GET", path: "/2/footprints/:id", tag: "pact", summary: "PACT v2.3 GetFootprint (HTTPS only; PACT error format)", status: 200, produces: mJSON},
	{method: "POST", path: "/2/events", tag: "pact", summary: "PACT v2.3 Events: CloudEvents in structured mode; RequestCreated is answered asynchronously (HTTPS only)", body: []string{"application/cloudevents+json"}, status: 200},
	{method: "GET", path: "/3/footprints", tag: "pact", summary: "PACT v3.0 ListFootprints: limit, the v3 filters, Link pagination (HTTPS only; PACT error format)", query: []string{"limit", "productId", "companyId", "geography", "classification", "validOn", "validAfter", "validBefore", "status"}, handlerQuery: []string{"offset", "cursor"}, status: 200, produces: mJSON},
	{method: "GET", path: "/3/footprints/:id", tag: "pact", summary: "PACT v3.0 GetFootprint (HTTPS only; PACT error format)", status: 200, produces: mJSON},
	{method: "POST", path: "/3/events", tag: "pact", summary: "PACT v3.0 Events: CloudEvents in structured mode; RequestCreated is answered asynchronously (HTTPS only)", body: []string{"application/cloudevents+json"}, status: 200},

	{method: "GET", path: "/v1/audit", tag: "audit", summary: "Audit trail, newest first, each event with its place in the hash chain (seq, prev, digest: docs/api.md); a curator reads that of a factor set only (subject=factor-set/{version}, else 403 forbidden)", query: []string{"subject", "actor", "action", "since", "cursor", "limit"}, status: 200, produces: mJSON},
	{method: "GET", path: "/v1/audit/head", tag: "audit", summary: "Head of the audit hash chain: the number of events and the digest of the last (64 zeros for none); record it to check later that the trail extends it (pcf audit verify --head N:DIGEST)", status: 200, produces: mJSON},
}

var pathParamRe = regexp.MustCompile(`:([a-z_]+)`)

// openAPIPath turns "/v1/studies/:id" into "/v1/studies/{id}".
func openAPIPath(p string) string { return pathParamRe.ReplaceAllString(p, "{$1}") }

var openAPIDoc = sync.OnceValue(func() map[string]any {
	out := &schemaGen{components: map[string]any{}, names: map[reflect.Type]string{}}
	in := &schemaGen{input: true, components: out.components, names: map[reflect.Type]string{}}
	out.peer, in.peer = in, out
	paths := map[string]any{}
	for _, op := range operations {
		item, _ := paths[openAPIPath(op.path)].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[openAPIPath(op.path)] = item
		}
		item[strings.ToLower(op.method)] = describeOperation(op, in, out)
	}
	schemas := out.components
	schemas["Error"] = errorSchema(out.schema(reflect.TypeFor[RestoredCopyJSON]()))
	schemas["PACTError"] = map[string]any{
		"type":        "object",
		"description": "The PACT error format ({code, message}) of the PACT routes; see the PACT Technical Specifications.",
		"required":    []string{"code", "message"},
		"properties":  map[string]any{"code": map[string]any{"type": "string"}, "message": map[string]any{"type": "string"}},
	}
	out.schema(reflect.TypeFor[oauthError]()) // registers "OauthError"
	schemas["OAuthError"] = schemas["OauthError"]
	delete(schemas, "OauthError")
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title":       "Chengdu product carbon-footprint factor database and labelling service",
			"version":     "1",
			"description": "成都市产品碳足迹因子数据库与标识认证公共服务平台 API. Successful JSON bodies are {\"data\": …, \"meta\": …}; errors are {\"error\": {\"code\", \"message\", \"field\"}}. Every GET route also answers HEAD. Unknown query parameters are refused (400 invalid, naming the parameter). The PACT routes (/auth/token, /2/…, /3/…) follow the PACT Technical Specifications and their error format. A readable reference: /v1/docs. See docs/api.md.",
		},
		"servers":  []any{map[string]any{"url": "/"}},
		"security": []any{map[string]any{"bearer": []string{}}, map[string]any{"oauth2": []string{}}},
		"tags":     openAPITags(),
		"paths":    paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{
				"bearer":    map[string]any{"type": "http", "scheme": "bearer", "description": "An API key (pcf keys create, POST /v1/admin/keys): Authorization: Bearer <token>"},
				"oauth2":    map[string]any{"type": "oauth2", "description": "An OAuth2 access token from the client-credentials grant, sent as a bearer token", "flows": map[string]any{"clientCredentials": map[string]any{"tokenUrl": "/v1/auth/token", "scopes": map[string]any{}}}},
				"pactBasic": map[string]any{"type": "http", "scheme": "basic", "description": "PACT Action Authenticate: the client ID and secret by HTTP Basic"},
			},
			"schemas":   schemas,
			"responses": errorResponses(),
		},
	}
})

// errorCodes are the codes of the error envelope (error.go).
var errorCodes = []string{"invalid", "unauthorized", "forbidden", "not_found", "conflict", "not_implemented", "internal", access.ERESTOREDKEY, access.EKEYAWAITSORG, codeMethodNotAllowed, codeTooLarge, codeUnsupportedMediaType, codeRateLimited, codeUnavailable}

// errorSchema is the error envelope's schema, with restoredCopy the schema
// of RestoredCopyJSON, the items of restored_copies (the component
// number_given_again's items are too).
func errorSchema(restoredCopy map[string]any) map[string]any {
	return map[string]any{
		"type":                 "object",
		"required":             []string{"error"},
		"additionalProperties": false,
		"properties": map[string]any{"error": map[string]any{
			"type":                 "object",
			"required":             []string{"code", "message"},
			"additionalProperties": false,
			"properties": map[string]any{
				"code":    map[string]any{"type": "string", "enum": errorCodes},
				"message": map[string]any{"type": "string"},
				"field":   map[string]any{"type": "string", "description": "The input field, query parameter or CSV line the error is about"},
				"details": map[string]any{"type": "array", "description": "Every problem of one input, e.g. each bad line of a CSV import", "items": map[string]any{
					"type": "object", "additionalProperties": false, "required": []string{"message"},
					"properties": map[string]any{"field": map[string]any{"type": "string"}, "message": map[string]any{"type": "string"}},
				}},
				"restored_copy_end": map[string]any{"type": "string", "format": "date-time", "description": "On a not_found of the public verification (by ID or by number) of a service whose records were restored from a copy: when the copy's history ends. " +
					"A certificate signed as issued after it may be one the restore lost, not a forgery; one issued at or before it that the service does not hold was never issued by it, unless an earlier restore (restored_copies) lost it"},
				"restored_copies": map[string]any{"type": "array", "minItems": 1, "description": "On the same not_found: every restore of the records, oldest first (the last one's copy_end is restored_copy_end). " +
					"A certificate signed as issued after a restore's copy_end and up to its restored_at (after the last one's copy_end) may be one that restore lost", "items": restoredCopy},
			},
		}},
		"example": map[string]any{"error": map[string]any{"code": "invalid", "message": "limit: want an integer", "field": "limit"}},
	}
}

// errorStatuses are the error answers the document names, with the code
// each carries.
var errorStatuses = map[int]struct{ code, desc string }{
	400: {"invalid", "Bad input: the field, parameter or line is named"},
	401: {"unauthorized", "No or bad credentials"},
	403: {"forbidden", "The caller's role or organisation may not do this"},
	404: {"not_found", "No such resource"},
	409: {"conflict", "Conflicts with the current state"},
	413: {codeTooLarge, "Request body too large (the message names the limit)"},
	415: {codeUnsupportedMediaType, "Unsupported content type"},
	429: {codeRateLimited, "Too many requests"},
	500: {"internal", "Internal error"},
	501: {"not_implemented", "The service is not configured for this"},
	503: {codeUnavailable, "Unavailable (the database does not answer)"},
}

func errorResponses() map[string]any {
	out := map[string]any{}
	for st, e := range errorStatuses {
		out[itoa(st)] = map[string]any{
			"description": e.desc,
			"content": map[string]any{mJSON: map[string]any{
				"schema":  map[string]any{"$ref": "#/components/schemas/Error"},
				"example": map[string]any{"error": map[string]any{"code": e.code, "message": e.desc}},
			}},
		}
	}
	return out
}

// opErrorStatuses lists the error statuses an operation can answer,
// derived from what it takes: credentials, path parameters, a body, query
// parameters. opExtraErrors adds the specific ones.
func opErrorStatuses(op operation, public bool) []int {
	var sts []int
	add := func(s int) {
		if !slices.Contains(sts, s) {
			sts = append(sts, s)
		}
	}
	add(400) // unknown query parameters are refused on every route (checkQuery)
	if !public {
		add(401)
		add(403)
	}
	if strings.Contains(op.path, ":") {
		add(404)
	}
	if op.method == "POST" && !public {
		add(409)
	}
	if len(op.body) > 0 {
		add(413)
		add(415)
	}
	switch op.path {
	case "/healthz", "/readyz", "/metrics", "/v1/openapi.json", "/v1/docs":
	default:
		add(501) // the service behind the route is not configured
	}
	for _, s := range opExtraErrors[opKey(op)] {
		add(s)
	}
	slices.Sort(sts)
	return sts
}

var opExtraErrors = map[string][]int{
	"GET /readyz":                                   {503},
	"GET /v1/certificates/:id/verify":               {429},
	"GET /v1/certificates/by-number/:number/verify": {429},
	"POST /v1/auth/token":                           {429},
	"POST /v1/studies":                              {429}, // supplier certificates looked up by number
	"POST /v1/calculations":                         {429},
	"GET /v1/factors":                               {404}, // the set
	"GET /v1/certificates/:id/certificate.pdf":      {409}, // none while flagged upstream
	"GET /v1/certificates/:id/label.pdf":            {409}, // only a valid certificate, not flagged upstream, gives a label
	"GET /v1/certificates/:id/label.png":            {409},
	"POST /v1/applications":                         {404},      // the study
	"POST /v1/admin/keys":                           {404},      // the organisation
	"POST /v1/admin/keys/:id/confirm":               {404, 409}, // the key; revoked
	"POST /v1/admin/keys/:id/compromised":           {404},      // the key
	"PUT /v1/certificates/:id/pact/cpc":             {409},      // another code than the one declared, or a certificate not valid
	"PUT /v1/admin/organizations/:name/register":    {409},      // an organisation that is not a certifier
	"GET /v1/certificates/:id/pact":                 {409},      // a record failing the service's signature check
}

// opOtherSuccess names a second success status of an operation.
var opOtherSuccess = map[string]int{
	"POST /v1/pact/supplier-footprints":     200, // the same document again
	"POST /v1/certificates/:id/pact/shares": 200, // shared already
	"POST /v1/pact/endpoints":               200, // updated
	"PUT /v1/certificates/:id/pact/cpc":     200, // the same code again
	"POST /v1/pact/endpoints/:name/fetch":   200, // the same document again
}

func describeOperation(op operation, in, out *schemaGen) map[string]any {
	ot := opTypes[opKey(op)]
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
	if op.path == "/auth/token" {
		o["security"] = []any{map[string]any{"pactBasic": []string{}}}
	}
	var params []any
	for _, m := range pathParamRe.FindAllStringSubmatch(op.path, -1) {
		ps := map[string]any{"type": "string"}
		if m[1] == "id" && !strings.HasPrefix(op.path, "/v1/admin") {
			ps["description"] = "The full ID (a UUID)"
		}
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": ps})
	}
	for _, q := range op.query {
		ps := map[string]any{"type": "string"}
		if s, ok := queryParamSchemas[q]; ok {
			ps = s
		}
		if s, ok := opQueryParamSchemas[opKey(op)][q]; ok {
			ps = s
		}
		params = append(params, map[string]any{"name": q, "in": "query", "schema": ps})
	}
	if len(params) > 0 {
		o["parameters"] = params
	}
	if len(op.body) > 0 {
		content := map[string]any{}
		for _, mt := range op.body {
			var s map[string]any
			switch {
			case mt == mJSON && ot.req != nil:
				s = in.schema(reflect.TypeOf(ot.req))
			case mt == mJSON && ot.reqSchema != nil:
				s = ot.reqSchema
			case mt == mForm && op.path == importRoute:
				s = map[string]any{"type": "object", "required": []string{"file"}, "additionalProperties": false, "properties": map[string]any{
					"file": map[string]any{"type": "string", "format": "binary", "description": "The factor CSV file"},
				}}
			case mt == mForm:
				s = map[string]any{"type": "object", "required": []string{"bom"}, "description": "Other form fields give the study header field by field (docs/study-format.md), instead of the study part.", "properties": map[string]any{
					"bom":   map[string]any{"type": "string", "format": "binary", "description": "The BOM file (.csv or .xlsx)"},
					"study": map[string]any{"type": "string", "description": "The study header as JSON (a part or a form field)"},
				}}
			case mt == "application/x-www-form-urlencoded":
				s = map[string]any{"type": "object", "properties": map[string]any{
					"grant_type":    map[string]any{"type": "string", "enum": []string{"client_credentials"}},
					"client_id":     map[string]any{"type": "string"},
					"client_secret": map[string]any{"type": "string"},
				}, "required": []string{"grant_type"}}
			case mt == mCSV:
				s = map[string]any{"type": "string", "description": "CSV, UTF-8 or GB18030"}
			default:
				s = map[string]any{"type": "object"}
			}
			mo := map[string]any{"schema": s}
			if ex, ok := opRequestExamples[opKey(op)]; ok && mt == mJSON {
				mo["example"] = ex
			}
			content[mt] = mo
		}
		o["requestBody"] = map[string]any{"required": !op.optionalBody, "content": content}
	}
	ok := map[string]any{"description": http.StatusText(op.status)}
	if op.produces != "" {
		ok["content"] = successContent(op, ot, out)
	}
	responses := map[string]any{itoa(op.status): ok}
	if st, found := opOtherSuccess[opKey(op)]; found {
		responses[itoa(st)] = ok
	}
	if ot.pact {
		responses["default"] = map[string]any{"description": "PACT error", "content": map[string]any{mJSON: map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/PACTError"}}}}
		o["x-validated"] = false
		o["externalDocs"] = map[string]any{"description": "PACT Technical Specifications (schemas of these routes)", "url": "https://docs.carbon-transparency.org/"}
	} else {
		for _, st := range opErrorStatuses(op, isPublic) {
			responses[itoa(st)] = map[string]any{"$ref": "#/components/responses/" + itoa(st)}
		}
		responses["default"] = map[string]any{"$ref": "#/components/responses/500"}
		if op.path == "/v1/auth/token" {
			oauth := map[string]any{"description": "OAuth2 error (RFC 6749 §5.2), or the error envelope for an unknown query parameter", "content": map[string]any{mJSON: map[string]any{"schema": map[string]any{"oneOf": []any{
				map[string]any{"$ref": "#/components/schemas/OAuthError"},
				map[string]any{"$ref": "#/components/schemas/Error"},
			}}}}}
			responses["400"], responses["401"] = oauth, oauth
		}
	}
	o["responses"] = responses
	return o
}

// successContent is the content of an operation's success answer.
func successContent(op operation, ot opType, out *schemaGen) map[string]any {
	if op.produces != mJSON {
		content := map[string]any{op.produces: map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}
		if op.produces == mCSV && ot.data != nil { // ?format=json
			content[mJSON] = map[string]any{"schema": envelope(op, ot, out)}
		}
		if op.produces == "text/plain" || op.produces == mCSV {
			content[op.produces] = map[string]any{"schema": map[string]any{"type": "string"}}
		}
		if op.produces == "application/jwk-set+json" {
			content[op.produces] = map[string]any{"schema": map[string]any{"type": "object", "required": []string{"keys"}, "additionalProperties": false,
				"properties": map[string]any{"keys": map[string]any{"type": "array", "items": jwkSchema}}}}
		}
		return content
	}
	var s map[string]any
	switch {
	case ot.pact:
		s = pactFootprintSchema
	case ot.bare != nil:
		s = out.schema(reflect.TypeOf(ot.bare))
	case ot.data != nil || ot.dataSchema != nil:
		s = envelope(op, ot, out)
	default:
		s = map[string]any{}
	}
	mo := map[string]any{"schema": s}
	if ex, ok := opResponseExamples[opKey(op)]; ok {
		mo["example"] = ex
	}
	content := map[string]any{mJSON: mo}
	if op.path == "/v1/certificates/:id/verify" {
		content["text/html"] = map[string]any{"schema": map[string]any{"type": "string"}}
	}
	if op.path == "/v1/factor-sets/:version/import" {
		content["application/x-ndjson"] = map[string]any{"schema": map[string]any{"type": "string", "description": "Progress lines, then the summary or the error"}}
	}
	return content
}

// envelope is the {"data": …, "meta": …} schema of an answer.
func envelope(_ operation, ot opType, out *schemaGen) map[string]any {
	data := ot.dataSchema
	if data == nil {
		data = out.schema(reflect.TypeOf(ot.data))
		if reflect.TypeOf(ot.data).Kind() == reflect.Slice {
			data = map[string]any{"type": "array", "items": data["items"]} // nonNil: never null
		}
	}
	props := map[string]any{"data": data}
	if ot.meta != nil {
		props["meta"] = out.schema(reflect.TypeOf(ot.meta))
	}
	return map[string]any{"type": "object", "required": []string{"data"}, "additionalProperties": false, "properties": props}
}

func openAPITags() []any {
	var tags []any
	seen := map[string]bool{}
	for _, op := range operations {
		if !seen[op.tag] {
			seen[op.tag] = true
			t := map[string]any{"name": op.tag}
			if op.tag == "pact" {
				t["description"] = "PACT Technical Specifications v2.3 and v3.0 routes: their schemas and error format are the PACT spec's (docs/pact.md); they are not validated against this document."
			}
			tags = append(tags, t)
		}
	}
	return tags
}

// opRequestExamples are example request bodies.
var opRequestExamples = map[string]any{
	"POST /v1/factor-sets":                            map[string]any{"version": "2026.2", "based_on": "2026.1", "description": "Quarterly update"},
	"POST /v1/factor-sets/:version/flags/acknowledge": map[string]any{"codes": []string{"CPCD-17100G0072017A"}, "digests": []string{"3f1c0f6b2a5e4d7c9b8a1e2d3c4b5a6978877665544332211a0b1c2d3e4f5a6b"}, "note": "Checked against the source: the value stands"},
	"POST /v1/admin/organizations":                    map[string]any{"name": "Demo Module Co.", "role": "manufacturer", "name_zh": "示例组件厂", "address": "Chengdu, Sichuan, China"},
	"POST /v1/admin/keys":                             map[string]any{"org": "Demo Module Co."},
	"PUT /v1/admin/organizations/:name/register":      map[string]any{"signatories": []string{"Zhang San", "Li Wei"}, "scope": []string{"pv-module", "electronics"}},
	"POST /v1/applications":                           map[string]any{"study_id": "0b6f9a7e-3c1d-4f3e-9a57-3f1c2d4e5f60", "certifier": "Demo Certification Centre"},
	"POST /v1/applications/:id/issue":                 map[string]any{"signatory": "Li Wei"},
	"POST /v1/applications/:id/reject":                map[string]any{"reasons": []string{"Electricity factor of the wrong grid region"}},
	"POST /v1/certificates/:id/suspend":               map[string]any{"reasons": []string{"Supplier data under review"}},
	"POST /v1/certificates/:id/withdraw":              map[string]any{"reasons": []string{"Product discontinued"}},
	"POST /v1/certificates/:id/reinstate":             map[string]any{"reasons": []string{"Review completed"}},
	"POST /v1/certificates/:id/review":                map[string]any{"reasons": []string{"Supplier footprint checked"}},
	"POST /v1/certificates/restored/confirm":          map[string]any{"reasons": []string{"Decisions after the copy re-applied; the others stand"}},
	"POST /v1/admin/keys/:id/compromised":             map[string]any{"since": "2026-03-01T08:00:00Z"},
	"POST /v1/admin/keys/restored/confirm":            map[string]any{"reasons": []string{"List checked against the keys revoked after the copy"}},
}

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

// jwkSchema is one key of GET /v1/keys as certification.PublicKeysJWKS writes
// it: an RFC 8037 Ed25519 OKP key (RFC 7517) with its creation and, once
// rotated out, retirement time.
var jwkSchema = map[string]any{
	"type":                 "object",
	"additionalProperties": false,
	"required":             []string{"kty", "crv", "x", "kid", "use", "alg"},
	"properties": map[string]any{
		"kty":         map[string]any{"type": "string", "enum": []string{"OKP"}},
		"crv":         map[string]any{"type": "string", "enum": []string{"Ed25519"}},
		"x":           map[string]any{"type": "string", "description": "the public key, base64url without padding (32 bytes)", "pattern": "^[A-Za-z0-9_-]{43}$"},
		"kid":         map[string]any{"type": "string", "description": "key ID: the key's fingerprint"},
		"use":         map[string]any{"type": "string", "enum": []string{"sig"}},
		"alg":         map[string]any{"type": "string", "enum": []string{"EdDSA"}},
		"created":     map[string]any{"type": "string", "format": "date-time"},
		"retired":     map[string]any{"type": "string", "format": "date-time", "description": "set once the key is rotated out; certificates it signed still verify"},
		"compromised": map[string]any{"type": "string", "format": "date-time", "description": "set once the service reports the key's private half stolen or leaked: its signature alone proves nothing, and only this service, which holds the certificates it issued, vouches for one (pcf verify --server)"},
	},
}
